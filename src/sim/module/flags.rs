//! Latched flags: a flag byte remembers every bit that was set since it was last read; a read
//! returns the latched bits and then clears those whose condition is gone (a condition still
//! present stays set). Event flags (state changed) have no condition: a read clears them.
//!
//! Conditions are sampled at every bus transaction and handle call, from the noise-free reported
//! values (true value + DOM error), so flags do not chatter with the reading noise.

use std::collections::BTreeMap;

use crate::addr::SegmentId;

use super::profile::Limits;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Entry {
    latched: u8,
    condition: u8,
    /// Not latched: reads show the condition only (SFF-8472 flags when so configured).
    live: bool,
}

/// The flag bytes of one module.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Latches {
    bytes: BTreeMap<(SegmentId, u8), Entry>,
}

impl Latches {
    /// Declares byte `offset` of `seg` a latched flag byte.
    pub fn declare(&mut self, seg: SegmentId, offset: u8) {
        self.bytes.entry((seg, offset)).or_default();
    }

    /// Declares byte `offset` of `seg` a flag byte that shows its condition without latching.
    pub fn declare_live(&mut self, seg: SegmentId, offset: u8) {
        self.bytes.entry((seg, offset)).or_default().live = true;
    }

    /// Records the present condition bits of a flag byte (they latch).
    pub fn sample(&mut self, seg: SegmentId, offset: u8, condition: u8) {
        if let Some(e) = self.bytes.get_mut(&(seg, offset)) {
            e.condition = condition;
            e.latched |= condition;
        }
    }

    /// Latches event bits (no lasting condition).
    pub fn raise(&mut self, seg: SegmentId, offset: u8, bits: u8) {
        if let Some(e) = self.bytes.get_mut(&(seg, offset)) {
            e.latched |= bits;
        }
    }

    /// What a read of the byte returns now, if it is a flag byte.
    pub fn value(&self, seg: SegmentId, offset: u8) -> Option<u8> {
        self.bytes
            .get(&(seg, offset))
            .map(|e| if e.live { e.condition } else { e.latched })
    }

    /// The byte was read: keep only the bits whose condition is still present.
    pub fn cleared_by_read(&mut self, seg: SegmentId, offset: u8) {
        if let Some(e) = self.bytes.get_mut(&(seg, offset)) {
            e.latched = e.condition;
        }
    }

    /// Whether any latched bit is set in bytes `first..=last` of `seg`.
    pub fn any(&self, seg: SegmentId, first: u8, last: u8) -> bool {
        self.bytes
            .range((seg, first)..=(seg, last))
            .any(|(_, e)| e.latched != 0)
    }

    /// Latched bits of one byte (0 if it is not a flag byte).
    pub fn latched(&self, seg: SegmentId, offset: u8) -> u8 {
        self.bytes.get(&(seg, offset)).map_or(0, |e| e.latched)
    }

    /// Forgets every latched bit (power-on reset).
    pub fn reset(&mut self) {
        for e in self.bytes.values_mut() {
            e.latched = 0;
            e.condition = 0;
        }
    }
}

/// Which of the four levels `value` is beyond, in threshold order: high alarm, low alarm,
/// high warning, low warning (`value > HA`, `value < LA`, `value > HW`, `value < LW`).
pub fn levels(value: f64, limits: &Limits) -> [bool; 4] {
    let [ha, la, hw, lw] = *limits;
    [value > ha, value < la, value > hw, value < lw]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latch_holds_until_read_after_the_condition_is_gone() {
        let seg = SegmentId::LOWER;
        let mut l = Latches::default();
        l.declare(seg, 9);
        l.sample(seg, 9, 0x01);
        assert_eq!(l.value(seg, 9), Some(0x01));
        l.cleared_by_read(seg, 9);
        // Condition still present: still set.
        assert_eq!(l.value(seg, 9), Some(0x01));
        l.sample(seg, 9, 0x00);
        // Gone, but not read since: still latched.
        assert_eq!(l.value(seg, 9), Some(0x01));
        l.cleared_by_read(seg, 9);
        assert_eq!(l.value(seg, 9), Some(0x00));
        // Events clear on the first read.
        l.raise(seg, 9, 0x80);
        assert!(l.any(seg, 8, 13));
        l.cleared_by_read(seg, 9);
        assert_eq!(l.value(seg, 9), Some(0));
        assert_eq!(l.value(seg, 10), None);
        // Undeclared bytes ignore samples.
        l.sample(seg, 10, 0xFF);
        assert_eq!(l.latched(seg, 10), 0);
    }

    #[test]
    fn live_bytes_follow_the_condition() {
        let seg = SegmentId::A2_LOWER;
        let mut l = Latches::default();
        l.declare_live(seg, 112);
        l.sample(seg, 112, 0x80);
        assert_eq!(l.value(seg, 112), Some(0x80));
        l.sample(seg, 112, 0);
        assert_eq!(l.value(seg, 112), Some(0));
    }

    #[test]
    fn level_order() {
        let lim = [75.0, -5.0, 70.0, 0.0];
        assert_eq!(levels(72.0, &lim), [false, false, true, false]);
        assert_eq!(levels(80.0, &lim), [true, false, true, false]);
        assert_eq!(levels(-10.0, &lim), [false, true, false, true]);
        assert_eq!(levels(70.0, &lim), [false; 4]);
    }
}
