//! Parsing of SCPI replies: numbers, `*IDN?` and `SYST:ERR?` entries (protocols.md §2.1).

use crate::instruments::traits::Identity;

/// One entry of the SCPI error queue: `<code>,"<text>"`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorEntry {
    /// 0 when the queue is empty; negative codes are standard SCPI, positive device-specific.
    pub code: i32,
    /// The text, without quotes.
    pub message: String,
}

/// Parses a `SYST:ERR?` reply: `+0,"No error"` (Keysight), `0,"No error"` (Thorlabs),
/// `-113,"Undefined header"`. The text may be unquoted; `None` for anything else.
pub fn parse_error_entry(line: &str) -> Option<ErrorEntry> {
    let (code, text) = line.trim().split_once(',')?;
    let code = code.trim();
    let code = code.strip_prefix('+').unwrap_or(code).parse::<i32>().ok()?;
    let text = text.trim();
    let text = text
        .strip_prefix('"')
        .and_then(|t| t.strip_suffix('"'))
        .unwrap_or(text);
    Some(ErrorEntry {
        code,
        message: text.to_owned(),
    })
}

/// Parses a numeric reply: `+1.55000000E-006`, `-12.345`, `3.34e-5`, `INFINITY`, `-INF`.
/// Infinities are returned as such (the drivers turn them into out-of-range); NaN is `None`.
pub fn parse_f64(line: &str) -> Option<f64> {
    let t = line.trim();
    let t = t.strip_prefix('+').unwrap_or(t);
    if t.starts_with('+') {
        return None; // "++1"
    }
    let v = t.parse::<f64>().ok()?;
    (!v.is_nan()).then_some(v)
}

/// Parses an integer reply (`0`, `+1`, `5`).
pub fn parse_i64(line: &str) -> Option<i64> {
    let t = line.trim();
    t.strip_prefix('+').unwrap_or(t).parse::<i64>().ok()
}

/// Parses an `*IDN?` reply: manufacturer, model, serial, firmware. Fields past the fourth are
/// kept in the firmware field; fewer than four, or an empty manufacturer or model, is `None`.
pub fn parse_idn(line: &str) -> Option<Identity> {
    let mut parts = line.trim().splitn(4, ',');
    let manufacturer = parts.next()?.trim();
    let model = parts.next()?.trim();
    let serial = parts.next()?.trim();
    let firmware = parts.next()?.trim();
    if manufacturer.is_empty() || model.is_empty() {
        return None;
    }
    let printable = |s: &str| s.chars().all(|c| !c.is_control());
    if ![manufacturer, model, serial, firmware]
        .iter()
        .all(|s| printable(s))
    {
        return None;
    }
    Some(Identity {
        manufacturer: manufacturer.to_owned(),
        model: model.to_owned(),
        serial: serial.to_owned(),
        firmware: firmware.to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_entries_in_both_styles() {
        let e = |code: i32, m: &str| {
            Some(ErrorEntry {
                code,
                message: m.into(),
            })
        };
        assert_eq!(parse_error_entry("+0,\"No error\""), e(0, "No error"));
        assert_eq!(parse_error_entry("0,\"No error\"\r"), e(0, "No error"));
        assert_eq!(
            parse_error_entry("-113,\"Undefined header\""),
            e(-113, "Undefined header")
        );
        assert_eq!(
            parse_error_entry("-222, Data out of range"),
            e(-222, "Data out of range")
        );
        assert_eq!(parse_error_entry("No error"), None);
        assert_eq!(parse_error_entry("x,\"y\""), None);
    }

    #[test]
    fn numbers() {
        // Keysight answers a wavelength query in metres: 1.55E-006 m = 1550 nm.
        assert_eq!(parse_f64("+1.55000000E-006"), Some(1.55e-6));
        assert_eq!(parse_f64("-12.345\n"), Some(-12.345));
        assert_eq!(parse_f64("3.34e-5"), Some(3.34e-5));
        assert_eq!(parse_f64("INFINITY"), Some(f64::INFINITY));
        assert_eq!(parse_f64("-INFINITY"), Some(f64::NEG_INFINITY));
        assert_eq!(parse_f64("NAN"), None);
        assert_eq!(parse_f64("++1"), None);
        assert_eq!(parse_f64("1.0 dBm"), None);
        assert_eq!(parse_i64("+1"), Some(1));
        assert_eq!(parse_i64("5"), Some(5));
        assert_eq!(parse_i64("1.5"), None);
    }

    #[test]
    fn identity() {
        let id = parse_idn("Thorlabs,PM103,T00000002,0.1.0.1");
        assert_eq!(
            id,
            Some(Identity {
                manufacturer: "Thorlabs".into(),
                model: "PM103".into(),
                serial: "T00000002".into(),
                firmware: "0.1.0.1".into()
            })
        );
        let id = parse_idn("Keysight Technologies,N7744A,MY123, 1.2,extra");
        assert_eq!(id.map(|i| i.firmware), Some("1.2,extra".to_owned()));
        assert_eq!(parse_idn("Thorlabs,PM103"), None);
        assert_eq!(parse_idn(",PM103,1,2"), None);
        assert_eq!(parse_idn("a\u{1},b,c,d"), None);
    }
}
