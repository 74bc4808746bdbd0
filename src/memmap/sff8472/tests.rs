//! Whole-image tests: hand-built A0h/A2h images decoded through [`decode`], and the real
//! Finisar image. Expected values are worked out by hand from reference/sff-8472.md.

use std::path::PathBuf;

use proptest::prelude::*;

use super::*;
use crate::addr::HALF_LEN;
use crate::memmap::decoded::ThresholdSet;
use crate::memmap::view::sum8;

type Page = [u8; HALF_LEN];

fn put16(p: &mut Page, off: usize, v: u16) {
    p[off..off + 2].copy_from_slice(&v.to_be_bytes());
}

fn put32(p: &mut Page, off: usize, v: u32) {
    p[off..off + 4].copy_from_slice(&v.to_be_bytes());
}

/// A0h of an SFP+ 10GBASE-SR, internally calibrated, average Rx power, flags implemented.
fn base_a0() -> Page {
    let mut p = [0u8; HALF_LEN];
    p[0] = 0x03; // SFP
    p[1] = 0x04;
    p[2] = 0x07; // LC
    p[3] = 0x10; // 10GBASE-SR
    p[11] = 0x06; // 64B/66B
    p[12] = 103; // 10.3 GBd
    p[20..36].copy_from_slice(b"ACME OPTICS     ");
    p[37..40].copy_from_slice(&[0x00, 0x17, 0x6A]);
    p[40..56].copy_from_slice(b"SFP-10G-SR      ");
    p[56..60].copy_from_slice(b"A1  ");
    put16(&mut p, 60, 850);
    p[65] = 0x1A;
    p[68..84].copy_from_slice(b"SN123456        ");
    p[84..92].copy_from_slice(b"240229  ");
    p[92] = 0x68; // DDM, internal, average
    p[93] = 0xF0; // flags, soft TX_DISABLE / TX_FAULT / RX_LOS
    p[94] = 0x08;
    fix_a0(&mut p);
    p
}

fn fix_a0(p: &mut Page) {
    p[63] = sum8(&p[0..63]);
    p[95] = sum8(&p[64..95]);
}

fn fix_a2(p: &mut Page) {
    p[95] = sum8(&p[0..95]);
}

/// A2h with thresholds and live values in internal-calibration units.
fn base_a2() -> Page {
    let mut p = [0u8; HALF_LEN];
    for (i, w) in [
        0x4B00u16, 0xF600, 0x4600, 0xFB00, // temp 75, -10, 70, -5 °C
        36300, 29700, 34650, 31350, // vcc 3.63, 2.97, 3.465, 3.135 V
        6000, 1000, 5500, 1500, // bias 12, 2, 11, 3 mA
        10000, 1000, 7943, 1585, // tx 1.0, 0.1, 0.7943, 0.1585 mW
        12589, 0, 10000, 100, // rx 1.2589, 0 (no dBm), 1.0, 0.01 mW
    ]
    .iter()
    .enumerate()
    {
        put16(&mut p, i * 2, *w);
    }
    // external constants that must be ignored under internal calibration
    put16(&mut p, 84, 0x0200);
    put16(&mut p, 96, 0xEC80); // -4992 / 256 = -19.5 °C
    put16(&mut p, 98, 32900); // 3.29 V
    put16(&mut p, 100, 3000); // 6 mA
    put16(&mut p, 102, 5000); // 0.5 mW = -3.0103 dBm
    put16(&mut p, 104, 0); // 0 mW: dBm None
    fix_a2(&mut p);
    p
}

fn image(a0: Page, a2: Option<Page>) -> ModuleImage {
    let mut img = ModuleImage::new();
    img.insert(SegmentId::LOWER, a0);
    if let Some(a2) = a2 {
        img.insert(SegmentId::A2_LOWER, a2);
    }
    img
}

fn details(d: &Decoded) -> &Details {
    match &d.details {
        AnyDetails::Sff8472(x) => x,
        other => panic!("wrong details {other:?}"),
    }
}

fn close(a: Option<f64>, b: f64) -> bool {
    a.is_some_and(|a| (a - b).abs() < 1e-9)
}

#[test]
fn internal_calibration_full_image() {
    let d = decode(&image(base_a0(), Some(base_a2())));
    assert_eq!(d.spec, Spec::Sff8472);
    assert_eq!(d.identifier.code, 0x03);
    assert_eq!(d.vendor.name, "ACME OPTICS");
    assert_eq!(d.vendor.pn, "SFP-10G-SR");
    assert_eq!(d.vendor.rev, "A1");
    assert_eq!(d.vendor.sn, "SN123456");
    assert_eq!(d.vendor.oui, "00:17:6a");
    assert_eq!(d.vendor.date_code, "2024-02-29");
    let names: Vec<_> = d.checksums.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "A0h CC_BASE (0-62)",
            "A0h CC_EXT (64-94)",
            "A2h CC_DMI (0-94)"
        ]
    );
    assert!(d.checksums.iter().all(|c| c.ok));
    // 64 = 0: power level 1, 1.0 W
    assert_eq!(d.power.max_w, Some(1.0));
    assert_eq!(d.power.class, Some(1));
    assert_eq!(d.dom.temperature_c, Some(-19.5));
    assert_eq!(d.dom.vcc_v, Some(3.29));
    let lane = &d.dom.lanes[0];
    assert_eq!(lane.lane, 1);
    assert_eq!(lane.tx_bias_ma, Some(6.0));
    assert_eq!(lane.tx_power_mw, Some(0.5));
    // 10 log10(0.5) = -3.0103 dBm
    assert!(close(lane.tx_power_dbm, -3.010_299_956_639_812));
    assert_eq!(lane.rx_power_mw, Some(0.0));
    assert_eq!(lane.rx_power_dbm, None);
    let t = &d.thresholds;
    assert_eq!(
        t.temperature_c,
        Some(ThresholdSet {
            high_alarm: Some(75.0),
            low_alarm: Some(-10.0),
            high_warning: Some(70.0),
            low_warning: Some(-5.0),
        })
    );
    assert_eq!(t.vcc_v.as_ref().unwrap().high_warning, Some(3.465));
    assert_eq!(t.tx_bias_ma.as_ref().unwrap().low_warning, Some(3.0));
    let tx = t.tx_power_dbm.as_ref().unwrap();
    assert_eq!(tx.high_alarm, Some(0.0));
    assert!(close(tx.low_alarm, -10.0));
    let rx = t.rx_power_dbm.as_ref().unwrap();
    // 10 log10(1.2589) = 1.000 dBm; 0 mW threshold has no dBm; 0.01 mW = -20 dBm
    assert!(close(rx.high_alarm, 10.0 * 1.2589f64.log10()));
    assert_eq!(rx.low_alarm, None);
    assert!(close(rx.low_warning, -20.0));
    let x = details(&d);
    assert_eq!(x.rx_power_type, RxPowerType::Average);
    assert_eq!(x.calibration, Some(Calibration::Internal));
    assert_eq!(x.identity.sff8472_revision.code, 0x08);
    assert_eq!(x.identity.wavelength_nm, Some(850));
    assert_eq!(x.identity.compliance.names, vec!["10GBASE-SR"]);
    assert!(x.options.tx_disable && x.options.tx_fault && x.options.los);
    assert!(x.status.unwrap().alarms.is_some());
    assert!(d.notes.is_empty(), "{:?}", d.notes);
    assert!(!x.sections().is_empty());
}

/// External calibration: slope 0x0180 = 1.5, offset 0xFF38 = -200, and a polynomial where every
/// term counts; coefficients are powers of two so the arithmetic is exact.
fn external_a2() -> Page {
    let mut p = [0u8; HALF_LEN];
    put16(&mut p, 0, 0x5000); // temp HA: 1.5 * 20480 - 200 = 30520 / 256 = 119.21875 °C
    put16(&mut p, 2, 0xF000); // temp LA: 1.5 * -4096 - 200 = -6344 / 256 = -24.78125 °C
    put16(&mut p, 16, 4000); // bias HA: 1.5 * 4000 - 200 = 5800 x 2 uA = 11.6 mA
    put16(&mut p, 24, 8000); // tx HA: 0.75 * 8000 - 200 = 5800 -> 0.58 mW
    put16(&mut p, 32, 2048); // rx HA, see below: 17384 -> 1.7384 mW
    put16(&mut p, 34, 0); // rx LA: -24 -> clamped to 0 mW, dBm None
    put32(&mut p, 56, 0x3080_0000); // Rx_PWR(4) = 2^-30
    put32(&mut p, 60, 0xB500_0000); // Rx_PWR(3) = -2^-21
    put32(&mut p, 64, 0x3A80_0000); // Rx_PWR(2) = 2^-10
    put32(&mut p, 68, 0x3F00_0000); // Rx_PWR(1) = 0.5
    put32(&mut p, 72, 0xC1C0_0000); // Rx_PWR(0) = -24.0
    put16(&mut p, 76, 0x0180); // Tx_I slope 1.5
    put16(&mut p, 78, 0xFF38); // Tx_I offset -200
    put16(&mut p, 80, 0x00C0); // Tx_PWR slope 0.75
    put16(&mut p, 82, 0xFF38); // Tx_PWR offset -200
    put16(&mut p, 84, 0x0180); // T slope 1.5
    put16(&mut p, 86, 0xFF38); // T offset -200
    put16(&mut p, 88, 0x0100); // V slope 1.0
    put16(&mut p, 90, 0x0064); // V offset +100
    put16(&mut p, 96, 0xF000); // temp: -24.78125 °C (as the LA above)
    put16(&mut p, 98, 32000); // vcc: 32000 + 100 = 32100 -> 3.21 V
    put16(&mut p, 100, 4000); // bias: 11.6 mA
    put16(&mut p, 102, 8000); // tx: 0.58 mW
    put16(&mut p, 104, 1024); // rx, see below: 2024 -> 0.2024 mW
    fix_a2(&mut p);
    p
}

#[test]
fn external_calibration_full_image() {
    let mut a0 = base_a0();
    a0[92] = 0x50; // DDM, external, OMA (bit 3 clear)
    fix_a0(&mut a0);
    let d = decode(&image(a0, Some(external_a2())));
    assert_eq!(d.dom.temperature_c, Some(-24.78125));
    assert!(close(d.dom.vcc_v, 3.21));
    let lane = &d.dom.lanes[0];
    assert!(close(lane.tx_bias_ma, 11.6));
    assert!(close(lane.tx_power_mw, 0.58));
    // x = 1024: 2^-30 x^4 = 2^10 = 1024; -2^-21 x^3 = -2^9 = -512; 2^-10 x^2 = 2^10 = 1024;
    // 0.5 x = 512; -24 -> 1024 - 512 + 1024 + 512 - 24 = 2024 x 0.1 uW = 0.2024 mW.
    // (linear in x would give 0.5*1024 - 24 = 488; ethtool's form c0 + c1 x + c2 x + c3 x would
    // give a different value again.)
    assert!(close(lane.rx_power_mw, 0.2024));
    assert!(close(lane.rx_power_dbm, 10.0 * 0.2024f64.log10()));
    let t = &d.thresholds;
    let temp = t.temperature_c.as_ref().unwrap();
    assert_eq!(temp.high_alarm, Some(119.21875));
    assert_eq!(temp.low_alarm, Some(-24.78125));
    assert!(close(t.tx_bias_ma.as_ref().unwrap().high_alarm, 11.6));
    assert!(close(
        t.tx_power_dbm.as_ref().unwrap().high_alarm,
        10.0 * 0.58f64.log10()
    ));
    // x = 2048: 2^-30 * 2^44 = 16384; -2^-21 * 2^33 = -4096; 2^-10 * 2^22 = 4096; 0.5 * 2048 =
    // 1024; -24 -> 17384 x 0.1 uW = 1.7384 mW.
    let rx = t.rx_power_dbm.as_ref().unwrap();
    assert!(close(rx.high_alarm, 10.0 * 1.7384f64.log10()));
    assert_eq!(rx.low_alarm, None);
    let x = details(&d);
    assert_eq!(x.rx_power_type, RxPowerType::Oma);
    let th = x.thresholds.as_ref().unwrap();
    assert!(close(th.rx_power_mw.high_alarm, 1.7384));
    assert_eq!(th.rx_power_mw.low_alarm, Some(0.0));
    let Some(Calibration::External(c)) = x.calibration else {
        panic!("external calibration expected");
    };
    assert_eq!(c.t_offset, -200);
    assert_eq!(c.tx_pwr_slope, 0.75);
    assert_eq!(c.rx_pwr_4, 2f64.powi(-30));
    assert_eq!(c.rx_pwr_3, -(2f64.powi(-21)));
    assert!(
        d.notes
            .iter()
            .any(|n| n.contains("rx power low alarm threshold"))
    );
    assert!(d.checksums.iter().all(|c| c.ok));
}

#[test]
fn both_calibration_bits_apply_external_with_a_note() {
    let mut a0 = base_a0();
    a0[92] = 0x78;
    fix_a0(&mut a0);
    let d = decode(&image(a0, Some(external_a2())));
    assert!(close(d.dom.vcc_v, 3.21));
    assert!(
        d.notes
            .iter()
            .any(|n| n.contains("both internal and external"))
    );
}

#[test]
fn no_calibration_declared_gives_no_values() {
    let mut a0 = base_a0();
    a0[92] = 0x48; // DDM, neither bit 5 nor 4
    fix_a0(&mut a0);
    let d = decode(&image(a0, Some(base_a2())));
    assert_eq!(d.dom, Dom::default());
    assert_eq!(d.thresholds, Thresholds::default());
    assert!(
        d.notes
            .iter()
            .any(|n| n.contains("neither internal nor external"))
    );
    let x = details(&d);
    assert_eq!(x.calibration, None);
    // raw readings and status are still there
    assert_eq!(
        x.monitors.as_ref().unwrap().raw.temperature,
        0xEC80_u16 as i16
    );
    assert!(x.status.is_some());
    assert_eq!(d.checksums.len(), 3);
}

#[test]
fn ddm_not_implemented_ignores_a2h() {
    let mut a0 = base_a0();
    a0[92] = 0x00;
    a0[94] = 0x00;
    fix_a0(&mut a0);
    for a2 in [None, Some(base_a2())] {
        let present = a2.is_some();
        let d = decode(&image(a0, a2));
        assert_eq!(d.dom, Dom::default());
        assert_eq!(d.thresholds, Thresholds::default());
        assert_eq!(d.checksums.len(), 2);
        let x = details(&d);
        assert_eq!(x.monitors, None);
        assert_eq!(x.status, None);
        assert_eq!(d.notes.len(), usize::from(present), "{:?}", d.notes);
    }
}

#[test]
fn a2h_absent_with_ddm_is_noted() {
    let d = decode(&image(base_a0(), None));
    assert_eq!(d.dom, Dom::default());
    assert_eq!(d.thresholds.temperature_c, None);
    assert_eq!(d.checksums.len(), 2);
    assert_eq!(d.vendor.pn, "SFP-10G-SR");
    assert!(d.notes.iter().any(|n| n.contains("a2h lower half")));
}

#[test]
fn bad_checksums_report_stored_and_computed() {
    let mut a0 = base_a0();
    let good_base = a0[63];
    let good_ext = a0[95];
    a0[63] = good_base.wrapping_add(1);
    a0[95] = 0x00;
    let mut a2 = base_a2();
    let good_dmi = a2[95];
    a2[95] = good_dmi ^ 0xFF;
    let d = decode(&image(a0, Some(a2)));
    let c = &d.checksums;
    assert_eq!(
        (c[0].stored, c[0].computed, c[0].ok),
        (good_base.wrapping_add(1), good_base, false)
    );
    assert_eq!((c[1].stored, c[1].computed), (0x00, good_ext));
    assert_eq!(c[1].ok, good_ext == 0);
    assert_eq!(
        (c[2].stored, c[2].computed, c[2].ok),
        (good_dmi ^ 0xFF, good_dmi, false)
    );
    // decoding goes on
    assert_eq!(d.dom.temperature_c, Some(-19.5));
}

#[test]
fn address_change_and_data_not_ready_are_noted() {
    let mut a0 = base_a0();
    a0[92] = 0x6C; // + bit 2
    fix_a0(&mut a0);
    let mut a2 = base_a2();
    a2[110] = 0x01;
    let d = decode(&image(a0, Some(a2)));
    assert!(
        d.notes
            .iter()
            .any(|n| n.contains("address change required"))
    );
    assert!(d.notes.iter().any(|n| n.contains("data_ready_bar")));
}

#[test]
fn power_levels_reach_the_common_record() {
    let mut a0 = base_a0();
    a0[64] = 0x02;
    let d = decode(&image(a0, None));
    assert_eq!((d.power.max_w, d.power.class), (Some(1.5), Some(2)));
    a0[64] = 0x20;
    let d = decode(&image(a0, None));
    assert_eq!((d.power.max_w, d.power.class), (Some(2.0), Some(3)));
}

#[test]
fn a2h_upper_pages_are_listed() {
    let mut img = image(base_a0(), Some(base_a2()));
    img.insert(SegmentId::a2_upper(0), [0u8; HALF_LEN]);
    img.insert(SegmentId::a2_upper(2), [0u8; HALF_LEN]);
    img.insert(SegmentId::upper(0), [0u8; HALF_LEN]);
    let d = decode(&img);
    assert_eq!(details(&d).a2_pages, vec![0, 2]);
}

#[test]
fn missing_lower_half_does_not_panic() {
    let d = decode(&ModuleImage::new());
    assert_eq!(d.notes.len(), 1);
    assert_eq!(d.checksums.len(), 0);
}

#[test]
fn json_keeps_the_contract_paths() {
    let d = decode(&image(base_a0(), Some(base_a2())));
    let v = serde_json::to_value(&d).unwrap();
    assert_eq!(v["spec"], "sff8472");
    assert_eq!(v["vendor"]["oui"], "00:17:6a");
    assert_eq!(v["dom"]["lanes"][0]["lane"], 1);
    assert!(v["dom"]["lanes"][0]["rx_power_dbm"].is_null());
    assert_eq!(v["thresholds"]["temperature_c"]["low_alarm"], -10.0);
    assert_eq!(v["details"]["sff8472"]["rx_power_type"], "average");
    assert_eq!(v["details"]["sff8472"]["calibration"]["kind"], "internal");
}

fn fixture(name: &str) -> Vec<u8> {
    let mut dir = Some(PathBuf::from(env!("CARGO_MANIFEST_DIR")));
    while let Some(d) = dir {
        let candidate = d.join("shared/fixtures/real").join(name);
        if candidate.exists() {
            return std::fs::read(candidate).unwrap();
        }
        dir = d.parent().map(PathBuf::from);
    }
    panic!("fixture {name} not found above CARGO_MANIFEST_DIR");
}

#[test]
fn real_finisar_ftlx8571d3bcl() {
    let bytes = fixture("sfp-finisar-ftlx8571d3bcl.bin");
    let img = crate::memmap::image::flat::parse(&bytes).unwrap();
    let d = decode(&img);
    assert_eq!(d.identifier.code, 0x03);
    assert_eq!(d.vendor.name, "FINISAR CORP.");
    assert_eq!(d.vendor.pn, "FTLX8571D3BCL");
    assert_eq!(d.vendor.rev, "A");
    assert_eq!(d.vendor.sn, "AUJ0RCJ");
    assert_eq!(d.vendor.oui, "00:90:65");
    // 84-91 "151029  "
    assert_eq!(d.vendor.date_code, "2015-10-29");
    assert_eq!(d.checksums.len(), 3);
    // CC_BASE 0x48, CC_EXT 0xf6, CC_DMI 0x1b
    assert_eq!(
        d.checksums.iter().map(|c| c.stored).collect::<Vec<_>>(),
        [0x48, 0xF6, 0x1B]
    );
    assert!(d.checksums.iter().all(|c| c.ok), "{:?}", d.checksums);
    // 64 = 0x00: level 1
    assert_eq!((d.power.max_w, d.power.class), (Some(1.0), Some(1)));
    // A2h 96 = 0x1402 = 5122 / 256 = 20.0078125 °C; 98 = 0x81B1 = 33201 -> 3.3201 V
    assert_eq!(d.dom.temperature_c, Some(20.0078125));
    assert_eq!(d.dom.vcc_v, Some(3.3201));
    let lane = &d.dom.lanes[0];
    // 100 = 0x0D5A = 3418 x 2 uA = 6.836 mA; 102 = 0x17A5 = 6053 -> 0.6053 mW = -2.1803 dBm;
    // 104 = 0x1587 = 5511 -> 0.5511 mW = -2.5877 dBm
    assert_eq!(lane.tx_bias_ma, Some(6.836));
    assert_eq!(lane.tx_power_mw, Some(0.6053));
    assert!(close(lane.tx_power_dbm, -2.180_293_260_874_48));
    assert_eq!(lane.rx_power_mw, Some(0.5511));
    assert!(close(lane.rx_power_dbm, -2.587_695_889_745_292));
    let t = &d.thresholds;
    // 0x4E00 = 78, 0xF300 = -13, 0x4900 = 73, 0xF800 = -8 °C
    assert_eq!(
        t.temperature_c,
        Some(ThresholdSet {
            high_alarm: Some(78.0),
            low_alarm: Some(-13.0),
            high_warning: Some(73.0),
            low_warning: Some(-8.0),
        })
    );
    // 0x9088 = 37000 -> 3.7 V, 0x7148 = 29000 -> 2.9 V
    assert_eq!(t.vcc_v.as_ref().unwrap().high_alarm, Some(3.7));
    assert_eq!(t.vcc_v.as_ref().unwrap().low_alarm, Some(2.9));
    // 0x19C8 = 6600 -> 13.2 mA, 0x07D0 = 2000 -> 4 mA
    assert_eq!(t.tx_bias_ma.as_ref().unwrap().high_alarm, Some(13.2));
    assert_eq!(t.tx_bias_ma.as_ref().unwrap().low_alarm, Some(4.0));
    // tx HA 0x2710 = 1 mW = 0 dBm; LA 0x09D0 = 2512 -> 0.2512 mW = -5.9998 dBm
    let tx = t.tx_power_dbm.as_ref().unwrap();
    assert_eq!(tx.high_alarm, Some(0.0));
    assert!(close(tx.low_alarm, -5.999_803_649_348_415));
    // rx LA 0x0064 = 100 -> 0.01 mW = -20 dBm; LW 0x009E = 158 -> 0.0158 mW = -18.0134 dBm
    let rx = t.rx_power_dbm.as_ref().unwrap();
    assert!(close(rx.low_alarm, -20.0));
    assert!(close(rx.low_warning, -18.013_429_130_455_773));
    let x = details(&d);
    // 92 = 0x68: DDM, internal, average; 93 = 0xF0; 94 = 0x03 (Rev 10.2)
    assert_eq!(x.calibration, Some(Calibration::Internal));
    assert_eq!(x.rx_power_type, RxPowerType::Average);
    assert_eq!(x.identity.sff8472_revision.code, 0x03);
    assert_eq!(x.identity.sff8472_revision.name, "Rev 10.2");
    // 2 = 0x07 LC, 3 = 0x10 10GBASE-SR, 11 = 0x06, 12 = 0x67 = 103 -> 10300 MBd
    assert_eq!(x.identity.connector.code, 0x07);
    assert_eq!(x.identity.compliance.names, vec!["10GBASE-SR"]);
    assert_eq!(x.identity.encoding.code, 0x06);
    assert_eq!(x.identity.bit_rate.nominal_mbd, Some(10300));
    // 16 = 8 -> 80 m OM2, 17 = 3 -> 30 m OM1, 19 = 0x1E = 30 -> 300 m OM3; 60-61 = 0x0352 = 850 nm
    assert_eq!(x.identity.lengths.om2.unwrap().meters, 80);
    assert_eq!(x.identity.lengths.om1.unwrap().meters, 30);
    assert_eq!(x.identity.lengths.om3.unwrap().meters, 300);
    assert_eq!(x.identity.lengths.om4, None);
    assert_eq!(x.identity.wavelength_nm, Some(850));
    // 65 = 0x1A: TX_DISABLE, TX_FAULT, LOS
    assert!(x.options.tx_disable && x.options.tx_fault && x.options.los);
    assert!(!x.options.rate_select);
    let st = x.status.unwrap();
    // 110 = 0x30: RS(1) and RS(0) pins high, data ready
    assert!(st.status.rs1_state && st.status.rs0_state && !st.status.data_not_ready);
    assert!(!st.alarms.unwrap().any() && !st.warnings.unwrap().any());
    assert_eq!(st.page_select, 0x01);
    assert!(d.notes.is_empty(), "{:?}", d.notes);
}

proptest! {
    #[test]
    fn any_bytes_decode_without_panicking(
        a0 in proptest::collection::vec(any::<u8>(), HALF_LEN),
        a2 in proptest::collection::vec(any::<u8>(), HALF_LEN),
        with_a2 in any::<bool>(),
    ) {
        let mut p0 = [0u8; HALF_LEN];
        p0.copy_from_slice(&a0);
        let mut p2 = [0u8; HALF_LEN];
        p2.copy_from_slice(&a2);
        let d = decode(&image(p0, with_a2.then_some(p2)));
        let _ = details(&d).sections();
        let _ = serde_json::to_string(&d);
    }
}
