//! Raw instruments → [`Instruments`]: drivers and their addresses.

use super::ctx::{Ctx, narrow};
use crate::plan::model::{
    Chamber, ChamberDriver, CounterEndpoint, CounterSource, Counters, Endpoint, Instruments, Meter,
    MeterDriver,
};
use crate::plan::path::YamlPath;
use crate::plan::raw::RawInstruments;

/// Parses `tcp://HOST[:PORT]`, `serial:/dev/ttyX[?baud=N]` or `sim`.
pub fn endpoint(text: Option<&str>, sim_driver: bool) -> Result<Endpoint, String> {
    const FORMS: &str = "tcp://HOST[:PORT], serial:/dev/ttyX[?baud=N] or sim";
    let Some(text) = text else {
        return if sim_driver {
            Ok(Endpoint::Sim)
        } else {
            Err(format!("missing `address`; write {FORMS}"))
        };
    };
    if text == "sim" {
        return if sim_driver {
            Ok(Endpoint::Sim)
        } else {
            Err("address `sim` needs `driver: sim`".to_string())
        };
    }
    if sim_driver {
        return Err(format!(
            "driver `sim` takes no address (or `sim`), found `{text}`"
        ));
    }
    if let Some(rest) = text.strip_prefix("tcp://") {
        let (host, port) = match rest.rsplit_once(':') {
            Some((h, p)) => (
                h,
                p.parse::<u16>()
                    .ok()
                    .filter(|p| *p > 0)
                    .ok_or_else(|| format!("`{p}` in `{text}` is not a TCP port (1-65535)"))?,
            ),
            None => (rest, 5025),
        };
        if host.is_empty() || host.contains(['/', ' ']) {
            return Err(format!("`{text}` has no host name; write {FORMS}"));
        }
        return Ok(Endpoint::Tcp {
            host: host.to_string(),
            port,
        });
    }
    if let Some(rest) = text.strip_prefix("serial:") {
        let (path, query) = match rest.split_once('?') {
            Some((p, q)) => (p, Some(q)),
            None => (rest, None),
        };
        if !path.starts_with('/') {
            return Err(format!(
                "`{text}`: write the device path, e.g. serial:/dev/ttyUSB0"
            ));
        }
        let baud = match query {
            None => 9600,
            Some(q) => q
                .strip_prefix("baud=")
                .and_then(|b| b.parse::<u32>().ok())
                .filter(|b| *b > 0)
                .ok_or_else(|| format!("`{text}`: the only option is ?baud=N, e.g. ?baud=9600"))?,
        };
        return Ok(Endpoint::Serial {
            path: path.to_string(),
            baud,
        });
    }
    Err(format!("address `{text}` is not one of {FORMS}"))
}

/// Parses a counter source's address.
fn counter_endpoint(source: CounterSource, text: Option<&str>) -> Result<CounterEndpoint, String> {
    match source {
        CounterSource::Vdm | CounterSource::Sim => match text {
            None | Some("sim") | Some("module") => Ok(CounterEndpoint::Builtin),
            Some(t) => Err(format!("this source takes no address, found `{t}`")),
        },
        CounterSource::SonicRedis => {
            let text = text.unwrap_or("redis://127.0.0.1:6379");
            let rest = text
                .strip_prefix("redis://")
                .ok_or_else(|| format!("expected redis://HOST[:PORT][/DB], found `{text}`"))?;
            let (hostport, db) = match rest.split_once('/') {
                Some((hp, db)) => (
                    hp,
                    Some(db.parse::<u8>().map_err(|_| {
                        format!("`{db}` in `{text}` is not a redis database number (0-255)")
                    })?),
                ),
                None => (rest, None),
            };
            let (host, port) = match hostport.rsplit_once(':') {
                Some((h, p)) => (
                    h,
                    p.parse::<u16>()
                        .ok()
                        .filter(|p| *p > 0)
                        .ok_or_else(|| format!("`{p}` in `{text}` is not a TCP port (1-65535)"))?,
                ),
                None => (hostport, 6379),
            };
            if host.is_empty() {
                return Err(format!("`{text}` has no host name"));
            }
            Ok(CounterEndpoint::Redis {
                host: host.to_string(),
                port,
                db,
            })
        }
        CounterSource::Ethtool | CounterSource::Command => match text {
            None | Some("local") => Ok(CounterEndpoint::Local),
            Some(t) => match t.strip_prefix("ssh://") {
                Some(target) if !target.is_empty() && !target.contains(['/', ' ']) => {
                    Ok(CounterEndpoint::Ssh {
                        target: target.to_string(),
                    })
                }
                _ => Err(format!(
                    "expected `local` or ssh://[USER@]HOST, found `{t}`"
                )),
            },
        },
    }
}

/// Validates the instruments.
pub fn instruments(ctx: &mut Ctx<'_>, raw: &RawInstruments, path: &YamlPath) -> Instruments {
    let chamber = raw.chamber.as_ref().map(|c| {
        let p = path.key("chamber");
        let driver = match c.driver.as_str() {
            "thermostream" => ChamberDriver::Thermostream,
            "scpi-chamber" => ChamberDriver::ScpiChamber,
            _ => ChamberDriver::Sim,
        };
        let endpoint =
            endpoint(c.address.as_deref(), driver == ChamberDriver::Sim).unwrap_or_else(|msg| {
                ctx.err(&p.key("address"), msg);
                Endpoint::Sim
            });
        Chamber { driver, endpoint }
    });
    let meter = raw.meter.as_ref().map(|m| {
        let p = path.key("meter");
        let driver = match m.driver.as_str() {
            "keysight-816x" => MeterDriver::Keysight816x,
            "thorlabs-pm100" => MeterDriver::ThorlabsPm100,
            _ => MeterDriver::Sim,
        };
        let endpoint =
            endpoint(m.address.as_deref(), driver == MeterDriver::Sim).unwrap_or_else(|msg| {
                ctx.err(&p.key("address"), msg);
                Endpoint::Sim
            });
        Meter {
            driver,
            endpoint,
            channel: narrow(ctx.int_in(&p.key("channel"), m.channel, 1, 1, 255, "a meter channel")),
            wavelength_nm: m
                .wavelength_nm
                .map(|w| ctx.positive(&p.key("wavelength_nm"), Some(w), 1310.0, "of nm")),
        }
    });
    let counters = raw.counters.as_ref().map(|c| {
        let p = path.key("counters");
        let source = match c.source.as_str() {
            "sonic-redis" => CounterSource::SonicRedis,
            "ethtool" => CounterSource::Ethtool,
            "command" => CounterSource::Command,
            "vdm" => CounterSource::Vdm,
            _ => CounterSource::Sim,
        };
        let endpoint = counter_endpoint(source, c.address.as_deref()).unwrap_or_else(|msg| {
            ctx.err(&p.key("address"), msg);
            CounterEndpoint::Builtin
        });
        match (source, &c.command) {
            (CounterSource::Command, None) => {
                ctx.err(&p, "source `command` needs `command`, the command line that prints the counters as JSON")
            }
            (CounterSource::Command, Some(cmd)) if cmd.trim().is_empty() => {
                ctx.err(&p.key("command"), "expected a command line, found empty text")
            }
            (CounterSource::Command, Some(_)) | (_, None) => {}
            (_, Some(_)) => ctx.err(&p.key("command"), "`command` is only used with `source: command`"),
        }
        Counters {
            source,
            endpoint,
            command: c.command.clone(),
        }
    });
    Instruments {
        chamber,
        meter,
        counters,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoints() {
        assert_eq!(
            endpoint(Some("tcp://chamber.lab:5025"), false),
            Ok(Endpoint::Tcp {
                host: "chamber.lab".into(),
                port: 5025
            })
        );
        assert_eq!(
            endpoint(Some("tcp://meter"), false),
            Ok(Endpoint::Tcp {
                host: "meter".into(),
                port: 5025
            })
        );
        assert_eq!(
            endpoint(Some("serial:/dev/ttyUSB0?baud=9600"), false),
            Ok(Endpoint::Serial {
                path: "/dev/ttyUSB0".into(),
                baud: 9600
            })
        );
        assert_eq!(endpoint(None, true), Ok(Endpoint::Sim));
        assert!(endpoint(None, false).is_err());
        assert!(endpoint(Some("tcp://x:0"), false).is_err());
        assert!(endpoint(Some("http://x"), false).is_err());
        assert!(endpoint(Some("sim"), false).is_err());
    }

    #[test]
    fn counter_addresses() {
        assert_eq!(
            counter_endpoint(CounterSource::SonicRedis, None),
            Ok(CounterEndpoint::Redis {
                host: "127.0.0.1".into(),
                port: 6379,
                db: None
            })
        );
        assert_eq!(
            counter_endpoint(CounterSource::SonicRedis, Some("redis://sw1:6380/2")),
            Ok(CounterEndpoint::Redis {
                host: "sw1".into(),
                port: 6380,
                db: Some(2)
            })
        );
        assert_eq!(
            counter_endpoint(CounterSource::Ethtool, Some("ssh://admin@sw1")),
            Ok(CounterEndpoint::Ssh {
                target: "admin@sw1".into()
            })
        );
        assert!(counter_endpoint(CounterSource::Vdm, Some("redis://x")).is_err());
    }
}
