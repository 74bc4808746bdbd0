//! The `ber_soak` check. PLACEHOLDER: being written.

use super::{AttemptResult, CheckEnv};
use crate::plan::checks::BerSoakParams;

/// Runs one attempt.
pub async fn run(_params: &BerSoakParams, _env: &mut CheckEnv<'_>) -> AttemptResult {
    AttemptResult::skip("the ber_soak check is not implemented in this version")
}
