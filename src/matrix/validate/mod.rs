//! Semantic validation: a structurally sound raw matrix (or station file) becomes the model, or
//! every problem is reported with its line, column, YAML path and how to fix it.

pub mod ctx;
pub mod station;

use std::collections::{BTreeMap, HashMap};

use crate::matrix::model::{
    Cell, CellKey, FirmwareDef, HostDef, Matrix, PortDef, SkuDef, TempGrade,
};
use crate::matrix::raw::{OneOrMany, RawCell, RawMatrix, RawTemp};
use crate::matrix::schema::GRADES;
use crate::plan::error::PlanError;
use crate::plan::path::YamlPath;
use crate::plan::tree::Node;

use self::ctx::{Ctx, hint};
use crate::plan::suggest;

/// What the loader found for a cell's plan file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanInfo {
    /// The path resolved against the matrix file's folder.
    pub path: String,
    /// SHA-256 of the plan file's bytes, lower-case hex.
    pub sha256: String,
}

/// Reads a cell's plan (as written in the matrix); `Err` holds one message per problem.
pub type PlanReader<'a> = dyn FnMut(&str) -> Result<PlanInfo, Vec<String>> + 'a;

/// Lowest and highest case temperature accepted in a custom range, °C.
const TEMP_RANGE: (f64, f64) = (-60.0, 150.0);

/// Validates `raw` (from `file`, YAML tree `tree`, SHA-256 `sha256`); `plans` reads each
/// distinct plan file once.
pub fn build(
    raw: &RawMatrix,
    tree: &Node,
    file: &str,
    sha256: &str,
    plans: &mut PlanReader<'_>,
) -> Result<Matrix, Vec<PlanError>> {
    let mut ctx = Ctx::new(tree, file);
    let root = YamlPath::root();
    ctx.non_empty(&root.key("matrix"), &raw.matrix, "the matrix's name");
    let skus = skus(&mut ctx, raw, &root.key("skus"));
    let hosts = hosts(&mut ctx, raw, &root.key("hosts"));
    let firmware = firmware(&mut ctx, raw, &skus, &root.key("firmware"));
    let cells = cells(&mut ctx, &raw.cells, &skus, &hosts, &firmware, plans);
    if ctx.errors.is_empty() {
        Ok(Matrix {
            name: raw.matrix.clone(),
            description: raw.description.clone(),
            file: file.to_string(),
            sha256: sha256.to_string(),
            skus,
            hosts,
            firmware,
            cells,
        })
    } else {
        Err(ctx.errors)
    }
}

/// Whether a definition goes into the model: not when its id repeats an earlier one; yes when
/// the id is malformed (reported), so references to it do not cascade into "unknown id" errors.
/// The matrix is not returned when there is any error.
fn keep(
    ctx: &mut Ctx<'_>,
    seen: &mut HashMap<String, YamlPath>,
    path: &YamlPath,
    id: &str,
    what: &str,
) -> bool {
    !ctx.id(path, id, what) || ctx.unique(seen, path, id, what)
}

fn skus(ctx: &mut Ctx<'_>, raw: &RawMatrix, path: &YamlPath) -> Vec<SkuDef> {
    let mut seen = HashMap::new();
    let mut out = Vec::new();
    for (i, s) in raw.skus.iter().enumerate() {
        let p = path.index(i);
        let id_ok = keep(ctx, &mut seen, &p.key("id"), &s.id, "SKU id");
        ctx.non_empty(&p.key("vendor"), &s.vendor, "the vendor name");
        ctx.non_empty(&p.key("pn"), &s.pn, "the part number");
        ctx.positive(&p.key("max_power_w"), s.max_power_w, "of watts");
        let temperature = temperature(ctx, &s.temperature, &p.key("temperature"));
        if id_ok {
            out.push(SkuDef {
                id: s.id.clone(),
                vendor: s.vendor.clone(),
                pn: s.pn.clone(),
                form_factor: s.form_factor.clone(),
                applications: s.applications.clone().unwrap_or_default(),
                max_power_w: s.max_power_w,
                temperature,
            });
        }
    }
    out
}

fn temperature(ctx: &mut Ctx<'_>, raw: &RawTemp, path: &YamlPath) -> TempGrade {
    match raw {
        RawTemp::Named(name) => {
            let (min_c, max_c) = GRADES
                .iter()
                .find(|g| g.0 == name)
                .map_or((0.0, 0.0), |g| (g.1, g.2));
            TempGrade {
                name: name.clone(),
                min_c,
                max_c,
            }
        }
        RawTemp::Range(r) => {
            let (lo, hi) = TEMP_RANGE;
            for (key, v) in [("min_c", r.min_c), ("max_c", r.max_c)] {
                if !(lo..=hi).contains(&v) {
                    ctx.err(
                        &path.key(key),
                        format!("expected a case temperature from {lo} to {hi} °C, found {v}"),
                    );
                }
            }
            if r.min_c >= r.max_c {
                ctx.err(
                    &path.key("max_c"),
                    format!(
                        "the temperature range is empty: min_c {} is not below max_c {}; write the lower bound in min_c",
                        r.min_c, r.max_c
                    ),
                );
            }
            TempGrade {
                name: "custom".into(),
                min_c: r.min_c,
                max_c: r.max_c,
            }
        }
    }
}

fn hosts(ctx: &mut Ctx<'_>, raw: &RawMatrix, path: &YamlPath) -> Vec<HostDef> {
    let mut seen = HashMap::new();
    let mut out = Vec::new();
    for (i, h) in raw.hosts.iter().enumerate() {
        let p = path.index(i);
        let id_ok = keep(ctx, &mut seen, &p.key("id"), &h.id, "host id");
        ctx.non_empty(&p.key("platform"), &h.platform, "the platform name");
        let mut ports: Vec<PortDef> = Vec::new();
        let mut port_paths: HashMap<String, YamlPath> = HashMap::new();
        for (j, port) in h.ports.iter().enumerate() {
            let pp = p.key("ports").index(j);
            ctx.positive(&pp.key("power_budget_w"), port.power_budget_w, "of watts");
            if let Some(first) = port_paths.get(&port.form_factor) {
                let line = ctx.line_of(first);
                ctx.err(
                    &pp.key("form_factor"),
                    format!(
                        "host `{}` already has a {} port (line {line}); list each form factor once",
                        h.id, port.form_factor
                    ),
                );
                continue;
            }
            port_paths.insert(port.form_factor.clone(), pp.key("form_factor"));
            ports.push(PortDef {
                form_factor: port.form_factor.clone(),
                power_budget_w: port.power_budget_w,
                fec: port.fec.clone().unwrap_or_default(),
            });
        }
        if id_ok {
            out.push(HostDef {
                id: h.id.clone(),
                platform: h.platform.clone(),
                ports,
            });
        }
    }
    out
}

fn firmware(
    ctx: &mut Ctx<'_>,
    raw: &RawMatrix,
    skus: &[SkuDef],
    path: &YamlPath,
) -> Vec<FirmwareDef> {
    let sku_ids: Vec<&str> = skus.iter().map(|s| s.id.as_str()).collect();
    let mut seen = HashMap::new();
    let mut out = Vec::new();
    for (i, f) in raw.firmware.iter().enumerate() {
        let p = path.index(i);
        let id_ok = keep(ctx, &mut seen, &p.key("id"), &f.id, "firmware id");
        ctx.non_empty(&p.key("host"), &f.host, "the host firmware version");
        let mut modules = BTreeMap::new();
        for (sku, version) in f.modules.iter().flatten() {
            let mp = p.key("modules").key(sku);
            if !sku_ids.contains(&sku.as_str()) {
                let msg = format!(
                    "module firmware pinned for an unknown SKU `{sku}`{}",
                    hint(sku, &sku_ids)
                );
                ctx.err_key(&mp, msg);
                continue;
            }
            ctx.non_empty(&mp, version, "the module firmware version");
            modules.insert(sku.clone(), version.clone());
        }
        if id_ok {
            out.push(FirmwareDef {
                id: f.id.clone(),
                host: f.host.clone(),
                modules,
            });
        }
    }
    out
}

/// The ids of one key of a cells entry that name a definition, each with its path; unknown ids
/// and repeats are errors.
fn resolve_ids<'r>(
    ctx: &mut Ctx<'_>,
    ids: &'r OneOrMany,
    path: &YamlPath,
    what: &str,
    section: &str,
    known: &[&str],
) -> Vec<(&'r str, YamlPath)> {
    let mut out: Vec<(&str, YamlPath)> = Vec::new();
    for (k, id) in ids.ids().into_iter().enumerate() {
        let p = if ids.is_list() {
            path.index(k)
        } else {
            path.clone()
        };
        if !known.contains(&id) {
            let msg = match suggest::nearest(id, known.iter().copied()) {
                Some(best) => format!("unknown {what} `{id}`; did you mean `{best}`?"),
                None => format!(
                    "unknown {what} `{id}`; define it under `{section}` (known: {})",
                    known.join(", ")
                ),
            };
            ctx.err(&p, msg);
        } else if let Some((_, first)) = out.iter().find(|(o, _)| *o == id) {
            let line = ctx.line_of(first);
            ctx.err(
                &p,
                format!(
                    "{what} `{id}` is listed twice in this entry (also at line {line}); keep one"
                ),
            );
        } else {
            out.push((id, p));
        }
    }
    out
}

fn cells(
    ctx: &mut Ctx<'_>,
    raw: &[RawCell],
    skus: &[SkuDef],
    hosts: &[HostDef],
    firmware: &[FirmwareDef],
    plans: &mut PlanReader<'_>,
) -> Vec<Cell> {
    let path = YamlPath::root().key("cells");
    let sku_ids: Vec<&str> = skus.iter().map(|s| s.id.as_str()).collect();
    let host_ids: Vec<&str> = hosts.iter().map(|h| h.id.as_str()).collect();
    let fw_ids: Vec<&str> = firmware.iter().map(|f| f.id.as_str()).collect();
    // Plan as written -> what reading it gave (each file read once; errors reported once).
    let mut plan_cache: HashMap<String, Option<PlanInfo>> = HashMap::new();
    let mut seen: HashMap<CellKey, usize> = HashMap::new();
    let mut out = Vec::new();
    for (i, entry) in raw.iter().enumerate() {
        let ep = path.index(i);
        let line = ctx.line_of(&ep);
        let s = resolve_ids(ctx, &entry.sku, &ep.key("sku"), "SKU", "skus", &sku_ids);
        let h = resolve_ids(
            ctx,
            &entry.host,
            &ep.key("host"),
            "host",
            "hosts",
            &host_ids,
        );
        let f = resolve_ids(
            ctx,
            &entry.firmware,
            &ep.key("firmware"),
            "firmware",
            "firmware",
            &fw_ids,
        );
        let plan = match plan_cache.get(&entry.plan) {
            Some(info) => info.clone(),
            None => {
                let info = match plans(&entry.plan) {
                    Ok(info) => Some(info),
                    Err(messages) => {
                        for m in messages {
                            ctx.err(&ep.key("plan"), m);
                        }
                        None
                    }
                };
                plan_cache.insert(entry.plan.clone(), info.clone());
                info
            }
        };
        for (sku_id, _) in &s {
            let Some(sku) = skus.iter().find(|d| d.id == *sku_id) else {
                continue;
            };
            for (host_id, host_path) in &h {
                let Some((hi, host)) = hosts.iter().enumerate().find(|(_, d)| d.id == *host_id)
                else {
                    continue;
                };
                if host.port(&sku.form_factor).is_none() {
                    ctx.err(
                        host_path,
                        format!(
                            "host {host_id} has no {ff} port; add one to hosts[{hi}].ports or drop the cell",
                            ff = sku.form_factor
                        ),
                    );
                    continue;
                }
                for (fw_id, _) in &f {
                    let key = CellKey::new(sku_id, host_id, fw_id);
                    if let Some(first) = seen.get(&key) {
                        ctx.err(
                            &ep,
                            format!(
                                "cell {key} is listed twice, at lines {first} and {line}; keep one"
                            ),
                        );
                        continue;
                    }
                    seen.insert(key.clone(), line);
                    if let Some(info) = &plan {
                        out.push(Cell {
                            key,
                            plan: entry.plan.clone(),
                            plan_path: info.path.clone(),
                            plan_sha256: info.sha256.clone(),
                            line,
                        });
                    }
                }
            }
        }
    }
    out.sort_by(|a, b| a.key.cmp(&b.key));
    out
}
