//! Helpers shared by the text readers: numbers written as `0x11`, `11h` or `17`, the labels that
//! say which address, bank and page a block of hex holds, and a builder that collects bytes into
//! 128-byte segments, refusing bytes given twice and half pages given in part.

use std::collections::BTreeMap;

use crate::addr::{DeviceAddr, HALF_LEN, Half, PageSel, SegmentId};
use crate::memmap::image::{HalfPage, ModuleImage};

use super::detect::ImageFormat;
use super::error::ImageError;

/// Parses `0x1f`, `1Fh` or `31` (decimal). `None` for anything else or above `u32::MAX`.
pub(crate) fn parse_num(s: &str) -> Option<u32> {
    let s = s.trim();
    if let Some(hex) = s.strip_prefix("0x").or_else(|| s.strip_prefix("0X")) {
        return hex_u32(hex);
    }
    if let Some(hex) = s.strip_suffix('h').or_else(|| s.strip_suffix('H')) {
        return hex_u32(hex);
    }
    if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) {
        return s.parse().ok();
    }
    None
}

/// Parses 1-8 hex digits.
pub(crate) fn hex_u32(s: &str) -> Option<u32> {
    if s.is_empty() || s.len() > 8 || !s.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    u32::from_str_radix(s, 16).ok()
}

/// Exactly two hex digits.
pub(crate) fn hex_pair(s: &str) -> Option<u8> {
    if s.len() == 2 && s.bytes().all(|b| b.is_ascii_hexdigit()) {
        u8::from_str_radix(s, 16).ok()
    } else {
        None
    }
}

/// 1-based character column of `part` inside `line` (`part` must be a sub-slice of `line`).
pub(crate) fn column_of(line: &str, part: &str) -> usize {
    let start = (part.as_ptr() as usize).saturating_sub(line.as_ptr() as usize);
    line.get(..start).map_or(1, |pre| pre.chars().count() + 1)
}

/// Which address, bank and page the next block of hex holds, as far as labels said.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Label {
    /// I2C address.
    pub device: Option<DeviceAddr>,
    /// Bank of the upper half.
    pub bank: Option<u8>,
    /// Page of the upper half.
    pub page: Option<u8>,
}

impl Label {
    /// Whether nothing was said.
    pub fn is_empty(&self) -> bool {
        self.device.is_none() && self.bank.is_none() && self.page.is_none()
    }

    /// Takes every field `other` sets.
    pub fn merge(&mut self, other: Label) {
        self.device = other.device.or(self.device);
        self.bank = other.bank.or(self.bank);
        self.page = other.page.or(self.page);
    }
}

fn small(s: &str) -> Option<u8> {
    parse_num(s).and_then(|n| u8::try_from(n).ok())
}

fn device_word(s: &str) -> Option<DeviceAddr> {
    match s {
        "a0h" | "a0" => Some(DeviceAddr::A0),
        "a2h" | "a2" => Some(DeviceAddr::A2),
        _ => small(s).filter(|n| *n <= 0x7f).map(DeviceAddr),
    }
}

/// Reads a label line, or `None` when the line is no label. Recognised:
/// - ethtool `hex on pages on` block headers: `I2C Address: 0x51`, `Bank: 0x1`, `Page: 0x11`;
/// - comments: `# 0x51`, `# A2h`, `# page 03h`, `# bank 1 page 11h`, `# device 0x51 page 0`;
/// - an `i2cdump` command line (`$ i2cdump -y 1 0x51`) or its prompt (`... address 0x51, mode byte`);
/// - an `i2cset` to the bank (126) or page (127) select byte: `i2cset -y 1 0x50 0x7f 0x03`.
pub(crate) fn parse_label(line: &str) -> Option<Label> {
    let lower = line.trim().to_ascii_lowercase();
    if let Some(rest) = lower.strip_prefix("i2c address:") {
        return device_word(rest.trim()).map(|d| Label {
            device: Some(d),
            ..Label::default()
        });
    }
    if let Some(rest) = lower.strip_prefix("bank:") {
        return small(rest).map(|b| Label {
            bank: Some(b),
            ..Label::default()
        });
    }
    if let Some(rest) = lower.strip_prefix("page:") {
        return small(rest).map(|p| Label {
            page: Some(p),
            ..Label::default()
        });
    }
    if let Some(rest) = lower.strip_prefix('#') {
        return comment_label(rest);
    }
    let words: Vec<&str> = lower.split_whitespace().collect();
    if let Some(at) = words.iter().position(|w| w.ends_with("i2cdump")) {
        return command_args(words.get(at + 1..).unwrap_or_default())
            .get(1)
            .and_then(|a| device_word(a))
            .map(|d| Label {
                device: Some(d),
                ..Label::default()
            });
    }
    if let Some(at) = words.iter().position(|w| w.ends_with("i2cset")) {
        return i2cset_label(&command_args(words.get(at + 1..).unwrap_or_default()));
    }
    if lower.starts_with("i will probe") {
        let at = words.iter().position(|w| *w == "address")?;
        let addr = words.get(at + 1)?.trim_end_matches(',');
        return device_word(addr).map(|d| Label {
            device: Some(d),
            ..Label::default()
        });
    }
    None
}

/// Positional arguments of an i2c-tools command (flags and the argument of `-r` dropped).
fn command_args<'a>(words: &[&'a str]) -> Vec<&'a str> {
    let mut out = Vec::new();
    let mut skip = false;
    for w in words {
        if skip {
            skip = false;
        } else if *w == "-r" {
            skip = true;
        } else if !w.starts_with('-') {
            out.push(*w);
        }
    }
    out
}

fn i2cset_label(args: &[&str]) -> Option<Label> {
    // i2cset BUS ADDRESS REGISTER VALUE: only the bank (126) and page (127) selects are labels.
    let device = device_word(args.get(1)?)?;
    let reg = small(args.get(2)?)?;
    let value = small(args.get(3)?)?;
    let mut label = Label {
        device: Some(device),
        ..Label::default()
    };
    match reg {
        126 => label.bank = Some(value),
        127 => label.page = Some(value),
        _ => return None,
    }
    Some(label)
}

fn comment_label(rest: &str) -> Option<Label> {
    let cleaned: String = rest
        .chars()
        .map(|c| {
            if matches!(c, ':' | '=' | ',' | ';') {
                ' '
            } else {
                c
            }
        })
        .collect();
    let words: Vec<&str> = cleaned.split_whitespace().collect();
    let mut label = Label::default();
    let mut i = 0;
    while let Some(w) = words.get(i) {
        let next = words.get(i + 1).copied();
        match *w {
            "page" => {
                label.page = Some(next.and_then(small)?);
                i += 1;
            }
            "bank" => {
                label.bank = Some(next.and_then(small)?);
                i += 1;
            }
            "device" | "address" | "addr" | "i2c" => {
                if let Some(d) = next.and_then(device_word) {
                    label.device = Some(d);
                    i += 1;
                }
            }
            "a0h" | "a2h" => label.device = device_word(w),
            word if word.starts_with("0x") && word.len() == 4 => {
                if let Some(d) = device_word(word).filter(|d| (0x50..=0x57).contains(&d.0)) {
                    label.device = Some(d);
                }
            }
            _ => {}
        }
        i += 1;
    }
    (!label.is_empty()).then_some(label)
}

/// One segment being filled: the bytes, and the line each came from (0 = not yet given).
struct Partial {
    bytes: HalfPage,
    lines: [usize; HALF_LEN],
}

/// Collects bytes into segments.
pub(crate) struct Builder {
    format: ImageFormat,
    segments: BTreeMap<SegmentId, Partial>,
}

impl Builder {
    /// An empty builder for text of `format`.
    pub fn new(format: ImageFormat) -> Self {
        Builder {
            format,
            segments: BTreeMap::new(),
        }
    }

    /// Stores `value` as spec byte `byte` (0-255) of `device` with `sel` selected, read on `line`.
    pub fn put(
        &mut self,
        device: DeviceAddr,
        sel: PageSel,
        byte: usize,
        value: u8,
        line: usize,
    ) -> Result<(), ImageError> {
        let half = if byte < HALF_LEN {
            Half::Lower
        } else {
            Half::Upper(sel)
        };
        let segment = SegmentId { device, half };
        let part = self.segments.entry(segment).or_insert(Partial {
            bytes: [0; HALF_LEN],
            lines: [0; HALF_LEN],
        });
        let i = byte % HALF_LEN;
        if let (Some(slot), Some(seen)) = (part.bytes.get_mut(i), part.lines.get_mut(i)) {
            if *seen != 0 {
                return Err(ImageError::Duplicate {
                    format: self.format,
                    segment,
                    byte,
                    line,
                    first_line: *seen,
                });
            }
            *slot = value;
            *seen = line;
        }
        Ok(())
    }

    /// Byte 0 of device 0x50 if it was given (the SFF-8024 identifier).
    pub fn identifier(&self) -> Option<u8> {
        let part = self.segments.get(&SegmentId::LOWER)?;
        (part.lines[0] != 0).then_some(part.bytes[0])
    }

    /// The image, or an error naming the first segment that is not complete.
    pub fn finish(self) -> Result<ModuleImage, ImageError> {
        if self.segments.is_empty() {
            return Err(ImageError::Empty {
                format: self.format,
            });
        }
        let mut image = ModuleImage::new();
        for (segment, part) in self.segments {
            let missing = part.lines.iter().filter(|l| **l == 0).count();
            if missing > 0 {
                let first = part.lines.iter().position(|l| *l == 0).unwrap_or(0);
                let line = part.lines.iter().copied().filter(|l| *l != 0).min();
                return Err(ImageError::Incomplete {
                    format: self.format,
                    segment,
                    missing,
                    first_missing: segment.base() + first,
                    line: line.unwrap_or(0),
                });
            }
            image.insert(segment, part.bytes);
        }
        Ok(image)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_in_three_spellings() {
        assert_eq!(parse_num("0x11"), Some(17));
        assert_eq!(parse_num("11h"), Some(17));
        assert_eq!(parse_num("11H"), Some(17));
        assert_eq!(parse_num("17"), Some(17));
        assert_eq!(parse_num("0x"), None);
        assert_eq!(parse_num("h"), None);
        assert_eq!(parse_num("1g"), None);
        assert_eq!(parse_num("0x123456789"), None);
    }

    #[test]
    fn labels_from_ethtool_comments_and_commands() {
        let d = |a| Some(DeviceAddr(a));
        assert_eq!(
            parse_label("I2C Address: 0x51").and_then(|l| l.device),
            d(0x51)
        );
        assert_eq!(parse_label("Bank: 0x1").and_then(|l| l.bank), Some(1));
        assert_eq!(parse_label("Page: 0x11").and_then(|l| l.page), Some(0x11));
        assert_eq!(
            parse_label("# bank 1 page 11h"),
            Some(Label {
                device: None,
                bank: Some(1),
                page: Some(0x11)
            })
        );
        assert_eq!(parse_label("# 0x51").and_then(|l| l.device), d(0x51));
        assert_eq!(parse_label("# A2h").and_then(|l| l.device), d(0x51));
        assert_eq!(parse_label("# just a note"), None);
        assert_eq!(
            parse_label("admin@sonic:~$ sudo i2cdump -f -y -r 0x00-0xff 12 0x51 b")
                .and_then(|l| l.device),
            d(0x51)
        );
        assert_eq!(
            parse_label("I will probe file /dev/i2c-1, address 0x50, mode byte")
                .and_then(|l| l.device),
            d(0x50)
        );
        assert_eq!(
            parse_label("i2cset -y 1 0x50 0x7f 0x03"),
            Some(Label {
                device: d(0x50),
                bank: None,
                page: Some(3)
            })
        );
        assert_eq!(parse_label("i2cset -y 1 0x50 0x1a 0x10"), None);
    }

    #[test]
    fn builder_refuses_repeats_and_holes() {
        let mut b = Builder::new(ImageFormat::EthtoolHex);
        b.put(DeviceAddr::A0, PageSel::page(0), 5, 1, 3).unwrap();
        let e = b
            .put(DeviceAddr::A0, PageSel::page(0), 5, 1, 9)
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            "ethtool hex dump: line 9: A0h lower (bytes 0-127) byte 5 was already given on line 3; label each dump with its address and page (e.g. `# 0x51`, `# page 03h`, `# bank 1 page 11h`)"
        );
        let e = b.finish().unwrap_err();
        assert_eq!(
            e.to_string(),
            "ethtool hex dump: A0h lower (bytes 0-127): 127 of its 128 bytes are missing (first missing: byte 0; data starts on line 3); a half page must be dumped in full"
        );
    }
}
