//! Turning raw A2h readings into values: internal calibration (the raw value is final) and
//! external calibration (A2h bytes 56-91, reference/sff-8472.md §3).
//!
//! External calibration gives a result in the same units as an internally calibrated reading
//! (1/256 °C, 100 µV, 2 µA, 0.1 µW); it is applied to the live readings (96-105) and to the
//! thresholds (0-39) alike. Everything is computed in `f64`:
//! - slopes are unsigned 8.8 fixed point: `MSB + LSB / 256`;
//! - offsets are signed 16-bit two's complement, in the output units;
//! - temperature readings are signed, the others unsigned;
//! - Rx power is the 4th-order polynomial `Rx4·x⁴ + Rx3·x³ + Rx2·x² + Rx1·x + Rx0` of the
//!   big-endian IEEE-754 binary32 coefficients (not the linear form of ethtool, not SONiC's
//!   `1e4/1e3` factors, not Linux's unsigned offsets: reference/README.md defects table).

use std::fmt::Display;

use serde::Serialize;

use crate::memmap::sections::Section;
use crate::memmap::units;
use crate::memmap::view::HalfView;

/// The external calibration constants of A2h bytes 56-91 (reference/sff-8472.md §2, §3).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct ExternalCalibration {
    /// Rx_PWR(4), A2h 56-59 (binary32), coefficient of x⁴.
    pub rx_pwr_4: f64,
    /// Rx_PWR(3), A2h 60-63, coefficient of x³.
    pub rx_pwr_3: f64,
    /// Rx_PWR(2), A2h 64-67, coefficient of x².
    pub rx_pwr_2: f64,
    /// Rx_PWR(1), A2h 68-71, coefficient of x.
    pub rx_pwr_1: f64,
    /// Rx_PWR(0), A2h 72-75, constant term (0.1 µW).
    pub rx_pwr_0: f64,
    /// Tx_I slope, A2h 76-77 (unsigned 8.8).
    pub tx_i_slope: f64,
    /// Tx_I offset, A2h 78-79 (signed, 2 µA).
    pub tx_i_offset: i16,
    /// Tx_PWR slope, A2h 80-81 (unsigned 8.8).
    pub tx_pwr_slope: f64,
    /// Tx_PWR offset, A2h 82-83 (signed, 0.1 µW).
    pub tx_pwr_offset: i16,
    /// T slope, A2h 84-85 (unsigned 8.8).
    pub t_slope: f64,
    /// T offset, A2h 86-87 (signed, 1/256 °C).
    pub t_offset: i16,
    /// V slope, A2h 88-89 (unsigned 8.8).
    pub v_slope: f64,
    /// V offset, A2h 90-91 (signed, 100 µV).
    pub v_offset: i16,
}

/// How the module's A2h readings are calibrated (A0h byte 92 bits 5-4).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Calibration {
    /// Byte 92 bit 5: the readings are final.
    Internal,
    /// Byte 92 bit 4: apply the constants.
    External(ExternalCalibration),
}

/// Unsigned 8.8 fixed point: `MSB + LSB / 256` (reference/sff-8472.md §3, "Constant encodings").
pub fn slope(raw: u16) -> f64 {
    f64::from(raw) / 256.0
}

impl ExternalCalibration {
    /// Reads the constants from A2h lower (bytes 56-91).
    pub fn read(a2: &HalfView<'_>) -> Self {
        ExternalCalibration {
            rx_pwr_4: f64::from(a2.f32(56)),
            rx_pwr_3: f64::from(a2.f32(60)),
            rx_pwr_2: f64::from(a2.f32(64)),
            rx_pwr_1: f64::from(a2.f32(68)),
            rx_pwr_0: f64::from(a2.f32(72)),
            tx_i_slope: slope(a2.u16(76)),
            tx_i_offset: a2.i16(78),
            tx_pwr_slope: slope(a2.u16(80)),
            tx_pwr_offset: a2.i16(82),
            t_slope: slope(a2.u16(84)),
            t_offset: a2.i16(86),
            v_slope: slope(a2.u16(88)),
            v_offset: a2.i16(90),
        }
    }

    /// Rx power in 0.1 µW units: the 4th-order polynomial in unsigned `x` (Horner form).
    pub fn rx_power_units(&self, x: u16) -> f64 {
        let x = f64::from(x);
        (((self.rx_pwr_4 * x + self.rx_pwr_3) * x + self.rx_pwr_2) * x + self.rx_pwr_1) * x
            + self.rx_pwr_0
    }

    /// The report block listing the constants.
    pub fn section(&self) -> Section {
        let mut s = Section::new("External calibration constants (A2h 56-91)");
        s.row("Rx_PWR(4)", format!("{:e}", self.rx_pwr_4))
            .row("Rx_PWR(3)", format!("{:e}", self.rx_pwr_3))
            .row("Rx_PWR(2)", format!("{:e}", self.rx_pwr_2))
            .row("Rx_PWR(1)", format!("{:e}", self.rx_pwr_1))
            .row("Rx_PWR(0)", format!("{:e} x 0.1 uW", self.rx_pwr_0))
            .row(
                "Tx_I slope / offset",
                slope_offset(self.tx_i_slope, self.tx_i_offset, "2 uA"),
            )
            .row(
                "Tx_PWR slope / offset",
                slope_offset(self.tx_pwr_slope, self.tx_pwr_offset, "0.1 uW"),
            )
            .row(
                "T slope / offset",
                slope_offset(self.t_slope, self.t_offset, "1/256 C"),
            )
            .row(
                "V slope / offset",
                slope_offset(self.v_slope, self.v_offset, "100 uV"),
            );
        s
    }
}

fn slope_offset(slope: f64, offset: i16, unit: &str) -> String {
    format!("{slope:.6} / {offset} x {unit}")
}

fn linear(slope: f64, x: f64, offset: i16) -> f64 {
    slope * x + f64::from(offset)
}

impl Calibration {
    /// Module temperature in °C from signed raw `x` (1/256 °C).
    pub fn temperature_c(&self, x: i16) -> f64 {
        match self {
            Calibration::Internal => units::temperature_c(x),
            Calibration::External(c) => linear(c.t_slope, f64::from(x), c.t_offset) / 256.0,
        }
    }

    /// Supply voltage in V from unsigned raw `x` (100 µV).
    pub fn vcc_v(&self, x: u16) -> f64 {
        match self {
            Calibration::Internal => units::vcc_v(x),
            Calibration::External(c) => linear(c.v_slope, f64::from(x), c.v_offset) / 10_000.0,
        }
    }

    /// Laser bias in mA from unsigned raw `x` (2 µA).
    pub fn tx_bias_ma(&self, x: u16) -> f64 {
        match self {
            Calibration::Internal => units::bias_ma(x),
            Calibration::External(c) => linear(c.tx_i_slope, f64::from(x), c.tx_i_offset) / 500.0,
        }
    }

    /// Tx power in mW from unsigned raw `x` (0.1 µW); may be negative under external
    /// calibration (the caller clamps and notes it).
    pub fn tx_power_mw(&self, x: u16) -> f64 {
        match self {
            Calibration::Internal => units::power_mw(x),
            Calibration::External(c) => {
                linear(c.tx_pwr_slope, f64::from(x), c.tx_pwr_offset) / 10_000.0
            }
        }
    }

    /// Rx power in mW from unsigned raw `x` (0.1 µW); may be negative or not finite under
    /// external calibration (the caller clamps and notes it).
    pub fn rx_power_mw(&self, x: u16) -> f64 {
        match self {
            Calibration::Internal => units::power_mw(x),
            Calibration::External(c) => c.rx_power_units(x) / 10_000.0,
        }
    }
}

/// A computed optical power made reportable: not finite → `None`, negative → 0 mW; either way a
/// note names `what` (design rule: power computed negative by external calibration is clamped).
pub fn clamp_power(mw: f64, what: impl Display, notes: &mut Vec<String>) -> Option<f64> {
    if !mw.is_finite() {
        notes.push(format!(
            "{what} is not a finite number after external calibration; not reported"
        ));
        None
    } else if mw < 0.0 {
        notes.push(format!(
            "{what} computed negative by external calibration ({mw:.4} mW); reported as 0 mW"
        ));
        Some(0.0)
    } else {
        Some(mw)
    }
}

/// A computed non-power value made reportable: not finite → `None` with a note.
pub fn finite(v: f64, what: impl Display, notes: &mut Vec<String>) -> Option<f64> {
    if v.is_finite() {
        Some(v)
    } else {
        notes.push(format!(
            "{what} is not a finite number after external calibration; not reported"
        ));
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::addr::HALF_LEN;

    fn a2_with(constants: &[(usize, &[u8])]) -> [u8; HALF_LEN] {
        let mut p = [0u8; HALF_LEN];
        for (off, bytes) in constants {
            p[*off..*off + bytes.len()].copy_from_slice(bytes);
        }
        p
    }

    #[test]
    fn slope_is_unsigned_8_8() {
        // 0x0180 = 1 + 128/256 = 1.5; 0xFF80 = 255 + 0.5; 0x0001 = 1/256.
        assert_eq!(slope(0x0180), 1.5);
        assert_eq!(slope(0xFF80), 255.5);
        assert_eq!(slope(0x0001), 0.00390625);
    }

    #[test]
    fn constants_are_read_from_their_bytes() {
        let p = a2_with(&[
            (56, &[0x3F, 0x80, 0x00, 0x00]), // Rx_PWR(4) = 1.0
            (60, &[0x40, 0x00, 0x00, 0x00]), // Rx_PWR(3) = 2.0
            (64, &[0xBF, 0x00, 0x00, 0x00]), // Rx_PWR(2) = -0.5
            (68, &[0x40, 0x40, 0x00, 0x00]), // Rx_PWR(1) = 3.0
            (72, &[0x41, 0x20, 0x00, 0x00]), // Rx_PWR(0) = 10.0
            (76, &[0x01, 0x80, 0xFF, 0x38]), // Tx_I 1.5, -200
            (80, &[0x00, 0x80, 0x00, 0x64]), // Tx_PWR 0.5, +100
            (84, &[0x02, 0x40, 0xFE, 0x00]), // T 2.25, -512
            (88, &[0x01, 0x00, 0x80, 0x00]), // V 1.0, -32768
        ]);
        let c = ExternalCalibration::read(&HalfView::lower(&p));
        assert_eq!(
            c,
            ExternalCalibration {
                rx_pwr_4: 1.0,
                rx_pwr_3: 2.0,
                rx_pwr_2: -0.5,
                rx_pwr_1: 3.0,
                rx_pwr_0: 10.0,
                tx_i_slope: 1.5,
                tx_i_offset: -200,
                tx_pwr_slope: 0.5,
                tx_pwr_offset: 100,
                t_slope: 2.25,
                t_offset: -512,
                v_slope: 1.0,
                v_offset: -32768,
            }
        );
    }

    #[test]
    fn external_linear_formulas_use_signed_offsets() {
        let c = Calibration::External(ExternalCalibration {
            tx_i_slope: 1.5,
            tx_i_offset: -200,
            tx_pwr_slope: 0.5,
            tx_pwr_offset: 100,
            t_slope: 1.5,
            t_offset: -256,
            v_slope: 1.0,
            v_offset: -1000,
            ..ExternalCalibration::default()
        });
        // bias: 1.5 * 5000 - 200 = 7300 x 2 uA = 14.6 mA
        assert!((c.tx_bias_ma(5000) - 14.6).abs() < 1e-12);
        // tx: 0.5 * 8000 + 100 = 4100 x 0.1 uW = 0.41 mW
        assert!((c.tx_power_mw(8000) - 0.41).abs() < 1e-12);
        // temp, x signed: 0xF600 = -2560; 1.5 * -2560 - 256 = -4096 / 256 = -16 °C
        assert_eq!(c.temperature_c(0xF600_u16 as i16), -16.0);
        // vcc: 33300 - 1000 = 32300 x 100 uV = 3.23 V
        assert!((c.vcc_v(33300) - 3.23).abs() < 1e-12);
    }

    #[test]
    fn rx_power_is_a_fourth_order_polynomial_in_unsigned_x() {
        // Rx4 = 1e-12, Rx3 = 0, Rx2 = 1e-5, Rx1 = 0.5, Rx0 = 20; x = 1000:
        // 1e-12 * 1e12 + 1e-5 * 1e6 + 0.5 * 1000 + 20 = 1 + 10 + 500 + 20 = 531 x 0.1 uW.
        let c = ExternalCalibration {
            rx_pwr_4: 1e-12,
            rx_pwr_2: 1e-5,
            rx_pwr_1: 0.5,
            rx_pwr_0: 20.0,
            ..ExternalCalibration::default()
        };
        assert!((c.rx_power_units(1000) - 531.0).abs() < 1e-9);
        // x = 0xC350 = 50000 must be unsigned (signed would be -15536):
        // Rx1 = 1 only -> 50000 x 0.1 uW = 5 mW.
        let c = Calibration::External(ExternalCalibration {
            rx_pwr_1: 1.0,
            ..ExternalCalibration::default()
        });
        assert_eq!(c.rx_power_mw(50000), 5.0);
    }

    #[test]
    fn internal_uses_raw_units() {
        let c = Calibration::Internal;
        // reference/sff-8472.md §3 worked example.
        assert_eq!(c.temperature_c(0x1A80), 26.5);
        assert_eq!(c.vcc_v(0x8214), 3.33);
        assert_eq!(c.tx_bias_ma(0x1388), 10.0);
        assert_eq!(c.tx_power_mw(0x1F40), 0.8);
        assert_eq!(c.rx_power_mw(0), 0.0);
    }

    #[test]
    fn clamping_notes_negative_and_non_finite() {
        let mut notes = Vec::new();
        assert_eq!(clamp_power(-0.01, "rx power", &mut notes), Some(0.0));
        assert_eq!(clamp_power(f64::NAN, "rx power", &mut notes), None);
        assert_eq!(clamp_power(0.5, "rx power", &mut notes), Some(0.5));
        assert_eq!(finite(f64::INFINITY, "vcc", &mut notes), None);
        assert_eq!(notes.len(), 3);
        assert!(notes[0].contains("negative"));
    }
}
