//! Paged access to one module over the bus actor ([`crate::transport::actor`]).
//!
//! - Page and bank select: CMIS writes bank and page together in ONE write to bytes 126-127
//!   when the bank changes (or is unknown), otherwise byte 127 alone (CMIS 5.2 §8.2.15);
//!   SFF-8636 writes byte 127; SFF-8472 never selects A0h and selects A2h upper pages by A2h
//!   byte 127 only when A0h 64.4 says paging is implemented; flat memory is never selected.
//!   A page known to be current is not selected again; the knowledge is dropped after any error.
//! - Reads never cross a half (128-byte) boundary and are split at the longest read allowed:
//!   CMIS 8 bytes unless Page 01h:251 advertises full-page reads, 128 otherwise, both capped
//!   by the backend ([`crate::transport::Capabilities::max_read`]).
//! - Writes pass [`crate::module::write_safety`] first and are split at 8 bytes (SFF-8636: 4).
//! - A select and the accesses behind it go to the bus as one atomic request; NACKs are
//!   retried with back-off inside it ([`RetryPolicy`]); each operation has a timeout.
//! - [`PagedModule::read_ranges`] reads only the bytes asked for: ranges are coalesced within a
//!   page (gaps are read through when that costs fewer bit times) and ordered so that pages
//!   needing no select come first and the others are selected once each, by bank then page.
//!
//! [`RetryPolicy`]: crate::transport::actor::RetryPolicy

mod paged_module;
mod paging;
mod ranges;

#[cfg(test)]
mod tests;

pub use paged_module::PagedModule;
pub use paging::Paging;
pub use ranges::{ByteRange, Piece, RangeData};

pub use crate::transport::actor::BusStats;
