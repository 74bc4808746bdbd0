//! [`Window`]: the part of one segment a transaction touches, in spec byte numbers.

use crate::addr::SegmentId;

/// Bytes `lo..hi` (spec numbering: 0-127 lower, 128-255 upper) of segment `seg`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    /// The segment.
    pub seg: SegmentId,
    /// First byte.
    pub lo: usize,
    /// One past the last byte.
    pub hi: usize,
}

impl Window {
    /// Whether bytes `first..first + len` overlap the window.
    pub fn covers(&self, first: usize, len: usize) -> bool {
        first < self.hi && self.lo < first + len
    }

    /// Whether byte `at` of segment `seg` is in the window.
    pub fn has(&self, seg: SegmentId, at: usize) -> bool {
        self.seg == seg && (self.lo..self.hi).contains(&at)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlap() {
        let w = Window {
            seg: SegmentId::LOWER,
            lo: 8,
            hi: 16,
        };
        assert!(w.covers(14, 2));
        assert!(w.covers(15, 2));
        assert!(!w.covers(16, 2));
        assert!(!w.covers(6, 2));
        assert!(w.covers(7, 2));
        assert!(w.has(SegmentId::LOWER, 8));
        assert!(!w.has(SegmentId::upper(0), 8));
    }
}
