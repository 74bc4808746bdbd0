//! Durations as plans write them: `500ms`, `10s`, `10m`, `24h`, `1h30m`, `1.5h`, `2d`.

use std::time::Duration;

/// Units from largest to smallest, with their length in nanoseconds.
const UNITS: &[(&str, u128)] = &[
    ("d", 86_400_000_000_000),
    ("h", 3_600_000_000_000),
    ("m", 60_000_000_000),
    ("s", 1_000_000_000),
    ("ms", 1_000_000),
    ("us", 1_000),
    ("µs", 1_000),
];

/// Why a duration does not parse; the text says how to write one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct DurationError(String);

const HOW: &str =
    "write a number and a unit, e.g. 500ms, 10s, 10m, 24h or 1h30m (units d, h, m, s, ms, us)";

/// Parses a duration: one or more `NUMBER UNIT` parts from the largest unit to the smallest,
/// e.g. `1h30m`; a part's number may have a fraction (`1.5h`). Zero (`0s`) parses; callers that
/// need a positive duration say so.
pub fn parse(text: &str) -> Result<Duration, DurationError> {
    let t = text.trim();
    if t.is_empty() {
        return Err(DurationError(format!("empty duration; {HOW}")));
    }
    let mut rest = t;
    let mut total: u128 = 0;
    let mut last_rank: Option<usize> = None;
    while !rest.is_empty() {
        let num_len = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        let (num, tail) = rest.split_at(num_len);
        if num.is_empty() {
            return Err(DurationError(format!(
                "`{text}` is not a duration: expected a number before `{tail}`; {HOW}"
            )));
        }
        let unit_len = tail
            .find(|c: char| c.is_ascii_digit() || c == '.')
            .unwrap_or(tail.len());
        let (unit, after) = tail.split_at(unit_len);
        if unit.is_empty() {
            return Err(DurationError(format!(
                "`{text}` has no unit after {num}; {HOW}"
            )));
        }
        let Some(rank) = UNITS.iter().position(|(u, _)| *u == unit) else {
            return Err(DurationError(format!(
                "`{text}`: unknown unit `{unit}`; {HOW}"
            )));
        };
        let rank = if unit == "µs" { rank - 1 } else { rank };
        if last_rank.is_some_and(|r| rank <= r) {
            return Err(DurationError(format!(
                "`{text}`: write the units once each, from the largest to the smallest (e.g. 1h30m)"
            )));
        }
        last_rank = Some(rank);
        let nanos = UNITS.get(rank).map_or(1, |(_, n)| *n);
        total =
            total.saturating_add(scale(num, nanos).ok_or_else(|| {
                DurationError(format!("`{text}`: `{num}` is not a number; {HOW}"))
            })?);
        rest = after;
    }
    let secs = u64::try_from(total / 1_000_000_000)
        .map_err(|_| DurationError(format!("`{text}` is too long")))?;
    // The remainder is below 1e9 and fits a u32.
    let nanos = u32::try_from(total % 1_000_000_000).unwrap_or(0);
    Ok(Duration::new(secs, nanos))
}

/// `num` (digits with at most one `.`) times `unit` nanoseconds, exactly for up to 9 decimals.
fn scale(num: &str, unit: u128) -> Option<u128> {
    let (int, frac) = match num.split_once('.') {
        Some((i, f)) => (i, f),
        None => (num, ""),
    };
    if (int.is_empty() && frac.is_empty()) || frac.contains('.') || frac.len() > 9 {
        return None;
    }
    let int: u128 = if int.is_empty() { 0 } else { int.parse().ok()? };
    let mut value = int.checked_mul(unit)?;
    if !frac.is_empty() {
        let digits: u128 = frac.parse().ok()?;
        let denom = 10u128.pow(u32::try_from(frac.len()).ok()?);
        value = value.checked_add(digits.checked_mul(unit)? / denom)?;
    }
    Some(value)
}

/// Formats a duration the way plans write it: `1h30m`, `500ms`, `0s`.
pub fn format(d: Duration) -> String {
    let mut nanos = d.as_nanos();
    if nanos == 0 {
        return "0s".to_string();
    }
    let mut out = String::new();
    for (unit, len) in UNITS.iter().filter(|(u, _)| *u != "µs") {
        let n = nanos / len;
        if n > 0 {
            out.push_str(&format!("{n}{unit}"));
            nanos %= len;
        }
    }
    if nanos > 0 {
        out.push_str(&format!("{nanos}ns"));
    }
    out
}

/// Serde helpers: durations serialise as their plan text (`"10m"`).
pub mod serde_text {
    use std::time::Duration;

    /// Serialises a duration as text.
    pub fn serialize<S: serde::Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&super::format(*d))
    }

    /// Serialises an optional duration as text or null.
    pub fn option<S: serde::Serializer>(d: &Option<Duration>, s: S) -> Result<S::Ok, S::Error> {
        match d {
            Some(d) => s.serialize_str(&super::format(*d)),
            None => s.serialize_none(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_plan_durations() {
        assert_eq!(parse("500ms"), Ok(Duration::from_millis(500)));
        assert_eq!(parse("10s"), Ok(Duration::from_secs(10)));
        assert_eq!(parse("10m"), Ok(Duration::from_secs(600)));
        assert_eq!(parse("24h"), Ok(Duration::from_secs(86_400)));
        // 1 h 30 min = 3600 + 1800 = 5400 s
        assert_eq!(parse("1h30m"), Ok(Duration::from_secs(5_400)));
        // 1.5 h = 5400 s
        assert_eq!(parse("1.5h"), Ok(Duration::from_secs(5_400)));
        assert_eq!(parse("2d"), Ok(Duration::from_secs(172_800)));
        assert_eq!(parse("250us"), Ok(Duration::from_micros(250)));
        assert_eq!(parse("250µs"), Ok(Duration::from_micros(250)));
        // 1 m 0.5 s = 60.5 s
        assert_eq!(parse("1m0.5s"), Ok(Duration::from_millis(60_500)));
        assert_eq!(parse("0s"), Ok(Duration::ZERO));
    }

    #[test]
    fn rejects_bad_durations() {
        for bad in [
            "",
            "10",
            "m",
            "10x",
            "1h1h",
            "30m1h",
            "1..5s",
            "-5s",
            "10 m",
            "1.0000000001s",
        ] {
            assert!(parse(bad).is_err(), "{bad:?} parsed");
        }
        let msg = parse("10").err().map(|e| e.to_string()).unwrap_or_default();
        assert!(msg.contains("no unit"), "{msg}");
        let msg = parse("5min")
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(msg.contains("unknown unit `min`"), "{msg}");
    }

    #[test]
    fn formats_back() {
        assert_eq!(format(Duration::from_secs(5_400)), "1h30m");
        assert_eq!(format(Duration::from_millis(500)), "500ms");
        assert_eq!(format(Duration::from_secs(86_400)), "1d");
        assert_eq!(format(Duration::ZERO), "0s");
        for text in ["10s", "10m", "1h30m", "2d3h", "1s500ms"] {
            assert_eq!(parse(text).map(format).as_deref(), Ok(text));
        }
    }
}
