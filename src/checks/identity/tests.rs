//! The identity check on the simulated bench.

use crate::checks::testkit::Kit;
use crate::plan::model::{FormFactor, Media, Sku};
use crate::results::Outcome;

fn sku(pn: &str, ff: FormFactor, media: Media, codes: &[u8]) -> Sku {
    Sku {
        vendor: Some("ACME".into()),
        pn: Some(pn.into()),
        form_factor: Some(ff),
        media: Some(media),
        compliance_codes: codes.to_vec(),
        ..Sku::default()
    }
}

async fn run_with(fixture: &str, expected: Option<Sku>) -> crate::checks::AttemptResult {
    let mut kit = Kit::new(&[fixture], "  - identity\n");
    kit.plan.station.slots[0].sku = expected;
    kit.run(0, 0).await
}

#[tokio::test(start_paused = true)]
async fn every_family_passes_against_its_sku() {
    // Media and compliance codes as each fixture declares them: SFP+ SR 850 nm (MMF, byte 36 =
    // 0x00), SFP28 LR 1310 nm (SMF, byte 36 = 0x03), QSFP28 SR4 850 nm (MMF, byte 192 = 0x02),
    // QSFP-DD DR4 (byte 85 = 2 SMF, media IDs 28 400GBASE-DR4 and 20 100GBASE-DR), OSFP 2xFR4
    // (SMF, media ID 29 400GBASE-FR4).
    let cases = [
        (
            "sfp-10g-sr",
            sku("AC-SFP-10G-SR", FormFactor::SfpPlus, Media::Mmf, &[0x00]),
        ),
        (
            "sfp28-25g-lr",
            sku("AC-SFP28-25G-LR", FormFactor::Sfp28, Media::Smf, &[0x03]),
        ),
        (
            "qsfp28-100g-sr4",
            sku("AC-Q28-100G-SR4", FormFactor::Qsfp28, Media::Mmf, &[0x02]),
        ),
        (
            "qsfpdd-400g-dr4",
            sku("AC-QDD-400G-DR4", FormFactor::QsfpDd, Media::Smf, &[28, 20]),
        ),
        (
            "osfp-800g-2xfr4",
            sku("AC-OSFP-800-2FR4", FormFactor::Osfp, Media::Smf, &[29]),
        ),
    ];
    for (fixture, expected) in cases {
        let r = run_with(fixture, Some(expected)).await;
        assert_eq!(r.outcome, Outcome::Pass, "{fixture}: {}", r.message);
        assert!(
            r.measurements
                .iter()
                .any(|m| m.name.starts_with("checksum.")),
            "{fixture}: a measurement per checksum"
        );
        assert!(r.measurements.iter().any(|m| m.name == "power.max_w"));
        assert!(
            r.measurements
                .iter()
                .any(|m| m.name == "vendor.sn.printable")
        );
    }
}

#[tokio::test(start_paused = true)]
async fn without_a_sku_only_the_module_itself_is_judged() {
    let r = run_with("qsfpdd-400g-dr4", None).await;
    assert_eq!(r.outcome, Outcome::Pass, "{}", r.message);
    assert!(
        r.message.contains("no SKU to compare with"),
        "{}",
        r.message
    );
    // Three CMIS checksums: pages 00h, 01h, 02h.
    let n = r
        .measurements
        .iter()
        .filter(|m| m.name.starts_with("checksum."))
        .count();
    assert_eq!(n, 3);
}

#[tokio::test(start_paused = true)]
async fn a_wrong_part_number_fails_naming_it() {
    let mut expected = sku("AC-QDD-400G-FR4", FormFactor::QsfpDd, Media::Smf, &[]);
    expected.vendor = None;
    let r = run_with("qsfpdd-400g-dr4", Some(expected)).await;
    assert_eq!(r.outcome, Outcome::Fail, "{}", r.message);
    assert!(
        r.message
            .contains("pn is \"AC-QDD-400G-DR4\", the SKU expects \"AC-QDD-400G-FR4\""),
        "{}",
        r.message
    );
}

#[tokio::test(start_paused = true)]
async fn wrong_form_factor_media_and_compliance_fail() {
    // An SFP28 LR where a QSFP28 SR4 (MMF, 100GBASE-SR4 = 0x02) is expected.
    let expected = Sku {
        form_factor: Some(FormFactor::Qsfp28),
        media: Some(Media::Mmf),
        compliance_codes: vec![0x02],
        ..Sku::default()
    };
    let r = run_with("sfp28-25g-lr", Some(expected)).await;
    assert_eq!(r.outcome, Outcome::Fail);
    assert!(
        r.message.contains("identifier 0x03 is not a QSFP28 (0x11)"),
        "{}",
        r.message
    );
    assert!(
        r.message.contains("media is 0x02, the SKU expects 0x01"),
        "{}",
        r.message
    );
    assert!(
        r.message
            .contains("compliance code 0x02 is not advertised (the module has 0x03)"),
        "{}",
        r.message
    );
    let media = r
        .measurements
        .iter()
        .find(|m| m.name == "sku.media")
        .unwrap();
    assert_eq!((media.value, media.low), (Some(2.0), Some(1.0)));
}

#[tokio::test(start_paused = true)]
async fn a_corrupted_checksum_fails_with_stored_and_computed() {
    // Byte 222 is the CMIS Page 00h checksum; every read of it comes back with bit 0 flipped
    // (also in other pages, where it is not a checksum of page 00h).
    let r = run_with("qsfpdd-400g-dr4?corrupt_offsets=222", None).await;
    assert_eq!(r.outcome, Outcome::Fail, "{}", r.message);
    let m = r
        .measurements
        .iter()
        .find(|m| m.name == "checksum.page 00h (128-221)")
        .unwrap();
    assert_eq!(m.outcome, Outcome::Fail);
    assert_ne!(m.value, m.low);
    assert!(
        r.message.contains("checksum page 00h (128-221) stored"),
        "{}",
        r.message
    );
}

#[tokio::test(start_paused = true)]
async fn a_non_printable_serial_number_is_named() {
    // SFF-8472 SN at A0h 68-83; byte 70 read with bit 7 flipped is outside printable ASCII
    // (and breaks CC_EXT, the sum of 64-94).
    let r = run_with("sfp-10g-sr?corrupt_offsets=70&corrupt_mask=128", None).await;
    assert_eq!(r.outcome, Outcome::Fail);
    assert!(
        r.message.contains("vendor.sn holds the non-printable byte"),
        "{}",
        r.message
    );
    assert!(r.message.contains("A0h CC_EXT (64-94)"), "{}", r.message);
}

#[tokio::test(start_paused = true)]
async fn the_checksum_switch_turns_checksums_off() {
    let mut kit = Kit::new(
        &["qsfpdd-400g-dr4?corrupt_offsets=222"],
        "  - identity: { checksums: false }\n",
    );
    let r = kit.run(0, 0).await;
    assert_eq!(r.outcome, Outcome::Pass, "{}", r.message);
    assert!(
        !r.measurements
            .iter()
            .any(|m| m.name.starts_with("checksum."))
    );
}

#[tokio::test(start_paused = true)]
async fn over_the_power_budget_fails() {
    // The QSFP-DD DR4 advertises 12 W (Page 00h:201 = 48 × 0.25 W); the cage gives 10 W.
    let mut kit = Kit::new(&["qsfpdd-400g-dr4"], "  - identity\n");
    kit.plan.station.slots[0].power_budget_w = Some(10.0);
    let r = kit.run(0, 0).await;
    assert_eq!(r.outcome, Outcome::Fail);
    let m = r
        .measurements
        .iter()
        .find(|m| m.name == "power.max_w")
        .unwrap();
    assert_eq!((m.value, m.high), (Some(12.0), Some(10.0)));
    assert!(
        r.message.contains("power.max_w = 12 W, limit <= 10 W"),
        "{}",
        r.message
    );
    // Switched off, the budget is not judged.
    let mut kit = Kit::new(
        &["qsfpdd-400g-dr4"],
        "  - identity: { power_budget: false }\n",
    );
    kit.plan.station.slots[0].power_budget_w = Some(10.0);
    assert_eq!(kit.run(0, 0).await.outcome, Outcome::Pass);
}

#[tokio::test(start_paused = true)]
async fn a_module_that_does_not_answer_is_an_error() {
    let r = run_with("sfp-10g-sr?nack_burst=100000", None).await;
    assert_eq!(r.outcome, Outcome::Error, "{}", r.message);
    assert!(
        r.message.starts_with("cannot read the module"),
        "{}",
        r.message
    );
    let mut kit = Kit::new(&["qsfp28-100g-sr4"], "  - identity\n");
    kit.lab.slots[0].control.handle().unplug();
    assert_eq!(kit.run(0, 0).await.outcome, Outcome::Error);
}

#[tokio::test(start_paused = true)]
async fn the_running_firmware_is_checked_against_the_pin() {
    // The simulated QSFP-DD DR4 runs firmware 3.2 (CMIS lower page byte 39 = 3, byte 40 = 2).
    let mut kit = Kit::new(&["qsfpdd-400g-dr4"], "  - identity\n");
    if let Some(sku) = kit.plan.station.slots[0].sku.as_mut() {
        sku.firmware = Some("3.2.7".into());
    } else {
        kit.plan.station.slots[0].sku = Some(crate::plan::model::Sku {
            firmware: Some("3.2.7".into()),
            ..Default::default()
        });
    }
    let r = kit.run(0, 0).await;
    assert_eq!(r.outcome, Outcome::Pass, "{}", r.message);
    let m = r
        .measurements
        .iter()
        .find(|m| m.name == "sku.firmware")
        .unwrap();
    assert_eq!(m.outcome, Outcome::Pass);

    let mut kit = Kit::new(&["qsfpdd-400g-dr4"], "  - identity\n");
    kit.plan.station.slots[0].sku = Some(crate::plan::model::Sku {
        firmware: Some("3.3".into()),
        ..Default::default()
    });
    let r = kit.run(0, 0).await;
    assert_eq!(r.outcome, Outcome::Fail);
    assert!(
        r.message
            .contains("module runs firmware 3.2 (CMIS byte 39-40), the matrix pins 3.3"),
        "{}",
        r.message
    );

    // SFF-8472 has no firmware field: the pin is named as not verified, and nothing fails.
    let mut kit = Kit::new(&["sfp-10g-sr"], "  - identity\n");
    kit.plan.station.slots[0].sku = Some(crate::plan::model::Sku {
        firmware: Some("1.0".into()),
        ..Default::default()
    });
    let r = kit.run(0, 0).await;
    assert_eq!(r.outcome, Outcome::Pass, "{}", r.message);
    assert!(
        r.message
            .contains("module firmware (pin 1.0): sff8472 defines no firmware field"),
        "{}",
        r.message
    );
    assert!(!r.measurements.iter().any(|m| m.name == "sku.firmware"));
}
