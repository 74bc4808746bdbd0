//! The management-map behaviour of a simulated module, one file per map: state machines and
//! their timing, which bytes are writable, what writes do, which bytes are flags and when their
//! conditions hold, and the dynamic bytes refreshed before each read.
//!
//! - [`cmis`] and [`cmis_dp`]: module state machine (byte 3), data paths (pages 10h/11h).
//! - [`sff8636`]: Data_Not_Ready, power control byte 93, Tx disable byte 86.
//! - [`sff8472`]: Data_Ready_Bar, soft TX_DISABLE, TX_FAULT, RX_LOS (A2h 110).

pub mod cmis;
pub mod cmis_dp;
pub mod sff8472;
pub mod sff8636;
pub mod sff_ready;

use std::time::Duration;

use crate::addr::SegmentId;
use crate::memmap::codes::Family;

use super::dom::{MonitorLayout, Reading, Truth};
use super::flags;
use super::model::Shared;
use super::profile::Limits;
use super::window::Window;

/// What a write asks of the whole module.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WriteAction {
    /// Nothing beyond the state machines settling.
    None,
    /// A power-on reset (CMIS SoftwareReset).
    Reset,
}

/// The state machines of one management map.
#[derive(Debug, Clone, PartialEq)]
pub enum SpecState {
    /// CMIS.
    Cmis(cmis::CmisState),
    /// SFF-8636.
    Sff8636(sff8636::QsfpState),
    /// SFF-8472.
    Sff8472(sff8472::SfpState),
}

impl SpecState {
    /// The state right after a power-on reset at `now` (flag bytes declared, machines settled).
    pub fn power_on(s: &mut Shared, now: Duration) -> SpecState {
        let mut st = match s.profile.family {
            Family::Cmis => SpecState::Cmis(cmis::CmisState::power_on(s, now)),
            Family::Sff8636 => SpecState::Sff8636(sff8636::QsfpState::power_on(s, now)),
            Family::Sff8472 => SpecState::Sff8472(sff8472::SfpState::power_on(s, now)),
        };
        st.settle(s, now);
        st
    }

    /// The earliest pending timed transition.
    pub fn next_deadline(&self) -> Option<Duration> {
        match self {
            SpecState::Cmis(c) => c.next_deadline(),
            SpecState::Sff8636(q) => q.next_deadline(),
            SpecState::Sff8472(f) => f.next_deadline(),
        }
    }

    /// Fires the transitions due at `t`, then settles.
    pub fn fire(&mut self, s: &mut Shared, t: Duration) {
        match self {
            SpecState::Cmis(c) => c.fire(s, t),
            SpecState::Sff8636(q) => q.fire(t),
            SpecState::Sff8472(f) => f.fire(t),
        }
        self.settle(s, t);
    }

    /// Reacts to registers, pins and faults as they are at `t`.
    pub fn settle(&mut self, s: &mut Shared, t: Duration) {
        if let SpecState::Cmis(c) = self {
            c.settle(s, t);
        }
    }

    /// Share of full power dissipated now.
    pub fn power_fraction(&self, s: &Shared) -> f64 {
        match self {
            SpecState::Cmis(c) => c.power_fraction(s),
            SpecState::Sff8636(q) => q.power_fraction(s),
            SpecState::Sff8472(_) => 1.0,
        }
    }

    /// Whether the map lets the laser of monitored lane `lane` be on (faults and power are
    /// checked by the caller).
    pub fn laser_wanted(&self, s: &Shared, lane: usize) -> bool {
        match self {
            SpecState::Cmis(c) => c.laser_wanted(s, lane),
            SpecState::Sff8636(q) => q.laser_wanted(s, lane),
            SpecState::Sff8472(f) => f.laser_wanted(s),
        }
    }

    /// The writable bits of byte `at` of `seg`; `None` = read-only (a write is ignored, as a
    /// module does).
    pub fn write_mask(&self, s: &Shared, seg: SegmentId, at: usize) -> Option<u8> {
        match self {
            SpecState::Cmis(_) => cmis::write_mask(seg, at),
            SpecState::Sff8636(_) => sff8636::write_mask(seg, at),
            SpecState::Sff8472(_) => sff8472::write_mask(s, seg, at),
        }
    }

    /// Byte `at` of `seg` was written with `value` (already stored).
    pub fn on_write(
        &mut self,
        s: &mut Shared,
        seg: SegmentId,
        at: usize,
        value: u8,
        now: Duration,
    ) -> WriteAction {
        match self {
            SpecState::Cmis(c) => c.on_write(s, seg, at, value, now),
            _ => WriteAction::None,
        }
    }

    /// Samples flag conditions from the noise-free reported values.
    pub fn sample_flags(&mut self, s: &mut Shared, r: &Reading, truth: &Truth) {
        match self {
            SpecState::Cmis(c) => c.sample_flags(s, r, truth),
            SpecState::Sff8636(q) => q.sample_flags(s, r),
            SpecState::Sff8472(f) => f.sample_flags(s, r, truth),
        }
    }

    /// Writes the dynamic bytes a read through `win` will see.
    pub fn refresh(&mut self, s: &mut Shared, win: &Window, now: Duration) {
        match self {
            SpecState::Cmis(c) => c.refresh(s, win, now),
            SpecState::Sff8636(q) => q.refresh(s, win, now),
            SpecState::Sff8472(f) => f.refresh(s, win, now),
        }
    }
}

/// Writes fresh, noisy monitor readings when `win` touches the monitors of `layout`.
pub fn refresh_monitors(s: &mut Shared, win: &Window, layout: &MonitorLayout, now: Duration) {
    if !layout.touched_by(win, s.profile.lanes.len()) {
        return;
    }
    let truth = s.truth(now, 0.0);
    let r = Reading::reported(&truth, &s.params).with_noise(&s.params, &mut s.rng);
    layout.write(&mut s.mem, win, &s.profile, &r);
}

/// For each level (HA, LA, HW, LW): bit `i` set when lane `i` (among `lanes`, with value
/// `value(i)`) is beyond it.
pub fn lane_level_bits(
    lanes: impl Iterator<Item = usize>,
    limits: Option<Limits>,
    value: impl Fn(usize) -> f64,
) -> [u8; 4] {
    let mut out = [0u8; 4];
    let Some(lim) = limits else {
        return out;
    };
    for i in lanes.filter(|i| *i < 8) {
        for (k, beyond) in flags::levels(value(i), &lim).iter().enumerate() {
            if *beyond {
                out[k] |= 1 << i;
            }
        }
    }
    out
}

/// The four levels of a module monitor as bits 3-0 = LW, HW, LA, HA (bit 0 = high alarm);
/// 0 when the monitor or its thresholds are missing.
pub fn module_level_bits(on: bool, limits: Option<Limits>, value: f64) -> u8 {
    match limits.filter(|_| on) {
        Some(lim) => flags::levels(value, &lim)
            .iter()
            .enumerate()
            .fold(0, |acc, (k, b)| acc | (u8::from(*b) << k)),
        None => 0,
    }
}
