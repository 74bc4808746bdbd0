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
use super::error::ImageError;
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
    ImageError::syntax(FORMAT, line, column, message)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::addr::SegmentId;
    use crate::memmap::image::flat;
    use crate::memmap::image::tests::{fixture, linear_ethtool};

    /// `ethtool -m eth0 hex on pages on` on the Cisco QSFP-DD copper cable (CMIS 4.0): lower
    /// memory and page 00h, as module-common.c `module_dump_eeprom_hex` prints them.
    const CMIS_PAGES: &str = "admin@sonic:~$ sudo ethtool -m Ethernet0 hex on pages on
Page: 0x0

Offset\t\tValues
------\t\t------
0x0000:\t\t18 40 00 07 00 00 00 00 00 00 00 00 00 00 17 00 
0x0010:\t\t82 00 00 00 00 00 00 00 17 80 00 00 00 00 00 00 
0x0020:\t\t00 00 00 00 00 00 00 01 00 00 00 00 00 00 00 00 
0x0030:\t\t00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 
0x0040:\t\t00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 
0x0050:\t\t00 00 00 00 00 03 00 00 00 00 00 00 00 00 00 00 
0x0060:\t\t00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 
0x0070:\t\t00 00 11 00 88 00 00 00 00 00 00 00 00 00 00 00 

Page: 0x0

Offset\t\tValues
------\t\t------
0x0080:\t\t18 43 49 53 43 4f 20 20 20 20 20 20 20 20 20 20 
0x0090:\t\t20 00 06 f6 36 38 2d 31 30 33 32 30 35 2d 30 32 
0x00a0:\t\t20 20 20 20 32 20 46 41 42 32 36 31 31 30 30 43 
0x00b0:\t\t51 20 20 20 20 20 32 32 31 30 31 38 20 20 00 00 
0x00c0:\t\t00 00 00 00 00 00 00 00 e0 78 00 00 00 00 00 00 
0x00d0:\t\t00 00 00 00 00 00 00 00 00 00 00 00 00 00 f9 00 
0x00e0:\t\t1b 00 07 00 00 00 00 00 00 00 00 00 00 00 00 00 
0x00f0:\t\t00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 

";

    /// Legacy `ethtool -m eth0 hex on` on the Molex QSFP+ DAC (SFF-8436): 256 linear bytes,
    /// lower memory then page 00h, retyped with spaces, upper-case hex and an ASCII column.
    const QSFP_LINEAR: &str = "Offset          Values
------          ------
0x0000:         0D 00 06 00 00 00 00 00 00 00 00 00 00 00 00 00
0x0010:         00 00 00 00 00 00 01 81 00 00 00 00 00 00 00 00
0x0020:         00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00
0x0030:         00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00
0x0040:         00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00
0x0050:         00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00
0x0060:         00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00
0x0070:         00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00
0x0080:         0D 00 23 08 00 00 00 41 80 80 F5 00 00 00 00 00  ...#....A........
0x0090:         00 00 01 A0 4D 6F 6C 65 78 20 49 6E 63 2E 20 20  ....Molex Inc.
0x00a0:         20 20 20 20 07 00 09 3A 31 31 31 30 34 30 31 30      ...:11104010
0x00b0:         35 34 20 20 20 20 20 20 20 20 03 04 00 00 46 C4  54........F.
0x00c0:         00 00 00 00 36 31 31 30 33 30 39 32 39 20 20 20  ....611030929
0x00d0:         20 20 20 20 31 36 30 34 31 39 20 20 00 00 00 24      160419  ...$
0x00e0:         00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00  ................
0x00f0:         00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00  ................
";

    fn err(text: &str) -> String {
        match parse(text) {
            Ok(_) => panic!("accepted:\n{text}"),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn cmis_pages_on_blocks_equal_the_flat_fixture() {
        let img = parse(CMIS_PAGES).unwrap();
        let flat = flat::parse(&fixture("qsfpdd-cisco-68-103205-02-copper.bin")).unwrap();
        assert_eq!(img, flat);
        assert_eq!(img.upper(0).unwrap()[1], 0x43); // byte 129 'C' of "CISCO"
    }

    #[test]
    fn legacy_linear_qsfp_equals_the_flat_fixture() {
        let img = parse(QSFP_LINEAR).unwrap();
        let flat = flat::parse(&fixture("qsfp-molex-1110401054-dac.bin")).unwrap();
        assert_eq!(img, flat);
    }

    #[test]
    fn legacy_linear_sfp_is_a0h_then_a2h() {
        let bytes = fixture("sfp-finisar-ftlx8571d3bcl.bin");
        let img = parse(&linear_ethtool(&bytes, 0)).unwrap();
        // 0x000-0x0ff A0h, 0x100-0x17f A2h lower, 0x180-0x1ff A2h page 00h.
        assert_eq!(img.lower().unwrap()[0], 0x03);
        assert_eq!(img.get(SegmentId::A2_LOWER).unwrap()[0], 0x4e); // temp high alarm MSB
        assert!(img.upper(0).is_some() && img.get(SegmentId::a2_upper(0)).is_some());
        assert_eq!(flat::write(&img).0, bytes);
    }

    #[test]
    fn linear_cmis_offsets_give_page_offset_over_128_minus_1() {
        let bytes = fixture("osfp-juniper-740-174932-800g-dr8.bin");
        // Lower + pages 00h-03h, as a 640-byte legacy dump.
        let img = parse(&linear_ethtool(&bytes[..640], 0)).unwrap();
        for page in 0..=3u8 {
            let start = 128 + usize::from(page) * 128;
            assert_eq!(&img.upper(page).unwrap()[..], &bytes[start..start + 128]);
        }
        assert!(img.upper(4).is_none());
    }

    #[test]
    fn sfp_pages_on_labels_i2c_addresses() {
        let bytes = fixture("sfp-finisar-ftlx8571d3bcl.bin");
        let text = format!(
            "I2C Address: 0x50\nPage: 0x0\n\n{}\nI2C Address: 0x51\nPage: 0x0\n\n{}\n",
            linear_ethtool(&bytes[..128], 0),
            linear_ethtool(&bytes[256..384], 0)
        );
        let img = parse(&text).unwrap();
        assert_eq!(img, flat::parse(&bytes).unwrap());
    }

    #[test]
    fn banked_page_block_and_comment_labels() {
        let p11: Vec<u8> = (0..128u8).collect();
        let text = format!(
            "Bank: 0x1\nPage: 0x11\n\n{}\n# page 03h\n{}",
            linear_ethtool(&p11, 0x80),
            linear_ethtool(&[0x33; 128], 0x80)
        );
        let img = parse(&text).unwrap();
        assert_eq!(&img.banked(1, 0x11).unwrap()[..], &p11[..]);
        assert_eq!(img.upper(3).unwrap(), &[0x33; 128]);
        assert_eq!(img.len(), 2);
    }

    #[test]
    fn crlf_and_single_spaces_are_fine() {
        let text = QSFP_LINEAR.replace('\n', "\r\n").replace("         ", " ");
        assert_eq!(parse(&text).unwrap(), parse(QSFP_LINEAR).unwrap());
    }

    #[test]
    fn missing_row_names_the_half_page_and_byte() {
        let text = QSFP_LINEAR.replace(
            "0x00c0:         00 00 00 00 36 31 31 30 33 30 39 32 39 20 20 20  ....611030929\n",
            "",
        );
        assert_eq!(
            err(&text),
            "ethtool hex dump: A0h page 00h: 16 of its 128 bytes are missing (first missing: byte 192; data starts on line 11); a half page must be dumped in full"
        );
    }

    #[test]
    fn repeated_offset_names_both_lines() {
        let text =
            format!("{QSFP_LINEAR}0x0010:  00 00 00 00 00 00 01 81 00 00 00 00 00 00 00 00\n");
        assert_eq!(
            err(&text),
            "ethtool hex dump: line 19: A0h lower (bytes 0-127) byte 16 was already given on line 4; label each dump with its address and page (e.g. `# 0x51`, `# page 03h`, `# bank 1 page 11h`)"
        );
    }

    #[test]
    fn malformed_rows_name_line_and_column() {
        let text = QSFP_LINEAR.replace("0x0020:         00", "0x0020:         zz");
        assert_eq!(
            err(&text),
            "ethtool hex dump: line 5, column 17: expected two-digit hex bytes after the offset, found `zz`"
        );
        let text = QSFP_LINEAR.replace("0x0030:", "0x0030");
        assert_eq!(
            err(&text),
            "ethtool hex dump: line 6, column 1: expected a row `0xOFFSET:` followed by hex bytes"
        );
        let text = "Page: 0x3\nOffset Values\n0x0100: 00 00\n";
        assert_eq!(
            err(text),
            "ethtool hex dump: line 3, column 1: byte 0x0100 is beyond the page: a labelled block holds offsets 0x0000-0x00ff"
        );
        let text = "Offset Values\n0x8080: 00 00\n";
        assert_eq!(
            err(text),
            "ethtool hex dump: line 2, column 1: offset 0x8080 is beyond page FFh of the linear layout (ends at 0x807f)"
        );
        assert_eq!(
            err("Offset Values\n------ ------\n"),
            "ethtool hex dump: no hex bytes found"
        );
    }
}
