//! The `tx_disable_los` check. PLACEHOLDER: being written.

use super::{AttemptResult, CheckEnv};
use crate::plan::checks::TxDisableLosParams;

/// Runs one attempt.
pub async fn run(_params: &TxDisableLosParams, _env: &mut CheckEnv<'_>) -> AttemptResult {
    AttemptResult::skip("the tx_disable_los check is not implemented in this version")
}
