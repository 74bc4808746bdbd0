//! The `thresholds_and_flags` check: for every monitor the module has (temperature, Vcc, Tx
//! bias, Tx power, Rx power; per lane), the thresholds are ordered (low alarm < low warning <
//! high warning < high alarm), the value lies within the alarm thresholds, a value beyond a
//! threshold has its flag raised, and latched flags clear on read once the condition is gone.
//!
//! The module is read `1 + clear_reads` times, 100 ms apart. The first read shows (and clears)
//! whatever latched before the check; from the second on, a flag raised while its value stayed
//! clearly inside the threshold since the previous read is a flag that did not clear. Values
//! and flags of SFF-8472 modules with external calibration are compared in calibrated units
//! (the decoder applies the calibration to thresholds and values alike).

mod judge;
mod readings;
#[cfg(test)]
mod tests;

use std::collections::BTreeMap;
use std::time::Duration;

use super::common::{Family, READY_WAIT, count, status_pages, wait_ready, yes_no};
use super::{AttemptResult, CheckEnv};
use crate::memmap::decoded::{ThresholdSet, Thresholds};
use crate::plan::checks::{Monitor, ThresholdsAndFlagsParams};
use crate::results::Measurement;
use readings::Reading;

/// Pause between reads.
const READ_GAP: Duration = Duration::from_millis(100);

/// Runs one attempt.
pub async fn run(params: &ThresholdsAndFlagsParams, env: &mut CheckEnv<'_>) -> AttemptResult {
    let first = match env.snapshot().await {
        Ok((_, d)) => d,
        Err(e) => return AttemptResult::error(format!("cannot read the module: {e}")),
    };
    let family = Family::of(first.spec);
    let (has_a2, has_p11) = status_pages(&first);
    if let Err(r) = wait_ready(env, family, has_a2, has_p11, READY_WAIT).await {
        return r;
    }
    let thresholds = first.thresholds.clone();
    let with_thresholds: Vec<Monitor> = params
        .monitors
        .iter()
        .copied()
        .filter(|m| threshold(&thresholds, *m).is_some())
        .collect();
    if with_thresholds.is_empty() {
        return AttemptResult::skip(
            "the module has no thresholds for the monitors asked for (no digital monitoring)",
        );
    }

    let mut measurements = Vec::new();
    let mut problems = Vec::new();
    let mut notes = Vec::new();
    for m in &with_thresholds {
        if let Some(t) = threshold(&thresholds, *m) {
            let p = judge::order_problem(*m, t);
            measurements.push(yes_no(
                format!("{}.thresholds_ordered", m.as_str()),
                p.is_none(),
            ));
            problems.extend(p);
        }
    }

    // The reads: the first clears what latched before the check.
    let reads = 1 + params.clear_reads.max(1);
    let mut all: Vec<Vec<Reading>> = Vec::new();
    for i in 0..reads {
        if i > 0 {
            tokio::time::sleep(READ_GAP).await;
        }
        let d = match env.snapshot().await {
            Ok((_, d)) => d,
            Err(e) => {
                return AttemptResult::error(format!(
                    "cannot read the module (read {}): {e}",
                    i + 1
                ));
            }
        };
        all.push(readings::readings(&d, &with_thresholds));
    }

    let mut missing = BTreeMap::new();
    let mut uncleared = BTreeMap::new();
    let flags_seen = all.iter().flatten().any(|r| r.flags.is_some());
    for (i, read) in all.iter().enumerate() {
        for r in read {
            let Some(t) = threshold(&thresholds, r.monitor) else {
                continue;
            };
            for (key, msg) in judge::missing_flags(r, t) {
                missing.entry(key).or_insert(msg);
            }
            let prev = i
                .checked_sub(1)
                .and_then(|p| all.get(p))
                .and_then(|p| p.iter().find(|x| same(x, r)));
            if let (Some(prev), true) = (prev, params.latched_clear) {
                for (key, msg) in judge::uncleared_flags(prev, r, t) {
                    uncleared.entry(key).or_insert(msg);
                }
            }
        }
    }
    if flags_seen {
        measurements.push(count("flags.missing", missing.len(), 0));
        if params.latched_clear {
            measurements.push(count("flags.not_cleared", uncleared.len(), 0));
        }
        problems.extend(missing.into_values());
        problems.extend(uncleared.into_values());
    } else {
        notes.push(
            "the module implements no alarm/warning flags: only thresholds and values judged",
        );
    }

    // Values of the last read against the alarm thresholds.
    let mut dark = Vec::new();
    for r in all.last().into_iter().flatten() {
        let Some(t) = threshold(&thresholds, r.monitor) else {
            continue;
        };
        if !r.value.is_finite() || (r.lane_monitor() && r.value == 0.0) {
            dark.push(r.name());
            continue;
        }
        measurements.push(Measurement::judged(
            r.name(),
            Some(r.value),
            judge::unit(r.monitor),
            t.low_alarm,
            t.high_alarm,
        ));
    }

    let mut summary = format!(
        "{} monitor(s) with thresholds, {reads} reads",
        with_thresholds.len()
    );
    if !dark.is_empty() {
        summary.push_str(&format!(
            "; no light or bias on {} (value not judged)",
            dark.join(", ")
        ));
    }
    for n in notes {
        summary.push_str("; ");
        summary.push_str(n);
    }
    if !problems.is_empty() {
        summary.push_str(": ");
        summary.push_str(&problems.join("; "));
    }
    AttemptResult::from_measurements(summary, measurements)
}

impl Reading {
    /// Whether the monitor is a lane's (bias, Tx or Rx power).
    fn lane_monitor(&self) -> bool {
        !matches!(self.monitor, Monitor::TemperatureC | Monitor::VccV)
    }
}

fn same(a: &Reading, b: &Reading) -> bool {
    a.monitor == b.monitor && a.lane == b.lane
}

fn threshold(t: &Thresholds, m: Monitor) -> Option<&ThresholdSet> {
    match m {
        Monitor::TemperatureC => t.temperature_c.as_ref(),
        Monitor::VccV => t.vcc_v.as_ref(),
        Monitor::TxBiasMa => t.tx_bias_ma.as_ref(),
        Monitor::TxPowerDbm => t.tx_power_dbm.as_ref(),
        Monitor::RxPowerDbm => t.rx_power_dbm.as_ref(),
    }
}
