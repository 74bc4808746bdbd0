//! Which bytes select a page, per spec.

use crate::addr::{DeviceAddr, HALF_LEN, Half, PageSel, SegmentId};
use crate::memmap::codes::{self, Family};
use crate::memmap::image::HalfPage;
use crate::memmap::view::HalfView;
use crate::module::write_safety::Spec;
use crate::transport::actor::Op;
use crate::transport::{Capabilities, TransportError};

/// How a module's upper halves are reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Paging {
    /// The management spec.
    pub spec: Spec,
    /// Whether pages are selected: CMIS and SFF-8636 unless flat memory (CMIS byte 2 bit 7,
    /// SFF-8636 byte 2 bit 2); SFF-8472 when A0h 64.4 says A2h is paged.
    pub paged: bool,
}

impl Paging {
    /// A paged CMIS module.
    pub const CMIS: Paging = Paging {
        spec: Spec::Cmis,
        paged: true,
    };
    /// A paged SFF-8636 module.
    pub const SFF8636: Paging = Paging {
        spec: Spec::Sff8636,
        paged: true,
    };

    /// Paging of the module whose lower half (SFF-8472: A0h 0-127) is `lower`. An unknown
    /// identifier is treated as SFF-8636, the most common QSFP layout (as FBOSS does).
    pub fn for_lower(lower: &HalfPage) -> Paging {
        let view = HalfView::lower(lower);
        match codes::family_for_identifier(view.u8(0)) {
            // A0h 64.4 (reference/sff-8472.md §1.1).
            Some(Family::Sff8472) => Paging {
                spec: Spec::Sff8472,
                paged: view.bit(64, 4),
            },
            // CMIS byte 2 bit 7: 1 = flat.
            Some(Family::Cmis) => Paging {
                spec: Spec::Cmis,
                paged: !view.bit(2, 7),
            },
            // SFF-8636 byte 2 bit 2: Flat_mem.
            _ => Paging {
                spec: Spec::Sff8636,
                paged: !view.bit(2, 2),
            },
        }
    }

    /// The longest read the spec allows by default: 8 bytes for CMIS unless Page 01h
    /// advertises more (reference/bus-access.md §1.6), 128 otherwise.
    pub fn default_max_read(self) -> usize {
        match self.spec {
            Spec::Cmis => 8,
            _ => HALF_LEN,
        }
    }

    /// The longest write the spec allows: CMIS 8 bytes (§5.2.2.2), SFF-8636 4 bytes (§5.3.3),
    /// SFF-8472 8 bytes (the usual EEPROM page-write size).
    pub fn max_write(self) -> usize {
        match self.spec {
            Spec::Sff8636 => 4,
            _ => 8,
        }
    }
}

/// The page-select registers of a device as last written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Registers {
    pub device: DeviceAddr,
    pub bank: u8,
    pub page: u8,
}

fn invalid(segment: SegmentId, why: &str) -> TransportError {
    TransportError::InvalidRequest(format!("{segment}: {why}"))
}

/// The select write needed before accessing `segment`, with the registers it leaves, or `None`
/// when the segment is reachable as things are.
pub(crate) fn plan_select(
    paging: Paging,
    caps: Capabilities,
    current: Option<Registers>,
    segment: SegmentId,
) -> Result<Option<(Op, Registers)>, TransportError> {
    let Half::Upper(PageSel { bank, page }) = segment.half else {
        return Ok(None);
    };
    if caps.selects_pages {
        return Ok(None);
    }
    let device = segment.device;
    let select_page = |register_device: DeviceAddr| {
        let regs = Registers {
            device: register_device,
            bank: 0,
            page,
        };
        if current == Some(regs) {
            return None;
        }
        let op = Op::Select {
            device: register_device,
            offset: 127,
            data: vec![page],
        };
        Some((op, regs))
    };
    match paging.spec {
        Spec::Sff8472 => {
            if bank != 0 {
                return Err(invalid(segment, "SFF-8472 has no banks"));
            }
            if device == DeviceAddr::A0 {
                return if page == 0 {
                    Ok(None)
                } else {
                    Err(invalid(segment, "SFF-8472 A0h has no pages"))
                };
            }
            if device != DeviceAddr::A2 {
                return Err(invalid(segment, "SFF-8472 uses A0h and A2h only"));
            }
            if !paging.paged {
                return if page == 0 {
                    Ok(None)
                } else {
                    Err(invalid(segment, "A2h is not paged (A0h 64.4 is clear)"))
                };
            }
            Ok(select_page(DeviceAddr::A2))
        }
        Spec::Sff8636 => {
            if device != DeviceAddr::A0 || bank != 0 {
                return Err(invalid(segment, "SFF-8636 has device 0x50 and no banks"));
            }
            if !paging.paged {
                return if page == 0 {
                    Ok(None)
                } else {
                    Err(invalid(segment, "flat memory has page 00h only"))
                };
            }
            Ok(select_page(DeviceAddr::A0))
        }
        Spec::Cmis => {
            if device != DeviceAddr::A0 {
                return Err(invalid(segment, "CMIS has device 0x50 only"));
            }
            if !paging.paged {
                return if page == 0 && bank == 0 {
                    Ok(None)
                } else {
                    Err(invalid(segment, "flat memory has page 00h only"))
                };
            }
            if bank != 0 && page < 0x10 {
                return Err(invalid(segment, "pages 00h-0Fh are not banked"));
            }
            if bank != 0 && !caps.banks {
                return Err(invalid(segment, "the backend cannot select banks"));
            }
            let regs = Registers { device, bank, page };
            match current {
                Some(c) if c == regs => Ok(None),
                // Same bank register: the page alone.
                Some(c) if c.device == device && c.bank == bank => Ok(Some((
                    Op::Select {
                        device,
                        offset: 127,
                        data: vec![page],
                    },
                    regs,
                ))),
                // Bank changes or is unknown: bank and page in one write (CMIS §8.2.15).
                _ => Ok(Some((
                    Op::Select {
                        device,
                        offset: 126,
                        data: vec![bank, page],
                    },
                    regs,
                ))),
            }
        }
    }
}
