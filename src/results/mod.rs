//! The measurement model (issue 4 item 3): outcomes and their roll-up rules, measurements,
//! attempts, check/module/run results as written to results.json. Pure; known by the checks,
//! the runner and the reports.

pub mod model;
pub mod outcome;
pub mod time;

pub use model::{
    Attempt, CellRef, CheckResult, ClockKind, Identity, Measurement, ModuleResult, PlanRef,
    RunResults, Series,
};
pub use outcome::{Outcome, RunOutcome};
