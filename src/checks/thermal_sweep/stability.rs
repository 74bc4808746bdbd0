//! When a temperature counts as stable: over the last `window`, the least-squares rate of
//! change is at most `max_rate_c_per_min` and (for the chamber) every reading lies within the
//! tolerance of the setpoint. A least-squares slope alone would call the crest of an
//! oscillation stable, hence the band for the chamber.

use std::collections::VecDeque;

/// The readings of one temperature over a sliding window (time in s, value in °C).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Window {
    span_s: f64,
    points: VecDeque<(f64, f64)>,
}

impl Window {
    /// An empty window of `span_s` seconds.
    pub fn new(span_s: f64) -> Self {
        Window {
            span_s,
            points: VecDeque::new(),
        }
    }

    /// Adds a reading taken at `t_s`; keeps the last reading at or before the window's start
    /// (so coverage can be told) and everything after it.
    pub fn push(&mut self, t_s: f64, value: f64) {
        if !value.is_finite() {
            return;
        }
        self.points.push_back((t_s, value));
        let start = t_s - self.span_s;
        while self.points.len() > 1 && self.points.get(1).is_some_and(|p| p.0 <= start) {
            self.points.pop_front();
        }
    }

    /// The lowest and highest reading.
    pub fn range(&self) -> Option<(f64, f64)> {
        let first = self.points.front()?.1;
        Some(
            self.points
                .iter()
                .fold((first, first), |(lo, hi), p| (lo.min(p.1), hi.max(p.1))),
        )
    }

    /// Whether the readings reach back over the whole window.
    pub fn covered(&self) -> bool {
        match (self.points.front(), self.points.back()) {
            (Some(first), Some(last)) => first.0 <= last.0 - self.span_s + 1e-9,
            _ => false,
        }
    }

    /// Least-squares slope of the readings, °C/min; `None` with fewer than two distinct times.
    pub fn rate_c_per_min(&self) -> Option<f64> {
        let n = self.points.len() as f64;
        if self.points.len() < 2 {
            return None;
        }
        let mean_t = self.points.iter().map(|p| p.0).sum::<f64>() / n;
        let mean_v = self.points.iter().map(|p| p.1).sum::<f64>() / n;
        let (mut num, mut den) = (0.0, 0.0);
        for (t, v) in &self.points {
            num += (t - mean_t) * (v - mean_v);
            den += (t - mean_t) * (t - mean_t);
        }
        (den > 0.0).then(|| num / den * 60.0)
    }

    /// Whether every reading lies within `target ± tolerance`.
    pub fn within(&self, target: f64, tolerance: f64) -> bool {
        !self.points.is_empty()
            && self
                .points
                .iter()
                .all(|(_, v)| (v - target).abs() <= tolerance)
    }

    /// Covered, and changing no faster than `max_rate_c_per_min`.
    pub fn steady(&self, max_rate_c_per_min: f64) -> bool {
        self.covered()
            && self
                .rate_c_per_min()
                .is_some_and(|r| r.abs() <= max_rate_c_per_min)
    }

    /// The latest reading.
    pub fn last(&self) -> Option<f64> {
        self.points.back().map(|p| p.1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slope_is_least_squares_per_minute() {
        // 0, 1, 2 °C at 0, 60, 120 s: exactly 1 °C/min.
        let mut w = Window::new(120.0);
        for (t, v) in [(0.0, 0.0), (60.0, 1.0), (120.0, 2.0)] {
            w.push(t, v);
        }
        assert!((w.rate_c_per_min().unwrap_or(0.0) - 1.0).abs() < 1e-12);
        assert!(w.covered());
        assert!(!w.steady(0.5));
        assert!(w.steady(1.0));
        // Points 0, 1, 0 °C: slope 0 (a crest), yet not within ±0.4 of 0.
        let mut crest = Window::new(120.0);
        for (t, v) in [(0.0, 0.0), (60.0, 1.0), (120.0, 0.0)] {
            crest.push(t, v);
        }
        assert_eq!(crest.rate_c_per_min(), Some(0.0));
        assert!(!crest.within(0.0, 0.4));
        assert!(crest.within(0.5, 0.5));
    }

    #[test]
    fn the_window_slides_and_needs_to_be_covered() {
        let mut w = Window::new(30.0);
        w.push(0.0, 5.0);
        w.push(10.0, 5.0);
        assert!(!w.covered(), "10 s of a 30 s window");
        assert!(!w.steady(0.5));
        for t in [20.0, 30.0, 40.0, 50.0] {
            w.push(t, 5.0);
        }
        // Kept: the reading at 20 s (the window's start at 50 − 30 s) and later ones.
        assert_eq!(w.points.len(), 4);
        assert!(w.covered());
        assert!(w.steady(0.5));
        assert_eq!(w.last(), Some(5.0));
        w.push(55.0, f64::NAN);
        assert_eq!(w.points.len(), 4);
        w.push(60.0, 7.0);
        assert_eq!(w.range(), Some((5.0, 7.0)));
        assert_eq!(Window::new(30.0).range(), None);
        assert_eq!(Window::new(30.0).rate_c_per_min(), None);
    }
}
