//! Builders that write a [`ModuleImage`](crate::memmap::ModuleImage) by spec field. Pure: no I/O.
//!
//! - [`ImageBuilder`]: raw setters at the byte numbers the specs print, and `finish()`, which
//!   recomputes every checksum of the image's management map ([`checksum`]).
//! - [`convert`]: physical units (°C, V, mA, mW, dBm, dB, BER) to register values, rounded to the
//!   register's quantisation.
//! - [`sff8472`], [`sff8636`], [`cmis`]: spec-aware builders on top of [`ImageBuilder`].
//! - [`common`]: values shared by the spec builders (identity, DOM readings, thresholds).

pub mod checksum;
pub mod cmis;
pub mod common;
pub mod convert;
mod error;
mod image;
pub mod sff8472;
pub mod sff8636;

pub use common::{Identity, LaneDom, ModuleDom, MonitorThresholds, Thresholds};
pub use error::BuildError;
pub use image::ImageBuilder;
