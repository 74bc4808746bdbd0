//! One simulated SCPI (or SCPI-like) dialect per file, each a [`Responder`] over a simulated
//! instrument, answering exactly what the drivers in `instruments::drivers` send.
//!
//! [`Responder`]: super::scpi::Responder

mod common;
pub mod keysight;
pub mod n776x;
pub mod scpi_chamber;
pub mod thermostream;
pub mod thorlabs;
