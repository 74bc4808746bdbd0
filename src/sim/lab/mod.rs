//! The simulated lab bench: a chamber, power meters and an attenuator, behind the
//! `instruments` traits in-process ([`inproc`]) and behind their real wire dialects on
//! loopback TCP ([`dialects`] through [`scpi::ScpiServer`]).
//!
//! - [`chamber`]: first-order thermal model with a ramp limit and a never-settles fault;
//!   [`chamber::ChamberHandle`] lets simulated modules feel its temperature.
//! - [`meter`]: a power meter reading a given source plus its own offset and noise.
//! - [`attenuator`]: per-channel attenuation and shutter.
//! - [`scpi`]: header matching and the loopback server with its fault modes.
//! - [`dialects`]: Keysight 816x/N774x, Thorlabs PM100, ThermoStream, generic SCPI chamber,
//!   Keysight N776x.
//! - [`inproc`]: the `sim` drivers, for runs on a paused clock.

pub mod attenuator;
pub mod chamber;
pub mod dialects;
pub mod inproc;
pub mod meter;
pub mod rng;
pub mod scpi;

mod lock;

pub use chamber::{ChamberConfig, ChamberFault, ChamberHandle, SimChamber};
pub use inproc::{SimAttenuatorDriver, SimChamberDriver, SimMeterDriver};
pub use meter::{MeterAccuracy, PowerSource, SimMeter};
