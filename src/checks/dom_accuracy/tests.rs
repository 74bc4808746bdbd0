//! `dom_accuracy` on the simulated bench.

use crate::checks::testkit::Kit;
use crate::results::{Measurement, Outcome};

fn find<'a>(m: &'a [Measurement], name: &str) -> &'a Measurement {
    m.iter()
        .find(|m| m.name == name)
        .unwrap_or_else(|| panic!("no {name} in {m:#?}"))
}

#[tokio::test(start_paused = true)]
async fn good_modules_pass_on_every_lane() {
    let mut kit = Kit::new(
        &["qsfpdd-400g-dr4", "sfp-10g-sr", "qsfp28-100g-sr4"],
        "  - dom_accuracy",
    );
    for (slot, lanes) in [(0, 4u16), (1, 1), (2, 4)] {
        let r = kit.run(0, slot).await;
        assert_eq!(r.outcome, Outcome::Pass, "slot {slot}: {}", r.message);
        for lane in 1..=lanes {
            for what in ["tx_power_error_db", "rx_power_error_db"] {
                let m = find(&r.measurements, &format!("lane{lane}.{what}"));
                assert_eq!((m.low, m.high), (Some(-3.0), Some(3.0)));
                assert!(m.value.is_some_and(|v| v.abs() < 0.5), "{m:?}");
            }
        }
        let t = find(&r.measurements, "temperature_error_c");
        assert_eq!(t.unit, "degC");
        assert!(t.value.is_some_and(|v| v.abs() < 1.0), "{t:?}");
        assert!(find(&r.measurements, "vcc_error_pct").value.is_some());
        assert!(r.message.contains("case probe"), "{}", r.message);
        assert!(r.message.contains("power meter channel 1"), "{}", r.message);
    }
}

#[tokio::test(start_paused = true)]
async fn a_tx_monitor_4_db_high_fails_naming_value_limit_and_unit() {
    let mut kit = Kit::new(&["qsfpdd-400g-dr4?dom_error_tx_db=4"], "  - dom_accuracy");
    let r = kit.run(0, 0).await;
    assert_eq!(r.outcome, Outcome::Fail, "{}", r.message);
    let m = find(&r.measurements, "lane3.tx_power_error_db");
    assert_eq!(m.outcome, Outcome::Fail);
    // 4 dB offset ± the 0.05 dB σ noise of the monitor, averaged.
    assert!(m.value.is_some_and(|v| (v - 4.0).abs() < 0.2), "{m:?}");
    assert!(
        r.message.contains("lane3.tx_power_error_db = 4."),
        "{}",
        r.message
    );
    assert!(r.message.contains("limits -3 .. 3 dB"), "{}", r.message);
    // Only the Tx monitor is off.
    assert_eq!(
        find(&r.measurements, "temperature_error_c").outcome,
        Outcome::Pass
    );
    assert_eq!(
        find(&r.measurements, "lane3.rx_power_error_db").outcome,
        Outcome::Pass
    );
}

#[tokio::test(start_paused = true)]
async fn temperature_vcc_and_rx_errors_each_fail() {
    let mut kit = Kit::new(
        &[
            "sfp-10g-sr?dom_error_temp_c=5",
            "sfp-10g-sr?dom_error_vcc_v=0.2",
            "qsfp28-100g-sr4?dom_error_rx_db=-4",
        ],
        "  - dom_accuracy",
    );
    let r = kit.run(0, 0).await;
    assert_eq!(r.outcome, Outcome::Fail, "{}", r.message);
    let t = find(&r.measurements, "temperature_error_c");
    assert_eq!(t.outcome, Outcome::Fail);
    // 5 °C offset ± the 0.2 °C σ noise, averaged over 5 readings.
    assert!(t.value.is_some_and(|v| (v - 5.0).abs() < 0.5), "{t:?}");
    let said = format!(
        "temperature_error_c = {}",
        crate::results::model::fmt_num(t.value.unwrap_or(0.0))
    );
    assert!(r.message.contains(&said), "{}", r.message);
    assert!(r.message.contains("limits -3 .. 3 degC"), "{}", r.message);

    let r = kit.run(0, 1).await;
    assert_eq!(r.outcome, Outcome::Fail, "{}", r.message);
    // 0.2 V on 3.3 V = +6.06 %.
    let v = find(&r.measurements, "vcc_error_pct");
    assert!(v.value.is_some_and(|x| (x - 6.06).abs() < 0.2), "{v:?}");
    assert!(r.message.contains("limits -3 .. 3 %"), "{}", r.message);

    let r = kit.run(0, 2).await;
    assert_eq!(r.outcome, Outcome::Fail, "{}", r.message);
    for lane in 1..=4 {
        let m = find(&r.measurements, &format!("lane{lane}.rx_power_error_db"));
        assert!(m.value.is_some_and(|v| (v + 4.0).abs() < 0.2), "{m:?}");
    }
}

#[tokio::test(start_paused = true)]
async fn bias_is_judged_against_a_nominal_only_when_given() {
    let mut kit = Kit::new(
        &["sfp-10g-sr"],
        "  - dom_accuracy\n  - dom_accuracy: { id: tight, nominal_bias_ma: 1.0 }",
    );
    let r = kit.run(0, 0).await;
    assert!(!r.measurements.iter().any(|m| m.name.contains("bias")));
    // The SR laser runs at about 6 mA: far above a 1 mA nominal.
    let r = kit.run(1, 0).await;
    assert_eq!(r.outcome, Outcome::Fail, "{}", r.message);
    let b = find(&r.measurements, "lane1.tx_bias_error_pct");
    assert_eq!((b.low, b.high), (Some(-10.0), Some(10.0)));
}

#[tokio::test(start_paused = true)]
async fn a_meter_that_stops_answering_is_an_error_not_a_failure() {
    let mut kit = Kit::new(&["qsfpdd-400g-dr4"], "  - dom_accuracy");
    kit.lab.meter.set_silent(true);
    let start = tokio::time::Instant::now();
    let r = kit.run(0, 0).await;
    assert_eq!(r.outcome, Outcome::Error, "{}", r.message);
    assert!(r.message.contains("power meter"), "{}", r.message);
    assert!(r.message.contains("no answer"), "{}", r.message);
    for lane in 1..=4 {
        let m = find(&r.measurements, &format!("lane{lane}.tx_power_error_db"));
        assert_eq!((m.value, m.outcome), (None, Outcome::Error));
    }
    // The other monitors were still compared.
    assert_eq!(
        find(&r.measurements, "temperature_error_c").outcome,
        Outcome::Pass
    );
    // One meter timeout (3 s), not one per lane and sample.
    assert!(
        start.elapsed() < std::time::Duration::from_secs(30),
        "{:?}",
        start.elapsed()
    );
}

#[tokio::test(start_paused = true)]
async fn references_can_be_switched_off_and_lanes_chosen() {
    let mut kit = Kit::new(
        &["qsfpdd-400g-dr4"],
        "  - dom_accuracy: { reference: none, temperature_reference: none, lanes: [2] }",
    );
    let r = kit.run(0, 0).await;
    assert_eq!(r.outcome, Outcome::Pass, "{}", r.message);
    let names: Vec<&str> = r.measurements.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(names, ["vcc_error_pct", "lane2.rx_power_error_db"]);
    assert!(r.message.contains("Tx power not compared"), "{}", r.message);
}

#[tokio::test(start_paused = true)]
async fn a_module_in_module_fault_is_an_error() {
    let mut kit = Kit::new(&["qsfpdd-400g-dr4?fault=module_fault"], "  - dom_accuracy");
    let r = kit.run(0, 0).await;
    assert_eq!(r.outcome, Outcome::Error, "{}", r.message);
    assert!(r.message.contains("ModuleFault"), "{}", r.message);
}

#[tokio::test(start_paused = true)]
async fn a_meter_that_goes_silent_mid_pass_errors_the_remaining_lanes() {
    let mut kit = Kit::new(&["qsfpdd-400g-dr4"], "  - dom_accuracy");
    // A first run brings the module up; the second starts with it ready.
    assert_eq!(kit.run(0, 0).await.outcome, Outcome::Pass);
    let meter = kit.lab.meter.clone();
    tokio::spawn(async move {
        tokio::time::sleep(std::time::Duration::from_millis(2500)).await;
        meter.set_silent(true);
    });
    let r = kit.run(0, 0).await;
    assert_eq!(r.outcome, Outcome::Error, "{}", r.message);
    assert!(r.message.contains("\"read power\""), "{}", r.message);
    let tx: Vec<&Measurement> = r
        .measurements
        .iter()
        .filter(|m| m.name.ends_with("tx_power_error_db"))
        .collect();
    assert_eq!(tx.len(), 4);
    assert_eq!(
        tx[0].outcome,
        Outcome::Pass,
        "lane 1 was read before: {tx:?}"
    );
    assert_eq!(tx[3].outcome, Outcome::Error);
    assert!(!r.measurements.iter().any(|m| m.outcome == Outcome::Fail));
}
