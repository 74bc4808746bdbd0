//! Confidence bounds for a BER from a soak (qualification.md §5, protocols.md §4 "Post-FEC").
//!
//! Errors in N bits are Poisson with mean `N · BER`. Having seen E errors, the one-sided upper
//! bound of the mean at confidence CL is the λ_U with `P(X ≤ E; λ_U) = 1 − CL`, which equals
//! `χ²(CL; 2E + 2) / 2`; the BER bound is `λ_U / N`.
//! - E = 0: closed form `λ_U = −ln(1 − CL)` (2.996 at 95 %, the "3/N rule").
//! - 0 < E ≤ 10 000: bisection on the Poisson CDF, summed exactly in log space.
//! - E > 10 000: the Wilson–Hilferty approximation of the chi-square quantile,
//!   `χ²_p(ν) ≈ ν (1 − 2/(9ν) + z_p √(2/(9ν)))³`, whose relative error there is below 1e-8
//!   (checked against the exact bisection in the tests). Such counts only occur for pre-FEC
//!   errors, where the question is precision, not confidence of zero.

use serde::{Deserialize, Serialize};

use super::special::normal_quantile;

/// Above this error count the Wilson–Hilferty approximation replaces the exact sum.
const EXACT_LIMIT: u64 = 10_000;

/// Why a bound cannot be computed.
#[derive(Debug, Clone, Copy, PartialEq, thiserror::Error)]
pub enum ConfidenceError {
    /// The confidence level must lie strictly between 0 and 1 (0.95 for 95 %).
    #[error("confidence level {0} is not between 0 and 1 (exclusive)")]
    BadLevel(f64),
    /// The number of bits observed must be finite and positive.
    #[error("bits observed {0} must be finite and positive")]
    BadBits(f64),
    /// The target BER must be finite and positive.
    #[error("target ber {0} must be finite and positive")]
    BadTarget(f64),
    /// The line rate must be finite and positive.
    #[error("line rate {0} bit/s must be finite and positive")]
    BadRate(f64),
}

fn check_level(confidence: f64) -> Result<(), ConfidenceError> {
    if confidence > 0.0 && confidence < 1.0 {
        Ok(())
    } else {
        Err(ConfidenceError::BadLevel(confidence))
    }
}

/// Natural log of the Poisson CDF `P(X ≤ k; mean)`, summed term by term relative to the largest
/// term so that nothing underflows. O(k).
pub fn poisson_ln_cdf(k: u64, mean: f64) -> f64 {
    if mean.is_nan() {
        return f64::NAN;
    }
    if mean <= 0.0 {
        return 0.0;
    }
    let ln_mean = mean.ln();
    // ln of term j: −mean + j·ln(mean) − ln(j!). The largest term is at j = min(k, ⌊mean⌋).
    let mode = k.min(mean.floor().min(u64::MAX as f64) as u64);
    let mut ln_fact = 0.0_f64;
    let mut ln_max = -mean;
    for j in 1..=k {
        ln_fact += (j as f64).ln();
        if j == mode {
            ln_max = -mean + j as f64 * ln_mean - ln_fact;
        }
    }
    let mut ln_fact = 0.0_f64;
    let mut sum = 0.0_f64;
    for j in 0..=k {
        if j > 0 {
            ln_fact += (j as f64).ln();
        }
        sum += (-mean + j as f64 * ln_mean - ln_fact - ln_max).exp();
    }
    (ln_max + sum.ln()).min(0.0)
}

/// The Poisson CDF `P(X ≤ k; mean)`.
pub fn poisson_cdf(k: u64, mean: f64) -> f64 {
    poisson_ln_cdf(k, mean).exp()
}

/// The one-sided upper confidence bound λ_U of a Poisson mean after `errors` events:
/// `P(X ≤ errors; λ_U) = 1 − confidence`.
pub fn poisson_upper_mean(errors: u64, confidence: f64) -> Result<f64, ConfidenceError> {
    check_level(confidence)?;
    let ln_alpha = (-confidence).ln_1p(); // ln(1 − CL)
    if errors == 0 {
        return Ok(-ln_alpha);
    }
    if errors > EXACT_LIMIT {
        return Ok(wilson_hilferty_upper(errors, confidence));
    }
    // ln CDF decreases in the mean: bracket, then bisect.
    let e = errors as f64;
    let mut lo = e.max(1.0) * 0.5;
    while lo > 0.0 && poisson_ln_cdf(errors, lo) < ln_alpha {
        lo *= 0.5;
        if lo < 1e-300 {
            lo = 0.0;
        }
    }
    let mut hi = e + 10.0 + 10.0 * (e + 1.0).sqrt();
    while poisson_ln_cdf(errors, hi) > ln_alpha {
        hi *= 2.0;
    }
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if poisson_ln_cdf(errors, mid) > ln_alpha {
            lo = mid;
        } else {
            hi = mid;
        }
        if hi - lo <= 1e-13 * hi {
            break;
        }
    }
    Ok(0.5 * (lo + hi))
}

/// λ_U = χ²_CL(2E + 2) / 2 by Wilson–Hilferty.
fn wilson_hilferty_upper(errors: u64, confidence: f64) -> f64 {
    let nu = 2.0 * errors as f64 + 2.0;
    let z = normal_quantile(confidence).unwrap_or(0.0);
    let c = 2.0 / (9.0 * nu);
    nu * (1.0 - c + z * c.sqrt()).powi(3) / 2.0
}

/// Upper bound of the BER at `confidence` after `errors` errors in `bits` bits: `λ_U / bits`.
/// Zero errors: `−ln(1 − CL) / bits` (e.g. 0 errors in 3e13 bits at 95 %: 2.9957 / 3e13).
pub fn ber_upper_bound(bits: f64, errors: u64, confidence: f64) -> Result<f64, ConfidenceError> {
    if !(bits.is_finite() && bits > 0.0) {
        return Err(ConfidenceError::BadBits(bits));
    }
    Ok(poisson_upper_mean(errors, confidence)? / bits)
}

/// Bits needed to show `BER ≤ target` at `confidence` with `errors` errors in total:
/// `λ_U(errors, CL) / target` (qualification.md §5, `N = k / BER_S`).
pub fn bits_needed(target_ber: f64, errors: u64, confidence: f64) -> Result<f64, ConfidenceError> {
    if !(target_ber.is_finite() && target_ber > 0.0) {
        return Err(ConfidenceError::BadTarget(target_ber));
    }
    Ok(poisson_upper_mean(errors, confidence)? / target_ber)
}

/// Seconds still needed at `line_rate_bps` to show `BER ≤ target` at `confidence`, assuming
/// no further error: `max(0, bits_needed(target, errors, CL) − bits_observed) / R`.
pub fn remaining_soak_s(
    bits_observed: f64,
    errors: u64,
    target_ber: f64,
    confidence: f64,
    line_rate_bps: f64,
) -> Result<f64, ConfidenceError> {
    if !(line_rate_bps.is_finite() && line_rate_bps > 0.0) {
        return Err(ConfidenceError::BadRate(line_rate_bps));
    }
    if !(bits_observed.is_finite() && bits_observed >= 0.0) {
        return Err(ConfidenceError::BadBits(bits_observed));
    }
    let needed = bits_needed(target_ber, errors, confidence)?;
    Ok((needed - bits_observed).max(0.0) / line_rate_bps)
}

/// Where a soak stands against its target: the bound so far and the time still needed.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct SoakConfidence {
    /// Bits observed so far.
    pub bits: f64,
    /// Errors counted so far.
    pub errors: u64,
    /// Confidence level (0.95).
    pub confidence: f64,
    /// Upper bound of the BER at that confidence.
    pub ber_upper: f64,
    /// Target BER.
    pub target_ber: f64,
    /// True when `ber_upper ≤ target_ber`.
    pub reached: bool,
    /// Seconds still needed at the line rate with no further error (0 when reached).
    pub remaining_s: f64,
}

/// Assess a soak: [`ber_upper_bound`], and [`remaining_soak_s`] against the target.
pub fn assess(
    bits: f64,
    errors: u64,
    target_ber: f64,
    confidence: f64,
    line_rate_bps: f64,
) -> Result<SoakConfidence, ConfidenceError> {
    let ber_upper = ber_upper_bound(bits, errors, confidence)?;
    let remaining_s = remaining_soak_s(bits, errors, target_ber, confidence, line_rate_bps)?;
    Ok(SoakConfidence {
        bits,
        errors,
        confidence,
        ber_upper,
        target_ber,
        reached: ber_upper <= target_ber,
        remaining_s,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rel(a: f64, b: f64) -> f64 {
        ((a - b) / b).abs()
    }

    #[test]
    fn zero_errors_closed_form() {
        // −ln(0.05) = 2.995732273553991; over 3e13 bits: 9.98577e-14 (< 1e-13).
        let b = ber_upper_bound(3e13, 0, 0.95).unwrap();
        assert!(rel(b, 2.995_732_273_553_991 / 3e13) < 1e-14);
        assert!(rel(b, 9.985_774_245_18e-14) < 1e-10);
        // 90 %: −ln(0.1) = ln 10 = 2.302585092994046; 99 %: −ln(0.01) = 4.605170185988091.
        assert!(
            rel(
                poisson_upper_mean(0, 0.90).unwrap(),
                std::f64::consts::LN_10
            ) < 1e-14
        );
        assert!(rel(poisson_upper_mean(0, 0.99).unwrap(), 4.605_170_185_988_091) < 1e-14);
    }

    #[test]
    fn errors_match_the_chi_square_table() {
        // λ_U = χ²(CL; 2E+2)/2, exact by bisection in python3 (log-space Poisson sum); the
        // three-decimal multipliers of qualification.md §5 agree (E=1: 3.890/4.744/6.638; E=2:
        // 5.322/6.296/8.406; E=3: 6.681/7.754/10.045; E=5: 9.275/10.513/13.108).
        let table: [(u64, [f64; 3]); 8] = [
            (1, [3.889_720_169_9, 4.743_864_518_4, 6.638_352_068_0]),
            (2, [5.322_320_337_8, 6.295_793_621_9, 8.405_946_914_9]),
            (3, [6.680_783_068_3, 7.753_656_527_9, 10.045_117_514_8]),
            (4, [7.993_589_586_1, 9.153_519_026_6, 11.604_625_579_5]),
            (5, [9.274_673_893_4, 10.513_034_908_7, 13.108_483_652_8]),
            (10, [15.406_641_172_0, 16.962_219_235_7, 20.144_680_218_8]),
            (
                100,
                [114.074_537_130_7, 118.079_272_782_1, 125.838_652_883_6],
            ),
            (
                1000,
                [
                    1_041.754_569_077_6,
                    1_053.603_122_133_3,
                    1_076.069_607_438_3,
                ],
            ),
        ];
        for (e, ks) in table {
            for (cl, k) in [0.90, 0.95, 0.99].into_iter().zip(ks) {
                let got = poisson_upper_mean(e, cl).unwrap();
                assert!(rel(got, k) < 1e-9, "E={e} CL={cl}: {got} vs {k}");
            }
        }
        // With 1 error in 1e12 bits at 95 %: 4.7439e-12.
        assert!(rel(ber_upper_bound(1e12, 1, 0.95).unwrap(), 4.743_864_518_4e-12) < 1e-9);
    }

    #[test]
    fn large_counts_use_wilson_hilferty() {
        // Exact λ_U at 95 % (python3 bisection): E = 20 000 → 20234.19037163,
        // E = 50 000 → 50369.37176666.
        assert!(rel(poisson_upper_mean(20_000, 0.95).unwrap(), 20_234.190_371_63) < 1e-8);
        assert!(rel(poisson_upper_mean(50_000, 0.95).unwrap(), 50_369.371_766_66) < 1e-8);
        // The approximation is already good at the switch-over: E = 10 000 → 10166.06013613.
        assert!(rel(wilson_hilferty_upper(10_000, 0.95), 10_166.060_136_13) < 1e-8);
        assert!(rel(poisson_upper_mean(10_000, 0.95).unwrap(), 10_166.060_136_13) < 1e-9);
        // A huge pre-FEC count stays finite and just above E.
        let u = poisson_upper_mean(1_000_000_000, 0.95).unwrap();
        assert!(u > 1e9 && u < 1e9 + 1e6);
    }

    #[test]
    fn poisson_cdf_hand_values() {
        // P(X ≤ 0; 1) = e^-1 = 0.36787944117144233; P(X ≤ 2; 1) = e^-1 (1 + 1 + 1/2) = 0.9196986.
        assert!(rel(poisson_cdf(0, 1.0), 0.367_879_441_171_442_33) < 1e-14);
        assert!(rel(poisson_cdf(2, 1.0), 0.919_698_602_928_605_6) < 1e-14);
        assert_eq!(poisson_cdf(3, 0.0), 1.0);
        // Tiny tail without underflow: ln P(X ≤ 0; 1e6) = −1e6.
        assert_eq!(poisson_ln_cdf(0, 1e6), -1e6);
    }

    #[test]
    fn soak_time_table_of_qualification_md() {
        // qualification.md §5 at 95 %: 1e-12, E = 0 → 2.9957e12 bits: 29.05 s at 103.125 Gb/s,
        // 7.05 s at 425 Gb/s; 1e-13 at 425 → 70.5 s; 1e-15 at 103.125 → 29 050 s = 8.07 h.
        let t = remaining_soak_s(0.0, 0, 1e-12, 0.95, 103.125e9).unwrap();
        assert!(rel(t, 2.995_732_273_553_991e12 / 103.125e9) < 1e-12 && (t - 29.05).abs() < 0.01);
        let t = remaining_soak_s(0.0, 0, 1e-12, 0.95, 425e9).unwrap();
        assert!((t - 7.049).abs() < 0.001);
        let t = remaining_soak_s(0.0, 0, 1e-13, 0.95, 425e9).unwrap();
        assert!((t - 70.49).abs() < 0.01);
        let t = remaining_soak_s(0.0, 0, 1e-15, 0.95, 103.125e9).unwrap();
        assert!((t / 3600.0 - 8.07).abs() < 0.01);
        // E = 1 at 1e-12, 425 Gb/s: 4.7439e12 / 425e9 = 11.16 s (table: 11.2 s).
        let t = remaining_soak_s(0.0, 1, 1e-12, 0.95, 425e9).unwrap();
        assert!((t - 11.162).abs() < 0.001);
    }

    #[test]
    fn remaining_after_part_of_the_soak() {
        // 2e12 bits seen, no error, target 1e-12 @95 %: (2.9957e12 − 2e12) / 425e9 = 2.3429 s.
        let t = remaining_soak_s(2e12, 0, 1e-12, 0.95, 425e9).unwrap();
        assert!(rel(t, (2.995_732_273_553_991e12 - 2e12) / 425e9) < 1e-12);
        // Past the target: nothing left, and `assess` says reached.
        let a = assess(3e12, 0, 1e-12, 0.95, 425e9).unwrap();
        assert!(a.reached);
        assert_eq!(a.remaining_s, 0.0);
        assert!(rel(a.ber_upper, 2.995_732_273_553_991e12 / 3e12 * 1e-12) < 1e-12);
        let a = assess(1e12, 0, 1e-12, 0.95, 425e9).unwrap();
        assert!(!a.reached && a.remaining_s > 0.0);
    }

    #[test]
    fn bad_inputs() {
        assert_eq!(
            poisson_upper_mean(0, 1.0),
            Err(ConfidenceError::BadLevel(1.0))
        );
        assert!(poisson_upper_mean(0, 0.0).is_err());
        assert!(poisson_upper_mean(0, f64::NAN).is_err());
        assert!(ber_upper_bound(0.0, 0, 0.95).is_err());
        assert!(bits_needed(0.0, 0, 0.95).is_err());
        assert!(remaining_soak_s(0.0, 0, 1e-12, 0.95, 0.0).is_err());
        assert!(remaining_soak_s(-1.0, 0, 1e-12, 0.95, 1e9).is_err());
    }
}
