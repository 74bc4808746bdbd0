//! The `mock:` backend's simulated module: a module with behaviour, not just bytes.
//!
//! A [`SimModule`] is built from a [`ModuleImage`](crate::memmap::image::ModuleImage) (a
//! fixture), [`SimParams`] and a [`Clock`](crate::sim::clock::Clock), and is a blocking
//! [`Transport`](crate::transport::Transport) that never sleeps: state machines, temperature
//! and optics are computed from `clock.now()` at each access (reference/sim-model.md).
//! [`SimHandle`] drives it from outside the bus (ambient, link, pins, faults) and reads the
//! true physical values.
//!
//! Choices where the specs leave room:
//! - An unsupported CMIS or SFF-8636 page select reverts the page select to 0 (CMIS 5.4
//!   §8.2.15, SFF-8636 §6.2.11), so the module then serves page 00h. Segments missing from the
//!   image (e.g. an SFF-8472 A2h page) read as 0x00.
//! - Writes to read-only bytes are acknowledged and ignored; only the writable bits of a byte
//!   change.
//! - An unplugged, deselected (ModSelL) or reset-held module NACKs every transaction.
//! - Only bank 0 of the CMIS lane pages has behaviour; other banks are plain memory.
//!
//! Files: [`params`] (parameters), [`profile`] (facts read from the image), [`physics`],
//! [`dom`] and [`encode`] (what is reported and how it is quantised), [`noise`], [`flags`],
//! [`faults`], [`state`] (per-map behaviour), [`shared`] and [`model`] (the whole), [`handle`], `simulated`
//! (the transport).

pub mod control;
pub mod dom;
pub mod encode;
pub mod faults;
pub mod flags;
pub mod handle;
pub mod model;
pub mod noise;
pub mod params;
pub mod physics;
pub mod profile;
pub mod shared;
mod simulated;
pub mod state;
pub mod window;

#[cfg(test)]
mod tests;

pub use control::SimControl;
pub use dom::{LaneTruth, Truth};
pub use handle::SimHandle;
pub use params::{Fault, SimParams};
pub use physics::Link;
pub use simulated::{SimError, SimModule};
