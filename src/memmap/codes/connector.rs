//! SFF-8024 Table 4-3 connector codes (reference/sff-8024.md §2): SFF-8472 A0h:2,
//! SFF-8636 Page 00h:130, CMIS Page 00h:203.

/// Name of a connector code (SFF-8024 Table 4-3).
///
/// 0x0E-0x1F and 0x29-0x7F are "Reserved"; 0x80-0xFF are "Vendor specific".
pub fn connector_name(code: u8) -> &'static str {
    match code {
        0x00 => "Unknown",
        0x01 => "SC",
        0x02 => "FC style 1 copper",
        0x03 => "FC style 2 copper",
        0x04 => "BNC/TNC",
        0x05 => "FC coax headers",
        0x06 => "Fiberjack",
        0x07 => "LC",
        0x08 => "MT-RJ",
        0x09 => "MU",
        0x0A => "SG",
        0x0B => "Optical pigtail",
        0x0C => "MPO 1x12",
        0x0D => "MPO 2x16",
        0x20 => "HSSDC II",
        0x21 => "Copper pigtail",
        0x22 => "RJ45",
        // DAC and AOC assemblies (reference §2).
        0x23 => "No separable connector",
        0x24 => "MXC 2x16",
        0x25 => "CS optical",
        // ET calls it "mini CS" (reference §2).
        0x26 => "SN optical",
        0x27 => "MPO 2x12",
        0x28 => "MPO 1x16",
        0x80..=0xFF => "Vendor specific",
        _ => "Reserved",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::memmap::codes::test_table::assert_table;

    /// Every named row of reference/sff-8024.md §2 (SFF-8024 Table 4-3).
    const LISTED: &[(u8, &str)] = &[
        (0x00, "Unknown"),
        (0x01, "SC"),
        (0x02, "FC style 1 copper"),
        (0x03, "FC style 2 copper"),
        (0x04, "BNC/TNC"),
        (0x05, "FC coax headers"),
        (0x06, "Fiberjack"),
        (0x07, "LC"),
        (0x08, "MT-RJ"),
        (0x09, "MU"),
        (0x0A, "SG"),
        (0x0B, "Optical pigtail"),
        (0x0C, "MPO 1x12"),
        (0x0D, "MPO 2x16"),
        (0x20, "HSSDC II"),
        (0x21, "Copper pigtail"),
        (0x22, "RJ45"),
        (0x23, "No separable connector"),
        (0x24, "MXC 2x16"),
        (0x25, "CS optical"),
        (0x26, "SN optical"),
        (0x27, "MPO 2x12"),
        (0x28, "MPO 1x16"),
    ];

    #[test]
    fn every_code_matches_table_4_3() {
        assert_table(connector_name, LISTED, |c| {
            if c >= 0x80 {
                "Vendor specific"
            } else {
                "Reserved"
            }
        });
    }

    #[test]
    fn reserved_and_vendor_ranges() {
        // Table 4-3: 0x0E-0x1F reserved, 0x29-0x7F reserved, 0x80-0xFF vendor specific.
        for c in [0x0E, 0x15, 0x1F, 0x29, 0x40, 0x7F] {
            assert_eq!(connector_name(c), "Reserved", "code {c:#04x}");
        }
        for c in [0x80, 0xA5, 0xFF] {
            assert_eq!(connector_name(c), "Vendor specific", "code {c:#04x}");
        }
    }
}
