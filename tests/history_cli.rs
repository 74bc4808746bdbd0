//! `optiqual history` end to end: two quickstart runs recorded by `optiqual run` into one
//! reports folder, then shown, as JSON, for an unknown SKU, from a missing database; import;
//! `--no-history`; a history that cannot be written only warns.

mod common;

use std::path::Path;

use common::{root, run, run_plan_in};

const QDD: &str = "AC-QDD-400G-DR4";

fn quickstart() -> std::path::PathBuf {
    root().join("testplans/quickstart.yaml")
}

fn path(p: &Path) -> &str {
    p.to_str().expect("temporary paths are UTF-8")
}

/// Two runs of the quickstart into `reports`.
fn two_runs(reports: &Path) {
    for id in ["h1", "h2"] {
        assert_eq!(
            run_plan_in(&quickstart(), reports, id, &["-q"]),
            Some(0),
            "{id}"
        );
    }
}

#[test]
fn two_runs_are_shown_newest_first_with_their_figures() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let reports = tmp.path().join("reports");
    two_runs(&reports);
    let db = reports.join("history.db");
    assert!(
        db.is_file(),
        "optiqual run records into <reports>/history.db"
    );

    let (code, out, err) = run(&["history", QDD, "--db", path(&db)]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.starts_with("AC-QDD-400G-DR4: 2 run(s), newest first"),
        "{out}"
    );
    let rows: Vec<&str> = out
        .lines()
        .filter(|l| l.starts_with("h1 ") || l.starts_with("h2 "))
        .collect();
    assert_eq!(rows.len(), 2, "{out}");
    assert!(
        rows[0].starts_with("h2 ") && rows[1].starts_with("h1 "),
        "{out}"
    );
    // The QSFP-DD mock: ModuleReady in 3250 ms of 5000 advertised, 12 W of a 14 W cage,
    // every setpoint (25 and 70 degC) passed, one module of this PN per run.
    for row in &rows {
        for cell in ["pass", "1/1", "3250/5000", "12/14", "25..70", "mock bench"] {
            assert!(row.contains(cell), "{cell} in {row}");
        }
    }
    assert!(
        out.contains("power_up_ms: 3250 ms (h1) → 3250 ms (h2): same"),
        "{out}"
    );
    assert!(
        out.contains("pass rate: 2/2 run(s) (100 %); by station: mock bench 2/2"),
        "{out}"
    );

    let (code, out, err) = run(&["history", QDD, "--db", path(&db), "--json"]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("--json prints JSON");
    assert_eq!(v["sku"], QDD);
    let runs = v["runs"].as_array().expect("runs");
    assert_eq!(runs.len(), 2);
    assert_eq!(runs[0]["run_id"], "h2");
    assert_eq!(runs[0]["modules_total"], 1);
    assert_eq!(runs[0]["figures"]["power_up_ms"]["value"], 3250.0);
    assert_eq!(runs[0]["figures"]["power_up_ms"]["limit"], 5000.0);
    assert_eq!(
        runs[0]["figures"]["power_up_ms"]["source"],
        "h2/qsfpdd/power_up/module_ready_ms.max"
    );
    assert_eq!(runs[0]["figures"]["power_w"]["limit"], 14.0);
    assert_eq!(
        runs[0]["figures"]["temperature_passed_c"],
        serde_json::json!([25.0, 70.0])
    );
    // The plan's soak targets 1e-12 (its message names it).
    assert_eq!(runs[0]["figures"]["post_fec_ber_bound"]["limit"], 1e-12);
    assert_eq!(v["trend"]["runs"], 2);
    assert_eq!(v["trend"]["passed"], 2);

    let (code, out, _) = run(&["history", QDD, "--db", path(&db), "--limit", "1", "--json"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(v["runs"].as_array().map(Vec::len), Some(1));

    let (code, _, err) = run(&["history", "AC-NOPE", "--db", path(&db)]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("no runs of AC-NOPE in"), "{err}");
    assert!(
        err.contains(
            "known SKUs: AC-OSFP-800-2FR4, AC-Q28-100G-SR4, AC-QDD-400G-DR4, AC-SFP-10G-SR"
        ),
        "{err}"
    );

    // Import into a fresh database: the same two runs; again: replaced, not doubled.
    let imported = tmp.path().join("imported.db");
    let (code, out, err) = run(&["history", "import", path(&reports), "--db", path(&imported)]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("recorded h1") && out.contains("recorded h2"),
        "{out}"
    );
    let (code, out, _) = run(&["history", "import", path(&reports), "--db", path(&imported)]);
    assert_eq!(code, 0);
    assert!(
        out.contains("replaced h1") && out.contains("2 run(s) recorded"),
        "{out}"
    );
    let (_, out, _) = run(&["history", QDD, "--db", path(&imported), "--json"]);
    let v: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(v["runs"].as_array().map(Vec::len), Some(2));
}

#[test]
fn a_missing_database_is_named_and_not_created() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let db = tmp.path().join("nowhere.db");
    let (code, _, err) = run(&["history", QDD, "--db", path(&db)]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains(path(&db)) && err.contains("does not exist"),
        "{err}"
    );
    assert!(!db.exists());
}

#[test]
fn no_history_records_nothing_and_a_broken_history_only_warns() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let reports = tmp.path().join("reports");
    assert_eq!(
        run_plan_in(&quickstart(), &reports, "n1", &["-q", "--no-history"]),
        Some(0)
    );
    assert!(!reports.join("history.db").exists());

    // A history that is not a database: the run passes, its reports are written, a warning
    // names the file.
    let broken = tmp.path().join("broken.db");
    std::fs::write(&broken, "not a database, only text that is long enough to be a header....................................").expect("write");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_optiqual"))
        .arg("run")
        .arg(quickstart())
        .args([
            "--reports",
            path(&reports),
            "--run-id",
            "n2",
            "-q",
            "--history",
            path(&broken),
        ])
        .current_dir(root())
        .output()
        .expect("run optiqual");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(err.contains("warning: run n2 was not recorded"), "{err}");
    assert!(err.contains(path(&broken)), "{err}");
    assert!(reports.join("n2/results.json").is_file());
}
