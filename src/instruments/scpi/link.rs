//! [`LineLink`]: a bidirectional line channel to an instrument (TCP or serial), and
//! [`LineBuffer`], the byte-to-line splitter they share.
//!
//! Lines end with LF on both sides; a CR before the LF is stripped (protocols.md §2.1 and §2.10).

use std::io;

use crate::instruments::traits::BoxFuture;

/// Longest reply line accepted; anything longer is treated as garbage.
pub const MAX_LINE: usize = 64 * 1024;

/// Why a link operation failed.
#[derive(Debug, thiserror::Error)]
pub enum LinkError {
    /// The other end closed the connection (EOF, reset, broken pipe).
    #[error("connection closed: {0}")]
    Closed(String),
    /// Another operating-system error.
    #[error("{0}")]
    Io(#[from] io::Error),
    /// A reply line over [`MAX_LINE`] bytes, or one that is not UTF-8.
    #[error("{0}")]
    Garbage(String),
}

impl LinkError {
    /// Classifies an I/O error: resets and broken pipes are [`LinkError::Closed`].
    pub fn from_io(e: io::Error) -> Self {
        match e.kind() {
            io::ErrorKind::ConnectionReset
            | io::ErrorKind::ConnectionAborted
            | io::ErrorKind::BrokenPipe
            | io::ErrorKind::UnexpectedEof
            | io::ErrorKind::NotConnected => LinkError::Closed(e.to_string()),
            _ => LinkError::Io(e),
        }
    }
}

/// A line-oriented link. `receive` must be cancel-safe: the client wraps it in a timeout, and a
/// line that arrives after the timeout is kept (then dropped by `discard_input`), never half-read.
pub trait LineLink: Send {
    /// Sends one line; the link appends the LF.
    fn send<'a>(&'a mut self, line: &'a str) -> BoxFuture<'a, Result<(), LinkError>>;
    /// Waits for the next complete line (terminator removed).
    fn receive(&mut self) -> BoxFuture<'_, Result<String, LinkError>>;
    /// Drops any input already received (stale replies after a timeout, trailing garbage).
    fn discard_input(&mut self);
    /// Whether [`LineLink::reconnect`] can bring a dropped link back.
    fn can_reconnect(&self) -> bool;
    /// Opens the link again after it was closed.
    fn reconnect(&mut self) -> BoxFuture<'_, Result<(), LinkError>>;
}

/// Splits a byte stream into lines.
#[derive(Debug, Default)]
pub struct LineBuffer {
    buf: Vec<u8>,
}

impl LineBuffer {
    /// Appends received bytes.
    pub fn extend(&mut self, bytes: &[u8]) {
        self.buf.extend_from_slice(bytes);
    }

    /// Takes the next complete line, if any: `Ok(None)` when no LF has arrived yet.
    pub fn next_line(&mut self) -> Result<Option<String>, LinkError> {
        let Some(end) = self.buf.iter().position(|&b| b == b'\n') else {
            if self.buf.len() > MAX_LINE {
                self.buf.clear();
                return Err(LinkError::Garbage(format!(
                    "reply longer than {MAX_LINE} bytes without a line end"
                )));
            }
            return Ok(None);
        };
        let mut line: Vec<u8> = self.buf.drain(..=end).collect();
        line.pop(); // LF
        if line.last() == Some(&b'\r') {
            line.pop();
        }
        String::from_utf8(line)
            .map(Some)
            .map_err(|e| LinkError::Garbage(format!("reply is not text: {:?}", e.as_bytes())))
    }

    /// Forgets everything buffered.
    pub fn clear(&mut self) {
        self.buf.clear();
    }
}

#[cfg(test)]
pub(crate) mod script {
    //! A scripted link for driver unit tests: records what is sent and answers from a queue.

    use std::collections::VecDeque;
    use std::sync::{Arc, Mutex};

    use super::*;

    /// What a scripted link does on the next receive.
    #[derive(Debug, Clone)]
    pub enum Step {
        /// Answer this line.
        Reply(String),
        /// Never answer (the client times out).
        Silence,
    }

    /// Shared record of the conversation.
    #[derive(Debug, Default)]
    pub struct Log {
        pub sent: Vec<String>,
        pub replies: VecDeque<Step>,
    }

    /// A link that answers from a script.
    #[derive(Debug, Clone, Default)]
    pub struct ScriptLink {
        pub log: Arc<Mutex<Log>>,
    }

    impl ScriptLink {
        /// A link that will answer `replies` in order (only to receives, i.e. queries).
        pub fn new(replies: &[&str]) -> Self {
            let link = ScriptLink::default();
            link.push(replies);
            link
        }

        pub fn push(&self, replies: &[&str]) {
            if let Ok(mut log) = self.log.lock() {
                log.replies
                    .extend(replies.iter().map(|r| Step::Reply((*r).to_owned())));
            }
        }

        pub fn push_silence(&self) {
            if let Ok(mut log) = self.log.lock() {
                log.replies.push_back(Step::Silence);
            }
        }

        pub fn sent(&self) -> Vec<String> {
            self.log.lock().map(|l| l.sent.clone()).unwrap_or_default()
        }

        pub fn take_sent(&self) -> Vec<String> {
            self.log
                .lock()
                .map(|mut l| std::mem::take(&mut l.sent))
                .unwrap_or_default()
        }
    }

    impl LineLink for ScriptLink {
        fn send<'a>(&'a mut self, line: &'a str) -> BoxFuture<'a, Result<(), LinkError>> {
            Box::pin(async move {
                if let Ok(mut log) = self.log.lock() {
                    log.sent.push(line.to_owned());
                }
                Ok(())
            })
        }

        fn receive(&mut self) -> BoxFuture<'_, Result<String, LinkError>> {
            Box::pin(async move {
                let step = self.log.lock().ok().and_then(|mut l| l.replies.pop_front());
                match step {
                    Some(Step::Reply(r)) => Ok(r),
                    Some(Step::Silence) | None => std::future::pending().await,
                }
            })
        }

        fn discard_input(&mut self) {}

        fn can_reconnect(&self) -> bool {
            false
        }

        fn reconnect(&mut self) -> BoxFuture<'_, Result<(), LinkError>> {
            Box::pin(async { Err(LinkError::Closed("scripted link".into())) })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_lines_and_strips_cr() {
        let mut b = LineBuffer::default();
        b.extend(b"+0,\"No error\"\r\n1.5");
        assert_eq!(
            b.next_line().ok().flatten().as_deref(),
            Some("+0,\"No error\"")
        );
        assert_eq!(b.next_line().ok().flatten(), None);
        b.extend(b"\n");
        assert_eq!(b.next_line().ok().flatten().as_deref(), Some("1.5"));
    }

    #[test]
    fn rejects_overlong_and_binary_lines() {
        let mut b = LineBuffer::default();
        b.extend(&vec![b'x'; MAX_LINE + 1]);
        assert!(matches!(b.next_line(), Err(LinkError::Garbage(_))));
        b.extend(&[0xff, 0xfe, b'\n']);
        assert!(matches!(b.next_line(), Err(LinkError::Garbage(_))));
    }
}
