//! Raw station file → [`StationFile`], checked against a [`Matrix`]: host, SKU and firmware ids
//! exist, slot ids and switch ports are unique, bus selectors parse, and every slot's SKU fits a
//! port of its host.

use std::collections::HashMap;

use super::ctx::{Ctx, hint, unknown};
use crate::matrix::model::Matrix;
use crate::matrix::raw::RawStationFile;
use crate::matrix::station::{StationFile, StationHost, StationSlot};
use crate::plan::error::PlanError;
use crate::plan::path::YamlPath;
use crate::plan::suggest;
use crate::plan::tree::Node;
use crate::transport::selector::Selector;

/// Backends of design.md §4.5, for "did you mean".
const SCHEMES: [&str; 6] = ["mock", "i2cdev", "serial", "optoe", "ethtool", "file"];

/// Validates a station file against `matrix`.
pub fn build(
    raw: &RawStationFile,
    tree: &Node,
    file: &str,
    sha256: &str,
    matrix: &Matrix,
) -> Result<StationFile, Vec<PlanError>> {
    let mut ctx = Ctx::new(tree, file);
    let root = YamlPath::root();
    ctx.non_empty(&root.key("station"), &raw.station, "the station's name");
    let host_ids: Vec<&str> = matrix.hosts.iter().map(|h| h.id.as_str()).collect();
    let sku_ids: Vec<&str> = matrix.skus.iter().map(|s| s.id.as_str()).collect();
    let fw_ids: Vec<&str> = matrix.firmware.iter().map(|f| f.id.as_str()).collect();
    let mut seen_hosts: HashMap<String, YamlPath> = HashMap::new();
    let mut seen_slots: HashMap<String, YamlPath> = HashMap::new();
    let mut hosts = Vec::new();
    for (i, h) in raw.hosts.iter().enumerate() {
        let hp = root.key("hosts").index(i);
        let host = matrix.host(&h.host);
        if host.is_none() {
            let msg = format!(
                "matrix `{}` has no host `{}`{}",
                matrix.name,
                h.host,
                hint(&h.host, &host_ids)
            );
            ctx.err(&hp.key("host"), msg);
        } else if let Some(first) = seen_hosts.get(&h.host) {
            let line = ctx.line_of(first);
            ctx.err(
                &hp.key("host"),
                format!(
                    "host `{}` is listed twice (first at line {line}); put all its slots under one entry",
                    h.host
                ),
            );
        } else {
            seen_hosts.insert(h.host.clone(), hp.key("host"));
        }
        let mut firmware: Vec<String> = Vec::new();
        for (k, fw) in h.firmware.ids().into_iter().enumerate() {
            let fp = if h.firmware.is_list() {
                hp.key("firmware").index(k)
            } else {
                hp.key("firmware")
            };
            if !fw_ids.contains(&fw) {
                ctx.err(&fp, unknown("firmware", fw, &fw_ids));
            } else if firmware.iter().any(|f| f == fw) {
                ctx.err(&fp, format!("firmware `{fw}` is listed twice; keep one"));
            } else {
                firmware.push(fw.to_string());
            }
        }
        let mut ports: HashMap<String, (String, YamlPath)> = HashMap::new();
        let mut slots = Vec::new();
        for (j, s) in h.slots.iter().enumerate() {
            let sp = hp.key("slots").index(j);
            let mut ok = ctx.id(&sp.key("id"), &s.id, "slot id")
                && ctx.unique(&mut seen_slots, &sp.key("id"), &s.id, "slot id");
            match matrix.sku(&s.sku) {
                None => {
                    ctx.err(&sp.key("sku"), unknown("SKU", &s.sku, &sku_ids));
                    ok = false;
                }
                Some(sku) => {
                    if let Some(host) = host.filter(|h| h.port(&sku.form_factor).is_none()) {
                        let hi = matrix
                            .hosts
                            .iter()
                            .position(|x| x.id == host.id)
                            .unwrap_or(0);
                        ctx.err(
                            &sp.key("sku"),
                            format!(
                                "host {} has no {} port for SKU {}; add one to the matrix's hosts[{hi}].ports or move the slot",
                                host.id, sku.form_factor, sku.id
                            ),
                        );
                        ok = false;
                    }
                }
            }
            if let Err(e) = s.bus.parse::<Selector>() {
                let scheme = s.bus.split_once(':').map_or("", |(s, _)| s);
                let hint = suggest::nearest(scheme, SCHEMES)
                    .filter(|best| *best != scheme)
                    .map(|best| format!(" (did you mean `{best}:`?)"))
                    .unwrap_or_default();
                ctx.err(&sp.key("bus"), format!("{e}{hint}"));
                ok = false;
            }
            if let Some(port) = &s.switch_port {
                if let Some((other, first)) = ports.get(port) {
                    let line = ctx.line_of(first);
                    ctx.err(
                        &sp.key("switch_port"),
                        format!(
                            "switch port `{port}` is already used by slot `{other}` (line {line})"
                        ),
                    );
                    ok = false;
                } else {
                    ports.insert(port.clone(), (s.id.clone(), sp.key("switch_port")));
                }
            }
            if ok {
                slots.push(StationSlot {
                    id: s.id.clone(),
                    sku: s.sku.clone(),
                    bus: s.bus.clone(),
                    switch_port: s.switch_port.clone(),
                    tier: s.tier.clone(),
                    line: ctx.line_of(&sp),
                });
            }
        }
        hosts.push(StationHost {
            host: h.host.clone(),
            firmware,
            instruments: h.instruments.clone(),
            slots,
        });
    }
    if ctx.errors.is_empty() {
        Ok(StationFile {
            name: raw.station.clone(),
            description: raw.description.clone(),
            file: file.to_string(),
            sha256: sha256.to_string(),
            hosts,
        })
    } else {
        Err(ctx.errors)
    }
}
