//! The view depends on the runs, not on the order they were given in.

use proptest::prelude::*;

use super::*;
use crate::matrix::build::build_view;
use crate::matrix::view::MatrixView;

/// Runs that exercise every ordering rule: ties on time broken by id, equal ids at two
/// stations, a copy of one run under another path, a junk time, unplaced runs, and a conflict.
fn runs() -> Vec<LoadedRun> {
    let mut v = vec![
        run("r1", ("a", "h1", "f1"), T9, RunOutcome::Pass),
        run("r2", ("a", "h1", "f1"), T9, RunOutcome::Fail),
        run("r3", ("a", "h1", "f1"), T10, RunOutcome::Error),
        run("r4", ("a", "h2", "f1"), "not a time", RunOutcome::Pass),
        run("r5", ("a", "h2", "f1"), "also not", RunOutcome::Fail),
        run("r6", ("b", "h1", "f1"), T11, RunOutcome::Pass),
    ];
    let mut same_id = run("r6", ("b", "h1", "f1"), T11, RunOutcome::Fail);
    cref(&mut same_id).station = "bench-2".into();
    same_id.source = "other/r6.json".into();
    v.push(same_id);
    let mut copy = v[0].clone();
    copy.source = "copy/r1.json".into();
    v.push(copy);
    let mut plain = run("p", ("a", "h1", "f1"), T9, RunOutcome::Pass);
    plain.results.matrix = None;
    v.push(plain);
    let mut stale = run("st", ("a", "h1", "f2"), T9, RunOutcome::Pass);
    cref(&mut stale).host_firmware = "old".into();
    v.push(stale);
    v
}

fn both(runs: &[LoadedRun]) -> (MatrixView, MatrixView) {
    let m = matrix();
    (build_view(Some(&m), runs, GEN), build_view(None, runs, GEN))
}

#[test]
fn reversed_input_gives_the_same_view() {
    let forward = runs();
    let mut backward = forward.clone();
    backward.reverse();
    let (a, b) = (both(&forward), both(&backward));
    assert_eq!(a, b);
    // Spot-check the resolved order: r3 (10:00) over r2 and r1 (09:00; r2 > r1 by id).
    let c = cell_of(&a.0, ("a", "h1", "f1"));
    let sup: Vec<&str> = c.superseded.iter().map(|r| r.run_id.as_str()).collect();
    assert_eq!(c.run.as_ref().map(|r| r.run_id.as_str()), Some("r3"));
    assert_eq!(sup, ["r2", "r1"]);
    assert_eq!(c.superseded[1].source, "copy/r1.json");
    // Same id and time at two stations: bench-2 > bench-1.
    let c = cell_of(&a.0, ("b", "h1", "f1"));
    assert_eq!(c.run.as_ref().map(|r| r.station.as_str()), Some("bench-2"));
    assert!(c.conflict);
    assert_eq!(a.0.unplaced.len(), 2);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn shuffled_input_gives_the_same_view(shuffled in Just(runs()).prop_shuffle()) {
        let expected = both(&runs());
        let got = both(&shuffled);
        prop_assert_eq!(&got, &expected);
        prop_assert_eq!(
            serde_json::to_string(&got.0).unwrap(),
            serde_json::to_string(&expected.0).unwrap()
        );
    }
}
