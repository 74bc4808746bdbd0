//! [`Details`]: everything the CMIS decoder found beyond the common record, and its report blocks.

use serde::Serialize;

use super::lanes::{Page10, Page11};
use super::lower_controls::Controls;
use super::lower_flags::Flags;
use super::lower_monitors::Monitors;
use super::lower_status::Status;
use super::page00::Page00;
use super::page01::Page01;
use super::page02::Page02;
use crate::memmap::sections::Section;

/// The lower memory (bytes 0-127).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LowerMemory {
    /// Bytes 1-3.
    pub status: Status,
    /// Bytes 4-13 and 31-36.
    pub flags: Flags,
    /// Bytes 14-25.
    pub monitors: Monitors,
    /// Bytes 26, 37-41, 85, 126-127.
    pub controls: Controls,
}

/// Pages 10h and 11h of one bank.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Bank {
    /// Bank number (0-3); its lanes are bank × 8 + 1 ..= bank × 8 + 8.
    pub bank: u8,
    /// Lane controls; `None` when the page is not in the image.
    pub page10: Option<Page10>,
    /// Lane status; `None` when the page is not in the image.
    pub page11: Option<Page11>,
}

/// CMIS fields beyond the common record. A page that is not in the image (or does not exist, as
/// for flat memory) is `None`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Details {
    /// Lower memory; `None` only when the image has no lower page.
    pub lower: Option<LowerMemory>,
    /// Page 00h (vendor identity and power are in the common record).
    pub page00: Option<Page00>,
    /// Page 01h.
    pub page01: Option<Page01>,
    /// Page 02h.
    pub page02: Option<Page02>,
    /// Lanes of each bank reported (see [`super::applications::lanes_per_bank`]).
    pub lanes_per_bank: u8,
    /// Banks whose page 10h or 11h is in the image, in bank order.
    pub banks: Vec<Bank>,
    /// Versatile Diagnostics Monitoring (pages 20h-2Fh), when page 20h is in the image.
    pub vdm: Option<super::vdm::Vdm>,
}

impl Details {
    /// Spec-specific report blocks.
    pub fn sections(&self) -> Vec<Section> {
        let mut out = Vec::new();
        if let Some(l) = &self.lower {
            out.push(l.status.section());
            out.push(l.controls.section());
            out.push(l.flags.section());
            out.push(l.monitors.section());
        }
        if let Some(p) = &self.page00 {
            out.push(p.section());
        }
        if let Some(p) = &self.page01 {
            out.extend(p.sections());
        }
        if let Some(p) = &self.page02 {
            out.push(p.section());
        }
        for b in &self.banks {
            if let Some(p) = &b.page10 {
                out.push(p.section(b.bank, self.lanes_per_bank));
            }
            if let Some(p) = &b.page11 {
                out.push(p.section(b.bank, self.lanes_per_bank));
            }
        }
        if let Some(v) = &self.vdm {
            out.extend(v.sections());
        }
        out
    }
}
