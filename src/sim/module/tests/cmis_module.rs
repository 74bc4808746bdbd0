//! CMIS module state machine (byte 3), byte 26 controls, ModuleStateChanged, ModuleFault.

use super::*;
use crate::sim::module::Fault;
use crate::sim::module::state::SpecState;
use crate::sim::module::state::cmis::ModState;

const DR4: &str = "qsfpdd-400g-dr4";

fn state(b: &mut Bench) -> u8 {
    (b.b(3) >> 1) & 0x07
}

fn module(b: &Bench) -> ModState {
    match b.h.state() {
        SpecState::Cmis(c) => c.module,
        other => panic!("not cmis: {other:?}"),
    }
}

#[test]
fn power_up_ends_after_the_drawn_time_and_before_the_advertised_maximum() {
    let mut b = bench(DR4, quiet());
    // Byte 26 = 0 in the image: no low-power request, so ModulePwrUp starts at power-on.
    assert_eq!(state(&mut b), 2);
    let ModState::PwrUp(Some(until)) = module(&b) else {
        panic!("{:?}", module(&b))
    };
    // Advertised ModulePwrUp max: Page 01h:167 b3-0 = 7 → 5 s; drawn in [0.2, 0.8) × 5 s.
    assert!(
        until >= Duration::from_secs(1) && until < Duration::from_secs(4),
        "{until:?}"
    );
    b.clock.advance(until - Duration::from_millis(1));
    assert_eq!(state(&mut b), 2);
    b.ms(1);
    assert_eq!(state(&mut b), 3, "ModuleReady");
    // ModuleStateChanged latched (LowPwr → PwrUp → Ready), cleared by the read.
    assert_eq!(b.b(8) & 0x01, 0x01);
    assert_eq!(b.b(8) & 0x01, 0x00);
}

#[test]
fn polling_finds_ready_within_the_advertised_time() {
    let mut b = bench(DR4, quiet());
    let mut elapsed = 0;
    while state(&mut b) != 3 {
        b.ms(10);
        elapsed += 10;
        assert!(elapsed < 5_000, "not ready within the advertised 5 s");
    }
    assert!(elapsed >= 1_000, "{elapsed} ms is below 0.2 × 5 s");
}

#[test]
fn stuck_power_up_never_completes_and_slow_exceeds_the_maximum() {
    let mut stuck = SimParams {
        fault: vec![Fault::StuckPowerUp],
        ..quiet()
    };
    let mut b = bench(DR4, stuck.clone());
    b.secs(3600.0);
    assert_eq!(state(&mut b), 2);

    stuck.fault = vec![Fault::SlowPowerUp];
    let mut b = bench(DR4, stuck);
    // slow_factor 2 × 5 s = 10 s exactly.
    b.ms(9_999);
    assert_eq!(state(&mut b), 2);
    b.ms(1);
    assert_eq!(state(&mut b), 3);
}

#[test]
fn low_power_by_software_and_by_the_lpmode_pin() {
    let mut b = bench(DR4, quiet());
    b.secs(5.0);
    assert_eq!(state(&mut b), 3);
    assert!(
        (b.h.truth().power_w - 12.0).abs() < 1e-9,
        "00h:201 = 48 × 0.25 W"
    );
    // LowPwrRequestSW: ModulePwrDn (max 500 ms, 01h:167 b7-4 = 5) then ModuleLowPwr.
    b.wr(26, &[0x10]);
    assert_eq!(state(&mut b), 4);
    b.ms(500);
    assert_eq!(state(&mut b), 1);
    assert!((b.h.truth().power_w - 3.0).abs() < 1e-9, "25 % of 12 W");
    b.wr(26, &[0x00]);
    assert_eq!(state(&mut b), 2);
    b.secs(5.0);
    assert_eq!(state(&mut b), 3);
    // The pin only counts with LowPwrAllowRequestHW (26 b6).
    b.h.set_lpmode(true);
    assert_eq!(state(&mut b), 3);
    b.wr(26, &[0x40]);
    assert_eq!(state(&mut b), 4);
    b.ms(500);
    assert_eq!(state(&mut b), 1);
    b.h.set_lpmode(false);
    assert_eq!(state(&mut b), 2);
}

#[test]
fn software_reset_restarts_and_self_clears() {
    let mut b = bench(DR4, quiet());
    b.secs(10.0);
    assert_eq!(state(&mut b), 3);
    b.wr(26, &[0x08]);
    assert_eq!(state(&mut b), 2, "power-on reset: ModulePwrUp again");
    assert_eq!(b.b(26) & 0x08, 0, "SoftwareReset reads back 0");
    b.secs(5.0);
    assert_eq!(state(&mut b), 3);
}

#[test]
fn module_fault_shows_its_cause() {
    let mut b = bench(
        DR4,
        SimParams {
            fault_cause: 6,
            ..quiet()
        },
    );
    b.secs(10.0);
    b.h.inject(Fault::ModuleFault);
    assert_eq!(state(&mut b), 5);
    assert_eq!(b.b(41), 6);
    b.ms(1); // t_off
    assert!(b.h.truth().lanes.iter().all(|l| !l.emitting));
    // Clearing the cause does not leave ModuleFault; a reset does.
    b.h.clear(Fault::ModuleFault);
    assert_eq!(state(&mut b), 5);
    b.wr(26, &[0x08]);
    assert_eq!(state(&mut b), 2);
    assert_eq!(b.b(41), 0);
}

#[test]
fn flat_memory_always_reads_module_ready() {
    let mut b = bench("qsfpdd-400g-dac-2m", quiet());
    assert_eq!(state(&mut b), 3);
    b.wr(26, &[0x10]);
    assert_eq!(state(&mut b), 3);
}

#[tokio::test(start_paused = true)]
async fn runs_on_paused_tokio_time() {
    let clock = crate::sim::clock::TokioClock::new();
    let Some(sku) = crate::sim::synth::skus::by_id(DR4) else {
        panic!()
    };
    let mut m = match SimModule::new(sku.image, quiet(), std::sync::Arc::new(clock)) {
        Ok(m) => m,
        Err(e) => panic!("{e}"),
    };
    let mut byte3 = [0u8];
    m.read(DeviceAddr::A0, 3, &mut byte3)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((byte3[0] >> 1) & 7, 2);
    tokio::time::sleep(Duration::from_secs(5)).await;
    m.read(DeviceAddr::A0, 3, &mut byte3)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((byte3[0] >> 1) & 7, 3);
}
