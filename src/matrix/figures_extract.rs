//! Key figures from the measurements of a run ([`extract`]) and the worst of them per SKU
//! ([`aggregate`]).
//!
//! Where each figure comes from (measurement names of the checks, design.md §4.3; a check nested
//! in a thermal sweep is read from the sweep's `<T>C/<kind>/<name>` measurements too):
//! - `power_up_ms`: `module_ready_ms.max` (CMIS) or `data_ready_ms.max` (SFF) of `power_up`,
//!   against its `high` (the advertised limit); `dp_activate_ms`: `dp_activate_ms.max`.
//! - DOM errors: the largest |value| of `laneN.tx_power_error_db`, `laneN.rx_power_error_db`
//!   and `temperature_error_c` of `dom_accuracy`, against the limit on the value's side.
//! - Temperatures: the thermal sweep's setpoints ([`setpoints`]) and `<T>C/module_temperature_c`.
//! - BER: `post_fec_ber_upper` of a top-level `ber_soak` (a short soak inside a sweep cannot
//!   demonstrate a bound, so those are left out), against the target the check's message names;
//!   `pre_fec_ber` of every soak, against its `high`.
//! - `power_w`: identity's `power.max_w` against its `high` (the slot's power budget).
//! - `power_drawn_w`: power_up's `power.drawn_w` (measured by the host) against the budget.
//!
//! Values that could not be measured (`None`, NaN) make no figure.

mod aggregate;
mod setpoints;
#[cfg(test)]
mod tests;

pub use aggregate::aggregate;

use super::figures::{Figure, ModuleFigures};
use crate::results::outcome::judge;
use crate::results::{CheckResult, Measurement, ModuleResult, Outcome, RunResults};

use setpoints::SetpointLog;

/// The key figures of every module of a run, in slot order.
pub fn extract(run: &RunResults) -> Vec<ModuleFigures> {
    run.modules
        .iter()
        .map(|m| module_figures(&run.run_id, m))
        .collect()
}

/// A measurement seen through the check it belongs to: the kind of check that measured it and
/// its own name (a sweep's `70C/dom_accuracy/lane1.x` is `dom_accuracy`, `lane1.x`, at 70 °C).
struct Seen<'a> {
    kind: &'a str,
    name: &'a str,
    setpoint_c: Option<f64>,
}

fn see<'a>(check: &'a CheckResult, m: &'a Measurement) -> Option<Seen<'a>> {
    if check.kind != "thermal_sweep" {
        return Some(Seen {
            kind: &check.kind,
            name: &m.name,
            setpoint_c: None,
        });
    }
    let (label, rest) = m.name.split_once('/')?;
    let setpoint_c = setpoints::parse_label(label)?;
    let (kind, name) = rest.split_once('/').unwrap_or(("thermal_sweep", rest));
    Some(Seen {
        kind,
        name,
        setpoint_c: Some(setpoint_c),
    })
}

fn module_figures(run_id: &str, module: &ModuleResult) -> ModuleFigures {
    let mut f = ModuleFigures {
        run_id: run_id.to_string(),
        slot: module.slot.clone(),
        sn: module.identity.sn.clone(),
        ..ModuleFigures::default()
    };
    let mut log = SetpointLog::default();
    for check in &module.checks {
        if check.kind == "thermal_sweep" {
            log.add_sweep(check);
        }
        for m in &check.measurements {
            if let Some(seen) = see(check, m) {
                take(&mut f, run_id, &module.slot, check, m, &seen);
            }
        }
    }
    f.temperature_passed_c = log.passed_range();
    f.temperature_tested_c = log.tested_range();
    f
}

/// Offers one measurement to the figure it feeds, if any.
fn take(
    f: &mut ModuleFigures,
    run_id: &str,
    slot: &str,
    check: &CheckResult,
    m: &Measurement,
    seen: &Seen<'_>,
) {
    let Some(value) = m.value.filter(|v| !v.is_nan()) else {
        return;
    };
    let figure = |value: f64, limit: Option<f64>, outcome: Outcome| Figure {
        value,
        limit,
        unit: m.unit.clone(),
        outcome,
        source: format!("{run_id}/{slot}/{}/{}", check.id, m.name),
    };
    let lane = |suffix: &str| {
        seen.name.starts_with("lane") && seen.name.ends_with(suffix) && seen.name.contains('.')
    };
    match (seen.kind, seen.name) {
        ("power_up", "module_ready_ms.max" | "data_ready_ms.max") => {
            keep_worst(&mut f.power_up_ms, figure(value, m.high, m.outcome));
        }
        ("power_up", "dp_activate_ms.max") => {
            keep_worst(&mut f.dp_activate_ms, figure(value, m.high, m.outcome));
        }
        ("dom_accuracy", "temperature_error_c") => {
            let fig = figure(value.abs(), symmetric_limit(value, m), m.outcome);
            keep_worst(&mut f.dom_temperature_error_c, fig);
        }
        ("dom_accuracy", _) if lane(".tx_power_error_db") => {
            let fig = figure(value.abs(), symmetric_limit(value, m), m.outcome);
            keep_worst(&mut f.dom_tx_error_db, fig);
        }
        ("dom_accuracy", _) if lane(".rx_power_error_db") => {
            let fig = figure(value.abs(), symmetric_limit(value, m), m.outcome);
            keep_worst(&mut f.dom_rx_error_db, fig);
        }
        ("ber_soak", "pre_fec_ber") => {
            keep_worst(&mut f.pre_fec_ber, figure(value, m.high, m.outcome));
        }
        ("ber_soak", "post_fec_ber_upper") if seen.setpoint_c.is_none() => {
            let target = target_ber(&check.message);
            let outcome = post_fec_outcome(check, value, target, m.outcome);
            keep_worst(&mut f.post_fec_ber_bound, figure(value, target, outcome));
        }
        ("identity", "power.max_w") => {
            keep_worst(&mut f.power_w, figure(value, m.high, m.outcome));
        }
        ("power_up", "power.drawn_w") => {
            keep_worst(&mut f.power_drawn_w, figure(value, m.high, m.outcome));
        }
        ("thermal_sweep", "module_temperature_c") if seen.setpoint_c.is_some() => {
            let max = f.max_case_temperature_c.map_or(value, |t| t.max(value));
            f.max_case_temperature_c = Some(max);
        }
        _ => {}
    }
}

/// Keeps the candidate when it is worse (higher) than the figure so far; the first of equals.
fn keep_worst(slot: &mut Option<Figure>, candidate: Figure) {
    if slot.as_ref().is_none_or(|f| candidate.value > f.value) {
        *slot = Some(candidate);
    }
}

/// The limit |value| is judged against: the bound on the value's side (`high` for a positive
/// error, `-low` for a negative one), else the other bound's magnitude.
fn symmetric_limit(value: f64, m: &Measurement) -> Option<f64> {
    let (same, other) = if value >= 0.0 {
        (m.high, m.low)
    } else {
        (m.low, m.high)
    };
    same.or(other).map(f64::abs)
}

/// The target BER a soak's message names (`..., target 1.000e-13 demonstrated`).
fn target_ber(message: &str) -> Option<f64> {
    let (_, after) = message.split_once(", target ")?;
    let token = after.split_whitespace().next()?;
    token.parse::<f64>().ok().filter(|t| t.is_finite())
}

/// Pass when the soak demonstrated its target (`target_ber_demonstrated`), fail when it did
/// not; without that measurement, the bound against the target; else the measurement's own.
fn post_fec_outcome(check: &CheckResult, value: f64, target: Option<f64>, own: Outcome) -> Outcome {
    let demonstrated = check
        .measurements
        .iter()
        .find(|m| m.name == "target_ber_demonstrated")
        .and_then(|m| m.value);
    match (demonstrated, target) {
        (Some(d), _) if d >= 1.0 => Outcome::Pass,
        (Some(_), _) => Outcome::Fail,
        (None, Some(t)) => judge(Some(value), None, Some(t)),
        (None, None) => own,
    }
}
