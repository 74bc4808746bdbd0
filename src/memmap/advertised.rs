//! Which segments a module advertises, worked out from what has been read so far.
//!
//! A dump reads the lower half, then asks [`missing_segments`] again and again, reading what it
//! returns, until it returns nothing: each page read may advertise more (CMIS page 01h names the
//! banks and optional pages, page 2Fh the VDM groups). Nothing that is not advertised is ever
//! asked for, so a dump never selects a page the module does not have.

use crate::addr::SegmentId;
use crate::memmap::codes::{self, Family};
use crate::memmap::image::ModuleImage;
use crate::memmap::view::HalfView;

/// Segments the module advertises that are not yet in `image`, in reading order.
/// Empty when the lower half is missing (read it first) or the identifier is not supported.
pub fn missing_segments(image: &ModuleImage) -> Vec<SegmentId> {
    advertised_segments(image)
        .into_iter()
        .filter(|s| !image.contains(*s))
        .collect()
}

/// Every segment the pages in `image` advertise (including those already read).
pub fn advertised_segments(image: &ModuleImage) -> Vec<SegmentId> {
    let Some(lower) = image.lower().map(HalfView::lower) else {
        return Vec::new();
    };
    match codes::family_for_identifier(lower.u8(0)) {
        Some(Family::Sff8472) => sff8472(image, lower),
        Some(Family::Sff8636) => sff8636(image, lower),
        Some(Family::Cmis) => cmis(image, lower),
        None => Vec::new(),
    }
}

/// SFF-8472: A0h 0-127; A2h 0-127 when byte 92 bit 6 (DDM implemented) is set and bit 2
/// (address change required) is clear (reference/sff-8472.md §1.2), as ethtool reads them. A0h
/// 128-255 is reserved and A2h 128-255 is user EEPROM and vendor control: nothing to decode there,
/// so they are not read.
fn sff8472(_image: &ModuleImage, a0: HalfView<'_>) -> Vec<SegmentId> {
    let mut out = vec![SegmentId::LOWER];
    if a0.bit(92, 6) && !a0.bit(92, 2) {
        out.push(SegmentId::A2_LOWER);
    }
    out
}

/// SFF-8636: page 00h always; page 03h unless Flat_mem (byte 2 bit 2); pages 01h and 02h when
/// Page 00h:195 bits 6 and 7 say so (reference/sff-8636.md §1, §2).
fn sff8636(image: &ModuleImage, lower: HalfView<'_>) -> Vec<SegmentId> {
    let mut out = vec![SegmentId::LOWER, SegmentId::upper(0)];
    if lower.bit(2, 2) {
        return out;
    }
    if let Some(p0) = image.upper(0).map(HalfView::upper) {
        if p0.bit(195, 6) {
            out.push(SegmentId::upper(1));
        }
        if p0.bit(195, 7) {
            out.push(SegmentId::upper(2));
        }
    }
    out.push(SegmentId::upper(3));
    out
}

/// CMIS: page 00h always; a flat module (byte 2 bit 7) has nothing else. Paged: 01h and 02h,
/// then from Page 01h:142 the banks (bits 1-0: 0 → 1, 1 → 2, 2 → 4) of pages 10h and 11h, page
/// 03h (bit 2), diagnostic pages 13h/14h per bank (bit 5) and VDM (bit 6): page 2Fh, then per
/// supported group (2Fh:128 bits 1-0, plus one) descriptor, sample and threshold pages, and the
/// flags page 2Ch (reference/cmis.md §1, §4, §9).
fn cmis(image: &ModuleImage, lower: HalfView<'_>) -> Vec<SegmentId> {
    let mut out = vec![SegmentId::LOWER, SegmentId::upper(0)];
    if lower.bit(2, 7) {
        return out;
    }
    out.push(SegmentId::upper(1));
    out.push(SegmentId::upper(2));
    let Some(p1) = image.upper(1).map(HalfView::upper) else {
        return out;
    };
    let banks: u8 = match p1.bits(142, 1, 0) {
        0 => 1,
        1 => 2,
        2 => 4,
        _ => 1, // 3 is reserved: read bank 0 only
    };
    if p1.bit(142, 2) {
        out.push(SegmentId::upper(3));
    }
    for bank in 0..banks {
        out.push(SegmentId::banked(bank, 0x10));
        out.push(SegmentId::banked(bank, 0x11));
    }
    if p1.bit(142, 5) {
        for bank in 0..banks {
            out.push(SegmentId::banked(bank, 0x13));
            out.push(SegmentId::banked(bank, 0x14));
        }
    }
    if p1.bit(142, 6) {
        out.push(SegmentId::upper(0x2F));
        if let Some(p2f) = image.upper(0x2F).map(HalfView::upper) {
            let groups = p2f.bits(128, 1, 0) + 1;
            for g in 0..groups {
                out.push(SegmentId::upper(0x20 + g));
                out.push(SegmentId::upper(0x24 + g));
                out.push(SegmentId::upper(0x28 + g));
            }
            out.push(SegmentId::upper(0x2C));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::addr::HALF_LEN;

    fn image(lower: &[(usize, u8)], pages: &[(u8, &[(usize, u8)])]) -> ModuleImage {
        let mut img = ModuleImage::new();
        let mut l = [0u8; HALF_LEN];
        for (o, v) in lower {
            l[*o] = *v;
        }
        img.insert(SegmentId::LOWER, l);
        for (page, bytes) in pages {
            let mut p = [0u8; HALF_LEN];
            for (o, v) in *bytes {
                p[o - 128] = *v;
            }
            img.insert(SegmentId::upper(*page), p);
        }
        img
    }

    #[test]
    fn sfp_reads_a2h_only_when_ddm_is_implemented_and_directly_addressable() {
        // A0h byte 92 = 0x68: DDM (b6), internal cal (b5), average power (b3).
        let img = image(&[(0, 0x03), (92, 0x68)], &[]);
        assert_eq!(missing_segments(&img), vec![SegmentId::A2_LOWER]);
        // No DDM.
        let img = image(&[(0, 0x03), (92, 0x00)], &[]);
        assert!(missing_segments(&img).is_empty());
        // DDM but address change required (b2): A2h is not directly readable.
        let img = image(&[(0, 0x03), (92, 0x44)], &[]);
        assert!(missing_segments(&img).is_empty());
    }

    #[test]
    fn qsfp_flat_memory_has_page_00h_only() {
        // byte 2 = 0x04: Flat_mem.
        let img = image(&[(0, 0x11), (1, 0x07), (2, 0x04)], &[]);
        assert_eq!(missing_segments(&img), vec![SegmentId::upper(0)]);
        // Paged, page 00h read, 195 = 0xC0: pages 01h and 02h advertised.
        let img = image(&[(0, 0x11), (2, 0x00)], &[(0, &[(195, 0xC0)])]);
        assert_eq!(
            missing_segments(&img),
            vec![
                SegmentId::upper(1),
                SegmentId::upper(2),
                SegmentId::upper(3)
            ]
        );
    }

    #[test]
    fn cmis_paged_reads_banks_and_optional_pages_from_page_01h() {
        let lower = [(0usize, 0x18u8), (1, 0x50), (2, 0x00)];
        let img = image(&lower, &[]);
        assert_eq!(
            missing_segments(&img),
            vec![
                SegmentId::upper(0),
                SegmentId::upper(1),
                SegmentId::upper(2)
            ]
        );
        // 142 = 0b0110_0101: VDM (b6), diag (b5), page 03h (b2), banks code 1 -> 2 banks.
        let img = image(&lower, &[(0, &[]), (1, &[(142, 0x65)]), (2, &[])]);
        assert_eq!(
            missing_segments(&img),
            vec![
                SegmentId::upper(3),
                SegmentId::banked(0, 0x10),
                SegmentId::banked(0, 0x11),
                SegmentId::banked(1, 0x10),
                SegmentId::banked(1, 0x11),
                SegmentId::banked(0, 0x13),
                SegmentId::banked(0, 0x14),
                SegmentId::banked(1, 0x13),
                SegmentId::banked(1, 0x14),
                SegmentId::upper(0x2F),
            ]
        );
        // 2Fh:128 = 1 -> two VDM groups.
        let img = image(&lower, &[(1, &[(142, 0x40)]), (0x2F, &[(128, 0x01)])]);
        let m = missing_segments(&img);
        for p in [0x20, 0x24, 0x28, 0x21, 0x25, 0x29, 0x2C] {
            assert!(m.contains(&SegmentId::upper(p)), "page {p:02X}h");
        }
        assert!(!m.contains(&SegmentId::upper(0x22)));
    }

    #[test]
    fn cmis_flat_memory_reads_nothing_but_page_00h() {
        let img = image(&[(0, 0x18), (1, 0x40), (2, 0x80)], &[]);
        assert_eq!(missing_segments(&img), vec![SegmentId::upper(0)]);
    }

    #[test]
    fn unknown_identifier_or_no_lower_page_reads_nothing() {
        assert!(missing_segments(&ModuleImage::new()).is_empty());
        let img = image(&[(0, 0x06)], &[]);
        assert!(missing_segments(&img).is_empty());
    }
}
