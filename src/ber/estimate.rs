//! BER of one soak interval from counter deltas (protocols.md §4 "Formulas for each soak
//! interval"; qualification.md §4 "Computing BER from counters").
//!
//! Every function takes the **measured** interval between the two counter samples, not the
//! nominal poll period, and the serdes line rate of [`super::rates`].

use serde::{Deserialize, Serialize};

use super::fec::FecCode;

/// Which counter a pre-FEC BER was computed from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BerMethod {
    /// `Δcorrected_bits / (R · Δt)`: the pre-FEC BER itself.
    CorrectedBits,
    /// `Δcorrected_symbols / (R · Δt)`: a lower bound (each symbol error is ≥ 1 bit error; the
    /// upper bound is × 10, the symbol size). For random errors, one bit per symbol dominates,
    /// so this is the usual estimate.
    CorrectedSymbolsLowerBound,
    /// `Δcorrected_codewords / (R · Δt)`: a lower bound (each corrected codeword held ≥ 1 bit
    /// error); only when nothing finer exists (ethtool `corrected_blocks`, Arista).
    CorrectedCodewordsLowerBound,
    /// A ratio the module itself reports (CMIS VDM pre-FEC BER), not computed from counters.
    ModuleReported,
}

/// Bits on the line in an interval: `R · Δt`. `None` unless both are finite and positive.
pub fn bits_on_line(line_rate_bps: f64, dt_s: f64) -> Option<f64> {
    (line_rate_bps.is_finite() && dt_s.is_finite() && line_rate_bps > 0.0 && dt_s > 0.0)
        .then_some(line_rate_bps * dt_s)
}

/// Pre-FEC BER from corrected bits: `Δcorrected_bits / (R · Δt)`.
pub fn pre_fec_ber_from_bits(corrected_bits: u64, line_rate_bps: f64, dt_s: f64) -> Option<f64> {
    Some(corrected_bits as f64 / bits_on_line(line_rate_bps, dt_s)?)
}

/// Lower and upper bound of a pre-FEC BER derived from corrected symbols.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct SymbolBerBounds {
    /// `Δsymbols / (R · Δt)`: every errored symbol holds at least one bit error.
    pub lower: f64,
    /// `symbol_bits · lower`: every errored symbol holds at most `symbol_bits` bit errors.
    pub upper: f64,
}

/// Pre-FEC BER bounds from corrected symbols (protocols.md §4: lower bound
/// `Δcorrected_symbols / (R · Δt)`, upper bound × symbol size 10).
pub fn pre_fec_ber_from_symbols(
    corrected_symbols: u64,
    symbol_bits: u32,
    line_rate_bps: f64,
    dt_s: f64,
) -> Option<SymbolBerBounds> {
    let lower = corrected_symbols as f64 / bits_on_line(line_rate_bps, dt_s)?;
    Some(SymbolBerBounds {
        lower,
        upper: lower * f64::from(symbol_bits),
    })
}

/// Corrected symbols from a SAI codeword histogram `S0…S16` (bin k counts codewords with k
/// symbol errors): `Σ_{k=1..t} k · S_k` (protocols.md §4). Bins above `t` are uncorrectable
/// codewords and are not counted. Saturates instead of overflowing.
pub fn corrected_symbols_from_histogram(bins: &[u64], t: u32) -> u64 {
    bins.iter()
        .enumerate()
        .skip(1)
        .take(usize::try_from(t).unwrap_or(usize::MAX))
        .fold(0u64, |acc, (k, &count)| {
            acc.saturating_add(count.saturating_mul(u64::try_from(k).unwrap_or(u64::MAX)))
        })
}

/// The best pre-FEC BER the available deltas give, with the method used: corrected bits, else
/// corrected symbols (lower bound), else corrected codewords (lower bound).
pub fn pre_fec_ber(
    corrected_bits: Option<u64>,
    corrected_symbols: Option<u64>,
    corrected_codewords: Option<u64>,
    line_rate_bps: f64,
    dt_s: f64,
) -> Option<(f64, BerMethod)> {
    let bits = bits_on_line(line_rate_bps, dt_s)?;
    if let Some(b) = corrected_bits {
        return Some((b as f64 / bits, BerMethod::CorrectedBits));
    }
    if let Some(s) = corrected_symbols {
        return Some((s as f64 / bits, BerMethod::CorrectedSymbolsLowerBound));
    }
    corrected_codewords.map(|c| (c as f64 / bits, BerMethod::CorrectedCodewordsLowerBound))
}

/// Codeword error ratio from the codewords that passed: `U / (U + C + S0)`, with U the
/// uncorrectable, C the corrected and S0 the error-free codewords (protocols.md §4 "Post-FEC").
/// `None` when no codeword was counted.
pub fn codeword_error_ratio_counted(uncorrectable: u64, corrected: u64, clean: u64) -> Option<f64> {
    let total = uncorrectable as f64 + corrected as f64 + clean as f64;
    (total > 0.0).then(|| uncorrectable as f64 / total)
}

/// Codeword error ratio from time: `U / (Δt · R / codeword_bits)` (protocols.md §4).
pub fn codeword_error_ratio_timed(
    uncorrectable: u64,
    fec: FecCode,
    line_rate_bps: f64,
    dt_s: f64,
) -> Option<f64> {
    let codewords = bits_on_line(line_rate_bps, dt_s)? / f64::from(fec.codeword_bits());
    Some(uncorrectable as f64 / codewords)
}

/// Post-FEC BER estimate: `U · (t + 1) / (R · Δt)`, assuming each uncorrectable codeword failed
/// with the usual t + 1 symbol errors of one bit each (qualification.md §4). An estimate, not a
/// bound; the qualification target is zero uncorrectable codewords.
pub fn post_fec_ber_estimate(
    uncorrectable: u64,
    fec: FecCode,
    line_rate_bps: f64,
    dt_s: f64,
) -> Option<f64> {
    Some(uncorrectable as f64 * f64::from(fec.t() + 1) / bits_on_line(line_rate_bps, dt_s)?)
}

/// The largest increment a counter of line events (bits, symbols or codewords) can make in an
/// interval: `margin · R · Δt / bits_per_event`, rounded up, at least 1. Used as `max_step` of
/// [`super::delta::counter_delta`] to tell a wrap from a reset: no port corrects more bits than
/// it received. A `margin` of 2 absorbs timestamp jitter.
pub fn max_plausible_increment(
    line_rate_bps: f64,
    dt_s: f64,
    bits_per_event: u32,
    margin: f64,
) -> Option<u64> {
    let bits = bits_on_line(line_rate_bps, dt_s)?;
    if !(margin.is_finite() && margin > 0.0) || bits_per_event == 0 {
        return None;
    }
    let events = (bits * margin / f64::from(bits_per_event)).ceil();
    // `as` saturates at u64::MAX for huge values, which is what a bound should do.
    Some((events as u64).max(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ber_from_bits() {
        // 4250 corrected bits in 1 s at 425 Gb/s: 4250 / 425e9 = 1e-8.
        let ber = pre_fec_ber_from_bits(4250, 425e9, 1.0).unwrap();
        assert!((ber - 1e-8).abs() < 1e-22);
        // 2 062 500 bits in 10 s at 103.125 Gb/s: 2.0625e6 / 1.03125e12 = 2e-6.
        let ber = pre_fec_ber_from_bits(2_062_500, 103.125e9, 10.0).unwrap();
        assert!((ber - 2e-6).abs() < 1e-20);
        assert_eq!(pre_fec_ber_from_bits(1, 425e9, 0.0), None);
        assert_eq!(pre_fec_ber_from_bits(1, 0.0, 1.0), None);
        assert_eq!(pre_fec_ber_from_bits(1, 425e9, f64::NAN), None);
    }

    #[test]
    fn ber_from_symbols() {
        // 850 symbols in 2 s at 425e9: lower 850 / 8.5e11 = 1e-9, upper × 10 = 1e-8.
        let b = pre_fec_ber_from_symbols(850, 10, 425e9, 2.0).unwrap();
        assert!((b.lower - 1e-9).abs() < 1e-23);
        assert!((b.upper - 1e-8).abs() < 1e-22);
    }

    #[test]
    fn histogram_symbols() {
        // S0 = 1000 (ignored), S1 = 5, S2 = 3, S3 = 1, S8 = 2 with t = 7:
        // 1·5 + 2·3 + 3·1 = 14; S8 is above t (uncorrectable) and not counted.
        let bins = [1000, 5, 3, 1, 0, 0, 0, 0, 2];
        assert_eq!(corrected_symbols_from_histogram(&bins, 7), 14);
        // With t = 15 the same bins count S8 too: 14 + 8·2 = 30.
        assert_eq!(corrected_symbols_from_histogram(&bins, 15), 30);
        assert_eq!(corrected_symbols_from_histogram(&[], 15), 0);
    }

    #[test]
    fn best_method() {
        let (b, m) = pre_fec_ber(Some(425), Some(1), Some(1), 425e9, 1.0).unwrap();
        assert_eq!(m, BerMethod::CorrectedBits);
        assert!((b - 1e-9).abs() < 1e-23);
        let (_, m) = pre_fec_ber(None, Some(1), Some(1), 425e9, 1.0).unwrap();
        assert_eq!(m, BerMethod::CorrectedSymbolsLowerBound);
        let (b, m) = pre_fec_ber(None, None, Some(85), 425e9, 1.0).unwrap();
        assert_eq!(m, BerMethod::CorrectedCodewordsLowerBound);
        assert!((b - 2e-10).abs() < 1e-24); // 85 / 425e9 = 2e-10
        assert_eq!(pre_fec_ber(None, None, None, 425e9, 1.0), None);
    }

    #[test]
    fn post_fec() {
        // U = 2, C = 97, S0 = 901: CER = 2 / 1000 = 2e-3.
        assert_eq!(codeword_error_ratio_counted(2, 97, 901), Some(0.002));
        assert_eq!(codeword_error_ratio_counted(0, 0, 0), None);
        // 400G RS-544 for 1 s: 78 125 000 codewords; U = 78.125 → 1e-6. Use U = 78, Δt = 1 s:
        // 78 / 78 125 000 = 9.984e-7.
        let cer = codeword_error_ratio_timed(78, FecCode::Rs544, 425e9, 1.0).unwrap();
        assert!((cer - 9.984e-7).abs() < 1e-19);
        // U = 1, RS-544 (t + 1 = 16), 425e9 × 1 s: 16 / 425e9 = 3.7647e-11.
        let ber = post_fec_ber_estimate(1, FecCode::Rs544, 425e9, 1.0).unwrap();
        assert!((ber - 16.0 / 425e9).abs() < 1e-25);
    }

    #[test]
    fn plausible_increment() {
        // 425e9 bit/s × 1 s × margin 2 = 8.5e11 bits.
        assert_eq!(
            max_plausible_increment(425e9, 1.0, 1, 2.0),
            Some(850_000_000_000)
        );
        // Codewords of 5440 bits: 8.5e11 / 5440 = 156 250 000.
        assert_eq!(
            max_plausible_increment(425e9, 1.0, 5440, 2.0),
            Some(156_250_000)
        );
        assert_eq!(max_plausible_increment(425e9, 0.0, 1, 2.0), None);
        assert_eq!(max_plausible_increment(425e9, 1.0, 0, 2.0), None);
    }
}
