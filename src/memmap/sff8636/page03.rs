//! Upper Page 03h: alarm and warning thresholds (reference/sff-8636.md §3).
//!
//! Each block is 8 bytes: high alarm, low alarm, high warning, low warning (2 bytes each, the
//! live monitor's encoding). One set applies to all four channels.

use crate::memmap::decoded::{ThresholdSet, Thresholds};
use crate::memmap::units;
use crate::memmap::view::HalfView;

/// Bytes 128-135: temperature, S16 1/256 °C.
const TEMPERATURE: usize = 128;
/// Bytes 144-151: Vcc, U16 100 µV.
const VCC: usize = 144;
/// Bytes 176-183: Rx power, U16 0.1 µW.
const RX_POWER: usize = 176;
/// Bytes 184-191: Tx bias, U16 2 µA.
const TX_BIAS: usize = 184;
/// Bytes 192-199: Tx power, U16 0.1 µW.
const TX_POWER: usize = 192;

fn block(
    p: &HalfView<'_>,
    first: usize,
    decode: impl Fn(&HalfView<'_>, usize) -> f64,
) -> ThresholdSet {
    ThresholdSet::from_block(first, |at| Some(decode(p, at)))
}

/// A power block in dBm; a 0 mW threshold has no dBm and is `None`.
fn power_dbm(p: &HalfView<'_>, first: usize) -> ThresholdSet {
    block(p, first, |p, at| units::power_mw(p.u16(at))).map(units::mw_to_dbm)
}

/// Reads the threshold blocks of page 03h.
pub fn read(p: &HalfView<'_>) -> Thresholds {
    Thresholds {
        temperature_c: Some(block(p, TEMPERATURE, |p, at| {
            units::temperature_c(p.i16(at))
        })),
        vcc_v: Some(block(p, VCC, |p, at| units::vcc_v(p.u16(at)))),
        tx_bias_ma: Some(block(p, TX_BIAS, |p, at| units::bias_ma(p.u16(at)))),
        tx_power_dbm: Some(power_dbm(p, TX_POWER)),
        rx_power_dbm: Some(power_dbm(p, RX_POWER)),
    }
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

    fn set(v: [Option<f64>; 4]) -> Option<ThresholdSet> {
        Some(ThresholdSet {
            high_alarm: v[0],
            low_alarm: v[1],
            high_warning: v[2],
            low_warning: v[3],
        })
    }

    #[test]
    fn all_five_blocks_in_ha_la_hw_lw_order() {
        let p = page(&[
            // Temperature: 0x5000 = 80 °C, 0xF600 = -10 °C, 0x4B00 = 75 °C, 0xFB00 = -5 °C.
            (128, &[0x50, 0x00, 0xF6, 0x00, 0x4B, 0x00, 0xFB, 0x00]),
            // Vcc: 0x8CA0 = 36000 -> 3.6 V, 0x7530 = 30000 -> 3.0 V, 0x88B8 = 35000 -> 3.5 V,
            // 0x7918 = 31000 -> 3.1 V.
            (144, &[0x8C, 0xA0, 0x75, 0x30, 0x88, 0xB8, 0x79, 0x18]),
            // Rx power: 0x2710 = 1.0 mW = 0 dBm, 0x0000 = 0 mW -> None, 0x1F40 = 0.8 mW,
            // 0x03E8 = 0.1 mW = -10 dBm.
            (176, &[0x27, 0x10, 0x00, 0x00, 0x1F, 0x40, 0x03, 0xE8]),
            // Bias: 0x7530 = 30000 × 2 µA = 60 mA, 0x0000 = 0 mA, 0x61A8 = 25000 -> 50 mA,
            // 0x03E8 = 1000 -> 2 mA.
            (184, &[0x75, 0x30, 0x00, 0x00, 0x61, 0xA8, 0x03, 0xE8]),
            // Tx power: 0x4E20 = 2.0 mW, 0x0064 = 0.01 mW = -20 dBm, 0x3E80 = 1.6 mW,
            // 0x00C8 = 0.02 mW.
            (192, &[0x4E, 0x20, 0x00, 0x64, 0x3E, 0x80, 0x00, 0xC8]),
        ]);
        let t = read(&HalfView::upper(&p));
        assert_eq!(
            t.temperature_c,
            set([Some(80.0), Some(-10.0), Some(75.0), Some(-5.0)])
        );
        assert_eq!(t.vcc_v, set([Some(3.6), Some(3.0), Some(3.5), Some(3.1)]));
        assert_eq!(
            t.tx_bias_ma,
            set([Some(60.0), Some(0.0), Some(50.0), Some(2.0)])
        );
        let rx = t.rx_power_dbm.unwrap_or_default();
        assert_eq!(rx.high_alarm, Some(0.0));
        assert_eq!(rx.low_alarm, None);
        // 10·log10(0.8) = -0.9691 dBm.
        assert!((rx.high_warning.unwrap_or(0.0) + 0.969_100_130).abs() < 1e-6);
        assert_eq!(rx.low_warning, Some(-10.0));
        let tx = t.tx_power_dbm.unwrap_or_default();
        // 10·log10(2.0) = 3.0103 dBm; 10·log10(0.01) = -20 dBm; 10·log10(1.6) = 2.0412 dBm;
        // 10·log10(0.02) = -16.9897 dBm.
        assert!((tx.high_alarm.unwrap_or(0.0) - 3.010_299_957).abs() < 1e-6);
        assert_eq!(tx.low_alarm, Some(-20.0));
        assert!((tx.high_warning.unwrap_or(0.0) - 2.041_199_827).abs() < 1e-6);
        assert!((tx.low_warning.unwrap_or(0.0) + 16.989_700_043).abs() < 1e-6);
    }
}
