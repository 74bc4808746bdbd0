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
