//! The compatibility matrix end to end on the mock: `matrix run` of the shipped matrix with its
//! known failure, shards that cover every cell once and merge back to the same view, staleness
//! after a plan or firmware change, and a merge conflict resolved by recency.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

const MATRIX: &str = "testplans/matrix/matrix.yaml";
const STATION: &str = "testplans/matrix/station-mock.yaml";

/// `optiqual ARGS` in the crate root: exit code, stdout, stderr.
fn optiqual(args: &[&str]) -> (i32, String, String) {
    common::run(args)
}

fn path_str(p: &Path) -> &str {
    p.to_str().expect("temporary paths are UTF-8")
}

fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// `sku @ host / firmware` → status, from a matrix.json.
fn statuses(view: &Value) -> BTreeMap<String, String> {
    view["cells"]
        .as_array()
        .expect("cells")
        .iter()
        .map(|c| {
            let k = &c["key"];
            (
                format!(
                    "{}@{}/{}",
                    k["sku"].as_str().expect("sku"),
                    k["host"].as_str().expect("host"),
                    k["firmware"].as_str().expect("firmware")
                ),
                c["status"].as_str().expect("status").to_string(),
            )
        })
        .collect()
}

/// What the shipped matrix must show on the mock: tor-b's OSFP cages (15 W) cannot power the
/// 16 W OSFP SKU, sonic-202405 pins OSFP firmware 2.9 where the module runs 2.8, and every
/// other cell qualifies.
fn expected_full() -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for sku in [
        "sfp-10g-sr",
        "sfp28-25g-lr",
        "qsfp28-100g-sr4",
        "qsfpdd-400g-dr4",
        "osfp-800g-2xfr4",
    ] {
        for host in ["tor-a", "tor-b"] {
            for fw in ["sonic-202311", "sonic-202405"] {
                let status =
                    if sku == "osfp-800g-2xfr4" && (host == "tor-b" || fw == "sonic-202405") {
                        "failed"
                    } else {
                        "qualified"
                    };
                out.insert(format!("{sku}@{host}/{fw}"), status.to_string());
            }
        }
    }
    out
}

#[test]
fn the_shipped_matrix_runs_with_its_known_failure_and_merges_back_from_shards() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let full = tmp.path().join("full");
    let (code, _out, err) = optiqual(&[
        "matrix",
        "run",
        MATRIX,
        "--station",
        STATION,
        "--reports",
        path_str(&full),
        "--run-id",
        "m",
        "-q",
    ]);
    assert_eq!(code, 1, "a failed cell exits 1: {err}");
    let view = read_json(&full.join("m/matrix.json"));
    assert_eq!(view["schema"], "optiqual.matrix/1");
    assert_eq!(statuses(&view), expected_full(), "{err}");
    assert!(full.join("m/summary.md").is_file());
    browser_shows_the_verdicts(&full.join("m/report.html"), &expected_full());
    // Every cell's run carries its cell, and the failure names the budget.
    let failed = view["cells"]
        .as_array()
        .expect("cells")
        .iter()
        .find(|c| c["status"] == "failed" && c["key"]["host"] == "tor-b")
        .expect("a failed cell on tor-b");
    let run_id = failed["run"]["run_id"].as_str().expect("run id");
    let results = read_json(&full.join(run_id).join("results.json"));
    assert_eq!(results["matrix"]["host"], "tor-b");
    assert_eq!(results["matrix"]["sku"], "osfp-800g-2xfr4");
    assert_eq!(results["matrix"]["station"], "mock-lab");
    let findings = failed["run"]["findings"].to_string();
    assert!(findings.contains("identity"), "{findings}");
    assert!(
        findings.contains("power.max_w = 16 W, limit <= 15 W"),
        "{findings}"
    );
    // The firmware pin is read back from the module (CMIS bytes 39-40) and found wrong.
    let pinned = view["cells"]
        .as_array()
        .expect("cells")
        .iter()
        .find(|c| {
            c["key"]["host"] == "tor-a"
                && c["key"]["firmware"] == "sonic-202405"
                && c["key"]["sku"] == "osfp-800g-2xfr4"
        })
        .expect("the OSFP cell under sonic-202405");
    let findings = pinned["run"]["findings"].to_string();
    assert!(
        findings.contains("module runs firmware 2.8 (CMIS byte 39-40), the matrix pins 2.9"),
        "{findings}"
    );
    // Key figures: the OSFP's advertised 16 W against the worst budget it met (15 W).
    let osfp = view["sku_figures"]
        .as_array()
        .expect("figures")
        .iter()
        .find(|f| f["sku"] == "osfp-800g-2xfr4")
        .expect("osfp figures");
    assert_eq!(osfp["worst"]["power_w"]["value"], 16.0);
    // The history has every cell's run.
    let (code, out, err) = optiqual(&[
        "history",
        "osfp-800g-2xfr4",
        "--db",
        path_str(&full.join("history.db")),
        "--json",
    ]);
    assert_eq!(code, 0, "{err}");
    let hist: Value = serde_json::from_str(&out).expect("history json");
    assert_eq!(hist["runs"].as_array().expect("runs").len(), 4, "{out}");

    // Three shards on three "stations": disjoint, together every cell.
    let mut shard_dirs: Vec<PathBuf> = Vec::new();
    let mut ran = 0;
    for k in 1..=3 {
        let dir = tmp.path().join(format!("shard{k}"));
        let (code, _out, err) = optiqual(&[
            "matrix",
            "run",
            MATRIX,
            "--station",
            STATION,
            "--shard",
            &format!("{k}/3"),
            "--reports",
            path_str(&dir),
            "--run-id",
            "s",
            "-q",
            "--no-history",
        ]);
        assert!(code == 0 || code == 1, "{err}");
        let view = read_json(&dir.join("s/matrix.json"));
        let mine = view["cells"]
            .as_array()
            .expect("cells")
            .iter()
            .filter(|c| c["status"] != "not_run")
            .count();
        let others_say_why = view["cells"]
            .as_array()
            .expect("cells")
            .iter()
            .filter(|c| c["status"] == "not_run")
            .all(|c| c["note"] == format!("not in shard {k}/3"));
        assert!(others_say_why, "{view}");
        assert!((6..=7).contains(&mine), "shard {k} ran {mine} of 20");
        ran += mine;
        assert!(!dir.join("history.db").exists(), "--no-history");
        shard_dirs.push(dir);
    }
    assert_eq!(ran, 20);
    let merged = tmp.path().join("merged");
    let mut args: Vec<&str> = vec!["report", "merge"];
    args.extend(shard_dirs.iter().map(|d| path_str(d)));
    args.extend(["--matrix", MATRIX, "--out", path_str(&merged), "--json"]);
    let (code, out, err) = optiqual(&args);
    assert_eq!(code, 0, "{err}");
    let merged_view: Value = serde_json::from_str(&out).expect("merge json");
    assert_eq!(statuses(&merged_view), expected_full(), "{err}");
    assert_eq!(read_json(&merged.join("matrix.json")), merged_view);

    // `matrix status` over the shards' reports: the same coverage; exit 1 (not all qualified).
    let mut args: Vec<&str> = vec!["matrix", "status", MATRIX, "--reports"];
    args.extend(shard_dirs.iter().map(|d| path_str(d)));
    let (code, out, err) = optiqual(&args);
    assert_eq!(code, 1, "{err}");
    assert!(
        out.contains("17 qualified, 3 failed, 0 error, 0 not run, 0 stale"),
        "{out}"
    );
}

/// The matrix run's report.html in headless Chromium: it loads with no console message, its
/// plots are in the DOM, every heat-map cell carries the verdict of the run, and the failed
/// colour is painted.
fn browser_shows_the_verdicts(page: &Path, expected: &BTreeMap<String, String>) {
    let (dom, stderr) = common::chromium::load(page, &["--dump-dom"]);
    assert!(
        common::chromium::console_lines(&stderr).is_empty(),
        "console: {stderr}"
    );
    assert!(dom.matches("<svg").count() >= 5, "plots in the DOM");
    for (key, status) in expected {
        let (sku, rest) = key.split_once('@').expect("key");
        let (host, fw) = rest.split_once('/').expect("key");
        let id = format!("id=\"cell-{sku}--{host}--{fw}\"");
        let at = dom
            .find(&id)
            .unwrap_or_else(|| panic!("{id} not in the DOM"));
        let tag_end = dom[at..].find('>').expect("tag end") + at;
        assert!(
            dom[at..tag_end].contains(&format!("data-status=\"{status}\"")),
            "{key}: {}",
            &dom[at..tag_end]
        );
    }
    let tmp = tempfile::tempdir().expect("tempdir");
    let (console, _, _, rgb) = common::chromium::screenshot(page, &tmp.path().join("m.png"));
    assert!(console.is_empty(), "{console:?}");
    let failed = optiqual::report::html::status_colour(optiqual::matrix::CellStatus::Failed);
    let qualified = optiqual::report::html::status_colour(optiqual::matrix::CellStatus::Qualified);
    assert!(
        common::chromium::count(&rgb, failed, 4) > 1000,
        "failed cells painted"
    );
    assert!(
        common::chromium::count(&rgb, qualified, 4) > 5000,
        "qualified cells painted"
    );
}

/// A one-SKU matrix in `dir` (its plan copied beside it), for the staleness and conflict tests.
fn small_matrix(dir: &Path, host_firmware: &str) -> PathBuf {
    std::fs::create_dir_all(dir).expect("mkdir");
    let root = common::root();
    std::fs::copy(root.join("testplans/matrix/sfp.yaml"), dir.join("sfp.yaml")).expect("copy plan");
    let matrix = format!(
        "matrix: small\n\
         skus:\n  - {{ id: sfp-10g-sr, vendor: ACME, pn: AC-SFP-10G-SR, form_factor: SFP+, max_power_w: 1.0, temperature: commercial }}\n\
         hosts:\n  - {{ id: tor-a, platform: T, ports: [{{ form_factor: SFP+, power_budget_w: 1.5 }}] }}\n\
         firmware:\n  - {{ id: fw1, host: \"{host_firmware}\" }}\n\
         cells:\n  - {{ sku: sfp-10g-sr, host: tor-a, firmware: fw1, plan: sfp.yaml }}\n"
    );
    let path = dir.join("matrix.yaml");
    std::fs::write(&path, matrix).expect("write matrix");
    path
}

fn small_station(dir: &Path, bus: &str) -> PathBuf {
    let text = format!(
        "station: bench-{}\nhosts:\n  - host: tor-a\n    firmware: [fw1]\n    instruments: {{ chamber: {{ driver: sim }}, meter: {{ driver: sim, channel: 1 }}, counters: {{ source: sim }} }}\n    slots:\n      - {{ id: s1, sku: sfp-10g-sr, bus: \"{bus}\", switch_port: Ethernet0 }}\n",
        if bus.contains('?') { "2" } else { "1" }
    );
    let path = dir.join(if bus.contains('?') {
        "station2.yaml"
    } else {
        "station1.yaml"
    });
    std::fs::write(&path, text).expect("write station");
    path
}

fn matrix_run(matrix: &Path, station: &Path, reports: &Path, run_id: &str) -> i32 {
    Command::new(env!("CARGO_BIN_EXE_optiqual"))
        .args(["matrix", "run"])
        .arg(matrix)
        .arg("--station")
        .arg(station)
        .arg("--reports")
        .arg(reports)
        .args(["--run-id", run_id, "-q", "--no-history"])
        .current_dir(common::root())
        .status()
        .expect("run optiqual")
        .code()
        .unwrap_or(-1)
}

#[test]
fn a_changed_plan_or_firmware_makes_the_cell_stale() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("m");
    let matrix = small_matrix(&dir, "SONiC.202311.3");
    let station = small_station(&dir, "mock:sfp-10g-sr");
    let reports = tmp.path().join("reports");
    assert_eq!(matrix_run(&matrix, &station, &reports, "r1"), 0);
    let status = |m: &Path| {
        optiqual(&[
            "matrix",
            "status",
            path_str(m),
            "--reports",
            path_str(&reports),
            "--json",
        ])
    };
    let (code, out, err) = status(&matrix);
    assert_eq!(code, 0, "{err}");
    let view: Value = serde_json::from_str(&out).expect("json");
    assert_eq!(view["cells"][0]["status"], "qualified");

    // The plan changes after the run: the verdict no longer covers the cell.
    let plan = dir.join("sfp.yaml");
    let mut text = std::fs::read_to_string(&plan).expect("plan");
    text.push_str("# tightened after review\n");
    std::fs::write(&plan, text).expect("write plan");
    let (code, out, _) = status(&matrix);
    assert_eq!(code, 1);
    let view: Value = serde_json::from_str(&out).expect("json");
    assert_eq!(view["cells"][0]["status"], "stale");
    let reasons = view["cells"][0]["stale_reasons"].to_string();
    assert!(reasons.contains("sfp.yaml"), "{reasons}");

    // A new host firmware version under the same firmware id is stale too.
    let matrix2 = small_matrix(&tmp.path().join("m2"), "SONiC.202311.4");
    let (_, out, _) = status(&matrix2);
    let view: Value = serde_json::from_str(&out).expect("json");
    assert_eq!(view["cells"][0]["status"], "stale");
    let reasons = view["cells"][0]["stale_reasons"].to_string();
    assert!(reasons.contains("SONiC.202311.4"), "{reasons}");
}

#[test]
fn two_stations_disagreeing_on_a_cell_the_most_recent_wins_and_the_conflict_shows() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("m");
    let matrix = small_matrix(&dir, "SONiC.202311.3");
    let good = small_station(&dir, "mock:sfp-10g-sr");
    // The second bench's module reads 4 dB off the meter: its DOM accuracy fails.
    let bad = small_station(&dir, "mock:sfp-10g-sr?dom_error_tx_db=4");
    let a = tmp.path().join("bench1");
    let b = tmp.path().join("bench2");
    assert_eq!(matrix_run(&matrix, &good, &a, "first"), 0);
    assert_eq!(matrix_run(&matrix, &bad, &b, "second"), 1);
    let out_dir = tmp.path().join("merged");
    let (code, out, err) = optiqual(&[
        "report",
        "merge",
        path_str(&a),
        path_str(&b),
        "--out",
        path_str(&out_dir),
        "--json",
    ]);
    assert_eq!(code, 0, "{err}");
    let view: Value = serde_json::from_str(&out).expect("json");
    let cell = &view["cells"][0];
    assert_eq!(cell["status"], "failed", "the later run decides");
    assert_eq!(cell["run"]["station"], "bench-2");
    assert_eq!(cell["conflict"], true);
    assert_eq!(cell["superseded"][0]["station"], "bench-1");
    assert_eq!(cell["superseded"][0]["outcome"], "pass");
    assert!(err.contains("conflict: sfp-10g-sr @ tor-a / fw1"), "{err}");
    // Without --matrix the axes come from the runs themselves.
    assert_eq!(view["name"], "small");
    assert_eq!(view["skus"][0]["pn"], "AC-SFP-10G-SR");
    let md = std::fs::read_to_string(out_dir.join("summary.md")).expect("summary.md");
    assert!(md.contains("sfp-10g-sr"), "{md}");
}

#[test]
fn a_matrix_run_killed_mid_cell_resumes_to_the_same_verdicts() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let reports = tmp.path().join("reports");
    let args = |extra: &[&str]| {
        let mut a: Vec<String> = [
            "matrix",
            "run",
            MATRIX,
            "--station",
            STATION,
            "--reports",
            path_str(&reports),
            "--run-id",
            "k",
            "-q",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        a.extend(extra.iter().map(|s| s.to_string()));
        a
    };
    // The test hook dies like kill -9 after 6 journal records: inside the first cell's run.
    let killed = Command::new(env!("CARGO_BIN_EXE_optiqual"))
        .args(args(&[]))
        .env("OPTIQUAL_CRASH_AFTER_RECORDS", "6")
        .current_dir(common::root())
        .output()
        .expect("run optiqual");
    assert!(!killed.status.success());
    assert!(
        !reports.join("k/matrix.json").exists(),
        "no matrix report yet"
    );
    let first = reports.join("k--osfp-800g-2xfr4--tor-a--sonic-202311");
    assert!(first.join("journal.jsonl").is_file());
    assert!(!first.join("results.json").exists());

    // Starting it again under the same id is refused: it would mix two runs.
    let a = args(&[]);
    let (code, _, err) = optiqual(&a.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--resume"), "{err}");

    let a = args(&["--resume"]);
    let (code, _, err) = optiqual(&a.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(code, 1, "{err}");
    let view = read_json(&reports.join("k/matrix.json"));
    assert_eq!(statuses(&view), expected_full(), "{err}");
    // The interrupted cell kept its first steps: its journal says it was resumed.
    let journal = std::fs::read_to_string(first.join("journal.jsonl")).expect("journal");
    assert!(journal.contains("\"event\":\"resumed\""), "{journal}");

    // A second --resume keeps every finished cell and changes nothing.
    let a = args(&["--resume"]);
    let (code, _, err) = optiqual(&a.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(code, 1, "{err}");
    let again = read_json(&reports.join("k/matrix.json"));
    assert_eq!(statuses(&again), expected_full());
    let run_ids = |v: &Value| -> Vec<String> {
        v["cells"]
            .as_array()
            .expect("cells")
            .iter()
            .map(|c| c["run"]["finished_at"].to_string())
            .collect()
    };
    assert_eq!(
        run_ids(&again),
        run_ids(&view),
        "finished cells are kept, not rerun"
    );
}

#[test]
fn ctrl_c_during_a_matrix_run_ends_it_cleanly_with_exit_130() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("m");
    std::fs::create_dir_all(&dir).expect("mkdir");
    // A cell that soaks for an hour on the wall clock, under two firmware sets: two cells.
    std::fs::write(
        dir.join("soak.yaml"),
        "plan: long soak on the wall clock\n\
         station:\n  slots:\n    - { id: p1, bus: \"mock:qsfpdd-400g-dr4\", switch_port: Ethernet0 }\n  instruments:\n    counters: { source: sim }\n\
         options: { clock: wall, step_timeout: 2h }\n\
         checks:\n  - identity\n  - ber_soak: { duration: 1h, interval: 1s }\n",
    )
    .expect("plan");
    let matrix = dir.join("matrix.yaml");
    std::fs::write(
        &matrix,
        "matrix: soak\n\
         skus:\n  - { id: dd, vendor: ACME, pn: AC-QDD-400G-DR4, form_factor: QSFP-DD, max_power_w: 12, temperature: commercial }\n\
         hosts:\n  - { id: tor-a, platform: T, ports: [{ form_factor: QSFP-DD, power_budget_w: 14 }] }\n\
         firmware:\n  - { id: fw1, host: \"1\" }\n  - { id: fw2, host: \"2\" }\n\
         cells:\n  - { sku: dd, host: tor-a, firmware: [fw1, fw2], plan: soak.yaml }\n",
    )
    .expect("matrix");
    let station = dir.join("station.yaml");
    std::fs::write(
        &station,
        "station: bench\nhosts:\n  - host: tor-a\n    firmware: [fw1, fw2]\n    instruments: { counters: { source: sim } }\n    slots:\n      - { id: s1, sku: dd, bus: \"mock:qsfpdd-400g-dr4\", switch_port: Ethernet0 }\n",
    )
    .expect("station");
    let reports = tmp.path().join("reports");
    let mut child = Command::new(env!("CARGO_BIN_EXE_optiqual"))
        .args(["matrix", "run"])
        .arg(&matrix)
        .arg("--station")
        .arg(&station)
        .arg("--reports")
        .arg(&reports)
        .args(["--run-id", "i", "-q", "--no-history"])
        .current_dir(common::root())
        .spawn()
        .expect("start the matrix run");
    // Interrupt once the first cell's identity check is journalled (it is soaking then).
    let journal = reports.join("i--dd--tor-a--fw1/journal.jsonl");
    let started = std::time::Instant::now();
    while !std::fs::read_to_string(&journal)
        .unwrap_or_default()
        .contains("\"check_finished\"")
    {
        assert!(
            started.elapsed() < std::time::Duration::from_secs(30),
            "identity never finished"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    std::thread::sleep(std::time::Duration::from_millis(300));
    let kill = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("kill -INT");
    assert!(kill.success());
    let code = child.wait().expect("wait").code();
    assert_eq!(code, Some(130));
    let view = read_json(&reports.join("i/matrix.json"));
    let cells = view["cells"].as_array().expect("cells");
    assert_eq!(cells[0]["status"], "error", "the soaking cell was aborted");
    assert_eq!(cells[0]["run"]["outcome"], "aborted");
    assert_eq!(cells[1]["status"], "not_run");
    assert_eq!(cells[1]["note"], "the matrix run was interrupted first");
    // The aborted cell kept its completed identity check.
    let results = read_json(&reports.join("i--dd--tor-a--fw1/results.json"));
    assert_eq!(results["modules"][0]["checks"][0]["kind"], "identity");
}
