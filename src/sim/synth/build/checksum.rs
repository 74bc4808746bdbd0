//! Recomputes every checksum of a module image, chosen by its management map.
//!
//! Each checksum is the low 8 bits of the plain sum of a byte range (reference/qualification.md
//! §1, "Checksums"):
//!
//! | Map | Segment | Range | Stored at |
//! |---|---|---|---|
//! | SFF-8472 | A0h | 0-62 (CC_BASE) | 63 |
//! | SFF-8472 | A0h | 64-94 (CC_EXT) | 95 |
//! | SFF-8472 | A2h | 0-94 (CC_DMI) | 95 |
//! | SFF-8636 | page 00h | 128-190 (CC_BASE) | 191 |
//! | SFF-8636 | page 00h | 192-222 (CC_EXT) | 223 |
//! | CMIS | page 00h | 128-221 | 222 |
//! | CMIS | page 01h | 130-254 | 255 |
//! | CMIS | page 02h | 128-254 | 255 |
//!
//! A segment that is absent is skipped (a flat CMIS module has no page 01h or 02h).

use crate::addr::{HALF_LEN, SegmentId};
use crate::memmap::codes::{Family, family_for_identifier};
use crate::memmap::image::ModuleImage;
use crate::memmap::view::sum8;
use crate::sim::synth::build::BuildError;

/// One checksum: the sum of spec bytes `first..=last` of `segment`, stored at `stored_at`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChecksumSpan {
    /// Where the bytes live.
    pub segment: SegmentId,
    /// First spec byte summed.
    pub first: usize,
    /// Last spec byte summed.
    pub last: usize,
    /// Spec byte that holds the sum.
    pub stored_at: usize,
}

const fn span(segment: SegmentId, first: usize, last: usize, stored_at: usize) -> ChecksumSpan {
    ChecksumSpan {
        segment,
        first,
        last,
        stored_at,
    }
}

/// SFF-8472 §1 (A0h 63, 95) and §2 (A2h 95).
pub const SFF8472: [ChecksumSpan; 3] = [
    span(SegmentId::LOWER, 0, 62, 63),
    span(SegmentId::LOWER, 64, 94, 95),
    span(SegmentId::A2_LOWER, 0, 94, 95),
];

/// SFF-8636 §2, page 00h bytes 191 and 223.
pub const SFF8636: [ChecksumSpan; 2] = [
    span(SegmentId::upper(0), 128, 190, 191),
    span(SegmentId::upper(0), 192, 222, 223),
];

/// CMIS §3-§5: pages 00h (222), 01h (255), 02h (255).
pub const CMIS: [ChecksumSpan; 3] = [
    span(SegmentId::upper(0), 128, 221, 222),
    span(SegmentId::upper(1), 130, 254, 255),
    span(SegmentId::upper(2), 128, 254, 255),
];

/// The checksums of a management map.
pub fn spans(family: Family) -> &'static [ChecksumSpan] {
    match family {
        Family::Sff8472 => &SFF8472,
        Family::Sff8636 => &SFF8636,
        Family::Cmis => &CMIS,
    }
}

/// Recomputes every checksum of `image` whose segment is present. The map is chosen by byte 0;
/// an image without a known identifier is left untouched and reported.
pub fn recompute(image: &mut ModuleImage) -> Result<(), BuildError> {
    let id = image.identifier();
    let family = id
        .and_then(family_for_identifier)
        .ok_or(BuildError::UnknownFamily(id))?;
    for s in spans(family) {
        let base = s.segment.base();
        if let Some(page) = image.get_mut(s.segment) {
            let (first, last, at) = (s.first - base, s.last - base, s.stored_at - base);
            if last < HALF_LEN && at < HALF_LEN {
                page[at] = sum8(&page[first..=last]);
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain_sum(bytes: &[u8]) -> u8 {
        let mut total: u32 = 0;
        for b in bytes {
            total += u32::from(*b);
        }
        (total % 256) as u8
    }

    #[test]
    fn sfp_sums_cover_the_spec_ranges() {
        let mut img = ModuleImage::new();
        let mut a0 = [0u8; 128];
        a0[0] = 0x03;
        a0[62] = 0xFF; // in CC_BASE range
        a0[64] = 0x80; // in CC_EXT range
        a0[94] = 0x81;
        a0[96] = 0x55; // outside both
        let mut a2 = [0u8; 128];
        a2[0] = 0x50;
        a2[94] = 0xC0;
        img.insert(SegmentId::LOWER, a0);
        img.insert(SegmentId::A2_LOWER, a2);
        assert_eq!(recompute(&mut img), Ok(()));
        let a0 = img.lower().copied().unwrap_or([0; 128]);
        // 0x03 + 0xFF = 0x102 -> 0x02
        assert_eq!(a0[63], 0x02);
        // 0x80 + 0x81 = 0x101 -> 0x01
        assert_eq!(a0[95], 0x01);
        let a2 = img.get(SegmentId::A2_LOWER).copied().unwrap_or([0; 128]);
        // 0x50 + 0xC0 = 0x110 -> 0x10
        assert_eq!(a2[95], 0x10);
        assert_eq!(a2[95], plain_sum(&a2[..95]));
    }

    #[test]
    fn cmis_sums_skip_absent_pages_and_page01_starts_at_130() {
        let mut img = ModuleImage::new();
        let mut lower = [0u8; 128];
        lower[0] = 0x18;
        img.insert(SegmentId::LOWER, lower);
        let mut p1 = [0u8; 128];
        p1[0] = 0x10; // byte 128: not summed
        p1[1] = 0x20; // byte 129: not summed
        p1[2] = 0x01; // byte 130
        p1[126] = 0x02; // byte 254
        img.insert(SegmentId::upper(1), p1);
        assert_eq!(recompute(&mut img), Ok(()));
        assert_eq!(img.upper(1).map(|p| p[127]), Some(0x03));
        assert!(img.upper(0).is_none());
        assert!(img.upper(2).is_none());
    }

    #[test]
    fn unknown_identifier_is_reported() {
        let mut img = ModuleImage::new();
        img.insert(SegmentId::LOWER, [0u8; 128]);
        assert_eq!(recompute(&mut img), Err(BuildError::UnknownFamily(Some(0))));
        assert_eq!(
            recompute(&mut ModuleImage::new()),
            Err(BuildError::UnknownFamily(None))
        );
    }
}
