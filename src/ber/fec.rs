//! Reed–Solomon FEC codes of Ethernet and the probability that a codeword is errored or
//! uncorrectable for independent bit errors.
//!
//! RS(528,514) "KR4": 10-bit symbols, t = 7, 5280-bit codewords; RS(544,514) "KP4": t = 15,
//! 5440-bit codewords (qualification.md §4, protocols.md §4; the 10-bit symbol size of RS-544
//! is marked UNCONFIRMED there, and 5440 / 544 = 10 is consistent with it).

use serde::{Deserialize, Serialize};

/// An Ethernet RS-FEC code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum FecCode {
    /// RS(528,514), IEEE 802.3 clause 91 "KR4".
    #[serde(rename = "rs528")]
    Rs528,
    /// RS(544,514) "KP4".
    #[serde(rename = "rs544")]
    Rs544,
}

impl FecCode {
    /// Symbols per codeword (n).
    pub const fn n_symbols(self) -> u32 {
        match self {
            FecCode::Rs528 => 528,
            FecCode::Rs544 => 544,
        }
    }

    /// Data symbols per codeword (k).
    pub const fn k_symbols(self) -> u32 {
        514
    }

    /// Correctable symbols per codeword, t = (n − k) / 2: 7 for RS-528, 15 for RS-544.
    pub const fn t(self) -> u32 {
        (self.n_symbols() - self.k_symbols()) / 2
    }

    /// Bits per symbol (10 for both codes).
    pub const fn symbol_bits(self) -> u32 {
        10
    }

    /// Bits per codeword: 5280 or 5440.
    pub const fn codeword_bits(self) -> u32 {
        self.n_symbols() * self.symbol_bits()
    }

    /// Codewords per second at a line rate: `R / codeword_bits` (qualification.md §4:
    /// 103.125e9 / 5280 = 19.53e6, 425e9 / 5440 = 78.125e6).
    pub fn codewords_per_second(self, line_rate_bps: f64) -> f64 {
        line_rate_bps / f64::from(self.codeword_bits())
    }

    /// Probability that one symbol holds at least one bit error: `1 − (1 − BER)^m`, computed as
    /// `−expm1(m · ln1p(−BER))` so that it stays exact for tiny BERs.
    pub fn symbol_error_probability(self, ber: f64) -> f64 {
        symbol_error_probability(ber, self.symbol_bits())
    }

    /// Probability that a codeword holds at least one symbol error: `1 − (1 − p_s)^n`.
    pub fn codeword_errored_probability(self, ber: f64) -> f64 {
        let p_s = self.symbol_error_probability(ber);
        if p_s >= 1.0 {
            return 1.0;
        }
        -(f64::from(self.n_symbols()) * (-p_s).ln_1p()).exp_m1()
    }

    /// Probability that a codeword is uncorrectable, i.e. holds more than `t` symbol errors:
    /// the binomial tail `P(S > t)`, S ~ Binomial(n, p_s), summed term by term in log space.
    pub fn codeword_uncorrectable_probability(self, ber: f64) -> f64 {
        binomial_tail_above(
            self.n_symbols(),
            self.symbol_error_probability(ber),
            self.t(),
        )
    }
}

/// `1 − (1 − ber)^bits`, clamped to [0, 1]; NaN or negative input gives 0.
pub fn symbol_error_probability(ber: f64, bits: u32) -> f64 {
    if ber.is_nan() || ber <= 0.0 {
        return 0.0;
    }
    if ber >= 1.0 {
        return 1.0;
    }
    (-(f64::from(bits) * (-ber).ln_1p()).exp_m1()).clamp(0.0, 1.0)
}

/// `P(X > t)` for X ~ Binomial(n, p): the sum of the pmf from t + 1 to n, in log space.
pub fn binomial_tail_above(n: u32, p: f64, t: u32) -> f64 {
    if t >= n || p.is_nan() || p <= 0.0 {
        return 0.0;
    }
    if p >= 1.0 {
        return 1.0;
    }
    let (ln_p, ln_q) = (p.ln(), (-p).ln_1p());
    // ln C(n, j) built incrementally: ln C(n, j) = ln C(n, j−1) + ln((n − j + 1) / j).
    let mut ln_c = 0.0_f64;
    let mut sum = 0.0_f64;
    for j in 1..=n {
        ln_c += (f64::from(n - j + 1) / f64::from(j)).ln();
        if j > t {
            sum += (ln_c + f64::from(j) * ln_p + f64::from(n - j) * ln_q).exp();
        }
    }
    sum.clamp(0.0, 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_parameters() {
        // qualification.md §4: RS-528 t = 7, 5280 bits; RS-544 t = 15, 5440 bits.
        assert_eq!(FecCode::Rs528.t(), 7);
        assert_eq!(FecCode::Rs544.t(), 15);
        assert_eq!(FecCode::Rs528.codeword_bits(), 5280);
        assert_eq!(FecCode::Rs544.codeword_bits(), 5440);
        // 425e9 / 5440 = 78 125 000 cw/s exactly; 103.125e9 / 5280 = 19 531 250 cw/s exactly.
        assert_eq!(FecCode::Rs544.codewords_per_second(425e9), 78_125_000.0);
        assert_eq!(FecCode::Rs528.codewords_per_second(103.125e9), 19_531_250.0);
    }

    #[test]
    fn symbol_probability_small_ber() {
        // 1 − (1 − 1e-6)^10 = 1e-5 − 45e-12 + … = 9.999955000120e-6.
        let p = FecCode::Rs544.symbol_error_probability(1e-6);
        assert!((p - 9.999_955_000_12e-6).abs() < 1e-17);
        assert_eq!(symbol_error_probability(0.0, 10), 0.0);
        assert_eq!(symbol_error_probability(-1.0, 10), 0.0);
        assert_eq!(symbol_error_probability(1.0, 10), 1.0);
    }

    #[test]
    fn codeword_errored_probability_small_ber() {
        // ≈ 5440 × 1e-9 = 5.44e-6 for BER 1e-9 (first-order; second order ~1.5e-11).
        let p = FecCode::Rs544.codeword_errored_probability(1e-9);
        assert!((p - 5.44e-6).abs() / 5.44e-6 < 1e-4);
    }

    #[test]
    fn binomial_tail_hand_cases() {
        // n = 2, p = 0.5: P(X > 0) = 3/4, P(X > 1) = 1/4, P(X > 2) = 0.
        assert!((binomial_tail_above(2, 0.5, 0) - 0.75).abs() < 1e-15);
        assert!((binomial_tail_above(2, 0.5, 1) - 0.25).abs() < 1e-15);
        assert_eq!(binomial_tail_above(2, 0.5, 2), 0.0);
        // n = 10, p = 0.1: P(X > 3) = 1 − Σ_{0..3} = 1 − 0.9872048016 = 0.0127951984
        // (python3: sum(comb(10,j)*0.1**j*0.9**(10-j) for j in range(4,11))).
        assert!((binomial_tail_above(10, 0.1, 3) - 0.012_795_198_4).abs() < 1e-10);
    }

    #[test]
    fn uncorrectable_rs544() {
        // At BER 2.4e-4: p_s = 1 − (1 − 2.4e-4)^10 = 2.397410e-3 and
        // P(S > 15) = Σ_{j=16..544} C(544,j) p_s^j (1 − p_s)^(544−j) = 8.151573e-13
        // (python3 with exact fractions); at BER 1e-5 it is 2.139670e-34, at 1e-3 1.530259e-4.
        let p = FecCode::Rs544.codeword_uncorrectable_probability(2.4e-4);
        assert!(
            (p - 8.151_573_4e-13).abs() / 8.151_573_4e-13 < 1e-6,
            "{p:e}"
        );
        let p = FecCode::Rs544.codeword_uncorrectable_probability(1e-5);
        assert!(
            (p - 2.139_669_8e-34).abs() / 2.139_669_8e-34 < 1e-6,
            "{p:e}"
        );
        let p = FecCode::Rs544.codeword_uncorrectable_probability(1e-3);
        assert!((p - 1.530_258_6e-4).abs() / 1.530_258_6e-4 < 1e-6, "{p:e}");
        assert_eq!(FecCode::Rs544.codeword_uncorrectable_probability(0.0), 0.0);
        // Near 1e-2 almost every codeword fails: mean symbol errors 544 × 0.0956 ≈ 52 ≫ 15.
        assert!(FecCode::Rs544.codeword_uncorrectable_probability(1e-2) > 0.999);
    }
}
