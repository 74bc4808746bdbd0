//! Firmata client session: the handshake StandardFirmata and ConfigurableFirmata expect
//! (REPORT_FIRMWARE, CAPABILITY_QUERY, then I2C_CONFIG before the first request), register
//! reads with STRING_DATA errors, and resync after garbage or a timeout.

use std::time::Duration;

use super::{Budget, Session};
use crate::addr::DeviceAddr;
use crate::transport::serial::firmata::message::{self, READ_REQUEST_LEN};
use crate::transport::serial::firmata::{
    Direction, Event, Flavor, I2cRequest, Message, PIN_MODE_I2C, Parser, TOO_FEW_BYTES,
    TOO_MANY_BYTES,
};
use crate::transport::serial::link::{Port, Wait};
use crate::transport::{Capabilities, TransportError};

/// Largest sysex payload the host buffers (a 128-byte reply is 260 bytes; capability
/// responses of big boards a few hundred).
const HOST_MAX_PAYLOAD: usize = 2048;

/// A Firmata board after a successful handshake.
pub(super) struct FirmataSession {
    parser: Parser,
    flavor: Flavor,
    firmware: String,
    seq: u8,
    resync: bool,
}

fn protocol(msg: String) -> TransportError {
    TransportError::Protocol(msg)
}

impl FirmataSession {
    /// Identifies the firmware, checks it has I2C pins, and enables I2C.
    pub(super) fn handshake(port: &mut Port, budget: &Budget) -> Result<Self, TransportError> {
        let mut parser = Parser::new(Direction::ToHost, HOST_MAX_PAYLOAD);
        // A board that just booted may still be printing its banner: start from silence (the
        // banner is not noise, so the dropped bytes are not counted as garbage).
        port.drain(Duration::from_millis(20), budget.timeout)?;
        let query = Message::FirmwareQuery
            .encode()
            .map_err(|e| protocol(e.to_string()))?;
        port.send(&query)?;
        let wait = Wait::new(
            budget.handshake,
            "the Firmata firmware report (REPORT_FIRMWARE)",
        );
        let (major, minor, name) = loop {
            match next_message(port, &mut parser, &wait)? {
                Message::Firmware { major, minor, name } => break (major, minor, name),
                _ => continue,
            }
        };
        let query = Message::CapabilityQuery
            .encode()
            .map_err(|e| protocol(e.to_string()))?;
        port.send(&query)?;
        let wait = Wait::new(budget.handshake, "the Firmata capability response");
        let pins = loop {
            if let Message::Capabilities(pins) = next_message(port, &mut parser, &wait)? {
                break pins;
            }
        };
        if !pins.iter().flatten().any(|c| c.mode == PIN_MODE_I2C) {
            return Err(protocol(format!(
                "Firmata board `{name}` reports no I2C-capable pin (mode 0x06)"
            )));
        }
        // I2C_CONFIG with a zero read delay: StandardFirmata enables I2C pins and Wire on it,
        // ConfigurableFirmata ignores requests until it arrived.
        let config = Message::I2cConfig { delay_us: Some(0) }
            .encode()
            .map_err(|e| protocol(e.to_string()))?;
        port.send(&config)?;
        port.stats.garbage_bytes += parser.take_garbage() as u64;
        Ok(FirmataSession {
            parser,
            flavor: Flavor::of_name(&name),
            firmware: format!("{name} {major}.{minor}"),
            seq: 0,
            resync: false,
        })
    }

    fn next_seq(&mut self) -> u8 {
        // 1-7: a ConfigurableFirmata reply echoes it; StandardFirmata answers 0.
        self.seq = self.seq % 7 + 1;
        self.seq
    }

    fn resync_if_needed(&mut self, port: &mut Port) -> Result<(), TransportError> {
        if self.resync {
            self.parser.reset();
            let dropped = port.drain(Duration::from_millis(10), Duration::from_millis(200))?;
            port.stats.garbage_bytes += (dropped + self.parser.take_garbage()) as u64;
            self.resync = false;
        }
        Ok(())
    }

    fn send_request(&mut self, port: &mut Port, req: I2cRequest) -> Result<(), TransportError> {
        let bytes = Message::I2cRequest(req)
            .encode()
            .map_err(|e| TransportError::InvalidRequest(e.to_string()))?;
        port.send(&bytes)
    }

    fn await_reply(
        &mut self,
        port: &mut Port,
        device: DeviceAddr,
        offset: u8,
        buf: &mut [u8],
        seq: u8,
        wait: &Wait,
    ) -> Result<(), TransportError> {
        let mut text: Option<String> = None;
        let mut invalid: Option<String> = None;
        loop {
            let event = match self.next_event(port, wait) {
                Ok(e) => e,
                Err(TransportError::Timeout { what, ms }) => {
                    return Err(match (invalid, text) {
                        (Some(why), _) => protocol(format!(
                            "garbled Firmata reply from {device} at byte {offset}: {why}"
                        )),
                        (None, Some(t)) => {
                            protocol(format!("the board said \"{t}\" and sent no I2C reply"))
                        }
                        (None, None) => TransportError::Timeout { what, ms },
                    });
                }
                Err(e) => return Err(e),
            };
            let reply = match event {
                Event::Message(Message::I2cReply(r)) => r,
                Event::Message(Message::Text(t)) => {
                    text = Some(t);
                    continue;
                }
                Event::Invalid(e) => {
                    invalid = Some(e.to_string());
                    continue;
                }
                _ => continue,
            };
            if u16::from(reply.address) != u16::from(device.0)
                || reply.register != u16::from(offset)
                || (reply.tag != 0 && reply.tag != seq)
            {
                port.stats.stale_replies += 1;
                continue;
            }
            let want = buf.len();
            return match text.as_deref() {
                // StandardFirmata still sends `count` bytes after "too few", the missing ones
                // stale from its buffer: the data cannot be trusted. An address NACK returns no
                // byte at all, the usual cause.
                Some(TOO_FEW_BYTES) => Err(TransportError::Nack { device, offset }),
                Some(TOO_MANY_BYTES) => Err(protocol(format!(
                    "the board said \"{TOO_MANY_BYTES}\" reading {want} bytes from {device} at byte {offset}"
                ))),
                _ if reply.data.is_empty() => Err(TransportError::Nack { device, offset }),
                _ if reply.data.len() != want => Err(protocol(format!(
                    "short I2C reply: {} of {want} bytes from {device} at byte {offset}",
                    reply.data.len()
                ))),
                _ => {
                    buf.copy_from_slice(&reply.data);
                    Ok(())
                }
            };
        }
    }

    fn next_event(&mut self, port: &mut Port, wait: &Wait) -> Result<Event, TransportError> {
        loop {
            let b = port.next_byte(wait)?;
            if let Some(e) = self.parser.push(b) {
                port.stats.garbage_bytes += self.parser.take_garbage() as u64;
                if let Event::Invalid(_) | Event::Overflow { .. } = e {
                    // The frame's bytes were not a message.
                    port.stats.garbage_bytes += 1;
                }
                return Ok(e);
            }
        }
    }
}

fn next_message(
    port: &mut Port,
    parser: &mut Parser,
    wait: &Wait,
) -> Result<Message, TransportError> {
    loop {
        let b = port.next_byte(wait)?;
        if let Some(Event::Message(m)) = parser.push(b) {
            return Ok(m);
        }
    }
}

impl Session for FirmataSession {
    fn read(
        &mut self,
        port: &mut Port,
        device: DeviceAddr,
        offset: u8,
        buf: &mut [u8],
        budget: &Budget,
    ) -> Result<(), TransportError> {
        self.resync_if_needed(port)?;
        let seq = self.next_seq();
        let count = buf.len() as u16;
        self.send_request(port, I2cRequest::read(device.0, offset, count, seq))?;
        let wait = Wait::new(
            budget.exchange(READ_REQUEST_LEN + message::reply_len(buf.len())),
            format!("the I2C reply from {device} at byte {offset}"),
        );
        let r = self.await_reply(port, device, offset, buf, seq, &wait);
        if matches!(
            r,
            Err(TransportError::Timeout { .. } | TransportError::Protocol(_))
        ) {
            self.resync = true;
        }
        r
    }

    fn write(
        &mut self,
        port: &mut Port,
        device: DeviceAddr,
        offset: u8,
        data: &[u8],
        _budget: &Budget,
    ) -> Result<(), TransportError> {
        self.resync_if_needed(port)?;
        let seq = self.next_seq();
        let mut bytes = Vec::with_capacity(1 + data.len());
        bytes.push(offset);
        bytes.extend_from_slice(data);
        // Firmata has no write status: a NACK is invisible (reference/protocols.md §1.1).
        self.send_request(port, I2cRequest::write(device.0, bytes, seq))
    }

    fn capabilities(&self) -> Capabilities {
        Capabilities {
            max_read: self.flavor.max_read(),
            max_write: self.flavor.max_write(),
            banks: true,
            selects_pages: false,
            // Firmata does not report the clock; Wire starts at 100 kHz.
            bus_hz: 100_000,
            in_memory: false,
        }
    }

    fn board(&self) -> String {
        self.firmware.clone()
    }
}
