//! The measurements of `dom_accuracy`: value = DOM − reference (absolute, or in % of the
//! reference), judged against a symmetric limit (qualification.md §2). A missing DOM value or
//! reference makes the measurement an error, never a pass.

use crate::results::Measurement;

/// `name` = DOM − reference in `unit`, limits ±`limit`.
pub(crate) fn difference(
    name: impl Into<String>,
    dom: Option<f64>,
    reference: Option<f64>,
    unit: &str,
    limit: f64,
) -> Measurement {
    let value = dom.zip(reference).map(|(d, r)| d - r);
    Measurement::judged(name, value, unit, Some(-limit), Some(limit))
}

/// `name` = (DOM − reference) / reference × 100 %, limits ±`limit_pct`. A reference of 0 (or
/// none) gives no value.
pub(crate) fn percent(
    name: impl Into<String>,
    dom: Option<f64>,
    reference: Option<f64>,
    limit_pct: f64,
) -> Measurement {
    let value = dom
        .zip(reference.filter(|r| *r != 0.0 && r.is_finite()))
        .map(|(d, r)| (d - r) / r * 100.0);
    Measurement::judged(name, value, "%", Some(-limit_pct), Some(limit_pct))
}

/// The measurement name of a lane quantity: `lane3.tx_power_error_db`.
pub(crate) fn lane_name(lane: u16, what: &str) -> String {
    format!("lane{lane}.{what}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::results::Outcome;

    #[test]
    fn difference_is_dom_minus_reference_with_symmetric_limits() {
        // DOM 1.0 dBm, meter 2.5 dBm: −1.5 dB, within ±3 dB.
        let m = difference("lane1.tx_power_error_db", Some(1.0), Some(2.5), "dB", 3.0);
        assert_eq!(m.value, Some(-1.5));
        assert_eq!((m.low, m.high), (Some(-3.0), Some(3.0)));
        assert_eq!(m.outcome, Outcome::Pass);
        // DOM 5.0 dBm, meter 1.0 dBm: +4 dB, beyond +3 dB.
        let m = difference("x", Some(5.0), Some(1.0), "dB", 3.0);
        assert_eq!(m.outcome, Outcome::Fail);
        assert_eq!(m.describe(), "x = 4 dB, limits -3 .. 3 dB");
        // Exactly at the limit passes (limits are inclusive).
        assert_eq!(
            difference("x", Some(-3.0), Some(0.0), "dB", 3.0).outcome,
            Outcome::Pass
        );
        assert_eq!(
            difference("x", None, Some(0.0), "dB", 3.0).outcome,
            Outcome::Error
        );
    }

    #[test]
    fn percent_of_the_reference() {
        // DOM 3.4 V against 3.3 V: 0.1 / 3.3 = 3.0303 % > 3 %.
        let m = percent("vcc_error_pct", Some(3.4), Some(3.3), 3.0);
        assert!((m.value.unwrap_or(0.0) - 3.030_303).abs() < 1e-6);
        assert_eq!(m.outcome, Outcome::Fail);
        // Bias 5.5 mA against a 6 mA nominal: −0.5 / 6 = −8.33 %, within ±10 %.
        let m = percent("lane1.tx_bias_error_pct", Some(5.5), Some(6.0), 10.0);
        assert!((m.value.unwrap_or(0.0) + 8.333_333).abs() < 1e-6);
        assert_eq!(m.outcome, Outcome::Pass);
        assert_eq!(
            percent("x", Some(1.0), Some(0.0), 3.0).outcome,
            Outcome::Error
        );
        assert_eq!(lane_name(3, "tx_power_error_db"), "lane3.tx_power_error_db");
    }
}
