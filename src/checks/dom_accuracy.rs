//! The `dom_accuracy` check. PLACEHOLDER: being written.

use super::{AttemptResult, CheckEnv};
use crate::plan::checks::DomAccuracyParams;

/// Runs one attempt.
pub async fn run(_params: &DomAccuracyParams, _env: &mut CheckEnv<'_>) -> AttemptResult {
    AttemptResult::skip("the dom_accuracy check is not implemented in this version")
}
