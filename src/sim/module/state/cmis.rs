//! CMIS module behaviour (reference/cmis.md §1, §2, §7): the module state machine in byte 3
//! bits 3-1, byte 26 controls, ModuleStateChanged (byte 8 b0), module and lane flags, IntL.
//!
//! Power-on → ModuleLowPwr; it leaves for ModulePwrUp unless LowPwrRequestSW (26 b4) is set or
//! LowPwrAllowRequestHW (26 b6) is set with the LPMode pin asserted; ModulePwrUp ends in
//! ModuleReady after a duration drawn below MaxDurationModulePwrUp (Page 01h:167 b3-0), or
//! `slow_factor` × the maximum with `slow_power_up`, or never with `stuck_power_up`.
//! ModuleReady → ModulePwrDn (below 01h:167 b7-4) → ModuleLowPwr when low power is requested.
//! `module_fault` → ModuleFault with byte 41 = `fault_cause`. SoftwareReset (26 b3) is a
//! power-on reset (the bit reads back 0). Flat memory modules always read ModuleReady.

use std::time::Duration;

use crate::addr::SegmentId;

use super::super::dom::{MonitorLayout, Reading, Truth};
use super::super::model::{Shared, scale};
use super::super::params::Fault;
use super::super::window::Window;
use super::cmis_dp::{self, Dp, P10, P11};
use super::{WriteAction, lane_level_bits, module_level_bits, refresh_monitors};

const LOWER: SegmentId = SegmentId::LOWER;

/// Monitor registers: lower 14-17, Page 11h:154-201.
const MONITORS: MonitorLayout = MonitorLayout {
    module_seg: LOWER,
    temp: 14,
    vcc: 16,
    lane_seg: P11,
    tx: 154,
    bias: 170,
    rx: 186,
};

/// Module state (byte 3 bits 3-1, cmis.md §2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModState {
    /// Code 1.
    LowPwr,
    /// Code 2, ending at the time given (`None`: stuck).
    PwrUp(Option<Duration>),
    /// Code 3.
    Ready,
    /// Code 4, ending at the time given.
    PwrDn(Duration),
    /// Code 5.
    Fault,
}

impl ModState {
    /// The byte 3 code.
    pub fn code(self) -> u8 {
        match self {
            ModState::LowPwr => 1,
            ModState::PwrUp(_) => 2,
            ModState::Ready => 3,
            ModState::PwrDn(_) => 4,
            ModState::Fault => 5,
        }
    }
}

/// State of a CMIS module.
#[derive(Debug, Clone, PartialEq)]
pub struct CmisState {
    /// Module state.
    pub module: ModState,
    /// Data-path state of host lanes 1-8 (bank 0).
    pub dp: [Dp; 8],
    flat: bool,
}

/// Writable bits (cmis.md §1, §6): byte 26 b7-3, masks 31-36, password 118-125, the user page
/// 03h and the lane controls of page 10h. Everything else is read-only.
pub fn write_mask(seg: SegmentId, at: usize) -> Option<u8> {
    match (seg, at) {
        (LOWER, 26) => Some(0xF8),
        (LOWER, 31..=36 | 118..=125) => Some(0xFF),
        (s, _) if s == SegmentId::upper(3) => Some(0xFF),
        (s, 128..=255) if s.device == P10.device && is_page_10h(s) => Some(0xFF),
        _ => None,
    }
}

fn is_page_10h(seg: SegmentId) -> bool {
    matches!(seg.half, crate::addr::Half::Upper(sel) if sel.page == 0x10)
}

impl CmisState {
    /// Right after power-on: ModuleLowPwr, data paths deactivated.
    pub fn power_on(s: &mut Shared, _now: Duration) -> CmisState {
        for b in 8..=13 {
            s.latches.declare(LOWER, b);
        }
        if s.mem.contains(P11) {
            for b in 134..=153 {
                s.latches.declare(P11, b);
            }
        }
        let flat = s.profile.flat;
        CmisState {
            module: if flat {
                ModState::Ready
            } else {
                ModState::LowPwr
            },
            dp: [Dp::Deactivated; 8],
            flat,
        }
    }

    fn low_power_requested(s: &Shared) -> bool {
        let b26 = s.byte(LOWER, 26);
        b26 & 0x10 != 0 || (b26 & 0x40 != 0 && s.pins.lpmode)
    }

    fn enter(&mut self, s: &mut Shared, state: ModState) {
        if state.code() != self.module.code() {
            s.latches.raise(LOWER, 8, 0x01); // ModuleStateChanged
        }
        self.module = state;
    }

    /// The earliest pending deadline.
    pub fn next_deadline(&self) -> Option<Duration> {
        let module = match self.module {
            ModState::PwrUp(until) => until,
            ModState::PwrDn(until) => Some(until),
            _ => None,
        };
        self.dp
            .iter()
            .filter_map(|d| d.deadline())
            .chain(module)
            .min()
    }

    /// Completes the timed states due at `t`.
    pub fn fire(&mut self, s: &mut Shared, t: Duration) {
        match self.module {
            ModState::PwrUp(Some(until)) if until <= t => self.enter(s, ModState::Ready),
            ModState::PwrDn(until) if until <= t => self.enter(s, ModState::LowPwr),
            _ => {}
        }
        cmis_dp::fire(&mut self.dp, s, t);
    }

    /// Takes the untimed transitions the registers, pins and faults call for at `t`.
    pub fn settle(&mut self, s: &mut Shared, t: Duration) {
        if self.flat {
            return;
        }
        if s.faults.has(Fault::ModuleFault) && self.module != ModState::Fault {
            s.put(LOWER, 41, s.params.fault_cause);
            self.enter(s, ModState::Fault);
            cmis_dp::force_down(&mut self.dp, s);
        }
        let low = Self::low_power_requested(s);
        match self.module {
            ModState::LowPwr if !low => {
                let max = s.profile.durations.pwr_up;
                let until = if s.faults.has(Fault::StuckPowerUp) {
                    None
                } else if s.faults.has(Fault::SlowPowerUp) {
                    Some(t.saturating_add(scale(max, s.params.slow_factor)))
                } else {
                    Some(t.saturating_add(s.draw(max)))
                };
                self.enter(s, ModState::PwrUp(until));
            }
            ModState::Ready if low => {
                let until = t.saturating_add(s.draw(s.profile.durations.pwr_dn));
                self.enter(s, ModState::PwrDn(until));
                cmis_dp::force_down(&mut self.dp, s);
            }
            _ => {}
        }
        cmis_dp::settle(&mut self.dp, self.module == ModState::Ready, s, t);
    }

    /// Full power in ModuleReady, `low_power_fraction` otherwise (flat modules: full).
    pub fn power_fraction(&self, s: &Shared) -> f64 {
        if self.flat || self.module == ModState::Ready {
            1.0
        } else {
            s.params.low_power_fraction
        }
    }

    /// A media lane's laser is on when the module is ready, a data path using the lane is
    /// activated (or turning off) and Tx output disable (10h:130) is clear.
    pub fn laser_wanted(&self, s: &Shared, lane: usize) -> bool {
        self.module == ModState::Ready
            && s.byte(P10, 130) & (1 << lane) == 0
            && cmis_dp::media_in_service(&self.dp, s, lane)
    }

    /// Byte 26 b3 resets; 10h:143/144 provision lanes from the staged set.
    pub fn on_write(
        &mut self,
        s: &mut Shared,
        seg: SegmentId,
        at: usize,
        value: u8,
        _now: Duration,
    ) -> WriteAction {
        match (seg, at) {
            (LOWER, 26) if value & 0x08 != 0 => WriteAction::Reset,
            (P10, 143 | 144) => {
                cmis_dp::apply(&self.dp, s, value);
                s.put(P10, at, 0); // a trigger, not a setting
                WriteAction::None
            }
            _ => WriteAction::None,
        }
    }

    /// Byte 9 (temperature b3-0, Vcc b7-4) and the Page 11h lane flags.
    pub fn sample_flags(&mut self, s: &mut Shared, r: &Reading, truth: &Truth) {
        let th = s.profile.thresholds;
        let mon = s.profile.monitors;
        let b9 = module_level_bits(mon.temp, th.temp, r.temp_c)
            | module_level_bits(mon.vcc, th.vcc, r.vcc_v) << 4;
        s.latches.sample(LOWER, 9, b9);
        if !s.mem.contains(P11) {
            return;
        }
        let lanes = s.profile.lanes.clone();
        let lit: Vec<usize> = (0..lanes.len())
            .filter(|i| lanes[*i].laser && self.laser_wanted(s, *i))
            .collect();
        let served: Vec<usize> = (0..lanes.len())
            .filter(|i| lanes[*i].optical && cmis_dp::media_in_service(&self.dp, s, *i))
            .collect();
        let value =
            |i: usize, f: fn(&super::super::dom::LaneReading) -> f64| r.lanes.get(i).map_or(0.0, f);
        let tx = lane_level_bits(lit.iter().copied(), th.tx.filter(|_| mon.tx), |i| {
            value(i, |l| l.tx_mw)
        });
        let bias = lane_level_bits(lit.iter().copied(), th.bias.filter(|_| mon.bias), |i| {
            value(i, |l| l.bias_ma)
        });
        let rx = lane_level_bits(served.iter().copied(), th.rx.filter(|_| mon.rx), |i| {
            value(i, |l| l.rx_mw)
        });
        for k in 0..4 {
            s.latches.sample(P11, 139 + k as u8, tx[k]);
            s.latches.sample(P11, 143 + k as u8, bias[k]);
            s.latches.sample(P11, 149 + k as u8, rx[k]);
        }
        let fault = s.faults.has(Fault::LaserFault);
        let bits = |set: &[usize], pred: &dyn Fn(usize) -> bool| {
            set.iter()
                .filter(|i| **i < 8 && pred(**i))
                .fold(0u8, |a, i| a | 1 << i)
        };
        s.latches.sample(P11, 135, bits(&lit, &|_| fault));
        s.latches.sample(
            P11,
            147,
            bits(&served, &|i| truth.lanes.get(i).is_some_and(|l| l.rx_los)),
        );
    }

    /// Byte 3, the lane-flag summary (byte 4 b0), monitors, and Page 11h states.
    pub fn refresh(&mut self, s: &mut Shared, win: &Window, now: Duration) {
        if win.seg == LOWER {
            let masked = (8u8..=13).any(|b| {
                s.latches.latched(LOWER, b) & !s.byte(LOWER, 31 + usize::from(b - 8)) != 0
            });
            let lane_flags = s.latches.any(P11, 134, 153);
            let deasserted = u8::from(!(masked || lane_flags));
            s.put(
                LOWER,
                3,
                (s.byte(LOWER, 3) & 0xF0) | self.module.code() << 1 | deasserted,
            );
            let b4 = s.byte(LOWER, 4);
            s.put(LOWER, 4, (b4 & 0xFE) | u8::from(lane_flags));
        }
        if win.seg == P11 {
            for pair in 0..4 {
                let lo = self.dp[2 * pair].code();
                let hi = self.dp[2 * pair + 1].code();
                s.put(P11, 128 + pair, hi << 4 | lo);
            }
            let truth = s.truth(now, 0.0);
            let tx_on = truth
                .lanes
                .iter()
                .enumerate()
                .filter(|(i, l)| *i < 8 && l.emitting)
                .fold(0u8, |a, (i, _)| a | 1 << i);
            let rx_ok = (0..8)
                .filter(|h| self.dp[*h] == Dp::Activated)
                .filter(|h| {
                    cmis_dp::media_lanes(s, *h)
                        .all(|m| !truth.lanes.get(m).is_some_and(|l| l.rx_los))
                })
                .fold(0u8, |a, h| a | 1 << h);
            s.put(P11, 132, rx_ok);
            s.put(P11, 133, tx_on);
        }
        refresh_monitors(s, win, &MONITORS, now);
    }
}
