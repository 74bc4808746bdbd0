//! Upper page 00h: administrative information (CMIS 5.2 §8.3, Tables 8-25 to 8-35;
//! reference/cmis.md §3).

use serde::Serialize;

use crate::memmap::codes;
use crate::memmap::decoded::{ChecksumReport, Vendor};
use crate::memmap::sections::Section;
use crate::memmap::view::{self, HalfView};

/// Cable assembly length (byte 202, Table 8-31).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct CableLength {
    /// b7-6: 0 ×0.1 m, 1 ×1 m, 2 ×10 m, 3 ×100 m.
    pub multiplier_code: u8,
    /// b5-0: base length.
    pub base: u8,
    /// base × multiplier, m (0 = not a cable assembly / not given).
    pub meters: f64,
}

impl CableLength {
    fn from_byte(b: u8) -> Self {
        let multiplier_code = b >> 6;
        let base = b & 0x3F;
        let base_f = f64::from(base);
        let meters = match multiplier_code {
            0 => base_f / 10.0,
            1 => base_f,
            2 => base_f * 10.0,
            _ => base_f * 100.0,
        };
        CableLength {
            multiplier_code,
            base,
            meters,
        }
    }
}

/// Passive copper attenuation (bytes 204-207, 1 dB units).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct CopperAttenuation {
    /// 204: at 5 GHz.
    pub at_5ghz_db: u8,
    /// 205: at 7 GHz.
    pub at_7ghz_db: u8,
    /// 206: at 12.9 GHz.
    pub at_12_9ghz_db: u8,
    /// 207: at 25.8 GHz.
    pub at_25_8ghz_db: u8,
}

/// Page 00h fields other than the vendor identity (which goes to [`Vendor`]).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Page00 {
    /// 128: copy of the identifier.
    pub identifier_copy: u8,
    /// 190-199: CLEI code.
    pub clei: String,
    /// 200 b7-5 + 1: power class 1-8.
    pub power_class: u8,
    /// 201 × 0.25 W: maximum power.
    pub max_power_w: f64,
    /// 202.
    pub cable_length: CableLength,
    /// 203: SFF-8024 connector code.
    pub connector: u8,
    /// 204-207.
    pub copper_attenuation: CopperAttenuation,
    /// 210: bit n = media lane n+1 is not supported (breakout cables).
    pub media_lane_unsupported: u8,
    /// 211 b4-0: far-end cable configuration code (Table 8-34).
    pub far_end_config: u8,
    /// 212: media interface technology (Table 8-35).
    pub media_interface_technology: u8,
}

impl Page00 {
    /// Decodes page 00h; returns the fields, the vendor identity and the checksum (128-221 at 222).
    pub fn decode(
        p: &HalfView<'_>,
        identifier: u8,
        notes: &mut Vec<String>,
    ) -> (Self, Vendor, ChecksumReport) {
        let vendor = Vendor {
            name: p.ascii(129, 144),
            oui: p.oui(145),
            pn: p.ascii(148, 163),
            rev: p.ascii(164, 165),
            sn: p.ascii(166, 181),
            date_code: view::date_code(p.slice(182, 189)),
        };
        let page = Page00 {
            identifier_copy: p.u8(128),
            clei: p.ascii(190, 199),
            power_class: p.bits(200, 7, 5) + 1,
            max_power_w: f64::from(p.u8(201)) / 4.0,
            cable_length: CableLength::from_byte(p.u8(202)),
            connector: p.u8(203),
            copper_attenuation: CopperAttenuation {
                at_5ghz_db: p.u8(204),
                at_7ghz_db: p.u8(205),
                at_12_9ghz_db: p.u8(206),
                at_25_8ghz_db: p.u8(207),
            },
            media_lane_unsupported: p.u8(210),
            far_end_config: p.bits(211, 4, 0),
            media_interface_technology: p.u8(212),
        };
        if page.identifier_copy != identifier {
            notes.push(format!(
                "page 00h:128 identifier copy 0x{:02x} differs from byte 0 (0x{identifier:02x})",
                page.identifier_copy
            ));
        }
        (
            page,
            vendor,
            p.checksum("page 00h (128-221)", 128, 221, 222),
        )
    }

    /// The report block (vendor identity, power and checksum are rendered by the CLI).
    pub fn section(&self) -> Section {
        let mut s = Section::new("Administrative (page 00h)");
        if !self.clei.is_empty() {
            s.row("CLEI code", self.clei.clone());
        }
        s.row(
            "Connector",
            format!(
                "{} (0x{:02x})",
                codes::connector_name(self.connector),
                self.connector
            ),
        );
        s.row(
            "Media interface technology",
            format!(
                "{} ({})",
                media_interface_technology_name(self.media_interface_technology),
                self.media_interface_technology
            ),
        );
        if self.cable_length.meters > 0.0 {
            s.row("Cable length", format!("{} m", self.cable_length.meters));
        }
        let a = &self.copper_attenuation;
        if a != &CopperAttenuation::default() {
            s.row(
                "Copper attenuation",
                format!(
                    "{} dB @ 5 GHz, {} dB @ 7 GHz, {} dB @ 12.9 GHz, {} dB @ 25.8 GHz",
                    a.at_5ghz_db, a.at_7ghz_db, a.at_12_9ghz_db, a.at_25_8ghz_db
                ),
            );
        }
        if self.media_lane_unsupported != 0 {
            s.row(
                "Unsupported media lanes",
                super::lanes::lane_list(self.media_lane_unsupported, 0),
            );
        }
        if self.far_end_config != 0 {
            s.row(
                "Far-end configuration code",
                self.far_end_config.to_string(),
            );
        }
        s
    }
}

/// Byte 212 (Table 8-35).
pub fn media_interface_technology_name(code: u8) -> &'static str {
    match code {
        0x00 => "850 nm VCSEL",
        0x01 => "1310 nm VCSEL",
        0x02 => "1550 nm VCSEL",
        0x03 => "1310 nm FP",
        0x04 => "1310 nm DFB",
        0x05 => "1550 nm DFB",
        0x06 => "1310 nm EML",
        0x07 => "1550 nm EML",
        0x08 => "Other / undefined",
        0x09 => "1490 nm DFB",
        0x0A => "Copper cable, unequalized",
        0x0B => "Copper cable, passive equalized",
        0x0C => "Copper cable, near and far end limiting active equalizers",
        0x0D => "Copper cable, far end limiting active equalizers",
        0x0E => "Copper cable, near end limiting active equalizers",
        0x0F => "Copper cable, linear active equalizers",
        0x10 => "C-band tunable laser",
        0x11 => "L-band tunable laser",
        _ => "Reserved",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::memmap::view::sum8;

    fn page() -> [u8; 128] {
        let mut p = [b' '; 128];
        p[0] = 0x19;
        p[1..6].copy_from_slice(b"Credo");
        p[145 - 128..148 - 128].copy_from_slice(&[0x9A, 0xAD, 0xCA]);
        p[148 - 128..164 - 128].copy_from_slice(b"CAC845301A2NC2XA");
        p[164 - 128..166 - 128].copy_from_slice(b"01");
        p[166 - 128..174 - 128].copy_from_slice(b"SN123456");
        p[182 - 128..190 - 128].copy_from_slice(b"250409  ");
        p[190 - 128..200 - 128].copy_from_slice(b"CMUIAZ7BAA");
        p[200 - 128] = 0xC0; // b7-5 = 110 = 6 -> class 7
        p[201 - 128] = 0x34; // 52 × 0.25 = 13 W
        p[202 - 128] = 0x2D; // ×0.1 m, 45 -> 4.5 m
        p[203 - 128] = 0x23;
        p[204 - 128..208 - 128].copy_from_slice(&[3, 4, 7, 12]);
        p[208 - 128..210 - 128].fill(0);
        p[210 - 128] = 0xF0; // media lanes 5-8 unsupported
        p[211 - 128] = 0xE3; // b7-5 reserved, code 3
        p[212 - 128] = 0x0C;
        p[213 - 128..222 - 128].fill(0);
        p[222 - 128] = sum8(&p[..222 - 128]);
        p
    }

    #[test]
    fn identity_and_fields() {
        let p = page();
        let mut notes = vec![];
        let (d, v, c) = Page00::decode(&HalfView::upper(&p), 0x19, &mut notes);
        assert_eq!(v.name, "Credo");
        assert_eq!(v.oui, "9a:ad:ca");
        assert_eq!(v.pn, "CAC845301A2NC2XA");
        assert_eq!(v.rev, "01");
        assert_eq!(v.sn, "SN123456");
        assert_eq!(v.date_code, "2025-04-09");
        assert_eq!(d.clei, "CMUIAZ7BAA");
        assert_eq!(d.power_class, 7);
        assert_eq!(d.max_power_w, 13.0);
        assert_eq!(d.cable_length.meters, 4.5);
        assert_eq!(d.connector, 0x23);
        assert_eq!(
            d.copper_attenuation,
            CopperAttenuation {
                at_5ghz_db: 3,
                at_7ghz_db: 4,
                at_12_9ghz_db: 7,
                at_25_8ghz_db: 12
            }
        );
        assert_eq!(d.media_lane_unsupported, 0xF0);
        assert_eq!(d.far_end_config, 3);
        assert_eq!(
            media_interface_technology_name(d.media_interface_technology),
            "Copper cable, near and far end limiting active equalizers"
        );
        assert!(c.ok);
        assert!(notes.is_empty());
    }

    #[test]
    fn power_class_and_length_multipliers() {
        // 200 b7-5 = 000 -> class 1, 111 -> class 8.
        let mut p = page();
        p[200 - 128] = 0x1F;
        p[201 - 128] = 0x42; // 66 × 0.25 = 16.5 W
        p[202 - 128] = 0x45; // ×1, 5 -> 5 m
        let (d, _, c) = Page00::decode(&HalfView::upper(&p), 0x19, &mut vec![]);
        assert_eq!(
            (d.power_class, d.max_power_w, d.cable_length.meters),
            (1, 16.5, 5.0)
        );
        assert!(!c.ok, "bytes changed, checksum stale");
        p[200 - 128] = 0xE0;
        p[202 - 128] = 0x83; // ×10, 3 -> 30 m
        let (d, _, _) = Page00::decode(&HalfView::upper(&p), 0x19, &mut vec![]);
        assert_eq!((d.power_class, d.cable_length.meters), (8, 30.0));
        p[202 - 128] = 0xC2; // ×100, 2 -> 200 m
        let (d, _, _) = Page00::decode(&HalfView::upper(&p), 0x19, &mut vec![]);
        assert_eq!(d.cable_length.meters, 200.0);
        assert_eq!(d.cable_length.multiplier_code, 3);
    }

    #[test]
    fn bad_checksum_and_identifier_copy_mismatch() {
        let mut p = page();
        let good = p[222 - 128];
        p[222 - 128] = good.wrapping_add(1);
        let mut notes = vec![];
        let (_, _, c) = Page00::decode(&HalfView::upper(&p), 0x18, &mut notes);
        assert_eq!(
            (c.stored, c.computed, c.ok),
            (good.wrapping_add(1), good, false)
        );
        assert_eq!(c.name, "page 00h (128-221)");
        assert_eq!(notes.len(), 1);
    }

    #[test]
    fn technology_names() {
        assert_eq!(media_interface_technology_name(0x06), "1310 nm EML");
        assert_eq!(
            media_interface_technology_name(0x11),
            "L-band tunable laser"
        );
        assert_eq!(media_interface_technology_name(0x12), "Reserved");
    }
}
