//! `optoe:` backend: a module's memory through the optoe driver's flat sysfs file
//! (`/sys/bus/i2c/devices/N-0050/eeprom`), read and written with positioned I/O
//! (reference/bus-access.md §1.3).
//!
//! The driver selects pages itself. The paged layer still "selects" pages by writing the page
//! register (byte 127, and the CMIS bank register 126): this backend intercepts those writes,
//! remembers the page and never writes them to the file; a later access to bytes 128-255 then
//! goes to that page's place in the file. Bank > 0 is refused (optoe serves bank 0 only).
//!
//! - [`layout`]: the linear map of the file (one address or SFP optoe2).
//! - [`transport`]: [`OptoeTransport`], the [`crate::transport::Transport`] over the file.

pub mod layout;
pub mod transport;

pub use layout::Layout;
pub use transport::OptoeTransport;

#[cfg(test)]
mod tests;
