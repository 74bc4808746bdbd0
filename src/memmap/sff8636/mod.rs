//! SFF-8636 / SFF-8436 (QSFP+, QSFP28) decoder (reference/sff-8636.md).
//!
//! Lower page (status, flags, monitors, controls), Upper Page 00h (serial ID) and Upper Page
//! 03h (thresholds). Pages 01h/02h are only reported as present or not (Page 00h:195).
//! SFF-8436 modules (revision byte 0x00/0x01) are read with the same map; what SFF-8436
//! reserves is not read for them.

mod bits;
mod lower_controls;
mod lower_flags;
mod lower_monitors;
mod lower_status;
mod page00;
mod page00_tables;
mod page03;
mod power;
mod report;
#[cfg(test)]
mod tests;

use serde::Serialize;

pub use bits::{AlarmFlags, BitTable, LANES, NamedBits};
pub use lower_controls::{Controls, Masks};
pub use lower_flags::Flags;
pub use lower_status::{Status, revision_name};
pub use page00::{Compliance, DeviceTechnology, DiagType, Lengths, Media, SerialId};

use crate::addr::SegmentId;
use crate::memmap::decoded::{Decoded, Details as AnyDetails, Spec};
use crate::memmap::image::ModuleImage;
use crate::memmap::sections::Section;
use crate::memmap::view::HalfView;
use lower_monitors::MonitorSupport;

/// Everything SFF-8636 defines beyond the common record.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Details {
    /// Lower bytes 1-2.
    pub status: Status,
    /// Lower bytes 3-14.
    pub flags: Flags,
    /// Lower bytes 86-127.
    pub controls: Controls,
    /// Upper Page 00h; `None` when it was not read.
    pub serial_id: Option<SerialId>,
    /// Whether Upper Page 03h was read and decoded.
    pub page03_present: bool,
}

impl Details {
    /// Spec-specific report blocks.
    pub fn sections(&self) -> Vec<Section> {
        report::sections(self)
    }
}

/// Decodes an SFF-8636 (`Spec::Sff8636`) or SFF-8436 (`Spec::Sff8436`) image.
pub fn decode(image: &ModuleImage, spec: Spec) -> Decoded {
    let Some(lower_bytes) = image.get(SegmentId::LOWER) else {
        let mut out = Decoded::empty(spec, 0, AnyDetails::Sff8636(Box::default()));
        out.notes
            .push("the lower page (bytes 0-127) is absent: nothing can be decoded".to_string());
        return out;
    };
    let lower = HalfView::lower(lower_bytes);
    let mut notes = Vec::new();

    let status = Status::read(&lower);
    if spec == Spec::Sff8636 && revision_name(status.revision).is_none() {
        notes.push(format!(
            "revision compliance 0x{:02x} (byte 1) is not a code SFF-8636 defines",
            status.revision
        ));
    }
    let details_flags = Flags::read(&lower, spec);
    let controls = Controls::read(&lower, spec);

    let page00 = image.get(SegmentId::upper(0)).map(HalfView::upper);
    let serial_id = page00.as_ref().map(|p| SerialId::read(p, spec));
    let mut out = Decoded::empty(spec, lower.u8(0), AnyDetails::Sff8636(Box::default()));

    match (&page00, &serial_id) {
        (Some(p), Some(id)) => {
            out.vendor = page00::vendor(p);
            out.checksums.extend(page00::checksums(p));
            out.power.class = Some(id.power_class);
            out.power.max_w = power::max_w(id.power_class, controls.max_power_w());
            check_serial_id(id, lower.u8(0), &controls, p, &mut notes);
        }
        _ => notes.push(
            "upper page 00h is absent: vendor, power class and monitor support are unknown"
                .to_string(),
        ),
    }

    let support = serial_id
        .as_ref()
        .map_or(MonitorSupport::ALL, |id| MonitorSupport {
            temperature: id.diag.temperature,
            vcc: id.diag.vcc,
            tx_power: id.diag.tx_power,
            optical_lanes: !matches!(id.media, page00::Media::Copper { .. }),
        });
    out.dom = lower_monitors::read(&lower, support);
    if status.data_not_ready {
        notes.push(
            "data_not_ready (byte 2 bit 0) is set: the monitor values may not be valid yet"
                .to_string(),
        );
    }

    let page03 = image.get(SegmentId::upper(3));
    let mut page03_present = false;
    match (status.flat_mem, page03) {
        (false, Some(bytes)) => {
            out.thresholds = page03::read(&HalfView::upper(bytes));
            // Thresholds of a monitor the module does not implement mean nothing.
            if !support.temperature {
                out.thresholds.temperature_c = None;
            }
            if !support.vcc {
                out.thresholds.vcc_v = None;
            }
            if !support.tx_power {
                out.thresholds.tx_power_dbm = None;
            }
            page03_present = true;
        }
        (false, None) => notes.push(
            "upper page 03h is absent although the module is paged (flat_mem = 0): thresholds unknown"
                .to_string(),
        ),
        (true, Some(_)) => notes.push(
            "page 03h ignored: flat_mem (byte 2 bit 2) says the module has only page 00h"
                .to_string(),
        ),
        // Flat memory: no page 03h is expected.
        (true, None) => {}
    }

    out.notes = notes;
    out.details = AnyDetails::Sff8636(Box::new(Details {
        status,
        flags: details_flags,
        controls,
        serial_id,
        page03_present,
    }));
    out
}

/// Notes on Page 00h values that contradict the lower page or each other.
fn check_serial_id(
    id: &SerialId,
    identifier: u8,
    controls: &Controls,
    p: &HalfView<'_>,
    notes: &mut Vec<String>,
) {
    if id.identifier != identifier {
        notes.push(format!(
            "page 00h byte 128 (identifier 0x{:02x}) differs from lower byte 0 (0x{identifier:02x})",
            id.identifier
        ));
    }
    if let Some(code @ 1..=3) = id.power_class_5_7 {
        if id.power_class_8 == Some(false) && id.ext_identifier >> 6 != 0b11 {
            notes.push(format!(
                "byte 129 declares power class {} in bits 1-0 but bits 7-6 are not 11 (class 4)",
                4 + code
            ));
        }
    }
    if id.power_class == 8 && controls.max_power_w().is_none() {
        notes.push("power class 8 is declared but lower byte 107 (maximum power) is 0".to_string());
    }
    for (what, first, last) in [
        ("name", 148, 163),
        ("part number", 168, 183),
        ("serial number", 196, 211),
    ] {
        if !p.ascii_is_printable(first, last) {
            notes.push(format!("vendor {what} has non-printable bytes"));
        }
    }
}
