//! The `power_up` check. PLACEHOLDER: being written.

use super::{AttemptResult, CheckEnv};
use crate::plan::checks::PowerUpParams;

/// Runs one attempt.
pub async fn run(_params: &PowerUpParams, _env: &mut CheckEnv<'_>) -> AttemptResult {
    AttemptResult::skip("the power_up check is not implemented in this version")
}
