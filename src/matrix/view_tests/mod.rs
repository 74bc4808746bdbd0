//! Tests of the matrix view on hand-built matrices and results: placement, recency and
//! conflicts, staleness, merges without a matrix, evidence summaries, the status table, and
//! independence from input order.

mod determinism;
mod merge;
mod placement;
mod recency;
mod robustness;
mod stale;
mod summary;
mod table;

use std::collections::BTreeMap;

use serde_json::json;

use super::model::{Cell, CellKey, FirmwareDef, HostDef, Matrix, PortDef, SkuDef, TempGrade};
use super::summary::LoadedRun;
use crate::results::{
    CellRef, CheckResult, ClockKind, Identity, ModuleResult, Outcome, PlanRef, RunOutcome,
    RunResults,
};

/// Plan hashes as the matrix names them now.
pub(super) const SHA_A: &str = "5e6f7a8b00000000000000000000000000000000000000000000000000000000";
pub(super) const SHA_B: &str = "b0b0b0b011111111111111111111111111111111111111111111111111111111";

pub(super) fn sku(id: &str, vendor: &str) -> SkuDef {
    SkuDef {
        id: id.into(),
        vendor: vendor.into(),
        pn: format!("PN-{id}"),
        form_factor: "QSFP-DD".into(),
        applications: vec!["400GBASE-DR4".into()],
        max_power_w: 12.0,
        temperature: TempGrade {
            name: "commercial".into(),
            min_c: 0.0,
            max_c: 70.0,
        },
    }
}

pub(super) fn host(id: &str) -> HostDef {
    HostDef {
        id: id.into(),
        platform: format!("Platform {id}"),
        ports: vec![PortDef {
            form_factor: "QSFP-DD".into(),
            power_budget_w: 14.0,
            fec: vec!["rs544".into()],
        }],
    }
}

pub(super) fn firmware(id: &str, host: &str, pins: &[(&str, &str)]) -> FirmwareDef {
    FirmwareDef {
        id: id.into(),
        host: host.into(),
        modules: pins
            .iter()
            .map(|(s, v)| (s.to_string(), v.to_string()))
            .collect::<BTreeMap<_, _>>(),
    }
}

fn cell(sku: &str, host: &str, fw: &str, plan: &str, sha: &str, line: usize) -> Cell {
    Cell {
        key: CellKey::new(sku, host, fw),
        plan: plan.into(),
        plan_path: format!("testplans/{plan}"),
        plan_sha256: sha.into(),
        line,
    }
}

/// The matrix `lab` now: SKUs a, b; hosts h1, h2; firmware f1 (host NOS-1, SKU a pinned to
/// 1.0) and f2 (host NOS-2, no pin); four cells: a/h1/f1, a/h1/f2, a/h2/f1 (plan a.yaml) and
/// b/h1/f1 (plan b.yaml). Cells deliberately listed out of key order.
pub(super) fn matrix() -> Matrix {
    Matrix {
        name: "lab".into(),
        description: None,
        file: "testplans/lab.matrix.yaml".into(),
        sha256: "m".repeat(64),
        skus: vec![sku("a", "ACME"), sku("b", "BETA")],
        hosts: vec![host("h1"), host("h2")],
        firmware: vec![
            firmware("f1", "NOS-1", &[("a", "1.0")]),
            firmware("f2", "NOS-2", &[]),
        ],
        cells: vec![
            cell("b", "h1", "f1", "b.yaml", SHA_B, 12),
            cell("a", "h1", "f1", "a.yaml", SHA_A, 9),
            cell("a", "h1", "f2", "a.yaml", SHA_A, 9),
            cell("a", "h2", "f1", "a.yaml", SHA_A, 10),
        ],
    }
}

/// A run of cell `sku/host/fw` of matrix `lab` made with the plan and firmware the matrix
/// names now (see [`matrix`]), at station `bench-1`, finished at `finished`, read from
/// `runs/<id>/results.json`, with one module in slot p1 whose one check has the run's outcome.
pub(super) fn run(
    id: &str,
    key: (&str, &str, &str),
    finished: &str,
    outcome: RunOutcome,
) -> LoadedRun {
    let (s, h, f) = key;
    let (plan, sha) = if s == "b" {
        ("b.yaml", SHA_B)
    } else {
        ("a.yaml", SHA_A)
    };
    let (host_fw, pin) = match f {
        "f1" if s == "a" => ("NOS-1", Some("1.0".to_string())),
        "f1" => ("NOS-1", None),
        _ => ("NOS-2", None),
    };
    let check_outcome = match outcome {
        RunOutcome::Pass => Outcome::Pass,
        RunOutcome::Fail => Outcome::Fail,
        RunOutcome::Error | RunOutcome::Aborted => Outcome::Error,
    };
    let m = matrix();
    let definitions = json!({
        "sku": m.sku(s).map(|d| serde_json::to_value(d).unwrap()),
        "host": m.host(h).map(|d| serde_json::to_value(d).unwrap()),
        "firmware": m.firmware(f).map(|d| serde_json::to_value(d).unwrap()),
    });
    LoadedRun {
        source: format!("runs/{id}/results.json"),
        results: RunResults {
            schema: crate::results::model::SCHEMA.into(),
            run_id: id.into(),
            started_at: "2026-11-24T08:00:00Z".into(),
            finished_at: finished.into(),
            clock: ClockKind::Virtual,
            outcome,
            plan: PlanRef {
                path: format!("testplans/{plan}"),
                name: format!("plan {plan}"),
                sha256: sha.into(),
            },
            station: json!({"slots": [{"id": "p1"}]}),
            tool_version: "0.1.0".into(),
            modules: vec![module("p1", &[("identity", check_outcome, "checked")])],
            matrix: Some(CellRef {
                matrix: "lab".into(),
                matrix_file: "testplans/lab.matrix.yaml".into(),
                matrix_sha256: "m".repeat(64),
                sku: s.into(),
                host: h.into(),
                firmware: f.into(),
                host_firmware: host_fw.into(),
                module_firmware: pin,
                plan_file: plan.into(),
                plan_sha256: sha.into(),
                station: "bench-1".into(),
                shard: None,
                definitions,
            }),
        },
    }
}

/// A module in `slot` with serial `SN-<slot>` and these checks (id, outcome, message).
pub(super) fn module(slot: &str, checks: &[(&str, Outcome, &str)]) -> ModuleResult {
    let outcome = if checks.iter().any(|c| c.1 == Outcome::Fail) {
        Outcome::Fail
    } else if checks.iter().any(|c| c.1.is_harness_problem()) {
        Outcome::Error
    } else {
        Outcome::Pass
    };
    ModuleResult {
        slot: slot.into(),
        identity: Identity {
            vendor: "ACME".into(),
            pn: "PN-a".into(),
            sn: format!("SN-{slot}"),
            rev: "A1".into(),
        },
        outcome,
        checks: checks
            .iter()
            .map(|(id, o, msg)| CheckResult {
                id: id.to_string(),
                kind: id.split('/').next().unwrap_or(id).to_string(),
                outcome: *o,
                attempts: 1,
                started_at: "2026-11-24T08:00:00Z".into(),
                duration_s: 1.0,
                message: msg.to_string(),
                measurements: vec![],
                attempt_log: vec![],
                series: vec![],
            })
            .collect(),
    }
}

/// The run's cell reference, to edit.
pub(super) fn cref(r: &mut LoadedRun) -> &mut CellRef {
    r.results
        .matrix
        .as_mut()
        .expect("built with a cell reference")
}

/// The view's cell with this key.
pub(super) fn cell_of<'a>(
    view: &'a super::view::MatrixView,
    key: (&str, &str, &str),
) -> &'a super::view::CellView {
    let key = CellKey::new(key.0, key.1, key.2);
    view.cells
        .iter()
        .find(|c| c.key == key)
        .expect("the cell is in the view")
}

pub(super) const T9: &str = "2026-11-24T09:00:00Z";
pub(super) const T10: &str = "2026-11-24T10:00:00Z";
pub(super) const T11: &str = "2026-11-24T11:00:00Z";
pub(super) const GEN: &str = "2026-11-25T00:00:00Z";
