//! The tables of the history database and their version.
//!
//! One row per run (`runs`, keyed by run id), its modules, its checks (last attempt), and the
//! key figures of each module ([`crate::matrix::figures_extract`]) as named rows
//! ([`super::figure_rows`]). Modules, checks and figures carry no uniqueness constraint of their
//! own: a results.json written by hand may repeat a slot or a check id and is still recorded.

/// The schema version this build reads and writes; a database of another version is refused.
pub const SCHEMA_VERSION: i64 = 1;

/// Creates every table and index (idempotent).
pub const CREATE: &str = r#"
CREATE TABLE IF NOT EXISTS schema_version (
    version INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS runs (
    run_id          TEXT PRIMARY KEY,
    matrix          TEXT,
    sku             TEXT,
    host            TEXT,
    firmware        TEXT,
    host_firmware   TEXT,
    module_firmware TEXT,
    station         TEXT,
    plan_name       TEXT NOT NULL,
    plan_path       TEXT NOT NULL,
    plan_sha256     TEXT NOT NULL,
    tool_version    TEXT NOT NULL,
    clock           TEXT NOT NULL,
    started_at      TEXT NOT NULL,
    finished_at     TEXT NOT NULL,
    outcome         TEXT NOT NULL,
    source          TEXT NOT NULL,
    recorded_at     TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS runs_by_sku ON runs (sku);
CREATE TABLE IF NOT EXISTS modules (
    run_id  TEXT NOT NULL,
    slot    TEXT NOT NULL,
    vendor  TEXT NOT NULL,
    pn      TEXT NOT NULL,
    sn      TEXT NOT NULL,
    rev     TEXT NOT NULL,
    outcome TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS modules_by_run ON modules (run_id);
CREATE INDEX IF NOT EXISTS modules_by_pn ON modules (pn);
CREATE TABLE IF NOT EXISTS checks (
    run_id     TEXT NOT NULL,
    slot       TEXT NOT NULL,
    check_id   TEXT NOT NULL,
    kind       TEXT NOT NULL,
    outcome    TEXT NOT NULL,
    attempts   INTEGER NOT NULL,
    duration_s REAL,
    message    TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS checks_by_run ON checks (run_id);
CREATE TABLE IF NOT EXISTS figures (
    run_id  TEXT NOT NULL,
    slot    TEXT NOT NULL,
    name    TEXT NOT NULL,
    value   REAL,
    unit    TEXT NOT NULL,
    "limit" REAL,
    outcome TEXT,
    source  TEXT
);
CREATE INDEX IF NOT EXISTS figures_by_run ON figures (run_id);
"#;
