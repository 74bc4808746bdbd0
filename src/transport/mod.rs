//! Transports move bytes to and from a module at a device address and offset; they never
//! interpret them (design.md §2). Page selection is the paged-access layer's job
//! ([`crate::module::paged`]): to a transport, a page select is an ordinary write to byte 126/127.
//!
//! - [`Transport`]: the blocking byte mover every backend implements.
//! - [`actor`]: one task per bus owns the transport; many modules (slots behind a mux) send it
//!   atomic requests (select + access), with retries, timeouts and bus statistics.
//! - [`selector`]: parsing of bus selectors; [`discover`]: what is on this machine.
//! - Backends: [`i2cdev`] here; image-backed and simulated modules live in `sim`.

pub mod actor;
pub mod discover;
mod error;
pub mod ethtool;
pub mod i2cdev;
pub mod optoe;
pub mod selector;
pub mod serial;

pub use error::TransportError;

use crate::addr::DeviceAddr;

/// What a backend can do, so the paged layer can size its transactions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Capabilities {
    /// Longest read the backend (adapter, bridge, driver) accepts in one transaction.
    pub max_read: usize,
    /// Longest write in one transaction.
    pub max_write: usize,
    /// Whether banks other than 0 can be selected.
    pub banks: bool,
    /// Whether the backend selects pages itself and needs no page-select writes at all: the
    /// paged layer then sends none. (The optoe backend says `false`: it takes the paged layer's
    /// select writes as the page to address in its file and never writes them to the module.)
    pub selects_pages: bool,
    /// Bus clock in Hz, for estimating bus time.
    pub bus_hz: u32,
    /// The backend answers from memory and never blocks (simulated and image-backed modules):
    /// the bus actor then calls it inline instead of on the blocking pool.
    pub in_memory: bool,
}

impl Default for Capabilities {
    fn default() -> Self {
        Capabilities {
            max_read: 128,
            max_write: 8,
            banks: true,
            selects_pages: false,
            bus_hz: 400_000,
            in_memory: false,
        }
    }
}

/// A blocking byte mover to one module (or one bus position behind a mux).
///
/// `offset` is the byte number 0-255 of the device address; a read or write never crosses
/// byte 255.
pub trait Transport: Send {
    /// Reads `buf.len()` bytes starting at `offset`.
    fn read(
        &mut self,
        device: DeviceAddr,
        offset: u8,
        buf: &mut [u8],
    ) -> Result<(), TransportError>;

    /// Writes `data` starting at `offset`.
    fn write(&mut self, device: DeviceAddr, offset: u8, data: &[u8]) -> Result<(), TransportError>;

    /// What this backend can do.
    fn capabilities(&self) -> Capabilities {
        Capabilities::default()
    }

    /// A short description for logs and reports, e.g. `"file:fixtures/x.yaml"`.
    fn describe(&self) -> String;
}

/// Checks that `offset..offset+len` stays inside one device address (bytes 0-255).
pub fn check_span(offset: u8, len: usize) -> Result<(), TransportError> {
    if len == 0 || usize::from(offset) + len > 256 {
        return Err(TransportError::InvalidRequest(format!(
            "{len} bytes at byte {offset} do not fit bytes 0-255 of a device address"
        )));
    }
    Ok(())
}
