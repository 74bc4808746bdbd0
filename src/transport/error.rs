//! The one error type of the transport layer.

use crate::addr::DeviceAddr;

/// Why a bus transaction failed.
#[derive(Debug, thiserror::Error)]
pub enum TransportError {
    /// The device did not acknowledge (absent, busy after a page change, or unplugged).
    #[error("no acknowledge from device {device} at byte {offset}")]
    Nack {
        /// Device address.
        device: DeviceAddr,
        /// First byte of the transaction.
        offset: u8,
    },
    /// The backend cannot serve this byte range (for an image: the page was never read).
    #[error("{what}")]
    Unavailable {
        /// What is missing, in words.
        what: String,
    },
    /// The write was refused before it reached the bus.
    #[error("write refused: {reason}")]
    WriteRefused {
        /// Why, naming the byte.
        reason: String,
    },
    /// The request does not fit the bus rules (length, crossing a half page).
    #[error("invalid request: {0}")]
    InvalidRequest(String),
    /// An operating-system or device error.
    #[error("{context}: {source}")]
    Io {
        /// What was being done.
        context: String,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
}
