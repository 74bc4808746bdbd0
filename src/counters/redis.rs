//! A minimal redis client: RESP2 over a tokio `TcpStream`, one command at a time, every
//! command under a timeout. Enough for SONiC's COUNTERS_DB (SELECT, HGET, HMGET, HGETALL) and
//! for the simulator that fills it (HSET, DEL).

use std::fmt;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use super::error::CounterError;
use super::resp::{self, RespValue};

/// Default redis port.
pub const DEFAULT_PORT: u16 = 6379;

/// Where a redis server is: `redis://host[:port][/db]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RedisUrl {
    /// Host name or address (an IPv6 address without its brackets).
    pub host: String,
    /// TCP port.
    pub port: u16,
    /// Database number to SELECT.
    pub db: u32,
}

impl RedisUrl {
    /// Parse `redis://host[:port][/db]`; `[v6addr]` for IPv6. Missing port: 6379; missing db:
    /// `default_db` (2, COUNTERS_DB, for the SONiC source).
    pub fn parse(text: &str, default_db: u32) -> Result<Self, CounterError> {
        let bad = |why: &str| CounterError::InvalidSource(format!("{text:?}: {why}"));
        let rest = text
            .strip_prefix("redis://")
            .ok_or_else(|| bad("expected redis://host[:port][/db]"))?;
        let (hostport, db) = match rest.split_once('/') {
            Some((hp, "")) => (hp, default_db),
            Some((hp, db)) => (hp, db.parse().map_err(|_| bad("database is not a number"))?),
            None => (rest, default_db),
        };
        let (host, port) = if let Some(v6) = hostport.strip_prefix('[') {
            let (h, after) = v6.split_once(']').ok_or_else(|| bad("unclosed ["))?;
            match after {
                "" => (h, DEFAULT_PORT),
                p => (
                    h,
                    p.strip_prefix(':')
                        .and_then(|p| p.parse().ok())
                        .ok_or_else(|| bad("bad port"))?,
                ),
            }
        } else {
            match hostport.rsplit_once(':') {
                Some((h, p)) => (h, p.parse().map_err(|_| bad("bad port"))?),
                None => (hostport, DEFAULT_PORT),
            }
        };
        if host.is_empty() || host.contains(char::is_whitespace) || host.contains('@') {
            return Err(bad("bad host"));
        }
        Ok(Self {
            host: host.to_owned(),
            port,
            db,
        })
    }

    /// `host:port` as `TcpStream::connect` takes it.
    pub fn addr(&self) -> String {
        if self.host.contains(':') {
            format!("[{}]:{}", self.host, self.port)
        } else {
            format!("{}:{}", self.host, self.port)
        }
    }
}

impl fmt::Display for RedisUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "redis://{}/{}", self.addr(), self.db)
    }
}

/// One connection to a redis server.
#[derive(Debug)]
pub struct RedisClient {
    stream: TcpStream,
    buf: Vec<u8>,
    timeout: Duration,
    addr: String,
    db: u32,
}

fn timeout_ms(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

impl RedisClient {
    /// Connect to `url` and SELECT its database, each step within `timeout`.
    pub async fn connect(url: &RedisUrl, timeout: Duration) -> Result<Self, CounterError> {
        let addr = url.addr();
        let stream = tokio::time::timeout(timeout, TcpStream::connect(&addr))
            .await
            .map_err(|_| CounterError::Timeout {
                what: format!("connecting to redis at {addr}"),
                ms: timeout_ms(timeout),
            })?
            .map_err(|source| CounterError::Connect {
                addr: addr.clone(),
                source,
            })?;
        // Small request/response exchanges: do not wait for Nagle.
        let _ = stream.set_nodelay(true);
        let mut client = Self {
            stream,
            buf: Vec::with_capacity(4096),
            timeout,
            addr,
            db: 0,
        };
        client.select(url.db).await?;
        Ok(client)
    }

    /// The database currently selected.
    pub fn db(&self) -> u32 {
        self.db
    }

    /// Send one command and wait for its reply. An error reply is returned as
    /// [`CounterError::Server`].
    pub async fn command(&mut self, args: &[&[u8]]) -> Result<RespValue, CounterError> {
        let what = String::from_utf8_lossy(args.first().copied().unwrap_or_default()).into_owned();
        let limit = self.timeout;
        let reply = tokio::time::timeout(limit, self.exchange(args))
            .await
            .map_err(|_| CounterError::Timeout {
                what: format!("redis {what} at {}", self.addr),
                ms: timeout_ms(limit),
            })??;
        match reply {
            RespValue::Error(e) => Err(CounterError::Server(format!("{what}: {e}"))),
            other => Ok(other),
        }
    }

    async fn exchange(&mut self, args: &[&[u8]]) -> Result<RespValue, CounterError> {
        let io = |context: &str, addr: &str| {
            let context = format!("{context} redis at {addr}");
            move |source| CounterError::Io { context, source }
        };
        self.stream
            .write_all(&resp::encode_command(args))
            .await
            .map_err(io("writing to", &self.addr))?;
        loop {
            if let Some((value, used)) =
                resp::parse(&self.buf).map_err(|e| CounterError::Protocol(e.0))?
            {
                self.buf.drain(..used);
                return Ok(value);
            }
            let n = self
                .stream
                .read_buf(&mut self.buf)
                .await
                .map_err(io("reading from", &self.addr))?;
            if n == 0 {
                return Err(CounterError::Protocol(format!(
                    "redis at {} closed the connection",
                    self.addr
                )));
            }
        }
    }

    /// `SELECT db`.
    pub async fn select(&mut self, db: u32) -> Result<(), CounterError> {
        let db_text = db.to_string();
        match self.command(&[b"SELECT", db_text.as_bytes()]).await? {
            RespValue::Simple(_) => {
                self.db = db;
                Ok(())
            }
            other => Err(unexpected("SELECT", &other)),
        }
    }

    /// `HGET key field`: `None` when the key or field does not exist.
    pub async fn hget(&mut self, key: &str, field: &str) -> Result<Option<Vec<u8>>, CounterError> {
        match self
            .command(&[b"HGET", key.as_bytes(), field.as_bytes()])
            .await?
        {
            RespValue::Bulk(v) => Ok(v),
            other => Err(unexpected("HGET", &other)),
        }
    }

    /// `HMGET key field…`: one entry per field, `None` where absent.
    pub async fn hmget(
        &mut self,
        key: &str,
        fields: &[&str],
    ) -> Result<Vec<Option<Vec<u8>>>, CounterError> {
        let mut args: Vec<&[u8]> = vec![b"HMGET", key.as_bytes()];
        args.extend(fields.iter().map(|f| f.as_bytes()));
        match self.command(&args).await? {
            RespValue::Array(Some(items)) if items.len() == fields.len() => items
                .into_iter()
                .map(|item| match item {
                    RespValue::Bulk(v) => Ok(v),
                    other => Err(unexpected("HMGET item", &other)),
                })
                .collect(),
            other => Err(unexpected("HMGET", &other)),
        }
    }

    /// `HGETALL key`: field–value pairs (empty when the key does not exist).
    pub async fn hgetall(&mut self, key: &str) -> Result<Vec<(Vec<u8>, Vec<u8>)>, CounterError> {
        match self.command(&[b"HGETALL", key.as_bytes()]).await? {
            RespValue::Array(Some(items)) if items.len() % 2 == 0 => {
                let mut out = Vec::with_capacity(items.len() / 2);
                let mut it = items.into_iter();
                while let (Some(RespValue::Bulk(Some(f))), Some(RespValue::Bulk(Some(v)))) =
                    (it.next(), it.next())
                {
                    out.push((f, v));
                }
                Ok(out)
            }
            other => Err(unexpected("HGETALL", &other)),
        }
    }

    /// `HSET key field value [field value …]` (redis ≥ 4). Returns the number of new fields.
    pub async fn hset(&mut self, key: &str, pairs: &[(&str, &str)]) -> Result<i64, CounterError> {
        let mut args: Vec<&[u8]> = vec![b"HSET", key.as_bytes()];
        for (f, v) in pairs {
            args.push(f.as_bytes());
            args.push(v.as_bytes());
        }
        match self.command(&args).await? {
            RespValue::Integer(n) => Ok(n),
            other => Err(unexpected("HSET", &other)),
        }
    }

    /// `DEL key…`: the number of keys removed.
    pub async fn del(&mut self, keys: &[&str]) -> Result<i64, CounterError> {
        let mut args: Vec<&[u8]> = vec![b"DEL"];
        args.extend(keys.iter().map(|k| k.as_bytes()));
        match self.command(&args).await? {
            RespValue::Integer(n) => Ok(n),
            other => Err(unexpected("DEL", &other)),
        }
    }

    /// `PING`: true when the server answers PONG.
    pub async fn ping(&mut self) -> Result<bool, CounterError> {
        Ok(matches!(self.command(&[b"PING"]).await?, RespValue::Simple(s) if s == "PONG"))
    }
}

fn unexpected(what: &str, got: &RespValue) -> CounterError {
    CounterError::Protocol(format!("unexpected reply to {what}: {got:?}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_urls() {
        let u = RedisUrl::parse("redis://10.0.0.1", 2).unwrap();
        assert_eq!((u.host.as_str(), u.port, u.db), ("10.0.0.1", 6379, 2));
        let u = RedisUrl::parse("redis://sw1:6380/4", 2).unwrap();
        assert_eq!((u.host.as_str(), u.port, u.db), ("sw1", 6380, 4));
        let u = RedisUrl::parse("redis://127.0.0.1:7000/", 2).unwrap();
        assert_eq!((u.port, u.db), (7000, 2));
        let u = RedisUrl::parse("redis://[::1]:7000/0", 2).unwrap();
        assert_eq!((u.host.as_str(), u.port, u.db), ("::1", 7000, 0));
        assert_eq!(u.addr(), "[::1]:7000");
        assert_eq!(u.to_string(), "redis://[::1]:7000/0");
        let u = RedisUrl::parse("redis://[fe80::1]", 2).unwrap();
        assert_eq!(u.port, 6379);
        for bad in [
            "http://x",
            "redis://",
            "redis://h:port",
            "redis://h:99999",
            "redis://h/x",
            "redis://[::1",
            "redis://u@h",
        ] {
            assert!(RedisUrl::parse(bad, 2).is_err(), "{bad}");
        }
    }
}
