//! Matrix and station files end to end: the shipped matrix and its mock station validate clean
//! through `optiqual validate`; every malformed file in tests/matrices/bad/ is rejected with exit
//! 2 and the error its header promises; the effective plans of the shipped matrix run on the mock,
//! qualified cells pass and the known failures fail (OSFP on tor-b, 16 W in a 15 W cage; OSFP
//! under sonic-202405, which pins module firmware 2.9 while the module runs 2.8).
//!
//! A bad file starts with `# expect: LINE: FRAGMENT` lines (the first names the first error);
//! a station file also has `# matrix: FILE` (relative to tests/matrices/) to check it against.

mod common;

use std::path::{Path, PathBuf};

use optiqual::matrix::cell_plan::effective_plan;
use optiqual::matrix::station::{StationFile, load_station};
use optiqual::matrix::{CellKey, Matrix, load};

fn shipped() -> (Matrix, StationFile) {
    let root = common::root();
    let m = load::load(&root.join("testplans/matrix/matrix.yaml")).expect("shipped matrix");
    let s = load_station(&root.join("testplans/matrix/station-mock.yaml"), &m)
        .expect("shipped station");
    (m, s)
}

#[test]
fn shipped_matrix_and_station_validate_clean() {
    let (code, out, err) = common::run(&[
        "validate",
        "testplans/matrix/matrix.yaml",
        "--matrix",
        "testplans/matrix/matrix.yaml",
        "testplans/matrix/station-mock.yaml",
        "testplans/matrix/sfp.yaml",
    ]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("testplans/matrix/matrix.yaml: ok (matrix ACME fabric optics 2027: 5 SKU(s), 2 host(s), 2 firmware set(s), 20 cell(s))"), "{out}");
    assert!(out.contains("station-mock.yaml: ok (station mock-lab: 2 host(s), 10 slot(s), can run 20 of 20 cell(s))"), "{out}");
    let (m, s) = shipped();
    // Five SKUs × two hosts × two firmware sets, sorted by key.
    assert_eq!(m.cells.len(), 20);
    let keys: Vec<&CellKey> = m.cells.iter().map(|c| &c.key).collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
    assert_eq!(
        m.cells[0].key,
        CellKey::new("osfp-800g-2xfr4", "tor-a", "sonic-202311")
    );
    assert!(m.cells.iter().all(|c| c.plan_sha256.len() == 64));
    // The known failure is in the matrix, not a validation error.
    let budget = m
        .host("tor-b")
        .and_then(|h| h.port("OSFP"))
        .map(|p| p.power_budget_w);
    assert_eq!(budget, Some(15.0));
    assert_eq!(m.sku("osfp-800g-2xfr4").map(|s| s.max_power_w), Some(16.0));
    assert!(m.cells.iter().all(|c| s.runnable(&c.key).is_ok()));
}

#[test]
fn a_station_file_needs_its_matrix() {
    let (code, _, err) = common::run(&["validate", "testplans/matrix/station-mock.yaml"]);
    assert_eq!(code, 2);
    assert_eq!(
        err.trim(),
        "testplans/matrix/station-mock.yaml: a station file is checked against its matrix; pass --matrix MATRIX"
    );
}

fn bad_files() -> Vec<PathBuf> {
    let dir = common::root().join("tests/matrices/bad");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/matrices/bad")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    files.sort();
    files
}

/// `(line, fragment)` of every `# expect:` header line, and the `# matrix:` file if any.
fn header(text: &str) -> (Vec<(usize, String)>, Option<String>) {
    let mut expects = Vec::new();
    let mut matrix = None;
    for l in text.lines().take_while(|l| l.starts_with('#')) {
        if let Some(rest) = l.strip_prefix("# expect: ") {
            let (line, frag) = rest.split_once(": ").expect("expect: LINE: FRAGMENT");
            expects.push((line.parse().expect("line number"), frag.to_string()));
        } else if let Some(m) = l.strip_prefix("# matrix: ") {
            matrix = Some(m.trim().to_string());
        }
    }
    (expects, matrix)
}

#[test]
fn every_bad_file_is_rejected_with_its_error() {
    let files = bad_files();
    assert!(files.len() >= 20, "{files:?}");
    for f in &files {
        let text = std::fs::read_to_string(f).expect("read");
        let (expects, matrix) = header(&text);
        assert!(
            !expects.is_empty(),
            "{}: no `# expect:` header",
            f.display()
        );
        let rel = f.strip_prefix(common::root()).expect("inside the crate");
        let rel = rel.to_str().expect("utf-8 path");
        let matrix_path = matrix.map(|m| format!("tests/matrices/{m}"));
        let mut args = vec!["validate", rel];
        if let Some(m) = &matrix_path {
            args.extend(["--matrix", m.as_str()]);
        }
        let (code, out, err) = common::run(&args);
        assert_eq!(code, 2, "{rel}: exit {code}\n{out}{err}");
        let lines: Vec<&str> = err.lines().collect();
        let first = lines.first().copied().unwrap_or("");
        let (line, frag) = &expects[0];
        assert!(
            first.starts_with(&format!("{rel}:{line}:")) && first.contains(frag.as_str()),
            "{rel}: first error should be at line {line} with `{frag}`, got:\n{err}"
        );
        for (line, frag) in &expects[1..] {
            assert!(
                lines
                    .iter()
                    .any(|l| l.starts_with(&format!("{rel}:{line}:")) && l.contains(frag.as_str())),
                "{rel}: no error at line {line} with `{frag}` in:\n{err}"
            );
        }
    }
}

/// Writes the effective plan of `key` into `dir` and runs it; the exit code and results.json.
fn run_cell(
    m: &Matrix,
    s: &StationFile,
    key: &CellKey,
    dir: &Path,
) -> (Option<i32>, serde_json::Value) {
    let cell = m.cell(key).expect("cell in the matrix");
    let text = std::fs::read_to_string(&cell.plan_path).expect("plan file");
    let eff = effective_plan(&text, &cell.plan_path, m, s, key).expect("effective plan");
    let plan = dir.join(format!("{}.yaml", key.slug()));
    std::fs::write(&plan, eff).expect("write plan");
    let reports = dir.join("reports");
    let code = common::run_plan_in(&plan, &reports, &key.slug(), &["-q"]);
    let results = std::fs::read_to_string(reports.join(key.slug()).join("results.json"))
        .expect("results.json");
    (code, serde_json::from_str(&results).expect("json"))
}

fn identity_budget(results: &serde_json::Value) -> Vec<(String, f64, f64)> {
    let mut out = Vec::new();
    for m in results["modules"].as_array().into_iter().flatten() {
        for c in m["checks"].as_array().into_iter().flatten() {
            for x in c["measurements"].as_array().into_iter().flatten() {
                if c["kind"] == "identity" && x["name"] == "power.max_w" {
                    out.push((
                        c["outcome"].as_str().unwrap_or("").to_string(),
                        x["value"].as_f64().unwrap_or(f64::NAN),
                        x["high"].as_f64().unwrap_or(f64::NAN),
                    ));
                }
            }
        }
    }
    out
}

#[test]
fn qualified_cells_pass_and_the_known_failure_fails() {
    let (m, s) = shipped();
    let dir = tempfile::tempdir().expect("tempdir");
    let pass = CellKey::new("qsfpdd-400g-dr4", "tor-b", "sonic-202405");
    let (code, r) = run_cell(&m, &s, &pass, dir.path());
    assert_eq!(code, Some(0), "{r:#}");
    assert_eq!(r["station"]["name"], "mock-lab / tor-b");
    assert_eq!(identity_budget(&r), [("pass".to_string(), 12.0, 14.0)]);

    let fail = CellKey::new("osfp-800g-2xfr4", "tor-b", "sonic-202311");
    let (code, r) = run_cell(&m, &s, &fail, dir.path());
    assert_eq!(code, Some(1), "{r:#}");
    assert_eq!(r["outcome"], "fail");
    assert_eq!(identity_budget(&r), [("fail".to_string(), 16.0, 15.0)]);
    // Only the power budget: the module itself is fine.
    let not_passed: Vec<&str> = r["modules"][0]["checks"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|c| c["outcome"] != "pass")
        .filter_map(|c| c["id"].as_str())
        .collect();
    assert_eq!(not_passed, ["identity"]);

    // The same SKU in tor-a's 18 W cage qualifies.
    let ok = CellKey::new("osfp-800g-2xfr4", "tor-a", "sonic-202311");
    let (code, r) = run_cell(&m, &s, &ok, dir.path());
    assert_eq!(code, Some(0), "{r:#}");
    assert_eq!(identity_budget(&r), [("pass".to_string(), 16.0, 18.0)]);
}

/// Every cell of the shipped matrix (about 20 s in a debug build): `cargo test --test
/// matrix_files -- --ignored`.
#[test]
#[ignore = "runs all 20 cells; the quick test above runs three"]
fn every_shipped_cell_has_its_expected_verdict() {
    let (m, s) = shipped();
    let dir = tempfile::tempdir().expect("tempdir");
    for c in &m.cells {
        let (code, r) = run_cell(&m, &s, &c.key, dir.path());
        let expected = if c.key.sku == "osfp-800g-2xfr4"
            && (c.key.host == "tor-b" || c.key.firmware == "sonic-202405")
        {
            1
        } else {
            0
        };
        assert_eq!(code, Some(expected), "{}: {r:#}", c.key);
    }
}
