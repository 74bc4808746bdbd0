//! Line-based SCPI: links (TCP, serial), reply parsing and the client that drives them.

pub mod client;
pub mod link;
pub mod reply;
pub mod serial;
pub mod tcp;

pub use client::{ClientOptions, ErrorCheck, ScpiClient};
pub use link::{LineLink, LinkError};
