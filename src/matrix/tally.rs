//! How many cells of a view are in each state: the coverage line of `optiqual matrix status`.

use std::fmt;

use super::view::{CellStatus, MatrixView};

/// Cell counts per status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    /// Cells whose latest run passed with the plan and firmware named now.
    pub qualified: usize,
    /// Cells whose latest run failed.
    pub failed: usize,
    /// Cells whose latest run errored or was aborted.
    pub error: usize,
    /// Cells with no run.
    pub not_run: usize,
    /// Cells whose latest run used an older plan or firmware.
    pub stale: usize,
}

impl Tally {
    /// All cells counted.
    pub fn total(&self) -> usize {
        self.qualified + self.failed + self.error + self.not_run + self.stale
    }
}

/// Counts the cells of `view` by status.
pub fn tally(view: &MatrixView) -> Tally {
    let mut t = Tally::default();
    for cell in &view.cells {
        let count = match cell.status {
            CellStatus::Qualified => &mut t.qualified,
            CellStatus::Failed => &mut t.failed,
            CellStatus::Error => &mut t.error,
            CellStatus::NotRun => &mut t.not_run,
            CellStatus::Stale => &mut t.stale,
        };
        *count += 1;
    }
    t
}

impl fmt::Display for Tally {
    /// `12 qualified, 1 failed, 0 error, 3 not run, 2 stale`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} qualified, {} failed, {} error, {} not run, {} stale",
            self.qualified, self.failed, self.error, self.not_run, self.stale
        )
    }
}
