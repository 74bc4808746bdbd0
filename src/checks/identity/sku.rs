//! The module against the SKU the plan expects: vendor, PN, revision, identifier and form
//! factor, media and compliance codes. Only the fields the SKU sets are compared.

use crate::checks::common::yes_no;
use crate::memmap::decoded::{Decoded, Details};
use crate::memmap::{sff8472, sff8636};
use crate::plan::model::Sku;
use crate::results::Measurement;

/// What the comparison found: measurements, and a sentence per mismatch for the message.
#[derive(Debug, Default)]
pub struct SkuReport {
    /// One measurement per compared field.
    pub measurements: Vec<Measurement>,
    /// The mismatches in words.
    pub problems: Vec<String>,
    /// What the SKU names but the module cannot show, in words.
    pub not_compared: Vec<String>,
}

impl SkuReport {
    fn text(&mut self, what: &str, found: &str, expected: Option<&String>) {
        let Some(expected) = expected else { return };
        let ok = found.trim() == expected.trim();
        if !ok {
            self.problems.push(format!(
                "{what} is \"{found}\", the SKU expects \"{}\"",
                expected.trim()
            ));
        }
        self.measurements.push(yes_no(format!("sku.{what}"), ok));
    }

    /// A code that must equal `expected`: the measurement holds the module's code.
    fn code(&mut self, what: &str, found: Option<u8>, expected: u8) {
        if found != Some(expected) {
            let found = found.map_or_else(|| "not declared".to_string(), |c| format!("0x{c:02x}"));
            self.problems.push(format!(
                "{what} is {found}, the SKU expects 0x{expected:02x}"
            ));
        }
        let e = Some(f64::from(expected));
        // An undeclared code is a module that does not say what it is: a failure, not an error.
        let v = Some(found.map_or(-1.0, f64::from));
        self.measurements
            .push(Measurement::judged(format!("sku.{what}"), v, "", e, e));
    }
}

impl SkuReport {
    /// The running firmware against the pin, by major.minor: CMIS lower page bytes 39-40
    /// (active firmware). SFF-8472/8636 define no firmware field, so the pin cannot be checked
    /// there; the report says so instead of passing it.
    fn firmware(&mut self, d: &Decoded, pin: &str) {
        let lower = match &d.details {
            Details::Cmis(c) => c.lower.as_ref(),
            _ => None,
        };
        let Some(lower) = lower else {
            self.not_compared.push(format!(
                "module firmware (pin {pin}): {} defines no firmware field",
                d.spec.as_str()
            ));
            return;
        };
        let running = lower.controls.active_firmware;
        let ok = crate::plan::model::firmware_major_minor(pin)
            .is_some_and(|(major, minor)| (running.major, running.minor) == (major, minor));
        if !ok {
            self.problems.push(format!(
                "module runs firmware {running} (CMIS byte 39-40), the matrix pins {pin}"
            ));
        }
        self.measurements.push(yes_no("sku.firmware", ok));
    }
}

/// Compares `d` with `sku`.
pub fn compare(d: &Decoded, sku: &Sku) -> SkuReport {
    let mut r = SkuReport::default();
    r.text("vendor", &d.vendor.name, sku.vendor.as_ref());
    r.text("pn", &d.vendor.pn, sku.pn.as_ref());
    r.text("rev", &d.vendor.rev, sku.rev.as_ref());
    if let Some(ff) = sku.form_factor {
        let ok = ff.identifiers().contains(&d.identifier.code);
        if !ok {
            let codes: Vec<String> = ff
                .identifiers()
                .iter()
                .map(|c| format!("0x{c:02x}"))
                .collect();
            r.problems.push(format!(
                "identifier 0x{:02x} is not a {} ({})",
                d.identifier.code,
                ff.as_str(),
                codes.join(" or ")
            ));
        }
        r.measurements.push(yes_no("sku.form_factor", ok));
    }
    if let Some(pin) = &sku.firmware {
        r.firmware(d, pin);
    }
    if let Some(code) = sku.identifier {
        r.code("identifier", Some(d.identifier.code), code);
    }
    if let Some(media) = sku.media {
        r.code("media", media_code(d), media.cmis_media_type());
    }
    let advertised = compliance_codes(d);
    for code in &sku.compliance_codes {
        let ok = advertised.contains(code);
        if !ok {
            let list: Vec<String> = advertised.iter().map(|c| format!("0x{c:02x}")).collect();
            r.problems.push(format!(
                "compliance code 0x{code:02x} is not advertised (the module has {})",
                if list.is_empty() {
                    "none".to_string()
                } else {
                    list.join(", ")
                }
            ));
        }
        r.measurements
            .push(yes_no(format!("sku.compliance_code.0x{code:02x}"), ok));
    }
    r
}

/// The module's medium as a CMIS media type code (Page 00h byte 85: 1 MMF, 2 SMF, 3 passive
/// copper, 4 active cable, 5 BASE-T), derived for SFF modules; `None` when it cannot be told.
pub fn media_code(d: &Decoded) -> Option<u8> {
    match &d.details {
        // Lower byte 85 (reference/cmis.md §1); codes beyond 5 are not a medium a SKU names.
        Details::Cmis(c) => c.lower.as_ref().map(|l| l.controls.media_type),
        Details::Sff8472(s) => sff8472_media(s),
        Details::Sff8636(s) => s.serial_id.as_ref().and_then(sff8636_media),
    }
}

/// SFF-8472 A0h (reference/sff-8472.md §1): byte 8 b2/b3 cable kind, byte 6 b3 1000BASE-T,
/// bytes 60-61 wavelength (below 1000 nm = multimode), else the Ethernet compliance bits
/// (byte 3 b4 10GBASE-SR, b6 LRM, byte 6 b0 1000BASE-SX = MMF; byte 3 b5 LR, b7 ER, byte 6 b1
/// 1000BASE-LX = SMF).
fn sff8472_media(s: &sff8472::Details) -> Option<u8> {
    let id = &s.identity;
    if let Some(cable) = &id.cable {
        return Some(match cable.kind {
            sff8472::CableKind::Passive => 3,
            sff8472::CableKind::Active => 4,
        });
    }
    let c = &id.compliance;
    if c.has(6, 3) {
        return Some(5);
    }
    match id.wavelength_nm {
        Some(w) if w > 0 && w < 1000 => return Some(1),
        Some(w) if w >= 1000 => return Some(2),
        _ => {}
    }
    if c.has(3, 4) || c.has(3, 6) || c.has(6, 0) {
        Some(1)
    } else if c.has(3, 5) || c.has(3, 7) || c.has(6, 1) {
        Some(2)
    } else {
        None
    }
}

/// SFF-8636 Page 00h (reference/sff-8636.md §2): byte 147 b7-4 transmitter technology — 10-11
/// copper passive (unequalized / passive equalized), 12-15 copper with active equalizers — else
/// the wavelength at 186-187 (below 1000 nm = multimode), else the laser kind (850 nm VCSEL =
/// MMF; FP, DFB, EML = SMF).
fn sff8636_media(id: &sff8636::SerialId) -> Option<u8> {
    let tx = id.device_technology.transmitter;
    match (tx, id.media) {
        (10 | 11, _) => Some(3),
        (12..=15, _) => Some(4),
        (_, sff8636::Media::Optical { wavelength_nm, .. }) if wavelength_nm > 0.0 => {
            Some(if wavelength_nm < 1000.0 { 1 } else { 2 })
        }
        (0, _) => Some(1),
        (3..=7 | 9, _) => Some(2),
        _ => None,
    }
}

/// The SFF-8024 codes the module advertises: the media interface IDs of its CMIS applications,
/// or the extended compliance code (SFF-8472 A0h 36, SFF-8636 Page 00h:192).
pub fn compliance_codes(d: &Decoded) -> Vec<u8> {
    match &d.details {
        Details::Cmis(_) => {
            let mut codes: Vec<u8> = d
                .applications
                .iter()
                .map(|a| a.media_interface_id)
                .collect();
            codes.dedup();
            codes
        }
        Details::Sff8472(s) => vec![s.identity.ext_compliance.code],
        Details::Sff8636(s) => s
            .serial_id
            .as_ref()
            .map(|id| vec![id.ext_compliance])
            .unwrap_or_default(),
    }
}
