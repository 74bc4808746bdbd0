//! [`serve_pty`]: a simulated board on the master side of a kernel pseudo-terminal, in a
//! background thread; the slave's path is the "serial port" a host opens.
//!
//! The thread polls the master with a short timeout so it notices shutdown; when no host holds
//! the slave open the master reports a hang-up, and the thread waits for the next host. Output
//! is paced at the line rate when asked (the board thread sleeps on the wall clock: it stands
//! for real hardware, and the host under test sees real time either way).

use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use serialport::{SerialPort, TTYPort};

use super::firmware::IDLE;
use super::pace::LineClock;
use super::{BoardConfig, Firmware, build};
use crate::transport::Transport;
use crate::transport::selector::SerialProtocol;

const POLL: Duration = Duration::from_millis(10);

#[derive(Default)]
struct Shared {
    stop: AtomicBool,
    garbage: Mutex<Vec<u8>>,
}

/// A board served on a pseudo-terminal; dropping it stops the board and closes the master,
/// which a connected host sees as a disconnect.
pub struct PtyServer {
    path: PathBuf,
    shared: Arc<Shared>,
    thread: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for PtyServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PtyServer")
            .field("path", &self.path)
            .finish()
    }
}

impl PtyServer {
    /// The slave's path (`/dev/pts/N`): open it as a serial port.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Test hook: the board sends `bytes` of noise right before its next reply.
    pub fn inject_garbage(&self, bytes: &[u8]) {
        if let Ok(mut g) = self.shared.garbage.lock() {
            g.extend_from_slice(bytes);
        }
    }

    /// Stops the board and closes the master.
    pub fn shutdown(mut self) {
        self.stop();
    }

    fn stop(&mut self) {
        self.shared.stop.store(true, Ordering::SeqCst);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

impl Drop for PtyServer {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Serves a `protocol` board hosting `modules` (several: behind a PCA954x mux at 0x70) on a new
/// pseudo-terminal, pacing its line at `baud`.
pub fn serve_pty(
    protocol: SerialProtocol,
    modules: Vec<Box<dyn Transport>>,
    baud: u32,
) -> io::Result<PtyServer> {
    serve_pty_with(
        modules,
        BoardConfig {
            protocol,
            baud,
            ..BoardConfig::default()
        },
    )
}

/// [`serve_pty`] with every option.
pub fn serve_pty_with(
    modules: Vec<Box<dyn Transport>>,
    config: BoardConfig,
) -> io::Result<PtyServer> {
    let (mut master, slave) = TTYPort::pair().map_err(io::Error::from)?;
    let path = slave
        .name()
        .map(PathBuf::from)
        .ok_or_else(|| io::Error::other("the pseudo-terminal has no slave path"))?;
    // The host opens the path itself; holding the slave here would keep the tty (and any
    // exclusive lock a host set on it) alive between hosts.
    drop(slave);
    master.set_timeout(POLL).map_err(io::Error::from)?;
    let firmware = build(modules, &config);
    let shared = Arc::new(Shared::default());
    let thread_shared = Arc::clone(&shared);
    let pace = config.pace.then_some(config.baud);
    let thread = std::thread::Builder::new()
        .name("optiqual-sim-board".into())
        .spawn(move || serve(master, firmware, pace, &thread_shared))?;
    Ok(PtyServer {
        path,
        shared,
        thread: Some(thread),
    })
}

fn serve(mut master: TTYPort, mut firmware: Box<dyn Firmware>, pace: Option<u32>, shared: &Shared) {
    let mut clock = LineClock::new(pace);
    let mut connected = false;
    let mut last_rx = Instant::now();
    let mut buf = [0u8; 512];
    while !shared.stop.load(Ordering::SeqCst) {
        match master.read(&mut buf) {
            Ok(n) if n > 0 => {
                if !connected {
                    connected = true;
                    clock = LineClock::new(pace);
                }
                last_rx = Instant::now();
                clock.chunk_arrived(last_rx);
                for &b in &buf[..n] {
                    let at = clock.byte_received();
                    let reply = firmware.feed(b);
                    if !reply.is_empty()
                        && send(&mut master, &mut clock, at, reply, shared).is_err()
                    {
                        break;
                    }
                }
            }
            Err(e) if e.kind() == io::ErrorKind::TimedOut => {
                // Quiet, but a host holds the slave open.
                if last_rx.elapsed() >= IDLE {
                    firmware.idle();
                    last_rx = Instant::now();
                }
                if !connected {
                    connected = true;
                    clock = LineClock::new(pace);
                    let banner = firmware.on_connect();
                    if !banner.is_empty() {
                        let _ = send(&mut master, &mut clock, Instant::now(), banner, shared);
                    }
                }
            }
            // Hang-up (no host) or end of file: wait for the next host.
            _ => {
                if connected {
                    connected = false;
                    firmware.reset_link();
                }
                std::thread::sleep(POLL);
            }
        }
    }
}

/// Writes `reply` (after any injected noise) once its last byte would have left the UART.
fn send(
    master: &mut TTYPort,
    clock: &mut LineClock,
    ready: Instant,
    reply: Vec<u8>,
    shared: &Shared,
) -> io::Result<()> {
    let mut out = match shared.garbage.lock() {
        Ok(mut g) => std::mem::take(&mut *g),
        Err(_) => Vec::new(),
    };
    out.extend_from_slice(&reply);
    let done = clock.reply(ready, out.len());
    // Sleep in slices so a shutdown is never held up by a slow line.
    while let Some(left) = done.checked_duration_since(Instant::now()) {
        if shared.stop.load(Ordering::SeqCst) {
            return Err(io::Error::other("shutting down"));
        }
        std::thread::sleep(left.min(POLL));
    }
    master.write_all(&out)
}
