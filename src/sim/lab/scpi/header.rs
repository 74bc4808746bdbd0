//! Matching SCPI headers against command patterns (protocols.md §2.1, §2.10): case-insensitive,
//! short form (the capitals) or long form and nothing in between, optional nodes in `[]`,
//! numeric suffixes where the pattern has `#`.
//!
//! Pattern syntax: nodes separated by `:`; `SENSe#` accepts `SENS`, `SENSE`, `SENS2`,
//! `sense2`; `[CHANnel#]` may be absent. Suffixes are returned in order, 1 when left out.

/// One node of a pattern.
#[derive(Debug, Clone, Copy)]
struct Node<'a> {
    name: &'a str,
    optional: bool,
    suffix: bool,
}

fn nodes(pattern: &str) -> Vec<Node<'_>> {
    pattern
        .split(':')
        .filter(|t| !t.is_empty())
        .map(|t| {
            let (t, optional) = match t.strip_prefix('[').and_then(|t| t.strip_suffix(']')) {
                Some(inner) => (inner, true),
                None => (t, false),
            };
            let (name, suffix) = match t.strip_suffix('#') {
                Some(n) => (n, true),
                None => (t, false),
            };
            Node {
                name,
                optional,
                suffix,
            }
        })
        .collect()
}

/// Splits `SENS2` into `("SENS", Some(2))`; `None` for a malformed token.
fn token(t: &str) -> Option<(&str, Option<u32>)> {
    let split = t.find(|c: char| c.is_ascii_digit()).unwrap_or(t.len());
    let (alpha, digits) = t.split_at(split);
    if alpha.is_empty() || !alpha.chars().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    if digits.is_empty() {
        return Some((alpha, None));
    }
    digits.parse::<u32>().ok().map(|n| (alpha, Some(n)))
}

fn name_matches(node: &str, alpha: &str) -> bool {
    let short: String = node.chars().filter(|c| c.is_ascii_uppercase()).collect();
    alpha.eq_ignore_ascii_case(&short) || alpha.eq_ignore_ascii_case(node)
}

fn walk(pattern: &[Node<'_>], header: &[(&str, Option<u32>)], out: &mut Vec<u32>) -> bool {
    let Some((node, rest)) = pattern.split_first() else {
        return header.is_empty();
    };
    let mark = out.len();
    if let Some(((alpha, suffix), tail)) = header.split_first() {
        if name_matches(node.name, alpha) && (node.suffix || suffix.is_none()) {
            if node.suffix {
                out.push(suffix.unwrap_or(1));
            }
            if walk(rest, tail, out) {
                return true;
            }
            out.truncate(mark);
        }
    }
    if node.optional {
        if node.suffix {
            out.push(1);
        }
        if walk(rest, header, out) {
            return true;
        }
        out.truncate(mark);
    }
    false
}

/// Matches `header` (no leading `:`, no `?`) against `pattern`; on success returns the numeric
/// suffixes of the `#` nodes in order (1 when omitted or when an optional node is absent).
pub fn matches(pattern: &str, header: &str) -> Option<Vec<u32>> {
    let tokens: Option<Vec<_>> = header.split(':').map(token).collect();
    let tokens = tokens?;
    let pattern = nodes(pattern);
    let mut out = Vec::new();
    walk(&pattern, &tokens, &mut out).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_long_case_and_suffixes() {
        let p = "SENSe#:[CHANnel#]:POWer:WAVelength";
        assert_eq!(matches(p, "SENS1:CHAN2:POW:WAV"), Some(vec![1, 2]));
        assert_eq!(matches(p, "sense3:power:wavelength"), Some(vec![3, 1]));
        assert_eq!(matches(p, "SENS:POW:WAV"), Some(vec![1, 1]));
        assert_eq!(matches(p, "SENSE2:CHANNEL1:POWER:WAV"), Some(vec![2, 1]));
        // Neither short nor long form.
        assert_eq!(matches(p, "SEN1:POW:WAV"), None);
        assert_eq!(matches(p, "SENS1:POWE:WAV"), None);
        // Extra or missing nodes.
        assert_eq!(matches(p, "SENS1:POW:WAV:X"), None);
        assert_eq!(matches(p, "SENS1:POW"), None);
        // A suffix where the pattern has none.
        assert_eq!(matches(p, "SENS1:POW2:WAV"), None);
    }

    #[test]
    fn optional_first_and_middle_nodes() {
        let p = "[SENSe#]:POWer:[DC]:UNIT";
        assert_eq!(matches(p, "SENS:POW:UNIT"), Some(vec![1]));
        assert_eq!(matches(p, "POW:DC:UNIT"), Some(vec![1]));
        assert_eq!(matches(p, "sens:pow:dc:unit"), Some(vec![1]));
        assert_eq!(matches(p, "POW"), None);
        assert_eq!(matches("MEASure:[SCALar]:[POWer]", "MEAS"), Some(vec![]));
        assert_eq!(
            matches("MEASure:[SCALar]:[POWer]", "MEAS:POW"),
            Some(vec![])
        );
        assert_eq!(
            matches("SENSe#:POWer:ATIMe", "SENS1:POW:ATIME"),
            Some(vec![1])
        );
        assert_eq!(
            matches("SENSe#:POWer:ATIMe", "SENS1:POW:ATIM"),
            Some(vec![1])
        );
    }

    #[test]
    fn malformed_headers() {
        assert_eq!(matches("A", ""), None);
        assert_eq!(matches("A", "A1x"), None);
        assert_eq!(matches("A", "A99999999999"), None);
        assert_eq!(matches("ABc", "A-B"), None);
    }
}
