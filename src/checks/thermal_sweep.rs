//! The `thermal_sweep` check. PLACEHOLDER: being written.

use super::{AttemptResult, CheckEnv};
use crate::plan::checks::ThermalSweepParams;

/// Runs one attempt.
pub async fn run(_params: &ThermalSweepParams, _env: &mut CheckEnv<'_>) -> AttemptResult {
    AttemptResult::skip("the thermal_sweep check is not implemented in this version")
}
