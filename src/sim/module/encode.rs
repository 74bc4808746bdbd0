//! Physical values into monitor registers, with each register's quantisation (reference/
//! sff-8472.md §2, sff-8636.md §1, cmis.md §1/§7: 1/256 °C, 100 µV, 2 µA × multiplier,
//! 0.1 µW), saturating at the register's range.
//!
//! SFF-8472 external calibration (sff-8472.md §3): the module writes the RAW reading whose
//! calibrated result is the value, i.e. it inverts `slope·x + offset` for the linear monitors and
//! the 4th-order Rx polynomial by bisection over 0-65535.

use crate::memmap::sff8472::{Calibration, ExternalCalibration};

/// Writes values in the encoding of one module.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Encoder {
    /// SFF-8472 calibration (internal for SFF-8636 and CMIS).
    pub calibration: Calibration,
    /// mA per LSB of the bias registers.
    pub bias_lsb_ma: f64,
}

fn clamp_u16(units: f64) -> u16 {
    if units.is_nan() {
        0
    } else {
        units.round().clamp(0.0, f64::from(u16::MAX)) as u16
    }
}

fn clamp_i16(units: f64) -> i16 {
    if units.is_nan() {
        0
    } else {
        units
            .round()
            .clamp(f64::from(i16::MIN), f64::from(i16::MAX)) as i16
    }
}

/// `x` with `slope·x + offset = units` (slope 0: the raw value cannot matter; 0).
fn invert_linear(units: f64, slope: f64, offset: i16) -> f64 {
    if slope == 0.0 {
        0.0
    } else {
        (units - f64::from(offset)) / slope
    }
}

/// The raw `x` in 0-65535 whose polynomial value is closest to `units`, by bisection (the
/// polynomial is taken as monotonic over the range, increasing or decreasing).
fn invert_rx(c: &ExternalCalibration, units: f64) -> u16 {
    let f = |x: u16| c.rx_power_units(x);
    let rising = f(u16::MAX) >= f(0);
    let below = |x: u16| if rising { f(x) < units } else { f(x) > units };
    let (mut lo, mut hi) = (0u16, u16::MAX);
    if !below(lo) {
        return lo;
    }
    if below(hi) {
        return hi;
    }
    // Invariant: below(lo) and !below(hi).
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        if below(mid) {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    if (f(lo) - units).abs() <= (f(hi) - units).abs() {
        lo
    } else {
        hi
    }
}

impl Encoder {
    /// Temperature register (S16, 1/256 °C).
    pub fn temperature(&self, c: f64) -> [u8; 2] {
        let units = c * 256.0;
        let raw = match &self.calibration {
            Calibration::Internal => clamp_i16(units),
            Calibration::External(k) => clamp_i16(invert_linear(units, k.t_slope, k.t_offset)),
        };
        raw.to_be_bytes()
    }

    /// Supply voltage register (U16, 100 µV).
    pub fn vcc(&self, v: f64) -> [u8; 2] {
        let units = v * 10_000.0;
        self.linear_u16(units, |k| (k.v_slope, k.v_offset))
    }

    /// Bias register (U16, 2 µA × multiplier).
    pub fn bias(&self, ma: f64) -> [u8; 2] {
        match &self.calibration {
            Calibration::Internal => clamp_u16(ma / self.bias_lsb_ma).to_be_bytes(),
            Calibration::External(_) => {
                self.linear_u16(ma * 500.0, |k| (k.tx_i_slope, k.tx_i_offset))
            }
        }
    }

    /// Tx power register (U16, 0.1 µW).
    pub fn tx_power(&self, mw: f64) -> [u8; 2] {
        self.linear_u16(mw * 10_000.0, |k| (k.tx_pwr_slope, k.tx_pwr_offset))
    }

    /// Rx power register (U16, 0.1 µW).
    pub fn rx_power(&self, mw: f64) -> [u8; 2] {
        let units = mw * 10_000.0;
        let raw = match &self.calibration {
            Calibration::Internal => clamp_u16(units),
            Calibration::External(k) => invert_rx(k, units),
        };
        raw.to_be_bytes()
    }

    fn linear_u16(&self, units: f64, pick: impl Fn(&ExternalCalibration) -> (f64, i16)) -> [u8; 2] {
        let raw = match &self.calibration {
            Calibration::Internal => clamp_u16(units),
            Calibration::External(k) => {
                let (slope, offset) = pick(k);
                clamp_u16(invert_linear(units, slope, offset))
            }
        };
        raw.to_be_bytes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn internal() -> Encoder {
        Encoder {
            calibration: Calibration::Internal,
            bias_lsb_ma: 0.002,
        }
    }

    #[test]
    fn internal_quantisation_and_saturation() {
        let e = internal();
        // 26.5 °C × 256 = 6784 = 0x1A80.
        assert_eq!(e.temperature(26.5), [0x1A, 0x80]);
        // -0.001 °C × 256 = -0.256 → 0 after rounding; -1 °C → -256 = 0xFF00.
        assert_eq!(e.temperature(-1.0), [0xFF, 0x00]);
        assert_eq!(e.temperature(500.0), i16::MAX.to_be_bytes());
        // 3.33 V / 100 µV = 33300 = 0x8214.
        assert_eq!(e.vcc(3.33), [0x82, 0x14]);
        // 10 mA / 2 µA = 5000 = 0x1388.
        assert_eq!(e.bias(10.0), [0x13, 0x88]);
        // 0.8 mW / 0.1 µW = 8000 = 0x1F40; 0.00004 mW = 0.4 LSB → 0.
        assert_eq!(e.tx_power(0.8), [0x1F, 0x40]);
        assert_eq!(e.rx_power(0.000_04), [0, 0]);
        assert_eq!(e.rx_power(10.0), [0xFF, 0xFF]);
        assert_eq!(e.rx_power(f64::NAN), [0, 0]);
        // CMIS bias multiplier x4: LSB 8 µA; 210 mA / 0.008 = 26250 = 0x668A.
        let x4 = Encoder {
            bias_lsb_ma: 0.008,
            ..internal()
        };
        assert_eq!(x4.bias(210.0), [0x66, 0x8A]);
    }

    #[test]
    fn external_calibration_round_trips_through_the_decoder_formulas() {
        let k = ExternalCalibration {
            rx_pwr_4: 2.0e-17,
            rx_pwr_3: -1.0e-11,
            rx_pwr_2: 2.5e-6,
            rx_pwr_1: 0.92,
            rx_pwr_0: 1.5,
            tx_i_slope: 1.25,
            tx_i_offset: 100,
            tx_pwr_slope: 0.75,
            tx_pwr_offset: -25,
            t_slope: 1.0,
            t_offset: -640,
            v_slope: 0.9375,
            v_offset: 150,
        };
        let cal = Calibration::External(k);
        let e = Encoder {
            calibration: cal,
            bias_lsb_ma: 0.002,
        };
        let u = |b: [u8; 2]| u16::from_be_bytes(b);
        // 42 °C = 10752 units; x = 10752 + 640 = 11392.
        assert_eq!(u(e.temperature(42.0)), 11392);
        assert!((cal.temperature_c(u(e.temperature(42.0)) as i16) - 42.0).abs() < 1.0 / 256.0);
        // 3.29 V = 32900 units; x = (32900 - 150) / 0.9375 = 34933.3 → 34933.
        assert_eq!(u(e.vcc(3.29)), 34933);
        // 42 mA = 21000 units; x = (21000 - 100) / 1.25 = 16720.
        assert_eq!(u(e.bias(42.0)), 16720);
        assert!((cal.tx_bias_ma(16720) - 42.0).abs() < 1e-9);
        // 0.8913 mW = 8913 units; x = (8913 + 25) / 0.75 = 11917.3 → 11917.
        assert_eq!(u(e.tx_power(0.8913)), 11917);
        for mw in [0.01, 0.3, 0.66, 1.2] {
            let x = u(e.rx_power(mw));
            let back = cal.rx_power_mw(x);
            // One raw step of the polynomial is about 0.92 × 0.1 µW.
            assert!((back - mw).abs() < 0.000_1, "{mw} -> {x} -> {back}");
        }
        // Below the polynomial's value at 0 (1.5 units = 0.15 µW): raw 0.
        assert_eq!(u(e.rx_power(0.0)), 0);
    }
}
