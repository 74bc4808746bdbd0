//! `link_budget`: the margin arithmetic by hand, and the check on the simulated bench.

use super::link_margin_db;
use crate::checks::testkit::Kit;
use crate::results::{Measurement, Outcome};

fn find<'a>(m: &'a [Measurement], name: &str) -> &'a Measurement {
    m.iter()
        .find(|m| m.name == name)
        .unwrap_or_else(|| panic!("no {name} in {m:#?}"))
}

#[test]
fn margin_is_tx_minus_loss_above_sensitivity() {
    // 1.0 dBm − 1.5 dB − (−9.9 dBm) = 9.4 dB.
    assert!((link_margin_db(1.0, 1.5, -9.9) - 9.4).abs() < 1e-12);
    // −6 dBm − 6 dB − (−9.9 dBm) = −2.1 dB: the light arrives below sensitivity.
    assert!((link_margin_db(-6.0, 6.0, -9.9) + 2.1).abs() < 1e-12);
}

#[tokio::test(start_paused = true)]
async fn a_healthy_module_clears_every_tier() {
    let checks = "  - link_budget: { tier: intra-rack }\n  - link_budget: { id: pod, tier: inter-pod }\n  - link_budget: { id: site, tier: inter-site }";
    let mut kit = Kit::new(&["qsfpdd-400g-dr4"], checks);
    for n in 0..3 {
        let r = kit.run(n, 0).await;
        assert_eq!(r.outcome, Outcome::Pass, "check {n}: {}", r.message);
        assert!(
            r.message.contains("the module's Rx power low alarm"),
            "{}",
            r.message
        );
    }
    // inter-site: loss 6 dB, margin 3 dB. The DR4 sends about +1 dBm against its −9.9 dBm
    // low alarm: 1 − 6 + 9.9 ≈ 4.9 dB ≥ 3 dB.
    let r = kit.run(2, 0).await;
    for lane in 1..=4 {
        let m = find(&r.measurements, &format!("lane{lane}.link_margin_db"));
        assert_eq!((m.low, m.high, m.unit.as_str()), (Some(3.0), None, "dB"));
        assert!(m.value.is_some_and(|v| (v - 4.9).abs() < 0.6), "{m:?}");
        // Early warning: Rx ≈ +0.4 dBm after the 0.6 dB loopback, low warning −6.9 dBm:
        // ≈ 7.3 dB, reported without limits.
        let w = find(
            &r.measurements,
            &format!("lane{lane}.rx_margin_to_low_warning_db"),
        );
        assert_eq!((w.low, w.high, w.outcome), (None, None, Outcome::Pass));
        assert!(w.value.is_some_and(|v| (v - 7.3).abs() < 0.6), "{w:?}");
    }
}

#[tokio::test(start_paused = true)]
async fn a_weak_laser_has_too_little_margin_between_sites() {
    // A laser at −6 dBm: −6 − 6 + 13.9 (the SR's −13.9 dBm low alarm) = 1.9 dB < 3 dB.
    let mut kit = Kit::new(
        &["sfp-10g-sr?tx_power_dbm=-6"],
        "  - link_budget: { tier: inter-site }",
    );
    let r = kit.run(0, 0).await;
    assert_eq!(r.outcome, Outcome::Fail, "{}", r.message);
    let m = find(&r.measurements, "lane1.link_margin_db");
    assert!(m.value.is_some_and(|v| (v - 1.9).abs() < 0.3), "{m:?}");
    assert!(
        r.message.contains("lane1.link_margin_db = 1."),
        "{}",
        r.message
    );
    assert!(r.message.contains("limit >= 3 dB"), "{}", r.message);
}

#[tokio::test(start_paused = true)]
async fn plan_values_override_the_tier_and_the_early_warning_can_fail() {
    let mut kit = Kit::new(
        &["qsfpdd-400g-dr4"],
        "  - link_budget: { tier: leaf-spine, loss_db: 3.5, margin_db: 1.0, rx_sensitivity_dbm: -5.0, warning_margin_db: 10.0 }",
    );
    let r = kit.run(0, 0).await;
    assert_eq!(r.outcome, Outcome::Fail, "{}", r.message);
    // +1 − 3.5 + 5 ≈ 2.5 dB ≥ 1 dB: the budget holds…
    assert_eq!(
        find(&r.measurements, "lane1.link_margin_db").outcome,
        Outcome::Pass
    );
    // …but 7.3 dB to the low warning is below the 10 dB asked for.
    let w = find(&r.measurements, "lane1.rx_margin_to_low_warning_db");
    assert_eq!((w.low, w.outcome), (Some(10.0), Outcome::Fail));
    assert!(
        r.message
            .contains("sensitivity -5 dBm (rx_sensitivity_dbm)"),
        "{}",
        r.message
    );
}

#[tokio::test(start_paused = true)]
async fn without_a_tier_the_check_skips() {
    let mut kit = Kit::new(&["sfp-10g-sr"], "  - link_budget: { tier: intra-rack }");
    kit.plan.checks[0].params =
        crate::plan::CheckParams::LinkBudget(crate::plan::checks::LinkBudgetParams::default());
    let r = kit.run(0, 0).await;
    assert_eq!(r.outcome, Outcome::Skip, "{}", r.message);
}

#[tokio::test(start_paused = true)]
async fn the_slot_tier_applies_when_the_check_names_none() {
    let mut kit = Kit::new(&["sfp-10g-sr"], "  - link_budget: { tier: intra-rack }");
    kit.plan.checks[0].params =
        crate::plan::CheckParams::LinkBudget(crate::plan::checks::LinkBudgetParams::default());
    kit.plan.station.slots[0].tier = Some(crate::plan::checks::Tier::LeafSpine);
    let r = kit.run(0, 0).await;
    assert_eq!(r.outcome, Outcome::Pass, "{}", r.message);
    // leaf-spine defaults: 1.5 dB loss, 2 dB margin.
    assert!(
        r.message
            .starts_with("leaf-spine link: loss 1.5 dB, required margin 2 dB"),
        "{}",
        r.message
    );
    assert_eq!(find(&r.measurements, "lane1.link_margin_db").low, Some(2.0));
}
