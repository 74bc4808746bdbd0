//! [`SerialTransport`]: a [`Transport`] over a serial I2C bridge, for both protocols.
//!
//! Every read waits at most the configured timeout plus the line time of the exchange at the
//! configured baud, so nothing hangs; NACK, short replies, garbage, end of file and silence map
//! to [`TransportError::Nack`], [`TransportError::Protocol`], [`TransportError::Disconnected`]
//! and [`TransportError::Timeout`]; after garbage or a timeout the next exchange resyncs first.

mod ascii;
mod firmata;

use std::time::Duration;

use crate::addr::DeviceAddr;
use crate::transport::selector::SerialProtocol;
use crate::transport::serial::link::{LinkStats, Port, SerialLink};
use crate::transport::{Capabilities, Transport, TransportError, check_span};

/// Timeouts of a serial bridge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// How long a reply may take beyond its line time.
    pub timeout: Duration,
    /// How long the handshake may take (an Arduino that resets on open boots in about 2 s and
    /// then sends its firmware report unasked, which the handshake accepts).
    pub handshake: Duration,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            timeout: Duration::from_millis(500),
            handshake: Duration::from_secs(3),
        }
    }
}

/// Time allowed for one exchange.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Budget {
    timeout: Duration,
    handshake: Duration,
    baud: u32,
}

impl Budget {
    /// The timeout plus the line time of `wire_bytes` at 10 bits per byte.
    fn exchange(&self, wire_bytes: usize) -> Duration {
        let line =
            Duration::from_micros(wire_bytes as u64 * 10_000_000 / u64::from(self.baud.max(1)));
        self.timeout + line
    }
}

/// One protocol's conversation with the board.
trait Session: Send {
    fn read(
        &mut self,
        port: &mut Port,
        device: DeviceAddr,
        offset: u8,
        buf: &mut [u8],
        budget: &Budget,
    ) -> Result<(), TransportError>;

    /// Writes `offset` then `data` (which may be empty) to `device`.
    fn write(
        &mut self,
        port: &mut Port,
        device: DeviceAddr,
        offset: u8,
        data: &[u8],
        budget: &Budget,
    ) -> Result<(), TransportError>;

    fn capabilities(&self) -> Capabilities;

    /// The board's name and version.
    fn board(&self) -> String;
}

/// A module behind a serial I2C bridge.
pub struct SerialTransport {
    port: Port,
    session: Box<dyn Session>,
    budget: Budget,
    name: String,
    mux: Option<(u8, u8)>,
    mux_selected: bool,
}

impl std::fmt::Debug for SerialTransport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SerialTransport")
            .field("name", &self.name)
            .field("board", &self.session.board())
            .finish()
    }
}

impl SerialTransport {
    /// Runs the `protocol` handshake over `link` (a port at `baud`) and returns the transport;
    /// `name` is the selector or path for [`Transport::describe`].
    pub fn new(
        link: Box<dyn SerialLink>,
        protocol: SerialProtocol,
        baud: u32,
        name: impl Into<String>,
        options: Options,
    ) -> Result<Self, TransportError> {
        let mut port = Port::new(link);
        let budget = Budget {
            timeout: options.timeout,
            handshake: options.handshake,
            baud,
        };
        let session: Box<dyn Session> = match protocol {
            SerialProtocol::Firmata => {
                Box::new(firmata::FirmataSession::handshake(&mut port, &budget)?)
            }
            SerialProtocol::Ascii => Box::new(ascii::AsciiSession::handshake(&mut port, &budget)?),
        };
        Ok(SerialTransport {
            port,
            session,
            budget,
            name: name.into(),
            mux: None,
            mux_selected: false,
        })
    }

    /// Puts every following transaction behind channel `channel` of the PCA954x mux at
    /// `address` (selected by writing the control byte `1 << channel` when it changes), or
    /// straight on the bus with `None`.
    pub fn set_mux(&mut self, mux: Option<(u8, u8)>) {
        if self.mux != mux {
            self.mux = mux;
            self.mux_selected = false;
        }
    }

    /// Bytes moved and skipped so far.
    pub fn stats(&self) -> LinkStats {
        self.port.stats
    }

    /// Zeroes the counters (e.g. after the handshake, before a measurement).
    pub fn reset_stats(&mut self) {
        self.port.stats = LinkStats::default();
    }

    /// The board's firmware name and version as it reported them.
    pub fn board(&self) -> String {
        self.session.board()
    }

    fn select_mux(&mut self) -> Result<(), TransportError> {
        let Some((address, channel)) = self.mux else {
            return Ok(());
        };
        if self.mux_selected {
            return Ok(());
        }
        let control = 1u8 << (channel & 0x07);
        self.session.write(
            &mut self.port,
            DeviceAddr(address),
            control,
            &[],
            &self.budget,
        )?;
        self.mux_selected = true;
        Ok(())
    }

    fn guarded<T>(
        &mut self,
        f: impl FnOnce(&mut Self) -> Result<T, TransportError>,
    ) -> Result<T, TransportError> {
        let r = self.select_mux().and_then(|()| f(self));
        if r.is_err() {
            // The mux state is unknown after a failure (the board may have reset).
            self.mux_selected = false;
        }
        r
    }
}

impl Transport for SerialTransport {
    fn read(
        &mut self,
        device: DeviceAddr,
        offset: u8,
        buf: &mut [u8],
    ) -> Result<(), TransportError> {
        check_span(offset, buf.len())?;
        let max = self.session.capabilities().max_read;
        if buf.len() > max {
            return Err(TransportError::InvalidRequest(format!(
                "read of {} bytes: the bridge reads at most {max} per transaction",
                buf.len()
            )));
        }
        self.guarded(|t| t.session.read(&mut t.port, device, offset, buf, &t.budget))
    }

    fn write(&mut self, device: DeviceAddr, offset: u8, data: &[u8]) -> Result<(), TransportError> {
        check_span(offset, data.len())?;
        let max = self.session.capabilities().max_write;
        if data.len() > max {
            return Err(TransportError::InvalidRequest(format!(
                "write of {} bytes: the bridge writes at most {max} per transaction",
                data.len()
            )));
        }
        self.guarded(|t| {
            t.session
                .write(&mut t.port, device, offset, data, &t.budget)
        })
    }

    fn capabilities(&self) -> Capabilities {
        self.session.capabilities()
    }

    fn describe(&self) -> String {
        format!("{} [{}]", self.name, self.session.board())
    }
}

/// Opens the serial port at `path` and `baud` and runs the `protocol` handshake: what the CLI
/// factory calls for `serial:PROTOCOL:PATH?baud=N`.
#[cfg(unix)]
pub fn open(
    protocol: SerialProtocol,
    path: &str,
    baud: u32,
) -> Result<SerialTransport, TransportError> {
    open_with(protocol, path, baud, Options::default())
}

/// [`open`] with explicit timeouts.
#[cfg(unix)]
pub fn open_with(
    protocol: SerialProtocol,
    path: &str,
    baud: u32,
    options: Options,
) -> Result<SerialTransport, TransportError> {
    let port = serialport::new(path, baud)
        .timeout(options.timeout)
        .open_native()
        .map_err(|e| TransportError::Io {
            context: format!("opening serial port {path}"),
            source: e.into(),
        })?;
    let p = match protocol {
        SerialProtocol::Firmata => "firmata",
        SerialProtocol::Ascii => "ascii",
    };
    SerialTransport::new(
        Box::new(port),
        protocol,
        baud,
        format!("serial:{p}:{path}"),
        options,
    )
}
