//! Module memory maps: pure decoders from pages of bytes to typed records, the SFF-8024 code
//! tables, and the module image formats. Nothing here does I/O.

pub mod advertised;
pub mod cmis;
pub mod codes;
pub mod decoded;
mod dispatch;
pub mod image;
pub mod sections;
pub mod sff8472;
pub mod sff8636;
pub mod units;
pub mod view;

pub use decoded::{Decoded, Spec};
pub use dispatch::{DecodeError, decode, spec_of};
pub use image::{HalfPage, ModuleImage};
