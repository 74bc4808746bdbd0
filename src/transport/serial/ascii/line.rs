//! Splits a byte stream into lines: LF ends a line, CR is dropped wherever it is, and a line
//! longer than [`super::MAX_LINE`] is reported once as too long and its rest discarded.

/// A completed line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Line {
    /// The bytes of the line, without CR and LF.
    Text(Vec<u8>),
    /// The line exceeded the limit; `len` bytes arrived before the LF.
    TooLong {
        /// Bytes received (CR excluded).
        len: usize,
    },
}

/// A streaming line splitter.
#[derive(Debug, Clone)]
pub struct LineSplitter {
    buf: Vec<u8>,
    max: usize,
    len: usize,
}

impl LineSplitter {
    /// A splitter accepting lines of at most `max` bytes.
    pub fn new(max: usize) -> Self {
        LineSplitter {
            buf: Vec::with_capacity(max),
            max,
            len: 0,
        }
    }

    /// Feeds one byte; returns the line it completed.
    pub fn push(&mut self, byte: u8) -> Option<Line> {
        match byte {
            b'\r' => None,
            b'\n' => {
                let len = std::mem::take(&mut self.len);
                if len > self.max {
                    self.buf.clear();
                    Some(Line::TooLong { len })
                } else {
                    Some(Line::Text(std::mem::take(&mut self.buf)))
                }
            }
            _ => {
                self.len += 1;
                if self.len <= self.max {
                    self.buf.push(byte);
                } else {
                    self.buf.clear();
                }
                None
            }
        }
    }

    /// Whether part of a line is buffered.
    pub fn is_partial(&self) -> bool {
        self.len > 0
    }

    /// Drops a partial line (after a timeout); returns how many bytes it had.
    pub fn reset(&mut self) -> usize {
        self.buf.clear();
        std::mem::take(&mut self.len)
    }
}
