//! Explicit permissions that extend an allowlist.

use std::fmt;

use crate::addr::{DeviceAddr, Half, SegmentId};

use super::Spec;

/// The half a grant covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Bytes 0-127 of the device.
    Lower,
    /// Bytes 128-255 of `page`, in `bank` or (with `None`) in every bank.
    Page {
        /// Page number.
        page: u8,
        /// Bank, or every bank.
        bank: Option<u8>,
    },
}

/// Permission to write bytes `first..=last` of a device's half that the allowlist refuses, e.g.
/// from a plan: "allow CMIS page 03h bytes 128-255", "allow password entry". A grant covers
/// whole bytes (every bit).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grant {
    /// Device address.
    pub device: DeviceAddr,
    /// Which half.
    pub scope: Scope,
    /// First byte (spec numbering: 0-127 lower, 128-255 upper).
    pub first: u8,
    /// Last byte, inclusive.
    pub last: u8,
}

impl Grant {
    /// Bytes `first..=last` of one segment (exact bank).
    pub fn bytes(segment: SegmentId, first: u8, last: u8) -> Grant {
        let scope = match segment.half {
            Half::Lower => Scope::Lower,
            Half::Upper(sel) => Scope::Page {
                page: sel.page,
                bank: Some(sel.bank),
            },
        };
        Grant {
            device: segment.device,
            scope,
            first,
            last,
        }
    }

    /// Bytes `first..=last` of `page` of device 0x50, every bank.
    pub fn page(page: u8, first: u8, last: u8) -> Grant {
        Grant {
            device: DeviceAddr::A0,
            scope: Scope::Page { page, bank: None },
            first,
            last,
        }
    }

    /// The password-entry bytes: CMIS lower 122-125, SFF-8636 lower 123-126, SFF-8472 A2h
    /// 123-126 (reference/cmis.md §1, sff-8636.md §1; SFF-8472 A2h 123-126 is the vendor
    /// password entry of SFF-8472 Table 4-2, not confirmed in reference/sff-8472.md).
    pub fn password_entry(spec: Spec) -> Grant {
        let (device, first, last) = match spec {
            Spec::Cmis => (DeviceAddr::A0, 122, 125),
            Spec::Sff8636 => (DeviceAddr::A0, 123, 126),
            Spec::Sff8472 => (DeviceAddr::A2, 123, 126),
        };
        Grant {
            device,
            scope: Scope::Lower,
            first,
            last,
        }
    }

    /// The password-change bytes: CMIS lower 118-121, SFF-8636 lower 119-122.
    /// SFF-8472 has none; its grant is the password entry.
    pub fn password_change(spec: Spec) -> Grant {
        match spec {
            Spec::Cmis => Grant {
                device: DeviceAddr::A0,
                scope: Scope::Lower,
                first: 118,
                last: 121,
            },
            Spec::Sff8636 => Grant {
                device: DeviceAddr::A0,
                scope: Scope::Lower,
                first: 119,
                last: 122,
            },
            Spec::Sff8472 => Grant::password_entry(Spec::Sff8472),
        }
    }

    /// Whether this grant covers `byte` of `segment`.
    pub fn covers(&self, segment: SegmentId, byte: u8) -> bool {
        if segment.device != self.device || byte < self.first || byte > self.last {
            return false;
        }
        match (self.scope, segment.half) {
            (Scope::Lower, Half::Lower) => true,
            (Scope::Page { page, bank }, Half::Upper(sel)) => {
                sel.page == page && bank.is_none_or(|b| b == sel.bank)
            }
            _ => false,
        }
    }
}

impl fmt::Display for Grant {
    /// The grant as a plan would write it, e.g. `A0h page 03h bytes 128-255`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ", self.device)?;
        match self.scope {
            Scope::Lower => write!(f, "lower")?,
            Scope::Page { page, bank: None } => write!(f, "page {page:02X}h")?,
            Scope::Page {
                page,
                bank: Some(b),
            } => write!(f, "bank {b} page {page:02X}h")?,
        }
        if self.first == self.last {
            write!(f, " byte {}", self.first)
        } else {
            write!(f, " bytes {}-{}", self.first, self.last)
        }
    }
}
