//! Host-to-board commands: `[#TT ]I`, `[#TT ]R DEV OFF LEN`, `[#TT ]W DEV OFF [DATA]`
//! (docs/serial-ascii-protocol.md §3).

use super::{AsciiError, MAX_LINE, MAX_READ_LIMIT, MAX_WRITE_LIMIT, hex};

/// A command to the board.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// `I`: report protocol version, name and limits.
    Identify,
    /// `R DEV OFF LEN`: write the offset, repeated START, read `len` bytes.
    Read {
        /// 7-bit I2C address.
        device: u8,
        /// First byte.
        offset: u8,
        /// Bytes to read, 1 to [`MAX_READ_LIMIT`].
        len: u16,
    },
    /// `W DEV OFF [DATA]`: write the offset then the data bytes in one transaction (with no
    /// data, the bus sees the address and one byte: how a PCA954x mux channel is selected).
    Write {
        /// 7-bit I2C address.
        device: u8,
        /// First byte written after the address (the register offset).
        offset: u8,
        /// Bytes after the offset, at most [`MAX_WRITE_LIMIT`].
        data: Vec<u8>,
    },
}

/// Appends the `#TT ` tag.
pub(super) fn push_tag(out: &mut Vec<u8>, tag: Option<u8>) {
    if let Some(t) = tag {
        out.push(b'#');
        hex::push_byte(out, t);
        out.push(b' ');
    }
}

impl Command {
    /// Checks the protocol limits (address 7-bit, lengths, byte 255 not crossed).
    pub fn validate(&self) -> Result<(), AsciiError> {
        let (device, offset, len, limit, what) = match self {
            Command::Identify => return Ok(()),
            Command::Read {
                device,
                offset,
                len,
            } => (*device, *offset, usize::from(*len), MAX_READ_LIMIT, "read"),
            Command::Write {
                device,
                offset,
                data,
            } => (*device, *offset, data.len(), MAX_WRITE_LIMIT, "write"),
        };
        if device > 0x7F {
            return Err(AsciiError::BadArgument(format!(
                "device 0x{device:02X} is not a 7-bit I2C address"
            )));
        }
        let min = usize::from(matches!(self, Command::Read { .. }));
        if len < min || len > limit {
            return Err(AsciiError::OutOfRange(format!(
                "{what} of {len} bytes: the protocol allows {min} to {limit}"
            )));
        }
        if usize::from(offset) + len > 256 {
            return Err(AsciiError::OutOfRange(format!(
                "{len} bytes at offset 0x{offset:02X} cross byte 0xFF"
            )));
        }
        Ok(())
    }

    /// The command line, LF-terminated, with `tag` when given.
    pub fn encode(&self, tag: Option<u8>) -> Result<Vec<u8>, AsciiError> {
        self.validate()?;
        let mut out = Vec::with_capacity(16);
        push_tag(&mut out, tag);
        match self {
            Command::Identify => out.push(b'I'),
            Command::Read {
                device,
                offset,
                len,
            } => {
                out.extend_from_slice(b"R ");
                hex::push_byte(&mut out, *device);
                out.push(b' ');
                hex::push_byte(&mut out, *offset);
                out.push(b' ');
                // 1-128: at most 2 hex digits (80), no leading zero.
                out.extend_from_slice(format!("{len:X}").as_bytes());
            }
            Command::Write {
                device,
                offset,
                data,
            } => {
                out.extend_from_slice(b"W ");
                hex::push_byte(&mut out, *device);
                out.push(b' ');
                hex::push_byte(&mut out, *offset);
                if !data.is_empty() {
                    out.push(b' ');
                    hex::push_bytes(&mut out, data);
                }
            }
        }
        out.push(b'\n');
        Ok(out)
    }
}

/// Checks that a line is printable ASCII and returns it as text.
pub(super) fn printable(line: &[u8]) -> Result<&str, AsciiError> {
    if let Some(column) = line.iter().position(|b| !(0x20..=0x7E).contains(b)) {
        return Err(AsciiError::NotPrintable {
            column,
            value: line[column],
        });
    }
    // Printable ASCII is valid UTF-8.
    std::str::from_utf8(line).map_err(|_| AsciiError::NotPrintable {
        column: 0,
        value: 0,
    })
}

/// Splits off a leading `#TT ` tag.
pub(super) fn split_tag(text: &str) -> Result<(Option<u8>, &str), AsciiError> {
    let Some(rest) = text.strip_prefix('#') else {
        return Ok((None, text));
    };
    let bad = || AsciiError::BadTag(text.chars().take(4).collect());
    let (digits, body) = match rest.split_at_checked(2) {
        Some(x) => x,
        None => return Err(bad()),
    };
    if !body.starts_with(' ') {
        return Err(bad());
    }
    let tag = hex::number(digits, 2, "tag").map_err(|_| bad())? as u8;
    Ok((Some(tag), &body[1..]))
}

/// Parses one command line (without its LF), as a board does. The tag comes back even when the
/// command is bad, so the board can tag its `ERR`.
pub fn parse_command(line: &[u8]) -> (Option<u8>, Result<Command, AsciiError>) {
    if line.len() > MAX_LINE {
        return (
            None,
            Err(AsciiError::OutOfRange(format!(
                "line of {} bytes; the limit is {MAX_LINE}",
                line.len()
            ))),
        );
    }
    let text = match printable(line) {
        Ok(t) => t,
        Err(e) => return (None, Err(e)),
    };
    let (tag, body) = match split_tag(text) {
        Ok(x) => x,
        Err(e) => return (None, Err(e)),
    };
    (tag, command_of(body))
}

fn command_of(body: &str) -> Result<Command, AsciiError> {
    let mut words = body.split_ascii_whitespace();
    let Some(word) = words.next() else {
        return Err(AsciiError::Empty);
    };
    let mut arg = |what: &str, digits: usize| -> Result<u32, AsciiError> {
        let w = words
            .next()
            .ok_or_else(|| AsciiError::BadArgument(format!("{what} is missing")))?;
        hex::number(w, digits, what)
    };
    let command = match word {
        "I" | "i" => Command::Identify,
        "R" | "r" => {
            let device = arg("device", 2)? as u8;
            let offset = arg("offset", 2)? as u8;
            let len = arg("length", 3)? as u16;
            Command::Read {
                device,
                offset,
                len,
            }
        }
        "W" | "w" => {
            let device = arg("device", 2)? as u8;
            let offset = arg("offset", 2)? as u8;
            let data = hex::bytes(&mut words)?;
            Command::Write {
                device,
                offset,
                data,
            }
        }
        other => {
            return Err(AsciiError::Unknown {
                kind: "command",
                word: other.chars().take(16).collect(),
            });
        }
    };
    if let Some(extra) = words.next() {
        return Err(AsciiError::BadArgument(format!(
            "unexpected `{}` after the command",
            extra.chars().take(16).collect::<String>()
        )));
    }
    command.validate()?;
    Ok(command)
}
