//! The run journal: an append-only JSONL file, one event a line, fsync'd at every step boundary
//! (design.md §5). A run killed at any point loses no completed step; `--resume` reads it back.
//!
//! Reading tolerates exactly one kind of damage: a last line cut short by a crash (no trailing
//! newline, or not valid JSON at the very end). Anything else wrong is an error naming the line.

use std::fs::{File, OpenOptions};
use std::io::{self, BufRead, BufReader, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::results::{CellRef, CheckResult, ClockKind, Identity, PlanRef, RunOutcome};

/// The schema tag written in the first event.
pub const JOURNAL_SCHEMA: &str = "optiqual.journal/1";

/// One journal line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum Event {
    /// First line: what is being run.
    RunStarted {
        /// [`JOURNAL_SCHEMA`].
        schema: String,
        /// Run id.
        run_id: String,
        /// RFC 3339.
        started_at: String,
        /// Wall start, ms since the Unix epoch (virtual timestamps count from it).
        started_unix_ms: i64,
        /// Virtual or wall.
        clock: ClockKind,
        /// The plan.
        plan: PlanRef,
        /// The plan file's text, so a resume runs exactly the same plan.
        plan_text: String,
        /// Station snapshot.
        station: serde_json::Value,
        /// optiqual version.
        tool_version: String,
        /// The matrix cell the run qualifies (`optiqual matrix run`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        matrix: Option<Box<CellRef>>,
    },
    /// A module's identity was read.
    ModuleIdentified {
        /// Slot id.
        slot: String,
        /// Identity.
        identity: Identity,
    },
    /// A check of a module ended (every attempt inside).
    CheckFinished {
        /// Slot id.
        slot: String,
        /// Run clock at the end of the step, ms since the run started.
        elapsed_ms: u64,
        /// The result.
        check: CheckResult,
    },
    /// The run was resumed from this journal.
    Resumed {
        /// RFC 3339 wall time of the resume.
        at: String,
        /// Run clock the resume continues from, ms.
        elapsed_ms: u64,
    },
    /// The run ended (normally or interrupted).
    RunFinished {
        /// RFC 3339.
        finished_at: String,
        /// Run clock at the end, ms.
        elapsed_ms: u64,
        /// Outcome.
        outcome: RunOutcome,
    },
}

/// Why a journal cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum JournalError {
    /// File-system error.
    #[error("{path}: {source}")]
    Io {
        /// The journal.
        path: PathBuf,
        /// Cause.
        #[source]
        source: io::Error,
    },
    /// A line is not a journal event.
    #[error(
        "{path}:{line}: not a journal event ({message}); the journal is damaged before its last line"
    )]
    Corrupt {
        /// The journal.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// Parser message.
        message: String,
    },
    /// The first event is not `run_started` or the schema differs.
    #[error("{path}: not an optiqual journal ({0}); expected a first line with \"event\":\"run_started\" and schema {JOURNAL_SCHEMA}", path = .1.display())]
    NotAJournal(String, PathBuf),
}

/// An open journal for appending.
#[derive(Debug)]
pub struct JournalWriter {
    file: File,
    path: PathBuf,
}

impl JournalWriter {
    /// Creates a new journal (fails if it exists: never overwrite a run's record).
    pub fn create(path: &Path) -> Result<Self, JournalError> {
        let io = |source| JournalError::Io {
            path: path.to_path_buf(),
            source,
        };
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(io)?;
        }
        let file = OpenOptions::new()
            .create_new(true)
            .append(true)
            .open(path)
            .map_err(io)?;
        Ok(JournalWriter {
            file,
            path: path.to_path_buf(),
        })
    }

    /// Opens an existing journal to append to it (resume). A torn last line is cut off first so
    /// the next event starts on a line of its own.
    pub fn append(path: &Path) -> Result<Self, JournalError> {
        let io = |source| JournalError::Io {
            path: path.to_path_buf(),
            source,
        };
        let text = std::fs::read(path).map_err(io)?;
        let keep = match text.iter().rposition(|b| *b == b'\n') {
            Some(i) => i + 1,
            None => 0,
        };
        let file = OpenOptions::new().write(true).open(path).map_err(io)?;
        file.set_len(keep as u64).map_err(io)?;
        drop(file);
        let file = OpenOptions::new().append(true).open(path).map_err(io)?;
        Ok(JournalWriter {
            file,
            path: path.to_path_buf(),
        })
    }

    /// Appends one event and makes it durable (write + fsync) before returning.
    pub fn record(&mut self, event: &Event) -> Result<(), JournalError> {
        let mut line = serde_json::to_string(event).map_err(|e| JournalError::Io {
            path: self.path.clone(),
            source: io::Error::other(e),
        })?;
        line.push('\n');
        let io = |source| JournalError::Io {
            path: self.path.clone(),
            source,
        };
        self.file.write_all(line.as_bytes()).map_err(io)?;
        self.file.sync_data().map_err(io)
    }

    /// The journal's path.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

/// Reads every event of a journal, ignoring a last line torn by a crash.
pub fn read(path: &Path) -> Result<Vec<Event>, JournalError> {
    let io = |source| JournalError::Io {
        path: path.to_path_buf(),
        source,
    };
    let file = File::open(path).map_err(io)?;
    let mut lines: Vec<(usize, String, bool)> = Vec::new();
    let mut reader = BufReader::new(file);
    let mut n = 0;
    loop {
        let mut buf = String::new();
        let got = reader.read_line(&mut buf).map_err(io)?;
        if got == 0 {
            break;
        }
        n += 1;
        let complete = buf.ends_with('\n');
        lines.push((n, buf, complete));
    }
    let last = lines.len();
    let mut events = Vec::with_capacity(last);
    for (i, (line_no, text, complete)) in lines.into_iter().enumerate() {
        if text.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<Event>(text.trim_end()) {
            Ok(e) if complete || i + 1 < last => events.push(e),
            Ok(_) => {} // torn last line that happens to parse: the write was not finished
            Err(_) if i + 1 == last => {} // torn last line
            Err(e) => {
                return Err(JournalError::Corrupt {
                    path: path.to_path_buf(),
                    line: line_no,
                    message: e.to_string(),
                });
            }
        }
    }
    match events.first() {
        Some(Event::RunStarted { schema, .. }) if schema == JOURNAL_SCHEMA => Ok(events),
        Some(Event::RunStarted { schema, .. }) => Err(JournalError::NotAJournal(
            format!("schema {schema}"),
            path.to_path_buf(),
        )),
        Some(_) => Err(JournalError::NotAJournal(
            "the first event is not run_started".into(),
            path.to_path_buf(),
        )),
        None => Err(JournalError::NotAJournal(
            "it is empty".into(),
            path.to_path_buf(),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::results::Outcome;

    fn started() -> Event {
        Event::RunStarted {
            schema: JOURNAL_SCHEMA.into(),
            run_id: "r1".into(),
            started_at: "2026-11-24T09:00:00Z".into(),
            started_unix_ms: 1_795_510_800_000,
            clock: ClockKind::Virtual,
            plan: PlanRef {
                path: "p.yaml".into(),
                name: "p".into(),
                sha256: "ab".into(),
            },
            plan_text: "plan: p\n".into(),
            station: serde_json::json!({"slots": []}),
            tool_version: "0.1.0".into(),
            matrix: None,
        }
    }

    fn check(id: &str) -> Event {
        Event::CheckFinished {
            slot: "p1".into(),
            elapsed_ms: 1000,
            check: CheckResult {
                id: id.into(),
                kind: "identity".into(),
                outcome: Outcome::Pass,
                attempts: 1,
                started_at: "2026-11-24T09:00:00Z".into(),
                duration_s: 0.1,
                message: String::new(),
                measurements: vec![],
                attempt_log: vec![],
                series: vec![],
            },
        }
    }

    #[test]
    fn events_round_trip_and_survive_a_torn_last_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("run/journal.jsonl");
        let mut w = JournalWriter::create(&path).unwrap();
        w.record(&started()).unwrap();
        w.record(&check("identity")).unwrap();
        drop(w);
        assert!(JournalWriter::create(&path).is_err(), "never overwritten");
        // A crash in the middle of the next write.
        let mut f = OpenOptions::new().append(true).open(&path).unwrap();
        f.write_all(br#"{"event":"check_finished","slot":"p1","el"#)
            .unwrap();
        drop(f);
        let events = read(&path).unwrap();
        assert_eq!(events, vec![started(), check("identity")]);
        // Resuming cuts the torn line and appends cleanly.
        let mut w = JournalWriter::append(&path).unwrap();
        w.record(&check("power_up")).unwrap();
        let events = read(&path).unwrap();
        assert_eq!(events.len(), 3);
        assert_eq!(events[2], check("power_up"));
    }

    #[test]
    fn damage_before_the_last_line_names_the_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("j.jsonl");
        let good = serde_json::to_string(&started()).unwrap();
        std::fs::write(&path, format!("{good}\nnot json\n{good}\n")).unwrap();
        let e = read(&path).unwrap_err().to_string();
        assert!(e.contains(":2:"), "{e}");
        std::fs::write(&path, "").unwrap();
        assert!(read(&path).unwrap_err().to_string().contains("empty"));
        let c = serde_json::to_string(&check("x")).unwrap();
        std::fs::write(&path, format!("{c}\n")).unwrap();
        assert!(read(&path).unwrap_err().to_string().contains("run_started"));
    }
}
