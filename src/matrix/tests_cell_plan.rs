//! The effective plan of a cell: the station's slots for the cell, the host port's budget and the
//! matrix SKU in each, instruments from the station host or the plan, grants kept.

use std::path::Path;

use super::cell_plan::effective_plan;
use super::load::load;
use super::model::{CellKey, Matrix};
use super::station::{StationFile, parse_station};
use crate::plan::model::FormFactor;

fn matrix() -> Matrix {
    load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("testplans/matrix/matrix.yaml")).unwrap()
}

const PLAN: &str = r#"# a plan with its own bench
plan: dd
sku: { media: smf }
station:
  name: own bench
  slots:
    - { id: own, bus: "mock:qsfpdd-400g-dr4", power_budget_w: 99 }
  instruments:
    chamber: { driver: sim }
    counters: { source: sim }
  grants:
    - { spec: cmis, page: 0x10, bytes: "128-255", reason: data path control }
options: { clock: virtual }
checks:
  - identity
  - link_budget: { tier: leaf-spine }
"#;

/// tor-a names its instruments; tor-b leaves them to the plan.
const STATION: &str = r#"station: bench-1
hosts:
  - host: tor-a
    firmware: [sonic-202311]
    instruments: { meter: { driver: sim, channel: 2 } }
    slots:
      - { id: a1, sku: qsfpdd-400g-dr4, bus: "mock:qsfpdd-400g-dr4", switch_port: Ethernet0 }
      - { id: a2, sku: qsfpdd-400g-dr4, bus: "mock:qsfpdd-400g-dr4", tier: leaf-spine }
      - { id: a3, sku: sfp-10g-sr, bus: "mock:sfp-10g-sr" }
  - host: tor-b
    firmware: sonic-202311
    slots: [{ id: b1, sku: osfp-800g-2xfr4, bus: "mock:osfp-800g-2xfr4", switch_port: Ethernet16 }]
"#;

fn station(m: &Matrix) -> StationFile {
    parse_station(STATION, "s.yaml", m).unwrap()
}

#[test]
fn slots_budget_sku_and_the_station_hosts_instruments() {
    let m = matrix();
    let s = station(&m);
    let key = CellKey::new("qsfpdd-400g-dr4", "tor-a", "sonic-202311");
    let text = effective_plan(PLAN, "dd.yaml", &m, &s, &key).unwrap();
    let plan = crate::plan::parse(&text, "eff.yaml").unwrap();
    let st = &plan.station;
    assert_eq!(st.name.as_deref(), Some("bench-1 / tor-a"));
    let ids: Vec<&str> = st.slots.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, ["a1", "a2"]);
    for slot in &st.slots {
        // tor-a's QSFP-DD cage, not the plan's 99 W.
        assert_eq!(slot.power_budget_w, Some(14.0));
        let sku = slot.sku.as_ref().unwrap();
        assert_eq!(sku.vendor.as_deref(), Some("ACME"));
        assert_eq!(sku.pn.as_deref(), Some("AC-QDD-400G-DR4"));
        assert_eq!(sku.form_factor, Some(FormFactor::QsfpDd));
        // The plan's own SKU keys stay under the slot's.
        assert!(sku.media.is_some());
    }
    assert_eq!(st.slots[0].switch_port.as_deref(), Some("Ethernet0"));
    assert_eq!(st.slots[1].switch_port, None);
    assert_eq!(st.slots[1].tier.map(|t| t.as_str()), Some("leaf-spine"));
    assert_eq!(st.slots[0].tier, None);
    // tor-a's instruments replace the plan's: a meter on channel 2, no chamber.
    assert_eq!(st.instruments.meter.as_ref().map(|m| m.channel), Some(2));
    assert!(st.instruments.chamber.is_none());
    assert!(st.instruments.counters.is_none());
    // The plan's grant is kept.
    assert_eq!(st.grants.len(), 1);
    assert_eq!(st.grants[0].reason, "data path control");
    assert_eq!(plan.checks.len(), 2);
    assert!(text.starts_with("# Effective plan of cell qsfpdd-400g-dr4 @ tor-a / sonic-202311 (matrix ACME fabric optics 2027, station bench-1):\n"), "{text}");
}

#[test]
fn the_plans_instruments_when_the_host_names_none() {
    let m = matrix();
    let s = station(&m);
    let key = CellKey::new("osfp-800g-2xfr4", "tor-b", "sonic-202311");
    let text = effective_plan(PLAN, "dd.yaml", &m, &s, &key).unwrap();
    let plan = crate::plan::parse(&text, "eff.yaml").unwrap();
    let st = &plan.station;
    assert_eq!(st.name.as_deref(), Some("bench-1 / tor-b"));
    assert_eq!(st.slots.len(), 1);
    // tor-b's OSFP cage (15 W) is below the SKU's 16 W: the plan carries it, identity judges it.
    assert_eq!(st.slots[0].power_budget_w, Some(15.0));
    assert_eq!(
        st.slots[0].sku.as_ref().and_then(|s| s.pn.as_deref()),
        Some("AC-OSFP-800-2FR4")
    );
    assert!(st.instruments.chamber.is_some());
    assert!(st.instruments.counters.is_some());
    assert!(st.instruments.meter.is_none());
}

#[test]
fn a_cell_the_station_cannot_run() {
    let m = matrix();
    let s = station(&m);
    let e = |k: CellKey| effective_plan(PLAN, "dd.yaml", &m, &s, &k).unwrap_err();
    assert_eq!(
        e(CellKey::new("qsfpdd-400g-dr4", "tor-b", "sonic-202311")),
        "no slot on tor-b of station bench-1 holds sku qsfpdd-400g-dr4"
    );
    assert_eq!(
        e(CellKey::new("qsfpdd-400g-dr4", "tor-a", "sonic-202405")),
        "firmware sonic-202405 is not loaded on tor-a here (it runs sonic-202311)"
    );
    assert_eq!(
        e(CellKey::new("qsfpdd-400g-dr9", "tor-a", "sonic-202311")),
        "matrix ACME fabric optics 2027 has no SKU qsfpdd-400g-dr9"
    );
}

#[test]
fn a_plan_that_is_not_a_plan() {
    let m = matrix();
    let s = station(&m);
    let key = CellKey::new("qsfpdd-400g-dr4", "tor-a", "sonic-202311");
    assert_eq!(
        effective_plan("- a\n- b\n", "dd.yaml", &m, &s, &key).unwrap_err(),
        "dd.yaml: expected a plan (a mapping with `plan:`, `station:` and `checks:`)"
    );
    assert!(
        effective_plan("plan: [\n", "dd.yaml", &m, &s, &key)
            .unwrap_err()
            .starts_with("dd.yaml: not a readable plan: ")
    );
    // A plan whose checks are wrong: the effective plan does not validate, and says so.
    let bad = PLAN.replace("  - identity\n", "  - identiy\n");
    let err = effective_plan(&bad, "dd.yaml", &m, &s, &key).unwrap_err();
    assert!(
        err.starts_with("the effective plan of cell qsfpdd-400g-dr4 @ tor-a / sonic-202311 does not validate:\ndd.yaml (effective plan of qsfpdd-400g-dr4--tor-a--sonic-202311):"),
        "{err}"
    );
    assert!(
        err.contains("unknown value `identiy`; did you mean `identity`?"),
        "{err}"
    );
}

#[test]
fn every_shipped_cell_has_a_valid_effective_plan() {
    let m = matrix();
    let s = super::station::load_station(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("testplans/matrix/station-mock.yaml"),
        &m,
    )
    .unwrap();
    for c in &m.cells {
        let text = std::fs::read_to_string(&c.plan_path).unwrap();
        let eff = effective_plan(&text, &c.plan, &m, &s, &c.key).unwrap();
        let plan = crate::plan::parse(&eff, "eff.yaml").unwrap();
        assert_eq!(plan.station.slots.len(), 1, "{}", c.key);
        let port = m
            .host(&c.key.host)
            .unwrap()
            .port(&m.sku(&c.key.sku).unwrap().form_factor)
            .unwrap();
        assert_eq!(
            plan.station.slots[0].power_budget_w,
            Some(port.power_budget_w)
        );
    }
}
