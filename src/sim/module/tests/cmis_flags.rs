//! CMIS flags: byte 9 (temperature, Vcc), Page 11h lane flags, IntL (byte 3 b0), all latched
//! and cleared on read only once the condition is gone.

use super::*;
use crate::sim::module::Fault;

/// DR4 settled and running, its latches read clear.
fn running(p: SimParams) -> Bench {
    let mut b = bench("qsfpdd-400g-dr4", p);
    b.secs(6.0);
    b.rd(DeviceAddr::A0, 8, 6);
    b.page(0x11);
    b.rd(DeviceAddr::A0, 134, 20);
    b
}

#[test]
fn vcc_and_temperature_flags_and_intl() {
    let mut b = running(quiet());
    assert_eq!(b.b(9), 0);
    assert_eq!(b.b(3) & 0x01, 0x01, "InterruptDeasserted");
    b.h.set_vcc_v(3.0); // < 3.135 LW, > 2.97 LA: Vcc low warning = b7
    assert_eq!(b.b(9), 0x80);
    assert_eq!(b.b(3) & 0x01, 0x00, "IntL asserted");
    b.h.set_vcc_v(3.3);
    assert_eq!(b.b(9), 0x80, "latched");
    assert_eq!(b.b(9), 0x00);
    assert_eq!(b.b(3) & 0x01, 0x01);
    // A masked flag (byte 32 masks byte 9) does not assert IntL.
    b.wr(32, &[0xFF]);
    b.h.update_params(|p| p.dom_error_temp_c = 60.0); // ≥ 85 °C reported: HA b0 + HW b2
    assert_eq!(b.b(3) & 0x01, 0x01);
    assert_eq!(b.b(9) & 0x05, 0x05);
}

#[test]
fn lane_power_and_bias_flags() {
    let mut b = running(quiet());
    b.page(0x11);
    // +5 dB on Tx: +0.9..+1.2 dBm → +5.9..+6.2 dBm > HA +5.0: bytes 139 (HA) and 141 (HW),
    // media lanes 1-4.
    b.h.update_params(|p| p.dom_error_tx_db = 5.0);
    assert_eq!(b.rd(DeviceAddr::A0, 139, 4), vec![0x0F, 0x00, 0x0F, 0x00]);
    // Rx −12 dB: −1.6..−1.3 → −13.6..−13.3 dBm < LA −9.9: bytes 150 (LA) and 152 (LW).
    b.h.update_params(|p| p.dom_error_rx_db = -12.0);
    assert_eq!(b.rd(DeviceAddr::A0, 149, 4), vec![0x00, 0x0F, 0x00, 0x0F]);
    // Bias −70 %: ~42 mA → ~12.6 mA < LW 20, > LA 10: byte 146.
    b.h.update_params(|p| p.dom_error_bias_pct = -70.0);
    assert_eq!(b.rd(DeviceAddr::A0, 143, 4), vec![0x00, 0x00, 0x00, 0x0F]);
    // Lower byte 4 b0 summarises page 11h.
    assert_eq!(b.b(4) & 0x01, 0x01);
    b.h.update_params(|p| {
        p.dom_error_tx_db = 0.0;
        p.dom_error_rx_db = 0.0;
        p.dom_error_bias_pct = 0.0;
    });
    b.page(0x11);
    assert_eq!(
        b.rd(DeviceAddr::A0, 139, 4),
        vec![0x0F, 0x00, 0x0F, 0x00],
        "latched"
    );
    // Tx flags were read after their condition went: clear. Bias and Rx flags were last read
    // while their condition held: still latched, once.
    let want = vec![0, 0, 0, 0, 0, 0, 0, 0x0F, 0, 0, 0, 0x0F, 0, 0x0F];
    assert_eq!(b.rd(DeviceAddr::A0, 139, 14), want);
    assert_eq!(b.rd(DeviceAddr::A0, 139, 14), vec![0; 14]);
}

#[test]
fn laser_fault_sets_tx_failure() {
    let mut b = running(quiet());
    b.h.inject(Fault::LaserFault);
    b.ms(1);
    b.page(0x11);
    assert_eq!(b.b(135), 0x0F, "Tx failure, media lanes 1-4");
    // Dark: Tx power and bias low alarms, and the loopback Rx LOS.
    assert_eq!(b.b(140), 0x0F);
    assert_eq!(b.b(144), 0x0F);
    assert_eq!(b.b(147), 0x0F);
    b.h.clear(Fault::LaserFault);
    b.ms(2);
    assert_eq!(b.b(135), 0x0F, "latched");
    assert_eq!(b.b(135), 0x00);
}
