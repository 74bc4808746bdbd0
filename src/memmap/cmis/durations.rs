//! The 4-bit state-duration encoding of Page 01h:144, 167 and 168 (CMIS 5.2 Table 8-43;
//! reference/cmis.md §4.1).

use std::fmt;
use std::time::Duration;

use serde::Serialize;

/// What a duration code says about the longest time a state may last.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DurationBound {
    /// Codes 0-12: the state ends before `ms` milliseconds (the upper end of the range).
    Below {
        /// Upper bound of the range, ms.
        ms: u64,
    },
    /// Code 13: the state may last `ms` milliseconds (50 min) or longer; no upper bound.
    AtLeast {
        /// Lower bound of the open range, ms.
        ms: u64,
    },
    /// Codes 14-15.
    Reserved,
}

/// One advertised maximum state duration: the code as read and what it means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct MaxDuration {
    /// The 4-bit code.
    pub code: u8,
    /// Its meaning.
    pub bound: DurationBound,
}

/// Upper ends of the ranges of codes 0-12, ms (Table 8-43: <1 ms, 1-5 ms, 5-10 ms, 10-50 ms,
/// 50-100 ms, 100-500 ms, 500 ms-1 s, 1-5 s, 5-10 s, 10 s-1 min, 1-5 min, 5-10 min, 10-50 min).
const UPPER_MS: [u64; 13] = [
    1, 5, 10, 50, 100, 500, 1_000, 5_000, 10_000, 60_000, 300_000, 600_000, 3_000_000,
];

/// Human labels of the ranges, Table 8-43.
const LABELS: [&str; 16] = [
    "< 1 ms",
    "1 ms - 5 ms",
    "5 ms - 10 ms",
    "10 ms - 50 ms",
    "50 ms - 100 ms",
    "100 ms - 500 ms",
    "500 ms - 1 s",
    "1 s - 5 s",
    "5 s - 10 s",
    "10 s - 1 min",
    "1 min - 5 min",
    "5 min - 10 min",
    "10 min - 50 min",
    ">= 50 min",
    "reserved (14)",
    "reserved (15)",
];

impl MaxDuration {
    /// Decodes a 4-bit code (higher bits ignored).
    pub fn from_code(code: u8) -> Self {
        let code = code & 0x0F;
        let bound = match UPPER_MS.get(usize::from(code)) {
            Some(ms) => DurationBound::Below { ms: *ms },
            None if code == 13 => DurationBound::AtLeast { ms: 3_000_000 },
            None => DurationBound::Reserved,
        };
        MaxDuration { code, bound }
    }

    /// The upper bound to use as a timeout; `None` for code 13 (unbounded) and reserved codes.
    pub fn upper_bound(&self) -> Option<Duration> {
        match self.bound {
            DurationBound::Below { ms } => Some(Duration::from_millis(ms)),
            _ => None,
        }
    }

    /// Whether the code is reserved (14-15).
    pub fn is_reserved(&self) -> bool {
        self.bound == DurationBound::Reserved
    }

    /// The range as printed in Table 8-43.
    pub fn label(&self) -> &'static str {
        LABELS
            .get(usize::from(self.code))
            .copied()
            .unwrap_or("reserved")
    }
}

impl fmt::Display for MaxDuration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (code {})", self.label(), self.code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_0_to_15() {
        // Table 8-43, upper end of each range.
        let expected: [(u8, Option<u64>); 13] = [
            (0, Some(1)),
            (1, Some(5)),
            (2, Some(10)),
            (3, Some(50)),
            (4, Some(100)),
            (5, Some(500)),
            (6, Some(1_000)),
            (7, Some(5_000)),
            (8, Some(10_000)),
            (9, Some(60_000)),     // 1 min
            (10, Some(300_000)),   // 5 min
            (11, Some(600_000)),   // 10 min
            (12, Some(3_000_000)), // 50 min
        ];
        for (code, ms) in expected {
            let d = MaxDuration::from_code(code);
            assert_eq!(d.code, code);
            assert_eq!(
                d.upper_bound(),
                ms.map(Duration::from_millis),
                "code {code}"
            );
            assert!(!d.is_reserved());
        }
        let d13 = MaxDuration::from_code(13);
        assert_eq!(d13.bound, DurationBound::AtLeast { ms: 3_000_000 });
        assert_eq!(d13.upper_bound(), None);
        assert_eq!(d13.label(), ">= 50 min");
        for code in [14, 15] {
            let d = MaxDuration::from_code(code);
            assert!(d.is_reserved());
            assert_eq!(d.upper_bound(), None);
        }
        assert_eq!(MaxDuration::from_code(7).to_string(), "1 s - 5 s (code 7)");
    }

    #[test]
    fn serializes_code_and_bound() {
        let v = serde_json::to_value(MaxDuration::from_code(3)).ok();
        assert_eq!(
            v,
            Some(serde_json::json!({"code": 3, "bound": {"kind": "below", "ms": 50}}))
        );
    }
}
