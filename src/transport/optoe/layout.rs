//! The optoe driver's linear map (reference/bus-access.md §1.3, `optoe_translate_offset`).
//!
//! - One address (`optoe1` QSFP, `optoe3` CMIS): 0-127 is the lower half; upper page N is at
//!   `128 + N*128`; 32,896 bytes in all.
//! - SFP (`optoe2`): A0h bytes 0-255 at 0-255, A2h lower at 256-383, A2h upper page N at
//!   `384 + N*128`; 33,152 bytes in all.

use crate::addr::{DeviceAddr, HALF_LEN};
use crate::memmap::codes::{self, Family};

/// Which linear map a file uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// QSFP / CMIS: device 0x50 only, 128-byte pages.
    OneAddress,
    /// SFP (SFF-8472): 0x50 and 0x51 in one file.
    Sfp,
}

impl Layout {
    /// The layout for identifier byte 0: SFF-8472 identifiers (0x02, 0x03, 0x0B) are SFP,
    /// everything else one address (as the flat image format does).
    pub fn for_identifier(id: u8) -> Layout {
        if codes::family_for_identifier(id) == Some(Family::Sff8472) {
            Layout::Sfp
        } else {
            Layout::OneAddress
        }
    }

    /// The device whose byte 127 is the page register (and, for one address, 126 the bank).
    pub fn paged_device(self) -> DeviceAddr {
        match self {
            Layout::OneAddress => DeviceAddr::A0,
            Layout::Sfp => DeviceAddr::A2,
        }
    }

    /// Whether this layout has a bank register at byte 126 of its paged device (CMIS).
    pub fn has_bank_register(self) -> bool {
        self == Layout::OneAddress
    }

    /// The file offset of byte `offset` (0-255) of `device` with upper page `page` selected, or
    /// `None` when the layout has no such device.
    pub fn linear(self, device: DeviceAddr, page: u8, offset: u8) -> Option<u64> {
        let offset = u64::from(offset);
        let half = HALF_LEN as u64;
        let upper = offset >= half;
        let page = u64::from(page);
        match (self, device) {
            // Lower at 0; upper page N at 128 + N*128 + (offset - 128) = N*128 + offset.
            (Layout::OneAddress, DeviceAddr::A0) if upper => Some(page * half + offset),
            (Layout::OneAddress, DeviceAddr::A0) => Some(offset),
            // A0h has no pages in optoe2: 0-255 as is.
            (Layout::Sfp, DeviceAddr::A0) => Some(offset),
            // A2h upper page N at 384 + N*128 + (offset - 128) = 256 + N*128 + offset.
            (Layout::Sfp, DeviceAddr::A2) if upper => Some(2 * half + page * half + offset),
            // A2h lower at 256 + offset.
            (Layout::Sfp, DeviceAddr::A2) => Some(2 * half + offset),
            _ => None,
        }
    }

    /// Size of a complete file of this layout.
    pub fn full_size(self) -> u64 {
        match self {
            Layout::OneAddress => 32_896,
            Layout::Sfp => 33_152,
        }
    }
}
