//! CMIS media interface IDs, SFF-8024 Tables 4-6 to 4-10 (reference/sff-8024.md §5b, §5c):
//! byte 2 of each Application Descriptor, read from the table that the media type (lower
//! byte 85) selects: 1 MMF, 2 SMF, 3 passive copper, 4 active cable, 5 BASE-T.
//!
//! The reference lists a subset of the MMF and SMF tables; the other assigned codes come from
//! the newest SN table (`codes/public/sff8024.py`, the source the reference transcribed).
//! 0xC0-0xFF are "Custom" in every media table (OX for copper, active cable and BASE-T;
//! UNCONFIRMED for MMF and SMF, where real modules do use 0xC0 and above, e.g. 0xE0).

use super::cmis_media_type;

/// Name of a CMIS media interface ID, from the table chosen by the media type (lower byte 85).
///
/// Unassigned codes are "Reserved", 0xC0-0xFF "Custom". With a custom media type the ID is
/// "Custom"; with an undefined or reserved media type no table applies and it is "Unknown".
pub fn media_interface_name(media_type: u8, code: u8) -> &'static str {
    match media_type {
        0x01 => mmf(code),
        0x02 => smf(code),
        0x03 => passive_copper(code),
        0x04 => active_cable(code),
        0x05 => base_t(code),
        t if cmis_media_type::CUSTOM.contains(&t) => "Custom",
        _ => "Unknown",
    }
}

/// SFF-8024 Table 4-6, MMF media interface IDs (media type 1).
fn mmf(code: u8) -> &'static str {
    match code {
        0x00 => "Undefined",
        0x01 => "10GBASE-SW",
        0x02 => "10GBASE-SR",
        0x03 => "25GBASE-SR",
        0x04 => "40GBASE-SR4",
        0x05 => "40GE SWDM4",
        0x06 => "40GE BiDi",
        0x07 => "50GBASE-SR",
        0x08 => "100GBASE-SR10",
        0x09 => "100GBASE-SR4",
        0x0A => "100GE SWDM4",
        0x0B => "100GE BiDi",
        0x0C => "100GBASE-SR2",
        // SN "100G-SR (placeholder)"; OX "100GBASE-SR1".
        0x0D => "100GBASE-SR1",
        0x0E => "200GBASE-SR4",
        0x0F => "400GBASE-SR16",
        0x10 => "400GBASE-SR8",
        0x11 => "400G-SR4",
        0x12 => "800G-SR8",
        0x13 => "8GFC-MM",
        0x14 => "10GFC-MM",
        0x15 => "16GFC-MM",
        0x16 => "32GFC-MM",
        0x17 => "64GFC-MM",
        0x18 => "128GFC-MM4",
        0x19 => "256GFC-MM4",
        0x1A => "400GBASE-SR4.2 (BiDi)",
        0x1B => "200G-SR2",
        0x1C => "128GFC-MM",
        0x1D => "100G-VR1",
        0x1E => "200G-VR2",
        0x1F => "400G-VR4",
        0x20 => "800G-VR8",
        0x21 => "800G-VR4.2",
        0x22 => "800G-SR4.2",
        0x23 => "1.6T-VR8.2",
        0x24 => "1.6T-SR8.2",
        0xC0..=0xFF => "Custom",
        _ => "Reserved",
    }
}

/// SFF-8024 Table 4-7, SMF media interface IDs (media type 2).
fn smf(code: u8) -> &'static str {
    match code {
        0x00 => "Undefined",
        0x01 => "10GBASE-LW",
        0x02 => "10GBASE-EW",
        0x03 => "10G-ZW",
        0x04 => "10GBASE-LR",
        0x05 => "10GBASE-ER",
        0x06 => "10G-ZR",
        0x07 => "25GBASE-LR",
        0x08 => "25GBASE-ER",
        0x09 => "40GBASE-LR4",
        0x0A => "40GBASE-FR",
        0x0B => "50GBASE-FR",
        0x0C => "50GBASE-LR",
        0x0D => "100GBASE-LR4",
        0x0E => "100GBASE-ER4",
        0x0F => "100G PSM4",
        0x10 => "100G CWDM4",
        0x11 => "100G 4WDM-10",
        0x12 => "100G 4WDM-20",
        0x13 => "100G 4WDM-40",
        0x14 => "100GBASE-DR",
        0x15 => "100G-FR / 100GBASE-FR1",
        0x16 => "100G-LR / 100GBASE-LR1",
        0x17 => "200GBASE-DR4",
        0x18 => "200GBASE-FR4",
        0x19 => "200GBASE-LR4",
        0x1A => "400GBASE-FR8",
        0x1B => "400GBASE-LR8",
        0x1C => "400GBASE-DR4",
        0x1D => "400G-FR4 / 400GBASE-FR4",
        0x1E => "400G-LR4-10",
        0x1F => "8GFC-SM",
        0x20 => "10GFC-SM",
        0x21 => "16GFC-SM",
        0x22 => "32GFC-SM",
        0x23 => "64GFC-SM",
        0x24 => "128GFC-PSM4",
        // 0x25 (256GFC-PSM4) and 0x27 (256GFC-CWDM4) appear in older SN revisions only.
        0x26 => "128GFC-CWDM4",
        0x2C => "4I1-9D1F (G.959.1)",
        0x2D => "4L1-9C1F (G.959.1)",
        0x2E => "4L1-9D1F (G.959.1)",
        0x2F => "C4S1-9D1F (G.695)",
        0x30 => "C4S1-4D1F (G.695)",
        0x31 => "4I1-4D1F (G.959.1)",
        0x32 => "8R1-4D1F (G.959.1)",
        0x33 => "8I1-4D1F (G.959.1)",
        0x34 => "100G CWDM4-OCP",
        0x35 => "ZR400-OFEC-16QAM-HA",
        0x36 => "ZR400-OFEC-16QAM-HB",
        0x37 => "ZR400-OFEC-8QAM-HA",
        0x38 => "10G-SR",
        0x39 => "10G-LR",
        0x3A => "25G-SR",
        0x3B => "25G-LR",
        0x3C => "10G-LR-BiDi",
        0x3D => "25G-LR-BiDi",
        0x3E => "400ZR, DWDM, amplified",
        0x3F => "400ZR, single wavelength, unamplified",
        0x40 => "50GBASE-ER",
        0x41 => "200GBASE-ER4",
        0x42 => "400GBASE-ER8",
        0x43 => "400GBASE-LR4-6",
        0x44 => "100GBASE-ZR",
        0x45 => "128GFC-SM",
        0x46 => "ZR400-OFEC-16QAM (OpenZR+)",
        0x47 => "ZR300-OFEC-8QAM",
        0x48 => "ZR200-OFEC-QPSK",
        0x49 => "ZR100-OFEC-QPSK",
        0x4A => "100G-LR1-20",
        0x4B => "100G-ER1-30",
        0x4C => "100G-ER1-40",
        0x4D => "400GBASE-ZR",
        0x4E => "10GBASE-BR",
        0x4F => "25GBASE-BR",
        0x50 => "50GBASE-BR",
        0x51 => "FOIC1.4-DO",
        0x52 => "FOIC2.8-DO",
        0x53 => "FOIC4.8-DO",
        0x54 => "FOIC2.4-DO",
        0x55 => "400GBASE-DR4-2",
        0x56 => "800GBASE-DR8",
        0x57 => "800GBASE-DR8-2",
        0x58 => "ZR400-OFEC-8QAM-HB",
        0x59 => "ZR300-OFEC-8QAM-HA",
        0x5A => "ZR300-OFEC-8QAM-HB",
        0x5B => "ZR200-OFEC-QPSK-HA",
        0x5C => "ZR200-OFEC-QPSK-HB",
        0x5D => "ZR100-OFEC-QPSK-HA",
        0x5E => "ZR100-OFEC-QPSK-HB",
        0x5F => "FLEXO-4-DO-16QAM / FOIC4.8-DO",
        0x60 => "FLEXO-3-DO-8QAM / FOIC3.6-DO",
        0x61 => "FLEXO-2-DO-QPSK / FOIC2.4-DO",
        0x62 => "FLEXO-2-DO-16QAM / FOIC2.8-DO",
        0x63 => "FLEXO-1-DO-QPSK / FOIC1.4-DO",
        0x64 => "FLEXO-4e-DO-QPSK / FOIC4e.4-DO",
        0x65 => "FLEXO-4-DO-QPSK / FOIC4.4-DO",
        0x66 => "FLEXO-8e-DO-16QAM / FOIC8e.8-DO",
        0x67 => "FLEXO-8-DO-16QAM / FOIC8.8-DO",
        0x68 => "FLEXO-8e-DPO-16QAM / FOIC8e.8-DPO",
        0x69 => "FLEXO-8-DPO-16QAM / FOIC8.8-DPO",
        0x6A => "FLEXO-6e-DPO-16QAM / FOIC6e.8-DPO",
        0x6B => "FLEXO-6-DPO-16QAM / FOIC6.8-DPO",
        0x6C => "800ZR-A 150 GHz DWDM",
        0x6D => "800ZR-B 150 GHz DWDM",
        0x6E => "800ZR-C 150 GHz DWDM",
        0x73 => "200GBASE-DR1",
        0x74 => "200GBASE-DR1-2",
        0x75 => "400GBASE-DR2",
        0x76 => "400GBASE-DR2-2",
        0x77 => "800GBASE-DR4",
        0x78 => "800GBASE-DR4-2",
        0x79 => "800GBASE-FR4-500",
        0x7A => "800GBASE-FR4",
        0x7B => "800GBASE-LR4",
        0x7F => "1.6TBASE-DR8",
        0x80 => "1.6TBASE-DR8-2",
        0x8F => "100G-DR1-LPO",
        0x90 => "200G-DR2-LPO",
        0x91 => "400G-DR4-LPO",
        0x92 => "800G-DR8-LPO",
        0x93 => "800G-FR4-LPO",
        0xC0..=0xFF => "Custom",
        _ => "Reserved",
    }
}

/// SFF-8024 Table 4-8, passive copper cable media interface IDs (media type 3).
fn passive_copper(code: u8) -> &'static str {
    match code {
        0x00 => "Undefined",
        0x01 => "Copper cable",
        0xBF => "Passive loopback module",
        0xC0..=0xFF => "Custom",
        _ => "Reserved",
    }
}

/// SFF-8024 Table 4-9, active cable assembly media interface IDs (media type 4).
fn active_cable(code: u8) -> &'static str {
    match code {
        0x00 => "Undefined",
        0x01 => "Active cable, BER < 1e-12",
        0x02 => "Active cable, BER < 5e-5",
        0x03 => "Active cable, BER < 2.6e-4",
        0x04 => "Active cable, BER < 1e-6",
        0xBF => "Active loopback module",
        0xC0..=0xFF => "Custom",
        _ => "Reserved",
    }
}

/// SFF-8024 Table 4-10, BASE-T media interface IDs (media type 5).
fn base_t(code: u8) -> &'static str {
    match code {
        0x00 => "Undefined",
        0x01 => "1000BASE-T",
        0x02 => "2.5GBASE-T",
        0x03 => "5GBASE-T",
        0x04 => "10GBASE-T",
        0x05 => "25GBASE-T",
        0x06 => "40GBASE-T",
        0x07 => "50GBASE-T",
        0xC0..=0xFF => "Custom",
        _ => "Reserved",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::memmap::codes::test_table::assert_table;

    /// Unassigned codes of every media table: 0xC0-0xFF custom, else reserved.
    fn unassigned(code: u8) -> &'static str {
        if code >= 0xC0 { "Custom" } else { "Reserved" }
    }

    fn joined(a: &[(u8, &'static str)], b: &[(u8, &'static str)]) -> Vec<(u8, &'static str)> {
        a.iter().chain(b).copied().collect()
    }

    /// Every MMF row of reference/sff-8024.md §5c (SFF-8024 Table 4-6 subset).
    const MMF_REFERENCE: &[(u8, &str)] = &[
        (2, "10GBASE-SR"),
        (3, "25GBASE-SR"),
        (4, "40GBASE-SR4"),
        (9, "100GBASE-SR4"),
        (14, "200GBASE-SR4"),
        (16, "400GBASE-SR8"),
        (17, "400G-SR4"),
        (26, "400GBASE-SR4.2 (BiDi)"),
        (31, "400G-VR4"),
    ];

    /// Assigned MMF codes the reference leaves out, from SN `NM_850_MEDIA_INTERFACE`.
    const MMF_SN_EXTRA: &[(u8, &str)] = &[
        (0, "Undefined"),
        (1, "10GBASE-SW"),
        (5, "40GE SWDM4"),
        (6, "40GE BiDi"),
        (7, "50GBASE-SR"),
        (8, "100GBASE-SR10"),
        (10, "100GE SWDM4"),
        (11, "100GE BiDi"),
        (12, "100GBASE-SR2"),
        (13, "100GBASE-SR1"),
        (15, "400GBASE-SR16"),
        (18, "800G-SR8"),
        (19, "8GFC-MM"),
        (20, "10GFC-MM"),
        (21, "16GFC-MM"),
        (22, "32GFC-MM"),
        (23, "64GFC-MM"),
        (24, "128GFC-MM4"),
        (25, "256GFC-MM4"),
        (27, "200G-SR2"),
        (28, "128GFC-MM"),
        (29, "100G-VR1"),
        (30, "200G-VR2"),
        (32, "800G-VR8"),
        (33, "800G-VR4.2"),
        (34, "800G-SR4.2"),
        (35, "1.6T-VR8.2"),
        (36, "1.6T-SR8.2"),
    ];

    /// Every row of reference/sff-8024.md §5b (SFF-8024 Table 4-7 subset).
    const SMF_REFERENCE: &[(u8, &str)] = &[
        (13, "100GBASE-LR4"),
        (14, "100GBASE-ER4"),
        (15, "100G PSM4"),
        (16, "100G CWDM4"),
        (20, "100GBASE-DR"),
        (21, "100G-FR / 100GBASE-FR1"),
        (22, "100G-LR / 100GBASE-LR1"),
        (23, "200GBASE-DR4"),
        (24, "200GBASE-FR4"),
        (25, "200GBASE-LR4"),
        (26, "400GBASE-FR8"),
        (27, "400GBASE-LR8"),
        (28, "400GBASE-DR4"),
        (29, "400G-FR4 / 400GBASE-FR4"),
        (30, "400G-LR4-10"),
        (62, "400ZR, DWDM, amplified"),
        (63, "400ZR, single wavelength, unamplified"),
        (67, "400GBASE-LR4-6"),
        (70, "ZR400-OFEC-16QAM (OpenZR+)"),
        (77, "400GBASE-ZR"),
        (85, "400GBASE-DR4-2"),
        (86, "800GBASE-DR8"),
        (119, "800GBASE-DR4"),
        (122, "800GBASE-FR4"),
        (123, "800GBASE-LR4"),
        (145, "400G-DR4-LPO"),
    ];

    /// Assigned SMF codes the reference leaves out, from SN `SM_MEDIA_INTERFACE`.
    const SMF_SN_EXTRA: &[(u8, &str)] = &[
        (0, "Undefined"),
        (1, "10GBASE-LW"),
        (2, "10GBASE-EW"),
        (3, "10G-ZW"),
        (4, "10GBASE-LR"),
        (5, "10GBASE-ER"),
        (6, "10G-ZR"),
        (7, "25GBASE-LR"),
        (8, "25GBASE-ER"),
        (9, "40GBASE-LR4"),
        (10, "40GBASE-FR"),
        (11, "50GBASE-FR"),
        (12, "50GBASE-LR"),
        (17, "100G 4WDM-10"),
        (18, "100G 4WDM-20"),
        (19, "100G 4WDM-40"),
        (31, "8GFC-SM"),
        (32, "10GFC-SM"),
        (33, "16GFC-SM"),
        (34, "32GFC-SM"),
        (35, "64GFC-SM"),
        (36, "128GFC-PSM4"),
        (38, "128GFC-CWDM4"),
        (44, "4I1-9D1F (G.959.1)"),
        (45, "4L1-9C1F (G.959.1)"),
        (46, "4L1-9D1F (G.959.1)"),
        (47, "C4S1-9D1F (G.695)"),
        (48, "C4S1-4D1F (G.695)"),
        (49, "4I1-4D1F (G.959.1)"),
        (50, "8R1-4D1F (G.959.1)"),
        (51, "8I1-4D1F (G.959.1)"),
        (52, "100G CWDM4-OCP"),
        (53, "ZR400-OFEC-16QAM-HA"),
        (54, "ZR400-OFEC-16QAM-HB"),
        (55, "ZR400-OFEC-8QAM-HA"),
        (56, "10G-SR"),
        (57, "10G-LR"),
        (58, "25G-SR"),
        (59, "25G-LR"),
        (60, "10G-LR-BiDi"),
        (61, "25G-LR-BiDi"),
        (64, "50GBASE-ER"),
        (65, "200GBASE-ER4"),
        (66, "400GBASE-ER8"),
        (68, "100GBASE-ZR"),
        (69, "128GFC-SM"),
        (71, "ZR300-OFEC-8QAM"),
        (72, "ZR200-OFEC-QPSK"),
        (73, "ZR100-OFEC-QPSK"),
        (74, "100G-LR1-20"),
        (75, "100G-ER1-30"),
        (76, "100G-ER1-40"),
        (78, "10GBASE-BR"),
        (79, "25GBASE-BR"),
        (80, "50GBASE-BR"),
        (81, "FOIC1.4-DO"),
        (82, "FOIC2.8-DO"),
        (83, "FOIC4.8-DO"),
        (84, "FOIC2.4-DO"),
        (87, "800GBASE-DR8-2"),
        (88, "ZR400-OFEC-8QAM-HB"),
        (89, "ZR300-OFEC-8QAM-HA"),
        (90, "ZR300-OFEC-8QAM-HB"),
        (91, "ZR200-OFEC-QPSK-HA"),
        (92, "ZR200-OFEC-QPSK-HB"),
        (93, "ZR100-OFEC-QPSK-HA"),
        (94, "ZR100-OFEC-QPSK-HB"),
        (95, "FLEXO-4-DO-16QAM / FOIC4.8-DO"),
        (96, "FLEXO-3-DO-8QAM / FOIC3.6-DO"),
        (97, "FLEXO-2-DO-QPSK / FOIC2.4-DO"),
        (98, "FLEXO-2-DO-16QAM / FOIC2.8-DO"),
        (99, "FLEXO-1-DO-QPSK / FOIC1.4-DO"),
        (100, "FLEXO-4e-DO-QPSK / FOIC4e.4-DO"),
        (101, "FLEXO-4-DO-QPSK / FOIC4.4-DO"),
        (102, "FLEXO-8e-DO-16QAM / FOIC8e.8-DO"),
        (103, "FLEXO-8-DO-16QAM / FOIC8.8-DO"),
        (104, "FLEXO-8e-DPO-16QAM / FOIC8e.8-DPO"),
        (105, "FLEXO-8-DPO-16QAM / FOIC8.8-DPO"),
        (106, "FLEXO-6e-DPO-16QAM / FOIC6e.8-DPO"),
        (107, "FLEXO-6-DPO-16QAM / FOIC6.8-DPO"),
        (108, "800ZR-A 150 GHz DWDM"),
        (109, "800ZR-B 150 GHz DWDM"),
        (110, "800ZR-C 150 GHz DWDM"),
        (115, "200GBASE-DR1"),
        (116, "200GBASE-DR1-2"),
        (117, "400GBASE-DR2"),
        (118, "400GBASE-DR2-2"),
        (120, "800GBASE-DR4-2"),
        (121, "800GBASE-FR4-500"),
        (127, "1.6TBASE-DR8"),
        (128, "1.6TBASE-DR8-2"),
        (143, "100G-DR1-LPO"),
        (144, "200G-DR2-LPO"),
        (146, "800G-DR8-LPO"),
        (147, "800G-FR4-LPO"),
    ];

    /// Passive copper rows of reference/sff-8024.md §5c (SFF-8024 Table 4-8).
    const PASSIVE_COPPER: &[(u8, &str)] = &[
        (0, "Undefined"),
        (1, "Copper cable"),
        (191, "Passive loopback module"),
    ];

    /// Active cable rows of reference/sff-8024.md §5c (SFF-8024 Table 4-9).
    const ACTIVE_CABLE: &[(u8, &str)] = &[
        (0, "Undefined"),
        (1, "Active cable, BER < 1e-12"),
        (2, "Active cable, BER < 5e-5"),
        (3, "Active cable, BER < 2.6e-4"),
        (4, "Active cable, BER < 1e-6"),
        (191, "Active loopback module"),
    ];

    /// BASE-T rows 1-7 of reference/sff-8024.md §5c (SFF-8024 Table 4-10).
    const BASE_T: &[(u8, &str)] = &[
        (0, "Undefined"),
        (1, "1000BASE-T"),
        (2, "2.5GBASE-T"),
        (3, "5GBASE-T"),
        (4, "10GBASE-T"),
        (5, "25GBASE-T"),
        (6, "40GBASE-T"),
        (7, "50GBASE-T"),
    ];

    #[test]
    fn every_mmf_code_matches_table_4_6() {
        let all = joined(MMF_REFERENCE, MMF_SN_EXTRA);
        assert_table(|c| media_interface_name(1, c), &all, unassigned);
    }

    #[test]
    fn every_smf_code_matches_table_4_7() {
        let all = joined(SMF_REFERENCE, SMF_SN_EXTRA);
        assert_table(|c| media_interface_name(2, c), &all, unassigned);
    }

    #[test]
    fn every_passive_copper_code_matches_table_4_8() {
        assert_table(|c| media_interface_name(3, c), PASSIVE_COPPER, unassigned);
    }

    #[test]
    fn every_active_cable_code_matches_table_4_9() {
        assert_table(|c| media_interface_name(4, c), ACTIVE_CABLE, unassigned);
    }

    #[test]
    fn every_base_t_code_matches_table_4_10() {
        assert_table(|c| media_interface_name(5, c), BASE_T, unassigned);
    }

    #[test]
    fn same_code_reads_differently_per_media_type() {
        // 0x1C is 400GBASE-DR4 on SMF (§5b) but 128GFC-MM on MMF (SN).
        assert_eq!(media_interface_name(2, 0x1C), "400GBASE-DR4");
        assert_eq!(media_interface_name(1, 0x1C), "128GFC-MM");
        assert_eq!(media_interface_name(1, 0x11), "400G-SR4");
        assert_eq!(media_interface_name(3, 0x01), "Copper cable");
        assert_eq!(media_interface_name(4, 0x01), "Active cable, BER < 1e-12");
        assert_eq!(media_interface_name(5, 0x01), "1000BASE-T");
    }

    #[test]
    fn no_table_for_undefined_reserved_or_custom_media_type() {
        for code in [0x00, 0x01, 0x1C, 0xFF] {
            assert_eq!(media_interface_name(0, code), "Unknown");
            assert_eq!(media_interface_name(6, code), "Unknown");
            assert_eq!(media_interface_name(0x3F, code), "Unknown");
            assert_eq!(media_interface_name(0x40, code), "Custom");
            assert_eq!(media_interface_name(0x8F, code), "Custom");
            assert_eq!(media_interface_name(0x90, code), "Unknown");
        }
    }
}
