//! SFF-8472 write allowlist (reference/sff-8472.md §2; SFF-8472 rev 12.4 Table 9-11 status and
//! control bits, Table 9-17 extended control).

use crate::addr::DeviceAddr;

use super::allowlist::{Area, Entry};

const fn a2(first: u8, last: u8, bits: u8, what: &'static str, cite: &'static str) -> Entry {
    Entry {
        device: DeviceAddr::A2,
        area: Area::Lower,
        first,
        last,
        bits,
        what,
        cite,
    }
}

/// What may be written without a grant. Byte 110: only bit 6 (soft TX_DISABLE) and bit 3 (soft
/// RS(0)) are writable, the rest are pin states. Byte 118: bit 3 soft RS(1) and bit 0 power
/// level select (bit 0 per reference/sff-8472.md §2; bit 3 per SFF-8472 Table 9-17, not in the
/// reference set).
pub(super) const ALLOWED: &[Entry] = &[
    a2(
        110,
        110,
        0x48,
        "status/control: soft TX_DISABLE (bit 6) and soft rate select RS(0) (bit 3)",
        "SFF-8472 Table 9-11, A2h byte 110",
    ),
    a2(
        118,
        118,
        0x09,
        "extended control: soft RS(1) (bit 3) and power level select (bit 0)",
        "SFF-8472 Table 9-17, A2h byte 118",
    ),
];

/// A2h byte 127, allowed only when A0h 64.4 says A2h is paged.
pub(super) const PAGE_SELECT: Entry = a2(
    127,
    127,
    0xFF,
    "A2h page select",
    "SFF-8472 §4 memory map, A2h byte 127 (valid when A0h 64.4 is set)",
);

/// Bytes refused with a specific explanation.
pub(super) const REFUSED: &[Entry] = &[
    Entry {
        device: DeviceAddr::A0,
        area: Area::Lower,
        first: 0,
        last: 127,
        bits: 0xFF,
        what: "serial ID (A0h)",
        cite: "SFF-8472 Table 4-1",
    },
    Entry {
        device: DeviceAddr::A0,
        area: Area::Page(0),
        first: 128,
        last: 255,
        bits: 0xFF,
        what: "reserved A0h memory",
        cite: "SFF-8472 Table 4-1",
    },
    a2(
        0,
        55,
        0xFF,
        "alarm and warning thresholds",
        "SFF-8472 Table 9-5, A2h bytes 0-55",
    ),
    a2(
        56,
        95,
        0xFF,
        "external calibration constants and checksum",
        "SFF-8472 Table 9-6, A2h bytes 56-95",
    ),
    a2(
        123,
        126,
        0xFF,
        "the password entry (vendor specific)",
        "SFF-8472 Table 4-2, A2h bytes 123-126",
    ),
    a2(
        120,
        127,
        0xFF,
        "vendor specific",
        "SFF-8472 Table 4-2, A2h bytes 120-127",
    ),
    Entry {
        device: DeviceAddr::A2,
        area: Area::Pages(0x00, 0xFF),
        first: 128,
        last: 255,
        bits: 0xFF,
        what: "user EEPROM / vendor control",
        cite: "SFF-8472 Table 4-2, A2h bytes 128-255",
    },
];
