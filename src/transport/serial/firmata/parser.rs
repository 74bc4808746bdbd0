//! Frames a Firmata byte stream into messages and skips what is not one (resync).
//!
//! Rules (firmata/protocol `protocol.md`): a byte with bit 7 set starts a message; a sysex runs
//! from `F0` to `F7` with only 7-bit bytes between. A command byte inside a sysex or inside a
//! short message aborts it (the bytes so far count as garbage) and starts the next message, so
//! the parser is back in step at the next command byte whatever noise came before.

use super::message::Message;
use super::{END_SYSEX, FirmataError, REPORT_VERSION, START_SYSEX, SYSTEM_RESET};

/// Which way the stream flows: `F9` is a bare query towards the board and a 3-byte report
/// towards the host.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Host to board (what a board firmware parses).
    ToBoard,
    /// Board to host (what the driver parses).
    ToHost,
}

/// What a byte completed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// A whole, valid message.
    Message(Message),
    /// A whole frame whose content is invalid (the error says why).
    Invalid(FirmataError),
    /// A sysex frame longer than the parser's buffer was dropped.
    Overflow {
        /// Sysex command byte.
        command: u8,
        /// Payload bytes received.
        len: usize,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum State {
    Idle,
    /// In a sysex, collecting; `command` is `None` until the byte after `F0` arrived.
    Sysex {
        command: Option<u8>,
        len: usize,
    },
    /// A fixed-length message (`F9 major minor`, MIDI-style channel messages) needing `need`
    /// more data bytes; `keep` when it is a version report to return.
    Short {
        command: u8,
        need: usize,
    },
}

/// A streaming Firmata parser; feed it one byte at a time with [`Parser::push`].
#[derive(Debug, Clone)]
pub struct Parser {
    direction: Direction,
    max_payload: usize,
    state: State,
    buf: Vec<u8>,
    garbage: usize,
}

impl Parser {
    /// A parser for a stream flowing `direction` that buffers at most `max_payload` sysex
    /// payload bytes (a board: [`super::MAX_DATA_BYTES`]; the host: a few hundred).
    pub fn new(direction: Direction, max_payload: usize) -> Self {
        Parser {
            direction,
            max_payload,
            state: State::Idle,
            buf: Vec::new(),
            garbage: 0,
        }
    }

    /// Bytes skipped as garbage since the last call (and resets the count).
    pub fn take_garbage(&mut self) -> usize {
        std::mem::take(&mut self.garbage)
    }

    /// Whether the parser is between messages.
    pub fn is_idle(&self) -> bool {
        self.state == State::Idle
    }

    /// Forgets a partial message (after a timeout, before a new request).
    pub fn reset(&mut self) {
        self.garbage += self.partial_len();
        self.state = State::Idle;
        self.buf.clear();
    }

    fn partial_len(&self) -> usize {
        match self.state {
            State::Idle => 0,
            State::Sysex { command, len } => 1 + usize::from(command.is_some()) + len,
            State::Short { .. } => 1 + self.buf.len(),
        }
    }

    /// Data bytes that follow a command byte, for the fixed-length messages of this direction;
    /// `None` for bytes that start no message.
    fn short_len(&self, command: u8) -> Option<usize> {
        match (self.direction, command) {
            (Direction::ToHost, REPORT_VERSION) => Some(2),
            (Direction::ToBoard, REPORT_VERSION | SYSTEM_RESET) => Some(0),
            // Digital port (9x) and analog (Ex) messages: 2 data bytes both ways.
            (_, 0x90..=0x9F | 0xE0..=0xEF) => Some(2),
            // Report analog pin (Cx) and report digital port (Dx): 1 data byte.
            (Direction::ToBoard, 0xC0..=0xDF) => Some(1),
            // Set pin mode (F4) and set digital pin value (F5): 2 data bytes.
            (Direction::ToBoard, 0xF4 | 0xF5) => Some(2),
            _ => None,
        }
    }

    /// Feeds one byte; returns what it completed.
    pub fn push(&mut self, byte: u8) -> Option<Event> {
        if byte & 0x80 != 0 && !(byte == END_SYSEX && matches!(self.state, State::Sysex { .. })) {
            // A command byte: abort whatever was in progress, then start.
            self.reset();
            return self.start(byte);
        }
        match self.state {
            State::Idle => {
                self.garbage += 1;
                None
            }
            State::Sysex { command: None, .. } if byte == END_SYSEX => {
                // F0 F7: an empty frame, not a message.
                self.garbage += 2;
                self.state = State::Idle;
                None
            }
            State::Sysex { command: None, len } => {
                self.state = State::Sysex {
                    command: Some(byte),
                    len,
                };
                self.buf.clear();
                None
            }
            State::Sysex {
                command: Some(command),
                len,
            } => {
                if byte == END_SYSEX {
                    self.state = State::Idle;
                    if len > self.max_payload {
                        self.buf.clear();
                        return Some(Event::Overflow { command, len });
                    }
                    let event = match Message::from_sysex(command, &self.buf) {
                        Ok(m) => Event::Message(m),
                        Err(e) => Event::Invalid(e),
                    };
                    self.buf.clear();
                    return Some(event);
                }
                if len < self.max_payload {
                    self.buf.push(byte);
                }
                self.state = State::Sysex {
                    command: Some(command),
                    len: len + 1,
                };
                None
            }
            State::Short { command, need } => {
                self.buf.push(byte);
                if need > 1 {
                    self.state = State::Short {
                        command,
                        need: need - 1,
                    };
                    return None;
                }
                self.state = State::Idle;
                let event = self.finish_short(command);
                self.buf.clear();
                event
            }
        }
    }

    fn start(&mut self, byte: u8) -> Option<Event> {
        if byte == START_SYSEX {
            self.state = State::Sysex {
                command: None,
                len: 0,
            };
            return None;
        }
        match self.short_len(byte) {
            None => {
                self.garbage += 1;
                None
            }
            Some(0) => self.finish_short(byte),
            Some(need) => {
                self.buf.clear();
                self.state = State::Short {
                    command: byte,
                    need,
                };
                None
            }
        }
    }

    fn finish_short(&mut self, command: u8) -> Option<Event> {
        match (self.direction, command, self.buf.as_slice()) {
            (Direction::ToBoard, REPORT_VERSION, _) => Some(Event::Message(Message::VersionQuery)),
            (Direction::ToBoard, SYSTEM_RESET, _) => Some(Event::Message(Message::SystemReset)),
            (Direction::ToHost, REPORT_VERSION, [major, minor]) => {
                Some(Event::Message(Message::Version {
                    major: *major,
                    minor: *minor,
                }))
            }
            // Pin and port messages: understood and ignored.
            _ => None,
        }
    }
}
