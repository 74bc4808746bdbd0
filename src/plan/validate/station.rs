//! Raw station → [`Station`]: slot expansion and ids, bus selectors, SKUs, instruments and
//! their addresses, write grants.

use std::collections::HashMap;

use super::ctx::{Ctx, narrow};
use crate::addr::{DeviceAddr, PageSel};
use crate::memmap::decoded::Spec;
use crate::plan::checks::Tier;
use crate::plan::model::*;
use crate::plan::path::YamlPath;
use crate::plan::raw::*;
use crate::transport::selector::Selector;

/// Validates an expected SKU at `path`.
pub fn sku(ctx: &mut Ctx<'_>, raw: &RawSku, path: &YamlPath) -> Sku {
    let identifier = raw.identifier.map(|v| {
        narrow(ctx.int_in(
            &path.key("identifier"),
            Some(v),
            0,
            0,
            255,
            "an SFF-8024 identifier code",
        ))
    });
    let form_factor = ctx.named(
        &path.key("form_factor"),
        raw.form_factor.as_deref(),
        FormFactor::from_name,
    );
    if let (Some(ff), Some(id)) = (form_factor, identifier) {
        if !ff.identifiers().contains(&id) {
            ctx.err(
                &path.key("identifier"),
                format!(
                    "identifier 0x{id:02x} does not belong to form factor {} (expected {})",
                    ff.as_str(),
                    ff.identifiers()
                        .iter()
                        .map(|c| format!("0x{c:02x}"))
                        .collect::<Vec<_>>()
                        .join(" or ")
                ),
            );
        }
    }
    let compliance_codes = raw
        .compliance_codes
        .as_deref()
        .unwrap_or_default()
        .iter()
        .enumerate()
        .map(|(i, c)| {
            narrow(ctx.int_in(
                &path.key("compliance_codes").index(i),
                Some(*c),
                0,
                0,
                255,
                "an SFF-8024 code",
            ))
        })
        .collect();
    Sku {
        vendor: raw.vendor.clone(),
        pn: raw.pn.clone(),
        rev: raw.rev.clone(),
        form_factor,
        identifier,
        media: ctx.named(&path.key("media"), raw.media.as_deref(), Media::from_name),
        compliance_codes,
    }
}

/// Backends of design.md §4.5, for "did you mean".
const SCHEMES: [&str; 6] = ["mock", "i2cdev", "serial", "optoe", "ethtool", "file"];

fn valid_slot_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
}

/// Expands the placeholders of a repeated slot line for its `i`-th copy (from 0): `{n}` is
/// `i + 1`, `{i}` is `i`, and either may be scaled and offset as `{i*8}`, `{n+100}`,
/// `{i*4+200}`. Text without braces is returned as is.
pub fn substitute(text: &str, i: usize) -> Result<String, String> {
    let mut out = String::with_capacity(text.len() + 4);
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let close = after
            .find('}')
            .ok_or_else(|| format!("`{text}`: a `{{` without its `}}`"))?;
        out.push_str(&placeholder(&after[..close], i).map_err(|m| format!("`{text}`: {m}"))?);
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

fn placeholder(inner: &str, i: usize) -> Result<String, String> {
    const HOW: &str = "write {n}, {i}, {i*K}, {n+K} or {i*K+B}";
    let bad = || format!("unknown placeholder `{{{inner}}}`; {HOW}");
    let (base, tail) = if let Some(t) = inner.strip_prefix('n') {
        (i + 1, t)
    } else if let Some(t) = inner.strip_prefix('i') {
        (i, t)
    } else {
        return Err(bad());
    };
    let (mul, add) = match tail.split_once('+') {
        Some((m, a)) => (m, Some(a)),
        None => (tail, None),
    };
    let mul = match mul.strip_prefix('*') {
        Some(k) => k.parse::<usize>().map_err(|_| bad())?,
        None if mul.is_empty() => 1,
        None => return Err(bad()),
    };
    let add = match add {
        Some(b) => b.parse::<usize>().map_err(|_| bad())?,
        None => 0,
    };
    base.checked_mul(mul)
        .and_then(|v| v.checked_add(add))
        .map(|v| v.to_string())
        .ok_or_else(bad)
}

/// Validates and expands the slots.
pub fn slots(
    ctx: &mut Ctx<'_>,
    raw: &[RawSlot],
    path: &YamlPath,
    plan_sku: Option<&Sku>,
) -> Vec<Slot> {
    let mut out: Vec<Slot> = Vec::new();
    // Which line each expanded slot came from.
    let mut line_of_slot: Vec<usize> = Vec::new();
    // Slot id / switch port -> path of the line that first used it.
    let mut ids: HashMap<String, YamlPath> = HashMap::new();
    let mut ports: HashMap<String, (String, YamlPath)> = HashMap::new();
    for (i, r) in raw.iter().enumerate() {
        let sp = path.index(i);
        let repeat = narrow::<usize>(ctx.int_in(
            &sp.key("repeat"),
            r.repeat,
            1,
            1,
            100_000,
            "a repeat count",
        ));
        if repeat > 1 && !r.id.contains('{') {
            ctx.err(
                &sp.key("id"),
                format!(
                    "a slot repeated {repeat} times needs `{{n}}` or `{{i}}` in its id to keep ids unique, found `{}`",
                    r.id
                ),
            );
            continue;
        }
        // Every template must expand; checked on the first copy, reported once.
        let fields = [
            ("id", Some(&r.id)),
            ("bus", Some(&r.bus)),
            ("switch_port", r.switch_port.as_ref()),
            ("peer", r.peer.as_ref()),
        ];
        let mut templates_ok = true;
        for (key, text) in fields {
            if let Some(Err(msg)) = text.map(|t| substitute(t, 0)) {
                ctx.err(&sp.key(key), msg);
                templates_ok = false;
            }
        }
        if !templates_ok {
            continue;
        }
        let expand = |t: &str, k: usize| substitute(t, k).unwrap_or_else(|_| t.to_string());
        let power_budget_w = r
            .power_budget_w
            .map(|w| ctx.positive(&sp.key("power_budget_w"), Some(w), 1.0, "of watts"));
        let tier = ctx.named(&sp.key("tier"), r.tier.as_deref(), Tier::from_name);
        let own_sku = r.sku.as_ref().map(|s| sku(ctx, s, &sp.key("sku")));
        let effective_sku = match (plan_sku, &own_sku) {
            (Some(p), Some(o)) => Some(p.overridden_by(o)),
            (Some(p), None) => Some(p.clone()),
            (None, o) => o.clone(),
        };
        for k in 0..repeat {
            // Report every problem of this copy, then stop expanding the line if any.
            let mut ok = true;
            let id = expand(&r.id, k);
            if !valid_slot_id(&id) {
                ctx.err(
                    &sp.key("id"),
                    format!("expected a slot id of letters, digits, `_`, `-` or `.` (at most 64), found `{id}`"),
                );
                ok = false;
            } else if let Some(first) = ids.get(&id) {
                let line = ctx.line_of(first);
                ctx.err(
                    &sp.key("id"),
                    format!("duplicate slot id `{id}` (first defined at line {line})"),
                );
                ok = false;
            }
            let switch_port = r.switch_port.as_deref().map(|p| expand(p, k));
            if let Some(port) = &switch_port {
                if let Some((other, first)) = ports.get(port) {
                    let line = ctx.line_of(first);
                    ctx.err(
                        &sp.key("switch_port"),
                        format!(
                            "switch port `{port}` is already used by slot `{other}` (line {line})"
                        ),
                    );
                    ok = false;
                }
            }
            let bus = expand(&r.bus, k);
            let selector = match bus.parse::<Selector>() {
                Ok(s) => Some(s),
                Err(e) => {
                    let scheme = bus.split_once(':').map_or("", |(s, _)| s);
                    let hint = crate::plan::suggest::nearest(scheme, SCHEMES)
                        .filter(|best| *best != scheme)
                        .map(|best| format!(" (did you mean `{best}:`?)"))
                        .unwrap_or_default();
                    ctx.err(&sp.key("bus"), format!("{e}{hint}"));
                    None
                }
            };
            let Some(selector) = selector.filter(|_| ok) else {
                break;
            };
            ids.insert(id.clone(), sp.key("id"));
            if let Some(port) = &switch_port {
                ports.insert(port.clone(), (id.clone(), sp.key("switch_port")));
            }
            out.push(Slot {
                id,
                bus,
                selector,
                switch_port,
                power_budget_w,
                tier,
                sku: effective_sku.clone(),
                peer: r.peer.as_deref().map(|p| expand(p, k)),
            });
            line_of_slot.push(i);
        }
    }
    // Peers must name slots, and not the slot itself; reported once per line.
    let mut reported: Vec<usize> = Vec::new();
    for (slot, &line) in out.iter().zip(&line_of_slot) {
        let Some(peer) = &slot.peer else { continue };
        if reported.contains(&line) {
            continue;
        }
        let pp = path.index(line).key("peer");
        if !ids.contains_key(peer) {
            let names: Vec<&str> = out.iter().map(|s| s.id.as_str()).collect();
            let hint = crate::plan::suggest::nearest(peer, names.iter().copied())
                .map(|b| format!("; did you mean `{b}`?"))
                .unwrap_or_default();
            ctx.err(
                &pp,
                format!("peer `{peer}` is not a slot of this station{hint}"),
            );
            reported.push(line);
        } else if *peer == slot.id {
            ctx.err(
                &pp,
                format!("slot `{peer}` cannot be its own peer; leave `peer` out for a loopback"),
            );
            reported.push(line);
        }
    }
    out
}

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

/// Parses `N` or `N-M` (0-255, N ≤ M).
fn byte_range(raw: &RawBytes) -> Result<(u8, u8), String> {
    let expected = "expected byte numbers N or \"N-M\" within 0-255";
    let num = |s: &str| -> Result<i64, String> {
        s.trim()
            .parse::<i64>()
            .map_err(|_| format!("{expected}, found `{s}`"))
    };
    let (a, b) = match raw {
        RawBytes::Number(n) => (*n, *n),
        RawBytes::Text(t) => match t.split_once('-') {
            Some((a, b)) if !a.trim().is_empty() => (num(a)?, num(b)?),
            _ => {
                let n = num(t)?;
                (n, n)
            }
        },
    };
    if !(0..=255).contains(&a) || !(0..=255).contains(&b) {
        return Err(format!(
            "{expected}, found {}",
            if a == b {
                a.to_string()
            } else {
                format!("{a}-{b}")
            }
        ));
    }
    if a > b {
        return Err(format!(
            "the range {a}-{b} runs backwards; write the lower byte first"
        ));
    }
    Ok((narrow(a), narrow(b)))
}

/// Validates the write grants.
pub fn grants(ctx: &mut Ctx<'_>, raw: &[RawGrant], path: &YamlPath) -> Vec<Grant> {
    let mut out = Vec::new();
    for (i, g) in raw.iter().enumerate() {
        let gp = path.index(i);
        let spec = match g.spec.as_str() {
            "sff8472" => Spec::Sff8472,
            "sff8636" => Spec::Sff8636,
            _ => Spec::Cmis,
        };
        let device = match (g.device.as_deref(), spec) {
            (None | Some("a0"), _) => DeviceAddr::A0,
            (Some(_), Spec::Sff8472) => DeviceAddr::A2,
            (Some(d), _) => {
                ctx.err(&gp.key("device"), format!("device `{d}` exists only on SFF-8472 modules; {} modules have one address (a0)", g.spec));
                DeviceAddr::A0
            }
        };
        let page = g.page.map(|p| {
            narrow::<u8>(ctx.int_in(&gp.key("page"), Some(p), 0, 0, 255, "a page number"))
        });
        let bank = g.bank.map(|b| {
            narrow::<u8>(ctx.int_in(&gp.key("bank"), Some(b), 0, 0, 255, "a bank number"))
        });
        if let Some(b) = bank {
            if spec != Spec::Cmis {
                ctx.err(
                    &gp.key("bank"),
                    "banks exist only in CMIS; leave `bank` out",
                );
            } else if b > 0 && !page.is_some_and(|p| (0x10..=0x2F).contains(&p)) {
                ctx.err(
                    &gp.key("bank"),
                    format!("bank {b} applies only to CMIS pages 10h-2Fh"),
                );
            }
        }
        let bytes = match byte_range(&g.bytes) {
            Ok((a, b)) => {
                if b >= 128 && page.is_none() {
                    ctx.err(&gp.key("bytes"), format!("bytes {a}-{b} reach the upper half (128-255); name its page with `page:`"));
                }
                if a < 128 && page.is_some() && b >= 128 {
                    // A range across both halves is allowed: the lower part needs no page.
                }
                a..=b
            }
            Err(msg) => {
                ctx.err(&gp.key("bytes"), msg);
                0..=0
            }
        };
        if g.reason.trim().is_empty() {
            ctx.err(
                &gp.key("reason"),
                "expected a reason for the grant, found empty text",
            );
        }
        out.push(Grant {
            spec,
            device,
            page: page.map(|p| PageSel::banked(bank.unwrap_or(0), p)),
            bytes,
            reason: g.reason.clone(),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates() {
        assert_eq!(substitute("p{n}", 0).as_deref(), Ok("p1"));
        assert_eq!(substitute("Ethernet{i*8}", 3).as_deref(), Ok("Ethernet24"));
        assert_eq!(
            substitute("Ethernet{i+100}", 2).as_deref(),
            Ok("Ethernet102")
        );
        assert_eq!(substitute("E{i*4+200}", 1).as_deref(), Ok("E204"));
        assert_eq!(substitute("plain", 5).as_deref(), Ok("plain"));
        assert!(substitute("p{x}", 0).is_err());
        assert!(substitute("p{n", 0).is_err());
        assert!(substitute("p{n*}", 0).is_err());
        assert!(substitute("p{é}", 0).is_err());
        assert!(substitute("p{}", 0).is_err());
    }

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
    fn byte_ranges() {
        assert_eq!(
            byte_range(&RawBytes::Text("128-255".into())),
            Ok((128, 255))
        );
        assert_eq!(byte_range(&RawBytes::Text("200".into())), Ok((200, 200)));
        assert_eq!(byte_range(&RawBytes::Number(7)), Ok((7, 7)));
        assert!(byte_range(&RawBytes::Text("128-256".into())).is_err());
        assert!(byte_range(&RawBytes::Text("200-100".into())).is_err());
        assert!(byte_range(&RawBytes::Number(-1)).is_err());
        assert!(byte_range(&RawBytes::Text("abc".into())).is_err());
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
