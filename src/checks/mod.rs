//! The qualification checks (issue 5): each is an async function from a plan's parameters and a
//! [`CheckEnv`] to an [`AttemptResult`] — named measurements with limits, an outcome and a
//! message. FAIL is about the module; a bus, instrument or host problem is ERROR or TIMEOUT
//! (design.md §5). The runner adds retries, timeouts and the journal.

pub mod ber_soak;
pub mod common;
pub mod dom_accuracy;
mod env;
pub mod identity;
pub mod link_budget;
pub mod power_up;
pub mod sweep;
#[cfg(test)]
pub mod testkit;
pub mod thermal_sweep;
pub mod thresholds_and_flags;
pub mod tx_disable_los;

pub use env::{CheckEnv, MeterRoute, SnapshotError, Station};

use crate::plan::{Check, CheckParams};
use crate::results::outcome::check_outcome;
use crate::results::{Measurement, Outcome, Series};

/// What one attempt of a check produced.
#[derive(Debug, Clone, PartialEq)]
pub struct AttemptResult {
    /// Outcome (rolled up from the measurements and the check's own verdict).
    pub outcome: Outcome,
    /// What happened, in words; for a failure, the failing measurements with value and limit.
    pub message: String,
    /// Named measurements.
    pub measurements: Vec<Measurement>,
    /// Time series for plots.
    pub series: Vec<Series>,
}

impl AttemptResult {
    /// A result judged from its measurements: fail if any fails, else error if any could not
    /// be measured, else pass. The message lists the failing measurements (value, limit, unit)
    /// after `summary`.
    pub fn from_measurements(summary: impl Into<String>, measurements: Vec<Measurement>) -> Self {
        let outcome = check_outcome(measurements.iter().map(|m| m.outcome), Outcome::Pass);
        let mut message = summary.into();
        let bad: Vec<String> = measurements
            .iter()
            .filter(|m| m.outcome != Outcome::Pass)
            .map(Measurement::describe)
            .collect();
        if !bad.is_empty() {
            if !message.is_empty() {
                message.push_str("; ");
            }
            message.push_str(&bad.join("; "));
        }
        AttemptResult {
            outcome,
            message,
            measurements,
            series: Vec::new(),
        }
    }

    /// An ERROR (harness, bus, instrument) with a message.
    pub fn error(message: impl Into<String>) -> Self {
        AttemptResult {
            outcome: Outcome::Error,
            message: message.into(),
            measurements: Vec::new(),
            series: Vec::new(),
        }
    }

    /// A TIMEOUT with a message (and what was measured until then).
    pub fn timeout(message: impl Into<String>, measurements: Vec<Measurement>) -> Self {
        AttemptResult {
            outcome: Outcome::Timeout,
            message: message.into(),
            measurements,
            series: Vec::new(),
        }
    }

    /// A SKIP with the reason (e.g. the host cannot power-cycle, the module has no DOM).
    pub fn skip(reason: impl Into<String>) -> Self {
        AttemptResult {
            outcome: Outcome::Skip,
            message: reason.into(),
            measurements: Vec::new(),
            series: Vec::new(),
        }
    }

    /// Adds series for plots.
    pub fn with_series(mut self, series: Vec<Series>) -> Self {
        self.series = series;
        self
    }
}

/// Runs one attempt of `check` on the module of `env`.
///
/// Boxed so that a thermal sweep can run its nested checks through it.
pub fn run<'a>(
    check: &'a Check,
    env: &'a mut CheckEnv<'_>,
) -> std::pin::Pin<Box<dyn std::future::Future<Output = AttemptResult> + Send + 'a>> {
    Box::pin(async move {
        match &check.params {
            CheckParams::Identity(p) => identity::run(p, env).await,
            CheckParams::PowerUp(p) => power_up::run(p, env).await,
            CheckParams::DomAccuracy(p) => dom_accuracy::run(p, env).await,
            CheckParams::ThresholdsAndFlags(p) => thresholds_and_flags::run(p, env).await,
            CheckParams::TxDisableLos(p) => tx_disable_los::run(p, env).await,
            CheckParams::ThermalSweep(p) => thermal_sweep::run(p, env).await,
            CheckParams::BerSoak(p) => ber_soak::run(p, env).await,
            CheckParams::LinkBudget(p) => link_budget::run(p, env).await,
        }
    })
}
