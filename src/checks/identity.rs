//! The `identity` check. PLACEHOLDER: being written.

use super::{AttemptResult, CheckEnv};
use crate::plan::checks::IdentityParams;

/// Runs one attempt.
pub async fn run(_params: &IdentityParams, _env: &mut CheckEnv<'_>) -> AttemptResult {
    AttemptResult::skip("the identity check is not implemented in this version")
}
