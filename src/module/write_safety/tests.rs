//! Each spec's allowlist: allowed, refused, granted.

use super::*;
use crate::addr::{DeviceAddr, SegmentId};
use crate::transport::TransportError;

fn refused(r: Result<(), TransportError>) -> String {
    match r {
        Err(TransportError::WriteRefused { reason }) => reason,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[test]
fn cmis_allows_selects_and_documented_controls_only() {
    let w = WriteSafety::new(Spec::Cmis, false);
    let lower = SegmentId::LOWER;
    // Bank + page select in one write; global controls 26; masks 31-36.
    assert!(w.check(lower, 126, &[1, 0x11]).is_ok());
    assert!(w.check(lower, 26, &[0x10]).is_ok());
    assert!(w.check(lower, 31, &[0xFF; 6]).is_ok());
    // Page 10h 128-212 in every bank; 13h diagnostics controls; 14h selector; 2Fh:144 bit 7.
    assert!(w.check(SegmentId::banked(3, 0x10), 205, &[0; 8]).is_ok());
    assert!(w.check(SegmentId::banked(1, 0x13), 180, &[0x0F]).is_ok());
    assert!(w.check(SegmentId::banked(0, 0x14), 128, &[0x06]).is_ok());
    assert!(w.check(SegmentId::upper(0x2F), 144, &[0x80]).is_ok());
    // Refused: 2Fh:144 other bits, 10h:213, lower 25 and 37 (a read-only status), 30.
    let r = refused(w.check(SegmentId::upper(0x2F), 144, &[0x81]));
    assert!(r.contains("writable mask 0x80"), "{r}");
    assert!(
        w.check(SegmentId::banked(0, 0x10), 206, &[0; 8]).is_err(),
        "206-213: 213 refused"
    );
    for byte in [0u8, 25, 27, 30, 37, 85] {
        assert!(w.check(lower, byte, &[0]).is_err(), "byte {byte}");
    }
}

#[test]
fn cmis_passwords_user_and_vendor_pages_name_the_grant() {
    let w = WriteSafety::new(Spec::Cmis, false);
    let r = refused(w.check(SegmentId::LOWER, 122, &[0; 4]));
    assert!(
        r.contains("CMIS: A0h lower byte 122 is the password entry"),
        "{r}"
    );
    assert!(r.contains("grant `A0h lower bytes 122-125`"), "{r}");
    let r = refused(w.check(SegmentId::LOWER, 118, &[0]));
    assert!(r.contains("password change"), "{r}");
    let r = refused(w.check(SegmentId::upper(0x03), 200, &[0]));
    assert!(r.contains("page 03h byte 200 is the user NVM page"), "{r}");
    let r = refused(w.check(SegmentId::upper(0x9F), 128, &[0]));
    assert!(r.contains("CDB"), "{r}");
    let r = refused(w.check(SegmentId::upper(0x85), 128, &[0]));
    assert!(r.contains("custom (vendor) page"), "{r}");
    let r = refused(w.check(SegmentId::upper(0x00), 200, &[0]));
    assert!(r.contains("serial ID"), "{r}");
}

#[test]
fn cmis_grants_extend_the_allowlist_exactly() {
    let mut w = WriteSafety::new(Spec::Cmis, false);
    w.grant(Grant::password_entry(Spec::Cmis));
    w.grant(Grant::page(0x03, 128, 255));
    w.grant(Grant::bytes(SegmentId::banked(1, 0x12), 130, 131));
    assert!(w.check(SegmentId::LOWER, 122, &[0; 4]).is_ok());
    assert!(
        w.check(SegmentId::LOWER, 118, &[0; 4]).is_err(),
        "change is not entry"
    );
    assert!(w.check(SegmentId::upper(3), 128, &[0; 8]).is_ok());
    assert!(w.check(SegmentId::banked(1, 0x12), 130, &[0; 2]).is_ok());
    assert!(
        w.check(SegmentId::banked(0, 0x12), 130, &[0]).is_err(),
        "other bank"
    );
    assert!(
        w.check(SegmentId::banked(1, 0x12), 132, &[0]).is_err(),
        "past the grant"
    );
    assert_eq!(
        Grant::page(0x03, 128, 255).to_string(),
        "A0h page 03h bytes 128-255"
    );
}

#[test]
fn sff8636_allowlist() {
    let w = WriteSafety::new(Spec::Sff8636, false);
    let l = SegmentId::LOWER;
    for (byte, len) in [(86u8, 3usize), (93, 1), (98, 1), (100, 7), (127, 1)] {
        assert!(w.check(l, byte, &vec![0; len]).is_ok(), "byte {byte}");
    }
    for byte in [85u8, 89, 92, 94, 99, 107, 119] {
        assert!(w.check(l, byte, &[0]).is_err(), "byte {byte}");
    }
    let r = refused(w.check(l, 123, &[0; 4]));
    assert!(
        r.contains("SFF-8636") && r.contains("password entry"),
        "{r}"
    );
    assert!(r.contains("grant `A0h lower bytes 123-126`"), "{r}");
    let r = refused(w.check(SegmentId::upper(3), 128, &[0]));
    assert!(r.contains("threshold page"), "{r}");
    let mut w = w;
    w.grant(Grant::password_entry(Spec::Sff8636));
    assert!(w.check(l, 123, &[0; 4]).is_ok());
}

#[test]
fn sff8472_allowlist_and_soft_control_bits() {
    let w = WriteSafety::new(Spec::Sff8472, false);
    let a2 = SegmentId::A2_LOWER;
    // 110: bit 6 soft TX_DISABLE (0x40), bit 3 soft RS(0) (0x08): 0x48 allowed.
    assert!(w.check(a2, 110, &[0x48]).is_ok());
    // 0xC2 also sets read-only pin-state bits 7 and 1.
    let r = refused(w.check(a2, 110, &[0xC2]));
    assert!(r.contains("writable mask 0x48"), "{r}");
    // 118: bit 0 power level select, bit 3 soft RS(1).
    assert!(w.check(a2, 118, &[0x01]).is_ok());
    assert!(w.check(a2, 118, &[0x02]).is_err(), "bit 1 is a status");
    // Page select only when A0h 64.4 says A2h is paged.
    let r = refused(w.check(a2, 127, &[0]));
    assert!(r.contains("vendor specific"), "{r}");
    assert!(
        WriteSafety::new(Spec::Sff8472, true)
            .check(a2, 127, &[1])
            .is_ok()
    );
    // A0h: nothing at all; A2h thresholds, calibration, user EEPROM: refused.
    let r = refused(w.check(SegmentId::LOWER, 20, &[0x41]));
    assert!(
        r.contains("SFF-8472: A0h lower byte 20 is serial ID"),
        "{r}"
    );
    assert!(w.check(a2, 0, &[0; 2]).is_err());
    let r = refused(w.check(a2, 76, &[1]));
    assert!(r.contains("calibration"), "{r}");
    let r = refused(w.check(SegmentId::a2_upper(0), 128, &[1]));
    assert!(
        r.contains("user EEPROM") && r.contains("grant `A2h page 00h bytes 128-255`"),
        "{r}"
    );
    let mut w = w;
    w.grant(Grant::bytes(SegmentId::a2_upper(0), 128, 247));
    assert!(w.check(SegmentId::a2_upper(0), 128, &[1; 8]).is_ok());
    assert_eq!(Grant::password_entry(Spec::Sff8472).device, DeviceAddr::A2);
}

#[test]
fn writes_outside_the_segment_are_invalid() {
    let w = WriteSafety::new(Spec::Cmis, false);
    assert!(matches!(
        w.check(SegmentId::LOWER, 126, &[0, 0, 0]),
        Err(TransportError::InvalidRequest(_))
    ));
    assert!(matches!(
        w.check(SegmentId::upper(0x10), 100, &[0]),
        Err(TransportError::InvalidRequest(_))
    ));
    assert!(w.check(SegmentId::LOWER, 26, &[]).is_err());
}
