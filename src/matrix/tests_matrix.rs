//! Matrix validation: one test per kind of error, each with its exact message and position.

use std::path::{Path, PathBuf};

use super::load::{FileKind, file_kind, parse, sha256_hex};
use super::model::CellKey;

/// Lines 1-17; plans are the shipped ones beside testplans/matrix/matrix.yaml.
const BASE: &str = r#"matrix: m
skus:
  - { id: qsfpdd-400g-dr4, vendor: ACME, pn: AC-QDD-400G-DR4, form_factor: QSFP-DD, max_power_w: 12, temperature: commercial }
  - { id: sfp-10g-sr, vendor: ACME, pn: AC-SFP-10G-SR, form_factor: SFP+, max_power_w: 1, temperature: commercial }
hosts:
  - id: tor-a
    platform: A
    ports: [{ form_factor: QSFP-DD, power_budget_w: 14 }, { form_factor: SFP+, power_budget_w: 1.5 }]
  - id: tor-b
    platform: B
    ports: [{ form_factor: QSFP-DD, power_budget_w: 10 }]
firmware:
  - { id: f1, host: "1.0" }
  - { id: f2, host: "2.0", modules: { qsfpdd-400g-dr4: "3.2" } }
cells:
  - { sku: qsfpdd-400g-dr4, host: [tor-a, tor-b], firmware: [f1, f2], plan: qsfpdd.yaml }
  - { sku: sfp-10g-sr, host: tor-a, firmware: f1, plan: sfp.yaml }
"#;

fn plans_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("testplans/matrix")
}

/// The errors of `text` as displayed, one per line.
fn errors(text: &str) -> Vec<String> {
    match parse(text, "m.yaml", &plans_dir()) {
        Ok(m) => panic!("expected errors, got a matrix of {} cells", m.cells.len()),
        Err(e) => e.iter().map(ToString::to_string).collect(),
    }
}

/// `BASE` with one replacement (which must apply).
fn with(from: &str, to: &str) -> String {
    assert!(BASE.contains(from), "{from}");
    BASE.replacen(from, to, 1)
}

#[test]
fn the_base_matrix_expands_sorts_and_hashes() {
    let m = parse(BASE, "m.yaml", &plans_dir()).unwrap();
    assert_eq!(m.name, "m");
    assert_eq!(m.file, "m.yaml");
    assert_eq!(m.sha256, sha256_hex(BASE.as_bytes()));
    let keys: Vec<String> = m.cells.iter().map(|c| c.key.to_string()).collect();
    assert_eq!(
        keys,
        [
            "qsfpdd-400g-dr4 @ tor-a / f1",
            "qsfpdd-400g-dr4 @ tor-a / f2",
            "qsfpdd-400g-dr4 @ tor-b / f1",
            "qsfpdd-400g-dr4 @ tor-b / f2",
            "sfp-10g-sr @ tor-a / f1",
        ]
    );
    let sfp = m.cell(&CellKey::new("sfp-10g-sr", "tor-a", "f1")).unwrap();
    assert_eq!(sfp.line, 17);
    assert_eq!(sfp.plan, "sfp.yaml");
    assert_eq!(
        sfp.plan_path,
        plans_dir().join("sfp.yaml").display().to_string()
    );
    let bytes = std::fs::read(plans_dir().join("sfp.yaml")).unwrap();
    assert_eq!(sfp.plan_sha256, sha256_hex(&bytes));
    // Grades, pins and ports as written.
    let sku = m.sku("sfp-10g-sr").unwrap();
    assert_eq!(
        (
            sku.temperature.name.as_str(),
            sku.temperature.min_c,
            sku.temperature.max_c
        ),
        ("commercial", 0.0, 70.0)
    );
    assert_eq!(
        m.firmware("f2")
            .unwrap()
            .modules
            .get("qsfpdd-400g-dr4")
            .map(String::as_str),
        Some("3.2")
    );
    assert!(m.firmware("f1").unwrap().modules.is_empty());
    // tor-b's 10 W QSFP-DD cage is below the SKU's 12 W: a finding for the runs, not an error.
    assert_eq!(
        m.host("tor-b")
            .unwrap()
            .port("QSFP-DD")
            .unwrap()
            .power_budget_w,
        10.0
    );
}

#[test]
fn sha256_is_the_standard_digest() {
    // FIPS 180-2 example: SHA-256("abc").
    assert_eq!(
        sha256_hex(b"abc"),
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    );
}

#[test]
fn custom_and_named_grades() {
    let m = parse(
        &with(
            "max_power_w: 1, temperature: commercial",
            "max_power_w: 1, temperature: { min_c: -40, max_c: 85 }",
        ),
        "m.yaml",
        &plans_dir(),
    )
    .unwrap();
    let t = &m.sku("sfp-10g-sr").unwrap().temperature;
    assert_eq!((t.name.as_str(), t.min_c, t.max_c), ("custom", -40.0, 85.0));
    let m = parse(
        &with(
            "max_power_w: 12, temperature: commercial",
            "max_power_w: 12, temperature: industrial",
        ),
        "m.yaml",
        &plans_dir(),
    )
    .unwrap();
    let t = &m.sku("qsfpdd-400g-dr4").unwrap().temperature;
    assert_eq!(
        (t.name.as_str(), t.min_c, t.max_c),
        ("industrial", -40.0, 85.0)
    );
}

#[test]
fn empty_file() {
    assert_eq!(
        errors("# nothing\n"),
        [
            "m.yaml:1:1: the matrix is empty; it starts with `matrix: NAME`, then `skus:`, `hosts:`, `firmware:` and `cells:`"
        ]
    );
}

#[test]
fn yaml_syntax() {
    let e = errors("matrix: m\nskus: [\n");
    assert_eq!(e.len(), 1);
    assert!(e[0].starts_with("m.yaml:3:1: invalid YAML: "), "{e:?}");
}

#[test]
fn unknown_key_with_did_you_mean() {
    assert_eq!(
        errors(&with("    platform: B", "    platfrom: B")),
        ["m.yaml:10:5: hosts[1].platfrom: unknown key `platfrom`; did you mean `platform`?"]
    );
}

#[test]
fn missing_key_and_missing_section() {
    assert_eq!(
        errors(&with(" pn: AC-SFP-10G-SR,", "")),
        ["m.yaml:4:5: skus[1]: missing required key `pn`"]
    );
    let no_hosts = BASE.replace("hosts:\n", "").replace("  - id: tor-a\n    platform: A\n    ports: [{ form_factor: QSFP-DD, power_budget_w: 14 }, { form_factor: SFP+, power_budget_w: 1.5 }]\n  - id: tor-b\n    platform: B\n    ports: [{ form_factor: QSFP-DD, power_budget_w: 10 }]\n", "");
    assert_eq!(
        errors(&no_hosts),
        ["m.yaml:1:1: missing required key `hosts`"]
    );
}

#[test]
fn an_empty_list_of_cells() {
    let text = format!("{}cells: []\n", BASE.split("cells:").next().unwrap());
    assert_eq!(
        errors(&text),
        ["m.yaml:15:8: cells: expected at least 1 item, found an empty list"]
    );
}

#[test]
fn unknown_form_factor_and_grade() {
    assert_eq!(
        errors(&with("form_factor: SFP+, max", "form_factor: SFP28+, max")),
        ["m.yaml:4:69: skus[1].form_factor: unknown value `SFP28+`; did you mean `SFP28`?"]
    );
    assert_eq!(
        errors(&with(
            "max_power_w: 1, temperature: commercial",
            "max_power_w: 1, temperature: industral"
        )),
        [
            "m.yaml:4:104: skus[1].temperature: unknown value `industral`; did you mean `industrial`?"
        ]
    );
}

#[test]
fn duplicate_ids_name_the_first_line() {
    assert_eq!(
        errors(&with("id: tor-b", "id: tor-a")),
        [
            "m.yaml:9:9: hosts[1].id: duplicate host id `tor-a` (first defined at line 6); ids must be unique",
            "m.yaml:16:43: cells[0].host[1]: unknown host `tor-b`; did you mean `tor-a`?",
        ]
    );
    assert_eq!(
        errors(&with("{ id: f2,", "{ id: f1,").replace("[f1, f2]", "f1")),
        [
            "m.yaml:14:11: firmware[1].id: duplicate firmware id `f1` (first defined at line 13); ids must be unique"
        ]
    );
}

#[test]
fn malformed_ids() {
    assert_eq!(
        errors(
            &with("{ id: f1,", "{ id: \"f 1\",")
                .replace("[f1, f2]", "f2")
                .replace("firmware: f1, plan", "firmware: f2, plan")
        ),
        [
            "m.yaml:13:11: firmware[0].id: expected a firmware id of letters, digits, `_`, `-` or `.` (1 to 64), found `f 1`"
        ]
    );
}

#[test]
fn unknown_references_with_did_you_mean() {
    assert_eq!(
        errors(&with("host: [tor-a, tor-b]", "host: [tor-a, tor-c]")),
        ["m.yaml:16:43: cells[0].host[1]: unknown host `tor-c`; did you mean `tor-a`?"]
    );
    assert_eq!(
        errors(&with("{ sku: sfp-10g-sr,", "{ sku: sfp-10g-rs,")),
        ["m.yaml:17:12: cells[1].sku: unknown SKU `sfp-10g-rs`; did you mean `sfp-10g-sr`?"]
    );
    assert_eq!(
        errors(&with(
            "host: tor-a, firmware: f1,",
            "host: tor-a, firmware: sonic,"
        )),
        [
            "m.yaml:17:47: cells[1].firmware: unknown firmware `sonic`; define it under `firmware` (known: f1, f2)"
        ]
    );
}

#[test]
fn an_id_repeated_in_one_entry() {
    assert_eq!(
        errors(&with("firmware: [f1, f2]", "firmware: [f1, f2, f1]")),
        [
            "m.yaml:16:70: cells[0].firmware[2]: firmware `f1` is listed twice in this entry (also at line 16); keep one"
        ]
    );
}

#[test]
fn module_pin_for_an_unknown_sku() {
    assert_eq!(
        errors(&with(
            "modules: { qsfpdd-400g-dr4: \"3.2\" }",
            "modules: { qsfpdd-400g-dr5: \"3.2\" }"
        )),
        [
            "m.yaml:14:39: firmware[1].modules.qsfpdd-400g-dr5: module firmware pinned for an unknown SKU `qsfpdd-400g-dr5`; did you mean `qsfpdd-400g-dr4`?"
        ]
    );
}

#[test]
fn module_version_must_be_text() {
    assert_eq!(
        errors(&with("qsfpdd-400g-dr4: \"3.2\"", "qsfpdd-400g-dr4: 3.2")),
        [
            "m.yaml:14:56: firmware[1].modules.qsfpdd-400g-dr4: expected the module firmware version as text, found the number 3.2; quote it (\"3.2\") to keep it text"
        ]
    );
}

#[test]
fn the_same_cell_twice_names_both_lines() {
    let text = format!(
        "{BASE}  - {{ sku: [sfp-10g-sr], host: tor-a, firmware: [f2, f1], plan: sfp.yaml }}\n"
    );
    assert_eq!(
        errors(&text),
        [
            "m.yaml:18:5: cells[2]: cell sfp-10g-sr @ tor-a / f1 is listed twice, at lines 17 and 18; keep one"
        ]
    );
}

#[test]
fn a_host_without_a_port_for_the_form_factor() {
    assert_eq!(
        errors(&with(
            "{ sku: sfp-10g-sr, host: tor-a,",
            "{ sku: sfp-10g-sr, host: [tor-a, tor-b],"
        )),
        [
            "m.yaml:17:38: cells[1].host[1]: host tor-b has no SFP+ port; add one to hosts[1].ports or drop the cell"
        ]
    );
}

#[test]
fn one_port_entry_per_form_factor() {
    assert_eq!(
        errors(&with(
            "ports: [{ form_factor: QSFP-DD, power_budget_w: 10 }]",
            "ports: [{ form_factor: QSFP-DD, power_budget_w: 10 }, { form_factor: QSFP-DD, power_budget_w: 12 }]"
        )),
        [
            "m.yaml:11:74: hosts[1].ports[1].form_factor: host `tor-b` already has a QSFP-DD port (line 11); list each form factor once"
        ]
    );
}

#[test]
fn temperature_ranges() {
    assert_eq!(
        errors(&with(
            "max_power_w: 1, temperature: commercial",
            "max_power_w: 1, temperature: { min_c: 70, max_c: 70 }"
        )),
        [
            "m.yaml:4:124: skus[1].temperature.max_c: the temperature range is empty: min_c 70 is not below max_c 70; write the lower bound in min_c"
        ]
    );
    assert_eq!(
        errors(&with(
            "max_power_w: 1, temperature: commercial",
            "max_power_w: 1, temperature: { min_c: -70, max_c: 70 }"
        )),
        [
            "m.yaml:4:113: skus[1].temperature.min_c: expected a case temperature from -60 to 150 °C, found -70"
        ]
    );
    assert_eq!(
        errors(&with(
            "max_power_w: 1, temperature: commercial",
            "max_power_w: 1, temperature: { min_c: 0 }"
        )),
        ["m.yaml:4:104: skus[1].temperature: missing required key `max_c`"]
    );
}

#[test]
fn power_must_be_positive() {
    assert_eq!(
        errors(&with("max_power_w: 12", "max_power_w: 0")),
        ["m.yaml:3:98: skus[0].max_power_w: expected a positive number of watts, found 0"]
    );
    assert_eq!(
        errors(&with("power_budget_w: 1.5", "power_budget_w: -2")),
        [
            "m.yaml:8:96: hosts[0].ports[1].power_budget_w: expected a positive number of watts, found -2"
        ]
    );
}

#[test]
fn empty_name() {
    assert_eq!(
        errors(&with("matrix: m", "matrix: \" \"")),
        ["m.yaml:1:9: matrix: expected the matrix's name, found empty text"]
    );
}

#[test]
fn a_missing_plan_file() {
    let shown = plans_dir().join("spf.yaml").display().to_string();
    assert_eq!(
        errors(&with("plan: sfp.yaml", "plan: spf.yaml")),
        [format!(
            "m.yaml:17:57: cells[1].plan: cannot read plan file `{shown}`: No such file or directory (os error 2); `plan` is relative to the matrix file's folder"
        )]
    );
}

#[test]
fn an_invalid_plan_keeps_its_own_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("p.yaml"),
        "plan: p\nstation:\n  slots:\n    - { id: a, bus: \"mock:sfp-10g-sr\" }\nchecks:\n  - power_up: { cycles: 0 }\n  - power_up: { cycles: 2000 }\n",
    )
    .unwrap();
    let text = "matrix: m\nskus:\n  - { id: s, vendor: V, pn: P, form_factor: SFP+, max_power_w: 1, temperature: commercial }\nhosts:\n  - { id: h, platform: H, ports: [{ form_factor: SFP+, power_budget_w: 1.5 }] }\nfirmware:\n  - { id: f, host: x }\ncells:\n  - { sku: s, host: h, firmware: f, plan: p.yaml }\n  - { sku: s, host: h, firmware: [f], plan: p.yaml }\n";
    let e: Vec<String> = match parse(text, "m.yaml", dir.path()) {
        Err(e) => e.iter().map(ToString::to_string).collect(),
        Ok(_) => panic!("a broken plan was accepted"),
    };
    let p = dir.path().join("p.yaml").display().to_string();
    // Reported once (at the first entry naming it), with the plan's own file:line:col, and the
    // second entry's cells are duplicates of the first.
    assert_eq!(
        e,
        [
            format!(
                "m.yaml:9:43: cells[0].plan: plan `p.yaml` does not validate: {p}:6:25: checks[0].power_up.cycles: expected a number of power cycles from 1 to 1000, found 0"
            ),
            format!(
                "m.yaml:9:43: cells[0].plan: plan `p.yaml` does not validate: {p}:7:25: checks[1].power_up.cycles: expected a number of power cycles from 1 to 1000, found 2000"
            ),
            "m.yaml:10:5: cells[1]: cell s @ h / f is listed twice, at lines 9 and 10; keep one"
                .to_string(),
        ]
    );
}

#[test]
fn over_budget_is_not_a_validation_error() {
    let m = parse(
        &with("max_power_w: 12", "max_power_w: 20"),
        "m.yaml",
        &plans_dir(),
    )
    .unwrap();
    assert_eq!(m.cells.len(), 5);
}

#[test]
fn every_error_at_once() {
    let text = with("max_power_w: 12", "max_power_w: -1")
        .replace("host: [tor-a, tor-b]", "host: [tor-a, tor-x]");
    assert_eq!(
        errors(&text),
        [
            "m.yaml:3:98: skus[0].max_power_w: expected a positive number of watts, found -1",
            "m.yaml:16:43: cells[0].host[1]: unknown host `tor-x`; did you mean `tor-a`?",
        ]
    );
}

#[test]
fn file_kinds() {
    assert_eq!(file_kind(BASE), FileKind::Matrix);
    assert_eq!(file_kind("station: s\nhosts: []\n"), FileKind::Station);
    assert_eq!(
        file_kind("plan: p\nstation:\n  slots: []\n"),
        FileKind::Plan
    );
    assert_eq!(file_kind("matrix: [\n"), FileKind::Plan);
    assert_eq!(file_kind("- a\n"), FileKind::Plan);
}

#[test]
fn the_shipped_matrix_loads() {
    let m = super::load::load(&plans_dir().join("matrix.yaml")).unwrap();
    assert_eq!(m.cells.len(), 20);
    assert!(m.file.ends_with("testplans/matrix/matrix.yaml"));
}
