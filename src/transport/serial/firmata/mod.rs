//! Firmata's I2C messages (reference/protocols.md §1.1; firmata/protocol `i2c.md`, `protocol.md`),
//! as pure functions over bytes: nothing here touches a port.
//!
//! - [`seven_bit`]: the 7-bit LSB/MSB split every value travels in.
//! - [`message`]: every message optiqual sends or understands, with its encoder and decoder.
//! - [`parser`]: a byte-stream parser that frames messages and skips garbage (resync).
//! - [`flavor`]: what the firmware's name says about its I2C buffer (the `max_read` capability).

pub mod flavor;
pub mod message;
pub mod parser;
pub mod seven_bit;

#[cfg(test)]
mod tests;

pub use flavor::Flavor;
pub use message::{Capability, I2cAction, I2cReply, I2cRequest, Message};
pub use parser::{Direction, Event, Parser};

/// START_SYSEX: opens a sysex frame.
pub const START_SYSEX: u8 = 0xF0;
/// END_SYSEX: closes a sysex frame.
pub const END_SYSEX: u8 = 0xF7;
/// REPORT_VERSION: alone a query (host to board); with two data bytes the protocol version.
pub const REPORT_VERSION: u8 = 0xF9;
/// SYSTEM_RESET.
pub const SYSTEM_RESET: u8 = 0xFF;
/// Sysex REPORT_FIRMWARE: query (empty) and reply (version and name).
pub const REPORT_FIRMWARE: u8 = 0x79;
/// Sysex CAPABILITY_QUERY.
pub const CAPABILITY_QUERY: u8 = 0x6B;
/// Sysex CAPABILITY_RESPONSE.
pub const CAPABILITY_RESPONSE: u8 = 0x6C;
/// Sysex STRING_DATA: text, two 7-bit bytes per character (errors such as "I2C: Too few bytes
/// received").
pub const STRING_DATA: u8 = 0x71;
/// Sysex I2C_REQUEST.
pub const I2C_REQUEST: u8 = 0x76;
/// Sysex I2C_REPLY.
pub const I2C_REPLY: u8 = 0x77;
/// Sysex I2C_CONFIG.
pub const I2C_CONFIG: u8 = 0x78;
/// Pin mode I2C in a capability response (resolution 1).
pub const PIN_MODE_I2C: u8 = 0x06;
/// Ends one pin's list in a capability response.
pub const CAPABILITY_PIN_END: u8 = 0x7F;
/// `MAX_DATA_BYTES` of StandardFirmata and ConfigurableFirmata: the sysex payload the board
/// buffers (command byte excluded). A longer request is not understood.
pub const MAX_DATA_BYTES: usize = 64;
/// The text StandardFirmata sends when a read returned fewer bytes than asked (an address NACK
/// returns none).
pub const TOO_FEW_BYTES: &str = "I2C: Too few bytes received";
/// The text StandardFirmata sends when the bus returned more bytes than asked.
pub const TOO_MANY_BYTES: &str = "I2C: Too many bytes received";
/// The text both firmwares send for a 10-bit address.
pub const TEN_BIT_UNSUPPORTED: &str = "10-bit addressing not supported";

/// Why bytes are not a valid Firmata message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FirmataError {
    /// A byte inside a sysex frame has bit 7 set.
    #[error("byte {index} of the sysex payload is 0x{value:02x}, not a 7-bit data byte")]
    NotSevenBit {
        /// Position in the payload.
        index: usize,
        /// The byte.
        value: u8,
    },
    /// LSB/MSB pairs cut short.
    #[error("{len} payload bytes cannot be LSB/MSB pairs")]
    OddPairs {
        /// Payload length.
        len: usize,
    },
    /// A pair decodes to more than 8 bits.
    #[error("pair {index} decodes to {value}, more than one byte")]
    PairTooWide {
        /// Pair number.
        index: usize,
        /// Decoded value.
        value: u16,
    },
    /// The message is shorter or longer than its command allows.
    #[error("{what}")]
    Malformed {
        /// What is wrong, in words.
        what: String,
    },
    /// A value does not fit the field it must travel in.
    #[error("{what}")]
    OutOfRange {
        /// Which value, in words.
        what: String,
    },
}
