//! The results history (issue 6, item 5): every run recorded in an embedded SQLite database
//! (`reports/history.db` by default), so `optiqual history SKU` shows how a SKU's key figures
//! and pass rate moved across runs, stations, hosts and firmware.
//!
//! [`History::open`] creates the file and schema (WAL journal, a busy timeout so several
//! stations and processes can write); [`History::record`] stores a run in one transaction,
//! replacing an earlier record of the same run id; [`History::runs_for_sku`] reads a SKU's runs
//! newest first; [`trend`] compares their first and latest figures; [`text`] prints them.

mod db;
mod error;
pub mod figure_rows;
pub mod files;
mod query;
mod record;
mod schema;
#[cfg(test)]
mod tests;
pub mod text;
mod trend;

pub use db::{BUSY_TIMEOUT, History};
pub use error::HistoryError;
pub use query::{HistoryFilter, HistoryRow};
pub use record::{RecordOutcome, sku_of};
pub use schema::SCHEMA_VERSION;
pub use trend::{Direction, FigureTrend, HistoryReport, StationRate, Trend, trend};
