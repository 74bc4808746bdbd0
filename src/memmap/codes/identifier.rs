//! SFF-8024 Table 4-1 identifier values (reference/sff-8024.md §1): the module type in byte 0
//! (SFF-8472 A0h:0, SFF-8636 byte 0 and Page 00h:128, CMIS byte 0 and Page 00h:128).

/// Name of an identifier code (SFF-8024 Table 4-1).
///
/// Codes the table does not list are "Reserved"; 0x80-0xFF are "Vendor specific".
pub fn identifier_name(code: u8) -> &'static str {
    match code {
        0x00 => "Unknown or unspecified",
        0x01 => "GBIC",
        0x02 => "Module/connector soldered to board",
        0x03 => "SFP / SFP+ / SFP28",
        0x04 => "300-pin XBI",
        0x05 => "XENPAK",
        0x06 => "XFP",
        0x07 => "XFF",
        0x08 => "XFP-E",
        0x09 => "XPAK",
        0x0A => "X2",
        0x0B => "DWDM-SFP/SFP+",
        0x0C => "QSFP (INF-8438)",
        0x0D => "QSFP+ or later (SFF-8436/SFF-8636)",
        0x0E => "CXP or later",
        0x0F => "Shielded Mini Multilane HD 4X",
        0x10 => "Shielded Mini Multilane HD 8X",
        0x11 => "QSFP28 or later (SFF-8636)",
        0x12 => "CXP2 (CXP28)",
        0x13 => "CDFP style 1/2",
        0x14 => "HD4X fan-out",
        0x15 => "HD8X fan-out",
        0x16 => "CDFP style 3",
        0x17 => "microQSFP",
        0x18 => "QSFP-DD",
        0x19 => "OSFP 8X",
        0x1A => "SFP-DD",
        0x1B => "DSFP",
        0x1C => "x4 MiniLink / OcuLink",
        0x1D => "x8 MiniLink",
        0x1E => "QSFP+ or later with CMIS",
        0x1F => "SFP-DD with CMIS",
        0x20 => "SFP+ with CMIS",
        0x21 => "OSFP-XD with CMIS",
        0x22 => "OIF-ELSP with CMIS",
        // SN only, UNCONFIRMED in the spec text (reference §1).
        0x26 => "XPO",
        // SN only, UNCONFIRMED in the spec text (reference §1).
        0x7E => "Backplane cartridge",
        // SN allocates 0x80 to CPO, but the range is vendor specific (reference §1).
        0x80..=0xFF => "Vendor specific",
        _ => "Reserved",
    }
}

/// Whether an identifier code lies in the vendor-specific range 0x80-0xFF (SFF-8024 Table 4-1).
pub fn is_vendor_specific_identifier(code: u8) -> bool {
    code >= 0x80
}

/// Short form-factor label for an identifier code ("SFP", "QSFP28", "QSFP-DD", "OSFP", ...).
///
/// "Unknown" for 0x00, reserved and vendor-specific codes.
pub fn form_factor(code: u8) -> &'static str {
    match code {
        0x01 => "GBIC",
        0x02 => "Soldered",
        0x03 => "SFP",
        0x04 => "XBI",
        0x05 => "XENPAK",
        0x06 => "XFP",
        0x07 => "XFF",
        0x08 => "XFP-E",
        0x09 => "XPAK",
        0x0A => "X2",
        0x0B => "DWDM-SFP",
        0x0C => "QSFP",
        0x0D => "QSFP+",
        0x0E => "CXP",
        0x0F => "HD4X",
        0x10 => "HD8X",
        0x11 => "QSFP28",
        0x12 => "CXP2",
        0x13 | 0x16 => "CDFP",
        0x14 => "HD4X fan-out",
        0x15 => "HD8X fan-out",
        0x17 => "microQSFP",
        0x18 => "QSFP-DD",
        0x19 => "OSFP",
        0x1A | 0x1F => "SFP-DD",
        0x1B => "DSFP",
        0x1C => "MiniLink x4",
        0x1D => "MiniLink x8",
        0x1E => "QSFP+",
        0x20 => "SFP+",
        0x21 => "OSFP-XD",
        0x22 => "OIF-ELSP",
        0x26 => "XPO",
        0x7E => "Backplane cartridge",
        _ => "Unknown",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::memmap::codes::test_table::assert_table;

    /// Every row of reference/sff-8024.md §1 (SFF-8024 Table 4-1), 0x80-0xFF checked below.
    const LISTED: &[(u8, &str)] = &[
        (0x00, "Unknown or unspecified"),
        (0x01, "GBIC"),
        (0x02, "Module/connector soldered to board"),
        (0x03, "SFP / SFP+ / SFP28"),
        (0x04, "300-pin XBI"),
        (0x05, "XENPAK"),
        (0x06, "XFP"),
        (0x07, "XFF"),
        (0x08, "XFP-E"),
        (0x09, "XPAK"),
        (0x0A, "X2"),
        (0x0B, "DWDM-SFP/SFP+"),
        (0x0C, "QSFP (INF-8438)"),
        (0x0D, "QSFP+ or later (SFF-8436/SFF-8636)"),
        (0x0E, "CXP or later"),
        (0x0F, "Shielded Mini Multilane HD 4X"),
        (0x10, "Shielded Mini Multilane HD 8X"),
        (0x11, "QSFP28 or later (SFF-8636)"),
        (0x12, "CXP2 (CXP28)"),
        (0x13, "CDFP style 1/2"),
        (0x14, "HD4X fan-out"),
        (0x15, "HD8X fan-out"),
        (0x16, "CDFP style 3"),
        (0x17, "microQSFP"),
        (0x18, "QSFP-DD"),
        (0x19, "OSFP 8X"),
        (0x1A, "SFP-DD"),
        (0x1B, "DSFP"),
        (0x1C, "x4 MiniLink / OcuLink"),
        (0x1D, "x8 MiniLink"),
        (0x1E, "QSFP+ or later with CMIS"),
        (0x1F, "SFP-DD with CMIS"),
        (0x20, "SFP+ with CMIS"),
        (0x21, "OSFP-XD with CMIS"),
        (0x22, "OIF-ELSP with CMIS"),
        (0x26, "XPO"),
        (0x7E, "Backplane cartridge"),
    ];

    #[test]
    fn every_code_matches_table_4_1() {
        // Unlisted codes below 0x80 are reserved; 0x80-0xFF vendor specific (Table 4-1).
        assert_table(identifier_name, LISTED, |c| {
            if c >= 0x80 {
                "Vendor specific"
            } else {
                "Reserved"
            }
        });
    }

    #[test]
    fn reserved_and_vendor_ranges() {
        for c in [0x23, 0x24, 0x25, 0x27, 0x50, 0x7D, 0x7F] {
            assert_eq!(identifier_name(c), "Reserved", "code {c:#04x}");
            assert!(!is_vendor_specific_identifier(c));
        }
        for c in [0x80, 0x81, 0xC0, 0xFE, 0xFF] {
            assert_eq!(identifier_name(c), "Vendor specific", "code {c:#04x}");
            assert!(is_vendor_specific_identifier(c));
        }
        assert!(!is_vendor_specific_identifier(0x00));
    }

    #[test]
    fn every_dispatched_identifier_is_named() {
        // §1 "Rule for the harness": the parsed families all have named identifiers.
        use crate::memmap::codes::family_for_identifier;
        for code in 0..=u8::MAX {
            if family_for_identifier(code).is_some() {
                assert_ne!(identifier_name(code), "Reserved", "code {code:#04x}");
                assert_ne!(form_factor(code), "Unknown", "code {code:#04x}");
            }
        }
    }

    #[test]
    fn form_factor_labels() {
        let cases: &[(u8, &str)] = &[
            (0x00, "Unknown"),
            (0x03, "SFP"),
            (0x0B, "DWDM-SFP"),
            (0x0C, "QSFP"),
            (0x0D, "QSFP+"),
            (0x11, "QSFP28"),
            (0x18, "QSFP-DD"),
            (0x19, "OSFP"),
            (0x1A, "SFP-DD"),
            (0x1E, "QSFP+"),
            (0x1F, "SFP-DD"),
            (0x20, "SFP+"),
            (0x21, "OSFP-XD"),
            (0x22, "OIF-ELSP"),
            (0x23, "Unknown"),
            (0x80, "Unknown"),
            (0xFF, "Unknown"),
        ];
        for &(code, want) in cases {
            assert_eq!(form_factor(code), want, "code {code:#04x}");
        }
        // Every named identifier has a label; reserved and vendor codes do not.
        for &(code, _) in &LISTED[1..] {
            assert_ne!(form_factor(code), "Unknown", "code {code:#04x}");
        }
    }
}
