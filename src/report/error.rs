//! Why a results.json could not be read.

use std::path::PathBuf;

/// A results.json that could not be read, parsed or understood. Every variant names the file;
/// parse errors also name the 1-based line and column.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// The file could not be read.
    #[error("cannot read {}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// What the OS said.
        #[source]
        source: std::io::Error,
    },
    /// Not JSON, or JSON that does not have the shape of results.json.
    #[error("{}:{line}:{column}: malformed results.json: {reason}", path.display())]
    Malformed {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What was wrong, in words.
        reason: String,
    },
    /// A JSON object whose `schema` is absent or is not the one this version reads.
    #[error(
        "{}:{line}:{column}: {}, expected \"{expected}\"",
        path.display(),
        match found {
            Some(f) => format!("results schema {f:?} is not supported"),
            None => "not an optiqual results file: no \"schema\" key".to_string(),
        }
    )]
    WrongSchema {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// The schema the file declares, if any.
        found: Option<String>,
        /// The schema this version reads.
        expected: &'static str,
    },
}
