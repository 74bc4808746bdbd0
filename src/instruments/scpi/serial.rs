//! [`SerialLink`]: line-based SCPI over a serial port, through the blocking `serialport` crate.
//!
//! A reader thread owns one handle of the port and turns bytes into lines on a channel; writes
//! go through a cloned handle on tokio's blocking pool. The reader waits on the port's own read
//! timeout (an I/O wait, not a sleep), and stops when the link is dropped.

use std::io::{self, Read, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serialport::SerialPort;
use tokio::sync::mpsc;

use super::link::{LineBuffer, LineLink, LinkError};
use crate::instruments::traits::BoxFuture;

/// How long one blocking read waits before the reader thread checks whether to stop.
const READ_SLICE: Duration = Duration::from_millis(50);

/// A serial port carrying LF-terminated lines.
pub struct SerialLink {
    writer: Arc<Mutex<Box<dyn SerialPort>>>,
    lines: mpsc::UnboundedReceiver<Result<String, LinkError>>,
    stop: Arc<AtomicBool>,
}

impl std::fmt::Debug for SerialLink {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SerialLink").finish_non_exhaustive()
    }
}

impl SerialLink {
    /// Opens `path` at `baud`, 8N1, no flow control.
    pub async fn open(path: &str, baud: u32) -> Result<Self, LinkError> {
        let path = path.to_owned();
        let opened = tokio::task::spawn_blocking(move || {
            serialport::new(path, baud)
                .data_bits(serialport::DataBits::Eight)
                .parity(serialport::Parity::None)
                .stop_bits(serialport::StopBits::One)
                .flow_control(serialport::FlowControl::None)
                .timeout(READ_SLICE)
                .open()
        })
        .await
        .map_err(|e| LinkError::Io(io::Error::other(e)))?;
        let port = opened.map_err(|e| LinkError::Io(io::Error::from(e)))?;
        Self::from_port(port)
    }

    /// Wraps an open port (used by tests with a pseudo-terminal).
    pub fn from_port(port: Box<dyn SerialPort>) -> Result<Self, LinkError> {
        let reader = port
            .try_clone()
            .map_err(|e| LinkError::Io(io::Error::from(e)))?;
        let (tx, rx) = mpsc::unbounded_channel();
        let stop = Arc::new(AtomicBool::new(false));
        let stop_reader = Arc::clone(&stop);
        std::thread::Builder::new()
            .name("scpi-serial-reader".into())
            .spawn(move || read_lines(reader, tx, &stop_reader))
            .map_err(LinkError::Io)?;
        Ok(SerialLink {
            writer: Arc::new(Mutex::new(port)),
            lines: rx,
            stop,
        })
    }
}

fn read_lines(
    mut port: Box<dyn SerialPort>,
    tx: mpsc::UnboundedSender<Result<String, LinkError>>,
    stop: &AtomicBool,
) {
    let mut lines = LineBuffer::default();
    let mut chunk = [0u8; 256];
    while !stop.load(Ordering::Relaxed) {
        match port.read(&mut chunk) {
            Ok(0) => {}
            Ok(n) => {
                lines.extend(chunk.get(..n).unwrap_or_default());
                loop {
                    match lines.next_line() {
                        Ok(Some(line)) => {
                            if tx.send(Ok(line)).is_err() {
                                return;
                            }
                        }
                        Ok(None) => break,
                        Err(e) => {
                            if tx.send(Err(e)).is_err() {
                                return;
                            }
                        }
                    }
                }
            }
            Err(e) if e.kind() == io::ErrorKind::TimedOut => {}
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => {
                let _ = tx.send(Err(LinkError::from_io(e)));
                return;
            }
        }
    }
}

impl Drop for SerialLink {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

impl LineLink for SerialLink {
    fn send<'a>(&'a mut self, line: &'a str) -> BoxFuture<'a, Result<(), LinkError>> {
        Box::pin(async move {
            let writer = Arc::clone(&self.writer);
            let mut msg = line.as_bytes().to_vec();
            msg.push(b'\n');
            tokio::task::spawn_blocking(move || {
                let mut port = writer
                    .lock()
                    .map_err(|_| LinkError::Closed("serial writer poisoned".into()))?;
                port.write_all(&msg).map_err(LinkError::from_io)?;
                port.flush().map_err(LinkError::from_io)
            })
            .await
            .map_err(|e| LinkError::Io(io::Error::other(e)))?
        })
    }

    fn receive(&mut self) -> BoxFuture<'_, Result<String, LinkError>> {
        Box::pin(async move {
            match self.lines.recv().await {
                Some(r) => r,
                None => Err(LinkError::Closed("serial reader stopped".into())),
            }
        })
    }

    fn discard_input(&mut self) {
        while self.lines.try_recv().is_ok() {}
    }

    fn can_reconnect(&self) -> bool {
        false
    }

    fn reconnect(&mut self) -> BoxFuture<'_, Result<(), LinkError>> {
        Box::pin(async { Err(LinkError::Closed("a serial port is not reopened".into())) })
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    /// A real kernel pseudo-terminal: the link sends a query, a thread on the other side answers.
    #[tokio::test]
    async fn talks_over_a_pseudo_terminal() -> Result<(), Box<dyn std::error::Error>> {
        let (mut master, slave) = serialport::TTYPort::pair()?;
        master.set_timeout(Duration::from_secs(2))?;
        let echo = std::thread::spawn(move || -> io::Result<(Vec<u8>, serialport::TTYPort)> {
            let mut got = Vec::new();
            let mut b = [0u8; 1];
            while got.last() != Some(&b'\n') {
                master.read_exact(&mut b)?;
                got.push(b[0]);
            }
            master.write_all(b"ACME,PM1,42,1.0\r\n")?;
            master.flush()?;
            // The master goes back to the test, so it stays open until the reply is read.
            Ok((got, master))
        });
        let mut link = SerialLink::from_port(Box::new(slave))?;
        link.send("*IDN?").await?;
        let reply = tokio::time::timeout(Duration::from_secs(2), link.receive()).await??;
        assert_eq!(reply, "ACME,PM1,42,1.0");
        let (got, _master) = echo.join().map_err(|_| "echo thread panicked")??;
        assert_eq!(got, b"*IDN?\n");
        Ok(())
    }
}
