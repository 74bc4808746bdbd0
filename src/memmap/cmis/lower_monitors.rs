//! Lower memory bytes 14-25: module-level monitors (CMIS 5.2 Table 8-10; reference/cmis.md §1).
//! What Aux1-3 measure comes from Page 01h:145, whether each monitor exists from 01h:159.

use serde::Serialize;

use super::page01::{AuxKind, Page01};
use crate::memmap::sections::{Section, opt};
use crate::memmap::units;
use crate::memmap::view::HalfView;

/// One auxiliary monitor.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct AuxMonitor {
    /// The 16-bit word as read.
    pub raw: u16,
    /// What it measures; `None` when page 01h is absent.
    pub kind: Option<AuxKind>,
    /// Page 01h:159 support bit; `None` when page 01h is absent.
    pub supported: Option<bool>,
    /// The value in the unit of `kind`; `None` when unsupported, custom, or kind unknown.
    pub value: Option<f64>,
}

/// Bytes 14-25.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Monitors {
    /// 14-15: S16 1/256 °C; `None` when 01h:159 b0 says not supported.
    pub temperature_c: Option<f64>,
    /// 16-17: U16 100 µV; `None` when 01h:159 b1 says not supported.
    pub vcc_v: Option<f64>,
    /// 18-19.
    pub aux1: AuxMonitor,
    /// 20-21.
    pub aux2: AuxMonitor,
    /// 22-23.
    pub aux3: AuxMonitor,
    /// 24-25: custom monitor, raw (vendor-defined, signed or unsigned).
    pub custom_raw: u16,
    /// 01h:159 b5; `None` when page 01h is absent.
    pub custom_supported: Option<bool>,
}

impl Monitors {
    /// Decodes bytes 14-25 using page 01h when present.
    pub fn decode(lower: &HalfView<'_>, page01: Option<&Page01>) -> Self {
        let sup = page01.map(|p| p.module_monitors);
        let chr = page01.map(|p| p.characteristics);
        // Without page 01h the support is unknown: report temperature and Vcc anyway.
        let temp_ok = sup.is_none_or(|s| s.temperature);
        let vcc_ok = sup.is_none_or(|s| s.vcc);
        let aux = |off: usize, kind: Option<AuxKind>, supported: Option<bool>| {
            let raw = lower.u16(off);
            let value = match (kind, supported) {
                (Some(k), Some(true)) => k.value(raw),
                _ => None,
            };
            AuxMonitor {
                raw,
                kind,
                supported,
                value,
            }
        };
        Monitors {
            temperature_c: temp_ok.then(|| units::temperature_c(lower.i16(14))),
            vcc_v: vcc_ok.then(|| units::vcc_v(lower.u16(16))),
            aux1: aux(18, chr.map(|c| c.aux1), sup.map(|s| s.aux1)),
            aux2: aux(20, chr.map(|c| c.aux2), sup.map(|s| s.aux2)),
            aux3: aux(22, chr.map(|c| c.aux3), sup.map(|s| s.aux3)),
            custom_raw: lower.u16(24),
            custom_supported: sup.map(|s| s.custom),
        }
    }

    /// The report block for the auxiliary and custom monitors (temperature and Vcc are common
    /// fields rendered by the CLI).
    pub fn section(&self) -> Section {
        let mut s = Section::new("Auxiliary monitors (lower 18-25)");
        for (name, a) in [
            ("Aux 1", &self.aux1),
            ("Aux 2", &self.aux2),
            ("Aux 3", &self.aux3),
        ] {
            let value = match (a.supported, a.kind) {
                (Some(false), _) => "not supported".to_string(),
                (_, Some(AuxKind::Custom)) => format!("custom, raw 0x{:04x}", a.raw),
                (Some(true), Some(k)) => {
                    format!("{} ({})", opt(a.value, 3, k.unit()), k.name())
                }
                _ => format!("raw 0x{:04x} (page 01h missing: meaning unknown)", a.raw),
            };
            s.row(name, value);
        }
        if self.custom_supported != Some(false) {
            s.row("Custom monitor", format!("raw 0x{:04x}", self.custom_raw));
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::memmap::cmis::lower_status::Revision;

    fn lower() -> [u8; 128] {
        let mut p = [0u8; 128];
        p[14] = 0xF6; // 0xF600 = -2560 / 256 = -10.0 °C
        p[15] = 0x00;
        p[16] = 0x81; // 0x8121 = 33057 × 100 µV = 3.3057 V
        p[17] = 0x21;
        p[18] = 0xDF; // 0xDFFD = -8195 -> TEC -25.01 %
        p[19] = 0xFD;
        p[20] = 0x37; // 0x3704 = 14084 / 256 = 55.015625 °C
        p[21] = 0x04;
        p[22] = 0x80; // 0x80E8 = 33000 -> 3.3 V (Vcc2) or -127.09 °C (laser temp)
        p[23] = 0xE8;
        p[24] = 0x12;
        p[25] = 0x34;
        p
    }

    fn page01(b145: u8, b159: u8) -> Page01 {
        let mut p = [0u8; 128];
        p[145 - 128] = b145;
        p[159 - 128] = b159;
        Page01::decode(&HalfView::upper(&p), Revision::from_byte(0x52), &mut vec![]).0
    }

    #[test]
    fn without_page_01h_temperature_and_vcc_are_reported() {
        let l = lower();
        let m = Monitors::decode(&HalfView::lower(&l), None);
        assert_eq!(m.temperature_c, Some(-10.0));
        assert_eq!(m.vcc_v, Some(3.3057));
        assert_eq!(m.aux1.raw, 0xDFFD);
        assert_eq!((m.aux1.kind, m.aux1.value), (None, None));
        assert_eq!(m.custom_raw, 0x1234);
        assert_eq!(m.custom_supported, None);
    }

    #[test]
    fn aux_meaning_from_page_01h_145() {
        let l = lower();
        // 145 = 0x07: aux1 TEC, aux2 TEC, aux3 Vcc2; 159 = 0x3F all supported.
        let p = page01(0x07, 0x3F);
        let m = Monitors::decode(&HalfView::lower(&l), Some(&p));
        let tec = m.aux1.value.unwrap_or_default();
        assert!((tec - (-8195.0 * 100.0 / 32767.0)).abs() < 1e-12);
        // 0x3704 = 14084 / 32767 × 100 = 42.9822 %.
        let tec2 = m.aux2.value.unwrap_or_default();
        assert!((tec2 - 42.982_2).abs() < 1e-4);
        assert_eq!(m.aux3.value, Some(3.3));
        // 145 = 0x00: aux1 custom, aux2 and aux3 laser temperature.
        let p = page01(0x00, 0x3F);
        let m = Monitors::decode(&HalfView::lower(&l), Some(&p));
        assert_eq!((m.aux1.kind, m.aux1.value), (Some(AuxKind::Custom), None));
        assert_eq!(m.aux2.value, Some(55.015625));
        // 0x80E8 as S16 = -32536 / 256 = -127.09375 °C.
        assert_eq!(m.aux3.value, Some(-127.09375));
        assert_eq!(m.custom_supported, Some(true));
    }

    #[test]
    fn unsupported_monitors_are_none() {
        let l = lower();
        // 159 = 0x00: nothing supported.
        let p = page01(0x07, 0x00);
        let m = Monitors::decode(&HalfView::lower(&l), Some(&p));
        assert_eq!((m.temperature_c, m.vcc_v), (None, None));
        assert_eq!(
            (m.aux1.value, m.aux2.value, m.aux3.value),
            (None, None, None)
        );
        assert_eq!(m.aux1.supported, Some(false));
        // 159 = 0x02: only Vcc.
        let m = Monitors::decode(&HalfView::lower(&l), Some(&page01(0, 0x02)));
        assert_eq!((m.temperature_c, m.vcc_v), (None, Some(3.3057)));
    }
}
