//! A simulated evaluation board speaking optiqual's ASCII protocol
//! (docs/serial-ascii-protocol.md).

use super::bus::{BusFault, SimBus};
use super::firmware::Firmware;
use crate::transport::serial::ascii::{
    Command, ErrCode, Identity, Line, LineSplitter, MAX_LINE, Response, parse_command,
};

/// Limits the simulated board advertises.
pub const SIM_MAX_READ: usize = 128;
/// Longest write after the offset.
pub const SIM_MAX_WRITE: usize = 32;

/// An ASCII board with modules on its I2C bus.
pub struct AsciiBoard {
    bus: SimBus,
    lines: LineSplitter,
    identity: Identity,
}

impl AsciiBoard {
    /// A board serving `bus` at `bus_hz`.
    pub fn new(bus: SimBus, bus_hz: u32) -> Self {
        let identity = Identity {
            name: "optiqual-sim".into(),
            max_read: SIM_MAX_READ,
            max_write: SIM_MAX_WRITE,
            bus_hz,
            mux: bus.mux(),
        };
        AsciiBoard {
            bus,
            lines: LineSplitter::new(MAX_LINE),
            identity,
        }
    }

    fn execute(&mut self, command: Command) -> Response {
        let fault = |f: BusFault| match f {
            BusFault::Nack => Response::Nack,
            BusFault::Error(text) => Response::Err {
                code: ErrCode::Bus,
                text,
            },
        };
        let too_long = |what: &str, len: usize, max: usize| Response::Err {
            code: ErrCode::Length,
            text: format!("{what} of {len} bytes; this board allows {max}"),
        };
        match command {
            Command::Identify => Response::Ok(self.identity.to_payload()),
            Command::Read {
                device,
                offset,
                len,
            } => {
                let len = usize::from(len);
                if len > self.identity.max_read {
                    return too_long("read", len, self.identity.max_read);
                }
                let mut buf = vec![0u8; len];
                match self.bus.read(device, Some(offset), &mut buf) {
                    Ok(()) => Response::data(&buf),
                    Err(f) => fault(f),
                }
            }
            Command::Write {
                device,
                offset,
                data,
            } => {
                if data.len() > self.identity.max_write {
                    return too_long("write", data.len(), self.identity.max_write);
                }
                let mut bytes = Vec::with_capacity(1 + data.len());
                bytes.push(offset);
                bytes.extend_from_slice(&data);
                match self.bus.write(device, &bytes) {
                    Ok(()) => Response::Ok(String::new()),
                    Err(f) => fault(f),
                }
            }
        }
    }
}

impl Firmware for AsciiBoard {
    fn on_connect(&mut self) -> Vec<u8> {
        Vec::new()
    }

    fn feed(&mut self, byte: u8) -> Vec<u8> {
        match self.lines.push(byte) {
            None => Vec::new(),
            Some(Line::TooLong { len }) => Response::Err {
                code: ErrCode::LineTooLong,
                text: format!("line of {len} bytes; the limit is {MAX_LINE}"),
            }
            .encode(None),
            Some(Line::Text(line)) if line.is_empty() => Vec::new(),
            Some(Line::Text(line)) => {
                let (tag, parsed) = parse_command(&line);
                let response = match parsed {
                    Ok(c) => self.execute(c),
                    Err(e) => Response::Err {
                        code: e.code(),
                        text: e.to_string(),
                    },
                };
                response.encode(tag)
            }
        }
    }

    fn reset_link(&mut self) {
        self.lines.reset();
    }

    fn idle(&mut self) {
        // docs/serial-ascii-protocol.md §5: a partial line older than 1 s is dropped.
        self.lines.reset();
    }
}
