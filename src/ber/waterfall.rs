//! The receiver waterfall of the simulated lab (sim-model.md "Link and receiver"):
//! `BER = ½ · erfc(Q / √2)` with Q linear in received optical power,
//! `Q = Q_s · 10^((P_rx − P_sens) / 10)`, where `Q_s` gives the pre-FEC limit at the
//! sensitivity point (Q_s ≈ 3.49 for 2.4e-4), and an optional floor.

use std::f64::consts::SQRT_2;

use serde::{Deserialize, Serialize};

use super::special::erfc;

/// `BER = ½ · erfc(Q / √2)`, the bit error ratio of a Gaussian-noise binary decision with Q.
pub fn ber_from_q(q: f64) -> f64 {
    0.5 * erfc(q / SQRT_2)
}

/// The Q giving a BER: the inverse of [`ber_from_q`] by bisection on [0, 38] (BER from 0.5
/// down to ~1e-316). `None` unless `0 < ber ≤ 0.5`.
pub fn q_from_ber(ber: f64) -> Option<f64> {
    if !(ber > 0.0 && ber <= 0.5) {
        return None;
    }
    let (mut lo, mut hi) = (0.0_f64, 38.0_f64);
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if ber_from_q(mid) > ber {
            lo = mid;
        } else {
            hi = mid;
        }
        if hi - lo < 1e-14 {
            break;
        }
    }
    Some(0.5 * (lo + hi))
}

/// A receiver's waterfall curve.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Waterfall {
    /// Sensitivity: the received power (dBm) at which the BER equals the pre-FEC limit.
    pub sensitivity_dbm: f64,
    /// Q at the sensitivity point.
    pub q_sens: f64,
    /// BER never below this (sim-model.md: optionally 1e-15); `None` for no floor.
    pub floor: Option<f64>,
}

impl Waterfall {
    /// A waterfall whose BER at `sensitivity_dbm` is `ber_at_sensitivity` (e.g. 2.4e-4 for KP4
    /// PAM4 optics, qualification.md §4). `None` unless that BER is in (0, 0.5].
    pub fn from_limit(sensitivity_dbm: f64, ber_at_sensitivity: f64) -> Option<Self> {
        Some(Self {
            sensitivity_dbm,
            q_sens: q_from_ber(ber_at_sensitivity)?,
            floor: None,
        })
    }

    /// The same curve with a BER floor.
    pub fn with_floor(self, floor: f64) -> Self {
        Self {
            floor: Some(floor),
            ..self
        }
    }

    /// `Q = Q_s · 10^((P_rx − P_sens) / 10)`.
    pub fn q(&self, rx_dbm: f64) -> f64 {
        self.q_sens * 10f64.powf((rx_dbm - self.sensitivity_dbm) / 10.0)
    }

    /// Pre-FEC BER at a received power, never below the floor, at most 0.5 (no light at all is
    /// Q = 0, BER ½). A NaN power gives 0.5.
    pub fn ber(&self, rx_dbm: f64) -> f64 {
        if rx_dbm.is_nan() {
            return 0.5;
        }
        let ber = ber_from_q(self.q(rx_dbm)).min(0.5);
        match self.floor {
            Some(f) => ber.max(f),
            None => ber,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rel(a: f64, b: f64) -> f64 {
        ((a - b) / b).abs()
    }

    #[test]
    fn q_and_ber() {
        // ½ erfc(7/√2) = 1.279812543885835e-12 (python3 math.erfc); Q = 0 → ½.
        assert!(rel(ber_from_q(7.0), 1.279_812_543_885_835e-12) < 1e-11);
        assert_eq!(ber_from_q(0.0), 0.5);
        // sim-model.md: Q_s ≈ 3.49 for 2.4e-4 (python3 bisection: 3.4916760634).
        let q = q_from_ber(2.4e-4).unwrap();
        assert!((q - 3.491_676_063_4).abs() < 1e-9);
        assert_eq!(q_from_ber(0.0), None);
        assert_eq!(q_from_ber(0.6), None);
    }

    #[test]
    fn waterfall_points() {
        // Sensitivity −10 dBm at 2.4e-4. +1 dB: Q = 3.49168 × 10^0.1 = 4.39576 → 5.5193e-6;
        // +2 dB: Q = 5.53393 → 1.56564e-8; −1 dB: Q = 2.77354 → 2.77253e-3;
        // −3 dB: Q = 1.74998 → 4.00606e-2 (python3 math.erfc).
        let w = Waterfall::from_limit(-10.0, 2.4e-4).unwrap();
        assert!(rel(w.ber(-10.0), 2.4e-4) < 1e-9);
        assert!(rel(w.ber(-9.0), 5.519_299_284e-6) < 1e-8);
        assert!(rel(w.ber(-8.0), 1.565_637_565e-8) < 1e-8);
        assert!(rel(w.ber(-11.0), 2.772_527_708e-3) < 1e-8);
        assert!(rel(w.ber(-13.0), 4.006_058_331e-2) < 1e-8);
        // No light: Q → 0, BER ½; NaN power too.
        assert!((w.ber(-200.0) - 0.5).abs() < 1e-12);
        assert_eq!(w.ber(f64::NAN), 0.5);
        // Monotone: more light, fewer errors.
        assert!(w.ber(-9.5) < w.ber(-9.6));
    }

    #[test]
    fn floor() {
        // At +10 dB above sensitivity Q ≈ 34.9: BER ≈ 1e-267, floored to 1e-15.
        let w = Waterfall::from_limit(-10.0, 2.4e-4)
            .unwrap()
            .with_floor(1e-15);
        assert_eq!(w.ber(0.0), 1e-15);
        assert!(rel(w.ber(-10.0), 2.4e-4) < 1e-9);
    }
}
