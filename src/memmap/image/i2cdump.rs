//! Reads the output of `i2cdump -y BUS 0x50` (i2c-tools, byte mode):
//!
//! ```text
//!      0  1  2  3  4  5  6  7  8  9  a  b  c  d  e  f    0123456789abcdef
//! 00: 03 04 07 10 00 00 00 00 00 00 00 06 67 00 00 00    ??????.....?g...
//! ```
//!
//! One dump is the 256 bytes of one device address: the lower half and the upper page that was
//! selected at the time. Cells are three characters wide (`hh `, `XX ` for a byte that could not be
//! read, blanks for bytes outside a `-r` range), then the ASCII column, which is ignored.
//!
//! Several dumps in one text are told apart by what precedes each one: the i2cdump command line
//! (`i2cdump -y 1 0x51`), its prompt (`I will probe ... address 0x51`), an `i2cset` to the page
//! select byte (`i2cset -y 1 0x50 0x7f 0x03`), or a comment (`# 0x51`, `# page 03h`,
//! `# bank 1 page 11h`). Without labels:
//! - the address is 0x50; for an SFF-8472 module (byte 0 = 0x02, 0x03, 0x0B) the first unlabelled
//!   dump is A0h (0x50) and the second A2h (0x51), a third is an error;
//! - the page is 00h, except on SFF-8636 and CMIS modules, whose lower byte 127 (and, on CMIS,
//!   byte 126 for pages 10h and up) is the page (bank) select register, so the dump itself says
//!   which page its upper half holds (SFF-8636 §6.1 byte 127; CMIS 5 Table 8-1 bytes 126-127).
//!
//! Two dumps that land on the same segment are an error asking for labels.

use crate::addr::{DeviceAddr, PageSel};
use crate::memmap::codes::{self, Family};
use crate::memmap::image::ModuleImage;

use super::detect::ImageFormat;
use super::error::{ImageError, TextPos};
use super::hexlines::{Builder, Label, column_of, hex_pair, parse_label};

const FORMAT: ImageFormat = ImageFormat::I2cdump;

/// One cell of a row.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Cell {
    Byte(u8),
    /// `XX`, with its 1-based column in the line.
    Unreadable(usize),
    /// Outside the dumped range.
    Blank,
}

struct Row {
    offset: u8,
    cells: [Cell; 16],
    line: usize,
}

struct Block {
    label: Label,
    rows: Vec<Row>,
    first_line: usize,
}

impl Block {
    fn byte(&self, at: u8) -> Option<u8> {
        let row = self.rows.iter().find(|r| r.offset == at & 0xf0)?;
        match row.cells.get(usize::from(at & 0x0f)) {
            Some(Cell::Byte(b)) => Some(*b),
            _ => None,
        }
    }
}

const HEADER: [&str; 16] = [
    "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "a", "b", "c", "d", "e", "f",
];

/// Whether a trimmed line is the byte-mode column header.
pub(crate) fn is_header(trimmed: &str) -> bool {
    let mut words = trimmed.split_whitespace();
    HEADER.iter().all(|h| words.next() == Some(*h))
}

/// Whether a trimmed line is a row (`00: ...`).
pub(crate) fn is_row(trimmed: &str) -> bool {
    let b = trimmed.as_bytes();
    b.len() >= 3 && b[0].is_ascii_hexdigit() && b[1].is_ascii_hexdigit() && b[2] == b':'
}

fn syntax(line: usize, column: usize, message: String) -> ImageError {
    ImageError::Syntax {
        format: FORMAT,
        pos: TextPos { line, column },
        message,
    }
}

/// Parses the text of one or more i2cdump outputs.
pub fn parse(text: &str) -> Result<ModuleImage, ImageError> {
    let blocks = scan(text)?;
    let identifier = blocks
        .iter()
        .find(|b| b.label.device.is_none_or(|d| d == DeviceAddr::A0) && b.byte(0).is_some())
        .and_then(|b| b.byte(0));
    let family = identifier.and_then(codes::family_for_identifier);
    let sfp = family == Some(Family::Sff8472);
    let mut builder = Builder::new(FORMAT);
    let mut unlabelled = 0usize;
    for block in &blocks {
        let device = match block.label.device {
            Some(d) => d,
            None if sfp => {
                unlabelled += 1;
                match unlabelled {
                    1 => DeviceAddr::A0,
                    2 => DeviceAddr::A2,
                    _ => {
                        return Err(syntax(
                            block.first_line,
                            1,
                            "a third dump without an address: an SFP has two (the first unlabelled dump is taken as 0x50, the second as 0x51); put the i2cdump command line or `# 0x51` before it".to_string(),
                        ));
                    }
                }
            }
            None => DeviceAddr::A0,
        };
        let sel = page_of(block, device, family);
        for row in &block.rows {
            for (j, cell) in row.cells.iter().enumerate() {
                if let Cell::Byte(value) = cell {
                    let byte = usize::from(row.offset) + j;
                    builder.put(device, sel, byte, *value, row.line)?;
                }
            }
        }
    }
    builder.finish()
}

/// The bank and page of a dump's upper half: the label, else the select registers the dump
/// itself shows (one-address modules only), else page 00h.
fn page_of(block: &Block, device: DeviceAddr, family: Option<Family>) -> PageSel {
    let paged = device == DeviceAddr::A0 && matches!(family, Some(Family::Sff8636 | Family::Cmis));
    let page = block
        .label
        .page
        .or_else(|| if paged { block.byte(127) } else { None })
        .unwrap_or(0);
    let bank = block
        .label
        .bank
        .or_else(|| {
            // CMIS 5 Table 8-1: byte 126 selects the bank of pages 10h-FFh only.
            (paged && family == Some(Family::Cmis) && page >= 0x10)
                .then(|| block.byte(126))
                .flatten()
        })
        .unwrap_or(0);
    PageSel::banked(bank, page)
}

fn scan(text: &str) -> Result<Vec<Block>, ImageError> {
    let mut blocks: Vec<Block> = Vec::new();
    let mut current: Option<Block> = None;
    let mut pending = Label::default();
    for (n, raw) in text.lines().enumerate() {
        let line_no = n + 1;
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            continue;
        }
        if trimmed.starts_with("0,8") {
            return Err(syntax(
                line_no,
                column_of(raw, trimmed),
                "i2cdump word mode (`w`) is not supported; dump in byte mode (the default, or `b`)"
                    .to_string(),
            ));
        }
        if is_header(trimmed) {
            let mut label = Label::default();
            match current.take() {
                Some(open) if open.rows.is_empty() => label = open.label,
                Some(open) => blocks.push(open),
                None => {}
            }
            label.merge(std::mem::take(&mut pending));
            current = Some(Block {
                label,
                rows: Vec::new(),
                first_line: line_no,
            });
            continue;
        }
        if is_row(trimmed) {
            let row = parse_row(raw, trimmed, line_no)?;
            let block = current.get_or_insert_with(|| Block {
                label: std::mem::take(&mut pending),
                rows: Vec::new(),
                first_line: line_no,
            });
            if let Some(prev) = block.rows.iter().find(|r| r.offset == row.offset) {
                return Err(syntax(
                    line_no,
                    column_of(raw, trimmed),
                    format!(
                        "row {:02x} appears again in the same dump (first on line {}); start each dump with its header or command line",
                        row.offset, prev.line
                    ),
                ));
            }
            block.rows.push(row);
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
        }
        // Anything else (a prompt, `No size specified`, a note) is not part of the dump.
    }
    if let Some(open) = current {
        blocks.push(open);
    }
    Ok(blocks)
}

fn parse_row(raw: &str, trimmed: &str, line: usize) -> Result<Row, ImageError> {
    let label = trimmed.get(..2).unwrap_or("");
    let offset = hex_pair(label).unwrap_or(0);
    if offset % 16 != 0 {
        return Err(syntax(
            line,
            column_of(raw, trimmed),
            format!("row label {label} is not a multiple of 10 (rows are 00, 10, ... f0)"),
        ));
    }
    let rest = trimmed.get(3..).unwrap_or("");
    let base = column_of(raw, rest);
    let cells = positional(rest, base).unwrap_or_else(|| by_tokens(raw, rest));
    for (j, cell) in cells.iter().enumerate() {
        if let Cell::Unreadable(column) = cell {
            return Err(ImageError::Unreadable {
                pos: TextPos {
                    line,
                    column: *column,
                },
                row: offset,
                column: j as u8,
            });
        }
    }
    if cells.iter().all(|c| *c == Cell::Blank) {
        return Err(syntax(
            line,
            base,
            format!("row {label} holds no hex bytes"),
        ));
    }
    Ok(Row {
        offset,
        cells,
        line,
    })
}

/// Reads the 16 cells at their printed positions (` hh hh ... hh `), or `None` when the row is
/// not laid out that way.
fn positional(rest: &str, base: usize) -> Option<[Cell; 16]> {
    let b = rest.as_bytes();
    if b.first() != Some(&b' ') {
        return None;
    }
    let mut cells = [Cell::Blank; 16];
    for (j, cell) in cells.iter_mut().enumerate() {
        let start = 1 + 3 * j;
        let pair = b.get(start..start + 2)?;
        match b.get(start + 2) {
            Some(b' ') => {}
            None if j == 15 => {}
            _ => return None,
        }
        *cell = match pair {
            [b'X', b'X'] | [b'x', b'x'] => Cell::Unreadable(base + start),
            [b' ', b' '] => Cell::Blank,
            _ => Cell::Byte(hex_pair(std::str::from_utf8(pair).ok()?)?),
        };
    }
    Some(cells)
}

/// Reads up to 16 whitespace-separated cells (for text whose spacing was changed).
fn by_tokens(raw: &str, rest: &str) -> [Cell; 16] {
    let mut cells = [Cell::Blank; 16];
    let mut tokens = rest.split_whitespace();
    for cell in cells.iter_mut() {
        let Some(token) = tokens.next() else { break };
        *cell = match token {
            "XX" | "xx" => Cell::Unreadable(column_of(raw, token)),
            _ => match hex_pair(token) {
                Some(b) => Cell::Byte(b),
                None => break,
            },
        };
    }
    cells
}
