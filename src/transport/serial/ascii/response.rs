//! Board-to-host replies: `[#TT ]OK[ PAYLOAD]`, `[#TT ]NACK`, `[#TT ]ERR CC TEXT`
//! (docs/serial-ascii-protocol.md §4), and the identity record of `I`.

use super::command::{printable, push_tag, split_tag};
use super::{AsciiError, MAX_READ_LIMIT, MAX_WRITE_LIMIT, PROTOCOL, hex};

/// `ERR` codes (two decimal digits on the wire).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrCode {
    /// 01: the first word is not a command.
    UnknownCommand,
    /// 02: an argument is missing, extra or not hex, or the line is not printable ASCII.
    BadArgument,
    /// 03: the line exceeded the length limit.
    LineTooLong,
    /// 04: a length is 0, above the board's limit, or crosses byte 0xFF.
    Length,
    /// 05: the bus failed (arbitration lost, stuck line, collision behind the mux).
    Bus,
    /// 06: the device held the clock longer than the board allows.
    BusTimeout,
    /// Any other code (a newer board).
    Other(u8),
}

impl ErrCode {
    /// The code's number.
    pub fn number(self) -> u8 {
        match self {
            ErrCode::UnknownCommand => 1,
            ErrCode::BadArgument => 2,
            ErrCode::LineTooLong => 3,
            ErrCode::Length => 4,
            ErrCode::Bus => 5,
            ErrCode::BusTimeout => 6,
            ErrCode::Other(n) => n,
        }
    }

    /// The code with this number.
    pub fn from_number(n: u8) -> ErrCode {
        match n {
            1 => ErrCode::UnknownCommand,
            2 => ErrCode::BadArgument,
            3 => ErrCode::LineTooLong,
            4 => ErrCode::Length,
            5 => ErrCode::Bus,
            6 => ErrCode::BusTimeout,
            other => ErrCode::Other(other),
        }
    }
}

/// A reply from the board.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Response {
    /// `OK` with its payload: read data as hex, the identity, or empty after a write.
    Ok(String),
    /// `NACK`: the device did not acknowledge its address or a byte.
    Nack,
    /// `ERR CC TEXT`.
    Err {
        /// Error code.
        code: ErrCode,
        /// Explanation (printable ASCII without `#`).
        text: String,
    },
}

impl Response {
    /// `OK` carrying `data` as upper-case hex.
    pub fn data(data: &[u8]) -> Response {
        let mut hex = Vec::with_capacity(2 * data.len());
        hex::push_bytes(&mut hex, data);
        Response::Ok(String::from_utf8_lossy(&hex).into_owned())
    }

    /// The reply line, LF-terminated, with `tag` when given. Text is made printable and `#`
    /// free so the line stays parseable.
    pub fn encode(&self, tag: Option<u8>) -> Vec<u8> {
        let mut out = Vec::with_capacity(16);
        push_tag(&mut out, tag);
        let clean = |s: &str| -> String {
            s.chars()
                .map(|c| {
                    if c.is_ascii_graphic() && c != '#' || c == ' ' {
                        c
                    } else {
                        '?'
                    }
                })
                .collect()
        };
        match self {
            Response::Ok(p) if p.is_empty() => out.extend_from_slice(b"OK"),
            Response::Ok(p) => {
                out.extend_from_slice(b"OK ");
                out.extend_from_slice(clean(p).as_bytes());
            }
            Response::Nack => out.extend_from_slice(b"NACK"),
            Response::Err { code, text } => {
                out.extend_from_slice(
                    format!("ERR {:02} {}", code.number(), clean(text)).as_bytes(),
                );
            }
        }
        out.push(b'\n');
        out
    }

    /// The bytes of an `OK` read reply's payload.
    pub fn hex_data(payload: &str) -> Result<Vec<u8>, AsciiError> {
        if payload.is_empty() {
            return Ok(Vec::new());
        }
        hex::bytes(payload.split(' '))
    }
}

/// Parses one reply line (without its LF), as the host does. Noise glued before the reply (no
/// LF between) is skipped: the reply starts at the last `#` of the line, since no reply
/// contains `#` except its tag.
pub fn parse_response(line: &[u8]) -> Result<(Option<u8>, Response), AsciiError> {
    let start = line.iter().rposition(|&b| b == b'#').unwrap_or(0);
    let text = printable(&line[start..])?;
    let (tag, body) = split_tag(text)?;
    let (word, rest) = match body.split_once(' ') {
        Some((w, r)) => (w, r),
        None => (body, ""),
    };
    let response = match word {
        "OK" => Response::Ok(rest.to_string()),
        "NACK" if rest.is_empty() => Response::Nack,
        "ERR" => {
            let (code, text) = rest.split_once(' ').unwrap_or((rest, ""));
            if code.len() != 2 || !code.bytes().all(|b| b.is_ascii_digit()) {
                return Err(AsciiError::BadArgument(format!(
                    "ERR code `{code}` is not two decimal digits"
                )));
            }
            let n = code.parse::<u8>().map_err(|_| {
                AsciiError::BadArgument(format!("ERR code `{code}` is not a number"))
            })?;
            Response::Err {
                code: ErrCode::from_number(n),
                text: text.to_string(),
            }
        }
        "" => return Err(AsciiError::Empty),
        other => {
            return Err(AsciiError::Unknown {
                kind: "reply",
                word: other.chars().take(16).collect(),
            });
        }
    };
    Ok((tag, response))
}

/// What a board says about itself in reply to `I`:
/// `OK oqi2c/1 name=NAME max_read=N max_write=N bus_hz=N [mux=AA]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    /// Board name (no spaces).
    pub name: String,
    /// Longest read (1-128).
    pub max_read: usize,
    /// Longest write after the offset (0-64).
    pub max_write: usize,
    /// Bus clock in Hz.
    pub bus_hz: u32,
    /// Address of a PCA954x mux on the board's bus, if any.
    pub mux: Option<u8>,
}

impl Identity {
    /// The payload of the `OK` reply.
    pub fn to_payload(&self) -> String {
        let name: String = self
            .name
            .chars()
            .map(|c| {
                if c.is_ascii_graphic() && c != '#' {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        let mut s = format!(
            "{PROTOCOL} name={name} max_read={} max_write={} bus_hz={}",
            self.max_read, self.max_write, self.bus_hz
        );
        if let Some(m) = self.mux {
            s.push_str(&format!(" mux={m:02X}"));
        }
        s
    }

    /// Parses the payload; unknown keys are ignored (newer boards), missing ones take the
    /// defaults of docs/serial-ascii-protocol.md §3.1 (32, 8, 100 kHz, no mux).
    pub fn parse(payload: &str) -> Result<Identity, AsciiError> {
        let mut words = payload.split_ascii_whitespace();
        let proto = words.next().unwrap_or("");
        let Some(version) = proto.strip_prefix("oqi2c/") else {
            return Err(AsciiError::BadArgument(format!(
                "identity `{proto}` is not an oqi2c board"
            )));
        };
        if version != "1" {
            return Err(AsciiError::BadArgument(format!(
                "protocol version {version} is not supported (this host speaks {PROTOCOL})"
            )));
        }
        let mut id = Identity {
            name: String::new(),
            max_read: 32,
            max_write: 8,
            bus_hz: 100_000,
            mux: None,
        };
        for word in words {
            let Some((key, value)) = word.split_once('=') else {
                continue;
            };
            let num = |v: &str| {
                v.parse::<u32>()
                    .map_err(|_| AsciiError::BadArgument(format!("{key}=`{v}` is not a number")))
            };
            match key {
                "name" => id.name = value.to_string(),
                "max_read" => id.max_read = num(value)? as usize,
                "max_write" => id.max_write = num(value)? as usize,
                "bus_hz" => id.bus_hz = num(value)?,
                "mux" => id.mux = Some(hex::number(value, 2, "mux address")? as u8),
                _ => {}
            }
        }
        if id.max_read == 0 || id.max_read > MAX_READ_LIMIT || id.max_write > MAX_WRITE_LIMIT {
            return Err(AsciiError::OutOfRange(format!(
                "board limits max_read={} max_write={} exceed the protocol (1-{MAX_READ_LIMIT}, 0-{MAX_WRITE_LIMIT})",
                id.max_read, id.max_write
            )));
        }
        Ok(id)
    }
}
