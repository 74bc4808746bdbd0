//! Unit conversions shared by every spec: the monitor encodings of SFF-8472 Table 9-11,
//! SFF-8636 §6.2.4 and CMIS Table 8-10 are the same.
//!
//! Divisions (not multiplications by 0.0001) keep results the closest double to the exact
//! decimal, so 8000 raw prints as 0.8 mW, not 0.8000000000000002.

/// Temperature, signed 16-bit in 1/256 °C.
pub fn temperature_c(raw: i16) -> f64 {
    f64::from(raw) / 256.0
}

/// Supply voltage, unsigned 16-bit in 100 µV.
pub fn vcc_v(raw: u16) -> f64 {
    f64::from(raw) / 10_000.0
}

/// Laser bias current, unsigned 16-bit in 2 µA (times a multiplier in CMIS).
pub fn bias_ma(raw: u16) -> f64 {
    f64::from(raw) / 500.0
}

/// Optical power, unsigned 16-bit in 0.1 µW.
pub fn power_mw(raw: u16) -> f64 {
    f64::from(raw) / 10_000.0
}

/// Optical power in dBm; `None` for 0 mW or less (no light has no dBm).
pub fn mw_to_dbm(mw: f64) -> Option<f64> {
    (mw > 0.0 && mw.is_finite()).then(|| 10.0 * mw.log10())
}

#[cfg(test)]
mod tests {
    use super::*;

    // SFF-8472 §3 worked example (reference/sff-8472.md §3).
    #[test]
    fn worked_example_values() {
        assert_eq!(temperature_c(0x1A80), 26.5);
        assert_eq!(vcc_v(0x8214), 3.33);
        assert_eq!(bias_ma(0x1388), 10.0);
        assert_eq!(power_mw(0x1F40), 0.8);
        let dbm = mw_to_dbm(0.8).unwrap();
        assert!((dbm - (-0.969_100_130)).abs() < 1e-6);
    }

    #[test]
    fn negative_temperature_and_zero_power() {
        // 0xF600 = -2560 -> -10.0 °C
        assert_eq!(temperature_c(0xF600_u16 as i16), -10.0);
        // 0xFFFF = -1 -> -1/256 °C
        assert_eq!(temperature_c(-1), -0.00390625);
        assert_eq!(mw_to_dbm(0.0), None);
        assert_eq!(mw_to_dbm(1.0), Some(0.0));
    }
}
