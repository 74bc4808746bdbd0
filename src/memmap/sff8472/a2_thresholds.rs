//! A2h bytes 0-55: alarm and warning thresholds (reference/sff-8472.md §2). Each monitor has
//! four 16-bit values in the order high alarm, low alarm, high warning, low warning, in the same
//! encoding as its live reading, so external calibration applies to them too (§3).

use std::fmt;

use serde::Serialize;

use crate::memmap::decoded::{ThresholdSet, Thresholds};
use crate::memmap::sections::{Section, opt};
use crate::memmap::units;
use crate::memmap::view::HalfView;

use super::calibration::{Calibration, clamp_power, finite};

/// Every threshold A2h defines, in engineering units.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct A2Thresholds {
    /// Bytes 0-7, module temperature, °C (signed).
    pub temperature_c: ThresholdSet,
    /// Bytes 8-15, supply voltage, V.
    pub vcc_v: ThresholdSet,
    /// Bytes 16-23, laser bias, mA.
    pub tx_bias_ma: ThresholdSet,
    /// Bytes 24-31, Tx power, mW.
    pub tx_power_mw: ThresholdSet,
    /// Bytes 32-39, Rx power, mW.
    pub rx_power_mw: ThresholdSet,
    /// Bytes 40-47 (optional), laser temperature, °C (signed 1/256 °C; not externally calibrated).
    pub laser_temperature_c: ThresholdSet,
    /// Bytes 48-55 (optional), TEC current, mA (signed 0.1 mA; not externally calibrated).
    pub tec_current_ma: ThresholdSet,
}

/// Which threshold, for notes.
struct Which(&'static str, usize);

impl fmt::Display for Which {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = ["high alarm", "low alarm", "high warning", "low warning"]
            .get((self.1 % 8) / 2)
            .copied()
            .unwrap_or("");
        write!(
            f,
            "{} {level} threshold (A2h {}-{})",
            self.0,
            self.1,
            self.1 + 1
        )
    }
}

impl A2Thresholds {
    /// Decodes bytes 0-55 of A2h lower with the module's calibration.
    pub fn read(a2: &HalfView<'_>, cal: &Calibration, notes: &mut Vec<String>) -> Self {
        A2Thresholds {
            temperature_c: ThresholdSet::from_block(0, |o| {
                finite(cal.temperature_c(a2.i16(o)), Which("temperature", o), notes)
            }),
            vcc_v: ThresholdSet::from_block(8, |o| {
                finite(cal.vcc_v(a2.u16(o)), Which("vcc", o), notes)
            }),
            tx_bias_ma: ThresholdSet::from_block(16, |o| {
                finite(cal.tx_bias_ma(a2.u16(o)), Which("tx bias", o), notes)
            }),
            tx_power_mw: ThresholdSet::from_block(24, |o| {
                clamp_power(cal.tx_power_mw(a2.u16(o)), Which("tx power", o), notes)
            }),
            rx_power_mw: ThresholdSet::from_block(32, |o| {
                clamp_power(cal.rx_power_mw(a2.u16(o)), Which("rx power", o), notes)
            }),
            laser_temperature_c: ThresholdSet::from_block(40, |o| {
                Some(units::temperature_c(a2.i16(o)))
            }),
            tec_current_ma: ThresholdSet::from_block(48, |o| Some(f64::from(a2.i16(o)) / 10.0)),
        }
    }

    /// The common thresholds of `Decoded` (power in dBm; 0 mW has no dBm).
    pub fn common(&self) -> Thresholds {
        Thresholds {
            temperature_c: Some(self.temperature_c.clone()),
            vcc_v: Some(self.vcc_v.clone()),
            tx_bias_ma: Some(self.tx_bias_ma.clone()),
            tx_power_dbm: Some(self.tx_power_mw.map(units::mw_to_dbm)),
            rx_power_dbm: Some(self.rx_power_mw.map(units::mw_to_dbm)),
        }
    }

    /// The report block with what the common thresholds do not show: power in mW, laser
    /// temperature and TEC current.
    pub fn section(&self) -> Section {
        let mut s = Section::new("Thresholds, more (A2h 24-55)");
        for (label, set, precision, unit) in [
            ("Tx power", &self.tx_power_mw, 4, "mW"),
            ("Rx power", &self.rx_power_mw, 4, "mW"),
            ("Laser temperature", &self.laser_temperature_c, 2, "C"),
            ("TEC current", &self.tec_current_ma, 1, "mA"),
        ] {
            s.row(
                format!("{label} high alarm / warning"),
                format!(
                    "{} / {}",
                    opt(set.high_alarm, precision, unit),
                    opt(set.high_warning, precision, unit)
                ),
            );
            s.row(
                format!("{label} low warning / alarm"),
                format!(
                    "{} / {}",
                    opt(set.low_warning, precision, unit),
                    opt(set.low_alarm, precision, unit)
                ),
            );
        }
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

    fn set(ha: f64, la: f64, hw: f64, lw: f64) -> ThresholdSet {
        ThresholdSet {
            high_alarm: Some(ha),
            low_alarm: Some(la),
            high_warning: Some(hw),
            low_warning: Some(lw),
        }
    }

    #[test]
    fn internal_thresholds_in_units() {
        let p = a2(&[
            // temperature: 0x4E00 = 78 °C, 0xF300 = -3328/256 = -13 °C, 0x4900 = 73, 0xF800 = -8
            (0, 0x4E00),
            (2, 0xF300),
            (4, 0x4900),
            (6, 0xF800),
            // vcc: 37000, 29000, 36000, 30000 x 100 uV
            (8, 37000),
            (10, 29000),
            (12, 36000),
            (14, 30000),
            // bias: 6600, 2000, 6300, 2500 x 2 uA
            (16, 6600),
            (18, 2000),
            (20, 6300),
            (22, 2500),
            // tx power: 10000 (1 mW, 0 dBm), 0 (0 mW, no dBm), 5000, 1000 x 0.1 uW
            (24, 10000),
            (26, 0),
            (28, 5000),
            (30, 1000),
            // rx power: 20000, 100 (0.01 mW = -20 dBm), 10000, 1 (0.1 uW = -40 dBm)
            (32, 20000),
            (34, 100),
            (36, 10000),
            (38, 1),
            // laser temp: 0x3200 = 50 °C, 0xEC00 = -20 °C; TEC: 0x01F4 = 500 -> 50.0 mA, 0xFE0C = -500 -> -50.0 mA
            (40, 0x3200),
            (42, 0xEC00),
            (48, 0x01F4),
            (50, 0xFE0C),
        ]);
        let mut notes = Vec::new();
        let t = A2Thresholds::read(&HalfView::lower(&p), &Calibration::Internal, &mut notes);
        assert!(notes.is_empty());
        assert_eq!(t.temperature_c, set(78.0, -13.0, 73.0, -8.0));
        assert_eq!(t.vcc_v, set(3.7, 2.9, 3.6, 3.0));
        assert_eq!(t.tx_bias_ma, set(13.2, 4.0, 12.6, 5.0));
        assert_eq!(t.tx_power_mw, set(1.0, 0.0, 0.5, 0.1));
        assert_eq!(t.rx_power_mw, set(2.0, 0.01, 1.0, 0.0001));
        assert_eq!(t.laser_temperature_c, set(50.0, -20.0, 0.0, 0.0));
        assert_eq!(t.tec_current_ma, set(50.0, -50.0, 0.0, 0.0));
        let c = t.common();
        let tx = c.tx_power_dbm.unwrap();
        assert_eq!(tx.high_alarm, Some(0.0));
        // a 0 mW threshold has no dBm
        assert_eq!(tx.low_alarm, None);
        let rx = c.rx_power_dbm.unwrap();
        assert!((rx.low_alarm.unwrap() + 20.0).abs() < 1e-9);
        assert!((rx.low_warning.unwrap() + 40.0).abs() < 1e-9);
        // 10 log10(2) = 3.0103 dBm
        assert!((rx.high_alarm.unwrap() - 3.010_299_956_6).abs() < 1e-9);
        assert_eq!(c.temperature_c.unwrap().low_alarm, Some(-13.0));
    }

    #[test]
    fn external_calibration_applies_to_thresholds() {
        let cal = Calibration::External(ExternalCalibration {
            // Rx = 1e-12 x^4 + 1e-4 x^2 + x - 50 (0.1 uW)
            rx_pwr_4: 1e-12,
            rx_pwr_2: 1e-4,
            rx_pwr_1: 1.0,
            rx_pwr_0: -50.0,
            tx_i_slope: 1.5,    // 0x0180
            tx_i_offset: -200,  // 0xFF38
            tx_pwr_slope: 2.0,  // 0x0200
            tx_pwr_offset: -50, // 0xFFCE
            t_slope: 1.0,
            t_offset: -512, // 0xFE00 = -2 °C
            v_slope: 0.5,   // 0x0080
            v_offset: 100,
            ..ExternalCalibration::default()
        });
        let p = a2(&[
            (0, 0x2800), // 10240 - 512 = 9728 / 256 = 38 °C
            (2, 0xFB00), // -1280 - 512 = -1792 / 256 = -7 °C
            (8, 60000),  // 0.5 * 60000 + 100 = 30100 -> 3.01 V
            (16, 4000),  // 1.5 * 4000 - 200 = 5800 x 2 uA = 11.6 mA
            (18, 100),   // 1.5 * 100 - 200 = -50 -> -0.1 mA (not clamped)
            (24, 1000),  // 2 * 1000 - 50 = 1950 -> 0.195 mW
            (26, 10),    // 2 * 10 - 50 = -30 -> clamped to 0 mW, noted
            (32, 1000),  // 1e-12*1e12 + 1e-4*1e6 + 1000 - 50 = 1 + 100 + 950 = 1051 -> 0.1051 mW
            (34, 0),     // -50 -> clamped to 0 mW, noted
        ]);
        let mut notes = Vec::new();
        let t = A2Thresholds::read(&HalfView::lower(&p), &cal, &mut notes);
        assert_eq!(t.temperature_c.high_alarm, Some(38.0));
        assert_eq!(t.temperature_c.low_alarm, Some(-7.0));
        assert!((t.vcc_v.high_alarm.unwrap() - 3.01).abs() < 1e-12);
        assert!((t.tx_bias_ma.high_alarm.unwrap() - 11.6).abs() < 1e-12);
        assert!((t.tx_bias_ma.low_alarm.unwrap() + 0.1).abs() < 1e-12);
        assert!((t.tx_power_mw.high_alarm.unwrap() - 0.195).abs() < 1e-12);
        assert_eq!(t.tx_power_mw.low_alarm, Some(0.0));
        assert!((t.rx_power_mw.high_alarm.unwrap() - 0.1051).abs() < 1e-12);
        assert_eq!(t.rx_power_mw.low_alarm, Some(0.0));
        // zero raw with offsets: high/low warning of tx = 2*0 - 50 -> clamped too.
        assert_eq!(t.tx_power_mw.high_warning, Some(0.0));
        assert!(
            notes.iter().any(
                |n| n.starts_with("tx power low alarm threshold (A2h 26-27) computed negative")
            )
        );
        assert!(
            notes.iter().any(
                |n| n.starts_with("rx power low alarm threshold (A2h 34-35) computed negative")
            )
        );
        // dBm of the clamped thresholds is None
        let c = t.common();
        assert_eq!(c.tx_power_dbm.unwrap().low_alarm, None);
    }

    #[test]
    fn section_shows_power_in_mw() {
        let t = A2Thresholds {
            tx_power_mw: set(1.0, 0.1, 0.5, 0.2),
            ..A2Thresholds::default()
        };
        let s = t.section();
        assert_eq!(s.rows[0].value, "1.0000 mW / 0.5000 mW");
        assert_eq!(s.rows[1].value, "0.2000 mW / 0.1000 mW");
    }
}
