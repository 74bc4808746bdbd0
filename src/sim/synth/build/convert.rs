//! Physical units to register values, rounded to the nearest step of the register (the inverse
//! of [`crate::memmap::units`]). Monitor encodings are the same in SFF-8472 Table 9-11,
//! SFF-8636 §6.2.4 and CMIS Table 8-10; VDM formats are from reference/cmis.md §9.

use crate::sim::synth::build::BuildError;

/// Optical power in mW from dBm: `10^(dBm / 10)`.
pub fn dbm_to_mw(dbm: f64) -> f64 {
    10f64.powf(dbm / 10.0)
}

/// Rounds `raw` (already in register steps) into an unsigned 16-bit register.
pub(crate) fn round_u16(field: &'static str, value: f64, raw: f64) -> Result<u16, BuildError> {
    let r = raw.round();
    if r.is_finite() && (0.0..=f64::from(u16::MAX)).contains(&r) {
        Ok(r as u16)
    } else {
        Err(BuildError::ValueOutOfRange {
            field,
            value,
            reason: "unsigned 16-bit register",
        })
    }
}

/// Rounds `raw` (already in register steps) into a signed 16-bit register.
pub(crate) fn round_i16(field: &'static str, value: f64, raw: f64) -> Result<i16, BuildError> {
    let r = raw.round();
    if r.is_finite() && (f64::from(i16::MIN)..=f64::from(i16::MAX)).contains(&r) {
        Ok(r as i16)
    } else {
        Err(BuildError::ValueOutOfRange {
            field,
            value,
            reason: "signed 16-bit register",
        })
    }
}

/// Temperature: S16 in 1/256 °C.
pub fn temperature_raw(celsius: f64) -> Result<i16, BuildError> {
    round_i16("temperature °C", celsius, celsius * 256.0)
}

/// Supply voltage: U16 in 100 µV.
pub fn vcc_raw(volts: f64) -> Result<u16, BuildError> {
    round_u16("supply voltage V", volts, volts * 10_000.0)
}

/// Laser bias: U16 in 2 µA × `multiplier` (1 everywhere but CMIS, where Page 01h:160 b4-3 gives
/// ×1, ×2 or ×4).
pub fn bias_raw(milliamps: f64, multiplier: u8) -> Result<u16, BuildError> {
    if !matches!(multiplier, 1 | 2 | 4) {
        return Err(BuildError::ValueOutOfRange {
            field: "tx bias multiplier",
            value: f64::from(multiplier),
            reason: "1, 2 or 4",
        });
    }
    round_u16(
        "tx bias mA",
        milliamps,
        milliamps * 500.0 / f64::from(multiplier),
    )
}

/// Optical power: U16 in 0.1 µW.
pub fn power_raw(milliwatts: f64) -> Result<u16, BuildError> {
    round_u16("optical power mW", milliwatts, milliwatts * 10_000.0)
}

/// Signal-to-noise ratio (VDM eSNR, Page 14h SNR): U16 in 1/256 dB.
pub fn snr_raw(db: f64) -> Result<u16, BuildError> {
    round_u16("snr dB", db, db * 256.0)
}

/// TEC current as a percentage of its maximum (CMIS Aux monitor, VDM type 2): S16,
/// value / 32767 × 100 %.
pub fn tec_percent_raw(percent: f64) -> Result<i16, BuildError> {
    round_i16("tec current %", percent, percent * 32_767.0 / 100.0)
}

/// CMIS F16 (reference/cmis.md §9.1): bits 15-11 exponent e, bits 10-0 mantissa m,
/// value = m × 10^(e − 24). Picks the smallest exponent whose mantissa fits 11 bits, which keeps
/// the most significant digits (2.4e-4 → m 240, e 18 → 0x90F0). Zero is 0x0000; values below
/// half the smallest step round to zero.
pub fn f16_raw(value: f64) -> Result<u16, BuildError> {
    let bad = |reason| BuildError::ValueOutOfRange {
        field: "f16 value",
        value,
        reason,
    };
    if !value.is_finite() || value < 0.0 {
        return Err(bad("f16 holds a finite value >= 0"));
    }
    for e in 0u16..32 {
        let step = 10f64.powi(i32::from(e) - 24);
        let m = (value / step).round();
        if m <= 2047.0 {
            return Ok((e << 11) | m as u16);
        }
    }
    Err(bad("f16 holds at most 2047e7"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::memmap::units;

    #[test]
    fn monitor_values_round_to_the_register_step() {
        // 26.5 °C × 256 = 6784 = 0x1A80 (SFF-8472 §3 worked example)
        assert_eq!(temperature_raw(26.5), Ok(0x1A80));
        // -10 °C × 256 = -2560 = 0xF600
        assert_eq!(temperature_raw(-10.0), Ok(-2560));
        // 1/512 °C is half a step: rounds away from zero to 1
        assert_eq!(temperature_raw(1.0 / 512.0), Ok(1));
        // 3.33 V / 100 µV = 33300 = 0x8214
        assert_eq!(vcc_raw(3.33), Ok(0x8214));
        // 10 mA / 2 µA = 5000 = 0x1388; ×2 multiplier: 10 mA / 4 µA = 2500
        assert_eq!(bias_raw(10.0, 1), Ok(0x1388));
        assert_eq!(bias_raw(10.0, 2), Ok(2500));
        assert_eq!(bias_raw(10.0, 4), Ok(1250));
        assert!(bias_raw(10.0, 3).is_err());
        // 0.8 mW / 0.1 µW = 8000 = 0x1F40
        assert_eq!(power_raw(0.8), Ok(0x1F40));
        // -2.5 dBm = 10^-0.25 = 0.562341 mW -> 5623.41 -> 5623 = 0x15F7
        assert_eq!(power_raw(dbm_to_mw(-2.5)), Ok(0x15F7));
        // 17.5 dB × 256 = 4480 = 0x1180
        assert_eq!(snr_raw(17.5), Ok(0x1180));
        // 50 % of 32767 = 16383.5 -> 16384
        assert_eq!(tec_percent_raw(50.0), Ok(16384));
        assert_eq!(tec_percent_raw(-100.0), Ok(-32767));
    }

    #[test]
    fn values_outside_the_register_are_errors() {
        // 128 °C × 256 = 32768 > i16::MAX
        assert!(temperature_raw(128.0).is_err());
        assert!(temperature_raw(f64::NAN).is_err());
        // 6.5536 mW = 65536 steps
        assert!(power_raw(6.5536).is_err());
        assert_eq!(power_raw(6.5535), Ok(65535));
        assert!(vcc_raw(-0.1).is_err());
    }

    #[test]
    fn conversions_round_trip_within_half_a_step() {
        for c in [-40.0, -0.3, 25.0, 37.123, 85.0] {
            let raw = temperature_raw(c).unwrap_or(0);
            assert!((units::temperature_c(raw) - c).abs() <= 0.5 / 256.0);
        }
        for dbm in [-30.0, -10.2, -2.5, 0.0, 1.0, 4.0, 8.1] {
            let mw = dbm_to_mw(dbm);
            let raw = power_raw(mw).unwrap_or(0);
            assert!((units::power_mw(raw) - mw).abs() <= 0.5e-4 + 1e-12);
        }
        for ma in [0.0, 6.998, 55.5, 130.0] {
            let raw = bias_raw(ma, 1).unwrap_or(0);
            assert!((units::bias_ma(raw) - ma).abs() <= 0.001 + 1e-12);
        }
    }

    #[test]
    fn f16_uses_the_smallest_exponent_that_fits() {
        // 2.4e-4 = 240 × 10^(18-24): (18 << 11) | 240 = 0x9000 | 0xF0 = 0x90F0 (cmis.md §9.1)
        assert_eq!(f16_raw(2.4e-4), Ok(0x90F0));
        // 1e-12 = 1000 × 10^(9-24): (9 << 11) | 1000 = 0x4800 | 0x3E8 = 0x4BE8
        assert_eq!(f16_raw(1e-12), Ok(0x4BE8));
        // 4.5e-4 = 450 × 10^-6: 0x9000 | 0x1C2 = 0x91C2
        assert_eq!(f16_raw(4.5e-4), Ok(0x91C2));
        // 1.25e-2 = 1250 × 10^(19-24): (19 << 11) | 1250 = 0x9800 | 0x4E2 = 0x9CE2
        assert_eq!(f16_raw(1.25e-2), Ok(0x9CE2));
        assert_eq!(f16_raw(0.0), Ok(0));
        // 1e-24 = 1 × 10^(0-24)
        assert_eq!(f16_raw(1e-24), Ok(0x0001));
        // largest: 2047 × 10^7 = (31 << 11) | 2047 = 0xFFFF
        assert_eq!(f16_raw(2047e7), Ok(0xFFFF));
        assert!(f16_raw(2048e7 * 1.001).is_err());
        assert!(f16_raw(-1e-5).is_err());
    }
}
