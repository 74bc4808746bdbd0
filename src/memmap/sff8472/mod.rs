//! SFF-8472 (SFP / SFP+ / SFP28): A0h serial ID and A2h diagnostics
//! (reference/sff-8472.md; code tables from reference/sff-8024.md).
//!
//! Segments: A0h lower = [`SegmentId::LOWER`], A0h 128-255 = `SegmentId::upper(0)` (reserved,
//! nothing to decode), A2h lower = [`SegmentId::A2_LOWER`], A2h upper page N =
//! `SegmentId::a2_upper(N)` (user EEPROM / vendor; only listed).

mod a0_identity;
mod a0_options;
mod a2_live;
mod a2_status;
mod a2_thresholds;
mod calibration;
#[cfg(test)]
mod tests;

use serde::Serialize;

use crate::addr::{DeviceAddr, Half, SegmentId};
use crate::memmap::decoded::{Decoded, Details as AnyDetails, Dom, Spec, Thresholds};
use crate::memmap::image::ModuleImage;
use crate::memmap::sections::Section;
use crate::memmap::view::HalfView;

pub use a0_identity::{
    BitRate, CableCompliance, CableKind, Code, Compliance, Identity, Lengths, LinkLength,
};
pub use a0_options::{DiagType, EnhancedOptions, Options, RxPowerType};
pub use a2_live::{Monitors, RawMonitors};
pub use a2_status::{A2Status, ExtendedStatus, MonitorFlags, StatusControl};
pub use a2_thresholds::A2Thresholds;
pub use calibration::{Calibration, ExternalCalibration};

/// SFF-8472 fields beyond the common record.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Details {
    /// A0h identity: compliance, encoding, rates, lengths, wavelength or cable, revision.
    pub identity: Identity,
    /// A0h bytes 64-65.
    pub options: Options,
    /// A0h byte 92.
    pub diagnostics: DiagType,
    /// A0h byte 93.
    pub enhanced_options: EnhancedOptions,
    /// What the Rx power monitor measures (A0h 92.3).
    pub rx_power_type: RxPowerType,
    /// How A2h values were converted; `None` when A2h was not decoded or byte 92 declares no
    /// calibration.
    pub calibration: Option<Calibration>,
    /// A2h 96-109 including the optional laser temperature and TEC current.
    pub monitors: Option<Monitors>,
    /// A2h 0-55 including power in mW, laser temperature and TEC current.
    pub thresholds: Option<A2Thresholds>,
    /// A2h 110-127.
    pub status: Option<A2Status>,
    /// A2h upper pages present in the image.
    pub a2_pages: Vec<u8>,
}

impl Details {
    /// Spec-specific report blocks.
    pub fn sections(&self) -> Vec<Section> {
        let mut out = vec![
            self.identity.section(),
            self.options.section(),
            a0_options::diagnostics_section(&self.diagnostics, &self.enhanced_options),
        ];
        if let Some(m) = &self.monitors {
            out.push(m.section());
        }
        if let Some(t) = &self.thresholds {
            out.push(t.section());
        }
        if let Some(s) = &self.status {
            out.extend(s.sections());
        }
        if let Some(Calibration::External(c)) = &self.calibration {
            out.push(c.section());
        }
        out
    }
}

/// Decodes an SFF-8472 image: every field of A0h and, when the module implements digital
/// diagnostics and A2h was read, of A2h. Never fails: problems become notes.
pub fn decode(image: &ModuleImage) -> Decoded {
    let Some(lower) = image.lower() else {
        let mut d = Decoded::empty(Spec::Sff8472, 0, AnyDetails::Sff8472(Box::default()));
        d.notes
            .push("a0h lower half (bytes 0-127) was not read: nothing to decode".to_string());
        return d;
    };
    let a0 = HalfView::lower(lower);
    let mut notes = Vec::new();
    let vendor = a0_identity::vendor(&a0, &mut notes);
    let identity = a0_identity::Identity::read(&a0, &mut notes);
    let options = Options::read(&a0);
    let diagnostics = DiagType::read(&a0);
    let enhanced_options = EnhancedOptions::read(&a0);
    let mut checksums = a0_identity::checksums(&a0).to_vec();

    if diagnostics.address_change_required {
        notes.push("a0h byte 92 bit 2: address change required before a2h can be read".to_string());
    }
    let mut details = Details {
        identity,
        options,
        diagnostics,
        enhanced_options,
        rx_power_type: diagnostics.rx_power_type,
        a2_pages: a2_pages(image),
        ..Details::default()
    };
    let (dom, thresholds) = match image.get(SegmentId::A2_LOWER) {
        Some(a2) if diagnostics.ddm => {
            let a2 = HalfView::lower(a2);
            checksums.push(a2.checksum("A2h CC_DMI (0-94)", 0, 94, 95));
            decode_a2(&a2, &mut details, &mut notes)
        }
        Some(_) => {
            notes.push(
                "a0h byte 92 bit 6 is clear (no digital diagnostics): a2h bytes ignored"
                    .to_string(),
            );
            (Dom::default(), Thresholds::default())
        }
        None if diagnostics.ddm => {
            notes.push(
                "a2h lower half (bytes 0-127) was not read: no dom, thresholds or status"
                    .to_string(),
            );
            (Dom::default(), Thresholds::default())
        }
        None => (Dom::default(), Thresholds::default()),
    };

    let mut d = Decoded::empty(
        Spec::Sff8472,
        a0.u8(0),
        AnyDetails::Sff8472(Box::new(details)),
    );
    d.vendor = vendor;
    d.checksums = checksums;
    d.power = options.power();
    d.dom = dom;
    d.thresholds = thresholds;
    d.notes = notes;
    d
}

/// Decodes A2h lower (DDM implemented): status always, values when a calibration is declared.
fn decode_a2(
    a2: &HalfView<'_>,
    details: &mut Details,
    notes: &mut Vec<String>,
) -> (Dom, Thresholds) {
    let diag = details.diagnostics;
    let status = A2Status::read(a2, details.enhanced_options.alarm_warning_flags);
    if status.status.data_not_ready {
        notes.push(
            "a2h byte 110 bit 0 (data_ready_bar) is set: monitor values not ready yet".to_string(),
        );
    }
    details.status = Some(status);
    let cal = match (diag.external_cal, diag.internal_cal) {
        (true, internal) => {
            if internal {
                notes.push(
                    "a0h byte 92 declares both internal and external calibration: external constants applied"
                        .to_string(),
                );
            }
            Some(Calibration::External(ExternalCalibration::read(a2)))
        }
        (false, true) => Some(Calibration::Internal),
        (false, false) => {
            notes.push(
                "a0h byte 92 declares neither internal nor external calibration (bits 5-4): dom values not reported"
                    .to_string(),
            );
            None
        }
    };
    details.calibration = cal;
    let monitors = Monitors::read(a2, cal.as_ref(), notes);
    let result = match &cal {
        Some(cal) => {
            let thresholds = A2Thresholds::read(a2, cal, notes);
            let common = thresholds.common();
            details.thresholds = Some(thresholds);
            (monitors.dom(), common)
        }
        None => (Dom::default(), Thresholds::default()),
    };
    details.monitors = Some(monitors);
    result
}

/// Numbers of the A2h upper pages present.
fn a2_pages(image: &ModuleImage) -> Vec<u8> {
    image
        .segments()
        .filter_map(|(id, _)| match (id.device, id.half) {
            (DeviceAddr::A2, Half::Upper(sel)) if sel.bank == 0 => Some(sel.page),
            _ => None,
        })
        .collect()
}
