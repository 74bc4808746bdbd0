//! VDM decode tests on hand-built pages (reference/cmis.md §9). No real fixture has VDM pages,
//! so every expected value below is computed by hand from the §9 tables.

use proptest::prelude::*;

use super::*;
use crate::addr::{HALF_LEN, SegmentId};
use crate::memmap::image::{HalfPage, ModuleImage};

/// An upper page with `bytes` written at spec offsets (128-255).
fn page(writes: &[(usize, &[u8])]) -> HalfPage {
    let mut p = [0u8; HALF_LEN];
    for (offset, bytes) in writes {
        p[offset - 128..offset - 128 + bytes.len()].copy_from_slice(bytes);
    }
    p
}

fn image(pages: &[(u8, HalfPage)]) -> ModuleImage {
    let mut img = ModuleImage::new();
    for (n, p) in pages {
        img.insert(SegmentId::upper(*n), *p);
    }
    img
}

/// Group 1 descriptors (page 20h): (descriptor index, even byte, type ID, sample word).
const GROUP1: &[(usize, u8, u8, u16)] = &[
    (0, 0x00, 1, 0x0032),    // laser age, set 0, lane 1
    (1, 0x01, 2, 0xC000),    // TEC current, lane 2
    (2, 0x02, 3, 0xFFFB),    // frequency error, lane 3
    (3, 0x13, 4, 0x1A80),    // laser temperature, set 1, lane 4
    (4, 0x00, 5, 0x1A40),    // eSNR media
    (5, 0x00, 8, 0x0180),    // PAM4 LTP host
    (6, 0x20, 15, 0x90F0),   // pre-FEC BER current media, set 2, lane 1
    (7, 0x22, 16, 0x6001),   // pre-FEC BER current host, set 2, lane 3
    (8, 0x00, 25, 0x4BE8),   // FERC total accumulated media
    (9, 0x00, 33, 0x0102),   // SEWmax current media
    (10, 0x00, 77, 0x6590),  // Vcc 2.6 V
    (11, 0x00, 83, 0xBB80),  // Vcc 12 V
    (12, 0x00, 143, 0xFF38), // coherent Tx power
    (13, 0x00, 200, 0x1234), // undefined type
    (14, 0x35, 0, 0xFFFF),   // type 0: unused, skipped whatever else is there
    (63, 0xF7, 4, 0xF600),   // laser temperature, set 15, lane 8, last descriptor
];

fn descriptor_page(list: &[(usize, u8, u8, u16)]) -> HalfPage {
    let mut p = [0u8; HALF_LEN];
    for &(i, even, ty, _) in list {
        p[2 * i] = even;
        p[2 * i + 1] = ty;
    }
    p
}

fn samples_page(list: &[(usize, u8, u8, u16)]) -> HalfPage {
    let mut p = [0u8; HALF_LEN];
    for &(i, _, _, raw) in list {
        p[2 * i..2 * i + 2].copy_from_slice(&raw.to_be_bytes());
    }
    p
}

/// Thresholds page 28h.
fn thresholds_group1() -> HalfPage {
    page(&[
        // Set 1 (bytes 136-143), S16 1/256 °C:
        // HA 0x4B00 = 19200/256 = 75, LA 0xFB00 = -1280/256 = -5,
        // HW 0x4600 = 17920/256 = 70, LW 0x0000 = 0.
        (136, &[0x4B, 0x00, 0xFB, 0x00, 0x46, 0x00, 0x00, 0x00]),
        // Set 2 (bytes 144-151), F16: HA 0x93E8 = e 18, m 1000 -> 1000e-6 = 1e-3,
        // LA 0x0000 = 0, HW 0x90F0 = 2.4e-4, LW 0x6001 = 1e-12.
        (144, &[0x93, 0xE8, 0x00, 0x00, 0x90, 0xF0, 0x60, 0x01]),
        // Set 15 (bytes 248-255), S16 1/256 °C: HA 0x5000 = 20480/256 = 80,
        // LA 0xEC00 = -5120/256 = -20, HW 0x4B00 = 75, LW 0xF600 = -2560/256 = -10.
        (248, &[0x50, 0x00, 0xEC, 0x00, 0x4B, 0x00, 0xF6, 0x00]),
    ])
}

/// Flags page 2Ch.
fn flags_page() -> HalfPage {
    page(&[
        // Group 1, byte 128: descriptor 0 in b3-0 = 0x1 (HA), descriptor 1 in b7-4 = 0x2 (LA).
        // Byte 129: descriptor 2 = 0x4 (HW), descriptor 3 = 0x8 (LW).
        (128, &[0x21, 0x84]),
        // Byte 131: descriptor 6 = 0xF (all four), descriptor 7 = 0x0.
        (131, &[0x0F]),
        // Byte 159: descriptor 62 = 0x0, descriptor 63 = 0x5 (HA + HW).
        (159, &[0x50]),
        // Group 2 starts at byte 128 + 32 = 160: its descriptor 0 = 0x2 (LA).
        (160, &[0x02]),
    ])
}

/// Group 2: one pre-FEC BER current media observable, set 1, lane 5 (even byte 0x14).
const GROUP2: &[(usize, u8, u8, u16)] = &[(0, 0x14, 15, 0x90F0)];

fn thresholds_group2() -> HalfPage {
    // Page 29h set 1 (bytes 136-143), F16: HA 0x93E8 = 1e-3, rest 0. (Page 28h's set 1 holds
    // temperatures; reading it by mistake would give 0x4B00 = 768e-15 here.)
    page(&[(136, &[0x93, 0xE8])])
}

/// 2Fh: 128 = 0x01 -> 2 groups; 144 b7 = freeze request; 145 = 0x40: unfreeze done only.
fn control_page() -> HalfPage {
    page(&[(128, &[0x01]), (144, &[0x80, 0x40])])
}

fn full_image() -> ModuleImage {
    image(&[
        (0x20, descriptor_page(GROUP1)),
        (0x21, descriptor_page(GROUP2)),
        (0x24, samples_page(GROUP1)),
        (0x25, samples_page(GROUP2)),
        (0x28, thresholds_group1()),
        (0x29, thresholds_group2()),
        (0x2C, flags_page()),
        (0x2F, control_page()),
    ])
}

fn obs(vdm: &Vdm, group: u8, index: u8) -> &Observable {
    vdm.observables
        .iter()
        .find(|o| o.group == group && o.index == index)
        .unwrap()
}

#[test]
fn no_descriptor_page_means_no_vdm() {
    let img = image(&[
        (0x24, samples_page(GROUP1)),
        (0x2C, flags_page()),
        (0x2F, control_page()),
    ]);
    assert_eq!(decode(&img), None);
    assert_eq!(decode(&ModuleImage::new()), None);
}

#[test]
fn control_page_groups_and_freeze_bits() {
    let vdm = decode(&full_image()).unwrap();
    // 2Fh:128 = 0x01: b1-0 = 1 -> 2 groups.
    assert_eq!(vdm.supported_groups, Some(2));
    // 2Fh:144 = 0x80: b7 set.
    assert_eq!(vdm.freeze_request, Some(true));
    // 2Fh:145 = 0x40: b7 clear, b6 set.
    assert_eq!(vdm.freeze_done, Some(false));
    assert_eq!(vdm.unfreeze_done, Some(true));
    assert!(vdm.notes.is_empty(), "{:?}", vdm.notes);
}

#[test]
fn supported_groups_uses_only_bits_1_0() {
    // 0xFE: b1-0 = 0b10 -> 3 groups; 0xFC: b1-0 = 0 -> 1 group; 0x03 -> 4 groups.
    for (byte, groups) in [(0xFEu8, 3u8), (0xFC, 1), (0x03, 4)] {
        let img = image(&[
            (0x20, descriptor_page(GROUP1)),
            (0x2F, page(&[(128, &[byte])])),
        ]);
        assert_eq!(decode(&img).unwrap().supported_groups, Some(groups));
    }
}

#[test]
fn descriptor_byte_layout() {
    let vdm = decode(&full_image()).unwrap();
    // Group 1: 16 listed, descriptor 14 has type 0 -> 15 used; group 2: 1.
    assert_eq!(vdm.observables.len(), 16);
    assert!(
        !vdm.observables
            .iter()
            .any(|o| o.group == 1 && o.index == 14)
    );
    // Even byte 0x13: b7-4 = 1 (threshold set), b3-0 = 3 -> lane 4. Odd byte 4.
    let o = obs(&vdm, 1, 3);
    assert_eq!((o.type_id, o.threshold_set, o.lane), (4, 1, 4));
    // Even byte 0xF7: set 15, lane 8; descriptor 63 at bytes 254-255.
    let o = obs(&vdm, 1, 63);
    assert_eq!((o.type_id, o.threshold_set, o.lane), (4, 15, 8));
    // Even byte 0x22: set 2, lane 3.
    let o = obs(&vdm, 1, 7);
    assert_eq!((o.type_id, o.threshold_set, o.lane), (16, 2, 3));
    // Group 2 (page 21h) even byte 0x14: set 1, lane 5.
    let o = obs(&vdm, 2, 0);
    assert_eq!((o.type_id, o.threshold_set, o.lane), (15, 1, 5));
    // Order: group 1 by index, then group 2.
    let order: Vec<(u8, u8)> = vdm.observables.iter().map(|o| (o.group, o.index)).collect();
    let mut sorted = order.clone();
    sorted.sort_unstable();
    assert_eq!(order, sorted);
}

#[test]
fn sample_values_for_every_format() {
    let vdm = decode(&full_image()).unwrap();
    let v = |i: u8| obs(&vdm, 1, i).value.unwrap();
    let unit = |i: u8| obs(&vdm, 1, i).unit;
    // Type 1 U16 %: 0x0032 = 50 %.
    assert_eq!((v(0), unit(0)), (50.0, "%"));
    // Type 2 S16 × 100/32767 %: 0xC000 = -16384 -> -1 638 400 / 32767 ≈ -50.0015 %.
    assert_eq!((v(1), unit(1)), (-1_638_400.0 / 32_767.0, "%"));
    // Type 3 S16 × 10 MHz: 0xFFFB = -5 -> -50 MHz.
    assert_eq!((v(2), unit(2)), (-50.0, "MHz"));
    // Type 4 S16 1/256 °C: 0x1A80 = 6784 / 256 = 26.5 °C.
    assert_eq!((v(3), unit(3)), (26.5, "°C"));
    // Type 5 U16 1/256 dB: 0x1A40 = 6720 / 256 = 26.25 dB.
    assert_eq!((v(4), unit(4)), (26.25, "dB"));
    // Type 8 U16 1/256 dB: 0x0180 = 384 / 256 = 1.5 dB.
    assert_eq!((v(5), unit(5)), (1.5, "dB"));
    // Type 15 F16: 0x90F0 -> 240 × 10^-6 = 2.4e-4 (dimensionless).
    assert_eq!((v(6), unit(6)), (2.4e-4, ""));
    // Type 16 F16: 0x6001 -> 1 × 10^-12.
    assert_eq!(v(7), 1e-12);
    // Type 25 F16: 0x4BE8 -> 1000 × 10^-15 = 1e-12.
    assert_eq!(v(8), 1e-12);
    // Type 33 U16 count: 0x0102 = 258.
    assert_eq!(v(9), 258.0);
    // Type 77 U16 100 µV: 0x6590 = 26000 -> 2.6 V.
    assert_eq!((v(10), unit(10)), (2.6, "V"));
    // Type 83 U16 250 µV: 0xBB80 = 48000 -> 12 V.
    assert_eq!((v(11), unit(11)), (12.0, "V"));
    // Type 143 S16 0.01 dBm: 0xFF38 = -200 -> -2 dBm.
    assert_eq!((v(12), unit(12)), (-2.0, "dBm"));
    // Type 4 again, descriptor 63: 0xF600 = -2560 / 256 = -10 °C.
    assert_eq!(v(63), -10.0);
    // Group 2, type 15: 0x90F0 -> 2.4e-4.
    assert_eq!(obs(&vdm, 2, 0).value, Some(2.4e-4));
    // Raw words are kept.
    assert_eq!(obs(&vdm, 1, 2).raw, Some(0xFFFB));
    assert_eq!(obs(&vdm, 1, 6).format, Some(SampleFormat::F16));
    assert_eq!(obs(&vdm, 1, 1).format, Some(SampleFormat::S16));
    assert_eq!(obs(&vdm, 1, 0).format, Some(SampleFormat::U16));
}

#[test]
fn names() {
    let vdm = decode(&full_image()).unwrap();
    assert_eq!(obs(&vdm, 1, 0).name, "Laser age");
    assert_eq!(obs(&vdm, 1, 3).name, "Laser temperature");
    assert_eq!(obs(&vdm, 1, 6).name, "Pre-FEC BER current media input");
    assert_eq!(obs(&vdm, 1, 7).name, "Pre-FEC BER current host input");
    assert_eq!(obs(&vdm, 1, 8).name, "FERC total accumulated media input");
    assert_eq!(obs(&vdm, 1, 9).name, "SEWmax current media input");
    assert_eq!(obs(&vdm, 1, 12).name, "Tx power");
}

#[test]
fn undefined_type_keeps_raw_but_no_value() {
    let vdm = decode(&full_image()).unwrap();
    let o = obs(&vdm, 1, 13);
    assert_eq!(o.name, "Reserved(200)");
    assert_eq!(o.raw, Some(0x1234));
    assert_eq!((o.value, o.format, o.thresholds), (None, None, None));
    assert_eq!(o.unit, "");
    // Flags are format-independent: byte 134 (descriptors 12, 13) is 0.
    assert_eq!(o.flags, Some(VdmFlags::default()));
}

#[test]
fn threshold_sets_in_the_observables_format() {
    let vdm = decode(&full_image()).unwrap();
    // Descriptor 3 (temperature) uses set 1 of page 28h: 75, -5, 70, 0 °C.
    let t = obs(&vdm, 1, 3).thresholds.unwrap();
    assert_eq!(
        (t.high_alarm, t.low_alarm, t.high_warning, t.low_warning),
        (75.0, -5.0, 70.0, 0.0)
    );
    // Descriptor 6 (BER) uses set 2: 1e-3, 0, 2.4e-4, 1e-12.
    let t = obs(&vdm, 1, 6).thresholds.unwrap();
    assert_eq!(
        (t.high_alarm, t.low_alarm, t.high_warning, t.low_warning),
        (1e-3, 0.0, 2.4e-4, 1e-12)
    );
    // Descriptor 63 uses set 15 (bytes 248-255): 80, -20, 75, -10 °C.
    let t = obs(&vdm, 1, 63).thresholds.unwrap();
    assert_eq!(
        (t.high_alarm, t.low_alarm, t.high_warning, t.low_warning),
        (80.0, -20.0, 75.0, -10.0)
    );
    // Descriptor 0 uses set 0, all zero bytes.
    let t = obs(&vdm, 1, 0).thresholds.unwrap();
    assert_eq!(t.high_alarm, 0.0);
    // Group 2's set 1 is on page 29h, not 28h: HA 0x93E8 = 1e-3.
    let t = obs(&vdm, 2, 0).thresholds.unwrap();
    assert_eq!((t.high_alarm, t.low_alarm), (1e-3, 0.0));
}

#[test]
fn flags_nibble_order() {
    let vdm = decode(&full_image()).unwrap();
    let f = |g: u8, i: u8| obs(&vdm, g, i).flags.unwrap();
    let bits = |f: VdmFlags| (f.high_alarm, f.low_alarm, f.high_warning, f.low_warning);
    // Byte 128 = 0x21: descriptor 0 (b3-0 = 1) HA; descriptor 1 (b7-4 = 2) LA.
    assert_eq!(bits(f(1, 0)), (true, false, false, false));
    assert_eq!(bits(f(1, 1)), (false, true, false, false));
    // Byte 129 = 0x84: descriptor 2 (b3-0 = 4) HW; descriptor 3 (b7-4 = 8) LW.
    assert_eq!(bits(f(1, 2)), (false, false, true, false));
    assert_eq!(bits(f(1, 3)), (false, false, false, true));
    // Byte 131 = 0x0F: descriptor 6 all, descriptor 7 none.
    assert_eq!(bits(f(1, 6)), (true, true, true, true));
    assert_eq!(bits(f(1, 7)), (false, false, false, false));
    assert!(!f(1, 7).any());
    // Byte 159 = 0x50: descriptor 63 = 0x5 = HA + HW.
    assert_eq!(bits(f(1, 63)), (true, false, true, false));
    // Byte 160 (group 2 descriptor 0) = 0x02: LA.
    assert_eq!(bits(f(2, 0)), (false, true, false, false));
}

#[test]
fn pre_fec_ber_current_helper() {
    let vdm = decode(&full_image()).unwrap();
    // Type 15 (media) lane 1 = 2.4e-4; group 2 type 15 lane 5 = 2.4e-4.
    assert_eq!(vdm.pre_fec_ber_current(1, true), Some(2.4e-4));
    assert_eq!(vdm.pre_fec_ber_current(5, true), Some(2.4e-4));
    // Type 16 (host) lane 3 = 1e-12.
    assert_eq!(vdm.pre_fec_ber_current(3, false), Some(1e-12));
    // Not monitored.
    assert_eq!(vdm.pre_fec_ber_current(1, false), None);
    assert_eq!(vdm.pre_fec_ber_current(2, true), None);
    assert_eq!(vdm.find(4, 8).map(|o| o.index), Some(63));
}

#[test]
fn missing_pages_give_none_and_notes_not_panics() {
    // Only the descriptor page and 2Fh (1 group): samples, thresholds, flags missing.
    let img = image(&[
        (0x20, descriptor_page(GROUP1)),
        (0x2F, page(&[(128, &[0x00])])),
    ]);
    let vdm = decode(&img).unwrap();
    assert_eq!(vdm.observables.len(), 15);
    for o in &vdm.observables {
        assert_eq!(
            (o.raw, o.value, o.thresholds, o.flags),
            (None, None, None, None)
        );
    }
    assert_eq!(vdm.pre_fec_ber_current(1, true), None);
    assert!(
        vdm.notes
            .contains(&"vdm samples page 24h missing".to_string())
    );
    assert!(
        vdm.notes
            .contains(&"vdm thresholds page 28h missing".to_string())
    );
    assert!(
        vdm.notes
            .contains(&"vdm flags page 2ch missing".to_string())
    );
    // Renders without panicking, values shown as n/a.
    let sections = vdm.sections();
    assert!(sections[1].rows.iter().any(|r| r.value == "n/a"));
}

#[test]
fn samples_present_thresholds_missing() {
    let img = image(&[
        (0x20, descriptor_page(GROUP1)),
        (0x24, samples_page(GROUP1)),
        (0x2F, page(&[(128, &[0x00])])),
    ]);
    let vdm = decode(&img).unwrap();
    let o = obs(&vdm, 1, 3);
    assert_eq!((o.value, o.thresholds, o.flags), (Some(26.5), None, None));
}

#[test]
fn advertised_group_missing_and_unadvertised_group_present() {
    // 2Fh:128 = 0x01 -> 2 groups, but page 21h is absent: a note, group 1 still decoded.
    let img = image(&[
        (0x20, descriptor_page(GROUP1)),
        (0x24, samples_page(GROUP1)),
        (0x28, thresholds_group1()),
        (0x2C, flags_page()),
        (0x2F, control_page()),
    ]);
    let vdm = decode(&img).unwrap();
    assert_eq!(vdm.observables.len(), 15);
    assert_eq!(
        vdm.notes,
        vec!["vdm descriptor page 21h missing".to_string()]
    );

    // 2Fh:128 = 0x00 -> 1 group; page 21h is present but not decoded.
    let mut img = full_image();
    img.insert(SegmentId::upper(0x2F), page(&[(128, &[0x00])]));
    let vdm = decode(&img).unwrap();
    assert!(vdm.observables.iter().all(|o| o.group == 1));
    assert_eq!(
        vdm.notes,
        vec!["vdm page 21h present beyond the 1 advertised group(s): not decoded".to_string()]
    );
}

#[test]
fn without_control_page_every_present_group_is_decoded() {
    let mut img = full_image();
    img.remove(SegmentId::upper(0x2F));
    let vdm = decode(&img).unwrap();
    assert_eq!(vdm.supported_groups, None);
    assert_eq!(
        (vdm.freeze_request, vdm.freeze_done, vdm.unfreeze_done),
        (None, None, None)
    );
    assert_eq!(vdm.observables.len(), 16);
    assert_eq!(
        vdm.notes,
        vec!["vdm page 2fh missing: supported groups and freeze state unknown".to_string()]
    );
}

#[test]
fn sections_have_units_and_flag_raised_rows() {
    let vdm = decode(&full_image()).unwrap();
    let sections = vdm.sections();
    let titles: Vec<&str> = sections.iter().map(|s| s.title.as_str()).collect();
    assert_eq!(titles, ["VDM", "VDM group 1", "VDM group 2"]);
    let row = |s: usize, label: &str| {
        sections[s]
            .rows
            .iter()
            .find(|r| r.label == label)
            .unwrap_or_else(|| panic!("no row {label}"))
            .clone()
    };
    assert_eq!(row(0, "Supported groups").value, "2");
    assert_eq!(row(0, "Freeze request").value, "Yes");
    // Descriptors 0, 1, 2, 3, 6, 63 and group 2's 0 have raised flags.
    let raised = row(0, "Observables with raised flags");
    assert_eq!((raised.value.as_str(), raised.flagged), ("7", true));

    let r = row(1, "Laser temperature, lane 4");
    assert_eq!(r.value, "26.50 °C (low warning)");
    assert!(r.flagged);
    let r = row(1, "Laser temperature, lane 4, thresholds (set 1)");
    assert_eq!(
        r.value,
        "high alarm 75.00 °C, low alarm -5.00 °C, high warning 70.00 °C, low warning 0.00 °C"
    );
    let r = row(1, "Pre-FEC BER current media input, lane 1");
    assert_eq!(
        r.value,
        "2.40e-4 (high alarm, low alarm, high warning, low warning)"
    );
    let r = row(1, "Pre-FEC BER current host input, lane 3");
    assert_eq!((r.value.as_str(), r.flagged), ("1.00e-12", false));
    assert_eq!(row(1, "Vcc 12 V supply, lane 1").value, "12.0000 V");
    assert_eq!(row(1, "Reserved(200), lane 1").value, "raw 0x1234");
    assert_eq!(
        row(1, "Laser frequency error, lane 3").value,
        "-50 MHz (high warning)"
    );
}

#[test]
fn serializes_to_json() {
    let vdm = decode(&full_image()).unwrap();
    let json = serde_json::to_value(&vdm).unwrap();
    assert_eq!(json["supported_groups"], 2);
    let first = &json["observables"][0];
    assert_eq!(first["name"], "Laser age");
    assert_eq!(first["value"], 50.0);
    assert_eq!(first["unit"], "%");
    assert_eq!(first["format"], "U16");
    assert_eq!(first["flags"]["high_alarm"], true);
    assert_eq!(json["observables"][6]["thresholds"]["high_alarm"], 1e-3);
}

/// A deterministic byte stream (64-bit LCG, high byte).
fn garbage(seed: u64) -> HalfPage {
    let mut state = seed;
    let mut p = [0u8; HALF_LEN];
    for b in &mut p {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        *b = (state >> 56) as u8;
    }
    p
}

fn check_invariants(vdm: &Vdm) {
    for o in &vdm.observables {
        assert!((1..=4).contains(&o.group));
        assert!(o.index < 64);
        assert_ne!(o.type_id, 0);
        assert!((1..=16).contains(&o.lane));
        assert!(o.threshold_set <= 15);
        if let Some(v) = o.value {
            assert!(v.is_finite());
        }
    }
    let _ = vdm.sections();
}

#[test]
fn garbage_pages_do_not_panic() {
    for seed in 0..64u64 {
        let pages: Vec<(u8, HalfPage)> = (0x20..=0x2F)
            .map(|n| (n, garbage(seed * 31 + u64::from(n))))
            .collect();
        let vdm = decode(&image(&pages)).unwrap();
        check_invariants(&vdm);
        // Every page is present, so every decoded observable has a raw sample and flags.
        assert!(
            vdm.observables
                .iter()
                .all(|o| o.raw.is_some() && o.flags.is_some())
        );
    }
    // A descriptor page of 0xFF alone: type 255 (undefined), set 15, lane 16.
    let vdm = decode(&image(&[(0x20, [0xFF; HALF_LEN])])).unwrap();
    assert_eq!(vdm.observables.len(), 64);
    assert!(
        vdm.observables
            .iter()
            .all(|o| o.name == "Reserved(255)" && o.lane == 16 && o.threshold_set == 15)
    );
    check_invariants(&vdm);
}

proptest! {
    #[test]
    fn arbitrary_pages_do_not_panic(
        desc in proptest::collection::vec(any::<u8>(), HALF_LEN),
        other in proptest::collection::vec(any::<u8>(), HALF_LEN),
        present in any::<u16>(),
    ) {
        let mut d = [0u8; HALF_LEN];
        d.copy_from_slice(&desc);
        let mut o = [0u8; HALF_LEN];
        o.copy_from_slice(&other);
        let mut pages = vec![(0x20u8, d)];
        // Each of pages 21h-2Fh present or not, by one bit of `present`.
        for (bit, n) in (0x21u8..=0x2F).enumerate() {
            if present & (1 << bit) != 0 {
                pages.push((n, o));
            }
        }
        let vdm = decode(&image(&pages)).unwrap();
        check_invariants(&vdm);
    }
}
