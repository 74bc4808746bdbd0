//! The matrix as Markdown for pull requests and tickets: the heat map as a table (a row per
//! SKU, a column per host / firmware, statuses in words), the tally, every cell that needs
//! attention (failed, error, stale, not run) with its reasons, and the evidence (run ids,
//! stations, plan hashes, serial numbers, tool versions). Device and log text is escaped so it
//! can neither break a table nor format itself.

use std::fmt::Write as _;

use super::html::{Axes, STATUSES};
use super::markdown::{Align, inline, table};
use crate::matrix::{CellStatus, CellView, MatrixView};

/// Findings quoted per cell; the rest are counted.
const FINDINGS_PER_CELL: usize = 3;

/// A status with a symbol and its word (the word carries the meaning; the symbol helps a glance).
pub fn status_words(s: CellStatus) -> &'static str {
    match s {
        CellStatus::Qualified => "✅ Qualified",
        CellStatus::Failed => "❌ Failed",
        CellStatus::Error => "⚠️ Error",
        CellStatus::Stale => "🕒 Stale",
        CellStatus::NotRun => "⬜ Not run",
    }
}

fn short(h: &str) -> String {
    h.chars().take(12).collect()
}

/// An identifier or hash in backticks when it is plain (letters, digits, `._:/+-`), else as
/// escaped text (escapes do not work inside a code span); `—` when empty.
fn code(s: &str) -> String {
    let plain = s
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | ':' | '/' | '+' | '-'));
    if s.is_empty() {
        "—".to_string()
    } else if plain {
        format!("`{s}`")
    } else {
        inline(s)
    }
}

/// The summary.md of a matrix view (trailing newline).
pub fn matrix_markdown(view: &MatrixView) -> String {
    let mut o = String::with_capacity(4096);
    header(&mut o, view);
    grid(&mut o, view);
    attention(&mut o, view);
    evidence(&mut o, view);
    if !view.unplaced.is_empty() {
        o.push_str("\n## Results not placed in this matrix\n\n");
        for u in &view.unplaced {
            let _ = writeln!(o, "- {}", inline(u));
        }
    }
    o
}

fn header(o: &mut String, view: &MatrixView) {
    let _ = writeln!(o, "# Qualification matrix: {}\n", inline(&view.name));
    let _ = write!(
        o,
        "Generated {} by optiqual {}",
        inline(&view.generated_at),
        inline(&view.tool_version)
    );
    if let Some(f) = &view.matrix_file {
        let _ = write!(o, " from {}", code(f));
    }
    if let Some(h) = &view.matrix_sha256 {
        let _ = write!(o, " (sha256 {})", code(&short(h)));
    }
    o.push_str(".\n\n");
    let _ = write!(o, "**{} cell(s):**", view.cells.len());
    let counts: Vec<String> = STATUSES
        .iter()
        .map(|s| {
            let n = view.cells.iter().filter(|c| c.status == *s).count();
            format!("{n} {}", s.label().to_lowercase())
        })
        .collect();
    let _ = writeln!(o, " {}\n", counts.join(" · "));
}

fn grid(o: &mut String, view: &MatrixView) {
    let axes = Axes::of(view);
    let headers: Vec<String> = std::iter::once("SKU".to_string())
        .chain(axes.columns.iter().flat_map(|(h, fws)| {
            fws.iter()
                .map(move |f| format!("{} / {}", inline(h), inline(f)))
        }))
        .collect();
    let header: Vec<(&str, Align)> = headers.iter().map(|h| (h.as_str(), Align::Left)).collect();
    let by_key: std::collections::HashMap<(&str, &str, &str), &CellView> = view
        .cells
        .iter()
        .map(|c| {
            (
                (
                    c.key.sku.as_str(),
                    c.key.host.as_str(),
                    c.key.firmware.as_str(),
                ),
                c,
            )
        })
        .collect();
    let by_key = &by_key;
    let rows: Vec<Vec<String>> = axes
        .skus
        .iter()
        .map(|sku| {
            let mut name = inline(sku);
            if let Some(d) = view.skus.iter().find(|s| s.id == *sku) {
                let _ = write!(name, " ({} {})", inline(&d.vendor), inline(&d.pn));
            }
            std::iter::once(name)
                .chain(axes.columns.iter().flat_map(|(h, fws)| {
                    fws.iter().map(move |f| {
                        by_key.get(&(sku.as_str(), h.as_str(), f.as_str())).map_or(
                            "—".to_string(),
                            |c| {
                                let mut w = status_words(c.status).to_string();
                                if c.conflict {
                                    w.push_str(" (conflict)");
                                }
                                w
                            },
                        )
                    })
                }))
                .collect()
        })
        .collect();
    table(o, &header, &rows);
    let hosts: Vec<String> = view
        .hosts
        .iter()
        .map(|h| format!("{} = {}", inline(&h.id), inline(&h.platform)))
        .collect();
    let fws: Vec<String> = view
        .firmware
        .iter()
        .map(|f| format!("{} = {}", inline(&f.id), inline(&f.host)))
        .collect();
    o.push('\n');
    if !hosts.is_empty() {
        let _ = writeln!(o, "Hosts: {}.  ", hosts.join("; "));
    }
    if !fws.is_empty() {
        let _ = writeln!(o, "Firmware: {}.  ", fws.join("; "));
    }
    o.push_str("A cell shown as — is not part of the matrix.\n");
}

fn where_run(c: &CellView) -> String {
    match &c.run {
        Some(r) => format!(
            "run {} on {}, finished {}",
            code(&r.run_id),
            inline(&r.station),
            inline(&r.finished_at)
        ),
        None => "no run".to_string(),
    }
}

fn attention(o: &mut String, view: &MatrixView) {
    let order = [
        CellStatus::Failed,
        CellStatus::Error,
        CellStatus::Stale,
        CellStatus::NotRun,
    ];
    let needs: Vec<&CellView> = order
        .iter()
        .flat_map(|s| view.cells.iter().filter(move |c| c.status == *s))
        .collect();
    let conflicts: Vec<&CellView> = view
        .cells
        .iter()
        .filter(|c| c.conflict && !order.contains(&c.status))
        .collect();
    o.push_str("\n## Needs attention\n\n");
    if needs.is_empty() && conflicts.is_empty() {
        o.push_str("Nothing: every cell is qualified.\n");
        return;
    }
    for c in needs.iter().chain(&conflicts) {
        let _ = write!(
            o,
            "- **{}** {}: {}",
            c.status.label(),
            inline(&c.key.to_string()),
            where_run(c)
        );
        if let Some(n) = &c.note {
            let _ = write!(o, "; {}", inline(n));
        }
        o.push('\n');
        for s in &c.stale_reasons {
            let _ = writeln!(o, "  - stale: {}", inline(s));
        }
        if c.conflict {
            let _ = writeln!(
                o,
                "  - conflict: {} older run(s) disagree; the most recent decides",
                c.superseded.len()
            );
        }
        if matches!(c.status, CellStatus::Failed | CellStatus::Error)
            && let Some(r) = &c.run
        {
            for f in r.findings.iter().take(FINDINGS_PER_CELL) {
                let _ = writeln!(o, "  - {}", inline(f));
            }
            if r.findings.len() > FINDINGS_PER_CELL {
                let _ = writeln!(
                    o,
                    "  - … {} more finding(s)",
                    r.findings.len() - FINDINGS_PER_CELL
                );
            }
        }
    }
}

fn evidence(o: &mut String, view: &MatrixView) {
    o.push_str("\n## Evidence\n\n");
    let header = [
        ("Cell", Align::Left),
        ("Status", Align::Left),
        ("Run", Align::Left),
        ("Station", Align::Left),
        ("Finished", Align::Left),
        ("Plan sha256", Align::Left),
        ("Host firmware", Align::Left),
        ("Serial numbers", Align::Left),
        ("optiqual", Align::Left),
        ("Older runs", Align::Right),
    ];
    let rows: Vec<Vec<String>> = view
        .cells
        .iter()
        .map(|c| {
            let mut row = vec![inline(&c.key.to_string()), c.status.label().to_string()];
            match &c.run {
                Some(r) => {
                    let sns: Vec<String> = r
                        .modules
                        .iter()
                        .map(|m| match m.sn.trim() {
                            "" => "?".to_string(),
                            sn => inline(sn),
                        })
                        .collect();
                    row.extend([
                        code(&r.run_id),
                        inline(&r.station),
                        inline(&r.finished_at),
                        code(&short(&r.plan_sha256)),
                        inline(&r.host_firmware),
                        if sns.is_empty() {
                            "—".to_string()
                        } else {
                            sns.join(", ")
                        },
                        inline(&r.tool_version),
                    ]);
                }
                None => row.extend(std::iter::repeat_n("—".to_string(), 7)),
            }
            row.push(c.superseded.len().to_string());
            row
        })
        .collect();
    table(o, &header, &rows);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::html::tests::view;
    use crate::report::samples;

    #[test]
    fn the_matrix_is_a_table_of_words() {
        let (view, _) = view();
        let md = matrix_markdown(&view);
        let expected = "\
| SKU                        | tor-a / fw1 | tor-a / fw2         | tor-b / fw1 | tor-b / fw2 |
| -------------------------- | ----------- | ------------------- | ----------- | ----------- |
| qdd (ACME AC-QDD-400G-DR4) | ✅ Qualified | ❌ Failed (conflict) | 🕒 Stale     | ⬜ Not run   |
| sfp (ACME AC-SFP-10G-LR)   | ⚠️ Error    | —                   | ⬜ Not run   | —           |
";
        assert!(md.contains(expected), "{md}");
        assert!(md.starts_with("# Qualification matrix: lab matrix\n"));
        assert!(
            md.contains("**6 cell(s):** 1 qualified · 1 failed · 1 error · 1 stale · 2 not run\n")
        );
        assert!(md.contains("Firmware: fw1 = SONiC.202405.1; fw2 = SONiC.202411.1."));
    }

    #[test]
    fn cells_that_need_attention_say_why() {
        let (view, _) = view();
        let md = matrix_markdown(&view);
        let attention =
            &md[md.find("## Needs attention").unwrap()..md.find("## Evidence").unwrap()];
        let lines: Vec<&str> = attention.lines().filter(|l| l.starts_with("- ")).collect();
        assert_eq!(
            lines,
            vec![
                "- **Failed** qdd @ tor-a / fw2: run `20261124-090000-mixed` on bench-1, finished 2026-11-24T09:30:01Z",
                "- **Error** sfp @ tor-a / fw1: run `20261124-090000-abort` on bench-1, finished 2026-11-24T09:00:03Z",
                "- **Stale** qdd @ tor-b / fw1: run `20261124-090000-swept` on bench-1, finished 2026-11-24T09:00:12.250Z",
                "- **Not run** qdd @ tor-b / fw2: no run; host tor-b is not on this station",
                "- **Not run** sfp @ tor-b / fw1: no run",
            ]
        );
        assert!(
            attention
                .contains("  - stale: plan changed since the run (sha256 9f2c4a1b → 1234abcd)\n")
        );
        assert!(
            attention.contains("  - conflict: 1 older run(s) disagree; the most recent decides\n")
        );
        assert!(
            attention.contains("  - p1: power_up: module took too long to reach ModuleReady\n")
        );
        assert!(attention.contains("  - … 1 more finding(s)\n"));
    }

    #[test]
    fn evidence_rows_name_runs_hashes_and_serials() {
        let (view, _) = view();
        let md = matrix_markdown(&view);
        assert!(md.contains(
            "| qdd @ tor-a / fw2 | Failed    | `20261124-090000-mixed` | bench-1 | 2026-11-24T09:30:01Z     | `9f2c4a1be0d3` | SONiC.202405.1 | SN123, ?       | 0.1.0    |          1 |"
        ), "{md}");
        assert!(md.contains(
            "| qdd @ tor-b / fw2 | Not run   | —                       | —       | —                        | —              | —              | —              | —        |          0 |"
        ));
        assert!(md.contains("- reports/x/results.json: matrix other-matrix, not lab matrix\n"));
    }

    #[test]
    fn everything_qualified_needs_no_attention() {
        let (mut view, _) = view();
        for c in &mut view.cells {
            c.status = CellStatus::Qualified;
            c.conflict = false;
        }
        let md = matrix_markdown(&view);
        assert!(md.contains("## Needs attention\n\nNothing: every cell is qualified.\n"));
    }

    #[test]
    fn hostile_text_cannot_break_the_tables() {
        let nasty = samples::hostile().modules[0].identity.vendor.clone();
        let (mut view, _) = view();
        view.name = nasty.clone();
        view.skus[0].vendor = nasty.clone();
        view.cells[0].key.sku = format!("q|d{nasty}");
        view.cells[3].note = Some(nasty.clone());
        if let Some(r) = view.cells[1].run.as_mut() {
            r.run_id = nasty.clone();
            r.station = nasty.clone();
        }
        let md = matrix_markdown(&view);
        for c in ['\u{0}', '\u{1b}', '\u{9b}', '\u{202E}', '\r', '\t'] {
            assert!(!md.contains(c), "{:#x}", u32::from(c));
        }
        assert!(!md.contains("<x>"));
        // Every row of a table has as many unescaped pipes as its header.
        for table in md.split("\n\n").filter(|b| b.starts_with('|')) {
            let pipes = |l: &str| {
                let b = l.as_bytes();
                (0..b.len())
                    .filter(|&i| b[i] == b'|' && (i == 0 || b[i - 1] != b'\\'))
                    .count()
            };
            let mut rows = table.lines();
            let n = pipes(rows.next().unwrap());
            for r in rows {
                assert_eq!(pipes(r), n, "{r}");
            }
        }
    }
}
