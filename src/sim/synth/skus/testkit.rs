//! Test helpers: independent checks on raw bytes (no builder or decoder code reused).

use crate::addr::SegmentId;
use crate::memmap::image::ModuleImage;

/// Low 8 bits of the plain sum of `bytes`.
pub fn plain_sum(bytes: &[u8]) -> u8 {
    let mut total: u32 = 0;
    for b in bytes {
        total += u32::from(*b);
    }
    (total % 256) as u8
}

/// The 128 bytes of `seg`, or a failed assertion.
pub fn seg(img: &ModuleImage, seg: SegmentId) -> [u8; 128] {
    match img.get(seg) {
        Some(p) => *p,
        None => panic!("{seg} missing"),
    }
}

/// Byte `offset` (spec numbering) of `s`.
pub fn b(img: &ModuleImage, s: SegmentId, offset: usize) -> u8 {
    seg(img, s)[offset - s.base()]
}

/// Big-endian U16 at `offset`.
pub fn u16_at(img: &ModuleImage, s: SegmentId, offset: usize) -> u16 {
    u16::from_be_bytes([b(img, s, offset), b(img, s, offset + 1)])
}

/// Big-endian S16 at `offset`.
pub fn i16_at(img: &ModuleImage, s: SegmentId, offset: usize) -> i16 {
    u16_at(img, s, offset) as i16
}

/// Every checksum of the image's map, from the spec tables, with a plain sum.
pub fn assert_checksums(img: &ModuleImage) {
    let check = |s: SegmentId, first: usize, last: usize, at: usize| {
        let p = seg(img, s);
        let base = s.base();
        assert_eq!(
            p[at - base],
            plain_sum(&p[first - base..=last - base]),
            "checksum {s} {first}-{last}@{at}"
        );
    };
    match img.identifier() {
        Some(0x03) => {
            check(SegmentId::LOWER, 0, 62, 63);
            check(SegmentId::LOWER, 64, 94, 95);
            check(SegmentId::A2_LOWER, 0, 94, 95);
        }
        Some(0x0D | 0x11) => {
            check(SegmentId::upper(0), 128, 190, 191);
            check(SegmentId::upper(0), 192, 222, 223);
        }
        Some(0x18 | 0x19) => {
            check(SegmentId::upper(0), 128, 221, 222);
            if img.upper(1).is_some() {
                check(SegmentId::upper(1), 130, 254, 255);
                check(SegmentId::upper(2), 128, 254, 255);
            }
        }
        other => panic!("unexpected identifier {other:?}"),
    }
}

/// A threshold block of four U16 (HA, LA, HW, LW) is ordered LA < LW < HW < HA and `live` lies
/// strictly between the warnings.
pub fn assert_u16_block(img: &ModuleImage, s: SegmentId, first: usize, live: &[u16]) {
    let [ha, la, hw, lw] = [0, 2, 4, 6].map(|k| u16_at(img, s, first + k));
    assert!(
        la < lw && lw < hw && hw < ha,
        "{s} {first}: {la} {lw} {hw} {ha}"
    );
    for v in live {
        assert!(
            lw < *v && *v < hw,
            "{s} {first}: live {v} outside {lw}..{hw}"
        );
    }
}

/// Same for a signed block.
pub fn assert_i16_block(img: &ModuleImage, s: SegmentId, first: usize, live: &[i16]) {
    let [ha, la, hw, lw] = [0, 2, 4, 6].map(|k| i16_at(img, s, first + k));
    assert!(
        la < lw && lw < hw && hw < ha,
        "{s} {first}: {la} {lw} {hw} {ha}"
    );
    for v in live {
        assert!(
            lw < *v && *v < hw,
            "{s} {first}: live {v} outside {lw}..{hw}"
        );
    }
}

/// ASCII field `first..=last` as text (padding kept).
pub fn text(img: &ModuleImage, s: SegmentId, first: usize, last: usize) -> String {
    let p = seg(img, s);
    String::from_utf8_lossy(&p[first - s.base()..=last - s.base()]).into_owned()
}

/// The image of a SKU, or a failed assertion naming the build problem.
pub fn built(
    sku: Result<crate::sim::synth::skus::Sku, crate::sim::synth::build::BuildError>,
) -> ModuleImage {
    match sku {
        Ok(s) => s.image,
        Err(e) => panic!("sku does not build: {e}"),
    }
}
