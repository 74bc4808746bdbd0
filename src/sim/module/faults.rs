//! Bus-level fault injection: which transactions are not acknowledged (unplugged, NACK bursts,
//! page-switch hold-off) and which read bytes come back corrupted. Behavioural faults (laser,
//! module fault, power-up) live in the state machines; this file only keeps the set.

use std::time::Duration;

use super::model::millis;
use super::noise::Rng;
use super::params::{Fault, SimParams};

/// Faults in force on one module.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Faults {
    active: Vec<Fault>,
    /// Transactions still to NACK.
    pub nack_left: u32,
    /// NACK every transaction before this time (page-switch hold-off).
    pub busy_until: Option<Duration>,
}

impl Faults {
    /// The faults configured from power-on.
    pub fn from_params(p: &SimParams) -> Faults {
        let mut f = Faults {
            nack_left: p.nack_burst,
            ..Faults::default()
        };
        for x in &p.fault {
            f.insert(*x);
        }
        f
    }

    /// Whether `fault` is in force.
    pub fn has(&self, fault: Fault) -> bool {
        self.active.contains(&fault)
    }

    /// Puts `fault` in force.
    pub fn insert(&mut self, fault: Fault) {
        if !self.has(fault) {
            self.active.push(fault);
        }
    }

    /// Removes `fault`.
    pub fn remove(&mut self, fault: Fault) {
        self.active.retain(|f| *f != fault);
    }

    /// Whether the next transaction at `now` is refused; counts down a NACK burst.
    pub fn refuses(&mut self, now: Duration) -> bool {
        if self.has(Fault::Unplugged) {
            return true;
        }
        if self.nack_left > 0 {
            self.nack_left -= 1;
            return true;
        }
        self.busy_until.is_some_and(|t| now < t)
    }

    /// A page select was written at `now`: with `slow_page_switch`, hold off for
    /// `page_switch_ms`.
    pub fn page_selected(&mut self, now: Duration, p: &SimParams) {
        if self.has(Fault::SlowPageSwitch) {
            self.busy_until = Some(now.saturating_add(millis(p.page_switch_ms)));
        }
    }
}

/// Flips bits in `buf`, the bytes read from byte `offset` on: `corrupt_mask` at every offset in
/// `corrupt_offsets`, and one random bit with probability `corrupt_probability` per byte.
pub fn corrupt(buf: &mut [u8], offset: u8, p: &SimParams, rng: &mut Rng) {
    for (i, b) in buf.iter_mut().enumerate() {
        let at = usize::from(offset) + i;
        if p.corrupt_offsets.iter().any(|o| usize::from(*o) == at) {
            *b ^= p.corrupt_mask;
        }
        if rng.chance(p.corrupt_probability) {
            *b ^= 1 << (rng.next_u64() % 8);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bursts_holdoff_and_unplug() {
        let mut p = SimParams {
            nack_burst: 2,
            ..SimParams::default()
        };
        let mut f = Faults::from_params(&p);
        let t = Duration::from_millis(5);
        assert!(f.refuses(t));
        assert!(f.refuses(t));
        assert!(!f.refuses(t));
        f.page_selected(t, &p);
        assert!(!f.refuses(t), "hold-off only with slow_page_switch");
        p.fault.push(Fault::SlowPageSwitch);
        p.nack_burst = 0;
        let mut f = Faults::from_params(&p);
        f.page_selected(t, &p);
        assert!(f.refuses(t + Duration::from_micros(9_999)));
        assert!(!f.refuses(t + Duration::from_millis(10)));
        f.insert(Fault::Unplugged);
        assert!(f.refuses(t + Duration::from_secs(100)));
        f.remove(Fault::Unplugged);
        assert!(!f.refuses(t + Duration::from_secs(100)));
    }

    #[test]
    fn corruption_at_offsets_and_by_chance() {
        let p = SimParams {
            corrupt_offsets: vec![3],
            corrupt_mask: 0x81,
            ..SimParams::default()
        };
        let mut rng = Rng::new(1);
        let mut buf = [0u8; 4];
        corrupt(&mut buf, 0, &p, &mut rng);
        assert_eq!(buf, [0, 0, 0, 0x81]);
        let mut buf = [0u8; 4];
        corrupt(&mut buf, 4, &p, &mut rng);
        assert_eq!(buf, [0; 4]);
        let always = SimParams {
            corrupt_probability: 1.0,
            ..SimParams::default()
        };
        let mut buf = [0u8; 16];
        corrupt(&mut buf, 0, &always, &mut rng);
        assert!(buf.iter().all(|b| b.count_ones() == 1));
    }
}
