//! Writing a matrix view: matrix.json, report.html (the page procurement reads) and summary.md
//! (for pull requests and tickets), into one folder.

use std::io;
use std::path::{Path, PathBuf};

use crate::matrix::summary::LoadedRun;
use crate::matrix::{CellKey, CellStatus, MatrixView};
use crate::report::html;
use crate::report::matrix_md;
use crate::results::RunResults;

/// matrix.json's text (pretty, newline-terminated).
pub fn json(view: &MatrixView) -> String {
    let mut text = serde_json::to_string_pretty(view).unwrap_or_else(|e| {
        // Serialising plain data cannot fail; say so in the output rather than panic.
        format!("{{\"error\": \"cannot serialise the matrix view: {e}\"}}")
    });
    text.push('\n');
    text
}

/// Writes matrix.json, report.html and summary.md into `dir` (created); returns `dir`.
pub fn write(dir: &Path, view: &MatrixView, runs: &[LoadedRun]) -> io::Result<PathBuf> {
    if dir.exists() && !dir.is_dir() {
        return Err(io::Error::other(
            "it is a file, not a folder; give a folder (created when missing)",
        ));
    }
    std::fs::create_dir_all(dir)?;
    let results: Vec<RunResults> = runs.iter().map(|r| r.results.clone()).collect();
    write_atomic(&dir.join("matrix.json"), &json(view))?;
    write_atomic(
        &dir.join("report.html"),
        &html::render_matrix(view, &results),
    )?;
    write_atomic(&dir.join("summary.md"), &matrix_md::matrix_markdown(view))?;
    Ok(dir.to_path_buf())
}

/// Writes through a temporary file, fsync and a rename, so a reader never sees half a report.
fn write_atomic(path: &Path, text: &str) -> io::Result<()> {
    crate::report::write::write_atomically(path, text.as_bytes())
}

/// Puts the reason beside each cell this station did not run; with a shard, the cells of
/// other shards say so.
pub fn note_not_run(view: &mut MatrixView, not_run: &[(CellKey, String)], shard: Option<&str>) {
    for cell in &mut view.cells {
        if cell.status != CellStatus::NotRun {
            continue;
        }
        cell.note = match not_run.iter().find(|(k, _)| *k == cell.key) {
            Some((_, why)) => Some(why.clone()),
            None => shard.map(|s| format!("not in shard {s}")),
        };
    }
}

/// The runs the view's cells show (latest and superseded), in the order given.
pub fn runs_behind(view: &MatrixView, runs: Vec<LoadedRun>) -> Vec<LoadedRun> {
    runs.into_iter()
        .filter(|r| {
            view.cells
                .iter()
                .any(|c| c.run.as_ref().is_some_and(|s| s.run_id == r.results.run_id))
        })
        .collect()
}
