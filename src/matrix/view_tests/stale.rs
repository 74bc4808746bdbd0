//! Staleness: the latest run used another plan or firmware than the matrix names now.

use super::*;
use crate::matrix::build::build_view;
use crate::matrix::view::CellStatus;

const OLD_SHA: &str = "1a2b3c4d99999999999999999999999999999999999999999999999999999999";

#[test]
fn a_changed_plan_makes_a_qualified_cell_stale() {
    let m = matrix();
    let mut r = run("r1", ("a", "h1", "f1"), T9, RunOutcome::Pass);
    cref(&mut r).plan_sha256 = OLD_SHA.into();
    let v = build_view(Some(&m), &[r], GEN);
    let c = cell_of(&v, ("a", "h1", "f1"));
    assert_eq!(c.status, CellStatus::Stale);
    assert_eq!(
        c.stale_reasons,
        ["plan a.yaml changed since the run (sha 1a2b3c4d → 5e6f7a8b)"]
    );
    // The verdict reached then is still there.
    assert_eq!(c.run.as_ref().map(|r| r.outcome), Some(RunOutcome::Pass));
    assert_eq!(
        c.run.as_ref().map(|r| r.plan_sha256.as_str()),
        Some(OLD_SHA)
    );
}

#[test]
fn another_plan_file_is_named_and_a_renamed_identical_plan_is_not_stale() {
    let m = matrix();
    let mut other = run("r1", ("a", "h1", "f1"), T9, RunOutcome::Pass);
    cref(&mut other).plan_file = "old-a.yaml".into();
    cref(&mut other).plan_sha256 = OLD_SHA.into();
    let mut renamed = run("r2", ("a", "h1", "f2"), T9, RunOutcome::Pass);
    cref(&mut renamed).plan_file = "old-a.yaml".into();
    let v = build_view(Some(&m), &[other, renamed], GEN);
    assert_eq!(
        cell_of(&v, ("a", "h1", "f1")).stale_reasons,
        ["plan is now a.yaml (the run used old-a.yaml, sha 1a2b3c4d → 5e6f7a8b)"]
    );
    let same = cell_of(&v, ("a", "h1", "f2"));
    assert_eq!(same.status, CellStatus::Qualified);
    assert!(same.stale_reasons.is_empty());
}

#[test]
fn host_firmware_changed() {
    let m = matrix();
    let mut r = run("r1", ("a", "h1", "f2"), T9, RunOutcome::Pass);
    cref(&mut r).host_firmware = "NOS-1.9".into();
    let v = build_view(Some(&m), &[r], GEN);
    let c = cell_of(&v, ("a", "h1", "f2"));
    assert_eq!(c.status, CellStatus::Stale);
    assert_eq!(
        c.stale_reasons,
        ["host firmware changed since the run (NOS-1.9 → NOS-2)"]
    );
}

#[test]
fn module_firmware_pin_changed_added_and_removed() {
    let m = matrix();
    // f1 pins SKU a to 1.0 now.
    let mut changed = run("r1", ("a", "h1", "f1"), T9, RunOutcome::Pass);
    cref(&mut changed).module_firmware = Some("0.9".into());
    let mut added = run("r2", ("a", "h2", "f1"), T9, RunOutcome::Pass);
    cref(&mut added).module_firmware = None;
    // f2 pins nothing now; the run was made under a pin.
    let mut removed = run("r3", ("a", "h1", "f2"), T9, RunOutcome::Pass);
    cref(&mut removed).module_firmware = Some("0.9".into());
    // b is not pinned under f1, and the run had no pin either: fresh.
    let fresh = run("r4", ("b", "h1", "f1"), T9, RunOutcome::Pass);

    let v = build_view(Some(&m), &[changed, added, removed, fresh], GEN);
    assert_eq!(
        cell_of(&v, ("a", "h1", "f1")).stale_reasons,
        ["module firmware of a changed since the run (0.9 → 1.0)"]
    );
    assert_eq!(
        cell_of(&v, ("a", "h2", "f1")).stale_reasons,
        ["module firmware of a pinned to 1.0 since the run (the run had no pin)"]
    );
    assert_eq!(
        cell_of(&v, ("a", "h1", "f2")).stale_reasons,
        ["module firmware pin 0.9 of a removed since the run"]
    );
    let b = cell_of(&v, ("b", "h1", "f1"));
    assert_eq!(b.status, CellStatus::Qualified);
    assert!(b.stale_reasons.is_empty());
    let stale = v
        .cells
        .iter()
        .filter(|c| c.status == CellStatus::Stale)
        .count();
    assert_eq!(stale, 3);
}

#[test]
fn every_change_is_listed_in_order() {
    let m = matrix();
    let mut r = run("r1", ("a", "h1", "f1"), T9, RunOutcome::Pass);
    cref(&mut r).plan_sha256 = String::new();
    cref(&mut r).host_firmware = "NOS-0".into();
    cref(&mut r).module_firmware = Some("0.1".into());
    let v = build_view(Some(&m), &[r], GEN);
    assert_eq!(
        cell_of(&v, ("a", "h1", "f1")).stale_reasons,
        [
            "plan a.yaml changed since the run (sha none → 5e6f7a8b)",
            "host firmware changed since the run (NOS-0 → NOS-1)",
            "module firmware of a changed since the run (0.1 → 1.0)",
        ]
    );
}

#[test]
fn a_stale_failure_is_stale_and_a_stale_error_stays_an_error() {
    let m = matrix();
    let mut failed = run("r1", ("a", "h1", "f1"), T9, RunOutcome::Fail);
    cref(&mut failed).host_firmware = "NOS-0".into();
    let mut errored = run("r2", ("a", "h1", "f2"), T9, RunOutcome::Error);
    cref(&mut errored).host_firmware = "NOS-0".into();
    let v = build_view(Some(&m), &[failed, errored], GEN);
    let f = cell_of(&v, ("a", "h1", "f1"));
    assert_eq!(f.status, CellStatus::Stale);
    assert_eq!(f.run.as_ref().map(|r| r.outcome), Some(RunOutcome::Fail));
    let e = cell_of(&v, ("a", "h1", "f2"));
    assert_eq!(e.status, CellStatus::Error);
    assert_eq!(
        e.stale_reasons,
        ["host firmware changed since the run (NOS-0 → NOS-2)"]
    );
}

#[test]
fn only_the_latest_run_is_judged() {
    // An old run under old firmware, superseded by a fresh one: not stale.
    let m = matrix();
    let mut old = run("r1", ("a", "h1", "f1"), T9, RunOutcome::Pass);
    cref(&mut old).host_firmware = "NOS-0".into();
    let new = run("r2", ("a", "h1", "f1"), T10, RunOutcome::Pass);
    let v = build_view(Some(&m), &[old, new], GEN);
    let c = cell_of(&v, ("a", "h1", "f1"));
    assert_eq!(c.status, CellStatus::Qualified);
    assert!(c.stale_reasons.is_empty());
}
