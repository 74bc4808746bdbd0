//! CMIS data-path activation with a chosen application, the host sequence of reference/cmis.md
//! §7 (SONiC, FBOSS): DPDeinit on the lanes of the data paths (Page 10h:128), DPConfig with
//! AppSel and DataPathID (10h:145-152), ApplyDPInit (10h:143), config status ConfigSuccess
//! (11h:202-205), release DPDeinit, then DP state (11h:128-131) DPActivated, timed against
//! MaxDurationDPInit + MaxDurationDPTxTurnOn (Page 01h:144, 168). Bank 0 (lanes 1-8) only.

use std::time::Duration;

use tokio::time::Instant;

use super::cmis::Limit;
use super::{Findings, ms_text};
use crate::checks::CheckEnv;
use crate::checks::common::{CMIS_P10, CMIS_P11, Poll, Polled, Verdict, count, lane_nibble, poll};
use crate::memmap::cmis::Details;
use crate::memmap::cmis::lanes::{ConfigStatus, DpState};
use crate::memmap::decoded::Decoded;
use crate::module::ModuleError;
use crate::plan::checks::PowerUpParams;

/// DP state codes (reference/cmis.md §7).
const DP_DEACTIVATED: u8 = 1;
const DP_ACTIVATED: u8 = 4;
/// Config status codes: 0 undefined (no status yet), 1 ConfigSuccess, 12 ConfigInProgress.
const CONFIG_SUCCESS: u8 = 1;
const CONFIG_IN_PROGRESS: u8 = 12;
/// Time allowed for the config status after ApplyDPInit (FBOSS waits 500 ms after
/// programming an application, reference/qualification.md §6).
const CONFIG_STATUS_WAIT: Duration = Duration::from_millis(500);

/// What to activate, and the limits.
#[derive(Debug, Clone)]
pub struct DpPlan {
    /// AppSel code.
    pub app: u8,
    /// Lanes (bit n = host lane n+1) of every data path placed.
    pub mask: u8,
    /// DPConfig byte of each lane in `mask`: AppSel << 4 | DataPathID << 1 (ExplicitControl 0).
    pub configs: [u8; 8],
    /// DPInit + DPTxTurnOn.
    pub limit: Limit,
    /// Time allowed for the data paths to deactivate (informational).
    pub deinit_wait: Duration,
}

impl DpPlan {
    /// The lanes as `1-8` or `1-4, 5-8` (one range per data path).
    pub fn lanes_text(&self) -> String {
        let mut paths: Vec<(usize, usize)> = Vec::new();
        for lane in (0..8).filter(|l| self.mask & (1 << l) != 0) {
            let first = usize::from((self.configs[lane] >> 1) & 0x07);
            match paths.last_mut() {
                Some((f, last)) if *f == first => *last = lane,
                _ => paths.push((first, lane)),
            }
        }
        let parts: Vec<String> = paths
            .iter()
            .map(|(f, l)| {
                if f == l {
                    format!("{}", f + 1)
                } else {
                    format!("{}-{}", f + 1, l + 1)
                }
            })
            .collect();
        parts.join(", ")
    }
}

/// Places application `params.application` on bank 0: as many data paths as fit, each
/// starting on a lane its host lane assignment allows. An application the module does not
/// advertise is the plan's error.
pub fn plan(decoded: &Decoded, c: &Details, params: &PowerUpParams) -> Result<DpPlan, String> {
    let app = params.application;
    let Some(a) = decoded.applications.iter().find(|a| a.app == app) else {
        let have: Vec<String> = decoded
            .applications
            .iter()
            .map(|a| a.app.to_string())
            .collect();
        return Err(format!(
            "application {app} is not advertised by the module (it has {})",
            if have.is_empty() {
                "none".to_string()
            } else {
                have.join(", ")
            }
        ));
    };
    let (mask, configs) = place(app, a.host_lane_count, a.host_lane_assignment);
    if mask == 0 {
        return Err(format!(
            "application {app} ({} host lanes, start lanes 0x{:02x}) fits no lane of bank 0",
            a.host_lane_count, a.host_lane_assignment
        ));
    }
    let durations = c.page01.as_ref().map(|p| p.durations);
    let fallback = params.cmis_datapath_fallback;
    let init = durations.and_then(|d| d.dp_init.upper_bound());
    let on = durations.and_then(|d| d.dp_tx_turn_on.upper_bound());
    let limit = match (durations, init, on) {
        (Some(d), Some(i), Some(o)) => Limit {
            value: i + o,
            source: format!(
                "advertised MaxDurationDPInit {} + MaxDurationDPTxTurnOn {}",
                d.dp_init, d.dp_tx_turn_on
            ),
        },
        _ => Limit {
            value: fallback,
            source: format!(
                "DPInit or DPTxTurnOn not advertised with an upper bound: the plan's fallback {}",
                ms_text(fallback)
            ),
        },
    };
    // The paths may be mid-way up when torn down: allow every transition on the way.
    let deinit_wait = match durations {
        Some(d) => [d.dp_init, d.dp_tx_turn_on, d.dp_tx_turn_off, d.dp_deinit]
            .iter()
            .map(|m| m.upper_bound().unwrap_or(fallback))
            .sum(),
        None => fallback,
    };
    Ok(DpPlan {
        app,
        mask,
        configs,
        limit,
        deinit_wait,
    })
}

/// Data paths of `n` lanes on lanes 1-8, each starting where `starts` (bit k = may start on
/// lane k+1) allows, without overlap: the lane mask and each lane's DPConfig byte.
fn place(app: u8, n: u8, starts: u8) -> (u8, [u8; 8]) {
    let mut mask = 0u8;
    let mut configs = [0u8; 8];
    let n = usize::from(n);
    if n == 0 || app == 0 || app > 15 {
        return (0, configs);
    }
    for first in (0..8).filter(|k| starts & (1 << k) != 0) {
        let lanes = first..first + n;
        if lanes.end > 8 || lanes.clone().any(|l| mask & (1 << l) != 0) {
            continue;
        }
        for l in lanes {
            mask |= 1 << l;
            // 10h:145-152: b7-4 AppSel, b3-1 DataPathID (first lane, 0-based), b0 EC.
            configs[l] = app << 4 | (first as u8) << 1;
        }
    }
    (mask, configs)
}

/// Runs the sequence once. `Ok(false)`: a failure recorded in `f`, stop the cycles.
pub async fn activate(
    env: &mut CheckEnv<'_>,
    cycle: u32,
    plan: &DpPlan,
    f: &mut Findings,
) -> Result<bool, ModuleError> {
    let mask = plan.mask;
    // 1. DPDeinit the lanes, wait for DPDeactivated.
    let b128 = env.module.read(CMIS_P10, 128, 1).await?;
    let deinit = b128.first().copied().unwrap_or(0);
    env.module.write(CMIS_P10, 128, &[deinit | mask]).await?;
    let t = Instant::now();
    let p = Poll::new(CMIS_P11, 128, 4, plan.deinit_wait);
    match poll(env.module, t, &p, |b| all_lanes(b, mask, DP_DEACTIVATED)).await {
        Polled::Done { elapsed, .. } => f.timings.record(cycle, "dp_deinit_ms", elapsed, None),
        Polled::TimedOut { elapsed, last } => {
            f.problems.push(format!(
                "cycle {cycle}: data path lanes not deactivated {} after DPDeinit: {}",
                ms_text(elapsed),
                states(&last, mask)
            ));
            return Ok(false);
        }
        Polled::Abort { .. } => return Ok(false),
        Polled::Bus { error, .. } => return Err(error),
    }
    // 2. Stage DPConfig, ApplyDPInit, wait for the config status.
    let mut staged = env.module.read(CMIS_P10, 145, 8).await?;
    for (lane, byte) in staged.iter_mut().enumerate() {
        if mask & (1 << lane) != 0 {
            *byte = plan.configs[lane];
        }
    }
    env.module.write(CMIS_P10, 145, &staged).await?;
    env.module.write(CMIS_P10, 143, &[mask]).await?;
    let t = Instant::now();
    let p = Poll::new(CMIS_P11, 202, 4, CONFIG_STATUS_WAIT);
    let status = match poll(env.module, t, &p, |b| {
        let pending = lanes(mask).any(|l| matches!(lane_nibble(b, l), 0 | CONFIG_IN_PROGRESS));
        if pending {
            Verdict::Wait
        } else {
            Verdict::Done
        }
    })
    .await
    {
        Polled::Done { bytes, .. } | Polled::TimedOut { last: bytes, .. } => bytes,
        Polled::Abort { .. } => return Ok(false),
        Polled::Bus { error, .. } => return Err(error),
    };
    let rejected: Vec<String> = lanes(mask)
        .filter(|l| lane_nibble(&status, *l) != CONFIG_SUCCESS)
        .map(|l| {
            let s = ConfigStatus(lane_nibble(&status, l));
            format!("lane {} {} ({})", l + 1, s.name(), s.0)
        })
        .collect();
    f.timings.push(count(
        format!("cycle{cycle}.config_rejected_lanes"),
        rejected.len(),
        0,
    ));
    if !rejected.is_empty() {
        f.problems.push(format!(
            "cycle {cycle}: AppSel {} not accepted: {}",
            plan.app,
            rejected.join(", ")
        ));
        return Ok(false);
    }
    // 3. Release DPDeinit, time DPActivated.
    let b128 = env.module.read(CMIS_P10, 128, 1).await?;
    let now = b128.first().copied().unwrap_or(0);
    env.module.write(CMIS_P10, 128, &[now & !mask]).await?;
    let t = Instant::now();
    let limit = plan.limit.value;
    let p = Poll::new(CMIS_P11, 128, 4, limit);
    match poll(env.module, t, &p, |b| all_lanes(b, mask, DP_ACTIVATED)).await {
        Polled::Done { elapsed, .. } => {
            f.timings
                .record(cycle, "dp_activate_ms", elapsed, Some(limit));
            Ok(true)
        }
        Polled::TimedOut { elapsed, last } => {
            f.timings
                .record(cycle, "dp_activate_ms", elapsed, Some(limit));
            f.problems.push(format!(
                "cycle {cycle}: data path not activated {} after releasing DPDeinit (limit {}): \
                 {}: gave up",
                ms_text(elapsed),
                ms_text(limit),
                states(&last, mask)
            ));
            Ok(false)
        }
        Polled::Abort { .. } => Ok(false),
        Polled::Bus { error, .. } => Err(error),
    }
}

fn lanes(mask: u8) -> impl Iterator<Item = usize> {
    (0..8).filter(move |l| mask & (1 << l) != 0)
}

fn all_lanes(bytes: &[u8], mask: u8, state: u8) -> Verdict {
    if lanes(mask).all(|l| lane_nibble(bytes, l) == state) {
        Verdict::Done
    } else {
        Verdict::Wait
    }
}

fn states(bytes: &[u8], mask: u8) -> String {
    let parts: Vec<String> = lanes(mask)
        .map(|l| format!("lane {} {}", l + 1, DpState(lane_nibble(bytes, l)).name()))
        .collect();
    parts.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_eight_lane_path() {
        // 400GAUI-8: 8 host lanes, may start on lane 1 only (assignment 0x01) → DPConfig 0x10.
        let (mask, c) = place(1, 8, 0x01);
        assert_eq!(mask, 0xFF);
        assert_eq!(c, [0x10; 8]);
    }

    #[test]
    fn two_four_lane_paths() {
        // AppSel 2, 4 lanes, starts on lanes 1 and 5 (0x11): 0x20 on lanes 1-4; lanes 5-8 have
        // DataPathID 4 → 0x20 | 4 << 1 = 0x28 (reference/cmis.md §6 example).
        let (mask, c) = place(2, 4, 0x11);
        assert_eq!(mask, 0xFF);
        assert_eq!(c, [0x20, 0x20, 0x20, 0x20, 0x28, 0x28, 0x28, 0x28]);
    }

    #[test]
    fn breakout_and_overlap() {
        // 2-lane paths allowed on lanes 1, 3, 5, 7 (0x55): four paths, IDs 0, 2, 4, 6.
        let (mask, c) = place(2, 2, 0x55);
        assert_eq!(mask, 0xFF);
        assert_eq!(c, [0x20, 0x20, 0x24, 0x24, 0x28, 0x28, 0x2C, 0x2C]);
        // 4 lanes allowed on every lane (0xFF): 1-4 then 5-8, the overlapping starts skipped.
        let (mask, c) = place(3, 4, 0xFF);
        assert_eq!(mask, 0xFF);
        assert_eq!(c[4], 0x38);
        // Nothing fits: 8 lanes starting on lane 2.
        assert_eq!(place(1, 8, 0x02).0, 0);
        assert_eq!(place(0, 8, 0x01).0, 0, "AppSel 0 is unused");
    }

    #[test]
    fn lanes_text_per_path() {
        let (mask, configs) = place(2, 4, 0x11);
        let p = DpPlan {
            app: 2,
            mask,
            configs,
            limit: Limit {
                value: Duration::from_millis(1),
                source: String::new(),
            },
            deinit_wait: Duration::from_millis(1),
        };
        assert_eq!(p.lanes_text(), "1-4, 5-8");
    }
}
