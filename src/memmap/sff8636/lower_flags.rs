//! Lower page bytes 3-14: latched interrupt flags (reference/sff-8636.md §1).
//!
//! Arrays are indexed by channel - 1. Bytes 3-5 put channel 1 in the lowest bit of each nibble;
//! bytes 9-14 hold two channels each with the LOWER channel number in the HIGH nibble.

use serde::Serialize;

use super::bits::{AlarmFlags, LANES, nibble_lanes};
use crate::memmap::decoded::Spec;
use crate::memmap::view::HalfView;

/// The latched flags of bytes 3-14.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Flags {
    /// Byte 3 bits 7-4: Tx LOS, channel 1 = bit 4.
    pub tx_los: [bool; LANES],
    /// Byte 3 bits 3-0: Rx LOS, channel 1 = bit 0.
    pub rx_los: [bool; LANES],
    /// Byte 4 bits 7-4: Tx adaptive-equalization fault, channel 1 = bit 4.
    pub tx_adapt_eq_fault: [bool; LANES],
    /// Byte 4 bits 3-0: Tx fault, channel 1 = bit 0.
    pub tx_fault: [bool; LANES],
    /// Byte 5 bits 7-4: Tx CDR loss of lock, channel 1 = bit 4 (valid if Page 00h:194 bit 5).
    pub tx_cdr_lol: [bool; LANES],
    /// Byte 5 bits 3-0: Rx CDR loss of lock, channel 1 = bit 0 (valid if Page 00h:194 bit 4).
    pub rx_cdr_lol: [bool; LANES],
    /// Byte 6 bits 7-4: temperature alarms and warnings.
    pub temperature: AlarmFlags,
    /// Byte 6 bit 0: initialization complete (SFF-8636 only; UNCONFIRMED in our reference).
    pub init_complete: Option<bool>,
    /// Byte 7 bits 7-4: supply voltage alarms and warnings.
    pub vcc: AlarmFlags,
    /// Bytes 9-10: Rx power alarms and warnings per channel.
    pub rx_power: [AlarmFlags; LANES],
    /// Bytes 11-12: Tx bias alarms and warnings per channel.
    pub tx_bias: [AlarmFlags; LANES],
    /// Bytes 13-14: Tx power alarms and warnings per channel.
    pub tx_power: [AlarmFlags; LANES],
}

/// Channels 1-4 of a pair of bytes `first`, `first + 1`: channel 1 in bits 7-4 of `first`,
/// channel 2 in bits 3-0 of `first`, channel 3 in bits 7-4 of `first + 1`, channel 4 in bits 3-0.
fn channel_pairs(lower: &HalfView<'_>, first: usize) -> [AlarmFlags; LANES] {
    let (a, b) = (lower.u8(first), lower.u8(first + 1));
    [
        AlarmFlags::from_nibble(a, 7),
        AlarmFlags::from_nibble(a, 3),
        AlarmFlags::from_nibble(b, 7),
        AlarmFlags::from_nibble(b, 3),
    ]
}

impl Flags {
    /// Reads bytes 3-14. Byte 6 bit 0 is reserved in SFF-8436 and not read for it.
    pub fn read(lower: &HalfView<'_>, spec: Spec) -> Self {
        let (los, fault, lol) = (lower.u8(3), lower.u8(4), lower.u8(5));
        Flags {
            tx_los: nibble_lanes(los, 4),
            rx_los: nibble_lanes(los, 0),
            tx_adapt_eq_fault: nibble_lanes(fault, 4),
            tx_fault: nibble_lanes(fault, 0),
            tx_cdr_lol: nibble_lanes(lol, 4),
            rx_cdr_lol: nibble_lanes(lol, 0),
            temperature: AlarmFlags::from_nibble(lower.u8(6), 7),
            init_complete: (spec == Spec::Sff8636).then(|| lower.bit(6, 0)),
            vcc: AlarmFlags::from_nibble(lower.u8(7), 7),
            rx_power: channel_pairs(lower, 9),
            tx_bias: channel_pairs(lower, 11),
            tx_power: channel_pairs(lower, 13),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(bytes: &[(usize, u8)], spec: Spec) -> Flags {
        let mut p = [0u8; 128];
        for &(i, v) in bytes {
            p[i] = v;
        }
        Flags::read(&HalfView::lower(&p), spec)
    }

    #[test]
    fn byte_3_los_tx_high_nibble_rx_low_nibble_channel_1_lowest() {
        // 0x12 = bit 4 (Tx1 LOS) + bit 1 (Rx2 LOS).
        let f = read(&[(3, 0x12)], Spec::Sff8636);
        assert_eq!(f.tx_los, [true, false, false, false]);
        assert_eq!(f.rx_los, [false, true, false, false]);
        // 0x84 = bit 7 (Tx4 LOS) + bit 2 (Rx3 LOS).
        let f = read(&[(3, 0x84)], Spec::Sff8636);
        assert_eq!(f.tx_los, [false, false, false, true]);
        assert_eq!(f.rx_los, [false, false, true, false]);
    }

    #[test]
    fn byte_4_faults_and_byte_5_cdr_lol() {
        // byte 4 = 0x28: bit 5 = Tx2 adaptive-EQ fault, bit 3 = Tx4 fault.
        // byte 5 = 0x41: bit 6 = Tx3 LOL, bit 0 = Rx1 LOL.
        let f = read(&[(4, 0x28), (5, 0x41)], Spec::Sff8636);
        assert_eq!(f.tx_adapt_eq_fault, [false, true, false, false]);
        assert_eq!(f.tx_fault, [false, false, false, true]);
        assert_eq!(f.tx_cdr_lol, [false, false, true, false]);
        assert_eq!(f.rx_cdr_lol, [true, false, false, false]);
    }

    #[test]
    fn bytes_6_7_module_alarms_and_init_complete() {
        // byte 6 = 0x91: bit 7 high alarm, bit 4 low warning, bit 0 init complete.
        // byte 7 = 0x60: bit 6 low alarm, bit 5 high warning.
        let f = read(&[(6, 0x91), (7, 0x60)], Spec::Sff8636);
        assert!(f.temperature.high_alarm && f.temperature.low_warning);
        assert!(!f.temperature.low_alarm && !f.temperature.high_warning);
        assert_eq!(f.init_complete, Some(true));
        assert!(f.vcc.low_alarm && f.vcc.high_warning);
        assert!(!f.vcc.high_alarm && !f.vcc.low_warning);
        // SFF-8436 reserves byte 6 bit 0: not read.
        assert_eq!(read(&[(6, 0x01)], Spec::Sff8436).init_complete, None);
    }

    #[test]
    fn bytes_9_to_14_put_the_lower_channel_in_the_high_nibble() {
        // byte 9 = 0x80: bit 7 = Rx1 high alarm. byte 10 = 0x01: bit 0 = Rx4 low warning.
        // byte 11 = 0x04: bit 2 = bias ch2 low alarm. byte 12 = 0x20: bit 5 = bias ch3 high warning.
        // byte 13 = 0x10: bit 4 = Tx power ch1 low warning. byte 14 = 0x08: bit 3 = ch4 high alarm.
        let f = read(
            &[
                (9, 0x80),
                (10, 0x01),
                (11, 0x04),
                (12, 0x20),
                (13, 0x10),
                (14, 0x08),
            ],
            Spec::Sff8636,
        );
        let only = |flags: &[AlarmFlags; 4]| -> Vec<(usize, Vec<&str>)> {
            flags
                .iter()
                .enumerate()
                .filter(|(_, a)| a.any())
                .map(|(i, a)| (i + 1, a.names().collect()))
                .collect()
        };
        assert_eq!(
            only(&f.rx_power),
            [(1, vec!["high alarm"]), (4, vec!["low warning"])]
        );
        assert_eq!(
            only(&f.tx_bias),
            [(2, vec!["low alarm"]), (3, vec!["high warning"])]
        );
        assert_eq!(
            only(&f.tx_power),
            [(1, vec!["low warning"]), (4, vec!["high alarm"])]
        );
    }
}
