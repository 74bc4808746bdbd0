//! SFF-8636 / SFF-8436 write allowlist (reference/sff-8636.md §1; SFF-8636 rev 2.10 Table 6-2
//! lower page control bytes, §6.2.11 page select).

use crate::addr::DeviceAddr;

use super::allowlist::{Area, Entry};

const fn lower(first: u8, last: u8, what: &'static str, cite: &'static str) -> Entry {
    Entry {
        device: DeviceAddr::A0,
        area: Area::Lower,
        first,
        last,
        bits: 0xFF,
        what,
        cite,
    }
}

/// What may be written without a grant.
pub(super) const ALLOWED: &[Entry] = &[
    lower(
        86,
        86,
        "Tx disable",
        "SFF-8636 lower page control bytes, byte 86",
    ),
    lower(
        87,
        88,
        "Rx/Tx rate select",
        "SFF-8636 lower page control bytes, bytes 87-88",
    ),
    lower(
        93,
        93,
        "power control (Power_override, Power_set, high-power class enables)",
        "SFF-8636 lower page control bytes, byte 93",
    ),
    lower(
        98,
        98,
        "CDR control",
        "SFF-8636 lower page control bytes, byte 98",
    ),
    lower(
        100,
        106,
        "interrupt masks",
        "SFF-8636 lower page masks, bytes 100-106",
    ),
    lower(
        127,
        127,
        "page select",
        "SFF-8636 §6.2.11 Page Select Byte, byte 127",
    ),
];

/// Bytes refused with a specific explanation.
pub(super) const REFUSED: &[Entry] = &[
    lower(
        119,
        122,
        "the password change entry",
        "SFF-8636 lower page, bytes 119-122",
    ),
    lower(
        123,
        126,
        "the password entry",
        "SFF-8636 lower page, bytes 123-126",
    ),
    Entry {
        device: DeviceAddr::A0,
        area: Area::Page(0x00),
        first: 128,
        last: 255,
        bits: 0xFF,
        what: "the serial ID page",
        cite: "SFF-8636 Upper Page 00h",
    },
    Entry {
        device: DeviceAddr::A0,
        area: Area::Pages(0x01, 0x03),
        first: 128,
        last: 255,
        bits: 0xFF,
        what: "an application-select, user EEPROM or threshold page",
        cite: "SFF-8636 Upper Pages 01h-03h",
    },
    Entry {
        device: DeviceAddr::A0,
        area: Area::Pages(0x04, 0xFF),
        first: 128,
        last: 255,
        bits: 0xFF,
        what: "a vendor page",
        cite: "SFF-8636 pages 04h and above",
    },
];
