//! The `dom_accuracy` check (issue 5 item 3): the module's DOM against reference instruments,
//! per lane, with the limits of qualification.md §2 (±3 °C, ±3 % Vcc, ±10 % bias against a
//! datasheet nominal, ±3 dB Tx and Rx power).
//!
//! It waits (bounded) until the monitors are valid and the lasers on, takes `samples` readings
//! of every monitor with its reference read alongside, then patches the power meter to each
//! lane. Every value is named `<what>_error_<unit>` (`lane3.tx_power_error_db`) with
//! value = DOM − reference and symmetric limits. A reference that cannot be read (a silent
//! meter, a chamber error) makes its measurements errors, never failures.

mod average;
mod judge;
pub(crate) mod live;
mod meter;
mod refs;
#[cfg(test)]
mod tests;

use std::collections::BTreeMap;
use std::time::Duration;

use self::average::{DomMeans, Mean, dbm_to_mw};
use self::live::{Lasers, Live, NotReady};
use self::refs::{RxSource, Sources};
use super::{AttemptResult, CheckEnv};
use crate::memmap::{Decoded, units};
use crate::plan::checks::{DomAccuracyParams, Reference};
use crate::results::Measurement;

/// Time between two readings of the monitors (modules refresh them every few tens of ms to
/// about 1 s; readings closer together would repeat the same value).
const SAMPLE_SPACING: Duration = Duration::from_millis(200);

/// Register range of an optical power monitor when the module gives no thresholds: 0.1 µW to
/// 6.5535 mW, about −40 to +8.2 dBm (qualification.md §2).
const POWER_RANGE_DBM: (f64, f64) = (-40.0, 8.2);

/// Runs one attempt.
pub async fn run(params: &DomAccuracyParams, env: &mut CheckEnv<'_>) -> AttemptResult {
    let mut live = match Live::snapshot(env).await {
        Ok(l) => l,
        Err(e) => return AttemptResult::error(e),
    };
    let lasers = match live.wait_ready(env).await {
        Ok(l) => l,
        Err(NotReady::NoDom(why)) => {
            return AttemptResult::skip(format!("the module has no DOM to check: {why}"));
        }
        Err(NotReady::Error(why)) => return AttemptResult::error(why),
    };
    let (lanes, absent) = select_lanes(params, &live.decoded);
    let sources = refs::choose(params, env, lanes.first().copied().unwrap_or(1)).await;
    let rounds = match sample(params, env, &mut live, &sources, &lanes).await {
        Ok(r) => r,
        Err(e) => return AttemptResult::error(e),
    };
    let mut report = Report::default();
    report.said(format!("{} readings", params.samples.max(1)));
    module_values(params, &sources, &rounds, &mut report);
    for lane in absent {
        report
            .notes
            .push(format!("lane {lane} is not a lane of this module"));
        report.m.push(Measurement::judged(
            judge::lane_name(lane, "present"),
            None,
            "",
            None,
            None,
        ));
    }
    let lit: Vec<u16> = match &lasers {
        Lasers::On { disabled } => lanes
            .iter()
            .copied()
            .filter(|l| !disabled.contains(l))
            .collect(),
        Lasers::Off(why) => {
            report.notes.push(format!(
                "Tx power and bias not compared: lasers off ({why})"
            ));
            Vec::new()
        }
    };
    bias_values(params, &rounds, &lit, &mut report);
    tx_values(params, env, &mut live, &lit, &mut report).await;
    rx_values(
        params,
        &sources,
        &rounds,
        &live.decoded,
        &lanes,
        &mut report,
    );
    report.finish()
}

/// Measurements and the words around them.
#[derive(Debug, Default)]
struct Report {
    m: Vec<Measurement>,
    used: Vec<String>,
    notes: Vec<String>,
}

impl Report {
    fn said(&mut self, s: String) {
        self.used.push(s);
    }

    fn finish(self) -> AttemptResult {
        let mut summary = format!("DOM against references: {}", self.used.join(", "));
        if !self.notes.is_empty() {
            summary.push_str("; ");
            summary.push_str(&self.notes.join("; "));
        }
        if self.m.is_empty() {
            return AttemptResult::skip(format!("nothing to compare: {summary}"));
        }
        AttemptResult::from_measurements(summary, self.m)
    }
}

/// The lanes to check: the plan's, or every lane the module reports; and the plan's lanes the
/// module does not have.
fn select_lanes(params: &DomAccuracyParams, d: &Decoded) -> (Vec<u16>, Vec<u16>) {
    let have: Vec<u16> = d.dom.lanes.iter().map(|l| l.lane).collect();
    if params.lanes.is_empty() {
        return (have, Vec::new());
    }
    params
        .lanes
        .iter()
        .map(|l| u16::from(*l))
        .partition(|l| have.contains(l))
}

/// Means of the monitors and of their references over the rounds.
#[derive(Debug, Default)]
struct Rounds {
    dom: DomMeans,
    temperature: Mean,
    temperature_error: Option<String>,
    supply: Mean,
    supply_error: Option<String>,
    rx: BTreeMap<u16, Mean>,
    rx_error: Option<String>,
}

/// Takes `samples` readings of the monitors, each with the references read alongside. A
/// reference that fails is not asked again (its error is kept); a bus error ends the check.
async fn sample(
    params: &DomAccuracyParams,
    env: &mut CheckEnv<'_>,
    live: &mut Live,
    sources: &Sources,
    lanes: &[u16],
) -> Result<Rounds, String> {
    let mut r = Rounds::default();
    for i in 0..params.samples.max(1) {
        if i > 0 {
            tokio::time::sleep(SAMPLE_SPACING).await;
            live.refresh(env).await?;
        }
        r.dom.add(&live.decoded.dom);
        if let (Ok(src), None) = (&sources.temperature, &r.temperature_error) {
            match refs::temperature(env, *src).await {
                Ok(v) => r.temperature.add(Some(v)),
                Err(e) => r.temperature_error = Some(e),
            }
        }
        if r.supply_error.is_none() {
            match refs::supply(env, sources.supply).await {
                Ok(v) => r.supply.add(Some(v)),
                Err(e) => r.supply_error = Some(e),
            }
        }
        if let (Ok(src), None) = (&sources.rx, &r.rx_error) {
            for &lane in lanes {
                match refs::rx_input(env, *src, lane).await {
                    Ok(dbm) => r.rx.entry(lane).or_default().add(Some(dbm_to_mw(dbm))),
                    Err(e) => r.rx_error = Some(e),
                }
            }
        }
    }
    Ok(r)
}

/// Temperature and Vcc.
fn module_values(p: &DomAccuracyParams, s: &Sources, r: &Rounds, out: &mut Report) {
    match &s.temperature {
        Ok(src) => {
            out.said(format!("temperature vs {}", src.label()));
            if let Some(e) = &r.temperature_error {
                out.notes.push(format!("temperature reference: {e}"));
            }
            out.m.push(judge::difference(
                "temperature_error_c",
                r.dom.temperature_c.get(),
                r.temperature.get(),
                "degC",
                p.limits.temperature_c,
            ));
        }
        Err(missing) if missing.required => {
            out.notes
                .push(format!("temperature reference: {}", missing.why));
            out.m.push(judge::difference(
                "temperature_error_c",
                r.dom.temperature_c.get(),
                None,
                "degC",
                p.limits.temperature_c,
            ));
        }
        Err(missing) => out
            .notes
            .push(format!("temperature not compared: {}", missing.why)),
    }
    out.said(match s.supply {
        refs::SupplySource::Host => "Vcc vs the supply reading".to_string(),
        refs::SupplySource::Plan(v) => format!("Vcc vs supply_v {v} V"),
    });
    if let Some(e) = &r.supply_error {
        out.notes.push(format!("supply reference: {e}"));
    }
    out.m.push(judge::percent(
        "vcc_error_pct",
        r.dom.vcc_v.get(),
        r.supply.get(),
        p.limits.vcc_pct,
    ));
}

/// Bias against the datasheet nominal (plausibility only, qualification.md §2).
fn bias_values(p: &DomAccuracyParams, r: &Rounds, lit: &[u16], out: &mut Report) {
    let Some(nominal) = p.nominal_bias_ma else {
        return;
    };
    out.said(format!("bias vs nominal {nominal} mA"));
    for &lane in lit {
        let dom = r.dom.lanes.get(&lane).and_then(|m| m.tx_bias_ma.get());
        out.m.push(judge::percent(
            judge::lane_name(lane, "tx_bias_error_pct"),
            dom,
            Some(nominal),
            p.limits.tx_bias_pct,
        ));
    }
}

/// Tx power against the power meter.
async fn tx_values(
    p: &DomAccuracyParams,
    env: &mut CheckEnv<'_>,
    live: &mut Live,
    lit: &[u16],
    out: &mut Report,
) {
    let has_meter = env.station.meter.is_some();
    match p.reference {
        Reference::None => {
            out.notes
                .push("Tx power not compared (reference: none)".into());
            return;
        }
        Reference::Auto if !has_meter => {
            out.notes
                .push("Tx power not compared: the station has no power meter".into());
            return;
        }
        _ => {}
    }
    if lit.is_empty() {
        return;
    }
    let pass = match meter::measure(env, live, lit, p.samples, p.patch_loss_db).await {
        Ok(pass) => pass,
        Err(e) => {
            out.notes.push(e);
            for &lane in lit {
                out.m.push(judge::difference(
                    judge::lane_name(lane, "tx_power_error_db"),
                    None,
                    None,
                    "dB",
                    p.limits.tx_power_db,
                ));
            }
            return;
        }
    };
    out.said(format!(
        "Tx power vs {} (patch loss {} dB added back)",
        pass.setup, p.patch_loss_db
    ));
    let mut errors: Vec<String> = Vec::new();
    for (lane, tx) in &pass.lanes {
        if let Some(e) = &tx.error {
            if !errors.contains(e) {
                errors.push(e.clone());
            }
        }
        let meter = if tx.error.is_some() {
            None
        } else {
            tx.meter_mw.dbm()
        };
        out.m.push(judge::difference(
            judge::lane_name(*lane, "tx_power_error_db"),
            tx.dom_mw.dbm(),
            meter,
            "dB",
            p.limits.tx_power_db,
        ));
    }
    out.notes.extend(errors);
}

/// Rx power against the known input, on lanes whose input lies within the module's Rx range
/// (its Rx power alarm thresholds, else the register range): accuracy is specified there only
/// (qualification.md §2).
fn rx_values(
    p: &DomAccuracyParams,
    s: &Sources,
    r: &Rounds,
    d: &Decoded,
    lanes: &[u16],
    out: &mut Report,
) {
    let src = match &s.rx {
        Ok(src) => src,
        Err(missing) => {
            out.notes
                .push(format!("Rx power not compared: {}", missing.why));
            return;
        }
    };
    out.said(match src {
        RxSource::Plan(dbm) => format!("Rx power vs rx_input_dbm {dbm} dBm"),
        RxSource::Host => "Rx power vs the host's known input".to_string(),
    });
    if let Some(e) = &r.rx_error {
        out.notes.push(format!("Rx input reference: {e}"));
    }
    let t = d.thresholds.rx_power_dbm.as_ref();
    let low = t.and_then(|t| t.low_alarm).unwrap_or(POWER_RANGE_DBM.0);
    let high = t.and_then(|t| t.high_alarm).unwrap_or(POWER_RANGE_DBM.1);
    let mut outside = Vec::new();
    for &lane in lanes {
        // The input as known (no floor: a dark input is out of range, not −40 dBm).
        let reference =
            r.rx.get(&lane)
                .and_then(Mean::get)
                .and_then(units::mw_to_dbm);
        if let Some(v) = reference.filter(|v| *v < low || *v > high) {
            outside.push(format!("lane {lane} at {v:.1} dBm"));
            continue;
        }
        let dom = r.dom.lanes.get(&lane).and_then(|m| m.rx_power_mw.dbm());
        out.m.push(judge::difference(
            judge::lane_name(lane, "rx_power_error_db"),
            dom,
            reference,
            "dB",
            p.limits.rx_power_db,
        ));
    }
    if !outside.is_empty() {
        out.notes.push(format!(
            "Rx power not compared outside the Rx range {low:.1} .. {high:.1} dBm: {}",
            outside.join(", ")
        ));
    }
}
