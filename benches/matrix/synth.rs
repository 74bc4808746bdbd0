//! Synthetic compatibility matrices and the runs that qualified their cells, for the matrix
//! benchmark (`benches/matrix.rs`) and the at-scale table (`examples/matrix_at_scale.rs`).
//!
//! The runs are clones of one real run: testplans/quickstart.yaml run in this process on the
//! mock (four modules, every check kind, thermal and BER series). Each cell run keeps one of its
//! modules (a matrix cell runs modules of one SKU), renamed to the SKU's part number with its
//! own serial number, and gets a run id, a finish time and a cell reference of its own.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use optiqual::matrix::summary::LoadedRun;
use optiqual::matrix::{
    Cell, CellKey, FirmwareDef, HostDef, Matrix, MatrixView, PortDef, SkuDef, TempGrade,
};
use optiqual::results::time::rfc3339;
use optiqual::results::{CellRef, RunOutcome, RunResults};

/// The matrix name every synthetic run names.
pub const MATRIX: &str = "synthetic matrix";

/// The plan hash the matrix names now; runs made with [`OLD_PLAN`] are stale.
const PLAN_NOW: &str = "a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1";
const OLD_PLAN: &str = "b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2";

/// Form factors, port budgets and SKU powers, by the base run's module order (SFP+, QSFP28,
/// QSFP-DD, OSFP in the quickstart).
const FAMILIES: [(&str, f64, f64); 4] = [
    ("SFP+", 1.5, 1.0),
    ("QSFP28", 3.5, 2.5),
    ("QSFP-DD", 14.0, 12.0),
    ("OSFP", 18.0, 16.0),
];

/// A matrix of `skus` × `hosts` × `firmware` cells and the runs of its cells.
pub struct Synth {
    /// The matrix, as the loader would have built it.
    pub matrix: Matrix,
    /// The cell runs (1 to 3 per cell), in cell order.
    pub runs: Vec<LoadedRun>,
}

/// Runs testplans/quickstart.yaml on the mock in this process (about 60 ms) and reads its
/// results.json; `None` (with the reason on stderr) when that fails.
pub fn quickstart_results() -> Option<RunResults> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = std::env::temp_dir().join(format!("optiqual-matrix-bench-{}", std::process::id()));
    // The mock fixtures are found relative to the crate.
    if let Err(e) = std::env::set_current_dir(root) {
        eprintln!("cannot enter {}: {e}", root.display());
        return None;
    }
    let code = optiqual::cli::run_plan(
        &root.join("testplans/quickstart.yaml"),
        &dir.join("reports"),
        "base",
    );
    let read = std::fs::read_to_string(dir.join("reports/base/results.json"));
    let _ = std::fs::remove_dir_all(&dir);
    match read.map(|text| serde_json::from_str::<RunResults>(&text)) {
        Ok(Ok(results)) if !results.modules.is_empty() => Some(results),
        Ok(Ok(_)) => {
            eprintln!("quickstart (exit {code}) recorded no module");
            None
        }
        Ok(Err(e)) => {
            eprintln!("quickstart results.json does not read: {e}");
            None
        }
        Err(e) => {
            eprintln!("quickstart (exit {code}) wrote no results.json: {e}");
            None
        }
    }
}

/// The base run: the quickstart's results, else the hand-built mixed sample (no series).
pub fn base_run() -> RunResults {
    quickstart_results().unwrap_or_else(|| {
        eprintln!("falling back to optiqual::report::samples::mixed()");
        optiqual::report::samples::mixed()
    })
}

fn sku(i: usize) -> SkuDef {
    let (form_factor, _, power) = FAMILIES[i % FAMILIES.len()];
    SkuDef {
        id: format!("sku-{i:04}"),
        vendor: "ACME".to_string(),
        pn: format!("AC-SYN-{i:04}"),
        form_factor: form_factor.to_string(),
        applications: vec![format!("APP-{i}")],
        max_power_w: power,
        temperature: TempGrade {
            name: "commercial".to_string(),
            min_c: 0.0,
            max_c: 70.0,
        },
    }
}

fn host(j: usize) -> HostDef {
    HostDef {
        id: format!("host-{j:03}"),
        platform: format!("Synthetic switch {j}"),
        ports: FAMILIES
            .iter()
            .map(|&(form_factor, budget, _)| PortDef {
                form_factor: form_factor.to_string(),
                power_budget_w: budget,
                fec: vec!["rs544".to_string()],
            })
            .collect(),
    }
}

fn firmware(k: usize) -> FirmwareDef {
    FirmwareDef {
        id: format!("fw-{k:03}"),
        host: format!("NOS.2027{k:02}.1"),
        modules: BTreeMap::new(),
    }
}

/// A matrix of every SKU × host × firmware, each cell with its family's plan.
pub fn matrix(skus: usize, hosts: usize, fws: usize) -> Matrix {
    let skus: Vec<SkuDef> = (0..skus).map(sku).collect();
    let hosts: Vec<HostDef> = (0..hosts).map(host).collect();
    let firmware: Vec<FirmwareDef> = (0..fws).map(firmware).collect();
    let mut cells = Vec::with_capacity(skus.len() * hosts.len() * firmware.len());
    for s in &skus {
        for h in &hosts {
            for f in &firmware {
                let plan = format!("{}.yaml", s.form_factor.to_lowercase());
                cells.push(Cell {
                    key: CellKey::new(&s.id, &h.id, &f.id),
                    plan: plan.clone(),
                    plan_path: format!("testplans/synthetic/{plan}"),
                    plan_sha256: PLAN_NOW.to_string(),
                    line: cells.len() + 1,
                });
            }
        }
    }
    cells.sort_by(|a, b| a.key.cmp(&b.key));
    Matrix {
        name: MATRIX.to_string(),
        description: None,
        file: "testplans/synthetic/matrix.yaml".to_string(),
        sha256: "c3".repeat(32),
        skus,
        hosts,
        firmware,
        cells,
    }
}

/// How many runs cell number `c` has: 1, 2, 3, 1, 2, 3, … (two on average).
pub fn runs_of_cell(c: usize) -> usize {
    1 + c % 3
}

/// The matrix and its runs. Of each cell's runs the last is the latest; every fifth run (by
/// cell and run number) failed, every 23rd cell's latest run used an older plan (stale).
pub fn synth(base: &RunResults, skus: usize, hosts: usize, fws: usize) -> Synth {
    let matrix = matrix(skus, hosts, fws);
    let index = |list: &[String], id: &str| list.iter().position(|x| x == id).unwrap_or(0);
    let sku_ids: Vec<String> = matrix.skus.iter().map(|s| s.id.clone()).collect();
    // 2027-01-04T00:00:00Z; each run finishes a minute after the one before.
    let t0_ms: i64 = 1_798_934_400_000;
    let mut runs = Vec::new();
    for (c, cell) in matrix.cells.iter().enumerate() {
        let s = index(&sku_ids, &cell.key.sku);
        let (Some(sku), Some(host), Some(fw)) = (
            matrix.sku(&cell.key.sku),
            matrix.host(&cell.key.host),
            matrix.firmware(&cell.key.firmware),
        ) else {
            continue;
        };
        let definitions = serde_json::json!({ "sku": sku, "host": host, "firmware": fw });
        let n = runs_of_cell(c);
        for k in 0..n {
            let mut r = base.clone();
            let keep = s % r.modules.len().max(1);
            if r.modules.len() > 1 {
                let module = r.modules.swap_remove(keep);
                r.modules = vec![module];
            }
            for (m, module) in r.modules.iter_mut().enumerate() {
                module.identity.pn = sku.pn.clone();
                module.identity.sn = format!("SN{c:06}{k}{m}");
            }
            let run_id = format!("m-{}-{k}", cell.key.slug());
            let finished = t0_ms + 60_000 * i64::try_from(runs.len()).unwrap_or(0);
            r.run_id = run_id.clone();
            r.started_at = rfc3339(finished - 45_000);
            r.finished_at = rfc3339(finished);
            r.outcome = if (c + k) % 5 == 0 {
                RunOutcome::Fail
            } else {
                RunOutcome::Pass
            };
            let latest = k + 1 == n;
            r.matrix = Some(CellRef {
                matrix: MATRIX.to_string(),
                matrix_file: matrix.file.clone(),
                matrix_sha256: matrix.sha256.clone(),
                sku: cell.key.sku.clone(),
                host: cell.key.host.clone(),
                firmware: cell.key.firmware.clone(),
                host_firmware: fw.host.clone(),
                module_firmware: None,
                plan_file: cell.plan.clone(),
                plan_sha256: if latest && c % 23 == 0 {
                    OLD_PLAN.to_string()
                } else {
                    PLAN_NOW.to_string()
                },
                station: format!("bench-{}", c % 4),
                shard: None,
                definitions: definitions.clone(),
            });
            runs.push(LoadedRun {
                source: format!("reports/{run_id}/results.json"),
                results: r,
            });
        }
    }
    Synth { matrix, runs }
}

/// The runs behind the view's cells (the latest of each), as the CLI passes them to
/// `render_matrix` (the CLI filters with a linear scan per run; a set here).
pub fn latest_results<'a>(view: &MatrixView, runs: &'a [LoadedRun]) -> Vec<&'a RunResults> {
    let ids: HashSet<&str> = view
        .cells
        .iter()
        .filter_map(|c| c.run.as_ref().map(|r| r.run_id.as_str()))
        .collect();
    runs.iter()
        .filter(|r| ids.contains(r.results.run_id.as_str()))
        .map(|r| &r.results)
        .collect()
}
