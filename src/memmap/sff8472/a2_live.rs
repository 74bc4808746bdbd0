//! A2h bytes 96-109: the live monitors (reference/sff-8472.md §2), converted with the module's
//! calibration (§3).

use serde::Serialize;

use crate::memmap::decoded::{Dom, LaneDom};
use crate::memmap::sections::{Section, opt};
use crate::memmap::units;
use crate::memmap::view::HalfView;

use super::calibration::{Calibration, clamp_power, finite};

/// The live readings as stored (A2h 96-109), before calibration.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct RawMonitors {
    /// 96-97, signed, 1/256 °C.
    pub temperature: i16,
    /// 98-99, 100 µV.
    pub vcc: u16,
    /// 100-101, 2 µA.
    pub tx_bias: u16,
    /// 102-103, 0.1 µW.
    pub tx_power: u16,
    /// 104-105, 0.1 µW.
    pub rx_power: u16,
    /// 106-107 (optional), signed, 1/256 °C.
    pub laser_temperature: i16,
    /// 108-109 (optional), signed, 0.1 mA.
    pub tec_current: i16,
}

/// The live monitors in engineering units; `None` when the module declares no calibration
/// (A0h byte 92 bits 5-4 both clear) or a calibrated value is not a finite number.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Monitors {
    /// Readings as stored.
    pub raw: RawMonitors,
    /// Module temperature, °C.
    pub temperature_c: Option<f64>,
    /// Supply voltage, V.
    pub vcc_v: Option<f64>,
    /// Laser bias, mA.
    pub tx_bias_ma: Option<f64>,
    /// Tx power, mW (clamped to 0 when external calibration makes it negative).
    pub tx_power_mw: Option<f64>,
    /// Rx power, mW, average or OMA per A0h 92.3 (clamped to 0 when negative).
    pub rx_power_mw: Option<f64>,
    /// Laser temperature (optional monitor), °C; 1/256 °C, not externally calibrated.
    pub laser_temperature_c: Option<f64>,
    /// TEC current (optional monitor), mA; 0.1 mA, not externally calibrated.
    pub tec_current_ma: Option<f64>,
}

impl RawMonitors {
    /// Reads A2h 96-109.
    pub fn read(a2: &HalfView<'_>) -> Self {
        RawMonitors {
            temperature: a2.i16(96),
            vcc: a2.u16(98),
            tx_bias: a2.u16(100),
            tx_power: a2.u16(102),
            rx_power: a2.u16(104),
            laser_temperature: a2.i16(106),
            tec_current: a2.i16(108),
        }
    }
}

impl Monitors {
    /// Decodes A2h 96-109 with `cal`; with no calibration only the raw readings are kept.
    pub fn read(a2: &HalfView<'_>, cal: Option<&Calibration>, notes: &mut Vec<String>) -> Self {
        let raw = RawMonitors::read(a2);
        let Some(cal) = cal else {
            return Monitors {
                raw,
                ..Monitors::default()
            };
        };
        Monitors {
            raw,
            temperature_c: finite(cal.temperature_c(raw.temperature), "temperature", notes),
            vcc_v: finite(cal.vcc_v(raw.vcc), "vcc", notes),
            tx_bias_ma: finite(cal.tx_bias_ma(raw.tx_bias), "tx bias", notes).inspect(|ma| {
                if *ma < 0.0 {
                    notes.push(format!(
                        "tx bias computed negative by external calibration ({ma:.3} mA)"
                    ));
                }
            }),
            tx_power_mw: clamp_power(cal.tx_power_mw(raw.tx_power), "tx power", notes),
            rx_power_mw: clamp_power(cal.rx_power_mw(raw.rx_power), "rx power", notes),
            laser_temperature_c: Some(units::temperature_c(raw.laser_temperature)),
            tec_current_ma: Some(f64::from(raw.tec_current) / 10.0),
        }
    }

    /// The common DOM record: one lane.
    pub fn dom(&self) -> Dom {
        Dom {
            temperature_c: self.temperature_c,
            vcc_v: self.vcc_v,
            lanes: vec![LaneDom {
                lane: 1,
                tx_bias_ma: self.tx_bias_ma,
                tx_power_mw: self.tx_power_mw,
                tx_power_dbm: self.tx_power_mw.and_then(units::mw_to_dbm),
                rx_power_mw: self.rx_power_mw,
                rx_power_dbm: self.rx_power_mw.and_then(units::mw_to_dbm),
            }],
        }
    }

    /// The report block with what the common DOM does not show.
    pub fn section(&self) -> Section {
        let r = &self.raw;
        let mut s = Section::new("Monitors, more (A2h 96-109)");
        s.row(
            "Laser temperature (optional)",
            opt(self.laser_temperature_c, 2, "C"),
        )
        .row("TEC current (optional)", opt(self.tec_current_ma, 1, "mA"))
        .row(
            "Raw temperature / Vcc / bias",
            format!(
                "0x{:04x} / 0x{:04x} / 0x{:04x}",
                r.temperature as u16, r.vcc, r.tx_bias
            ),
        )
        .row(
            "Raw Tx / Rx power",
            format!("0x{:04x} / 0x{:04x}", r.tx_power, r.rx_power),
        );
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::addr::HALF_LEN;
    use crate::memmap::sff8472::calibration::ExternalCalibration;

    fn a2(words: &[(usize, u16)]) -> [u8; HALF_LEN] {
        let mut p = [0u8; HALF_LEN];
        for (off, w) in words {
            p[*off..*off + 2].copy_from_slice(&w.to_be_bytes());
        }
        p
    }

    #[test]
    fn internal_values_and_dom() {
        let p = a2(&[
            (96, 0xF600),  // -2560 / 256 = -10 °C
            (98, 0x8214),  // 33300 x 100 uV = 3.33 V
            (100, 0x1388), // 5000 x 2 uA = 10 mA
            (102, 0x1F40), // 8000 x 0.1 uW = 0.8 mW = -0.969 dBm
            (104, 0x0000), // 0 mW: no dBm
            (106, 0x1980), // 6528 / 256 = 25.5 °C
            (108, 0xFF9C), // -100 x 0.1 mA = -10 mA
        ]);
        let mut notes = Vec::new();
        let m = Monitors::read(
            &HalfView::lower(&p),
            Some(&Calibration::Internal),
            &mut notes,
        );
        assert!(notes.is_empty());
        assert_eq!(m.temperature_c, Some(-10.0));
        assert_eq!(m.vcc_v, Some(3.33));
        assert_eq!(m.tx_bias_ma, Some(10.0));
        assert_eq!(m.tx_power_mw, Some(0.8));
        assert_eq!(m.rx_power_mw, Some(0.0));
        assert_eq!(m.laser_temperature_c, Some(25.5));
        assert_eq!(m.tec_current_ma, Some(-10.0));
        assert_eq!(m.raw.temperature, -2560);
        assert_eq!(m.raw.tec_current, -100);
        let dom = m.dom();
        assert_eq!(dom.temperature_c, Some(-10.0));
        assert_eq!(dom.lanes.len(), 1);
        let lane = &dom.lanes[0];
        assert_eq!(lane.lane, 1);
        assert!((lane.tx_power_dbm.unwrap() + 0.969_100_130_08).abs() < 1e-9);
        assert_eq!(lane.rx_power_mw, Some(0.0));
        assert_eq!(lane.rx_power_dbm, None);
    }

    #[test]
    fn no_calibration_keeps_only_raw() {
        let p = a2(&[(96, 0x1A80)]);
        let mut notes = Vec::new();
        let m = Monitors::read(&HalfView::lower(&p), None, &mut notes);
        assert_eq!(m.raw.temperature, 0x1A80);
        assert_eq!(m.temperature_c, None);
        assert_eq!(m.rx_power_mw, None);
        assert_eq!(m.laser_temperature_c, None);
    }

    #[test]
    fn external_values_with_polynomial_and_negative_offsets() {
        let cal = Calibration::External(ExternalCalibration {
            // Rx = 1e-16 x^4 + 0 x^3 + 2e-6 x^2 + 0.8 x + 15 (0.1 uW)
            rx_pwr_4: 1e-16,
            rx_pwr_2: 2e-6,
            rx_pwr_1: 0.8,
            rx_pwr_0: 15.0,
            tx_i_slope: 1.5,     // 0x0180
            tx_i_offset: -200,   // 0xFF38
            tx_pwr_slope: 1.25,  // 0x0140
            tx_pwr_offset: -100, // 0xFF9C
            t_slope: 1.0,
            t_offset: -640, // -2.5 °C
            v_slope: 1.0,
            v_offset: -300, // -30 mV
            ..ExternalCalibration::default()
        });
        let p = a2(&[
            (96, 0xFB00), // -1280 - 640 = -1920 / 256 = -7.5 °C
            (98, 33300),  // 33300 - 300 = 33000 -> 3.3 V
            (100, 5000),  // 1.5 * 5000 - 200 = 7300 x 2 uA = 14.6 mA
            (102, 8000),  // 1.25 * 8000 - 100 = 9900 -> 0.99 mW
            (104, 10000), // 1e-16*1e16 + 2e-6*1e8 + 8000 + 15 = 1 + 200 + 8000 + 15 = 8216 -> 0.8216 mW
        ]);
        let mut notes = Vec::new();
        let m = Monitors::read(&HalfView::lower(&p), Some(&cal), &mut notes);
        assert!(notes.is_empty(), "{notes:?}");
        assert_eq!(m.temperature_c, Some(-7.5));
        assert!((m.vcc_v.unwrap() - 3.3).abs() < 1e-12);
        assert!((m.tx_bias_ma.unwrap() - 14.6).abs() < 1e-12);
        assert!((m.tx_power_mw.unwrap() - 0.99).abs() < 1e-12);
        assert!((m.rx_power_mw.unwrap() - 0.8216).abs() < 1e-12);
    }

    #[test]
    fn negative_power_is_clamped_and_noted() {
        let cal = Calibration::External(ExternalCalibration {
            rx_pwr_1: 1.0,
            rx_pwr_0: -500.0,
            tx_pwr_slope: 1.0,
            tx_pwr_offset: -200, // 0xFF38
            tx_i_slope: 1.0,
            tx_i_offset: -10,
            t_slope: 1.0,
            v_slope: 1.0,
            ..ExternalCalibration::default()
        });
        // tx 100 - 200 = -100 -> 0 mW; rx 100 - 500 = -400 -> 0 mW; bias 0 - 10 = -10 -> -0.02 mA
        let p = a2(&[(102, 100), (104, 100)]);
        let mut notes = Vec::new();
        let m = Monitors::read(&HalfView::lower(&p), Some(&cal), &mut notes);
        assert_eq!(m.tx_power_mw, Some(0.0));
        assert_eq!(m.rx_power_mw, Some(0.0));
        assert_eq!(m.tx_bias_ma, Some(-0.02));
        assert_eq!(m.dom().lanes[0].tx_power_dbm, None);
        assert_eq!(notes.len(), 3, "{notes:?}");
        assert!(notes[1].starts_with("tx power computed negative"));
        assert!(notes[2].starts_with("rx power computed negative"));
    }

    #[test]
    fn non_finite_polynomial_is_not_reported() {
        // Rx_PWR(0) = NaN (0x7FC00000)
        let cal = Calibration::External(ExternalCalibration {
            rx_pwr_0: f64::from(f32::from_be_bytes([0x7F, 0xC0, 0, 0])),
            t_slope: 1.0,
            v_slope: 1.0,
            tx_i_slope: 1.0,
            tx_pwr_slope: 1.0,
            ..ExternalCalibration::default()
        });
        let p = a2(&[]);
        let mut notes = Vec::new();
        let m = Monitors::read(&HalfView::lower(&p), Some(&cal), &mut notes);
        assert_eq!(m.rx_power_mw, None);
        assert_eq!(m.dom().lanes[0].rx_power_dbm, None);
        assert_eq!(notes.len(), 1);
    }
}
