//! Power-up of CMIS modules: power-on (or release of low power) to ModuleReady (byte 3 b3-1,
//! reference/cmis.md §2) against MaxDurationModulePwrUp (Page 01h:167 b3-0, §4.1), then the
//! data-path activation of [`super::datapath`].

use std::time::Duration;

use tokio::time::Instant;

use super::datapath;
use super::{Findings, host_power_cycle, ms_text};
use crate::addr::SegmentId;
use crate::checks::common::{Poll, Polled, Verdict, poll, yes_no};
use crate::checks::{AttemptResult, CheckEnv};
use crate::memmap::cmis::durations::MaxDuration;
use crate::memmap::cmis::lower_controls::fault_cause_name;
use crate::memmap::cmis::lower_status::{MemoryModel, ModuleState};
use crate::memmap::decoded::{Decoded, Details};
use crate::module::ModuleError;
use crate::plan::checks::PowerUpParams;

/// Byte 26 bits (reference/cmis.md §1): b6 LowPwrAllowRequestHW, b4 LowPwrRequestSW, b3
/// SoftwareReset.
const ALLOW_HW: u8 = 0x40;
const REQUEST_SW: u8 = 0x10;
const SOFTWARE_RESET: u8 = 0x08;

/// A module still in ModuleLowPwr this long after power-on is waiting for the host.
const LOW_POWER_GRACE: Duration = Duration::from_millis(200);

/// A limit, advertised or the plan's fallback, with where it came from.
#[derive(Debug, Clone)]
pub struct Limit {
    /// The limit.
    pub value: Duration,
    /// How it was found, for the message.
    pub source: String,
}

impl Limit {
    /// The upper end of `advertised`, or `fallback` when it is absent, open (code 13) or
    /// reserved.
    pub fn of(what: &str, advertised: Option<MaxDuration>, fallback: Duration) -> Limit {
        match advertised {
            Some(d) => match d.upper_bound() {
                Some(value) => Limit {
                    value,
                    source: format!("advertised {what} {d}"),
                },
                None => Limit {
                    value: fallback,
                    source: format!(
                        "{what} advertised as {d}, no upper bound: the plan's fallback {}",
                        ms_text(fallback)
                    ),
                },
            },
            None => Limit {
                value: fallback,
                source: format!(
                    "{what} not advertised (no page 01h): the plan's fallback {}",
                    ms_text(fallback)
                ),
            },
        }
    }
}

/// Runs the cycles on a CMIS module.
pub async fn run(
    params: &PowerUpParams,
    env: &mut CheckEnv<'_>,
    decoded: &Decoded,
    check_start: Instant,
) -> AttemptResult {
    let Details::Cmis(c) = &decoded.details else {
        return AttemptResult::error("a CMIS module without CMIS details");
    };
    let flat = c
        .lower
        .as_ref()
        .is_some_and(|l| l.status.memory_model == MemoryModel::Flat);
    let durations = c.page01.as_ref().map(|p| p.durations);
    let ready = Limit::of(
        "MaxDurationModulePwrUp",
        durations.map(|d| d.module_pwr_up),
        params.cmis_ready_fallback,
    );
    let pwr_dn = Limit::of(
        "MaxDurationModulePwrDn",
        durations.map(|d| d.module_pwr_dn),
        params.cmis_ready_fallback,
    );
    let mut f = Findings::default();
    let dp = if flat {
        f.notes
            .push("flat memory: no data paths to activate (no pages 10h/11h)".into());
        None
    } else {
        match datapath::plan(decoded, c, params) {
            Ok(p) => Some(p),
            Err(why) => return AttemptResult::error(why),
        }
    };
    // Let the LPMode pin allow high power where the host drives it.
    let _ = env.host.set_lpmode(false).await;

    let mut cycles_done = 0;
    for cycle in 1..=params.cycles {
        let start = if host_power_cycle(env, params.off_time).await {
            Some((Instant::now(), true))
        } else if flat {
            f.notes.push(
                "the host cannot power-cycle the module and a flat-memory module has no low \
                 power mode: only the current start was timed, from the start of the check"
                    .into(),
            );
            Some((check_start, false))
        } else {
            match low_power_cycle(env, params, cycle, &pwr_dn, &mut f).await {
                Ok(Some(t)) => Some((t, false)),
                Ok(None) => None,
                Err(e) => {
                    f.error = Some(format!("cycle {cycle}: low power request: {e}"));
                    None
                }
            }
        };
        let Some((t0, powered)) = start else { break };
        cycles_done = cycle;
        if !module_ready(env, cycle, t0, powered, &ready, &mut f).await {
            break;
        }
        if let Some(plan) = &dp {
            match datapath::activate(env, cycle, plan, &mut f).await {
                Ok(true) => {}
                Ok(false) => break,
                Err(e) => {
                    f.error = Some(format!("cycle {cycle}: data path: {e}"));
                    break;
                }
            }
        }
        if flat && !powered {
            break;
        }
    }
    let mut summary = format!(
        "{cycles_done} cycle(s): ModuleReady {} (limit {}, {})",
        max_text(&f, "module_ready_ms"),
        ms_text(ready.value),
        ready.source
    );
    if let Some(p) = &dp {
        summary.push_str(&format!(
            "; AppSel {} on lanes {} activated {} (limit {}, {})",
            p.app,
            p.lanes_text(),
            max_text(&f, "dp_activate_ms"),
            ms_text(p.limit.value),
            p.limit.source
        ));
    }
    f.finish(summary)
}

fn max_text(f: &Findings, step: &str) -> String {
    f.timings.max_of(step).map_or_else(
        || "not measured".to_string(),
        |v| format!("in at most {v:.0} ms"),
    )
}

/// The software cycle: LowPwrRequestSW, wait for ModuleLowPwr (timed against ModulePwrDn),
/// hold `off_time`, then release low power. Returns the release instant; `None` when the
/// module did not reach low power (a failure recorded in `f`).
async fn low_power_cycle(
    env: &mut CheckEnv<'_>,
    params: &PowerUpParams,
    cycle: u32,
    pwr_dn: &Limit,
    f: &mut Findings,
) -> Result<Option<Instant>, ModuleError> {
    if cycle == 1 {
        f.notes.push(
            "the host cannot power-cycle the module: cycled through low power instead \
             (LowPwrRequestSW, byte 26 bit 4)"
                .into(),
        );
    }
    let b26 = read_byte(env, 26).await?;
    let request = (b26 | REQUEST_SW) & !SOFTWARE_RESET;
    env.module.write(SegmentId::LOWER, 26, &[request]).await?;
    let t = Instant::now();
    let p = Poll::new(SegmentId::LOWER, 3, 1, pwr_dn.value);
    match poll(env.module, t, &p, |b| match state(b) {
        1 => Verdict::Done,
        5 => Verdict::Abort("ModuleFault".into()),
        _ => Verdict::Wait,
    })
    .await
    {
        Polled::Done { elapsed, .. } => {
            f.timings
                .record(cycle, "module_pwr_dn_ms", elapsed, Some(pwr_dn.value));
        }
        Polled::TimedOut { elapsed, last } => {
            f.timings
                .record(cycle, "module_pwr_dn_ms", elapsed, Some(pwr_dn.value));
            f.problems.push(format!(
                "cycle {cycle}: still {} {} after LowPwrRequestSW: gave up",
                state_name(&last),
                ms_text(elapsed)
            ));
            return Ok(None);
        }
        Polled::Abort { .. } => {
            fault(env, cycle, f).await?;
            return Ok(None);
        }
        Polled::Bus { error, .. } => return Err(error),
    }
    tokio::time::sleep(params.off_time).await;
    release(env).await?;
    Ok(Some(Instant::now()))
}

/// Waits for ModuleReady from `t0`; `false` stops the cycles. After a power cycle
/// (`powered`), a module that stays in ModuleLowPwr is released (byte 26 b4 and b6 cleared)
/// and timed from then.
async fn module_ready(
    env: &mut CheckEnv<'_>,
    cycle: u32,
    t0: Instant,
    powered: bool,
    limit: &Limit,
    f: &mut Findings,
) -> bool {
    let mut start = t0;
    let mut release_allowed = powered;
    loop {
        let p = Poll::new(SegmentId::LOWER, 3, 1, limit.value).tolerant();
        let polled = poll(env.module, start, &p, |b| match state(b) {
            3 => Verdict::Done,
            5 => Verdict::Abort("fault".into()),
            1 if release_allowed && start.elapsed() >= LOW_POWER_GRACE => {
                Verdict::Abort("low power".into())
            }
            _ => Verdict::Wait,
        })
        .await;
        let after = if powered {
            "power-on"
        } else {
            "releasing low power"
        };
        match polled {
            Polled::Done { elapsed, .. } => {
                f.timings
                    .record(cycle, "module_ready_ms", elapsed, Some(limit.value));
                return true;
            }
            Polled::Abort { why, .. } if why == "low power" => {
                f.notes.push(format!(
                    "cycle {cycle}: the module stayed in ModuleLowPwr after power-on: high power \
                     requested (byte 26 bits 4 and 6 cleared) and timed from then"
                ));
                release_allowed = false;
                if let Err(e) = release(env).await {
                    f.error = Some(format!("cycle {cycle}: requesting high power: {e}"));
                    return false;
                }
                start = Instant::now();
            }
            Polled::Abort { .. } => {
                if let Err(e) = fault(env, cycle, f).await {
                    f.error = Some(format!("cycle {cycle}: reading the fault cause: {e}"));
                }
                return false;
            }
            Polled::TimedOut { elapsed, last } => {
                f.timings
                    .record(cycle, "module_ready_ms", elapsed, Some(limit.value));
                f.problems.push(format!(
                    "cycle {cycle}: still {} {} after {after} (limit {}, {}): gave up",
                    state_name(&last),
                    ms_text(elapsed),
                    ms_text(limit.value),
                    limit.source
                ));
                return false;
            }
            Polled::Bus { elapsed, error } => {
                f.error = Some(format!(
                    "cycle {cycle}: the module did not answer {} after {after}: {error}",
                    ms_text(elapsed)
                ));
                return false;
            }
        }
    }
}

/// Clears LowPwrRequestSW and LowPwrAllowRequestHW (byte 26 b4, b6): high power whatever the
/// LPMode pin says, as SONiC does (reference/cmis.md §2).
async fn release(env: &mut CheckEnv<'_>) -> Result<(), ModuleError> {
    let b26 = read_byte(env, 26).await?;
    let value = b26 & !(REQUEST_SW | ALLOW_HW | SOFTWARE_RESET);
    env.module.write(SegmentId::LOWER, 26, &[value]).await
}

/// Records a ModuleFault with its cause (byte 41).
async fn fault(env: &mut CheckEnv<'_>, cycle: u32, f: &mut Findings) -> Result<(), ModuleError> {
    let cause = read_byte(env, 41).await?;
    f.problems.push(format!(
        "cycle {cycle}: ModuleFault, cause {cause} ({})",
        fault_cause_name(cause)
    ));
    f.timings
        .push(yes_no(format!("cycle{cycle}.no_module_fault"), false));
    Ok(())
}

async fn read_byte(env: &mut CheckEnv<'_>, at: u8) -> Result<u8, ModuleError> {
    let b = env.module.read(SegmentId::LOWER, at, 1).await?;
    Ok(b.first().copied().unwrap_or(0))
}

/// ModuleState, byte 3 b3-1.
fn state(bytes: &[u8]) -> u8 {
    bytes.first().map_or(0, |b| (b >> 1) & 0x07)
}

fn state_name(last: &[u8]) -> String {
    format!("in {}", ModuleState::from_code(state(last)).name())
}
