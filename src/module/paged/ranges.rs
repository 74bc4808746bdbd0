//! "Read these byte ranges": coalescing within a page and the results.

use std::collections::BTreeMap;

use crate::addr::{HALF_LEN, SegmentId};
use crate::transport::TransportError;
use crate::transport::actor::read_bits;

/// Bytes `first..=last` of a segment, numbered as the spec prints them (0-127 lower, 128-255
/// upper).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ByteRange {
    /// The segment.
    pub segment: SegmentId,
    /// First byte.
    pub first: u8,
    /// Last byte, inclusive.
    pub last: u8,
}

impl ByteRange {
    /// Bytes `first..=last` of `segment`.
    pub const fn new(segment: SegmentId, first: u8, last: u8) -> Self {
        ByteRange {
            segment,
            first,
            last,
        }
    }

    /// Bytes in the range.
    pub fn len(&self) -> usize {
        usize::from(self.last.saturating_sub(self.first)) + 1
    }

    /// Always false: a range holds at least one byte.
    pub fn is_empty(&self) -> bool {
        false
    }

    /// `Err` unless `first <= last` and both lie in the segment's half.
    pub fn check(&self) -> Result<(), TransportError> {
        let base = self.segment.base();
        let ok = self.first <= self.last
            && usize::from(self.first) >= base
            && usize::from(self.last) < base + HALF_LEN;
        if ok {
            Ok(())
        } else {
            Err(TransportError::InvalidRequest(format!(
                "bytes {}-{} are not a range of {}",
                self.first, self.last, self.segment
            )))
        }
    }
}

/// Bit times to read `len` bytes in chunks of at most `max_read`.
fn cost(len: usize, max_read: usize) -> u64 {
    let chunks = len.div_ceil(max_read.max(1)) as u64;
    chunks * read_bits(0) + 9 * len as u64
}

/// Groups `ranges` by segment and merges overlapping and adjacent ones, and those whose gap
/// costs fewer bit times to read through than a separate transaction.
pub(crate) fn coalesce(
    ranges: &[ByteRange],
    max_read: usize,
) -> Result<BTreeMap<SegmentId, Vec<(u8, u8)>>, TransportError> {
    let mut by_segment: BTreeMap<SegmentId, Vec<(u8, u8)>> = BTreeMap::new();
    for r in ranges {
        r.check()?;
        by_segment
            .entry(r.segment)
            .or_default()
            .push((r.first, r.last));
    }
    for spans in by_segment.values_mut() {
        spans.sort_unstable();
        let mut merged: Vec<(u8, u8)> = Vec::with_capacity(spans.len());
        for &(first, last) in spans.iter() {
            if let Some(cur) = merged.last_mut() {
                let len = |a: u8, b: u8| usize::from(b - a) + 1;
                let touching = usize::from(first) <= usize::from(cur.1) + 1;
                let joined_last = cur.1.max(last);
                let cheaper = cost(len(cur.0, joined_last), max_read)
                    <= cost(len(cur.0, cur.1), max_read) + cost(len(first, last), max_read);
                if touching || cheaper {
                    cur.1 = joined_last;
                    continue;
                }
            }
            merged.push((first, last));
        }
        *spans = merged;
    }
    Ok(by_segment)
}

/// `(offset, len)` chunks covering `first..=last` with at most `max_read` bytes each.
pub(crate) fn chunks(first: u8, last: u8, max_read: usize) -> Vec<(u8, usize)> {
    let max_read = max_read.clamp(1, HALF_LEN);
    let end = usize::from(last) + 1;
    (usize::from(first)..end)
        .step_by(max_read)
        .map(|at| (at as u8, max_read.min(end - at)))
        .collect()
}

/// One contiguous run of bytes read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    /// The segment.
    pub segment: SegmentId,
    /// Byte number of `bytes[0]`.
    pub first: u8,
    /// The bytes.
    pub bytes: Vec<u8>,
}

/// What [`super::PagedModule::read_ranges`] read: the coalesced pieces, which cover every
/// range asked for (and possibly small gaps between them).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RangeData {
    pub(crate) pieces: Vec<Piece>,
}

impl RangeData {
    /// The pieces, in the order they were read.
    pub fn pieces(&self) -> &[Piece] {
        &self.pieces
    }

    /// Byte `byte` of `segment`, if read.
    pub fn get(&self, segment: SegmentId, byte: u8) -> Option<u8> {
        self.slice(segment, byte, 1)
            .and_then(|s| s.first().copied())
    }

    /// `len` bytes from `first` of `segment`, if all were read in one piece.
    pub fn slice(&self, segment: SegmentId, first: u8, len: usize) -> Option<&[u8]> {
        self.pieces.iter().find_map(|p| {
            let start = usize::from(first).checked_sub(usize::from(p.first))?;
            if p.segment != segment || start + len > p.bytes.len() {
                return None;
            }
            p.bytes.get(start..start + len)
        })
    }

    /// Bytes read in all.
    pub fn bytes_read(&self) -> usize {
        self.pieces.iter().map(|p| p.bytes.len()).sum()
    }
}
