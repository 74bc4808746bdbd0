//! [`Model`]: one simulated module behind its lock — the [`Shared`] state plus the state
//! machines of its management map ([`SpecState`]) — and the bus transactions on it.
//!
//! Nothing here sleeps. Every access first brings the model to `clock.now()`: timed
//! transitions whose deadline has passed fire in order (the case temperature is integrated up
//! to each, with the dissipation of the state it was in), then flag conditions are sampled.

use std::sync::Arc;
use std::time::Duration;

use crate::addr::{DeviceAddr, HALF_LEN, PageSel};
use crate::memmap::codes::Family;
use crate::memmap::image::ModuleImage;
use crate::sim::clock::Clock;
use crate::transport::TransportError;

use super::dom::{Reading, Truth};
use super::faults::{self, Faults};
use super::flags::Latches;
use super::noise::Rng;
use super::params::{Fault, SimParams};
use super::physics::{self, LaserCmd, Link, Thermal};
use super::profile::Profile;
pub use super::shared::{Pins, Shared, millis, scale};
use super::state::{SpecState, WriteAction};
use super::window::Window;

/// Power-on reset of everything but the state machines: memory back to the image, page
/// selects 0, latches cleared, lasers off. The case keeps its temperature.
fn reset_shared(s: &mut Shared, now: Duration) {
    s.mem = s.original.clone();
    s.select_a0 = PageSel::page(0);
    s.select_a2 = 0;
    s.latches = Latches::default();
    s.faults.busy_until = None;
    s.powered = !s.faults.has(Fault::Unplugged) && (!s.pins.reset || s.is_sfp());
    s.power_on_at = now;
    for l in &mut s.lasers {
        *l = LaserCmd::dark(now);
    }
    s.los.iter_mut().for_each(|l| *l = false);
}

/// One simulated module.
#[derive(Debug)]
pub struct Model {
    /// Memory, physics, pins, faults.
    pub s: Shared,
    /// The management map's state machines.
    pub spec: SpecState,
}

impl Model {
    /// A module powered on at `clock.now()`; `None` if the image has no supported identifier.
    pub fn new(image: ModuleImage, params: SimParams, clock: Arc<dyn Clock>) -> Option<Model> {
        let profile = Profile::read(&image, &params)?;
        let now = clock.now();
        let lanes = profile.lanes.len();
        let s = Shared {
            rng: Rng::new(params.seed),
            ambient_c: params.ambient_c,
            ambient_source: None,
            vcc_v: params.vcc_v,
            link: Link::from_params(&params, lanes),
            pins: Pins::default(),
            thermal: Thermal {
                case_c: params.initial_case_c.unwrap_or(params.ambient_c),
                at: now,
            },
            lasers: vec![LaserCmd::dark(now); lanes],
            los: vec![false; lanes],
            faults: Faults::from_params(&params),
            latches: Latches::default(),
            select_a0: PageSel::page(0),
            select_a2: 0,
            powered: false,
            power_on_at: now,
            mem: image.clone(),
            original: image,
            profile,
            params,
            clock,
        };
        let mut s = s;
        reset_shared(&mut s, now);
        let spec = SpecState::power_on(&mut s, now);
        let mut m = Model { s, spec };
        m.changed(now);
        Some(m)
    }

    /// Power-on reset at `now`: memory back to the image, state machines restarted, latches
    /// cleared. The case keeps its temperature.
    pub fn power_on(&mut self, now: Duration) {
        self.advance(now);
        reset_shared(&mut self.s, now);
        self.spec = SpecState::power_on(&mut self.s, now);
        self.changed(now);
    }

    /// Cuts the power (unplugged or held in reset) at `now`.
    pub fn power_off(&mut self, now: Duration) {
        self.advance(now);
        self.s.powered = false;
        self.update_lasers(now);
    }

    /// Dissipation now, W.
    pub fn power_w(&self) -> f64 {
        if self.s.powered {
            self.s.profile.full_power_w * self.spec.power_fraction(&self.s)
        } else {
            0.0
        }
    }

    /// Brings the model to `now`: fires due transitions in order, integrating the case
    /// temperature piecewise.
    pub fn advance(&mut self, now: Duration) {
        if let Some(source) = &self.s.ambient_source {
            let t = (source.0)();
            if t.is_finite() {
                self.s.ambient_c = t;
            }
        }
        // A bound on transitions per call, against a state machine that would not settle.
        for _ in 0..10_000 {
            match self.spec.next_deadline() {
                Some(t) if t <= now => {
                    let t = t.max(self.s.thermal.at);
                    let w = self.power_w();
                    self.s
                        .thermal
                        .advance(t, self.s.ambient_c, w, &self.s.params);
                    self.spec.fire(&mut self.s, t);
                    self.update_lasers(t);
                }
                _ => break,
            }
        }
        let w = self.power_w();
        self.s
            .thermal
            .advance(now, self.s.ambient_c, w, &self.s.params);
    }

    /// After a write, a pin change or a fault: let the state machines react, then the lasers
    /// and the flags.
    pub fn changed(&mut self, now: Duration) {
        self.spec.settle(&mut self.s, now);
        self.update_lasers(now);
        self.sample(now);
    }

    /// Gives each laser its command at `t` if it changed.
    fn update_lasers(&mut self, t: Duration) {
        let s = &self.s;
        let fault = s.faults.has(Fault::LaserFault)
            || (s.faults.has(Fault::ModuleFault) && s.profile.family != Family::Cmis);
        let wanted: Vec<bool> = (0..s.lasers.len())
            .map(|i| s.powered && !fault && self.spec.laser_wanted(s, i))
            .collect();
        let p = &self.s.params;
        for (cmd, want) in self.s.lasers.iter_mut().zip(wanted) {
            if cmd.on != want {
                *cmd = cmd.then(want, t, p);
            }
        }
    }

    /// The true state now.
    pub fn truth(&mut self) -> Truth {
        let now = self.s.clock.now();
        self.advance(now);
        self.sample(now);
        self.s.truth(now, self.power_w())
    }

    /// Samples Rx LOS and the flag conditions at `now`.
    fn sample(&mut self, now: Duration) {
        let truth = self.s.truth(now, self.power_w());
        let (assert, hyst) = (self.s.los_assert_dbm(), self.s.params.los_hysteresis_db);
        for (i, lane) in truth.lanes.iter().enumerate() {
            let optical = self.s.profile.lanes.get(i).is_some_and(|n| n.optical);
            if let Some(los) = self.s.los.get_mut(i) {
                *los =
                    optical && self.s.powered && physics::los_next(*los, lane.rx_mw, assert, hyst);
            }
        }
        let reading = Reading::reported(&truth, &self.s.params);
        self.spec.sample_flags(&mut self.s, &reading, &truth);
    }

    fn gate(
        &mut self,
        device: DeviceAddr,
        offset: u8,
        now: Duration,
    ) -> Result<(), TransportError> {
        let s = &mut self.s;
        let absent = s.segment_for(device, 0).is_none();
        let deselected = !s.is_sfp() && !s.pins.modsel;
        if absent || !s.powered || deselected || s.faults.refuses(now) {
            return Err(TransportError::Nack { device, offset });
        }
        Ok(())
    }

    /// A read transaction.
    pub fn read(
        &mut self,
        device: DeviceAddr,
        offset: u8,
        buf: &mut [u8],
    ) -> Result<(), TransportError> {
        let now = self.s.clock.now();
        self.advance(now);
        self.gate(device, offset, now)?;
        self.sample(now);
        let first = usize::from(offset);
        let last = first + buf.len();
        for (lo, hi) in [(first, last.min(HALF_LEN)), (first.max(HALF_LEN), last)] {
            if lo >= hi {
                continue;
            }
            let Some(seg) = self.s.segment_for(device, lo) else {
                continue;
            };
            let win = Window { seg, lo, hi };
            self.spec.refresh(&mut self.s, &win, now);
            for at in lo..hi {
                let value = self
                    .s
                    .select_byte(device, at)
                    .or_else(|| self.s.latches.value(seg, at as u8))
                    .unwrap_or_else(|| self.s.byte(seg, at));
                if let Some(out) = buf.get_mut(at - first) {
                    *out = value;
                }
                self.s.latches.cleared_by_read(seg, at as u8);
            }
        }
        faults::corrupt(buf, offset, &self.s.params, &mut self.s.rng);
        Ok(())
    }

    /// A write transaction: page selects, then writable bits; read-only bytes are ignored.
    pub fn write(
        &mut self,
        device: DeviceAddr,
        offset: u8,
        data: &[u8],
    ) -> Result<(), TransportError> {
        let now = self.s.clock.now();
        self.advance(now);
        self.gate(device, offset, now)?;
        let mut selected = false;
        let mut reset = false;
        for (i, value) in data.iter().enumerate() {
            let at = usize::from(offset) + i;
            if self.s.is_page_select(device, at) {
                match (device, at) {
                    (DeviceAddr::A2, _) => self.s.select_a2 = *value,
                    (_, 126) => self.s.select_a0.bank = *value,
                    _ => self.s.select_a0.page = *value,
                }
                selected = true;
                continue;
            }
            let Some(seg) = self.s.segment_for(device, at) else {
                continue;
            };
            let Some(mask) = self.spec.write_mask(&self.s, seg, at) else {
                continue;
            };
            let old = self.s.byte(seg, at);
            self.s.put(seg, at, (old & !mask) | (value & mask));
            if self.spec.on_write(&mut self.s, seg, at, *value, now) == WriteAction::Reset {
                reset = true;
            }
        }
        if selected {
            self.s.check_select();
            self.s.faults.page_selected(now, &self.s.params);
        }
        if reset {
            self.power_on(now);
        } else {
            self.changed(now);
        }
        Ok(())
    }
}
