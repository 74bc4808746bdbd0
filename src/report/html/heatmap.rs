//! The matrix as a heat map: a row per SKU, a column group per host, a column per firmware set;
//! each cell coloured by its status and labelled in words, with a `data-status` attribute, an
//! id `cell-<sku>--<host>--<firmware>` and a tooltip naming the run and the note. Also the
//! tally and the legend.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

use super::format::{esc, esc_attr, id_part, short_time};
use super::style::STATUSES;
use crate::matrix::{CellStatus, CellView, MatrixView};

/// The rows and columns of the heat map: the view's SKUs, hosts and firmware sets, plus any id
/// that only a cell names; host × firmware columns without any cell are left out.
pub(crate) struct Axes {
    /// SKU ids, in matrix order.
    pub skus: Vec<String>,
    /// (host id, firmware ids shown under it).
    pub columns: Vec<(String, Vec<String>)>,
}

fn push_unique(list: &mut Vec<String>, id: &str) {
    if !list.iter().any(|x| x == id) {
        list.push(id.to_string());
    }
}

impl Axes {
    /// The axes of `view`.
    pub fn of(view: &MatrixView) -> Self {
        let mut skus: Vec<String> = Vec::new();
        let mut hosts: Vec<String> = Vec::new();
        let mut firmware: Vec<String> = Vec::new();
        for s in &view.skus {
            push_unique(&mut skus, &s.id);
        }
        for h in &view.hosts {
            push_unique(&mut hosts, &h.id);
        }
        for f in &view.firmware {
            push_unique(&mut firmware, &f.id);
        }
        for c in &view.cells {
            push_unique(&mut skus, &c.key.sku);
            push_unique(&mut hosts, &c.key.host);
            push_unique(&mut firmware, &c.key.firmware);
        }
        let used = |h: &str, f: &str| {
            view.cells
                .iter()
                .any(|c| c.key.host == h && c.key.firmware == f)
        };
        let mut columns: Vec<(String, Vec<String>)> = hosts
            .iter()
            .map(|h| {
                let fws = firmware.iter().filter(|f| used(h, f)).cloned().collect();
                (h.clone(), fws)
            })
            .filter(|(_, fws): &(String, Vec<String>)| !fws.is_empty())
            .collect();
        if columns.is_empty() {
            // A matrix without cells still shows its axes.
            columns = hosts
                .iter()
                .map(|h| (h.clone(), firmware.clone()))
                .collect();
        }
        Axes { skus, columns }
    }
}

/// A unique HTML id suffix for each of `view.cells` (by index): the key's slug, with `-2`,
/// `-3`... when two keys share a slug. The heat map uses `cell-<suffix>`, the evidence
/// `ev-<suffix>`.
pub(crate) fn cell_ids(view: &MatrixView) -> Vec<String> {
    let mut used: HashSet<String> = HashSet::new();
    view.cells
        .iter()
        .map(|c| {
            let base = c.key.slug();
            let mut id = base.clone();
            let mut n = 2;
            while !used.insert(id.clone()) {
                id = format!("{base}-{n}");
                n += 1;
            }
            id
        })
        .collect()
}

/// The tooltip of a cell: key, status, run, note, stale reasons, conflict.
fn tooltip(c: &CellView) -> String {
    let mut t = format!("{}: {}", c.key, c.status.label());
    if let Some(r) = &c.run {
        let _ = write!(
            t,
            "\nrun {} on {} finished {} ({})",
            r.run_id,
            r.station,
            r.finished_at,
            r.outcome.as_str()
        );
    }
    if let Some(n) = &c.note {
        let _ = write!(t, "\nnote: {n}");
    }
    for s in &c.stale_reasons {
        let _ = write!(t, "\nstale: {s}");
    }
    if c.conflict {
        t.push_str("\nconflict: older runs of this cell disagree");
    }
    if !c.superseded.is_empty() {
        let _ = write!(t, "\n{} older run(s)", c.superseded.len());
    }
    t
}

/// The short second line of a cell.
fn sub_line(c: &CellView) -> String {
    let mut parts: Vec<String> = Vec::new();
    match &c.run {
        Some(r) => parts.push(short_time(&r.finished_at)),
        None => parts.push("no run".to_string()),
    }
    if c.conflict {
        parts.push("conflict".to_string());
    }
    parts.join(" · ")
}

/// Tally of the cells by status: `2 qualified · 1 failed ...`.
pub(crate) fn tally(o: &mut String, view: &MatrixView) {
    let _ = write!(
        o,
        "<div class=\"tally\"><b>{} cell(s):</b> ",
        view.cells.len()
    );
    for st in STATUSES {
        let n = view.cells.iter().filter(|c| c.status == st).count();
        let _ = write!(
            o,
            "<span class=\"chip st-{}\" data-tally=\"{}\">{} {n}</span>",
            st.as_str(),
            st.as_str(),
            st.label()
        );
    }
    o.push_str("</div>");
}

/// The legend under the heat map.
fn legend(o: &mut String) {
    o.push_str("<p class=\"legend small\">");
    for (st, words) in [
        (
            CellStatus::Qualified,
            "the latest run passed, with the plan and firmware the matrix names now",
        ),
        (CellStatus::Failed, "a module was outside its limits"),
        (
            CellStatus::Error,
            "the run could not judge (harness, instrument, bus error or interrupted)",
        ),
        (
            CellStatus::Stale,
            "run with an older plan or firmware than the matrix names now",
        ),
        (CellStatus::NotRun, "no run of this cell"),
    ] {
        let _ = write!(
            o,
            "<span class=\"chip st-{}\">{}</span> {words}<br>",
            st.as_str(),
            st.label()
        );
    }
    o.push_str("A blank cell is not part of the matrix. Click a cell for its evidence.</p>");
}

/// The heat map table with its legend.
pub(crate) fn heatmap(o: &mut String, view: &MatrixView, ids: &[String]) {
    let axes = Axes::of(view);
    o.push_str("<div class=\"wrap\"><table class=\"heatmap\"><thead><tr>");
    o.push_str("<th class=\"sku\" rowspan=\"2\">SKU</th>");
    for (host, fws) in &axes.columns {
        let platform = view
            .hosts
            .iter()
            .find(|h| h.id == *host)
            .map(|h| h.platform.as_str())
            .unwrap_or("");
        let _ = write!(
            o,
            "<th class=\"host\" colspan=\"{}\">{}<br><span class=\"small\">{}</span></th>",
            fws.len().max(1),
            esc(host),
            esc(platform)
        );
    }
    o.push_str("</tr><tr>");
    for (_, fws) in &axes.columns {
        for f in fws {
            let version = view
                .firmware
                .iter()
                .find(|d| d.id == *f)
                .map(|d| d.host.as_str())
                .unwrap_or("");
            let _ = write!(
                o,
                "<th class=\"fw\">{}<br><span class=\"small\">{}</span></th>",
                esc(f),
                esc(version)
            );
        }
    }
    o.push_str("</tr></thead><tbody>");
    // One lookup of the cells by key instead of a scan per table cell (5,000-cell matrices).
    let by_key: HashMap<(&str, &str, &str), (&CellView, &String)> = view
        .cells
        .iter()
        .zip(ids)
        .map(|(c, id)| {
            (
                (
                    c.key.sku.as_str(),
                    c.key.host.as_str(),
                    c.key.firmware.as_str(),
                ),
                (c, id),
            )
        })
        .collect();
    for sku in &axes.skus {
        let def = view.skus.iter().find(|s| s.id == *sku);
        let _ = write!(
            o,
            "<tr><th class=\"sku\" scope=\"row\"><a href=\"#sku-{}\">{}</a>",
            id_part(sku),
            esc(sku)
        );
        if let Some(d) = def {
            let _ = write!(
                o,
                "<br><span class=\"small\">{} {} · {}</span>",
                esc(&d.vendor),
                esc(&d.pn),
                esc(&d.form_factor)
            );
        }
        o.push_str("</th>");
        for (host, fws) in &axes.columns {
            for f in fws {
                let cell = by_key.get(&(sku.as_str(), host.as_str(), f.as_str()));
                match cell {
                    Some((c, id)) => cell_td(o, c, id),
                    None => o.push_str(
                        "<td class=\"absent\" data-status=\"none\" title=\"not part of the matrix\">—</td>",
                    ),
                }
            }
        }
        o.push_str("</tr>");
    }
    o.push_str("</tbody></table></div>");
    legend(o);
}

fn cell_td(o: &mut String, c: &CellView, id: &str) {
    let id = esc_attr(id);
    let _ = write!(
        o,
        "<td id=\"cell-{id}\" class=\"cell st-{st}\" data-status=\"{st}\" title=\"{}\">\
         <a href=\"#ev-{id}\"><span class=\"verdict\">{}</span><span class=\"sub\">{}</span></a></td>",
        esc_attr(&tooltip(c)),
        c.status.label(),
        esc(&sub_line(c)),
        st = c.status.as_str(),
    );
}
