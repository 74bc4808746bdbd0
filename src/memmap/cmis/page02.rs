//! Upper page 02h: monitor thresholds (CMIS 5.2 Table 8-53; reference/cmis.md §5). Each block is
//! high alarm, low alarm, high warning, low warning, two bytes each, in the monitor's unit; lane
//! thresholds are one set shared by all lanes.

use serde::Serialize;

use super::page01::AuxKind;
use crate::memmap::decoded::{ChecksumReport, ThresholdSet};
use crate::memmap::sections::{Section, opt};
use crate::memmap::units;
use crate::memmap::view::HalfView;

/// The four raw words of one block.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct RawThresholds {
    /// High alarm.
    pub high_alarm: u16,
    /// Low alarm.
    pub low_alarm: u16,
    /// High warning.
    pub high_warning: u16,
    /// Low warning.
    pub low_warning: u16,
}

impl RawThresholds {
    fn at(p: &HalfView<'_>, first: usize) -> Self {
        RawThresholds {
            high_alarm: p.u16(first),
            low_alarm: p.u16(first + 2),
            high_warning: p.u16(first + 4),
            low_warning: p.u16(first + 6),
        }
    }

    /// Converts every word with `f`.
    pub fn convert(&self, f: impl Fn(u16) -> Option<f64>) -> ThresholdSet {
        ThresholdSet {
            high_alarm: f(self.high_alarm),
            low_alarm: f(self.low_alarm),
            high_warning: f(self.high_warning),
            low_warning: f(self.low_warning),
        }
    }
}

/// Thresholds of one Aux monitor.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AuxThresholds {
    /// As read.
    pub raw: RawThresholds,
    /// What the monitor measures (page 01h:145); `None` without page 01h or when page 01h:159
    /// says the monitor is not supported.
    pub kind: Option<AuxKind>,
    /// In the unit of `kind`; `None` for custom monitors or unknown kind.
    pub values: Option<ThresholdSet>,
}

/// Page 02h.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Page02 {
    /// 128-135: S16 1/256 °C.
    pub temperature_c: ThresholdSet,
    /// 136-143: U16 100 µV, in V.
    pub vcc_v: ThresholdSet,
    /// 144-151.
    pub aux1: AuxThresholds,
    /// 152-159.
    pub aux2: AuxThresholds,
    /// 160-167.
    pub aux3: AuxThresholds,
    /// 168-175: custom monitor, raw.
    pub custom: RawThresholds,
    /// 176-183: U16 0.1 µW, in mW.
    pub tx_power_mw: ThresholdSet,
    /// 184-191: U16 2 µA × multiplier (01h:160 b4-3), in mA; `None` when the multiplier is
    /// unknown (page 01h missing or reserved code).
    pub tx_bias_ma: Option<ThresholdSet>,
    /// 184-191 as read.
    pub tx_bias_raw: RawThresholds,
    /// 192-199: U16 0.1 µW, in mW.
    pub rx_power_mw: ThresholdSet,
}

/// Bias in mA from a raw word and the multiplier: raw × 2 µA × mult.
pub fn bias_ma(raw: u16, multiplier: u8) -> f64 {
    f64::from(raw) * f64::from(multiplier) / 500.0
}

impl Page02 {
    /// Decodes page 02h; `aux` are the kinds of the supported Aux1-3 monitors and
    /// `bias_multiplier` the Tx bias multiplier, from page 01h (when known). Returns the checksum
    /// (128-254 at 255).
    pub fn decode(
        p: &HalfView<'_>,
        aux: [Option<AuxKind>; 3],
        bias_multiplier: Option<u8>,
    ) -> (Self, ChecksumReport) {
        let aux_at = |first: usize, i: usize| {
            let raw = RawThresholds::at(p, first);
            let kind = aux.get(i).copied().flatten();
            let values = kind
                .filter(|k| *k != AuxKind::Custom)
                .map(|k| raw.convert(|w| k.value(w)));
            AuxThresholds { raw, kind, values }
        };
        let tx_bias_raw = RawThresholds::at(p, 184);
        let page = Page02 {
            temperature_c: RawThresholds::at(p, 128)
                .convert(|w| Some(units::temperature_c(w as i16))),
            vcc_v: RawThresholds::at(p, 136).convert(|w| Some(units::vcc_v(w))),
            aux1: aux_at(144, 0),
            aux2: aux_at(152, 1),
            aux3: aux_at(160, 2),
            custom: RawThresholds::at(p, 168),
            tx_power_mw: RawThresholds::at(p, 176).convert(|w| Some(units::power_mw(w))),
            tx_bias_ma: bias_multiplier.map(|m| tx_bias_raw.convert(|w| Some(bias_ma(w, m)))),
            tx_bias_raw,
            rx_power_mw: RawThresholds::at(p, 192).convert(|w| Some(units::power_mw(w))),
        };
        (page, p.checksum("page 02h (128-254)", 128, 254, 255))
    }

    /// The report block for the thresholds the common record does not carry (aux, custom, and
    /// the mW values behind the dBm thresholds).
    pub fn section(&self) -> Section {
        let mut s = Section::new("Thresholds (page 02h): HA / LA / HW / LW");
        let fmt = |t: &ThresholdSet, prec: usize, unit: &str| {
            format!(
                "{} / {} / {} / {}",
                opt(t.high_alarm, prec, unit),
                opt(t.low_alarm, prec, unit),
                opt(t.high_warning, prec, unit),
                opt(t.low_warning, prec, unit)
            )
        };
        s.row("Tx power", fmt(&self.tx_power_mw, 4, "mW"));
        s.row("Rx power", fmt(&self.rx_power_mw, 4, "mW"));
        for (name, a) in [
            ("Aux 1", &self.aux1),
            ("Aux 2", &self.aux2),
            ("Aux 3", &self.aux3),
        ] {
            let v = match (a.kind, &a.values) {
                (Some(k), Some(v)) => format!("{} ({})", fmt(v, 3, k.unit()), k.name()),
                _ => raw_fmt(&a.raw),
            };
            s.row(name, v);
        }
        s.row("Custom monitor", raw_fmt(&self.custom));
        s
    }
}

fn raw_fmt(r: &RawThresholds) -> String {
    format!(
        "raw 0x{:04x} / 0x{:04x} / 0x{:04x} / 0x{:04x}",
        r.high_alarm, r.low_alarm, r.high_warning, r.low_warning
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::memmap::view::sum8;

    /// Page 02h of the Juniper 740-174932 fixture, bytes 128-199 (hand-checked below).
    fn page() -> [u8; 128] {
        let bytes: [u8; 72] = [
            0x4c, 0x00, 0xfa, 0x00, 0x49, 0x00, 0xfd, 0x00, // temp
            0x90, 0x88, 0x75, 0x30, 0x8c, 0xa0, 0x77, 0x24, // vcc
            0x7f, 0xff, 0x80, 0x00, 0x79, 0x98, 0x86, 0x67, // aux1
            0x3c, 0x00, 0x2d, 0x00, 0x3a, 0x00, 0x2f, 0x00, // aux2
            0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, // aux3
            0x00, 0x01, 0x00, 0x02, 0x00, 0x03, 0x00, 0x04, // custom
            0x9b, 0x82, 0x0a, 0x0a, 0x7b, 0x86, 0x0c, 0xa3, // tx power
            0xfd, 0xe8, 0x13, 0x88, 0xf4, 0x24, 0x1d, 0x4c, // tx bias
            0xba, 0xf7, 0x05, 0x08, 0x94, 0x82, 0x07, 0x1b, // rx power
        ];
        let mut p = [0u8; 128];
        p[..72].copy_from_slice(&bytes);
        p[127] = sum8(&p[..127]);
        p
    }

    #[test]
    fn module_thresholds() {
        let p = page();
        let kinds = [
            Some(AuxKind::TecCurrent),
            Some(AuxKind::LaserTemperature),
            Some(AuxKind::Custom),
        ];
        let (d, c) = Page02::decode(&HalfView::upper(&p), kinds, Some(1));
        assert!(c.ok);
        // 0x4C00 = 76 °C, 0xFA00 = -1536/256 = -6 °C, 0x4900 = 73, 0xFD00 = -3.
        assert_eq!(
            d.temperature_c,
            ThresholdSet {
                high_alarm: Some(76.0),
                low_alarm: Some(-6.0),
                high_warning: Some(73.0),
                low_warning: Some(-3.0)
            }
        );
        // 0x9088 = 37000 -> 3.7 V, 0x7530 = 30000 -> 3.0, 0x8CA0 = 36000 -> 3.6, 0x7724 = 30500 -> 3.05.
        assert_eq!(
            d.vcc_v,
            ThresholdSet {
                high_alarm: Some(3.7),
                low_alarm: Some(3.0),
                high_warning: Some(3.6),
                low_warning: Some(3.05)
            }
        );
        // Aux1 TEC: 0x7FFF = 32767 -> 100 %, 0x8000 = -32768 -> -100.003 %.
        let a1 = d.aux1.values.unwrap_or_default();
        assert_eq!(a1.high_alarm, Some(100.0));
        assert!((a1.low_alarm.unwrap_or_default() + 100.003_051_8).abs() < 1e-6);
        // Aux2 laser temperature: 0x3C00 = 60, 0x2D00 = 45, 0x3A00 = 58, 0x2F00 = 47 °C.
        assert_eq!(
            d.aux2.values,
            Some(ThresholdSet {
                high_alarm: Some(60.0),
                low_alarm: Some(45.0),
                high_warning: Some(58.0),
                low_warning: Some(47.0)
            })
        );
        assert_eq!(d.aux3.values, None, "custom aux has no unit");
        assert_eq!(
            d.custom,
            RawThresholds {
                high_alarm: 1,
                low_alarm: 2,
                high_warning: 3,
                low_warning: 4
            }
        );
    }

    #[test]
    fn lane_thresholds_and_bias_multiplier() {
        let p = page();
        let (d, _) = Page02::decode(&HalfView::upper(&p), [None; 3], Some(1));
        // Tx power 0x9B82 = 39810 -> 3.981 mW; 0x0A0A = 2570 -> 0.257; 0x7B86 = 31622 -> 3.1622;
        // 0x0CA3 = 3235 -> 0.3235.
        assert_eq!(
            d.tx_power_mw,
            ThresholdSet {
                high_alarm: Some(3.981),
                low_alarm: Some(0.257),
                high_warning: Some(3.1622),
                low_warning: Some(0.3235)
            }
        );
        // Rx power 0xBAF7 = 47863 -> 4.7863 mW; 0x0508 = 1288 -> 0.1288; 0x9482 = 38018 -> 3.8018;
        // 0x071B = 1819 -> 0.1819.
        assert_eq!(
            d.rx_power_mw,
            ThresholdSet {
                high_alarm: Some(4.7863),
                low_alarm: Some(0.1288),
                high_warning: Some(3.8018),
                low_warning: Some(0.1819)
            }
        );
        // Bias 0xFDE8 = 65000 × 2 µA = 130 mA; 0x1388 = 5000 -> 10; 0xF424 = 62500 -> 125;
        // 0x1D4C = 7500 -> 15 mA. ×2 and ×4 double and quadruple.
        assert_eq!(
            d.tx_bias_ma,
            Some(ThresholdSet {
                high_alarm: Some(130.0),
                low_alarm: Some(10.0),
                high_warning: Some(125.0),
                low_warning: Some(15.0)
            })
        );
        let (d2, _) = Page02::decode(&HalfView::upper(&p), [None; 3], Some(2));
        assert_eq!(d2.tx_bias_ma.and_then(|t| t.high_alarm), Some(260.0));
        let (d4, _) = Page02::decode(&HalfView::upper(&p), [None; 3], Some(4));
        assert_eq!(d4.tx_bias_ma.and_then(|t| t.low_warning), Some(60.0));
        let (dn, _) = Page02::decode(&HalfView::upper(&p), [None; 3], None);
        assert_eq!(dn.tx_bias_ma, None);
        assert_eq!(dn.tx_bias_raw.high_alarm, 0xFDE8);
        assert_eq!(dn.aux1.kind, None);
        assert_eq!(dn.aux1.values, None);
    }

    #[test]
    fn bad_checksum() {
        let mut p = page();
        p[127] ^= 0xFF;
        let (_, c) = Page02::decode(&HalfView::upper(&p), [None; 3], None);
        assert!(!c.ok);
        assert_eq!(c.name, "page 02h (128-254)");
    }
}
