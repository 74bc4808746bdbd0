//! The byte pipe under a serial bridge: any `Read + Write` whose reads can be bounded in time
//! (a [`serialport::TTYPort`] in production), and [`Port`], which bounds every read by a
//! deadline and maps I/O failures to [`TransportError`].
//!
//! Deadlines are wall-clock instants: the port's read timeout is the operating system's, so
//! there is no virtual clock to use here; nothing sleeps, reads only wait for bytes.

use std::io::{self, Read, Write};
use std::time::{Duration, Instant};

use crate::transport::TransportError;

/// A serial port, or anything that behaves like one.
pub trait SerialLink: Read + Write + Send {
    /// Makes the next reads return `ErrorKind::TimedOut` (or `WouldBlock`) after `timeout`
    /// without data.
    fn set_read_timeout(&mut self, timeout: Duration) -> io::Result<()>;
}

#[cfg(unix)]
impl SerialLink for serialport::TTYPort {
    fn set_read_timeout(&mut self, timeout: Duration) -> io::Result<()> {
        serialport::SerialPort::set_timeout(self, timeout).map_err(io::Error::from)
    }
}

impl SerialLink for Box<dyn serialport::SerialPort> {
    fn set_read_timeout(&mut self, timeout: Duration) -> io::Result<()> {
        self.set_timeout(timeout).map_err(io::Error::from)
    }
}

/// Bytes moved and skipped on a link.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LinkStats {
    /// Bytes written to the board.
    pub tx_bytes: u64,
    /// Bytes received from the board.
    pub rx_bytes: u64,
    /// Received bytes that belonged to no valid message (noise, cut frames, invalid lines).
    pub garbage_bytes: u64,
    /// Valid replies that answered an earlier request (after a timeout) and were dropped.
    pub stale_replies: u64,
}

/// How long a read may wait, and what it waits for (for the timeout error).
#[derive(Debug, Clone)]
pub struct Wait {
    /// When the wait started.
    pub started: Instant,
    /// When it gives up.
    pub deadline: Instant,
    /// What is awaited, in words.
    pub what: String,
}

impl Wait {
    /// A wait of `budget` from now.
    pub fn new(budget: Duration, what: impl Into<String>) -> Self {
        let started = Instant::now();
        Wait {
            started,
            deadline: started + budget,
            what: what.into(),
        }
    }

    /// A wait from now until `deadline`.
    pub fn until(deadline: Instant, what: impl Into<String>) -> Self {
        Wait {
            started: Instant::now(),
            deadline,
            what: what.into(),
        }
    }
}

/// A link with deadline-bounded reads and byte counters.
pub struct Port {
    link: Box<dyn SerialLink>,
    buf: Vec<u8>,
    pos: usize,
    len: usize,
    /// Counters.
    pub stats: LinkStats,
}

fn is_disconnect(e: &io::Error) -> bool {
    use io::ErrorKind as K;
    matches!(
        e.kind(),
        K::BrokenPipe
            | K::UnexpectedEof
            | K::ConnectionReset
            | K::ConnectionAborted
            | K::NotConnected
            | K::Other
    ) || matches!(e.raw_os_error(), Some(5 | 6 | 19)) // EIO, ENXIO, ENODEV: device gone
}

impl Port {
    /// Wraps `link`.
    pub fn new(link: Box<dyn SerialLink>) -> Self {
        Port {
            link,
            buf: vec![0; 512],
            pos: 0,
            len: 0,
            stats: LinkStats::default(),
        }
    }

    /// The next received byte, waiting at most until `wait.deadline`.
    pub fn next_byte(&mut self, wait: &Wait) -> Result<u8, TransportError> {
        if self.pos == self.len {
            self.fill(wait)?;
        }
        let b = self.buf[self.pos];
        self.pos += 1;
        Ok(b)
    }

    fn fill(&mut self, wait: &Wait) -> Result<(), TransportError> {
        loop {
            let now = Instant::now();
            let Some(left) = wait
                .deadline
                .checked_duration_since(now)
                .filter(|d| !d.is_zero())
            else {
                return Err(TransportError::Timeout {
                    what: wait.what.clone(),
                    ms: now.duration_since(wait.started).as_millis() as u64,
                });
            };
            self.link
                .set_read_timeout(left)
                .map_err(|e| io_error("setting the read timeout", e))?;
            match self.link.read(&mut self.buf) {
                Ok(0) => {
                    return Err(TransportError::Disconnected(
                        "the serial port reached end of file".into(),
                    ));
                }
                Ok(n) => {
                    self.pos = 0;
                    self.len = n;
                    self.stats.rx_bytes += n as u64;
                    return Ok(());
                }
                Err(e)
                    if matches!(
                        e.kind(),
                        io::ErrorKind::TimedOut
                            | io::ErrorKind::WouldBlock
                            | io::ErrorKind::Interrupted
                    ) => {}
                Err(e) if is_disconnect(&e) => {
                    return Err(TransportError::Disconnected(format!(
                        "serial port read failed: {e}"
                    )));
                }
                Err(e) => return Err(io_error("reading the serial port", e)),
            }
        }
    }

    /// Writes all of `bytes`.
    pub fn send(&mut self, bytes: &[u8]) -> Result<(), TransportError> {
        let r = self.link.write_all(bytes).and_then(|()| self.link.flush());
        match r {
            Ok(()) => {
                self.stats.tx_bytes += bytes.len() as u64;
                Ok(())
            }
            Err(e) if e.kind() == io::ErrorKind::TimedOut => Err(TransportError::Timeout {
                what: "writing to the serial port".into(),
                ms: 0,
            }),
            Err(e) if is_disconnect(&e) => Err(TransportError::Disconnected(format!(
                "serial port write failed: {e}"
            ))),
            Err(e) => Err(io_error("writing the serial port", e)),
        }
    }

    /// Discards what is buffered and whatever arrives until the line has been quiet for
    /// `quiet`, for at most `max`; returns the bytes dropped. A disconnect is an error.
    pub fn drain(&mut self, quiet: Duration, max: Duration) -> Result<usize, TransportError> {
        let mut dropped = self.len - self.pos;
        self.pos = self.len;
        let end = Instant::now() + max;
        loop {
            let wait = Wait::until((Instant::now() + quiet).min(end), "drain");
            match self.fill(&wait) {
                Ok(()) => {
                    dropped += self.len;
                    self.pos = self.len;
                }
                Err(TransportError::Timeout { .. }) => return Ok(dropped),
                Err(e) => return Err(e),
            }
            if Instant::now() >= end {
                return Ok(dropped);
            }
        }
    }
}

fn io_error(context: &str, source: io::Error) -> TransportError {
    TransportError::Io {
        context: context.to_string(),
        source,
    }
}
