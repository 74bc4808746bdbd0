//! [`decode`]: a CMIS image to the common record plus [`Details`].

use super::applications;
use super::details::{Bank, Details, LowerMemory};
use super::lanes::{Page10, Page11};
use super::lower_controls::Controls;
use super::lower_flags::Flags;
use super::lower_monitors::Monitors;
use super::lower_status::{MemoryModel, Status};
use super::page00::Page00;
use super::page01::Page01;
use super::page02::{Page02, bias_ma};
use super::vdm;
use crate::addr::{DeviceAddr, Half};
use crate::memmap::decoded::{
    Decoded, Details as AnyDetails, LaneDom, Power, Spec, ThresholdSet, Thresholds,
};
use crate::memmap::image::ModuleImage;
use crate::memmap::units;
use crate::memmap::view::HalfView;

/// Most banks a CMIS module can advertise (01h:142 b1-0 = 2).
const MAX_BANKS: u8 = 4;

/// Decodes a CMIS image. Never fails: missing pages give `None` fields and a note.
pub fn decode(image: &ModuleImage) -> Decoded {
    let code = image.identifier().unwrap_or(0);
    let Some(lower_bytes) = image.lower() else {
        let mut d = Decoded::empty(Spec::Cmis, code, AnyDetails::Cmis(Box::default()));
        d.notes
            .push("lower page (bytes 0-127) missing: nothing decoded".to_string());
        return d;
    };
    let mut notes = Vec::new();
    let lower = HalfView::lower(lower_bytes);
    let status = Status::decode(&lower, &mut notes);
    let flat = status.memory_model == MemoryModel::Flat;

    let view = |page: u8| image.upper(page).map(HalfView::upper);
    let v00 = view(0x00);
    let (v01, v02) = if flat {
        note_ignored_pages(image, &mut notes);
        (None, None)
    } else {
        (view(0x01), view(0x02))
    };
    if v00.is_none() {
        notes.push(
            "page 00h missing: vendor identity, power class and page 00h fields not decoded"
                .to_string(),
        );
    }
    if !flat {
        if v01.is_none() {
            notes.push("page 01h missing: advertising, application descriptors 9-15 and monitor support not decoded; Tx bias not reported".to_string());
        }
        if v02.is_none() {
            notes.push("page 02h missing: thresholds not decoded".to_string());
        }
    }

    let mut checksums = Vec::with_capacity(3);
    let mut vendor = None;
    let page00 = v00.map(|v| {
        let (p, vend, c) = Page00::decode(&v, code, &mut notes);
        vendor = Some(vend);
        checksums.push(c);
        p
    });
    let page01 = v01.map(|v| {
        let (p, c) = Page01::decode(&v, status.revision, &mut notes);
        checksums.push(c);
        p
    });
    let aux_kinds = match &page01 {
        Some(p) => {
            let (c, m) = (p.characteristics, p.module_monitors);
            [
                m.aux1.then_some(c.aux1),
                m.aux2.then_some(c.aux2),
                m.aux3.then_some(c.aux3),
            ]
        }
        None => [None; 3],
    };
    let bias_multiplier = page01
        .as_ref()
        .and_then(|p| p.lane_monitors.tx_bias_multiplier);
    let page02 = v02.map(|v| {
        let (p, c) = Page02::decode(&v, aux_kinds, bias_multiplier);
        checksums.push(c);
        p
    });

    let monitors = Monitors::decode(&lower, page01.as_ref());
    let controls = Controls::decode(&lower);
    let applications = applications::decode(&lower, v01.as_ref(), &mut notes);
    let lanes_per_bank = applications::lanes_per_bank(&applications, code);
    let banks = if flat {
        Vec::new()
    } else {
        decode_banks(image, page01.as_ref(), &mut notes)
    };

    // VDM (reference/cmis.md §9): decoded when page 20h is present; advertised by 01h:142 b6.
    let vdm = if flat { None } else { vdm::decode(image) };
    if let Some(v) = &vdm {
        if page01.as_ref().is_some_and(|p| !p.supported_pages.vdm) {
            notes.push(
                "VDM pages are in the image but page 01h:142 bit 6 does not advertise VDM"
                    .to_string(),
            );
        }
        notes.extend(v.notes.iter().cloned());
    }

    let mut d = Decoded::empty(Spec::Cmis, code, AnyDetails::Cmis(Box::default()));
    d.cmis_revision = Some(status.revision.to_string());
    d.module_state = Some(status.module_state.name().into_owned());
    if let Some(v) = vendor {
        d.vendor = v;
    }
    d.checksums = checksums;
    if let Some(p) = &page00 {
        d.power = Power {
            max_w: Some(p.max_power_w),
            class: Some(p.power_class),
        };
    }
    d.dom.temperature_c = monitors.temperature_c;
    d.dom.vcc_v = monitors.vcc_v;
    d.dom.lanes = lane_dom(&banks, lanes_per_bank, page01.as_ref());
    d.thresholds = thresholds(page02.as_ref(), page01.as_ref());
    d.applications = applications;
    d.notes = notes;
    d.details = AnyDetails::Cmis(Box::new(Details {
        lower: Some(LowerMemory {
            status,
            flags: Flags::decode(&lower),
            monitors,
            controls,
        }),
        page00,
        page01,
        page02,
        lanes_per_bank,
        banks,
        vdm,
    }));
    d
}

/// A flat-memory module has only page 00h: say so if the image holds more.
fn note_ignored_pages(image: &ModuleImage, notes: &mut Vec<String>) {
    let extra = image.segments().any(|(id, _)| {
        id.device == DeviceAddr::A0
            && matches!(id.half, Half::Upper(sel) if sel != crate::addr::PageSel::page(0))
    });
    if extra {
        notes.push(
            "flat-memory module: upper pages other than 00h in the image were ignored".to_string(),
        );
    }
}

/// Pages 10h/11h of every bank in the image; notes advertised banks that are missing and banks
/// present beyond the advertised count (which are still decoded).
fn decode_banks(
    image: &ModuleImage,
    page01: Option<&Page01>,
    notes: &mut Vec<String>,
) -> Vec<Bank> {
    let advertised = page01.and_then(|p| p.supported_pages.banks).unwrap_or(1);
    let mut banks = Vec::with_capacity(usize::from(advertised));
    for bank in 0..MAX_BANKS {
        let v10 = image.banked(bank, 0x10).map(HalfView::upper);
        let v11 = image.banked(bank, 0x11).map(HalfView::upper);
        if bank < advertised {
            for (page, v) in [("10h", v10.is_some()), ("11h", v11.is_some())] {
                if !v {
                    notes.push(format!(
                        "page {page} of bank {bank} missing: its lanes are not decoded"
                    ));
                }
            }
        } else if v10.is_some() || v11.is_some() {
            notes.push(format!(
                "bank {bank} of pages 10h/11h is in the image but page 01h advertises {advertised} bank(s)"
            ));
        }
        if v10.is_some() || v11.is_some() {
            banks.push(Bank {
                bank,
                page10: v10.map(|v| Page10::decode(&v)),
                page11: v11.map(|v| Page11::decode(&v, bank)),
            });
        }
    }
    banks
}

/// Per-lane DOM from page 11h: the first `lanes_per_bank` lanes of each bank. A monitor page 01h
/// says is not supported is `None`; without page 01h, Tx bias is `None` (multiplier unknown).
fn lane_dom(banks: &[Bank], lanes_per_bank: u8, page01: Option<&Page01>) -> Vec<LaneDom> {
    let sup = page01.map(|p| p.lane_monitors);
    let bias_mult = sup.and_then(|s| s.tx_bias.then_some(s.tx_bias_multiplier).flatten());
    let tx_power_ok = sup.is_none_or(|s| s.tx_power);
    let rx_power_ok = sup.is_none_or(|s| s.rx_power);
    let mut out = Vec::with_capacity(banks.len() * usize::from(lanes_per_bank));
    for page11 in banks.iter().filter_map(|b| b.page11.as_ref()) {
        for l in page11.lanes.iter().take(usize::from(lanes_per_bank)) {
            let tx = tx_power_ok.then(|| units::power_mw(l.tx_power_raw));
            let rx = rx_power_ok.then(|| units::power_mw(l.rx_power_raw));
            out.push(LaneDom {
                lane: l.lane,
                tx_bias_ma: bias_mult.map(|m| bias_ma(l.tx_bias_raw, m)),
                tx_power_mw: tx,
                tx_power_dbm: tx.and_then(units::mw_to_dbm),
                rx_power_mw: rx,
                rx_power_dbm: rx.and_then(units::mw_to_dbm),
            });
        }
    }
    out
}

/// Common thresholds from page 02h; a monitor page 01h says is not supported has none.
fn thresholds(page02: Option<&Page02>, page01: Option<&Page01>) -> Thresholds {
    let Some(p2) = page02 else {
        return Thresholds::default();
    };
    let module = page01.map(|p| p.module_monitors);
    let lane = page01.map(|p| p.lane_monitors);
    let dbm = |t: &ThresholdSet| t.map(units::mw_to_dbm);
    Thresholds {
        temperature_c: module
            .is_none_or(|m| m.temperature)
            .then(|| p2.temperature_c.clone()),
        vcc_v: module.is_none_or(|m| m.vcc).then(|| p2.vcc_v.clone()),
        tx_bias_ma: p2
            .tx_bias_ma
            .clone()
            .filter(|_| lane.is_none_or(|l| l.tx_bias)),
        tx_power_dbm: lane
            .is_none_or(|l| l.tx_power)
            .then(|| dbm(&p2.tx_power_mw)),
        rx_power_dbm: lane
            .is_none_or(|l| l.rx_power)
            .then(|| dbm(&p2.rx_power_mw)),
    }
}
