//! Module images: the in-memory page store and the file formats (design.md §4.1), parsed and
//! written as pure functions on bytes and text.
//!
//! [`read`] takes any accepted format by content: the flat binary ([`flat`]), `ethtool -m ...
//! hex on` text ([`ethtool_hex`]), i2cdump text ([`i2cdump`]) and the project's YAML ([`yaml`]).
//! Images are written as flat binary ([`flat::write`]) or YAML ([`yaml::write`]).

mod detect;
mod error;
pub mod ethtool_hex;
pub mod flat;
mod hexlines;
pub mod i2cdump;
mod store;
pub mod yaml;

#[cfg(test)]
mod tests;

pub use detect::{ImageFormat, ReadImage, read, sniff_text};
pub use error::{ImageError, TextPos};
pub use store::{HalfPage, ModuleImage};
pub use yaml::YamlImage;
