//! Names of the bits and codes of Upper Page 00h (reference/sff-8636.md §2; bit numbers of the
//! Fibre Channel bytes 135-138 from ET `qsfp.h`).

use super::bits::BitTable;

/// Byte 131: 10/40G Ethernet compliance.
pub static ETHERNET_10_40G: &BitTable = &[
    (7, "Extended (see byte 192)"),
    (6, "10GBASE-LRM"),
    (5, "10GBASE-LR"),
    (4, "10GBASE-SR"),
    (3, "40GBASE-CR4"),
    (2, "40GBASE-SR4"),
    (1, "40GBASE-LR4"),
    (0, "40G Active Cable (XLPPI)"),
];

/// Byte 132: SONET compliance (bits 7-4 reserved).
pub static SONET: &BitTable = &[
    (3, "40G OTN (OTU3B/OTU3C)"),
    (2, "OC-48 long reach"),
    (1, "OC-48 intermediate reach"),
    (0, "OC-48 short reach"),
];

/// Byte 133: SAS/SATA compliance (bits 3-0 reserved). Bit 7 (24G) from SN.
pub static SAS_SATA: &BitTable = &[
    (7, "SAS 24.0 Gb/s"),
    (6, "SAS 12.0 Gb/s"),
    (5, "SAS 6.0 Gb/s"),
    (4, "SAS 3.0 Gb/s"),
];

/// Byte 134: Gigabit Ethernet compliance (bits 7-4 reserved).
pub static GIGABIT_ETHERNET: &BitTable = &[
    (3, "1000BASE-T"),
    (2, "1000BASE-CX"),
    (1, "1000BASE-LX"),
    (0, "1000BASE-SX"),
];

/// Byte 135: Fibre Channel link length (bits 7-3) and transmitter technology (bits 1-0).
pub static FC_LINK_LENGTH: &BitTable = &[
    (7, "very long distance (V)"),
    (6, "short distance (S)"),
    (5, "intermediate distance (I)"),
    (4, "long distance (L)"),
    (3, "medium distance (M)"),
    (1, "longwave laser (LC)"),
    (0, "electrical inter-enclosure (EL)"),
];

/// Byte 136: Fibre Channel transmitter technology (bits 3-0 reserved).
pub static FC_TX_TECHNOLOGY: &BitTable = &[
    (7, "electrical intra-enclosure (EL)"),
    (6, "shortwave laser without OFC (SN)"),
    (5, "shortwave laser with OFC (SL)"),
    (4, "longwave laser (LL)"),
];

/// Byte 137: Fibre Channel transmission media.
pub static FC_MEDIA: &BitTable = &[
    (7, "twin axial pair (TW)"),
    (6, "shielded twisted pair (TP)"),
    (5, "miniature coax (MI)"),
    (4, "video coax (TV)"),
    (3, "multimode 62.5 um (M6)"),
    (2, "multimode 50 um (M5)"),
    (1, "multimode 50 um OM3 (M5E)"),
    (0, "single mode (SM)"),
];

/// Byte 138: Fibre Channel speed. Bit 3 (3200 MBytes/s) is UNCONFIRMED (not in ET's header);
/// bit 1 is left unnamed.
pub static FC_SPEED: &BitTable = &[
    (7, "1200 MBytes/s"),
    (6, "800 MBytes/s"),
    (5, "1600 MBytes/s"),
    (4, "400 MBytes/s"),
    (3, "3200 MBytes/s"),
    (2, "200 MBytes/s"),
    (0, "100 MBytes/s"),
];

/// Byte 164: extended module codes (InfiniBand). Bit 5 (HDR) is UNCONFIRMED in our reference.
pub static EXT_MODULE_CODES: &BitTable = &[
    (5, "InfiniBand HDR"),
    (4, "InfiniBand EDR"),
    (3, "InfiniBand FDR"),
    (2, "InfiniBand QDR"),
    (1, "InfiniBand DDR"),
    (0, "InfiniBand SDR"),
];

/// Byte 193: options 1. Bits 4, 2 and 1 are UNCONFIRMED in our reference.
pub static OPTIONS_193: &BitTable = &[
    (4, "Tx input adaptive EQ freeze"),
    (3, "Tx input EQ auto-adaptive"),
    (2, "Tx input EQ fixed programmable"),
    (1, "Rx output emphasis programmable"),
    (0, "Rx output amplitude programmable"),
];

/// Byte 194: options 2. Bits 7-6 (CDR on/off control) are UNCONFIRMED in our reference.
pub static OPTIONS_194: &BitTable = &[
    (7, "Tx CDR on/off control"),
    (6, "Rx CDR on/off control"),
    (5, "Tx CDR LOL flag"),
    (4, "Rx CDR LOL flag"),
    (3, "Rx squelch disable"),
    (2, "Rx output disable"),
    (1, "Tx squelch disable"),
    (0, "Tx squelch"),
];

/// Byte 195: options 3 (bit 0 not decoded).
pub static OPTIONS_195: &BitTable = &[
    (7, "page 02h"),
    (6, "page 01h"),
    (5, "rate select"),
    (4, "Tx disable"),
    (3, "Tx fault"),
    (2, "Tx squelch"),
    (1, "Tx LOS"),
];

/// Byte 220: diagnostic monitoring type.
pub static DIAG_TYPE: &BitTable = &[
    (5, "temperature monitor"),
    (4, "Vcc monitor"),
    (3, "Rx power is average (else OMA)"),
    (2, "Tx power monitor"),
];

/// Byte 221: enhanced options.
pub static ENHANCED_OPTIONS: &BitTable =
    &[(3, "extended rate select"), (2, "application select table")];

/// Byte 147 bits 7-4: transmitter technology. 10-15 are copper cables.
pub fn transmitter_name(code: u8) -> &'static str {
    match code {
        0 => "850 nm VCSEL",
        1 => "1310 nm VCSEL",
        2 => "1550 nm VCSEL",
        3 => "1310 nm FP",
        4 => "1310 nm DFB",
        5 => "1550 nm DFB",
        6 => "1310 nm EML",
        7 => "1550 nm EML",
        8 => "other",
        9 => "1490 nm DFB",
        10 => "copper cable, unequalized",
        11 => "copper cable, passive equalized",
        12 => "copper cable, near and far end limiting active equalizers",
        13 => "copper cable, far end limiting active equalizers",
        14 => "copper cable, near end limiting active equalizers",
        15 => "copper cable, linear active equalizers",
        _ => "unknown",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transmitter_names_split_optical_and_copper_at_10() {
        assert_eq!(transmitter_name(0), "850 nm VCSEL");
        assert_eq!(transmitter_name(9), "1490 nm DFB");
        assert_eq!(transmitter_name(10), "copper cable, unequalized");
        assert_eq!(
            transmitter_name(15),
            "copper cable, linear active equalizers"
        );
        assert_eq!(transmitter_name(16), "unknown");
    }

    #[test]
    fn tables_name_each_bit_once() {
        for table in [
            ETHERNET_10_40G,
            SONET,
            SAS_SATA,
            GIGABIT_ETHERNET,
            FC_LINK_LENGTH,
            FC_TX_TECHNOLOGY,
            FC_MEDIA,
            FC_SPEED,
            EXT_MODULE_CODES,
            OPTIONS_193,
            OPTIONS_194,
            OPTIONS_195,
            DIAG_TYPE,
            ENHANCED_OPTIONS,
        ] {
            let mut seen = 0u8;
            for (bit, _) in table {
                assert!(*bit < 8 && seen & (1 << bit) == 0);
                seen |= 1 << bit;
            }
        }
    }
}
