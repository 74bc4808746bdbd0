//! SFF-8472 behaviour (reference/sff-8472.md §2, §4): Data_Ready_Bar (A2h 110 b0) clears
//! `t_init` after power-on; soft TX_DISABLE (110 b6) and the TX_DISABLE pin turn the laser off;
//! TX_FAULT (110 b2) shows an injected laser fault; RX_LOS (110 b1) follows the receiver;
//! alarm and warning flags A2h 112-113 / 116-117 (latched unless `sff8472_latched_flags` is
//! false). A0h is read-only.

use std::time::Duration;

use crate::addr::SegmentId;

use super::super::dom::{MonitorLayout, Reading, Truth};
use super::super::model::Shared;
use super::super::params::Fault;
use super::super::window::Window;
use super::refresh_monitors;
use super::sff_ready::ready_time;
use crate::sim::module::flags;

const A2: SegmentId = SegmentId::A2_LOWER;

/// Monitor registers: A2h 96 temperature, 98 Vcc, 100 bias, 102 Tx, 104 Rx.
const MONITORS: MonitorLayout = MonitorLayout {
    module_seg: A2,
    temp: 96,
    vcc: 98,
    lane_seg: A2,
    tx: 102,
    bias: 100,
    rx: 104,
};

/// State of an SFF-8472 module.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SfpState {
    /// When Data_Ready_Bar clears (`None`: never).
    pub ready_at: Option<Duration>,
    /// Data_Ready_Bar has cleared.
    pub ready: bool,
}

/// Writable bits: A2h 110 b6 (soft TX_DISABLE) and b3 (soft RS(0)), 118 b3 (soft RS(1)) and b0
/// (power level select), and the user EEPROM A2h 128-247 of page 00h.
pub fn write_mask(_s: &Shared, seg: SegmentId, at: usize) -> Option<u8> {
    match (seg, at) {
        (A2, 110) => Some(0x48),
        (A2, 118) => Some(0x09),
        (s, 128..=247) if s == SegmentId::a2_upper(0) => Some(0xFF),
        _ => None,
    }
}

impl SfpState {
    /// Right after power-on: data not ready until t_init (× `slow_factor`, or never).
    pub fn power_on(s: &mut Shared, now: Duration) -> SfpState {
        for b in [112, 113, 116, 117] {
            if s.params.sff8472_latched_flags {
                s.latches.declare(A2, b);
            } else {
                s.latches.declare_live(A2, b);
            }
        }
        let ready_at = ready_time(s, now);
        SfpState {
            ready_at,
            ready: ready_at.is_some_and(|t| t <= now),
        }
    }

    /// Data_Ready_Bar clearing, while pending.
    pub fn next_deadline(&self) -> Option<Duration> {
        self.ready_at.filter(|_| !self.ready)
    }

    /// Clears Data_Ready_Bar when due.
    pub fn fire(&mut self, t: Duration) {
        if self.ready_at.is_some_and(|r| r <= t) {
            self.ready = true;
        }
    }

    /// The laser runs once ready with neither soft (110 b6) nor hard TX_DISABLE.
    pub fn laser_wanted(&self, s: &Shared) -> bool {
        self.ready && s.byte(A2, 110) & 0x40 == 0 && !s.pins.tx_disable
    }

    fn tx_fault(&self, s: &Shared) -> bool {
        self.laser_wanted(s)
            && (s.faults.has(Fault::LaserFault) || s.faults.has(Fault::ModuleFault))
    }

    /// A2h 112/113 (alarms) and 116/117 (warnings), once the data is ready.
    pub fn sample_flags(&mut self, s: &mut Shared, r: &Reading, _truth: &Truth) {
        let th = s.profile.thresholds;
        let lit =
            self.ready && s.profile.lanes.first().is_some_and(|l| l.laser) && self.laser_wanted(s);
        let optical = self.ready && s.profile.lanes.first().is_some_and(|l| l.optical);
        let lane = r.lanes.first().copied().unwrap_or_default();
        let lv = |on: bool, lim: Option<[f64; 4]>, v: f64| match lim.filter(|_| on) {
            Some(l) => flags::levels(v, &l),
            None => [false; 4],
        };
        let temp = lv(self.ready, th.temp, r.temp_c);
        let vcc = lv(self.ready, th.vcc, r.vcc_v);
        let bias = lv(lit, th.bias, lane.bias_ma);
        let tx = lv(lit, th.tx, lane.tx_mw);
        let rx = lv(optical, th.rx, lane.rx_mw);
        // Byte 112/116: b7 temp high, b6 temp low, b5 Vcc high, b4 Vcc low, b3 bias high,
        // b2 bias low, b1 Tx high, b0 Tx low; 113/117: b7 Rx high, b6 Rx low (§2.2).
        // `high`/`low` index 0/1 for alarms, 2/3 for warnings.
        for (byte_a, byte_b, high, low) in [(112u8, 113u8, 0, 1), (116, 117, 2, 3)] {
            let pair = |l: [bool; 4], shift: u8| {
                u8::from(l[high]) << (shift + 1) | u8::from(l[low]) << shift
            };
            let a = pair(temp, 6) | pair(vcc, 4) | pair(bias, 2) | pair(tx, 0);
            s.latches.sample(A2, byte_a, a);
            s.latches.sample(A2, byte_b, pair(rx, 6));
        }
    }

    /// A2h 110 status bits and the monitors.
    pub fn refresh(&mut self, s: &mut Shared, win: &Window, now: Duration) {
        if win.has(A2, 110) {
            let rw = s.byte(A2, 110) & 0x48;
            let pin = u8::from(s.pins.tx_disable) << 7;
            let fault = u8::from(self.tx_fault(s)) << 2;
            let los = u8::from(s.los.first().copied().unwrap_or(false)) << 1;
            s.put(A2, 110, rw | pin | fault | los | u8::from(!self.ready));
        }
        refresh_monitors(s, win, &MONITORS, now);
    }
}
