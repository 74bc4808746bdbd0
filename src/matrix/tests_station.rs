//! Station files: validation against a matrix (exact messages and positions), and which cells a
//! station can run.

use std::path::Path;

use super::load::load;
use super::model::{CellKey, Matrix};
use super::station::{StationFile, parse_station};

fn matrix() -> Matrix {
    load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("testplans/matrix/matrix.yaml")).unwrap()
}

/// Lines 1-10.
const STATION: &str = r#"station: bench-1
hosts:
  - host: tor-a
    firmware: [sonic-202311, sonic-202405]
    slots:
      - { id: a1, sku: qsfpdd-400g-dr4, bus: "mock:qsfpdd-400g-dr4", switch_port: Ethernet0 }
      - { id: a2, sku: qsfpdd-400g-dr4, bus: "mock:qsfpdd-400g-dr4", switch_port: Ethernet8, tier: leaf-spine }
  - host: tor-b
    firmware: sonic-202311
    slots: [{ id: b1, sku: sfp-10g-sr, bus: "mock:sfp-10g-sr" }]
"#;

fn station(text: &str) -> StationFile {
    parse_station(text, "s.yaml", &matrix()).unwrap()
}

fn errors(text: &str) -> Vec<String> {
    match parse_station(text, "s.yaml", &matrix()) {
        Ok(_) => panic!("expected errors"),
        Err(e) => e.iter().map(ToString::to_string).collect(),
    }
}

fn with(from: &str, to: &str) -> String {
    assert!(STATION.contains(from), "{from}");
    STATION.replacen(from, to, 1)
}

#[test]
fn a_valid_station() {
    let s = station(STATION);
    assert_eq!(s.name, "bench-1");
    assert_eq!(s.file, "s.yaml");
    assert_eq!(s.hosts.len(), 2);
    assert_eq!(s.hosts[1].firmware, ["sonic-202311"]);
    assert_eq!(s.hosts[0].slots[1].tier.as_deref(), Some("leaf-spine"));
    assert_eq!(s.hosts[0].slots[1].line, 7);
    assert!(s.hosts[0].instruments.is_none());
}

#[test]
fn runnable_slots_and_the_reasons_a_cell_is_not() {
    let s = station(STATION);
    let ids = |k: &CellKey| -> Result<Vec<String>, String> {
        s.runnable(k)
            .map(|v| v.iter().map(|x| x.id.clone()).collect())
    };
    assert_eq!(
        ids(&CellKey::new("qsfpdd-400g-dr4", "tor-a", "sonic-202405")),
        Ok(vec!["a1".to_string(), "a2".to_string()])
    );
    assert_eq!(
        ids(&CellKey::new("sfp-10g-sr", "tor-b", "sonic-202311")),
        Ok(vec!["b1".to_string()])
    );
    assert_eq!(
        ids(&CellKey::new("sfp-10g-sr", "tor-c", "sonic-202311")),
        Err("station bench-1 has no host tor-c".to_string())
    );
    assert_eq!(
        ids(&CellKey::new("sfp-10g-sr", "tor-b", "sonic-202405")),
        Err("firmware sonic-202405 is not loaded on tor-b here (it runs sonic-202311)".to_string())
    );
    assert_eq!(
        ids(&CellKey::new("osfp-800g-2xfr4", "tor-a", "sonic-202311")),
        Err("no slot on tor-a of station bench-1 holds sku osfp-800g-2xfr4".to_string())
    );
}

#[test]
fn unknown_host_firmware_and_sku() {
    assert_eq!(
        errors(&with("host: tor-b", "host: tor-bb")),
        [
            "s.yaml:8:11: hosts[1].host: matrix `ACME fabric optics 2027` has no host `tor-bb`; did you mean `tor-b`?"
        ]
    );
    assert_eq!(
        errors(&with("firmware: sonic-202311", "firmware: sonic-202312")),
        [
            "s.yaml:9:15: hosts[1].firmware: unknown firmware `sonic-202312`; did you mean `sonic-202311`?"
        ]
    );
    assert_eq!(
        errors(&with(
            "[sonic-202311, sonic-202405]",
            "[sonic-202311, sonic-2024]"
        )),
        [
            "s.yaml:4:30: hosts[0].firmware[1]: unknown firmware `sonic-2024`; did you mean `sonic-202405`?"
        ]
    );
    assert_eq!(
        errors(&with(
            "{ id: b1, sku: sfp-10g-sr,",
            "{ id: b1, sku: sfp-10g-lr,"
        )),
        [
            "s.yaml:10:28: hosts[1].slots[0].sku: unknown SKU `sfp-10g-lr`; did you mean `sfp-10g-sr`?"
        ]
    );
}

#[test]
fn duplicates() {
    assert_eq!(
        errors(&with("id: b1", "id: a2")),
        [
            "s.yaml:10:19: hosts[1].slots[0].id: duplicate slot id `a2` (first defined at line 7); ids must be unique"
        ]
    );
    assert_eq!(
        errors(&with("switch_port: Ethernet8", "switch_port: Ethernet0")),
        [
            "s.yaml:7:83: hosts[0].slots[1].switch_port: switch port `Ethernet0` is already used by slot `a1` (line 6)"
        ]
    );
    assert_eq!(
        errors(&with("host: tor-b", "host: tor-a")),
        [
            "s.yaml:8:11: hosts[1].host: host `tor-a` is listed twice (first at line 3); put all its slots under one entry"
        ]
    );
}

#[test]
fn bus_selectors_are_parsed() {
    let e = errors(&with(
        "bus: \"mock:sfp-10g-sr\"",
        "bus: \"mocks:sfp-10g-sr\"",
    ));
    assert_eq!(e.len(), 1);
    assert!(
        e[0].starts_with("s.yaml:10:45: hosts[1].slots[0].bus: bus selector `mocks:sfp-10g-sr`: unknown backend `mocks`"),
        "{e:?}"
    );
    assert!(e[0].ends_with("(did you mean `mock:`?)"), "{e:?}");
}

#[test]
fn a_slot_whose_form_factor_the_host_lacks() {
    // The shipped matrix gives both hosts every form factor; a matrix without tor-b's SFP+.
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("testplans/matrix/matrix.yaml"),
    )
    .unwrap()
    .replace(
        "  - id: tor-b\n    platform: Simulated ToR B (25.6T, reduced OSFP cage power)\n    ports:\n      - { form_factor: SFP+, power_budget_w: 1.5, fec: [none] }\n",
        "  - id: tor-b\n    platform: Simulated ToR B (25.6T, reduced OSFP cage power)\n    ports:\n",
    )
    .replace(
        "{ sku: [sfp-10g-sr, sfp28-25g-lr], host: [tor-a, tor-b],",
        "{ sku: [sfp-10g-sr, sfp28-25g-lr], host: tor-a,",
    );
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("testplans/matrix");
    let m = super::load::parse(&text, "m.yaml", &dir).unwrap();
    let e: Vec<String> = match parse_station(STATION, "s.yaml", &m) {
        Ok(_) => panic!("accepted an SFP+ slot on a host without SFP+ cages"),
        Err(e) => e.iter().map(ToString::to_string).collect(),
    };
    assert_eq!(
        e,
        [
            "s.yaml:10:28: hosts[1].slots[0].sku: host tor-b has no SFP+ port for SKU sfp-10g-sr; add one to the matrix's hosts[1].ports or move the slot"
        ]
    );
}

#[test]
fn structure_errors_and_an_empty_file() {
    assert_eq!(
        errors(&with(
            "    slots:\n      - { id: a1",
            "    slot:\n      - { id: a1"
        )),
        // The misspelling stands for the missing key: one error, not two.
        ["s.yaml:5:5: hosts[0].slot: unknown key `slot`; did you mean `slots`?"]
    );
    assert_eq!(
        errors(""),
        [
            "s.yaml:1:1: the station file is empty; it starts with `station: NAME`, then `hosts:` with each host's firmware and slots"
        ]
    );
}
