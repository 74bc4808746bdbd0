//! A simulated StandardFirmata board (firmata/arduino `StandardFirmata.ino`, protocol 2.5,
//! reference/protocols.md §1.1 "What a Firmata device simulator needs"): version and firmware
//! reports, an Arduino Uno's capability response (I2C on pins 18/19), I2C_CONFIG, register
//! reads with the `argc == 6` rule, writes whose NACK is invisible, STRING_DATA on short reads,
//! the 64-byte sysex input buffer and a 32-byte Wire buffer.

use super::bus::{BusFault, SimBus};
use super::firmware::Firmware;
use crate::transport::serial::firmata::{
    Capability, Direction, Event, I2cAction, I2cReply, I2cRequest, MAX_DATA_BYTES, Message,
    PIN_MODE_I2C, Parser, TEN_BIT_UNSUPPORTED, TOO_FEW_BYTES,
};

/// Wire library buffer of an AVR Arduino: a longer `requestFrom` returns this many bytes.
pub const WIRE_BUFFER: usize = 32;
/// StandardFirmata's `i2cRxData[64]`: address, register, 62 data bytes.
const RX_DATA: usize = 64;

/// A StandardFirmata board with modules on its I2C bus.
pub struct FirmataBoard {
    bus: SimBus,
    parser: Parser,
    i2c_enabled: bool,
    wire_buffer: usize,
    /// `i2cRxData`: bytes of the last read stay there, as on the board.
    rx_data: [u8; RX_DATA],
}

impl FirmataBoard {
    /// A board serving `bus`.
    pub fn new(bus: SimBus) -> Self {
        FirmataBoard {
            bus,
            parser: Parser::new(Direction::ToBoard, MAX_DATA_BYTES),
            i2c_enabled: false,
            wire_buffer: WIRE_BUFFER,
            rx_data: [0; RX_DATA],
        }
    }

    fn reports() -> Vec<u8> {
        let mut out = Self::encode(&Message::Version { major: 2, minor: 5 });
        out.extend(Self::encode(&Self::firmware()));
        out
    }

    fn firmware() -> Message {
        Message::Firmware {
            major: 2,
            minor: 5,
            name: "StandardFirmata".into(),
        }
    }

    fn encode(m: &Message) -> Vec<u8> {
        // Every message the board builds is within Firmata's ranges; an encoding error would be
        // a simulator bug, answered with nothing rather than a panic.
        m.encode().unwrap_or_default()
    }

    /// An Arduino Uno as StandardFirmata describes it: pins 0-1 serial (no modes), 2-19
    /// digital in/out/pull-up, PWM on 3, 5, 6, 9, 10, 11, servo on every digital pin, analog
    /// on 14-19, I2C on 18-19 (A4/A5).
    fn capabilities() -> Message {
        let c = |mode, resolution| Capability { mode, resolution };
        let pins = (0u8..20)
            .map(|pin| {
                if pin < 2 {
                    return vec![];
                }
                let mut modes = vec![c(0x00, 1), c(0x01, 1), c(0x0B, 1)];
                if matches!(pin, 3 | 5 | 6 | 9 | 10 | 11) {
                    modes.push(c(0x03, 8));
                }
                modes.push(c(0x04, 14));
                if pin >= 14 {
                    modes.push(c(0x02, 10));
                }
                if pin >= 18 {
                    modes.push(c(PIN_MODE_I2C, 1));
                }
                modes
            })
            .collect();
        Message::Capabilities(pins)
    }

    fn i2c(&mut self, req: I2cRequest) -> Vec<u8> {
        if req.ten_bit {
            return Self::encode(&Message::Text(TEN_BIT_UNSUPPORTED.into()));
        }
        let address = (req.address & 0x7F) as u8;
        match req.action {
            I2cAction::Write(bytes) => {
                // StandardFirmata ignores endTransmission's result: no reply, NACK or not.
                let _ = self.bus.write(address, &bytes);
                Vec::new()
            }
            I2cAction::ReadOnce { register, count } => self.read(address, register, count),
            I2cAction::ReadContinuously { .. } => Self::encode(&Message::Text(
                "I2C: continuous reads are not simulated".into(),
            )),
            I2cAction::StopReading => Vec::new(),
        }
    }

    /// `readAndReportData`: write the register (result ignored), `requestFrom` at most the Wire
    /// buffer, "Too few bytes" when short, then a reply of `count` bytes whatever arrived.
    fn read(&mut self, address: u8, register: Option<u16>, count: u16) -> Vec<u8> {
        let count = usize::from(count);
        let granted = count.min(self.wire_buffer);
        let mut got = vec![0u8; granted];
        let register = register.map(|r| r as u8);
        let available = match self.bus.read(address, register, &mut got) {
            Ok(()) => granted,
            Err(BusFault::Nack | BusFault::Error(_)) => 0,
        };
        let mut out = Vec::new();
        if count > available {
            out.extend(Self::encode(&Message::Text(TOO_FEW_BYTES.into())));
        }
        self.rx_data[0] = address;
        self.rx_data[1] = register.unwrap_or(0);
        for (i, b) in got.iter().take(available).enumerate() {
            if let Some(slot) = self.rx_data.get_mut(2 + i) {
                *slot = *b;
            }
        }
        // The reply always carries `count` bytes; past what arrived they are stale buffer
        // contents (beyond the 64-byte buffer: zeros here, other memory on the board).
        let data: Vec<u8> = (0..count)
            .map(|i| self.rx_data.get(2 + i).copied().unwrap_or(0))
            .collect();
        out.extend(Self::encode(&Message::I2cReply(I2cReply {
            address,
            tag: 0,
            register: u16::from(self.rx_data[1]),
            data,
        })));
        out
    }
}

impl Firmware for FirmataBoard {
    fn on_connect(&mut self) -> Vec<u8> {
        // Opening the port resets an Arduino; StandardFirmata's begin() prints both reports.
        self.i2c_enabled = false;
        Self::reports()
    }

    fn feed(&mut self, byte: u8) -> Vec<u8> {
        let Some(event) = self.parser.push(byte) else {
            return Vec::new();
        };
        let _ = self.parser.take_garbage();
        match event {
            Event::Message(Message::VersionQuery) => {
                Self::encode(&Message::Version { major: 2, minor: 5 })
            }
            Event::Message(Message::FirmwareQuery) => Self::encode(&Self::firmware()),
            Event::Message(Message::CapabilityQuery) => Self::encode(&Self::capabilities()),
            Event::Message(Message::I2cConfig { .. }) => {
                self.i2c_enabled = true;
                Vec::new()
            }
            Event::Message(Message::I2cRequest(req)) if self.i2c_enabled => self.i2c(req),
            Event::Message(Message::SystemReset) => {
                self.i2c_enabled = false;
                Vec::new()
            }
            // Requests before I2C_CONFIG, unknown sysex, invalid or oversized frames: ignored.
            _ => Vec::new(),
        }
    }

    fn reset_link(&mut self) {
        self.parser.reset();
        let _ = self.parser.take_garbage();
    }
}
