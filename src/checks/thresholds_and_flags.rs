//! The `thresholds_and_flags` check. PLACEHOLDER: being written.

use super::{AttemptResult, CheckEnv};
use crate::plan::checks::ThresholdsAndFlagsParams;

/// Runs one attempt.
pub async fn run(_params: &ThresholdsAndFlagsParams, _env: &mut CheckEnv<'_>) -> AttemptResult {
    AttemptResult::skip("the thresholds_and_flags check is not implemented in this version")
}
