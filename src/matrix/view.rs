//! The matrix view: every cell with its verdict, the run behind it, the runs it superseded, and
//! why it is stale. Written as `matrix.json` (schema [`SCHEMA`]) and rendered as the HTML and
//! Markdown qualification reports.

use serde::{Deserialize, Serialize};

use super::figures::SkuFigures;
use super::model::{CellKey, FirmwareDef, HostDef, SkuDef};
use crate::results::{ClockKind, Outcome, RunOutcome};

/// The schema tag of matrix.json.
pub const SCHEMA: &str = "optiqual.matrix/1";

/// Coverage of one cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CellStatus {
    /// The latest run passed, with the plan and firmware the matrix names now.
    Qualified,
    /// The latest run found a module outside its limits.
    Failed,
    /// The latest run could not judge (harness, instrument or bus error, or it was aborted).
    Error,
    /// No run of this cell.
    NotRun,
    /// The latest run used an older plan or firmware than the matrix names now; its verdict
    /// is in [`CellView::run`].
    Stale,
}

impl CellStatus {
    /// Lower-case name as in matrix.json.
    pub const fn as_str(self) -> &'static str {
        match self {
            CellStatus::Qualified => "qualified",
            CellStatus::Failed => "failed",
            CellStatus::Error => "error",
            CellStatus::NotRun => "not_run",
            CellStatus::Stale => "stale",
        }
    }

    /// Words for a page a buyer reads.
    pub const fn label(self) -> &'static str {
        match self {
            CellStatus::Qualified => "Qualified",
            CellStatus::Failed => "Failed",
            CellStatus::Error => "Error",
            CellStatus::NotRun => "Not run",
            CellStatus::Stale => "Stale",
        }
    }
}

/// One module of a run, as evidence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModuleSummary {
    /// Slot id.
    pub slot: String,
    /// Vendor as read.
    pub vendor: String,
    /// Part number as read.
    pub pn: String,
    /// Serial number as read.
    pub sn: String,
    /// Revision as read.
    pub rev: String,
    /// The module's outcome.
    pub outcome: Outcome,
}

/// A run, as evidence behind a verdict.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunSummary {
    /// Run id.
    pub run_id: String,
    /// Where the results were read from (results.json path, journal or history).
    pub source: String,
    /// Station that ran it.
    pub station: String,
    /// RFC 3339.
    pub started_at: String,
    /// RFC 3339; recency is judged on it.
    pub finished_at: String,
    /// Virtual or wall.
    pub clock: ClockKind,
    /// The run's outcome.
    pub outcome: RunOutcome,
    /// The plan's name.
    pub plan_name: String,
    /// The plan file the matrix named.
    pub plan_file: String,
    /// SHA-256 of that plan file when the run started.
    pub plan_sha256: String,
    /// SHA-256 of the matrix file when the run started.
    pub matrix_sha256: String,
    /// Host firmware version the run was made under.
    pub host_firmware: String,
    /// Module firmware version the matrix named for the run, if any.
    pub module_firmware: Option<String>,
    /// optiqual version.
    pub tool_version: String,
    /// `K/N` when a shard of a matrix run.
    pub shard: Option<String>,
    /// Modules, in slot order.
    pub modules: Vec<ModuleSummary>,
    /// `slot: check: message` of each check that did not pass (failures first), at most 20.
    pub findings: Vec<String>,
}

/// One cell of the view.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CellView {
    /// SKU × host × firmware.
    pub key: CellKey,
    /// The plan the matrix names for the cell (absent when the cell is known only from runs).
    pub plan: Option<String>,
    /// Coverage.
    pub status: CellStatus,
    /// The run behind the status (the most recent one), if any.
    pub run: Option<RunSummary>,
    /// Older runs of the same cell, newest first.
    pub superseded: Vec<RunSummary>,
    /// Whether the superseded runs disagree with the latest one's outcome.
    pub conflict: bool,
    /// Why the cell is stale (plan changed, firmware changed), empty otherwise.
    pub stale_reasons: Vec<String>,
    /// Why a cell was not run (no such host on the station, another shard's cell, ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// The whole view: matrix.json.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MatrixView {
    /// Always [`SCHEMA`].
    pub schema: String,
    /// The matrix's name.
    pub name: String,
    /// RFC 3339, when the view was built.
    pub generated_at: String,
    /// optiqual version that built the view.
    pub tool_version: String,
    /// The matrix file the view was checked against (absent for a merge without `--matrix`).
    pub matrix_file: Option<String>,
    /// SHA-256 of that file.
    pub matrix_sha256: Option<String>,
    /// SKUs (rows of the heat map).
    pub skus: Vec<SkuDef>,
    /// Hosts (column groups).
    pub hosts: Vec<HostDef>,
    /// Firmware sets (columns within a host).
    pub firmware: Vec<FirmwareDef>,
    /// Every cell, sorted by key.
    pub cells: Vec<CellView>,
    /// Key figures per SKU over the runs behind its cells.
    pub sku_figures: Vec<SkuFigures>,
    /// Results that could not be placed in this matrix, with the reason.
    pub unplaced: Vec<String>,
}
