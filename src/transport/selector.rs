//! Bus selectors (design.md §4.5): the strings that name where a module is.
//!
//! Parsing is pure; opening a backend happens in the CLI's factory, the only place that names
//! concrete backends.

use std::fmt;

/// A parsed bus selector.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selector {
    /// `mock:FIXTURE`: a simulated module built from a fixture file or fixture name.
    Mock {
        /// Path of the fixture, or its name in `fixtures/modules/`.
        fixture: String,
    },
    /// `i2cdev:/dev/i2c-N[?mux=0xAA:CH]`: Linux i2c-dev, optionally behind a PCA954x mux.
    I2cDev {
        /// Device node.
        path: String,
        /// Mux address and channel.
        mux: Option<(u8, u8)>,
    },
    /// `serial:PROTOCOL:/dev/ttyX[?baud=N]`: an I2C bridge on a serial port.
    Serial {
        /// Bridge protocol (`firmata`, `ascii`).
        protocol: SerialProtocol,
        /// Port path.
        path: String,
        /// Baud rate (default 115200).
        baud: u32,
        /// PCA954x mux address and channel on the bridge's I2C bus.
        mux: Option<(u8, u8)>,
    },
    /// `optoe:/sys/bus/i2c/devices/N-0050/eeprom`: the optoe driver's flat file.
    Optoe {
        /// Sysfs file.
        path: String,
    },
    /// `ethtool:IFACE`: module memory through the NIC driver (netlink).
    Ethtool {
        /// Interface name.
        iface: String,
    },
    /// `file:IMAGE`: a module image file, read-only.
    File {
        /// Image path.
        path: String,
    },
}

/// Serial bridge protocols.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SerialProtocol {
    /// Firmata I2C (StandardFirmata / ConfigurableFirmata).
    Firmata,
    /// optiqual's line protocol for evaluation boards.
    Ascii,
}

/// Default baud rate of serial bridges.
pub const DEFAULT_BAUD: u32 = 115_200;

/// Why a selector string is not valid; the message says how to write it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("bus selector `{input}`: {problem}")]
pub struct SelectorError {
    /// The selector as given.
    pub input: String,
    /// What is wrong and how to fix it.
    pub problem: String,
}

const FORMS: &str = "mock:FIXTURE, i2cdev:/dev/i2c-N[?mux=0xAA:CH], serial:PROTOCOL:/dev/ttyX[?baud=N], optoe:/sys/bus/i2c/devices/N-0050/eeprom, ethtool:IFACE or file:IMAGE";

impl std::str::FromStr for Selector {
    type Err = SelectorError;

    fn from_str(input: &str) -> Result<Self, Self::Err> {
        let err = |problem: String| SelectorError {
            input: input.to_string(),
            problem,
        };
        let (scheme, rest) = input
            .split_once(':')
            .ok_or_else(|| err(format!("no backend prefix; write one of {FORMS}")))?;
        let non_empty = |what: &str| {
            if rest.is_empty() {
                Err(err(format!(
                    "the {scheme}: selector needs {what} after the colon"
                )))
            } else {
                Ok(rest.to_string())
            }
        };
        match scheme {
            "mock" => Ok(Selector::Mock {
                fixture: non_empty("a fixture path or name")?,
            }),
            "file" => Ok(Selector::File {
                path: non_empty("an image path")?,
            }),
            "optoe" => Ok(Selector::Optoe {
                path: non_empty("the eeprom file path")?,
            }),
            "ethtool" => {
                let iface = non_empty("an interface name")?;
                if iface.contains(['/', ' ']) || iface.len() > 15 {
                    return Err(err(format!(
                        "`{iface}` is not an interface name (at most 15 characters, no '/' or spaces)"
                    )));
                }
                Ok(Selector::Ethtool { iface })
            }
            "i2cdev" => {
                let (path, query) = split_query(rest);
                if !path.starts_with('/') {
                    return Err(err("write the device node, e.g. i2cdev:/dev/i2c-1".into()));
                }
                let mux = match query {
                    None => None,
                    Some(q) => Some(parse_mux(q).map_err(err)?),
                };
                Ok(Selector::I2cDev {
                    path: path.to_string(),
                    mux,
                })
            }
            "serial" => {
                let (proto, port) = rest.split_once(':').ok_or_else(|| {
                    err("write serial:PROTOCOL:PORT, e.g. serial:firmata:/dev/ttyACM0".into())
                })?;
                let protocol = match proto {
                    "firmata" => SerialProtocol::Firmata,
                    "ascii" => SerialProtocol::Ascii,
                    other => {
                        return Err(err(format!(
                            "unknown serial protocol `{other}`; use firmata or ascii"
                        )));
                    }
                };
                let (path, query) = split_query(port);
                if path.is_empty() {
                    return Err(err("the serial port path is missing".into()));
                }
                let mut baud = DEFAULT_BAUD;
                let mut mux = None;
                for option in query.into_iter().flat_map(|q| q.split('&')) {
                    if option.starts_with("mux=") {
                        mux = Some(parse_mux(option).map_err(err)?);
                    } else if option.starts_with("baud=") {
                        baud = parse_baud(option).map_err(err)?;
                    } else {
                        return Err(err(format!(
                            "unknown option `{option}`; the options are baud=N and mux=0xAA:CH, joined by &"
                        )));
                    }
                }
                Ok(Selector::Serial {
                    protocol,
                    path: path.to_string(),
                    baud,
                    mux,
                })
            }
            other => Err(err(format!(
                "unknown backend `{other}`; write one of {FORMS}"
            ))),
        }
    }
}

fn split_query(s: &str) -> (&str, Option<&str>) {
    match s.split_once('?') {
        Some((a, b)) => (a, Some(b)),
        None => (s, None),
    }
}

fn parse_u8_num(s: &str) -> Option<u8> {
    match s.strip_prefix("0x").or_else(|| s.strip_prefix("0X")) {
        Some(hex) => u8::from_str_radix(hex, 16).ok(),
        None => s.parse().ok(),
    }
}

fn parse_mux(q: &str) -> Result<(u8, u8), String> {
    let value = q
        .strip_prefix("mux=")
        .ok_or_else(|| format!("unknown option `{q}`; the only option is mux=0xAA:CH"))?;
    let (addr, ch) = value
        .split_once(':')
        .ok_or_else(|| format!("mux=`{value}` needs ADDRESS:CHANNEL, e.g. mux=0x70:3"))?;
    let addr = parse_u8_num(addr)
        .filter(|a| (0x70..=0x77).contains(a))
        .ok_or_else(|| format!("mux address `{addr}` is not a PCA954x address (0x70-0x77)"))?;
    let ch = ch
        .parse::<u8>()
        .ok()
        .filter(|c| *c < 8)
        .ok_or_else(|| format!("mux channel `{ch}` is not 0-7"))?;
    Ok((addr, ch))
}

fn parse_baud(q: &str) -> Result<u32, String> {
    let value = q
        .strip_prefix("baud=")
        .ok_or_else(|| format!("unknown option `{q}`; the only option is baud=N"))?;
    value
        .parse::<u32>()
        .ok()
        .filter(|b| (300..=4_000_000).contains(b))
        .ok_or_else(|| format!("baud `{value}` is not a number between 300 and 4000000"))
}

impl fmt::Display for Selector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Selector::Mock { fixture } => write!(f, "mock:{fixture}"),
            Selector::File { path } => write!(f, "file:{path}"),
            Selector::Optoe { path } => write!(f, "optoe:{path}"),
            Selector::Ethtool { iface } => write!(f, "ethtool:{iface}"),
            Selector::I2cDev { path, mux } => match mux {
                Some((a, c)) => write!(f, "i2cdev:{path}?mux=0x{a:02x}:{c}"),
                None => write!(f, "i2cdev:{path}"),
            },
            Selector::Serial {
                protocol,
                path,
                baud,
                mux,
            } => {
                let p = match protocol {
                    SerialProtocol::Firmata => "firmata",
                    SerialProtocol::Ascii => "ascii",
                };
                let mut options = Vec::new();
                if *baud != DEFAULT_BAUD {
                    options.push(format!("baud={baud}"));
                }
                if let Some((a, c)) = mux {
                    options.push(format!("mux=0x{a:02x}:{c}"));
                }
                if options.is_empty() {
                    write!(f, "serial:{p}:{path}")
                } else {
                    write!(f, "serial:{p}:{path}?{}", options.join("&"))
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Result<Selector, SelectorError> {
        s.parse()
    }

    #[test]
    fn every_documented_form_parses_and_prints_back() {
        for s in [
            "mock:fixtures/modules/qsfpdd-400g-dr4.yaml",
            "i2cdev:/dev/i2c-3",
            "i2cdev:/dev/i2c-3?mux=0x70:5",
            "serial:firmata:/dev/ttyACM0",
            "serial:ascii:/dev/pts/4?baud=57600",
            "serial:firmata:/dev/pts/4?baud=57600&mux=0x70:1",
            "serial:ascii:/dev/ttyUSB0?mux=0x71:7",
            "optoe:/sys/bus/i2c/devices/12-0050/eeprom",
            "ethtool:Ethernet0",
            "file:dump.bin",
        ] {
            assert_eq!(parse(s).unwrap().to_string(), s);
        }
        assert_eq!(
            parse("i2cdev:/dev/i2c-1?mux=112:0").unwrap(),
            Selector::I2cDev {
                path: "/dev/i2c-1".into(),
                mux: Some((0x70, 0))
            }
        );
    }

    #[test]
    fn bad_selectors_say_how_to_fix_them() {
        let cases = [
            ("dump.bin", "no backend prefix"),
            ("usb:1", "unknown backend `usb`"),
            ("mock:", "needs a fixture"),
            ("i2cdev:/dev/i2c-1?mux=0x50:1", "not a PCA954x address"),
            ("i2cdev:/dev/i2c-1?mux=0x70:9", "not 0-7"),
            ("i2cdev:i2c-1", "device node"),
            ("serial:/dev/ttyACM0", "serial:PROTOCOL:PORT"),
            (
                "serial:modbus:/dev/ttyACM0",
                "unknown serial protocol `modbus`",
            ),
            ("serial:ascii:/dev/ttyUSB0?baud=fast", "baud `fast`"),
            (
                "serial:ascii:/dev/ttyUSB0?parity=odd",
                "unknown option `parity=odd`",
            ),
            (
                "serial:ascii:/dev/ttyUSB0?mux=0x70",
                "needs ADDRESS:CHANNEL",
            ),
            ("ethtool:eth0/1", "not an interface name"),
        ];
        for (input, expect) in cases {
            let e = parse(input).unwrap_err().to_string();
            assert!(e.contains(expect), "{input}: {e}");
            assert!(e.contains(input), "{input}: {e}");
        }
    }
}
