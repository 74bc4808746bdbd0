//! Drivers: one file per instrument dialect.
//!
//! - [`keysight`]: Keysight 816x / N774x power meters.
//! - [`thorlabs`]: Thorlabs PM100-family power meters.
//! - [`thermostream`]: inTEST ThermoStream forcing systems.
//! - [`scpi_chamber`]: a generic SCPI chamber (`SOUR:TEMP`, `MEAS:TEMP?`).
//! - [`n776x`]: Keysight N776x attenuators.

mod common;
pub mod keysight;
pub mod n776x;
pub mod scpi_chamber;
pub mod thermostream;
pub mod thorlabs;
