//! Every synthesised SKU can be simulated, dumped through the paged reader and decoded with all
//! checksums good — at power-on and once settled.

use super::*;

#[test]
fn every_sku_dumps_and_decodes_with_good_checksums() {
    let all = catalogue::all();
    assert_eq!(all.len(), 8);
    for sku in all {
        let mut b = bench(sku.id, SimParams::default());
        for when in ["power-on", "settled"] {
            let d = b.decode();
            assert!(
                !d.checksums.is_empty() || sku.id.contains("dac"),
                "{}",
                sku.id
            );
            for c in &d.checksums {
                assert!(c.ok, "{} at {when}: {c:?}", sku.id);
            }
            assert_eq!(d.identifier.code, sku.image.identifier().unwrap_or(0));
            // Slowest SKU (400ZR): ModulePwrUp < 60 s, DPInit < 5 min, TxTurnOn < 10 s.
            b.secs(600.0);
        }
    }
}

#[test]
fn settled_modules_report_plausible_dom() {
    for id in [
        "sfp-10g-sr",
        "sfp28-25g-lr",
        "qsfp28-100g-sr4",
        "qsfpdd-400g-dr4",
        "qsfpdd-400g-zr",
    ] {
        let mut b = bench(id, SimParams::default());
        b.secs(600.0);
        let d = b.decode();
        let t = d.dom.temperature_c.unwrap_or(f64::NAN);
        let truth = b.h.truth();
        // Reading noise σ 0.2 °C; 2 °C is 10 σ.
        assert!(
            (t - truth.case_c).abs() < 2.0,
            "{id}: {t} vs {}",
            truth.case_c
        );
        let lit = d
            .dom
            .lanes
            .iter()
            .filter(|l| l.tx_power_mw.is_some_and(|p| p > 0.0))
            .count();
        assert!(lit >= 1, "{id}: {:?}", d.dom.lanes);
    }
}
