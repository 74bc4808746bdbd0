//! Write safety (design.md §7): every write the paged layer sends is checked here first, byte by
//! byte, against one allowlist per spec: the page and bank select bytes, the documented control
//! bytes, the diagnostics controls, nothing else. Passwords, user/vendor pages, serial-ID and
//! calibration bytes are refused unless a [`Grant`] (from a plan) allows them explicitly. A
//! refused write never reaches the bus; its error names the spec, the device, the page, the byte
//! and the grant that would allow it.

mod allowlist;
mod cmis;
mod grant;
mod sff8472;
mod sff8636;

#[cfg(test)]
mod tests;

pub use allowlist::{Area, Entry, WriteSafety};
pub use grant::{Grant, Scope};

/// Which management spec a module follows, for its write allowlist.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
pub enum Spec {
    /// SFF-8472 (SFP): A0h and A2h.
    Sff8472,
    /// SFF-8636 / SFF-8436 (QSFP+, QSFP28).
    Sff8636,
    /// CMIS (QSFP-DD, OSFP, ...).
    Cmis,
}

impl Spec {
    /// The spec's name for messages.
    pub fn name(self) -> &'static str {
        match self {
            Spec::Sff8472 => "SFF-8472",
            Spec::Sff8636 => "SFF-8636",
            Spec::Cmis => "CMIS",
        }
    }
}
