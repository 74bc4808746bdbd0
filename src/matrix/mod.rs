//! The compatibility matrix (issue 6): which plan qualifies which SKU × host platform ×
//! firmware. The matrix file is read and validated like a plan (file:line:col errors); a station
//! file says which hosts and slots a bench has; shards split the cells across stations; the
//! view joins the cells with the results of runs (latest wins, conflicts and staleness shown).
//! Pure: no I/O besides reading the files in the loaders, no tokio.

pub mod figures;
pub mod model;
pub mod view;

pub use model::{Cell, CellKey, FirmwareDef, HostDef, Matrix, PortDef, SkuDef, TempGrade};
pub use view::{CellStatus, CellView, MatrixView, RunSummary};
pub mod cell_plan;
pub mod load;
pub mod raw;
pub mod schema;
pub mod shard;
pub mod station;
#[cfg(test)]
mod tests_cell_plan;
#[cfg(test)]
mod tests_matrix;
#[cfg(test)]
mod tests_station;
pub mod validate;
