//! Several runs of one cell: the most recent decides, the others are superseded newest first,
//! and a disagreement is a conflict.

use super::*;
use crate::matrix::build::build_view;
use crate::matrix::view::{CellStatus, CellView};

fn ids(c: &CellView) -> (Option<String>, Vec<String>) {
    (
        c.run.as_ref().map(|r| r.run_id.clone()),
        c.superseded.iter().map(|r| r.run_id.clone()).collect(),
    )
}

#[test]
fn two_stations_two_outcomes_the_later_wins_and_conflicts() {
    let m = matrix();
    let early = run("r-bench1", ("a", "h1", "f1"), T9, RunOutcome::Pass);
    let mut late = run("r-bench2", ("a", "h1", "f1"), T10, RunOutcome::Fail);
    cref(&mut late).station = "bench-2".into();
    for runs in [[early.clone(), late.clone()], [late.clone(), early.clone()]] {
        let v = build_view(Some(&m), &runs, GEN);
        let c = cell_of(&v, ("a", "h1", "f1"));
        assert_eq!(c.status, CellStatus::Failed);
        assert_eq!(ids(c), (Some("r-bench2".into()), vec!["r-bench1".into()]));
        assert_eq!(c.run.as_ref().map(|r| r.station.as_str()), Some("bench-2"));
        assert_eq!(c.superseded[0].station, "bench-1");
        assert!(c.conflict);
    }
}

#[test]
fn agreeing_runs_are_superseded_newest_first_without_conflict() {
    let m = matrix();
    let runs = [
        run("r10", ("b", "h1", "f1"), T10, RunOutcome::Pass),
        run("r9", ("b", "h1", "f1"), T9, RunOutcome::Pass),
        run("r11", ("b", "h1", "f1"), T11, RunOutcome::Pass),
    ];
    let v = build_view(Some(&m), &runs, GEN);
    let c = cell_of(&v, ("b", "h1", "f1"));
    assert_eq!(c.status, CellStatus::Qualified);
    assert_eq!(
        ids(c),
        (Some("r11".into()), vec!["r10".into(), "r9".into()])
    );
    assert!(!c.conflict);
}

#[test]
fn a_conflict_with_an_older_run_only_still_counts() {
    // Latest pass, previous pass, oldest fail: the oldest disagrees.
    let m = matrix();
    let runs = [
        run("r9", ("b", "h1", "f1"), T9, RunOutcome::Fail),
        run("r10", ("b", "h1", "f1"), T10, RunOutcome::Pass),
        run("r11", ("b", "h1", "f1"), T11, RunOutcome::Pass),
    ];
    let v = build_view(Some(&m), &runs, GEN);
    let c = cell_of(&v, ("b", "h1", "f1"));
    assert_eq!(c.status, CellStatus::Qualified);
    assert!(c.conflict);
}

#[test]
fn equal_finish_times_are_broken_by_run_id() {
    let m = matrix();
    let runs = [
        run("run-b", ("a", "h1", "f1"), T9, RunOutcome::Fail),
        run("run-a", ("a", "h1", "f1"), T9, RunOutcome::Pass),
    ];
    let v = build_view(Some(&m), &runs, GEN);
    let c = cell_of(&v, ("a", "h1", "f1"));
    assert_eq!(ids(c), (Some("run-b".into()), vec!["run-a".into()]));
    assert_eq!(c.status, CellStatus::Failed);
}

#[test]
fn finish_times_are_compared_as_instants() {
    let m = matrix();
    // As text "…09:00:00Z" sorts after "…09:00:00.5Z" ('Z' > '.'), but it is earlier.
    let whole = run(
        "z-whole",
        ("a", "h1", "f1"),
        "2026-11-24T09:00:00Z",
        RunOutcome::Pass,
    );
    let half = run(
        "a-half",
        ("a", "h1", "f1"),
        "2026-11-24T09:00:00.5Z",
        RunOutcome::Fail,
    );
    // 11:30+02:00 is 09:30Z: earlier than 10:00Z although "11" > "10".
    let offset = run(
        "offset",
        ("a", "h1", "f1"),
        "2026-11-24T11:30:00+02:00",
        RunOutcome::Pass,
    );
    let ten = run("ten", ("a", "h1", "f1"), T10, RunOutcome::Pass);
    // A finish time that is no date at all counts as the oldest.
    let junk = run(
        "zzz-junk",
        ("a", "h1", "f1"),
        "last tuesday",
        RunOutcome::Pass,
    );
    let v = build_view(Some(&m), &[junk, whole, half, offset, ten], GEN);
    let c = cell_of(&v, ("a", "h1", "f1"));
    assert_eq!(
        ids(c),
        (
            Some("ten".into()),
            vec![
                "offset".into(),
                "a-half".into(),
                "z-whole".into(),
                "zzz-junk".into()
            ]
        )
    );
    assert!(c.conflict);
}
