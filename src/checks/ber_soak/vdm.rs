//! The `vdm` counter source: the module's own pre-FEC BER from CMIS VDM (reference/cmis.md §9).
//!
//! The descriptors are decoded once (from the check's snapshot, [`crate::memmap::cmis::vdm`]);
//! each interval then reads only the sample words of the pre-FEC BER observables (2 bytes each
//! on page 24h + group − 1, in one coalesced read per page) and turns them into a reading with
//! [`crate::counters::vdm::counters_from_lane_bers`] (the worst lane).
//!
//! Media-input observables (type 15, the optical receiver of the module: the link being soaked)
//! are preferred; host-input ones (type 16) are used only when the module has no media ones.
//! The samples are read live, without the freeze handshake of page 2Fh (a write the allowlist
//! would have to grant): each word is a single sample, so there is nothing to keep coherent.

use tokio::time::Instant;

use crate::addr::SegmentId;
use crate::counters::FecCounters;
use crate::counters::vdm::counters_from_lane_bers;
use crate::memmap::cmis::vdm::{
    ObservableKind, PRE_FEC_BER_CURRENT_HOST, PRE_FEC_BER_CURRENT_MEDIA, Vdm, kind_of,
};
use crate::module::paged::{ByteRange, PagedModule};

/// First VDM samples page (group 1).
const SAMPLES_PAGE: u8 = 0x24;

/// One BER observable: where its sample word is and how to read it.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Target {
    segment: SegmentId,
    byte: u8,
    kind: ObservableKind,
}

/// The pre-FEC BER observables of a module.
#[derive(Debug, Clone, PartialEq)]
pub struct VdmBer {
    targets: Vec<Target>,
    ranges: Vec<ByteRange>,
    /// Media (type 15) or host (type 16) input.
    pub media: bool,
}

impl VdmBer {
    /// The current pre-FEC BER observables of a decoded VDM; `None` when it has none.
    pub fn from_vdm(vdm: &Vdm) -> Option<Self> {
        let pick = |type_id: u8| -> Vec<Target> {
            vdm.observables
                .iter()
                .filter(|o| o.type_id == type_id && (1..=4).contains(&o.group) && o.index < 64)
                .filter_map(|o| {
                    Some(Target {
                        // Sample i of group g: page 24h + g − 1, bytes 128 + 2i and 129 + 2i.
                        segment: SegmentId::banked(0, SAMPLES_PAGE + o.group - 1),
                        byte: 128 + 2 * o.index,
                        kind: kind_of(type_id)?,
                    })
                })
                .collect()
        };
        let (targets, media) = match pick(PRE_FEC_BER_CURRENT_MEDIA) {
            t if !t.is_empty() => (t, true),
            _ => (pick(PRE_FEC_BER_CURRENT_HOST), false),
        };
        if targets.is_empty() {
            return None;
        }
        let ranges = targets
            .iter()
            .map(|t| ByteRange::new(t.segment, t.byte, t.byte + 1))
            .collect();
        Some(VdmBer {
            targets,
            ranges,
            media,
        })
    }

    /// Number of lanes monitored.
    pub fn lanes(&self) -> usize {
        self.targets.len()
    }

    /// Reads the samples and returns a reading carrying the worst lane's BER.
    pub async fn read(&self, module: &mut PagedModule) -> Result<FecCounters, String> {
        let data = module
            .read_ranges(&self.ranges)
            .await
            .map_err(|e| e.to_string())?;
        let read_at = Instant::now();
        let mut bers = Vec::with_capacity(self.targets.len());
        for t in &self.targets {
            let bytes = data
                .slice(t.segment, t.byte, 2)
                .ok_or_else(|| format!("vdm sample at {} byte {} not read", t.segment, t.byte))?;
            let (hi, lo) = match bytes {
                [hi, lo] => (*hi, *lo),
                _ => return Err("short vdm sample".into()),
            };
            // Samples are big-endian words (cmis.md §9), F16 for BER types.
            bers.push(t.kind.value(u16::from_be_bytes([hi, lo])));
        }
        counters_from_lane_bers(&bers, read_at).map_err(|e| e.to_string())
    }
}
