//! The `power_up` check: how long a module takes to become usable after power-on, over
//! `cycles` power cycles, against the limits it advertises (reference/qualification.md §6):
//!
//! - SFF-8472: Data_Ready_Bar (A2h 110 b0) clears within t_init and TX_FAULT (A2h 110 b2) is
//!   clear once t_init has passed;
//! - SFF-8636: Data_Not_Ready (byte 2 b0) clears within t_init, Tx fault flags (byte 4) are
//!   clear, and a power class 5-8 module accepts its high-power-class enable (byte 93);
//! - CMIS: power-on (or release of low power) to ModuleReady against MaxDurationModulePwrUp
//!   (Page 01h:167), then activation of the plan's application on its data paths (DPDeinit,
//!   DPConfig, ApplyDPInit, config status, release) against MaxDurationDPInit +
//!   MaxDurationDPTxTurnOn (Page 01h:144, 168), reference/cmis.md §7.
//!
//! Each cycle gives a measurement per step and the steps their min/mean/max. A module slower
//! than its limit fails; one still not there after three times its limit fails with the time
//! waited (it is not waited for forever); a bus error is an ERROR.
//!
//! The power cycle is the host's ([`crate::instruments::host::HostControl::power_cycle`]). A
//! host that cannot cut the power leaves CMIS modules to a software cycle (LowPwrRequestSW,
//! byte 26 b4); SFF modules then have only the current start timed, from the start of the
//! check.

mod cmis;
mod datapath;
mod sff;
mod stats;
#[cfg(test)]
mod tests;

use std::time::Duration;

use tokio::time::Instant;

use super::common::Family;
use super::{AttemptResult, CheckEnv};
use crate::plan::checks::PowerUpParams;
use crate::results::{Measurement, Outcome};
use stats::Timings;

/// Runs one attempt.
pub async fn run(params: &PowerUpParams, env: &mut CheckEnv<'_>) -> AttemptResult {
    let check_start = Instant::now();
    let (_, decoded) = match env.snapshot().await {
        Ok(s) => s,
        Err(e) => return AttemptResult::error(format!("cannot read the module: {e}")),
    };
    let mut result = match Family::of(decoded.spec) {
        Family::Cmis => cmis::run(params, env, &decoded, check_start).await,
        family => sff::run(params, env, &decoded, family, check_start).await,
    };
    if matches!(result.outcome, Outcome::Pass | Outcome::Fail) {
        power_drawn(env, &mut result).await;
    }
    result
}

/// The power the module draws once up (full power, data paths active), against the slot's
/// budget, where the host can measure it; a host that cannot is said in the message.
async fn power_drawn(env: &mut CheckEnv<'_>, result: &mut AttemptResult) {
    match env.host.supply_power_w().await {
        Ok(w) => {
            let m =
                Measurement::judged("power.drawn_w", Some(w), "W", None, env.slot.power_budget_w);
            if m.outcome == Outcome::Fail {
                result.outcome = Outcome::Fail;
                result.message.push_str("; ");
                result.message.push_str(&m.describe());
            }
            result.measurements.push(m);
        }
        Err(e) => {
            result
                .message
                .push_str(&format!("; power drawn not measured ({e})"));
        }
    }
}

/// What the cycles found.
#[derive(Debug, Default)]
struct Findings {
    /// Timings and per-cycle facts.
    timings: Timings,
    /// Failures in words (a module beyond a limit, stuck, faulted, refusing a setting).
    problems: Vec<String>,
    /// How the check was done, for the message.
    notes: Vec<String>,
    /// A bus error that ended the check.
    error: Option<String>,
}

impl Findings {
    /// The attempt's result: the summary, then notes and problems; ERROR when a bus error
    /// ended the check and nothing failed.
    fn finish(self, summary: String) -> AttemptResult {
        let mut text = summary;
        for part in self.notes.iter().chain(&self.problems).chain(&self.error) {
            text.push_str("; ");
            text.push_str(part);
        }
        let mut r = AttemptResult::from_measurements(text, self.timings.into_measurements());
        if self.error.is_some() && r.outcome == Outcome::Pass {
            r.outcome = Outcome::Error;
        }
        r
    }
}

/// Cuts the module's power for `off` through the host; `false` when the host cannot.
async fn host_power_cycle(env: &mut CheckEnv<'_>, off: Duration) -> bool {
    let done = env.host.power_cycle(off).await.is_ok();
    if done {
        // The module came back with its page select registers reset.
        env.module.forget_page();
    }
    done
}

/// `d` as whole milliseconds for messages.
fn ms_text(d: Duration) -> String {
    format!("{} ms", d.as_millis())
}
