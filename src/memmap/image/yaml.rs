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
                    "segment {} ({id}) repeats segment {}: each segment may appear once",
                    i + 1,
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
                        "format `{s}` is not a version this build reads; it reads `{FORMAT_TAG}`"
                    )))
                } else {
                    Err(E::custom(format!(
                        "format `{s}` is not an optiqual image; expected `{FORMAT_TAG}`"
                    )))
                }
            }
        }
        d.deserialize_str(V)
    }
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
                u8::try_from(n)
                    .map(|p| PageKey(Some(p)))
                    .map_err(|_| E::custom(format!("page {n}: expected {PAGE_EXPECTED}")))
            }
            fn visit_i64<E: de::Error>(self, n: i64) -> Result<PageKey, E> {
                u64::try_from(n)
                    .map_err(|_| E::custom(format!("page {n}: expected {PAGE_EXPECTED}")))
                    .and_then(|n| self.visit_u64(n))
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<PageKey, E> {
                if s.eq_ignore_ascii_case("lower") {
                    return Ok(PageKey(None));
                }
                parse_num(s)
                    .and_then(|n| u8::try_from(n).ok())
                    .map(|p| PageKey(Some(p)))
                    .ok_or_else(|| E::custom(format!("page `{s}`: expected {PAGE_EXPECTED}")))
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
                u8::try_from(n)
                    .ok()
                    .filter(|a| *a <= 0x7f)
                    .map(|a| DeviceKey(DeviceAddr(a)))
                    .ok_or_else(|| E::custom(format!("device {n}: expected {DEVICE_EXPECTED}")))
            }
            fn visit_i64<E: de::Error>(self, n: i64) -> Result<DeviceKey, E> {
                u64::try_from(n)
                    .map_err(|_| E::custom(format!("device {n}: expected {DEVICE_EXPECTED}")))
                    .and_then(|n| self.visit_u64(n))
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<DeviceKey, E> {
                match s.to_ascii_lowercase().as_str() {
                    "a0h" => Ok(DeviceKey(DeviceAddr::A0)),
                    "a2h" => Ok(DeviceKey(DeviceAddr::A2)),
                    other => match parse_num(other) {
                        Some(n) => self.visit_u64(u64::from(n)),
                        None => Err(E::custom(format!(
                            "device `{s}`: expected {DEVICE_EXPECTED}"
                        ))),
                    },
                }
            }
        }
        d.deserialize_any(V)
    }
}

struct BankKey(u8);

impl<'de> Deserialize<'de> for BankKey {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = BankKey;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a bank number 0-255")
            }
            fn visit_u64<E: de::Error>(self, n: u64) -> Result<BankKey, E> {
                u8::try_from(n)
                    .map(BankKey)
                    .map_err(|_| E::custom(format!("bank {n}: expected a bank number 0-255")))
            }
            fn visit_i64<E: de::Error>(self, n: i64) -> Result<BankKey, E> {
                u64::try_from(n)
                    .map_err(|_| E::custom(format!("bank {n}: expected a bank number 0-255")))
                    .and_then(|n| self.visit_u64(n))
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<BankKey, E> {
                match parse_num(s) {
                    Some(n) => self.visit_u64(u64::from(n)),
                    None => Err(E::custom(format!(
                        "bank `{s}`: expected a bank number 0-255"
                    ))),
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
                    "`{c}` (hex line {}, character {}) is not a hex digit; write bytes as two hex digits, '#' starts a comment",
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
    let message = name_segment(text, &message);
    let message = suggest_key(&message);
    ImageError::Yaml { pos, message }
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
    Some(SegmentId { device, half }.to_string())
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
