//! Every Firmata message optiqual sends or understands, with its encoder and decoder
//! (firmata/protocol `protocol.md`, `i2c.md`; reference/protocols.md §1.1).

use super::seven_bit::{self, push_14, push_bytes, value_14};
use super::{
    CAPABILITY_PIN_END, CAPABILITY_QUERY, CAPABILITY_RESPONSE, END_SYSEX, FirmataError, I2C_CONFIG,
    I2C_REPLY, I2C_REQUEST, MAX_DATA_BYTES, REPORT_FIRMWARE, REPORT_VERSION, START_SYSEX,
    STRING_DATA, SYSTEM_RESET,
};

/// One Firmata message, either direction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    /// `F9` alone (host to board): "report your protocol version".
    VersionQuery,
    /// `F9 major minor` (board to host): the protocol version.
    Version {
        /// Major version.
        major: u8,
        /// Minor version.
        minor: u8,
    },
    /// `F0 79 F7`: "report your firmware".
    FirmwareQuery,
    /// `F0 79 major minor name… F7`: firmware version and name (the sketch name, e.g.
    /// `StandardFirmata`), two 7-bit bytes per character.
    Firmware {
        /// Major version.
        major: u8,
        /// Minor version.
        minor: u8,
        /// Firmware name.
        name: String,
    },
    /// `F0 6B F7`: "list every pin's modes".
    CapabilityQuery,
    /// `F0 6C (mode res)… 7F … F7`: for each pin, its modes.
    Capabilities(Vec<Vec<Capability>>),
    /// `F0 78 [delayLSB delayMSB] F7`: enable I2C; optional delay in µs between writing the
    /// register pointer and reading.
    I2cConfig {
        /// Delay in microseconds (absent in the message when `None`).
        delay_us: Option<u16>,
    },
    /// `F0 76 … F7`: an I2C transaction.
    I2cRequest(I2cRequest),
    /// `F0 77 … F7`: data of a read.
    I2cReply(I2cReply),
    /// `F0 71 text F7`: a string, used for errors.
    Text(String),
    /// `FF`: reset the board.
    SystemReset,
    /// A sysex command optiqual does not use (kept so a caller can log it).
    OtherSysex {
        /// Command byte.
        command: u8,
        /// Raw 7-bit payload.
        payload: Vec<u8>,
    },
}

/// One (mode, resolution) pair of a pin in a capability response.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Capability {
    /// Pin mode (0x06 = I2C).
    pub mode: u8,
    /// Resolution (1 for I2C).
    pub resolution: u8,
}

/// What an I2C_REQUEST asks (byte 3 bits 4-3).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum I2cAction {
    /// `00`: write these bytes (for a register write the register is the first byte).
    Write(Vec<u8>),
    /// `01`: read `count` bytes once, after writing the register pointer when given.
    ReadOnce {
        /// Register written before the read (`None`: read from the current pointer).
        register: Option<u16>,
        /// Bytes to read.
        count: u16,
    },
    /// `10`: read `count` bytes every sampling interval.
    ReadContinuously {
        /// Register written before each read.
        register: Option<u16>,
        /// Bytes to read.
        count: u16,
    },
    /// `11`: stop reading continuously from this address.
    StopReading,
}

/// An I2C_REQUEST: `F0 76 addrLSB byte3 payload… F7`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct I2cRequest {
    /// Slave address (7-bit, or 10-bit when `ten_bit`).
    pub address: u16,
    /// Byte 3 bit 5: 10-bit addressing (both firmwares refuse it).
    pub ten_bit: bool,
    /// Byte 3 bit 6: repeated START between register write and read instead of a STOP.
    pub restart: bool,
    /// Byte 3 bits 2-0 in 7-bit mode: a transaction sequence number (0-7; ConfigurableFirmata
    /// echoes it in the reply, StandardFirmata ignores it).
    pub seq: u8,
    /// What to do.
    pub action: I2cAction,
}

/// An I2C_REPLY: `F0 77 addr tag regLSB regMSB (dLSB dMSB)… F7`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct I2cReply {
    /// Slave address (low 7 bits).
    pub address: u8,
    /// Byte 3: the address MSB (0, StandardFirmata) or the request's sequence number
    /// (ConfigurableFirmata).
    pub tag: u8,
    /// Register the read started at (0 when the request gave none).
    pub register: u16,
    /// Data bytes.
    pub data: Vec<u8>,
}

const MODE_WRITE: u8 = 0b00;
const MODE_READ_ONCE: u8 = 0b01;
const MODE_READ_CONTINUOUSLY: u8 = 0b10;
const MODE_STOP: u8 = 0b11;
const BIT_TEN: u8 = 0x20;
const BIT_RESTART: u8 = 0x40;

fn sysex(command: u8, payload: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(payload.len() + 3);
    out.push(START_SYSEX);
    out.push(command);
    out.extend_from_slice(payload);
    out.push(END_SYSEX);
    out
}

fn malformed(what: impl Into<String>) -> FirmataError {
    FirmataError::Malformed { what: what.into() }
}

fn text_pairs(out: &mut Vec<u8>, text: &str) {
    push_bytes(out, text.as_bytes());
}

fn text_of(pairs: &[u8]) -> Result<String, FirmataError> {
    Ok(String::from_utf8_lossy(&seven_bit::decode_bytes(pairs)?).into_owned())
}

impl Message {
    /// The bytes of this message on the wire.
    pub fn encode(&self) -> Result<Vec<u8>, FirmataError> {
        let check7 = |v: u8, what: &str| {
            if v > 0x7F {
                Err(FirmataError::OutOfRange {
                    what: format!("{what} {v} does not fit 7 bits"),
                })
            } else {
                Ok(v)
            }
        };
        Ok(match self {
            Message::VersionQuery => vec![REPORT_VERSION],
            Message::Version { major, minor } => vec![
                REPORT_VERSION,
                check7(*major, "major version")?,
                check7(*minor, "minor version")?,
            ],
            Message::FirmwareQuery => sysex(REPORT_FIRMWARE, &[]),
            Message::Firmware { major, minor, name } => {
                let mut p = vec![
                    check7(*major, "major version")?,
                    check7(*minor, "minor version")?,
                ];
                text_pairs(&mut p, name);
                sysex(REPORT_FIRMWARE, &p)
            }
            Message::CapabilityQuery => sysex(CAPABILITY_QUERY, &[]),
            Message::Capabilities(pins) => {
                let mut p = Vec::new();
                for pin in pins {
                    for c in pin {
                        if c.mode == CAPABILITY_PIN_END {
                            return Err(FirmataError::OutOfRange {
                                what: "pin mode 0x7F is the end-of-pin marker".into(),
                            });
                        }
                        p.push(check7(c.mode, "pin mode")?);
                        p.push(check7(c.resolution, "resolution")?);
                    }
                    p.push(CAPABILITY_PIN_END);
                }
                sysex(CAPABILITY_RESPONSE, &p)
            }
            Message::I2cConfig { delay_us } => {
                let mut p = Vec::new();
                if let Some(d) = delay_us {
                    push_14(&mut p, *d, "I2C read delay (µs)")?;
                }
                sysex(I2C_CONFIG, &p)
            }
            Message::I2cRequest(r) => sysex(I2C_REQUEST, &r.payload()?),
            Message::I2cReply(r) => {
                let mut p = Vec::with_capacity(4 + 2 * r.data.len());
                p.push(r.address & 0x7F);
                p.push(check7(r.tag, "reply tag")?);
                push_14(&mut p, r.register, "register")?;
                push_bytes(&mut p, &r.data);
                sysex(I2C_REPLY, &p)
            }
            Message::Text(t) => {
                let mut p = Vec::with_capacity(2 * t.len());
                text_pairs(&mut p, t);
                sysex(STRING_DATA, &p)
            }
            Message::SystemReset => vec![SYSTEM_RESET],
            Message::OtherSysex { command, payload } => {
                seven_bit::check_seven_bit(payload)?;
                sysex(check7(*command, "sysex command")?, payload)
            }
        })
    }

    /// Decodes the payload of a sysex frame (between the command byte and `F7`).
    pub fn from_sysex(command: u8, payload: &[u8]) -> Result<Message, FirmataError> {
        seven_bit::check_seven_bit(payload)?;
        Ok(match command {
            REPORT_FIRMWARE => match payload {
                [] => Message::FirmwareQuery,
                [major, minor, name @ ..] => Message::Firmware {
                    major: *major,
                    minor: *minor,
                    name: text_of(name)?,
                },
                [_] => return Err(malformed("firmware report without a minor version")),
            },
            CAPABILITY_QUERY => Message::CapabilityQuery,
            CAPABILITY_RESPONSE => Message::Capabilities(capabilities_of(payload)?),
            I2C_CONFIG => match payload {
                [] => Message::I2cConfig { delay_us: None },
                [l, m, ..] => Message::I2cConfig {
                    delay_us: Some(value_14(*l, *m)),
                },
                [_] => return Err(malformed("I2C_CONFIG delay cut short")),
            },
            I2C_REQUEST => Message::I2cRequest(I2cRequest::from_payload(payload)?),
            I2C_REPLY => Message::I2cReply(I2cReply::from_payload(payload)?),
            STRING_DATA => Message::Text(text_of(payload)?),
            other => Message::OtherSysex {
                command: other,
                payload: payload.to_vec(),
            },
        })
    }
}

fn capabilities_of(payload: &[u8]) -> Result<Vec<Vec<Capability>>, FirmataError> {
    let mut pins = Vec::new();
    let mut pin = Vec::new();
    let mut i = 0;
    while i < payload.len() {
        if payload[i] == CAPABILITY_PIN_END {
            pins.push(std::mem::take(&mut pin));
            i += 1;
            continue;
        }
        let Some(&resolution) = payload.get(i + 1) else {
            return Err(malformed("capability pair cut short"));
        };
        pin.push(Capability {
            mode: payload[i],
            resolution,
        });
        i += 2;
    }
    if !pin.is_empty() {
        return Err(malformed(
            "last pin of the capability response has no 7F end",
        ));
    }
    Ok(pins)
}

impl I2cRequest {
    /// A register read of `count` bytes at `register` of 7-bit `address`, with a repeated START.
    pub fn read(address: u8, register: u8, count: u16, seq: u8) -> Self {
        I2cRequest {
            address: u16::from(address),
            ten_bit: false,
            restart: true,
            seq: seq & 0x07,
            action: I2cAction::ReadOnce {
                register: Some(u16::from(register)),
                count,
            },
        }
    }

    /// A write of `bytes` (register first) to 7-bit `address`.
    pub fn write(address: u8, bytes: Vec<u8>, seq: u8) -> Self {
        I2cRequest {
            address: u16::from(address),
            ten_bit: false,
            restart: false,
            seq: seq & 0x07,
            action: I2cAction::Write(bytes),
        }
    }

    /// Payload bytes after the command byte; longer than [`MAX_DATA_BYTES`] is an error.
    fn payload(&self) -> Result<Vec<u8>, FirmataError> {
        let (mode, low3) = match (self.ten_bit, self.address) {
            (false, 0..=0x7F) => (0u8, self.seq & 0x07),
            (true, a @ 0..=0x3FF) => (BIT_TEN, (a >> 7) as u8),
            (_, a) => {
                return Err(FirmataError::OutOfRange {
                    what: format!("I2C address 0x{a:x} does not fit the addressing mode"),
                });
            }
        };
        let (bits, tail) = match &self.action {
            I2cAction::Write(data) => {
                let mut t = Vec::with_capacity(2 * data.len());
                push_bytes(&mut t, data);
                (MODE_WRITE, t)
            }
            I2cAction::ReadOnce { register, count } => {
                (MODE_READ_ONCE, read_tail(*register, *count)?)
            }
            I2cAction::ReadContinuously { register, count } => {
                (MODE_READ_CONTINUOUSLY, read_tail(*register, *count)?)
            }
            I2cAction::StopReading => (MODE_STOP, Vec::new()),
        };
        let byte3 = (if self.restart { BIT_RESTART } else { 0 }) | mode | (bits << 3) | low3;
        let mut p = Vec::with_capacity(2 + tail.len());
        p.push((self.address & 0x7F) as u8);
        p.push(byte3);
        p.extend_from_slice(&tail);
        if p.len() > MAX_DATA_BYTES {
            return Err(FirmataError::OutOfRange {
                what: format!(
                    "the request needs {} sysex bytes; boards buffer {MAX_DATA_BYTES}",
                    p.len()
                ),
            });
        }
        Ok(p)
    }

    /// Decodes an I2C_REQUEST payload with StandardFirmata's rule: a read with 4 bytes after
    /// the address is register + count, with 2 it is the count alone.
    pub fn from_payload(payload: &[u8]) -> Result<Self, FirmataError> {
        let [addr, byte3, rest @ ..] = payload else {
            return Err(malformed("I2C request without address and mode bytes"));
        };
        let ten_bit = byte3 & BIT_TEN != 0;
        let low3 = byte3 & 0x07;
        let (address, seq) = if ten_bit {
            (u16::from(*addr) | (u16::from(low3) << 7), 0)
        } else {
            (u16::from(*addr), low3)
        };
        let read = || match rest {
            [rl, rm, cl, cm] => Ok((Some(value_14(*rl, *rm)), value_14(*cl, *cm))),
            [cl, cm] => Ok((None, value_14(*cl, *cm))),
            _ => Err(malformed(format!(
                "I2C read with {} bytes after the address; expected 2 (count) or 4 (register, count)",
                rest.len()
            ))),
        };
        let action = match (byte3 >> 3) & 0x03 {
            MODE_WRITE => I2cAction::Write(seven_bit::decode_bytes(rest)?),
            MODE_READ_ONCE => {
                let (register, count) = read()?;
                I2cAction::ReadOnce { register, count }
            }
            MODE_READ_CONTINUOUSLY => {
                let (register, count) = read()?;
                I2cAction::ReadContinuously { register, count }
            }
            _ => I2cAction::StopReading,
        };
        Ok(I2cRequest {
            address,
            ten_bit,
            restart: byte3 & BIT_RESTART != 0,
            seq,
            action,
        })
    }
}

fn read_tail(register: Option<u16>, count: u16) -> Result<Vec<u8>, FirmataError> {
    let mut t = Vec::with_capacity(4);
    if let Some(r) = register {
        push_14(&mut t, r, "register")?;
    }
    push_14(&mut t, count, "byte count")?;
    Ok(t)
}

impl I2cReply {
    /// Decodes an I2C_REPLY payload.
    pub fn from_payload(payload: &[u8]) -> Result<Self, FirmataError> {
        let [address, tag, rl, rm, data @ ..] = payload else {
            return Err(malformed(format!(
                "I2C reply of {} bytes lacks address and register",
                payload.len()
            )));
        };
        Ok(I2cReply {
            address: *address,
            tag: *tag,
            register: value_14(*rl, *rm),
            data: seven_bit::decode_bytes(data)?,
        })
    }
}

/// Wire length of an I2C_REPLY carrying `n` data bytes: `F0 77`, 4 address/register bytes,
/// 2 per data byte, `F7`.
pub const fn reply_len(n: usize) -> usize {
    7 + 2 * n
}

/// Wire length of a register-read I2C_REQUEST: `F0 76 addr byte3 regL regM cntL cntM F7`.
pub const READ_REQUEST_LEN: usize = 9;

/// Wire length of a write I2C_REQUEST of `n` bytes (register included).
pub const fn write_request_len(n: usize) -> usize {
    5 + 2 * n
}
