//! DOM from the physical model: case temperature lag, bias and Tx droop versus temperature, Rx
//! over a loopback or from a partner, DOM error offsets, quantisation, noise, determinism.

use super::*;

const SR: &str = "sfp-10g-sr";
const A2: DeviceAddr = DeviceAddr::A2;

fn temp_c(b: &mut Bench) -> f64 {
    f64::from(b.u16(A2, 96) as i16) / 256.0
}

/// 10G SR (1.0 W, R_th 4 °C/W) settled at `case` °C: ambient = case − 4.
fn sr_at(case: f64, mut p: SimParams) -> Bench {
    p.initial_case_c = Some(case);
    p.ambient_c = case - 4.0;
    let b = bench(SR, p);
    b.ms(400); // past t_init (300 ms)
    b
}

#[test]
fn case_temperature_follows_the_ambient_with_tau() {
    let mut b = sr_at(29.0, quiet());
    assert!((temp_c(&mut b) - 29.0).abs() <= 1.0 / 256.0);
    b.h.set_ambient_c(45.0);
    // Target 45 + 1 W × 4 °C/W = 49 °C; at t = τ = 60 s: 49 − 20/e = 41.642 °C, i.e. 1 − 1/e
    // of the 20 °C step.
    b.secs(60.0);
    let want = 49.0 - 20.0 * (-1f64).exp();
    assert!((b.h.truth().case_c - want).abs() < 1e-9);
    assert!(
        (temp_c(&mut b) - want).abs() <= 0.5 / 256.0,
        "{}",
        temp_c(&mut b)
    );
    b.secs(600.0);
    assert!((temp_c(&mut b) - 49.0).abs() < 0.01);
}

#[test]
fn low_power_cools_a_module() {
    // 100G CWDM4: class 5 (4.0 W) enabled by byte 93 = 0x05; ambient 25 → case 41 °C.
    let mut p = quiet();
    p.initial_case_c = Some(41.0);
    let mut b = bench("qsfp28-100g-cwdm4", p);
    b.ms(400);
    assert!((b.h.truth().power_w - 4.0).abs() < 1e-9);
    // Power_override + Power_set: low power, 25 % = 1 W → target 29 °C.
    b.wr(93, &[0x03]);
    assert!((b.h.truth().power_w - 1.0).abs() < 1e-9);
    b.secs(600.0);
    let t = f64::from(b.u16(DeviceAddr::A0, 22) as i16) / 256.0;
    assert!((t - 29.0).abs() < 0.01, "{t}");
}

#[test]
fn bias_rises_and_tx_droops_with_temperature() {
    let mut cold = sr_at(25.0, quiet());
    let mut hot = sr_at(85.0, quiet());
    // Image: 7.0 mA at 36.5 °C, VCSEL T0 = 100 K → I(25) = 7·e^(−0.115) = 6.2395 mA,
    // I(85) = 7·e^(0.485) = 11.3678 mA; raw in 2 µA.
    let bias = |b: &mut Bench| f64::from(b.u16(A2, 100)) * 0.002;
    assert!((bias(&mut cold) - 7.0 * (-0.115f64).exp()).abs() <= 0.001 + 1e-9);
    assert!((bias(&mut hot) - 7.0 * 0.485f64.exp()).abs() <= 0.001 + 1e-9);
    // Tx −2.5 dBm (raw 5623) below the 60 °C knee; at 85 °C 0.02 × 25 = 0.5 dB less:
    // 0.5623 mW × 10^(−0.05) = 0.50116 mW → raw 5012.
    assert_eq!(cold.u16(A2, 102), 5623);
    assert_eq!(hot.u16(A2, 102), 5012);
}

#[test]
fn rx_is_tx_minus_the_loss_or_the_partner_light() {
    let mut b = sr_at(25.0, quiet());
    // Loopback 0.6 dB: 0.5623 mW × 10^(−0.06) = 0.48974 mW → raw 4897.
    assert_eq!(b.u16(A2, 104), 4897);
    b.h.set_loopback(10.0);
    // 0.5623 × 0.1 = 0.05623 mW → 562.
    assert_eq!(b.u16(A2, 104), 562);
    b.h.set_partner_rx_dbm(0, Some(-12.0));
    // 10^(−1.2) = 0.063096 mW → 631.
    assert_eq!(b.u16(A2, 104), 631);
    let t = b.h.truth();
    assert!((t.lanes[0].rx_mw - 0.063_095_7).abs() < 1e-6);
}

#[test]
fn dom_error_offsets_are_visible_against_the_truth() {
    let p = SimParams {
        dom_error_tx_db: 1.5,
        dom_error_temp_c: -4.0,
        ..quiet()
    };
    let mut b = sr_at(30.0, p);
    // −2.5 dBm + 1.5 dB = −1.0 dBm = 0.79433 mW → raw 7943; truth stays 0.5623 mW.
    assert_eq!(b.u16(A2, 102), 7943);
    assert!((b.h.truth().lanes[0].tx_mw - 0.5623).abs() < 1e-9);
    assert!((temp_c(&mut b) - 26.0).abs() <= 1.0 / 256.0);
    b.h.update_params(|p| p.dom_error_rx_db = -3.0);
    // 0.48974 mW × 10^(−0.3) = 0.24545 mW → 2455 (rounded).
    assert_eq!(b.u16(A2, 104), 2455);
}

#[test]
fn readings_are_quantised_to_the_register_lsb() {
    let mut b = sr_at(29.0, quiet());
    b.h.set_vcc_v(3.31234);
    // 3.31234 V / 100 µV = 33123.4 → 33123.
    assert_eq!(b.u16(A2, 98), 33123);
    b.h.set_ambient_c(25.0 + 1.0 / 512.0 - 4.0 + 4.0); // case heads for 29.00195 °C
    b.secs(10_000.0);
    // 29.001953 × 256 = 7424.5 → 7425 (round half away from zero).
    assert_eq!(b.u16(A2, 96), 7425);
}

#[test]
fn noise_has_the_configured_sigma() {
    let mut b = sr_at(29.0, SimParams::default());
    let n = 400;
    let xs: Vec<f64> = (0..n).map(|_| temp_c(&mut b)).collect();
    let mean = xs.iter().sum::<f64>() / f64::from(n);
    let sd = (xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / f64::from(n)).sqrt();
    // σ = 0.2 °C; the sample σ of 400 draws is within ±15 % with overwhelming probability.
    assert!((sd - 0.2).abs() < 0.03, "{sd}");
    assert!((mean - 29.0).abs() < 0.05, "{mean}");
}

#[test]
fn same_seed_same_readings() {
    let run = |seed: u64| {
        let mut b = bench(
            "qsfpdd-400g-dr4",
            SimParams {
                seed,
                ..SimParams::default()
            },
        );
        let mut out = Vec::new();
        for _ in 0..20 {
            b.ms(700);
            b.page(0x11);
            out.extend(b.rd(DeviceAddr::A0, 128, 80));
            out.extend(b.rd(DeviceAddr::A0, 14, 4));
        }
        out
    };
    assert_eq!(run(7), run(7));
    assert_ne!(run(7), run(8));
}
