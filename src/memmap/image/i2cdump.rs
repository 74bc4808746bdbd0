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
//! Every dump repeats the lower half; the first dump of an address gives it. Two dumps whose
//! upper halves land on the same page are an error asking for labels.

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
    ImageError::syntax(FORMAT, line, column, message)
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
    let mut lower_seen: Vec<DeviceAddr> = Vec::new();
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
        // Every full dump repeats the lower half (its live values and select bytes differ from
        // dump to dump): the first dump of each address gives it, later ones are ignored.
        let skip_lower = lower_seen.contains(&device);
        for row in &block.rows {
            if skip_lower && row.offset < 0x80 {
                continue;
            }
            for (j, cell) in row.cells.iter().enumerate() {
                if let Cell::Byte(value) = cell {
                    let byte = usize::from(row.offset) + j;
                    builder.put(device, sel, byte, *value, row.line)?;
                }
            }
        }
        if block.rows.iter().any(|r| r.offset < 0x80) && !skip_lower {
            lower_seen.push(device);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::addr::SegmentId;
    use crate::memmap::image::flat;
    use crate::memmap::image::tests::{fixture, i2cdump_text};

    /// The Finisar FTLX8571D3BCL SFP+ read with `i2cdump -y 1 0x50` and `0x51`, pasted without
    /// the command lines: the first dump is A0h, the second A2h (live DOM).
    const SFP_TWO_DUMPS: &str = "No size specified (using byte-data access)
     0  1  2  3  4  5  6  7  8  9  a  b  c  d  e  f    0123456789abcdef
00: 03 04 07 10 00 00 00 00 00 00 00 06 67 00 00 00    ????.......?g...
10: 08 03 00 1e 46 49 4e 49 53 41 52 20 43 4f 52 50    ??.?FINISAR CORP
20: 2e 20 20 20 00 00 90 65 46 54 4c 58 38 35 37 31    .   ..?eFTLX8571
30: 44 33 42 43 4c 20 20 20 41 20 20 20 03 52 00 48    D3BCL   A   ?R.H
40: 00 1a 00 00 41 55 4a 30 52 43 4a 20 20 20 20 20    .?..AUJ0RCJ     
50: 20 20 20 20 31 35 31 30 32 39 20 20 68 f0 03 f6        151029  h???
60: 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00    ................
70: 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00    ................
80: 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00    ................
90: 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00    ................
a0: 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00    ................
b0: 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00    ................
c0: 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00    ................
d0: 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00    ................
e0: 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00    ................
f0: 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00    ................
No size specified (using byte-data access)
     0  1  2  3  4  5  6  7  8  9  a  b  c  d  e  f    0123456789abcdef
00: 4e 00 f3 00 49 00 f8 00 90 88 71 48 8c a0 75 30    N.?.I.?.??qH??u0
10: 19 c8 07 d0 18 9c 09 c4 27 10 09 d0 1f 07 0c 5a    ????????'??????Z
20: 27 10 00 64 1f 07 00 9e 00 00 00 00 00 00 00 00    '?.d??.?........
30: 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00    ................
40: 00 00 00 00 3f 80 00 00 00 00 00 00 01 00 00 00    ....??......?...
50: 01 00 00 00 01 00 00 00 01 00 00 00 00 00 00 1b    ?...?...?......?
60: 14 02 81 b1 0d 5a 17 a5 15 87 00 00 00 00 30 00    ?????Z????....0.
70: 00 00 00 00 00 00 00 00 ff ff ff ff ff ff ff 01    ...............?
80: 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00    ................
90: 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00    ................
a0: 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00    ................
b0: 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00    ................
c0: 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00    ................
d0: 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00    ................
e0: 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00    ................
f0: 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00    ................
";

    fn err(text: &str) -> String {
        match parse(text) {
            Ok(_) => panic!("accepted:\n{text}"),
            Err(e) => e.to_string(),
        }
    }

    /// A CMIS lower page (identifier 0x18) with `bank`/`page` in the select bytes 126/127.
    fn cmis_lower(bank: u8, page: u8) -> Vec<u8> {
        let mut b: Vec<u8> = (0..=255u8).collect();
        b[0] = 0x18;
        b[126] = bank;
        b[127] = page;
        b
    }

    #[test]
    fn two_unlabelled_sfp_dumps_are_a0h_then_a2h() {
        let img = parse(SFP_TWO_DUMPS).unwrap();
        let bytes = fixture("sfp-finisar-ftlx8571d3bcl.bin");
        assert_eq!(flat::write(&img).0, bytes);
        assert_eq!(img.get(SegmentId::A2_LOWER).unwrap()[127], 0x01);
        // A2h byte 127 is not taken as a page select on SFF-8472: the upper half is page 00h.
        assert!(img.get(SegmentId::a2_upper(0)).is_some());
        assert_eq!(img.len(), 4);
    }

    #[test]
    fn command_lines_label_the_address() {
        let bytes = fixture("sfp-finisar-ftlx8571d3bcl.bin");
        // A2h first, then A0h: the labels, not the order, decide.
        let text = format!(
            "root@switch:~# i2cdump -y 2 0x51\n{}root@switch:~# i2cdump -y 2 0x50\n{}",
            i2cdump_text(&bytes[256..512]),
            i2cdump_text(&bytes[..256])
        );
        assert_eq!(flat::write(&parse(&text).unwrap()).0, bytes);
    }

    #[test]
    fn cmis_dump_takes_its_page_and_bank_from_bytes_126_127() {
        // CMIS 5 Table 8-1: byte 126 BankSelect, byte 127 PageSelect.
        let a = cmis_lower(0, 0x00);
        let b = cmis_lower(1, 0x11);
        let c = cmis_lower(3, 0x02); // bank ignored below page 10h
        let text = format!(
            "{}{}{}",
            i2cdump_text(&a),
            i2cdump_text(&b),
            i2cdump_text(&c)
        );
        let img = parse(&text).unwrap();
        assert_eq!(&img.upper(0).unwrap()[..], &a[128..]);
        assert_eq!(&img.banked(1, 0x11).unwrap()[..], &b[128..]);
        assert_eq!(&img.upper(2).unwrap()[..], &c[128..]);
        assert_eq!(img.len(), 4);
    }

    #[test]
    fn comment_and_i2cset_labels_override_the_select_bytes() {
        let a = cmis_lower(0, 0);
        let mut b = a.clone();
        b[200] = 0xEE;
        let text = format!(
            "{}# page 03h\n{}i2cset -y 1 0x50 0x7f 0x04\ni2cdump -y 1 0x50\n{}",
            i2cdump_text(&a),
            i2cdump_text(&b),
            i2cdump_text(&a)
        );
        let img = parse(&text).unwrap();
        assert_eq!(img.upper(3).unwrap()[200 - 128], 0xEE);
        assert_eq!(&img.upper(4).unwrap()[..], &a[128..]);
        assert_eq!(img.len(), 4);
        // The same with upper halves only (`-r 0x80-0xff`) after the first dump.
        let upper = |bytes: &[u8]| {
            i2cdump_text(bytes)
                .lines()
                .filter(|l| !l.starts_with(['0', '1', '2', '3', '4', '5', '6', '7']))
                .map(|l| format!("{l}\n"))
                .collect::<String>()
        };
        let text = format!(
            "{}# bank 0 page 03h\n{}i2cset -y 1 0x50 0x7f 0x04\n$ i2cdump -y -r 0x80-0xff 1 0x50\n{}",
            i2cdump_text(&a),
            upper(&b),
            upper(&a)
        );
        let img = parse(&text).unwrap();
        assert_eq!(img.upper(3).unwrap()[200 - 128], 0xEE);
        assert_eq!(&img.upper(4).unwrap()[..], &a[128..]);
        assert!(img.upper(0).is_some());
    }

    #[test]
    fn xx_names_row_and_column() {
        let text = SFP_TWO_DUMPS.replacen("30: 44 33 42 43 4c 20", "30: 44 33 XX 43 4c 20", 1);
        assert_eq!(
            err(&text),
            "i2cdump: line 6, column 11: row 30, column 2 (byte 0x30 + 0x2) reads XX: the byte could not be read, so the dump is incomplete; dump it again"
        );
    }

    #[test]
    fn third_unlabelled_sfp_dump_is_refused() {
        let text = format!(
            "{SFP_TWO_DUMPS}{}",
            i2cdump_text(&fixture("sfp-finisar-ftlx8571d3bcl.bin")[..256])
        );
        assert!(
            err(&text).starts_with("i2cdump: line 37, column 1: a third dump without an address")
        );
    }

    #[test]
    fn same_page_twice_without_labels_is_refused() {
        let a = cmis_lower(0, 0);
        let text = format!("{}{}", i2cdump_text(&a), i2cdump_text(&a));
        assert_eq!(
            err(&text),
            "i2cdump: line 27: A0h page 00h byte 128 was already given on line 10; label each dump with its address and page (e.g. `# 0x51`, `# page 03h`, `# bank 1 page 11h`)"
        );
    }

    #[test]
    fn partial_range_and_word_mode_are_explained() {
        // `-r 0x00-0x85`: row 80 holds six bytes, then blanks; the half page is incomplete.
        let full = cmis_lower(0, 0);
        let mut text = String::new();
        for line in i2cdump_text(&full).lines().take(9) {
            text.push_str(line);
            text.push('\n');
        }
        text.push_str("80: 80 81 82 83 84 85                                  ??????          \n");
        assert_eq!(
            err(&text),
            "i2cdump: A0h page 00h: 122 of its 128 bytes are missing (first missing: byte 134; data starts on line 10); a half page must be dumped in full"
        );
        assert_eq!(
            err(
                "     0,8  1,9  2,a  3,b  4,c  5,d  6,e  7,f\n00: 0304 0000 0000 0000 0000 0000 0000 0000\n"
            ),
            "i2cdump: line 1, column 6: i2cdump word mode (`w`) is not supported; dump in byte mode (the default, or `b`)"
        );
        assert_eq!(
            err("05: 00 00\n"),
            "i2cdump: line 1, column 1: row label 05 is not a multiple of 10 (rows are 00, 10, ... f0)"
        );
    }

    #[test]
    fn spacing_changed_by_copy_paste_still_reads() {
        let tabbed: String = SFP_TWO_DUMPS
            .lines()
            .map(|l| {
                format!(
                    "\t{}\n",
                    l.split_whitespace().collect::<Vec<_>>().join("\t")
                )
            })
            .collect();
        assert_eq!(parse(&tabbed).unwrap(), parse(SFP_TWO_DUMPS).unwrap());
    }
}
