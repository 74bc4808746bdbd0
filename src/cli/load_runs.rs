//! Reading the results of many runs for `report merge` and `matrix status`: results.json files,
//! journals, or folders searched for them. A file that cannot be read is named in a warning and
//! left out (a results.json with a readable journal beside it is read from the journal); the
//! others are kept.

use std::path::{Path, PathBuf};

use crate::matrix::summary::LoadedRun;
use crate::results::RunResults;

use super::cmd_report::load_results;

/// How deep folders are searched (`reports/<run-id>/results.json` is depth 2).
const MAX_DEPTH: usize = 4;

/// The runs found under `inputs`, and a warning for each input that could not be read.
pub fn load_runs(inputs: &[PathBuf]) -> (Vec<LoadedRun>, Vec<String>) {
    let mut files = Vec::new();
    let mut warnings = Vec::new();
    for input in inputs {
        if input.is_dir() {
            find_results(input, 0, &mut files, &mut warnings);
        } else if input.exists() {
            files.push(input.clone());
        } else {
            warnings.push(format!("{}: no such file or folder", input.display()));
        }
    }
    // The same file named twice (`r`, `./r`, a symlink) is read once.
    files.sort_by_cached_key(|f| std::fs::canonicalize(f).unwrap_or_else(|_| f.clone()));
    files.dedup_by_key(|f| std::fs::canonicalize(&*f).unwrap_or_else(|_| f.clone()));
    let mut runs = Vec::new();
    for file in &files {
        match load_results(file) {
            Ok(results) => runs.push(LoadedRun {
                source: file.display().to_string(),
                results,
            }),
            Err(failure) => match journal_beside(file, &files) {
                Some((journal, results)) => {
                    warnings.push(format!(
                        "{failure}; read the run from its journal {} instead",
                        journal.display()
                    ));
                    runs.push(LoadedRun {
                        source: journal.display().to_string(),
                        results,
                    });
                }
                None => warnings.push(failure.to_string()),
            },
        }
    }
    (runs, warnings)
}

/// For a results.json that cannot be read, the run rebuilt from the journal beside it (every
/// completed step is there), unless that journal is read anyway.
fn journal_beside(file: &Path, files: &[PathBuf]) -> Option<(PathBuf, RunResults)> {
    if file.file_name()? != "results.json" {
        return None;
    }
    let journal = file.with_file_name("journal.jsonl");
    if files.contains(&journal) {
        return None;
    }
    let results = load_results(&journal).ok()?;
    Some((journal, results))
}

/// The inputs as one comma-separated list, for messages.
pub fn list(inputs: &[PathBuf]) -> String {
    inputs
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Every `results.json` under `dir`; for a run folder holding only a journal (an interrupted
/// run), the journal.
fn find_results(dir: &Path, depth: usize, out: &mut Vec<PathBuf>, warnings: &mut Vec<String>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            warnings.push(format!("{}: cannot list: {e}", dir.display()));
            return;
        }
    };
    let mut subdirs = Vec::new();
    let mut results = None;
    let mut journal = None;
    for entry in entries.flatten() {
        let path = entry.path();
        match path.file_name().and_then(|n| n.to_str()) {
            Some("results.json") => results = Some(path),
            Some("journal.jsonl") => journal = Some(path),
            _ if path.is_dir() => subdirs.push(path),
            _ => {}
        }
    }
    if let Some(r) = results.or(journal) {
        out.push(r);
    }
    if depth < MAX_DEPTH {
        subdirs.sort();
        for sub in subdirs {
            find_results(&sub, depth + 1, out, warnings);
        }
    }
}
