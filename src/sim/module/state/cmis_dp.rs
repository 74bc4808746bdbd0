//! CMIS data paths of bank 0 (reference/cmis.md §6, §7): provisioning from the staged control
//! set 0 (Page 10h:145-152) by ApplyDPInit (10h:143), validated against the advertised
//! applications, with the result in the config status (11h:202-205) and the active set
//! (11h:206-213); and the per-lane state machine in 11h:128-131.
//!
//! A host lane is enabled when the module is ModuleReady, its DPDeinit bit (10h:128) is clear
//! and its active AppSel is not 0. Bring-up: DPDeactivated → DPInit (drawn below 01h:144 b3-0)
//! → DPInitialized → DPTxTurnOn (below 01h:168 b3-0) → DPActivated. Teardown: DPActivated →
//! DPTxTurnOff (below 01h:168 b7-4) → DPInitialized → DPDeinit (below 01h:144 b7-4) →
//! DPDeactivated. Leaving ModuleReady drops every lane to DPDeactivated at once.
//! DPStateChanged (11h:134) latches when a lane reaches DPActivated or DPDeactivated.

use std::ops::Range;
use std::time::Duration;

use crate::addr::SegmentId;

use super::super::model::Shared;

/// Page 10h, bank 0.
pub const P10: SegmentId = SegmentId::banked(0, 0x10);
/// Page 11h, bank 0.
pub const P11: SegmentId = SegmentId::banked(0, 0x11);

/// Data-path state of one host lane (codes of cmis.md §7).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dp {
    /// Code 1.
    Deactivated,
    /// Code 2, until the time given.
    Init(Duration),
    /// Code 7.
    Initialized,
    /// Code 5, until the time given.
    TxTurnOn(Duration),
    /// Code 4.
    Activated,
    /// Code 6, until the time given.
    TxTurnOff(Duration),
    /// Code 3, until the time given.
    Deinit(Duration),
}

impl Dp {
    /// The 4-bit state code.
    pub fn code(self) -> u8 {
        match self {
            Dp::Deactivated => 1,
            Dp::Init(_) => 2,
            Dp::Deinit(_) => 3,
            Dp::Activated => 4,
            Dp::TxTurnOn(_) => 5,
            Dp::TxTurnOff(_) => 6,
            Dp::Initialized => 7,
        }
    }

    /// When a timed state ends.
    pub fn deadline(self) -> Option<Duration> {
        match self {
            Dp::Init(t) | Dp::TxTurnOn(t) | Dp::TxTurnOff(t) | Dp::Deinit(t) => Some(t),
            _ => None,
        }
    }
}

/// Config status codes (cmis.md §7).
pub mod status {
    /// ConfigSuccess.
    pub const SUCCESS: u8 = 1;
    /// ConfigRejectedInvalidAppSel.
    pub const INVALID_APPSEL: u8 = 3;
    /// ConfigRejectedInvalidDataPath.
    pub const INVALID_DATA_PATH: u8 = 4;
    /// ConfigRejectedPartialDataPath.
    pub const PARTIAL_DATA_PATH: u8 = 7;
}

fn changed(s: &mut Shared, lane: usize) {
    s.latches.raise(P11, 134, 1 << lane);
}

fn enabled(s: &Shared, lane: usize) -> bool {
    s.byte(P10, 128) & (1 << lane) == 0 && s.byte(P11, 206 + lane) >> 4 != 0
}

/// Starts the transitions the lane enables call for at `t`.
pub fn settle(dp: &mut [Dp; 8], ready: bool, s: &mut Shared, t: Duration) {
    let d = s.profile.durations;
    for (lane, state) in dp.iter_mut().enumerate() {
        let en = ready && enabled(s, lane);
        *state = match *state {
            Dp::Deactivated if en => {
                let b235 = s.byte(P11, 235);
                s.put(P11, 235, b235 & !(1 << lane)); // DPInit runs: no longer pending
                Dp::Init(t.saturating_add(s.draw(d.dp_init)))
            }
            Dp::Initialized if en => Dp::TxTurnOn(t.saturating_add(s.draw(d.tx_on))),
            Dp::Initialized => Dp::Deinit(t.saturating_add(s.draw(d.dp_deinit))),
            Dp::Activated if !en => Dp::TxTurnOff(t.saturating_add(s.draw(d.tx_off))),
            other => other,
        };
    }
}

/// Ends the timed states due at `t`.
pub fn fire(dp: &mut [Dp; 8], s: &mut Shared, t: Duration) {
    for (lane, state) in dp.iter_mut().enumerate() {
        if state.deadline().is_some_and(|d| d <= t) {
            *state = match *state {
                Dp::Init(_) | Dp::TxTurnOff(_) => Dp::Initialized,
                Dp::TxTurnOn(_) => {
                    changed(s, lane);
                    Dp::Activated
                }
                _ => {
                    changed(s, lane);
                    Dp::Deactivated
                }
            };
        }
    }
}

/// Every lane to DPDeactivated at once (the module left ModuleReady).
pub fn force_down(dp: &mut [Dp; 8], s: &mut Shared) {
    for (lane, state) in dp.iter_mut().enumerate() {
        if *state != Dp::Deactivated {
            *state = Dp::Deactivated;
            changed(s, lane);
        }
    }
}

/// Media lanes (0-based) served by host lane `host` under its active application: the lanes in
/// proportion, `host·m/n .. (host+1)·m/n` (at least one), for `n` host and `m` media lanes.
pub fn media_lanes(s: &Shared, host: usize) -> Range<usize> {
    let sel = usize::from(s.byte(P11, 206 + host) >> 4);
    let Some(app) = sel.checked_sub(1).and_then(|i| s.profile.apps.get(i)) else {
        return 0..0;
    };
    let (n, m) = (usize::from(app.host_lanes), usize::from(app.media_lanes));
    if n == 0 || m == 0 {
        return 0..0;
    }
    let start = host * m / n;
    start..((host + 1) * m / n).max(start + 1)
}

/// Whether some activated (or turning-off) host lane's data path uses media lane `media`.
pub fn media_in_service(dp: &[Dp; 8], s: &Shared, media: usize) -> bool {
    dp.iter().enumerate().any(|(host, state)| {
        matches!(state, Dp::Activated | Dp::TxTurnOff(_)) && media_lanes(s, host).contains(&media)
    })
}

/// The config status of host lane `lane` for DPConfig `cfg` applied with lane mask `mask`.
fn validate(s: &Shared, mask: u8, lane: usize, cfg: u8) -> u8 {
    let sel = usize::from(cfg >> 4);
    if sel == 0 {
        return status::SUCCESS; // the lane is unused
    }
    let Some(app) = s.profile.apps.get(sel - 1) else {
        return status::INVALID_APPSEL;
    };
    let first = usize::from((cfg >> 1) & 0x07);
    let n = usize::from(app.host_lanes);
    if n == 0
        || app.host_starts & (1 << first) == 0
        || lane < first
        || lane >= first + n
        || first + n > 8
    {
        return status::INVALID_DATA_PATH;
    }
    for other in first..first + n {
        if mask & (1 << other) == 0 {
            return status::PARTIAL_DATA_PATH;
        }
        if s.byte(P10, 145 + other) != cfg {
            return status::INVALID_DATA_PATH;
        }
    }
    status::SUCCESS
}

/// ApplyDPInit for the lanes in `mask`: validate each staged DPConfig, write the status nibble,
/// and copy accepted configs to the active set (DPInitPending for lanes not deactivated).
pub fn apply(dp: &[Dp; 8], s: &mut Shared, mask: u8) {
    for lane in (0..8).filter(|l| mask & (1 << l) != 0) {
        let cfg = s.byte(P10, 145 + lane);
        let code = validate(s, mask, lane, cfg);
        let at = 202 + lane / 2;
        let old = s.byte(P11, at);
        let new = if lane % 2 == 0 {
            (old & 0xF0) | code
        } else {
            (old & 0x0F) | code << 4
        };
        s.put(P11, at, new);
        if code == status::SUCCESS {
            s.put(P11, 206 + lane, cfg);
            if dp[lane] != Dp::Deactivated {
                let b235 = s.byte(P11, 235);
                s.put(P11, 235, b235 | 1 << lane);
            }
        }
    }
}
