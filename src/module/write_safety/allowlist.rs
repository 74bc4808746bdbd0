//! The allowlist check shared by every spec.

use crate::addr::{DeviceAddr, Half, SegmentId};
use crate::transport::TransportError;

use super::grant::{Grant, Scope};
use super::{Spec, cmis, sff8472, sff8636};

/// Where an allowlist entry applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Area {
    /// Bytes 0-127.
    Lower,
    /// Bytes 128-255 of one page, every bank.
    Page(u8),
    /// Bytes 128-255 of pages `from..=to`, every bank.
    Pages(u8, u8),
}

impl Area {
    fn contains(self, half: Half) -> bool {
        match (self, half) {
            (Area::Lower, Half::Lower) => true,
            (Area::Page(p), Half::Upper(sel)) => sel.page == p,
            (Area::Pages(a, b), Half::Upper(sel)) => (a..=b).contains(&sel.page),
            _ => false,
        }
    }
}

/// One allowlist (or known-refusal) entry: bytes `first..=last` of `area` of `device`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    /// Device address.
    pub device: DeviceAddr,
    /// Half and page.
    pub area: Area,
    /// First byte (spec numbering).
    pub first: u8,
    /// Last byte, inclusive.
    pub last: u8,
    /// Bits that may be written (0xFF: the whole byte). A write setting any other bit is
    /// refused: read-only bits must be written as 0.
    pub bits: u8,
    /// What the bytes are.
    pub what: &'static str,
    /// The spec table or section that defines them.
    pub cite: &'static str,
}

impl Entry {
    fn covers(&self, segment: SegmentId, byte: u8) -> bool {
        segment.device == self.device
            && self.area.contains(segment.half)
            && (self.first..=self.last).contains(&byte)
    }
}

/// One spec's allowlist plus the grants of a plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WriteSafety {
    spec: Spec,
    a2_paging: bool,
    grants: Vec<Grant>,
}

impl WriteSafety {
    /// The allowlist of `spec`; `a2_paging` (SFF-8472 A0h 64.4) allows the A2h page select.
    pub fn new(spec: Spec, a2_paging: bool) -> Self {
        WriteSafety {
            spec,
            a2_paging,
            grants: Vec::new(),
        }
    }

    /// Switches to another spec's allowlist, keeping the grants.
    pub fn set_spec(&mut self, spec: Spec, a2_paging: bool) {
        self.spec = spec;
        self.a2_paging = a2_paging;
    }

    /// The spec whose allowlist applies.
    pub fn spec(&self) -> Spec {
        self.spec
    }

    /// Adds a grant.
    pub fn grant(&mut self, grant: Grant) {
        self.grants.push(grant);
    }

    /// The grants so far.
    pub fn grants(&self) -> &[Grant] {
        &self.grants
    }

    /// The allowlist in force (without grants).
    pub fn allowlist(&self) -> Vec<Entry> {
        match self.spec {
            Spec::Cmis => cmis::ALLOWED.to_vec(),
            Spec::Sff8636 => sff8636::ALLOWED.to_vec(),
            Spec::Sff8472 => {
                let mut v = sff8472::ALLOWED.to_vec();
                if self.a2_paging {
                    v.push(sff8472::PAGE_SELECT);
                }
                v
            }
        }
    }

    fn refusals(&self) -> &'static [Entry] {
        match self.spec {
            Spec::Cmis => cmis::REFUSED,
            Spec::Sff8636 => sff8636::REFUSED,
            Spec::Sff8472 => sff8472::REFUSED,
        }
    }

    /// Checks a write of `data` from byte `first` of `segment`; `Err(WriteRefused)` names the
    /// first refused byte. Nothing is written by this call.
    pub fn check(&self, segment: SegmentId, first: u8, data: &[u8]) -> Result<(), TransportError> {
        let base = segment.base();
        let end = usize::from(first) + data.len();
        if data.is_empty() || usize::from(first) < base || end > base + 128 {
            return Err(TransportError::InvalidRequest(format!(
                "{} bytes from byte {first} do not fit {segment}",
                data.len()
            )));
        }
        let allowed = self.allowlist();
        for (byte, value) in (first..=u8::MAX).zip(data.iter().copied()) {
            if self.grants.iter().any(|g| g.covers(segment, byte)) {
                continue;
            }
            match allowed.iter().find(|e| e.covers(segment, byte)) {
                Some(e) if value & !e.bits == 0 => {}
                Some(e) => return Err(self.refuse_bits(segment, byte, value, e)),
                None => return Err(self.refuse(segment, byte)),
            }
        }
        Ok(())
    }

    fn place(&self, segment: SegmentId, byte: u8) -> String {
        format!("{}: {} byte {byte}", self.spec.name(), where_(segment))
    }

    fn refuse_bits(&self, segment: SegmentId, byte: u8, value: u8, e: &Entry) -> TransportError {
        TransportError::WriteRefused {
            reason: format!(
                "{} ({}, {}): value 0x{value:02X} sets bits outside the writable mask 0x{:02X}; write the read-only bits as 0, or grant `{}` to write the whole byte",
                self.place(segment, byte),
                e.what,
                e.cite,
                e.bits,
                Grant::bytes(segment, byte, byte)
            ),
        }
    }

    fn refuse(&self, segment: SegmentId, byte: u8) -> TransportError {
        let known = self.refusals().iter().find(|e| e.covers(segment, byte));
        let (what, grant) = match known {
            Some(e) => {
                let mut g = Grant::bytes(segment, e.first, e.last);
                if matches!(e.area, Area::Page(_) | Area::Pages(..)) {
                    if let Scope::Page { page, .. } = g.scope {
                        g.scope = Scope::Page { page, bank: None };
                    }
                }
                (format!("{} ({})", e.what, e.cite), g)
            }
            None => (
                "not a documented control byte".to_string(),
                Grant::bytes(segment, byte, byte),
            ),
        };
        TransportError::WriteRefused {
            reason: format!(
                "{} is {what}; refused by default. To allow it, grant `{grant}` in the plan",
                self.place(segment, byte)
            ),
        }
    }
}

fn where_(segment: SegmentId) -> String {
    match segment.half {
        Half::Lower => format!("{} lower", segment.device),
        Half::Upper(sel) => format!("{} {sel}", segment.device),
    }
}
