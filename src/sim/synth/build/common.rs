//! Values shared by the spec builders: the identity block, live DOM readings and threshold sets,
//! all in physical units.

use crate::addr::SegmentId;
use crate::sim::synth::build::convert::dbm_to_mw;
use crate::sim::synth::build::{BuildError, ImageBuilder};

/// Who made the module and which unit it is. Text fields are space padded to their width.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Identity<'a> {
    /// Vendor name, at most 16 characters.
    pub vendor: &'a str,
    /// IEEE company id, 3 bytes.
    pub oui: [u8; 3],
    /// Part number, at most 16 characters.
    pub pn: &'a str,
    /// Revision: at most 4 characters in SFF-8472, 2 in SFF-8636 and CMIS.
    pub rev: &'a str,
    /// Serial number, at most 16 characters.
    pub sn: &'a str,
    /// Date code `YYMMDD` plus an optional 2-character lot, at most 8 characters.
    pub date_code: &'a str,
}

/// One warning/alarm threshold set in a physical unit. Memory order (every spec) is high alarm,
/// low alarm, high warning, low warning.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Thresholds {
    /// High alarm.
    pub high_alarm: f64,
    /// Low alarm.
    pub low_alarm: f64,
    /// High warning.
    pub high_warning: f64,
    /// Low warning.
    pub low_warning: f64,
}

impl Thresholds {
    /// A set given in ascending order: low alarm, low warning, high warning, high alarm.
    pub const fn ascending(
        low_alarm: f64,
        low_warning: f64,
        high_warning: f64,
        high_alarm: f64,
    ) -> Self {
        Thresholds {
            high_alarm,
            low_alarm,
            high_warning,
            low_warning,
        }
    }

    /// A power set given in dBm (ascending), stored in mW.
    pub fn dbm(low_alarm: f64, low_warning: f64, high_warning: f64, high_alarm: f64) -> Self {
        Self::ascending(low_alarm, low_warning, high_warning, high_alarm).map(dbm_to_mw)
    }

    /// The same set with `f` applied to each value.
    pub fn map(self, f: impl Fn(f64) -> f64) -> Self {
        Thresholds {
            high_alarm: f(self.high_alarm),
            low_alarm: f(self.low_alarm),
            high_warning: f(self.high_warning),
            low_warning: f(self.low_warning),
        }
    }

    /// The four values in memory order: high alarm, low alarm, high warning, low warning.
    pub fn memory_order(&self) -> [f64; 4] {
        [
            self.high_alarm,
            self.low_alarm,
            self.high_warning,
            self.low_warning,
        ]
    }

    /// Whether low alarm < low warning < high warning < high alarm.
    pub fn is_ordered(&self) -> bool {
        self.low_alarm < self.low_warning
            && self.low_warning < self.high_warning
            && self.high_warning < self.high_alarm
    }

    /// Whether `value` lies strictly between the warnings.
    pub fn within_warnings(&self, value: f64) -> bool {
        self.low_warning < value && value < self.high_warning
    }
}

/// The five standard monitors' thresholds (SFF-8472 A2h 0-39, SFF-8636 page 03h, CMIS page 02h).
/// Powers in mW (build them with [`Thresholds::dbm`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MonitorThresholds {
    /// Module (case) temperature, °C.
    pub temperature_c: Thresholds,
    /// Supply voltage, V.
    pub vcc_v: Thresholds,
    /// Laser bias, mA.
    pub tx_bias_ma: Thresholds,
    /// Transmit power, mW.
    pub tx_power_mw: Thresholds,
    /// Receive power, mW.
    pub rx_power_mw: Thresholds,
}

/// Module-level live readings.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ModuleDom {
    /// Case temperature, °C.
    pub temperature_c: f64,
    /// Supply voltage, V.
    pub vcc_v: f64,
}

/// One lane's live readings.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LaneDom {
    /// Laser bias, mA.
    pub tx_bias_ma: f64,
    /// Transmit power, mW.
    pub tx_power_mw: f64,
    /// Receive power, mW.
    pub rx_power_mw: f64,
}

impl LaneDom {
    /// Readings with powers given in dBm.
    pub fn dbm(tx_bias_ma: f64, tx_dbm: f64, rx_dbm: f64) -> Self {
        LaneDom {
            tx_bias_ma,
            tx_power_mw: dbm_to_mw(tx_dbm),
            rx_power_mw: dbm_to_mw(rx_dbm),
        }
    }
}

/// Nominal signalling rate, the same rule in SFF-8472 (A0h 12/66) and SFF-8636 (page 00h
/// 140/222): up to 25.4 GBd byte `nominal_at` holds the rate in 100 MBd; above that it holds 0xFF
/// and byte `extended_at` the rate in 250 MBd. Above 255 × 250 MBd the problem is recorded.
pub(crate) fn set_bit_rate_mbd(
    b: &mut ImageBuilder,
    seg: SegmentId,
    nominal_at: usize,
    extended_at: usize,
    mbd: u32,
) {
    if mbd <= 25_400 {
        let v = (f64::from(mbd) / 100.0).round() as u8;
        b.set_u8(seg, nominal_at, v);
    } else if mbd <= 255 * 250 {
        let v = (f64::from(mbd) / 250.0).round() as u8;
        b.set_u8(seg, nominal_at, 0xFF).set_u8(seg, extended_at, v);
    } else {
        b.record(BuildError::ValueOutOfRange {
            field: "bit rate MBd",
            value: f64::from(mbd),
            reason: "at most 63750 MBd",
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thresholds_keep_memory_order() {
        let t = Thresholds::ascending(-5.0, 0.0, 70.0, 75.0);
        assert_eq!(t.memory_order(), [75.0, -5.0, 70.0, 0.0]);
        assert!(t.is_ordered());
        assert!(t.within_warnings(40.0));
        assert!(!t.within_warnings(72.0));
        assert!(!Thresholds::ascending(0.0, 0.0, 1.0, 2.0).is_ordered());
        // 0 dBm = 1 mW, 10 dBm = 10 mW
        let p = Thresholds::dbm(-10.0, -3.0, 0.0, 10.0);
        assert!((p.high_alarm - 10.0).abs() < 1e-12);
        assert!((p.high_warning - 1.0).abs() < 1e-12);
    }
}
