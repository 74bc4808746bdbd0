//! The thresholds_and_flags check on the simulated bench.

use crate::checks::AttemptResult;
use crate::checks::testkit::Kit;
use crate::results::Outcome;

async fn run(fixture: &str, yaml: &str) -> AttemptResult {
    let mut kit = Kit::new(&[fixture], yaml);
    kit.run(0, 0).await
}

fn find<'a>(r: &'a AttemptResult, name: &str) -> &'a crate::results::Measurement {
    r.measurements
        .iter()
        .find(|m| m.name == name)
        .unwrap_or_else(|| panic!("no {name}: {:?}", r.measurements))
}

#[tokio::test(start_paused = true)]
async fn every_family_passes() {
    for fixture in [
        "sfp-10g-sr",
        "sfp28-25g-lr",
        "qsfp28-100g-sr4",
        "qsfpdd-400g-dr4",
        "osfp-800g-2xfr4",
    ] {
        let r = run(fixture, "  - thresholds_and_flags\n").await;
        assert_eq!(r.outcome, Outcome::Pass, "{fixture}: {}", r.message);
        assert_eq!(
            find(&r, "temperature_c.thresholds_ordered").value,
            Some(1.0)
        );
        assert_eq!(find(&r, "flags.missing").value, Some(0.0));
        assert_eq!(find(&r, "flags.not_cleared").value, Some(0.0));
    }
    // Values are judged against the alarm thresholds, per lane on multi-lane modules:
    // QSFP-DD DR4 Tx power alarms -6.9 / +5 dBm (Page 02h).
    let r = run("qsfpdd-400g-dr4", "  - thresholds_and_flags\n").await;
    let m = find(&r, "lane4.tx_power_dbm");
    assert_eq!(m.unit, "dBm");
    assert!((m.high.unwrap() - 5.0).abs() < 1e-3);
    // SFP: one channel, no lane prefix.
    let r = run("sfp-10g-sr", "  - thresholds_and_flags\n").await;
    assert!(r.measurements.iter().any(|m| m.name == "rx_power_dbm"));
}

#[tokio::test(start_paused = true)]
async fn a_flat_cable_without_monitors_is_skipped() {
    let r = run("qsfpdd-400g-dac-2m", "  - thresholds_and_flags\n").await;
    assert_eq!(r.outcome, Outcome::Skip, "{}", r.message);
}

#[tokio::test(start_paused = true)]
async fn a_value_pushed_past_its_alarm_fails_and_its_flag_clears_once_back() {
    // The DOM reports Tx power 6 dB high: about +7 dBm against a high alarm of +5 dBm. The
    // module flags it (consistent), but the value is beyond its alarm.
    let mut kit = Kit::new(
        &["qsfpdd-400g-dr4?dom_error_tx_db=6"],
        "  - thresholds_and_flags\n",
    );
    let r = kit.run(0, 0).await;
    assert_eq!(r.outcome, Outcome::Fail, "{}", r.message);
    assert_eq!(find(&r, "lane1.tx_power_dbm").outcome, Outcome::Fail);
    assert_eq!(find(&r, "flags.missing").value, Some(0.0), "{}", r.message);
    // Back within limits: the latched high alarm shows once more, then clears on read.
    kit.lab.slots[0]
        .control
        .handle()
        .update_params(|p| p.dom_error_tx_db = 0.0);
    let r = kit.run(0, 0).await;
    assert_eq!(r.outcome, Outcome::Pass, "{}", r.message);
    assert_eq!(find(&r, "flags.not_cleared").value, Some(0.0));
}

#[tokio::test(start_paused = true)]
async fn a_flag_that_does_not_clear_fails() {
    // A2h 112 bit 7 (temperature high alarm) reads set on every read while the module is at
    // about 40 °C against a 75 °C alarm.
    let r = run(
        "sfp-10g-sr?corrupt_offsets=112&corrupt_mask=128",
        "  - thresholds_and_flags\n",
    )
    .await;
    assert_eq!(r.outcome, Outcome::Fail, "{}", r.message);
    assert_eq!(find(&r, "flags.not_cleared").value, Some(1.0));
    assert!(
        r.message
            .contains("temperature_c high alarm flag still raised"),
        "{}",
        r.message
    );
    // CMIS: lower byte 9 bit 0 is the temperature high alarm.
    let r = run(
        "osfp-800g-2xfr4?corrupt_offsets=9",
        "  - thresholds_and_flags\n",
    )
    .await;
    assert_eq!(r.outcome, Outcome::Fail, "{}", r.message);
    // Not judged when switched off.
    let r = run(
        "sfp-10g-sr?corrupt_offsets=112&corrupt_mask=128",
        "  - thresholds_and_flags: { latched_clear: false }\n",
    )
    .await;
    assert!(!r.measurements.iter().any(|m| m.name == "flags.not_cleared"));
}

#[tokio::test(start_paused = true)]
async fn a_value_beyond_its_threshold_without_its_flag_fails() {
    // SFF-8636 temperature MSB (byte 22) read with bit 6 flipped: about 38 + 64 = 102 °C, while
    // the module's own flags (byte 6) stay clear.
    let r = run(
        "qsfp28-100g-sr4?corrupt_offsets=22&corrupt_mask=64",
        "  - thresholds_and_flags\n",
    )
    .await;
    assert_eq!(r.outcome, Outcome::Fail, "{}", r.message);
    assert!(
        find(&r, "flags.missing").value.unwrap() >= 2.0,
        "{}",
        r.message
    );
    assert!(
        r.message
            .contains("is beyond its high alarm 75 but the flag is clear"),
        "{}",
        r.message
    );
}

#[tokio::test(start_paused = true)]
async fn thresholds_out_of_order_fail() {
    // CMIS Page 02h:132 is the MSB of the temperature high warning (70 °C = 0x4600); bit 7
    // flipped reads 0xC600 = -58 °C, below the low warning.
    let r = run(
        "qsfpdd-400g-dr4?corrupt_offsets=132&corrupt_mask=128",
        "  - thresholds_and_flags: { monitors: [temperature_c] }\n",
    )
    .await;
    assert_eq!(r.outcome, Outcome::Fail, "{}", r.message);
    assert_eq!(
        find(&r, "temperature_c.thresholds_ordered").value,
        Some(0.0)
    );
    assert!(
        r.message.contains("temperature_c thresholds out of order"),
        "{}",
        r.message
    );
}

#[tokio::test(start_paused = true)]
async fn bus_trouble_is_an_error() {
    let r = run(
        "sfp28-25g-lr?nack_burst=100000",
        "  - thresholds_and_flags\n",
    )
    .await;
    assert_eq!(r.outcome, Outcome::Error, "{}", r.message);
}
