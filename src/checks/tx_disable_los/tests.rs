//! The tx_disable_los check on the simulated bench.

use std::time::Duration;

use crate::checks::testkit::Kit;
use crate::checks::{AttemptResult, CheckEnv};
use crate::instruments::host::NoHostControl;
use crate::results::Outcome;

const CHECK: &str = "  - tx_disable_los\n";

fn find<'a>(r: &'a AttemptResult, name: &str) -> &'a crate::results::Measurement {
    r.measurements
        .iter()
        .find(|m| m.name == name)
        .unwrap_or_else(|| panic!("no {name}: {} {:?}", r.message, r.measurements))
}

/// The first `lanes` lanes lit and without LOS, as before the check.
fn assert_restored(kit: &Kit, lanes: usize) {
    let truth = kit.lab.slots[0].control.handle().truth();
    for (i, l) in truth.lanes.iter().take(lanes).enumerate() {
        assert!(l.emitting && l.tx_mw > 0.1, "lane {} not lit again", i + 1);
        assert!(
            l.rx_mw > 0.1 && !l.rx_los,
            "lane {} receives nothing",
            i + 1
        );
    }
}

#[tokio::test(start_paused = true)]
async fn every_family_passes_and_is_left_as_found() {
    for (fixture, lanes) in [
        ("sfp-10g-sr", 1u16),
        ("sfp28-25g-lr", 1),
        ("qsfp28-100g-sr4", 4),
        ("qsfpdd-400g-dr4", 4),
        ("osfp-800g-2xfr4", 8),
    ] {
        let mut kit = Kit::new(&[fixture], CHECK);
        let r = kit.run(0, 0).await;
        assert_eq!(r.outcome, Outcome::Pass, "{fixture}: {}", r.message);
        for lane in 1..=lanes {
            for step in [
                "tx_off_ms",
                "tx_on_ms",
                "rx_los_assert_ms",
                "rx_los_clear_ms",
            ] {
                let m = find(&r, &format!("lane{lane}.{step}"));
                assert_eq!(m.outcome, Outcome::Pass, "{fixture} {}", m.name);
            }
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
        assert_restored(&kit, usize::from(lanes));
    }
}

#[tokio::test(start_paused = true)]
async fn cmis_limits_are_the_advertised_tx_turn_on_and_off() {
    // QSFP-DD DR4: DPTxTurnOff code 2 (10 ms), DPTxTurnOn code 4 (100 ms).
    let mut kit = Kit::new(&["qsfpdd-400g-dr4"], CHECK);
    let r = kit.run(0, 0).await;
    assert_eq!(find(&r, "lane1.tx_off_ms").high, Some(10.0));
    assert_eq!(find(&r, "lane1.tx_on_ms").high, Some(100.0));
    assert!(
        r.message.contains("advertised MaxDurationDPTxTurnOff"),
        "{}",
        r.message
    );
    // SFP: the plan's limits.
    let mut kit = Kit::new(
        &["sfp-10g-sr"],
        "  - tx_disable_los: { tx_off_max: 20ms }\n",
    );
    let r = kit.run(0, 0).await;
    assert_eq!(find(&r, "lane1.tx_off_ms").high, Some(20.0));
}

#[tokio::test(start_paused = true)]
async fn only_the_lanes_asked_for() {
    let mut kit = Kit::new(&["qsfp28-100g-sr4"], "  - tx_disable_los: { lanes: [2] }\n");
    let r = kit.run(0, 0).await;
    assert_eq!(r.outcome, Outcome::Pass, "{}", r.message);
    assert!(r.measurements.iter().all(|m| m.name.starts_with("lane2.")));
}

#[tokio::test(start_paused = true)]
async fn a_slow_laser_fails_and_is_still_restored() {
    // The laser takes 500 ms to come back; the limit is 100 ms. (Once up: the laser of a
    // freshly powered module is waited for only as long as an enable may take.)
    let mut kit = Kit::new(&["sfp28-25g-lr?tx_on_ms=500"], CHECK);
    tokio::time::sleep(Duration::from_secs(2)).await;
    let r = kit.run(0, 0).await;
    assert_eq!(r.outcome, Outcome::Fail, "{}", r.message);
    let m = find(&r, "lane1.tx_on_ms");
    assert_eq!(m.outcome, Outcome::Fail);
    assert!(
        m.value.unwrap() >= 300.0,
        "given up after 3 × 100 ms: {m:?}"
    );
    assert!(r.message.contains("after the Tx enable"), "{}", r.message);
    tokio::time::sleep(Duration::from_secs(1)).await;
    assert_restored(&kit, 1);

    // Slow to go dark (200 ms against the advertised 10 ms of the DR4).
    let mut kit = Kit::new(&["qsfpdd-400g-dr4?tx_off_ms=200"], CHECK);
    let r = kit.run(0, 0).await;
    assert_eq!(r.outcome, Outcome::Fail, "{}", r.message);
    assert_eq!(find(&r, "lane3.tx_off_ms").outcome, Outcome::Fail);
}

#[tokio::test(start_paused = true)]
async fn a_los_that_does_not_clear_fails_and_the_light_is_restored() {
    // The module hears a partner at -3 dBm (its own Tx timing leaves its receivers lit). Once
    // up, LOS clears only 40 dB above its assert level: never, once the far end was dark.
    let mut kit = Kit::new(&["qsfp28-100g-sr4?loopback=false&partner_rx_dbm=-3"], CHECK);
    tokio::time::sleep(Duration::from_secs(2)).await;
    let h = kit.lab.slots[0].control.handle().clone();
    h.update_params(|p| p.los_hysteresis_db = 40.0);
    let r = kit.run(0, 0).await;
    assert_eq!(r.outcome, Outcome::Fail, "{}", r.message);
    assert_eq!(find(&r, "lane1.rx_los_clear_ms").outcome, Outcome::Fail);
    assert_eq!(find(&r, "lane1.rx_los_assert_ms").outcome, Outcome::Pass);
    assert!(r.message.contains("Rx LOS still asserted"), "{}", r.message);
    assert!(
        h.truth().lanes.iter().all(|l| l.rx_mw > 0.1),
        "light back on"
    );

    // In a loopback, the Tx timing itself darkens each receiver: the LOS stays up with the
    // light back, which the check sees before timing LOS.
    let mut kit = Kit::new(&["qsfp28-100g-sr4"], CHECK);
    tokio::time::sleep(Duration::from_secs(2)).await;
    kit.lab.slots[0]
        .control
        .handle()
        .update_params(|p| p.los_hysteresis_db = 40.0);
    let r = kit.run(0, 0).await;
    assert_eq!(r.outcome, Outcome::Fail, "{}", r.message);
    assert_eq!(find(&r, "lane2.rx_los_clear_with_light").value, Some(0.0));
    assert!(
        r.message
            .contains("lane 2: Rx LOS asserted while receiving"),
        "{}",
        r.message
    );
}

#[tokio::test(start_paused = true)]
async fn without_far_end_control_a_loopback_is_darkened_by_the_module_itself() {
    let mut kit = Kit::new(&["sfp-10g-sr"], CHECK);
    let check = kit.plan.checks[0].clone();
    let mut env = CheckEnv {
        plan: &kit.plan,
        slot: &kit.plan.station.slots[0],
        slot_index: 0,
        module: &mut kit.modules[0],
        host: &NoHostControl,
        station: &kit.station,
    };
    let r = crate::checks::run(&check, &mut env).await;
    assert_eq!(r.outcome, Outcome::Pass, "{}", r.message);
    assert!(
        r.message
            .contains("disabling the module's own transmitters"),
        "{}",
        r.message
    );
    assert!(
        r.measurements
            .iter()
            .any(|m| m.name == "lane1.rx_los_assert_ms")
    );
    tokio::time::sleep(Duration::from_millis(50)).await;
    assert_restored(&kit, 1);
}

#[tokio::test(start_paused = true)]
async fn a_cable_without_controls_is_skipped() {
    let mut kit = Kit::new(&["qsfpdd-400g-dac-2m"], CHECK);
    let r = kit.run(0, 0).await;
    assert_eq!(r.outcome, Outcome::Skip, "{}", r.message);
}

#[tokio::test(start_paused = true)]
async fn a_module_pulled_mid_check_is_an_error() {
    // The laser takes 1 s to go dark, so the check is still polling when the module goes.
    let mut kit = Kit::new(&["sfp-10g-sr?tx_off_ms=1000"], CHECK);
    let h = kit.lab.slots[0].control.handle().clone();
    tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(450)).await;
        h.unplug();
    });
    let r = kit.run(0, 0).await;
    assert_eq!(r.outcome, Outcome::Error, "{}", r.message);
    assert!(r.message.contains("tx_off_ms"), "{}", r.message);

    let r = Kit::new(&["qsfp28-100g-sr4?nack_burst=100000"], CHECK)
        .run(0, 0)
        .await;
    assert_eq!(r.outcome, Outcome::Error, "{}", r.message);
}
