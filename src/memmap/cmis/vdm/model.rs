//! The decoded VDM record: [`Vdm`] and one [`Observable`] per used descriptor.

use std::borrow::Cow;

use serde::Serialize;

use super::observables::SampleFormat;

/// Observable type ID of "Pre-FEC BER current value, media input" (§9 table); host input is
/// the next ID.
pub const PRE_FEC_BER_CURRENT_MEDIA: u8 = 15;
/// Observable type ID of "Pre-FEC BER current value, host input".
pub const PRE_FEC_BER_CURRENT_HOST: u8 = 16;

/// Versatile Diagnostics Monitoring, pages 20h-2Fh (reference/cmis.md §9).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Vdm {
    /// Number of supported VDM groups, 1-4 (2Fh:128 b1-0, plus one); `None` without page 2Fh.
    pub supported_groups: Option<u8>,
    /// Freeze request (2Fh:144 b7): 1 = samples latched, 0 = live.
    pub freeze_request: Option<bool>,
    /// Freeze done (2Fh:145 b7).
    pub freeze_done: Option<bool>,
    /// Unfreeze done (2Fh:145 b6).
    pub unfreeze_done: Option<bool>,
    /// The used descriptors (type ID ≠ 0), group by group in descriptor order.
    pub observables: Vec<Observable>,
    /// Anything odd (missing pages), as short lower-case sentences for `Decoded.notes`.
    pub notes: Vec<String>,
}

/// One VDM instance: a descriptor, its sample, its threshold set and its flags.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Observable {
    /// VDM group, 1-4 (descriptor page 20h-23h).
    pub group: u8,
    /// Descriptor index in its group, 0-63 (bytes 128 + 2i, 129 + 2i of the descriptor page).
    pub index: u8,
    /// Observable type ID (odd byte of the descriptor).
    pub type_id: u8,
    /// Name of the type; `"Reserved(n)"` for IDs the reference does not define.
    pub name: Cow<'static, str>,
    /// Unit of `value` and of the thresholds; empty for ratios and counts.
    pub unit: &'static str,
    /// Encoding of the sample; `None` for undefined types.
    pub format: Option<SampleFormat>,
    /// Lane (or data path) number, 1-based (even byte b3-0, plus one).
    pub lane: u8,
    /// Threshold set ID, 0-15 (even byte b7-4), a set on threshold page 28h + group − 1.
    pub threshold_set: u8,
    /// The raw sample word (page 24h + group − 1); `None` when that page is absent.
    pub raw: Option<u16>,
    /// The sample in `unit`; `None` when the page is absent or the type is undefined.
    pub value: Option<f64>,
    /// The threshold set, decoded in the sample's format; `None` when the threshold page is
    /// absent or the type is undefined.
    pub thresholds: Option<VdmThresholds>,
    /// The four flags (page 2Ch); `None` when that page is absent.
    pub flags: Option<VdmFlags>,
}

/// One threshold set (8 bytes on pages 28h-2Bh), in the observable's unit.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct VdmThresholds {
    /// High alarm (bytes +0, +1).
    pub high_alarm: f64,
    /// Low alarm (bytes +2, +3).
    pub low_alarm: f64,
    /// High warning (bytes +4, +5).
    pub high_warning: f64,
    /// Low warning (bytes +6, +7).
    pub low_warning: f64,
}

/// The four latched flags of one observable (a nibble of page 2Ch: bit 0 HA, bit 1 LA, bit 2 HW,
/// bit 3 LW). The nibble has the layout of the module flags of bytes 9-11, so the type is the
/// same.
pub type VdmFlags = crate::memmap::cmis::lower_flags::AlarmWarn;

impl Vdm {
    /// The first observable of type `type_id` on `lane` (1-based).
    pub fn find(&self, type_id: u8, lane: u8) -> Option<&Observable> {
        self.observables
            .iter()
            .find(|o| o.type_id == type_id && o.lane == lane)
    }

    /// The current pre-FEC BER of `lane` (1-based), media input when `media`, else host input
    /// (types 15 / 16); `None` when the module does not monitor it or its sample page is absent.
    pub fn pre_fec_ber_current(&self, lane: u8, media: bool) -> Option<f64> {
        let id = if media {
            PRE_FEC_BER_CURRENT_MEDIA
        } else {
            PRE_FEC_BER_CURRENT_HOST
        };
        self.find(id, lane)?.value
    }
}
