//! The text of `optiqual matrix status`: one aligned line per cell, the tally, and the results
//! that could not be placed.

use super::summary::one_line;
use super::tally::tally;
use super::view::{CellStatus, CellView, MatrixView};

/// Column titles, in order.
const HEADER: [&str; 8] = [
    "SKU", "HOST", "FIRMWARE", "STATUS", "RUN", "STATION", "FINISHED", "NOTE",
];

/// The status table of `view`:
///
/// ```text
/// SKU   HOST   FIRMWARE  STATUS     RUN  STATION  FINISHED              NOTE
/// sku-a tor-a  fw-1      QUALIFIED  r7   bench-1  2026-11-24T09:00:00Z
/// sku-a tor-b  fw-1      NOT RUN    -    -        -
///
/// 1 qualified, 0 failed, 0 error, 1 not run, 0 stale
/// ```
///
/// Columns are padded to their widest entry (in characters) with two spaces between them;
/// lines carry no trailing spaces. The note is, joined by `; `: the stale reasons, a conflict
/// naming each superseded run whose outcome differs (`conflict: r3 on bench-2 was fail`), and
/// the first finding of the latest run. Control characters in any field become spaces. When
/// results could not be placed, a last block lists them with the reasons.
pub fn status_table(view: &MatrixView) -> String {
    let mut rows: Vec<[String; 8]> = vec![HEADER.map(str::to_string)];
    rows.extend(view.cells.iter().map(row));
    let mut widths = [0usize; 8];
    for r in &rows {
        for (w, field) in widths.iter_mut().zip(r) {
            *w = (*w).max(field.chars().count());
        }
    }

    let mut out = String::new();
    for r in &rows {
        let mut line = String::new();
        for (field, w) in r.iter().zip(widths) {
            line.push_str(field);
            let pad = w.saturating_sub(field.chars().count()) + 2;
            line.extend(std::iter::repeat_n(' ', pad));
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out.push('\n');
    out.push_str(&tally(view).to_string());
    out.push('\n');
    if !view.unplaced.is_empty() {
        let n = view.unplaced.len();
        out.push_str(&format!(
            "\n{n} result{} not placed:\n",
            if n == 1 { "" } else { "s" }
        ));
        for reason in &view.unplaced {
            out.push_str("  ");
            out.push_str(&one_line(reason));
            out.push('\n');
        }
    }
    out
}

fn row(cell: &CellView) -> [String; 8] {
    let dash = |s: &str| {
        let s = one_line(s);
        if s.is_empty() { "-".to_string() } else { s }
    };
    let status = match cell.status {
        CellStatus::NotRun => "NOT RUN".to_string(),
        other => other.label().to_uppercase(),
    };
    let (run_id, station, finished) = match &cell.run {
        Some(r) => (dash(&r.run_id), dash(&r.station), dash(&r.finished_at)),
        None => ("-".to_string(), "-".to_string(), "-".to_string()),
    };
    [
        one_line(&cell.key.sku),
        one_line(&cell.key.host),
        one_line(&cell.key.firmware),
        status,
        run_id,
        station,
        finished,
        one_line(&note(cell)),
    ]
}

fn note(cell: &CellView) -> String {
    let mut parts: Vec<String> = cell.stale_reasons.clone();
    if let Some(latest) = &cell.run {
        let differing: Vec<String> = cell
            .superseded
            .iter()
            .filter(|s| s.outcome != latest.outcome)
            .map(|s| {
                let station = if s.station.is_empty() {
                    String::new()
                } else {
                    format!(" on {}", s.station)
                };
                format!("{}{station} was {}", s.run_id, s.outcome.as_str())
            })
            .collect();
        if cell.conflict && !differing.is_empty() {
            parts.push(format!("conflict: {}", differing.join(", ")));
        }
        if let Some(first) = latest.findings.first() {
            parts.push(first.clone());
        }
    }
    if let Some(why) = &cell.note {
        parts.push(why.clone());
    }
    parts.join("; ")
}
