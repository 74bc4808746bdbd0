//! The report samples (every outcome, hostile text, a large station) go through the view
//! without panics, and the status table stays one line per cell.

use super::*;
use crate::matrix::build::build_view;
use crate::matrix::status_table::status_table;
use crate::matrix::summary::{MAX_FINDINGS, summarize};
use crate::report::samples;

#[test]
fn every_sample_summarizes_and_lands_in_a_cell() {
    let template = run("t", ("a", "h1", "f1"), T9, RunOutcome::Pass);
    let mut loaded = Vec::new();
    for (i, (name, results)) in samples::all().into_iter().enumerate() {
        let mut results = results;
        let mut cref = template
            .results
            .matrix
            .clone()
            .expect("template has a cell");
        // Hostile text in the cell reference too.
        cref.station = format!("bench\n{name}\u{7}");
        cref.sku = if i % 2 == 0 { "a".into() } else { "b".into() };
        results.matrix = Some(cref);
        let run = LoadedRun {
            source: format!("samples/{name}.json"),
            results,
        };
        let s = summarize(&run);
        assert!(s.findings.len() <= MAX_FINDINGS, "{name}");
        assert!(s.findings.iter().all(|f| !f.contains('\n')), "{name}");
        loaded.push(run);
    }
    let many = LoadedRun {
        source: "samples/many.json".into(),
        results: samples::many(200),
    };
    assert_eq!(summarize(&many).modules.len(), 200);

    for view in [
        build_view(Some(&matrix()), &loaded, GEN),
        build_view(None, &loaded, GEN),
    ] {
        let table = status_table(&view);
        let table_lines = table.lines().take_while(|l| !l.is_empty()).count();
        assert_eq!(table_lines, 1 + view.cells.len());
        assert!(!table.chars().any(|c| c.is_control() && c != '\n'));
        assert!(!table.contains('\u{202E}'));
    }
}
