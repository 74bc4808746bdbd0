//! No input panics: arbitrary bytes in arbitrary pages, for every spec family, through the
//! decoders, the report sections, JSON, the page planner and the flat image reader.

use optiqual::addr::SegmentId;
use optiqual::memmap::image::{ModuleImage, flat};
use optiqual::memmap::{advertised, decode};
use proptest::prelude::*;

/// Identifiers of every family, plus a few unsupported ones.
const IDS: &[u8] = &[
    0x02, 0x03, 0x0B, 0x0C, 0x0D, 0x11, 0x18, 0x19, 0x1B, 0x1E, 0x1F, 0x20, 0x21, 0x22, 0x00, 0x06,
    0x80, 0xFF,
];

/// Segments a module of any family may have.
fn all_segments() -> Vec<SegmentId> {
    let mut v = vec![SegmentId::A2_LOWER, SegmentId::a2_upper(0)];
    for p in [0x00, 0x01, 0x02, 0x03, 0x13, 0x14] {
        v.push(SegmentId::upper(p));
    }
    for bank in 0..4 {
        v.push(SegmentId::banked(bank, 0x10));
        v.push(SegmentId::banked(bank, 0x11));
    }
    for p in 0x20..=0x2F {
        v.push(SegmentId::upper(p));
    }
    v
}

fn page_bytes() -> impl Strategy<Value = [u8; 128]> {
    prop_oneof![
        prop::array::uniform32(any::<u8>()).prop_map(|a| {
            let mut p = [0u8; 128];
            for (i, b) in p.iter_mut().enumerate() {
                *b = a[i % 32].wrapping_mul(i as u8 | 1);
            }
            p
        }),
        Just([0xFF; 128]),
        Just([0x00; 128]),
        any::<u8>().prop_map(|b| [b; 128]),
    ]
}

fn image() -> impl Strategy<Value = ModuleImage> {
    let segs = all_segments();
    let n = segs.len();
    (
        prop::sample::select(IDS),
        page_bytes(),
        prop::collection::vec((0..n, page_bytes()), 0..12),
    )
        .prop_map(move |(id, mut lower, pages)| {
            lower[0] = id;
            let mut img = ModuleImage::new();
            img.insert(SegmentId::LOWER, lower);
            for (i, p) in pages {
                img.insert(segs[i], p);
            }
            img
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn decoders_never_panic(img in image()) {
        if let Ok(d) = decode(&img) {
            let _ = d.details.sections();
            prop_assert!(serde_json::to_string(&d).is_ok());
        }
        let _ = advertised::missing_segments(&img);
    }

    #[test]
    fn flat_reader_never_panics(len in 0usize..40_000, fill in any::<u8>(), id in prop::sample::select(IDS)) {
        let mut bytes = vec![fill; len];
        if let Some(b) = bytes.first_mut() {
            *b = id;
        }
        if let Ok(img) = flat::parse(&bytes) {
            let _ = decode(&img);
        }
    }
}
