//! Every matrix cell appears; runs land in their cell; runs that fit nowhere are unplaced.

use super::*;
use crate::matrix::build::build_view;
use crate::matrix::tally::tally;
use crate::matrix::view::{CellStatus, SCHEMA};

#[test]
fn every_cell_appears_and_a_run_lands_in_its_cell() {
    let m = matrix();
    let runs = [run("r1", ("a", "h2", "f1"), T9, RunOutcome::Pass)];
    let v = build_view(Some(&m), &runs, GEN);

    assert_eq!(v.schema, SCHEMA);
    assert_eq!(v.name, "lab");
    assert_eq!(v.generated_at, GEN);
    assert_eq!(v.tool_version, env!("CARGO_PKG_VERSION"));
    assert_eq!(v.matrix_file.as_deref(), Some("testplans/lab.matrix.yaml"));
    assert_eq!(v.matrix_sha256, Some("m".repeat(64)));
    assert_eq!(v.skus, m.skus);
    assert_eq!(v.hosts, m.hosts);
    assert_eq!(v.firmware, m.firmware);
    // Figures only for the SKU that has a run (b has none).
    assert!(
        v.sku_figures.iter().all(|f| f.sku == "a"),
        "{:?}",
        v.sku_figures
    );
    assert!(v.unplaced.is_empty());

    // Sorted by key although the matrix lists b first.
    let keys: Vec<String> = v.cells.iter().map(|c| c.key.slug()).collect();
    assert_eq!(keys, ["a--h1--f1", "a--h1--f2", "a--h2--f1", "b--h1--f1"]);
    let placed = cell_of(&v, ("a", "h2", "f1"));
    assert_eq!(placed.status, CellStatus::Qualified);
    assert_eq!(placed.plan.as_deref(), Some("a.yaml"));
    assert_eq!(placed.run.as_ref().map(|r| r.run_id.as_str()), Some("r1"));
    assert!(placed.superseded.is_empty());
    assert!(!placed.conflict);
    assert!(placed.stale_reasons.is_empty());

    for key in [("a", "h1", "f1"), ("a", "h1", "f2"), ("b", "h1", "f1")] {
        let c = cell_of(&v, key);
        assert_eq!(c.status, CellStatus::NotRun, "{key:?}");
        assert!(c.run.is_none());
        assert!(c.superseded.is_empty());
        assert!(c.plan.is_some());
    }
    let t = tally(&v);
    assert_eq!((t.qualified, t.not_run, t.total()), (1, 3, 4));
}

#[test]
fn status_follows_the_latest_outcome() {
    let m = matrix();
    let runs = [
        run("pass", ("a", "h1", "f1"), T9, RunOutcome::Pass),
        run("fail", ("a", "h1", "f2"), T9, RunOutcome::Fail),
        run("err", ("a", "h2", "f1"), T9, RunOutcome::Error),
        run("abort", ("b", "h1", "f1"), T9, RunOutcome::Aborted),
    ];
    let v = build_view(Some(&m), &runs, GEN);
    let statuses: Vec<CellStatus> = v.cells.iter().map(|c| c.status).collect();
    assert_eq!(
        statuses,
        [
            CellStatus::Qualified,
            CellStatus::Failed,
            CellStatus::Error,
            CellStatus::Error
        ]
    );
}

#[test]
fn runs_that_fit_nowhere_are_unplaced_with_their_file() {
    let m = matrix();
    let mut plain = run("plain", ("a", "h1", "f1"), T9, RunOutcome::Pass);
    plain.results.matrix = None;
    let mut other = run("other", ("a", "h1", "f1"), T9, RunOutcome::Pass);
    cref(&mut other).matrix = "spine".into();
    // A cell the matrix no longer has (SKU a under f2 on h2), and one whose SKU is gone.
    let removed = run("gone", ("a", "h2", "f2"), T9, RunOutcome::Fail);
    let mut sku_gone = run("zz", ("c", "h1", "f1"), T9, RunOutcome::Pass);
    cref(&mut sku_gone).sku = "c".into();
    let ok = run("ok", ("a", "h1", "f1"), T9, RunOutcome::Pass);

    let v = build_view(Some(&m), &[plain, other, removed, sku_gone, ok], GEN);
    assert_eq!(
        v.unplaced,
        [
            "runs/gone/results.json: run gone qualified cell a @ h2 / f2, which matrix 'lab' \
             (testplans/lab.matrix.yaml) no longer has",
            "runs/other/results.json: run other was made for matrix 'spine', not 'lab'",
            "runs/plain/results.json: run plain names no matrix cell (made by `optiqual run`, \
             not `optiqual matrix run`)",
            "runs/zz/results.json: run zz qualified cell c @ h1 / f1, which matrix 'lab' \
             (testplans/lab.matrix.yaml) no longer has",
        ]
    );
    // Only `ok` was placed: one qualified cell, nothing superseded.
    let c = cell_of(&v, ("a", "h1", "f1"));
    assert_eq!(c.run.as_ref().map(|r| r.run_id.as_str()), Some("ok"));
    assert!(c.superseded.is_empty());
    assert_eq!(
        tally(&v).to_string(),
        "1 qualified, 0 failed, 0 error, 3 not run, 0 stale"
    );
}

#[test]
fn the_same_run_read_twice_counts_once() {
    let m = matrix();
    let first = run("r1", ("a", "h1", "f1"), T9, RunOutcome::Pass);
    let mut copy = first.clone();
    copy.source = "backup/r1/results.json".into();
    let again = first.clone();
    let v = build_view(Some(&m), &[first, copy, again], GEN);
    let c = cell_of(&v, ("a", "h1", "f1"));
    // The smallest source is kept.
    assert_eq!(
        c.run.as_ref().map(|r| r.source.as_str()),
        Some("backup/r1/results.json")
    );
    assert!(c.superseded.is_empty());
    assert!(!c.conflict);
    assert_eq!(
        v.unplaced,
        [
            "runs/r1/results.json: run r1 is the same run as backup/r1/results.json (same run \
             id, station and finish time); counted once",
            "runs/r1/results.json: run r1 is the same run as backup/r1/results.json (same run \
             id, station and finish time); counted once",
        ]
    );
}
