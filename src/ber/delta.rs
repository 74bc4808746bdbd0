//! Counter deltas that are never negative (design.md §5, protocols.md §4 "Counter wrap and reset
//! handling").
//!
//! A counter is an unsigned monotone value of a known width (64-bit for SAI, ethtool and
//! OpenConfig counters; 32-bit for some SNMP columns). When the new value is below the previous
//! one, it either wrapped (only possible when the previous value was close to the top of its
//! range) or was reset (cleared, driver reload, port flap). A reset is flagged, and its delta is
//! the new value: what was counted since the reset. The caller decides what a reset means for
//! its result (an unexplained reset is an ERROR of the run, never a FAIL of the module).

use serde::{Deserialize, Serialize};

/// How wide a counter is, which sets the modulus of a wrap.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum CounterWidth {
    /// 32-bit counter: wraps modulo 2^32.
    #[serde(rename = "32")]
    Bits32,
    /// 64-bit counter: wraps modulo 2^64 (SAI, ethtool, OpenConfig counter64).
    #[default]
    #[serde(rename = "64")]
    Bits64,
}

impl CounterWidth {
    /// The modulus of the counter, 2^32 or 2^64.
    pub const fn modulus(self) -> u128 {
        match self {
            CounterWidth::Bits32 => 1 << 32,
            CounterWidth::Bits64 => 1 << 64,
        }
    }
}

/// What happened between two samples of a counter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeltaKind {
    /// The counter moved forward (or stayed).
    Normal,
    /// The counter passed the top of its range and restarted from zero.
    Wrap,
    /// The counter went backwards without a plausible wrap: it was reset. The delta is the new
    /// value (what was counted since the reset); the interval should be flagged.
    Reset,
}

/// A non-negative counter increment and how it was obtained.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Delta {
    /// The increment, never negative.
    pub value: u64,
    /// Normal, wrap or reset.
    pub kind: DeltaKind,
}

impl Delta {
    /// True when the counter was reset in this interval.
    pub const fn is_reset(&self) -> bool {
        matches!(self.kind, DeltaKind::Reset)
    }
}

/// The increment of a counter from `prev` to `now`.
///
/// - `now ≥ prev`: `now − prev`, [`DeltaKind::Normal`].
/// - `now < prev`: the wrapped increment is `2^w − prev + now`. It is taken as a
///   [`DeltaKind::Wrap`] when it is plausible, otherwise the sample is a [`DeltaKind::Reset`]
///   with delta `now`. Plausible means: `≤ max_step` when the caller knows the largest possible
///   increment (e.g. line rate × Δt for corrected bits, see
///   [`super::estimate::max_plausible_increment`]); without `max_step`, `prev` must lie in the
///   top quarter of the range and `now` in the bottom quarter (a counter that went from
///   somewhere in the middle to a small value was cleared, it did not wrap).
pub fn counter_delta(prev: u64, now: u64, width: CounterWidth, max_step: Option<u64>) -> Delta {
    if now >= prev {
        return Delta {
            value: now - prev,
            kind: DeltaKind::Normal,
        };
    }
    let modulus = width.modulus();
    let (prev128, now128) = (u128::from(prev), u128::from(now));
    // A value at or above the modulus cannot come from a counter of that width: it was not a
    // wrap of that width, so it is a reset.
    let wrapped = if prev128 < modulus {
        Some(modulus - prev128 + now128)
    } else {
        None
    };
    let plausible = match (wrapped, max_step) {
        (None, _) => false,
        (Some(w), Some(max)) => w <= u128::from(max),
        (Some(_), None) => prev128 >= modulus - modulus / 4 && now128 < modulus / 4,
    };
    match wrapped {
        // `wrapped < modulus ≤ 2^64` whenever now < prev < modulus, so it fits in u64.
        Some(w) if plausible => Delta {
            value: u64::try_from(w).unwrap_or(u64::MAX),
            kind: DeltaKind::Wrap,
        },
        _ => Delta {
            value: now,
            kind: DeltaKind::Reset,
        },
    }
}

/// [`counter_delta`] on optional samples: `None` unless both samples carry the counter.
pub fn optional_delta(
    prev: Option<u64>,
    now: Option<u64>,
    width: CounterWidth,
    max_step: Option<u64>,
) -> Option<Delta> {
    Some(counter_delta(prev?, now?, width, max_step))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forward_and_still() {
        assert_eq!(
            counter_delta(100, 250, CounterWidth::Bits64, None),
            Delta {
                value: 150,
                kind: DeltaKind::Normal
            }
        );
        assert_eq!(counter_delta(7, 7, CounterWidth::Bits64, None).value, 0);
    }

    #[test]
    fn reset_gives_new_value_never_negative() {
        // 1_000_000 → 40: went backwards from mid-range, so a reset; delta = 40 (not −999 960).
        let d = counter_delta(1_000_000, 40, CounterWidth::Bits64, None);
        assert_eq!(
            d,
            Delta {
                value: 40,
                kind: DeltaKind::Reset
            }
        );
        assert!(d.is_reset());
        // A reset to exactly zero.
        assert_eq!(counter_delta(5, 0, CounterWidth::Bits64, None).value, 0);
    }

    #[test]
    fn wrap_64() {
        // prev = 2^64 − 10, now = 5 → 10 steps to reach 2^64 ≡ 0, then 5 more: 15.
        let d = counter_delta(u64::MAX - 9, 5, CounterWidth::Bits64, None);
        assert_eq!(
            d,
            Delta {
                value: 15,
                kind: DeltaKind::Wrap
            }
        );
        // Extreme: u64::MAX → u64::MAX − 1 would be a wrap of 2^64 − 1 steps: implausible
        // under any realistic max_step, so a reset.
        let d = counter_delta(u64::MAX, u64::MAX - 1, CounterWidth::Bits64, Some(1 << 40));
        assert_eq!(d.kind, DeltaKind::Reset);
        assert_eq!(d.value, u64::MAX - 1);
    }

    #[test]
    fn wrap_32() {
        // prev = 4 294 967 000, now = 704: 2^32 − 4 294 967 000 = 296, + 704 = 1000.
        let d = counter_delta(4_294_967_000, 704, CounterWidth::Bits32, None);
        assert_eq!(
            d,
            Delta {
                value: 1000,
                kind: DeltaKind::Wrap
            }
        );
        // The same pair read as 64-bit counters is a reset: 4.29e9 is far from 2^64.
        assert_eq!(
            counter_delta(4_294_967_000, 704, CounterWidth::Bits64, None).kind,
            DeltaKind::Reset
        );
        // A "32-bit" counter that held a value ≥ 2^32 cannot have wrapped at 2^32.
        assert_eq!(
            counter_delta(1 << 33, 5, CounterWidth::Bits32, None).kind,
            DeltaKind::Reset
        );
    }

    #[test]
    fn max_step_decides_between_wrap_and_reset() {
        // prev = 2^32 − 100, now = 50: wrapped = 150.
        let prev = (1u64 << 32) - 100;
        assert_eq!(
            counter_delta(prev, 50, CounterWidth::Bits32, Some(150)).kind,
            DeltaKind::Wrap
        );
        assert_eq!(
            counter_delta(prev, 50, CounterWidth::Bits32, Some(149)),
            Delta {
                value: 50,
                kind: DeltaKind::Reset
            }
        );
        // Mid-range heuristic off when max_step is given: 3e9 → 10 on 32-bit wraps by
        // 2^32 − 3e9 + 10 = 1 294 967 306, plausible with a large enough bound.
        assert_eq!(
            counter_delta(3_000_000_000, 10, CounterWidth::Bits32, Some(2_000_000_000)).value,
            1_294_967_306
        );
    }

    #[test]
    fn optional() {
        assert_eq!(
            optional_delta(None, Some(3), CounterWidth::Bits64, None),
            None
        );
        assert_eq!(
            optional_delta(Some(1), Some(3), CounterWidth::Bits64, None).map(|d| d.value),
            Some(2)
        );
    }
}
