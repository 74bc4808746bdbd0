//! Addresses in a module's management memory: the I2C device address, the bank and page
//! that select an upper half, and which 128-byte half a byte lives in.
//!
//! This is the leaf of the crate: it knows nothing of decoding, transports or plans.

use std::fmt;

/// 7-bit I2C device address of a module's management interface.
///
/// SFF-8472 uses two: 0x50 (A0h, serial ID) and 0x51 (A2h, diagnostics). SFF-8636 and CMIS
/// use 0x50 only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DeviceAddr(pub u8);

impl DeviceAddr {
    /// 0x50: SFF-8472 A0h, and the only address of SFF-8636 and CMIS modules.
    pub const A0: DeviceAddr = DeviceAddr(0x50);
    /// 0x51: SFF-8472 A2h (diagnostics).
    pub const A2: DeviceAddr = DeviceAddr(0x51);
}

impl fmt::Display for DeviceAddr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            DeviceAddr::A0 => write!(f, "A0h"),
            DeviceAddr::A2 => write!(f, "A2h"),
            DeviceAddr(other) => write!(f, "0x{other:02x}"),
        }
    }
}

/// The bank and page that select the upper half (bytes 128-255) of a device address.
///
/// CMIS: byte 126 = bank, byte 127 = page; banks apply to pages 10h-2Fh only.
/// SFF-8636 and SFF-8472 A2h: byte 127 = page, bank is always 0.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PageSel {
    /// Bank number (0 unless the module advertises more banks).
    pub bank: u8,
    /// Page number.
    pub page: u8,
}

impl PageSel {
    /// Page `page` of bank 0.
    pub const fn page(page: u8) -> Self {
        PageSel { bank: 0, page }
    }

    /// Page `page` of bank `bank`.
    pub const fn banked(bank: u8, page: u8) -> Self {
        PageSel { bank, page }
    }
}

impl fmt::Display for PageSel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.bank == 0 {
            write!(f, "page {:02X}h", self.page)
        } else {
            write!(f, "bank {} page {:02X}h", self.bank, self.page)
        }
    }
}

/// Which 128-byte half of a device address: the lower half (bytes 0-127, always visible) or an
/// upper half (bytes 128-255) selected by bank and page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Half {
    /// Bytes 0-127.
    Lower,
    /// Bytes 128-255 of the given page.
    Upper(PageSel),
}

/// One 128-byte segment of a module's memory: a device address and a half.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SegmentId {
    /// I2C device address.
    pub device: DeviceAddr,
    /// Lower half or selected upper page.
    pub half: Half,
}

impl SegmentId {
    /// The lower half of device 0x50.
    pub const LOWER: SegmentId = SegmentId {
        device: DeviceAddr::A0,
        half: Half::Lower,
    };

    /// Upper page `page` (bank 0) of device 0x50.
    pub const fn upper(page: u8) -> Self {
        SegmentId {
            device: DeviceAddr::A0,
            half: Half::Upper(PageSel::page(page)),
        }
    }

    /// Upper page `page` of bank `bank` of device 0x50.
    pub const fn banked(bank: u8, page: u8) -> Self {
        SegmentId {
            device: DeviceAddr::A0,
            half: Half::Upper(PageSel::banked(bank, page)),
        }
    }

    /// The lower half of SFF-8472 A2h (device 0x51).
    pub const A2_LOWER: SegmentId = SegmentId {
        device: DeviceAddr::A2,
        half: Half::Lower,
    };

    /// Upper page `page` of SFF-8472 A2h (device 0x51).
    pub const fn a2_upper(page: u8) -> Self {
        SegmentId {
            device: DeviceAddr::A2,
            half: Half::Upper(PageSel::page(page)),
        }
    }

    /// The spec byte number of the first byte of this segment: 0 for a lower half, 128 for an
    /// upper half.
    pub const fn base(&self) -> usize {
        match self.half {
            Half::Lower => 0,
            Half::Upper(_) => 128,
        }
    }
}

impl fmt::Display for SegmentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.half {
            Half::Lower => write!(f, "{} lower (bytes 0-127)", self.device),
            Half::Upper(sel) => write!(f, "{} {sel}", self.device),
        }
    }
}

/// Bytes in one half.
pub const HALF_LEN: usize = 128;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_order_lower_first_then_pages_then_banks() {
        let mut v = vec![
            SegmentId::banked(1, 0x10),
            SegmentId::upper(0x11),
            SegmentId::A2_LOWER,
            SegmentId::LOWER,
            SegmentId::upper(0),
        ];
        v.sort();
        assert_eq!(
            v,
            vec![
                SegmentId::LOWER,
                SegmentId::upper(0),
                SegmentId::upper(0x11),
                SegmentId::banked(1, 0x10),
                SegmentId::A2_LOWER,
            ]
        );
    }

    #[test]
    fn display_names_device_bank_and_page() {
        assert_eq!(
            SegmentId::banked(1, 0x11).to_string(),
            "A0h bank 1 page 11h"
        );
        assert_eq!(SegmentId::A2_LOWER.to_string(), "A2h lower (bytes 0-127)");
        assert_eq!(SegmentId::upper(2).base(), 128);
    }
}
