//! [`ImageBuilder`]: writes a [`ModuleImage`] at the byte numbers the specs print.

use crate::addr::{HALF_LEN, SegmentId};
use crate::memmap::image::ModuleImage;
use crate::sim::synth::build::{BuildError, checksum};

/// Owns a [`ModuleImage`] and writes fields into it by segment and spec byte number (0-127 in a
/// lower half, 128-255 in an upper page). Writing to a segment creates it (zero-filled).
///
/// Setters never panic: a write that does not fit is skipped and recorded, and
/// [`finish`](Self::finish) reports the first problem. Setters return `&mut Self` so writes chain.
#[derive(Debug, Clone, Default)]
pub struct ImageBuilder {
    image: ModuleImage,
    issues: Vec<BuildError>,
}

impl ImageBuilder {
    /// A builder with an empty image.
    pub fn new() -> Self {
        Self::default()
    }

    /// A builder that edits an existing image.
    pub fn from_image(image: ModuleImage) -> Self {
        ImageBuilder {
            image,
            issues: Vec::new(),
        }
    }

    /// Makes `seg` present (all zeros) if it is not yet; a page a module claims must exist even
    /// when every byte of it is zero.
    pub fn page(&mut self, seg: SegmentId) -> &mut Self {
        if !self.image.contains(seg) {
            self.image.insert(seg, [0u8; HALF_LEN]);
        }
        self
    }

    /// Index into the segment of spec bytes `offset..offset + len`, recording a problem if they
    /// are not all inside it.
    fn range(&mut self, seg: SegmentId, offset: usize, len: usize) -> Option<usize> {
        let base = seg.base();
        let inside = offset >= base && offset + len <= base + HALF_LEN;
        if inside {
            self.page(seg);
            Some(offset - base)
        } else {
            self.record(BuildError::OffsetOutOfRange {
                segment: seg,
                offset: if offset >= base {
                    offset + len.max(1) - 1
                } else {
                    offset
                },
            });
            None
        }
    }

    /// Writes `bytes` starting at spec byte `first`.
    pub fn set_bytes(&mut self, seg: SegmentId, first: usize, bytes: &[u8]) -> &mut Self {
        if let Some(i) = self.range(seg, first, bytes.len()) {
            if let Some(dst) = self
                .image
                .get_mut(seg)
                .and_then(|p| p.get_mut(i..i + bytes.len()))
            {
                dst.copy_from_slice(bytes);
            }
        }
        self
    }

    /// One byte.
    pub fn set_u8(&mut self, seg: SegmentId, offset: usize, value: u8) -> &mut Self {
        self.set_bytes(seg, offset, &[value])
    }

    /// Big-endian unsigned 16-bit value at `offset`, `offset + 1`.
    pub fn set_u16(&mut self, seg: SegmentId, offset: usize, value: u16) -> &mut Self {
        self.set_bytes(seg, offset, &value.to_be_bytes())
    }

    /// Big-endian two's-complement 16-bit value.
    pub fn set_i16(&mut self, seg: SegmentId, offset: usize, value: i16) -> &mut Self {
        self.set_bytes(seg, offset, &value.to_be_bytes())
    }

    /// Big-endian unsigned 32-bit value.
    pub fn set_u32(&mut self, seg: SegmentId, offset: usize, value: u32) -> &mut Self {
        self.set_bytes(seg, offset, &value.to_be_bytes())
    }

    /// Big-endian IEEE-754 binary32 value.
    pub fn set_f32(&mut self, seg: SegmentId, offset: usize, value: f32) -> &mut Self {
        self.set_bytes(seg, offset, &value.to_be_bytes())
    }

    /// Bits `hi..=lo` of byte `offset` set to `value` (shifted into place); the other bits keep
    /// their value.
    pub fn set_bits(
        &mut self,
        seg: SegmentId,
        offset: usize,
        hi: u8,
        lo: u8,
        value: u8,
    ) -> &mut Self {
        let width = u32::from(hi.saturating_sub(lo)) + 1;
        let fits = hi <= 7 && lo <= hi && u32::from(value) < (1u32 << width);
        if !fits {
            self.record(BuildError::BadBits {
                offset,
                hi,
                lo,
                value,
            });
            return self;
        }
        let mask = (((1u32 << width) - 1) << lo) as u8;
        let old = self.get_u8(seg, offset).unwrap_or(0);
        self.set_u8(seg, offset, (old & !mask) | (value << lo))
    }

    /// Bit `bit` (0 = least significant) of byte `offset` set or cleared.
    pub fn set_bit(&mut self, seg: SegmentId, offset: usize, bit: u8, on: bool) -> &mut Self {
        self.set_bits(seg, offset, bit, bit, u8::from(on))
    }

    /// An ASCII text field `first..=last`, space padded (SFF-8472 §4, SFF-8636 and CMIS vendor
    /// fields). Text longer than the field or not printable ASCII is refused.
    pub fn set_ascii(
        &mut self,
        seg: SegmentId,
        first: usize,
        last: usize,
        text: &str,
    ) -> &mut Self {
        let len = (last + 1).saturating_sub(first);
        let ok = len > 0 && text.len() <= len && text.bytes().all(|b| (0x20..=0x7E).contains(&b));
        if !ok {
            self.record(BuildError::BadText {
                segment: seg,
                first,
                last,
                text: text.to_string(),
            });
            return self;
        }
        let mut field = vec![b' '; len];
        field[..text.len()].copy_from_slice(text.as_bytes());
        self.set_bytes(seg, first, &field)
    }

    /// The byte at spec byte number `offset`, if its segment is present.
    pub fn get_u8(&self, seg: SegmentId, offset: usize) -> Option<u8> {
        let i = offset.checked_sub(seg.base())?;
        self.image.get(seg)?.get(i).copied()
    }

    /// Records a problem found by a spec helper (the first one is what `finish()` returns).
    pub fn record(&mut self, problem: BuildError) {
        self.issues.push(problem);
    }

    /// Unwraps a conversion result: the value, or `None` after recording the problem.
    pub fn take<T>(&mut self, result: Result<T, BuildError>) -> Option<T> {
        match result {
            Ok(v) => Some(v),
            Err(e) => {
                self.record(e);
                None
            }
        }
    }

    /// Every problem recorded so far.
    pub fn issues(&self) -> &[BuildError] {
        &self.issues
    }

    /// The image as written so far (checksums not yet recomputed).
    pub fn image(&self) -> &ModuleImage {
        &self.image
    }

    /// Recomputes every checksum of the image's management map (chosen by byte 0, see
    /// [`checksum::recompute`]) and returns the image, or the first problem recorded.
    pub fn finish(mut self) -> Result<ModuleImage, BuildError> {
        if let Err(e) = checksum::recompute(&mut self.image) {
            self.issues.push(e);
        }
        match self.issues.into_iter().next() {
            Some(first) => Err(first),
            None => Ok(self.image),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const P0: SegmentId = SegmentId::upper(0);

    #[test]
    fn setters_write_big_endian_at_spec_byte_numbers() {
        let mut b = ImageBuilder::new();
        b.set_u8(SegmentId::LOWER, 0, 0x18)
            .set_u16(P0, 200, 0x1234)
            .set_i16(P0, 202, -2)
            .set_u32(P0, 204, 0xDEAD_BEEF)
            .set_f32(P0, 208, 1.0);
        let img = b.image();
        let p = img.upper(0).copied().unwrap_or([0; 128]);
        assert_eq!(img.identifier(), Some(0x18));
        assert_eq!(&p[72..74], &[0x12, 0x34]);
        // -2 = 0xFFFE
        assert_eq!(&p[74..76], &[0xFF, 0xFE]);
        assert_eq!(&p[76..80], &[0xDE, 0xAD, 0xBE, 0xEF]);
        // 1.0f32 = 0x3F800000
        assert_eq!(&p[80..84], &[0x3F, 0x80, 0x00, 0x00]);
        assert!(b.issues().is_empty());
    }

    #[test]
    fn bits_keep_their_neighbours() {
        let mut b = ImageBuilder::new();
        b.set_u8(SegmentId::LOWER, 3, 0b1111_0001)
            .set_bits(SegmentId::LOWER, 3, 3, 1, 3);
        // bits 3-1 = 011 -> 1111_0111
        assert_eq!(b.get_u8(SegmentId::LOWER, 3), Some(0b1111_0111));
        b.set_bit(SegmentId::LOWER, 3, 7, false);
        assert_eq!(b.get_u8(SegmentId::LOWER, 3), Some(0b0111_0111));
        b.set_bits(SegmentId::LOWER, 3, 7, 0, 0xA5);
        assert_eq!(b.get_u8(SegmentId::LOWER, 3), Some(0xA5));
        assert!(b.issues().is_empty());
        b.set_bits(SegmentId::LOWER, 3, 1, 0, 4);
        b.set_bits(SegmentId::LOWER, 3, 8, 0, 1);
        assert_eq!(b.issues().len(), 2);
        assert_eq!(b.get_u8(SegmentId::LOWER, 3), Some(0xA5));
    }

    #[test]
    fn ascii_is_space_padded_and_checked() {
        let mut b = ImageBuilder::new();
        b.set_ascii(P0, 129, 144, "ACME");
        let p = b.image().upper(0).copied().unwrap_or([0; 128]);
        assert_eq!(&p[1..17], b"ACME            ");
        b.set_ascii(P0, 164, 165, "ABC")
            .set_ascii(P0, 164, 165, "\u{e9}");
        assert_eq!(b.issues().len(), 2);
    }

    #[test]
    fn out_of_range_writes_are_recorded_not_panics() {
        let mut b = ImageBuilder::new();
        b.set_u8(SegmentId::LOWER, 128, 1)
            .set_u16(P0, 255, 1)
            .set_u8(P0, 127, 1);
        assert_eq!(b.issues().len(), 3);
        assert_eq!(
            b.issues()[0],
            BuildError::OffsetOutOfRange {
                segment: SegmentId::LOWER,
                offset: 128
            }
        );
        assert!(b.finish().is_err());
    }

    #[test]
    fn page_creates_a_zero_page() {
        let mut b = ImageBuilder::new();
        b.page(SegmentId::upper(0x10));
        assert_eq!(b.image().upper(0x10), Some(&[0u8; 128]));
    }
}
