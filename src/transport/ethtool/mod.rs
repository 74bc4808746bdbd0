//! `ethtool:` backend: a module's memory through the NIC driver, with the kernel's generic
//! netlink request `ETHTOOL_MSG_MODULE_EEPROM_GET` (reference/bus-access.md §1.1, Linux ≥ 5.13).
//!
//! The kernel takes page and bank as request attributes. The paged layer still "selects" pages
//! by writing bytes 127 and 126: this backend keeps those values and never sends them to the
//! module; each read of bytes 128-255 then asks for the kept page/bank. Reads are split so no
//! request crosses byte 128 or exceeds 128 bytes. The kernel offers no module writes, so every
//! other write is refused.
//!
//! - [`wire`]: the request/reply bytes (pure, unit-tested byte by byte).
//! - [`split`]: the kernel's request limits.
//! - [`errors`]: what each errno means.
//! - [`socket`]: the thin live generic-netlink socket.
//! - [`transport`]: the transport, [`EthtoolTransport`].

pub mod errors;
pub mod socket;
pub mod split;
pub mod transport;
pub mod wire;

pub use transport::{EthtoolTransport, Exchange};
pub use wire::{encode_get_request, parse_reply};

#[cfg(test)]
mod tests;
