//! The power_up check on the simulated bench (virtual time: seconds of power-up cost nothing).

use std::time::Duration;

use tokio::time::Instant;

use crate::checks::testkit::Kit;
use crate::checks::{AttemptResult, CheckEnv};
use crate::instruments::host::NoHostControl;
use crate::results::Outcome;

async fn run(fixture: &str, yaml: &str) -> AttemptResult {
    let mut kit = Kit::new(&[fixture], yaml);
    kit.run(0, 0).await
}

fn value(r: &AttemptResult, name: &str) -> f64 {
    r.measurements
        .iter()
        .find(|m| m.name == name)
        .and_then(|m| m.value)
        .unwrap_or_else(|| panic!("no {name} in {:?}", r.measurements))
}

fn high(r: &AttemptResult, name: &str) -> Option<f64> {
    r.measurements
        .iter()
        .find(|m| m.name == name)
        .and_then(|m| m.high)
}

#[tokio::test(start_paused = true)]
async fn sff8472_modules_are_ready_within_t_init() {
    for fixture in ["sfp-10g-sr", "sfp28-25g-lr"] {
        let r = run(fixture, "  - power_up: { cycles: 3 }\n").await;
        assert_eq!(r.outcome, Outcome::Pass, "{fixture}: {}", r.message);
        // The simulated t_init is 300 ms, the limit 300 ms.
        for c in 1..=3 {
            assert!(value(&r, &format!("cycle{c}.data_ready_ms")) <= 300.0);
            assert_eq!(value(&r, &format!("cycle{c}.tx_fault_clear")), 1.0);
        }
        assert_eq!(high(&r, "data_ready_ms.max"), Some(300.0));
        assert!(
            r.measurements
                .iter()
                .any(|m| m.name == "data_ready_ms.mean")
        );
    }
}

#[tokio::test(start_paused = true)]
async fn sff8636_modules_are_ready_and_high_power_classes_enabled() {
    let r = run("qsfp28-100g-sr4", "  - power_up: { cycles: 2 }\n").await;
    assert_eq!(r.outcome, Outcome::Pass, "{}", r.message);
    assert_eq!(high(&r, "cycle1.data_ready_ms"), Some(2000.0));
    // Class 3: nothing to enable.
    assert!(
        !r.measurements
            .iter()
            .any(|m| m.name.contains("high_power_class"))
    );

    // The CWDM4 is class 5 (4.0 W): byte 93 gets Power_override + class 5-7 enable.
    let mut kit = Kit::new(&["qsfp28-100g-cwdm4"], "  - power_up: { cycles: 2 }\n");
    let r = kit.run(0, 0).await;
    assert_eq!(r.outcome, Outcome::Pass, "{}", r.message);
    assert_eq!(value(&r, "cycle2.high_power_class_enabled"), 1.0);
    // The module now draws its class power, not the class 4 cap of 3.5 W.
    tokio::time::sleep(Duration::from_secs(1)).await;
    let p = kit.lab.slots[0].control.handle().truth().power_w;
    assert!(p > 3.5 - 1e-9, "{p} W");
}

#[tokio::test(start_paused = true)]
async fn cmis_modules_reach_ready_and_activate_their_application() {
    for fixture in ["qsfpdd-400g-dr4", "osfp-800g-2xfr4"] {
        let r = run(fixture, "  - power_up: { cycles: 3 }\n").await;
        assert_eq!(r.outcome, Outcome::Pass, "{fixture}: {}", r.message);
        // Both advertise ModulePwrUp code 7 (1-5 s): limit 5000 ms.
        assert_eq!(high(&r, "module_ready_ms.max"), Some(5000.0));
        for c in 1..=3 {
            assert!(value(&r, &format!("cycle{c}.module_ready_ms")) < 5000.0);
            assert_eq!(value(&r, &format!("cycle{c}.config_rejected_lanes")), 0.0);
        }
    }
    // QSFP-DD DR4: DPInit code 5 (500 ms) + DPTxTurnOn code 4 (100 ms); AppSel 1 on lanes 1-8.
    let r = run("qsfpdd-400g-dr4", "  - power_up: { cycles: 1 }\n").await;
    assert_eq!(high(&r, "cycle1.dp_activate_ms"), Some(600.0));
    assert!(r.message.contains("AppSel 1 on lanes 1-8"), "{}", r.message);
    // OSFP 2xFR4: two 4-lane data paths.
    let r = run("osfp-800g-2xfr4", "  - power_up: { cycles: 1 }\n").await;
    assert!(r.message.contains("lanes 1-4, 5-8"), "{}", r.message);
    assert_eq!(high(&r, "cycle1.dp_activate_ms"), Some(1100.0));
}

#[tokio::test(start_paused = true)]
async fn cmis_breakout_application_is_configured_on_every_data_path() {
    // AppSel 2 of the DR4: 100GAUI-2 → 100GBASE-DR, 2 host lanes, starts on lanes 1, 3, 5, 7.
    let mut kit = Kit::new(
        &["qsfpdd-400g-dr4"],
        "  - power_up: { cycles: 1, application: 2 }\n",
    );
    let r = kit.run(0, 0).await;
    assert_eq!(r.outcome, Outcome::Pass, "{}", r.message);
    assert!(
        r.message.contains("lanes 1-2, 3-4, 5-6, 7-8"),
        "{}",
        r.message
    );
    let (_, d) = kit.env(0).snapshot().await.unwrap();
    let crate::memmap::decoded::Details::Cmis(c) = &d.details else {
        panic!()
    };
    let lanes = &c.banks[0].page11.as_ref().unwrap().lanes;
    assert!(lanes.iter().all(|l| l.active_dp_config.app_sel == 2));
    assert_eq!(lanes[2].active_dp_config.data_path_id, 2);
}

#[tokio::test(start_paused = true)]
async fn an_application_the_module_lacks_is_an_error() {
    let r = run("qsfpdd-400g-dr4", "  - power_up: { application: 9 }\n").await;
    assert_eq!(r.outcome, Outcome::Error);
    assert!(
        r.message.contains("application 9 is not advertised"),
        "{}",
        r.message
    );
}

#[tokio::test(start_paused = true)]
async fn a_flat_memory_cable_has_no_data_path_to_activate() {
    let r = run("qsfpdd-400g-dac-2m", "  - power_up: { cycles: 2 }\n").await;
    assert_eq!(r.outcome, Outcome::Pass, "{}", r.message);
    assert!(r.message.contains("flat memory"), "{}", r.message);
    // No page 01h: the plan's fallback of 5 s.
    assert_eq!(high(&r, "cycle1.module_ready_ms"), Some(5000.0));
}

#[tokio::test(start_paused = true)]
async fn a_slow_cmis_module_fails_naming_its_time_and_the_advertised_max() {
    // slow_power_up: ModulePwrUp lasts 2 × the advertised 5 s.
    let r = run(
        "qsfpdd-400g-dr4?fault=slow_power_up",
        "  - power_up: { cycles: 2 }\n",
    )
    .await;
    assert_eq!(r.outcome, Outcome::Fail);
    let v = value(&r, "cycle1.module_ready_ms");
    assert!((10_000.0..10_100.0).contains(&v), "{v}");
    assert!(
        r.message.contains("cycle1.module_ready_ms = 10") && r.message.contains("limit <= 5000 ms"),
        "{}",
        r.message
    );
    assert!(
        r.message
            .contains("advertised MaxDurationModulePwrUp 1 s - 5 s (code 7)"),
        "{}",
        r.message
    );
}

#[tokio::test(start_paused = true)]
async fn a_slow_sfp_fails() {
    let r = run(
        "sfp-10g-sr?fault=slow_power_up",
        "  - power_up: { cycles: 1 }\n",
    )
    .await;
    assert_eq!(r.outcome, Outcome::Fail);
    // 2 × 300 ms.
    assert_eq!(value(&r, "cycle1.data_ready_ms"), 600.0);
    assert!(
        r.message
            .contains("cycle1.data_ready_ms = 600 ms, limit <= 300 ms"),
        "{}",
        r.message
    );
}

#[tokio::test(start_paused = true)]
async fn a_stuck_module_fails_after_a_bounded_wait() {
    let started = Instant::now();
    let r = run(
        "qsfpdd-400g-dr4?fault=stuck_power_up",
        "  - power_up: { cycles: 5 }\n",
    )
    .await;
    assert_eq!(r.outcome, Outcome::Fail);
    // Given up at 3 × 5 s, after the first cycle.
    let v = value(&r, "cycle1.module_ready_ms");
    assert!((15_000.0..15_100.0).contains(&v), "{v}");
    assert!(!r.measurements.iter().any(|m| m.name.starts_with("cycle2.")));
    assert!(r.message.contains("still in ModulePwrUp"), "{}", r.message);
    assert!(started.elapsed() < Duration::from_secs(30));

    let r = run("qsfp28-100g-sr4?fault=stuck_power_up", "  - power_up\n").await;
    assert_eq!(r.outcome, Outcome::Fail);
    assert!(
        r.message
            .contains("Data_Not_Ready (byte 2 bit 0) still set"),
        "{}",
        r.message
    );
    assert!((6000.0..6100.0).contains(&value(&r, "cycle1.data_ready_ms")));
}

#[tokio::test(start_paused = true)]
async fn a_laser_fault_fails() {
    let r = run(
        "sfp28-25g-lr?fault=laser_fault",
        "  - power_up: { cycles: 1 }\n",
    )
    .await;
    assert_eq!(r.outcome, Outcome::Fail);
    assert_eq!(value(&r, "cycle1.tx_fault_clear"), 0.0);
    assert!(
        r.message.contains("TX_FAULT (A2h 110 bit 2) asserted"),
        "{}",
        r.message
    );

    let r = run(
        "qsfp28-100g-sr4?fault=laser_fault",
        "  - power_up: { cycles: 1 }\n",
    )
    .await;
    assert_eq!(r.outcome, Outcome::Fail);
    assert!(
        r.message
            .contains("Tx fault (byte 4) on lane(s) 1, 2, 3, 4"),
        "{}",
        r.message
    );
}

#[tokio::test(start_paused = true)]
async fn a_module_fault_fails_with_its_cause() {
    let r = run(
        "qsfpdd-400g-dr4?fault=module_fault",
        "  - power_up: { cycles: 1 }\n",
    )
    .await;
    assert_eq!(r.outcome, Outcome::Fail);
    assert!(r.message.contains("ModuleFault, cause 1"), "{}", r.message);
}

#[tokio::test(start_paused = true)]
async fn bus_trouble_is_an_error_not_a_failure() {
    let r = run("qsfpdd-400g-dr4?nack_burst=100000", "  - power_up\n").await;
    assert_eq!(r.outcome, Outcome::Error, "{}", r.message);

    // Unplugged for good during the check (after the first power cycle, while polling).
    let mut kit = Kit::new(&["sfp-10g-sr"], "  - power_up: { cycles: 3 }\n");
    let h = kit.lab.slots[0].control.handle().clone();
    tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(1_100)).await;
        h.unplug();
    });
    let r = kit.run(0, 0).await;
    assert_eq!(r.outcome, Outcome::Error, "{}", r.message);
    assert!(r.message.contains("did not answer"), "{}", r.message);
}

fn bare_env(kit: &mut Kit) -> CheckEnv<'_> {
    CheckEnv {
        plan: &kit.plan,
        slot: &kit.plan.station.slots[0],
        slot_index: 0,
        module: &mut kit.modules[0],
        host: &NoHostControl,
        station: &kit.station,
    }
}

#[tokio::test(start_paused = true)]
async fn without_host_power_control_cmis_cycles_through_low_power() {
    let mut kit = Kit::new(&["qsfpdd-400g-dr4"], "  - power_up: { cycles: 2 }\n");
    // Let the module come up first, as it would be in a running host.
    tokio::time::sleep(Duration::from_secs(10)).await;
    let check = kit.plan.checks[0].clone();
    let r = crate::checks::run(&check, &mut bare_env(&mut kit)).await;
    assert_eq!(r.outcome, Outcome::Pass, "{}", r.message);
    assert!(
        r.message.contains("cycled through low power"),
        "{}",
        r.message
    );
    // ModulePwrDn code 5: 500 ms.
    assert_eq!(high(&r, "cycle2.module_pwr_dn_ms"), Some(500.0));
    assert!(value(&r, "cycle2.module_ready_ms") < 5000.0);
}

#[tokio::test(start_paused = true)]
async fn without_host_power_control_an_sfp_has_only_its_current_start_timed() {
    let mut kit = Kit::new(&["sfp-10g-sr"], "  - power_up: { cycles: 4 }\n");
    let check = kit.plan.checks[0].clone();
    let r = crate::checks::run(&check, &mut bare_env(&mut kit)).await;
    assert_eq!(r.outcome, Outcome::Pass, "{}", r.message);
    assert!(
        r.message.contains("only the current start was timed"),
        "{}",
        r.message
    );
    assert!(
        r.measurements
            .iter()
            .any(|m| m.name == "cycle1.data_ready_ms")
    );
    assert!(!r.measurements.iter().any(|m| m.name.starts_with("cycle2.")));
}

#[tokio::test(start_paused = true)]
async fn the_power_drawn_once_up_is_judged_against_the_cage_budget() {
    // The simulated QSFP-DD DR4 advertises 12 W (Page 00h:201) but dissipates 10 W at full
    // power (`sim: power_w: 10.0` in its fixture), all of it once ModuleReady; the test kit's
    // cages give 25 W.
    let mut kit = Kit::new(&["qsfpdd-400g-dr4"], "  - power_up: { cycles: 1 }\n");
    let r = kit.run(0, 0).await;
    assert_eq!(r.outcome, Outcome::Pass, "{}", r.message);
    assert_eq!(value(&r, "power.drawn_w"), 10.0);
    assert_eq!(high(&r, "power.drawn_w"), Some(25.0));

    // A 9.5 W cage cannot feed it: FAIL, with the value and the limit in the message.
    let mut kit = Kit::new(&["qsfpdd-400g-dr4"], "  - power_up: { cycles: 1 }\n");
    kit.plan.station.slots[0].power_budget_w = Some(9.5);
    let r = kit.run(0, 0).await;
    assert_eq!(r.outcome, Outcome::Fail, "{}", r.message);
    assert!(
        r.message.contains("power.drawn_w = 10 W, limit <= 9.5 W"),
        "{}",
        r.message
    );
}
