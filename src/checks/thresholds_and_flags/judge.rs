//! The rules, on plain values: thresholds ordered; a value clearly beyond a threshold has its
//! flag raised; a flag raised while the value stayed clearly inside its threshold since the
//! previous read did not clear on read (flags are latched and clear on read once the condition
//! is gone: reference/cmis.md §7, reference/sff-8636.md §1, reference/qualification.md §1).
//!
//! "Clearly" keeps a margin ([`margin`]) around each threshold: a reading is quantised and
//! noisy, while the module flags what it measured.

use crate::memmap::decoded::ThresholdSet;
use crate::plan::checks::Monitor;

use super::readings::Reading;

/// Names of the four levels, in [`super::readings::Levels`] order.
pub const LEVELS: [&str; 4] = ["high alarm", "low alarm", "high warning", "low warning"];

/// The thresholds as [high alarm, low alarm, high warning, low warning].
pub fn as_levels(t: &ThresholdSet) -> [Option<f64>; 4] {
    [t.high_alarm, t.low_alarm, t.high_warning, t.low_warning]
}

/// Unit of a monitor in measurements.
pub fn unit(m: Monitor) -> &'static str {
    match m {
        Monitor::TemperatureC => "degC",
        Monitor::VccV => "V",
        Monitor::TxBiasMa => "mA",
        Monitor::TxPowerDbm | Monitor::RxPowerDbm => "dBm",
    }
}

/// The margin around threshold `t` of `m` within which a reading says nothing: 1 °C, 10 mV,
/// 3 % of the threshold, 0.3 dB (several times the reading noise of reference/sim-model.md and
/// more than one register step).
pub fn margin(m: Monitor, t: f64) -> f64 {
    match m {
        Monitor::TemperatureC => 1.0,
        Monitor::VccV => 0.01,
        Monitor::TxBiasMa => 0.03 * t.abs(),
        Monitor::TxPowerDbm | Monitor::RxPowerDbm => 0.3,
    }
}

/// Whether `v` is beyond level `k` (0 HA, 1 LA, 2 HW, 3 LW) at threshold `t` by more than
/// `margin`.
pub fn clearly_beyond(k: usize, v: f64, t: f64, margin: f64) -> bool {
    if k % 2 == 0 {
        v > t + margin
    } else {
        v < t - margin
    }
}

/// Whether `v` is inside level `k` at threshold `t` by more than `margin`.
pub fn clearly_inside(k: usize, v: f64, t: f64, margin: f64) -> bool {
    if k % 2 == 0 {
        v < t - margin
    } else {
        v > t + margin
    }
}

/// Why the thresholds are not in the order low alarm < low warning < high warning < high alarm,
/// if they are not (a missing threshold is left out of the comparison).
pub fn order_problem(m: Monitor, t: &ThresholdSet) -> Option<String> {
    let seq = [
        ("low alarm", t.low_alarm),
        ("low warning", t.low_warning),
        ("high warning", t.high_warning),
        ("high alarm", t.high_alarm),
    ];
    let present: Vec<(&str, f64)> = seq.iter().filter_map(|(n, v)| v.map(|v| (*n, v))).collect();
    let bad = present.windows(2).find(|w| match w {
        [(_, a), (_, b)] => a >= b,
        _ => false,
    })?;
    let [(na, a), (nb, b)] = bad else {
        return None;
    };
    Some(format!(
        "{} thresholds out of order: {na} {} is not below {nb} {} {}",
        m.as_str(),
        fmt(*a),
        fmt(*b),
        unit(m)
    ))
}

/// Whether a missing flag can be blamed on the module: temperature and Vcc always; lane
/// monitors only with a finite, non-zero reading (a dark or unused lane is not flagged by
/// every module).
fn flag_expected(r: &Reading) -> bool {
    match r.monitor {
        Monitor::TemperatureC | Monitor::VccV => r.value.is_finite(),
        _ => r.value.is_finite() && r.value != 0.0,
    }
}

/// A finding: a key naming the flag (`lane2.tx_power_dbm high alarm`, to report each flag
/// once over several reads) and the sentence.
pub type Finding = (String, String);

/// Flags that should be raised in `r` but are not: value clearly beyond the threshold.
pub fn missing_flags(r: &Reading, t: &ThresholdSet) -> Vec<Finding> {
    let Some(flags) = r.flags.filter(|_| flag_expected(r)) else {
        return Vec::new();
    };
    as_levels(t)
        .iter()
        .enumerate()
        .filter_map(|(k, th)| {
            let th = (*th)?;
            let beyond = clearly_beyond(k, r.value, th, margin(r.monitor, th));
            (beyond && !flags[k]).then(|| {
                let msg = format!(
                    "{} = {} {} is beyond its {} {} but the flag is clear",
                    r.name(),
                    fmt(r.value),
                    unit(r.monitor),
                    LEVELS[k],
                    fmt(th)
                );
                (format!("{} {}", r.name(), LEVELS[k]), msg)
            })
        })
        .collect()
}

/// Flags raised in `cur` although the value was clearly inside the threshold at the previous
/// read `prev` and at `cur`: the latch did not clear on read.
pub fn uncleared_flags(prev: &Reading, cur: &Reading, t: &ThresholdSet) -> Vec<Finding> {
    let Some(flags) = cur.flags else {
        return Vec::new();
    };
    as_levels(t)
        .iter()
        .enumerate()
        .filter_map(|(k, th)| {
            let th = (*th)?;
            let m = margin(cur.monitor, th);
            let inside =
                clearly_inside(k, prev.value, th, m) && clearly_inside(k, cur.value, th, m);
            (flags[k] && inside).then(|| {
                let msg = format!(
                    "{} {} flag still raised at {} {} (threshold {}) after being read",
                    cur.name(),
                    LEVELS[k],
                    fmt(cur.value),
                    unit(cur.monitor),
                    fmt(th)
                );
                (format!("{} {}", cur.name(), LEVELS[k]), msg)
            })
        })
        .collect()
}

/// A number for messages: up to 3 decimals, trailing zeros dropped.
fn fmt(v: f64) -> String {
    crate::results::model::fmt_num((v * 1000.0).round() / 1000.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(la: f64, lw: f64, hw: f64, ha: f64) -> ThresholdSet {
        ThresholdSet {
            high_alarm: Some(ha),
            low_alarm: Some(la),
            high_warning: Some(hw),
            low_warning: Some(lw),
        }
    }

    fn reading(m: Monitor, value: f64, flags: [bool; 4]) -> Reading {
        Reading {
            monitor: m,
            lane: Some(2),
            value,
            flags: Some(flags),
        }
    }

    #[test]
    fn ordered_thresholds_pass_and_disorder_is_named() {
        let t = Monitor::TemperatureC;
        assert_eq!(order_problem(t, &set(-5.0, 0.0, 70.0, 75.0)), None);
        // High warning 80 above high alarm 75.
        let p = order_problem(t, &set(-5.0, 0.0, 80.0, 75.0)).unwrap();
        assert_eq!(
            p,
            "temperature_c thresholds out of order: high warning 80 is not below high alarm 75 degC"
        );
        // Equal values are not ordered.
        assert!(order_problem(t, &set(0.0, 0.0, 70.0, 75.0)).is_some());
        // A missing threshold (0 mW in dBm) is left out.
        let mut s = set(-10.0, -8.0, 2.0, 3.0);
        s.low_alarm = None;
        assert_eq!(order_problem(Monitor::RxPowerDbm, &s), None);
    }

    #[test]
    fn a_value_beyond_a_threshold_needs_its_flag() {
        let t = set(-10.0, -8.0, 2.0, 3.0);
        // 4 dBm > high alarm 3 + 0.3 and > high warning 2 + 0.3: both flags expected.
        let r = reading(Monitor::TxPowerDbm, 4.0, [true, false, true, false]);
        assert!(missing_flags(&r, &t).is_empty());
        let r = reading(Monitor::TxPowerDbm, 4.0, [false, false, true, false]);
        let m = missing_flags(&r, &t);
        assert_eq!(m.len(), 1);
        assert_eq!(m[0].0, "lane2.tx_power_dbm high alarm");
        assert_eq!(
            m[0].1,
            "lane2.tx_power_dbm = 4 dBm is beyond its high alarm 3 but the flag is clear"
        );
        // 3.2 dBm is within the 0.3 dB margin of the high alarm: no demand.
        let r = reading(Monitor::TxPowerDbm, 3.2, [false, false, true, false]);
        assert!(missing_flags(&r, &t).is_empty());
        // A dark lane (-inf dBm) is not required to flag.
        let r = reading(Monitor::TxPowerDbm, f64::NEG_INFINITY, [false; 4]);
        assert!(missing_flags(&r, &t).is_empty());
    }

    #[test]
    fn a_flag_raised_without_cause_did_not_clear() {
        let t = set(-5.0, 0.0, 70.0, 75.0);
        let prev = reading(Monitor::TemperatureC, 40.0, [false; 4]);
        // High alarm raised at 40 °C, well inside 75 - 1.
        let cur = reading(Monitor::TemperatureC, 40.2, [true, false, false, false]);
        let u = uncleared_flags(&prev, &cur, &t);
        assert_eq!(u.len(), 1);
        assert!(
            u[0].1.contains("high alarm flag still raised at 40.2 degC"),
            "{:?}",
            u[0]
        );
        // The value was beyond at the previous read: the latch may legitimately hold.
        let prev = reading(Monitor::TemperatureC, 80.0, [true, false, true, false]);
        assert!(uncleared_flags(&prev, &cur, &t).is_empty());
    }

    #[test]
    fn margins() {
        // Bias: 3 % of 100 mA = 3 mA.
        assert!((margin(Monitor::TxBiasMa, 100.0) - 3.0).abs() < 1e-12);
        assert!(clearly_beyond(0, 104.0, 100.0, 3.0));
        assert!(!clearly_beyond(0, 102.0, 100.0, 3.0));
        assert!(clearly_beyond(1, 6.0, 10.0, 3.0));
        assert!(clearly_inside(1, 14.0, 10.0, 3.0));
        assert!(!clearly_inside(0, 98.0, 100.0, 3.0));
    }
}
