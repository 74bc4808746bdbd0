//! [`BuildError`]: why a builder could not write what it was asked to.

use crate::addr::SegmentId;

/// A field the builder could not write as asked. Builders never panic: they record the problem,
/// skip the write, and `finish()` returns the first problem recorded.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum BuildError {
    /// A byte number outside the segment (0-127 for a lower half, 128-255 for an upper page).
    #[error("byte {offset} is outside {segment}")]
    OffsetOutOfRange {
        /// The segment written.
        segment: SegmentId,
        /// The spec byte number asked for.
        offset: usize,
    },
    /// A physical value that the register cannot hold (or that is not a number).
    #[error("{field}: {value} does not fit the register ({reason})")]
    ValueOutOfRange {
        /// Which field.
        field: &'static str,
        /// The value asked for, in the field's physical unit.
        value: f64,
        /// What the register allows.
        reason: &'static str,
    },
    /// A text longer than its field, or not printable ASCII.
    #[error("text {text:?} does not fit bytes {first}-{last} of {segment} as printable ascii")]
    BadText {
        /// The segment written.
        segment: SegmentId,
        /// First byte of the field.
        first: usize,
        /// Last byte of the field.
        last: usize,
        /// The text asked for.
        text: String,
    },
    /// A bit field that does not exist, or a value wider than it.
    #[error("bits {hi}-{lo} of byte {offset} cannot hold {value}")]
    BadBits {
        /// Spec byte number.
        offset: usize,
        /// Highest bit of the field.
        hi: u8,
        /// Lowest bit of the field.
        lo: u8,
        /// The value asked for.
        value: u8,
    },
    /// Byte 0 is missing or names no known management map, so checksums cannot be placed.
    #[error("identifier {0:?} names no known management map; checksums not computed")]
    UnknownFamily(Option<u8>),
    /// A combination the spec does not allow (the text says which).
    #[error("{0}")]
    Invalid(&'static str),
}
