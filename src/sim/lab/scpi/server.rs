//! [`ScpiServer`]: serves one simulated instrument on loopback TCP, line by line, as
//! protocols.md §2.10 asks: split input on LF and strip CR; reply to queries only, one line per
//! input line (answers of chained queries joined with `;`); the IEEE 488.2 common commands;
//! a FIFO error queue read by `SYST:ERR?` (`0,"No error"` when empty); an unknown header pushes
//! `-113,"Undefined header"` and gets no reply.
//!
//! Faults for the client's error paths: silence, garbage answers, dropped connections, delays.

use std::collections::VecDeque;
use std::io;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::{JoinHandle, JoinSet};

use super::header::matches;
use crate::sim::lab::lock::lock;

/// Most entries the error queue holds; later errors are dropped (the oldest are kept).
pub const ERROR_QUEUE_LEN: usize = 32;

/// One command of a message, after the path rules are applied.
#[derive(Debug, Clone, Copy)]
pub struct Command<'a> {
    /// Full header without leading `:` and without `?` (`SENS1:CHAN1:POW:WAV`).
    pub header: &'a str,
    /// Whether it ended with `?`.
    pub query: bool,
    /// Everything after the header, trimmed.
    pub args: &'a str,
}

/// What a responder does with a command.
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    /// A reply line.
    Reply(String),
    /// A reply line after a pause (a reading that blocks for its averaging time).
    ReplyAfter(String, Duration),
    /// Done, no reply.
    Done,
    /// Not understood: `-113,"Undefined header"`, no reply.
    Undefined,
    /// Understood but refused: the error is queued, no reply.
    Error(i32, &'static str),
}

/// One simulated instrument's dialect.
pub trait Responder: Send + 'static {
    /// The `*IDN?` reply.
    fn idn(&self) -> String;
    /// Whether the dialect has an SCPI error queue (`SYST:ERR?`); without one, unknown commands
    /// are silently ignored.
    fn has_error_queue(&self) -> bool {
        true
    }
    /// The empty-queue reply (`0,"No error"`; Keysight writes `+0,"No error"`).
    fn no_error(&self) -> &'static str {
        "0,\"No error\""
    }
    /// `*RST`.
    fn reset(&mut self) {}
    /// Any other command.
    fn handle(&mut self, cmd: &Command<'_>) -> Answer;
}

/// Misbehaviour of the server, for testing clients.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ServerFault {
    /// Behaves.
    None,
    /// Reads everything, answers nothing.
    Silent,
    /// Answers every query with garbage.
    Garbage,
    /// Closes the next n connections as soon as they send a line (`u32::MAX`: every one).
    DropConnections(u32),
    /// Waits this long before each reply.
    Delay(Duration),
}

struct Shared {
    responder: Mutex<Box<dyn Responder>>,
    errors: Mutex<VecDeque<(i32, String)>>,
    fault: Mutex<ServerFault>,
    accepted: AtomicUsize,
}

impl Shared {
    fn push_error(&self, code: i32, message: &str) {
        let mut q = lock(&self.errors);
        if q.len() < ERROR_QUEUE_LEN {
            q.push_back((code, message.to_owned()));
        }
    }

    /// Runs one input line; returns the reply parts and how long to wait before replying.
    fn execute(&self, line: &str) -> (Vec<String>, Duration) {
        let mut replies = Vec::new();
        let mut delay = Duration::ZERO;
        let mut prefix = String::new();
        let mut responder = lock(&self.responder);
        for part in line.split(';') {
            let part = part.trim();
            if part.is_empty() {
                continue;
            }
            let (head, args) = match part.split_once(char::is_whitespace) {
                Some((h, a)) => (h, a.trim()),
                None => (part, ""),
            };
            let (head, query) = match head.strip_suffix('?') {
                Some(h) => (h, true),
                None => (head, false),
            };
            let answer = if head.starts_with('*') {
                self.common(responder.as_mut(), head, query)
            } else {
                let full = match head.strip_prefix(':') {
                    Some(abs) => abs.to_owned(),
                    None if prefix.is_empty() => head.to_owned(),
                    None => format!("{prefix}:{head}"),
                };
                prefix = full
                    .rsplit_once(':')
                    .map(|(p, _)| p.to_owned())
                    .unwrap_or_default();
                self.dispatch(responder.as_mut(), &full, query, args)
            };
            match answer {
                Answer::Reply(r) => replies.push(r),
                Answer::ReplyAfter(r, d) => {
                    replies.push(r);
                    delay += d;
                }
                Answer::Done => {}
                Answer::Undefined => {
                    if responder.has_error_queue() {
                        self.push_error(-113, "Undefined header");
                    }
                }
                Answer::Error(code, message) => {
                    if responder.has_error_queue() {
                        self.push_error(code, message);
                    }
                }
            }
        }
        (replies, delay)
    }

    fn common(&self, responder: &mut dyn Responder, head: &str, query: bool) -> Answer {
        match (head.to_ascii_uppercase().as_str(), query) {
            ("*IDN", true) => Answer::Reply(responder.idn()),
            ("*RST", false) => {
                responder.reset();
                Answer::Done
            }
            ("*CLS", false) => {
                lock(&self.errors).clear();
                Answer::Done
            }
            ("*OPC", true) => Answer::Reply("1".into()),
            ("*ESR", true) => Answer::Reply("0".into()),
            ("*OPC", false) | ("*WAI", false) => Answer::Done,
            _ => Answer::Undefined,
        }
    }

    fn dispatch(
        &self,
        responder: &mut dyn Responder,
        header: &str,
        query: bool,
        args: &str,
    ) -> Answer {
        if responder.has_error_queue() && query {
            if matches("SYSTem:ERRor:[NEXT]", header).is_some() {
                return Answer::Reply(match lock(&self.errors).pop_front() {
                    Some((code, message)) => format!("{code},\"{message}\""),
                    None => responder.no_error().to_owned(),
                });
            }
            if matches("SYSTem:ERRor:COUNt", header).is_some() {
                return Answer::Reply(lock(&self.errors).len().to_string());
            }
        }
        responder.handle(&Command {
            header,
            query,
            args,
        })
    }
}

/// A simulated instrument listening on `127.0.0.1`. Dropping it stops the listener and closes
/// every connection.
pub struct ScpiServer {
    addr: SocketAddr,
    shared: Arc<Shared>,
    task: JoinHandle<()>,
}

impl std::fmt::Debug for ScpiServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ScpiServer")
            .field("addr", &self.addr)
            .finish_non_exhaustive()
    }
}

impl ScpiServer {
    /// Serves `responder` on `127.0.0.1:0` (an ephemeral port).
    pub async fn bind(responder: Box<dyn Responder>) -> io::Result<Self> {
        Self::bind_to("127.0.0.1:0", responder).await
    }

    /// Serves `responder` on `addr` (`optiqual sim serve` may pick a fixed port).
    pub async fn bind_to(addr: &str, responder: Box<dyn Responder>) -> io::Result<Self> {
        let listener = TcpListener::bind(addr).await?;
        let addr = listener.local_addr()?;
        let shared = Arc::new(Shared {
            responder: Mutex::new(responder),
            errors: Mutex::new(VecDeque::new()),
            fault: Mutex::new(ServerFault::None),
            accepted: AtomicUsize::new(0),
        });
        let task = tokio::spawn(accept_loop(listener, Arc::clone(&shared)));
        Ok(ScpiServer { addr, shared, task })
    }

    /// The bound socket address.
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// The address in the form the instrument factory takes: `tcp://127.0.0.1:PORT`.
    pub fn address(&self) -> String {
        format!("tcp://{}", self.addr)
    }

    /// Sets the fault mode.
    pub fn set_fault(&self, fault: ServerFault) {
        *lock(&self.shared.fault) = fault;
    }

    /// Queues an error as if the instrument had raised it.
    pub fn push_error(&self, code: i32, message: &str) {
        self.shared.push_error(code, message);
    }

    /// Entries now in the error queue.
    pub fn queued_errors(&self) -> Vec<(i32, String)> {
        lock(&self.shared.errors).iter().cloned().collect()
    }

    /// How many connections were accepted so far.
    pub fn connections(&self) -> usize {
        self.shared.accepted.load(Ordering::Relaxed)
    }
}

impl Drop for ScpiServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn accept_loop(listener: TcpListener, shared: Arc<Shared>) {
    // Connection tasks live in the set, so aborting this task closes them all.
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let Ok((stream, _)) = accepted else { continue };
                shared.accepted.fetch_add(1, Ordering::Relaxed);
                connections.spawn(serve(stream, Arc::clone(&shared)));
            }
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
}

async fn serve(stream: TcpStream, shared: Arc<Shared>) {
    let _ = stream.set_nodelay(true);
    let (read, mut write) = stream.into_split();
    let mut lines = BufReader::new(read).lines();
    // `lines()` splits on LF and strips a CR before it.
    while let Ok(Some(line)) = lines.next_line().await {
        let fault = {
            let mut f = lock(&shared.fault);
            let now = *f;
            if let ServerFault::DropConnections(n) = now {
                if n != u32::MAX {
                    *f = if n <= 1 {
                        ServerFault::None
                    } else {
                        ServerFault::DropConnections(n - 1)
                    };
                }
            }
            now
        };
        match fault {
            ServerFault::Silent => continue,
            ServerFault::DropConnections(_) => return,
            ServerFault::None | ServerFault::Garbage | ServerFault::Delay(_) => {}
        }
        let (replies, delay) = shared.execute(&line);
        if replies.is_empty() {
            continue;
        }
        let mut out = match fault {
            ServerFault::Garbage => "#\u{7f}?!garbage&&".to_owned(),
            _ => replies.join(";"),
        };
        out.push('\n');
        let pause = delay
            + match fault {
                ServerFault::Delay(d) => d,
                _ => Duration::ZERO,
            };
        if !pause.is_zero() {
            tokio::time::sleep(pause).await;
        }
        if write.write_all(out.as_bytes()).await.is_err() {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A minimal dialect: `VAL <x>` / `VAL?`, `SLOW?` blocks 10 ms.
    struct Echo {
        value: String,
    }

    impl Responder for Echo {
        fn idn(&self) -> String {
            "ACME,ECHO,1,1.0".into()
        }
        fn handle(&mut self, cmd: &Command<'_>) -> Answer {
            if matches("SOURce#:VALue", cmd.header).is_some() {
                if cmd.query {
                    return Answer::Reply(self.value.clone());
                }
                self.value = cmd.args.to_owned();
                return Answer::Done;
            }
            if cmd.header.eq_ignore_ascii_case("SLOW") && cmd.query {
                return Answer::ReplyAfter("ok".into(), Duration::from_millis(10));
            }
            Answer::Undefined
        }
    }

    fn shared() -> Shared {
        Shared {
            responder: Mutex::new(Box::new(Echo { value: "0".into() })),
            errors: Mutex::new(VecDeque::new()),
            fault: Mutex::new(ServerFault::None),
            accepted: AtomicUsize::new(0),
        }
    }

    #[test]
    fn path_rules_chaining_and_error_queue() {
        let s = shared();
        assert_eq!(s.execute("*IDN?").0, ["ACME,ECHO,1,1.0"]);
        assert!(s.execute("SOUR2:VAL 5").0.is_empty());
        // `;` chains at the same level; a leading ':' returns to the root.
        assert_eq!(s.execute("SOUR:VAL 7;VAL?").0, ["7"]);
        assert_eq!(s.execute(":source:value?;:SOUR:VAL?").0, ["7", "7"]);
        assert!(s.execute("BOGUS 1").0.is_empty());
        assert!(s.execute("SOUR:VALU?").0.is_empty()); // neither short nor long
        assert_eq!(s.execute("SYST:ERR:COUN?").0, ["2"]);
        assert_eq!(s.execute("SYST:ERR?").0, ["-113,\"Undefined header\""]);
        assert_eq!(
            s.execute("SYSTEM:ERROR:NEXT?").0,
            ["-113,\"Undefined header\""]
        );
        assert_eq!(s.execute("SYST:ERR?").0, ["0,\"No error\""]);
        s.execute("BOGUS");
        s.execute("*CLS");
        assert_eq!(s.execute("SYST:ERR?").0, ["0,\"No error\""]);
        assert_eq!(s.execute("*OPC?").0, ["1"]);
        assert_eq!(s.execute("SLOW?").1, Duration::from_millis(10));
    }

    #[test]
    fn the_queue_is_bounded() {
        let s = shared();
        for _ in 0..100 {
            s.execute("BOGUS");
        }
        assert_eq!(lock(&s.errors).len(), ERROR_QUEUE_LEN);
    }
}
