//! Text for the page: escaped strings, numbers a buyer reads (four significant digits), units
//! as people write them, shortened hashes and dates.

use crate::report::xml::{push_attr, push_text};
use crate::results::{Outcome, RunOutcome};

/// `s` as HTML text: markup escaped, control and bidi characters shown as visible escapes.
pub(crate) fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    push_text(&mut o, s);
    o
}

/// `s` as a double-quoted attribute value (without the quotes).
pub(crate) fn esc_attr(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    push_attr(&mut o, s);
    o
}

/// `s` usable in an HTML id: letters, digits, `-`, `_` and `.` kept, anything else `_`.
pub(crate) fn id_part(s: &str) -> String {
    crate::matrix::model::slug_part(s)
}

/// A number with about four significant digits: `3250`, `0.05638`, `73.66`, `2.5e-13`; `—`
/// for NaN and infinities.
pub(crate) fn num(v: f64) -> String {
    if !v.is_finite() {
        return "—".to_string();
    }
    if v == 0.0 {
        return "0".to_string();
    }
    let a = v.abs();
    if !(1e-3..1e6).contains(&a) {
        let s = format!("{v:.2e}");
        return match s.split_once('e') {
            Some((m, e)) => format!("{}e{e}", m.trim_end_matches('0').trim_end_matches('.')),
            None => s,
        };
    }
    // a in [1e-3, 1e6): floor(log10) in -3..=5, so decimals in 0..=6.
    let decimals = usize::try_from(3 - a.log10().floor() as i32).unwrap_or(0);
    let s = format!("{v:.decimals$}");
    let s = if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    };
    if s == "-0" { "0".to_string() } else { s }
}

/// A unit as people write it: `degC` → `°C`; others unchanged.
pub(crate) fn unit(u: &str) -> &str {
    match u {
        "degC" => "°C",
        other => other,
    }
}

/// `value unit`, e.g. `3250 ms`, `0.05 dB`, `2.5e-13`.
pub(crate) fn with_unit(v: f64, u: &str) -> String {
    let u = unit(u);
    if u.is_empty() {
        num(v)
    } else {
        format!("{} {u}", num(v))
    }
}

/// The first 12 characters of a hash (the whole text when shorter).
pub(crate) fn short_hash(h: &str) -> String {
    h.chars().take(12).collect()
}

/// `2026-11-24 09:30` from an RFC 3339 time; anything else as given.
pub(crate) fn short_time(t: &str) -> String {
    let b = t.as_bytes();
    let looks_rfc3339 = b.len() >= 16
        && b.get(4) == Some(&b'-')
        && b.get(10).is_some_and(|c| *c == b'T' || *c == b' ')
        && b.get(13) == Some(&b':');
    match (looks_rfc3339, t.get(0..10), t.get(11..16)) {
        (true, Some(d), Some(hm)) => format!("{d} {hm}"),
        _ => t.to_string(),
    }
}

/// Word and CSS class of a check or module outcome.
pub(crate) fn outcome_word(o: Outcome) -> (&'static str, &'static str) {
    match o {
        Outcome::Pass => ("Pass", "oc-pass"),
        Outcome::Fail => ("Fail", "oc-fail"),
        Outcome::Error => ("Error", "oc-error"),
        Outcome::Skip => ("Skipped", "oc-skip"),
        Outcome::Timeout => ("Timeout", "oc-error"),
    }
}

/// Word and CSS class of a run outcome.
pub(crate) fn run_word(o: RunOutcome) -> (&'static str, &'static str) {
    match o {
        RunOutcome::Pass => ("Pass", "oc-pass"),
        RunOutcome::Fail => ("Fail", "oc-fail"),
        RunOutcome::Error => ("Error", "oc-error"),
        RunOutcome::Aborted => ("Aborted", "oc-skip"),
    }
}

/// `<span class="oc oc-fail">Fail</span>`.
pub(crate) fn outcome_badge(o: Outcome) -> String {
    let (w, c) = outcome_word(o);
    format!("<span class=\"oc {c}\">{w}</span>")
}

/// `<span class="oc oc-fail">Fail</span>` of a run.
pub(crate) fn run_badge(o: RunOutcome) -> String {
    let (w, c) = run_word(o);
    format!("<span class=\"oc {c}\">{w}</span>")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_have_four_significant_digits() {
        assert_eq!(num(3250.0), "3250");
        assert_eq!(num(12.0), "12");
        assert_eq!(num(73.65625), "73.66");
        assert_eq!(num(0.0563769584), "0.05638");
        assert_eq!(num(-0.0202367), "-0.02024");
        assert_eq!(num(2.496443561294992e-13), "2.5e-13");
        assert_eq!(num(2.4e-4), "2.4e-4");
        assert_eq!(num(1.0e-12), "1e-12");
        assert_eq!(num(123456.7), "123457");
        assert_eq!(num(0.0), "0");
        assert_eq!(num(-0.00001), "-1e-5");
        assert_eq!(num(f64::NAN), "—");
        assert_eq!(num(f64::NEG_INFINITY), "—");
    }

    #[test]
    fn units_and_times_read_naturally() {
        assert_eq!(with_unit(70.0, "degC"), "70 °C");
        assert_eq!(with_unit(2.5e-13, ""), "2.5e-13");
        assert_eq!(short_time("2026-11-24T09:30:01.250Z"), "2026-11-24 09:30");
        assert_eq!(short_time("yesterday"), "yesterday");
        assert_eq!(short_time("2026-11-24é"), "2026-11-24é");
        assert_eq!(short_hash("857efdb85306282aa4c3"), "857efdb85306");
        assert_eq!(short_hash("ab"), "ab");
    }

    #[test]
    fn hostile_text_is_inert() {
        assert_eq!(
            esc("<script>alert('x')</script>&"),
            "&lt;script&gt;alert('x')&lt;/script&gt;&amp;"
        );
        assert_eq!(esc("A\u{0}\u{1b}[31m\u{202E}"), "A\\x00\\x1b[31m\\u{202e}");
        assert_eq!(esc_attr("a\"b'c\nd"), "a&quot;b&apos;c&#10;d");
    }
}
