//! The history on temporary database files: recording, replacing, queries, filters, trend,
//! concurrent writers, and the errors.

use std::path::Path;

use super::*;
use crate::results::model::SCHEMA;
use crate::results::outcome::{check_outcome, module_outcome, run_outcome};
use crate::results::{
    CellRef, CheckResult, ClockKind, Identity, Measurement, ModuleResult, Outcome, PlanRef,
    RunResults,
};

fn check(kind: &str, measurements: Vec<Measurement>) -> CheckResult {
    CheckResult {
        id: kind.into(),
        kind: kind.into(),
        outcome: check_outcome(measurements.iter().map(|m| m.outcome), Outcome::Pass),
        attempts: 1,
        started_at: "2026-11-24T09:00:00Z".into(),
        duration_s: 2.5,
        message: "done".into(),
        measurements,
        attempt_log: vec![],
        series: vec![],
    }
}

/// A module of `pn` whose power-up took `ready_ms` (limit 5000) and whose worst Tx DOM error
/// is `tx_db` (limit 3).
fn module(slot: &str, pn: &str, sn: &str, ready_ms: f64, tx_db: f64) -> ModuleResult {
    let checks = vec![
        check(
            "power_up",
            vec![Measurement::judged(
                "module_ready_ms.max",
                Some(ready_ms),
                "ms",
                None,
                Some(5000.0),
            )],
        ),
        check(
            "dom_accuracy",
            vec![
                Measurement::judged(
                    "lane1.tx_power_error_db",
                    Some(tx_db),
                    "dB",
                    Some(-3.0),
                    Some(3.0),
                ),
                Measurement::judged(
                    "lane2.tx_power_error_db",
                    Some(0.1),
                    "dB",
                    Some(-3.0),
                    Some(3.0),
                ),
            ],
        ),
    ];
    ModuleResult {
        slot: slot.into(),
        identity: Identity {
            vendor: "ACME".into(),
            pn: pn.into(),
            sn: sn.into(),
            rev: "A".into(),
        },
        outcome: module_outcome(checks.iter().map(|c| c.outcome)),
        checks,
    }
}

fn run(run_id: &str, started_at: &str, station: &str, modules: Vec<ModuleResult>) -> RunResults {
    RunResults {
        schema: SCHEMA.into(),
        run_id: run_id.into(),
        started_at: started_at.into(),
        finished_at: started_at.into(),
        clock: ClockKind::Virtual,
        outcome: run_outcome(modules.iter().map(|m| m.outcome), false),
        plan: PlanRef {
            path: "p.yaml".into(),
            name: "p".into(),
            sha256: "00".into(),
        },
        station: serde_json::json!({ "name": station }),
        tool_version: "0.1.0".into(),
        modules,
        matrix: None,
    }
}

fn cell(sku: &str, host: &str, firmware: &str, station: &str) -> CellRef {
    CellRef {
        matrix: "lab".into(),
        matrix_file: "m.yaml".into(),
        matrix_sha256: "11".into(),
        sku: sku.into(),
        host: host.into(),
        firmware: firmware.into(),
        host_firmware: format!("nos-{firmware}"),
        module_firmware: Some("7.1".into()),
        plan_file: "p.yaml".into(),
        plan_sha256: "00".into(),
        station: station.into(),
        shard: None,
        definitions: serde_json::Value::Null,
    }
}

const QDD: &str = "AC-QDD-400G-DR4";
const SFP: &str = "AC-SFP-10G-SR";

fn db(dir: &Path) -> History {
    History::open(&dir.join("history.db")).unwrap()
}

fn count(h: &History, table: &str) -> i64 {
    h.conn
        .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
        .unwrap()
}

#[test]
fn a_run_is_recorded_and_found_by_each_part_number() {
    let tmp = tempfile::tempdir().unwrap();
    let mut h = db(tmp.path());
    // A plain run of two part numbers: filed under neither, found by both.
    let r = run(
        "r1",
        "2026-11-24T09:00:00Z",
        "bench A",
        vec![
            module("p1", QDD, "Q1", 3250.0, -0.8),
            module("p2", QDD, "Q2", 2900.0, 1.1),
            module("p3", SFP, "S1", 300.0, 0.2),
        ],
    );
    let out = h.record(&r, "reports/r1/results.json").unwrap();
    assert_eq!(
        out,
        RecordOutcome {
            run_id: "r1".into(),
            sku: None,
            replaced: false,
            modules: 3,
            // power_up_ms and dom_tx_error_db per module.
            figures: 6,
        }
    );
    assert_eq!(
        (count(&h, "runs"), count(&h, "modules"), count(&h, "checks")),
        (1, 3, 6)
    );
    let rows = h.runs_for_sku(QDD, HistoryFilter::default()).unwrap();
    assert_eq!(rows.len(), 1);
    let row = &rows[0];
    assert_eq!((row.modules_passed, row.modules_total), (2, 2));
    assert_eq!(row.serials, ["Q1", "Q2"]);
    assert_eq!(row.station.as_deref(), Some("bench A"));
    assert_eq!(row.source, "reports/r1/results.json");
    let p = row.figures.power_up_ms.clone().unwrap();
    assert_eq!((p.value, p.limit), (3250.0, Some(5000.0)));
    assert_eq!(p.source, "r1/p1/power_up/module_ready_ms.max");
    let d = row.figures.dom_tx_error_db.clone().unwrap();
    assert_eq!(
        (d.value, d.source.as_str()),
        (1.1, "r1/p2/dom_accuracy/lane1.tx_power_error_db")
    );
    // The SFP's figures only count for the SFP.
    let rows = h.runs_for_sku(SFP, HistoryFilter::default()).unwrap();
    assert_eq!(rows[0].figures.power_up_ms.clone().unwrap().value, 300.0);
    assert_eq!((rows[0].modules_passed, rows[0].modules_total), (1, 1));
    assert_eq!(h.known_skus().unwrap(), [QDD, SFP]);
    assert!(h.knows(SFP).unwrap());
    assert!(!h.knows("AC-NOPE").unwrap());
    assert!(
        h.runs_for_sku("AC-NOPE", HistoryFilter::default())
            .unwrap()
            .is_empty()
    );
}

#[test]
fn recording_a_run_again_replaces_it() {
    let tmp = tempfile::tempdir().unwrap();
    let mut h = db(tmp.path());
    let first = run(
        "r1",
        "2026-11-24T09:00:00Z",
        "A",
        vec![module("p1", QDD, "Q1", 4000.0, 0.5)],
    );
    h.record(&first, "one").unwrap();
    // Resumed: the same run id, now with a second module and a faster power-up.
    let again = run(
        "r1",
        "2026-11-24T09:00:00Z",
        "A",
        vec![
            module("p1", QDD, "Q1", 3000.0, 0.5),
            module("p2", QDD, "Q2", 3100.0, 0.4),
        ],
    );
    let out = h.record(&again, "two").unwrap();
    assert!(out.replaced);
    assert_eq!(out.sku.as_deref(), Some(QDD));
    assert_eq!(
        (
            count(&h, "runs"),
            count(&h, "modules"),
            count(&h, "figures")
        ),
        (1, 2, 4)
    );
    let rows = h.runs_for_sku(QDD, HistoryFilter::default()).unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].source, "two");
    assert_eq!(rows[0].figures.power_up_ms.clone().unwrap().value, 3100.0);
}

#[test]
fn matrix_runs_are_filed_by_sku_and_filtered() {
    let tmp = tempfile::tempdir().unwrap();
    let mut h = db(tmp.path());
    let mut a = run(
        "m1",
        "2026-11-24T09:00:00Z",
        "ignored",
        vec![module("p1", QDD, "Q1", 3000.0, 0.5)],
    );
    a.matrix = Some(cell("qdd-dr4", "sonic-a", "fw1", "bench-1"));
    let mut b = run(
        "m2",
        "2026-11-25T09:00:00Z",
        "ignored",
        vec![module("p1", QDD, "Q1", 3200.0, 0.5)],
    );
    b.matrix = Some(cell("qdd-dr4", "sonic-b", "fw2", "bench-2"));
    let mut c = run(
        "m3",
        "2026-11-26T09:00:00Z",
        "ignored",
        vec![module("p1", QDD, "Q2", 3400.0, 0.5)],
    );
    c.matrix = Some(cell("qdd-dr4", "sonic-a", "fw2", "bench-1"));
    for r in [&a, &b, &c] {
        h.record(r, "x").unwrap();
    }
    let all = h.runs_for_sku("qdd-dr4", HistoryFilter::default()).unwrap();
    let ids: Vec<&str> = all.iter().map(|r| r.run_id.as_str()).collect();
    assert_eq!(ids, ["m3", "m2", "m1"], "newest first");
    assert_eq!(all[0].station.as_deref(), Some("bench-1"));
    assert_eq!(all[0].module_firmware.as_deref(), Some("7.1"));
    // The PN finds the same runs.
    assert_eq!(
        h.runs_for_sku(QDD, HistoryFilter::default()).unwrap().len(),
        3
    );
    let ids = |f: HistoryFilter| -> Vec<String> {
        h.runs_for_sku("qdd-dr4", f)
            .unwrap()
            .into_iter()
            .map(|r| r.run_id)
            .collect()
    };
    let host = HistoryFilter {
        host: Some("sonic-a".into()),
        ..HistoryFilter::default()
    };
    assert_eq!(ids(host), ["m3", "m1"]);
    let firmware = HistoryFilter {
        firmware: Some("fw2".into()),
        ..HistoryFilter::default()
    };
    assert_eq!(ids(firmware), ["m3", "m2"]);
    // The host firmware version names it too.
    let version = HistoryFilter {
        firmware: Some("nos-fw1".into()),
        ..HistoryFilter::default()
    };
    assert_eq!(ids(version), ["m1"]);
    let station = HistoryFilter {
        station: Some("bench-2".into()),
        ..HistoryFilter::default()
    };
    assert_eq!(ids(station), ["m2"]);
    let limit = HistoryFilter {
        limit: Some(2),
        ..HistoryFilter::default()
    };
    assert_eq!(ids(limit), ["m3", "m2"]);
    assert_eq!(h.known_skus().unwrap(), [QDD, "qdd-dr4"]);
}

#[test]
fn trend_compares_first_and_latest_and_counts_passes_per_station() {
    let tmp = tempfile::tempdir().unwrap();
    let mut h = db(tmp.path());
    let runs = [
        run(
            "t1",
            "2026-11-20T09:00:00Z",
            "A",
            vec![module("p1", QDD, "Q1", 3000.0, 0.9)],
        ),
        // A failing DOM error in the middle run.
        run(
            "t2",
            "2026-11-21T09:00:00Z",
            "B",
            vec![module("p1", QDD, "Q1", 3500.0, 3.2)],
        ),
        run(
            "t3",
            "2026-11-22T09:00:00Z",
            "A",
            vec![module("p1", QDD, "Q1", 3200.0, 0.4)],
        ),
    ];
    for r in &runs {
        h.record(r, "x").unwrap();
    }
    let rows = h.runs_for_sku(QDD, HistoryFilter::default()).unwrap();
    let report = HistoryReport::new(QDD, rows);
    let t = &report.trend;
    assert_eq!((t.runs, t.passed, t.pass_rate), (3, 2, Some(2.0 / 3.0)));
    assert_eq!(
        t.stations,
        [
            StationRate {
                station: "A".into(),
                runs: 2,
                passed: 2
            },
            StationRate {
                station: "B".into(),
                runs: 1,
                passed: 0
            }
        ]
    );
    assert_eq!(t.figures.len(), 2);
    assert_eq!(
        t.figures[0],
        FigureTrend {
            name: "power_up_ms".into(),
            unit: "ms".into(),
            first: 3000.0,
            first_run: "t1".into(),
            latest: 3200.0,
            latest_run: "t3".into(),
            runs: 3,
            direction: Direction::Worse,
        }
    );
    assert_eq!(t.figures[1].name, "dom_tx_error_db");
    assert_eq!((t.figures[1].first, t.figures[1].latest), (0.9, 0.4));
    assert_eq!(t.figures[1].direction, Direction::Better);
    let json = serde_json::to_value(&report).unwrap();
    assert_eq!(json["sku"], QDD);
    assert_eq!(json["runs"][1]["run_id"], "t2");
    assert_eq!(json["runs"][1]["outcome"], "fail");
    assert_eq!(json["trend"]["figures"][0]["direction"], "worse");
    let text = text::render(&report);
    assert!(
        text.contains("power_up_ms: 3000 ms (t1) → 3200 ms (t3): worse"),
        "{text}"
    );
    assert!(
        text.contains("pass rate: 2/3 run(s) (66.7 %); by station: A 2/2, B 0/1"),
        "{text}"
    );
    // Columns line up: every row's outcome starts where the header's OUTCOME does.
    let lines: Vec<&str> = text.lines().skip(2).take(4).collect();
    let col = lines[0].find("OUTCOME").unwrap();
    assert_eq!(&lines[1][col..col + 4], "pass");
    assert_eq!(&lines[2][col..col + 4], "fail");
    assert!(lines[2].contains("3500/5000"), "{}", lines[2]);
}

#[test]
fn trend_of_a_wider_temperature_range_is_better() {
    let mut rows = Vec::new();
    for (id, range) in [("new", (-5.0, 70.0)), ("old", (0.0, 70.0))] {
        rows.push(HistoryRow {
            run_id: id.into(),
            started_at: String::new(),
            finished_at: String::new(),
            outcome: "pass".into(),
            sku: None,
            matrix: None,
            host: None,
            firmware: None,
            host_firmware: None,
            module_firmware: None,
            station: None,
            plan_name: String::new(),
            plan_sha256: String::new(),
            tool_version: String::new(),
            source: String::new(),
            modules_passed: 1,
            modules_total: 1,
            serials: vec![],
            figures: crate::matrix::figures::ModuleFigures {
                temperature_passed_c: Some(range),
                ..Default::default()
            },
        });
    }
    let t = trend(&rows);
    let dirs: Vec<(&str, Direction)> = t
        .figures
        .iter()
        .map(|f| (f.name.as_str(), f.direction))
        .collect();
    assert_eq!(
        dirs,
        [
            ("temperature_passed_low_c", Direction::Better),
            ("temperature_passed_high_c", Direction::Same)
        ]
    );
    assert_eq!(t.stations[0].station, "-");
    assert_eq!(trend(&[]).pass_rate, None);
}

#[test]
fn two_threads_record_into_one_file() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("shared.db");
    let handles: Vec<_> = ["x", "y"]
        .into_iter()
        .map(|station| {
            let path = path.clone();
            std::thread::spawn(move || {
                let mut h = History::open(&path).unwrap();
                for i in 0..20 {
                    let id = format!("{station}{i}");
                    let r = run(
                        &id,
                        "2026-11-24T09:00:00Z",
                        station,
                        vec![module("p1", QDD, &id, 3000.0, 0.1)],
                    );
                    h.record(&r, station).unwrap();
                }
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
    let h = History::open_existing(&path).unwrap();
    assert_eq!(count(&h, "runs"), 40);
    assert_eq!(count(&h, "modules"), 40);
    let mode: String = h
        .conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
}

#[test]
fn a_missing_file_is_not_created_on_read() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("none.db");
    let err = History::open_existing(&path).unwrap_err();
    assert!(matches!(err, HistoryError::Missing { .. }));
    assert!(err.to_string().contains("none.db"), "{err}");
    assert!(!path.exists());
    // open creates it, and its folder.
    let deep = tmp.path().join("new/folder/h.db");
    History::open(&deep).unwrap();
    assert!(deep.is_file());
}

#[test]
fn another_schema_version_is_refused_with_the_fix() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("old.db");
    drop(History::open(&path).unwrap());
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute("UPDATE schema_version SET version = 99", [])
            .unwrap();
    }
    for result in [History::open(&path), History::open_existing(&path)] {
        let err = result.unwrap_err();
        assert!(
            matches!(
                err,
                HistoryError::SchemaVersion {
                    found: 99,
                    expected: 1,
                    ..
                }
            ),
            "{err}"
        );
        let text = err.to_string();
        assert!(
            text.contains("old.db") && text.contains("move it away"),
            "{text}"
        );
    }
}

#[test]
fn a_file_that_is_not_a_history_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let text_file = tmp.path().join("notes.db");
    std::fs::write(&text_file, "this is not sqlite, just text long enough to have a header....................................................").unwrap();
    let err = History::open(&text_file).unwrap_err();
    assert!(matches!(err, HistoryError::NotHistory { .. }), "{err}");
    assert!(err.to_string().contains("notes.db"), "{err}");
    let other = tmp.path().join("other.db");
    {
        let conn = rusqlite::Connection::open(&other).unwrap();
        conn.execute("CREATE TABLE t (x)", []).unwrap();
    }
    let err = History::open(&other).unwrap_err();
    assert!(err.to_string().contains("no schema_version table"), "{err}");
}

#[test]
fn every_sample_run_is_recorded_and_shown_without_control_characters() {
    use crate::report::samples;
    let tmp = tempfile::tempdir().unwrap();
    let mut h = db(tmp.path());
    for (name, r) in samples::all() {
        h.record(&r, name).unwrap();
    }
    h.record(&samples::many(1000), "many").unwrap();
    let skus = h.known_skus().unwrap();
    assert!(
        skus.iter().any(|s| s.contains('\u{1b}')),
        "the hostile PN is kept as it was"
    );
    for sku in &skus {
        let rows = h.runs_for_sku(sku, HistoryFilter::default()).unwrap();
        assert!(!rows.is_empty(), "{sku:?}");
        let text = text::render(&HistoryReport::new(sku, rows));
        assert!(
            !text.chars().any(|c| c.is_control() && c != '\n'),
            "{text:?}"
        );
    }
    // The thousand modules: every 7th fails its DOM accuracy (3.41 dB of 2), every 11th that
    // does not errors on identity: 1000 - 142 - (90 - 12) = 780 pass.
    let rows = h.runs_for_sku(QDD, HistoryFilter::default()).unwrap();
    let many = rows.iter().find(|r| r.source == "many").unwrap();
    assert_eq!((many.modules_passed, many.modules_total), (780, 1000));
    let d = many.figures.dom_tx_error_db.clone().unwrap();
    assert_eq!(
        (d.value, d.limit, d.outcome),
        (3.41, Some(2.0), Outcome::Fail)
    );
    assert_eq!(
        d.source,
        "20261124-090000-many/p7/dom_accuracy/lane3.tx_power_error_db"
    );
}
