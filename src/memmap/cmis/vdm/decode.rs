//! Decoding pages 20h-2Fh (bank 0) of a [`ModuleImage`] into a [`Vdm`] (reference/cmis.md §9).

use std::borrow::Cow;

use crate::memmap::image::{HalfPage, ModuleImage};
use crate::memmap::view::HalfView;

use super::model::{Observable, Vdm, VdmFlags, VdmThresholds};
use super::observables::{ObservableKind, kind_of};

/// First descriptor page (group 1); groups 2-4 follow.
const DESCRIPTOR_PAGE: u8 = 0x20;
/// Samples page of a group = descriptor page + 4.
const SAMPLES_OFFSET: u8 = 4;
/// Threshold page of a group = descriptor page + 8.
const THRESHOLDS_OFFSET: u8 = 8;
/// Flags page, 32 bytes per group.
const FLAGS_PAGE: u8 = 0x2C;
/// Advertisement and freeze control page.
const CONTROL_PAGE: u8 = 0x2F;
/// Most groups the map has room for.
const MAX_GROUPS: u8 = 4;
/// Descriptors per group (128 bytes / 2).
const DESCRIPTORS: usize = 64;
/// Flag bytes per group on page 2Ch.
const FLAG_BYTES_PER_GROUP: usize = 32;

/// Decodes VDM; `None` when descriptor page 20h is absent (the module has no VDM, or it was not
/// read). Missing pages of an advertised group leave their fields `None` and add a note.
pub fn decode(image: &ModuleImage) -> Option<Vdm> {
    image.upper(DESCRIPTOR_PAGE)?;
    let mut vdm = Vdm::default();

    // 2Fh:128 b1-0 = supported groups − 1; 2Fh:144 b7 freeze request; 2Fh:145 b7/b6 done.
    let groups = match image.upper(CONTROL_PAGE) {
        Some(page) => {
            let p = HalfView::upper(page);
            let groups = p.bits(128, 1, 0) + 1;
            vdm.supported_groups = Some(groups);
            vdm.freeze_request = Some(p.bit(144, 7));
            vdm.freeze_done = Some(p.bit(145, 7));
            vdm.unfreeze_done = Some(p.bit(145, 6));
            for g in groups + 1..=MAX_GROUPS {
                let page = DESCRIPTOR_PAGE + g - 1;
                if image.upper(page).is_some() {
                    vdm.notes.push(format!(
                        "vdm page {page:02x}h present beyond the {groups} advertised group(s): not decoded"
                    ));
                }
            }
            groups
        }
        None => {
            vdm.notes
                .push("vdm page 2fh missing: supported groups and freeze state unknown".into());
            MAX_GROUPS
        }
    };

    let flags = image.upper(FLAGS_PAGE);
    if flags.is_none() {
        vdm.notes.push("vdm flags page 2ch missing".into());
    }
    for group in 1..=groups {
        decode_group(
            image,
            group,
            flags,
            vdm.supported_groups.is_some(),
            &mut vdm,
        );
    }
    Some(vdm)
}

/// Decodes the used descriptors of `group` (1-4) into `vdm.observables`.
fn decode_group(
    image: &ModuleImage,
    group: u8,
    flags: Option<&HalfPage>,
    advertised: bool,
    vdm: &mut Vdm,
) {
    let desc_page = DESCRIPTOR_PAGE + group - 1;
    let Some(descriptors) = image.upper(desc_page) else {
        // Without page 2Fh every group is tried; only advertised groups must be there.
        if advertised {
            vdm.notes
                .push(format!("vdm descriptor page {desc_page:02x}h missing"));
        }
        return;
    };
    let samples = page_or_note(image, desc_page + SAMPLES_OFFSET, "samples", vdm);
    let thresholds = page_or_note(image, desc_page + THRESHOLDS_OFFSET, "thresholds", vdm);
    let used = (0..DESCRIPTORS)
        .filter(|i| descriptors[2 * i + 1] != 0)
        .count();
    vdm.observables.reserve(used);
    let descriptors = HalfView::upper(descriptors);
    let samples = samples.map(HalfView::upper);
    let thresholds = thresholds.map(HalfView::upper);
    let flags = flags.map(HalfView::upper);

    for i in 0..DESCRIPTORS {
        // Descriptor i: even byte 128 + 2i (b7-4 threshold set, b3-0 lane − 1), odd byte
        // 129 + 2i (observable type ID, 0 = unused).
        let at = 128 + 2 * i;
        let type_id = descriptors.u8(at + 1);
        if type_id == 0 {
            continue;
        }
        let threshold_set = descriptors.bits(at, 7, 4);
        let lane = descriptors.bits(at, 3, 0) + 1;
        let kind = kind_of(type_id);

        // Sample i: bytes 128 + 2i, 129 + 2i of page 24h + group − 1.
        let raw = samples.map(|p| p.u16(at));
        let value = kind.zip(raw).map(|(k, r)| k.value(r));
        let thresholds = kind
            .zip(thresholds)
            .map(|(k, p)| threshold_set_of(&k, p, threshold_set));
        // Flags: 2Ch byte 128 + 32 (group − 1) + i / 2, descriptor 2k in b3-0, 2k + 1 in b7-4.
        let flags = flags.map(|p| {
            let byte = p.u8(128 + FLAG_BYTES_PER_GROUP * usize::from(group - 1) + i / 2);
            VdmFlags::from_nibble(if i % 2 == 0 { byte & 0x0F } else { byte >> 4 })
        });

        vdm.observables.push(Observable {
            group,
            index: i as u8,
            type_id,
            name: kind.map_or_else(
                || Cow::Owned(format!("Reserved({type_id})")),
                |k| Cow::Borrowed(k.name),
            ),
            unit: kind.map_or("", |k| k.unit),
            format: kind.map(|k| k.format),
            lane,
            threshold_set,
            raw,
            value,
            thresholds,
            flags,
        });
    }
}

/// Threshold set `set` (0-15) of a threshold page: bytes 128 + 8 set .. + 7 = HA, LA, HW, LW.
fn threshold_set_of(kind: &ObservableKind, page: HalfView<'_>, set: u8) -> VdmThresholds {
    let base = 128 + 8 * usize::from(set);
    VdmThresholds {
        high_alarm: kind.value(page.u16(base)),
        low_alarm: kind.value(page.u16(base + 2)),
        high_warning: kind.value(page.u16(base + 4)),
        low_warning: kind.value(page.u16(base + 6)),
    }
}

/// Upper page `page`, or a note saying it is missing.
fn page_or_note<'a>(
    image: &'a ModuleImage,
    page: u8,
    what: &str,
    vdm: &mut Vdm,
) -> Option<&'a HalfPage> {
    let found = image.upper(page);
    if found.is_none() {
        vdm.notes
            .push(format!("vdm {what} page {page:02x}h missing"));
    }
    found
}
