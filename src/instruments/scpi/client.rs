//! [`ScpiClient`]: queries and commands over a [`LineLink`], with per-query timeouts on tokio
//! time, the error queue drained after every command, and one reconnect on a dropped link.
//!
//! The pattern (protocols.md §2.1): a command gets no reply, so after it the client reads
//! `SYST:ERR?` until it answers code 0; any non-zero entry becomes
//! [`InstrumentError::InstrumentReported`]. A query that is not understood gets no reply either,
//! so it ends as [`InstrumentError::Timeout`].

use std::time::Duration;

use tokio::time::timeout;

use super::link::{LineLink, LinkError};
use super::reply::{self, ErrorEntry};
use super::serial::SerialLink;
use super::tcp::TcpLink;
use crate::instruments::address::Address;
use crate::instruments::error::{InstrumentError, Origin};
use crate::instruments::traits::Identity;

/// How the client learns that a command failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorCheck {
    /// Drain `SYST:ERR?` after every command (SCPI instruments).
    ScpiQueue,
    /// No error queue (non-SCPI dialects such as the ThermoStream; the driver checks its own
    /// error register).
    None,
}

/// Timeouts and error policy of a client.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientOptions {
    /// How long to wait for one reply line.
    pub timeout: Duration,
    /// How long to wait for a TCP connection (also a reconnect).
    pub connect_timeout: Duration,
    /// How command errors are detected.
    pub error_check: ErrorCheck,
    /// Most `SYST:ERR?` reads after one command before the queue is declared stuck.
    pub max_error_reads: usize,
}

impl Default for ClientOptions {
    fn default() -> Self {
        ClientOptions {
            timeout: Duration::from_secs(3),
            connect_timeout: Duration::from_secs(5),
            error_check: ErrorCheck::ScpiQueue,
            max_error_reads: 32,
        }
    }
}

/// A failure inside one attempt: the link broke (maybe worth a reconnect) or a final error.
enum Fail {
    Link(LinkError, String),
    Final(InstrumentError),
}

#[derive(Clone, Copy)]
enum Op<'a> {
    Query(&'a str),
    Command(&'a str),
    CheckErrors,
}

/// A line-based SCPI conversation with one instrument.
pub struct ScpiClient {
    link: Box<dyn LineLink>,
    at: Origin,
    opts: ClientOptions,
}

impl std::fmt::Debug for ScpiClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ScpiClient")
            .field("at", &self.at)
            .field("opts", &self.opts)
            .finish_non_exhaustive()
    }
}

impl ScpiClient {
    /// Opens the link named by `address` (`tcp:` or `serial:`; a serial address without a baud
    /// rate uses `default_baud`). `instrument` names the driver in error messages.
    pub async fn open(
        address: &Address,
        instrument: &str,
        default_baud: u32,
        opts: ClientOptions,
    ) -> Result<Self, InstrumentError> {
        let at = Origin::new(instrument, address.to_string());
        let link: Box<dyn LineLink> = match address {
            Address::Tcp { host, port } => {
                match timeout(opts.connect_timeout, TcpLink::connect(host, *port)).await {
                    Err(_) => {
                        return Err(InstrumentError::Timeout {
                            at,
                            what: "connect".into(),
                            ms: millis(opts.connect_timeout),
                        });
                    }
                    Ok(Err(e)) => {
                        return Err(InstrumentError::NotConnected {
                            at,
                            detail: format!("cannot connect: {e}"),
                        });
                    }
                    Ok(Ok(link)) => Box::new(link),
                }
            }
            Address::Serial { path, baud } => {
                match SerialLink::open(path, baud.unwrap_or(default_baud)).await {
                    Ok(link) => Box::new(link),
                    Err(e) => {
                        return Err(InstrumentError::NotConnected {
                            at,
                            detail: format!("cannot open serial port: {e}"),
                        });
                    }
                }
            }
            Address::Sim => {
                return Err(InstrumentError::InvalidRequest {
                    at,
                    detail:
                        "a sim address is served in-process by the simulated lab, not over a link"
                            .into(),
                });
            }
        };
        Ok(Self::from_link(link, at, opts))
    }

    /// A client over an already open link.
    pub fn from_link(link: Box<dyn LineLink>, at: Origin, opts: ClientOptions) -> Self {
        ScpiClient { link, at, opts }
    }

    /// The instrument and address, for error messages.
    pub fn origin(&self) -> &Origin {
        &self.at
    }

    /// The options in force.
    pub fn options(&self) -> ClientOptions {
        self.opts
    }

    /// A protocol error naming this instrument.
    pub fn protocol(&self, detail: impl Into<String>) -> InstrumentError {
        InstrumentError::Protocol {
            at: self.at.clone(),
            detail: detail.into(),
        }
    }

    /// An invalid-request error (the caller asked for something the instrument cannot do)
    /// naming this instrument.
    pub fn invalid_request(&self, detail: impl Into<String>) -> InstrumentError {
        InstrumentError::InvalidRequest {
            at: self.at.clone(),
            detail: detail.into(),
        }
    }

    /// An out-of-range error (a reply that is no measurement) naming this instrument.
    pub fn out_of_range(&self, detail: impl Into<String>) -> InstrumentError {
        InstrumentError::OutOfRange {
            at: self.at.clone(),
            detail: detail.into(),
        }
    }

    /// Sends a query and returns its one reply line.
    pub async fn query(&mut self, query: &str) -> Result<String, InstrumentError> {
        let reply = self.run(Op::Query(query)).await?;
        reply.ok_or_else(|| self.protocol(format!("no reply line to {query:?}")))
    }

    /// Sends a query whose reply is one number (infinities pass through; the caller decides).
    pub async fn query_f64(&mut self, query: &str) -> Result<f64, InstrumentError> {
        let line = self.query(query).await?;
        reply::parse_f64(&line).ok_or_else(|| {
            self.protocol(format!(
                "expected a number in reply to {query:?}, got {line:?}"
            ))
        })
    }

    /// Sends a query whose reply is one integer.
    pub async fn query_i64(&mut self, query: &str) -> Result<i64, InstrumentError> {
        let line = self.query(query).await?;
        reply::parse_i64(&line).ok_or_else(|| {
            self.protocol(format!(
                "expected an integer in reply to {query:?}, got {line:?}"
            ))
        })
    }

    /// Sends a command (no reply), then drains the error queue when the policy says so.
    pub async fn command(&mut self, command: &str) -> Result<(), InstrumentError> {
        self.run(Op::Command(command)).await.map(|_| ())
    }

    /// Drains the error queue now (`SYST:ERR?` until code 0).
    pub async fn check_errors(&mut self) -> Result<(), InstrumentError> {
        self.run(Op::CheckErrors).await.map(|_| ())
    }

    /// `*IDN?`, parsed into its four fields.
    pub async fn identify(&mut self) -> Result<Identity, InstrumentError> {
        let line = self.query("*IDN?").await?;
        reply::parse_idn(&line).ok_or_else(|| {
            self.protocol(format!(
                "*IDN? reply is not manufacturer,model,serial,firmware: {line:?}"
            ))
        })
    }

    async fn run(&mut self, op: Op<'_>) -> Result<Option<String>, InstrumentError> {
        let mut reconnected = false;
        loop {
            let attempt = match op {
                Op::Query(q) => self.attempt_query(q).await.map(Some),
                Op::Command(c) => self.attempt_command(c).await.map(|()| None),
                Op::CheckErrors => self.drain_errors().await.map(|()| None),
            };
            let (e, what) = match attempt {
                Ok(v) => return Ok(v),
                Err(Fail::Final(e)) => return Err(e),
                Err(Fail::Link(e, what)) => (e, what),
            };
            match e {
                LinkError::Closed(detail) if !reconnected && self.link.can_reconnect() => {
                    reconnected = true;
                    match timeout(self.opts.connect_timeout, self.link.reconnect()).await {
                        Ok(Ok(())) => continue,
                        Ok(Err(e)) => {
                            return Err(self.not_connected(format!(
                                "connection dropped ({detail}) while sending {what:?}; reconnecting failed: {e}"
                            )));
                        }
                        Err(_) => {
                            return Err(self.not_connected(format!(
                                "connection dropped ({detail}) while sending {what:?}; reconnecting timed out"
                            )));
                        }
                    }
                }
                LinkError::Closed(detail) if reconnected => {
                    return Err(self.not_connected(format!(
                        "connection dropped again after one reconnect ({detail}) while sending {what:?}"
                    )));
                }
                LinkError::Closed(detail) => {
                    return Err(self.not_connected(format!(
                        "connection dropped ({detail}) while sending {what:?}"
                    )));
                }
                LinkError::Io(source) => {
                    return Err(InstrumentError::Io {
                        at: self.at.clone(),
                        context: format!("sending {what:?}"),
                        source,
                    });
                }
                LinkError::Garbage(detail) => {
                    return Err(self.protocol(format!("reply to {what:?}: {detail}")));
                }
            }
        }
    }

    fn not_connected(&self, detail: String) -> InstrumentError {
        InstrumentError::NotConnected {
            at: self.at.clone(),
            detail,
        }
    }

    async fn exchange(&mut self, line: &str, expect_reply: bool) -> Result<Option<String>, Fail> {
        // Anything already received is stale (a late reply after a timeout, trailing garbage).
        self.link.discard_input();
        if let Err(e) = self.link.send(line).await {
            return Err(Fail::Link(e, line.to_owned()));
        }
        if !expect_reply {
            return Ok(None);
        }
        match timeout(self.opts.timeout, self.link.receive()).await {
            Err(_) => Err(Fail::Final(InstrumentError::Timeout {
                at: self.at.clone(),
                what: line.to_owned(),
                ms: millis(self.opts.timeout),
            })),
            Ok(Err(e)) => Err(Fail::Link(e, line.to_owned())),
            Ok(Ok(reply)) => Ok(Some(reply)),
        }
    }

    async fn attempt_query(&mut self, query: &str) -> Result<String, Fail> {
        match self.exchange(query, true).await? {
            Some(reply) => Ok(reply),
            None => Err(Fail::Final(self.protocol(format!("no reply to {query:?}")))),
        }
    }

    async fn attempt_command(&mut self, command: &str) -> Result<(), Fail> {
        self.exchange(command, false).await?;
        match self.opts.error_check {
            ErrorCheck::ScpiQueue => self.drain_errors().await,
            ErrorCheck::None => Ok(()),
        }
    }

    async fn drain_errors(&mut self) -> Result<(), Fail> {
        let mut found: Vec<ErrorEntry> = Vec::new();
        for _ in 0..self.opts.max_error_reads.max(1) {
            let line = self.attempt_query("SYST:ERR?").await?;
            let Some(entry) = reply::parse_error_entry(&line) else {
                return Err(Fail::Final(self.protocol(format!(
                    "SYST:ERR? reply is not code,\"text\": {line:?}"
                ))));
            };
            if entry.code == 0 {
                return match found.first() {
                    None => Ok(()),
                    Some(first) => Err(Fail::Final(InstrumentError::InstrumentReported {
                        at: self.at.clone(),
                        code: first.code,
                        message: found
                            .iter()
                            .map(|e| format!("{},\"{}\"", e.code, e.message))
                            .collect::<Vec<_>>()
                            .join("; "),
                    })),
                };
            }
            found.push(entry);
        }
        Err(Fail::Final(self.protocol(format!(
            "error queue still not empty after {} reads of SYST:ERR?",
            self.opts.max_error_reads.max(1)
        ))))
    }
}

fn millis(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

#[cfg(test)]
mod tests {
    use super::super::link::script::ScriptLink;
    use super::*;

    fn client(link: &ScriptLink, check: ErrorCheck) -> ScpiClient {
        ScpiClient::from_link(
            Box::new(link.clone()),
            Origin::new("test", "tcp://x:5025"),
            ClientOptions {
                timeout: Duration::from_millis(100),
                error_check: check,
                ..ClientOptions::default()
            },
        )
    }

    #[tokio::test(start_paused = true)]
    async fn command_drains_the_error_queue() {
        let link = ScriptLink::new(&["+0,\"No error\""]);
        let mut c = client(&link, ErrorCheck::ScpiQueue);
        assert!(c.command("SENS1:POW:UNIT 0").await.is_ok());
        assert_eq!(link.sent(), ["SENS1:POW:UNIT 0", "SYST:ERR?"]);
    }

    #[tokio::test(start_paused = true)]
    async fn queued_errors_become_instrument_reported() {
        let link = ScriptLink::new(&[
            "-113,\"Undefined header\"",
            "-222,\"Data out of range\"",
            "+0,\"No error\"",
        ]);
        let mut c = client(&link, ErrorCheck::ScpiQueue);
        match c.command("BOGUS 1").await {
            Err(InstrumentError::InstrumentReported { code, message, .. }) => {
                assert_eq!(code, -113);
                assert_eq!(
                    message,
                    "-113,\"Undefined header\"; -222,\"Data out of range\""
                );
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(link.sent().len(), 4);
    }

    #[tokio::test(start_paused = true)]
    async fn a_stuck_error_queue_is_a_protocol_error() {
        let link = ScriptLink::default();
        for _ in 0..40 {
            link.push(&["-100,\"Command error\""]);
        }
        let mut c = client(&link, ErrorCheck::ScpiQueue);
        assert!(matches!(
            c.command("X").await,
            Err(InstrumentError::Protocol { .. })
        ));
    }

    #[tokio::test(start_paused = true)]
    async fn silence_is_a_timeout_and_garbage_a_protocol_error() {
        let link = ScriptLink::default();
        link.push_silence();
        let mut c = client(&link, ErrorCheck::ScpiQueue);
        let e = c.query("*IDN?").await;
        assert!(
            matches!(e, Err(InstrumentError::Timeout { ms: 100, .. })),
            "{e:?}"
        );
        link.push(&["garbage!"]);
        assert!(matches!(
            c.identify().await,
            Err(InstrumentError::Protocol { .. })
        ));
        link.push(&["%%%"]);
        assert!(matches!(
            c.command("A").await,
            Err(InstrumentError::Protocol { .. })
        ));
        link.push(&["1.5x"]);
        assert!(matches!(
            c.query_f64("B?").await,
            Err(InstrumentError::Protocol { .. })
        ));
    }

    #[tokio::test(start_paused = true)]
    async fn no_error_queue_for_non_scpi_dialects() {
        let link = ScriptLink::default();
        let mut c = client(&link, ErrorCheck::None);
        assert!(c.command("SETP 25.0").await.is_ok());
        assert_eq!(link.sent(), ["SETP 25.0"]);
    }
}
