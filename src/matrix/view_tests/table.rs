//! The `matrix status` table and the tally line.

use super::*;
use crate::matrix::build::build_view;
use crate::matrix::status_table::status_table;
use crate::matrix::tally::{Tally, tally};

#[test]
fn one_aligned_line_per_cell_then_the_tally() {
    let m = matrix();
    let r1 = run("r1", ("a", "h1", "f1"), T9, RunOutcome::Pass);
    let mut r2 = run("r2", ("a", "h1", "f1"), T10, RunOutcome::Fail);
    cref(&mut r2).station = "bench-2".into();
    let mut r3 = run("r3", ("a", "h2", "f1"), T9, RunOutcome::Pass);
    cref(&mut r3).host_firmware = "NOS-0".into();
    let r4 = run("r4", ("b", "h1", "f1"), T9, RunOutcome::Error);
    let v = build_view(Some(&m), &[r1, r2, r3, r4], GEN);

    // Widths: SKU 3, HOST 4, FIRMWARE 8, STATUS 7 ("NOT RUN"), RUN 3, STATION 7, FINISHED 20.
    let expected = "\
SKU  HOST  FIRMWARE  STATUS   RUN  STATION  FINISHED              NOTE
a    h1    f1        FAILED   r2   bench-2  2026-11-24T10:00:00Z  conflict: r1 on bench-1 was pass; p1: identity: checked
a    h1    f2        NOT RUN  -    -        -
a    h2    f1        STALE    r3   bench-1  2026-11-24T09:00:00Z  host firmware changed since the run (NOS-0 → NOS-1)
b    h1    f1        ERROR    r4   bench-1  2026-11-24T09:00:00Z  p1: identity: checked

0 qualified, 1 failed, 1 error, 1 not run, 1 stale
";
    assert_eq!(status_table(&v), expected);
}

#[test]
fn a_cell_not_run_says_why() {
    let m = matrix();
    let mut v = build_view(Some(&m), &[], GEN);
    v.cells[1].note = Some("not in shard 2/2".into());
    let table = status_table(&v);
    let line = table.lines().nth(2).expect("second cell");
    assert!(line.starts_with("a    h1    f2        NOT RUN"), "{line}");
    assert!(line.ends_with("not in shard 2/2"), "{line}");
}

#[test]
fn unplaced_results_follow_the_tally_and_fields_stay_on_one_line() {
    let m = matrix();
    let mut plain = run("p", ("a", "h1", "f1"), T9, RunOutcome::Pass);
    plain.results.matrix = None;
    let mut ok = run("ok", ("b", "h1", "f1"), T9, RunOutcome::Fail);
    ok.results.modules = vec![module(
        "p1",
        &[("power_up", Outcome::Fail, "line one\nline\ttwo")],
    )];
    let v = build_view(Some(&m), &[plain, ok], GEN);
    let table = status_table(&v);
    let lines: Vec<&str> = table.lines().collect();
    assert_eq!(lines.len(), 1 + 4 + 1 + 1 + 1 + 1 + 1);
    assert_eq!(
        lines[4],
        "b    h1    f1        FAILED   ok   bench-1  2026-11-24T09:00:00Z  p1: power_up: line one; line two"
    );
    assert_eq!(
        lines[6],
        "0 qualified, 1 failed, 0 error, 3 not run, 0 stale"
    );
    assert_eq!(lines[7], "");
    assert_eq!(lines[8], "1 result not placed:");
    assert_eq!(
        lines[9],
        "  runs/p/results.json: run p names no matrix cell (made by `optiqual run`, not \
         `optiqual matrix run`)"
    );
    assert!(table.lines().all(|l| l == l.trim_end()));
}

#[test]
fn tally_counts_and_reads() {
    let m = matrix();
    let mut stale = run("s", ("a", "h1", "f2"), T9, RunOutcome::Pass);
    cref(&mut stale).plan_sha256 = "0".into();
    let runs = [
        run("q", ("a", "h1", "f1"), T9, RunOutcome::Pass),
        stale,
        run("q2", ("b", "h1", "f1"), T9, RunOutcome::Pass),
    ];
    let t = tally(&build_view(Some(&m), &runs, GEN));
    assert_eq!(
        t,
        Tally {
            qualified: 2,
            failed: 0,
            error: 0,
            not_run: 1,
            stale: 1
        }
    );
    assert_eq!(t.total(), 4);
    let t = Tally {
        qualified: 12,
        failed: 1,
        error: 0,
        not_run: 3,
        stale: 2,
    };
    assert_eq!(
        t.to_string(),
        "12 qualified, 1 failed, 0 error, 3 not run, 2 stale"
    );
}
