//! Raw slots and SKUs → [`Slot`]s and [`Sku`]s: `repeat` expansion, unique ids and switch
//! ports, bus selectors, peers.

use std::collections::HashMap;

use super::ctx::{Ctx, narrow};
use crate::plan::checks::Tier;
use crate::plan::model::{FormFactor, Media, Sku, Slot};
use crate::plan::path::YamlPath;
use crate::plan::raw::{RawSku, RawSlot};
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
        firmware: raw.firmware.as_ref().map(|f| {
            if crate::plan::model::firmware_major_minor(f).is_none() {
                ctx.err(
                    &path.key("firmware"),
                    format!("firmware `{f}`: expected major.minor such as \"3.2\" (quote it)"),
                );
            }
            f.trim().to_string()
        }),
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
}
