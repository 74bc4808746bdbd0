//! Serial I2C bridges (design.md §4.5 `serial:PROTOCOL:/dev/ttyX?baud=N`).
//!
//! The protocols are pure code over bytes, kept apart from the port: [`firmata`] (Firmata's I2C
//! sysex messages) and [`ascii`] (optiqual's line protocol, docs/serial-ascii-protocol.md).

pub mod ascii;
pub mod firmata;
pub mod link;

mod driver;

pub use driver::{Options, SerialTransport};
#[cfg(unix)]
pub use driver::{open, open_with};
pub use link::{LinkStats, SerialLink};
