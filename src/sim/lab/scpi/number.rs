//! Numeric arguments with optional unit suffixes: `1550.000000 nm`, `1.55E-6`, `0.1 s`, `ON`.

/// Splits `1550.000000 nm` into `(1550.0, "NM")`; the unit is upper-cased, empty when absent.
pub fn number_with_unit(arg: &str) -> Option<(f64, String)> {
    let t = arg.trim();
    let end = t
        .char_indices()
        .find(|&(i, c)| {
            !(c.is_ascii_digit()
                || c == '.'
                || ((c == '+' || c == '-')
                    && (i == 0 || t.get(..i).is_some_and(|p| p.ends_with(['e', 'E']))))
                || ((c == 'e' || c == 'E')
                    && t.get(i + 1..).is_some_and(|r| {
                        r.starts_with(|n: char| n.is_ascii_digit() || n == '+' || n == '-')
                    })))
        })
        .map_or(t.len(), |(i, _)| i);
    let v = t.get(..end)?.parse::<f64>().ok()?;
    let unit = t.get(end..)?.trim();
    if !unit.chars().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    v.is_finite().then(|| (v, unit.to_ascii_uppercase()))
}

/// A plain number without unit.
pub fn number(arg: &str) -> Option<f64> {
    match number_with_unit(arg)? {
        (v, u) if u.is_empty() => Some(v),
        _ => None,
    }
}

/// A boolean: `1`/`0`/`ON`/`OFF`.
pub fn boolean(arg: &str) -> Option<bool> {
    match arg.trim().to_ascii_uppercase().as_str() {
        "1" | "ON" => Some(true),
        "0" | "OFF" => Some(false),
        _ => None,
    }
}

/// Formats like a Keysight meter: `+1.55000000E-006`.
pub fn keysight_float(v: f64) -> String {
    let s = format!("{v:+.8E}");
    match s.split_once('E') {
        Some((mantissa, exp)) => {
            let (sign, digits) = match exp.strip_prefix('-') {
                Some(d) => ('-', d),
                None => ('+', exp),
            };
            format!("{mantissa}E{sign}{digits:0>3}")
        }
        None => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_units() {
        assert_eq!(
            number_with_unit("1550.000000 nm"),
            Some((1550.0, "NM".into()))
        );
        assert_eq!(number_with_unit("1550NM"), Some((1550.0, "NM".into())));
        assert_eq!(number_with_unit("1.55E-6"), Some((1.55e-6, String::new())));
        assert_eq!(number_with_unit("0.1 s"), Some((0.1, "S".into())));
        assert_eq!(number_with_unit("-40.5"), Some((-40.5, String::new())));
        assert_eq!(number_with_unit("1e3dbm"), Some((1000.0, "DBM".into())));
        assert_eq!(number_with_unit("x"), None);
        assert_eq!(number_with_unit("1 2"), None);
        assert_eq!(number("25"), Some(25.0));
        assert_eq!(number("25 nm"), None);
        assert_eq!(boolean("on"), Some(true));
        assert_eq!(boolean("0"), Some(false));
        assert_eq!(boolean("2"), None);
    }

    #[test]
    fn keysight_format() {
        assert_eq!(keysight_float(1.55e-6), "+1.55000000E-006");
        assert_eq!(keysight_float(-7.125), "-7.12500000E+000");
        assert_eq!(keysight_float(3.4e38), "+3.40000000E+038");
    }
}
