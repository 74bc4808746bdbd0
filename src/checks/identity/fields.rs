//! The vendor text fields (name, PN, revision, SN) read from the raw bytes, so that padding,
//! empty fields and non-printable bytes are seen as stored (the decoded record escapes them).

use crate::addr::SegmentId;
use crate::checks::common::Family;
use crate::memmap::image::ModuleImage;

/// One vendor text field: where it lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextField {
    /// Measurement name, e.g. `vendor.pn`.
    pub name: &'static str,
    /// The segment holding it.
    pub segment: SegmentId,
    /// First byte (spec numbering).
    pub first: usize,
    /// Last byte (spec numbering).
    pub last: usize,
}

const fn field(name: &'static str, segment: SegmentId, first: usize, last: usize) -> TextField {
    TextField {
        name,
        segment,
        first,
        last,
    }
}

/// SFF-8472 A0h: name 20-35, PN 40-55, rev 56-59, SN 68-83 (reference/sff-8472.md §1).
const SFF8472: [TextField; 4] = [
    field("vendor.name", SegmentId::LOWER, 20, 35),
    field("vendor.pn", SegmentId::LOWER, 40, 55),
    field("vendor.rev", SegmentId::LOWER, 56, 59),
    field("vendor.sn", SegmentId::LOWER, 68, 83),
];

/// SFF-8636 Page 00h: name 148-163, PN 168-183, rev 184-185, SN 196-211 (reference/sff-8636.md
/// §2).
const SFF8636: [TextField; 4] = [
    field("vendor.name", SegmentId::upper(0), 148, 163),
    field("vendor.pn", SegmentId::upper(0), 168, 183),
    field("vendor.rev", SegmentId::upper(0), 184, 185),
    field("vendor.sn", SegmentId::upper(0), 196, 211),
];

/// CMIS Page 00h: name 129-144, PN 148-163, rev 164-165, SN 166-181 (reference/cmis.md §3).
const CMIS: [TextField; 4] = [
    field("vendor.name", SegmentId::upper(0), 129, 144),
    field("vendor.pn", SegmentId::upper(0), 148, 163),
    field("vendor.rev", SegmentId::upper(0), 164, 165),
    field("vendor.sn", SegmentId::upper(0), 166, 181),
];

/// The four vendor fields of a family.
pub fn vendor_fields(family: Family) -> &'static [TextField; 4] {
    match family {
        Family::Sff8472 => &SFF8472,
        Family::Sff8636 => &SFF8636,
        Family::Cmis => &CMIS,
    }
}

/// What is wrong with a text field, if anything: missing page, empty after trimming the
/// padding (spaces or NULs), or a byte outside printable ASCII 0x20-0x7E.
pub fn text_problem(image: &ModuleImage, f: &TextField) -> Option<String> {
    let Some(page) = image.get(f.segment) else {
        return Some(format!(
            "{} (bytes {}-{}) was not read",
            f.name, f.first, f.last
        ));
    };
    let base = f.segment.base();
    let bytes = page.get(f.first - base..=f.last - base)?;
    let end = bytes
        .iter()
        .rposition(|b| *b != b' ' && *b != 0)
        .map_or(0, |i| i + 1);
    let text = bytes.get(..end).unwrap_or_default();
    if text.is_empty() {
        return Some(format!(
            "{} (bytes {}-{}) is empty",
            f.name, f.first, f.last
        ));
    }
    text.iter()
        .position(|b| !(0x20..=0x7E).contains(b))
        .map(|i| {
            format!(
                "{} holds the non-printable byte 0x{:02x} at byte {}",
                f.name,
                text.get(i).copied().unwrap_or(0),
                f.first + i
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::addr::HALF_LEN;

    fn image_with(bytes: &[(usize, &[u8])]) -> ModuleImage {
        let mut lower = [0u8; HALF_LEN];
        for (at, text) in bytes {
            lower[*at..*at + text.len()].copy_from_slice(text);
        }
        let mut img = ModuleImage::new();
        img.insert(SegmentId::LOWER, lower);
        img
    }

    #[test]
    fn printable_padded_field_is_fine() {
        // SFF-8472 PN at A0h 40-55: "AB-1" then 12 spaces.
        let img = image_with(&[(40, b"AB-1            ")]);
        assert_eq!(text_problem(&img, &SFF8472[1]), None);
        // NUL padding is accepted too.
        let img = image_with(&[(40, b"AB-1\0\0\0\0\0\0\0\0\0\0\0\0")]);
        assert_eq!(text_problem(&img, &SFF8472[1]), None);
    }

    #[test]
    fn empty_and_non_printable_fields_are_named() {
        let img = image_with(&[(68, b"                ")]);
        let p = text_problem(&img, &SFF8472[3]).unwrap();
        assert_eq!(p, "vendor.sn (bytes 68-83) is empty");
        // 0x07 at the third byte of the name (A0h 20 + 2 = 22).
        let img = image_with(&[(20, b"AC\x07ME")]);
        let p = text_problem(&img, &SFF8472[0]).unwrap();
        assert_eq!(
            p,
            "vendor.name holds the non-printable byte 0x07 at byte 22"
        );
        // A NUL inside the text (before the padding) is not padding.
        let img = image_with(&[(56, b"A\0B ")]);
        assert!(
            text_problem(&img, &SFF8472[2])
                .unwrap()
                .contains("0x00 at byte 57")
        );
    }

    #[test]
    fn a_missing_page_is_named() {
        let img = image_with(&[]);
        let p = text_problem(&img, &CMIS[1]).unwrap();
        assert_eq!(p, "vendor.pn (bytes 148-163) was not read");
    }
}
