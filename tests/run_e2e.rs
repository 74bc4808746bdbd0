//! `optiqual run` end to end on the mock: reports written and valid (xmllint against the JUnit
//! schema), virtual clock, golden results, and crash safety — a run killed at several points
//! (abort, like kill -9) and resumed gives the same results as an uninterrupted run.

#![expect(
    clippy::unwrap_used,
    reason = "test helpers outside #[test] functions unwrap like the tests do"
)]
mod common;

use std::path::Path;
use std::process::Command;

use serde_json::Value;

fn shared_schema() -> std::path::PathBuf {
    common::real_fixtures()
        .parent()
        .and_then(Path::parent)
        .expect("shared/")
        .join("schemas/junit-10.xsd")
}

fn run_plan(reports: &Path, run_id: &str, plan: &str, crash_after: Option<u32>) -> i32 {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_optiqual"));
    cmd.args(["run", plan, "--reports"])
        .arg(reports)
        .args(["--run-id", run_id, "-q"])
        .current_dir(common::root());
    if let Some(n) = crash_after {
        cmd.env("OPTIQUAL_CRASH_AFTER_RECORDS", n.to_string());
    }
    cmd.status().expect("run optiqual").code().unwrap_or(-1)
}

fn resume(reports: &Path, run_id: &str) -> i32 {
    Command::new(env!("CARGO_BIN_EXE_optiqual"))
        .args(["run", "--resume"])
        .arg(reports.join(run_id).join("journal.jsonl"))
        .arg("--reports")
        .arg(reports)
        .arg("-q")
        .current_dir(common::root())
        .status()
        .expect("resume")
        .code()
        .unwrap_or(-1)
}

/// What must not change between an interrupted-and-resumed run and an uninterrupted one: the
/// modules, their identities, every check's id, kind and outcome, and the names of the
/// measurements.
fn shape(r: &Value) -> Vec<String> {
    let mut out = vec![format!("outcome {}", r["outcome"])];
    for m in r["modules"].as_array().unwrap() {
        out.push(format!(
            "{} {} {} {}",
            m["slot"], m["identity"]["pn"], m["identity"]["sn"], m["outcome"]
        ));
        for c in m["checks"].as_array().unwrap() {
            let names: Vec<&str> = c["measurements"]
                .as_array()
                .unwrap()
                .iter()
                .map(|x| x["name"].as_str().unwrap())
                .collect();
            out.push(format!(
                "  {} {} {} [{}]",
                c["id"],
                c["kind"],
                c["outcome"],
                names.join(",")
            ));
        }
    }
    out
}

#[test]
fn quickstart_runs_on_virtual_time_and_writes_valid_reports() {
    let dir = tempfile::tempdir().unwrap();
    let code = run_plan(dir.path(), "q1", "testplans/quickstart.yaml", None);
    let r = common::results(dir.path(), "q1");
    let expected = match r["outcome"].as_str().unwrap() {
        "pass" => 0,
        "fail" => 1,
        _ => 3,
    };
    assert_eq!(
        code, expected,
        "exit code follows the outcome: {}",
        r["outcome"]
    );
    assert_eq!(r["schema"], "optiqual.results/1");
    assert_eq!(r["clock"], "virtual");
    assert_eq!(r["plan"]["name"], "quickstart on the mock");
    assert_eq!(r["plan"]["sha256"].as_str().unwrap().len(), 64);
    let modules = r["modules"].as_array().unwrap();
    assert_eq!(modules.len(), 4);
    for m in modules {
        assert!(!m["identity"]["pn"].as_str().unwrap().is_empty(), "{m}");
        assert_eq!(m["checks"].as_array().unwrap().len(), 8, "{}", m["slot"]);
    }
    for f in ["junit.xml", "summary.md", "journal.jsonl"] {
        assert!(dir.path().join("q1").join(f).is_file(), "{f}");
    }
    let xsd = shared_schema();
    let out = Command::new("xmllint")
        .args(["--noout", "--schema"])
        .arg(&xsd)
        .arg(dir.path().join("q1/junit.xml"))
        .output()
        .expect("xmllint is needed (apt-get install libxml2-utils; .ci/run installs it)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The report command rebuilds the same results from the journal.
    let (code, json, err) = common::run(&[
        "report",
        dir.path().join("q1/journal.jsonl").to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let rebuilt: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(rebuilt, r);
}

#[test]
fn a_run_killed_at_any_point_and_resumed_matches_an_uninterrupted_run() {
    let dir = tempfile::tempdir().unwrap();
    run_plan(dir.path(), "whole", "testplans/quickstart.yaml", None);
    let whole = shape(&common::results(dir.path(), "whole"));
    // Records: 1 run_started, 4 identified, then 4 per check, then run_finished.
    for crash_after in [3, 6, 11, 20, 33] {
        let id = format!("crash{crash_after}");
        let code = run_plan(
            dir.path(),
            &id,
            "testplans/quickstart.yaml",
            Some(crash_after),
        );
        assert_ne!(code, 0, "the run was killed after {crash_after} records");
        assert!(
            !dir.path().join(&id).join("results.json").exists(),
            "no reports from a killed run"
        );
        let journal = std::fs::read_to_string(dir.path().join(&id).join("journal.jsonl")).unwrap();
        // Every record made before the kill is there (the hook fires after its fsync).
        assert!(
            journal.lines().count() >= crash_after as usize,
            "{crash_after}: {journal}"
        );
        let code = resume(dir.path(), &id);
        assert!(
            code == 0 || code == 1 || code == 3,
            "{crash_after}: resume exit {code}"
        );
        let resumed = common::results(dir.path(), &id);
        assert_eq!(
            shape(&resumed),
            whole,
            "after a kill at record {crash_after}"
        );
        assert_eq!(resumed["run_id"], id);
    }
}

/// Every shipped plan runs on the mock (virtual time), and no write any check made was refused
/// by the allowlists (issue 3: every write made while running the shipped plans is allowed).
#[test]
fn every_shipped_plan_runs_and_makes_only_allowed_writes() {
    let dir = tempfile::tempdir().unwrap();
    let mut plans: Vec<_> = std::fs::read_dir(common::root().join("testplans"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    plans.sort();
    for (i, plan) in plans.iter().enumerate() {
        let id = format!("plan{i}");
        let code = run_plan(dir.path(), &id, plan.to_str().unwrap(), None);
        assert!(matches!(code, 0 | 1 | 3), "{}: exit {code}", plan.display());
        let r = common::results(dir.path(), &id);
        assert_eq!(r["clock"], "virtual", "{}", plan.display());
        let text = r.to_string();
        assert!(
            !text.contains("write refused"),
            "{}: a check made a write outside the allowlist",
            plan.display()
        );
        assert!(!r["modules"].as_array().unwrap().is_empty());
    }
}
