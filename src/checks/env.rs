//! What a check works with: the plan, its slot, the module (paged access), the host's controls
//! and the station's shared instruments.

use std::sync::Arc;

use tokio::sync::Mutex;

use crate::counters::CounterSource;
use crate::instruments::host::HostControl;
use crate::instruments::{Chamber, PowerMeter};
use crate::memmap::{self, Decoded};
use crate::module::ModuleError;
use crate::module::dump::{Dump, dump_module};
use crate::module::paged::PagedModule;
use crate::plan::Plan;
use crate::plan::model::Slot;

use super::sweep::Rendezvous;

/// Instruments and coordination shared by every module of the station.
pub struct Station {
    /// Thermal chamber or forcing system, if the plan has one.
    pub chamber: Option<Mutex<Box<dyn Chamber>>>,
    /// Optical power meter, if the plan has one.
    pub meter: Option<Mutex<Box<dyn PowerMeter>>>,
    /// FEC counter source, if the plan has one.
    pub counters: Option<Arc<dyn CounterSource>>,
    /// Patches the meter to (slot index, lane 1-based), or to nothing; `None` when the meter is
    /// fixed to one fibre (then only the lane the plan names is measured).
    pub meter_route: Option<MeterRoute>,
    /// Where modules meet for shared steps (the chamber's setpoints).
    pub rendezvous: Rendezvous,
}

/// Patches the power meter to a module's lane (an optical switch in front of the meter).
pub type MeterRoute = Arc<dyn Fn(Option<(usize, u16)>) + Send + Sync>;

impl Station {
    /// A station without instruments, for `modules` modules.
    pub fn bare(modules: usize) -> Self {
        Station {
            chamber: None,
            meter: None,
            counters: None,
            meter_route: None,
            rendezvous: Rendezvous::new(modules),
        }
    }
}

/// One check's view of its module.
pub struct CheckEnv<'a> {
    /// The plan being run.
    pub plan: &'a Plan,
    /// The slot of this module.
    pub slot: &'a Slot,
    /// Its index in the station's slots (for the meter route).
    pub slot_index: usize,
    /// Paged access to the module (every write passes the allowlist).
    pub module: &'a mut PagedModule,
    /// The host's controls of this slot (pins, power, probe).
    pub host: &'a dyn HostControl,
    /// Shared instruments.
    pub station: &'a Station,
}

impl CheckEnv<'_> {
    /// Reads every advertised page and decodes them. A page that fails to read fails the
    /// snapshot (the error names it).
    pub async fn snapshot(&mut self) -> Result<(Dump, Decoded), SnapshotError> {
        let dump = dump_module(self.module).await.map_err(SnapshotError::Bus)?;
        if let Some(e) = dump.failures.first() {
            return Err(SnapshotError::Page(e.to_string()));
        }
        let decoded =
            memmap::decode(&dump.image).map_err(|e| SnapshotError::Decode(e.to_string()))?;
        Ok((dump, decoded))
    }
}

/// Why a snapshot of the module could not be taken (an ERROR of the harness or bus, never a
/// FAIL of the module).
#[derive(Debug, thiserror::Error)]
pub enum SnapshotError {
    /// The lower page could not be read.
    #[error("{0}")]
    Bus(#[source] ModuleError),
    /// An advertised page could not be read.
    #[error("{0}")]
    Page(String),
    /// The memory is not a module this tool decodes.
    #[error("{0}")]
    Decode(String),
}
