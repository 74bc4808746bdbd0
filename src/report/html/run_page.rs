//! The report page of a single `optiqual run` (no matrix): verdict, modules, findings, plots
//! per module, and the evidence (plan hash, station, tool version, every check).

use std::fmt::Write as _;

use super::evidence::hash;
use super::format::{esc, id_part, outcome_badge, run_word, short_time, with_unit};
use super::page;
use super::plots::{self, Context, Unit};
use crate::report::names::identity_label;
use crate::report::tally::Tally;
use crate::results::{ClockKind, ModuleResult, Outcome, RunResults};

/// Most findings listed (the checks table of each module has every check).
const MAX_FINDINGS: usize = 200;

/// The report page of one run.
pub fn render_run(r: &RunResults) -> String {
    let mut o = String::with_capacity(32 * 1024);
    page::open(&mut o, &format!("Qualification report: run {}", r.run_id));
    header(&mut o, r);
    modules(&mut o, r);
    findings(&mut o, r);
    o.push_str("<section id=\"plots\"><h2>Plots</h2>");
    let mut any = false;
    for m in &r.modules {
        let figures = plots::figures(&[Unit { run: r, module: m }], Context::default());
        if figures.is_empty() {
            continue;
        }
        any = true;
        let _ = write!(
            o,
            "<h3 id=\"plots-{}\">{}</h3>",
            id_part(&m.slot),
            esc(&module_title(m))
        );
        o.push_str("<div class=\"plots\">");
        for f in figures {
            o.push_str(&f);
        }
        o.push_str("</div>");
    }
    if !any {
        o.push_str("<p class=\"small\">No thermal sweep or BER soak data in this run.</p>");
    }
    o.push_str("</section>");
    evidence(&mut o, r);
    page::close(&mut o, &r.tool_version);
    o
}

/// `p1: ACME AC-QDD-400G-DR4 SN123`, or `p2: unidentified module`.
fn module_title(m: &ModuleResult) -> String {
    let label = identity_label(&m.identity);
    if label.is_empty() {
        format!("{}: unidentified module", m.slot)
    } else {
        format!("{}: {label}", m.slot)
    }
}

/// The station's `name` from the plan, `—` when it has none.
fn station_name(r: &RunResults) -> String {
    r.station
        .get("name")
        .and_then(|n| n.as_str())
        .filter(|n| !n.trim().is_empty())
        .unwrap_or("—")
        .to_string()
}

fn header(o: &mut String, r: &RunResults) {
    let (word, class) = run_word(r.outcome);
    let clock = match r.clock {
        ClockKind::Virtual => "virtual clock (simulated hardware)",
        ClockKind::Wall => "wall clock",
    };
    let _ = write!(
        o,
        "<header><h1>Qualification report</h1>\
         <p class=\"meta\"><b>Plan:</b> {} · <span class=\"mono\">{}</span> · sha256 {}</p>\
         <p class=\"meta\"><b>Run:</b> <span class=\"mono\">{}</span> · <b>station</b> {} · \
         {} → {} ({clock}) · <b>optiqual</b> {}</p>\
         <div class=\"banner {class}\" data-outcome=\"{}\">Verdict: {word}</div>",
        esc(&r.plan.name),
        esc(&r.plan.path),
        hash(&r.plan.sha256),
        esc(&r.run_id),
        esc(&station_name(r)),
        esc(&short_time(&r.started_at)),
        esc(&short_time(&r.finished_at)),
        esc(&r.tool_version),
        r.outcome.as_str()
    );
    if let Some(c) = &r.matrix {
        let _ = write!(
            o,
            "<p class=\"meta\"><b>Matrix cell:</b> {} @ {} / {} of {} (host firmware {}; matrix \
             sha256 {})</p>",
            esc(&c.sku),
            esc(&c.host),
            esc(&c.firmware),
            esc(&c.matrix),
            esc(&c.host_firmware),
            hash(&c.matrix_sha256)
        );
    }
    o.push_str("</header>");
}

fn modules(o: &mut String, r: &RunResults) {
    o.push_str("<section id=\"modules\"><h2>Modules</h2>");
    if r.modules.is_empty() {
        o.push_str("<p>No module was read: nothing was qualified.</p></section>");
        return;
    }
    o.push_str(
        "<div class=\"wrap\"><table class=\"modules\"><thead><tr><th>Slot</th><th>Vendor</th>\
         <th>Part number</th><th>Serial number</th><th>Rev</th><th>Outcome</th><th>Passed</th>\
         <th>Failed</th><th>Errors</th><th>Skipped</th></tr></thead><tbody>",
    );
    for m in &r.modules {
        let t = Tally::of(&m.checks);
        let _ = write!(
            o,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"mono\">{}</td><td>{}</td><td>{}</td>\
             <td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&m.slot),
            esc(&m.identity.vendor),
            esc(&m.identity.pn),
            esc(&m.identity.sn),
            esc(&m.identity.rev),
            outcome_badge(m.outcome),
            t.passed,
            t.failed,
            t.errored,
            t.skipped
        );
    }
    o.push_str("</tbody></table></div></section>");
}

fn findings(o: &mut String, r: &RunResults) {
    o.push_str("<section id=\"findings\"><h2>Findings</h2>");
    let mut bad: Vec<(&ModuleResult, &crate::results::CheckResult)> = r
        .modules
        .iter()
        .flat_map(|m| m.checks.iter().map(move |c| (m, c)))
        .filter(|(_, c)| matches!(c.outcome, Outcome::Fail | Outcome::Error | Outcome::Timeout))
        .collect();
    // Failures (about the module) first, then errors (about us).
    bad.sort_by_key(|(_, c)| c.outcome != Outcome::Fail);
    if bad.is_empty() {
        o.push_str("<p>None: no check failed or errored.</p></section>");
        return;
    }
    o.push_str("<ul class=\"findings\">");
    for (m, c) in bad.iter().take(MAX_FINDINGS) {
        let _ = write!(
            o,
            "<li>{} <b>{}</b> {}: {}",
            outcome_badge(c.outcome),
            esc(&m.slot),
            esc(&c.id),
            esc(&c.message)
        );
        let out_of_limits: Vec<String> = c
            .measurements
            .iter()
            .filter(|x| x.outcome != Outcome::Pass)
            .map(|x| esc(&x.describe()))
            .collect();
        if !out_of_limits.is_empty() {
            let _ = write!(
                o,
                "<br><span class=\"small mono\">{}</span>",
                out_of_limits.join("<br>")
            );
        }
        o.push_str("</li>");
    }
    o.push_str("</ul>");
    if bad.len() > MAX_FINDINGS {
        let _ = write!(
            o,
            "<p class=\"small\">{} more; every check is in the evidence below.</p>",
            bad.len() - MAX_FINDINGS
        );
    }
    o.push_str("</section>");
}

fn evidence(o: &mut String, r: &RunResults) {
    o.push_str("<section class=\"evidence\" id=\"evidence\"><h2>Evidence: every check</h2>");
    for m in &r.modules {
        let _ = write!(
            o,
            "<article class=\"ev\"><h3>{}</h3><div class=\"wrap\"><table class=\"checks\"><thead><tr>\
             <th>Check</th><th>Kind</th><th>Outcome</th><th>Attempts</th><th>Started</th>\
             <th>Duration</th><th>Message</th></tr></thead><tbody>",
            esc(&module_title(m))
        );
        for c in &m.checks {
            let _ = write!(
                o,
                "<tr><td class=\"mono\">{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>\
                 <td>{}</td><td>{}</td></tr>",
                esc(&c.id),
                esc(&c.kind),
                outcome_badge(c.outcome),
                c.attempts,
                esc(&short_time(&c.started_at)),
                esc(&with_unit(c.duration_s, "s")),
                esc(&c.message)
            );
        }
        o.push_str("</tbody></table></div></article>");
    }
    o.push_str("</section>");
}
