//! The `tx_disable_los` check: soft Tx disable and enable, lane by lane, timed until the Tx power
//! monitor shows the light gone (below -30 dBm) and back (within 1 dB of its level before);
//! then Rx LOS: asserted when the far end stops sending, cleared when its light returns, timed
//! on the LOS state or flags. Registers per spec in [`access`].
//!
//! The far end goes dark through the host ([`crate::instruments::host::HostControl::
//! set_far_end_light`]); a host that cannot do that on a looped-back slot darkens the receivers
//! by disabling the module's own transmitters. Whatever happens, the Tx disable register and the
//! far end's light are restored afterwards. Parts the module or host cannot do are skipped, and
//! the message says which.

mod access;
#[cfg(test)]
mod tests;

use std::time::Duration;

use tokio::time::Instant;

use super::common::{
    Family, Polled, READY_WAIT, Verdict, ms, poll, status_pages, wait_ready, yes_no,
};
use super::{AttemptResult, CheckEnv};
use crate::plan::checks::TxDisableLosParams;
use crate::results::{Measurement, Outcome};
use access::Access;

/// Below this the transmitter counts as off: 1 µW = -30 dBm.
const DARK_MW: f64 = 0.001;
/// Back on: within 1 dB of the power before the disable (10^(-1/10) = 0.794).
const ON_FRACTION: f64 = 0.794;

/// What the check found.
#[derive(Debug, Default)]
struct Findings {
    measurements: Vec<Measurement>,
    problems: Vec<String>,
    notes: Vec<String>,
    error: Option<String>,
}

impl Findings {
    /// Records a per-lane time against `limit`.
    fn time(&mut self, lane: u16, step: &str, elapsed: Duration, limit: Duration) {
        self.measurements.push(Measurement::judged(
            format!("lane{lane}.{step}"),
            Some(ms(elapsed)),
            "ms",
            None,
            Some(ms(limit)),
        ));
    }

    /// The largest value of `step` over the lanes.
    fn max_of(&self, step: &str) -> Option<f64> {
        let suffix = format!(".{step}");
        self.measurements
            .iter()
            .filter(|m| m.name.ends_with(&suffix))
            .filter_map(|m| m.value)
            .reduce(f64::max)
    }
}

/// What was changed and must be put back.
#[derive(Debug, Default)]
struct Changed {
    far_end_dark: bool,
}

/// Runs one attempt.
pub async fn run(params: &TxDisableLosParams, env: &mut CheckEnv<'_>) -> AttemptResult {
    let first = match env.snapshot().await {
        Ok((_, d)) => d,
        Err(e) => return AttemptResult::error(format!("cannot read the module: {e}")),
    };
    let (has_a2, has_p11) = status_pages(&first);
    if let Err(r) = wait_ready(env, Family::of(first.spec), has_a2, has_p11, READY_WAIT).await {
        return r;
    }
    // What the module reports once it is up.
    let decoded = match env.snapshot().await {
        Ok((_, d)) => d,
        Err(e) => return AttemptResult::error(format!("cannot read the module: {e}")),
    };
    let a = Access::new(&decoded, params);
    if !(a.tx_disable || (params.los && a.rx_los)) {
        return AttemptResult::skip(
            "the module implements neither soft Tx disable nor a readable Rx LOS",
        );
    }
    let saved = if a.tx_disable {
        match a.read_disable(env.module).await {
            Ok(v) => Some(v),
            Err(e) => return AttemptResult::error(format!("reading the Tx disable control: {e}")),
        }
    } else {
        None
    };
    let mut f = Findings::default();
    let mut changed = Changed::default();
    let lanes = lanes_to_test(params, &a, &mut f);
    if let Err(e) = body(params, env, &a, &lanes, &mut f, &mut changed).await {
        f.error = Some(e);
    }
    // Put everything back, even after a failure or a bus error.
    if changed.far_end_dark && env.host.set_far_end_light(None, true).await.is_err() {
        f.error
            .get_or_insert_with(|| "the far end's light could not be switched back on".into());
    }
    if let Some(saved) = saved {
        if let Err(e) = a.restore_disable(env.module, saved).await {
            let msg = format!("restoring the Tx disable control: {e}");
            f.error.get_or_insert(msg);
        }
    }
    finish(&a, params, &lanes, f)
}

/// The lanes asked for that the module has.
fn lanes_to_test(params: &TxDisableLosParams, a: &Access, f: &mut Findings) -> Vec<u16> {
    if params.lanes.is_empty() {
        return a.lanes.clone();
    }
    let mut out = Vec::new();
    for l in params.lanes.iter().map(|l| u16::from(*l)) {
        if a.lanes.contains(&l) {
            out.push(l);
        } else {
            f.notes
                .push(format!("lane {l}: not a monitored lane of this module"));
        }
    }
    out
}

async fn body(
    params: &TxDisableLosParams,
    env: &mut CheckEnv<'_>,
    a: &Access,
    lanes: &[u16],
    f: &mut Findings,
    changed: &mut Changed,
) -> Result<(), String> {
    match (a.tx_disable, a.tx_power) {
        (true, true) => tx_timing(env, a, lanes, f).await?,
        (false, _) => f
            .notes
            .push("soft Tx disable not implemented: Tx timing skipped".into()),
        (true, false) => f
            .notes
            .push("no Tx power monitor to see the light: Tx timing skipped".into()),
    }
    if !params.los {
        return Ok(());
    }
    if !a.rx_los {
        f.notes
            .push("Rx LOS not readable on this module: LOS skipped".into());
        return Ok(());
    }
    los(params, env, a, lanes, f, changed).await
}

/// Disable and enable each lit lane in turn.
async fn tx_timing(
    env: &mut CheckEnv<'_>,
    a: &Access,
    lanes: &[u16],
    f: &mut Findings,
) -> Result<(), String> {
    // Lasers may still be turning on just after the module became ready: wait for them (not
    // judged), as long as an enable may take.
    let p = a.tx_power_poll(a.on_limit.value);
    let before = match poll(env.module, Instant::now(), &p, |b| {
        if lanes
            .iter()
            .all(|l| a.tx_mw(b, *l).is_some_and(|mw| mw > DARK_MW))
        {
            Verdict::Done
        } else {
            Verdict::Wait
        }
    })
    .await
    {
        Polled::Done { bytes, .. } => bytes,
        Polled::TimedOut { last, .. } => last,
        Polled::Abort { why, .. } => return Err(why),
        Polled::Bus { error, .. } => return Err(format!("reading Tx power: {error}")),
    };
    for &lane in lanes {
        let Some(on_mw) = a.tx_mw(&before, lane).filter(|mw| *mw > DARK_MW) else {
            f.notes.push(format!(
                "lane {lane}: no light before the test, Tx not timed"
            ));
            continue;
        };
        let bit = 1u8 << (lane - 1);
        a.set_disabled(env.module, bit, true)
            .await
            .map_err(|e| format!("lane {lane}: disabling Tx: {e}"))?;
        let t = Instant::now();
        let off = a.tx_power_poll(a.off_limit.value);
        let polled = poll(env.module, t, &off, |b| below(a.tx_mw(b, lane), DARK_MW)).await;
        step(f, lane, "tx_off_ms", &a.off_limit.value, polled, |last| {
            format!(
                "lane {lane}: still {} after the Tx disable",
                power_text(a.tx_mw(last, lane))
            )
        })?;
        a.set_disabled(env.module, bit, false)
            .await
            .map_err(|e| format!("lane {lane}: enabling Tx: {e}"))?;
        let t = Instant::now();
        let on = a.tx_power_poll(a.on_limit.value);
        let polled = poll(env.module, t, &on, |b| match a.tx_mw(b, lane) {
            Some(mw) if mw >= on_mw * ON_FRACTION => Verdict::Done,
            _ => Verdict::Wait,
        })
        .await;
        step(f, lane, "tx_on_ms", &a.on_limit.value, polled, |last| {
            format!(
                "lane {lane}: {} after the Tx enable, {} before",
                power_text(a.tx_mw(last, lane)),
                power_text(Some(on_mw))
            )
        })?;
    }
    Ok(())
}

fn below(mw: Option<f64>, floor: f64) -> Verdict {
    match mw {
        Some(v) if v < floor => Verdict::Done,
        _ => Verdict::Wait,
    }
}

fn power_text(mw: Option<f64>) -> String {
    match mw {
        Some(v) if v > 0.0 => format!("{:.1} dBm", 10.0 * v.log10()),
        Some(_) => "0 mW".into(),
        None => "unreadable".into(),
    }
}

/// Records a timed step of one lane; a timeout is a failure with the time waited.
fn step(
    f: &mut Findings,
    lane: u16,
    name: &str,
    limit: &Duration,
    polled: Polled,
    stuck: impl FnOnce(&[u8]) -> String,
) -> Result<(), String> {
    match polled {
        Polled::Done { elapsed, .. } => f.time(lane, name, elapsed, *limit),
        Polled::TimedOut { elapsed, last } => {
            f.time(lane, name, elapsed, *limit);
            f.problems.push(format!(
                "{} ({} ms): gave up",
                stuck(&last),
                elapsed.as_millis()
            ));
        }
        Polled::Abort { why, .. } => f.problems.push(why),
        Polled::Bus { error, .. } => return Err(format!("lane {lane}: {name}: {error}")),
    }
    Ok(())
}

/// Rx LOS: far end dark, timed until every lane's LOS shows; light back, timed until it clears.
async fn los(
    params: &TxDisableLosParams,
    env: &mut CheckEnv<'_>,
    a: &Access,
    lanes: &[u16],
    f: &mut Findings,
    changed: &mut Changed,
) -> Result<(), String> {
    let p = a.los_poll(params.los_max);
    // Two reads: the first clears what latched earlier (e.g. during the Tx timing).
    let mut now = 0;
    for _ in 0..2 {
        let b = env
            .module
            .read(p.segment, p.first, p.len)
            .await
            .map_err(|e| format!("reading Rx LOS: {e}"))?;
        now = a.los_lanes(&b);
    }
    let mut mask = 0u8;
    let lit_rx = if lanes.iter().any(|l| now & (1 << (l - 1)) != 0) {
        let (_, d) = env
            .snapshot()
            .await
            .map_err(|e| format!("reading Rx power: {e}"))?;
        Some(d)
    } else {
        None
    };
    for &lane in lanes {
        let bit = 1u8 << (lane - 1);
        if now & bit == 0 {
            mask |= bit;
            continue;
        }
        // LOS with light in: the receiver gets at least its low alarm level (-20 dBm when the
        // module has no threshold), where LOS must be clear.
        let rx = lit_rx.as_ref().and_then(|d| {
            let dbm = d.dom.lanes.iter().find(|l| l.lane == lane)?.rx_power_dbm?;
            let floor = d
                .thresholds
                .rx_power_dbm
                .as_ref()
                .and_then(|t| t.low_alarm)
                .unwrap_or(-20.0);
            (dbm >= floor).then_some((dbm, floor))
        });
        match rx {
            Some((dbm, floor)) => {
                f.problems.push(format!(
                    "lane {lane}: Rx LOS asserted while receiving {dbm:.1} dBm (at or above \
                     {floor:.1} dBm)"
                ));
                f.measurements
                    .push(yes_no(format!("lane{lane}.rx_los_clear_with_light"), false));
            }
            None => f.notes.push(format!(
                "lane {lane}: Rx LOS asserted and no light received before the test: LOS not \
                 timed"
            )),
        }
    }
    if mask == 0 {
        return Ok(());
    }
    // Darken the receivers.
    let own_tx = if env.host.set_far_end_light(None, false).await.is_ok() {
        changed.far_end_dark = true;
        false
    } else if env.slot.peer.is_none() && a.tx_disable {
        f.notes.push(
            "the host cannot switch the far end's light: the loopback was darkened by \
             disabling the module's own transmitters"
                .into(),
        );
        a.set_disabled(env.module, mask, true)
            .await
            .map_err(|e| format!("disabling Tx for LOS: {e}"))?;
        true
    } else {
        f.notes.push(
            "the host cannot switch the far end's light and the link is not a loopback: \
             LOS skipped"
                .into(),
        );
        return Ok(());
    };
    let dark = Instant::now();
    timed_los(env, a, &p, dark, mask, true, "rx_los_assert_ms", params, f).await?;
    // Light back.
    if own_tx {
        a.set_disabled(env.module, mask, false)
            .await
            .map_err(|e| format!("enabling Tx after LOS: {e}"))?;
    } else {
        if env.host.set_far_end_light(None, true).await.is_err() {
            return Err("the far end's light could not be switched back on".into());
        }
        changed.far_end_dark = false;
    }
    let lit = Instant::now();
    timed_los(env, a, &p, lit, mask, false, "rx_los_clear_ms", params, f).await
}

/// Polls LOS from `t` until every lane of `mask` reads `asserted`, recording each lane's time.
#[expect(
    clippy::too_many_arguments,
    reason = "one call site per direction, all plain data"
)]
async fn timed_los(
    env: &mut CheckEnv<'_>,
    a: &Access,
    p: &super::common::Poll,
    t: Instant,
    mask: u8,
    asserted: bool,
    step: &str,
    params: &TxDisableLosParams,
    f: &mut Findings,
) -> Result<(), String> {
    let mut seen: [Option<Duration>; 8] = [None; 8];
    let polled = poll(env.module, t, p, |b| {
        let los = a.los_lanes(b);
        let elapsed = t.elapsed();
        for (i, s) in seen.iter_mut().enumerate() {
            let bit = 1u8 << i;
            if mask & bit != 0 && s.is_none() && (los & bit != 0) == asserted {
                *s = Some(elapsed);
            }
        }
        if (0..8).all(|i| mask & (1 << i) == 0 || seen[i].is_some()) {
            Verdict::Done
        } else {
            Verdict::Wait
        }
    })
    .await;
    let waited = match polled {
        Polled::Done { elapsed, .. } | Polled::TimedOut { elapsed, .. } => elapsed,
        Polled::Abort { elapsed, .. } => elapsed,
        Polled::Bus { error, .. } => return Err(format!("{step}: {error}")),
    };
    for i in (0..8u16).filter(|i| mask & (1 << i) != 0) {
        let lane = i + 1;
        match seen.get(usize::from(i)).copied().flatten() {
            Some(e) => f.time(lane, step, e, params.los_max),
            None => {
                f.time(lane, step, waited, params.los_max);
                f.problems.push(format!(
                    "lane {lane}: Rx LOS still {} {} ms after the far end's light went {}: gave up",
                    if asserted { "clear" } else { "asserted" },
                    waited.as_millis(),
                    if asserted { "off" } else { "on" }
                ));
            }
        }
    }
    Ok(())
}

fn finish(a: &Access, params: &TxDisableLosParams, lanes: &[u16], f: Findings) -> AttemptResult {
    let lanes_text: Vec<String> = lanes.iter().map(u16::to_string).collect();
    let mut parts = vec![format!("lane(s) {}", lanes_text.join(", "))];
    let max = |step: &str| f.max_of(step).map(|v| format!("{v:.1} ms"));
    if let (Some(off), Some(on)) = (max("tx_off_ms"), max("tx_on_ms")) {
        parts.push(format!(
            "Tx off in at most {off} (limit {} ms, {}), on in at most {on} (limit {} ms, {})",
            a.off_limit.value.as_millis(),
            a.off_limit.source,
            a.on_limit.value.as_millis(),
            a.on_limit.source
        ));
    }
    if let (Some(up), Some(down)) = (max("rx_los_assert_ms"), max("rx_los_clear_ms")) {
        parts.push(format!(
            "Rx LOS asserted in at most {up}, cleared in at most {down} (limit {} ms)",
            params.los_max.as_millis()
        ));
    }
    let mut text = parts.join("; ");
    for part in f.notes.iter().chain(&f.problems).chain(&f.error) {
        text.push_str("; ");
        text.push_str(part);
    }
    let mut measurements = f.measurements;
    if measurements.is_empty() && f.problems.is_empty() {
        return match f.error {
            Some(_) => AttemptResult::error(text),
            None => AttemptResult::skip(text),
        };
    }
    if !f.problems.is_empty() && measurements.iter().all(|m| m.outcome == Outcome::Pass) {
        // A problem without a failing timing (e.g. an abort): make it count.
        measurements.push(yes_no("problems", false));
    }
    let mut r = AttemptResult::from_measurements(text, measurements);
    if f.error.is_some() && r.outcome == Outcome::Pass {
        r.outcome = Outcome::Error;
    }
    r
}
