//! `thermal_sweep` on the simulated bench: two modules sweeping together through the
//! rendezvous, a chamber that never settles, a module that drops out.

use std::time::Duration;

use tokio::time::Instant;

use super::{humantime, setpoint_label, worse};
use crate::checks::testkit::Kit;
use crate::checks::{AttemptResult, CheckEnv};
use crate::results::{Measurement, Outcome, Series};
use crate::sim::lab::ChamberFault;

const SWEEP: &str = "  - thermal_sweep:
      setpoints_c: [10, 45]
      dwell: 2m
      settle_timeout: 40m
      at_each: [dom_accuracy]";

/// Runs check `n` on slots 0 and 1 at the same time (the rendezvous needs both).
async fn run_both(kit: &mut Kit, n: usize) -> (AttemptResult, AttemptResult) {
    let check = kit.plan.checks[n].clone();
    let (plan, lab, station) = (&kit.plan, &kit.lab, &kit.station);
    let (first, rest) = kit.modules.split_at_mut(1);
    let mut e0 = CheckEnv {
        plan,
        slot: &plan.station.slots[0],
        slot_index: 0,
        module: &mut first[0],
        host: &lab.slots[0].control,
        station,
    };
    let mut e1 = CheckEnv {
        plan,
        slot: &plan.station.slots[1],
        slot_index: 1,
        module: &mut rest[0],
        host: &lab.slots[1].control,
        station,
    };
    tokio::join!(
        crate::checks::run(&check, &mut e0),
        crate::checks::run(&check, &mut e1)
    )
}

fn find<'a>(m: &'a [Measurement], name: &str) -> &'a Measurement {
    m.iter()
        .find(|m| m.name == name)
        .unwrap_or_else(|| panic!("no {name} in {m:#?}"))
}

fn series<'a>(s: &'a [Series], name: &str) -> &'a Series {
    s.iter()
        .find(|s| s.name == name)
        .unwrap_or_else(|| panic!("no series {name}"))
}

#[test]
fn labels_outcomes_and_durations() {
    assert_eq!(setpoint_label(70.0), "70C");
    assert_eq!(setpoint_label(-5.0), "-5C");
    assert_eq!(setpoint_label(12.5), "12.5C");
    assert_eq!(worse(Outcome::Pass, Outcome::Timeout), Outcome::Timeout);
    assert_eq!(worse(Outcome::Fail, Outcome::Timeout), Outcome::Fail);
    assert_eq!(worse(Outcome::Error, Outcome::Skip), Outcome::Error);
    assert_eq!(humantime(Duration::from_secs(45 * 60)), "45m");
    assert_eq!(humantime(Duration::from_secs(5400 + 5)), "1h30m5s");
}

#[tokio::test(start_paused = true)]
async fn two_modules_sweep_together_and_record_their_curves() {
    let mut kit = Kit::new(&["qsfp28-100g-sr4", "sfp-10g-sr"], SWEEP);
    let (a, b) = run_both(&mut kit, 0).await;
    for (slot, r) in [(0, &a), (1, &b)] {
        assert_eq!(r.outcome, Outcome::Pass, "slot {slot}: {}", r.message);
        assert!(
            r.message.starts_with("2 of 2 setpoints done (10C, 45C)"),
            "{}",
            r.message
        );
        for label in ["10C", "45C"] {
            // At least one stability window (2 min) of the module after the chamber.
            let settle = find(&r.measurements, &format!("{label}/module_settle_time_s"));
            assert!(
                settle.value.is_some_and(|s| (120.0..2400.0).contains(&s)),
                "{settle:?}"
            );
            let chamber = find(&r.measurements, &format!("{label}/chamber_temperature_c"));
            let sp: f64 = label.trim_end_matches('C').parse().unwrap_or(0.0);
            assert!(
                chamber.value.is_some_and(|c| (c - sp).abs() <= 1.0),
                "{chamber:?}"
            );
            let nested = find(
                &r.measurements,
                &format!("{label}/dom_accuracy/lane1.tx_power_error_db"),
            );
            assert_eq!(nested.outcome, Outcome::Pass);
        }
        // The module runs above the chamber by its dissipation, and follows it.
        let t10 = find(&r.measurements, "10C/module_temperature_c")
            .value
            .unwrap_or(0.0);
        let t45 = find(&r.measurements, "45C/module_temperature_c")
            .value
            .unwrap_or(0.0);
        assert!(t10 > 10.0 && t45 > 45.0 && t45 - t10 > 30.0, "{t10} {t45}");
        let module = series(&r.series, "module_temperature_c");
        let chamber = series(&r.series, "chamber_temperature_c");
        assert_eq!(
            (module.x_unit.as_str(), module.y_unit.as_str()),
            ("s", "degC")
        );
        assert!(module.points.len() > 20 && chamber.points.len() > 20);
        // Bias against temperature spans the sweep and rises with it (I ∝ exp(T/T0)).
        let bias = series(&r.series, "lane1.tx_bias_ma");
        assert_eq!(bias.x_unit, "degC");
        let coldest = bias
            .points
            .iter()
            .copied()
            .fold((f64::MAX, 0.0), |a, p| if p.0 < a.0 { p } else { a });
        let hottest = bias
            .points
            .iter()
            .copied()
            .fold((f64::MIN, 0.0), |a, p| if p.0 > a.0 { p } else { a });
        assert!(hottest.0 - coldest.0 > 30.0, "{coldest:?} {hottest:?}");
        assert!(hottest.1 > coldest.1, "{coldest:?} {hottest:?}");
        assert!(!series(&r.series, "lane1.tx_power_dbm").points.is_empty());
    }
    // One of them led each crossing and timed the chamber; both report that same figure.
    for label in ["10C", "45C"] {
        let name = format!("{label}/chamber_settle_time_s");
        let led: Vec<f64> = [&a, &b]
            .iter()
            .filter_map(|r| r.measurements.iter().find(|m| m.name == name))
            .filter_map(|m| m.value)
            .collect();
        assert_eq!(led.len(), 2, "{name}");
        assert_eq!(led[0], led[1], "{name}: one leader's figure");
        // 15 or 35 °C away at 5 °C/min, then the 120 s lag: minutes, not seconds.
        assert!(led[0] > 180.0, "{name} = {}", led[0]);
    }
    assert_eq!(kit.lab.chamber.setpoint(), 45.0);
}

#[tokio::test(start_paused = true)]
async fn a_chamber_that_never_settles_times_out_every_module() {
    let mut kit = Kit::new(
        &["qsfp28-100g-sr4", "sfp-10g-sr"],
        "  - thermal_sweep: { setpoints_c: [25, 40, 55], dwell: 1m, settle_timeout: 20m, at_each: [dom_accuracy] }",
    );
    kit.lab.chamber.set_fault(ChamberFault::never_settles());
    let start = Instant::now();
    let (a, b) = run_both(&mut kit, 0).await;
    for r in [&a, &b] {
        assert_eq!(r.outcome, Outcome::Timeout, "{}", r.message);
        assert!(
            r.message.starts_with("0 of 3 setpoints done"),
            "{}",
            r.message
        );
        assert!(
            r.message.contains("25C: the chamber")
                && r.message.contains("did not become stable within 20m"),
            "{}",
            r.message
        );
        assert!(!r.measurements.iter().any(|m| m.outcome == Outcome::Fail));
    }
    // The leader waited 20 min, the follower 20 more; the remaining crossings cost nothing.
    assert!(
        start.elapsed() <= Duration::from_secs(41 * 60),
        "{:?}",
        start.elapsed()
    );
    // Both crossed every setpoint: the last one was set.
    assert_eq!(kit.lab.chamber.setpoint(), 55.0);
}

#[tokio::test(start_paused = true)]
async fn a_module_that_drops_out_does_not_hold_up_the_other() {
    let mut kit = Kit::new(&["qsfp28-100g-sr4?fault=unplugged", "sfp-10g-sr"], SWEEP);
    let (a, b) = run_both(&mut kit, 0).await;
    assert_eq!(a.outcome, Outcome::Error, "{}", a.message);
    assert!(a.message.contains("reading the module"), "{}", a.message);
    assert_eq!(b.outcome, Outcome::Pass, "{}", b.message);
    assert!(
        b.message.starts_with("2 of 2 setpoints done"),
        "{}",
        b.message
    );
}

#[tokio::test(start_paused = true)]
async fn a_nested_failure_fails_the_sweep_and_names_the_setpoint() {
    let mut kit = Kit::new(&["sfp-10g-sr?dom_error_tx_db=4", "sfp-10g-sr"], SWEEP);
    let (a, b) = run_both(&mut kit, 0).await;
    assert_eq!(a.outcome, Outcome::Fail, "{}", a.message);
    assert!(a.message.contains("10C/dom_accuracy fail"), "{}", a.message);
    let m = find(&a.measurements, "45C/dom_accuracy/lane1.tx_power_error_db");
    assert_eq!(m.outcome, Outcome::Fail);
    assert_eq!(b.outcome, Outcome::Pass, "{}", b.message);
}
