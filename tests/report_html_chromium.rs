//! The HTML qualification report as a reader sees it: a matrix view with known verdicts
//! (qualified, failed, error, stale, not run) over the quickstart's real run and hand-built
//! runs is rendered to report.html and opened in Debian's headless Chromium. The page must load
//! with no console message, keep its SVG plots in the DOM, show the right verdict in each
//! heat-map cell, and actually paint the status colours (read back from the PNG screenshot).
//!
//! Chromium comes from the apt package `chromium`, which .ci/run installs; without it this
//! test fails rather than skipping. `OPTIQUAL_CHROMIUM` names another binary;
//! `OPTIQUAL_KEEP_SCREENSHOT=PATH` and `OPTIQUAL_KEEP_REPORT=PATH` keep copies of the screenshot
//! and of the page.

mod common;

use std::path::{Path, PathBuf};

use optiqual::matrix::figures::{Figure, ModuleFigures, SkuFigures};
use optiqual::matrix::summary::{LoadedRun, summarize};
use optiqual::matrix::view::{RunSummary, SCHEMA};
use optiqual::matrix::{
    CellKey, CellStatus, CellView, FirmwareDef, HostDef, MatrixView, PortDef, SkuDef, TempGrade,
};
use optiqual::report::html::{render_matrix, render_run, status_colour};
use optiqual::report::samples;
use optiqual::results::{Outcome, RunResults};

use common::chromium::{HEIGHT, WIDTH, checked_chromium, console_lines, count, load, screenshot};

fn summary(r: &RunResults, station: &str) -> RunSummary {
    // The evidence as the view builds it, with the matrix facts a hand-built view has.
    let mut s = summarize(&LoadedRun {
        source: format!("{}/results.json", r.run_id),
        results: r.clone(),
    });
    s.station = station.into();
    s.matrix_sha256 = "ab".repeat(32);
    s.host_firmware = "SONiC.202405.1".into();
    s.module_firmware = Some("2.1".into());
    s
}

fn cell(key: (&str, &str, &str), status: CellStatus, run: Option<RunSummary>) -> CellView {
    CellView {
        key: CellKey::new(key.0, key.1, key.2),
        plan: Some("quickstart.yaml".into()),
        status,
        run,
        superseded: vec![],
        conflict: false,
        stale_reasons: vec![],
        note: None,
    }
}

fn sku(id: &str, pn: &str, form_factor: &str, grade: (&str, f64, f64)) -> SkuDef {
    SkuDef {
        id: id.into(),
        vendor: "ACME".into(),
        pn: pn.into(),
        form_factor: form_factor.into(),
        applications: vec![],
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
            fec: vec![],
        }],
    }
}

/// The quickstart's results, run by the built binary into `dir`.
fn quickstart(dir: &Path) -> RunResults {
    let plan = common::root().join("testplans/quickstart.yaml");
    let code = common::run_plan_in(&plan, dir, "quickstart", &["-q"]);
    assert_eq!(code, Some(0), "the quickstart passes on the mock");
    let text = std::fs::read_to_string(dir.join("quickstart/results.json"))
        .expect("quickstart results.json");
    serde_json::from_str(&text).expect("results.json parses")
}

/// The expected verdict of each cell, and the view.
fn view(q: &RunResults) -> (Vec<(&'static str, CellStatus)>, MatrixView, Vec<RunResults>) {
    let mixed = samples::mixed(); // a QSFP-DD module fails its power-up
    let aborted = samples::aborted(); // interrupted: an error for its cell
    let qs = |station: &str| Some(summary(q, station));
    let mut stale = cell(
        ("qsfpdd", "tor-b", "fw-a"),
        CellStatus::Stale,
        qs("bench-2"),
    );
    stale.stale_reasons = vec!["plan testplans/quickstart.yaml changed since the run".into()];
    let mut failed = cell(
        ("qsfpdd", "tor-a", "fw-b"),
        CellStatus::Failed,
        Some(summary(&mixed, "bench-1")),
    );
    failed.superseded = vec![summary(q, "bench-2")];
    failed.conflict = true;
    let mut not_run = cell(("qsfpdd", "tor-b", "fw-b"), CellStatus::NotRun, None);
    // Text from the field is hostile: it must stay text.
    not_run.note = Some(
        "host tor-b is not on this station <script>document.title='pwned'</script><img src=x>"
            .into(),
    );
    let cells = vec![
        cell(
            ("osfp", "tor-a", "fw-a"),
            CellStatus::Qualified,
            qs("bench-1"),
        ),
        cell(("osfp", "tor-b", "fw-a"), CellStatus::NotRun, None),
        cell(
            ("qsfp28", "tor-a", "fw-a"),
            CellStatus::Qualified,
            qs("bench-1"),
        ),
        cell(
            ("qsfpdd", "tor-a", "fw-a"),
            CellStatus::Qualified,
            qs("bench-1"),
        ),
        failed,
        stale,
        not_run,
        cell(
            ("sfp", "tor-a", "fw-a"),
            CellStatus::Error,
            Some(summary(&aborted, "bench-1")),
        ),
    ];
    let expected = vec![
        ("cell-osfp--tor-a--fw-a", CellStatus::Qualified),
        ("cell-osfp--tor-b--fw-a", CellStatus::NotRun),
        ("cell-qsfp28--tor-a--fw-a", CellStatus::Qualified),
        ("cell-qsfpdd--tor-a--fw-a", CellStatus::Qualified),
        ("cell-qsfpdd--tor-a--fw-b", CellStatus::Failed),
        ("cell-qsfpdd--tor-b--fw-a", CellStatus::Stale),
        ("cell-qsfpdd--tor-b--fw-b", CellStatus::NotRun),
        ("cell-sfp--tor-a--fw-a", CellStatus::Error),
    ];
    let figure = |value: f64, limit: f64, unit: &str| Figure {
        value,
        limit: Some(limit),
        unit: unit.into(),
        outcome: if value <= limit {
            Outcome::Pass
        } else {
            Outcome::Fail
        },
        source: format!("{}/qsfpdd/power_up/module_ready_ms.max", q.run_id),
    };
    let view = MatrixView {
        schema: SCHEMA.into(),
        name: "quickstart matrix".into(),
        generated_at: "2026-11-24T13:00:00Z".into(),
        tool_version: "0.1.0".into(),
        matrix_file: Some("testplans/matrix.yaml".into()),
        matrix_sha256: Some("5e".repeat(32)),
        skus: vec![
            sku("sfp", "AC-SFP-10G-SR", "SFP+", ("commercial", 0.0, 70.0)),
            sku(
                "qsfp28",
                "AC-Q28-100G-SR4",
                "QSFP28",
                ("commercial", 0.0, 70.0),
            ),
            sku(
                "qsfpdd",
                "AC-QDD-400G-DR4",
                "QSFP-DD",
                ("commercial", 0.0, 70.0),
            ),
            sku("osfp", "AC-OSFP-800-2FR4", "OSFP", ("extended", -5.0, 85.0)),
        ],
        hosts: vec![
            host("tor-a", "Simulated ToR A (Tomahawk 4)"),
            host("tor-b", "Simulated ToR B (Trident 4)"),
        ],
        firmware: vec![
            FirmwareDef {
                id: "fw-a".into(),
                host: "SONiC.202405.1".into(),
                modules: Default::default(),
            },
            FirmwareDef {
                id: "fw-b".into(),
                host: "SONiC.202411.2".into(),
                modules: Default::default(),
            },
        ],
        cells,
        sku_figures: vec![SkuFigures {
            sku: "qsfpdd".into(),
            modules: 1,
            runs: 2,
            worst: ModuleFigures {
                run_id: q.run_id.clone(),
                slot: "qsfpdd".into(),
                sn: "ACQD4DR4240705".into(),
                power_up_ms: Some(figure(3250.0, 5000.0, "ms")),
                power_w: Some(figure(12.0, 14.0, "W")),
                ..Default::default()
            },
        }],
        unplaced: vec![],
    };
    (expected, view, vec![q.clone(), mixed, aborted])
}

#[test]
fn the_report_loads_cleanly_and_shows_the_verdicts() {
    let dir = tempfile::tempdir().expect("tempdir");
    let q = quickstart(dir.path());
    let (expected, view, runs) = view(&q);
    let page = dir.path().join("report.html");
    std::fs::write(&page, render_matrix(&view, &runs)).expect("write report.html");
    if let Some(keep) = std::env::var_os("OPTIQUAL_KEEP_REPORT") {
        std::fs::copy(&page, keep).expect("keep the report");
    }

    // The DOM after load: plots parsed as SVG, every cell with its verdict in words.
    let (dom, stderr) = load(&page, &["--dump-dom"]);
    assert!(
        console_lines(&stderr).is_empty(),
        "console messages: {:?}",
        console_lines(&stderr)
    );
    assert!(
        dom.contains("<h1>Qualification report</h1>"),
        "no DOM dumped:\n{stderr}"
    );
    assert!(
        !dom.contains("<script") && !dom.contains("<img"),
        "markup from the data ran"
    );
    assert!(dom.contains("<title>Qualification report: quickstart matrix</title>"));
    assert!(dom.contains("&lt;script&gt;document.title='pwned'&lt;/script&gt;"));
    let plots = dom.matches("<svg class=\"plot\"").count();
    // osfp, qsfp28 and qsfpdd each: thermal sweep, DOM error against temperature, BER.
    assert_eq!(plots, 9, "inline SVG plots in the DOM");
    assert!(dom.matches("<polyline").count() >= 9);
    for (id, status) in &expected {
        let at = dom
            .find(&format!("id=\"{id}\""))
            .unwrap_or_else(|| panic!("{id} not in the DOM"));
        let td = &dom[at..at + dom[at..].find("</td>").expect("cell ends")];
        assert!(
            td.contains(&format!("data-status=\"{}\"", status.as_str())),
            "{id}: {td}"
        );
        assert!(
            td.contains(&format!(
                "<span class=\"verdict\">{}</span>",
                status.label()
            )),
            "{id}: {td}"
        );
    }

    // The screenshot: no console message either, and the heat map's colours are painted.
    let png_path = dir.path().join("report.png");
    let (console, w, h, rgb) = screenshot(&page, &png_path);
    assert!(console.is_empty(), "console messages: {console:?}");
    assert_eq!((w, h), (WIDTH, HEIGHT));
    if let Some(keep) = std::env::var_os("OPTIQUAL_KEEP_SCREENSHOT") {
        std::fs::copy(&png_path, keep).expect("keep the screenshot");
    }
    // A cell is at least 118 × 40 px; allow a little for borders and text.
    for status in [
        CellStatus::Qualified,
        CellStatus::Failed,
        CellStatus::Error,
        CellStatus::Stale,
        CellStatus::NotRun,
    ] {
        let n = count(&rgb, status_colour(status), 2);
        assert!(n > 2000, "{} colour painted on {n} pixels", status.as_str());
    }
    // The plots' first series colour (#1f77b4) is drawn too.
    let blue = count(&rgb, [0x1f, 0x77, 0xb4], 24);
    assert!(blue > 200, "plot lines painted on {blue} pixels");
}

#[test]
fn the_run_page_loads_cleanly_with_its_plots() {
    let dir = tempfile::tempdir().expect("tempdir");
    let q = quickstart(dir.path());
    let page = dir.path().join("run.html");
    std::fs::write(&page, render_run(&q)).expect("write run.html");
    let (dom, stderr) = load(&page, &["--dump-dom"]);
    assert!(
        console_lines(&stderr).is_empty(),
        "console messages: {:?}",
        console_lines(&stderr)
    );
    assert!(
        dom.contains("data-outcome=\"pass\">Verdict: Pass<"),
        "{stderr}"
    );
    // Per module: the SFP has a sweep (thermal, DOM error) but its soak was skipped; the
    // other three have all three plots.
    assert_eq!(dom.matches("<svg class=\"plot\"").count(), 2 + 3 * 3);
    for sn in [
        "ACS10SR24031101",
        "ACQ1SR424021512",
        "ACQD4DR4240705",
        "ACOS8FR424091702",
    ] {
        assert!(dom.contains(sn), "{sn}");
    }
}

#[test]
#[should_panic(expected = ".ci/run installs it (apt-get install chromium)")]
fn a_missing_chromium_fails_and_says_how_to_get_it() {
    checked_chromium(PathBuf::from("/nonexistent/chromium"));
}

#[test]
fn console_errors_would_be_caught() {
    // The check above is only worth something if a page's error reaches us.
    let dir = tempfile::tempdir().expect("tempdir");
    let page = dir.path().join("broken.html");
    std::fs::write(
        &page,
        "<!DOCTYPE html><html><body><p>x</p><script>notDefined();</script></body></html>",
    )
    .expect("write page");
    let (_, stderr) = load(&page, &["--dump-dom"]);
    let lines = console_lines(&stderr);
    assert!(
        lines
            .iter()
            .any(|l| l.contains("notDefined is not defined")),
        "Chromium did not report the script error; stderr:\n{stderr}"
    );
}
