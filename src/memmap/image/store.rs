//! [`ModuleImage`]: the pages of one module's memory that were read, keyed by segment.

use std::collections::BTreeMap;

use crate::addr::{DeviceAddr, HALF_LEN, Half, SegmentId};

/// One 128-byte half page.
pub type HalfPage = [u8; HALF_LEN];

/// The memory of one module as far as it was read: a set of 128-byte segments.
///
/// A segment that is absent was not read (or the module does not have it); decoders report the
/// fields that live there as missing rather than guessing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ModuleImage {
    segments: BTreeMap<SegmentId, HalfPage>,
}

impl ModuleImage {
    /// An image with no segments.
    pub fn new() -> Self {
        Self::default()
    }

    /// Stores (or replaces) one segment.
    pub fn insert(&mut self, id: SegmentId, bytes: HalfPage) {
        self.segments.insert(id, bytes);
    }

    /// Removes one segment, returning it if it was there.
    pub fn remove(&mut self, id: SegmentId) -> Option<HalfPage> {
        self.segments.remove(&id)
    }

    /// One segment, if present.
    pub fn get(&self, id: SegmentId) -> Option<&HalfPage> {
        self.segments.get(&id)
    }

    /// One segment for writing, if present.
    pub fn get_mut(&mut self, id: SegmentId) -> Option<&mut HalfPage> {
        self.segments.get_mut(&id)
    }

    /// Whether a segment is present.
    pub fn contains(&self, id: SegmentId) -> bool {
        self.segments.contains_key(&id)
    }

    /// The lower half (bytes 0-127) of device 0x50.
    pub fn lower(&self) -> Option<&HalfPage> {
        self.get(SegmentId::LOWER)
    }

    /// Upper page `page` of bank 0 of device 0x50.
    pub fn upper(&self, page: u8) -> Option<&HalfPage> {
        self.get(SegmentId::upper(page))
    }

    /// Upper page `page` of bank `bank` of device 0x50.
    pub fn banked(&self, bank: u8, page: u8) -> Option<&HalfPage> {
        self.get(SegmentId::banked(bank, page))
    }

    /// All segments in order: device, lower before upper, then bank and page.
    pub fn segments(&self) -> impl Iterator<Item = (SegmentId, &HalfPage)> {
        self.segments.iter().map(|(k, v)| (*k, v))
    }

    /// Number of segments present.
    pub fn len(&self) -> usize {
        self.segments.len()
    }

    /// Whether no segment is present.
    pub fn is_empty(&self) -> bool {
        self.segments.is_empty()
    }

    /// The byte at spec offset `offset` (0-255) of `device`, with `page` selected for the upper
    /// half. `None` when that segment is absent or the offset is out of range.
    pub fn byte(&self, device: DeviceAddr, bank: u8, page: u8, offset: usize) -> Option<u8> {
        if offset >= 2 * HALF_LEN {
            return None;
        }
        let half = if offset < HALF_LEN {
            Half::Lower
        } else {
            Half::Upper(crate::addr::PageSel { bank, page })
        };
        let seg = self.get(SegmentId { device, half })?;
        seg.get(offset % HALF_LEN).copied()
    }

    /// Byte 0 of device 0x50: the SFF-8024 identifier that selects the spec.
    pub fn identifier(&self) -> Option<u8> {
        self.lower().map(|l| l[0])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_reads_lower_and_selected_upper() {
        let mut img = ModuleImage::new();
        let mut lower = [0u8; HALF_LEN];
        lower[0] = 0x18;
        let mut p1 = [0u8; HALF_LEN];
        p1[255 - 128] = 0xAB;
        img.insert(SegmentId::LOWER, lower);
        img.insert(SegmentId::upper(1), p1);
        assert_eq!(img.identifier(), Some(0x18));
        assert_eq!(img.byte(DeviceAddr::A0, 0, 1, 255), Some(0xAB));
        assert_eq!(img.byte(DeviceAddr::A0, 0, 2, 255), None);
        assert_eq!(img.byte(DeviceAddr::A0, 0, 1, 256), None);
        assert_eq!(img.byte(DeviceAddr::A2, 0, 0, 0), None);
    }
}
