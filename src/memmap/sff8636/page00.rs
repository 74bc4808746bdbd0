//! Upper Page 00h (serial ID, bytes 128-223; reference/sff-8636.md §2).

use serde::Serialize;

use super::bits::NamedBits;
use super::page00_tables as t;
use super::power;
use crate::memmap::codes::{self, EncodingColumn};
use crate::memmap::decoded::{ChecksumReport, Spec, Vendor};
use crate::memmap::view::{self, HalfView};

/// Bytes 131-138: specification compliance, each bit named.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Compliance {
    /// Byte 131: 10/40G Ethernet; bit 7 = read byte 192.
    pub ethernet_10_40g: NamedBits,
    /// Byte 132: SONET.
    pub sonet: NamedBits,
    /// Byte 133: SAS/SATA.
    pub sas_sata: NamedBits,
    /// Byte 134: Gigabit Ethernet.
    pub gigabit_ethernet: NamedBits,
    /// Byte 135: Fibre Channel link length and transmitter technology.
    pub fc_link_length: NamedBits,
    /// Byte 136: Fibre Channel transmitter technology.
    pub fc_tx_technology: NamedBits,
    /// Byte 137: Fibre Channel transmission media.
    pub fc_media: NamedBits,
    /// Byte 138: Fibre Channel speed.
    pub fc_speed: NamedBits,
}

/// Bytes 142-146: supported link lengths, in the unit each byte uses (0 = not specified).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Lengths {
    /// Byte 142: single-mode fibre, km.
    pub smf_km: u16,
    /// Byte 143: OM3 50 µm, 2 m units, in m.
    pub om3_m: u16,
    /// Byte 144: OM2 50 µm, 1 m units.
    pub om2_m: u16,
    /// Byte 145: OM1 62.5 µm, 1 m units.
    pub om1_m: u16,
    /// Byte 146: copper or active cable (FB, ET: 1 m units; later SFF-8636 revisions also use
    /// this byte for OM4 in 2 m units, UNCONFIRMED in our reference).
    pub copper_m: u16,
}

/// Byte 147: device technology.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct DeviceTechnology {
    /// The byte as read.
    pub raw: u8,
    /// Bits 7-4: transmitter technology code.
    pub transmitter: u8,
    /// Its name.
    pub transmitter_name: &'static str,
    /// Transmitter code 10-15: a copper cable (bytes 186-189 then hold attenuations).
    pub copper: bool,
    /// Bit 3: active wavelength control.
    pub wavelength_control: bool,
    /// Bit 2: cooled transmitter.
    pub cooled: bool,
    /// Bit 1: APD detector (else PIN).
    pub apd_detector: bool,
    /// Bit 0: tunable transmitter.
    pub tunable: bool,
}

/// Bytes 186-189, whose meaning depends on the medium (byte 147).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Media {
    /// An optical transmitter.
    Optical {
        /// Bytes 186-187: U16 × 0.05 nm.
        wavelength_nm: f64,
        /// Bytes 188-189: U16 × 0.005 nm, ± (scale UNCONFIRMED in our reference).
        tolerance_nm: f64,
    },
    /// A copper cable (byte 147 bits 7-4 ≥ 10).
    Copper {
        /// Byte 186: attenuation at 2.5 GHz, dB.
        attenuation_2_5ghz_db: u8,
        /// Byte 187: attenuation at 5.0 GHz, dB.
        attenuation_5_0ghz_db: u8,
        /// Byte 188: attenuation at 7.0 GHz, dB (ET; UNCONFIRMED in our reference).
        attenuation_7_0ghz_db: u8,
        /// Byte 189: attenuation at 12.9 GHz, dB (ET; UNCONFIRMED in our reference).
        attenuation_12_9ghz_db: u8,
    },
}

/// Byte 220: diagnostic monitoring type.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct DiagType {
    /// The byte, bits named.
    pub bits: NamedBits,
    /// Bit 5: temperature monitor implemented.
    pub temperature: bool,
    /// Bit 4: supply voltage monitor implemented.
    pub vcc: bool,
    /// Bit 3: Rx power is average power (1) or OMA (0).
    pub rx_power_average: bool,
    /// Bit 2: Tx power monitor implemented.
    pub tx_power: bool,
}

/// Everything Upper Page 00h declares, except the vendor identity (in `Decoded::vendor`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SerialId {
    /// Byte 128: identifier (copy of lower byte 0).
    pub identifier: u8,
    /// Byte 129: extended identifier, raw.
    pub ext_identifier: u8,
    /// Power class 1-8 from byte 129 (see `power::class`).
    pub power_class: u8,
    /// Byte 129 bit 5: power class 8 implemented (SFF-8636 only).
    pub power_class_8: Option<bool>,
    /// Byte 129 bits 1-0: power class 5-7 code, 0 = use bits 7-6 (SFF-8636 only).
    pub power_class_5_7: Option<u8>,
    /// Byte 129 bit 4: CLEI code present in page 02h.
    pub clei_present: bool,
    /// Byte 129 bit 3: CDR in Tx.
    pub tx_cdr: bool,
    /// Byte 129 bit 2: CDR in Rx.
    pub rx_cdr: bool,
    /// Byte 130: connector code (SFF-8024).
    pub connector: u8,
    /// Its name.
    pub connector_name: &'static str,
    /// Bytes 131-138.
    pub compliance: Compliance,
    /// Byte 139: encoding code (SFF-8024, SFF-8636 column).
    pub encoding: u8,
    /// Its name.
    pub encoding_name: &'static str,
    /// Byte 140: nominal baud rate, 100 MBd units; 0xFF = see byte 222.
    pub br_nominal_raw: u8,
    /// Byte 222: extended nominal baud rate, 250 MBd units.
    pub br_extended_raw: u8,
    /// Nominal baud rate in MBd; `None` when not specified (0).
    pub br_nominal_mbd: Option<u32>,
    /// Byte 141: extended rate-select compliance, raw (bit 0 = version 1).
    pub ext_rate_select: u8,
    /// Bytes 142-146.
    pub lengths: Lengths,
    /// Byte 147.
    pub device_technology: DeviceTechnology,
    /// Byte 164: extended module codes (InfiniBand).
    pub ext_module_codes: NamedBits,
    /// Bytes 186-189.
    pub media: Media,
    /// Byte 190: maximum case temperature, °C.
    pub max_case_temp_c: u8,
    /// Byte 192: extended specification compliance code (SFF-8024 Table 4-4).
    pub ext_compliance: u8,
    /// Its name.
    pub ext_compliance_name: &'static str,
    /// Byte 131 bit 7: byte 192 is the module's declared compliance.
    pub ext_compliance_declared: bool,
    /// Byte 193: options 1.
    pub options_193: NamedBits,
    /// Byte 194: options 2.
    pub options_194: NamedBits,
    /// Byte 195: options 3.
    pub options_195: NamedBits,
    /// Byte 195 bit 6: page 01h provided.
    pub page01_present: bool,
    /// Byte 195 bit 7: page 02h provided.
    pub page02_present: bool,
    /// Byte 220.
    pub diag: DiagType,
    /// Byte 221: enhanced options.
    pub enhanced_options: NamedBits,
}

impl SerialId {
    /// Reads Upper Page 00h.
    pub fn read(p: &HalfView<'_>, spec: Spec) -> Self {
        let sff8636 = spec == Spec::Sff8636;
        let ext = p.u8(129);
        let tech = p.u8(147);
        let transmitter = tech >> 4;
        let copper = transmitter >= 10;
        let br_nominal_raw = p.u8(140);
        let br_extended_raw = p.u8(222);
        let diag = p.u8(220);
        let connector = p.u8(130);
        let encoding = p.u8(139);
        let ext_compliance = p.u8(192);
        SerialId {
            identifier: p.u8(128),
            ext_identifier: ext,
            power_class: power::class(ext, spec),
            power_class_8: sff8636.then_some(ext & 0x20 != 0),
            power_class_5_7: sff8636.then_some(ext & 0x03),
            clei_present: p.bit(129, 4),
            tx_cdr: p.bit(129, 3),
            rx_cdr: p.bit(129, 2),
            connector,
            connector_name: codes::connector_name(connector),
            compliance: Compliance {
                ethernet_10_40g: NamedBits::new(p.u8(131), t::ETHERNET_10_40G),
                sonet: NamedBits::new(p.u8(132), t::SONET),
                sas_sata: NamedBits::new(p.u8(133), t::SAS_SATA),
                gigabit_ethernet: NamedBits::new(p.u8(134), t::GIGABIT_ETHERNET),
                fc_link_length: NamedBits::new(p.u8(135), t::FC_LINK_LENGTH),
                fc_tx_technology: NamedBits::new(p.u8(136), t::FC_TX_TECHNOLOGY),
                fc_media: NamedBits::new(p.u8(137), t::FC_MEDIA),
                fc_speed: NamedBits::new(p.u8(138), t::FC_SPEED),
            },
            encoding,
            encoding_name: codes::encoding_name(encoding, EncodingColumn::Sff8636),
            br_nominal_raw,
            br_extended_raw,
            br_nominal_mbd: br_nominal_mbd(br_nominal_raw, br_extended_raw),
            ext_rate_select: p.u8(141),
            lengths: Lengths {
                smf_km: u16::from(p.u8(142)),
                om3_m: u16::from(p.u8(143)) * 2,
                om2_m: u16::from(p.u8(144)),
                om1_m: u16::from(p.u8(145)),
                copper_m: u16::from(p.u8(146)),
            },
            device_technology: DeviceTechnology {
                raw: tech,
                transmitter,
                transmitter_name: t::transmitter_name(transmitter),
                copper,
                wavelength_control: tech & 0x08 != 0,
                cooled: tech & 0x04 != 0,
                apd_detector: tech & 0x02 != 0,
                tunable: tech & 0x01 != 0,
            },
            ext_module_codes: NamedBits::new(p.u8(164), t::EXT_MODULE_CODES),
            media: if copper {
                Media::Copper {
                    attenuation_2_5ghz_db: p.u8(186),
                    attenuation_5_0ghz_db: p.u8(187),
                    attenuation_7_0ghz_db: p.u8(188),
                    attenuation_12_9ghz_db: p.u8(189),
                }
            } else {
                Media::Optical {
                    // 0.05 nm = 1/20 nm; dividing keeps e.g. 1310.0 exact.
                    wavelength_nm: f64::from(p.u16(186)) / 20.0,
                    // 0.005 nm = 1/200 nm.
                    tolerance_nm: f64::from(p.u16(188)) / 200.0,
                }
            },
            max_case_temp_c: p.u8(190),
            ext_compliance,
            ext_compliance_name: codes::ext_compliance_name(ext_compliance),
            ext_compliance_declared: p.bit(131, 7),
            options_193: NamedBits::new(p.u8(193), t::OPTIONS_193),
            options_194: NamedBits::new(p.u8(194), t::OPTIONS_194),
            options_195: NamedBits::new(p.u8(195), t::OPTIONS_195),
            page01_present: p.bit(195, 6),
            page02_present: p.bit(195, 7),
            diag: DiagType {
                bits: NamedBits::new(diag, t::DIAG_TYPE),
                temperature: diag & 0x20 != 0,
                vcc: diag & 0x10 != 0,
                rx_power_average: diag & 0x08 != 0,
                tx_power: diag & 0x04 != 0,
            },
            enhanced_options: NamedBits::new(p.u8(221), t::ENHANCED_OPTIONS),
        }
    }
}

/// Byte 140 × 100 MBd, or byte 222 × 250 MBd when byte 140 is 0xFF; `None` when the value in
/// use is 0 (not specified).
fn br_nominal_mbd(nominal: u8, extended: u8) -> Option<u32> {
    let mbd = if nominal == 0xFF {
        u32::from(extended) * 250
    } else {
        u32::from(nominal) * 100
    };
    (mbd != 0).then_some(mbd)
}

/// The vendor identity: name 148-163, OUI 165-167, PN 168-183, rev 184-185, SN 196-211,
/// date code 212-219.
pub fn vendor(p: &HalfView<'_>) -> Vendor {
    Vendor {
        name: p.ascii(148, 163),
        pn: p.ascii(168, 183),
        rev: p.ascii(184, 185),
        sn: p.ascii(196, 211),
        oui: p.oui(165),
        date_code: view::date_code(p.slice(212, 219)),
    }
}

/// CC_BASE (sum of 128-190 at 191) and CC_EXT (sum of 192-222 at 223).
pub fn checksums(p: &HalfView<'_>) -> [ChecksumReport; 2] {
    [
        p.checksum("page 00h CC_BASE (128-190)", 128, 190, 191),
        p.checksum("page 00h CC_EXT (192-222)", 192, 222, 223),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(bytes: &[(usize, &[u8])]) -> [u8; 128] {
        let mut p = [0u8; 128];
        for &(at, b) in bytes {
            p[at - 128..at - 128 + b.len()].copy_from_slice(b);
        }
        p
    }

    fn read(bytes: &[(usize, &[u8])]) -> SerialId {
        SerialId::read(&HalfView::upper(&page(bytes)), Spec::Sff8636)
    }

    #[test]
    fn byte_129_extended_identifier() {
        // 0xDE = 1101_1110: bits 7-6 = 11 (class 4), bit 4 CLEI, bit 3 Tx CDR, bit 2 Rx CDR,
        // bits 1-0 = 10 -> class 6.
        let s = read(&[(128, &[0x11, 0xDE])]);
        assert_eq!(s.identifier, 0x11);
        assert_eq!(s.ext_identifier, 0xDE);
        assert_eq!(s.power_class, 6);
        assert_eq!(s.power_class_5_7, Some(2));
        assert_eq!(s.power_class_8, Some(false));
        assert!(s.clei_present && s.tx_cdr && s.rx_cdr);
        // 0x20: bit 5 = class 8; nothing else.
        let s = read(&[(129, &[0x20])]);
        assert_eq!((s.power_class, s.power_class_8), (8, Some(true)));
        assert!(!s.clei_present && !s.tx_cdr && !s.rx_cdr);
        // SFF-8436: bit 5 and bits 1-0 are reserved.
        let s = SerialId::read(&HalfView::upper(&page(&[(129, &[0x23])])), Spec::Sff8436);
        assert_eq!(
            (s.power_class, s.power_class_8, s.power_class_5_7),
            (1, None, None)
        );
    }

    #[test]
    fn bytes_130_to_139_codes_and_compliance() {
        // 130 = 0x0C (MPO 1x12), 131 = 0x84 (extended + 40GBASE-SR4), 132 = 0x09 (40G OTN +
        // OC-48 SR), 133 = 0x90 (SAS 24G + 3G), 134 = 0x0A (bits 3, 1: 1000BASE-T, 1000BASE-LX),
        // 135 = 0x42 (S + LC), 136 = 0x40 (SN), 137 = 0x05 (M5 + SM), 138 = 0x88 (1200 + 3200),
        // 139 = 0x05 (64B/66B in the SFF-8636 column).
        let s = read(&[(
            130,
            &[0x0C, 0x84, 0x09, 0x90, 0x0A, 0x42, 0x40, 0x05, 0x88, 0x05],
        )]);
        assert_eq!(s.connector, 0x0C);
        let c = &s.compliance;
        let names = |b: &NamedBits| b.names().collect::<Vec<_>>();
        assert_eq!(
            names(&c.ethernet_10_40g),
            ["Extended (see byte 192)", "40GBASE-SR4"]
        );
        assert!(s.ext_compliance_declared);
        assert_eq!(
            names(&c.sonet),
            ["40G OTN (OTU3B/OTU3C)", "OC-48 short reach"]
        );
        assert_eq!(names(&c.sas_sata), ["SAS 24.0 Gb/s", "SAS 3.0 Gb/s"]);
        assert_eq!(names(&c.gigabit_ethernet), ["1000BASE-T", "1000BASE-LX"]);
        assert_eq!(
            names(&c.fc_link_length),
            ["short distance (S)", "longwave laser (LC)"]
        );
        assert_eq!(
            names(&c.fc_tx_technology),
            ["shortwave laser without OFC (SN)"]
        );
        assert_eq!(
            names(&c.fc_media),
            ["multimode 50 um (M5)", "single mode (SM)"]
        );
        assert_eq!(names(&c.fc_speed), ["1200 MBytes/s", "3200 MBytes/s"]);
        assert_eq!(s.encoding, 0x05);
    }

    #[test]
    fn byte_140_baud_rate_and_222_extension() {
        // 140 = 0x67 = 103 × 100 MBd = 10300 MBd.
        assert_eq!(read(&[(140, &[0x67])]).br_nominal_mbd, Some(10_300));
        // 140 = 0xFF -> 222 = 0x68 = 104 × 250 MBd = 26000 MBd.
        let s = read(&[(140, &[0xFF]), (222, &[0x68])]);
        assert_eq!(s.br_nominal_mbd, Some(26_000));
        assert_eq!((s.br_nominal_raw, s.br_extended_raw), (0xFF, 0x68));
        // 0 = not specified; 0xFF with 222 = 0 likewise.
        assert_eq!(read(&[]).br_nominal_mbd, None);
        assert_eq!(read(&[(140, &[0xFF])]).br_nominal_mbd, None);
    }

    #[test]
    fn bytes_141_to_146_rate_select_and_lengths() {
        // 141 = 0x01 (version 1); 142 = 10 km; 143 = 150 × 2 m = 300 m; 144 = 82 m; 145 = 33 m;
        // 146 = 5 m.
        let s = read(&[(141, &[0x01, 10, 150, 82, 33, 5])]);
        assert_eq!(s.ext_rate_select, 1);
        assert_eq!(
            s.lengths,
            Lengths {
                smf_km: 10,
                om3_m: 300,
                om2_m: 82,
                om1_m: 33,
                copper_m: 5
            }
        );
        // 143 = 255 × 2 = 510 m: wider than a byte, no overflow.
        assert_eq!(read(&[(143, &[0xFF])]).lengths.om3_m, 510);
    }

    #[test]
    fn byte_147_device_technology_optical_with_wavelength() {
        // 147 = 0x4F: transmitter 4 (1310 nm DFB), bits 3-0 all set.
        // 186-187 = 0x6656 = 26198 × 0.05 nm = 1309.9 nm; 188-189 = 0x0C80 = 3200 × 0.005 = 16 nm.
        let s = read(&[(147, &[0x4F]), (186, &[0x66, 0x56, 0x0C, 0x80])]);
        let d = s.device_technology;
        assert_eq!((d.transmitter, d.transmitter_name), (4, "1310 nm DFB"));
        assert!(!d.copper && d.wavelength_control && d.cooled && d.apd_detector && d.tunable);
        assert_eq!(
            s.media,
            Media::Optical {
                wavelength_nm: 1309.9,
                tolerance_nm: 16.0
            }
        );
        // 850 nm VCSEL (code 0), 0x4268 = 17000 × 0.05 = 850 nm.
        let s = read(&[(186, &[0x42, 0x68, 0x00, 0x01])]);
        assert_eq!(s.device_technology.transmitter, 0);
        assert_eq!(
            s.media,
            Media::Optical {
                wavelength_nm: 850.0,
                tolerance_nm: 0.005
            }
        );
    }

    #[test]
    fn byte_147_copper_turns_186_to_189_into_attenuations() {
        // 147 = 0xA0: transmitter 10 (copper, unequalized); 186..189 = 3, 5, 6, 9 dB.
        let s = read(&[(147, &[0xA0]), (186, &[3, 5, 6, 9])]);
        assert!(s.device_technology.copper);
        assert_eq!(
            s.media,
            Media::Copper {
                attenuation_2_5ghz_db: 3,
                attenuation_5_0ghz_db: 5,
                attenuation_7_0ghz_db: 6,
                attenuation_12_9ghz_db: 9
            }
        );
        // 147 = 0x90: transmitter 9 (1490 nm DFB) is still optical.
        assert!(!read(&[(147, &[0x90])]).device_technology.copper);
    }

    #[test]
    fn byte_164_190_192_ext_codes_case_temp_ext_compliance() {
        // 164 = 0x14: EDR + QDR; 190 = 85 °C; 192 = 0x02 (100GBASE-SR4), 131 bit 7 clear.
        let s = read(&[(164, &[0x14]), (190, &[85]), (192, &[0x02])]);
        assert_eq!(
            s.ext_module_codes.names().collect::<Vec<_>>(),
            ["InfiniBand EDR", "InfiniBand QDR"]
        );
        assert_eq!(s.max_case_temp_c, 85);
        // Reported although byte 131 bit 7 does not declare it.
        assert_eq!(s.ext_compliance, 0x02);
        assert!(!s.ext_compliance_declared);
    }

    #[test]
    fn bytes_193_to_195_options_and_page_presence() {
        // 193 = 0x09: EQ auto-adaptive (b3) + Rx amplitude (b0).
        // 194 = 0x31: Tx LOL (b5), Rx LOL (b4), Tx squelch (b0).
        // 195 = 0x5A: page 01h (b6), Tx disable (b4), Tx fault (b3), Tx LOS (b1).
        let s = read(&[(193, &[0x09, 0x31, 0x5A])]);
        let names = |b: &NamedBits| b.names().collect::<Vec<_>>();
        assert_eq!(
            names(&s.options_193),
            [
                "Tx input EQ auto-adaptive",
                "Rx output amplitude programmable"
            ]
        );
        assert_eq!(
            names(&s.options_194),
            ["Tx CDR LOL flag", "Rx CDR LOL flag", "Tx squelch"]
        );
        assert_eq!(
            names(&s.options_195),
            ["page 01h", "Tx disable", "Tx fault", "Tx LOS"]
        );
        assert!(s.page01_present && !s.page02_present);
        // 195 = 0x80: page 02h only.
        let s = read(&[(195, &[0x80])]);
        assert!(!s.page01_present && s.page02_present);
    }

    #[test]
    fn byte_220_diag_type_and_221_enhanced_options() {
        // 220 = 0x3C: temperature (b5), Vcc (b4), Rx average (b3), Tx power (b2).
        let s = read(&[(220, &[0x3C, 0x0C])]);
        let d = s.diag;
        assert!(d.temperature && d.vcc && d.rx_power_average && d.tx_power);
        assert_eq!(
            s.enhanced_options.names().collect::<Vec<_>>(),
            ["extended rate select", "application select table"]
        );
        // 220 = 0x20: temperature only, Rx power is OMA.
        let d = read(&[(220, &[0x20])]).diag;
        assert!(d.temperature && !d.vcc && !d.rx_power_average && !d.tx_power);
    }

    #[test]
    fn vendor_fields_trimmed() {
        let p = page(&[
            (148, b"ACME OPTICS     "),
            (165, &[0x00, 0x90, 0x65]),
            (168, b"QSFP-100G-LR4   "),
            (184, b"B1"),
            (196, b"SN12345         "),
            (212, b"23041501"),
        ]);
        let v = vendor(&HalfView::upper(&p));
        assert_eq!(v.name, "ACME OPTICS");
        assert_eq!(v.oui, "00:90:65");
        assert_eq!(v.pn, "QSFP-100G-LR4");
        assert_eq!(v.rev, "B1");
        assert_eq!(v.sn, "SN12345");
        assert_eq!(v.date_code, "2023-04-15");
    }

    #[test]
    fn checksums_cover_128_190_and_192_222() {
        // 128 = 0x11, 129 = 0x80, 190 = 0x01 -> 0x92 at 191. 192 = 0xFF, 222 = 0x02 -> 0x101
        // -> low 8 bits 0x01 at 223.
        let p = page(&[
            (128, &[0x11, 0x80]),
            (190, &[0x01, 0x92, 0xFF]),
            (222, &[0x02, 0x01]),
        ]);
        let [base, ext] = checksums(&HalfView::upper(&p));
        assert_eq!((base.stored, base.computed, base.ok), (0x92, 0x92, true));
        assert_eq!((ext.stored, ext.computed, ext.ok), (0x01, 0x01, true));
        // Break CC_EXT: stored 0x00, computed 0x01.
        let p = page(&[(192, &[0xFF]), (222, &[0x02, 0x00])]);
        let [_, ext] = checksums(&HalfView::upper(&p));
        assert_eq!((ext.stored, ext.computed, ext.ok), (0x00, 0x01, false));
    }
}
