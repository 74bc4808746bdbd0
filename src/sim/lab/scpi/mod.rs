//! The SCPI side of the simulated lab: header matching, argument parsing and the loopback
//! TCP server that every simulated dialect plugs into.

pub mod header;
pub mod number;
pub mod server;

pub use server::{Answer, Command, Responder, ScpiServer, ServerFault};
