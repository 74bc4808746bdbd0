//! SFF-8472: Data_Ready_Bar, soft TX_DISABLE, TX_FAULT, flags, external calibration.

use super::*;
use crate::sim::module::Fault;

const A2: DeviceAddr = DeviceAddr::A2;

#[test]
fn data_ready_bar_clears_after_t_init() {
    let mut b = bench("sfp-10g-sr", quiet());
    assert_eq!(b.rd(A2, 110, 1)[0] & 0x01, 1);
    assert_eq!(b.u16(A2, 102), 0, "laser off during t_init");
    b.ms(299);
    assert_eq!(b.rd(A2, 110, 1)[0] & 0x01, 1);
    b.ms(1);
    assert_eq!(b.rd(A2, 110, 1)[0] & 0x01, 0);
    let mut slow = bench(
        "sfp-10g-sr",
        SimParams {
            t_init_ms: 50.0,
            fault: vec![Fault::SlowPowerUp],
            ..quiet()
        },
    );
    slow.ms(99);
    assert_eq!(slow.rd(A2, 110, 1)[0] & 0x01, 1, "2 × 50 ms");
    slow.ms(1);
    assert_eq!(slow.rd(A2, 110, 1)[0] & 0x01, 0);
}

#[test]
fn soft_tx_disable_turns_the_laser_off() {
    let mut b = bench("sfp-10g-sr", quiet());
    b.ms(400);
    assert!(b.u16(A2, 102) > 5000);
    b.wr_dev(A2, 110, &[0x40]);
    assert_eq!(b.rd(A2, 110, 1)[0] & 0x40, 0x40);
    b.ms(1); // t_off 10 µs
    assert_eq!(b.u16(A2, 102), 0, "Tx power");
    assert_eq!(b.u16(A2, 100), 0, "bias");
    // Loopback: no light back either, RX_LOS (110 b1) set.
    assert_eq!(b.rd(A2, 110, 1)[0] & 0x02, 0x02);
    b.wr_dev(A2, 110, &[0x00]);
    b.ms(2);
    assert!(b.u16(A2, 102) > 5000);
    assert_eq!(b.rd(A2, 110, 1)[0] & 0x02, 0);
    // The hard pin too, shown in b7.
    b.h.set_tx_disable_pin(true);
    b.ms(1);
    assert_eq!(b.rd(A2, 110, 1)[0] & 0x80, 0x80);
    assert_eq!(b.u16(A2, 102), 0);
}

#[test]
fn laser_fault_raises_tx_fault() {
    let mut b = bench("sfp-10g-sr", quiet());
    b.ms(400);
    assert_eq!(b.rd(A2, 110, 1)[0] & 0x04, 0);
    b.h.inject(Fault::LaserFault);
    b.ms(1);
    assert_eq!(b.rd(A2, 110, 1)[0] & 0x04, 0x04);
    assert_eq!(b.u16(A2, 102), 0);
    // Tx power and bias low alarms (112 b0, b2) and warnings (116).
    let a = b.rd(A2, 112, 1)[0];
    assert_eq!(a & 0x05, 0x05, "{a:#04x}");
    b.h.clear(Fault::LaserFault);
    b.ms(2);
    assert_eq!(b.rd(A2, 110, 1)[0] & 0x04, 0);
}

#[test]
fn temperature_alarm_latches_until_read_after_it_is_gone() {
    let p = SimParams {
        initial_case_c: Some(80.0),
        ambient_c: 76.0,
        ..quiet()
    };
    let mut b = bench("sfp-10g-sr", p);
    b.ms(400);
    // 80 °C > 75 (HA) and > 70 (HW): 112 b7 and 116 b7.
    assert_eq!(b.rd(A2, 112, 1)[0] & 0x80, 0x80);
    assert_eq!(b.rd(A2, 112, 1)[0] & 0x80, 0x80, "condition still present");
    assert_eq!(b.rd(A2, 116, 1)[0] & 0x80, 0x80);
    b.h.set_ambient_c(21.0);
    b.secs(600.0);
    assert_eq!(b.rd(A2, 112, 1)[0] & 0x80, 0x80, "latched");
    assert_eq!(b.rd(A2, 112, 1)[0] & 0x80, 0, "cleared by the read");
    // The reference says latched; live flags are a parameter.
    let p = SimParams {
        initial_case_c: Some(80.0),
        ambient_c: 76.0,
        sff8472_latched_flags: false,
        ..quiet()
    };
    let mut live = bench("sfp-10g-sr", p);
    live.ms(400);
    assert_eq!(live.rd(A2, 112, 1)[0] & 0x80, 0x80);
    live.h.set_ambient_c(21.0);
    live.secs(600.0);
    assert_eq!(live.rd(A2, 112, 1)[0] & 0x80, 0);
}

#[test]
fn rx_power_flags_follow_the_partner_light() {
    let mut b = bench("sfp-10g-sr", quiet());
    b.ms(400);
    // Rx thresholds: LA −13.9, LW −11.9, HW 0.0, HA +2.0 dBm.
    b.h.set_partner_rx_dbm(0, Some(-12.5));
    assert_eq!(b.rd(A2, 113, 1)[0], 0x00);
    assert_eq!(b.rd(A2, 117, 1)[0], 0x40, "low warning");
    b.h.set_partner_rx_dbm(0, Some(3.0));
    assert_eq!(b.rd(A2, 113, 1)[0], 0x80, "high alarm");
    assert_eq!(
        b.rd(A2, 117, 1)[0],
        0xC0,
        "high warning now, low warning latched"
    );
    assert_eq!(b.rd(A2, 117, 1)[0], 0x80);
}

#[test]
fn external_calibration_writes_the_raw_value_of_the_truth() {
    let mut b = bench(
        "sfp28-25g-lr",
        SimParams {
            initial_case_c: Some(31.0),
            ..quiet()
        },
    );
    b.ms(400);
    let d = b.decode();
    let t = b.h.truth();
    let dom = d.dom;
    // T slope 1.0: one raw step is 1/256 °C.
    assert!(
        (dom.temperature_c.unwrap_or(0.0) - t.case_c).abs() <= 1.0 / 256.0,
        "{dom:?}"
    );
    // V slope 0.9375: one step 93.75 µV.
    assert!((dom.vcc_v.unwrap_or(0.0) - 3.3).abs() < 0.0001);
    let lane = &dom.lanes[0];
    // Bias slope 1.25 × 2 µA = 2.5 µA a step; Tx slope 0.75 × 0.1 µW.
    assert!((lane.tx_bias_ma.unwrap_or(0.0) - t.lanes[0].bias_ma).abs() < 0.003);
    assert!((lane.tx_power_mw.unwrap_or(0.0) - t.lanes[0].tx_mw).abs() < 0.0001);
    // Rx through the 4th-order polynomial, inverted by bisection.
    assert!((lane.rx_power_mw.unwrap_or(0.0) - t.lanes[0].rx_mw).abs() < 0.0001);
    assert!(t.lanes[0].rx_mw > 0.1);
}

#[test]
fn a0h_is_read_only_and_only_control_bits_of_a2h_are_writable() {
    let mut b = bench("sfp-10g-sr", quiet());
    b.ms(400);
    let before = b.rd(DeviceAddr::A0, 20, 8);
    b.wr(20, &[0x41; 8]);
    assert_eq!(b.rd(DeviceAddr::A0, 20, 8), before);
    let thresholds = b.rd(A2, 0, 8);
    b.wr_dev(A2, 0, &[0; 8]);
    assert_eq!(b.rd(A2, 0, 8), thresholds);
    // 110: b0 (Data_Ready_Bar) and b2 (TX_FAULT) are read-only; b3 soft RS(0) is writable.
    b.wr_dev(A2, 110, &[0x0D]);
    assert_eq!(b.rd(A2, 110, 1)[0], 0x08);
}
