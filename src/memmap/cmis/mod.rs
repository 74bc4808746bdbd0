//! CMIS 4.0-5.3 decoder (QSFP-DD, OSFP, QSFP112, SFP-DD ...): lower memory, pages 00h, 01h, 02h
//! and the banked lane pages 10h/11h (reference/cmis.md, reference/sff-8024.md §5).
//!
//! One file per block of the memory map; [`decode`] (in `decode.rs`) puts them together.

pub mod applications;
mod decode;
pub mod details;
pub mod durations;
pub mod f16;
pub mod lanes;
pub mod lower_controls;
pub mod lower_flags;
pub mod lower_monitors;
pub mod lower_status;
pub mod page00;
pub mod page01;
pub mod page02;
pub mod vdm;

pub use decode::decode;
pub use details::{Bank, Details, LowerMemory};

#[cfg(test)]
mod tests;
