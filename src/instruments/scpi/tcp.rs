//! [`TcpLink`]: raw line-based SCPI over TCP (port 5025 by default, protocols.md §2.1).

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use super::link::{LineBuffer, LineLink, LinkError};
use crate::instruments::traits::BoxFuture;

/// A TCP connection to an instrument that can be reopened.
#[derive(Debug)]
pub struct TcpLink {
    host: String,
    port: u16,
    stream: Option<TcpStream>,
    lines: LineBuffer,
}

impl TcpLink {
    /// Connects to `host:port` (the caller bounds the wait with a timeout).
    pub async fn connect(host: &str, port: u16) -> Result<Self, LinkError> {
        let mut link = TcpLink {
            host: host.to_owned(),
            port,
            stream: None,
            lines: LineBuffer::default(),
        };
        link.open().await?;
        Ok(link)
    }

    async fn open(&mut self) -> Result<(), LinkError> {
        self.stream = None;
        self.lines.clear();
        let stream = TcpStream::connect((self.host.as_str(), self.port)).await?;
        // Small request/reply messages: do not wait for Nagle.
        stream.set_nodelay(true)?;
        self.stream = Some(stream);
        Ok(())
    }

    fn stream(&mut self) -> Result<&mut TcpStream, LinkError> {
        self.stream
            .as_mut()
            .ok_or_else(|| LinkError::Closed("not open".into()))
    }
}

impl LineLink for TcpLink {
    fn send<'a>(&'a mut self, line: &'a str) -> BoxFuture<'a, Result<(), LinkError>> {
        Box::pin(async move {
            let mut msg = Vec::with_capacity(line.len() + 1);
            msg.extend_from_slice(line.as_bytes());
            msg.push(b'\n');
            let r = self.stream()?.write_all(&msg).await;
            r.map_err(|e| {
                self.stream = None;
                LinkError::from_io(e)
            })
        })
    }

    fn receive(&mut self) -> BoxFuture<'_, Result<String, LinkError>> {
        Box::pin(async move {
            let mut chunk = [0u8; 1024];
            loop {
                if let Some(line) = self.lines.next_line()? {
                    return Ok(line);
                }
                // `read` is cancel-safe; bytes read are kept in `self.lines`.
                match self.stream()?.read(&mut chunk).await {
                    Ok(0) => {
                        self.stream = None;
                        return Err(LinkError::Closed("end of stream".into()));
                    }
                    Ok(n) => self.lines.extend(chunk.get(..n).unwrap_or_default()),
                    Err(e) => {
                        self.stream = None;
                        return Err(LinkError::from_io(e));
                    }
                }
            }
        })
    }

    fn discard_input(&mut self) {
        self.lines.clear();
        let mut chunk = [0u8; 1024];
        if let Some(stream) = self.stream.as_mut() {
            // Empty what the kernel already holds; EOF is left for the next receive to see.
            while let Ok(n) = stream.try_read(&mut chunk) {
                if n == 0 {
                    break;
                }
            }
        }
    }

    fn can_reconnect(&self) -> bool {
        true
    }

    fn reconnect(&mut self) -> BoxFuture<'_, Result<(), LinkError>> {
        Box::pin(self.open())
    }
}
