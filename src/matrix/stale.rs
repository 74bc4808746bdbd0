//! Staleness: whether the run behind a cell was made with the plan and firmware the matrix
//! names now. Only a view built against a matrix file can tell.

use super::model::{Cell, Matrix};
use crate::results::CellRef;

/// Why the run described by `run` no longer qualifies `cell` as the matrix stands now; empty
/// when it still does. One reason per change, in this order:
/// - the plan: its SHA-256 differs from the plan file's now (`plan qsfpdd.yaml changed since
///   the run (sha 1a2b3c4d → 5e6f7a8b)`; when the matrix now names another file, both names);
/// - the host firmware: the firmware entry names another host version now;
/// - the module firmware: the pin for the cell's SKU changed, was added or was removed.
///
/// The plan is judged by content, not by name: a plan renamed but unchanged is not stale.
pub fn stale_reasons(matrix: &Matrix, cell: &Cell, run: &CellRef) -> Vec<String> {
    let mut reasons = Vec::new();
    if run.plan_sha256 != cell.plan_sha256 {
        let shas = format!(
            "sha {} → {}",
            short(&run.plan_sha256),
            short(&cell.plan_sha256)
        );
        if run.plan_file == cell.plan {
            reasons.push(format!("plan {} changed since the run ({shas})", cell.plan));
        } else {
            reasons.push(format!(
                "plan is now {} (the run used {}, {shas})",
                cell.plan, run.plan_file
            ));
        }
    }
    let Some(firmware) = matrix.firmware(&cell.key.firmware) else {
        return reasons;
    };
    if run.host_firmware != firmware.host {
        reasons.push(format!(
            "host firmware changed since the run ({} → {})",
            run.host_firmware, firmware.host
        ));
    }
    let sku = &cell.key.sku;
    match (run.module_firmware.as_deref(), firmware.modules.get(sku)) {
        (Some(was), Some(now)) if was != now => reasons.push(format!(
            "module firmware of {sku} changed since the run ({was} → {now})"
        )),
        (None, Some(now)) => reasons.push(format!(
            "module firmware of {sku} pinned to {now} since the run (the run had no pin)"
        )),
        (Some(was), None) => reasons.push(format!(
            "module firmware pin {was} of {sku} removed since the run"
        )),
        _ => {}
    }
    reasons
}

/// The first 8 characters of a hash (all of it when shorter; `none` when empty).
fn short(sha: &str) -> String {
    if sha.is_empty() {
        return "none".to_string();
    }
    sha.chars().take(8).collect()
}
