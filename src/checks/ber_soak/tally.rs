//! The soak's running account: one [`Tally::push`] per counter reading (a few additions and a
//! delta per counter, so a 24-hour soak of 8 640 readings stays cheap), and the final
//! measurements and series.
//!
//! Per interval (protocols.md §4 "Formulas for each soak interval"): the counter deltas from
//! [`FecCounters::deltas_since`] (never negative; a wrap is recognised with the line rate as the
//! largest plausible step), the pre-FEC BER of the interval from
//! [`crate::counters::FecDeltas::pre_fec_ber`] over the *measured* time between the readings,
//! and the uncorrectable codewords. A reset (a counter that went backwards without a plausible
//! wrap) and a port whose must-move counters (total codewords, received bits) stop are faults:
//! the soak ends in ERROR (design.md §5), never in a negative delta or a silent pass.

use tokio::time::Instant;

use crate::ber::delta::{Delta, DeltaKind};
use crate::ber::estimate::BerMethod;
use crate::counters::{FecCounters, FecDeltas};

/// Why the soak cannot go on (each an ERROR of the run).
#[derive(Debug, Clone, PartialEq)]
pub enum SoakFault {
    /// A counter went backwards without a plausible wrap.
    Reset {
        /// Seconds into the soak of the reading that showed it.
        at_s: f64,
        /// Which counter, and its two values.
        detail: String,
    },
    /// The must-move counters have not moved for `for_s` seconds.
    Stalled {
        /// Seconds into the soak.
        at_s: f64,
        /// Seconds without movement.
        for_s: f64,
    },
    /// The reading carries nothing a pre-FEC BER can be computed from.
    NoBer {
        /// Seconds into the soak.
        at_s: f64,
    },
}

impl std::fmt::Display for SoakFault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SoakFault::Reset { at_s, detail } => write!(
                f,
                "counter reset at {at_s:.0} s into the soak ({detail}): the counters were cleared or the port restarted, so the soak cannot be trusted"
            ),
            SoakFault::Stalled { at_s, for_s } => write!(
                f,
                "the port stopped updating: its codeword/bit counters have not moved for {for_s:.0} s (at {at_s:.0} s into the soak)"
            ),
            SoakFault::NoBer { at_s } => write!(
                f,
                "the counter source gives no corrected bits, symbols, codewords or ber (at {at_s:.0} s into the soak)"
            ),
        }
    }
}

/// The running account of a soak.
#[derive(Debug, Clone)]
pub struct Tally {
    line_rate_bps: f64,
    start: Instant,
    prev: FecCounters,
    last_moved: Instant,
    /// Intervals counted.
    pub intervals: u32,
    /// Bits on the line over the counted intervals (R·Δt, or received bits when counted).
    pub bits: f64,
    /// Σ corrected bits (or symbols / codewords, see `method`) while every interval was counted;
    /// `None` once an interval had only a module-reported ratio.
    pub errors: Option<u128>,
    /// Σ BER_i × bits_i, for module-reported ratios.
    weighted: f64,
    /// The weakest method used by any interval (bits, then symbols, codewords, module ratio).
    pub method: Option<BerMethod>,
    /// Worst interval BER and the time (s) it ended.
    pub worst: Option<(f64, f64)>,
    /// Σ uncorrectable codewords while every reading carried them; `None` otherwise.
    pub uncorrectable: Option<u64>,
    /// Counter wraps handled.
    pub wraps: u32,
    /// Seconds from the first to the last counted reading.
    pub elapsed_s: f64,
    /// (end of interval in s, pre-FEC BER of the interval).
    pub ber_series: Vec<(f64, f64)>,
    /// (end of interval in s, cumulative uncorrectable codewords).
    pub uncorrectable_series: Vec<(f64, f64)>,
}

fn rank(m: BerMethod) -> u8 {
    match m {
        BerMethod::CorrectedBits => 0,
        BerMethod::CorrectedSymbolsLowerBound => 1,
        BerMethod::CorrectedCodewordsLowerBound => 2,
        BerMethod::ModuleReported => 3,
    }
}

/// A counter of a reading.
type Field = fn(&FecCounters) -> Option<u64>;
/// Its increment between two readings.
type Step = fn(&FecDeltas) -> Option<Delta>;

/// The counters a reset may show in, by name.
const FIELDS: [(&str, Field, Step); 6] = [
    ("corrected bits", |c| c.corrected_bits, |d| d.corrected_bits),
    (
        "corrected codewords",
        |c| c.corrected_codewords,
        |d| d.corrected_codewords,
    ),
    (
        "uncorrectable codewords",
        |c| c.uncorrectable_codewords,
        |d| d.uncorrectable_codewords,
    ),
    (
        "total codewords",
        |c| c.total_codewords,
        |d| d.total_codewords,
    ),
    ("symbol errors", |c| c.symbol_errors, |d| d.symbol_errors),
    ("received bits", |c| c.received_bits, |d| d.received_bits),
];

/// "corrected bits 5000000 -> 120": the first counter whose step is a reset (not a wrap).
fn reset_detail(prev: &FecCounters, now: &FecCounters, d: &FecDeltas) -> String {
    FIELDS
        .iter()
        .find(|(_, _, step)| step(d).is_some_and(|x| x.is_reset()))
        .map(|(name, get, _)| {
            format!(
                "{name} {} -> {}",
                get(prev).unwrap_or_default(),
                get(now).unwrap_or_default()
            )
        })
        .unwrap_or_default()
}

impl Tally {
    /// Starts from the baseline reading.
    pub fn new(first: FecCounters, line_rate_bps: f64) -> Self {
        Tally {
            line_rate_bps,
            start: first.read_at,
            last_moved: first.read_at,
            uncorrectable: first.uncorrectable_codewords.map(|_| 0),
            prev: first,
            intervals: 0,
            bits: 0.0,
            errors: Some(0),
            weighted: 0.0,
            method: None,
            worst: None,
            wraps: 0,
            elapsed_s: 0.0,
            ber_series: Vec::new(),
            uncorrectable_series: Vec::new(),
        }
    }

    /// Seconds since the baseline at `t`.
    fn since_start(&self, t: Instant) -> f64 {
        t.saturating_duration_since(self.start).as_secs_f64()
    }

    /// Accounts one reading. `stall_after_s`: how long the must-move counters may stand still
    /// before the port counts as stopped.
    pub fn push(&mut self, now: FecCounters, stall_after_s: f64) -> Result<(), SoakFault> {
        let d = now.deltas_since(&self.prev, Some(self.line_rate_bps));
        let at_s = self.since_start(now.read_at);
        if d.dt_s <= 0.0 {
            // No time passed (or the clock went backwards): nothing to count.
            return Ok(());
        }
        if d.any_reset() {
            return Err(SoakFault::Reset {
                at_s,
                detail: reset_detail(&self.prev, &now, &d),
            });
        }
        if d.stalled() {
            let for_s = now
                .read_at
                .saturating_duration_since(self.last_moved)
                .as_secs_f64();
            if for_s >= stall_after_s {
                return Err(SoakFault::Stalled { at_s, for_s });
            }
        } else {
            self.last_moved = now.read_at;
        }
        let Some((ber, method)) = d.pre_fec_ber(self.line_rate_bps) else {
            return Err(SoakFault::NoBer { at_s });
        };
        let bits = match d.received_bits {
            Some(r) if r.value > 0 => r.value as f64,
            _ => self.line_rate_bps * d.dt_s,
        };
        let counted = match method {
            BerMethod::CorrectedBits => d.corrected_bits,
            BerMethod::CorrectedSymbolsLowerBound => d.symbol_errors,
            BerMethod::CorrectedCodewordsLowerBound => d.corrected_codewords,
            BerMethod::ModuleReported => None,
        };
        self.errors = match (self.errors, counted) {
            (Some(sum), Some(c)) => Some(sum + u128::from(c.value)),
            _ => None,
        };
        self.wraps += FIELDS
            .iter()
            .filter(|(_, _, step)| step(&d).is_some_and(|x| x.kind == DeltaKind::Wrap))
            .count() as u32;
        self.weighted += ber * bits;
        self.bits += bits;
        self.method = Some(match self.method {
            Some(m) if rank(m) >= rank(method) => m,
            _ => method,
        });
        if self.worst.is_none_or(|(w, _)| ber > w) {
            self.worst = Some((ber, at_s));
        }
        self.uncorrectable = match (self.uncorrectable, d.uncorrectable_codewords) {
            (Some(sum), Some(u)) => Some(sum.saturating_add(u.value)),
            _ => None,
        };
        self.intervals += 1;
        self.elapsed_s = at_s;
        self.ber_series.push((at_s, ber));
        if let Some(u) = self.uncorrectable {
            self.uncorrectable_series.push((at_s, u as f64));
        }
        self.prev = now;
        Ok(())
    }

    /// The pre-FEC BER over the whole soak: Σ counted errors / Σ bits (the ratio of sums, not a
    /// mean of ratios), or the bits-weighted mean of module-reported ratios.
    pub fn overall_ber(&self) -> Option<f64> {
        if self.bits <= 0.0 {
            return None;
        }
        Some(match self.errors {
            Some(e) => e as f64 / self.bits,
            None => self.weighted / self.bits,
        })
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    fn reading(at: Instant, bits: u64, unc: u64, cw: u64) -> FecCounters {
        FecCounters {
            corrected_bits: Some(bits),
            uncorrectable_codewords: Some(unc),
            total_codewords: Some(cw),
            ..FecCounters::empty(at)
        }
    }

    const R: f64 = 425e9;

    #[test]
    fn ratio_of_sums_worst_interval_and_series() {
        let t0 = Instant::now();
        let s = Duration::from_secs(10);
        let mut t = Tally::new(reading(t0, 1000, 0, 0), R);
        // Interval 1: 4250 bits in 10 s → 4250 / 4.25e12 = 1e-9.
        t.push(reading(t0 + s, 5_250, 0, 100), 20.0).unwrap();
        // Interval 2: 42 500 bits → 1e-8, 2 uncorrectable codewords.
        t.push(reading(t0 + 2 * s, 47_750, 2, 200), 20.0).unwrap();
        assert_eq!(t.intervals, 2);
        assert_eq!(t.errors, Some(46_750));
        assert_eq!(t.bits, 8.5e12);
        // Overall: 46 750 / 8.5e12 = 5.5e-9 (not the mean of ratios, which is also 5.5e-9 here
        // because the intervals are equal; see below for unequal ones).
        assert!((t.overall_ber().unwrap() - 5.5e-9).abs() < 1e-22);
        let (w, at) = t.worst.unwrap();
        assert!((w - 1e-8).abs() < 1e-22 && at == 20.0);
        assert_eq!(t.uncorrectable, Some(2));
        assert_eq!(t.uncorrectable_series, vec![(10.0, 0.0), (20.0, 2.0)]);
        assert_eq!(t.ber_series.len(), 2);
        assert_eq!(t.method, Some(BerMethod::CorrectedBits));
        assert_eq!(t.elapsed_s, 20.0);
    }

    #[test]
    fn unequal_intervals_use_measured_time() {
        let t0 = Instant::now();
        let mut t = Tally::new(reading(t0, 0, 0, 0), R);
        // 1 s with 425 bits (1e-9), then 9 s with 0 bits: overall 425 / 4.25e12 = 1e-10.
        t.push(reading(t0 + Duration::from_secs(1), 425, 0, 1), 20.0)
            .unwrap();
        t.push(reading(t0 + Duration::from_secs(10), 425, 0, 2), 20.0)
            .unwrap();
        assert!((t.overall_ber().unwrap() - 1e-10).abs() < 1e-24);
    }

    #[test]
    fn reset_is_a_fault_with_the_values() {
        let t0 = Instant::now();
        let mut t = Tally::new(reading(t0, 5_000_000, 3, 100), R);
        let e = t
            .push(reading(t0 + Duration::from_secs(10), 120, 0, 5), 20.0)
            .unwrap_err();
        assert_eq!(
            e,
            SoakFault::Reset {
                at_s: 10.0,
                detail: "corrected bits 5000000 -> 120".into()
            }
        );
        assert_eq!(t.intervals, 0);
    }

    #[test]
    fn wrap_near_two_to_the_64_is_counted_forward() {
        let t0 = Instant::now();
        // 2^64 − 100 → 400: 100 + 400 = 500 corrected bits, a wrap (≤ 2 × 4.25e12).
        let mut t = Tally::new(reading(t0, u64::MAX - 99, 0, 0), R);
        t.push(reading(t0 + Duration::from_secs(10), 400, 0, 10), 20.0)
            .unwrap();
        assert_eq!(t.errors, Some(500));
        assert_eq!(t.wraps, 1);
    }

    #[test]
    fn stall_after_the_allowed_time() {
        let t0 = Instant::now();
        let s = Duration::from_secs(10);
        let mut t = Tally::new(reading(t0, 0, 0, 0), R);
        t.push(reading(t0 + s, 0, 0, 100), 20.0).unwrap();
        // 10 s without codewords: tolerated (< 20 s).
        t.push(reading(t0 + 2 * s, 0, 0, 100), 20.0).unwrap();
        // 20 s without: stopped.
        assert_eq!(
            t.push(reading(t0 + 3 * s, 0, 0, 100), 20.0),
            Err(SoakFault::Stalled {
                at_s: 30.0,
                for_s: 20.0
            })
        );
    }

    #[test]
    fn module_ratio_is_bits_weighted() {
        let t0 = Instant::now();
        let ratio = |at, ber| FecCounters {
            pre_fec_ber: Some(ber),
            ..FecCounters::empty(at)
        };
        let mut t = Tally::new(ratio(t0, 0.0), R);
        // 10 s at 1e-6 and 30 s at 3e-6: (1e-6 × 10 + 3e-6 × 30) / 40 = 2.5e-6.
        t.push(ratio(t0 + Duration::from_secs(10), 1e-6), 20.0)
            .unwrap();
        t.push(ratio(t0 + Duration::from_secs(40), 3e-6), 20.0)
            .unwrap();
        assert_eq!(t.errors, None);
        assert_eq!(t.uncorrectable, None);
        assert_eq!(t.method, Some(BerMethod::ModuleReported));
        assert!((t.overall_ber().unwrap() - 2.5e-6).abs() < 1e-18);
        // Nothing to compute a BER from.
        let mut t = Tally::new(FecCounters::empty(t0), R);
        assert!(matches!(
            t.push(FecCounters::empty(t0 + Duration::from_secs(1)), 20.0),
            Err(SoakFault::NoBer { .. })
        ));
    }

    #[test]
    fn no_time_no_interval() {
        let t0 = Instant::now();
        let mut t = Tally::new(reading(t0, 0, 0, 0), R);
        t.push(reading(t0, 10, 0, 0), 20.0).unwrap();
        assert_eq!(t.intervals, 0);
        assert_eq!(t.overall_ber(), None);
    }
}
