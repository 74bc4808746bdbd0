//! Simulated serial I2C bridge boards (design.md §8 level 3): firmware that reads requests
//! from a byte stream, runs them against modules behind it (any [`Transport`], e.g.
//! [`crate::sim::image_module::ImageModule`]) and writes replies, served on a kernel
//! pseudo-terminal for the real [`crate::transport::serial::SerialTransport`] to open.
//!
//! - [`bus`]: the modules, one on the bus or several behind a PCA954x mux at 0x70.
//! - [`firmata`]: a StandardFirmata board; [`ascii`]: a board of optiqual's line protocol.
//! - [`pace`]: UART line-rate emulation (10 bit times per byte at the configured baud).
//! - [`pty`]: [`serve_pty`] and [`PtyServer`]; [`loopback`]: the same firmware behind an
//!   in-memory link for tests.

pub mod ascii;
pub mod bus;
pub mod firmata;
mod firmware;
pub mod loopback;
pub mod pace;
#[cfg(unix)]
pub mod pty;

#[cfg(test)]
mod tests;

pub use firmware::Firmware;
pub use loopback::LoopbackLink;
#[cfg(unix)]
pub use pty::{PtyServer, serve_pty, serve_pty_with};

use crate::transport::Transport;
use crate::transport::selector::{DEFAULT_BAUD, SerialProtocol};

/// How a simulated board behaves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BoardConfig {
    /// Which protocol it speaks.
    pub protocol: SerialProtocol,
    /// Line rate in baud (for pacing).
    pub baud: u32,
    /// Whether output is paced at the line rate (off: as fast as the pty moves bytes).
    pub pace: bool,
    /// I2C clock the board reports (ASCII `I`).
    pub bus_hz: u32,
}

impl Default for BoardConfig {
    fn default() -> Self {
        BoardConfig {
            protocol: SerialProtocol::Firmata,
            baud: DEFAULT_BAUD,
            pace: true,
            bus_hz: 100_000,
        }
    }
}

/// The firmware of a `config.protocol` board hosting `modules`.
pub fn build(modules: Vec<Box<dyn Transport>>, config: &BoardConfig) -> Box<dyn Firmware> {
    let bus = bus::SimBus::new(modules);
    match config.protocol {
        SerialProtocol::Firmata => Box::new(firmata::FirmataBoard::new(bus)),
        SerialProtocol::Ascii => Box::new(ascii::AsciiBoard::new(bus, config.bus_hz)),
    }
}
