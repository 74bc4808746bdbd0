//! Whole-image tests of `decode`: hand-built images and the real Molex DAC.

use std::path::PathBuf;

use super::*;
use crate::memmap::decoded::{Details as AnyDetails, ThresholdSet};
use crate::memmap::image::flat;
use crate::memmap::view::sum8;

/// A QSFP28 image: lower page and page 00h (identifier 0x11, revision 0x08, paged memory),
/// with valid checksums, plus page 03h when `with_page03`.
struct Builder {
    lower: [u8; 128],
    page00: Option<[u8; 128]>,
    page03: Option<[u8; 128]>,
}

impl Builder {
    fn new() -> Self {
        let mut lower = [0u8; 128];
        lower[0] = 0x11;
        lower[1] = 0x08;
        let mut page00 = [0u8; 128];
        page00[0] = 0x11;
        page00[148 - 128..164 - 128].copy_from_slice(b"ACME            ");
        page00[168 - 128..184 - 128].copy_from_slice(b"QSFP28-LR4      ");
        Builder {
            lower,
            page00: Some(page00),
            page03: Some([0u8; 128]),
        }
    }

    fn lower(mut self, at: usize, bytes: &[u8]) -> Self {
        self.lower[at..at + bytes.len()].copy_from_slice(bytes);
        self
    }

    fn page00(mut self, at: usize, bytes: &[u8]) -> Self {
        if let Some(p) = self.page00.as_mut() {
            p[at - 128..at - 128 + bytes.len()].copy_from_slice(bytes);
        }
        self
    }

    fn page03(mut self, at: usize, bytes: &[u8]) -> Self {
        if let Some(p) = self.page03.as_mut() {
            p[at - 128..at - 128 + bytes.len()].copy_from_slice(bytes);
        }
        self
    }

    fn without_page00(mut self) -> Self {
        self.page00 = None;
        self
    }

    fn without_page03(mut self) -> Self {
        self.page03 = None;
        self
    }

    /// The image, with CC_BASE and CC_EXT fixed up.
    fn image(self) -> ModuleImage {
        let mut img = ModuleImage::new();
        img.insert(SegmentId::LOWER, self.lower);
        if let Some(mut p) = self.page00 {
            p[191 - 128] = sum8(&p[0..63]);
            p[223 - 128] = sum8(&p[64..95]);
            img.insert(SegmentId::upper(0), p);
        }
        if let Some(p) = self.page03 {
            img.insert(SegmentId::upper(3), p);
        }
        img
    }

    fn decode(self) -> Decoded {
        decode(&self.image(), Spec::Sff8636)
    }
}

fn details(d: &Decoded) -> &Details {
    match &d.details {
        AnyDetails::Sff8636(x) => x,
        other => panic!("not SFF-8636 details: {other:?}"),
    }
}

#[test]
fn a_clean_paged_image_decodes_without_notes() {
    // 220 = 0x3C: every monitor implemented, Rx power average.
    let d = Builder::new().page00(220, &[0x3C]).decode();
    assert_eq!(d.spec, Spec::Sff8636);
    assert_eq!(d.identifier.code, 0x11);
    assert_eq!(d.vendor.name, "ACME");
    assert_eq!(d.vendor.pn, "QSFP28-LR4");
    assert!(d.checksums.iter().all(|c| c.ok), "{:?}", d.checksums);
    assert_eq!(d.checksums.len(), 2);
    assert!(d.notes.is_empty(), "{:?}", d.notes);
    assert!(details(&d).page03_present);
    assert!(d.thresholds.temperature_c.is_some());
}

#[test]
fn power_classes_1_to_8_end_to_end() {
    // Page 00h:129 per class (reference/sff-8636.md §2 table); byte 93 = 0x0D enables classes
    // 5-8 for the report; class 8 reads byte 107 = 0x41 = 65 × 0.1 W = 6.5 W.
    let cases = [
        (0x00, 1, 1.5),
        (0x40, 2, 2.0),
        (0x80, 3, 2.5),
        (0xC0, 4, 3.5),
        (0xC1, 5, 4.0),
        (0xC2, 6, 4.5),
        (0xC3, 7, 5.0),
        (0xE0, 8, 6.5),
    ];
    for (ext, class, watts) in cases {
        let d = Builder::new()
            .page00(129, &[ext])
            .lower(93, &[0x0D])
            .lower(107, &[0x41])
            .decode();
        assert_eq!(d.power.class, Some(class), "129 = {ext:#04x}");
        assert_eq!(d.power.max_w, Some(watts), "class {class}");
        assert!(d.notes.is_empty(), "{:?}", d.notes);
    }
}

#[test]
fn class_8_without_byte_107_has_no_max_power_and_a_note() {
    let d = Builder::new().page00(129, &[0x20]).decode();
    assert_eq!(d.power.class, Some(8));
    assert_eq!(d.power.max_w, None);
    assert_eq!(d.notes.len(), 1, "{:?}", d.notes);
}

#[test]
fn host_power_enables_are_reported() {
    // 93 = 0x07: override, low power set, classes 5-7 enabled; class 8 not enabled.
    let d = Builder::new().lower(93, &[0x07]).decode();
    let c = &details(&d).controls;
    assert!(c.power_override && c.power_set_low);
    assert_eq!(c.high_power_class_5_7_enabled, Some(true));
    assert_eq!(c.high_power_class_8_enabled, Some(false));
}

#[test]
fn monitors_follow_page00_byte_220() {
    // 22-23 = 0xE700 = -6400 / 256 = -25.0 °C; 26-27 = 0x80E8 = 33000 -> 3.3 V;
    // 50-51 (Tx1) = 0x1388 = 5000 × 0.1 µW = 0.5 mW.
    let b = || {
        Builder::new()
            .lower(22, &[0xE7, 0x00])
            .lower(26, &[0x80, 0xE8])
            .lower(50, &[0x13, 0x88])
    };
    // 220 = 0x34: temperature, Vcc, Tx power.
    let d = b().page00(220, &[0x34]).decode();
    assert_eq!(d.dom.temperature_c, Some(-25.0));
    assert_eq!(d.dom.vcc_v, Some(3.3));
    assert_eq!(d.dom.lanes[0].tx_power_mw, Some(0.5));
    assert_eq!(d.dom.lanes.len(), 4);
    // 220 = 0x00: none of the three implemented.
    let d = b().decode();
    assert_eq!((d.dom.temperature_c, d.dom.vcc_v), (None, None));
    assert_eq!(d.dom.lanes[0].tx_power_mw, None);
    assert_eq!(d.dom.lanes[0].rx_power_mw, Some(0.0));
    assert_eq!(d.dom.lanes[0].rx_power_dbm, None);
}

#[test]
fn data_not_ready_keeps_values_and_adds_a_note() {
    // byte 2 = 0x01; 220 = 0x20 (temperature); 22-23 = 0x1900 = 25 °C.
    let d = Builder::new()
        .lower(2, &[0x01])
        .lower(22, &[0x19, 0x00])
        .page00(220, &[0x20])
        .decode();
    assert_eq!(d.dom.temperature_c, Some(25.0));
    assert_eq!(d.notes.len(), 1);
    assert!(d.notes[0].contains("data_not_ready"));
}

#[test]
fn missing_page03_on_paged_memory_is_noted() {
    let d = Builder::new().without_page03().decode();
    assert_eq!(d.thresholds.temperature_c, None);
    assert_eq!(d.thresholds.rx_power_dbm, None);
    assert!(!details(&d).page03_present);
    assert_eq!(d.notes.len(), 1);
    assert!(d.notes[0].contains("page 03h"));
}

#[test]
fn flat_memory_expects_no_page03() {
    // byte 2 = 0x04: Flat_mem.
    let d = Builder::new().lower(2, &[0x04]).without_page03().decode();
    assert!(d.notes.is_empty(), "{:?}", d.notes);
    assert_eq!(d.thresholds.vcc_v, None);
    assert!(details(&d).status.flat_mem);
    // A page 03h in a flat image is not trusted.
    let d = Builder::new()
        .lower(2, &[0x04])
        .page03(128, &[0x50])
        .decode();
    assert_eq!(d.thresholds.temperature_c, None);
    assert_eq!(d.notes.len(), 1);
}

#[test]
fn thresholds_come_from_page03() {
    // 128-129 = 0x4600 = 70 °C; 176-177 (Rx high alarm) = 0x0000 -> no dBm;
    // 192-193 (Tx high alarm) = 0x2710 = 1 mW = 0 dBm. 220 = 0x34: temperature, Vcc and Tx
    // power monitors implemented.
    let d = Builder::new()
        .page00(220, &[0x34])
        .page03(128, &[0x46, 0x00])
        .page03(192, &[0x27, 0x10])
        .decode();
    assert_eq!(
        d.thresholds
            .temperature_c
            .as_ref()
            .and_then(|t| t.high_alarm),
        Some(70.0)
    );
    assert_eq!(
        d.thresholds.rx_power_dbm,
        Some(ThresholdSet {
            high_alarm: None,
            low_alarm: None,
            high_warning: None,
            low_warning: None
        })
    );
    assert_eq!(
        d.thresholds
            .tx_power_dbm
            .as_ref()
            .and_then(|t| t.high_alarm),
        Some(0.0)
    );
}

#[test]
fn thresholds_of_unimplemented_monitors_are_none() {
    // 220 = 0x00: no temperature, Vcc or Tx power monitor; Rx power and bias have no bit.
    let d = Builder::new().page03(128, &[0x46, 0x00]).decode();
    assert_eq!(d.thresholds.temperature_c, None);
    assert_eq!(d.thresholds.vcc_v, None);
    assert_eq!(d.thresholds.tx_power_dbm, None);
    assert!(d.thresholds.rx_power_dbm.is_some());
    assert!(d.thresholds.tx_bias_ma.is_some());
}

#[test]
fn bad_checksums_are_reported_with_stored_and_computed() {
    let mut img = Builder::new().page00(140, &[0x67]).image();
    if let Some(p) = img.get_mut(SegmentId::upper(0)) {
        // Store CC_BASE one more than the sum of 128-190.
        let good = sum8(&p[0..63]);
        p[191 - 128] = good.wrapping_add(1);
        p[223 - 128] = 0x5A;
    }
    let d = decode(&img, Spec::Sff8636);
    let base = &d.checksums[0];
    assert!(base.name.contains("CC_BASE"));
    assert!(!base.ok);
    assert_eq!(base.stored, base.computed.wrapping_add(1));
    let ext = &d.checksums[1];
    // 192-222 are all zero: computed 0x00, stored 0x5A.
    assert_eq!((ext.stored, ext.computed, ext.ok), (0x5A, 0x00, false));
    // Decoding went on.
    assert_eq!(d.vendor.name, "ACME");
    assert!(d.notes.is_empty(), "{:?}", d.notes);
}

#[test]
fn missing_page00_leaves_identity_unknown() {
    let d = Builder::new().without_page00().decode();
    assert!(d.checksums.is_empty());
    assert_eq!(d.power.class, None);
    assert_eq!(d.vendor.name, "");
    assert!(details(&d).serial_id.is_none());
    assert_eq!(d.notes.len(), 1);
    // Monitor support unknown: read anyway.
    assert_eq!(d.dom.temperature_c, Some(0.0));
}

#[test]
fn missing_lower_page_does_not_panic() {
    let d = decode(&ModuleImage::new(), Spec::Sff8636);
    assert_eq!(d.notes.len(), 1);
    assert!(d.dom.lanes.is_empty());
}

#[test]
fn identifier_mismatch_and_odd_class_bits_are_noted() {
    // 128 = 0x0D vs lower 0x11; 129 = 0x01: class 5 code with bits 7-6 = 00.
    let d = Builder::new().page00(128, &[0x0D, 0x01]).decode();
    assert_eq!(d.power.class, Some(5));
    assert_eq!(d.notes.len(), 2, "{:?}", d.notes);
}

#[test]
fn sff8436_reserved_bytes_are_not_errors() {
    // Revision 0x01; SFF-8436 reserves 129 bits 5 and 1-0, 93 bits 3-2, 107 and 6 bit 0:
    // fill them with junk.
    let img = Builder::new()
        .lower(1, &[0x01])
        .lower(6, &[0x01])
        .lower(93, &[0x0C])
        .lower(107, &[0xAB])
        .page00(129, &[0x63])
        .image();
    let d = decode(&img, Spec::Sff8436);
    assert_eq!(d.spec, Spec::Sff8436);
    // 129 bits 7-6 = 01 -> class 2, 2.0 W.
    assert_eq!(d.power.class, Some(2));
    assert_eq!(d.power.max_w, Some(2.0));
    assert!(d.notes.is_empty(), "{:?}", d.notes);
    let x = details(&d);
    assert_eq!(x.controls.high_power_class_5_7_enabled, None);
    assert_eq!(x.controls.max_power_raw, None);
    assert_eq!(x.flags.init_complete, None);
}

#[test]
fn unknown_revision_is_noted_for_sff8636() {
    let d = Builder::new().lower(1, &[0x0A]).decode();
    assert_eq!(d.notes.len(), 1);
    assert!(d.notes[0].contains("0x0a"));
}

#[test]
fn json_has_the_contract_keys() {
    let d = Builder::new().page00(220, &[0x20]).decode();
    let v = serde_json::to_value(&d).unwrap();
    assert_eq!(v["spec"], "sff8636");
    assert_eq!(v["dom"]["lanes"][3]["lane"], 4);
    assert!(v["dom"]["lanes"][0]["tx_power_mw"].is_null());
    assert_eq!(v["power"]["class"], 1);
    assert!(v["details"]["sff8636"]["serial_id"]["compliance"]["sonet"]["names"].is_array());
}

fn fixture(name: &str) -> PathBuf {
    let mut dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    loop {
        let real = dir.join("shared/fixtures/real");
        if real.is_dir() {
            return real.join(name);
        }
        assert!(dir.pop(), "no shared/fixtures/real above the crate");
    }
}

#[test]
fn real_molex_40g_dac() {
    let bytes = std::fs::read(fixture("qsfp-molex-1110401054-dac.bin")).unwrap();
    let img = flat::parse(&bytes).unwrap();
    let d = crate::memmap::decode(&img).unwrap();
    // Revision byte 0x00 -> SFF-8436.
    assert_eq!(d.spec, Spec::Sff8436);
    assert_eq!(d.identifier.code, 0x0D);
    assert_eq!(d.vendor.name, "Molex Inc.");
    assert_eq!(d.vendor.pn, "1110401054");
    assert_eq!(d.vendor.sn, "611030929");
    assert_eq!(d.vendor.oui, "00:09:3a");
    assert_eq!(d.vendor.date_code, "2016-04-19");
    assert_eq!(d.checksums.len(), 2);
    assert!(d.checksums.iter().all(|c| c.ok), "{:?}", d.checksums);
    // 129 = 0x00: class 1, 1.5 W.
    assert_eq!((d.power.class, d.power.max_w), (Some(1), Some(1.5)));
    // Byte 2 = 0x06: flat memory, IntL; no page 03h expected, so no notes at all.
    assert!(d.notes.is_empty(), "{:?}", d.notes);
    assert_eq!(d.thresholds.temperature_c, None);
    // 220 = 0x00: no temperature/Vcc/Tx power monitors on a passive cable.
    assert_eq!(d.dom.temperature_c, None);
    let x = details(&d);
    assert!(x.status.flat_mem && x.status.intl && !x.status.data_not_ready);
    let Some(id) = &x.serial_id else {
        panic!("page 00h missing")
    };
    assert_eq!(id.connector, 0x23);
    // 131 = 0x08: 40GBASE-CR4.
    assert_eq!(
        id.compliance.ethernet_10_40g.names().collect::<Vec<_>>(),
        ["40GBASE-CR4"]
    );
    // 146 = 1 m; 147 = 0xA0: copper, unequalized; 186/187 = 3/4 dB.
    assert_eq!(id.lengths.copper_m, 1);
    assert!(id.device_technology.copper);
    assert_eq!(
        id.media,
        Media::Copper {
            attenuation_2_5ghz_db: 3,
            attenuation_5_0ghz_db: 4,
            attenuation_7_0ghz_db: 0,
            attenuation_12_9ghz_db: 0
        }
    );
    assert_eq!(id.max_case_temp_c, 70);
    assert!(!d.details.sections().is_empty());
}
