//! Hex numbers and byte strings of the ASCII protocol: either case on input, upper case on
//! output.

use super::AsciiError;

const DIGITS: &[u8; 16] = b"0123456789ABCDEF";

/// Appends `b` as two upper-case hex digits.
pub fn push_byte(out: &mut Vec<u8>, b: u8) {
    out.push(DIGITS[usize::from(b >> 4)]);
    out.push(DIGITS[usize::from(b & 0x0F)]);
}

/// Appends every byte as two hex digits, no separators.
pub fn push_bytes(out: &mut Vec<u8>, data: &[u8]) {
    for &b in data {
        push_byte(out, b);
    }
}

/// The value of one hex digit.
pub fn digit(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

/// A hex number of 1 to `max_digits` digits naming `what` in errors.
pub fn number(word: &str, max_digits: usize, what: &str) -> Result<u32, AsciiError> {
    if word.is_empty() || word.len() > max_digits {
        return Err(AsciiError::BadArgument(format!(
            "{what} `{word}` must be 1 to {max_digits} hex digits"
        )));
    }
    word.bytes().try_fold(0u32, |acc, c| {
        digit(c)
            .map(|d| acc * 16 + u32::from(d))
            .ok_or_else(|| AsciiError::BadArgument(format!("{what} `{word}` is not hex")))
    })
}

/// Bytes from hex pairs; `words` may split them anywhere between pairs (`0A0B 0C`).
pub fn bytes<'a>(words: impl Iterator<Item = &'a str>) -> Result<Vec<u8>, AsciiError> {
    let mut out = Vec::new();
    for word in words {
        if word.len() % 2 != 0 {
            return Err(AsciiError::BadArgument(format!(
                "data `{word}` has an odd number of hex digits"
            )));
        }
        for pair in word.as_bytes().chunks_exact(2) {
            match (digit(pair[0]), digit(pair[1])) {
                (Some(h), Some(l)) => out.push(h << 4 | l),
                _ => {
                    return Err(AsciiError::BadArgument(format!("data `{word}` is not hex")));
                }
            }
        }
    }
    Ok(out)
}
