//! Injected faults end in the right transport error (or the right bytes).

use super::*;
use crate::sim::module::Fault;

const DR4: &str = "qsfpdd-400g-dr4";

fn is_nack(r: Result<Vec<u8>, TransportError>) -> bool {
    matches!(r, Err(TransportError::Nack { .. }))
}

#[test]
fn nack_bursts_from_params_and_handle() {
    let mut b = bench(
        DR4,
        SimParams {
            nack_burst: 2,
            ..quiet()
        },
    );
    assert!(is_nack(b.try_rd(DeviceAddr::A0, 0, 1)));
    assert!(is_nack(b.try_rd(DeviceAddr::A0, 0, 1)));
    assert_eq!(b.b(0), 0x18);
    b.h.nack_next(3);
    for _ in 0..3 {
        assert!(matches!(
            b.m.write(DeviceAddr::A0, 127, &[1]),
            Err(TransportError::Nack { .. })
        ));
    }
    assert_eq!(b.b(0), 0x18);
}

#[test]
fn slow_page_switch_nacks_for_the_hold_off() {
    let mut b = bench(
        DR4,
        SimParams {
            fault: vec![Fault::SlowPageSwitch],
            ..quiet()
        },
    );
    b.page(1);
    assert!(is_nack(b.try_rd(DeviceAddr::A0, 128, 8)));
    b.ms(9);
    assert!(is_nack(b.try_rd(DeviceAddr::A0, 128, 8)));
    b.ms(1); // tBPC 10 ms
    assert_eq!(b.rd(DeviceAddr::A0, 128, 1), vec![0x03]);
    b.h.update_params(|p| p.page_switch_ms = 25.0);
    b.page(2);
    b.ms(24);
    assert!(is_nack(b.try_rd(DeviceAddr::A0, 128, 8)));
    b.ms(1);
    assert!(b.try_rd(DeviceAddr::A0, 128, 8).is_ok());
}

#[test]
fn corrupted_bytes_break_the_checksum() {
    // Byte 130 of the selected upper page (page 00h: vendor name) has bit 0 flipped.
    let mut b = bench(
        DR4,
        SimParams {
            corrupt_offsets: vec![130],
            ..quiet()
        },
    );
    assert_eq!(b.b(0), 0x18);
    b.page(0);
    assert_eq!(b.rd(DeviceAddr::A0, 130, 1), vec![b'C' ^ 0x01]);
    let d = b.decode();
    let bad: Vec<_> = d.checksums.iter().filter(|c| !c.ok).collect();
    assert!(!bad.is_empty(), "{:?}", d.checksums);
    let mut noisy = bench(
        DR4,
        SimParams {
            corrupt_probability: 1.0,
            ..quiet()
        },
    );
    let v = noisy.rd(DeviceAddr::A0, 0, 8);
    assert_ne!(v[0], 0x18);
}

#[test]
fn unplug_nacks_and_replug_restarts_the_state_machines() {
    let mut b = bench(DR4, quiet());
    b.secs(10.0);
    assert_eq!((b.b(3) >> 1) & 7, 3);
    b.h.unplug();
    assert!(is_nack(b.try_rd(DeviceAddr::A0, 0, 1)));
    assert!(matches!(
        b.m.write(DeviceAddr::A0, 26, &[0]),
        Err(TransportError::Nack { .. })
    ));
    b.ms(1);
    assert!(b.h.truth().lanes.iter().all(|l| !l.emitting));
    assert_eq!(b.h.truth().power_w, 0.0);
    b.h.replug();
    assert_eq!(
        (b.b(3) >> 1) & 7,
        2,
        "ModulePwrUp again after the power-on reset"
    );
    // Unplugged from the start (a fault in the fixture).
    let mut gone = bench(
        DR4,
        SimParams {
            fault: vec![Fault::Unplugged],
            ..quiet()
        },
    );
    assert!(is_nack(gone.try_rd(DeviceAddr::A0, 0, 1)));
    gone.h.clear(Fault::Unplugged);
    assert_eq!(gone.b(0), 0x18);
}

#[test]
fn modsel_and_reset_pins() {
    let mut b = bench(DR4, quiet());
    b.secs(10.0);
    b.h.set_modsel(false);
    assert!(is_nack(b.try_rd(DeviceAddr::A0, 0, 1)));
    b.h.set_modsel(true);
    assert_eq!((b.b(3) >> 1) & 7, 3, "deselecting is no reset");
    b.h.set_reset(true);
    assert!(is_nack(b.try_rd(DeviceAddr::A0, 0, 1)));
    b.h.set_reset(false);
    assert_eq!((b.b(3) >> 1) & 7, 2);
    // An SFP has no A2h on a QSFP, and a QSFP has no 0x51.
    assert!(is_nack(b.try_rd(DeviceAddr::A2, 0, 1)));
}

#[test]
fn read_only_bytes_are_unchanged_after_a_write() {
    let mut b = bench(DR4, quiet());
    b.secs(10.0);
    b.wr(0, &[0x11]);
    assert_eq!(b.b(0), 0x18);
    b.wr(14, &[0, 0]);
    assert_ne!(b.u16(DeviceAddr::A0, 14), 0, "monitors are not writable");
    b.page(0);
    let vendor = b.rd(DeviceAddr::A0, 129, 8);
    b.wr(129, &[0x5A; 8]);
    assert_eq!(b.rd(DeviceAddr::A0, 129, 8), vendor);
    b.page(0x11);
    let status = b.rd(DeviceAddr::A0, 202, 4);
    b.wr(202, &[0x33; 4]);
    assert_eq!(b.rd(DeviceAddr::A0, 202, 4), status);
    // Writable: masks (31) and the lane controls of page 10h.
    b.wr(31, &[0xFF]);
    assert_eq!(b.b(31), 0xFF);
    b.page(0x10);
    b.wr(132, &[0x0F]);
    assert_eq!(b.b(132), 0x0F);
}

#[test]
fn unsupported_cmis_page_reverts_the_select() {
    let mut b = bench(DR4, quiet());
    b.page(0x11);
    assert_eq!(b.rd(DeviceAddr::A0, 126, 2), vec![0, 0x11]);
    b.page(0x13); // diagnostics pages not advertised (01h:142 = 0)
    assert_eq!(b.b(127), 0);
    assert_eq!(b.b(128), 0x18, "page 00h served");
    b.wr(126, &[1, 0x11]); // bank 1 absent
    assert_eq!(b.rd(DeviceAddr::A0, 126, 2), vec![0, 0]);
}
