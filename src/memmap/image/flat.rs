//! The flat "optoe" binary layout, as switch NOS tools dump module memory.
//!
//! - One-address modules (SFF-8636, SFF-8436, CMIS): bytes 0-127 are the lower half; upper page N
//!   is at `128 + N*128 .. 256 + N*128`. A full file is 32,896 bytes (lower + 256 pages); shorter
//!   files holding the first pages are accepted.
//! - SFF-8472 (identifier 0x02, 0x03, 0x0B): A0h bytes 0-255, then A2h bytes 0-127 at 256-383, then
//!   A2h upper page N at `384 + N*128` (optoe2 layout; a 512-byte dump is A0h + A2h with page 00h).
//!   Accepted sizes: 128 (A0h lower only), 256 (A0h), 384, 512, ... up to 33,152.
//!
//! Pages that a dump did not contain are zero-filled in this layout, so an upper page that is all
//! zeros is treated as absent. The lower half is always present.

use crate::addr::{HALF_LEN, SegmentId};
use crate::memmap::codes::{self, Family};
use crate::memmap::image::{HalfPage, ModuleImage};

/// Size of a complete one-address flat image (lower + 256 upper pages).
pub const FULL_ONE_ADDRESS: usize = 128 + 256 * 128;
/// Size of a complete SFF-8472 optoe2 image.
pub const FULL_SFP: usize = 3 * 128 + 256 * 128;

/// Why bytes are not a flat image.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FlatError {
    /// Size is not one of the layouts.
    #[error(
        "a flat image is a multiple of 128 bytes: 128 to 32896 for QSFP/CMIS (lower + pages), 128 to 33152 for SFP (A0h, A2h, A2h pages); this one is {len} bytes"
    )]
    BadSize {
        /// The size found.
        len: usize,
    },
}

fn half(bytes: &[u8], start: usize) -> Option<HalfPage> {
    let slice = bytes.get(start..start + HALF_LEN)?;
    let mut page = [0u8; HALF_LEN];
    page.copy_from_slice(slice);
    Some(page)
}

fn is_blank(page: &HalfPage) -> bool {
    page.iter().all(|b| *b == 0)
}

/// Parses a flat image. The layout (one or two addresses) is chosen by byte 0.
pub fn parse(bytes: &[u8]) -> Result<ModuleImage, FlatError> {
    let len = bytes.len();
    let sfp = bytes
        .first()
        .is_some_and(|b| codes::family_for_identifier(*b) == Some(Family::Sff8472));
    let max = if sfp { FULL_SFP } else { FULL_ONE_ADDRESS };
    if len == 0 || len % HALF_LEN != 0 || len > max {
        return Err(FlatError::BadSize { len });
    }
    let mut image = ModuleImage::new();
    let mut put = |id: SegmentId, start: usize, keep_blank: bool| {
        if let Some(page) = half(bytes, start) {
            if keep_blank || !is_blank(&page) {
                image.insert(id, page);
            }
        }
    };
    put(SegmentId::LOWER, 0, true);
    if sfp {
        put(SegmentId::upper(0), 128, false);
        put(SegmentId::A2_LOWER, 256, false);
        for n in 0..(len.saturating_sub(384) / HALF_LEN) {
            put(SegmentId::a2_upper(n as u8), 384 + n * HALF_LEN, false);
        }
    } else {
        for n in 0..(len - HALF_LEN) / HALF_LEN {
            put(SegmentId::upper(n as u8), 128 + n * HALF_LEN, false);
        }
    }
    Ok(image)
}

/// Writes `image` in the flat layout, as long as needed for the highest page present (at least
/// 512 bytes for SFP, 256 otherwise). Banks other than 0 cannot be represented and are left out;
/// the caller is told which.
pub fn write(image: &ModuleImage) -> (Vec<u8>, Vec<SegmentId>) {
    let sfp = image
        .identifier()
        .is_some_and(|b| codes::family_for_identifier(b) == Some(Family::Sff8472));
    let mut out = vec![0u8; if sfp { 512 } else { 256 }];
    let mut dropped = Vec::new();
    for (id, page) in image.segments() {
        let start = match (sfp, id.device.0, id.half) {
            (_, 0x50, crate::addr::Half::Lower) => 0,
            (true, 0x50, crate::addr::Half::Upper(sel)) if sel.bank == 0 && sel.page == 0 => 128,
            (true, 0x51, crate::addr::Half::Lower) => 256,
            (true, 0x51, crate::addr::Half::Upper(sel)) if sel.bank == 0 => {
                384 + usize::from(sel.page) * HALF_LEN
            }
            (false, 0x50, crate::addr::Half::Upper(sel)) if sel.bank == 0 => {
                128 + usize::from(sel.page) * HALF_LEN
            }
            _ => {
                dropped.push(id);
                continue;
            }
        };
        if out.len() < start + HALF_LEN {
            out.resize(start + HALF_LEN, 0);
        }
        out[start..start + HALF_LEN].copy_from_slice(page);
    }
    (out, dropped)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_address_layout_places_page_n_at_128_plus_n_times_128() {
        let mut bytes = vec![0u8; 128 + 3 * 128];
        bytes[0] = 0x18; // QSFP-DD
        bytes[128 + 2 * 128] = 0xAA; // page 02h byte 128
        let img = parse(&bytes).unwrap();
        assert_eq!(img.upper(2).unwrap()[0], 0xAA);
        assert!(img.upper(0).is_none(), "all-zero page 00h is absent");
        assert!(img.upper(1).is_none());
        let (back, dropped) = write(&img);
        assert!(dropped.is_empty());
        assert_eq!(back, bytes);
    }

    #[test]
    fn sfp_layout_is_a0_then_a2_then_a2_pages() {
        let mut bytes = vec![0u8; 512];
        bytes[0] = 0x03;
        bytes[200] = 1; // A0h byte 200
        bytes[256 + 96] = 2; // A2h byte 96
        bytes[384 + 5] = 3; // A2h page 00h byte 133
        let img = parse(&bytes).unwrap();
        assert_eq!(img.upper(0).unwrap()[72], 1);
        assert_eq!(img.get(SegmentId::A2_LOWER).unwrap()[96], 2);
        assert_eq!(img.get(SegmentId::a2_upper(0)).unwrap()[5], 3);
        assert_eq!(write(&img).0, bytes);
    }

    #[test]
    fn bad_sizes_are_refused_with_the_size() {
        for len in [0, 100, 129, FULL_ONE_ADDRESS + 128] {
            let mut b = vec![0u8; len];
            if let Some(x) = b.first_mut() {
                *x = 0x11;
            }
            assert_eq!(parse(&b), Err(FlatError::BadSize { len }));
        }
        let mut b = vec![0u8; FULL_SFP];
        b[0] = 0x03;
        assert!(parse(&b).is_ok());
    }
}
