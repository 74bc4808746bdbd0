//! [`LoopbackLink`]: a board firmware behind an in-memory [`SerialLink`], for tests of the
//! driver without a pseudo-terminal or threads.

use std::collections::VecDeque;
use std::io::{self, Read, Write};
use std::time::Duration;

use super::Firmware;
use crate::transport::serial::SerialLink;

/// A link whose other end is `firmware`, answering synchronously as bytes are written.
pub struct LoopbackLink {
    firmware: Box<dyn Firmware>,
    inbox: VecDeque<u8>,
    /// Noise added before the next reply (test hook).
    pub garbage: Vec<u8>,
    /// When set, the link reports end of file (a vanished port).
    pub closed: bool,
    /// When set, replies are dropped (a board that hangs).
    pub mute: bool,
    /// When set, the next reply is cut to this many bytes.
    pub cut_next_reply: Option<usize>,
}

impl LoopbackLink {
    /// A link to `firmware`; it "connects" at once (StandardFirmata prints its reports).
    pub fn new(mut firmware: Box<dyn Firmware>) -> Self {
        let inbox = firmware.on_connect().into();
        LoopbackLink {
            firmware,
            inbox,
            garbage: Vec::new(),
            closed: false,
            mute: false,
            cut_next_reply: None,
        }
    }
}

impl Read for LoopbackLink {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.closed {
            return Ok(0);
        }
        if self.inbox.is_empty() {
            // Nothing will ever arrive without a write: time out at once.
            return Err(io::Error::new(io::ErrorKind::TimedOut, "no data"));
        }
        let n = buf.len().min(self.inbox.len());
        for (slot, b) in buf.iter_mut().zip(self.inbox.drain(..n)) {
            *slot = b;
        }
        Ok(n)
    }
}

impl Write for LoopbackLink {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.closed {
            return Err(io::Error::new(io::ErrorKind::BrokenPipe, "closed"));
        }
        for &b in buf {
            let mut reply = self.firmware.feed(b);
            if reply.is_empty() || self.mute {
                continue;
            }
            if let Some(n) = self.cut_next_reply.take() {
                reply.truncate(n);
            }
            self.inbox.extend(std::mem::take(&mut self.garbage));
            self.inbox.extend(reply);
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl SerialLink for LoopbackLink {
    fn set_read_timeout(&mut self, _timeout: Duration) -> io::Result<()> {
        Ok(())
    }
}
