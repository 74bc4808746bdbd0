//! The evidence of a run: identity of the run and of its modules, and its findings.

use super::*;
use crate::matrix::summary::{MAX_FINDINGS, summarize};
use crate::matrix::view::ModuleSummary;

#[test]
fn evidence_comes_from_the_results_and_the_cell_reference() {
    let mut r = run("r7", ("a", "h1", "f1"), T10, RunOutcome::Fail);
    cref(&mut r).station = "bench-2".into();
    cref(&mut r).shard = Some("2/3".into());
    r.results.tool_version = "0.4.2".into();
    r.results.modules = vec![
        module("p1", &[("identity", Outcome::Pass, "")]),
        module("p2", &[("power_up", Outcome::Fail, "slow")]),
    ];
    let s = summarize(&r);
    assert_eq!(s.run_id, "r7");
    assert_eq!(s.source, "runs/r7/results.json");
    assert_eq!(s.station, "bench-2");
    assert_eq!(s.started_at, "2026-11-24T08:00:00Z");
    assert_eq!(s.finished_at, T10);
    assert_eq!(s.clock, ClockKind::Virtual);
    assert_eq!(s.outcome, RunOutcome::Fail);
    assert_eq!(s.plan_name, "plan a.yaml");
    assert_eq!(s.plan_file, "a.yaml");
    assert_eq!(s.plan_sha256, SHA_A);
    assert_eq!(s.matrix_sha256, "m".repeat(64));
    assert_eq!(s.host_firmware, "NOS-1");
    assert_eq!(s.module_firmware.as_deref(), Some("1.0"));
    assert_eq!(s.tool_version, "0.4.2");
    assert_eq!(s.shard.as_deref(), Some("2/3"));
    assert_eq!(
        s.modules,
        [
            ModuleSummary {
                slot: "p1".into(),
                vendor: "ACME".into(),
                pn: "PN-a".into(),
                sn: "SN-p1".into(),
                rev: "A1".into(),
                outcome: Outcome::Pass,
            },
            ModuleSummary {
                slot: "p2".into(),
                vendor: "ACME".into(),
                pn: "PN-a".into(),
                sn: "SN-p2".into(),
                rev: "A1".into(),
                outcome: Outcome::Fail,
            },
        ]
    );
    assert_eq!(s.findings, ["p2: power_up: slow"]);
}

#[test]
fn a_run_without_a_matrix_cell_has_its_plan_and_no_firmware() {
    let mut r = run("r1", ("a", "h1", "f1"), T9, RunOutcome::Pass);
    r.results.matrix = None;
    r.results.station = json!({"name": "lab-3", "slots": []});
    let s = summarize(&r);
    assert_eq!(s.station, "lab-3");
    assert_eq!(s.plan_file, "testplans/a.yaml");
    assert_eq!(s.plan_sha256, SHA_A);
    assert_eq!(s.matrix_sha256, "");
    assert_eq!(s.host_firmware, "");
    assert_eq!(s.module_firmware, None);
    assert_eq!(s.shard, None);
    r.results.station = json!({"name": 5});
    assert_eq!(summarize(&r).station, "");
}

#[test]
fn failures_come_first_then_errors_and_timeouts() {
    let mut r = run("r1", ("a", "h1", "f1"), T9, RunOutcome::Fail);
    r.results.modules = vec![
        module(
            "p1",
            &[
                ("identity", Outcome::Pass, "ok"),
                ("dom_accuracy", Outcome::Timeout, ""),
                (
                    "power_up",
                    Outcome::Fail,
                    "module_ready_ms.max = 2100 ms, limit <= 2000 ms",
                ),
            ],
        ),
        module(
            "p2",
            &[
                (
                    "thermal_sweep/70C/ber_soak",
                    Outcome::Error,
                    "counter\n  went backwards\n",
                ),
                ("ber_soak", Outcome::Skip, "not run"),
                (
                    "dom_accuracy",
                    Outcome::Fail,
                    "lane1.tx_power_error_db = 3.4 dB",
                ),
            ],
        ),
    ];
    assert_eq!(
        summarize(&r).findings,
        [
            "p1: power_up: module_ready_ms.max = 2100 ms, limit <= 2000 ms",
            "p2: dom_accuracy: lane1.tx_power_error_db = 3.4 dB",
            "p1: dom_accuracy: timeout",
            "p2: thermal_sweep/70C/ber_soak: counter; went backwards",
        ]
    );
}

fn many(fails: usize, errors: usize) -> Vec<String> {
    let mut checks: Vec<(String, Outcome)> = Vec::new();
    for i in 0..errors {
        checks.push((format!("e{i:02}"), Outcome::Error));
    }
    for i in 0..fails {
        checks.push((format!("f{i:02}"), Outcome::Fail));
    }
    let list: Vec<(&str, Outcome, &str)> = checks
        .iter()
        .map(|(id, o)| (id.as_str(), *o, "bad"))
        .collect();
    let mut r = run("r1", ("a", "h1", "f1"), T9, RunOutcome::Fail);
    r.results.modules = vec![module("p1", &list)];
    summarize(&r).findings
}

#[test]
fn at_most_twenty_findings_and_the_last_says_how_many_were_cut() {
    assert_eq!(MAX_FINDINGS, 20);
    // Exactly 20: all kept.
    let f = many(20, 0);
    assert_eq!(f.len(), 20);
    assert_eq!(f[19], "p1: f19: bad");
    // 21: 19 kept, the 20th line counts the 2 left out.
    let f = many(21, 0);
    assert_eq!(f.len(), 20);
    assert_eq!(f[18], "p1: f18: bad");
    assert_eq!(f[19], "… and 2 more");
    // 3 failures and 18 errors: the failures first, then 16 errors, 2 cut.
    let f = many(3, 18);
    assert_eq!(f.len(), 20);
    assert_eq!(
        &f[..4],
        [
            "p1: f00: bad",
            "p1: f01: bad",
            "p1: f02: bad",
            "p1: e00: bad"
        ]
    );
    assert_eq!(f[18], "p1: e15: bad");
    assert_eq!(f[19], "… and 2 more");
    assert_eq!(many(0, 0), Vec::<String>::new());
}

#[test]
fn a_long_message_is_clipped() {
    let long = "x".repeat(1000);
    let mut r = run("r1", ("a", "h1", "f1"), T9, RunOutcome::Fail);
    r.results.modules = vec![module("p1", &[("power_up", Outcome::Fail, &long)])];
    let f = summarize(&r).findings;
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].chars().count(), 240);
    assert!(f[0].starts_with("p1: power_up: xxx"));
    assert!(f[0].ends_with("x…"));
}
