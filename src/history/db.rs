//! Opening the history database: the file, WAL journal, busy timeout, schema and its version.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, OptionalExtension, TransactionBehavior};

use super::error::HistoryError;
use super::schema::{CREATE, SCHEMA_VERSION};

/// How long a writer waits for another station's or process's transaction before giving up.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// The results history: one SQLite file, shared by every run of a reports folder (or of a lab,
/// when stations point `--history` at one file).
#[derive(Debug)]
pub struct History {
    pub(super) conn: Connection,
    pub(super) path: PathBuf,
}

impl History {
    /// Opens the database at `path`, creating the file (and its folder) and the schema when
    /// they are not there. WAL journal and a busy timeout of [`BUSY_TIMEOUT`] let several
    /// processes record into one file.
    pub fn open(path: &Path) -> Result<History, HistoryError> {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|source| HistoryError::Folder {
                path: path.to_path_buf(),
                source,
            })?;
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        Self::connect(path, flags, true)
    }

    /// Opens an existing database; a missing file is [`HistoryError::Missing`] and is not
    /// created (for queries).
    pub fn open_existing(path: &Path) -> Result<History, HistoryError> {
        if !path.is_file() {
            return Err(HistoryError::Missing {
                path: path.to_path_buf(),
            });
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        Self::connect(path, flags, false)
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn connect(path: &Path, flags: OpenFlags, create: bool) -> Result<History, HistoryError> {
        let err = |what: &str| {
            let what = what.to_string();
            move |e| HistoryError::sql(path, what, e)
        };
        let mut conn = Connection::open_with_flags(path, flags).map_err(err("opening"))?;
        conn.busy_timeout(BUSY_TIMEOUT)
            .map_err(err("setting the busy timeout"))?;
        let mode = wal_mode(&conn).map_err(err("switching to the WAL journal"))?;
        tracing::debug!(path = %path.display(), mode, "history database opened");
        // A creator takes the write lock at once (two first writers must not both create).
        let behavior = if create {
            TransactionBehavior::Immediate
        } else {
            TransactionBehavior::Deferred
        };
        let tx = conn
            .transaction_with_behavior(behavior)
            .map_err(err("checking the schema"))?;
        let has_version: bool = tx
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'",
                [],
                |r| r.get::<_, i64>(0),
            )
            .map_err(err("checking the schema"))?
            > 0;
        if has_version {
            let found: Option<i64> = tx
                .query_row("SELECT max(version) FROM schema_version", [], |r| r.get(0))
                .optional()
                .map_err(err("reading the schema version"))?
                .flatten();
            match found {
                Some(v) if v == SCHEMA_VERSION => {}
                Some(found) => {
                    return Err(HistoryError::SchemaVersion {
                        path: path.to_path_buf(),
                        found,
                        expected: SCHEMA_VERSION,
                    });
                }
                None => {
                    return Err(HistoryError::NotHistory {
                        path: path.to_path_buf(),
                        why: "its schema_version table is empty".into(),
                    });
                }
            }
        } else {
            let tables: i64 = tx
                .query_row(
                    "SELECT count(*) FROM sqlite_master WHERE type = 'table'",
                    [],
                    |r| r.get(0),
                )
                .map_err(err("checking the schema"))?;
            if tables > 0 || !create {
                return Err(HistoryError::NotHistory {
                    path: path.to_path_buf(),
                    why: "it has no schema_version table".into(),
                });
            }
            tx.execute_batch(CREATE)
                .map_err(err("creating the tables"))?;
            tx.execute(
                "INSERT INTO schema_version (version) VALUES (?1)",
                [SCHEMA_VERSION],
            )
            .map_err(err("creating the tables"))?;
        }
        tx.commit().map_err(err("creating the tables"))?;
        Ok(History {
            conn,
            path: path.to_path_buf(),
        })
    }
}

/// Switches `conn` to the WAL journal. SQLite does not call the busy handler for a journal-mode
/// change, so two processes opening a new database at once can see SQLITE_BUSY here: retry for
/// as long as the busy timeout allows.
fn wal_mode(conn: &rusqlite::Connection) -> rusqlite::Result<String> {
    let deadline = std::time::Instant::now() + BUSY_TIMEOUT;
    loop {
        match conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0)) {
            Err(rusqlite::Error::SqliteFailure(e, _))
                if e.code == rusqlite::ErrorCode::DatabaseBusy
                    && std::time::Instant::now() < deadline =>
            {
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            other => return other,
        }
    }
}
