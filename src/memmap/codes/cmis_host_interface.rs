//! CMIS host electrical interface IDs, SFF-8024 Table 4-5 (reference/sff-8024.md §5a): byte 1
//! of each Application Descriptor (lower page 86-117, Page 01h:223-250).
//!
//! The reference lists a subset; the other assigned codes come from the newest SN table
//! (`codes/public/sff8024.py`, the source the reference transcribed) and are marked "SN".

/// Host ID that marks an unused descriptor, the end of the application list (reference §5).
pub const UNUSED: u8 = 0xFF;

/// Name of a CMIS host electrical interface ID (SFF-8024 Table 4-5).
///
/// 0xFF is "Unused" (end of the descriptor list); 0xCE-0xFE are "Custom" (OX, UNCONFIRMED);
/// other unassigned codes are "Reserved".
pub fn host_interface_name(code: u8) -> &'static str {
    match code {
        0x00 => "Undefined",
        0x01 => "1000BASE-CX",
        0x02 => "XAUI",
        0x03 => "XFI",
        0x04 => "SFI",
        0x05 => "25GAUI C2M",
        0x06 => "XLAUI C2M",
        0x07 => "XLPPI",
        0x08 => "LAUI-2 C2M",
        0x09 => "50GAUI-2 C2M",
        0x0A => "50GAUI-1 C2M",
        0x0B => "CAUI-4 C2M",
        0x0C => "100GAUI-4 C2M",
        0x0D => "100GAUI-2 C2M",
        0x0E => "200GAUI-8 C2M",
        0x0F => "200GAUI-4 C2M",
        0x10 => "400GAUI-16 C2M",
        // Annex 120E.
        0x11 => "400GAUI-8 C2M",
        // SN: 0x13-0x16, 0x18, 0x19, 0x1B.
        0x13 => "10GBASE-CX4",
        0x14 => "25GBASE-CR CA-25G-L",
        0x15 => "25GBASE-CR CA-25G-S",
        0x16 => "25GBASE-CR CA-25G-N",
        0x17 => "40GBASE-CR4",
        0x18 => "50GBASE-CR",
        0x19 => "100GBASE-CR10",
        0x1A => "100GBASE-CR4",
        0x1B => "100GBASE-CR2",
        0x1C => "200GBASE-CR4",
        0x1D => "400G CR8",
        // SN 0x1E-0x53. Older SN revisions had BASE-T hosts at 0x1E-0x23; the newest has these.
        0x1E => "200GBASE-CR1",
        0x1F => "400GBASE-CR2",
        0x20 => "LEI-100G-PAM4-1",
        0x21 => "LEI-200G-PAM4-2",
        0x22 => "LEI-400G-PAM4-4",
        0x23 => "LEI-800G-PAM4-8",
        0x24 => "50GBASE-T",
        0x25 => "8GFC",
        0x26 => "10GFC",
        0x27 => "16GFC",
        0x28 => "32GFC",
        0x29 => "64GFC",
        0x2A => "128GFC (FC-PI-6P)",
        0x2B => "256GFC",
        0x2C => "IB SDR",
        0x2D => "IB DDR",
        0x2E => "IB QDR",
        0x2F => "IB FDR",
        0x30 => "IB EDR",
        0x31 => "IB HDR",
        0x32 => "IB NDR",
        0x33 => "CPRI E.96",
        0x34 => "CPRI E.99",
        0x35 => "CPRI E.119",
        0x36 => "CPRI E.238",
        0x37 => "OTL3.4",
        0x38 => "OTL4.10",
        0x39 => "OTL4.4",
        0x3A => "OTLC.4",
        0x3B => "FOIC1.4",
        0x3C => "FOIC1.2",
        0x3D => "FOIC2.8",
        0x3E => "FOIC2.4",
        0x3F => "FOIC4.16",
        0x40 => "FOIC4.8",
        0x41 => "CAUI-4 C2M without FEC",
        0x42 => "CAUI-4 C2M with RS(528,514) FEC",
        0x43 => "50GBASE-CR2 (ETC) with RS(528,514) FEC",
        0x44 => "50GBASE-CR2 (ETC) with BASE-R FEC",
        0x45 => "50GBASE-CR2 (ETC) without FEC",
        0x46 => "100GBASE-CR1",
        0x47 => "200GBASE-CR2",
        0x48 => "400GBASE-CR4",
        0x49 => "800G-ETC-CR8",
        0x4A => "128GFC (FC-PI-8)",
        0x4B => "100GAUI-1-S C2M",
        0x4C => "100GAUI-1-L C2M",
        0x4D => "200GAUI-2-S C2M",
        0x4E => "200GAUI-2-L C2M",
        0x4F => "400GAUI-4-S C2M",
        0x50 => "400GAUI-4-L C2M",
        0x51 => "800GAUI-8-S C2M",
        0x52 => "800GAUI-8-L C2M",
        0x53 => "OTL4.2",
        // SN: 0x57, 0x58, 0x74.
        0x57 => "800GBASE-CR4",
        0x58 => "1.6TBASE-CR8",
        0x74 => "CEI-112G-LINEAR-PAM4",
        0x80 => "200GAUI-1 (Annex 176E)",
        0x81 => "400GAUI-2 (Annex 176E)",
        0x82 => "800GAUI-4 (Annex 176E)",
        0x83 => "1.6TAUI-8 (Annex 176E)",
        // SN: 0x90-0x97, 0xA0.
        0x90 => "EEI-100G-RTLR-1-S",
        0x91 => "EEI-100G-RTLR-1-L",
        0x92 => "EEI-200G-RTLR-2-S",
        0x93 => "EEI-200G-RTLR-2-L",
        0x94 => "EEI-400G-RTLR-4-S",
        0x95 => "EEI-400G-RTLR-4-L",
        0x96 => "EEI-800G-RTLR-8-S",
        0x97 => "EEI-800G-RTLR-8-L",
        0xA0 => "IB XDR",
        // OX only (UNCONFIRMED): the custom range of Table 4-5.
        0xCE..=0xFE => "Custom",
        UNUSED => "Unused",
        _ => "Reserved",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::memmap::codes::test_table::assert_table;

    /// Every row of reference/sff-8024.md §5a (SFF-8024 Table 4-5 subset).
    const REFERENCE: &[(u8, &str)] = &[
        (1, "1000BASE-CX"),
        (2, "XAUI"),
        (3, "XFI"),
        (4, "SFI"),
        (5, "25GAUI C2M"),
        (6, "XLAUI C2M"),
        (7, "XLPPI"),
        (8, "LAUI-2 C2M"),
        (9, "50GAUI-2 C2M"),
        (10, "50GAUI-1 C2M"),
        (11, "CAUI-4 C2M"),
        (12, "100GAUI-4 C2M"),
        (13, "100GAUI-2 C2M"),
        (14, "200GAUI-8 C2M"),
        (15, "200GAUI-4 C2M"),
        (16, "400GAUI-16 C2M"),
        (17, "400GAUI-8 C2M"),
        (23, "40GBASE-CR4"),
        (26, "100GBASE-CR4"),
        (28, "200GBASE-CR4"),
        (29, "400G CR8"),
        (65, "CAUI-4 C2M without FEC"),
        (66, "CAUI-4 C2M with RS(528,514) FEC"),
        (70, "100GBASE-CR1"),
        (71, "200GBASE-CR2"),
        (72, "400GBASE-CR4"),
        (75, "100GAUI-1-S C2M"),
        (76, "100GAUI-1-L C2M"),
        (77, "200GAUI-2-S C2M"),
        (78, "200GAUI-2-L C2M"),
        (79, "400GAUI-4-S C2M"),
        (80, "400GAUI-4-L C2M"),
        (81, "800GAUI-8-S C2M"),
        (82, "800GAUI-8-L C2M"),
        (128, "200GAUI-1 (Annex 176E)"),
        (129, "400GAUI-2 (Annex 176E)"),
        (130, "800GAUI-4 (Annex 176E)"),
        (131, "1.6TAUI-8 (Annex 176E)"),
        (255, "Unused"),
    ];

    /// Assigned codes the reference leaves out, from SN `HOST_ELECTRICAL_INTERFACE`.
    const SN_EXTRA: &[(u8, &str)] = &[
        (0, "Undefined"),
        (19, "10GBASE-CX4"),
        (20, "25GBASE-CR CA-25G-L"),
        (21, "25GBASE-CR CA-25G-S"),
        (22, "25GBASE-CR CA-25G-N"),
        (24, "50GBASE-CR"),
        (25, "100GBASE-CR10"),
        (27, "100GBASE-CR2"),
        (30, "200GBASE-CR1"),
        (31, "400GBASE-CR2"),
        (32, "LEI-100G-PAM4-1"),
        (33, "LEI-200G-PAM4-2"),
        (34, "LEI-400G-PAM4-4"),
        (35, "LEI-800G-PAM4-8"),
        (36, "50GBASE-T"),
        (37, "8GFC"),
        (38, "10GFC"),
        (39, "16GFC"),
        (40, "32GFC"),
        (41, "64GFC"),
        (42, "128GFC (FC-PI-6P)"),
        (43, "256GFC"),
        (44, "IB SDR"),
        (45, "IB DDR"),
        (46, "IB QDR"),
        (47, "IB FDR"),
        (48, "IB EDR"),
        (49, "IB HDR"),
        (50, "IB NDR"),
        (51, "CPRI E.96"),
        (52, "CPRI E.99"),
        (53, "CPRI E.119"),
        (54, "CPRI E.238"),
        (55, "OTL3.4"),
        (56, "OTL4.10"),
        (57, "OTL4.4"),
        (58, "OTLC.4"),
        (59, "FOIC1.4"),
        (60, "FOIC1.2"),
        (61, "FOIC2.8"),
        (62, "FOIC2.4"),
        (63, "FOIC4.16"),
        (64, "FOIC4.8"),
        (67, "50GBASE-CR2 (ETC) with RS(528,514) FEC"),
        (68, "50GBASE-CR2 (ETC) with BASE-R FEC"),
        (69, "50GBASE-CR2 (ETC) without FEC"),
        (73, "800G-ETC-CR8"),
        (74, "128GFC (FC-PI-8)"),
        (83, "OTL4.2"),
        (87, "800GBASE-CR4"),
        (88, "1.6TBASE-CR8"),
        (116, "CEI-112G-LINEAR-PAM4"),
        (144, "EEI-100G-RTLR-1-S"),
        (145, "EEI-100G-RTLR-1-L"),
        (146, "EEI-200G-RTLR-2-S"),
        (147, "EEI-200G-RTLR-2-L"),
        (148, "EEI-400G-RTLR-4-S"),
        (149, "EEI-400G-RTLR-4-L"),
        (150, "EEI-800G-RTLR-8-S"),
        (151, "EEI-800G-RTLR-8-L"),
        (160, "IB XDR"),
    ];

    #[test]
    fn every_code_matches_table_4_5() {
        let all: Vec<(u8, &str)> = REFERENCE.iter().chain(SN_EXTRA).copied().collect();
        // Unassigned: custom 206-254 (0xCE-0xFE), else reserved.
        assert_table(host_interface_name, &all, |c| {
            if (206..=254).contains(&c) {
                "Custom"
            } else {
                "Reserved"
            }
        });
    }

    #[test]
    fn unused_reserved_and_custom() {
        assert_eq!(host_interface_name(UNUSED), "Unused");
        for c in [18, 84, 86, 89, 115, 117, 127, 132, 143, 152, 161, 0xCD] {
            assert_eq!(host_interface_name(c), "Reserved", "code {c}");
        }
        for c in [0xCE, 0xE0, 0xFE] {
            assert_eq!(host_interface_name(c), "Custom", "code {c:#04x}");
        }
    }
}
