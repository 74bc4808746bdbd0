//! What a Firmata firmware's name says about its I2C buffers, hence the longest read it serves.
//!
//! - StandardFirmata (firmata/arduino): replies from `i2cRxData[64]` (address, register, 62
//!   data bytes), but on AVR boards the Wire library's buffer is 32 bytes, so a read of more than
//!   32 returns 32 and StandardFirmata reports "I2C: Too few bytes received" (reference/
//!   protocols.md §1.1; the 32-byte Wire buffer is marked UNCONFIRMED there). Max read 32.
//! - ConfigurableFirmata: `i2cRxData[32]` with index 0 for the register, so at most 31.
//! - Anything else: 31, the conservative rule of reference/protocols.md ("chunk module reads
//!   into ≤ 31-byte requests").
//!
//! Writes: the board buffers `MAX_DATA_BYTES` = 64 sysex payload bytes, of which 2 are address
//! and mode, so (64 − 2) / 2 = 31 bus bytes per write including the register byte: 30 data
//! bytes after the offset.

/// A Firmata firmware family.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flavor {
    /// StandardFirmata and its variants (StandardFirmataPlus, …).
    Standard,
    /// ConfigurableFirmata.
    Configurable,
    /// Any other name.
    Other,
}

impl Flavor {
    /// The family a firmware name (the sketch name from REPORT_FIRMWARE) belongs to.
    pub fn of_name(name: &str) -> Flavor {
        if name.starts_with("ConfigurableFirmata") {
            Flavor::Configurable
        } else if name.starts_with("StandardFirmata") {
            Flavor::Standard
        } else {
            Flavor::Other
        }
    }

    /// Longest I2C read in one request.
    pub fn max_read(self) -> usize {
        match self {
            Flavor::Standard => 32,
            Flavor::Configurable | Flavor::Other => 31,
        }
    }

    /// Longest write after the register byte in one request.
    pub fn max_write(self) -> usize {
        (super::MAX_DATA_BYTES - 2) / 2 - 1
    }
}
