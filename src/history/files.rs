//! Finding the results.json files of existing reports for `optiqual history import`.

use std::io;
use std::path::{Path, PathBuf};

/// The file name of a run's results.
pub const RESULTS_JSON: &str = "results.json";

/// How deep folders are searched (reports/<run-id>/results.json is 1 deep; archives nest more).
const MAX_DEPTH: usize = 16;

/// A path that could not be read.
#[derive(Debug, thiserror::Error)]
#[error("{}: {source}", path.display())]
pub struct FindError {
    /// The path.
    pub path: PathBuf,
    /// Why.
    pub source: io::Error,
}

/// Each given file as it is, and every `results.json` under each given folder (sorted, symbolic
/// links to folders not followed, at most [`MAX_DEPTH`] levels).
pub fn find_results(paths: &[PathBuf]) -> Result<Vec<PathBuf>, FindError> {
    let mut found = Vec::new();
    for path in paths {
        let meta = std::fs::metadata(path).map_err(|source| FindError {
            path: path.clone(),
            source,
        })?;
        if meta.is_dir() {
            walk(path, 0, &mut found)?;
        } else {
            found.push(path.clone());
        }
    }
    Ok(found)
}

fn walk(dir: &Path, depth: usize, found: &mut Vec<PathBuf>) -> Result<(), FindError> {
    let err = |source| FindError {
        path: dir.to_path_buf(),
        source,
    };
    let mut entries = std::fs::read_dir(dir)
        .map_err(err)?
        .collect::<Result<Vec<_>, _>>()
        .map_err(err)?;
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let path = entry.path();
        let kind = entry.file_type().map_err(err)?;
        if kind.is_dir() && depth < MAX_DEPTH {
            walk(&path, depth + 1, found)?;
        } else if entry.file_name() == RESULTS_JSON && !kind.is_dir() {
            found.push(path);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_are_searched_and_files_kept() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        for d in ["b", "a", "a/nested"] {
            std::fs::create_dir_all(root.join(d)).unwrap();
        }
        std::fs::write(root.join("b/results.json"), "{}").unwrap();
        std::fs::write(root.join("a/nested/results.json"), "{}").unwrap();
        std::fs::write(root.join("a/summary.md"), "").unwrap();
        std::fs::write(root.join("other.json"), "{}").unwrap();
        let found = find_results(&[root.to_path_buf(), root.join("other.json")]).unwrap();
        assert_eq!(
            found,
            [
                root.join("a/nested/results.json"),
                root.join("b/results.json"),
                root.join("other.json")
            ]
        );
        let err = find_results(&[root.join("missing")]).unwrap_err();
        assert!(err.to_string().contains("missing"), "{err}");
    }
}
