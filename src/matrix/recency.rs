//! Which of two runs is the more recent: by `finished_at` read as an instant (RFC 3339, any
//! offset, any fraction), then by run id, then by station and source so that the order is total
//! and the view does not depend on the order the results were given in.

use std::cmp::Ordering;

use super::summary::{LoadedRun, station_name};
use crate::results::time::parse_rfc3339_ms;

/// Nanoseconds since the Unix epoch of an RFC 3339 date-time
/// (`YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`, `T` also `t` or a space), to the millisecond
/// results.json writes; `None` when the text is not one.
pub fn instant_ns(text: &str) -> Option<i128> {
    parse_rfc3339_ms(text).map(|ms| i128::from(ms) * 1_000_000)
}

/// Orders two runs by recency: `Greater` when `a` is the more recent.
///
/// `finished_at` decides, compared as instants; a timestamp that does not parse counts as older
/// than every one that does (and such timestamps compare as text among themselves). Equal times
/// are broken by run id (the greater id is the more recent), then by station and by source, so
/// two distinct loaded runs never compare equal unless they are the same file read twice.
pub fn by_recency(a: &LoadedRun, b: &LoadedRun) -> Ordering {
    let (ra, rb) = (&a.results, &b.results);
    let time = |r: &crate::results::RunResults| instant_ns(&r.finished_at);
    time(ra)
        .cmp(&time(rb))
        .then_with(|| ra.finished_at.cmp(&rb.finished_at))
        .then_with(|| ra.run_id.cmp(&rb.run_id))
        .then_with(|| station_name(ra).cmp(&station_name(rb)))
        .then_with(|| a.source.cmp(&b.source))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::results::time::rfc3339;

    #[test]
    fn reads_back_what_results_write() {
        for ms in [0_i64, 1_795_512_615_250, -1000, 951_782_400_000] {
            let text = rfc3339(ms);
            assert_eq!(
                instant_ns(&text),
                Some(i128::from(ms) * 1_000_000),
                "{text}"
            );
        }
    }

    #[test]
    fn fractions_and_offsets_are_instants_not_text() {
        // 09:00:00.5Z is after 09:00:00Z although '.' sorts before 'Z' as text.
        let a = instant_ns("2026-11-24T09:00:00.5Z");
        let b = instant_ns("2026-11-24T09:00:00Z");
        assert!(a > b);
        // 11:00+02:00 is 09:00Z.
        assert_eq!(
            instant_ns("2026-11-24T11:00:00+02:00"),
            instant_ns("2026-11-24T09:00:00Z")
        );
        assert_eq!(
            instant_ns("2026-11-24T09:00:00.123456789123Z"),
            instant_ns("2026-11-24T09:00:00.123456789Z")
        );
        // 2024-03-01 is day 19783 after the epoch (2024-01-01 is 19723; + 31 + 29).
        assert_eq!(
            instant_ns("2024-03-01T00:00:00Z"),
            Some(19_783 * 86_400 * 1_000_000_000)
        );
        // The ends of four-digit years (Unix times of 0001-01-01 and 9999-12-31T23:59:59).
        let s = |t: &str| instant_ns(t).map(|ns| ns / 1_000_000_000);
        assert_eq!(s("0001-01-01T00:00:00Z"), Some(-62_135_596_800));
        assert_eq!(s("9999-12-31T23:59:59Z"), Some(253_402_300_799));
        assert_eq!(s("0000-03-01T00:00:00Z"), Some(-62_162_035_200));
    }

    #[test]
    fn rejects_what_is_not_a_date_time() {
        for s in [
            "",
            "yesterday",
            "2026-11-24",
            "2026-11-24T09:00:00",
            "2026-02-29T00:00:00Z",
            "2026-11-24T09:00:00.Z",
            "2026-11-24T09:00:00+0200",
            "2026-11-24T25:00:00Z",
            "2026-11-24T09:00:00Zx",
            "2026-1é-24T09:00:00Z",
        ] {
            assert_eq!(instant_ns(s), None, "{s}");
        }
    }
}
