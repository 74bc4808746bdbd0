//! Lower page bytes 22-57: live monitors (reference/sff-8636.md §1), in the units of
//! `memmap::units`.

use super::bits::LANES;
use crate::memmap::decoded::{Dom, LaneDom};
use crate::memmap::units;
use crate::memmap::view::HalfView;

/// Byte 22-23: module temperature, S16 in 1/256 °C.
const TEMPERATURE: usize = 22;
/// Byte 26-27: supply voltage, U16 in 100 µV.
const VCC: usize = 26;
/// Bytes 34, 36, 38, 40: Rx power of channels 1-4, U16 in 0.1 µW.
const RX_POWER: usize = 34;
/// Bytes 42, 44, 46, 48: Tx bias of channels 1-4, U16 in 2 µA.
const TX_BIAS: usize = 42;
/// Bytes 50, 52, 54, 56: Tx power of channels 1-4, U16 in 0.1 µW.
const TX_POWER: usize = 50;

/// Which optional monitors the module implements (Page 00h:220). Rx power and Tx bias have no
/// "implemented" bit in SFF-8636 and are always read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MonitorSupport {
    /// Page 00h:220 bit 5.
    pub temperature: bool,
    /// Page 00h:220 bit 4.
    pub vcc: bool,
    /// Page 00h:220 bit 2.
    pub tx_power: bool,
    /// Whether the lanes carry light: false for copper cables (Page 00h:147 bits 7-4 ≥ 10),
    /// whose bias and optical power registers mean nothing and are reported as `None`.
    pub optical_lanes: bool,
}

impl MonitorSupport {
    /// Every monitor read (used when Page 00h is absent and support is unknown).
    pub const ALL: MonitorSupport = MonitorSupport {
        temperature: true,
        vcc: true,
        tx_power: true,
        optical_lanes: true,
    };
}

/// Reads the live monitors; a monitor the module does not implement is `None`.
pub fn read(lower: &HalfView<'_>, support: MonitorSupport) -> Dom {
    let lanes = (0..LANES)
        .map(|i| {
            let rx_mw = support
                .optical_lanes
                .then(|| units::power_mw(lower.u16(RX_POWER + 2 * i)));
            let tx_mw = (support.tx_power && support.optical_lanes)
                .then(|| units::power_mw(lower.u16(TX_POWER + 2 * i)));
            LaneDom {
                // i < 4: the cast cannot truncate.
                lane: i as u16 + 1,
                tx_bias_ma: support
                    .optical_lanes
                    .then(|| units::bias_ma(lower.u16(TX_BIAS + 2 * i))),
                tx_power_mw: tx_mw,
                tx_power_dbm: tx_mw.and_then(units::mw_to_dbm),
                rx_power_mw: rx_mw,
                rx_power_dbm: rx_mw.and_then(units::mw_to_dbm),
            }
        })
        .collect();
    Dom {
        temperature_c: support
            .temperature
            .then(|| units::temperature_c(lower.i16(TEMPERATURE))),
        vcc_v: support.vcc.then(|| units::vcc_v(lower.u16(VCC))),
        lanes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(bytes: &[(usize, &[u8])]) -> [u8; 128] {
        let mut p = [0u8; 128];
        for &(at, b) in bytes {
            p[at..at + b.len()].copy_from_slice(b);
        }
        p
    }

    #[test]
    fn temperature_and_vcc() {
        // 22-23 = 0x1A80 = 6784 / 256 = 26.5 °C; 26-27 = 0x8214 = 33300 × 100 µV = 3.33 V.
        let p = page(&[(22, &[0x1A, 0x80]), (26, &[0x82, 0x14])]);
        let d = read(&HalfView::lower(&p), MonitorSupport::ALL);
        assert_eq!(d.temperature_c, Some(26.5));
        assert_eq!(d.vcc_v, Some(3.33));
    }

    #[test]
    fn negative_temperature() {
        // 0xF600 = -2560 / 256 = -10.0 °C; 0xFF80 = -128 / 256 = -0.5 °C.
        let p = page(&[(22, &[0xF6, 0x00])]);
        assert_eq!(
            read(&HalfView::lower(&p), MonitorSupport::ALL).temperature_c,
            Some(-10.0)
        );
        let p = page(&[(22, &[0xFF, 0x80])]);
        assert_eq!(
            read(&HalfView::lower(&p), MonitorSupport::ALL).temperature_c,
            Some(-0.5)
        );
    }

    #[test]
    fn lane_order_of_rx_power_bias_and_tx_power() {
        // Rx power: 34 ch1 = 0x0001 (0.0001 mW), 36 ch2 = 0x0002, 38 ch3 = 0x0003, 40 ch4 = 0x2710
        // (10000 × 0.1 µW = 1.0 mW = 0 dBm).
        // Bias: 42 ch1 = 0x01F4 (500 × 2 µA = 1.0 mA), 44 = 0x03E8 (2.0 mA), 46 = 0x05DC (3.0 mA),
        // 48 = 0x07D0 (4.0 mA).
        // Tx power: 50 ch1 = 0x1F40 (8000 × 0.1 µW = 0.8 mW), 52 = 0x0FA0 (0.4 mW),
        // 54 = 0x07D0 (0.2 mW), 56 = 0x03E8 (0.1 mW = -10 dBm).
        let p = page(&[
            (34, &[0x00, 0x01, 0x00, 0x02, 0x00, 0x03, 0x27, 0x10]),
            (42, &[0x01, 0xF4, 0x03, 0xE8, 0x05, 0xDC, 0x07, 0xD0]),
            (50, &[0x1F, 0x40, 0x0F, 0xA0, 0x07, 0xD0, 0x03, 0xE8]),
        ]);
        let d = read(&HalfView::lower(&p), MonitorSupport::ALL);
        let lanes: Vec<u16> = d.lanes.iter().map(|l| l.lane).collect();
        assert_eq!(lanes, [1, 2, 3, 4]);
        let rx: Vec<_> = d.lanes.iter().map(|l| l.rx_power_mw).collect();
        assert_eq!(rx, [Some(0.0001), Some(0.0002), Some(0.0003), Some(1.0)]);
        assert_eq!(d.lanes[3].rx_power_dbm, Some(0.0));
        let bias: Vec<_> = d.lanes.iter().map(|l| l.tx_bias_ma).collect();
        assert_eq!(bias, [Some(1.0), Some(2.0), Some(3.0), Some(4.0)]);
        let tx: Vec<_> = d.lanes.iter().map(|l| l.tx_power_mw).collect();
        assert_eq!(tx, [Some(0.8), Some(0.4), Some(0.2), Some(0.1)]);
        assert_eq!(d.lanes[3].tx_power_dbm, Some(-10.0));
        // 10·log10(0.8) = -0.9691 dBm.
        let dbm = d.lanes[0].tx_power_dbm.unwrap_or(f64::NAN);
        assert!((dbm + 0.969_100_130).abs() < 1e-6);
    }

    #[test]
    fn zero_milliwatts_has_no_dbm() {
        let p = page(&[]);
        let d = read(&HalfView::lower(&p), MonitorSupport::ALL);
        assert_eq!(d.lanes[0].rx_power_mw, Some(0.0));
        assert_eq!(d.lanes[0].rx_power_dbm, None);
        assert_eq!(d.lanes[2].tx_power_mw, Some(0.0));
        assert_eq!(d.lanes[2].tx_power_dbm, None);
    }

    #[test]
    fn unsupported_monitors_are_none() {
        let p = page(&[(22, &[0x1A, 0x80]), (50, &[0x1F, 0x40])]);
        let none = MonitorSupport {
            temperature: false,
            vcc: false,
            tx_power: false,
            optical_lanes: true,
        };
        let d = read(&HalfView::lower(&p), none);
        assert_eq!((d.temperature_c, d.vcc_v), (None, None));
        assert_eq!(d.lanes[0].tx_power_mw, None);
        assert_eq!(d.lanes[0].tx_power_dbm, None);
        // Rx power and bias have no support bit: still read.
        assert_eq!(d.lanes[0].rx_power_mw, Some(0.0));
        assert_eq!(d.lanes[0].tx_bias_ma, Some(0.0));
    }

    #[test]
    fn copper_cables_have_no_lane_monitors() {
        // Temperature 0x1A80 = 26.5 °C still read; lane registers hold bias 0x1388 (10 mA) and
        // Rx 0x1F40 (0.8 mW) but a copper cable (Page 00h:147 bits 7-4 >= 10) has no laser.
        let p = page(&[
            (22, &[0x1A, 0x80]),
            (34, &[0x1F, 0x40]),
            (42, &[0x13, 0x88]),
        ]);
        let copper = MonitorSupport {
            optical_lanes: false,
            ..MonitorSupport::ALL
        };
        let d = read(&HalfView::lower(&p), copper);
        assert_eq!(d.temperature_c, Some(26.5));
        assert_eq!(d.lanes.len(), 4);
        for lane in &d.lanes {
            assert_eq!(
                (
                    lane.tx_bias_ma,
                    lane.tx_power_mw,
                    lane.rx_power_mw,
                    lane.rx_power_dbm
                ),
                (None, None, None, None)
            );
        }
    }
}
