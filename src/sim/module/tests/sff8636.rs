//! SFF-8636: Data_Not_Ready, power control byte 93, Tx disable byte 86, latched flags.

use super::*;
use crate::sim::module::Fault;

const SR4: &str = "qsfp28-100g-sr4";

#[test]
fn data_not_ready_clears_after_t_init() {
    let mut b = bench(SR4, quiet());
    assert_eq!(b.b(2) & 0x01, 1);
    b.ms(299);
    assert_eq!(b.b(2) & 0x01, 1);
    b.ms(1);
    assert_eq!(b.b(2) & 0x01, 0);
    let mut stuck = bench(
        SR4,
        SimParams {
            fault: vec![Fault::StuckPowerUp],
            ..quiet()
        },
    );
    stuck.secs(3600.0);
    assert_eq!(stuck.b(2) & 0x01, 1);
}

#[test]
fn power_override_and_the_lpmode_pin_select_low_power() {
    let mut b = bench(SR4, quiet());
    b.ms(400);
    // Class 3 (Page 00h:129 b7-6 = 10): 2.5 W; byte 93 = 0 → the LPMode pin governs.
    assert!((b.h.truth().power_w - 2.5).abs() < 1e-9);
    b.h.set_lpmode(true);
    assert!((b.h.truth().power_w - 0.625).abs() < 1e-9, "25 %");
    b.ms(1);
    assert!(b.h.truth().lanes.iter().all(|l| !l.emitting));
    // Power_override with Power_set clear: high power whatever the pin says.
    b.wr(93, &[0x01]);
    assert!((b.h.truth().power_w - 2.5).abs() < 1e-9);
    b.wr(93, &[0x03]);
    assert!((b.h.truth().power_w - 0.625).abs() < 1e-9);
}

#[test]
fn high_power_class_draws_its_power_only_when_enabled() {
    let mut b = bench("qsfp28-100g-cwdm4", quiet());
    b.ms(400);
    // Class 5 (4.0 W) with byte 93 = 0x05 in the image.
    assert!((b.h.truth().power_w - 4.0).abs() < 1e-9);
    b.wr(93, &[0x01]); // b2 cleared: held to class 4
    assert!((b.h.truth().power_w - 3.5).abs() < 1e-9);
}

#[test]
fn tx_disable_byte_86_per_channel() {
    let mut b = bench(SR4, quiet());
    b.ms(400);
    b.wr(86, &[0x04]); // channel 3
    b.ms(1);
    let tx: Vec<u16> = (0..4).map(|i| b.u16(DeviceAddr::A0, 50 + 2 * i)).collect();
    assert!(tx[0] > 0 && tx[1] > 0 && tx[2] == 0 && tx[3] > 0, "{tx:?}");
    assert_eq!(b.u16(DeviceAddr::A0, 46), 0, "bias channel 3");
    // Loopback: channel 3 Rx LOS (byte 3 b2) and Rx power low alarm + warning (byte 10 b7-4:
    // channel 3 = high nibble; LA b6, LW b4).
    assert_eq!(b.b(3), 0x04);
    assert_eq!(b.b(10) & 0xF0, 0x50);
    b.wr(86, &[0x00]);
    b.ms(2);
    assert_eq!(b.b(3), 0x04, "latched until read");
    assert_eq!(b.b(3), 0x00);
}

#[test]
fn module_flags_latch_and_clear_on_read() {
    let mut b = bench(SR4, quiet());
    b.ms(400);
    assert_eq!(b.b(7), 0);
    b.h.set_vcc_v(3.7); // > 3.63 HA and > 3.465 HW
    assert_eq!(b.b(7), 0xA0);
    assert_eq!(b.b(2) & 0x02, 0, "IntL asserted");
    b.h.set_vcc_v(3.3);
    assert_eq!(b.b(7), 0xA0, "latched");
    assert_eq!(b.b(7), 0x00);
    assert_eq!(b.b(2) & 0x02, 0x02);
    // Bias at 25 °C: 7.4-7.7 mA at 38 °C × e^(−0.13) = 6.5-6.8 mA; reported 150 % high:
    // 16.3-16.9 mA > HA 14 mA on every channel (bytes 11-12: HA b7/b3, HW b5/b1).
    b.h.update_params(|p| p.dom_error_bias_pct = 150.0);
    assert_eq!(b.rd(DeviceAddr::A0, 11, 2), vec![0xAA, 0xAA]);
    // Laser fault: byte 4 Tx fault per channel.
    b.h.inject(Fault::LaserFault);
    assert_eq!(b.b(4), 0x0F);
}

#[test]
fn read_only_bytes_and_unsupported_pages() {
    let mut b = bench(SR4, quiet());
    b.ms(400);
    let id = b.b(0);
    b.wr(0, &[0x55]);
    assert_eq!(b.b(0), id);
    b.page(0);
    let name = b.rd(DeviceAddr::A0, 148, 4);
    b.wr(148, &[0x20; 4]);
    assert_eq!(b.rd(DeviceAddr::A0, 148, 4), name);
    // Page 03h exists; page 20h does not: byte 127 reverts to 0 (SFF-8636 §6.2.11).
    b.page(3);
    assert_eq!(b.b(127), 3);
    b.page(0x20);
    assert_eq!(b.b(127), 0);
    assert_eq!(b.rd(DeviceAddr::A0, 148, 4), name);
}
