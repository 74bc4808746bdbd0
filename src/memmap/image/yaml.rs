//! The project's YAML image format (design.md §4.1), a contract:
//!
//! ```yaml
//! # free comments allowed
//! format: optiqual.image/1
//! description: "Acme 400G DR4, synthesised"   # optional
//! source: "how it was made"                     # optional
//! segments:
//!   - page: lower          # "lower", or a page number: 0x11, "11h", 17
//!     device: 0x50         # optional, default 0x50; 0x51 for SFF-8472 A2h
//!     bank: 0              # optional, default 0
//!     hex: |               # exactly 128 bytes, whitespace ignored, '#' starts a comment
//!       18 51 00 ...
//! sim: {}                  # optional, free-form, kept for the simulator
//! ```
//!
//! Reading goes through raw serde structs (unknown keys refused) whose leaf types check their
//! value where the YAML library still knows the line, then into a [`ModuleImage`].

use std::fmt::{self, Write as _};

use serde::Deserialize;
use serde::de::{self, Deserializer, Visitor};

use crate::addr::{DeviceAddr, HALF_LEN, Half, PageSel, SegmentId};
use crate::memmap::image::{HalfPage, ModuleImage};

use super::error::{ImageError, TextPos};
use super::hexlines::parse_num;

/// The value of the `format` key this version reads and writes.
pub const FORMAT_TAG: &str = "optiqual.image/1";

/// A YAML image as read: the pages plus the optional text and simulator fields.
#[derive(Debug, Clone, PartialEq)]
pub struct YamlImage {
    /// The pages.
    pub image: ModuleImage,
    /// `description`, if given.
    pub description: Option<String>,
    /// `source`, if given.
    pub source: Option<String>,
    /// `sim`, kept as written for the simulator (not interpreted here).
    pub sim: Option<yaml_serde::Value>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawImage {
    #[expect(dead_code, reason = "checked while deserialising")]
    format: FormatTag,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    source: Option<String>,
    segments: Vec<RawSegment>,
    #[serde(default)]
    sim: Option<yaml_serde::Value>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSegment {
    page: PageKey,
    #[serde(default)]
    device: Option<DeviceKey>,
    #[serde(default)]
    bank: Option<BankKey>,
    hex: HexText,
}

const TOP_KEYS: &[&str] = &["format", "description", "source", "segments", "sim"];
const SEGMENT_KEYS: &[&str] = &["page", "device", "bank", "hex"];

/// Reads a YAML image.
pub fn parse(text: &str) -> Result<YamlImage, ImageError> {
    let raw: RawImage = yaml_serde::from_str(text).map_err(|e| from_yaml_error(text, &e))?;
    let mut image = ModuleImage::new();
    let mut seen: Vec<SegmentId> = Vec::with_capacity(raw.segments.len());
    for (i, seg) in raw.segments.into_iter().enumerate() {
        let device = seg.device.map_or(DeviceAddr::A0, |d| d.0);
        let bank = seg.bank.map_or(0, |b| b.0);
        let half = match seg.page.0 {
            None => Half::Lower,
            Some(page) => Half::Upper(PageSel::banked(bank, page)),
        };
        let id = SegmentId { device, half };
        if let Some(first) = seen.iter().position(|s| *s == id) {
            return Err(ImageError::Yaml {
                pos: segment_pos(text, i),
                message: format!(
                    "segment {} ({}) repeats segment {}: each segment may appear once",
                    i + 1,
                    segment_name(id),
                    first + 1
                ),
            });
        }
        seen.push(id);
        image.insert(id, seg.hex.0);
    }
    Ok(YamlImage {
        image,
        description: raw.description,
        source: raw.source,
        sim: raw.sim,
    })
}

/// Writes `image` as YAML: segments in image order, 16 upper-case bytes a line, each line
/// commented with the spec byte number of its first byte.
pub fn write(image: &ModuleImage, description: Option<&str>, source: Option<&str>) -> String {
    write_parts(image, description, source, None)
}

/// Writes a [`YamlImage`], its `sim` value included.
pub fn write_image(yaml: &YamlImage) -> String {
    write_parts(
        &yaml.image,
        yaml.description.as_deref(),
        yaml.source.as_deref(),
        yaml.sim.as_ref(),
    )
}

fn write_parts(
    image: &ModuleImage,
    description: Option<&str>,
    source: Option<&str>,
    sim: Option<&yaml_serde::Value>,
) -> String {
    let mut out = String::with_capacity(128 + image.len() * 900);
    out.push_str("# optiqual module image: 128-byte segments as hex, 16 bytes a line.\n");
    out.push_str("# Each line's comment is the byte number (0-127 lower, 128-255 upper).\n");
    let _ = writeln!(out, "format: {FORMAT_TAG}");
    if let Some(d) = description {
        let _ = writeln!(out, "description: {}", quoted(d));
    }
    if let Some(s) = source {
        let _ = writeln!(out, "source: {}", quoted(s));
    }
    out.push_str("segments:\n");
    for (id, bytes) in image.segments() {
        match id.half {
            Half::Lower => out.push_str("  - page: lower\n"),
            Half::Upper(sel) => {
                let _ = writeln!(out, "  - page: 0x{:02X}", sel.page);
            }
        }
        if id.device != DeviceAddr::A0 {
            let _ = writeln!(out, "    device: 0x{:02X}", id.device.0);
        }
        if let Half::Upper(sel) = id.half {
            if sel.bank != 0 {
                let _ = writeln!(out, "    bank: {}", sel.bank);
            }
        }
        out.push_str("    hex: |\n");
        for (row, chunk) in bytes.chunks(16).enumerate() {
            out.push_str("     ");
            for b in chunk {
                let _ = write!(out, " {b:02X}");
            }
            let _ = writeln!(out, "  # {}", id.base() + row * 16);
        }
    }
    if let Some(value) = sim {
        let mut map = yaml_serde::Mapping::new();
        map.insert(yaml_serde::Value::from("sim"), value.clone());
        if let Ok(text) = yaml_serde::to_string(&map) {
            out.push_str(&text);
        }
    }
    out
}

/// A YAML double-quoted scalar (JSON string syntax is a subset of it).
fn quoted(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_string())
}

// ---- leaf types: each checks its value inside the visitor, so errors carry the line ----

struct FormatTag;

impl<'de> Deserialize<'de> for FormatTag {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = FormatTag;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "`{FORMAT_TAG}`")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<FormatTag, E> {
                if s == FORMAT_TAG {
                    Ok(FormatTag)
                } else if s.starts_with("optiqual.image/") {
                    Err(E::custom(format!(
                        "`{s}` is not a version this build reads; it reads `{FORMAT_TAG}`"
                    )))
                } else {
                    Err(E::custom(format!(
                        "`{s}` is not an optiqual image; expected `{FORMAT_TAG}`"
                    )))
                }
            }
        }
        d.deserialize_str(V)
    }
}

/// A YAML integer key that must be at most `max`; otherwise "`n`: expected `expected`".
fn number_key<E: de::Error>(n: u64, max: u8, expected: &str) -> Result<u8, E> {
    u8::try_from(n)
        .ok()
        .filter(|v| *v <= max)
        .ok_or_else(|| E::custom(format!("{n}: expected {expected}")))
}

/// [`number_key`] for a YAML integer the library reads as signed (negative ones are refused).
fn signed_number_key<E: de::Error>(n: i64, max: u8, expected: &str) -> Result<u8, E> {
    u64::try_from(n)
        .map_err(|_| E::custom(format!("{n}: expected {expected}")))
        .and_then(|n| number_key(n, max, expected))
}

/// `None` = lower half, `Some(n)` = upper page n.
struct PageKey(Option<u8>);

const PAGE_EXPECTED: &str = "`lower` or a page number 0-255 (0x11, \"11h\" or 17)";

impl<'de> Deserialize<'de> for PageKey {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = PageKey;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(PAGE_EXPECTED)
            }
            fn visit_u64<E: de::Error>(self, n: u64) -> Result<PageKey, E> {
                number_key(n, u8::MAX, PAGE_EXPECTED).map(|p| PageKey(Some(p)))
            }
            fn visit_i64<E: de::Error>(self, n: i64) -> Result<PageKey, E> {
                signed_number_key(n, u8::MAX, PAGE_EXPECTED).map(|p| PageKey(Some(p)))
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<PageKey, E> {
                if s.eq_ignore_ascii_case("lower") {
                    return Ok(PageKey(None));
                }
                parse_num(s)
                    .and_then(|n| u8::try_from(n).ok())
                    .map(|p| PageKey(Some(p)))
                    .ok_or_else(|| E::custom(format!("`{s}`: expected {PAGE_EXPECTED}")))
            }
        }
        d.deserialize_any(V)
    }
}

struct DeviceKey(DeviceAddr);

const DEVICE_EXPECTED: &str = "an I2C address 0x00-0x7f (0x50, or 0x51 for SFF-8472 A2h)";

impl<'de> Deserialize<'de> for DeviceKey {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = DeviceKey;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(DEVICE_EXPECTED)
            }
            fn visit_u64<E: de::Error>(self, n: u64) -> Result<DeviceKey, E> {
                number_key(n, 0x7f, DEVICE_EXPECTED).map(|a| DeviceKey(DeviceAddr(a)))
            }
            fn visit_i64<E: de::Error>(self, n: i64) -> Result<DeviceKey, E> {
                signed_number_key(n, 0x7f, DEVICE_EXPECTED).map(|a| DeviceKey(DeviceAddr(a)))
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<DeviceKey, E> {
                match s.to_ascii_lowercase().as_str() {
                    "a0h" => Ok(DeviceKey(DeviceAddr::A0)),
                    "a2h" => Ok(DeviceKey(DeviceAddr::A2)),
                    other => match parse_num(other) {
                        Some(n) => self.visit_u64(u64::from(n)),
                        None => Err(E::custom(format!("`{s}`: expected {DEVICE_EXPECTED}"))),
                    },
                }
            }
        }
        d.deserialize_any(V)
    }
}

struct BankKey(u8);

const BANK_EXPECTED: &str = "a bank number 0-255";

impl<'de> Deserialize<'de> for BankKey {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = BankKey;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(BANK_EXPECTED)
            }
            fn visit_u64<E: de::Error>(self, n: u64) -> Result<BankKey, E> {
                number_key(n, u8::MAX, BANK_EXPECTED).map(BankKey)
            }
            fn visit_i64<E: de::Error>(self, n: i64) -> Result<BankKey, E> {
                signed_number_key(n, u8::MAX, BANK_EXPECTED).map(BankKey)
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<BankKey, E> {
                match parse_num(s) {
                    Some(n) => self.visit_u64(u64::from(n)),
                    None => Err(E::custom(format!("`{s}`: expected {BANK_EXPECTED}"))),
                }
            }
        }
        d.deserialize_any(V)
    }
}

struct HexText(HalfPage);

impl<'de> Deserialize<'de> for HexText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = HexText;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("128 bytes of hex as a block (`hex: |` then lines of `18 51 00 ...`)")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<HexText, E> {
                parse_hex(s).map(HexText).map_err(E::custom)
            }
        }
        d.deserialize_str(V)
    }
}

/// Marks the hex-relative position in a hex error, for [`from_yaml_error`] to turn into a file
/// position.
const HEX_AT: char = '\u{1}';

/// 128 bytes from hex text: whitespace ignored, `#` starts a comment to the end of the line.
fn parse_hex(s: &str) -> Result<HalfPage, String> {
    let mut digits: Vec<u8> = Vec::with_capacity(2 * HALF_LEN);
    for (n, line) in s.lines().enumerate() {
        let code = line.split('#').next().unwrap_or("");
        for (col, c) in code.chars().enumerate() {
            if c.is_whitespace() {
                continue;
            }
            let Some(v) = c.to_digit(16) else {
                return Err(format!(
                    "{HEX_AT}{}:{}{HEX_AT}`{c}` is not a hex digit; write bytes as two hex digits, '#' starts a comment",
                    n + 1,
                    col + 1
                ));
            };
            digits.push(v as u8);
        }
    }
    if digits.len() % 2 != 0 {
        return Err(format!(
            "{} hex digits, an odd number: write each byte as two digits",
            digits.len()
        ));
    }
    let count = digits.len() / 2;
    if count != HALF_LEN {
        return Err(format!(
            "{count} bytes of hex, a page holds exactly {HALF_LEN}"
        ));
    }
    let mut page = [0u8; HALF_LEN];
    for (slot, pair) in page.iter_mut().zip(digits.chunks(2)) {
        if let [hi, lo] = pair {
            *slot = hi << 4 | lo;
        }
    }
    Ok(page)
}

// ---- error messages ----

fn from_yaml_error(text: &str, e: &yaml_serde::Error) -> ImageError {
    let pos = e.location().map(|l| TextPos {
        line: l.line(),
        column: l.column(),
    });
    let mut message = e.to_string();
    if let Some(p) = pos {
        let suffix = format!(" at line {} column {}", p.line, p.column);
        if let Some(stripped) = message.strip_suffix(&suffix) {
            message = stripped.to_string();
        }
    }
    let (pos, message) = locate_in_hex(text, pos, &message);
    let message = name_segment(text, &message);
    let message = suggest_key(&message);
    ImageError::Yaml { pos, message }
}

/// Turns a hex-relative position (`HEX_AT` L:C `HEX_AT`) into a file position: for a block
/// scalar (`hex: |`) hex line L is file line `mark + L`, indented by the block's indentation.
fn locate_in_hex(text: &str, pos: Option<TextPos>, message: &str) -> (Option<TextPos>, String) {
    let mut parts = message.splitn(3, HEX_AT);
    let (Some(head), Some(at), Some(tail)) = (parts.next(), parts.next(), parts.next()) else {
        return (pos, message.to_string());
    };
    let rel = at
        .split_once(':')
        .and_then(|(l, c)| Some((l.parse::<usize>().ok()?, c.parse::<usize>().ok()?)));
    let block = pos.and_then(|p| {
        let line = text.lines().nth(p.line.checked_sub(1)?)?;
        let at_mark: String = line.chars().skip(p.column.saturating_sub(1)).collect();
        at_mark.starts_with(['|', '>']).then_some(p)
    });
    match (rel, block) {
        (Some((l, c)), Some(p)) => {
            let indent = text
                .lines()
                .skip(p.line)
                .find(|l| !l.trim().is_empty())
                .map_or(0, |l| l.len() - l.trim_start().len());
            let file_pos = TextPos {
                line: p.line + l,
                column: indent + c,
            };
            (Some(file_pos), format!("{head}{tail}"))
        }
        (Some((l, c)), None) => (pos, format!("{head}hex line {l}, character {c}: {tail}")),
        _ => (pos, format!("{head}{tail}")),
    }
}

/// `segments[2].hex: ...` → `segment 3 (A0h page 11h), hex: ...`.
fn name_segment(text: &str, message: &str) -> String {
    let Some(rest) = message.strip_prefix("segments[") else {
        return message.to_string();
    };
    let Some((index, after)) = rest.split_once(']') else {
        return message.to_string();
    };
    let Ok(index) = index.parse::<usize>() else {
        return message.to_string();
    };
    let (field, body) = match after.split_once(": ") {
        Some((path, body)) => (path.trim_start_matches('.'), body),
        None => ("", after.trim_start_matches(':').trim_start()),
    };
    let what = describe_segment(text, index)
        .map(|d| format!(" ({d})"))
        .unwrap_or_default();
    let field = if field.is_empty() {
        String::new()
    } else {
        format!(", {field}")
    };
    format!("segment {}{what}{field}: {body}", index + 1)
}

/// "A0h page 11h" for segment `index`, read leniently from the document.
fn describe_segment(text: &str, index: usize) -> Option<String> {
    let doc: yaml_serde::Value = yaml_serde::from_str(text).ok()?;
    let seg = doc.get("segments")?.get(index)?;
    let page = yaml_serde::from_value::<PageKey>(seg.get("page")?.clone()).ok()?;
    let device = seg
        .get("device")
        .and_then(|d| yaml_serde::from_value::<DeviceKey>(d.clone()).ok())
        .map_or(DeviceAddr::A0, |d| d.0);
    let bank = seg
        .get("bank")
        .and_then(|b| yaml_serde::from_value::<BankKey>(b.clone()).ok())
        .map_or(0, |b| b.0);
    let half = match page.0 {
        None => Half::Lower,
        Some(p) => Half::Upper(PageSel::banked(bank, p)),
    };
    Some(segment_name(SegmentId { device, half }))
}

/// "A0h lower", "A2h page 00h", "A0h bank 1 page 11h".
fn segment_name(id: SegmentId) -> String {
    match id.half {
        Half::Lower => format!("{} lower", id.device),
        Half::Upper(sel) => format!("{} {sel}", id.device),
    }
}

/// Adds "did you mean `x`?" to serde's unknown-field message.
fn suggest_key(message: &str) -> String {
    let Some(at) = message.find("unknown field `") else {
        return message.to_string();
    };
    let rest = message.get(at + "unknown field `".len()..).unwrap_or("");
    let Some(key) = rest.split('`').next() else {
        return message.to_string();
    };
    let candidates = if message.contains("`hex`") {
        SEGMENT_KEYS
    } else {
        TOP_KEYS
    };
    let best = candidates
        .iter()
        .map(|c| (edit_distance(key, c), *c))
        .min_by_key(|(d, _)| *d);
    match best {
        Some((d, c)) if d <= 2.max(key.chars().count() / 3) => {
            format!("{message}; did you mean `{c}`?")
        }
        _ => message.to_string(),
    }
}

/// Levenshtein distance over characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = Vec::with_capacity(b.len() + 1);
        cur.push(i + 1);
        for (j, cb) in b.iter().enumerate() {
            let sub = prev.get(j).copied().unwrap_or(0) + usize::from(ca != *cb);
            let del = prev.get(j + 1).copied().unwrap_or(0) + 1;
            let ins = cur.get(j).copied().unwrap_or(0) + 1;
            cur.push(sub.min(del).min(ins));
        }
        prev = cur;
    }
    prev.last().copied().unwrap_or(0)
}

/// Best-effort position of block-style segment `index` (the `-` of its item).
fn segment_pos(text: &str, index: usize) -> Option<TextPos> {
    let mut lines = text.lines().enumerate();
    lines.find(|(_, l)| l.starts_with("segments:"))?;
    let mut indent = None;
    let mut count = 0;
    for (n, line) in lines {
        let body = line.trim_start();
        if body.is_empty() || body.starts_with('#') {
            continue;
        }
        let depth = line.len() - body.len();
        if depth == 0 && !body.starts_with('-') {
            return None;
        }
        if body.starts_with('-') && indent.is_none_or(|i| i == depth) {
            indent = Some(depth);
            if count == index {
                return Some(TextPos {
                    line: n + 1,
                    column: depth + 1,
                });
            }
            count += 1;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `count` bytes of `fill`, 16 a line, indented for a `hex: |` block.
    fn hex_block(fill: u8, count: usize) -> String {
        let mut s = String::new();
        for i in 0..count {
            if i % 16 == 0 {
                s.push_str("\n      ");
            }
            let _ = write!(s, "{fill:02x} ");
        }
        s
    }

    fn err(text: &str) -> String {
        match parse(text) {
            Ok(_) => panic!("accepted:\n{text}"),
            Err(e) => e.to_string(),
        }
    }

    const SAMPLE: &str = r#"# Acme 400G DR4, hand-made for the decoder tests
format: optiqual.image/1
description: "Acme 400G DR4, synthesised"
source: "typed from the datasheet"
segments:
  - page: lower
    hex: |
      18 51 00 07 00 00 00 00  00 00 00 00 00 00 17 00  # 0
      82 00 00 00 00 00 00 00  17 80 00 00 00 00 00 00  # 16
      00000000000000000000000000000000                  # 32, no spaces is fine
      00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00   # 48
      00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00   # 64
      00 00 00 00 00 03 00 00 00 00 00 00 00 00 00 00   # 80
      00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00   # 96
      00 00 11 00 88 00 00 00 00 00 00 00 00 00 00 AB   # 112
  - page: 0x00
    hex: |
      18 41 43 4D 45 20 20 20 20 20 20 20 20 20 20 20
      20 00 06 f6 36 38 2d 31 30 33 32 30 35 2d 30 32
      00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00
      00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00
      00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00
      00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00
      00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00
      00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 5A
  - page: "11h"
    bank: 1
    hex: |
      11 11 11 11 11 11 11 11 11 11 11 11 11 11 11 11
      11 11 11 11 11 11 11 11 11 11 11 11 11 11 11 11
      11 11 11 11 11 11 11 11 11 11 11 11 11 11 11 11
      11 11 11 11 11 11 11 11 11 11 11 11 11 11 11 11
      11 11 11 11 11 11 11 11 11 11 11 11 11 11 11 11
      11 11 11 11 11 11 11 11 11 11 11 11 11 11 11 11
      11 11 11 11 11 11 11 11 11 11 11 11 11 11 11 11
      11 11 11 11 11 11 11 11 11 11 11 11 11 11 11 11
  - page: 3
    device: 0x51
    hex: |
      03 03 03 03 03 03 03 03 03 03 03 03 03 03 03 03
      03 03 03 03 03 03 03 03 03 03 03 03 03 03 03 03
      03 03 03 03 03 03 03 03 03 03 03 03 03 03 03 03
      03 03 03 03 03 03 03 03 03 03 03 03 03 03 03 03
      03 03 03 03 03 03 03 03 03 03 03 03 03 03 03 03
      03 03 03 03 03 03 03 03 03 03 03 03 03 03 03 03
      03 03 03 03 03 03 03 03 03 03 03 03 03 03 03 03
      03 03 03 03 03 03 03 03 03 03 03 03 03 03 03 03
sim:
  temperature_c: 45
  lanes: [1, 2]
"#;

    #[test]
    fn sample_reads_every_page_spelling_device_and_bank() {
        let y = parse(SAMPLE).unwrap();
        assert_eq!(y.description.as_deref(), Some("Acme 400G DR4, synthesised"));
        assert_eq!(y.source.as_deref(), Some("typed from the datasheet"));
        let lower = y.image.lower().unwrap();
        assert_eq!((lower[0], lower[1], lower[127]), (0x18, 0x51, 0xAB));
        assert_eq!(lower[85], 0x03, "row 80, column 5");
        assert_eq!(y.image.upper(0).unwrap()[1], 0x41); // byte 129 = 'A'
        assert_eq!(y.image.upper(0).unwrap()[127], 0x5A);
        assert_eq!(y.image.banked(1, 0x11).unwrap(), &[0x11; 128]);
        assert_eq!(y.image.get(SegmentId::a2_upper(3)).unwrap(), &[0x03; 128]);
        assert_eq!(y.image.len(), 4);
        let sim = y.sim.unwrap();
        assert_eq!(sim.get("temperature_c").and_then(|v| v.as_u64()), Some(45));
    }

    #[test]
    fn write_then_parse_is_the_same_image_and_fields() {
        let y = parse(SAMPLE).unwrap();
        let text = write_image(&y);
        let back = parse(&text).unwrap();
        assert_eq!(back, y);
        let plain = write(&y.image, None, None);
        assert!(!plain.contains("description") && !plain.contains("sim:"));
        assert_eq!(parse(&plain).unwrap().image, y.image);
    }

    #[test]
    fn writer_layout_is_16_upper_case_bytes_with_offset_comments() {
        let y = parse(SAMPLE).unwrap();
        let text = write(&y.image, Some("a \"quoted\" name"), Some("test"));
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[2], "format: optiqual.image/1");
        assert_eq!(lines[3], r#"description: "a \"quoted\" name""#);
        assert_eq!(lines[4], r#"source: "test""#);
        assert_eq!(lines[5], "segments:");
        assert_eq!(lines[6], "  - page: lower");
        assert_eq!(lines[7], "    hex: |");
        assert_eq!(
            lines[8],
            "      18 51 00 07 00 00 00 00 00 00 00 00 00 00 17 00  # 0"
        );
        assert_eq!(
            lines[15],
            "      00 00 11 00 88 00 00 00 00 00 00 00 00 00 00 AB  # 112"
        );
        assert_eq!(lines[16], "  - page: 0x00");
        assert_eq!(
            lines[18],
            "      18 41 43 4D 45 20 20 20 20 20 20 20 20 20 20 20  # 128"
        );
        // Image order: A0h lower, page 00h, bank 1 page 11h, then A2h.
        let pages: Vec<&str> = lines
            .iter()
            .filter(|l| {
                l.starts_with("  - ") || l.starts_with("    device") || l.starts_with("    bank")
            })
            .copied()
            .collect();
        assert_eq!(
            pages,
            [
                "  - page: lower",
                "  - page: 0x00",
                "  - page: 0x11",
                "    bank: 1",
                "  - page: 0x03",
                "    device: 0x51"
            ]
        );
    }

    #[test]
    fn hex_length_error_names_line_segment_and_page() {
        let text = format!(
            "format: optiqual.image/1\nsegments:\n  - page: lower\n    hex: |{}\n  - page: 0x11\n    hex: |{}\n",
            hex_block(0x18, 128),
            hex_block(1, 127)
        );
        // Line 14 is the second `hex: |`: 2 header lines + 1 + 1 + 8 hex lines + 1 page line.
        assert_eq!(
            err(&text),
            "yaml image: line 14, column 10: segment 2 (A0h page 11h), hex: 127 bytes of hex, a page holds exactly 128"
        );
    }

    #[test]
    fn bad_hex_digit_is_located_in_the_file() {
        let text = format!(
            "format: optiqual.image/1\nsegments:\n  - page: lower\n    hex: |\n      00 00{}\n      00 zz 00\n",
            hex_block(0, 16)
        );
        // `zz` sits on line 7 (after `hex: |`, `00 00`, a blank-led 16-byte line), column 10.
        assert_eq!(
            err(&text),
            "yaml image: line 7, column 10: segment 1 (A0h lower), hex: `z` is not a hex digit; write bytes as two hex digits, '#' starts a comment"
        );
        let odd = format!(
            "format: optiqual.image/1\nsegments:\n  - page: lower\n    hex: |{} 0\n",
            hex_block(0, 128)
        );
        assert!(
            err(&odd).ends_with("257 hex digits, an odd number: write each byte as two digits")
        );
    }

    #[test]
    fn unknown_keys_list_the_accepted_ones_and_suggest_the_closest() {
        let text = format!(
            "format: optiqual.image/1\nsegments:\n  - page: lower\n    hexx: |{}\n",
            hex_block(0x18, 128)
        );
        assert_eq!(
            err(&text),
            "yaml image: line 4, column 5: segment 1 (A0h lower): unknown field `hexx`, expected one of `page`, `device`, `bank`, `hex`; did you mean `hex`?"
        );
        assert_eq!(
            err("format: optiqual.image/1\nsegmnts: []\n"),
            "yaml image: line 2, column 1: unknown field `segmnts`, expected one of `format`, `description`, `source`, `segments`, `sim`; did you mean `segments`?"
        );
        assert!(
            !err("format: optiqual.image/1\nsegments: []\nzzzzzzzzz: 1\n").contains("did you mean")
        );
    }

    #[test]
    fn page_device_bank_and_format_values_are_checked() {
        let seg = |extra: &str| {
            format!(
                "format: optiqual.image/1\nsegments:\n  - {extra}\n    hex: |{}\n",
                hex_block(0, 128)
            )
        };
        assert_eq!(
            err(&seg("page: lowr")),
            "yaml image: line 3, column 11: segment 1, page: `lowr`: expected `lower` or a page number 0-255 (0x11, \"11h\" or 17)"
        );
        assert!(err(&seg("page: 256")).contains("segment 1, page: 256: expected `lower`"));
        assert!(err(&seg("page: -1")).contains("-1: expected `lower`"));
        assert!(err(&seg("page: 1\n    device: 0x80")).contains("0x00-0x7f"));
        assert!(err(&seg("page: 1\n    bank: 300")).contains("300: expected a bank number 0-255"));
        assert_eq!(
            err("format: optiqual.image/2\nsegments: []\n"),
            "yaml image: line 1, column 9: format: `optiqual.image/2` is not a version this build reads; it reads `optiqual.image/1`"
        );
        assert!(err("format: other\nsegments: []\n").contains("`other` is not an optiqual image"));
        assert!(err("format: optiqual.image/1\n").contains("missing field `segments`"));
        // Spellings that are accepted.
        for (spelling, page) in [
            ("0x11", 0x11),
            ("\"11h\"", 0x11),
            ("17", 17),
            ("\"0x03\"", 3),
        ] {
            let y = parse(&seg(&format!("page: {spelling}"))).unwrap();
            assert!(y.image.upper(page).is_some(), "{spelling}");
        }
        let a2 = parse(&seg("page: lower\n    device: A2h")).unwrap();
        assert!(a2.image.get(SegmentId::A2_LOWER).is_some());
    }

    #[test]
    fn duplicate_segment_is_an_error_with_its_line() {
        let text = format!(
            "format: optiqual.image/1\nsegments:\n  - page: 0x11\n    hex: |{}\n  - page: 17\n    bank: 0\n    hex: |{}\n",
            hex_block(0, 128),
            hex_block(1, 128)
        );
        assert_eq!(
            err(&text),
            "yaml image: line 13, column 3: segment 2 (A0h page 11h) repeats segment 1: each segment may appear once"
        );
    }

    #[test]
    fn yaml_syntax_errors_carry_the_location() {
        let e = parse("format: optiqual.image/1\nsegments:\n  - page: [lower\n").unwrap_err();
        match e {
            ImageError::Yaml { pos: Some(p), .. } => assert!(p.line >= 3, "{p}"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn edit_distance_counts_single_edits() {
        assert_eq!(edit_distance("hexx", "hex"), 1);
        assert_eq!(edit_distance("segmnts", "segments"), 1);
        assert_eq!(edit_distance("", "sim"), 3);
        assert_eq!(edit_distance("bank", "bank"), 0);
    }
}
