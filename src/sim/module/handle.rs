//! [`SimHandle`]: how tests, the runner and the simulated chamber drive a simulated module from
//! outside the bus — the environment, the link, the pins, faults — and read its true state.
//! Every call first brings the module to the clock's present, so a change takes effect from
//! that moment.

use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use super::dom::Truth;
use super::model::Model;
use super::params::{Fault, SimParams};
use super::physics::Link;
use super::state::SpecState;

/// A cheap, cloneable handle on one simulated module.
#[derive(Debug, Clone)]
pub struct SimHandle {
    model: Arc<Mutex<Model>>,
}

/// Locks the model; a panic in another holder does not make the model unusable.
pub(super) fn lock(model: &Mutex<Model>) -> MutexGuard<'_, Model> {
    model
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl SimHandle {
    pub(super) fn new(model: Arc<Mutex<Model>>) -> Self {
        SimHandle { model }
    }

    /// Runs `f` on the model brought to now, then lets it react.
    fn change(&self, f: impl FnOnce(&mut Model, Duration)) {
        let mut m = lock(&self.model);
        let now = m.s.clock.now();
        m.advance(now);
        f(&mut m, now);
        m.changed(now);
    }

    /// The module's clock reading.
    pub fn now(&self) -> Duration {
        lock(&self.model).s.clock.now()
    }

    /// Sets the ambient (chamber air) temperature, °C; the case follows with its lag.
    pub fn set_ambient_c(&self, celsius: f64) {
        self.change(|m, _| m.s.ambient_c = celsius);
    }

    /// Makes the ambient follow `source` (°C), read at every access: how a simulated chamber's
    /// air reaches the module. `set_ambient_c` afterwards is overridden at the next access.
    pub fn set_ambient_source(&self, source: impl Fn() -> f64 + Send + Sync + 'static) {
        let source = super::shared::AmbientSource(std::sync::Arc::new(source));
        self.change(|m, _| m.s.ambient_source = Some(source));
    }

    /// Sets the supply voltage, V.
    pub fn set_vcc_v(&self, volts: f64) {
        self.change(|m, _| m.s.vcc_v = volts);
    }

    /// Loops every lane's Tx back to its Rx through `loss_db`.
    pub fn set_loopback(&self, loss_db: f64) {
        self.change(|m, _| m.s.link = Link::Loopback { loss_db });
    }

    /// Light arriving from the link partner on `lane` (0-based), dBm after the link loss;
    /// `None` = dark. Leaves loopback (the other lanes go dark unless set).
    pub fn set_partner_rx_dbm(&self, lane: usize, dbm: Option<f64>) {
        self.change(|m, _| {
            let lanes = m.s.profile.lanes.len();
            if !matches!(m.s.link, Link::Partner { .. }) {
                m.s.link = Link::Partner {
                    rx_dbm: vec![None; lanes],
                };
            }
            if let Link::Partner { rx_dbm } = &mut m.s.link {
                if rx_dbm.len() <= lane {
                    rx_dbm.resize(lane + 1, None);
                }
                rx_dbm[lane] = dbm;
            }
        });
    }

    /// Replaces the whole link.
    pub fn set_link(&self, link: Link) {
        self.change(|m, _| m.s.link = link);
    }

    /// Drives the LPMode pin (QSFP/CMIS).
    pub fn set_lpmode(&self, asserted: bool) {
        self.change(|m, _| m.s.pins.lpmode = asserted);
    }

    /// Drives ModSelL (QSFP/CMIS): a deselected module NACKs every transaction.
    pub fn set_modsel(&self, selected: bool) {
        self.change(|m, _| m.s.pins.modsel = selected);
    }

    /// Drives ResetL (QSFP/CMIS): held in reset the module NACKs; releasing it is a power-on
    /// reset.
    pub fn set_reset(&self, asserted: bool) {
        self.change(|m, now| {
            if m.s.is_sfp() || m.s.pins.reset == asserted {
                return;
            }
            m.s.pins.reset = asserted;
            if asserted {
                m.power_off(now);
            } else {
                m.power_on(now);
            }
        });
    }

    /// Drives the TX_DISABLE pin (SFP).
    pub fn set_tx_disable_pin(&self, asserted: bool) {
        self.change(|m, _| m.s.pins.tx_disable = asserted);
    }

    /// Puts a fault in force (`unplugged` unplugs; power-up faults apply at the next power-on).
    pub fn inject(&self, fault: Fault) {
        if fault == Fault::Unplugged {
            return self.unplug();
        }
        self.change(|m, _| m.s.faults.insert(fault));
    }

    /// Removes a fault (`unplugged` replugs; a CMIS ModuleFault stays until a reset).
    pub fn clear(&self, fault: Fault) {
        if fault == Fault::Unplugged {
            return self.replug();
        }
        self.change(|m, _| m.s.faults.remove(fault));
    }

    /// The next `n` transactions are not acknowledged.
    pub fn nack_next(&self, n: u32) {
        self.change(|m, _| m.s.faults.nack_left = n);
    }

    /// Pulls the module out: every transaction NACKs, the lasers go dark, the case cools.
    pub fn unplug(&self) {
        self.change(|m, now| {
            m.s.faults.insert(Fault::Unplugged);
            m.power_off(now);
        });
    }

    /// Plugs the module back in: a power-on reset.
    pub fn replug(&self) {
        self.change(|m, now| {
            m.s.faults.remove(Fault::Unplugged);
            m.power_on(now);
        });
    }

    /// Changes parameters read live: DOM errors, noise, corruption, LOS levels, timing of
    /// later transitions.
    pub fn update_params(&self, f: impl FnOnce(&mut SimParams)) {
        self.change(|m, _| f(&mut m.s.params));
    }

    /// The true (physical) values now.
    pub fn truth(&self) -> Truth {
        lock(&self.model).truth()
    }

    /// The state machines now.
    pub fn state(&self) -> SpecState {
        let mut m = lock(&self.model);
        let now = m.s.clock.now();
        m.advance(now);
        m.spec.clone()
    }
}
