//! The `link_budget` check (issue 5 item 8): for the slot's deployment tier, the module's
//! measured Tx power (its DOM, per lane) minus the tier's channel loss must clear the receiver
//! sensitivity by the required margin:
//!
//! `laneN.link_margin_db = Tx − loss − sensitivity`, pass when ≥ `margin_db`.
//!
//! The sensitivity is the plan's `rx_sensitivity_dbm`, else the module's own Rx power low-alarm
//! threshold. As an early warning, `laneN.rx_margin_to_low_warning_db` = Rx power (DOM) − the Rx
//! low-warning threshold is reported; it is judged only when the plan sets `warning_margin_db`.

#[cfg(test)]
mod tests;

use std::time::Duration;

use super::dom_accuracy::live::{Lasers, Live, NotReady};
use super::{AttemptResult, CheckEnv};
use crate::memmap::decoded::Dom;
use crate::plan::checks::LinkBudgetParams;
use crate::results::Measurement;
use crate::results::model::fmt_num;

/// Readings of the monitors averaged (mW) per lane.
const SAMPLES: u32 = 3;

/// Time between two readings.
const SPACING: Duration = Duration::from_millis(200);

/// 0.1 µW, the smallest non-zero DOM power (qualification.md §2): 0 mW counts as −40 dBm.
const FLOOR_MW: f64 = 0.0001;

/// Margin of a link: Tx power after the channel, above the receiver sensitivity, dB.
pub fn link_margin_db(tx_dbm: f64, loss_db: f64, sensitivity_dbm: f64) -> f64 {
    tx_dbm - loss_db - sensitivity_dbm
}

/// Runs one attempt.
pub async fn run(params: &LinkBudgetParams, env: &mut CheckEnv<'_>) -> AttemptResult {
    let Some((tier, loss, margin)) = params.budget_for(env.slot.tier) else {
        return AttemptResult::skip(
            "no tier: set link_budget.tier or the slot's tier to choose the channel loss",
        );
    };
    let mut live = match Live::snapshot(env).await {
        Ok(l) => l,
        Err(e) => return AttemptResult::error(e),
    };
    match live.wait_ready(env).await {
        Ok(Lasers::On { .. }) => {}
        Ok(Lasers::Off(why)) => {
            return AttemptResult::error(format!("no Tx power to budget: lasers off ({why})"));
        }
        Err(NotReady::NoDom(why)) => {
            return AttemptResult::skip(format!("the module reports no Tx power: {why}"));
        }
        Err(NotReady::Error(why)) => return AttemptResult::error(why),
    }
    let mut readings = Vec::new();
    for i in 0..SAMPLES {
        if i > 0 {
            tokio::time::sleep(SPACING).await;
            if let Err(e) = live.refresh(env).await {
                return AttemptResult::error(e);
            }
        }
        readings.push(live.decoded.dom.clone());
    }
    let rx_thresholds = live
        .decoded
        .thresholds
        .rx_power_dbm
        .clone()
        .unwrap_or_default();
    let (sensitivity, source) = match (params.rx_sensitivity_dbm, rx_thresholds.low_alarm) {
        (Some(s), _) => (Some(s), "rx_sensitivity_dbm"),
        (None, Some(s)) => (Some(s), "the module's Rx power low alarm"),
        (None, None) => (
            None,
            "none: the module has no Rx low-alarm threshold, set rx_sensitivity_dbm",
        ),
    };
    let mut summary = format!(
        "{} link: loss {} dB, required margin {} dB, sensitivity {} ({source})",
        tier.as_str(),
        fmt_num(loss),
        fmt_num(margin),
        sensitivity.map_or("unknown".to_string(), |s| format!("{} dBm", fmt_num(s))),
    );
    let mut m = Vec::new();
    for (lane, tx_dbm, rx_dbm) in lane_means(&readings) {
        m.push(Measurement::judged(
            format!("lane{lane}.link_margin_db"),
            sensitivity
                .zip(tx_dbm)
                .map(|(s, tx)| link_margin_db(tx, loss, s)),
            "dB",
            Some(margin),
            None,
        ));
        if let Some(lw) = rx_thresholds.low_warning {
            m.push(Measurement::judged(
                format!("lane{lane}.rx_margin_to_low_warning_db"),
                rx_dbm.map(|rx| rx - lw),
                "dB",
                params.warning_margin_db,
                None,
            ));
        }
    }
    if rx_thresholds.low_warning.is_none() {
        summary.push_str("; no Rx low-warning threshold: early warning not reported");
    }
    if m.is_empty() {
        return AttemptResult::skip("the module reports no lanes");
    }
    AttemptResult::from_measurements(summary, m)
}

/// Per lane (in lane order): mean Tx and Rx power in dBm, averaged in mW, 0 mW at −40 dBm;
/// `None` for a monitor the module does not report.
fn lane_means(readings: &[Dom]) -> Vec<(u16, Option<f64>, Option<f64>)> {
    let mut lanes: Vec<u16> = readings
        .iter()
        .flat_map(|d| d.lanes.iter().map(|l| l.lane))
        .collect();
    lanes.sort_unstable();
    lanes.dedup();
    let mean_dbm = |lane: u16, f: fn(&crate::memmap::decoded::LaneDom) -> Option<f64>| {
        let v: Vec<f64> = readings
            .iter()
            .flat_map(|d| d.lanes.iter().filter(|l| l.lane == lane).filter_map(f))
            .collect();
        let mean = (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64)?;
        Some(10.0 * mean.max(FLOOR_MW).log10())
    };
    lanes
        .into_iter()
        .map(|lane| {
            (
                lane,
                mean_dbm(lane, |l| l.tx_power_mw),
                mean_dbm(lane, |l| l.rx_power_mw),
            )
        })
        .collect()
}
