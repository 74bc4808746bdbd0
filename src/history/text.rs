//! `optiqual history SKU` as plain text: an aligned table of runs (newest first) and one trend
//! line per figure.

use super::query::HistoryRow;
use super::trend::HistoryReport;
use crate::matrix::figures::Figure;
use crate::results::model::fmt_num;

const HEADERS: [&str; 12] = [
    "RUN",
    "STARTED",
    "OUTCOME",
    "MODULES",
    "POWER-UP ms",
    "DOM TX dB",
    "POST-FEC BER",
    "POWER W",
    "TEMP PASSED C",
    "HOST",
    "FIRMWARE",
    "STATION",
];

/// `value/limit`, or `value`, or `-`.
fn figure(f: &Option<Figure>) -> String {
    match f {
        Some(Figure {
            value,
            limit: Some(l),
            ..
        }) => format!("{}/{}", fmt_num(*value), fmt_num(*l)),
        Some(f) => fmt_num(f.value),
        None => "-".into(),
    }
}

fn cells(r: &HistoryRow) -> [String; 12] {
    let f = &r.figures;
    let dash = |s: &Option<String>| s.clone().unwrap_or_else(|| "-".into());
    [
        r.run_id.clone(),
        r.started_at.clone(),
        r.outcome.clone(),
        format!("{}/{}", r.modules_passed, r.modules_total),
        figure(&f.power_up_ms),
        figure(&f.dom_tx_error_db),
        figure(&f.post_fec_ber_bound),
        figure(&f.power_w),
        f.temperature_passed_c.map_or("-".into(), |(lo, hi)| {
            format!("{}..{}", fmt_num(lo), fmt_num(hi))
        }),
        dash(&r.host),
        dash(&r.firmware.clone().or_else(|| r.host_firmware.clone())),
        dash(&r.station),
    ]
}

/// The table, one header line and one line per run, columns separated by two spaces; control
/// characters in names are shown as `?` so a hostile results.json cannot redraw the terminal.
pub fn table(rows: &[HistoryRow]) -> String {
    let mut lines: Vec<[String; 12]> = vec![HEADERS.map(str::to_string)];
    lines.extend(rows.iter().map(cells));
    for line in &mut lines {
        for cell in line.iter_mut() {
            *cell = cell
                .chars()
                .map(|c| if c.is_control() { '?' } else { c })
                .collect();
        }
    }
    let mut widths = [0usize; 12];
    for line in &lines {
        for (w, cell) in widths.iter_mut().zip(line) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    for line in &lines {
        let mut text = String::new();
        for (i, (cell, w)) in line.iter().zip(widths).enumerate() {
            if i > 0 {
                text.push_str("  ");
            }
            text.push_str(cell);
            text.extend(std::iter::repeat_n(' ', w - cell.chars().count()));
        }
        out.push_str(text.trim_end());
        out.push('\n');
    }
    out
}

/// The whole text: a title, the table, the trend lines.
pub fn render(report: &HistoryReport) -> String {
    let t = &report.trend;
    let sku = report.sku.replace(|c: char| c.is_control(), "?");
    if report.runs.is_empty() {
        return format!("{sku}: no runs\n");
    }
    let mut out = format!("{sku}: {} run(s), newest first\n\n", t.runs);
    out.push_str(&table(&report.runs));
    out.push_str("\ntrend, oldest → newest:\n");
    for f in &t.figures {
        let unit = if f.unit.is_empty() {
            String::new()
        } else {
            format!(" {}", f.unit)
        };
        out.push_str(&format!(
            "  {}: {}{unit} ({}) → {}{unit} ({}): {}\n",
            f.name,
            fmt_num(f.first),
            f.first_run,
            fmt_num(f.latest),
            f.latest_run,
            f.direction.as_str()
        ));
    }
    let rate = t.pass_rate.map_or("-".into(), |r| {
        format!("{} %", fmt_num((r * 1000.0).round() / 10.0))
    });
    let stations: Vec<String> = t
        .stations
        .iter()
        .map(|s| format!("{} {}/{}", s.station, s.passed, s.runs))
        .collect();
    out.push_str(&format!(
        "  pass rate: {}/{} run(s) ({rate}); by station: {}\n",
        t.passed,
        t.runs,
        stations.join(", ")
    ));
    // Run ids and station names come from results.json: no control character reaches the
    // terminal.
    out.chars()
        .map(|c| if c.is_control() && c != '\n' { '?' } else { c })
        .collect()
}
