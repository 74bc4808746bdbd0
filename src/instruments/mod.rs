//! Lab instruments (design.md §2): traits for chambers, power meters and attenuators, the SCPI
//! client (raw TCP and serial lines) and one driver per dialect. This layer knows nothing of
//! the rest of optiqual: no modules, no plans, no simulated lab.
//!
//! - [`traits`]: [`Chamber`], [`PowerMeter`], [`Attenuator`] (object-safe, boxed futures).
//! - [`error`]: [`InstrumentError`], naming the instrument and its address.
//! - [`address`]: `tcp://host[:port]`, `serial:/dev/ttyX[?baud=N]`, `sim`.
//! - [`scpi`]: links and the client (timeouts on tokio time, error queue, reconnect once).
//! - [`drivers`]: Keysight 816x/N774x, Thorlabs PM100, ThermoStream, generic SCPI chamber,
//!   Keysight N776x.
//! - [`factory`]: [`open_chamber`], [`open_meter`], [`open_attenuator`] by driver name.

pub mod address;
pub mod drivers;
pub mod error;
pub mod factory;
pub mod host;
pub mod scpi;
pub mod traits;

pub use address::Address;
pub use error::{InstrumentError, Origin};
pub use factory::{
    open_attenuator, open_attenuator_with, open_chamber, open_chamber_with, open_meter,
    open_meter_with,
};
pub use traits::{Attenuator, BoxFuture, Chamber, Identity, InstrumentResult, PowerMeter};
