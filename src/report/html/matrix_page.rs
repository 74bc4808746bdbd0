//! The matrix report: title and provenance, the tally, the heat map, a section per SKU (key
//! figures and plots), and the evidence behind each verdict.

use std::collections::HashMap;
use std::fmt::Write as _;

use super::evidence::{self, hash};
use super::figures;
use super::format::{esc, id_part, num, short_time};
use super::heatmap::{self, Axes, cell_ids};
use super::page;
use super::plots::{self, Context, Unit};
use crate::matrix::{MatrixView, SkuDef};
use crate::results::RunResults;

/// The runs behind a view, by run id.
type RunIndex<'a> = HashMap<&'a str, &'a RunResults>;

/// The report page of a matrix view. `runs` are the runs behind the cells (the latest of each:
/// `cell.run.run_id` names one); the plots come from them. Runs no cell names are ignored.
pub fn render_matrix<'a>(
    view: &MatrixView,
    runs: impl IntoIterator<Item = &'a RunResults>,
) -> String {
    // Runs by id (the first of a repeated id), looked up once per cell.
    let mut index: RunIndex<'a> = HashMap::new();
    for r in runs {
        index.entry(r.run_id.as_str()).or_insert(r);
    }
    let runs = &index;
    let mut o = String::with_capacity(64 * 1024);
    page::open(&mut o, &format!("Qualification report: {}", view.name));
    header(&mut o, view);
    let ids = cell_ids(view);
    o.push_str("<section id=\"matrix\"><h2>Compatibility matrix</h2>");
    heatmap::heatmap(&mut o, view, &ids);
    o.push_str("</section>");
    for sku in Axes::of(view).skus {
        sku_section(&mut o, view, runs, &sku);
    }
    evidence::section(&mut o, view, &ids);
    page::close(&mut o, &view.tool_version);
    o
}

fn header(o: &mut String, view: &MatrixView) {
    let _ = write!(
        o,
        "<header><h1>Qualification report</h1><p class=\"meta\"><b>Matrix:</b> {}",
        esc(&view.name)
    );
    if let Some(f) = &view.matrix_file {
        let _ = write!(o, " · <span class=\"mono\">{}</span>", esc(f));
    }
    if let Some(h) = &view.matrix_sha256 {
        let _ = write!(o, " · sha256 {}", hash(h));
    }
    let _ = write!(
        o,
        "</p><p class=\"meta\"><b>Generated:</b> {} · <b>optiqual</b> {}</p>",
        esc(&short_time(&view.generated_at)),
        esc(&view.tool_version)
    );
    heatmap::tally(o, view);
    o.push_str("</header>");
}

/// Whether a module's part number is the SKU's (case and padding aside).
fn is_sku(pn: &str, sku: &SkuDef) -> bool {
    pn.trim().eq_ignore_ascii_case(sku.pn.trim())
}

/// The modules of the SKU in the latest runs of its cells: those whose part number matches,
/// or every module of a run where none matches (a module that could not be read still counts
/// for the cell it was run for).
fn units<'a>(
    view: &MatrixView,
    runs: &RunIndex<'a>,
    sku: &str,
    def: Option<&SkuDef>,
) -> Vec<Unit<'a>> {
    let mut out: Vec<Unit<'a>> = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    for c in view.cells.iter().filter(|c| c.key.sku == sku) {
        let Some(summary) = &c.run else { continue };
        let Some(&run) = runs.get(summary.run_id.as_str()) else {
            continue;
        };
        if seen.contains(&run.run_id.as_str()) {
            continue;
        }
        seen.push(&run.run_id);
        let matching: Vec<_> = run
            .modules
            .iter()
            .filter(|m| def.is_some_and(|d| is_sku(&m.identity.pn, d)))
            .collect();
        let modules = if matching.is_empty() {
            run.modules.iter().collect()
        } else {
            matching
        };
        out.extend(modules.into_iter().map(|module| Unit { run, module }));
    }
    out
}

fn sku_section(o: &mut String, view: &MatrixView, runs: &RunIndex<'_>, sku: &str) {
    let def = view.skus.iter().find(|s| s.id == sku);
    let _ = write!(
        o,
        "<section class=\"sku\" id=\"sku-{}\"><h2>{}",
        id_part(sku),
        esc(sku)
    );
    if let Some(d) = def {
        let _ = write!(o, ": {} {}", esc(&d.vendor), esc(&d.pn));
    }
    o.push_str("</h2>");
    if let Some(d) = def {
        let apps = if d.applications.is_empty() {
            "—".to_string()
        } else {
            d.applications.join(", ")
        };
        let _ = write!(
            o,
            "<p class=\"meta\"><b>Form factor</b> {} · <b>applications</b> {} · <b>max power</b> \
             {} W · <b>temperature grade</b> {} ({} … {} °C)</p>",
            esc(&d.form_factor),
            esc(&apps),
            num(d.max_power_w),
            esc(&d.temperature.name),
            num(d.temperature.min_c),
            num(d.temperature.max_c)
        );
    }
    o.push_str("<p class=\"small\">");
    for c in view.cells.iter().filter(|c| c.key.sku == sku) {
        let _ = write!(
            o,
            "<span class=\"chip st-{}\">{} / {}: {}</span> ",
            c.status.as_str(),
            esc(&c.key.host),
            esc(&c.key.firmware),
            c.status.label()
        );
    }
    o.push_str("</p><h3>Key figures</h3>");
    let figs = view.sku_figures.iter().find(|f| f.sku == sku);
    figures::table(o, def.map(|d| &d.temperature), figs);
    let units = units(view, runs, sku, def);
    let ctx = Context {
        grade: def.map(|d| &d.temperature),
        target_ber: figs
            .and_then(|f| f.worst.post_fec_ber_bound.as_ref())
            .and_then(|f| f.limit),
    };
    let figures = plots::figures(&units, ctx);
    o.push_str("<h3>Plots</h3>");
    if figures.is_empty() {
        o.push_str("<p class=\"small\">No thermal sweep or BER soak data in the runs behind this SKU's cells.</p>");
    }
    o.push_str("<div class=\"plots\">");
    for f in figures {
        o.push_str(&f);
    }
    o.push_str("</div></section>");
}
