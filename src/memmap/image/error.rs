//! [`ImageError`]: why bytes or text could not be read as a module image. The caller adds the
//! file name; these errors carry the rest (format, line, column, segment, byte).

use std::fmt;

use crate::addr::SegmentId;

use super::detect::ImageFormat;

/// A 1-based line and column in a text image.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextPos {
    /// Line, counting from 1.
    pub line: usize,
    /// Column (character), counting from 1.
    pub column: usize,
}

impl fmt::Display for TextPos {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}, column {}", self.line, self.column)
    }
}

/// Why an image could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImageError {
    /// Nothing matched: not a flat binary size and not a recognised text format.
    #[error(
        "not a module image: {len} bytes is not a flat binary size (a multiple of 128 up to 32896, or 33152 for SFP), and the text is neither YAML (format: optiqual.image/1), `ethtool -m ... hex on` output nor i2cdump output"
    )]
    NotAnImage {
        /// Size of the input in bytes.
        len: usize,
    },
    /// A text line that the detected format cannot read.
    #[error("{format}: {pos}: {message}")]
    Syntax {
        /// The format the text was read as.
        format: ImageFormat,
        /// Where.
        pos: TextPos,
        /// What was expected (lower-case fragment).
        message: String,
    },
    /// A YAML image that does not parse or does not validate. `pos` is `None` when the YAML
    /// library gave no location.
    #[error("{}{message}", yaml_prefix(*.pos))]
    Yaml {
        /// Where, when known.
        pos: Option<TextPos>,
        /// What was expected (lower-case fragment).
        message: String,
    },
    /// i2cdump printed `XX`: the byte could not be read from the module.
    #[error(
        "i2cdump: {pos}: row {row:02x}, column {column:x} (byte 0x{row:02x} + 0x{column:x}) reads XX: the byte could not be read, so the dump is incomplete; dump it again"
    )]
    Unreadable {
        /// Where in the text.
        pos: TextPos,
        /// The row label (offset of the row's first byte, 0x00-0xf0).
        row: u8,
        /// The column within the row (0x0-0xf).
        column: u8,
    },
    /// The same byte of a segment was given twice.
    #[error(
        "{format}: line {line}: {segment} byte {byte} was already given on line {first_line}; label each dump with its address and page (e.g. `# 0x51`, `# page 03h`, `# bank 1 page 11h`)"
    )]
    Duplicate {
        /// The format the text was read as.
        format: ImageFormat,
        /// The segment.
        segment: SegmentId,
        /// The spec byte number (0-255) given twice.
        byte: usize,
        /// Line of the second occurrence.
        line: usize,
        /// Line of the first occurrence.
        first_line: usize,
    },
    /// A half page was only partly dumped; segments hold exactly 128 bytes.
    #[error(
        "{format}: {segment}: {missing} of its 128 bytes are missing (first missing: byte {first_missing}; data starts on line {line}); a half page must be dumped in full"
    )]
    Incomplete {
        /// The format the text was read as.
        format: ImageFormat,
        /// The segment.
        segment: SegmentId,
        /// How many bytes are missing.
        missing: usize,
        /// The spec byte number (0-255) of the first missing byte.
        first_missing: usize,
        /// First line that gave a byte of this segment.
        line: usize,
    },
    /// The text was recognised but holds no bytes.
    #[error("{format}: no hex bytes found")]
    Empty {
        /// The format the text was read as.
        format: ImageFormat,
    },
}

impl ImageError {
    /// A [`ImageError::Syntax`] at 1-based `line` and `column` of a text read as `format`.
    pub(crate) fn syntax(format: ImageFormat, line: usize, column: usize, message: String) -> Self {
        ImageError::Syntax {
            format,
            pos: TextPos { line, column },
            message,
        }
    }
}

fn yaml_prefix(pos: Option<TextPos>) -> String {
    match pos {
        Some(p) => format!("yaml image: {p}: "),
        None => "yaml image: ".to_string(),
    }
}
