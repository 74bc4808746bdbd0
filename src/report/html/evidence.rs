//! The evidence behind each verdict: per cell the run (id, station, times, plan file and its
//! hash, matrix hash, firmware, tool version), its modules with serial numbers, its findings,
//! why it is stale, and the runs it superseded; then results that could not be placed.

use std::fmt::Write as _;

use super::format::{esc, esc_attr, outcome_badge, run_badge, short_hash, short_time};
use crate::matrix::view::{ModuleSummary, RunSummary};
use crate::matrix::{CellView, MatrixView};
use crate::results::ClockKind;

/// A hash shown short, whole in its tooltip.
pub(crate) fn hash(h: &str) -> String {
    if h.is_empty() {
        return "—".to_string();
    }
    format!(
        "<span class=\"mono\" title=\"{}\">{}</span>",
        esc_attr(h),
        esc(&short_hash(h))
    )
}

fn kv(o: &mut String, key: &str, value_html: &str) {
    let _ = write!(o, "<dt>{key}</dt><dd>{value_html}</dd>");
}

/// The table of a run's modules.
pub(crate) fn modules_table(o: &mut String, modules: &[ModuleSummary]) {
    if modules.is_empty() {
        o.push_str("<p class=\"small\">No module was read.</p>");
        return;
    }
    o.push_str(
        "<div class=\"wrap\"><table class=\"modules\"><thead><tr><th>Slot</th><th>Vendor</th>\
         <th>Part number</th><th>Serial number</th><th>Rev</th><th>Outcome</th></tr></thead><tbody>",
    );
    for m in modules {
        let _ = write!(
            o,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"mono\">{}</td><td>{}</td><td>{}</td></tr>",
            esc(&m.slot),
            esc(&m.vendor),
            esc(&m.pn),
            esc(&m.sn),
            esc(&m.rev),
            outcome_badge(m.outcome)
        );
    }
    o.push_str("</tbody></table></div>");
}

fn run_details(o: &mut String, r: &RunSummary) {
    o.push_str("<dl class=\"kv\">");
    kv(
        o,
        "Run",
        &format!(
            "<span class=\"mono\">{}</span> {}",
            esc(&r.run_id),
            run_badge(r.outcome)
        ),
    );
    kv(o, "Station", &esc(&r.station));
    let clock = match r.clock {
        ClockKind::Virtual => "virtual clock (simulated hardware)",
        ClockKind::Wall => "wall clock",
    };
    kv(
        o,
        "Ran",
        &format!(
            "{} → {} ({clock})",
            esc(&short_time(&r.started_at)),
            esc(&short_time(&r.finished_at))
        ),
    );
    kv(
        o,
        "Plan",
        &format!(
            "{} <span class=\"mono\">{}</span> sha256 {}",
            esc(&r.plan_name),
            esc(&r.plan_file),
            hash(&r.plan_sha256)
        ),
    );
    kv(o, "Matrix file sha256", &hash(&r.matrix_sha256));
    kv(o, "Host firmware", &esc(&r.host_firmware));
    kv(
        o,
        "Module firmware",
        &r.module_firmware
            .as_deref()
            .map_or("not pinned".to_string(), esc),
    );
    kv(o, "optiqual version", &esc(&r.tool_version));
    if let Some(s) = &r.shard {
        kv(o, "Shard", &esc(s));
    }
    kv(
        o,
        "Results",
        &format!("<span class=\"mono\">{}</span>", esc(&r.source)),
    );
    o.push_str("</dl>");
    modules_table(o, &r.modules);
    if r.findings.is_empty() {
        o.push_str("<p class=\"small\">Findings: none, every check passed.</p>");
    } else {
        o.push_str("<p><b>Findings</b></p><ul class=\"findings\">");
        for f in &r.findings {
            let _ = write!(o, "<li>{}</li>", esc(f));
        }
        o.push_str("</ul>");
    }
}

fn superseded(o: &mut String, c: &CellView) {
    if c.superseded.is_empty() {
        return;
    }
    if c.conflict {
        o.push_str(
            "<p class=\"conflict\">Conflict: older runs of this cell disagree with the latest \
             one; the most recent run decides.</p>",
        );
    }
    o.push_str(
        "<p><b>Superseded runs</b> (newest first)</p><div class=\"wrap\"><table class=\"superseded\">\
         <thead><tr><th>Run</th><th>Station</th><th>Finished</th><th>Outcome</th>\
         <th>Plan sha256</th><th>Host firmware</th><th>Serial numbers</th></tr></thead><tbody>",
    );
    for r in &c.superseded {
        let sns: Vec<String> = r.modules.iter().map(|m| esc(&m.sn)).collect();
        let _ = write!(
            o,
            "<tr><td class=\"mono\">{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>\
             <td class=\"mono\">{}</td></tr>",
            esc(&r.run_id),
            esc(&r.station),
            esc(&short_time(&r.finished_at)),
            run_badge(r.outcome),
            hash(&r.plan_sha256),
            esc(&r.host_firmware),
            sns.join(", ")
        );
    }
    o.push_str("</tbody></table></div>");
}

/// One cell's evidence, anchored at `ev-<id>`.
fn cell(o: &mut String, c: &CellView, id: &str) {
    let _ = write!(
        o,
        "<article class=\"ev\" id=\"ev-{}\" data-status=\"{}\"><h3>{} <span class=\"chip st-{}\">{}</span></h3>",
        esc_attr(id),
        c.status.as_str(),
        esc(&c.key.to_string()),
        c.status.as_str(),
        c.status.label()
    );
    if let Some(p) = &c.plan {
        let _ = write!(
            o,
            "<p class=\"small\">The matrix names the plan <span class=\"mono\">{}</span>.</p>",
            esc(p)
        );
    }
    if let Some(n) = &c.note {
        let _ = write!(o, "<p><b>Note:</b> {}</p>", esc(n));
    }
    if !c.stale_reasons.is_empty() {
        o.push_str("<p><b>Stale because</b></p><ul>");
        for s in &c.stale_reasons {
            let _ = write!(o, "<li>{}</li>", esc(s));
        }
        o.push_str("</ul>");
    }
    match &c.run {
        Some(r) => run_details(o, r),
        None => o.push_str("<p>No run of this cell yet.</p>"),
    }
    superseded(o, c);
    o.push_str("</article>");
}

/// The evidence section: every cell, then unplaced results.
pub(crate) fn section(o: &mut String, view: &MatrixView, ids: &[String]) {
    o.push_str("<section class=\"evidence\" id=\"evidence\"><h2>Evidence behind each verdict</h2>");
    if view.cells.is_empty() {
        o.push_str("<p>The matrix has no cells.</p>");
    }
    for (c, id) in view.cells.iter().zip(ids) {
        cell(o, c, id);
    }
    o.push_str("<h3 id=\"unplaced\">Results not placed in this matrix</h3>");
    if view.unplaced.is_empty() {
        o.push_str("<p class=\"small\">None: every result read belongs to a cell.</p>");
    } else {
        o.push_str("<ul class=\"unplaced\">");
        for u in &view.unplaced {
            let _ = write!(o, "<li>{}</li>", esc(u));
        }
        o.push_str("</ul>");
    }
    o.push_str("</section>");
}
