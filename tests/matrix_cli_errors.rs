//! The matrix commands on bad input: `matrix run`, `matrix status`, `report merge`, `history`
//! and `validate` on matrix and station files. Each case asserts the exit code of design.md
//! §4.4 (2 invalid input, 3 harness) and that stderr names the file, line or field at fault;
//! what was measured before the error is still there afterwards.
//!
//! Every matrix here is a hand-written two-cell matrix (two SFP SKUs on one host, one firmware
//! set, the shipped SFP plan), so a whole matrix run takes a fraction of a second on the mock.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

/// The two cells of [`small_matrix`], as `sku @ host / firmware`.
const CELL_SR: &str = "sfp-10g-sr @ tor-a / fw1";
const CELL_LR: &str = "sfp28-25g-lr @ tor-a / fw1";
/// Serial number of the sfp-10g-sr mock fixture (fixtures/modules/sfp-10g-sr.yaml).
const SR_SERIAL: &str = "ACS10SR24031101";

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 temp path")
}

fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).expect("read json file");
    serde_json::from_str(&text).expect("valid json")
}

fn parse(stdout: &str) -> Value {
    serde_json::from_str(stdout).expect("stdout is one JSON document")
}

/// `sku` → `status` of every cell of a matrix view.
fn statuses(view: &Value) -> Vec<(String, String)> {
    view["cells"]
        .as_array()
        .expect("cells array")
        .iter()
        .map(|c| {
            (
                c["key"]["sku"].as_str().expect("sku").to_string(),
                c["status"].as_str().expect("status").to_string(),
            )
        })
        .collect()
}

fn cell<'a>(view: &'a Value, sku: &str) -> &'a Value {
    view["cells"]
        .as_array()
        .expect("cells array")
        .iter()
        .find(|c| c["key"]["sku"] == sku)
        .expect("cell of sku")
}

/// A scratch folder with the small matrix, its good station file and a reports path in it.
fn bench() -> (tempfile::TempDir, PathBuf, PathBuf, PathBuf) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let matrix = small_matrix(tmp.path());
    let station = good_station(tmp.path());
    let reports = tmp.path().join("reports");
    (tmp, matrix, station, reports)
}

/// Writes the two-cell matrix (and its plan) into `dir`.
fn small_matrix(dir: &Path) -> PathBuf {
    std::fs::create_dir_all(dir).expect("mkdir");
    std::fs::copy(
        common::root().join("testplans/matrix/sfp.yaml"),
        dir.join("sfp.yaml"),
    )
    .expect("copy plan");
    let text = [
        "matrix: small",
        "skus:",
        "  - { id: sfp-10g-sr, vendor: ACME, pn: AC-SFP-10G-SR, form_factor: SFP+, max_power_w: 1.0, temperature: commercial }",
        "  - { id: sfp28-25g-lr, vendor: ACME, pn: AC-SFP28-25G-LR, form_factor: SFP28, max_power_w: 1.5, temperature: commercial }",
        "hosts:",
        "  - { id: tor-a, platform: T, ports: [{ form_factor: SFP+, power_budget_w: 1.5 }, { form_factor: SFP28, power_budget_w: 2.0 }] }",
        "firmware:",
        "  - { id: fw1, host: \"1.0\" }",
        "cells:",
        "  - { sku: [sfp-10g-sr, sfp28-25g-lr], host: tor-a, firmware: fw1, plan: sfp.yaml }",
        "",
    ]
    .join("\n");
    let path = dir.join("matrix.yaml");
    std::fs::write(&path, text).expect("write matrix");
    path
}

/// A station file `name` in `dir` for host `host` with one slot per SKU on the given buses.
fn station_file(dir: &Path, name: &str, host: &str, sr_bus: &str, lr_bus: &str) -> PathBuf {
    let text = [
        "station: bench".to_string(),
        "hosts:".to_string(),
        format!("  - host: {host}"),
        "    firmware: [fw1]".to_string(),
        "    instruments: { chamber: { driver: sim }, meter: { driver: sim, channel: 1 }, counters: { source: sim } }".to_string(),
        "    slots:".to_string(),
        format!("      - {{ id: s1, sku: sfp-10g-sr, bus: \"{sr_bus}\", switch_port: Ethernet0 }}"),
        format!("      - {{ id: s2, sku: sfp28-25g-lr, bus: \"{lr_bus}\", switch_port: Ethernet1 }}"),
        String::new(),
    ]
    .join("\n");
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write station");
    path
}

fn good_station(dir: &Path) -> PathBuf {
    station_file(
        dir,
        "station.yaml",
        "tor-a",
        "mock:sfp-10g-sr",
        "mock:sfp28-25g-lr",
    )
}

/// `matrix run MATRIX --station STATION --reports REPORTS --run-id ID --no-history EXTRA...`.
fn matrix_run(
    matrix: &Path,
    station: &Path,
    reports: &Path,
    run_id: &str,
    extra: &[&str],
) -> (i32, String, String) {
    let mut args = vec![
        "matrix",
        "run",
        s(matrix),
        "--station",
        s(station),
        "--reports",
        s(reports),
        "--run-id",
        run_id,
        "--no-history",
    ];
    args.extend(extra);
    common::run(&args)
}

/// Asserts exit 2 with exactly one `error:` line that contains every fragment.
fn assert_one_error(code: i32, err: &str, fragments: &[&str]) {
    assert_eq!(code, 2, "{err}");
    let errors: Vec<&str> = err.lines().filter(|l| l.starts_with("error: ")).collect();
    assert_eq!(errors.len(), 1, "one error line expected:\n{err}");
    for f in fragments {
        assert!(errors[0].contains(f), "`{f}` missing from:\n{err}");
    }
    assert_eq!(
        err.lines().count(),
        1,
        "nothing but the error expected:\n{err}"
    );
}

#[test]
fn missing_or_unreadable_matrix_and_station_files_are_named() {
    let (tmp, matrix, station, reports) = bench();
    let dir = tmp.path();
    let nope = dir.join("nope.yaml");

    let (code, _, err) = matrix_run(&nope, &station, &reports, "r", &[]);
    assert_one_error(code, &err, &[s(&nope), "cannot read the matrix file"]);
    let (code, _, err) = matrix_run(&matrix, &nope, &reports, "r", &[]);
    assert_one_error(code, &err, &[s(&nope), "cannot read the station file"]);
    // A folder where a file belongs is unreadable too.
    let (code, _, err) = matrix_run(dir, &station, &reports, "r", &[]);
    assert_one_error(code, &err, &[s(dir), "cannot read the matrix file"]);
    assert!(!reports.exists(), "nothing is written on bad input");

    let (code, _, err) = common::run(&["matrix", "status", s(&nope), "--reports", s(dir)]);
    assert_one_error(code, &err, &[s(&nope), "cannot read the matrix file"]);
    let (code, _, err) = common::run(&["report", "merge", s(dir), "--matrix", s(&nope)]);
    assert_one_error(code, &err, &[s(&nope), "cannot read the matrix file"]);

    // A matrix with a syntax error: file, line and column.
    let broken = dir.join("broken.yaml");
    std::fs::write(&broken, "matrix: x\nskus: [\n").expect("write");
    let (code, _, err) = matrix_run(&broken, &station, &reports, "r", &[]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.starts_with(&format!("error: {}:3:", s(&broken))),
        "{err}"
    );
}

#[test]
fn a_station_file_given_as_the_matrix_and_vice_versa_is_named_in_one_line() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path();
    let matrix = small_matrix(dir);
    let station = good_station(dir);
    let plan = dir.join("sfp.yaml");
    let reports = dir.join("reports");

    // Both the wrong way round: the fix is spelt out.
    let (code, _, err) = matrix_run(&station, &matrix, &reports, "r", &[]);
    let fix = format!(
        "run `optiqual matrix run {} --station {}`",
        s(&matrix),
        s(&station)
    );
    assert_one_error(code, &err, &["MATRIX and --station are swapped", &fix]);

    // A file of the wrong kind as the matrix or as the station file: one line saying which.
    let cases: [(&Path, &Path, &Path, &str, &str); 4] = [
        (
            &station,
            &station,
            &station,
            "expected a matrix file",
            "found a station file",
        ),
        (
            &matrix,
            &matrix,
            &matrix,
            "expected a station file",
            "found a matrix file",
        ),
        (
            &plan,
            &station,
            &plan,
            "expected a matrix file",
            "found a test plan",
        ),
        (
            &matrix,
            &plan,
            &plan,
            "expected a station file",
            "found a test plan",
        ),
    ];
    for (m, st, named, expected, found) in cases {
        let (code, _, err) = matrix_run(m, st, &reports, "r", &[]);
        assert_one_error(code, &err, &[&format!("{}: {expected}", s(named)), found]);
    }
    assert!(!reports.exists(), "nothing is written on bad input");

    // The other commands that take a matrix.
    let (code, _, err) = common::run(&["matrix", "status", s(&station), "--reports", s(dir)]);
    assert_one_error(code, &err, &[s(&station), "expected a matrix file"]);
    let out = dir.join("merged");
    let (code, _, err) = common::run(&[
        "report",
        "merge",
        s(dir),
        "--matrix",
        s(&station),
        "--out",
        s(&out),
    ]);
    assert_one_error(code, &err, &[s(&station), "expected a matrix file"]);
    assert!(!out.exists());
    // validate: the station cannot be checked, and why.
    let (code, out, err) = common::run(&["validate", "--matrix", s(&station), s(&station)]);
    assert_eq!(code, 2, "{err}");
    assert_eq!(out, "");
    assert_eq!(
        err.lines().collect::<Vec<_>>(),
        vec![
            format!(
                "{}: cannot be checked: its matrix {} is invalid",
                s(&station),
                s(&station)
            ),
            format!(
                "--matrix {}: expected a matrix file, which starts with `matrix: NAME` \
                 (docs/matrix-format.md), found a station file (`station:` and `hosts:` at the top)",
                s(&station)
            ),
        ]
    );
}

#[test]
fn a_station_naming_a_host_the_matrix_lacks_is_rejected_with_its_line() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path();
    let matrix = small_matrix(dir);
    let bad = station_file(
        dir,
        "other-host.yaml",
        "tor-b",
        "mock:sfp-10g-sr",
        "mock:sfp28-25g-lr",
    );
    let reports = dir.join("reports");
    let (code, _, err) = matrix_run(&matrix, &bad, &reports, "r", &[]);
    assert_eq!(code, 2, "{err}");
    // Line 3, column 11: the value of `host:` in `  - host: tor-b`.
    let first = err.lines().next().unwrap_or("");
    assert_eq!(
        first,
        format!(
            "error: {}:3:11: hosts[0].host: matrix `small` has no host `tor-b`; did you mean `tor-a`?",
            s(&bad)
        ),
        "{err}"
    );
    assert!(!reports.exists(), "nothing runs");

    // validate says the same, and without --matrix says what it needs.
    let (code, _, err) = common::run(&["validate", "--matrix", s(&matrix), s(&bad)]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.starts_with(&format!("{}:3:11: hosts[0].host:", s(&bad))),
        "{err}"
    );
    let (code, _, err) = common::run(&["validate", s(&bad)]);
    assert_eq!(code, 2, "{err}");
    assert_eq!(
        err.trim_end(),
        format!(
            "{}: a station file is checked against its matrix; pass --matrix MATRIX",
            s(&bad)
        )
    );
}

#[test]
fn shard_junk_is_rejected_before_anything_runs() {
    let (_tmp, matrix, station, reports) = bench();
    let cases: [(&str, &str); 9] = [
        ("junk", "expected a shard as K/N (e.g. 2/4), found `junk`"),
        ("0", "expected a shard as K/N (e.g. 2/4), found `0`"),
        ("3/4/3", "expected a shard as K/N (e.g. 2/4), found `3/4/3`"),
        ("1/", "found `1/`"),
        ("/2", "found `/2`"),
        ("0/4", "K counts from 1 to 4, found 0"),
        ("5/4", "K counts from 1 to 4, found 5"),
        ("2/1", "K counts from 1 to 1, found 2"),
        ("1/0", "the number of shards N must be at least 1"),
    ];
    for (shard, why) in cases {
        let (code, _, err) = matrix_run(&matrix, &station, &reports, "r", &["--shard", shard]);
        assert_one_error(code, &err, &[&format!("--shard {shard}: "), why]);
    }
    assert!(!reports.exists(), "no shard ran");

    // A good shard runs its share; the other cell says which shard it belongs to.
    let (code, out, err) = matrix_run(
        &matrix,
        &station,
        &reports,
        "s",
        &["--shard", "2/2", "--json"],
    );
    assert_eq!(code, 0, "{err}");
    let view = parse(&out);
    assert_eq!(
        statuses(&view),
        vec![
            ("sfp-10g-sr".to_string(), "not_run".to_string()),
            ("sfp28-25g-lr".to_string(), "qualified".to_string()),
        ]
    );
    assert_eq!(cell(&view, "sfp-10g-sr")["note"], "not in shard 2/2");
    assert_eq!(read_json(&reports.join("s/matrix.json")), view);
}

#[test]
fn a_run_id_that_is_not_a_folder_name_is_refused() {
    let (tmp, matrix, station, reports) = bench();
    let dir = tmp.path();
    for id in ["a/b", "../escape", "..", ".hidden", "a\\b", ""] {
        let (code, _, err) = matrix_run(&matrix, &station, &reports, id, &[]);
        assert_one_error(
            code,
            &err,
            &[
                &format!("--run-id `{id}`"),
                "use letters, digits, '-' and '_'",
            ],
        );
    }
    assert!(!reports.exists(), "nothing written");
    assert!(
        !dir.join("escape").exists(),
        "nothing written outside --reports"
    );
}

#[test]
fn a_run_id_used_before_is_refused_and_the_earlier_results_are_kept() {
    let (tmp, matrix, station, reports) = bench();
    let dir = tmp.path();
    let (code, _, err) = matrix_run(&matrix, &station, &reports, "m1", &["-q"]);
    assert_eq!(code, 0, "{err}");
    let view_path = reports.join("m1/matrix.json");
    let before = std::fs::read(&view_path).expect("matrix.json");

    let (code, _, err) = matrix_run(&matrix, &station, &reports, "m1", &["-q"]);
    assert_one_error(
        code,
        &err,
        &[
            &format!("{} already exists", s(&reports.join("m1"))),
            "choose another --run-id",
        ],
    );
    assert_eq!(
        std::fs::read(&view_path).expect("matrix.json"),
        before,
        "the earlier matrix view is untouched"
    );
    let view = read_json(&view_path);
    assert_eq!(
        statuses(&view),
        vec![
            ("sfp-10g-sr".to_string(), "qualified".to_string()),
            ("sfp28-25g-lr".to_string(), "qualified".to_string()),
        ]
    );

    // A crashed matrix run leaves cell folders but no matrix folder: refused as well.
    let leftover = reports.join("m2--sfp28-25g-lr--tor-a--fw1");
    std::fs::create_dir_all(&leftover).expect("mkdir");
    let (code, _, err) = matrix_run(&matrix, &station, &reports, "m2", &["-q"]);
    assert_one_error(code, &err, &[&format!("{} already exists", s(&leftover))]);
    assert!(!reports.join("m2").exists());
    assert!(!reports.join("m2--sfp-10g-sr--tor-a--fw1").exists());

    // --reports that is a file.
    let file = dir.join("a-file");
    std::fs::write(&file, "x").expect("write");
    let (code, _, err) = matrix_run(&matrix, &station, &file, "m3", &[]);
    assert_one_error(code, &err, &[&format!("--reports {} is a file", s(&file))]);
}

#[test]
fn a_slot_whose_bus_cannot_be_opened_leaves_its_cell_not_run_and_the_other_cell_runs() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path();
    let matrix = small_matrix(dir);
    let station = station_file(
        dir,
        "station.yaml",
        "tor-a",
        "mock:no-such-fixture",
        "mock:sfp28-25g-lr",
    );
    // The station file is valid: the selector parses; only opening it fails.
    let (code, _, err) = common::run(&["validate", "--matrix", s(&matrix), s(&station)]);
    assert_eq!(code, 0, "{err}");

    let reports = dir.join("reports");
    let (code, out, err) = matrix_run(&matrix, &station, &reports, "m", &["--json"]);
    // A selector that cannot be opened is invalid input (design.md §4.5), as for `run`.
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains(&format!(
            "] {CELL_SR}: NOT RUN — could not start: mock fixture `no-such-fixture` not found"
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!("] {CELL_LR}: PASS (m--sfp28-25g-lr--tor-a--fw1)")),
        "{err}"
    );
    let view = parse(&out);
    assert_eq!(
        statuses(&view),
        vec![
            ("sfp-10g-sr".to_string(), "not_run".to_string()),
            ("sfp28-25g-lr".to_string(), "qualified".to_string()),
        ]
    );
    let note = cell(&view, "sfp-10g-sr")["note"]
        .as_str()
        .expect("a note says why");
    assert!(
        note.starts_with("could not start: mock fixture `no-such-fixture` not found"),
        "{note}"
    );
    // The cell that ran keeps its results.
    let results = read_json(&reports.join("m--sfp28-25g-lr--tor-a--fw1/results.json"));
    assert_eq!(results["outcome"], "pass");
    assert_eq!(results["matrix"]["sku"], "sfp28-25g-lr");
    assert_eq!(read_json(&reports.join("m/matrix.json")), view);
    // Nothing was measured in the cell that could not start: no folder is left for a later
    // `matrix status` to read as an aborted run.
    assert!(!reports.join("m--sfp-10g-sr--tor-a--fw1").exists());
    let (code, out, err) = common::run(&[
        "matrix",
        "status",
        s(&matrix),
        "--reports",
        s(&reports),
        "--json",
    ]);
    assert_eq!(code, 1, "{err}");
    assert_eq!(
        statuses(&parse(&out)),
        vec![
            ("sfp-10g-sr".to_string(), "not_run".to_string()),
            ("sfp28-25g-lr".to_string(), "qualified".to_string()),
        ]
    );
}

#[test]
fn matrix_status_names_a_corrupt_results_json_and_counts_the_others() {
    let (_tmp, matrix, station, reports) = bench();
    let (code, _, err) = matrix_run(&matrix, &station, &reports, "m", &["-q"]);
    assert_eq!(code, 0, "{err}");
    let run_dir = reports.join("m--sfp-10g-sr--tor-a--fw1");
    let results = run_dir.join("results.json");
    let text = std::fs::read_to_string(&results).expect("results");
    // Cut inside the second line: `{\n  "schema": "optiqual.resu`.
    let cut = text.find("results/1").expect("schema line");
    std::fs::write(&results, &text[..cut]).expect("truncate");

    // With its journal beside it, the run is read from the journal: nothing is lost.
    let (code, out, err) = common::run(&[
        "matrix",
        "status",
        s(&matrix),
        "--reports",
        s(&reports),
        "--json",
    ]);
    assert_eq!(code, 0, "{err}");
    let view = parse(&out);
    assert_eq!(
        statuses(&view),
        vec![
            ("sfp-10g-sr".to_string(), "qualified".to_string()),
            ("sfp28-25g-lr".to_string(), "qualified".to_string()),
        ]
    );
    let journal = run_dir.join("journal.jsonl");
    assert_eq!(
        err.trim_end(),
        format!(
            "warning: {}:2:22: malformed results.json: EOF while parsing a string; \
             read the run from its journal {} instead",
            s(&results),
            s(&journal)
        )
    );
    assert_eq!(
        cell(&view, "sfp-10g-sr")["run"]["source"],
        s(&journal),
        "the evidence points at the journal"
    );

    // Without the journal: named and left out; the other cell still counts. Exit 1 (not
    // every cell is qualified).
    std::fs::remove_file(&journal).expect("rm journal");
    let (code, out, err) = common::run(&["matrix", "status", s(&matrix), "--reports", s(&reports)]);
    assert_eq!(code, 1, "{err}");
    assert_eq!(
        err.trim_end(),
        format!(
            "warning: {}:2:22: malformed results.json: EOF while parsing a string",
            s(&results)
        )
    );
    assert!(
        out.contains("1 qualified, 0 failed, 0 error, 1 not run, 0 stale"),
        "{out}"
    );
}

#[test]
fn matrix_status_on_an_empty_folder_shows_every_cell_not_run_and_says_so() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path();
    let matrix = small_matrix(dir);
    let empty = dir.join("empty");
    std::fs::create_dir_all(&empty).expect("mkdir");
    let (code, out, err) = common::run(&[
        "matrix",
        "status",
        s(&matrix),
        "--reports",
        s(&empty),
        "--json",
    ]);
    assert_eq!(code, 1, "{err}");
    let view = parse(&out);
    assert_eq!(view["schema"], "optiqual.matrix/1");
    assert_eq!(
        statuses(&view),
        vec![
            ("sfp-10g-sr".to_string(), "not_run".to_string()),
            ("sfp28-25g-lr".to_string(), "not_run".to_string()),
        ]
    );
    assert_eq!(
        err.trim_end(),
        format!(
            "warning: no results.json or journal found under {}; every cell shows as not run \
             (give the folders the runs were written to with --reports)",
            s(&empty)
        )
    );
    // The table says the same.
    let (code, out, _) = common::run(&["matrix", "status", s(&matrix), "--reports", s(&empty)]);
    assert_eq!(code, 1);
    assert!(
        out.contains("0 qualified, 0 failed, 0 error, 2 not run, 0 stale"),
        "{out}"
    );
}

#[test]
fn report_merge_names_a_run_without_a_cell_and_a_truncated_file() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path();
    let matrix = small_matrix(dir);
    let reports = dir.join("reports");
    // A plain `optiqual run` of the plan: its results name no matrix cell.
    let code = common::run_plan_in(
        &dir.join("sfp.yaml"),
        &reports,
        "plain",
        &["-q", "--no-history"],
    );
    assert_eq!(code, Some(0));
    let plain = reports.join("plain/results.json");
    let out_dir = dir.join("merged");
    let (code, out, err) = common::run(&[
        "report",
        "merge",
        s(&plain),
        "--matrix",
        s(&matrix),
        "--out",
        s(&out_dir),
        "--json",
    ]);
    assert_eq!(code, 0, "{err}");
    let reason = format!(
        "{}: run plain names no matrix cell (made by `optiqual run`, not `optiqual matrix run`)",
        s(&plain)
    );
    assert!(
        err.contains(&format!("warning: not placed: {reason}\n")),
        "{err}"
    );
    let view = parse(&out);
    assert_eq!(view["unplaced"], serde_json::json!([reason]));
    assert_eq!(
        statuses(&view),
        vec![
            ("sfp-10g-sr".to_string(), "not_run".to_string()),
            ("sfp28-25g-lr".to_string(), "not_run".to_string()),
        ]
    );
    assert_eq!(read_json(&out_dir.join("matrix.json")), view);

    // A truncated results.json alone: named, and nothing to merge (exit 2).
    let cut = dir.join("cut.json");
    let text = std::fs::read_to_string(&plain).expect("results");
    let end = text.find("results/1").expect("schema line");
    std::fs::write(&cut, &text[..end]).expect("write");
    let (code, out, err) = common::run(&["report", "merge", s(&cut), "--out", s(&dir.join("m2"))]);
    assert_eq!(code, 2, "{err}");
    assert_eq!(out, "");
    assert_eq!(
        err.lines().collect::<Vec<_>>(),
        vec![
            format!(
                "warning: {}:2:22: malformed results.json: EOF while parsing a string",
                s(&cut)
            ),
            format!(
                "error: no readable results in {} (see the warnings above); give results.json \
                 files, journals or report folders",
                s(&cut)
            ),
        ]
    );
    assert!(!dir.join("m2").exists(), "no empty report written");

    // With a good file beside it: the good one is merged and written, the bad one named, and
    // the exit code (2) tells a pipeline that an input was lost.
    let (code, out, err) = common::run(&[
        "report",
        "merge",
        s(&cut),
        s(&plain),
        "--out",
        s(&dir.join("m3")),
        "--json",
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(dir.join("m3/matrix.json").is_file());
    assert!(err.contains("1 input(s) could not be read"), "{err}");
    assert!(
        err.contains(&format!(
            "warning: {}:2:22: malformed results.json",
            s(&cut)
        )),
        "{err}"
    );
    assert!(err.contains("merged 1 runs into 0 cells"), "{err}");
    assert_eq!(parse(&out)["unplaced"].as_array().map(Vec::len), Some(1));

    // Nothing at all.
    let empty = dir.join("empty");
    std::fs::create_dir_all(&empty).expect("mkdir");
    let (code, _, err) = common::run(&["report", "merge", s(&empty), "--out", s(&dir.join("m4"))]);
    assert_one_error(
        code,
        &err,
        &[&format!(
            "no results.json or journal found in {}",
            s(&empty)
        )],
    );
}

#[test]
fn report_merge_of_the_journal_of_an_aborted_run_keeps_what_it_measured() {
    let (tmp, matrix, station, reports) = bench();
    let dir = tmp.path();
    // The process dies (abort, like kill -9) after the runner's 6th journal record of its
    // first cell: the module, then five of the plan's six checks (link_budget never ran). No
    // results.json, no matrix.json.
    let status = Command::new(env!("CARGO_BIN_EXE_optiqual"))
        .args(["matrix", "run", s(&matrix), "--station", s(&station)])
        .args([
            "--reports",
            s(&reports),
            "--run-id",
            "c",
            "-q",
            "--no-history",
        ])
        .env("OPTIQUAL_CRASH_AFTER_RECORDS", "6")
        .current_dir(common::root())
        .output()
        .expect("run optiqual");
    assert_ne!(status.status.code(), Some(0), "the run crashed");
    let run_dir = reports.join("c--sfp-10g-sr--tor-a--fw1");
    let journal = run_dir.join("journal.jsonl");
    assert!(journal.is_file());
    assert!(!run_dir.join("results.json").exists());
    assert!(!reports.join("c").exists());

    let out_dir = dir.join("merged");
    let (code, out, err) = common::run(&[
        "report",
        "merge",
        s(&journal),
        "--matrix",
        s(&matrix),
        "--out",
        s(&out_dir),
        "--json",
    ]);
    assert_eq!(code, 0, "{err}");
    let view = parse(&out);
    assert_eq!(
        statuses(&view),
        vec![
            ("sfp-10g-sr".to_string(), "error".to_string()),
            ("sfp28-25g-lr".to_string(), "not_run".to_string()),
        ]
    );
    let run = &cell(&view, "sfp-10g-sr")["run"];
    assert_eq!(run["outcome"], "aborted");
    assert_eq!(run["source"], s(&journal));
    assert_eq!(run["modules"][0]["sn"], SR_SERIAL);
    // The folder finds the same journal.
    let (code, out, err) = common::run(&[
        "matrix",
        "status",
        s(&matrix),
        "--reports",
        s(&reports),
        "--json",
    ]);
    assert_eq!(code, 1, "{err}");
    assert_eq!(statuses(&parse(&out)), statuses(&view));
    // Its completed checks are in the report rebuilt from the journal.
    let (code, out, err) = common::run(&["report", s(&journal), "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let results = parse(&out);
    assert_eq!(results["outcome"], "aborted");
    let checks = results["modules"][0]["checks"].as_array().expect("checks");
    let ids: Vec<&str> = checks
        .iter()
        .map(|c| c["id"].as_str().expect("check id"))
        .collect();
    assert_eq!(
        ids,
        [
            "identity",
            "power_up",
            "dom_accuracy",
            "thresholds_and_flags",
            "thermal_sweep"
        ]
    );
    assert!(checks.iter().all(|c| c["outcome"] == "pass"), "{out}");
}

#[test]
fn report_merge_and_matrix_status_into_an_out_path_that_is_a_file_exit_3() {
    let (tmp, matrix, station, reports) = bench();
    let dir = tmp.path();
    let (code, _, err) = matrix_run(&matrix, &station, &reports, "m", &["-q"]);
    assert_eq!(code, 0, "{err}");
    let file = dir.join("taken");
    std::fs::write(&file, "keep me").expect("write");

    let (code, _, err) = common::run(&["report", "merge", s(&reports), "--out", s(&file)]);
    assert_eq!(code, 3, "{err}");
    assert!(
        err.ends_with(&format!(
            "error: writing the merged reports into {}: it is a file, not a folder; give a \
             folder (created when missing)\n",
            s(&file)
        )),
        "{err}"
    );
    let (code, _, err) = common::run(&[
        "matrix",
        "status",
        s(&matrix),
        "--reports",
        s(&reports),
        "--out",
        s(&file),
    ]);
    assert_eq!(code, 3, "{err}");
    assert!(
        err.contains(&format!(
            "error: writing the matrix reports into {}: it is a file, not a folder",
            s(&file)
        )),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(&file).expect("read"), "keep me");
}

#[test]
fn history_on_a_file_that_is_not_its_database() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path();
    let text = dir.join("notes.db");
    std::fs::write(&text, "not a database\n").expect("write");

    let (code, _, err) = common::run(&["history", "sfp-10g-sr", "--db", s(&text)]);
    let why = format!(
        "{} is not an optiqual history database (not an SQLite file); give another --db, or \
         move the file away",
        s(&text)
    );
    assert_one_error(code, &err, &[&why]);
    // import refuses it too, and leaves the file as it was.
    let matrix = small_matrix(dir);
    let station = good_station(dir);
    let reports = dir.join("reports");
    let (code, _, err) = matrix_run(&matrix, &station, &reports, "m", &["-q"]);
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = common::run(&["history", "import", s(&reports), "--db", s(&text)]);
    assert_one_error(code, &err, &[&why]);
    assert_eq!(
        std::fs::read_to_string(&text).expect("read"),
        "not a database\n"
    );

    // A folder as --db.
    let (code, _, err) = common::run(&["history", "sfp-10g-sr", "--db", s(dir)]);
    assert_one_error(
        code,
        &err,
        &[&format!(
            "--db {} is a folder; give the database file, e.g. {}",
            s(dir),
            s(&dir.join("history.db"))
        )],
    );
    let (code, _, err) = common::run(&["history", "import", s(&reports), "--db", s(dir)]);
    assert_one_error(code, &err, &[&format!("--db {} is a folder", s(dir))]);

    // A good import, then the --json output parses and names both cells' runs of one SKU.
    let db = dir.join("h.db");
    let (code, out, err) = common::run(&["history", "import", s(&reports), "--db", s(&db)]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("2 run(s) recorded in"), "{out}");
    let (code, out, err) = common::run(&["history", "sfp28-25g-lr", "--db", s(&db), "--json"]);
    assert_eq!(code, 0, "{err}");
    let hist = parse(&out);
    assert_eq!(hist["sku"], "sfp28-25g-lr");
    assert_eq!(hist["runs"].as_array().map(Vec::len), Some(1), "{out}");
    // An unknown SKU lists the known ones.
    let (code, _, err) = common::run(&["history", "sfp-10g-lr", "--db", s(&db)]);
    assert_one_error(
        code,
        &err,
        &[
            "no runs of sfp-10g-lr in",
            "known SKUs: AC-SFP-10G-SR, AC-SFP28-25G-LR, sfp-10g-sr, sfp28-25g-lr",
        ],
    );
}

#[test]
fn validate_json_reports_each_matrix_and_station_file() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path();
    let matrix = small_matrix(dir);
    let station = good_station(dir);
    let bad = station_file(
        dir,
        "other-host.yaml",
        "tor-b",
        "mock:sfp-10g-sr",
        "mock:sfp28-25g-lr",
    );
    let (code, out, err) = common::run(&[
        "validate",
        "--json",
        "--matrix",
        s(&matrix),
        s(&matrix),
        s(&station),
        s(&bad),
    ]);
    assert_eq!(code, 2, "{err}");
    assert_eq!(err, "", "--json says everything on stdout");
    let files = parse(&out);
    let oks: Vec<(&str, bool)> = files
        .as_array()
        .expect("array")
        .iter()
        .map(|f| {
            (
                f["file"].as_str().expect("file"),
                f["ok"].as_bool().expect("ok"),
            )
        })
        .collect();
    assert_eq!(
        oks,
        vec![(s(&matrix), true), (s(&station), true), (s(&bad), false)]
    );
    let errors = files[2]["errors"].as_array().expect("errors");
    assert!(
        errors[0]
            .as_str()
            .is_some_and(|e| e.starts_with(&format!("{}:3:11: hosts[0].host:", s(&bad)))),
        "{errors:?}"
    );
}

#[test]
fn help_of_every_matrix_command_reads_well() {
    let cases: [(&[&str], &str, &[&str]); 6] = [
        (
            &["matrix", "run", "--help"],
            "Usage: optiqual matrix run [OPTIONS] --station <STATION> <MATRIX>",
            &[
                "--shard <K/N>",
                "--run-id",
                "--reports",
                "--no-history",
                "--json",
            ],
        ),
        (
            &["matrix", "status", "--help"],
            "Usage: optiqual matrix status [OPTIONS] <MATRIX>",
            &[
                "--reports <REPORTS>...",
                "--out",
                "Exit 0 only when every cell is qualified",
            ],
        ),
        (
            &["report", "merge", "--help"],
            "Usage: optiqual report merge [OPTIONS] <INPUTS>...",
            &["--matrix <MATRIX>", "--out <OUT>", "the most recent wins"],
        ),
        (
            &["history", "--help"],
            "Usage: optiqual history [OPTIONS] <SKU>",
            &[
                "import",
                "--db <DB>",
                "--host",
                "--firmware",
                "--station",
                "--limit",
            ],
        ),
        (
            &["history", "import", "--help"],
            "Usage: optiqual history import [OPTIONS] <RESULTS>...",
            &["--db <DB>", "created when missing"],
        ),
        (
            &["validate", "--help"],
            "Usage: optiqual validate [OPTIONS] <FILE>...",
            &["--matrix <MATRIX>", "station file", "--json"],
        ),
    ];
    for (args, usage, mentions) in cases {
        let (code, out, err) = common::run(args);
        assert_eq!(code, 0, "{args:?}: {err}");
        assert_eq!(err, "", "{args:?}");
        assert!(out.contains(usage), "{args:?}:\n{out}");
        for m in mentions {
            assert!(out.contains(m), "{args:?}: `{m}` missing:\n{out}");
        }
        // Every line fits a 100-column terminal (clap wraps at 100).
        for line in out.lines() {
            assert!(line.chars().count() <= 100, "{args:?}: long line `{line}`");
        }
    }
    // A usage error is exit 2 and points at --help.
    let (code, _, err) = common::run(&["matrix", "run", "m.yaml"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("--station <STATION>") && err.contains("--help"),
        "{err}"
    );
}
