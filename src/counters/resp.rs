//! RESP2, the redis wire protocol, as pure encode and parse functions.
//!
//! Requests are arrays of bulk strings (`*N\r\n$len\r\narg\r\n…`). Replies are one of: simple
//! string `+OK\r\n`, error `-ERR …\r\n`, integer `:42\r\n`, bulk string `$len\r\n…\r\n` (or
//! `$-1\r\n` for nil) and array `*N\r\n…` (or `*-1\r\n`).

/// A reply value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RespValue {
    /// `+text`.
    Simple(String),
    /// `-text`: the server refused the command.
    Error(String),
    /// `:n`.
    Integer(i64),
    /// `$len` bytes, or nil (`$-1`).
    Bulk(Option<Vec<u8>>),
    /// `*n` values, or nil (`*-1`).
    Array(Option<Vec<RespValue>>),
}

/// A reply that breaks the protocol.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct RespError(pub String);

/// Largest bulk string accepted (redis itself allows 512 MiB; counters are tiny).
const MAX_BULK: usize = 64 << 20;
/// Largest array accepted.
const MAX_ARRAY: usize = 1 << 20;
/// Deepest nesting accepted.
const MAX_DEPTH: usize = 8;

/// Encode a command as an array of bulk strings.
pub fn encode_command(args: &[&[u8]]) -> Vec<u8> {
    let mut out = Vec::with_capacity(16 + args.iter().map(|a| a.len() + 16).sum::<usize>());
    out.extend_from_slice(format!("*{}\r\n", args.len()).as_bytes());
    for a in args {
        out.extend_from_slice(format!("${}\r\n", a.len()).as_bytes());
        out.extend_from_slice(a);
        out.extend_from_slice(b"\r\n");
    }
    out
}

/// Parse one reply from the front of `buf`. `Ok(None)` when more bytes are needed;
/// `Ok(Some((value, used)))` with the number of bytes it took.
pub fn parse(buf: &[u8]) -> Result<Option<(RespValue, usize)>, RespError> {
    parse_at(buf, 0, 0)
}

/// The line starting at `pos` (without CR LF) and the position after it.
fn line(buf: &[u8], pos: usize) -> Result<Option<(&[u8], usize)>, RespError> {
    let rest = buf.get(pos..).unwrap_or_default();
    match rest.windows(2).position(|w| w == b"\r\n") {
        Some(i) => Ok(Some((&rest[..i], pos + i + 2))),
        None if rest.len() > MAX_BULK => Err(RespError("reply line too long".into())),
        None => Ok(None),
    }
}

fn int(text: &[u8]) -> Result<i64, RespError> {
    std::str::from_utf8(text)
        .ok()
        .and_then(|s| s.parse::<i64>().ok())
        .ok_or_else(|| RespError(format!("bad integer {:?}", String::from_utf8_lossy(text))))
}

fn parse_at(buf: &[u8], pos: usize, depth: usize) -> Result<Option<(RespValue, usize)>, RespError> {
    if depth > MAX_DEPTH {
        return Err(RespError("reply nested too deeply".into()));
    }
    let Some(&kind) = buf.get(pos) else {
        return Ok(None);
    };
    let Some((text, next)) = line(buf, pos + 1)? else {
        return Ok(None);
    };
    let value = match kind {
        b'+' => RespValue::Simple(String::from_utf8_lossy(text).into_owned()),
        b'-' => RespValue::Error(String::from_utf8_lossy(text).into_owned()),
        b':' => RespValue::Integer(int(text)?),
        b'$' => {
            let len = int(text)?;
            if len == -1 {
                return Ok(Some((RespValue::Bulk(None), next)));
            }
            let len = usize::try_from(len)
                .ok()
                .filter(|&l| l <= MAX_BULK)
                .ok_or_else(|| RespError(format!("bad bulk length {len}")))?;
            let end = next + len;
            let Some(data) = buf.get(next..end) else {
                return Ok(None);
            };
            match buf.get(end..end + 2) {
                None => return Ok(None),
                Some(b"\r\n") => {}
                Some(_) => return Err(RespError("bulk string not followed by CR LF".into())),
            }
            return Ok(Some((RespValue::Bulk(Some(data.to_vec())), end + 2)));
        }
        b'*' => {
            let n = int(text)?;
            if n == -1 {
                return Ok(Some((RespValue::Array(None), next)));
            }
            let n = usize::try_from(n)
                .ok()
                .filter(|&l| l <= MAX_ARRAY)
                .ok_or_else(|| RespError(format!("bad array length {n}")))?;
            let mut items = Vec::with_capacity(n.min(1024));
            let mut at = next;
            for _ in 0..n {
                let Some((item, after)) = parse_at(buf, at, depth + 1)? else {
                    return Ok(None);
                };
                items.push(item);
                at = after;
            }
            return Ok(Some((RespValue::Array(Some(items)), at)));
        }
        other => {
            return Err(RespError(format!("unknown reply type byte 0x{other:02x}")));
        }
    };
    Ok(Some((value, next)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_commands() {
        assert_eq!(
            encode_command(&[b"HGET", b"COUNTERS_PORT_NAME_MAP", b"Ethernet0"]),
            b"*3\r\n$4\r\nHGET\r\n$22\r\nCOUNTERS_PORT_NAME_MAP\r\n$9\r\nEthernet0\r\n".to_vec()
        );
        assert_eq!(encode_command(&[b""]), b"*1\r\n$0\r\n\r\n".to_vec());
    }

    #[test]
    fn parses_scalars() {
        assert_eq!(
            parse(b"+OK\r\n").unwrap(),
            Some((RespValue::Simple("OK".into()), 5))
        );
        assert_eq!(
            parse(b"-ERR wrong\r\nextra").unwrap(),
            Some((RespValue::Error("ERR wrong".into()), 12))
        );
        assert_eq!(
            parse(b":-12\r\n").unwrap(),
            Some((RespValue::Integer(-12), 6))
        );
        assert_eq!(
            parse(b"$5\r\nhello\r\n").unwrap(),
            Some((RespValue::Bulk(Some(b"hello".to_vec())), 11))
        );
        assert_eq!(parse(b"$-1\r\n").unwrap(), Some((RespValue::Bulk(None), 5)));
        // A bulk string may contain CR LF itself.
        assert_eq!(
            parse(b"$4\r\na\r\nb\r\n").unwrap(),
            Some((RespValue::Bulk(Some(b"a\r\nb".to_vec())), 10))
        );
    }

    #[test]
    fn parses_arrays() {
        let reply = b"*3\r\n$3\r\nabc\r\n$-1\r\n:7\r\n";
        assert_eq!(
            parse(reply).unwrap(),
            Some((
                RespValue::Array(Some(vec![
                    RespValue::Bulk(Some(b"abc".to_vec())),
                    RespValue::Bulk(None),
                    RespValue::Integer(7),
                ])),
                reply.len()
            ))
        );
        assert_eq!(
            parse(b"*-1\r\n").unwrap(),
            Some((RespValue::Array(None), 5))
        );
        assert_eq!(
            parse(b"*0\r\n").unwrap(),
            Some((RespValue::Array(Some(vec![])), 4))
        );
    }

    #[test]
    fn incomplete_needs_more() {
        let full = b"*2\r\n$3\r\nabc\r\n$2\r\nxy\r\n";
        for cut in 0..full.len() {
            assert_eq!(parse(&full[..cut]).unwrap(), None, "cut at {cut}");
        }
        assert!(parse(full).unwrap().is_some());
    }

    #[test]
    fn rejects_garbage() {
        assert!(parse(b"?\r\n").is_err());
        assert!(parse(b":abc\r\n").is_err());
        assert!(parse(b"$-2\r\n").is_err());
        assert!(parse(b"$3\r\nabcXY").is_err());
        assert!(parse(b"*99999999999\r\n").is_err());
        // Nesting beyond the limit.
        let deep = b"*1\r\n".repeat(20);
        assert!(parse(&deep).is_err());
    }
}
