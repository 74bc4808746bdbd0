//! CMIS data paths: bring-up after ModuleReady, provisioning with valid and invalid AppSel,
//! teardown, Tx output disable, DPStateChanged.

use super::*;

const DR4: &str = "qsfpdd-400g-dr4";

/// DR4 at ModuleReady with its data paths activated (≤ 0.8 × (5 s + 500 ms + 100 ms)).
fn running() -> Bench {
    let mut b = bench(DR4, quiet());
    b.secs(5.0);
    assert_eq!((b.b(3) >> 1) & 7, 3);
    b.ms(600);
    b
}

fn dp_states(b: &mut Bench) -> Vec<u8> {
    b.page(0x11);
    b.rd(DeviceAddr::A0, 128, 4)
}

#[test]
fn data_paths_come_up_after_module_ready() {
    let mut b = bench(DR4, quiet());
    // ModulePwrUp: every lane DPDeactivated (code 1, two lanes a byte).
    assert_eq!(dp_states(&mut b), vec![0x11; 4]);
    b.page(0x11);
    assert_eq!(
        b.u16(DeviceAddr::A0, 154),
        0,
        "no light before the data path runs"
    );
    let mut elapsed = 0;
    while dp_states(&mut b) != vec![0x44; 4] {
        b.ms(10);
        elapsed += 10;
        // ModulePwrUp (5 s) + DPInit (500 ms, 01h:144 b3-0 = 5) + DPTxTurnOn (100 ms, 01h:168 = 4).
        assert!(
            elapsed <= 5_600,
            "not DPActivated in time: {:?}",
            dp_states(&mut b)
        );
    }
    b.ms(2); // t_on
    b.page(0x11);
    // Media lanes 1-4 lit, lane 5 (no laser) dark; Tx output status 0x0F.
    assert!(b.u16(DeviceAddr::A0, 154) > 10_000, "> 1 mW raw");
    assert_eq!(b.u16(DeviceAddr::A0, 162), 0);
    assert_eq!(b.b(133), 0x0F);
    // DPStateChanged latched for all 8 host lanes, cleared on read.
    assert_eq!(b.b(134), 0xFF);
    assert_eq!(b.b(134), 0x00);
}

#[test]
fn the_intermediate_states_are_visible() {
    let mut b = bench(DR4, quiet());
    let crate::sim::module::state::SpecState::Cmis(c) = b.h.state() else {
        panic!()
    };
    let crate::sim::module::state::cmis::ModState::PwrUp(Some(ready)) = c.module else {
        panic!()
    };
    b.clock.advance(ready);
    // DPInit (2) right after ModuleReady.
    assert_eq!(dp_states(&mut b), vec![0x22; 4]);
}

/// The host sequence of cmis.md §7: deinit, stage, apply, check status, enable.
fn provision(b: &mut Bench, configs: [u8; 8], mask: u8) -> Vec<u8> {
    b.page(0x10);
    b.wr(128, &[0xFF]); // DPDeinit every lane
    b.ms(100); // DPTxTurnOff 10 ms + DPDeinit 50 ms at most
    assert_eq!(dp_states(b), vec![0x11; 4]);
    b.page(0x10);
    b.wr(145, &configs);
    b.wr(143, &[mask]);
    assert_eq!(b.b(143), 0, "ApplyDPInit is a trigger");
    b.page(0x11);
    b.rd(DeviceAddr::A0, 202, 12)
}

#[test]
fn valid_appsel_provisions_four_100g_data_paths() {
    let mut b = running();
    // AppSel 2 (100GAUI-2 → 100GBASE-DR, 2 host lanes, starts 0x55): DataPathID 0, 2, 4, 6.
    let cfg = [0x20, 0x20, 0x24, 0x24, 0x28, 0x28, 0x2C, 0x2C];
    let st = provision(&mut b, cfg, 0xFF);
    assert_eq!(&st[..4], &[0x11; 4], "ConfigSuccess on every lane");
    assert_eq!(&st[4..], &cfg, "active set 11h:206-213");
    b.page(0x10);
    b.wr(128, &[0x00]);
    b.ms(600);
    assert_eq!(dp_states(&mut b), vec![0x44; 4]);
    // Host lanes 3-4 drive media lane 2 under the 2:1 application.
    b.ms(2);
    b.page(0x11);
    assert!(b.u16(DeviceAddr::A0, 156) > 10_000);
}

#[test]
fn invalid_appsel_and_data_paths_are_rejected() {
    let mut b = running();
    // AppSel 3 is not advertised (the DR4 has two applications): ConfigRejectedInvalidAppSel.
    let st = provision(&mut b, [0x30; 8], 0xFF);
    assert_eq!(&st[..4], &[0x33; 4]);
    assert_eq!(&st[4..], &[0x10; 8], "active set unchanged");
    // AppSel 2 starting on lane 2 (DataPathID 1): 0x55 allows lanes 1, 3, 5, 7 only.
    let st = provision(&mut b, [0x22; 8], 0x03);
    assert_eq!(st[0], 0x44, "ConfigRejectedInvalidDataPath, lanes 1-2");
    // AppSel 1 (8 lanes) applied to lanes 1-4 only: ConfigRejectedPartialDataPath.
    let st = provision(&mut b, [0x10; 8], 0x0F);
    assert_eq!(&st[..2], &[0x77, 0x77]);
    // A lane set unused (AppSel 0) is accepted and stays down.
    let st = provision(&mut b, [0x00; 8], 0xFF);
    assert_eq!(&st[..4], &[0x11; 4]);
    b.page(0x10);
    b.wr(128, &[0x00]);
    b.ms(1_000);
    assert_eq!(dp_states(&mut b), vec![0x11; 4]);
}

#[test]
fn tx_output_disable_darkens_one_lane() {
    let mut b = running();
    b.page(0x10);
    b.wr(130, &[0x01]);
    b.ms(1);
    let t = b.h.truth();
    assert!(!t.lanes[0].emitting && t.lanes[1].emitting);
    b.page(0x11);
    assert_eq!(b.u16(DeviceAddr::A0, 154), 0, "Tx power lane 1");
    assert_eq!(b.u16(DeviceAddr::A0, 170), 0, "bias lane 1");
    assert!(b.u16(DeviceAddr::A0, 156) > 0);
    // Loopback: lane 1 Rx is dark too, Rx LOS (11h:147) latches.
    assert_eq!(b.u16(DeviceAddr::A0, 186), 0);
    assert_eq!(b.b(147) & 0x01, 0x01);
    assert_eq!(b.b(133), 0x0E, "Tx output status");
    // The data path itself stays activated.
    assert_eq!(dp_states(&mut b), vec![0x44; 4]);
    // Enable again: LOS condition gone, the latch clears after one more read.
    b.page(0x10);
    b.wr(130, &[0x00]);
    b.ms(2);
    b.page(0x11);
    assert_eq!(b.b(147) & 0x01, 0x01, "latched until read");
    assert_eq!(b.b(147) & 0x01, 0x00);
}
