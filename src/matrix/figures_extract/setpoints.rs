//! The temperature range a module passed in its thermal sweeps.
//!
//! A setpoint was *tried* when a measurement carries its `<T>C/` prefix or the sweep's message
//! lists it as done. It *passed* when every measurement with its prefix passed and, when the
//! message lists the setpoints done (`2 of 3 setpoints done (25C, 70C); stopped: ...`), it is
//! among them (a sweep stopped while settling may leave only passing measurements behind).
//!
//! The passed range is the widest run of consecutive tried setpoints (in temperature order) that
//! all passed: a failure at 25 °C between passes at 0 °C and 70 °C does not make 0..70 °C a
//! range the module passed. Of equally wide runs, the lowest.

use std::collections::BTreeMap;

use crate::results::{CheckResult, Outcome};

/// `70C` → 70, `-5C` → -5, `12.5C` → 12.5; anything else → `None`.
pub(super) fn parse_label(label: &str) -> Option<f64> {
    let number = label.strip_suffix('C')?;
    let t = number.parse::<f64>().ok()?;
    t.is_finite().then_some(t)
}

/// The labels a sweep's message lists as done, if it lists them.
fn done_list(message: &str) -> Option<Vec<f64>> {
    let (_, after) = message.split_once("setpoints done")?;
    let Some(inner) = after.strip_prefix(" (") else {
        // "0 of 3 setpoints done" with no list: none done.
        return Some(Vec::new());
    };
    let (list, _) = inner.split_once(')')?;
    list.split(", ").map(parse_label).collect()
}

/// Setpoint → passed so far, over every sweep of one module, in temperature order.
#[derive(Debug, Default)]
pub(super) struct SetpointLog {
    passed: BTreeMap<OrderedC, bool>,
}

/// A finite temperature usable as a map key in temperature order.
#[derive(Debug, Clone, Copy, PartialEq)]
struct OrderedC(f64);

impl Eq for OrderedC {}

impl PartialOrd for OrderedC {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for OrderedC {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.0.total_cmp(&other.0)
    }
}

impl SetpointLog {
    /// Notes what one thermal sweep check says about its setpoints.
    pub(super) fn add_sweep(&mut self, check: &CheckResult) {
        let mut seen: BTreeMap<OrderedC, bool> = BTreeMap::new();
        for m in &check.measurements {
            let Some(t) = m.name.split_once('/').and_then(|(l, _)| parse_label(l)) else {
                continue;
            };
            let ok = m.outcome == Outcome::Pass;
            seen.entry(OrderedC(t))
                .and_modify(|p| *p &= ok)
                .or_insert(ok);
        }
        if let Some(done) = done_list(&check.message) {
            for t in &done {
                seen.entry(OrderedC(*t)).or_insert(true);
            }
            for (t, passed) in seen.iter_mut() {
                if !done.contains(&t.0) {
                    *passed = false;
                }
            }
        }
        for (t, ok) in seen {
            self.passed.entry(t).and_modify(|p| *p &= ok).or_insert(ok);
        }
    }

    /// Lowest and highest setpoint tried.
    pub(super) fn tested_range(&self) -> Option<(f64, f64)> {
        let lo = self.passed.keys().next()?;
        let hi = self.passed.keys().next_back()?;
        Some((lo.0, hi.0))
    }

    /// The widest run of consecutive passed setpoints (see the module doc).
    pub(super) fn passed_range(&self) -> Option<(f64, f64)> {
        let mut best: Option<(f64, f64)> = None;
        let mut current: Option<(f64, f64)> = None;
        for (t, &ok) in &self.passed {
            current = if ok {
                Some(current.map_or((t.0, t.0), |(lo, _)| (lo, t.0)))
            } else {
                None
            };
            if let Some((lo, hi)) = current {
                if best.is_none_or(|(blo, bhi)| hi - lo > bhi - blo) {
                    best = Some((lo, hi));
                }
            }
        }
        best
    }
}
