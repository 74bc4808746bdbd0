//! Lower page bytes 86-127: controls, masks, class-8 maximum power and page select
//! (reference/sff-8636.md §1). Arrays are indexed by channel - 1.

use serde::Serialize;

use super::bits::{AlarmFlags, LANES, nibble_lanes, pair_lanes};
use crate::memmap::decoded::Spec;
use crate::memmap::view::HalfView;

/// Interrupt masks, bytes 100-104 (1 = the flag does not assert IntL).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Masks {
    /// Byte 100 bits 7-4: Tx LOS mask, channel 1 = bit 4.
    pub tx_los: [bool; LANES],
    /// Byte 100 bits 3-0: Rx LOS mask, channel 1 = bit 0.
    pub rx_los: [bool; LANES],
    /// Byte 101 bits 7-4: Tx adaptive-EQ fault mask, channel 1 = bit 4 (same layout as flag
    /// byte 4; ET's header lists the Tx-fault mask bits reversed, which we do not copy).
    pub tx_adapt_eq_fault: [bool; LANES],
    /// Byte 101 bits 3-0: Tx fault mask, channel 1 = bit 0.
    pub tx_fault: [bool; LANES],
    /// Byte 102 bits 7-4: Tx CDR LOL mask, channel 1 = bit 4 (UNCONFIRMED layout: as flag byte 5).
    pub tx_cdr_lol: [bool; LANES],
    /// Byte 102 bits 3-0: Rx CDR LOL mask, channel 1 = bit 0 (UNCONFIRMED, as above).
    pub rx_cdr_lol: [bool; LANES],
    /// Byte 103 bits 7-4: temperature alarm/warning masks.
    pub temperature: AlarmFlags,
    /// Byte 104 bits 7-4: Vcc alarm/warning masks.
    pub vcc: AlarmFlags,
}

/// The host-writable control bytes as currently set.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Controls {
    /// Byte 86 bits 3-0: Tx disabled, channel 1 = bit 0.
    pub tx_disable: [bool; LANES],
    /// Byte 87: Rx rate select, 2 bits per channel, channel 1 = bits 1-0.
    pub rx_rate_select: [u8; LANES],
    /// Byte 88: Tx rate select, same layout.
    pub tx_rate_select: [u8; LANES],
    /// Byte 93 bit 0, Power_override: 1 = software (bit 1) controls low-power mode, not the
    /// LPMode pin.
    pub power_override: bool,
    /// Byte 93 bit 1, Power_set: 1 = low-power mode requested (effective with Power_override).
    pub power_set_low: bool,
    /// Byte 93 bit 2: host enabled power classes 5-7 (SFF-8636 only; reserved in SFF-8436).
    pub high_power_class_5_7_enabled: Option<bool>,
    /// Byte 93 bit 3: host enabled power class 8 (SFF-8636 only).
    pub high_power_class_8_enabled: Option<bool>,
    /// Byte 98 bits 7-4: Tx CDR enabled, channel 1 = bit 4 (bit map UNCONFIRMED, FB).
    pub tx_cdr_enabled: [bool; LANES],
    /// Byte 98 bits 3-0: Rx CDR enabled, channel 1 = bit 0 (UNCONFIRMED, FB).
    pub rx_cdr_enabled: [bool; LANES],
    /// Bytes 100-104.
    pub masks: Masks,
    /// Byte 107: maximum power consumption of a class-8 module, raw, 0.1 W units (SFF-8636
    /// rev 2.10; UNCONFIRMED in our reference). `None` for SFF-8436, which reserves the byte.
    pub max_power_raw: Option<u8>,
    /// Byte 127: upper page selected when the image was read.
    pub page_select: u8,
}

impl Controls {
    /// Reads bytes 86-127. Bits and bytes SFF-8436 reserves are not read for it.
    pub fn read(lower: &HalfView<'_>, spec: Spec) -> Self {
        let sff8636 = spec == Spec::Sff8636;
        let (los_mask, fault_mask, lol_mask) = (lower.u8(100), lower.u8(101), lower.u8(102));
        let cdr = lower.u8(98);
        Controls {
            tx_disable: nibble_lanes(lower.u8(86), 0),
            rx_rate_select: pair_lanes(lower.u8(87)),
            tx_rate_select: pair_lanes(lower.u8(88)),
            power_override: lower.bit(93, 0),
            power_set_low: lower.bit(93, 1),
            high_power_class_5_7_enabled: sff8636.then(|| lower.bit(93, 2)),
            high_power_class_8_enabled: sff8636.then(|| lower.bit(93, 3)),
            tx_cdr_enabled: nibble_lanes(cdr, 4),
            rx_cdr_enabled: nibble_lanes(cdr, 0),
            masks: Masks {
                tx_los: nibble_lanes(los_mask, 4),
                rx_los: nibble_lanes(los_mask, 0),
                tx_adapt_eq_fault: nibble_lanes(fault_mask, 4),
                tx_fault: nibble_lanes(fault_mask, 0),
                tx_cdr_lol: nibble_lanes(lol_mask, 4),
                rx_cdr_lol: nibble_lanes(lol_mask, 0),
                temperature: AlarmFlags::from_nibble(lower.u8(103), 7),
                vcc: AlarmFlags::from_nibble(lower.u8(104), 7),
            },
            max_power_raw: sff8636.then(|| lower.u8(107)),
            page_select: lower.u8(127),
        }
    }

    /// Byte 107 in W (raw × 0.1 W); `None` for SFF-8436 and for 0 (not declared).
    pub fn max_power_w(&self) -> Option<f64> {
        self.max_power_raw
            .filter(|raw| *raw != 0)
            .map(|raw| f64::from(raw) / 10.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(bytes: &[(usize, u8)], spec: Spec) -> Controls {
        let mut p = [0u8; 128];
        for &(i, v) in bytes {
            p[i] = v;
        }
        Controls::read(&HalfView::lower(&p), spec)
    }

    #[test]
    fn byte_86_tx_disable_channel_1_is_bit_0() {
        // 0x09 = bit 0 (Tx1) + bit 3 (Tx4); bits 7-4 are reserved and ignored.
        let c = read(&[(86, 0xF9)], Spec::Sff8636);
        assert_eq!(c.tx_disable, [true, false, false, true]);
    }

    #[test]
    fn bytes_87_88_rate_select_two_bits_per_channel() {
        // 87 = 0b00_01_10_11: Rx4 = 0, Rx3 = 1, Rx2 = 2, Rx1 = 3.
        // 88 = 0b10_00_00_01: Tx4 = 2, Tx1 = 1.
        let c = read(&[(87, 0b0001_1011), (88, 0b1000_0001)], Spec::Sff8636);
        assert_eq!(c.rx_rate_select, [3, 2, 1, 0]);
        assert_eq!(c.tx_rate_select, [1, 0, 0, 2]);
    }

    #[test]
    fn byte_93_power_control_bits() {
        // 0x05 = Power_override (b0) + class 5-7 enable (b2): FB's "high power, classes 5-7".
        let c = read(&[(93, 0x05)], Spec::Sff8636);
        assert!(c.power_override && !c.power_set_low);
        assert_eq!(c.high_power_class_5_7_enabled, Some(true));
        assert_eq!(c.high_power_class_8_enabled, Some(false));
        // 0x0B = override + Power_set (low power) + class 8 enable (b3).
        let c = read(&[(93, 0x0B)], Spec::Sff8636);
        assert!(c.power_override && c.power_set_low);
        assert_eq!(c.high_power_class_5_7_enabled, Some(false));
        assert_eq!(c.high_power_class_8_enabled, Some(true));
        // SFF-8436 reserves bits 2 and 3: not read.
        let c = read(&[(93, 0x0F)], Spec::Sff8436);
        assert!(c.power_override && c.power_set_low);
        assert_eq!(c.high_power_class_5_7_enabled, None);
        assert_eq!(c.high_power_class_8_enabled, None);
    }

    #[test]
    fn byte_98_cdr_control_tx_high_rx_low() {
        // 0x21 = bit 5 (Tx2 CDR) + bit 0 (Rx1 CDR).
        let c = read(&[(98, 0x21)], Spec::Sff8636);
        assert_eq!(c.tx_cdr_enabled, [false, true, false, false]);
        assert_eq!(c.rx_cdr_enabled, [true, false, false, false]);
    }

    #[test]
    fn bytes_100_to_104_masks() {
        // 100 = 0x18: bit 4 Tx1 LOS, bit 3 Rx4 LOS. 101 = 0x82: bit 7 Tx4 adapt-EQ, bit 1 Tx2 fault.
        // 102 = 0x44: bit 6 Tx3 LOL, bit 2 Rx3 LOL. 103 = 0x80 temp high alarm.
        // 104 = 0x10 Vcc low warning.
        let c = read(
            &[
                (100, 0x18),
                (101, 0x82),
                (102, 0x44),
                (103, 0x80),
                (104, 0x10),
            ],
            Spec::Sff8636,
        );
        let m = &c.masks;
        assert_eq!(m.tx_los, [true, false, false, false]);
        assert_eq!(m.rx_los, [false, false, false, true]);
        assert_eq!(m.tx_adapt_eq_fault, [false, false, false, true]);
        assert_eq!(m.tx_fault, [false, true, false, false]);
        assert_eq!(m.tx_cdr_lol, [false, false, true, false]);
        assert_eq!(m.rx_cdr_lol, [false, false, true, false]);
        assert!(m.temperature.high_alarm && !m.temperature.low_alarm);
        assert!(m.vcc.low_warning && !m.vcc.high_alarm);
    }

    #[test]
    fn byte_107_max_power_and_127_page_select() {
        // 107 = 0x3C = 60 × 0.1 W = 6.0 W; 127 = 0x03.
        let c = read(&[(107, 0x3C), (127, 0x03)], Spec::Sff8636);
        assert_eq!(c.max_power_raw, Some(60));
        assert_eq!(c.max_power_w(), Some(6.0));
        assert_eq!(c.page_select, 3);
        assert_eq!(read(&[], Spec::Sff8636).max_power_w(), None);
        assert_eq!(read(&[(107, 0x3C)], Spec::Sff8436).max_power_w(), None);
    }
}
