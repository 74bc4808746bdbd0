//! [`HalfView`]: read fields out of a 128-byte half page using the byte numbers the specs print
//! (0-127 for a lower half, 128-255 for an upper page), so each decoder line can cite the table.
//!
//! Multi-byte numbers are big-endian (MSB at the lower address) in every spec covered here.

use crate::addr::HALF_LEN;
use crate::memmap::decoded::ChecksumReport;
use crate::memmap::image::HalfPage;

/// A present 128-byte half, addressed by spec byte number.
///
/// Offsets are constants taken from the spec tables; an offset outside the half is a bug in the
/// decoder, not bad input, and is caught by the tests of each field.
#[derive(Debug, Clone, Copy)]
pub struct HalfView<'a> {
    base: usize,
    bytes: &'a HalfPage,
}

impl<'a> HalfView<'a> {
    /// A lower half: bytes 0-127.
    pub fn lower(bytes: &'a HalfPage) -> Self {
        HalfView { base: 0, bytes }
    }

    /// An upper page: bytes 128-255.
    pub fn upper(bytes: &'a HalfPage) -> Self {
        HalfView {
            base: HALF_LEN,
            bytes,
        }
    }

    /// The raw 128 bytes.
    pub fn raw(&self) -> &'a HalfPage {
        self.bytes
    }

    fn idx(&self, offset: usize) -> usize {
        debug_assert!(
            (self.base..self.base + HALF_LEN).contains(&offset),
            "offset {offset} outside half starting at {}",
            self.base
        );
        offset - self.base
    }

    /// One byte.
    pub fn u8(&self, offset: usize) -> u8 {
        self.bytes[self.idx(offset)]
    }

    /// One byte as a two's-complement signed value.
    pub fn i8(&self, offset: usize) -> i8 {
        self.u8(offset) as i8
    }

    /// Bit `bit` (0 = least significant) of byte `offset`.
    pub fn bit(&self, offset: usize, bit: u8) -> bool {
        self.u8(offset) & (1 << bit) != 0
    }

    /// Bits `hi..=lo` of byte `offset`, shifted down.
    pub fn bits(&self, offset: usize, hi: u8, lo: u8) -> u8 {
        let width = hi - lo + 1;
        let mask = if width >= 8 { 0xFF } else { (1u8 << width) - 1 };
        (self.u8(offset) >> lo) & mask
    }

    /// Big-endian unsigned 16-bit value at `offset`, `offset + 1`.
    pub fn u16(&self, offset: usize) -> u16 {
        u16::from_be_bytes([self.u8(offset), self.u8(offset + 1)])
    }

    /// Big-endian signed 16-bit value at `offset`, `offset + 1`.
    pub fn i16(&self, offset: usize) -> i16 {
        self.u16(offset) as i16
    }

    /// Big-endian unsigned 32-bit value.
    pub fn u32(&self, offset: usize) -> u32 {
        u32::from_be_bytes(self.array4(offset))
    }

    /// Big-endian IEEE-754 binary32 value.
    pub fn f32(&self, offset: usize) -> f32 {
        f32::from_be_bytes(self.array4(offset))
    }

    fn array4(&self, offset: usize) -> [u8; 4] {
        [
            self.u8(offset),
            self.u8(offset + 1),
            self.u8(offset + 2),
            self.u8(offset + 3),
        ]
    }

    /// Bytes `first..=last`.
    pub fn slice(&self, first: usize, last: usize) -> &'a [u8] {
        &self.bytes[self.idx(first)..=self.idx(last)]
    }

    /// An ASCII text field `first..=last` with trailing spaces and NULs trimmed (vendors pad with
    /// either). Bytes outside printable ASCII are shown as `\xNN` so nothing is lost or hidden.
    pub fn ascii(&self, first: usize, last: usize) -> String {
        ascii_field(self.slice(first, last))
    }

    /// Whether text field `first..=last` is all printable ASCII (after trimming padding).
    pub fn ascii_is_printable(&self, first: usize, last: usize) -> bool {
        trim_padding(self.slice(first, last))
            .iter()
            .all(|b| (0x20..=0x7E).contains(b))
    }

    /// Three OUI bytes as `"xx:xx:xx"`, lower-case hex.
    pub fn oui(&self, first: usize) -> String {
        format!(
            "{:02x}:{:02x}:{:02x}",
            self.u8(first),
            self.u8(first + 1),
            self.u8(first + 2)
        )
    }

    /// An 8-bit sum checksum: low 8 bits of the sum of bytes `first..=last`, stored at `stored_at`.
    pub fn checksum(
        &self,
        name: &str,
        first: usize,
        last: usize,
        stored_at: usize,
    ) -> ChecksumReport {
        let computed = sum8(self.slice(first, last));
        let stored = self.u8(stored_at);
        ChecksumReport {
            name: name.to_string(),
            stored,
            computed,
            ok: stored == computed,
        }
    }
}

/// Low 8 bits of the sum of `bytes`.
pub fn sum8(bytes: &[u8]) -> u8 {
    bytes.iter().fold(0u8, |acc, b| acc.wrapping_add(*b))
}

fn trim_padding(bytes: &[u8]) -> &[u8] {
    let end = bytes
        .iter()
        .rposition(|b| *b != b' ' && *b != 0)
        .map_or(0, |i| i + 1);
    &bytes[..end]
}

/// Formats a padded ASCII field: trailing spaces/NULs trimmed, leading spaces trimmed, any
/// non-printable byte shown as `\xNN`.
pub fn ascii_field(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    for &b in trim_padding(bytes) {
        if (0x20..=0x7E).contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("\\x{b:02x}"));
        }
    }
    out.trim_start().to_string()
}

/// The date code `YYMMDD` + lot as `"YYYY-MM-DD"` when it is a valid calendar date, else the raw
/// text (design.md §4.2).
pub fn date_code(bytes: &[u8]) -> String {
    let raw = ascii_field(bytes);
    if bytes.len() >= 6 && bytes[..6].iter().all(u8::is_ascii_digit) {
        let n = |i: usize| u32::from(bytes[i] - b'0') * 10 + u32::from(bytes[i + 1] - b'0');
        let (yy, mm, dd) = (n(0), n(2), n(4));
        let year = 2000 + yy;
        if (1..=12).contains(&mm) && dd >= 1 && dd <= days_in_month(year, mm) {
            return format!("{year:04}-{mm:02}-{dd:02}");
        }
    }
    raw
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn upper_with(offset: usize, bytes: &[u8]) -> HalfPage {
        let mut p = [0u8; HALF_LEN];
        p[offset - 128..offset - 128 + bytes.len()].copy_from_slice(bytes);
        p
    }

    #[test]
    fn numbers_are_big_endian() {
        let p = upper_with(200, &[0xFF, 0x80, 0x3F, 0x80, 0x00, 0x00]);
        let v = HalfView::upper(&p);
        assert_eq!(v.u16(200), 0xFF80);
        assert_eq!(v.i16(200), -128);
        // 0x3F800000 is 1.0 in IEEE-754 binary32.
        assert_eq!(v.f32(202), 1.0);
        assert_eq!(v.bits(200, 7, 5), 0b111);
        assert_eq!(v.bits(201, 7, 7), 1);
        assert!(v.bit(202, 0));
    }

    #[test]
    fn ascii_trims_spaces_and_nuls_and_escapes_the_rest() {
        assert_eq!(ascii_field(b"FINISAR CORP.   "), "FINISAR CORP.");
        assert_eq!(ascii_field(b"AB\0\0"), "AB");
        assert_eq!(ascii_field(b"A\x01B "), "A\\x01B");
        assert_eq!(ascii_field(b"    "), "");
    }

    #[test]
    fn date_codes_become_iso_dates_only_when_valid() {
        assert_eq!(date_code(b"230415AB"), "2023-04-15");
        assert_eq!(date_code(b"240229  "), "2024-02-29");
        assert_eq!(date_code(b"230229  "), "230229");
        assert_eq!(date_code(b"231301  "), "231301");
        assert_eq!(date_code(b"        "), "");
    }

    #[test]
    fn checksum_reports_stored_and_computed() {
        // bytes 128..=130 = 1, 2, 3 -> sum 6; stored at 131.
        let p = upper_with(128, &[1, 2, 3, 6]);
        let c = HalfView::upper(&p).checksum("x", 128, 130, 131);
        assert_eq!((c.stored, c.computed, c.ok), (6, 6, true));
        let p = upper_with(128, &[0xFF, 0x02, 0x00, 0x00]);
        let c = HalfView::upper(&p).checksum("x", 128, 130, 131);
        assert_eq!((c.stored, c.computed, c.ok), (0, 1, false));
    }
}
