//! Reading the RFC 3339 timestamps of results.json back into instants, and printing durations.

use crate::results::model::fmt_num;

pub(crate) use crate::results::time::parse_rfc3339_ms;

/// Seconds from `started_at` to `finished_at`, when both parse and the difference is not negative.
pub(crate) fn span_s(started_at: &str, finished_at: &str) -> Option<f64> {
    let (a, b) = (
        parse_rfc3339_ms(started_at)?,
        parse_rfc3339_ms(finished_at)?,
    );
    (b >= a).then(|| (b - a) as f64 / 1000.0)
}

/// A duration for people: `0.25 s`, `12.5 s`, `2m 30s`, `24h 00m 12s`; `?` when unknown.
pub(crate) fn human_duration(s: f64) -> String {
    if !s.is_finite() || s < 0.0 {
        return "?".to_string();
    }
    if s < 60.0 {
        return format!("{} s", fmt_num((s * 1000.0).round() / 1000.0));
    }
    let total = s.round() as u64;
    let (h, m, sec) = (total / 3600, (total / 60) % 60, total % 60);
    if h == 0 {
        format!("{m}m {sec:02}s")
    } else {
        format!("{h}h {m:02}m {sec:02}s")
    }
}

/// Seconds as the JUnit schema's `SUREFIRE_TIME` wants them: digits, a dot, three decimals, no
/// sign, no exponent (`0.000` for a negative or non-finite value).
pub(crate) fn surefire_time(s: f64) -> String {
    let s = if s.is_finite() && s > 0.0 { s } else { 0.0 };
    format!("{s:.3}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::results::time::rfc3339;

    #[test]
    fn parses_what_results_time_writes() {
        for ms in [
            0,
            1_795_512_615_250,
            11_016 * 86_400_000,
            -1000,
            951_782_400_000,
        ] {
            assert_eq!(parse_rfc3339_ms(&rfc3339(ms)), Some(ms), "{}", rfc3339(ms));
        }
    }

    #[test]
    fn offsets_and_fractions() {
        // 09:30:15.25+02:00 is 07:30:15.25Z: 1795512615250 - 2 h (7_200_000 ms).
        assert_eq!(
            parse_rfc3339_ms("2026-11-24T09:30:15.25+02:00"),
            Some(1_795_512_615_250 - 7_200_000)
        );
        assert_eq!(
            parse_rfc3339_ms("2026-11-24t09:30:15.250999z"),
            Some(1_795_512_615_250)
        );
        assert_eq!(
            parse_rfc3339_ms("2026-11-24T09:30:15-00:30"),
            Some(1_795_512_615_000 + 1_800_000)
        );
    }

    #[test]
    fn rejects_non_dates() {
        for s in [
            "",
            "2026-11-24",
            "2026-13-01T00:00:00Z",
            "2026-02-29T00:00:00Z",
            "2026-11-24T24:00:00Z",
            "2026-11-24T09:30:15",
            "2026-11-24T09:30:15.Z",
            "2026-11-24T09:30:15Zjunk",
            "2026-11-24T09:30:15+0200",
            "２026-11-24T09:30:15Z",
        ] {
            assert_eq!(parse_rfc3339_ms(s), None, "{s}");
        }
        assert!(parse_rfc3339_ms("2024-02-29T00:00:00Z").is_some());
    }

    #[test]
    fn spans_and_human_durations() {
        assert_eq!(
            span_s("2026-11-24T09:00:00Z", "2026-11-24T09:02:30.500Z"),
            Some(150.5)
        );
        assert_eq!(span_s("2026-11-24T09:00:01Z", "2026-11-24T09:00:00Z"), None);
        assert_eq!(span_s("x", "2026-11-24T09:00:00Z"), None);
        assert_eq!(human_duration(0.25), "0.25 s");
        assert_eq!(human_duration(12.5), "12.5 s");
        assert_eq!(human_duration(150.5), "2m 31s"); // rounds half away from zero
        assert_eq!(human_duration(86_412.0), "24h 00m 12s");
        assert_eq!(human_duration(f64::NAN), "?");
    }

    #[test]
    fn surefire_times_match_the_schema_pattern() {
        assert_eq!(surefire_time(1.23456), "1.235");
        assert_eq!(surefire_time(86_400.0), "86400.000");
        assert_eq!(surefire_time(-1.0), "0.000");
        assert_eq!(surefire_time(f64::INFINITY), "0.000");
        assert_eq!(surefire_time(1e300).split('.').nth(1), Some("000"));
    }
}
