//! Which of two runs is the more recent: by `finished_at` read as an instant (RFC 3339, any
//! offset, any fraction), then by run id, then by station and source so that the order is total
//! and the view does not depend on the order the results were given in.

use std::cmp::Ordering;

use super::summary::{LoadedRun, station_name};

/// Nanoseconds since the Unix epoch of an RFC 3339 date-time
/// (`YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`, `T` also `t` or a space); `None` when the text
/// is not one. Fraction digits beyond nine are ignored.
pub fn instant_ns(text: &str) -> Option<i128> {
    let (date, rest) = split_at_checked(text, 10)?;
    let sep = rest.chars().next()?;
    if !matches!(sep, 'T' | 't' | ' ') {
        return None;
    }
    let rest = rest.get(1..)?;
    let (clock, zone) = split_at_checked(rest, 8)?;

    let date: Vec<&str> = date.split('-').collect();
    let [y, mo, d] = date.as_slice() else {
        return None;
    };
    let (year, month, day) = (digits(y, 4)?, digits(mo, 2)?, digits(d, 2)?);
    let clock: Vec<&str> = clock.split(':').collect();
    let [h, mi, s] = clock.as_slice() else {
        return None;
    };
    let (hour, minute, second) = (digits(h, 2)?, digits(mi, 2)?, digits(s, 2)?);
    if !(1..=12).contains(&month)
        || day < 1
        || day > month_length(year, month)
        || hour > 23
        || minute > 59
        || second > 60
    {
        return None;
    }

    let (nanos, zone) = match zone.strip_prefix('.') {
        Some(frac) => {
            let n = frac.bytes().take_while(u8::is_ascii_digit).count();
            if n == 0 {
                return None;
            }
            let (num, zone) = split_at_checked(frac, n)?;
            let mut nanos: i128 = 0;
            for i in 0..9 {
                let digit = num.as_bytes().get(i).map_or(0, |b| b - b'0');
                nanos = nanos * 10 + i128::from(digit);
            }
            (nanos, zone)
        }
        None => (0, zone),
    };

    let offset_s: i128 = match zone {
        "Z" | "z" => 0,
        _ => {
            let sign = match zone.chars().next()? {
                '+' => 1,
                '-' => -1,
                _ => return None,
            };
            let hm: Vec<&str> = zone.get(1..)?.split(':').collect();
            let [oh, om] = hm.as_slice() else {
                return None;
            };
            let (oh, om) = (digits(oh, 2)?, digits(om, 2)?);
            if oh > 23 || om > 59 {
                return None;
            }
            sign * (oh * 3600 + om * 60)
        }
    };

    let secs =
        days_since_epoch(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second - offset_s;
    Some(secs * 1_000_000_000 + nanos)
}

/// `s` split after `n` bytes, when that is a character boundary.
fn split_at_checked(s: &str, n: usize) -> Option<(&str, &str)> {
    Some((s.get(..n)?, s.get(n..)?))
}

/// Exactly `len` ASCII digits, as a number.
fn digits(s: &str, len: usize) -> Option<i128> {
    if s.len() != len || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

fn month_length(year: i128, month: i128) -> i128 {
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days from 1970-01-01 to a proleptic Gregorian date: 365 a year plus the leap days before
/// the year (every 4th year, not every 100th, again every 400th), then the months of the year.
fn days_since_epoch(year: i128, month: i128, day: i128) -> i128 {
    let leap_days_before = |y: i128| {
        let p = y - 1;
        p.div_euclid(4) - p.div_euclid(100) + p.div_euclid(400)
    };
    let mut days = 365 * (year - 1970) + leap_days_before(year) - leap_days_before(1970);
    days += (1..month).map(|m| month_length(year, m)).sum::<i128>();
    days + day - 1
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
