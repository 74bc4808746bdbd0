//! Counts of check outcomes: the numbers of a JUnit `<testsuite>` and of the summary tables.

use crate::results::{CheckResult, Outcome};

/// How many checks ended how, and how long they took.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Tally {
    /// Checks counted.
    pub tests: usize,
    /// Checks that passed.
    pub passed: usize,
    /// Checks that failed (about the module).
    pub failed: usize,
    /// Checks that errored or timed out (about us).
    pub errored: usize,
    /// Of `errored`, those that timed out.
    pub timed_out: usize,
    /// Checks not run.
    pub skipped: usize,
    /// Sum of the checks' `duration_s` (finite, non-negative ones only).
    pub time_s: f64,
}

impl Tally {
    /// Counts one check.
    pub fn add(&mut self, check: &CheckResult) {
        self.tests += 1;
        match check.outcome {
            Outcome::Pass => self.passed += 1,
            Outcome::Fail => self.failed += 1,
            Outcome::Error => self.errored += 1,
            Outcome::Timeout => {
                self.errored += 1;
                self.timed_out += 1;
            }
            Outcome::Skip => self.skipped += 1,
        }
        if check.duration_s.is_finite() && check.duration_s > 0.0 {
            self.time_s += check.duration_s;
        }
    }

    /// Counts many checks.
    pub fn of<'a>(checks: impl IntoIterator<Item = &'a CheckResult>) -> Self {
        let mut t = Tally::default();
        for c in checks {
            t.add(c);
        }
        t
    }

    /// Adds another tally into this one.
    pub fn merge(&mut self, other: &Tally) {
        self.tests += other.tests;
        self.passed += other.passed;
        self.failed += other.failed;
        self.errored += other.errored;
        self.timed_out += other.timed_out;
        self.skipped += other.skipped;
        self.time_s += other.time_s;
    }
}
