//! SFF-8024 Table 4-4 extended specification compliance codes (reference/sff-8024.md §4):
//! SFF-8472 A0h:36 and SFF-8636 Page 00h:192 (read when Page 00h:131 bit 7 is set).

/// Name of an extended specification compliance code (SFF-8024 Table 4-4).
///
/// Codes the table does not list are "Reserved".
pub fn ext_compliance_name(code: u8) -> &'static str {
    match code {
        0x00 => "Unspecified",
        0x01 => "100G AOC or 25GAUI C2M AOC (BER 5e-5)",
        0x02 => "100GBASE-SR4 or 25GBASE-SR",
        0x03 => "100GBASE-LR4 or 25GBASE-LR",
        0x04 => "100GBASE-ER4 or 25GBASE-ER",
        0x05 => "100GBASE-SR10",
        0x06 => "100G CWDM4",
        0x07 => "100G PSM4 parallel SMF",
        0x08 => "100G ACC or 25GAUI C2M ACC",
        // Assigned before the 100G CWDM4 MSA required FEC; ET prints "CWDM4 no FEC".
        0x09 => "Obsolete (CWDM4 before FEC was required)",
        0x0B => "100GBASE-CR4 / 25GBASE-CR CA-25G-L / 50GBASE-CR2 with RS FEC",
        0x0C => "25GBASE-CR CA-25G-S / 50GBASE-CR2 with BASE-R FEC",
        0x0D => "25GBASE-CR CA-25G-N / 50GBASE-CR2 no FEC",
        0x0E => "10 Mb/s single-pair Ethernet",
        0x10 => "40GBASE-ER4",
        0x11 => "4 x 10GBASE-SR",
        0x12 => "40G PSM4",
        0x13 => "G.959.1 P1I1-2D1 (2 km)",
        0x14 => "G.959.1 P1S1-2D2 (40 km)",
        0x15 => "G.959.1 P1L1-2D2 (80 km)",
        0x16 => "10GBASE-T with SFI electrical interface",
        0x17 => "100G CLR4",
        0x18 => "100G AOC or 25GAUI C2M AOC (BER 1e-12)",
        0x19 => "100G ACC or 25GAUI C2M ACC (BER 1e-12)",
        0x1A => "100GE-DWDM2",
        0x1B => "100G 1550 nm WDM",
        0x1C => "10GBASE-T short reach (30 m)",
        0x1D => "5GBASE-T",
        0x1E => "2.5GBASE-T",
        0x1F => "40G SWDM4",
        0x20 => "100G SWDM4",
        0x21 => "100G PAM4 BiDi",
        0x22 => "4WDM-10 MSA",
        0x23 => "4WDM-20 MSA",
        0x24 => "4WDM-40 MSA",
        // ET prints "100G DR".
        0x25 => "100GBASE-DR",
        0x26 => "100G-FR / 100GBASE-FR1",
        0x27 => "100G-LR / 100GBASE-LR1",
        0x28 => "100G-SR1",
        0x29 => "100GBASE-SR1 / 200GBASE-SR2 / 400GBASE-SR4",
        0x2A => "100GBASE-FR1",
        0x2B => "100GBASE-LR1",
        // 0x2C-0x2F, 0x34-0x3A: OX only (not in the reference; UNCONFIRMED). OX prints
        // "LR1-30"/"LR1-40"; the 100G Lambda MSA (and SN's SMF media table) names them ER1-30/40.
        0x2C => "100G-LR1-20 MSA, CAUI-4",
        0x2D => "100G-ER1-30 MSA, CAUI-4",
        0x2E => "100G-ER1-40 MSA, CAUI-4",
        0x2F => "100G-LR1-20 MSA",
        0x30 => "ACC with 50GAUI/100GAUI-2/200GAUI-4 C2M (BER <= 1e-6)",
        0x31 => "AOC with 50GAUI/100GAUI-2/200GAUI-4 C2M (BER <= 1e-6)",
        0x32 => "ACC with 50GAUI/100GAUI-2/200GAUI-4 C2M (BER 2.6e-4 ACC, 1e-5 AUI)",
        0x33 => "AOC with 50GAUI/100GAUI-2/200GAUI-4 C2M (BER 2.6e-4 AOC, 1e-5 AUI)",
        0x34 => "100G-ER1-30 MSA",
        0x35 => "100G-ER1-40 MSA",
        0x36 => "100GBASE-VR1 / 200GBASE-VR2 / 400GBASE-VR4",
        0x37 => "10GBASE-BR",
        0x38 => "25GBASE-BR",
        0x39 => "50GBASE-BR",
        0x3A => "100GBASE-VR1",
        0x3F => "100GBASE-CR1 / 200GBASE-CR2 / 400GBASE-CR4",
        0x40 => "50GBASE-CR / 100GBASE-CR2 / 200GBASE-CR4",
        0x41 => "50GBASE-SR / 100GBASE-SR2 / 200GBASE-SR4",
        0x42 => "50GBASE-FR / 200GBASE-DR4",
        0x43 => "200GBASE-FR4",
        0x44 => "200G 1550 nm PSM4",
        0x45 => "50GBASE-LR",
        0x46 => "200GBASE-LR4",
        0x47 => "400GBASE-DR4 / 100GAUI-1 C2M",
        0x48 => "400GBASE-FR4",
        0x49 => "400GBASE-LR4-6",
        // OX only (not in the reference; UNCONFIRMED).
        0x4A => "50GBASE-ER",
        0x4B => "400GBASE-LR4-10",
        // OX only (not in the reference; UNCONFIRMED).
        0x4C => "400GBASE-ZR",
        0x50 => "64GFC EA",
        0x51 => "64GFC SW",
        0x52 => "64GFC LW",
        0x53 => "128GFC EA",
        0x54 => "128GFC SW",
        0x55 => "128GFC LW",
        0x7F => "256GFC-SW4",
        0x80 => "Capable of 64GFC",
        0x81 => "Capable of 128GFC",
        _ => "Reserved",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::memmap::codes::test_table::assert_table;

    /// Every row of reference/sff-8024.md §4 (SFF-8024 Table 4-4).
    const LISTED: &[(u8, &str)] = &[
        (0x00, "Unspecified"),
        (0x01, "100G AOC or 25GAUI C2M AOC (BER 5e-5)"),
        (0x02, "100GBASE-SR4 or 25GBASE-SR"),
        (0x03, "100GBASE-LR4 or 25GBASE-LR"),
        (0x04, "100GBASE-ER4 or 25GBASE-ER"),
        (0x05, "100GBASE-SR10"),
        (0x06, "100G CWDM4"),
        (0x07, "100G PSM4 parallel SMF"),
        (0x08, "100G ACC or 25GAUI C2M ACC"),
        (0x09, "Obsolete (CWDM4 before FEC was required)"),
        (
            0x0B,
            "100GBASE-CR4 / 25GBASE-CR CA-25G-L / 50GBASE-CR2 with RS FEC",
        ),
        (0x0C, "25GBASE-CR CA-25G-S / 50GBASE-CR2 with BASE-R FEC"),
        (0x0D, "25GBASE-CR CA-25G-N / 50GBASE-CR2 no FEC"),
        (0x0E, "10 Mb/s single-pair Ethernet"),
        (0x10, "40GBASE-ER4"),
        (0x11, "4 x 10GBASE-SR"),
        (0x12, "40G PSM4"),
        (0x13, "G.959.1 P1I1-2D1 (2 km)"),
        (0x14, "G.959.1 P1S1-2D2 (40 km)"),
        (0x15, "G.959.1 P1L1-2D2 (80 km)"),
        (0x16, "10GBASE-T with SFI electrical interface"),
        (0x17, "100G CLR4"),
        (0x18, "100G AOC or 25GAUI C2M AOC (BER 1e-12)"),
        (0x19, "100G ACC or 25GAUI C2M ACC (BER 1e-12)"),
        (0x1A, "100GE-DWDM2"),
        (0x1B, "100G 1550 nm WDM"),
        (0x1C, "10GBASE-T short reach (30 m)"),
        (0x1D, "5GBASE-T"),
        (0x1E, "2.5GBASE-T"),
        (0x1F, "40G SWDM4"),
        (0x20, "100G SWDM4"),
        (0x21, "100G PAM4 BiDi"),
        (0x22, "4WDM-10 MSA"),
        (0x23, "4WDM-20 MSA"),
        (0x24, "4WDM-40 MSA"),
        (0x25, "100GBASE-DR"),
        (0x26, "100G-FR / 100GBASE-FR1"),
        (0x27, "100G-LR / 100GBASE-LR1"),
        (0x28, "100G-SR1"),
        (0x29, "100GBASE-SR1 / 200GBASE-SR2 / 400GBASE-SR4"),
        (0x2A, "100GBASE-FR1"),
        (0x2B, "100GBASE-LR1"),
        (
            0x30,
            "ACC with 50GAUI/100GAUI-2/200GAUI-4 C2M (BER <= 1e-6)",
        ),
        (
            0x31,
            "AOC with 50GAUI/100GAUI-2/200GAUI-4 C2M (BER <= 1e-6)",
        ),
        (
            0x32,
            "ACC with 50GAUI/100GAUI-2/200GAUI-4 C2M (BER 2.6e-4 ACC, 1e-5 AUI)",
        ),
        (
            0x33,
            "AOC with 50GAUI/100GAUI-2/200GAUI-4 C2M (BER 2.6e-4 AOC, 1e-5 AUI)",
        ),
        (0x3F, "100GBASE-CR1 / 200GBASE-CR2 / 400GBASE-CR4"),
        (0x40, "50GBASE-CR / 100GBASE-CR2 / 200GBASE-CR4"),
        (0x41, "50GBASE-SR / 100GBASE-SR2 / 200GBASE-SR4"),
        (0x42, "50GBASE-FR / 200GBASE-DR4"),
        (0x43, "200GBASE-FR4"),
        (0x44, "200G 1550 nm PSM4"),
        (0x45, "50GBASE-LR"),
        (0x46, "200GBASE-LR4"),
        (0x47, "400GBASE-DR4 / 100GAUI-1 C2M"),
        (0x48, "400GBASE-FR4"),
        (0x49, "400GBASE-LR4-6"),
        (0x4B, "400GBASE-LR4-10"),
        (0x50, "64GFC EA"),
        (0x51, "64GFC SW"),
        (0x52, "64GFC LW"),
        (0x53, "128GFC EA"),
        (0x54, "128GFC SW"),
        (0x55, "128GFC LW"),
        (0x7F, "256GFC-SW4"),
        (0x80, "Capable of 64GFC"),
        (0x81, "Capable of 128GFC"),
    ];

    /// Codes OX names that the reference does not list (UNCONFIRMED, see the table comments).
    const OX_ONLY: &[(u8, &str)] = &[
        (0x2C, "100G-LR1-20 MSA, CAUI-4"),
        (0x2D, "100G-ER1-30 MSA, CAUI-4"),
        (0x2E, "100G-ER1-40 MSA, CAUI-4"),
        (0x2F, "100G-LR1-20 MSA"),
        (0x34, "100G-ER1-30 MSA"),
        (0x35, "100G-ER1-40 MSA"),
        (0x36, "100GBASE-VR1 / 200GBASE-VR2 / 400GBASE-VR4"),
        (0x37, "10GBASE-BR"),
        (0x38, "25GBASE-BR"),
        (0x39, "50GBASE-BR"),
        (0x3A, "100GBASE-VR1"),
        (0x4A, "50GBASE-ER"),
        (0x4C, "400GBASE-ZR"),
    ];

    #[test]
    fn every_code_matches_table_4_4() {
        let all: Vec<(u8, &str)> = LISTED.iter().chain(OX_ONLY).copied().collect();
        assert_table(ext_compliance_name, &all, |_| "Reserved");
    }

    #[test]
    fn reserved_codes() {
        // Gaps in Table 4-4 and everything above 0x81.
        for c in [0x0A, 0x0F, 0x3B, 0x3E, 0x4D, 0x4F, 0x56, 0x7E, 0x82, 0xFF] {
            assert_eq!(ext_compliance_name(c), "Reserved", "code {c:#04x}");
        }
    }
}
