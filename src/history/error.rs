//! What can go wrong with the history database; every error names the file.

use std::path::PathBuf;

/// An error of the results history, naming the database file.
#[derive(Debug, thiserror::Error)]
pub enum HistoryError {
    /// The database file is not there (queries never create it).
    #[error(
        "history database {} does not exist; `optiqual run` records each run in <reports>/history.db, or fill it from existing reports with `optiqual history import reports/ --db {}`",
        path.display(),
        path.display()
    )]
    Missing {
        /// The file.
        path: PathBuf,
    },
    /// The folder of a new database cannot be created.
    #[error("history database {}: cannot create its folder: {source}", path.display())]
    Folder {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The file is not an optiqual history database.
    #[error(
        "{} is not an optiqual history database ({why}); give another --db, or move the file away",
        path.display()
    )]
    NotHistory {
        /// The file.
        path: PathBuf,
        /// What was found instead.
        why: String,
    },
    /// The database was written by a version of optiqual with another schema.
    #[error(
        "history database {} has schema version {found}, this optiqual reads version {expected}; move it away (`mv {} {}.v{found}`) and rebuild it from the reports with `optiqual history import reports/`",
        path.display(),
        path.display(),
        path.display()
    )]
    SchemaVersion {
        /// The file.
        path: PathBuf,
        /// Version in the file.
        found: i64,
        /// Version this build reads and writes.
        expected: i64,
    },
    /// SQLite refused an operation (locked past the busy timeout, disk full, read-only, ...).
    #[error("history database {}: {what}: {source}", path.display())]
    Sql {
        /// The file.
        path: PathBuf,
        /// What was being done, e.g. `recording run r1`.
        what: String,
        /// SQLite's error.
        source: rusqlite::Error,
    },
}

impl HistoryError {
    /// Wraps an SQLite error of `what` on `path`; "file is not a database" becomes
    /// [`HistoryError::NotHistory`].
    pub fn sql(path: &std::path::Path, what: impl Into<String>, source: rusqlite::Error) -> Self {
        if source.sqlite_error_code() == Some(rusqlite::ErrorCode::NotADatabase) {
            return HistoryError::NotHistory {
                path: path.to_path_buf(),
                why: "not an SQLite file".into(),
            };
        }
        HistoryError::Sql {
            path: path.to_path_buf(),
            what: what.into(),
            source,
        }
    }
}
