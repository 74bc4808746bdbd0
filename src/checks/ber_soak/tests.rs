//! The soak on the simulated bench (paused tokio time).

use std::sync::Arc;
use std::time::Duration;

use crate::ber::rates::PortType;
use crate::ber::waterfall::Waterfall;
use crate::checks::AttemptResult;
use crate::checks::testkit::Kit;
use crate::counters::{CounterError, CounterSource};
use crate::plan::model::{CounterEndpoint, CounterSource as SourceKind, Counters};
use crate::results::{Measurement, Outcome};
use crate::sim::bench::SWITCH_SENSITIVITY_DBM;
use crate::sim::switch::{CounterFault, PowerSource, SimPortConfig, SimSwitch};

/// The 400G DR4 on slot 0: the module most of these soaks run on.
const DR4: &[&str] = &["qsfpdd-400g-dr4"];

/// A ten-minute soak read every 10 s.
const SOAK_10M: &str = "  - ber_soak: { duration: 10m, interval: 10s }";

fn measurement<'a>(r: &'a AttemptResult, name: &str) -> &'a Measurement {
    r.measurements
        .iter()
        .find(|m| m.name == name)
        .unwrap_or_else(|| panic!("no {name} in {r:#?}"))
}

fn value(r: &AttemptResult, name: &str) -> f64 {
    measurement(r, name)
        .value
        .unwrap_or_else(|| panic!("no {name} in {r:#?}"))
}

fn outcome_of(r: &AttemptResult, name: &str) -> Outcome {
    measurement(r, name).outcome
}

fn series_len(r: &AttemptResult, name: &str) -> usize {
    r.series
        .iter()
        .find(|s| s.name == name)
        .map_or(0, |s| s.points.len())
}

/// A switch like the bench's, with one port `Ethernet0` (400G, 8 × 50G lanes) hearing `power`
/// and `fault`, put in place of the kit's switch (the bench's ports take no faults after they
/// are built).
fn faulty_switch(kit: &mut Kit, power: PowerSource, fault: Option<CounterFault>) {
    let sw = SimSwitch::new();
    let waterfall = Waterfall::from_limit(SWITCH_SENSITIVITY_DBM, 2.4e-4).expect("waterfall");
    let mut config = SimPortConfig::new("Ethernet0", PortType::Eth400G8x50, waterfall).with_seed(7);
    if let Some(f) = fault {
        config = config.with_fault(f);
    }
    sw.add_port(config, power).expect("port");
    kit.station.counters = Some(Arc::new(sw) as Arc<dyn CounterSource>);
}

fn fixed(dbm: f64) -> PowerSource {
    Arc::new(move || Some(dbm))
}

/// The light lane 1 of slot `i` receives, like the bench's own ports.
fn module_rx(kit: &Kit, i: usize) -> PowerSource {
    let h = kit.lab.slots[i].control.handle().clone();
    Arc::new(move || {
        let t = h.truth();
        let mw = t.lanes.first()?.rx_mw;
        (mw > 0.0).then(|| 10.0 * mw.log10())
    })
}

#[tokio::test(start_paused = true)]
async fn healthy_loopback_passes() {
    let mut kit = Kit::new(DR4, SOAK_10M);
    let r = kit.run(0, 0).await;
    assert_eq!(r.outcome, Outcome::Pass, "{r:#?}");
    // Rx ≈ +1 dBm − 0.6 dB ≫ −10 dBm sensitivity: no error at all.
    assert!(value(&r, "pre_fec_ber") < 1e-12);
    assert_eq!(value(&r, "uncorrectable_codewords"), 0.0);
    assert_eq!(value(&r, "soak_s"), 600.0);
    // 400GAUI-8 → 400g-8x50: 8 × 53.125 = 425 Gb/s.
    assert_eq!(value(&r, "line_rate_gbps"), 425.0);
    // Zero errors over 400e9 × 600 = 2.4e14 post-FEC bits: bound −ln(0.05) / 2.4e14
    // = 2.995732 / 2.4e14 = 1.248222e-14 < 1e-12, demonstrated, nothing remaining.
    assert!((value(&r, "post_fec_ber_upper") / 1.248_221_780_6e-14 - 1.0).abs() < 1e-9);
    assert_eq!(value(&r, "target_ber_demonstrated"), 1.0);
    assert_eq!(value(&r, "remaining_soak_s"), 0.0);
    // 600 s / 10 s = 60 intervals.
    assert_eq!(series_len(&r, "pre_fec_ber"), 60);
    assert_eq!(series_len(&r, "uncorrectable_codewords"), 60);
    assert!(
        r.message.contains("target 1.000e-12 demonstrated"),
        "{}",
        r.message
    );
}

#[tokio::test(start_paused = true)]
async fn too_little_light_fails() {
    // 12 dB of loss: Rx ≈ +1 − 12 = −11 dBm, 1 dB below the switch sensitivity (−10 dBm at
    // 2.4e-4): the waterfall gives ≈ 2.8e-3, and RS(544,514) cannot correct it all.
    let mut kit = Kit::new(
        &["qsfpdd-400g-dr4?loss_db=12"],
        "  - ber_soak: { duration: 1m, interval: 10s }",
    );
    let r = kit.run(0, 0).await;
    assert_eq!(r.outcome, Outcome::Fail, "{r:#?}");
    assert_eq!(outcome_of(&r, "pre_fec_ber"), Outcome::Fail);
    assert_eq!(outcome_of(&r, "pre_fec_ber_worst_interval"), Outcome::Fail);
    assert_eq!(outcome_of(&r, "uncorrectable_codewords"), Outcome::Fail);
    let ber = value(&r, "pre_fec_ber");
    assert!(ber > 1e-3 && ber < 1e-2, "{ber:e}");
    assert!(value(&r, "uncorrectable_codewords") > 0.0);
    assert_eq!(value(&r, "target_ber_demonstrated"), 0.0);
    assert!(r.message.contains("pre_fec_ber ="), "{}", r.message);
}

#[tokio::test(start_paused = true)]
async fn corrected_bits_match_the_hand_count() {
    // A port at a fixed −9 dBm: the waterfall gives BER 5.519299284e-6 (the switch's own test).
    // Over 600 s at 425e9 b/s: 5.519299284e-6 × 425e9 × 600 = 1 407 421 317 corrected bits
    // expected (Poisson σ ≈ 3.8e4, i.e. 2.7e-5 relative), so pre-FEC BER ≈ 5.5193e-6.
    let mut kit = Kit::new(DR4, SOAK_10M);
    faulty_switch(&mut kit, fixed(-9.0), None);
    let r = kit.run(0, 0).await;
    assert_eq!(r.outcome, Outcome::Pass, "{r:#?}");
    let bits = value(&r, "pre_fec_errors");
    assert!((bits / 1_407_421_317.0 - 1.0).abs() < 5e-4, "{bits}");
    let ber = value(&r, "pre_fec_ber");
    assert!((ber / 5.519_299_284e-6 - 1.0).abs() < 5e-4, "{ber:e}");
    // The overall BER is exactly the counted bits over R × T.
    assert!((ber - bits / (425e9 * 600.0)).abs() < 1e-18);
    assert_eq!(value(&r, "uncorrectable_codewords"), 0.0);
}

#[tokio::test(start_paused = true)]
async fn counter_reset_mid_soak_is_an_error() {
    let mut kit = Kit::new(DR4, SOAK_10M);
    // Reset 5 min after the switch started, with errors flowing so the counters are non-zero.
    faulty_switch(
        &mut kit,
        fixed(-9.0),
        Some(CounterFault::ResetAt(Duration::from_secs(300))),
    );
    let r = kit.run(0, 0).await;
    assert_eq!(r.outcome, Outcome::Error, "{r:#?}");
    assert!(r.message.contains("counter reset"), "{}", r.message);
    // The series up to the reset are kept for the plot.
    assert!(series_len(&r, "pre_fec_ber") > 10);
}

#[tokio::test(start_paused = true)]
async fn wrap_near_two_to_the_64_is_handled() {
    let mut kit = Kit::new(
        &["qsfpdd-400g-dr4"],
        "  - ber_soak: { duration: 2m, interval: 10s }",
    );
    // Counters start 1e8 below 2^64: at −9 dBm ≈ 2.3e6 corrected bits a second, the corrected
    // bits wrap after ≈ 43 s, mid-soak; the total codewords (7.8e7 a second) after ≈ 1.3 s.
    faulty_switch(
        &mut kit,
        fixed(-9.0),
        Some(CounterFault::WrapFrom {
            headroom: 100_000_000,
        }),
    );
    let r = kit.run(0, 0).await;
    assert_eq!(r.outcome, Outcome::Pass, "{r:#?}");
    assert!(r.message.contains("wrap(s) handled"), "{}", r.message);
    let ber = value(&r, "pre_fec_ber");
    assert!((ber / 5.519_299_284e-6 - 1.0).abs() < 5e-3, "{ber:e}");
}

#[tokio::test(start_paused = true)]
async fn stalled_port_is_an_error() {
    let mut kit = Kit::new(DR4, SOAK_10M);
    let rx = module_rx(&kit, 0);
    faulty_switch(
        &mut kit,
        rx,
        Some(CounterFault::StopAt(Duration::from_secs(60))),
    );
    let r = kit.run(0, 0).await;
    assert_eq!(r.outcome, Outcome::Error, "{r:#?}");
    assert!(r.message.contains("stopped updating"), "{}", r.message);
}

#[tokio::test(start_paused = true)]
async fn a_day_long_soak_is_cheap_on_virtual_time() {
    let mut kit = Kit::new(
        &["qsfpdd-400g-dr4"],
        "  - ber_soak: { duration: 24h, interval: 10s, target_ber: 1e-13 }",
    );
    let wall = std::time::Instant::now();
    let r = kit.run(0, 0).await;
    let took = wall.elapsed();
    assert_eq!(r.outcome, Outcome::Pass, "{r:#?}");
    // 86 400 s / 10 s = 8 640 readings.
    assert_eq!(series_len(&r, "pre_fec_ber"), 8_640);
    assert_eq!(value(&r, "soak_s"), 86_400.0);
    assert!(took < Duration::from_secs(5), "{took:?}");
}

#[tokio::test(start_paused = true)]
async fn sfp_10g_has_no_rs_fec_and_skips() {
    let mut kit = Kit::new(&["sfp-10g-sr"], "  - ber_soak: { duration: 1m }");
    let r = kit.run(0, 0).await;
    assert_eq!(r.outcome, Outcome::Skip, "{r:#?}");
    assert!(r.message.contains("no RS-FEC"), "{}", r.message);
}

#[tokio::test(start_paused = true)]
async fn qsfp28_runs_at_103_gbps_and_800g_at_850() {
    let mut kit = Kit::new(
        &["qsfp28-100g-sr4", "osfp-800g-2xfr4"],
        "  - ber_soak: { duration: 1m, interval: 10s }",
    );
    let r = kit.run(0, 0).await;
    assert_eq!(r.outcome, Outcome::Pass, "{r:#?}");
    // QSFP28: 4 × 25.78125 = 103.125 Gb/s.
    assert_eq!(value(&r, "line_rate_gbps"), 103.125);
    let r = kit.run(0, 1).await;
    assert_eq!(r.outcome, Outcome::Pass, "{r:#?}");
    // Two 400GAUI-4 data paths on 8 lanes of 106.25 = 850 Gb/s.
    assert_eq!(value(&r, "line_rate_gbps"), 850.0);
}

#[tokio::test(start_paused = true)]
async fn module_vdm_ber_as_the_source() {
    // The 400ZR reports a media pre-FEC BER of 4.5e-4 (VDM type 15, lane 1, F16): within its
    // CFEC limit 1.25e-2, above the KP4 default 2.4e-4.
    let mut kit = Kit::new(
        &["qsfpdd-400g-zr"],
        "  - ber_soak: { duration: 1m, interval: 10s, max_pre_fec_ber: 1.25e-2 }\n  - ber_soak: { duration: 1m, interval: 10s }",
    );
    kit.plan.station.instruments.counters = Some(Counters {
        source: SourceKind::Vdm,
        endpoint: CounterEndpoint::Builtin,
        command: None,
    });
    kit.station.counters = None;
    let r = kit.run(0, 0).await;
    assert_eq!(r.outcome, Outcome::Pass, "{r:#?}");
    let ber = value(&r, "pre_fec_ber");
    // F16 holds 4.5e-4 to about 3 significant digits.
    assert!((ber / 4.5e-4 - 1.0).abs() < 1e-2, "{ber:e}");
    assert!(
        r.message.contains("module vdm, media input"),
        "{}",
        r.message
    );
    // No uncorrectable counter in VDM: no post-FEC figure, and none judged.
    assert!(
        r.measurements
            .iter()
            .all(|m| m.name != "uncorrectable_codewords")
    );
    let r = kit.run(1, 0).await;
    assert_eq!(r.outcome, Outcome::Fail, "{r:#?}");
}

#[tokio::test(start_paused = true)]
async fn vdm_source_without_vdm_skips() {
    let mut kit = Kit::new(&["qsfpdd-400g-dr4"], "  - ber_soak: { duration: 1m }");
    kit.plan.station.instruments.counters = Some(Counters {
        source: SourceKind::Vdm,
        endpoint: CounterEndpoint::Builtin,
        command: None,
    });
    let r = kit.run(0, 0).await;
    assert_eq!(r.outcome, Outcome::Skip, "{r:#?}");
}

#[tokio::test(start_paused = true)]
async fn unknown_port_is_an_error_not_a_failure() {
    // The 25G SFP28 has no port on the kit's switch.
    let mut kit = Kit::new(
        &["sfp28-25g-lr"],
        "  - ber_soak: { duration: 1m, interval: 10s }",
    );
    let r = kit.run(0, 0).await;
    assert_eq!(r.outcome, Outcome::Error, "{r:#?}");
}

/// A counter source that stops answering `after` into the soak.
struct GoesSilent {
    inner: SimSwitch,
    until: tokio::time::Instant,
}

impl CounterSource for GoesSilent {
    fn read<'a>(
        &'a self,
        port: &'a str,
    ) -> crate::counters::BoxFuture<'a, Result<crate::counters::FecCounters, CounterError>> {
        Box::pin(async move {
            if tokio::time::Instant::now() >= self.until {
                return Err(CounterError::Timeout {
                    what: "redis HGETALL".into(),
                    ms: 1000,
                });
            }
            self.inner.read(port).await
        })
    }

    fn describe(&self) -> String {
        "silent".into()
    }
}

#[tokio::test(start_paused = true)]
async fn a_source_that_stops_answering_is_an_error() {
    let mut kit = Kit::new(DR4, SOAK_10M);
    let sw = SimSwitch::new();
    let waterfall = Waterfall::from_limit(SWITCH_SENSITIVITY_DBM, 2.4e-4).expect("waterfall");
    sw.add_port(
        SimPortConfig::new("Ethernet0", PortType::Eth400G8x50, waterfall),
        fixed(-9.0),
    )
    .expect("port");
    kit.station.counters = Some(Arc::new(GoesSilent {
        inner: sw,
        until: tokio::time::Instant::now() + Duration::from_secs(120),
    }));
    let r = kit.run(0, 0).await;
    assert_eq!(r.outcome, Outcome::Error, "{r:#?}");
    assert!(
        r.message.contains("3 counter readings in a row failed"),
        "{}",
        r.message
    );
}

#[tokio::test(start_paused = true)]
async fn a_link_that_never_comes_up_is_an_error() {
    // Power-up never completes: ModulePwrUp forever. The wait is bounded by the advertised
    // ModulePwrUp 5 s + DPInit 500 ms + DPTxTurnOn 100 ms + 10 s slack = 15.6 s.
    let mut kit = Kit::new(
        &["qsfpdd-400g-dr4?fault=stuck_power_up"],
        "  - ber_soak: { duration: 1m, interval: 10s }",
    );
    let t0 = tokio::time::Instant::now();
    let r = kit.run(0, 0).await;
    assert_eq!(r.outcome, Outcome::Error, "{r:#?}");
    assert!(
        r.message.contains("link not up after 15 s"),
        "{}",
        r.message
    );
    assert!(t0.elapsed() < Duration::from_secs(17));
}

#[tokio::test(start_paused = true)]
async fn wait_limits_follow_the_advertised_durations() {
    let mut kit = Kit::new(
        &["qsfpdd-400g-zr", "sfp-10g-sr"],
        "  - ber_soak: { duration: 1m }",
    );
    let (_, zr) = kit.env(0).snapshot().await.expect("snapshot");
    // ModulePwrUp code 9 (≤ 1 min) + DPInit code 10 (≤ 5 min) + DPTxTurnOn code 8 (≤ 10 s)
    // + 10 s = 60 + 300 + 10 + 10 = 380 s.
    assert_eq!(super::link::limit_for(&zr), Duration::from_secs(380));
    let (_, sfp) = kit.env(1).snapshot().await.expect("snapshot");
    assert_eq!(super::link::limit_for(&sfp), Duration::from_secs(90));
}

#[tokio::test(start_paused = true)]
async fn the_plan_line_rate_overrides_the_port_type() {
    // The same −9 dBm port (≈ 2.3457e6 corrected bits a second on 425 Gb/s), read as if the
    // line ran at 850 Gb/s: the BER halves, 5.5193e-6 / 2 = 2.7596e-6.
    let mut kit = Kit::new(
        &["qsfpdd-400g-dr4"],
        "  - ber_soak: { duration: 10m, interval: 10s, line_rate_gbps: 850 }",
    );
    faulty_switch(&mut kit, fixed(-9.0), None);
    let r = kit.run(0, 0).await;
    assert_eq!(r.outcome, Outcome::Pass, "{r:#?}");
    assert_eq!(value(&r, "line_rate_gbps"), 850.0);
    let ber = value(&r, "pre_fec_ber");
    assert!((ber / 2.759_649_642e-6 - 1.0).abs() < 5e-4, "{ber:e}");
}
