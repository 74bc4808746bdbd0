//! Writing a matrix view: matrix.json, report.html (the page procurement reads) and summary.md
//! (for pull requests and tickets), into one folder.

use std::io;
use std::path::{Path, PathBuf};

use crate::matrix::summary::LoadedRun;
use crate::matrix::{CellKey, CellStatus, MatrixView};
use crate::report::html;
use crate::report::matrix_md;

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
    write_atomic(&dir.join("matrix.json"), &json(view))?;
    let page = html::render_matrix(view, runs.iter().map(|r| &r.results));
    write_atomic(&dir.join("report.html"), &page)?;
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
    let reasons: std::collections::HashMap<&CellKey, &String> =
        not_run.iter().map(|(k, why)| (k, why)).collect();
    for cell in &mut view.cells {
        if cell.status != CellStatus::NotRun {
            continue;
        }
        cell.note = match reasons.get(&cell.key) {
            Some(why) => Some((*why).clone()),
            None => shard.map(|s| format!("not in shard {s}")),
        };
    }
}

/// The runs that decide the view's cells (the latest of each), in the order given.
pub fn runs_behind(view: &MatrixView, runs: Vec<LoadedRun>) -> Vec<LoadedRun> {
    let shown: std::collections::HashSet<&str> = view
        .cells
        .iter()
        .filter_map(|c| c.run.as_ref().map(|s| s.run_id.as_str()))
        .collect();
    runs.into_iter()
        .filter(|r| shown.contains(r.results.run_id.as_str()))
        .collect()
}
