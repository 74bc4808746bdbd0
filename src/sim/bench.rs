//! [`SimLab`]: a whole simulated bench — modules in cages with host controls, a chamber whose
//! air the modules feel, a power meter patched (by a simulated optical switch) to any module's
//! lane, and switch ports whose FEC counters follow each module's received light. Built for
//! virtual-time runs on the mock and for check tests; knows no plans.

use std::sync::{Arc, Mutex};

use crate::ber::rates::PortType;
use crate::ber::waterfall::Waterfall;
use crate::memmap::image::ModuleImage;
use crate::sim::clock::TokioClock;
use crate::sim::lab::{ChamberConfig, MeterAccuracy, SimChamber, SimMeter};
use crate::sim::module::{Link, SimControl, SimError, SimHandle, SimModule, SimParams};
use crate::sim::switch::{SimPortConfig, SimSwitch};

/// One module to put on the bench.
#[derive(Debug, Clone)]
pub struct SimSlotSpec {
    /// Name for logs (slot id).
    pub name: String,
    /// Its memory.
    pub image: ModuleImage,
    /// Its parameters.
    pub params: SimParams,
    /// Switch port name and type, when its link ends on a simulated switch port.
    pub port: Option<(String, PortType)>,
}

/// A module on the bench.
#[derive(Debug, Clone)]
pub struct SimSlot {
    /// Transport to the module (clone it for each bus).
    pub module: SimModule,
    /// Host controls of its cage.
    pub control: SimControl,
}

/// The bench.
pub struct SimLab {
    /// Modules in slot order.
    pub slots: Vec<SimSlot>,
    /// The chamber every module sits in.
    pub chamber: SimChamber,
    /// The meter; what it reads is chosen with [`SimLab::route_meter`].
    pub meter: SimMeter,
    /// Which (slot index, lane) the meter's channel 1 is patched to.
    route: Arc<Mutex<Option<(usize, u16)>>>,
    /// The switch whose ports count the modules' FEC errors.
    pub switch: Arc<SimSwitch>,
}

/// Patches the meter to (slot index, lane) or to nothing.
pub type MeterRouter = Arc<dyn Fn(Option<(usize, u16)>) + Send + Sync>;

/// Sensitivity of the simulated switch receivers (dBm at the pre-FEC limit 2.4e-4).
pub const SWITCH_SENSITIVITY_DBM: f64 = -10.0;

fn lane_tx_dbm(handle: &SimHandle, lane: u16) -> Option<f64> {
    let truth = handle.truth();
    let t = truth.lanes.get(usize::from(lane).checked_sub(1)?)?;
    (t.tx_mw > 0.0).then(|| 10.0 * t.tx_mw.log10())
}

fn lane_rx_dbm(handle: &SimHandle, lane: usize) -> Option<f64> {
    let truth = handle.truth();
    let t = truth.lanes.get(lane)?;
    (t.rx_mw > 0.0).then(|| 10.0 * t.rx_mw.log10())
}

impl SimLab {
    /// Builds the bench on the tokio clock (virtual when the runtime is paused): every module
    /// powered on now and looped back, its ambient following the chamber's air.
    pub fn build(specs: Vec<SimSlotSpec>) -> Result<SimLab, SimError> {
        let chamber = SimChamber::new(ChamberConfig::default());
        let air = chamber.handle();
        let route: Arc<Mutex<Option<(usize, u16)>>> = Arc::new(Mutex::new(None));
        let switch = Arc::new(SimSwitch::new());
        let mut slots = Vec::with_capacity(specs.len());
        for (i, spec) in specs.into_iter().enumerate() {
            let loss = spec.params.loss_db;
            let module = SimModule::new(spec.image, spec.params, Arc::new(TokioClock::new()))?
                .named(spec.name.clone());
            let handle = module.handle();
            let air = air.clone();
            handle.set_ambient_source(move || air.temperature());
            let control = SimControl::new(handle.clone(), Link::Loopback { loss_db: loss });
            if let Some((port, port_type)) = spec.port {
                if let Some(waterfall) = Waterfall::from_limit(SWITCH_SENSITIVITY_DBM, 2.4e-4) {
                    let h = handle.clone();
                    let config =
                        SimPortConfig::new(port, port_type, waterfall).with_seed(i as u64 + 1);
                    // The port hears lane 1 of the module (the lanes of one port share a fate
                    // in this model); a port type without RS-FEC has no counters to simulate.
                    let _ = switch.add_port(config, Arc::new(move || lane_rx_dbm(&h, 0)));
                }
            }
            slots.push(SimSlot { module, control });
        }
        let handles: Vec<SimHandle> = slots.iter().map(|s| s.control.handle().clone()).collect();
        let r = Arc::clone(&route);
        let meter = SimMeter::new(
            1,
            Arc::new(move |_channel| {
                let (slot, lane) = (*r.lock().ok()?)?;
                lane_tx_dbm(handles.get(slot)?, lane)
            }),
            MeterAccuracy::default(),
        );
        Ok(SimLab {
            slots,
            chamber,
            meter,
            route,
            switch,
        })
    }

    /// Patches the meter to `lane` (1-based) of the module in slot `index` (`None`: dark).
    pub fn route_meter(&self, target: Option<(usize, u16)>) {
        if let Ok(mut r) = self.route.lock() {
            *r = target;
        }
    }

    /// A closure that patches the meter, for whoever holds the meter (the station).
    pub fn meter_router(&self) -> MeterRouter {
        let route = Arc::clone(&self.route);
        Arc::new(move |target| {
            if let Ok(mut r) = route.lock() {
                *r = target;
            }
        })
    }
}
