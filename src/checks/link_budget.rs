//! The `link_budget` check. PLACEHOLDER: being written.

use super::{AttemptResult, CheckEnv};
use crate::plan::checks::LinkBudgetParams;

/// Runs one attempt.
pub async fn run(_params: &LinkBudgetParams, _env: &mut CheckEnv<'_>) -> AttemptResult {
    AttemptResult::skip("the link_budget check is not implemented in this version")
}
