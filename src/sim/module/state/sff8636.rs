//! SFF-8636 behaviour (reference/sff-8636.md §1, §2): Data_Not_Ready (byte 2 b0) clears
//! `t_init` after power-on; power control byte 93 (b0 Power_override, b1 Power_set, b2/b3 high
//! power class enables); Tx disable byte 86; latched flags bytes 3-14.
//!
//! Low power (Power_override with Power_set, or the LPMode pin when not overridden) dissipates
//! `low_power_fraction` of full power with the transmitters off. A class 5-8 module whose class
//! is not enabled by byte 93 b2 (classes 5-7) or b3 (class 8) is held to class 4 (3.5 W).

use std::time::Duration;

use crate::addr::SegmentId;

use super::super::dom::{LaneReading, MonitorLayout, Reading};
use super::super::model::Shared;
use super::super::params::Fault;
use super::super::window::Window;
use super::sff_ready::ready_time;
use super::{lane_level_bits, module_level_bits, refresh_monitors};

const LOWER: SegmentId = SegmentId::LOWER;

/// Monitor registers: temperature 22, Vcc 26, Rx 34, bias 42, Tx 50 (lower page).
const MONITORS: MonitorLayout = MonitorLayout {
    module_seg: LOWER,
    temp: 22,
    vcc: 26,
    lane_seg: LOWER,
    tx: 50,
    bias: 42,
    rx: 34,
};

/// Class 4 limit for a module whose high power class is not enabled, W.
const CLASS_4_W: f64 = 3.5;

/// State of an SFF-8636 module.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QsfpState {
    /// When Data_Not_Ready clears (`None`: never, a stuck power-up).
    pub ready_at: Option<Duration>,
    /// Data_Not_Ready has cleared.
    pub ready: bool,
}

/// Writable bytes: lower 86-106 (Tx disable, rate and application select, power control, CDR,
/// masks), 119-126 (passwords), page 02h (user EEPROM) and page 03h 234-241 (controls).
pub fn write_mask(seg: SegmentId, at: usize) -> Option<u8> {
    match (seg, at) {
        (LOWER, 86..=106 | 119..=126) => Some(0xFF),
        (s, _) if s == SegmentId::upper(2) => Some(0xFF),
        (s, 234..=241) if s == SegmentId::upper(3) => Some(0xFF),
        _ => None,
    }
}

/// Whether the module is in low-power mode (byte 93 b0/b1, LPMode pin).
pub fn low_power(s: &Shared) -> bool {
    let b93 = s.byte(LOWER, 93);
    if b93 & 0x01 != 0 {
        b93 & 0x02 != 0
    } else {
        s.pins.lpmode
    }
}

impl QsfpState {
    /// Right after power-on: data not ready until t_init (× `slow_factor`, or never).
    pub fn power_on(s: &mut Shared, now: Duration) -> QsfpState {
        for b in [3, 4, 5, 6, 7, 9, 10, 11, 12, 13, 14] {
            s.latches.declare(LOWER, b);
        }
        let ready_at = ready_time(s, now);
        QsfpState {
            ready_at,
            ready: ready_at.is_some_and(|t| t <= now),
        }
    }

    /// Data_Not_Ready clearing, while pending.
    pub fn next_deadline(&self) -> Option<Duration> {
        self.ready_at.filter(|_| !self.ready)
    }

    /// Clears Data_Not_Ready when due.
    pub fn fire(&mut self, t: Duration) {
        if self.ready_at.is_some_and(|r| r <= t) {
            self.ready = true;
        }
    }

    /// Low power: `low_power_fraction`; class not enabled: 3.5 W at most.
    pub fn power_fraction(&self, s: &Shared) -> f64 {
        let full = s.profile.full_power_w;
        let enabled = s
            .profile
            .class_enable_bit
            .is_none_or(|bit| s.byte(LOWER, 93) & (1 << bit) != 0);
        if !self.ready || low_power(s) {
            s.params.low_power_fraction
        } else if !enabled && full > CLASS_4_W {
            CLASS_4_W / full
        } else {
            1.0
        }
    }

    /// Lasers run once ready, out of low power, with Tx disable (86 b3-0) clear.
    pub fn laser_wanted(&self, s: &Shared, lane: usize) -> bool {
        self.ready && !low_power(s) && s.byte(LOWER, 86) & (1 << lane) == 0
    }

    /// Bytes 3-14 (none before the data is ready).
    pub fn sample_flags(&mut self, s: &mut Shared, r: &Reading) {
        let th = s.profile.thresholds;
        let mon = s.profile.monitors;
        let lanes = s.profile.lanes.clone();
        let lit: Vec<usize> = (0..lanes.len().min(4))
            .filter(|i| self.ready && lanes[*i].laser && self.laser_wanted(s, *i))
            .collect();
        let served: Vec<usize> = (0..lanes.len().min(4))
            .filter(|i| self.ready && lanes[*i].optical)
            .collect();
        let value = |i: usize, f: fn(&LaneReading) -> f64| r.lanes.get(i).map_or(0.0, f);
        // Byte 3: Rx LOS b3-0 (channel 1 = b0); Tx LOS b7-4 is about the host signal: never set.
        let los = served
            .iter()
            .filter(|i| s.los.get(**i).copied().unwrap_or(false))
            .fold(0u8, |a, i| a | 1 << i);
        s.latches.sample(LOWER, 3, los);
        let fault = s.faults.has(Fault::LaserFault) || s.faults.has(Fault::ModuleFault);
        let tx_fault = if fault {
            lit.iter().fold(0u8, |a, i| a | 1 << i)
        } else {
            0
        };
        s.latches.sample(LOWER, 4, tx_fault);
        // Bytes 6/7: b7 HA, b6 LA, b5 HW, b4 LW = the module bits 0-3 moved up and mirrored.
        let module = |bits: u8| nibble(bits) << 4;
        let (temp, vcc) = if self.ready {
            (
                module_level_bits(mon.temp, th.temp, r.temp_c),
                module_level_bits(mon.vcc, th.vcc, r.vcc_v),
            )
        } else {
            (0, 0)
        };
        s.latches.sample(LOWER, 6, module(temp));
        s.latches.sample(LOWER, 7, module(vcc));
        let blocks = [
            (
                9u8,
                lane_level_bits(served.iter().copied(), th.rx, |i| value(i, |l| l.rx_mw)),
            ),
            (
                11,
                lane_level_bits(lit.iter().copied(), th.bias, |i| value(i, |l| l.bias_ma)),
            ),
            (
                13,
                lane_level_bits(lit.iter().copied().filter(|_| mon.tx), th.tx, |i| {
                    value(i, |l| l.tx_mw)
                }),
            ),
        ];
        for (first, levels) in blocks {
            let [a, b] = lane_nibbles(levels);
            s.latches.sample(LOWER, first, a);
            s.latches.sample(LOWER, first + 1, b);
        }
    }

    /// Byte 2 (Data_Not_Ready b0, IntL b1) and the monitors.
    pub fn refresh(&mut self, s: &mut Shared, win: &Window, now: Duration) {
        if win.has(LOWER, 2) {
            // Masks: 100 → byte 3, 101 → 4, 102 → 5, 103 → 6, 104 → 7.
            let masked = (3u8..=7)
                .any(|b| s.latches.latched(LOWER, b) & !s.byte(LOWER, usize::from(b) + 97) != 0);
            let others = (9u8..=14).any(|b| s.latches.latched(LOWER, b) != 0);
            let intl_high = !(masked || others);
            let b2 = s.byte(LOWER, 2) & 0xFC;
            s.put(
                LOWER,
                2,
                b2 | u8::from(intl_high) << 1 | u8::from(!self.ready),
            );
        }
        refresh_monitors(s, win, &MONITORS, now);
    }
}

/// Module level bits (b0 HA, b1 LA, b2 HW, b3 LW) as an SFF-8636 nibble (b3 HA, b2 LA, b1 HW,
/// b0 LW).
fn nibble(bits: u8) -> u8 {
    (bits & 1) << 3 | (bits >> 1 & 1) << 2 | (bits >> 2 & 1) << 1 | (bits >> 3 & 1)
}

/// Per-level lane bits (HA, LA, HW, LW) as SFF-8636 bytes: channel 1 in the high nibble of the
/// first byte, channel 2 low, channels 3/4 in the second byte; within a nibble HA, LA, HW, LW
/// from the high bit down.
fn lane_nibbles(levels: [u8; 4]) -> [u8; 2] {
    let mut per_lane = [0u8; 4];
    for (k, bits) in levels.iter().enumerate() {
        for (lane, v) in per_lane.iter_mut().enumerate() {
            if bits & (1 << lane) != 0 {
                *v |= 1 << k; // b0 HA ... b3 LW
            }
        }
    }
    [
        nibble(per_lane[0]) << 4 | nibble(per_lane[1]),
        nibble(per_lane[2]) << 4 | nibble(per_lane[3]),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nibble_layout() {
        // HA only → b3 of the nibble; LW only → b0.
        assert_eq!(nibble(0b0001), 0b1000);
        assert_eq!(nibble(0b1000), 0b0001);
        assert_eq!(nibble(0b0101), 0b1010); // HA + HW
        // Lane 1 high alarm + high warning, lane 4 low alarm + low warning.
        let levels = [0b0001, 0b1000, 0b0001, 0b1000];
        assert_eq!(lane_nibbles(levels), [0xA0, 0x05]);
    }
}
