//! Reads a live module's memory into an image: every advertised segment, nothing else.

use std::collections::BTreeSet;

use crate::addr::{HALF_LEN, SegmentId};
use crate::memmap::advertised;
use crate::memmap::codes::{self, Family};
use crate::memmap::image::{HalfPage, ModuleImage};
use crate::module::error::ModuleError;
use crate::module::paged::{BusStats, PagedModule, Paging};
use crate::module::write_safety::Spec;
use crate::transport::TransportError;
use crate::transport::actor::BusHandle;

/// What a dump read, including what it could not.
#[derive(Debug)]
pub struct Dump {
    /// Every segment read.
    pub image: ModuleImage,
    /// Segments that failed, with the error; the rest of the image is still good.
    pub failures: Vec<ModuleError>,
    /// Advertised segments the backend does not hold (an image file without that page).
    pub unavailable: Vec<SegmentId>,
    /// Bus counters of this dump (every attempt, estimated bus time).
    pub stats: BusStats,
}

/// Reads bytes 0-7 in one 8-byte read (allowed by every spec), then the rest of the lower half
/// in the chunks byte 0's spec allows (SFF-8472 and SFF-8636: one 120-byte read; CMIS: 8 bytes).
async fn read_lower(module: &mut PagedModule) -> Result<HalfPage, ModuleError> {
    let head = module.read(SegmentId::LOWER, 0, 8).await?;
    let spec = match head.first().copied().and_then(codes::family_for_identifier) {
        Some(Family::Sff8472) => Spec::Sff8472,
        Some(Family::Sff8636) => Spec::Sff8636,
        _ => Spec::Cmis,
    };
    module.configure(Paging { spec, paged: false });
    let rest = module.read(SegmentId::LOWER, 8, HALF_LEN - 8).await?;
    let mut lower = [0u8; HALF_LEN];
    for (out, b) in lower.iter_mut().zip(head.iter().chain(rest.iter())) {
        *out = *b;
    }
    Ok(lower)
}

/// Reads the lower half, then every segment the module advertises
/// ([`advertised::missing_segments`]), until nothing more is advertised. A failed lower half is
/// an error; a failed page is recorded in [`Dump::failures`] and the dump goes on.
///
/// A CMIS module's read size is taken from Page 01h as soon as it is read.
pub async fn dump(bus: BusHandle) -> Result<Dump, ModuleError> {
    let mut module = PagedModule::new(bus, Paging::CMIS);
    dump_module(&mut module).await
}

/// [`dump`] through an existing paged module (its page cache and statistics carry on). The
/// paging is set from the lower half read first.
pub async fn dump_module(module: &mut PagedModule) -> Result<Dump, ModuleError> {
    module.configure(Paging::CMIS);
    let lower = read_lower(module).await?;
    module.configure(Paging::for_lower(&lower));
    let mut image = ModuleImage::new();
    image.insert(SegmentId::LOWER, lower);
    let mut tried = BTreeSet::from([SegmentId::LOWER]);
    let mut failures = Vec::new();
    let mut unavailable = Vec::new();
    loop {
        let next: Vec<_> = advertised::missing_segments(&image)
            .into_iter()
            .filter(|s| !tried.contains(s))
            .collect();
        if next.is_empty() {
            break;
        }
        for segment in next {
            tried.insert(segment);
            match module.read_segment(segment).await {
                Ok(page) => {
                    if segment == SegmentId::upper(1) && module.paging().spec == Spec::Cmis {
                        module.apply_page01(&lower, &page);
                    }
                    image.insert(segment, page);
                }
                Err(e) if matches!(e.transport(), TransportError::Unavailable { .. }) => {
                    unavailable.push(segment);
                }
                Err(e) => failures.push(e),
            }
        }
    }
    Ok(Dump {
        image,
        failures,
        unavailable,
        stats: module.stats(),
    })
}

/// [`dump`] for callers outside a runtime (tools, tests, the hardware test): runs the bus actor
/// on a current-thread tokio runtime of its own, on the wall clock.
pub fn dump_blocking(transport: Box<dyn crate::transport::Transport>) -> Result<Dump, ModuleError> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .map_err(|source| ModuleError::Read {
            segment: crate::addr::SegmentId::LOWER,
            source: crate::transport::TransportError::Io {
                context: "cannot start the async runtime for the dump".into(),
                source,
            },
        })?;
    runtime.block_on(async {
        let bus = crate::transport::actor::spawn(transport, Default::default());
        dump(bus).await
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::image_module::ImageModule;
    use crate::transport::actor::script::ScriptedTransport;
    use crate::transport::actor::{self, BusConfig};

    fn page(set: &[(usize, u8)], base: usize) -> HalfPage {
        let mut p = [0u8; HALF_LEN];
        for (o, v) in set {
            p[o - base] = *v;
        }
        p
    }

    #[tokio::test(start_paused = true)]
    async fn cmis_dump_switches_to_full_page_reads_after_page_01h() {
        let mut img = ModuleImage::new();
        // 0x18 QSFP-DD, CMIS 5.3, paged.
        img.insert(SegmentId::LOWER, page(&[(0, 0x18), (1, 0x53)], 0));
        img.insert(SegmentId::upper(0), page(&[], 128));
        // 01h:251 = 1: full-page reads; 142 = 0: bank 0 only.
        img.insert(SegmentId::upper(1), page(&[(251, 0x01)], 128));
        for p in [0x02, 0x10, 0x11] {
            img.insert(SegmentId::upper(p), page(&[], 128));
        }
        let (t, control) = ScriptedTransport::wrap(Box::new(ImageModule::new(img, "t", false)));
        let bus = actor::spawn(Box::new(t), BusConfig::default());
        let d = dump(bus).await.unwrap();
        assert!(d.failures.is_empty() && d.unavailable.is_empty());
        assert_eq!(d.image.len(), 6);
        let log = control.short_log();
        // Lower: 16 × 8; 00h and 01h: select + 16 × 8; then 02h, 10h, 11h: select + 1 × 128.
        assert_eq!(log.len(), 16 + 2 * 17 + 3 * 2, "{log:?}");
        assert_eq!(log[log.len() - 2..], ["W 50 127 [11]", "R 50 128+128"]);
        assert_eq!(d.stats.reads, 16 + 32 + 3);
    }

    #[tokio::test(start_paused = true)]
    async fn sfp_dump_reads_a0h_in_two_reads_and_a2h_in_one() {
        let mut img = ModuleImage::new();
        // 0x03 SFP; 92 = 0x60: DDM, internally calibrated.
        img.insert(SegmentId::LOWER, page(&[(0, 0x03), (92, 0x60)], 0));
        img.insert(SegmentId::A2_LOWER, page(&[], 0));
        let (t, control) = ScriptedTransport::wrap(Box::new(ImageModule::new(img, "t", false)));
        let d = dump(actor::spawn(Box::new(t), BusConfig::default()))
            .await
            .unwrap();
        assert_eq!(d.image.len(), 2);
        assert_eq!(
            control.short_log(),
            ["R 50 0+8", "R 50 8+120", "R 51 0+128"]
        );
    }
}
