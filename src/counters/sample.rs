//! One reading of a port's FEC counters, and the deltas between two readings.

use tokio::time::Instant;

use crate::ber::delta::{CounterWidth, Delta, optional_delta};
use crate::ber::estimate::{self, BerMethod};

/// The FEC counters of one port at one instant. A field the source does not give is `None`;
/// counters are raw monotone values (the BER comes from deltas, see [`FecDeltas`]).
#[derive(Debug, Clone, PartialEq)]
pub struct FecCounters {
    /// Bits corrected by the FEC (SAI `…_FEC_CORRECTED_BITS`, ethtool `corrected_bits`,
    /// mlx5 `rx_corrected_bits_phy`).
    pub corrected_bits: Option<u64>,
    /// Codewords with errors that were corrected (SAI `…_FEC_CORRECTABLE_FRAMES`, ethtool
    /// `corrected_blocks`).
    pub corrected_codewords: Option<u64>,
    /// Codewords that could not be corrected (SAI `…_FEC_NOT_CORRECTABLE_FRAMES`, ethtool
    /// `uncorrectable_blocks`).
    pub uncorrectable_codewords: Option<u64>,
    /// All codewords received, when the source can tell (sum of the SAI histogram S0…S16).
    pub total_codewords: Option<u64>,
    /// FEC symbol errors as the source counts them (SAI `…_FEC_SYMBOL_ERRORS`).
    pub symbol_errors: Option<u64>,
    /// Codeword histogram, bin k = codewords with k symbol errors (SAI `…_CODEWORD_ERRORS_S0…S16`),
    /// up to the last bin present; bins missing in between read as 0.
    pub histogram: Option<Vec<u64>>,
    /// Bits received on the line, when the source counts them (mlx5 `rx_bits_phy`).
    pub received_bits: Option<u64>,
    /// A pre-FEC BER the module or device reports as a ratio (CMIS VDM), not a counter.
    pub pre_fec_ber: Option<f64>,
    /// Width of the counters, for wrap detection.
    pub width: CounterWidth,
    /// When the reading was taken (tokio time, so paused-clock runs are consistent).
    pub read_at: Instant,
}

impl FecCounters {
    /// A reading with no counter at all, taken at `read_at`, 64-bit counters.
    pub fn empty(read_at: Instant) -> Self {
        Self {
            corrected_bits: None,
            corrected_codewords: None,
            uncorrectable_codewords: None,
            total_codewords: None,
            symbol_errors: None,
            histogram: None,
            received_bits: None,
            pre_fec_ber: None,
            width: CounterWidth::Bits64,
            read_at,
        }
    }

    /// True when not a single counter or ratio is present.
    pub fn is_empty(&self) -> bool {
        self.corrected_bits.is_none()
            && self.corrected_codewords.is_none()
            && self.uncorrectable_codewords.is_none()
            && self.total_codewords.is_none()
            && self.symbol_errors.is_none()
            && self.histogram.is_none()
            && self.received_bits.is_none()
            && self.pre_fec_ber.is_none()
    }

    /// The increments from `prev` to `self`, never negative: a counter that went backwards is
    /// a wrap or a reset ([`crate::ber::delta::counter_delta`]). With a line rate, the largest
    /// plausible increment (2 × the bits on the line in the interval) tells a wrap from a reset.
    pub fn deltas_since(&self, prev: &FecCounters, line_rate_bps: Option<f64>) -> FecDeltas {
        let dt_s = self
            .read_at
            .checked_duration_since(prev.read_at)
            .map_or(0.0, |d| d.as_secs_f64());
        let max_step =
            line_rate_bps.and_then(|r| estimate::max_plausible_increment(r, dt_s, 1, 2.0));
        let w = self.width;
        FecDeltas {
            dt_s,
            corrected_bits: optional_delta(prev.corrected_bits, self.corrected_bits, w, max_step),
            corrected_codewords: optional_delta(
                prev.corrected_codewords,
                self.corrected_codewords,
                w,
                max_step,
            ),
            uncorrectable_codewords: optional_delta(
                prev.uncorrectable_codewords,
                self.uncorrectable_codewords,
                w,
                max_step,
            ),
            total_codewords: optional_delta(
                prev.total_codewords,
                self.total_codewords,
                w,
                max_step,
            ),
            symbol_errors: optional_delta(prev.symbol_errors, self.symbol_errors, w, max_step),
            received_bits: optional_delta(prev.received_bits, self.received_bits, w, max_step),
            pre_fec_ber: self.pre_fec_ber,
        }
    }
}

/// What changed between two readings of a port.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FecDeltas {
    /// Seconds between the two readings (measured, not the nominal poll period).
    pub dt_s: f64,
    /// Increment of corrected bits.
    pub corrected_bits: Option<Delta>,
    /// Increment of corrected codewords.
    pub corrected_codewords: Option<Delta>,
    /// Increment of uncorrectable codewords.
    pub uncorrectable_codewords: Option<Delta>,
    /// Increment of all codewords.
    pub total_codewords: Option<Delta>,
    /// Increment of symbol errors.
    pub symbol_errors: Option<Delta>,
    /// Increment of received bits.
    pub received_bits: Option<Delta>,
    /// The module-reported ratio of the newer reading, if any.
    pub pre_fec_ber: Option<f64>,
}

impl FecDeltas {
    fn all(&self) -> [Option<Delta>; 6] {
        [
            self.corrected_bits,
            self.corrected_codewords,
            self.uncorrectable_codewords,
            self.total_codewords,
            self.symbol_errors,
            self.received_bits,
        ]
    }

    /// True when any counter went backwards without a plausible wrap (an ERROR unless the run
    /// knows why, e.g. it cleared the counters itself).
    pub fn any_reset(&self) -> bool {
        self.all().iter().flatten().any(Delta::is_reset)
    }

    /// True when a counter that must move on a live link (received bits or total codewords)
    /// did not move although time passed: the port stopped updating or the link is down.
    pub fn stalled(&self) -> bool {
        self.dt_s > 0.0
            && [self.received_bits, self.total_codewords]
                .iter()
                .flatten()
                .any(|d| d.value == 0)
    }

    /// Pre-FEC BER of the interval and how it was obtained: the module's own ratio if given,
    /// else corrected bits / (R·Δt), else the lower bounds from symbols or codewords. When the
    /// source counts received bits, they replace R·Δt as the denominator.
    pub fn pre_fec_ber(&self, line_rate_bps: f64) -> Option<(f64, BerMethod)> {
        if let Some(ber) = self.pre_fec_ber {
            return Some((ber, BerMethod::ModuleReported));
        }
        let (rate, dt) = match self.received_bits {
            Some(d) if d.value > 0 => (d.value as f64, 1.0),
            _ => (line_rate_bps, self.dt_s),
        };
        estimate::pre_fec_ber(
            self.corrected_bits.map(|d| d.value),
            self.symbol_errors.map(|d| d.value),
            self.corrected_codewords.map(|d| d.value),
            rate,
            dt,
        )
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::ber::delta::DeltaKind;

    fn reading(at: Instant, bits: u64, uncorr: u64) -> FecCounters {
        FecCounters {
            corrected_bits: Some(bits),
            uncorrectable_codewords: Some(uncorr),
            ..FecCounters::empty(at)
        }
    }

    #[test]
    fn deltas_and_ber() {
        let t0 = Instant::now();
        let a = reading(t0, 1_000, 0);
        let b = reading(t0 + Duration::from_secs(2), 1_000 + 850, 0);
        let d = b.deltas_since(&a, Some(425e9));
        assert_eq!(d.dt_s, 2.0);
        assert_eq!(d.corrected_bits.map(|x| x.value), Some(850));
        assert!(!d.any_reset());
        // 850 / (425e9 × 2) = 1e-9.
        let (ber, m) = d.pre_fec_ber(425e9).unwrap();
        assert_eq!(m, BerMethod::CorrectedBits);
        assert!((ber - 1e-9).abs() < 1e-23);
    }

    #[test]
    fn reset_is_flagged_not_negative() {
        let t0 = Instant::now();
        let a = reading(t0, 5_000_000, 3);
        let b = reading(t0 + Duration::from_secs(1), 120, 0);
        let d = b.deltas_since(&a, Some(425e9));
        assert!(d.any_reset());
        assert_eq!(
            d.corrected_bits.map(|x| (x.value, x.kind)),
            Some((120, DeltaKind::Reset))
        );
        assert_eq!(d.uncorrectable_codewords.map(|x| x.value), Some(0));
    }

    #[test]
    fn wrap_with_line_rate_bound() {
        // u64::MAX − 99 → 400: 100 steps to 2^64, then 400: 500 ≤ 8.5e11 → wrap.
        let t0 = Instant::now();
        let a = reading(t0, u64::MAX - 99, 0);
        let b = reading(t0 + Duration::from_secs(1), 400, 0);
        let d = b.deltas_since(&a, Some(425e9));
        assert_eq!(
            d.corrected_bits.map(|x| (x.value, x.kind)),
            Some((500, DeltaKind::Wrap))
        );
        assert!(!d.any_reset());
    }

    #[test]
    fn received_bits_denominator_and_stall() {
        let t0 = Instant::now();
        let mut a = reading(t0, 0, 0);
        a.received_bits = Some(0);
        let mut b = reading(t0 + Duration::from_secs(1), 10, 0);
        b.received_bits = Some(1_000_000_000_000);
        // 10 / 1e12 = 1e-11, whatever the nominal rate.
        let (ber, _) = b.deltas_since(&a, None).pre_fec_ber(425e9).unwrap();
        assert!((ber - 1e-11).abs() < 1e-25);
        let mut c = b.clone();
        c.read_at = b.read_at + Duration::from_secs(1);
        assert!(c.deltas_since(&b, None).stalled());
        assert!(!b.deltas_since(&a, None).stalled());
    }

    #[test]
    fn module_ratio_wins() {
        let t0 = Instant::now();
        let mut a = FecCounters::empty(t0);
        a.pre_fec_ber = Some(3e-6);
        assert!(!a.is_empty());
        assert!(FecCounters::empty(t0).is_empty());
        let d = a.deltas_since(&FecCounters::empty(t0), None);
        assert_eq!(
            d.pre_fec_ber(425e9),
            Some((3e-6, BerMethod::ModuleReported))
        );
    }
}
