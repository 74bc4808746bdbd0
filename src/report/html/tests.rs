//! The HTML report on hand-built views and runs: each cell's status by id, escaping of hostile
//! text, the key figures, the plots, and the run page.

use super::*;
use crate::matrix::figures::{Figure, ModuleFigures, SkuFigures};
use crate::matrix::summary::{LoadedRun, summarize};
use crate::matrix::view::{RunSummary, SCHEMA};
use crate::matrix::{CellKey, CellStatus, CellView, FirmwareDef, HostDef, MatrixView, PortDef};
use crate::matrix::{SkuDef, TempGrade};
use crate::report::samples;
use crate::results::{CheckResult, ClockKind, Measurement, Outcome, RunResults, Series};

pub(crate) fn summary(r: &RunResults) -> RunSummary {
    // The evidence as the view builds it, with the matrix facts a hand-built view has.
    let mut s = summarize(&LoadedRun {
        source: format!("reports/{}/results.json", r.run_id),
        results: r.clone(),
    });
    s.station = "bench-1".into();
    s.matrix_sha256 = "ab".repeat(32);
    s.host_firmware = "SONiC.202405.1".into();
    s.module_firmware = Some("2.1".into());
    s
}

pub(crate) fn cell(
    sku: &str,
    host: &str,
    fw: &str,
    status: CellStatus,
    run: Option<&RunResults>,
) -> CellView {
    CellView {
        key: CellKey::new(sku, host, fw),
        plan: Some("plans/qdd.yaml".into()),
        status,
        run: run.map(summary),
        superseded: vec![],
        conflict: false,
        stale_reasons: vec![],
        note: None,
    }
}

fn sku(id: &str, pn: &str, grade: (&str, f64, f64)) -> SkuDef {
    SkuDef {
        id: id.into(),
        vendor: "ACME".into(),
        pn: pn.into(),
        form_factor: "QSFP-DD".into(),
        applications: vec!["400GBASE-DR4".into()],
        max_power_w: 12.0,
        temperature: TempGrade {
            name: grade.0.into(),
            min_c: grade.1,
            max_c: grade.2,
        },
    }
}

fn host(id: &str, platform: &str) -> HostDef {
    HostDef {
        id: id.into(),
        platform: platform.into(),
        ports: vec![PortDef {
            form_factor: "QSFP-DD".into(),
            power_budget_w: 14.0,
            fec: vec!["rs544".into()],
        }],
    }
}

fn fw(id: &str, host: &str) -> FirmwareDef {
    FirmwareDef {
        id: id.into(),
        host: host.into(),
        modules: Default::default(),
    }
}

fn fig(value: f64, limit: Option<f64>, unit: &str, outcome: Outcome) -> Option<Figure> {
    Some(Figure {
        value,
        limit,
        unit: unit.into(),
        outcome,
        source: "20261124-090000-pass/p1/power_up/module_ready_ms.max".into(),
    })
}

/// The passing sample plus a thermal sweep (series and per-setpoint DOM errors) and a soak.
pub(crate) fn swept() -> RunResults {
    let mut r = samples::passing();
    let sweep_m =
        |name: &str, v: f64| Measurement::judged(name, Some(v), "dB", Some(-3.0), Some(3.0));
    let sweep = CheckResult {
        id: "thermal_sweep".into(),
        kind: "thermal_sweep".into(),
        outcome: Outcome::Pass,
        attempts: 1,
        started_at: "2026-11-24T09:01:00Z".into(),
        duration_s: 900.0,
        message: String::new(),
        measurements: vec![
            sweep_m("0C/dom_accuracy/lane1.tx_power_error_db", 0.4),
            sweep_m("0C/dom_accuracy/lane2.tx_power_error_db", -0.2),
            sweep_m("70C/dom_accuracy/lane1.tx_power_error_db", 1.1),
            sweep_m("70C/dom_accuracy/lane2.tx_power_error_db", -0.9),
        ],
        attempt_log: vec![],
        series: vec![
            Series {
                name: "module_temperature_c".into(),
                x_unit: "s".into(),
                y_unit: "degC".into(),
                points: vec![(0.0, 26.0), (300.0, 4.0), (600.0, 74.5)],
            },
            Series {
                name: "chamber_temperature_c".into(),
                x_unit: "s".into(),
                y_unit: "degC".into(),
                points: vec![(0.0, 25.0), (300.0, 0.0), (600.0, 70.0)],
            },
        ],
    };
    let soak = CheckResult {
        id: "ber_soak".into(),
        kind: "ber_soak".into(),
        outcome: Outcome::Pass,
        attempts: 1,
        started_at: "2026-11-24T09:20:00Z".into(),
        duration_s: 120.0,
        message: String::new(),
        measurements: vec![
            Measurement::judged("pre_fec_ber", Some(3.0e-8), "", None, Some(2.4e-4)),
            Measurement::judged("post_fec_ber_upper", Some(2.5e-13), "", None, None),
        ],
        attempt_log: vec![],
        series: vec![Series {
            name: "pre_fec_ber".into(),
            x_unit: "s".into(),
            y_unit: "ratio".into(),
            points: vec![(10.0, 1.0e-8), (20.0, 0.0), (30.0, 3.0e-8)],
        }],
    };
    for m in &mut r.modules {
        m.checks.push(sweep.clone());
        m.checks.push(soak.clone());
    }
    r.run_id = "20261124-090000-swept".into();
    r
}

/// Two SKUs × two hosts × two firmware sets with every status, a conflict, a stale reason, a
/// note and two cells that are not part of the matrix.
pub(crate) fn view() -> (MatrixView, Vec<RunResults>) {
    let pass = swept();
    let mixed = samples::mixed();
    let aborted = samples::aborted();
    let mut failed = cell("qdd", "tor-a", "fw2", CellStatus::Failed, Some(&mixed));
    failed.superseded = vec![summary(&pass)];
    failed.conflict = true;
    let mut stale = cell("qdd", "tor-b", "fw1", CellStatus::Stale, Some(&pass));
    stale.stale_reasons = vec!["plan changed since the run (sha256 9f2c4a1b → 1234abcd)".into()];
    let mut not_run = cell("qdd", "tor-b", "fw2", CellStatus::NotRun, None);
    not_run.note = Some("host tor-b is not on this station".into());
    let cells = vec![
        cell("qdd", "tor-a", "fw1", CellStatus::Qualified, Some(&pass)),
        failed,
        stale,
        not_run,
        cell("sfp", "tor-a", "fw1", CellStatus::Error, Some(&aborted)),
        cell("sfp", "tor-b", "fw1", CellStatus::NotRun, None),
    ];
    let figures = SkuFigures {
        sku: "qdd".into(),
        modules: 2,
        runs: 2,
        worst: ModuleFigures {
            run_id: pass.run_id.clone(),
            slot: "p1".into(),
            sn: "SN123".into(),
            power_up_ms: fig(3250.0, Some(5000.0), "ms", Outcome::Pass),
            dom_tx_error_db: fig(2.6, Some(2.0), "dB", Outcome::Fail),
            temperature_passed_c: Some((0.0, 70.0)),
            temperature_tested_c: Some((0.0, 70.0)),
            max_case_temperature_c: Some(74.5),
            post_fec_ber_bound: fig(2.5e-13, Some(1e-12), "", Outcome::Pass),
            power_w: fig(12.0, Some(14.0), "W", Outcome::Pass),
            ..Default::default()
        },
    };
    let view = MatrixView {
        schema: SCHEMA.into(),
        name: "lab matrix".into(),
        generated_at: "2026-11-24T10:00:00Z".into(),
        tool_version: "0.1.0".into(),
        matrix_file: Some("testplans/matrix.yaml".into()),
        matrix_sha256: Some("cd".repeat(32)),
        skus: vec![
            sku("qdd", "AC-QDD-400G-DR4", ("commercial", 0.0, 70.0)),
            sku("sfp", "AC-SFP-10G-LR", ("industrial", -40.0, 85.0)),
        ],
        hosts: vec![
            host("tor-a", "Simulated ToR A"),
            host("tor-b", "Simulated ToR B"),
        ],
        firmware: vec![fw("fw1", "SONiC.202405.1"), fw("fw2", "SONiC.202411.1")],
        cells,
        sku_figures: vec![figures],
        unplaced: vec!["reports/x/results.json: matrix other-matrix, not lab matrix".into()],
    };
    (view, vec![pass, mixed, aborted])
}

/// The value of attribute `name` in the tag that has `id="<id>"`.
pub(crate) fn attr_of(html: &str, id: &str, name: &str) -> Option<String> {
    let at = html.find(&format!("id=\"{id}\""))?;
    let start = html[..at].rfind('<')?;
    let end = at + html[at..].find('>')?;
    let tag = &html[start..end];
    let key = format!(" {name}=\"");
    let v = tag.find(&key)? + key.len();
    Some(tag[v..].split('"').next()?.to_string())
}

#[test]
fn each_cell_has_its_status_by_id() {
    let (view, runs) = view();
    let html = render_matrix(&view, &runs);
    for (id, status) in [
        ("cell-qdd--tor-a--fw1", "qualified"),
        ("cell-qdd--tor-a--fw2", "failed"),
        ("cell-qdd--tor-b--fw1", "stale"),
        ("cell-qdd--tor-b--fw2", "not_run"),
        ("cell-sfp--tor-a--fw1", "error"),
        ("cell-sfp--tor-b--fw1", "not_run"),
    ] {
        assert_eq!(
            attr_of(&html, id, "data-status").as_deref(),
            Some(status),
            "{id}"
        );
        assert_eq!(
            attr_of(&html, id, "class").as_deref(),
            Some(format!("cell st-{status}").as_str())
        );
        // The evidence the cell links to exists.
        let ev = id.replacen("cell-", "ev-", 1);
        assert_eq!(attr_of(&html, &ev, "data-status").as_deref(), Some(status));
    }
    // sfp under fw2 is in no cell: two blank cells (tor-a/fw2, tor-b/fw2).
    assert_eq!(html.matches("data-status=\"none\"").count(), 2);
    // Words, not only colours.
    for w in [">Qualified<", ">Failed<", ">Stale<", ">Not run<", ">Error<"] {
        assert!(html.contains(w), "{w}");
    }
    // The tooltip names the run and the note.
    let title = attr_of(&html, "cell-qdd--tor-b--fw2", "title").unwrap();
    assert_eq!(
        title,
        "qdd @ tor-b / fw2: Not run&#10;note: host tor-b is not on this station"
    );
    let title = attr_of(&html, "cell-qdd--tor-a--fw2", "title").unwrap();
    assert!(
        title.contains("run 20261124-090000-mixed on bench-1"),
        "{title}"
    );
    assert!(title.contains("conflict"), "{title}");
    // The tally counts cells.
    assert!(html.contains("data-tally=\"not_run\">Not run 2<"));
    assert!(html.contains("data-tally=\"qualified\">Qualified 1<"));
}

#[test]
fn the_page_is_self_contained() {
    let (view, runs) = view();
    let html = render_matrix(&view, &runs);
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.trim_end().ends_with("</html>"));
    for banned in [
        "<script", " src=", "url(", "@import", "http://", "https://", "<link",
    ] {
        assert!(!html.contains(banned), "{banned}");
    }
    // Every href is an anchor on the page, and its target exists.
    for href in html.split("href=\"").skip(1) {
        let target = href.split('"').next().unwrap();
        let id = target.strip_prefix('#').expect("internal link");
        assert!(html.contains(&format!("id=\"{id}\"")), "{id}");
    }
    assert!(html.contains("@media print"));
    assert!(html.contains("break-before:page"));
}

#[test]
fn plots_come_from_the_runs_behind_the_cells() {
    let (view, runs) = view();
    let html = render_matrix(&view, &runs);
    let qdd = &html[html.find("id=\"sku-qdd\"").unwrap()..html.find("id=\"sku-sfp\"").unwrap()];
    for kind in ["thermal", "dom_error", "ber"] {
        assert!(qdd.contains(&format!("data-plot=\"{kind}\"")), "{kind}");
    }
    // The thermal plot has the chamber and both modules of the swept run (SN123, SN124),
    // named with the run as the SKU's plots mix runs, and the grade's limits.
    assert!(qdd.contains("data-name=\"chamber · 20261124-090000-swept\""));
    assert!(qdd.contains("data-name=\"SN124 (p2) · 20261124-090000-swept\""));
    assert!(qdd.contains("grade max 70 °C"));
    // The BER plot: limit, the bound reached and the target (from the figures).
    assert!(qdd.contains(">pre-FEC limit 2.4e-4<"));
    assert!(qdd.contains(">post-FEC BER bound reached 2.5e-13<"));
    assert!(qdd.contains(">post-FEC target 1e-12<"));
    assert!(qdd.contains("2 of 6 samples counted no errors"));
    // DOM error: lanes 1 and 2 at 0 and 70 °C, limits ±3 dB.
    assert!(qdd.contains("data-name=\"lane 1\"") && qdd.contains("data-name=\"lane 2\""));
    assert!(qdd.contains(">limit -3 dB<"));
    // The aborted SFP run has no sweep or soak.
    let sfp = &html[html.find("id=\"sku-sfp\"").unwrap()..];
    assert!(!sfp[..sfp.find("id=\"evidence\"").unwrap()].contains("<svg"));
}

#[test]
fn key_figures_are_formatted_with_their_limits() {
    let (view, runs) = view();
    let html = render_matrix(&view, &runs);
    let row = |label: &str| -> String {
        let at = html.find(&format!(">{label}</th>")).expect(label);
        html[at..at + html[at..].find("</tr>").unwrap()].to_string()
    };
    let r = row("Power-up time (to ModuleReady / data ready)");
    assert!(
        r.contains(">3250 ms<") && r.contains(">advertised ≤ 5000 ms<"),
        "{r}"
    );
    assert!(r.contains("oc-pass"));
    let r = row("DOM Tx power error");
    assert!(
        r.contains(">2.6 dB<") && r.contains(">within ±2 dB<") && r.contains(">Fail<"),
        "{r}"
    );
    let r = row("Temperature range passed (chamber setpoints)");
    assert!(
        r.contains(">0 … 70 °C<") && r.contains("Covers the grade"),
        "{r}"
    );
    let r = row("Post-FEC BER upper bound reached");
    assert!(
        r.contains(">2.5e-13<") && r.contains(">target ≤ 1e-12<"),
        "{r}"
    );
    let r = row("Advertised maximum power");
    assert!(
        r.contains(">12 W<") && r.contains(">port budget 14 W<"),
        "{r}"
    );
    // Not measured: a dash in every column.
    let r = row("Data-path activation time");
    assert_eq!(r.matches(">—<").count(), 3, "{r}");
    // The SFP has no figures at all, and is graded industrial.
    assert!(html.contains("No key figures for this SKU"));
    assert!(html.contains("temperature grade</b> industrial (-40 … 85 °C)"));
}

#[test]
fn evidence_names_runs_hashes_and_serial_numbers() {
    let (view, runs) = view();
    let html = render_matrix(&view, &runs);
    let ev = &html[html.find("id=\"ev-qdd--tor-a--fw2\"").unwrap()..];
    let ev = &ev[..ev.find("</article>").unwrap()];
    assert!(ev.contains("20261124-090000-mixed"));
    // Plan hash: short, with the whole hash in the tooltip.
    assert!(ev.contains(
        "title=\"9f2c4a1be0d35c7a8e6f1b2d3c4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60\">9f2c4a1be0d3<"
    ));
    assert!(ev.contains(">SN123<"));
    assert!(ev.contains("Conflict: older runs"));
    assert!(ev.contains("20261124-090000-swept")); // the superseded run
    assert!(ev.contains("p1: power_up: module took too long"));
    assert!(html.contains("plan changed since the run"));
    assert!(html.contains("matrix other-matrix, not lab matrix"));
}

#[test]
fn hostile_text_is_escaped_everywhere() {
    let hostile = samples::hostile();
    let nasty = hostile.modules[0].identity.vendor.clone();
    let (mut view, mut runs) = view();
    view.name = nasty.clone();
    view.skus[0].vendor = nasty.clone();
    view.hosts[0].platform = nasty.clone();
    view.cells[0].note = Some(nasty.clone());
    view.cells[0].stale_reasons = vec![nasty.clone()];
    view.unplaced.push(nasty.clone());
    let mut s = summary(&hostile);
    s.station = nasty.clone();
    view.cells[1].run = Some(s);
    runs.push(hostile.clone());
    for html in [render_matrix(&view, &runs), render_run(&hostile)] {
        assert!(!html.contains("<x>"), "raw markup");
        assert!(!html.contains("&amp;\"'"), "raw quote run");
        for c in [
            '\u{0}', '\u{1}', '\u{1b}', '\u{7f}', '\u{9b}', '\u{202E}', '\u{FFFE}',
        ] {
            assert!(!html.contains(c), "{:#x}", u32::from(c));
        }
        assert!(html.contains("&lt;x&gt;&amp;amp;"));
        assert!(html.contains("\\x1b[31m"));
        // Every tag that opens is one we wrote: no `<` from the data survives.
        assert_eq!(html.matches("<svg").count(), html.matches("</svg>").count());
    }
}

#[test]
fn the_run_page_has_verdict_modules_findings_and_plots() {
    let html = render_run(&swept());
    assert!(html.contains("data-outcome=\"pass\">Verdict: Pass<"));
    assert!(html.contains(">SN124<"));
    assert_eq!(html.matches("data-plot=\"thermal\"").count(), 2);
    assert_eq!(html.matches("data-plot=\"ber\"").count(), 2);
    // No target BER without a matrix figure.
    assert!(!html.contains("post-FEC target") && !html.contains("BER target"));
    assert!(html.contains("data-name=\"SN123 (p1)\""));
    assert!(html.contains("None: no check failed or errored."));

    let html = render_run(&samples::mixed());
    assert!(html.contains("data-outcome=\"fail\">Verdict: Fail<"));
    // Failures before errors.
    let fail = html.find("module took too long").unwrap();
    let error = html.find("device did not acknowledge").unwrap();
    assert!(fail < error);
    assert!(html.contains("time_to_ready_ms = 2450 ms, limit &lt;= 2000 ms"));
    // The 70 °C DOM errors of the nested check are plotted.
    assert!(html.contains("data-plot=\"dom_error\""));

    let html = render_run(&samples::empty());
    assert!(html.contains("No module was read"));
    assert!(html.contains("No thermal sweep or BER soak data"));
}

#[test]
fn slug_collisions_get_distinct_ids() {
    let (mut view, runs) = view();
    view.cells = vec![
        cell("a b", "h", "f", CellStatus::Qualified, None),
        cell("a_b", "h", "f", CellStatus::Failed, None),
    ];
    let html = render_matrix(&view, &runs);
    assert_eq!(
        attr_of(&html, "cell-a_b--h--f", "data-status").as_deref(),
        Some("qualified")
    );
    assert_eq!(
        attr_of(&html, "cell-a_b--h--f-2", "data-status").as_deref(),
        Some("failed")
    );
    assert!(html.contains("id=\"ev-a_b--h--f-2\""));
}

#[test]
fn axes_keep_only_used_columns_and_add_unknown_ids() {
    let (mut view, _) = view();
    view.cells
        .push(cell("osfp", "tor-c", "fw1", CellStatus::Failed, None));
    let axes = Axes::of(&view);
    assert_eq!(axes.skus, vec!["qdd", "sfp", "osfp"]);
    assert_eq!(
        axes.columns,
        vec![
            (
                "tor-a".to_string(),
                vec!["fw1".to_string(), "fw2".to_string()]
            ),
            (
                "tor-b".to_string(),
                vec!["fw1".to_string(), "fw2".to_string()]
            ),
            ("tor-c".to_string(), vec!["fw1".to_string()]),
        ]
    );
    let _ = ClockKind::Virtual;
}

#[test]
fn plots_of_a_large_station_are_capped() {
    let (mut view, _) = view();
    let mut big = swept();
    let one = big.modules[0].clone();
    big.modules = (0..45)
        .map(|i| {
            let mut m = one.clone();
            m.slot = format!("p{i}");
            m.identity.sn = format!("SN{i:03}");
            m
        })
        .collect();
    view.cells = vec![cell(
        "qdd",
        "tor-a",
        "fw1",
        CellStatus::Qualified,
        Some(&big),
    )];
    let html = render_matrix(&view, &[big]);
    assert!(html.contains("The plots show the first 40 of 45 modules"));
    // One chamber and nine modules in the thermal plot: one colour each.
    let thermal = &html[html.find("data-plot=\"thermal\"").unwrap()..];
    let thermal = &thermal[..thermal.find("</figure>").unwrap()];
    assert_eq!(thermal.matches("<g class=\"series\"").count(), 10);
    assert!(thermal.contains("31 more series not drawn"));
}
