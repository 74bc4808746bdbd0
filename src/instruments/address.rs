//! Instrument addresses: `tcp://host[:port]`, `serial:/dev/ttyX[?baud=N]`, `sim`.

use std::fmt;
use std::str::FromStr;

use super::error::InstrumentError;

/// The raw-socket SCPI port (protocols.md §2.1: Keysight listens on 5025 by default).
pub const SCPI_PORT: u16 = 5025;

/// Where an instrument is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Address {
    /// Raw line-based socket: `tcp://host[:port]` (port 5025 when omitted); IPv6 hosts in brackets.
    Tcp {
        /// Host name or IP literal (without brackets).
        host: String,
        /// TCP port.
        port: u16,
    },
    /// A serial port: `serial:/dev/ttyUSB0[?baud=115200]`; the driver supplies the default rate.
    Serial {
        /// Device path.
        path: String,
        /// Line rate, when the address gives one.
        baud: Option<u32>,
    },
    /// The simulated lab, served in-process (wired by the CLI to `sim::lab`).
    Sim,
}

fn bad(address: &str, reason: impl Into<String>) -> InstrumentError {
    InstrumentError::BadAddress {
        address: address.to_owned(),
        reason: reason.into(),
    }
}

impl FromStr for Address {
    type Err = InstrumentError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s == "sim" {
            return Ok(Address::Sim);
        }
        if let Some(rest) = s.strip_prefix("tcp://") {
            return parse_tcp(s, rest);
        }
        if let Some(rest) = s.strip_prefix("serial:") {
            return parse_serial(s, rest);
        }
        Err(bad(
            s,
            "expected tcp://HOST[:PORT], serial:PATH[?baud=N] or sim",
        ))
    }
}

fn parse_tcp(whole: &str, rest: &str) -> Result<Address, InstrumentError> {
    let rest = rest.strip_suffix('/').unwrap_or(rest);
    let (host, port) = if let Some(v6) = rest.strip_prefix('[') {
        let Some((host, after)) = v6.split_once(']') else {
            return Err(bad(whole, "unclosed '[' in IPv6 host"));
        };
        match after {
            "" => (host, None),
            _ => match after.strip_prefix(':') {
                Some(p) => (host, Some(p)),
                None => return Err(bad(whole, "expected ':PORT' after ']'")),
            },
        }
    } else {
        match rest.rsplit_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (rest, None),
        }
    };
    if host.is_empty() {
        return Err(bad(whole, "empty host"));
    }
    if host.contains(['/', '?', ' ']) {
        return Err(bad(whole, "host contains '/', '?' or a space"));
    }
    let port = match port {
        None => SCPI_PORT,
        Some(p) => match p.parse::<u16>() {
            Ok(0) | Err(_) => return Err(bad(whole, format!("bad port {p:?}"))),
            Ok(n) => n,
        },
    };
    Ok(Address::Tcp {
        host: host.to_owned(),
        port,
    })
}

fn parse_serial(whole: &str, rest: &str) -> Result<Address, InstrumentError> {
    let (path, query) = match rest.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (rest, None),
    };
    if path.is_empty() {
        return Err(bad(whole, "empty device path"));
    }
    let mut baud = None;
    if let Some(query) = query {
        for pair in query.split('&') {
            match pair.split_once('=') {
                Some(("baud", v)) => match v.parse::<u32>() {
                    Ok(n) if n > 0 => baud = Some(n),
                    _ => return Err(bad(whole, format!("bad baud rate {v:?}"))),
                },
                _ => return Err(bad(whole, format!("unknown option {pair:?} (known: baud)"))),
            }
        }
    }
    Ok(Address::Serial {
        path: path.to_owned(),
        baud,
    })
}

impl fmt::Display for Address {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Address::Tcp { host, port } if host.contains(':') => write!(f, "tcp://[{host}]:{port}"),
            Address::Tcp { host, port } => write!(f, "tcp://{host}:{port}"),
            Address::Serial { path, baud: None } => write!(f, "serial:{path}"),
            Address::Serial {
                path,
                baud: Some(b),
            } => write!(f, "serial:{path}?baud={b}"),
            Address::Sim => f.write_str("sim"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tcp(host: &str, port: u16) -> Address {
        Address::Tcp {
            host: host.into(),
            port,
        }
    }

    #[test]
    fn parses_tcp_with_and_without_port() {
        assert_eq!(
            "tcp://meter.lab:5025".parse::<Address>().ok(),
            Some(tcp("meter.lab", 5025))
        );
        assert_eq!(
            "tcp://10.0.0.5".parse::<Address>().ok(),
            Some(tcp("10.0.0.5", 5025))
        );
        assert_eq!(
            "tcp://[::1]:6000".parse::<Address>().ok(),
            Some(tcp("::1", 6000))
        );
        assert_eq!(
            "tcp://[::1]".parse::<Address>().ok(),
            Some(tcp("::1", 5025))
        );
        assert_eq!(tcp("::1", 6000).to_string(), "tcp://[::1]:6000");
        assert_eq!(tcp("h", 1).to_string(), "tcp://h:1");
    }

    #[test]
    fn parses_serial_and_sim() {
        assert_eq!(
            "serial:/dev/ttyUSB0?baud=115200".parse::<Address>().ok(),
            Some(Address::Serial {
                path: "/dev/ttyUSB0".into(),
                baud: Some(115_200)
            })
        );
        let a: Option<Address> = "serial:/dev/ttyS1".parse().ok();
        assert_eq!(
            a,
            Some(Address::Serial {
                path: "/dev/ttyS1".into(),
                baud: None
            })
        );
        assert_eq!("sim".parse::<Address>().ok(), Some(Address::Sim));
    }

    #[test]
    fn rejects_bad_addresses() {
        for s in [
            "",
            "udp://x",
            "tcp://",
            "tcp://h:0",
            "tcp://h:70000",
            "tcp://h:x",
            "tcp://[::1",
            "serial:",
            "serial:/dev/x?baud=0",
            "serial:/dev/x?parity=n",
        ] {
            let r = s.parse::<Address>();
            assert!(
                matches!(r, Err(InstrumentError::BadAddress { .. })),
                "{s:?} gave {r:?}"
            );
        }
    }
}
