//! Progress events from the runner to whoever shows them (a terminal, plain CI lines, nothing).

use crate::results::Outcome;

/// Something the runner did.
#[derive(Debug, Clone, PartialEq)]
pub enum Progress {
    /// The run starts: how many modules and steps (checks per module).
    Started {
        /// Run id.
        run_id: String,
        /// Modules.
        modules: usize,
        /// Top-level checks per module.
        steps: usize,
    },
    /// A module was identified.
    Identified {
        /// Slot.
        slot: String,
        /// `vendor pn sn`.
        what: String,
    },
    /// A step starts on a module.
    StepStarted {
        /// Slot.
        slot: String,
        /// Check id.
        check: String,
        /// What the plan expects it to take at least (soaks, sweeps), seconds.
        planned_s: f64,
    },
    /// A step ended on a module.
    StepFinished {
        /// Slot.
        slot: String,
        /// Check id.
        check: String,
        /// Outcome.
        outcome: Outcome,
        /// Seconds on the run's clock.
        duration_s: f64,
        /// Message.
        message: String,
        /// Whether it was taken from the journal of an earlier run (resume).
        resumed: bool,
    },
    /// The run ended.
    Finished,
}
