//! Switch FEC counter sources for the BER soak (issue 5, "Counter sources"): one async trait,
//! [`CounterSource`], and its backends. Parsers are pure and tested on recorded outputs; the
//! I/O around them is thin.
//!
//! - [`sample`]: [`FecCounters`], one reading of a port, and the deltas between two readings.
//! - [`resp`] and [`redis`]: a minimal RESP2 client over a tokio `TcpStream`.
//! - [`sonic`]: SONiC COUNTERS_DB in redis (protocols.md §3.1).
//! - [`runner`]: runs a command locally or over ssh, with a timeout.
//! - [`ethtool_parse`] and [`ethtool`]: `ethtool --json -I --show-fec` and `ethtool -S`
//!   (protocols.md §3.2).
//! - [`json_command`]: any command that prints one JSON object with known keys.
//! - [`vdm`]: a pre-FEC BER the module reports itself (CMIS VDM), as a source.
//!
//! This module sits in the instruments layer (design.md §2): it knows no transport and no
//! module; the only crate module it uses is the pure [`crate::ber`] maths.

pub mod error;
pub mod ethtool;
pub mod ethtool_parse;
pub mod json_command;
pub mod redis;
pub mod resp;
pub mod runner;
pub mod sample;
pub mod sonic;
pub mod vdm;

use std::future::Future;
use std::pin::Pin;

pub use error::CounterError;
pub use sample::{FecCounters, FecDeltas};

/// A boxed, sendable future: what the object-safe async methods of this layer return.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Something that reads the FEC counters of a switch or NIC port.
///
/// Object safe (the runner holds `Arc<dyn CounterSource>`); implement `read` with
/// `Box::pin(async move { … })`.
pub trait CounterSource: Send + Sync {
    /// Read the counters of `port` (a SONiC or Linux interface name such as `Ethernet0`).
    fn read<'a>(&'a self, port: &'a str) -> BoxFuture<'a, Result<FecCounters, CounterError>>;

    /// A short description for reports and errors (`"sonic redis://10.0.0.1:6379/2"`).
    fn describe(&self) -> String;
}
