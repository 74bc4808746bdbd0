//! Power class from Page 00h:129 and its maximum power (reference/sff-8636.md §2, "Power
//! classes"; values from SN).

use crate::memmap::decoded::Spec;

/// The power class (1-8) declared by the extended identifier, Page 00h:129.
///
/// SFF-8636: bit 5 set = class 8; else bits 1-0 = 01/10/11 are classes 5/6/7; else bits 7-6
/// = 00/01/10/11 are classes 1-4. SFF-8436 reserves bits 5 and 1-0, so only bits 7-6 count.
pub fn class(ext_identifier: u8, spec: Spec) -> u8 {
    let legacy = (ext_identifier >> 6) + 1;
    if spec != Spec::Sff8636 {
        return legacy;
    }
    if ext_identifier & 0x20 != 0 {
        8
    } else {
        match ext_identifier & 0x03 {
            0 => legacy,
            high => 4 + high,
        }
    }
}

/// Maximum power of classes 1-7 in W; class 8 declares its own in lower byte 107, passed as
/// `class8_w`. (ET prints class 2 as 1.5 W; SFF-8636 says 2.0 W.)
pub fn max_w(class: u8, class8_w: Option<f64>) -> Option<f64> {
    match class {
        1 => Some(1.5),
        2 => Some(2.0),
        3 => Some(2.5),
        4 => Some(3.5),
        5 => Some(4.0),
        6 => Some(4.5),
        7 => Some(5.0),
        8 => class8_w,
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_1_to_4_from_bits_7_6() {
        // 129 = 0x00 / 0x40 / 0x80 / 0xC0: bits 7-6 = 00 / 01 / 10 / 11.
        let got: Vec<_> = [0x00, 0x40, 0x80, 0xC0]
            .iter()
            .map(|b| class(*b, Spec::Sff8636))
            .collect();
        assert_eq!(got, [1, 2, 3, 4]);
        let w: Vec<_> = got.iter().map(|c| max_w(*c, None)).collect();
        assert_eq!(w, [Some(1.5), Some(2.0), Some(2.5), Some(3.5)]);
    }

    #[test]
    fn classes_5_to_7_from_bits_1_0() {
        // 129 = 0xC1 / 0xC2 / 0xC3: bits 7-6 = 11, bits 1-0 = 01 / 10 / 11.
        let got: Vec<_> = [0xC1, 0xC2, 0xC3]
            .iter()
            .map(|b| class(*b, Spec::Sff8636))
            .collect();
        assert_eq!(got, [5, 6, 7]);
        let w: Vec<_> = got.iter().map(|c| max_w(*c, None)).collect();
        assert_eq!(w, [Some(4.0), Some(4.5), Some(5.0)]);
    }

    #[test]
    fn class_8_from_bit_5_with_power_from_byte_107() {
        // 129 = 0xE3: bit 5 wins over bits 1-0; byte 107 = 0x50 = 80 × 0.1 W = 8.0 W.
        assert_eq!(class(0xE3, Spec::Sff8636), 8);
        assert_eq!(class(0x20, Spec::Sff8636), 8);
        assert_eq!(max_w(8, Some(8.0)), Some(8.0));
        assert_eq!(max_w(8, None), None);
    }

    #[test]
    fn sff8436_ignores_the_bits_it_reserves() {
        // 0x63: bits 7-6 = 01 (class 2); bit 5 and bits 1-0 are reserved in SFF-8436.
        assert_eq!(class(0x63, Spec::Sff8436), 2);
        assert_eq!(class(0x63, Spec::Sff8636), 8);
    }
}
