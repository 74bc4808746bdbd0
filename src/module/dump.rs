//! Reads a live module's memory into an image: every advertised segment, nothing else.

use std::collections::BTreeSet;

use crate::addr::{HALF_LEN, SegmentId};
use crate::memmap::advertised;
use crate::memmap::codes::{self, Family};
use crate::memmap::image::ModuleImage;
use crate::memmap::view::HalfView;
use crate::module::error::ModuleError;
use crate::module::paged::{BusStats, PagedReader, Paging};
use crate::transport::{Transport, TransportError};

/// What a dump read, including what it could not.
#[derive(Debug)]
pub struct Dump {
    /// Every segment read.
    pub image: ModuleImage,
    /// Segments that failed, with the error; the rest of the image is still good.
    pub failures: Vec<ModuleError>,
    /// Advertised segments the backend does not hold (an image file without that page).
    pub unavailable: Vec<SegmentId>,
    /// Bus counters.
    pub stats: BusStats,
}

/// Paging rules for a module whose lower half is `lower`.
fn paging_of(lower: &[u8; HALF_LEN]) -> Paging {
    match codes::family_for_identifier(lower[0]) {
        // A0h 64.4 lives in the lower half (reference/sff-8472.md §1.1).
        Some(Family::Sff8472) => Paging::Sff8472 {
            a2_paging: HalfView::lower(lower).bit(64, 4),
        },
        // CMIS byte 2 bit 7 / SFF-8636 byte 2 bit 2: flat memory, nothing to select.
        Some(Family::Cmis) if lower[2] & 0x80 != 0 => Paging::Flat,
        Some(Family::Cmis) => Paging::Cmis,
        _ if lower[2] & 0x04 != 0 => Paging::Flat,
        _ => Paging::Sff8636,
    }
}

/// Reads the lower half, then every segment the module advertises
/// ([`advertised::missing_segments`]), until nothing more is advertised. A failed lower half is
/// an error; a failed page is recorded in [`Dump::failures`] and the dump goes on.
pub fn dump(transport: &mut dyn Transport) -> Result<Dump, ModuleError> {
    // Until byte 0 is known, read the lower half in the most conservative chunks (CMIS: 8 bytes);
    // the lower half needs no page select in any spec.
    let mut reader = PagedReader::new(transport, Paging::Cmis);
    let lower = reader.read_segment(SegmentId::LOWER)?;
    let paging = paging_of(&lower);
    reader.configure(paging, paging.default_max_read());
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
            match reader.read_segment(segment) {
                Ok(page) => {
                    image.insert(segment, page);
                }
                Err(ModuleError::Read {
                    segment,
                    source: TransportError::Unavailable { .. },
                }) => unavailable.push(segment),
                Err(e) => failures.push(e),
            }
        }
    }
    Ok(Dump {
        image,
        failures,
        unavailable,
        stats: reader.stats(),
    })
}
