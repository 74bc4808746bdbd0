//! Tests across the formats: the real fixtures through every reader and writer, and `read` on
//! arbitrary input.

use std::path::PathBuf;

/// A file of `/work/shared/fixtures/real`, found by walking up from the crate directory.
pub(super) fn fixture(name: &str) -> Vec<u8> {
    let mut dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    loop {
        let candidate = dir.join("shared/fixtures/real").join(name);
        if candidate.is_file() {
            return std::fs::read(&candidate).unwrap();
        }
        let candidate = dir.join("fixtures/real").join(name);
        if candidate.is_file() {
            return std::fs::read(&candidate).unwrap();
        }
        assert!(dir.pop(), "fixture {name} not found above the crate");
    }
}

/// Every real fixture file name.
pub(super) const FIXTURES: [&str; 6] = [
    "sfp-finisar-ftlx8571d3bcl.bin",
    "qsfp-molex-1110401054-dac.bin",
    "osfp-juniper-740-174932-800g-dr8.bin",
    "osfp-credo-cac845301a2nc2xa-aec-1.bin",
    "osfp-credo-cac845301a2nc2xa-aec-2.bin",
    "qsfpdd-cisco-68-103205-02-copper.bin",
];

/// `bytes` as ethtool.c `dump_hex` prints them, the first at `offset`.
pub(super) fn linear_ethtool(bytes: &[u8], offset: usize) -> String {
    let mut s = String::from("Offset\t\tValues\n------\t\t------");
    for (i, b) in bytes.iter().enumerate() {
        if i % 16 == 0 {
            s.push_str(&format!("\n0x{:04x}:\t\t", i + offset));
        }
        s.push_str(&format!("{b:02x} "));
    }
    s.push('\n');
    s
}

/// 256 bytes as i2c-tools `i2cdump` prints them in byte mode.
pub(super) fn i2cdump_text(bytes: &[u8]) -> String {
    let mut s =
        String::from("     0  1  2  3  4  5  6  7  8  9  a  b  c  d  e  f    0123456789abcdef\n");
    for (r, row) in bytes.chunks(16).enumerate() {
        s.push_str(&format!("{:02x}: ", r * 16));
        for b in row {
            s.push_str(&format!("{b:02x} "));
        }
        s.push_str("   ");
        for b in row {
            s.push(match b {
                0x00 | 0xff => '.',
                0x20..=0x7e => char::from(*b),
                _ => '?',
            });
        }
        s.push('\n');
    }
    s
}

mod round_trips {
    use super::*;
    use crate::memmap::image::{ImageError, ImageFormat, flat, read, yaml};

    #[test]
    fn every_fixture_survives_flat_to_yaml_to_image() {
        for name in FIXTURES {
            let bytes = fixture(name);
            let image = flat::parse(&bytes).unwrap();
            let text = yaml::write(&image, Some(name), Some("fixtures/real"));
            let back = read(text.as_bytes()).unwrap();
            assert_eq!(back.format, ImageFormat::Yaml, "{name}");
            assert_eq!(back.image, image, "{name}");
            assert_eq!(back.description.as_deref(), Some(name));
            assert_eq!(back.source.as_deref(), Some("fixtures/real"));
        }
    }

    #[test]
    fn every_fixture_survives_image_to_flat_to_image() {
        for name in FIXTURES {
            let bytes = fixture(name);
            let image = flat::parse(&bytes).unwrap();
            let (written, dropped) = flat::write(&image);
            assert!(dropped.is_empty(), "{name}");
            let back = read(&written).unwrap();
            assert_eq!(back.format, ImageFormat::Flat);
            assert_eq!(back.image, image, "{name}");
        }
    }

    #[test]
    fn read_detects_each_format_by_content() {
        let bytes = fixture("osfp-juniper-740-174932-800g-dr8.bin");
        let image = flat::parse(&bytes).unwrap();
        assert_eq!(read(&bytes).unwrap().format, ImageFormat::Flat);
        // ethtool, legacy linear layout: lower + pages 00h-03h.
        let eth = read(linear_ethtool(&bytes[..640], 0).as_bytes()).unwrap();
        assert_eq!(eth.format, ImageFormat::EthtoolHex);
        assert_eq!(&eth.image.upper(2).unwrap()[..], &bytes[384..512]);
        // Page 03h is explicit zeros in text (the flat layout treats zero pages as absent).
        assert_eq!(eth.image.upper(3), Some(&[0u8; 128]));
        assert_eq!(image.upper(3), None);
        // i2cdump of the lower memory with page 00h selected.
        let dump = read(i2cdump_text(&bytes[..256]).as_bytes()).unwrap();
        assert_eq!(dump.format, ImageFormat::I2cdump);
        assert_eq!(dump.image.upper(0), image.upper(0));
        // YAML with a byte-order mark and a `sim` section.
        let mut text = String::from("\u{feff}");
        text.push_str(&yaml::write(&image, None, None));
        text.push_str("sim:\n  laser_off: true\n");
        let y = read(text.as_bytes()).unwrap();
        assert_eq!(y.format, ImageFormat::Yaml);
        assert_eq!(y.image, image);
        assert!(y.sim.is_some());
    }

    #[test]
    fn nothing_matches_says_what_is_accepted() {
        let e = read(&[0x41; 1000]).unwrap_err();
        assert_eq!(e, ImageError::NotAnImage { len: 1000 });
        assert_eq!(
            e.to_string(),
            "not a module image: 1000 bytes is not a flat binary size (a multiple of 128 up to 32896, or 33152 for SFP), and the text is neither YAML (format: optiqual.image/1), `ethtool -m ... hex on` output nor i2cdump output"
        );
        assert_eq!(read(b"").unwrap_err(), ImageError::NotAnImage { len: 0 });
        // Not UTF-8, right size: a flat binary.
        let mut bin = vec![0xffu8; 256];
        bin[0] = 0x11;
        assert_eq!(read(&bin).unwrap().format, ImageFormat::Flat);
        // Text of no known format falls back to the flat layout, by size.
        let prose = "a".repeat(256);
        assert_eq!(read(prose.as_bytes()).unwrap().format, ImageFormat::Flat);
        assert_eq!(
            read("hello\n".as_bytes()).unwrap_err(),
            ImageError::NotAnImage { len: 6 }
        );
    }
}

mod no_panics {
    use proptest::prelude::*;

    use crate::memmap::image::read;

    /// Lines that are almost valid in one format or another.
    fn near_valid_line() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("Offset\t\tValues".to_string()),
            Just("------\t\t------".to_string()),
            Just(
                "     0  1  2  3  4  5  6  7  8  9  a  b  c  d  e  f    0123456789abcdef"
                    .to_string()
            ),
            Just("format: optiqual.image/1".to_string()),
            Just("segments:".to_string()),
            Just("  - page: lower".to_string()),
            Just("    hex: |".to_string()),
            Just("Page: 0x11".to_string()),
            Just("Bank: 0x1".to_string()),
            Just("I2C Address: 0x51".to_string()),
            Just("# page 03h".to_string()),
            Just("i2cdump -y 1 0x51".to_string()),
            (0u32..0x9000, proptest::collection::vec(any::<u8>(), 0..20)).prop_map(|(o, b)| {
                let hex: Vec<String> = b.iter().map(|x| format!("{x:02x}")).collect();
                format!("0x{o:04x}:\t\t{}", hex.join(" "))
            }),
            (0u8..16, proptest::collection::vec(any::<u8>(), 0..17)).prop_map(|(r, b)| {
                let hex: Vec<String> = b.iter().map(|x| format!("{x:02x}")).collect();
                format!("{:02x}: {} XX", r * 16, hex.join(" "))
            }),
            proptest::collection::vec(any::<u8>(), 0..16).prop_map(|b| {
                let hex: Vec<String> = b.iter().map(|x| format!("{x:02X}")).collect();
                format!("      {}  # 0", hex.join(" "))
            }),
            "[ -~\t]{0,40}",
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..40_000)) {
            let _ = read(&bytes);
        }

        #[test]
        fn arbitrary_sizes_of_a_real_header_never_panic(len in 0usize..40_000, id in any::<u8>()) {
            let mut bytes = vec![0u8; len];
            if let Some(b) = bytes.first_mut() {
                *b = id;
            }
            let _ = read(&bytes);
        }

        #[test]
        fn near_valid_text_never_panics(lines in proptest::collection::vec(near_valid_line(), 0..60)) {
            let text = lines.join("\n");
            let _ = read(text.as_bytes());
        }
    }
}
