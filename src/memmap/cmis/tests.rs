//! Whole-image tests: hand-built images (expected values computed by hand from
//! reference/cmis.md) and the real fixtures in /work/shared/fixtures/real.

use std::path::PathBuf;

use super::decode;
use super::details::Details;
use crate::addr::SegmentId;
use crate::memmap::decoded::{Decoded, Details as AnyDetails, LaneDom, ThresholdSet};
use crate::memmap::image::{ModuleImage, flat};
use crate::memmap::view::sum8;

type Page = [u8; 128];

fn details(d: &Decoded) -> &Details {
    match &d.details {
        AnyDetails::Cmis(c) => c,
        other => panic!("not CMIS details: {other:?}"),
    }
}

/// Lower page of a paged CMIS `rev` OSFP in ModuleReady.
fn lower(rev: u8) -> Page {
    let mut l = [0u8; 128];
    l[0] = 0x19; // OSFP
    l[1] = rev;
    l[3] = 0x07; // ModuleReady, IntL deasserted
    l[14] = 0x1A; // 0x1A80 = 6784 / 256 = 26.5 °C
    l[15] = 0x80;
    l[16] = 0x82; // 0x8214 = 33300 × 100 µV = 3.33 V
    l[17] = 0x14;
    l[85] = 0x02; // SMF
    // App 1: 800GAUI-8 (0x51) -> 800GBASE-DR8 (0x56), 8/8 lanes, lane 1; then end of list.
    l[86..90].copy_from_slice(&[0x51, 0x56, 0x88, 0x01]);
    l[90] = 0xFF;
    l
}

fn with_checksum(mut p: Page, first: usize, stored_at: usize) -> Page {
    p[stored_at - 128] = sum8(&p[first - 128..stored_at - 128]);
    p
}

fn page00() -> Page {
    let mut p = [b' '; 128];
    p[0] = 0x19;
    p[1..7].copy_from_slice(b"VENDOR");
    p[17..20].copy_from_slice(&[0x00, 0x11, 0x22]); // OUI at 145
    p[20..27].copy_from_slice(b"PN-0001"); // 148
    p[36..38].copy_from_slice(b"A1"); // 164
    p[38..44].copy_from_slice(b"SN0042"); // 166
    p[54..62].copy_from_slice(b"240229AB"); // 182: 2024-02-29
    p[72..].fill(0);
    p[200 - 128] = 0x60; // b7-5 = 011 -> class 4
    p[201 - 128] = 0x30; // 48 × 0.25 = 12 W
    with_checksum(p, 128, 222)
}

fn page01(b142: u8, b160: u8) -> Page {
    let mut p = [0u8; 128];
    p[142 - 128] = b142;
    p[145 - 128] = 0x00;
    p[151 - 128] = 0x10; // Rx power is average
    p[159 - 128] = 0x03; // temperature, Vcc supported
    p[160 - 128] = b160;
    p[176 - 128] = 0x01; // media lane assignment of app 1
    with_checksum(p, 130, 255)
}

fn page02() -> Page {
    let mut p = [0u8; 128];
    // Temperature 128-135: 0x4B00 = 75 °C, 0xFB00 = -5 °C, 0x4600 = 70 °C, 0x0000 = 0 °C.
    p[0..8].copy_from_slice(&[0x4B, 0x00, 0xFB, 0x00, 0x46, 0x00, 0x00, 0x00]);
    // Vcc 136-143: 0x8B42 = 35650 -> 3.565 V, 0x768E = 30350 -> 3.035, 0x875A -> 3.465, 0x7A76 -> 3.135.
    p[8..16].copy_from_slice(&[0x8B, 0x42, 0x76, 0x8E, 0x87, 0x5A, 0x7A, 0x76]);
    // Tx power 176-183: 0x2710 = 10000 -> 1 mW = 0 dBm; 0x0000 = 0 mW -> None; 0x03E8 = 1000 ->
    // 0.1 mW = -10 dBm; 0x0064 = 100 -> 0.01 mW = -20 dBm.
    p[48..56].copy_from_slice(&[0x27, 0x10, 0x00, 0x00, 0x03, 0xE8, 0x00, 0x64]);
    // Tx bias 184-191: 0x1388 = 5000 × 2 µA = 10 mA (× multiplier) for all four.
    for i in 0..4 {
        p[56 + 2 * i..58 + 2 * i].copy_from_slice(&[0x13, 0x88]);
    }
    // Rx power 192-199: 0x2710 -> 0 dBm, rest 0 mW.
    p[64..66].copy_from_slice(&[0x27, 0x10]);
    with_checksum(p, 128, 255)
}

/// Page 11h whose lane i has Tx power 1000·(i+1) (0.1·(i+1) mW), Tx bias 1000·(i+1)
/// (2·(i+1) mA × multiplier), Rx power 0 on lane 1 and 10000 elsewhere.
fn page11() -> Page {
    let mut p = [0u8; 128];
    p[0..4].fill(0x44); // all DPActivated
    for i in 0..8 {
        let v = (1000 * (i as u16 + 1)).to_be_bytes();
        p[154 - 128 + 2 * i..156 - 128 + 2 * i].copy_from_slice(&v);
        p[170 - 128 + 2 * i..172 - 128 + 2 * i].copy_from_slice(&v);
        let rx: u16 = if i == 0 { 0 } else { 10_000 };
        p[186 - 128 + 2 * i..188 - 128 + 2 * i].copy_from_slice(&rx.to_be_bytes());
    }
    p[202 - 128..206 - 128].fill(0x11); // ConfigSuccess
    p[206 - 128..214 - 128].fill(0x10); // AppSel 1
    p
}

fn image(segments: &[(SegmentId, Page)]) -> ModuleImage {
    let mut img = ModuleImage::new();
    for (id, p) in segments {
        img.insert(*id, *p);
    }
    img
}

fn full_image(rev: u8, b142: u8, b160: u8) -> ModuleImage {
    image(&[
        (SegmentId::LOWER, lower(rev)),
        (SegmentId::upper(0x00), page00()),
        (SegmentId::upper(0x01), page01(b142, b160)),
        (SegmentId::upper(0x02), page02()),
        (SegmentId::banked(0, 0x10), [0u8; 128]),
        (SegmentId::banked(0, 0x11), page11()),
    ])
}

#[test]
fn full_paged_module() {
    // 160 = 0x07: bias, Tx power, Rx power supported, multiplier ×1.
    let d = decode(&full_image(0x52, 0x00, 0x07));
    assert_eq!(d.cmis_revision.as_deref(), Some("5.2"));
    assert_eq!(d.module_state.as_deref(), Some("ModuleReady"));
    assert_eq!(d.vendor.name, "VENDOR");
    assert_eq!(d.vendor.oui, "00:11:22");
    assert_eq!(d.vendor.pn, "PN-0001");
    assert_eq!(d.vendor.rev, "A1");
    assert_eq!(d.vendor.sn, "SN0042");
    assert_eq!(d.vendor.date_code, "2024-02-29");
    assert_eq!((d.power.class, d.power.max_w), (Some(4), Some(12.0)));
    let names: Vec<&str> = d.checksums.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "page 00h (128-221)",
            "page 01h (130-254)",
            "page 02h (128-254)"
        ]
    );
    assert!(d.checksums.iter().all(|c| c.ok));
    assert_eq!(d.dom.temperature_c, Some(26.5));
    assert_eq!(d.dom.vcc_v, Some(3.33));
    assert_eq!(d.dom.lanes.len(), 8);
    // Lane 1: Tx 1000 -> 0.1 mW = -10 dBm; bias 1000 × 2 µA = 2 mA; Rx 0 mW -> no dBm.
    assert_eq!(
        d.dom.lanes[0],
        LaneDom {
            lane: 1,
            tx_bias_ma: Some(2.0),
            tx_power_mw: Some(0.1),
            tx_power_dbm: Some(-10.0),
            rx_power_mw: Some(0.0),
            rx_power_dbm: None,
        }
    );
    // Lane 8: Tx 8000 -> 0.8 mW; bias 16 mA; Rx 10000 -> 1 mW = 0 dBm.
    let l8 = &d.dom.lanes[7];
    assert_eq!(
        (l8.lane, l8.tx_bias_ma, l8.tx_power_mw),
        (8, Some(16.0), Some(0.8))
    );
    assert_eq!((l8.rx_power_mw, l8.rx_power_dbm), (Some(1.0), Some(0.0)));
    let t = &d.thresholds;
    assert_eq!(
        t.temperature_c,
        Some(ThresholdSet {
            high_alarm: Some(75.0),
            low_alarm: Some(-5.0),
            high_warning: Some(70.0),
            low_warning: Some(0.0)
        })
    );
    assert_eq!(
        t.vcc_v,
        Some(ThresholdSet {
            high_alarm: Some(3.565),
            low_alarm: Some(3.035),
            high_warning: Some(3.465),
            low_warning: Some(3.135)
        })
    );
    let tx = t.tx_power_dbm.clone().unwrap_or_default();
    assert_eq!(tx.high_alarm, Some(0.0));
    assert_eq!(tx.low_alarm, None, "0 mW threshold has no dBm");
    assert_eq!(tx.high_warning, Some(-10.0));
    assert_eq!(tx.low_warning, Some(-20.0));
    assert_eq!(t.tx_bias_ma.as_ref().and_then(|b| b.high_alarm), Some(10.0));
    let rx = t.rx_power_dbm.clone().unwrap_or_default();
    assert_eq!((rx.high_alarm, rx.low_alarm), (Some(0.0), None));
    assert_eq!(d.applications.len(), 1);
    assert_eq!(d.applications[0].media_lane_assignment, Some(0x01));
    assert!(d.notes.is_empty(), "{:?}", d.notes);
    let det = details(&d);
    assert_eq!(det.lanes_per_bank, 8);
    assert_eq!(det.banks.len(), 1);
    assert!(det.page01.is_some() && det.page02.is_some() && det.page00.is_some());
    // The report renders and flags nothing on this healthy module.
    let sections = det.sections();
    assert!(sections.len() >= 8);
    assert!(sections.iter().flat_map(|s| &s.rows).all(|r| !r.flagged));
}

#[test]
fn bias_multiplier_x1_x2_x4() {
    // 160 b4-3 = 00/01/10 -> lane 1 bias 1000 × 2 µA × 1/2/4 = 2/4/8 mA; threshold 10/20/40 mA.
    for (b160, lane1, thr) in [(0x07, 2.0, 10.0), (0x0F, 4.0, 20.0), (0x17, 8.0, 40.0)] {
        let d = decode(&full_image(0x52, 0x00, b160));
        assert_eq!(d.dom.lanes[0].tx_bias_ma, Some(lane1));
        assert_eq!(
            d.thresholds.tx_bias_ma.and_then(|t| t.low_warning),
            Some(thr)
        );
    }
    // Reserved multiplier code 11: bias unknown, noted.
    let d = decode(&full_image(0x52, 0x00, 0x1F));
    assert_eq!(d.dom.lanes[0].tx_bias_ma, None);
    assert_eq!(d.thresholds.tx_bias_ma, None);
    assert_eq!(d.notes.len(), 1);
}

#[test]
fn unsupported_lane_monitors_are_none() {
    // 160 = 0x02: only Tx power supported.
    let d = decode(&full_image(0x52, 0x00, 0x02));
    let l = &d.dom.lanes[1];
    assert_eq!(
        (l.tx_bias_ma, l.rx_power_mw, l.rx_power_dbm),
        (None, None, None)
    );
    assert_eq!(l.tx_power_mw, Some(0.2));
    assert_eq!(d.thresholds.tx_bias_ma, None);
    assert_eq!(d.thresholds.rx_power_dbm, None);
    assert!(d.thresholds.tx_power_dbm.is_some());
}

#[test]
fn bank_1_lane_9() {
    // 142 b1-0 = 01: banks 0-1. Bank 1 page 11h lane 1 (lane 9) Tx power 0x1388 = 0.5 mW.
    let mut img = full_image(0x52, 0x01, 0x07);
    let mut b1 = page11();
    b1[154 - 128..156 - 128].copy_from_slice(&[0x13, 0x88]);
    img.insert(SegmentId::banked(1, 0x10), [0u8; 128]);
    img.insert(SegmentId::banked(1, 0x11), b1);
    let d = decode(&img);
    assert_eq!(d.dom.lanes.len(), 16);
    let l9 = &d.dom.lanes[8];
    assert_eq!((l9.lane, l9.tx_power_mw), (9, Some(0.5)));
    assert_eq!(d.dom.lanes[15].lane, 16);
    assert!(d.notes.is_empty(), "{:?}", d.notes);
    let det = details(&d);
    assert_eq!(det.banks.iter().map(|b| b.bank).collect::<Vec<_>>(), [0, 1]);
    // An advertised bank that is missing is noted.
    img.remove(SegmentId::banked(1, 0x11));
    let d = decode(&img);
    assert_eq!(d.dom.lanes.len(), 8);
    assert_eq!(
        d.notes,
        ["page 11h of bank 1 missing: its lanes are not decoded"]
    );
    // A bank present beyond the advertised count is decoded and noted.
    let mut img = full_image(0x52, 0x00, 0x07);
    img.insert(SegmentId::banked(1, 0x11), page11());
    let d = decode(&img);
    assert_eq!(d.dom.lanes.len(), 16);
    assert_eq!(d.notes.len(), 1);
}

fn with_app(img: &mut ModuleImage, desc: [u8; 4], media_assign: u8) {
    if let Some(l) = img.get_mut(SegmentId::LOWER) {
        l[86..90].copy_from_slice(&desc);
    }
    if let Some(p) = img.get_mut(SegmentId::upper(0x01)) {
        p[176 - 128] = media_assign;
        p[127] = sum8(&p[2..127]);
    }
}

#[test]
fn dom_lane_count_follows_applications() {
    // 1 lane: 100GAUI-1 (0x4B) -> 100GBASE-DR (0x14), 1/1 lanes, host and media lane 1 only.
    let mut img = full_image(0x52, 0x00, 0x07);
    with_app(&mut img, [0x4B, 0x14, 0x11, 0x01], 0x01);
    assert_eq!(decode(&img).dom.lanes.len(), 1);
    // 4 lanes: 400GAUI-4 (0x4F) -> 400GBASE-DR4 (0x1C), 4/4, lane 1 only.
    with_app(&mut img, [0x4F, 0x1C, 0x44, 0x01], 0x01);
    let d = decode(&img);
    assert_eq!(
        d.dom.lanes.iter().map(|l| l.lane).collect::<Vec<_>>(),
        [1, 2, 3, 4]
    );
    // 8 lanes: the same application allowed on lanes 1 and 5.
    with_app(&mut img, [0x4F, 0x1C, 0x44, 0x11], 0x11);
    assert_eq!(decode(&img).dom.lanes.len(), 8);
}

#[test]
fn descriptors_continue_on_page_01h() {
    let mut img = full_image(0x52, 0x00, 0x07);
    if let Some(l) = img.get_mut(SegmentId::LOWER) {
        for i in 0..8 {
            l[86 + 4 * i..90 + 4 * i].copy_from_slice(&[0x4B, 0x14, 0x11, 0xFF]);
        }
    }
    if let Some(p) = img.get_mut(SegmentId::upper(0x01)) {
        p[223 - 128..227 - 128].copy_from_slice(&[0x51, 0x56, 0x88, 0x01]); // app 9
        p[227 - 128] = 0xFF;
        p[184 - 128] = 0x01; // media lanes of app 9
        p[127] = sum8(&p[2..127]);
    }
    let d = decode(&img);
    assert_eq!(d.applications.len(), 9);
    let a9 = &d.applications[8];
    assert_eq!(
        (a9.app, a9.host_interface_id, a9.media_interface_id),
        (9, 0x51, 0x56)
    );
    assert_eq!((a9.host_lane_count, a9.media_lane_count), (8, 8));
    assert_eq!(a9.media_lane_assignment, Some(0x01));
}

#[test]
fn missing_pages_are_none_with_notes() {
    let d = decode(&image(&[(SegmentId::LOWER, lower(0x50))]));
    assert_eq!(d.notes.len(), 5, "{:?}", d.notes);
    for page in [
        "00h",
        "01h",
        "02h",
        "page 10h of bank 0",
        "page 11h of bank 0",
    ] {
        assert!(
            d.notes.iter().any(|n| n.contains(page)),
            "no note for {page}"
        );
    }
    assert!(d.checksums.is_empty());
    assert_eq!((d.power.class, d.power.max_w), (None, None));
    assert_eq!(d.vendor.pn, "");
    // Without page 01h, temperature and Vcc are still reported.
    assert_eq!((d.dom.temperature_c, d.dom.vcc_v), (Some(26.5), Some(3.33)));
    assert!(d.dom.lanes.is_empty());
    assert_eq!(d.thresholds.temperature_c, None);
    assert_eq!(d.applications.len(), 1);
    assert_eq!(d.applications[0].media_lane_assignment, None);
    let det = details(&d);
    assert!(det.page00.is_none() && det.page01.is_none() && det.page02.is_none());
    assert!(det.banks.is_empty());
    assert!(det.lower.is_some());
    let _ = det.sections();
}

#[test]
fn page_11h_without_page_01h() {
    let img = image(&[
        (SegmentId::LOWER, lower(0x50)),
        (SegmentId::upper(0x00), page00()),
        (SegmentId::banked(0, 0x11), page11()),
    ]);
    let d = decode(&img);
    // Tx bias needs the multiplier of 01h:160: not reported; powers are.
    let l = &d.dom.lanes[0];
    assert_eq!((l.tx_bias_ma, l.tx_power_mw), (None, Some(0.1)));
    assert_eq!(d.dom.lanes.len(), 8);
}

#[test]
fn flat_memory_module() {
    let mut l = lower(0x40);
    l[2] = 0x80; // flat memory
    l[3] = 0x00; // state code 0 is read; flat memory is always ModuleReady
    let mut img = image(&[(SegmentId::LOWER, l), (SegmentId::upper(0x00), page00())]);
    let d = decode(&img);
    assert_eq!(d.module_state.as_deref(), Some("ModuleReady"));
    assert_eq!(d.cmis_revision.as_deref(), Some("4.0"));
    assert_eq!(d.checksums.len(), 1);
    assert!(d.checksums[0].ok);
    // No notes about 01h, 02h, 10h, 11h; only the state code disagreement.
    assert_eq!(d.notes.len(), 1, "{:?}", d.notes);
    assert!(d.notes[0].contains("flat"));
    l[3] = 0x07;
    img.insert(SegmentId::LOWER, l);
    let d = decode(&img);
    assert!(d.notes.is_empty(), "{:?}", d.notes);
    assert!(d.dom.lanes.is_empty());
    assert_eq!(d.dom.temperature_c, Some(26.5));
    let det = details(&d);
    assert!(det.page01.is_none() && det.banks.is_empty());
    // Extra pages in a flat image are ignored, with a note.
    img.insert(SegmentId::upper(0x01), page01(0, 0));
    let d = decode(&img);
    assert_eq!(d.notes.len(), 1);
    assert!(details(&d).page01.is_none());
}

#[test]
fn negative_temperature_and_zero_power() {
    let mut img = full_image(0x52, 0x00, 0x07);
    if let Some(l) = img.get_mut(SegmentId::LOWER) {
        l[14] = 0xF6; // 0xF600 = -2560 / 256 = -10 °C
        l[15] = 0x00;
    }
    let d = decode(&img);
    assert_eq!(d.dom.temperature_c, Some(-10.0));
    assert_eq!(d.dom.lanes[0].rx_power_mw, Some(0.0));
    assert_eq!(d.dom.lanes[0].rx_power_dbm, None);
}

#[test]
fn bad_checksums_do_not_stop_decoding() {
    let mut img = full_image(0x52, 0x00, 0x07);
    for page in [0x00, 0x01, 0x02] {
        if let Some(p) = img.get_mut(SegmentId::upper(page)) {
            p[130 - 128] ^= 0x01; // inside every range
        }
    }
    let d = decode(&img);
    assert_eq!(d.checksums.len(), 3);
    assert!(d.checksums.iter().all(|c| !c.ok));
    assert_eq!(d.vendor.pn, "PN-0001");
    assert_eq!(d.dom.lanes.len(), 8);
}

#[test]
fn raised_flags_are_highlighted() {
    let mut img = full_image(0x52, 0x00, 0x07);
    if let Some(l) = img.get_mut(SegmentId::LOWER) {
        l[3] = 0x0A; // ModuleFault (5), IntL asserted
        l[9] = 0x01; // temperature high alarm
        l[41] = 0x01; // TEC runaway
    }
    if let Some(p) = img.get_mut(SegmentId::banked(0, 0x11)) {
        p[147 - 128] = 0x04; // Rx LOS on lane 3
        p[203 - 128] = 0x30; // lane 4 ConfigRejectedInvalidAppSel
    }
    let d = decode(&img);
    assert_eq!(d.module_state.as_deref(), Some("ModuleFault"));
    let flagged: Vec<String> = details(&d)
        .sections()
        .into_iter()
        .flat_map(|s| s.rows)
        .filter(|r| r.flagged)
        .map(|r| r.label)
        .collect();
    for label in [
        "Module state",
        "Interrupt (IntL) asserted",
        "Temperature flags",
        "Fault cause",
        "Lane 3 flags",
        "Lane 4 data path",
    ] {
        assert!(
            flagged.iter().any(|f| f == label),
            "{label} not flagged: {flagged:?}"
        );
    }
}

#[test]
fn no_lower_page() {
    let d = decode(&ModuleImage::new());
    assert_eq!(d.notes.len(), 1);
    assert!(details(&d).lower.is_none());
}

#[test]
fn arbitrary_bytes_never_panic() {
    // Every byte value in every position class, including reserved codes everywhere.
    for fill in [0x00u8, 0x55, 0xAA, 0xFF, 0x3C] {
        let p = [fill; 128];
        let mut l = p;
        l[0] = 0x18;
        let img = image(&[
            (SegmentId::LOWER, l),
            (SegmentId::upper(0), p),
            (SegmentId::upper(1), p),
            (SegmentId::upper(2), p),
            (SegmentId::banked(0, 0x10), p),
            (SegmentId::banked(0, 0x11), p),
            (SegmentId::banked(3, 0x11), p),
        ]);
        let d = decode(&img);
        let _ = details(&d).sections();
        let _ = serde_json::to_string(&d);
    }
}

// ---- real images ----

fn fixture(name: &str) -> ModuleImage {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .map(|a| a.join("shared/fixtures/real"))
        .find(|p| p.is_dir())
        .expect("fixtures/real not found above CARGO_MANIFEST_DIR");
    let bytes = std::fs::read(dir.join(name)).expect("fixture readable");
    flat::parse(&bytes).expect("fixture parses")
}

fn close(a: Option<f64>, b: f64) -> bool {
    a.is_some_and(|a| (a - b).abs() < 1e-9)
}

#[test]
fn juniper_740_174932_800g_dr8() {
    let d = decode(&fixture("osfp-juniper-740-174932-800g-dr8.bin"));
    assert_eq!(d.identifier.code, 0x19);
    assert_eq!(d.cmis_revision.as_deref(), Some("5.1")); // byte 1 = 0x51
    assert_eq!(d.module_state.as_deref(), Some("ModuleReady")); // byte 3 = 0x07
    assert_eq!(d.vendor.name, "JUNIPER-1G1");
    assert_eq!(d.vendor.pn, "740-174932");
    assert_eq!(d.vendor.oui, "20:1b:c9");
    assert_eq!(d.vendor.date_code, "2025-08-26");
    assert_eq!(d.checksums.len(), 3);
    assert!(d.checksums.iter().all(|c| c.ok), "{:?}", d.checksums);
    // 200 = 0xE0 -> class 8; 201 = 0x42 = 66 × 0.25 = 16.5 W.
    assert_eq!((d.power.class, d.power.max_w), (Some(8), Some(16.5)));
    // 14-15 = 0x39EE = 14830 / 256 = 57.9296875 °C; 16-17 = 0x8121 = 33057 -> 3.3057 V.
    assert_eq!(d.dom.temperature_c, Some(57.9296875));
    assert_eq!(d.dom.vcc_v, Some(3.3057));
    assert_eq!(d.dom.lanes.len(), 8);
    // Lane 1: Tx 0x4D0B = 19723 -> 1.9723 mW; bias 0x88AF = 34991 × 2 µA (×1) = 69.982 mA;
    // Rx 0x4232 = 16946 -> 1.6946 mW. Lane 8: Tx 0x3BC5 = 1.5301 mW, Rx 0x3B8F = 1.5247 mW.
    let l1 = &d.dom.lanes[0];
    assert_eq!(
        (l1.tx_power_mw, l1.tx_bias_ma, l1.rx_power_mw),
        (Some(1.9723), Some(69.982), Some(1.6946))
    );
    assert!(close(l1.tx_power_dbm, 10.0 * 1.9723f64.log10()));
    let l8 = &d.dom.lanes[7];
    assert_eq!(
        (l8.lane, l8.tx_power_mw, l8.rx_power_mw),
        (8, Some(1.5301), Some(1.5247))
    );
    // Thresholds: temp 0x4C00 = 76 °C / 0xFA00 = -6 °C; bias 0xFDE8 = 65000 × 2 µA = 130 mA;
    // Tx power HA 0x9B82 = 3.981 mW = 6.0 dBm (to 1e-4).
    let t = &d.thresholds;
    assert_eq!(
        t.temperature_c.as_ref().and_then(|x| x.low_alarm),
        Some(-6.0)
    );
    assert_eq!(
        t.temperature_c.as_ref().and_then(|x| x.high_alarm),
        Some(76.0)
    );
    assert_eq!(
        t.tx_bias_ma.as_ref().and_then(|x| x.high_alarm),
        Some(130.0)
    );
    let ha = t
        .tx_power_dbm
        .as_ref()
        .and_then(|x| x.high_alarm)
        .unwrap_or_default();
    assert!((ha - 6.0).abs() < 1e-4);
    // Applications 1-8 in the lower page, 9-10 on page 01h:223-230, FFh at 231.
    assert_eq!(d.applications.len(), 10);
    let a1 = &d.applications[0];
    // 86-89 = 4F 1C 44 11: 400GAUI-4-S -> 400GBASE-DR4, 4/4, lanes 1 or 5; 01h:176 = 0x11.
    assert_eq!(
        (
            a1.host_interface_id,
            a1.media_interface_id,
            a1.host_lane_count,
            a1.media_lane_count
        ),
        (0x4F, 0x1C, 4, 4)
    );
    assert_eq!(
        (a1.host_lane_assignment, a1.media_lane_assignment),
        (0x11, Some(0x11))
    );
    // 102-105 = 51 56 88 01: 800GAUI-8-S -> 800GBASE-DR8, the active AppSel 5.
    let a5 = &d.applications[4];
    assert_eq!(
        (
            a5.app,
            a5.host_interface_id,
            a5.media_interface_id,
            a5.host_lane_count
        ),
        (5, 0x51, 0x56, 8)
    );
    // 01h:223-226 = 4D 00 22 55.
    let a9 = &d.applications[8];
    assert_eq!(
        (
            a9.app,
            a9.host_interface_id,
            a9.host_lane_count,
            a9.host_lane_assignment
        ),
        (9, 0x4D, 2, 0x55)
    );
    assert!(d.notes.is_empty(), "{:?}", d.notes);
    let det = details(&d);
    let p1 = det.page01.as_ref().expect("page 01h");
    // 138-139 = 0x666C = 26220 × 0.05 = 1311 nm; 140-141 = 0x0514 = 1300 × 0.005 = 6.5 nm.
    assert_eq!(p1.nominal_wavelength_nm, 1311.0);
    assert_eq!(p1.wavelength_tolerance_nm, 6.5);
    // 144 = 0x37: DPDeinit 3 (≤ 50 ms), DPInit 7 (≤ 5 s); 167 = 0x47: PwrDn 4, PwrUp 7.
    assert_eq!(p1.durations.dp_init.code, 7);
    assert_eq!(p1.durations.dp_deinit.code, 3);
    assert_eq!(
        p1.durations
            .module_pwr_up
            .upper_bound()
            .map(|d| d.as_millis()),
        Some(5000)
    );
    assert_eq!(
        p1.durations
            .module_pwr_dn
            .upper_bound()
            .map(|d| d.as_millis()),
        Some(100)
    );
    // 142 = 0x64: VDM, diagnostics, page 03h, one bank.
    assert!(
        p1.supported_pages.vdm && p1.supported_pages.diagnostics && p1.supported_pages.page_03h
    );
    assert_eq!(p1.supported_pages.banks, Some(1));
    // 145 = 0xE9: Aux1 TEC current, 0xDFFD = -8195 / 32767 × 100 = -25.0099 %;
    // Aux2 laser temperature 0x3704 = 14084 / 256 = 55.015625 °C.
    let m = &det.lower.as_ref().expect("lower").monitors;
    assert!(close(m.aux1.value, -8195.0 * 100.0 / 32767.0));
    assert_eq!(m.aux2.value, Some(55.015625));
    assert_eq!(m.aux3.value, None); // 159 b4 = 0
    // Page 02h aux thresholds follow 01h:145/159: Aux2 laser temperature 0x3C00 = 60 °C high
    // alarm; Aux3 is not supported (159 b4 = 0), so it has no unit.
    let p2 = det.page02.as_ref().expect("page 02h");
    assert_eq!(
        p2.aux2.values.as_ref().and_then(|v| v.high_alarm),
        Some(60.0)
    );
    assert_eq!((p2.aux3.kind, &p2.aux3.values), (None, &None));
    // Page 11h: all lanes DPActivated, ConfigSuccess, active AppSel 5.
    let p11 = det.banks[0].page11.as_ref().expect("page 11h");
    assert!(p11.lanes.iter().all(|l| l.dp_state.name() == "DPActivated"));
    assert!(
        p11.lanes
            .iter()
            .all(|l| l.config_status.name() == "ConfigSuccess")
    );
    assert!(p11.lanes.iter().all(|l| l.active_dp_config.app_sel == 5));
    let p10 = det.banks[0].page10.as_ref().expect("page 10h");
    assert!(
        p10.scs0_dp_config
            .iter()
            .all(|c| c.app_sel == 5 && c.data_path_id == 0)
    );
}

#[test]
fn credo_aec_units() {
    for (file, temp, vcc, sn) in [
        // 0x3344 = 13124 / 256 = 51.265625 °C; 0x80D4 = 32980 -> 3.298 V.
        (
            "osfp-credo-cac845301a2nc2xa-aec-1.bin",
            51.265625,
            3.298,
            "BL8J4455150007V",
        ),
        // 0x3AFE = 15102 / 256 = 58.9921875 °C; 0x8246 = 33350 -> 3.335 V.
        (
            "osfp-credo-cac845301a2nc2xa-aec-2.bin",
            58.9921875,
            3.335,
            "BL8J4455150002L",
        ),
    ] {
        let d = decode(&fixture(file));
        assert_eq!(d.vendor.name, "Credo");
        assert_eq!(d.vendor.pn, "CAC845301A2NC2XA");
        assert_eq!(d.vendor.sn, sn);
        assert_eq!(d.cmis_revision.as_deref(), Some("5.0"));
        assert_eq!(d.checksums.len(), 3);
        assert!(
            d.checksums.iter().all(|c| c.ok),
            "{file}: {:?}",
            d.checksums
        );
        assert_eq!(d.dom.temperature_c, Some(temp));
        assert_eq!(d.dom.vcc_v, Some(vcc));
        // 200 = 0xC0 -> class 7; 201 = 0x34 = 52 × 0.25 = 13 W.
        assert_eq!((d.power.class, d.power.max_w), (Some(7), Some(13.0)));
        // 01h:160 = 0x00: no lane monitors -> every lane value None, no lane thresholds.
        assert_eq!(d.dom.lanes.len(), 8);
        assert!(
            d.dom.lanes.iter().all(|l| l.tx_bias_ma.is_none()
                && l.tx_power_mw.is_none()
                && l.rx_power_mw.is_none())
        );
        assert_eq!(d.thresholds.tx_bias_ma, None);
        // Temperature thresholds 0x4B00 = 75, 0xFB00 = -5, 0x4600 = 70, 0 °C.
        assert_eq!(
            d.thresholds.temperature_c,
            Some(ThresholdSet {
                high_alarm: Some(75.0),
                low_alarm: Some(-5.0),
                high_warning: Some(70.0),
                low_warning: Some(0.0)
            })
        );
        // Descriptors 86-109: six applications on media type 4 (active cable), FFh at 110.
        assert_eq!(d.applications.len(), 6);
        let ids: Vec<u8> = d.applications.iter().map(|a| a.host_interface_id).collect();
        assert_eq!(ids, [0x4B, 0x4C, 0x4D, 0x4E, 0x4F, 0x50]);
        assert!(d.applications.iter().all(|a| a.media_interface_id == 0x04));
        assert_eq!(d.applications[2].host_lane_count, 2);
        assert_eq!(d.applications[2].media_lane_assignment, Some(0x55)); // 01h:178
        let det = details(&d);
        let p0 = det.page00.as_ref().expect("page 00h");
        // 202 = 0x2D: ×0.1 m, 45 -> 4.5 m; 212 = 0x0C: copper, near and far end limiting.
        assert_eq!(p0.cable_length.meters, 4.5);
        assert_eq!(p0.media_interface_technology, 0x0C);
        let p1 = det.page01.as_ref().expect("page 01h");
        // 144 = 0x59: DPInit 9 (≤ 1 min), DPDeinit 5 (≤ 500 ms); 168 = 0x44: TxTurnOn/Off ≤ 100 ms.
        assert_eq!(
            p1.durations.dp_init.upper_bound().map(|d| d.as_secs()),
            Some(60)
        );
        assert_eq!(
            p1.durations.dp_deinit.upper_bound().map(|d| d.as_millis()),
            Some(500)
        );
        assert_eq!(
            p1.durations
                .dp_tx_turn_on
                .upper_bound()
                .map(|d| d.as_millis()),
            Some(100)
        );
        // 128-131 = 01 04 0A 00: inactive FW 1.4, HW 10.0.
        assert_eq!(p1.inactive_firmware.to_string(), "1.4");
        assert_eq!(p1.hardware.to_string(), "10.0");
        let p11 = det.banks[0].page11.as_ref().expect("page 11h");
        // 206-213 = 50 50 50 50 58 58 58 58: AppSel 5 from lane 1, then AppSel 5 from lane 5.
        assert_eq!(p11.lanes[4].active_dp_config.data_path_id, 4);
        assert!(d.notes.is_empty(), "{file}: {:?}", d.notes);
    }
}

#[test]
fn cisco_68_103205_02_copper() {
    let d = decode(&fixture("qsfpdd-cisco-68-103205-02-copper.bin"));
    assert_eq!(d.identifier.code, 0x18);
    assert_eq!(d.vendor.name, "CISCO");
    assert_eq!(d.vendor.pn, "68-103205-02");
    assert_eq!(d.vendor.rev, "2");
    assert_eq!(d.vendor.sn, "FAB261100CQ");
    assert_eq!(d.vendor.date_code, "2022-10-18");
    assert_eq!(d.cmis_revision.as_deref(), Some("4.0"));
    assert_eq!(d.module_state.as_deref(), Some("ModuleReady"));
    // Only page 00h has a checksum here.
    assert_eq!(d.checksums.len(), 1);
    assert!(d.checksums[0].ok);
    // 14-15 = 0x1700 = 23 °C; 16-17 = 0x8200 = 33280 -> 3.328 V.
    assert_eq!(d.dom.temperature_c, Some(23.0));
    assert_eq!(d.dom.vcc_v, Some(3.328));
    assert!(d.dom.lanes.is_empty());
    // Sparse table: descriptors 1-7 are all zero (host ID 00h), descriptor 8 at 114-117 =
    // 11 00 88 00: 400GAUI-8 host, 8 host / 8 media lanes.
    assert_eq!(d.applications.len(), 1);
    let a = &d.applications[0];
    assert_eq!(
        (
            a.app,
            a.host_interface_id,
            a.host_lane_count,
            a.media_lane_count
        ),
        (8, 0x11, 8, 8)
    );
    assert_eq!(details(&d).controls_media_type(), Some(0x03));
    // Paged memory (byte 2 = 0) without 01h, 02h, 10h, 11h: each noted.
    for page in ["01h", "02h", "10h", "11h"] {
        assert!(
            d.notes.iter().any(|n| n.contains(page)),
            "no note for {page}: {:?}",
            d.notes
        );
    }
}

impl Details {
    fn controls_media_type(&self) -> Option<u8> {
        self.lower.as_ref().map(|l| l.controls.media_type)
    }
}

#[test]
fn decode_is_cheap() {
    // Not a benchmark: a sanity bound far above the 10 µs target so CI noise never fails it.
    let img = fixture("osfp-juniper-740-174932-800g-dr8.bin");
    let start = std::time::Instant::now();
    for _ in 0..100 {
        std::hint::black_box(decode(std::hint::black_box(&img)));
    }
    assert!(start.elapsed().as_millis() < 500);
}
