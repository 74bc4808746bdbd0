//! CMIS write allowlist (reference/cmis.md; CMIS 5.2 register tables named by title, the table
//! numbers differ between revisions).

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

const fn page(
    p: u8,
    first: u8,
    last: u8,
    bits: u8,
    what: &'static str,
    cite: &'static str,
) -> Entry {
    Entry {
        device: DeviceAddr::A0,
        area: Area::Page(p),
        first,
        last,
        bits,
        what,
        cite,
    }
}

/// What may be written without a grant.
pub(super) const ALLOWED: &[Entry] = &[
    lower(
        26,
        26,
        "module global controls (LowPwrRequestSW, SoftwareReset, ...)",
        "CMIS 5.2 lower memory, Module Global Controls, byte 26",
    ),
    lower(
        31,
        36,
        "module-level flag masks",
        "CMIS 5.2 lower memory, Module-Level Masks, bytes 31-36",
    ),
    lower(
        126,
        127,
        "bank and page select",
        "CMIS 5.2 §8.2.15 Page Mapping, BankSelect 126 / PageSelect 127",
    ),
    page(
        0x10,
        128,
        212,
        0xFF,
        "lane controls and staged control sets (per bank)",
        "CMIS 5.2 Page 10h Data Path/Lane Control, bytes 128-212",
    ),
    page(
        0x13,
        144,
        183,
        0xFF,
        "diagnostics controls: PRBS generators/checkers, clocking, loopbacks (per bank)",
        "CMIS 5.2 Page 13h Module Diagnostics Controls, bytes 144-183",
    ),
    page(
        0x14,
        128,
        128,
        0xFF,
        "diagnostics selector of page 14h (per bank)",
        "CMIS 5.2 Page 14h Diagnostics Selector, byte 128",
    ),
    page(
        0x2F,
        144,
        144,
        0x80,
        "VDM freeze request (bit 7)",
        "CMIS 5.2 Page 2Fh VDM Control, byte 144 bit 7",
    ),
];

/// Bytes refused with a specific explanation (everything not allowed is refused anyway).
pub(super) const REFUSED: &[Entry] = &[
    lower(
        118,
        121,
        "the password change entry",
        "CMIS 5.2 lower memory, Password Change Entry, bytes 118-121",
    ),
    lower(
        122,
        125,
        "the password entry",
        "CMIS 5.2 lower memory, Password Entry, bytes 122-125",
    ),
    page(
        0x00,
        128,
        255,
        0xFF,
        "the administrative (serial ID) page",
        "CMIS 5.2 Page 00h",
    ),
    page(
        0x01,
        128,
        255,
        0xFF,
        "the advertising page",
        "CMIS 5.2 Page 01h",
    ),
    page(
        0x02,
        128,
        255,
        0xFF,
        "the threshold page",
        "CMIS 5.2 Page 02h",
    ),
    page(
        0x03,
        128,
        255,
        0xFF,
        "the user NVM page",
        "CMIS 5.2 Page 03h User EEPROM",
    ),
    Entry {
        device: DeviceAddr::A0,
        area: Area::Pages(0x9F, 0xAF),
        first: 128,
        last: 255,
        bits: 0xFF,
        what: "a CDB command or extended payload page",
        cite: "CMIS 5.2 Page 9Fh CDB, Pages A0h-AFh EPL",
    },
    Entry {
        device: DeviceAddr::A0,
        area: Area::Pages(0x80, 0xFF),
        first: 128,
        last: 255,
        bits: 0xFF,
        what: "a custom (vendor) page",
        cite: "CMIS 5.2 page map, custom pages",
    },
];
