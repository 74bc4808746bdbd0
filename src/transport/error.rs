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
    /// The bus itself failed (arbitration lost, stuck line, adapter error).
    #[error("bus error on device {device} at byte {offset}: {detail}")]
    BusError {
        /// Device address.
        device: DeviceAddr,
        /// First byte of the transaction.
        offset: u8,
        /// What the adapter or driver said.
        detail: String,
    },
    /// No answer within the time allowed.
    #[error("timed out after {ms} ms: {what}")]
    Timeout {
        /// What was waited for.
        what: String,
        /// How long.
        ms: u64,
    },
    /// The bridge, adapter or module went away (port closed, unplugged).
    #[error("disconnected: {0}")]
    Disconnected(String),
    /// A bridge answered with something the protocol does not allow (short reply, garbage).
    #[error("protocol error: {0}")]
    Protocol(String),
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
