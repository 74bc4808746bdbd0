//! Module images: the in-memory page store and the file formats (design.md §4.1), parsed and
//! written as pure functions on bytes and text.

pub mod flat;
mod store;

pub use store::{HalfPage, ModuleImage};
