//! A0h bytes 0-63 and 66-95: what the module is (reference/sff-8472.md §1), its vendor identity
//! and the two A0h checksums.

use serde::Serialize;

use crate::memmap::codes::{self, EncodingColumn};
use crate::memmap::decoded::{ChecksumReport, Vendor};
use crate::memmap::sections::{Section, list_or_none};
use crate::memmap::view::{self, HalfView};

/// A code byte and its name.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Code {
    /// The byte.
    pub code: u8,
    /// Its name in the table that applies.
    pub name: &'static str,
}

impl Code {
    fn show(&self) -> String {
        format!("0x{:02x} ({})", self.code, self.name)
    }
}

/// Transceiver compliance codes, A0h bytes 3-10 (SFF-8472 Table 5-3), as named bits.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Compliance {
    /// Bytes 3-10 as stored.
    pub bytes: [u8; 8],
    /// The name of every bit set, in byte order then bit 7 to 0.
    pub names: Vec<&'static str>,
}

/// Names of bytes 3-10, bit 7 first; `None` = reserved bit.
const COMPLIANCE_BITS: [[Option<&str>; 8]; 8] = [
    // byte 3: 10G Ethernet, InfiniBand
    [
        Some("10GBASE-ER"),
        Some("10GBASE-LRM"),
        Some("10GBASE-LR"),
        Some("10GBASE-SR"),
        Some("1X SX (InfiniBand)"),
        Some("1X LX (InfiniBand)"),
        Some("1X Copper Active (InfiniBand)"),
        Some("1X Copper Passive (InfiniBand)"),
    ],
    // byte 4: ESCON, SONET
    [
        Some("ESCON MMF, 1310 nm LED"),
        Some("ESCON SMF, 1310 nm laser"),
        Some("OC-192, short reach"),
        Some("SONET reach specifier bit 1"),
        Some("SONET reach specifier bit 2"),
        Some("OC-48, long reach"),
        Some("OC-48, intermediate reach"),
        Some("OC-48, short reach"),
    ],
    // byte 5: SONET
    [
        None,
        Some("OC-12, single mode, long reach"),
        Some("OC-12, single mode, intermediate reach"),
        Some("OC-12, short reach"),
        None,
        Some("OC-3, single mode, long reach"),
        Some("OC-3, single mode, intermediate reach"),
        Some("OC-3, short reach"),
    ],
    // byte 6: Ethernet (reference/sff-8472.md §1)
    [
        Some("BASE-PX"),
        Some("BASE-BX10"),
        Some("100BASE-FX"),
        Some("100BASE-LX/LX10"),
        Some("1000BASE-T"),
        Some("1000BASE-CX"),
        Some("1000BASE-LX"),
        Some("1000BASE-SX"),
    ],
    // byte 7: Fibre Channel link length, technology
    [
        Some("FC very long distance (V)"),
        Some("FC short distance (S)"),
        Some("FC intermediate distance (I)"),
        Some("FC long distance (L)"),
        Some("FC medium distance (M)"),
        Some("FC shortwave laser, linear Rx (SA)"),
        Some("FC longwave laser (LC)"),
        Some("FC electrical inter-enclosure (EL)"),
    ],
    // byte 8: Fibre Channel technology, SFP+ cable technology (bits 3-2)
    [
        Some("FC electrical intra-enclosure (EL)"),
        Some("FC shortwave laser without OFC (SN)"),
        Some("FC shortwave laser with OFC (SL)"),
        Some("FC longwave laser (LL)"),
        Some("Active cable"),
        Some("Passive cable"),
        None,
        None,
    ],
    // byte 9: Fibre Channel transmission media
    [
        Some("FC twin axial pair (TW)"),
        Some("FC twisted pair (TP)"),
        Some("FC miniature coax (MI)"),
        Some("FC video coax (TV)"),
        Some("FC multimode 62.5 um (M6)"),
        Some("FC multimode 50 um (M5, M5E)"),
        None,
        Some("FC single mode (SM)"),
    ],
    // byte 10: Fibre Channel speed
    [
        Some("1200 MBytes/s"),
        Some("800 MBytes/s"),
        Some("1600 MBytes/s"),
        Some("400 MBytes/s"),
        Some("3200 MBytes/s"),
        Some("200 MBytes/s"),
        Some("FC speed 2 (see byte 62)"),
        Some("100 MBytes/s"),
    ],
];

impl Compliance {
    fn read(a0: &HalfView<'_>) -> Self {
        let mut bytes = [0u8; 8];
        bytes.copy_from_slice(a0.slice(3, 10));
        let mut names = Vec::new();
        for (byte, table) in bytes.iter().zip(COMPLIANCE_BITS.iter()) {
            for (i, name) in table.iter().enumerate() {
                if byte & (0x80 >> i) != 0 {
                    names.push(name.unwrap_or("reserved bit"));
                }
            }
        }
        Compliance { bytes, names }
    }

    /// Whether bit `bit` of byte `byte` (3-10) is set.
    pub fn has(&self, byte: usize, bit: u8) -> bool {
        byte.checked_sub(3)
            .and_then(|i| self.bytes.get(i))
            .is_some_and(|b| b & (1 << (bit & 7)) != 0)
    }
}

/// Signalling rates, A0h bytes 12, 66, 67 (with the byte 12 = 0xFF rule).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct BitRate {
    /// Nominal rate in MBd: byte 12 × 100, or byte 66 × 250 when byte 12 is 0xFF. `None` when 0
    /// (not specified).
    pub nominal_mbd: Option<u32>,
    /// Whether the nominal rate came from byte 66 (byte 12 = 0xFF).
    pub from_byte_66: bool,
    /// Highest rate in MBd (`nominal × (1 + margin/100)`), `None` when the margin byte is 0.
    pub max_mbd: Option<f64>,
    /// Lowest rate in MBd (`nominal × (1 - margin/100)`), `None` when the margin byte is 0.
    pub min_mbd: Option<f64>,
    /// Upper margin in %: byte 66, or byte 67 (± range) when byte 12 is 0xFF.
    pub upper_margin_percent: u8,
    /// Lower margin in %: byte 67.
    pub lower_margin_percent: u8,
}

impl BitRate {
    fn read(a0: &HalfView<'_>) -> Self {
        let (b12, b66, b67) = (a0.u8(12), a0.u8(66), a0.u8(67));
        let (nominal, upper, from_byte_66) = if b12 == 0xFF {
            // 0xFF: byte 66 = nominal in 250 MBd, byte 67 = ± range in 1 %.
            (u32::from(b66) * 250, b67, true)
        } else {
            // byte 12 in 100 MBd; 66 = % above nominal, 67 = % below.
            (u32::from(b12) * 100, b66, false)
        };
        let nominal_mbd = (nominal != 0).then_some(nominal);
        let scaled = |percent: u8, sign: f64| {
            nominal_mbd
                .filter(|_| percent != 0)
                .map(|n| f64::from(n) * (1.0 + sign * f64::from(percent) / 100.0))
        };
        BitRate {
            nominal_mbd,
            from_byte_66,
            max_mbd: scaled(upper, 1.0),
            min_mbd: scaled(b67, -1.0),
            upper_margin_percent: upper,
            lower_margin_percent: b67,
        }
    }
}

/// A supported link length.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct LinkLength {
    /// The length in metres (raw × unit).
    pub meters: u32,
    /// Raw 0xFF: the link is longer than 254 units.
    pub beyond: bool,
}

/// Link lengths, A0h bytes 14-19 (`None` where the byte is 0: not supported or not specified).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Lengths {
    /// Byte 14, single mode, units of km.
    pub smf_km: Option<LinkLength>,
    /// Byte 15, single mode, units of 100 m.
    pub smf_100m: Option<LinkLength>,
    /// Byte 16, 50 µm OM2, units of 10 m.
    pub om2: Option<LinkLength>,
    /// Byte 17, 62.5 µm OM1, units of 10 m.
    pub om1: Option<LinkLength>,
    /// Byte 18 for an optical module: OM4, units of 10 m.
    pub om4: Option<LinkLength>,
    /// Byte 18 for a cable (byte 8 bit 3 or 2 set): copper/cable length, units of 1 m.
    pub cable: Option<LinkLength>,
    /// Byte 19, OM3, units of 10 m.
    pub om3: Option<LinkLength>,
}

fn length(raw: u8, unit_m: u32) -> Option<LinkLength> {
    (raw != 0).then_some(LinkLength {
        meters: u32::from(raw) * unit_m,
        beyond: raw == 0xFF,
    })
}

impl Lengths {
    fn read(a0: &HalfView<'_>, is_cable: bool) -> Self {
        let b18 = a0.u8(18);
        Lengths {
            smf_km: length(a0.u8(14), 1000),
            smf_100m: length(a0.u8(15), 100),
            om2: length(a0.u8(16), 10),
            om1: length(a0.u8(17), 10),
            om4: if is_cable { None } else { length(b18, 10) },
            cable: if is_cable { length(b18, 1) } else { None },
            om3: length(a0.u8(19), 10),
        }
    }
}

/// SFP+ cable type, A0h byte 8 bits 3-2.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CableKind {
    /// Byte 8 bit 2.
    Passive,
    /// Byte 8 bit 3.
    Active,
}

/// Cable specification compliance, A0h byte 60 when byte 8 bit 3 or 2 is set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct CableCompliance {
    /// Passive or active (active wins if both bits are set).
    pub kind: CableKind,
    /// Byte 60 bit 0: SFF-8431 Appendix E.
    pub sff8431_appendix_e: bool,
    /// Byte 60 bit 1: FC-PI-4 Annex H.
    pub fc_pi_4_annex_h: bool,
    /// Byte 60 bit 2 (active cables): SFF-8431 limiting.
    pub sff8431_limiting: bool,
    /// Byte 60 bit 3 (active cables): FC-PI-4 limiting.
    pub fc_pi_4_limiting: bool,
    /// Bytes 60-61 as stored.
    pub raw: u16,
}

/// Everything in A0h that says what the module is, beyond vendor identity.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Identity {
    /// Byte 1, extended identifier (0x04 expected: defined by two-wire ID only).
    pub ext_identifier: u8,
    /// Byte 2, connector (SFF-8024 Table 4-3).
    pub connector: Code,
    /// Bytes 3-10.
    pub compliance: Compliance,
    /// Byte 11, encoding (SFF-8472 column).
    pub encoding: Code,
    /// Bytes 12, 66, 67.
    pub bit_rate: BitRate,
    /// Byte 13, rate identifier.
    pub rate_identifier: Code,
    /// Bytes 14-19.
    pub lengths: Lengths,
    /// Byte 36, extended compliance (SFF-8024 Table 4-4).
    pub ext_compliance: Code,
    /// Bytes 60-61 as a laser wavelength in nm, when byte 8 bits 3-2 are 0 (0 = unspecified).
    pub wavelength_nm: Option<u16>,
    /// Bytes 60-61 as cable compliance, when byte 8 bit 3 or 2 is set.
    pub cable: Option<CableCompliance>,
    /// Byte 62 (Fibre Channel speed 2 in later revisions; reserved in older ones), raw.
    pub byte_62: u8,
    /// Byte 94, SFF-8472 compliance revision.
    pub sff8472_revision: Code,
}

/// Byte 13 rate identifier names (SFF-8472 / SFF-8079 / SFF-8431 / FC-PI).
fn rate_identifier_name(code: u8) -> &'static str {
    match code {
        0x00 => "Unspecified",
        0x01 => "SFF-8079 (4/2/1G rate select and AS0/AS1)",
        0x02 => "SFF-8431 (8/4/2G Rx rate select only)",
        0x04 => "SFF-8431 (8/4/2G Tx rate select only)",
        0x06 => "SFF-8431 (8/4/2G independent Rx and Tx rate select)",
        0x08 => "FC-PI-5 (16/8/4G Rx rate select only)",
        0x0A => "FC-PI-5 (16/8/4G independent Rx and Tx rate select)",
        0x0C => "FC-PI-6 (32/16/8G independent Rx and Tx rate select)",
        0x0E => "10/8G Rx and Tx rate select (CDR modes)",
        0x10 => "FC-PI-7 (64/32/16G independent Rx and Tx rate select)",
        _ => "Reserved",
    }
}

/// Byte 94 names (reference/sff-8472.md §1).
fn revision_name(code: u8) -> &'static str {
    match code {
        0x00 => "not included or undefined",
        0x01 => "Rev 9.3",
        0x02 => "Rev 9.5",
        0x03 => "Rev 10.2",
        0x04 => "Rev 10.4",
        0x05 => "Rev 11.0",
        0x06 => "Rev 11.3",
        0x07 => "Rev 11.4",
        0x08 => "Rev 12.x",
        _ => "Reserved",
    }
}

impl Identity {
    /// Decodes the identity bytes of A0h lower; odd values go to `notes`.
    pub fn read(a0: &HalfView<'_>, notes: &mut Vec<String>) -> Self {
        let compliance = Compliance::read(a0);
        let active = compliance.has(8, 3);
        let passive = compliance.has(8, 2);
        let is_cable = active || passive;
        let b60 = a0.u8(60);
        let (wavelength_nm, cable) = if is_cable {
            let cable = CableCompliance {
                kind: if active {
                    CableKind::Active
                } else {
                    CableKind::Passive
                },
                sff8431_appendix_e: b60 & 0x01 != 0,
                fc_pi_4_annex_h: b60 & 0x02 != 0,
                sff8431_limiting: active && b60 & 0x04 != 0,
                fc_pi_4_limiting: active && b60 & 0x08 != 0,
                raw: a0.u16(60),
            };
            (None, Some(cable))
        } else {
            (Some(a0.u16(60)), None)
        };
        let ext_identifier = a0.u8(1);
        if ext_identifier != 0x04 {
            notes.push(format!(
                "byte 1 (extended identifier) is 0x{ext_identifier:02x}, not 0x04 (function defined by two-wire ID only)"
            ));
        }
        let rev = a0.u8(94);
        if rev > 0x08 {
            notes.push(format!(
                "byte 94 (SFF-8472 compliance) is reserved value 0x{rev:02x}"
            ));
        }
        let rate = a0.u8(13);
        Identity {
            ext_identifier,
            connector: Code {
                code: a0.u8(2),
                name: codes::connector_name(a0.u8(2)),
            },
            lengths: Lengths::read(a0, is_cable),
            compliance,
            encoding: Code {
                code: a0.u8(11),
                name: codes::encoding_name(a0.u8(11), EncodingColumn::Sff8472),
            },
            bit_rate: BitRate::read(a0),
            rate_identifier: Code {
                code: rate,
                name: rate_identifier_name(rate),
            },
            ext_compliance: Code {
                code: a0.u8(36),
                name: codes::ext_compliance_name(a0.u8(36)),
            },
            wavelength_nm,
            cable,
            byte_62: a0.u8(62),
            sff8472_revision: Code {
                code: rev,
                name: revision_name(rev),
            },
        }
    }

    /// The "Transceiver" report block.
    pub fn section(&self) -> Section {
        let mut s = Section::new("Transceiver (A0h)");
        s.row(
            "Extended identifier",
            format!("0x{:02x}", self.ext_identifier),
        );
        s.row("Connector", self.connector.show());
        let names = list_or_none(&self.compliance.names);
        s.row("Compliance (bytes 3-10)", names);
        s.row("Encoding", self.encoding.show());
        let br = &self.bit_rate;
        s.row(
            "Nominal bit rate",
            br.nominal_mbd
                .map_or("unspecified".to_string(), |n| format!("{n} MBd")),
        );
        s.row("Maximum bit rate", mbd(br.max_mbd));
        s.row("Minimum bit rate", mbd(br.min_mbd));
        s.row("Rate identifier", self.rate_identifier.show());
        let l = &self.lengths;
        for (label, len, unit) in [
            ("Length (SMF, km)", l.smf_km, 1000),
            ("Length (SMF)", l.smf_100m, 100),
            ("Length (OM2, 50 um)", l.om2, 10),
            ("Length (OM1, 62.5 um)", l.om1, 10),
            ("Length (OM4)", l.om4, 10),
            ("Length (cable)", l.cable, 1),
            ("Length (OM3)", l.om3, 10),
        ] {
            if let Some(len) = len {
                s.row(label, show_length(len, unit));
            }
        }
        if let Some(nm) = self.wavelength_nm {
            s.row(
                "Laser wavelength",
                if nm == 0 {
                    "unspecified".to_string()
                } else {
                    format!("{nm} nm")
                },
            );
        }
        if let Some(c) = &self.cable {
            let kind = match c.kind {
                CableKind::Passive => "Passive cable",
                CableKind::Active => "Active cable",
            };
            let mut specs = Vec::new();
            for (on, name) in [
                (c.sff8431_appendix_e, "SFF-8431 Appendix E"),
                (c.fc_pi_4_annex_h, "FC-PI-4 Annex H"),
                (c.sff8431_limiting, "SFF-8431 limiting"),
                (c.fc_pi_4_limiting, "FC-PI-4 limiting"),
            ] {
                if on {
                    specs.push(name);
                }
            }
            s.row(
                format!("{kind} compliance"),
                if specs.is_empty() {
                    "none declared".to_string()
                } else {
                    specs.join(", ")
                },
            );
        }
        s.row("Extended compliance", self.ext_compliance.show());
        s.row("SFF-8472 compliance", self.sff8472_revision.show());
        s
    }
}

fn mbd(v: Option<f64>) -> String {
    v.map_or("unspecified".to_string(), |v| format!("{v:.0} MBd"))
}

fn show_length(len: LinkLength, unit_m: u32) -> String {
    let (value, unit) = if unit_m == 1000 {
        (len.meters / 1000, "km")
    } else {
        (len.meters, "m")
    };
    if len.beyond {
        let max = if unit_m == 1000 { 254 } else { 254 * unit_m };
        format!("more than {max} {unit}")
    } else {
        format!("{value} {unit}")
    }
}

/// Vendor identity: name 20-35, OUI 37-39, PN 40-55, rev 56-59, SN 68-83, date code 84-91.
pub fn vendor(a0: &HalfView<'_>, notes: &mut Vec<String>) -> Vendor {
    for (field, first, last) in [
        ("vendor name (bytes 20-35)", 20, 35),
        ("vendor pn (bytes 40-55)", 40, 55),
        ("vendor rev (bytes 56-59)", 56, 59),
        ("vendor sn (bytes 68-83)", 68, 83),
        ("date code (bytes 84-91)", 84, 91),
    ] {
        if !a0.ascii_is_printable(first, last) {
            notes.push(format!("{field} holds non-printable bytes"));
        }
    }
    Vendor {
        name: a0.ascii(20, 35),
        pn: a0.ascii(40, 55),
        rev: a0.ascii(56, 59),
        sn: a0.ascii(68, 83),
        oui: a0.oui(37),
        date_code: view::date_code(a0.slice(84, 91)),
    }
}

/// CC_BASE (sum of 0-62 at 63) and CC_EXT (sum of 64-94 at 95).
pub fn checksums(a0: &HalfView<'_>) -> [ChecksumReport; 2] {
    [
        a0.checksum("A0h CC_BASE (0-62)", 0, 62, 63),
        a0.checksum("A0h CC_EXT (64-94)", 64, 94, 95),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::addr::HALF_LEN;

    fn a0(set: &[(usize, u8)]) -> [u8; HALF_LEN] {
        let mut p = [0u8; HALF_LEN];
        p[1] = 0x04;
        for (off, v) in set {
            p[*off] = *v;
        }
        p
    }

    fn identity(p: &[u8; HALF_LEN]) -> (Identity, Vec<String>) {
        let mut notes = Vec::new();
        let id = Identity::read(&HalfView::lower(p), &mut notes);
        (id, notes)
    }

    #[test]
    fn codes_are_kept_numerically() {
        // byte 2 = 0x07 (LC), 11 = 0x06 (64B/66B in the SFF-8472 column), 36 = 0x02, 13 = 0x06.
        let (id, notes) = identity(&a0(&[(2, 0x07), (11, 0x06), (13, 0x06), (36, 0x02)]));
        assert_eq!(id.connector.code, 0x07);
        assert_eq!(id.encoding.code, 0x06);
        assert_eq!(id.ext_compliance.code, 0x02);
        assert_eq!(id.rate_identifier.code, 0x06);
        assert_eq!(
            id.rate_identifier.name,
            "SFF-8431 (8/4/2G independent Rx and Tx rate select)"
        );
        assert_eq!(id.ext_identifier, 0x04);
        assert!(notes.is_empty());
    }

    #[test]
    fn compliance_bits_are_named_per_byte_and_bit() {
        // byte 3 bit 4 = 10GBASE-SR, byte 6 bit 0 = 1000BASE-SX, byte 10 bit 0 = 100 MBytes/s,
        // byte 5 bit 7 reserved.
        let (id, _) = identity(&a0(&[(3, 0x10), (5, 0x80), (6, 0x01), (10, 0x01)]));
        assert_eq!(
            id.compliance.names,
            vec!["10GBASE-SR", "reserved bit", "1000BASE-SX", "100 MBytes/s"]
        );
        assert!(id.compliance.has(3, 4));
        assert!(!id.compliance.has(3, 5));
        assert!(!id.compliance.has(2, 0));
        assert!(!id.compliance.has(11, 0));
        assert_eq!(id.compliance.bytes, [0x10, 0, 0x80, 0x01, 0, 0, 0, 0x01]);
    }

    #[test]
    fn bit_rate_nominal_with_percent_margins() {
        // byte 12 = 103 -> 10300 MBd; byte 66 = 10 % -> 11330; byte 67 = 5 % -> 9785.
        let (id, _) = identity(&a0(&[(12, 103), (66, 10), (67, 5)]));
        let br = id.bit_rate;
        assert_eq!(br.nominal_mbd, Some(10300));
        assert!(!br.from_byte_66);
        assert!((br.max_mbd.unwrap() - 11330.0).abs() < 1e-9);
        assert!((br.min_mbd.unwrap() - 9785.0).abs() < 1e-9);
        // margins of 0 are unspecified.
        let (id, _) = identity(&a0(&[(12, 103)]));
        assert_eq!((id.bit_rate.max_mbd, id.bit_rate.min_mbd), (None, None));
        // byte 12 = 0: nominal unspecified.
        let (id, _) = identity(&a0(&[(66, 10)]));
        assert_eq!(id.bit_rate.nominal_mbd, None);
        assert_eq!(id.bit_rate.max_mbd, None);
    }

    #[test]
    fn bit_rate_0xff_uses_byte_66_in_250_mbd() {
        // byte 12 = 0xFF; byte 66 = 100 -> 25000 MBd; byte 67 = 2 -> ±2 %: 25500 / 24500.
        let (id, _) = identity(&a0(&[(12, 0xFF), (66, 100), (67, 2)]));
        let br = id.bit_rate;
        assert_eq!(br.nominal_mbd, Some(25000));
        assert!(br.from_byte_66);
        assert!((br.max_mbd.unwrap() - 25500.0).abs() < 1e-9);
        assert!((br.min_mbd.unwrap() - 24500.0).abs() < 1e-9);
        assert_eq!((br.upper_margin_percent, br.lower_margin_percent), (2, 2));
    }

    #[test]
    fn lengths_have_their_units() {
        // 14 = 10 km, 15 = 100 x 100 m, 16 = 8 x 10 m, 17 = 3 x 10 m, 18 = 0xFF x 10 m, 19 = 30 x 10 m.
        let (id, _) = identity(&a0(&[
            (14, 10),
            (15, 100),
            (16, 8),
            (17, 3),
            (18, 0xFF),
            (19, 30),
            (60, 0x03),
            (61, 0x52),
        ]));
        let l = id.lengths;
        let m = |meters| {
            Some(LinkLength {
                meters,
                beyond: false,
            })
        };
        assert_eq!(l.smf_km, m(10_000));
        assert_eq!(l.smf_100m, m(10_000));
        assert_eq!(l.om2, m(80));
        assert_eq!(l.om1, m(30));
        assert_eq!(
            l.om4,
            Some(LinkLength {
                meters: 2550,
                beyond: true
            })
        );
        assert_eq!(l.cable, None);
        assert_eq!(l.om3, m(300));
        // 0x0352 = 850 nm
        assert_eq!(id.wavelength_nm, Some(850));
        assert_eq!(id.cable, None);
    }

    #[test]
    fn passive_cable_turns_60_61_into_compliance_and_18_into_metres() {
        // byte 8 bit 2 = passive; byte 60 = 0x01 (SFF-8431 App. E); byte 18 = 3 -> 3 m.
        let (id, _) = identity(&a0(&[(8, 0x04), (18, 3), (60, 0x0F)]));
        assert_eq!(id.wavelength_nm, None);
        let c = id.cable.unwrap();
        assert_eq!(c.kind, CableKind::Passive);
        assert!(c.sff8431_appendix_e && c.fc_pi_4_annex_h);
        // bits 2-3 only mean something for active cables.
        assert!(!c.sff8431_limiting && !c.fc_pi_4_limiting);
        assert_eq!(c.raw, 0x0F00);
        assert_eq!(
            id.lengths.cable,
            Some(LinkLength {
                meters: 3,
                beyond: false
            })
        );
        assert_eq!(id.lengths.om4, None);
    }

    #[test]
    fn active_cable_has_limiting_bits() {
        // byte 8 bit 3 = active; byte 60 = 0x0C -> bit 2 SFF-8431 limiting, bit 3 FC-PI-4 limiting.
        let (id, _) = identity(&a0(&[(8, 0x08), (60, 0x0C)]));
        let c = id.cable.unwrap();
        assert_eq!(c.kind, CableKind::Active);
        assert!(!c.sff8431_appendix_e && !c.fc_pi_4_annex_h);
        assert!(c.sff8431_limiting && c.fc_pi_4_limiting);
        assert_eq!(id.compliance.names, vec!["Active cable"]);
    }

    #[test]
    fn revision_and_odd_bytes_are_noted() {
        // byte 94 = 0x08 -> Rev 12.x; byte 1 = 0x04 -> fine.
        let (id, notes) = identity(&a0(&[(94, 0x08), (62, 0x01)]));
        assert_eq!(id.sff8472_revision.code, 0x08);
        assert_eq!(id.sff8472_revision.name, "Rev 12.x");
        assert_eq!(id.byte_62, 0x01);
        assert!(notes.is_empty());
        // byte 94 = 0x09 reserved; byte 1 = 0x00 unexpected.
        let (id, notes) = identity(&a0(&[(94, 0x09), (1, 0x00)]));
        assert_eq!(id.sff8472_revision.name, "Reserved");
        assert_eq!(notes.len(), 2);
    }

    #[test]
    fn vendor_fields_and_checksums() {
        let mut p = a0(&[]);
        p[20..24].copy_from_slice(b"ACME");
        p[24..36].fill(b' ');
        p[37..40].copy_from_slice(&[0x00, 0x90, 0x65]);
        p[40..45].copy_from_slice(b"PN-01");
        p[56..57].copy_from_slice(b"B");
        p[68..70].copy_from_slice(b"S1");
        p[84..92].copy_from_slice(b"230415AB");
        let mut notes = Vec::new();
        let v = vendor(&HalfView::lower(&p), &mut notes);
        assert_eq!(v.name, "ACME");
        assert_eq!(v.oui, "00:90:65");
        assert_eq!(v.pn, "PN-01");
        assert_eq!(v.rev, "B");
        assert_eq!(v.sn, "S1");
        assert_eq!(v.date_code, "2023-04-15");
        assert!(notes.is_empty());
        // CC_BASE: byte 1 (4) + "ACME" (65+67+77+69 = 278) + 12 spaces (384) + OUI (0x90+0x65 = 245)
        // + "PN-01" (80+78+45+48+49 = 300) + "B" (66) = 1277 -> 1277 mod 256 = 253 (0xFD).
        let [base, ext] = checksums(&HalfView::lower(&p));
        assert_eq!(base.name, "A0h CC_BASE (0-62)");
        assert_eq!((base.stored, base.computed, base.ok), (0, 0xFD, false));
        // CC_EXT: "S1" (83+49) + "230415AB" (50+51+48+52+49+53+65+66 = 434) = 566 -> 0x36.
        assert_eq!(ext.name, "A0h CC_EXT (64-94)");
        assert_eq!((ext.stored, ext.computed, ext.ok), (0, 0x36, false));
        p[63] = 0xFD;
        p[95] = 0x36;
        let [base, ext] = checksums(&HalfView::lower(&p));
        assert!(base.ok && ext.ok);
    }

    #[test]
    fn non_printable_vendor_text_is_noted() {
        let mut p = a0(&[]);
        p[20] = 0x01;
        let mut notes = Vec::new();
        let v = vendor(&HalfView::lower(&p), &mut notes);
        assert_eq!(v.name, "\\x01");
        assert_eq!(
            notes,
            vec!["vendor name (bytes 20-35) holds non-printable bytes"]
        );
    }
}
