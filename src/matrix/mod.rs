//! The compatibility matrix (issue 6): which plan qualifies which SKU × host platform ×
//! firmware. The matrix file is read and validated like a plan (file:line:col errors); a station
//! file says which hosts and slots a bench has; shards split the cells across stations; the
//! view joins the cells with the results of runs (latest wins, conflicts and staleness shown).
//! Pure: no I/O besides reading the files in the loaders, no tokio.

pub mod build;
pub mod cell_plan;
pub mod figures;
pub mod figures_extract;
pub mod load;
pub mod merge;
pub mod model;
pub mod raw;
pub mod recency;
pub mod schema;
pub mod shard;
pub mod stale;
pub mod station;
pub mod status_table;
pub mod summary;
pub mod tally;
pub mod validate;
pub mod view;

pub use model::{Cell, CellKey, FirmwareDef, HostDef, Matrix, PortDef, SkuDef, TempGrade};
pub use view::{CellStatus, CellView, MatrixView, RunSummary};

#[cfg(test)]
mod tests_cell_plan;
#[cfg(test)]
mod tests_matrix;
#[cfg(test)]
mod tests_station;
#[cfg(test)]
mod view_tests;
