//! optiqual's ASCII line protocol for evaluation boards (docs/serial-ascii-protocol.md), as pure
//! functions over bytes.
//!
//! - [`line`]: splits a byte stream into lines (LF ends a line, CR is ignored, bounded length).
//! - [`command`]: host-to-board commands (`I`, `R`, `W`) with their optional `#TT` tag.
//! - [`response`]: board-to-host replies (`OK`, `NACK`, `ERR`) and the identity record.
//! - [`hex`]: the hex helpers both use.

pub mod command;
pub mod hex;
pub mod line;
pub mod response;

#[cfg(test)]
mod tests;

pub use command::{Command, parse_command};
pub use line::{Line, LineSplitter};
pub use response::{ErrCode, Identity, Response, parse_response};

/// Protocol name and version in the identity reply.
pub const PROTOCOL: &str = "oqi2c/1";
/// Longest line either side sends or accepts, terminator excluded.
pub const MAX_LINE: usize = 300;
/// Upper bound of `max_read` any board may advertise (keeps a reply line within [`MAX_LINE`]).
pub const MAX_READ_LIMIT: usize = 128;
/// Upper bound of `max_write` any board may advertise.
pub const MAX_WRITE_LIMIT: usize = 64;

/// Why a line is not a valid command or reply.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AsciiError {
    /// The line is empty after the tag.
    #[error("empty line")]
    Empty,
    /// A byte outside printable ASCII.
    #[error("byte 0x{value:02x} at column {column} is not printable ASCII")]
    NotPrintable {
        /// Column (0-based).
        column: usize,
        /// The byte.
        value: u8,
    },
    /// The tag is not `#` and two hex digits followed by a space.
    #[error("bad tag `{0}`: write # and two hex digits, then a space")]
    BadTag(String),
    /// The first word is not a known command or reply.
    #[error("unknown {kind} `{word}`")]
    Unknown {
        /// "command" or "reply".
        kind: &'static str,
        /// The word.
        word: String,
    },
    /// An argument is missing, extra, not hex or out of range.
    #[error("{0}")]
    BadArgument(String),
    /// A length or value exceeds the protocol's limits.
    #[error("{0}")]
    OutOfRange(String),
}

impl AsciiError {
    /// The `ERR` code a board answers this error with.
    pub fn code(&self) -> ErrCode {
        match self {
            AsciiError::Unknown { .. } => ErrCode::UnknownCommand,
            AsciiError::OutOfRange(_) => ErrCode::Length,
            _ => ErrCode::BadArgument,
        }
    }
}
