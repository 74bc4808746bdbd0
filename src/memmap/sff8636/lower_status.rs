//! Lower page bytes 1-2: revision compliance and status (reference/sff-8636.md §1).

use serde::Serialize;

use crate::memmap::view::HalfView;

/// Revision compliance (byte 1) and status (byte 2).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Status {
    /// Byte 1: revision compliance code (see [`revision_name`]).
    pub revision: u8,
    /// Byte 2 bit 2, Flat_mem: 1 = only upper page 00h exists (no paging).
    pub flat_mem: bool,
    /// Byte 2 bit 1: state of the IntL output (as the module reports it).
    pub intl: bool,
    /// Byte 2 bit 0, Data_Not_Ready: 1 = the monitors are not valid yet.
    pub data_not_ready: bool,
}

impl Status {
    /// Reads bytes 1-2 of the lower page.
    pub fn read(lower: &HalfView<'_>) -> Self {
        Status {
            revision: lower.u8(1),
            flat_mem: lower.bit(2, 2),
            intl: lower.bit(2, 1),
            data_not_ready: lower.bit(2, 0),
        }
    }
}

/// The revision-compliance code of byte 1 (reference/sff-8636.md §1, SN), `None` for codes the
/// table does not define.
pub fn revision_name(code: u8) -> Option<&'static str> {
    Some(match code {
        0x00 => "unspecified (SFF-8436)",
        0x01 => "SFF-8436 rev 4.8 or earlier",
        0x02 => "SFF-8436 rev 4.8 or earlier, with SFF-8636 bytes 186-189",
        0x03 => "SFF-8636 rev 1.3 or earlier",
        0x04 => "SFF-8636 rev 1.4",
        0x05 => "SFF-8636 rev 1.5",
        0x06 => "SFF-8636 rev 2.0",
        0x07 => "SFF-8636 rev 2.5, 2.6 or 2.7",
        0x08 => "SFF-8636 rev 2.8, 2.9 or 2.10",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lower(b1: u8, b2: u8) -> [u8; 128] {
        let mut p = [0u8; 128];
        p[1] = b1;
        p[2] = b2;
        p
    }

    #[test]
    fn status_bits_2_1_0_are_flat_mem_intl_data_not_ready() {
        // byte 2 = 0b0000_0100: only bit 2, Flat_mem.
        let p = lower(0x08, 0x04);
        let s = Status::read(&HalfView::lower(&p));
        assert_eq!(s.revision, 0x08);
        assert!(s.flat_mem && !s.intl && !s.data_not_ready);
        // byte 2 = 0b0000_0011: IntL (bit 1) and Data_Not_Ready (bit 0).
        let p = lower(0x03, 0x03);
        let s = Status::read(&HalfView::lower(&p));
        assert!(!s.flat_mem && s.intl && s.data_not_ready);
    }

    #[test]
    fn revision_names_cover_0_to_8_only() {
        assert_eq!(revision_name(0x00), Some("unspecified (SFF-8436)"));
        assert_eq!(revision_name(0x07), Some("SFF-8636 rev 2.5, 2.6 or 2.7"));
        assert_eq!(revision_name(0x08), Some("SFF-8636 rev 2.8, 2.9 or 2.10"));
        assert_eq!(revision_name(0x09), None);
    }
}
