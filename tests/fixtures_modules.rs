//! The synthesised fixtures in fixtures/modules/ are exactly what `optiqual sim synth` writes
//! (so nobody edits them by hand and they never drift from the builder), and every one decodes
//! cleanly: valid checksums, no notes, thresholds ordered, live values inside the warnings.

mod common;

use optiqual::memmap;
use optiqual::memmap::decoded::ThresholdSet;
use optiqual::sim::synth::skus;

#[test]
fn committed_fixtures_equal_the_builder_output() {
    let all = skus::all();
    assert!(all.len() >= 8);
    for sku in &all {
        let path = common::root().join(format!("fixtures/modules/{}.yaml", sku.id));
        let committed = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("{}: {e}; run `optiqual sim synth`", path.display()));
        let fresh = sku.fixture_yaml();
        assert!(
            committed == fresh,
            "{} is stale: run `cargo run -- sim synth` and commit",
            path.display()
        );
    }
}

fn inside(value: Option<f64>, t: &Option<ThresholdSet>) -> bool {
    match (value, t) {
        (Some(v), Some(t)) => {
            t.low_warning.is_none_or(|lw| v >= lw) && t.high_warning.is_none_or(|hw| v <= hw)
        }
        _ => true,
    }
}

fn ordered(t: &Option<ThresholdSet>) -> bool {
    let Some(t) = t else { return true };
    match (t.low_alarm, t.low_warning, t.high_warning, t.high_alarm) {
        (Some(la), Some(lw), Some(hw), Some(ha)) => la < lw && lw < hw && hw < ha,
        _ => true,
    }
}

#[test]
fn every_synthesised_sku_decodes_cleanly_and_plausibly() {
    for sku in skus::all() {
        let d = memmap::decode(&sku.image).unwrap();
        assert!(!d.checksums.is_empty(), "{}", sku.id);
        assert!(
            d.checksums.iter().all(|c| c.ok),
            "{}: {:?}",
            sku.id,
            d.checksums
        );
        assert!(d.notes.is_empty(), "{}: {:?}", sku.id, d.notes);
        assert_eq!(d.vendor.pn, sku.pn, "{}", sku.id);
        assert_eq!(d.vendor.name, sku.vendor, "{}", sku.id);
        let t = &d.thresholds;
        for set in [
            &t.temperature_c,
            &t.vcc_v,
            &t.tx_bias_ma,
            &t.tx_power_dbm,
            &t.rx_power_dbm,
        ] {
            assert!(ordered(set), "{}: {set:?}", sku.id);
        }
        assert!(inside(d.dom.temperature_c, &t.temperature_c), "{}", sku.id);
        assert!(inside(d.dom.vcc_v, &t.vcc_v), "{}", sku.id);
        for lane in &d.dom.lanes {
            assert!(
                inside(lane.tx_bias_ma, &t.tx_bias_ma),
                "{} lane {}",
                sku.id,
                lane.lane
            );
            assert!(
                inside(lane.tx_power_dbm, &t.tx_power_dbm),
                "{} lane {}",
                sku.id,
                lane.lane
            );
            assert!(
                inside(lane.rx_power_dbm, &t.rx_power_dbm),
                "{} lane {}",
                sku.id,
                lane.lane
            );
        }
    }
}

#[test]
fn the_eight_required_skus_are_there() {
    let ids: Vec<_> = skus::all().iter().map(|s| s.id).collect();
    for want in [
        "sfp-10g-sr",
        "sfp28-25g-lr",
        "qsfp28-100g-sr4",
        "qsfp28-100g-cwdm4",
        "qsfpdd-400g-dr4",
        "qsfpdd-400g-zr",
        "osfp-800g-2xfr4",
        "qsfpdd-400g-dac-2m",
    ] {
        assert!(ids.contains(&want), "{want} missing from {ids:?}");
    }
}
