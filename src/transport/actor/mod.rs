//! The per-bus actor (design.md §2, §6): one task owns a bus's [`Transport`], every module on
//! that bus talks to it through a cloneable [`BusHandle`], and each [`Request`] runs as one
//! atomic sequence of operations, so two modules sharing a bus (slots behind one mux) never
//! interleave a page select with another module's access.
//!
//! - Blocking transport calls run on tokio's blocking pool (`spawn_blocking`), one call at a
//!   time; the transport travels into the call and back, so nothing else can touch it meanwhile.
//! - Every call has a timeout ([`BusConfig::op_timeout`]). A call still stuck after it yields
//!   [`TransportError::Timeout`] to its caller and marks the bus **unhealthy**: the transport is
//!   left with the stuck call and every later request fails at once with
//!   [`TransportError::Disconnected`] naming the bus and the first timeout. Reopen the bus (spawn
//!   a new actor) to recover.
//! - NACK and bus errors are retried with exponential back-off ([`RetryPolicy`]) inside the
//!   request, while the bus is still held, so a module busy after a page change (CMIS tBPC)
//!   is retried before any other module gets the bus. Every attempt is counted in [`BusStats`].
//! - Each handle may carry a context prelude (e.g. a mux channel select): it runs before the
//!   request whenever the previous request on the bus came from another context.
//! - The actor stops when every handle is dropped, or when the shutdown broadcast given to
//!   [`spawn_with_shutdown`] fires; later requests fail with `Disconnected`.
//!
//! [`Transport`]: crate::transport::Transport
//! [`TransportError::Timeout`]: crate::transport::TransportError::Timeout
//! [`TransportError::Disconnected`]: crate::transport::TransportError::Disconnected

mod bus;
mod op;
pub mod script;
mod stats;

#[cfg(test)]
mod tests;

pub use bus::{BusConfig, BusHandle, spawn, spawn_with_shutdown};
pub use op::{Op, Outcome, Request, RetryPolicy};
pub use stats::{BusStats, read_bits, write_bits};
