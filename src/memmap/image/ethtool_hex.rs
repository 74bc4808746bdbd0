//! Reads the hex dumps printed by `ethtool -m IFACE hex on` (ethtool.c `dump_hex`):
//!
//! ```text
//! Offset          Values
//! ------          ------
//! 0x0000:         03 04 07 10 00 00 00 00 00 00 00 06 67 00 00 00
//! ```
//!
//! Two layouts are accepted, block by block (a block starts at an `Offset Values` header):
//! - **Labelled** (`ethtool -m IFACE hex on pages on`, module-common.c `module_dump_eeprom_hex`):
//!   the block is preceded by `I2C Address: 0x51`, `Bank: 0x1` and/or `Page: 0x11` lines (or the
//!   comments `# 0x51`, `# page 03h`, `# bank 1 page 11h`). Offsets are within that page:
//!   0x00-0x7f the lower half, 0x80-0xff the upper half of the labelled bank and page.
//! - **Linear** (no label; the legacy ioctl dump): offsets run through the optoe layout. SFF-8472
//!   (byte 0 = 0x02, 0x03, 0x0B): 0x000-0x0ff A0h, 0x100-0x17f A2h lower, A2h page N at
//!   `0x180 + N*0x80`. Others: 0x000-0x07f lower, page N at `0x80 + N*0x80` (page = offset/128 − 1).
//!
//! Tabs or spaces, either case of hex, and anything after the hex bytes of a row (an ASCII
//! column) are accepted; free text lines (prompts, notes) are skipped. Every half page that
//! appears must be complete.

use crate::addr::{DeviceAddr, HALF_LEN, PageSel};
use crate::memmap::codes::{self, Family};
use crate::memmap::image::ModuleImage;

use super::detect::ImageFormat;
use super::error::{ImageError, TextPos};
use super::hexlines::{Builder, Label, column_of, hex_pair, hex_u32, parse_label};

const FORMAT: ImageFormat = ImageFormat::EthtoolHex;

/// One row: offset, bytes, line, column of the offset.
struct Row {
    offset: usize,
    bytes: Vec<u8>,
    line: usize,
    column: usize,
}

#[derive(Default)]
struct Block {
    label: Label,
    rows: Vec<Row>,
}

/// Whether a trimmed line is an ethtool data row (`0x0010:` ...).
pub(crate) fn is_row(trimmed: &str) -> bool {
    split_row(trimmed).is_some()
}

/// Whether a trimmed line is the `Offset  Values` header.
pub(crate) fn is_header(trimmed: &str) -> bool {
    let lower = trimmed.to_ascii_lowercase();
    lower.starts_with("offset") && lower.contains("values")
}

/// `0x0010:  rest` → (`0010`, `rest`).
fn split_row(trimmed: &str) -> Option<(&str, &str)> {
    let body = trimmed
        .strip_prefix("0x")
        .or_else(|| trimmed.strip_prefix("0X"))?;
    let colon = body.find(':')?;
    let digits = body.get(..colon)?;
    (!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_hexdigit()))
        .then(|| (digits, body.get(colon + 1..).unwrap_or("")))
}

fn syntax(line: usize, column: usize, message: String) -> ImageError {
    ImageError::Syntax {
        format: FORMAT,
        pos: TextPos { line, column },
        message,
    }
}

/// Parses the text of an ethtool hex dump.
pub fn parse(text: &str) -> Result<ModuleImage, ImageError> {
    let blocks = scan(text)?;
    let mut builder = Builder::new(FORMAT);
    let mut linear = Vec::new();
    for block in blocks {
        if block.label.is_empty() {
            linear.push(block);
        } else {
            place_labelled(&block, &mut builder)?;
        }
    }
    for block in linear {
        let sfp = block
            .rows
            .iter()
            .find(|r| r.offset == 0)
            .and_then(|r| r.bytes.first().copied())
            .or_else(|| builder.identifier())
            .is_some_and(|id| codes::family_for_identifier(id) == Some(Family::Sff8472));
        place_linear(&block, sfp, &mut builder)?;
    }
    builder.finish()
}

fn scan(text: &str) -> Result<Vec<Block>, ImageError> {
    let mut blocks: Vec<Block> = Vec::new();
    let mut current: Option<Block> = None;
    let mut pending = Label::default();
    for (n, raw) in text.lines().enumerate() {
        let line_no = n + 1;
        let trimmed = raw.trim();
        if trimmed.is_empty() || trimmed.starts_with("---") {
            continue;
        }
        if is_header(trimmed) {
            let mut block = Block::default();
            match current.take() {
                Some(open) if open.rows.is_empty() => block.label = open.label,
                Some(open) => blocks.push(open),
                None => {}
            }
            block.label.merge(pending);
            pending = Label::default();
            current = Some(block);
            continue;
        }
        if let Some((digits, rest)) = split_row(trimmed) {
            let column = column_of(raw, digits).saturating_sub(2);
            let offset = hex_u32(digits)
                .ok_or_else(|| syntax(line_no, column, format!("offset 0x{digits} is too large")))?
                as usize;
            let bytes = row_bytes(raw, rest, line_no)?;
            let block = current.get_or_insert_with(|| Block {
                label: std::mem::take(&mut pending),
                rows: Vec::new(),
            });
            block.rows.push(Row {
                offset,
                bytes,
                line: line_no,
                column,
            });
            continue;
        }
        if let Some(label) = parse_label(trimmed) {
            match current.as_mut() {
                Some(open) if open.rows.is_empty() => open.label.merge(label),
                _ => {
                    if let Some(open) = current.take() {
                        blocks.push(open);
                    }
                    pending.merge(label);
                }
            }
            continue;
        }
        if looks_like_row_without_colon(trimmed) {
            return Err(syntax(
                line_no,
                column_of(raw, trimmed),
                "expected a row `0xOFFSET:` followed by hex bytes".to_string(),
            ));
        }
        // Anything else (a prompt, the command, a note) is not part of the dump.
    }
    if let Some(open) = current {
        blocks.push(open);
    }
    Ok(blocks)
}

/// `0x0010  03 04 ...`: a row whose colon is missing.
fn looks_like_row_without_colon(trimmed: &str) -> bool {
    let Some(body) = trimmed
        .strip_prefix("0x")
        .or_else(|| trimmed.strip_prefix("0X"))
    else {
        return false;
    };
    let digits = body.bytes().take_while(u8::is_ascii_hexdigit).count();
    digits >= 4
        && body
            .as_bytes()
            .get(digits)
            .is_some_and(u8::is_ascii_whitespace)
}

/// The hex bytes of a row: up to 16 two-digit tokens; the first non-hex token ends the row.
fn row_bytes(raw: &str, rest: &str, line: usize) -> Result<Vec<u8>, ImageError> {
    let mut bytes = Vec::with_capacity(16);
    for token in rest.split_whitespace() {
        if bytes.len() == 16 {
            break;
        }
        match hex_pair(token) {
            Some(b) => bytes.push(b),
            None if bytes.is_empty() => {
                return Err(syntax(
                    line,
                    column_of(raw, token),
                    format!("expected two-digit hex bytes after the offset, found `{token}`"),
                ));
            }
            None => break,
        }
    }
    if bytes.is_empty() {
        return Err(syntax(
            line,
            raw.chars().count() + 1,
            "expected hex bytes after the offset".to_string(),
        ));
    }
    Ok(bytes)
}

fn place_labelled(block: &Block, builder: &mut Builder) -> Result<(), ImageError> {
    let device = block.label.device.unwrap_or(DeviceAddr::A0);
    let sel = PageSel::banked(block.label.bank.unwrap_or(0), block.label.page.unwrap_or(0));
    for row in &block.rows {
        for (i, value) in row.bytes.iter().enumerate() {
            let byte = row.offset + i;
            if byte >= 2 * HALF_LEN {
                return Err(syntax(
                    row.line,
                    row.column,
                    format!(
                        "byte 0x{byte:04x} is beyond the page: a labelled block holds offsets 0x0000-0x00ff"
                    ),
                ));
            }
            builder.put(device, sel, byte, *value, row.line)?;
        }
    }
    Ok(())
}

fn place_linear(block: &Block, sfp: bool, builder: &mut Builder) -> Result<(), ImageError> {
    for row in &block.rows {
        for (i, value) in row.bytes.iter().enumerate() {
            let linear = row.offset + i;
            let (device, page, byte) = if sfp {
                match linear {
                    0..=255 => (DeviceAddr::A0, 0, linear),
                    256..=383 => (DeviceAddr::A2, 0, linear - 256),
                    _ => (
                        DeviceAddr::A2,
                        (linear - 384) / HALF_LEN,
                        128 + linear % HALF_LEN,
                    ),
                }
            } else if linear < HALF_LEN {
                (DeviceAddr::A0, 0, linear)
            } else {
                (
                    DeviceAddr::A0,
                    linear / HALF_LEN - 1,
                    128 + linear % HALF_LEN,
                )
            };
            let page = u8::try_from(page).map_err(|_| {
                syntax(
                    row.line,
                    row.column,
                    format!(
                        "offset 0x{linear:04x} is beyond page FFh of the linear layout (ends at 0x{:04x})",
                        if sfp { 384 + 256 * HALF_LEN } else { 128 + 256 * HALF_LEN } - 1
                    ),
                )
            })?;
            builder.put(device, PageSel::page(page), byte, *value, row.line)?;
        }
    }
    Ok(())
}
