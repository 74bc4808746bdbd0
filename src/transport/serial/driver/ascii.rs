//! Client session of optiqual's ASCII protocol (docs/serial-ascii-protocol.md): identify, then
//! tagged commands; replies with another tag, noise and garbled lines are skipped (resync).

use super::{Budget, Session};
use crate::addr::DeviceAddr;
use crate::transport::serial::ascii::{
    Command, ErrCode, Identity, Line, LineSplitter, MAX_LINE, Response, parse_response,
};
use crate::transport::serial::link::{Port, Wait};
use crate::transport::{Capabilities, TransportError};

/// An ASCII board after a successful `I`.
pub(super) struct AsciiSession {
    lines: LineSplitter,
    identity: Identity,
    tag: u8,
    resync: bool,
}

impl AsciiSession {
    /// Sends `I` (after a bare LF that ends any partial line the board holds) and reads the
    /// identity.
    pub(super) fn handshake(port: &mut Port, budget: &Budget) -> Result<Self, TransportError> {
        let mut s = AsciiSession {
            lines: LineSplitter::new(MAX_LINE),
            identity: Identity {
                name: String::new(),
                max_read: 1,
                max_write: 0,
                bus_hz: 100_000,
                mux: None,
            },
            tag: 0,
            resync: true,
        };
        let wait = Wait::new(budget.handshake, "the board's identity (command I)");
        match s.exchange(port, &Command::Identify, &wait)? {
            Response::Ok(payload) => {
                s.identity = Identity::parse(&payload)
                    .map_err(|e| TransportError::Protocol(format!("identity: {e}")))?;
                Ok(s)
            }
            other => Err(TransportError::Protocol(format!(
                "the board answered I with {other:?}"
            ))),
        }
    }

    /// Sends `cmd` with a fresh tag and returns the reply carrying that tag.
    fn exchange(
        &mut self,
        port: &mut Port,
        cmd: &Command,
        wait: &Wait,
    ) -> Result<Response, TransportError> {
        self.tag = self.tag.wrapping_add(1);
        let tag = self.tag;
        let mut bytes = cmd
            .encode(Some(tag))
            .map_err(|e| TransportError::InvalidRequest(e.to_string()))?;
        if self.resync {
            // A bare LF ends whatever partial line the board holds; it ignores empty lines.
            bytes.insert(0, b'\n');
            port.stats.garbage_bytes += self.lines.reset() as u64;
            self.resync = false;
        }
        port.send(&bytes)?;
        let r = self.await_tagged(port, tag, wait);
        if r.is_err() {
            self.resync = true;
        }
        r
    }

    fn await_tagged(
        &mut self,
        port: &mut Port,
        tag: u8,
        wait: &Wait,
    ) -> Result<Response, TransportError> {
        let ours = format!("#{tag:02X} ");
        loop {
            let b = port.next_byte(wait)?;
            let Some(line) = self.lines.push(b) else {
                continue;
            };
            let text = match line {
                Line::Text(t) => t,
                Line::TooLong { len } => {
                    port.stats.garbage_bytes += len as u64 + 1;
                    continue;
                }
            };
            match parse_response(&text) {
                Ok((Some(t), resp)) if t == tag => return Ok(resp),
                Ok(_) => port.stats.stale_replies += 1,
                Err(e) => {
                    port.stats.garbage_bytes += text.len() as u64 + 1;
                    // Our tag on a line that does not parse: our reply arrived garbled.
                    if text
                        .windows(ours.len())
                        .any(|w| w.eq_ignore_ascii_case(ours.as_bytes()))
                    {
                        return Err(TransportError::Protocol(format!(
                            "garbled reply `{}`: {e}",
                            String::from_utf8_lossy(&text)
                                .chars()
                                .take(40)
                                .collect::<String>()
                        )));
                    }
                }
            }
        }
    }
}

fn refused(device: DeviceAddr, offset: u8, code: ErrCode, text: String) -> TransportError {
    match code {
        ErrCode::Bus | ErrCode::BusTimeout => TransportError::BusError {
            device,
            offset,
            detail: format!("ERR {:02} {text}", code.number()),
        },
        ErrCode::Length => TransportError::InvalidRequest(format!("board: {text}")),
        other => TransportError::Protocol(format!(
            "the board refused the command: ERR {:02} {text}",
            other.number()
        )),
    }
}

impl Session for AsciiSession {
    fn read(
        &mut self,
        port: &mut Port,
        device: DeviceAddr,
        offset: u8,
        buf: &mut [u8],
        budget: &Budget,
    ) -> Result<(), TransportError> {
        let cmd = Command::Read {
            device: device.0,
            offset,
            len: buf.len() as u16,
        };
        // "#TT R DD OO LL\n" ≤ 16 bytes; "#TT OK " + 2 per byte + LF.
        let wait = Wait::new(
            budget.exchange(16 + 8 + 2 * buf.len()),
            format!("the reply to a read of {device} at byte {offset}"),
        );
        match self.exchange(port, &cmd, &wait)? {
            Response::Ok(payload) => {
                let data = Response::hex_data(&payload).map_err(|e| {
                    self.resync = true;
                    TransportError::Protocol(format!("read reply: {e}"))
                })?;
                if data.len() != buf.len() {
                    return Err(TransportError::Protocol(format!(
                        "short reply: {} of {} bytes from {device} at byte {offset}",
                        data.len(),
                        buf.len()
                    )));
                }
                buf.copy_from_slice(&data);
                Ok(())
            }
            Response::Nack => Err(TransportError::Nack { device, offset }),
            Response::Err { code, text } => Err(refused(device, offset, code, text)),
        }
    }

    fn write(
        &mut self,
        port: &mut Port,
        device: DeviceAddr,
        offset: u8,
        data: &[u8],
        budget: &Budget,
    ) -> Result<(), TransportError> {
        let cmd = Command::Write {
            device: device.0,
            offset,
            data: data.to_vec(),
        };
        let wait = Wait::new(
            budget.exchange(16 + 3 * data.len() + 8),
            format!("the reply to a write of {device} at byte {offset}"),
        );
        match self.exchange(port, &cmd, &wait)? {
            Response::Ok(_) => Ok(()),
            Response::Nack => Err(TransportError::Nack { device, offset }),
            Response::Err { code, text } => Err(refused(device, offset, code, text)),
        }
    }

    fn capabilities(&self) -> Capabilities {
        Capabilities {
            max_read: self.identity.max_read,
            max_write: self.identity.max_write,
            banks: true,
            selects_pages: false,
            bus_hz: self.identity.bus_hz,
            in_memory: false,
        }
    }

    fn board(&self) -> String {
        format!(
            "{} ({})",
            self.identity.name,
            crate::transport::serial::ascii::PROTOCOL
        )
    }
}
