//! Small building blocks shared by the SFF-8636 registers: per-channel bit nibbles, the
//! alarm/warning flag quadruple, and bytes whose bits each carry a name from a spec table.

use serde::ser::{Serialize, SerializeStruct, Serializer};

/// Channels per QSFP module (SFF-8636 §6: four Tx and four Rx lanes).
pub const LANES: usize = 4;

/// The four channel bits of a nibble, channel 1 first.
///
/// SFF-8636 puts channel 1 in the lowest bit of its nibble in every 4-lane register (bytes 3-5,
/// 86, 98, 100-102): `lo` is the bit number of channel 1 (0 for bits 3-0, 4 for bits 7-4).
pub fn nibble_lanes(byte: u8, lo: u8) -> [bool; LANES] {
    [0u8, 1, 2, 3].map(|ch| byte & (1 << (lo + ch)) != 0)
}

/// The four 2-bit fields of a byte, channel 1 in bits 1-0 and channel 4 in bits 7-6
/// (SFF-8636 bytes 87 and 88, rate select).
pub fn pair_lanes(byte: u8) -> [u8; LANES] {
    [0u8, 1, 2, 3].map(|ch| (byte >> (2 * ch)) & 0b11)
}

/// High/low alarm and warning flags (or masks) of one monitor.
///
/// Layout inside a nibble, high bit first: high alarm, low alarm, high warning, low warning
/// (SFF-8636 bytes 6, 7, 9-14, 103, 104).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct AlarmFlags {
    /// High alarm.
    pub high_alarm: bool,
    /// Low alarm.
    pub low_alarm: bool,
    /// High warning.
    pub high_warning: bool,
    /// Low warning.
    pub low_warning: bool,
}

impl AlarmFlags {
    /// The nibble whose highest bit is `hi` (7 for bits 7-4, 3 for bits 3-0).
    pub fn from_nibble(byte: u8, hi: u8) -> Self {
        let bit = |n: u8| byte & (1 << n) != 0;
        AlarmFlags {
            high_alarm: bit(hi),
            low_alarm: bit(hi - 1),
            high_warning: bit(hi - 2),
            low_warning: bit(hi - 3),
        }
    }

    /// Whether any of the four is set.
    pub fn any(&self) -> bool {
        self.high_alarm || self.low_alarm || self.high_warning || self.low_warning
    }

    /// The names of the flags that are set, for the report.
    pub fn names(&self) -> impl Iterator<Item = &'static str> {
        [
            (self.high_alarm, "high alarm"),
            (self.low_alarm, "low alarm"),
            (self.high_warning, "high warning"),
            (self.low_warning, "low warning"),
        ]
        .into_iter()
        .filter_map(|(set, name)| set.then_some(name))
    }
}

/// A spec table naming some bits of a byte: `(bit number, name)`.
pub type BitTable = [(u8, &'static str)];

/// A byte whose bits are named by a spec table. Serialized as `{raw, names: [...]}`; bits the
/// table does not name (reserved) stay visible in `raw` only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NamedBits {
    /// The byte as read.
    pub raw: u8,
    table: &'static BitTable,
}

impl NamedBits {
    /// `raw` read against `table`.
    pub fn new(raw: u8, table: &'static BitTable) -> Self {
        NamedBits { raw, table }
    }

    /// Whether bit `bit` is set.
    pub fn is_set(&self, bit: u8) -> bool {
        self.raw & (1 << bit) != 0
    }

    /// The names of the set bits the table knows, highest bit first (table order).
    pub fn names(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.table
            .iter()
            .filter(|(bit, _)| self.is_set(*bit))
            .map(|(_, name)| *name)
    }
}

impl Serialize for NamedBits {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        struct Names<'a>(&'a NamedBits);
        impl Serialize for Names<'_> {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_seq(self.0.names())
            }
        }
        let mut s = serializer.serialize_struct("NamedBits", 2)?;
        s.serialize_field("raw", &self.raw)?;
        s.serialize_field("names", &Names(self))?;
        s.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nibble_lanes_put_channel_one_in_the_lowest_bit() {
        // 0b0010_0001: bit 0 (ch1 of bits 3-0) and bit 5 (ch2 of bits 7-4).
        assert_eq!(nibble_lanes(0x21, 0), [true, false, false, false]);
        assert_eq!(nibble_lanes(0x21, 4), [false, true, false, false]);
        // 0x88: bit 3 = ch4 of the low nibble, bit 7 = ch4 of the high nibble.
        assert_eq!(nibble_lanes(0x88, 0), [false, false, false, true]);
        assert_eq!(nibble_lanes(0x88, 4), [false, false, false, true]);
    }

    #[test]
    fn pair_lanes_put_channel_one_in_bits_1_0() {
        // 0b11_10_01_00: ch4 = 3, ch3 = 2, ch2 = 1, ch1 = 0.
        assert_eq!(pair_lanes(0b1110_0100), [0, 1, 2, 3]);
    }

    #[test]
    fn alarm_nibbles_are_ha_la_hw_lw_from_the_top() {
        // 0xA0 = 1010 in bits 7-4: high alarm and high warning.
        let f = AlarmFlags::from_nibble(0xA0, 7);
        assert!(f.high_alarm && !f.low_alarm && f.high_warning && !f.low_warning);
        // 0x05 = 0101 in bits 3-0: low alarm and low warning.
        let f = AlarmFlags::from_nibble(0x05, 3);
        assert!(!f.high_alarm && f.low_alarm && !f.high_warning && f.low_warning);
        assert_eq!(f.names().collect::<Vec<_>>(), ["low alarm", "low warning"]);
        assert!(!AlarmFlags::from_nibble(0x0F, 7).any());
    }

    #[test]
    fn named_bits_serialize_raw_and_names() {
        static T: &BitTable = &[(7, "seven"), (0, "zero")];
        let b = NamedBits::new(0x83, T);
        // bit 1 is set but unnamed: visible in raw only.
        assert_eq!(b.names().collect::<Vec<_>>(), ["seven", "zero"]);
        let json = serde_json::to_string(&b).unwrap_or_default();
        assert_eq!(json, r#"{"raw":131,"names":["seven","zero"]}"#);
    }
}
