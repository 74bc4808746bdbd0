//! Per-cycle timings and their min/mean/max over the cycles.

use crate::checks::common::ms;
use crate::results::Measurement;
use std::time::Duration;

/// One timed step (e.g. `module_ready_ms`) with its limit and the value of every cycle.
#[derive(Debug, Clone, PartialEq)]
struct Step {
    name: &'static str,
    limit_ms: Option<f64>,
    values: Vec<f64>,
}

/// Every timed step of the cycles run so far, in first-recorded order.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Timings {
    steps: Vec<Step>,
    /// Per-cycle measurements and the other facts, in the order recorded.
    pub measurements: Vec<Measurement>,
}

impl Timings {
    /// Records `step` of cycle `cycle` (1-based) against `limit` (`None`: informational).
    pub fn record(
        &mut self,
        cycle: u32,
        step: &'static str,
        value: Duration,
        limit: Option<Duration>,
    ) {
        let limit_ms = limit.map(ms);
        let v = ms(value);
        self.measurements.push(Measurement::judged(
            format!("cycle{cycle}.{step}"),
            Some(v),
            "ms",
            None,
            limit_ms,
        ));
        match self.steps.iter_mut().find(|s| s.name == step) {
            Some(s) => s.values.push(v),
            None => self.steps.push(Step {
                name: step,
                limit_ms,
                values: vec![v],
            }),
        }
    }

    /// Adds a measurement that is not a timing (a yes/no fact of a cycle).
    pub fn push(&mut self, m: Measurement) {
        self.measurements.push(m);
    }

    /// The largest value of `step` so far.
    pub fn max_of(&self, step: &str) -> Option<f64> {
        self.steps
            .iter()
            .find(|s| s.name == step)
            .and_then(|s| s.values.iter().copied().reduce(f64::max))
    }

    /// The per-cycle measurements followed by `<step>.min`, `.mean` and `.max` of every step,
    /// each against the step's limit.
    pub fn into_measurements(self) -> Vec<Measurement> {
        let mut out = self.measurements;
        for s in &self.steps {
            let n = s.values.len() as f64;
            let min = s.values.iter().copied().reduce(f64::min);
            let max = s.values.iter().copied().reduce(f64::max);
            let mean = (n > 0.0).then(|| s.values.iter().sum::<f64>() / n);
            for (what, v) in [("min", min), ("mean", mean), ("max", max)] {
                if let Some(v) = v {
                    out.push(Measurement::judged(
                        format!("{}.{what}", s.name),
                        Some(v),
                        "ms",
                        None,
                        s.limit_ms,
                    ));
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::results::Outcome;

    #[test]
    fn min_mean_max_against_the_limit() {
        let mut t = Timings::default();
        let limit = Some(Duration::from_millis(500));
        t.record(1, "x_ms", Duration::from_millis(100), limit);
        t.record(2, "x_ms", Duration::from_millis(400), limit);
        t.record(3, "x_ms", Duration::from_millis(700), limit);
        assert_eq!(t.max_of("x_ms"), Some(700.0));
        let m = t.into_measurements();
        let get = |n: &str| m.iter().find(|x| x.name == n).unwrap().clone();
        // (100 + 400 + 700) / 3 = 400.
        assert_eq!(get("x_ms.min").value, Some(100.0));
        assert_eq!(get("x_ms.mean").value, Some(400.0));
        assert_eq!(get("x_ms.max").value, Some(700.0));
        assert_eq!(get("x_ms.max").high, Some(500.0));
        assert_eq!(get("x_ms.max").outcome, Outcome::Fail);
        assert_eq!(get("cycle3.x_ms").outcome, Outcome::Fail);
        assert_eq!(get("cycle1.x_ms").outcome, Outcome::Pass);
    }
}
