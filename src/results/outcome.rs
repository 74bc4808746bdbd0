//! Outcomes of measurements, checks, modules and runs, and the rules that roll them up
//! (design.md §5: FAIL is about the module, ERROR is about us).
//!
//! Roll-up rules, in words:
//! - a **measurement** passes when its value lies within `[low, high]` (either bound may be
//!   absent); a value that could not be measured is an error, never a pass;
//! - a **check** fails if any measurement fails; otherwise it is an error if any measurement is an
//!   error; otherwise it passes (a check with no measurement keeps the outcome it set itself). A
//!   check that ran out of time is `timeout`; one not run is `skip`;
//! - a **module** fails if any check failed (the module is known bad, whatever else went wrong);
//!   otherwise it is an error if any check errored or timed out; otherwise it passes if any check
//!   passed; a module whose checks were all skipped is `skip`;
//! - a **run** is `aborted` when interrupted; otherwise it fails if any module failed, else errors
//!   if any module errored, else passes if any module passed. A run with no module, or whose
//!   modules were all skipped, is an error: nothing was qualified.
//!
//! Only the *last* attempt of a retried check decides its outcome; every attempt is kept.

use serde::{Deserialize, Serialize};

/// Outcome of a measurement, a check or a module.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    /// Within limits.
    Pass,
    /// Outside limits: about the module.
    Fail,
    /// The harness, an instrument or the bus failed: about us.
    Error,
    /// Not run.
    Skip,
    /// Did not finish in the time allowed (a chamber that never settles, a step past its timeout).
    Timeout,
}

/// Outcome of a whole run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RunOutcome {
    /// Every module passed.
    Pass,
    /// At least one module failed.
    Fail,
    /// No module failed but something errored.
    Error,
    /// Interrupted before the end.
    Aborted,
}

impl Outcome {
    /// The JSON / JUnit word.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Pass => "pass",
            Outcome::Fail => "fail",
            Outcome::Error => "error",
            Outcome::Skip => "skip",
            Outcome::Timeout => "timeout",
        }
    }

    /// Whether this outcome is ERROR-like (about the harness): error or timeout.
    pub fn is_harness_problem(self) -> bool {
        matches!(self, Outcome::Error | Outcome::Timeout)
    }
}

impl RunOutcome {
    /// The JSON word.
    pub fn as_str(self) -> &'static str {
        match self {
            RunOutcome::Pass => "pass",
            RunOutcome::Fail => "fail",
            RunOutcome::Error => "error",
            RunOutcome::Aborted => "aborted",
        }
    }

    /// Process exit code (design.md §4.4): pass 0, fail 1, error 3, aborted 130.
    pub fn exit_code(self) -> u8 {
        match self {
            RunOutcome::Pass => 0,
            RunOutcome::Fail => 1,
            RunOutcome::Error => 3,
            RunOutcome::Aborted => 130,
        }
    }
}

/// Outcome of one measured value against optional limits. `None` (not measurable) is an error;
/// NaN is an error.
pub fn judge(value: Option<f64>, low: Option<f64>, high: Option<f64>) -> Outcome {
    let Some(v) = value.filter(|v| !v.is_nan()) else {
        return Outcome::Error;
    };
    let below = low.is_some_and(|l| v < l);
    let above = high.is_some_and(|h| v > h);
    if below || above {
        Outcome::Fail
    } else {
        Outcome::Pass
    }
}

/// A check's outcome from its measurements; `own` is what the check decided itself (used when it
/// has no measurements, or when it is worse than what the measurements say).
pub fn check_outcome(measurements: impl IntoIterator<Item = Outcome>, own: Outcome) -> Outcome {
    let mut any_fail = false;
    let mut any_error = false;
    let mut any = false;
    for m in measurements {
        any = true;
        match m {
            Outcome::Fail => any_fail = true,
            Outcome::Error | Outcome::Timeout => any_error = true,
            Outcome::Pass | Outcome::Skip => {}
        }
    }
    if !any {
        return own;
    }
    if any_fail || own == Outcome::Fail {
        Outcome::Fail
    } else if own == Outcome::Timeout {
        Outcome::Timeout
    } else if any_error || own == Outcome::Error {
        Outcome::Error
    } else {
        Outcome::Pass
    }
}

/// A module's outcome from its checks' outcomes.
pub fn module_outcome(checks: impl IntoIterator<Item = Outcome>) -> Outcome {
    let (mut fail, mut error, mut pass) = (false, false, false);
    for c in checks {
        match c {
            Outcome::Fail => fail = true,
            Outcome::Error | Outcome::Timeout => error = true,
            Outcome::Pass => pass = true,
            Outcome::Skip => {}
        }
    }
    if fail {
        Outcome::Fail
    } else if error {
        Outcome::Error
    } else if pass {
        Outcome::Pass
    } else {
        Outcome::Skip
    }
}

/// A run's outcome from its modules' outcomes.
pub fn run_outcome(modules: impl IntoIterator<Item = Outcome>, interrupted: bool) -> RunOutcome {
    if interrupted {
        return RunOutcome::Aborted;
    }
    let (mut fail, mut error, mut pass) = (false, false, false);
    for m in modules {
        match m {
            Outcome::Fail => fail = true,
            Outcome::Error | Outcome::Timeout => error = true,
            Outcome::Pass => pass = true,
            Outcome::Skip => {}
        }
    }
    if fail {
        RunOutcome::Fail
    } else if error || !pass {
        RunOutcome::Error
    } else {
        RunOutcome::Pass
    }
}

#[cfg(test)]
mod tests {
    use super::Outcome::*;
    use super::*;

    #[test]
    fn measurements_are_judged_against_inclusive_limits() {
        assert_eq!(judge(Some(3.0), Some(1.0), Some(3.0)), Pass);
        assert_eq!(judge(Some(3.0001), Some(1.0), Some(3.0)), Fail);
        assert_eq!(judge(Some(-5.0), Some(-4.0), None), Fail);
        assert_eq!(judge(Some(1e9), None, None), Pass);
        assert_eq!(judge(None, Some(0.0), Some(1.0)), Error);
        assert_eq!(judge(Some(f64::NAN), None, None), Error);
    }

    #[test]
    fn check_rolls_up_fail_before_error() {
        assert_eq!(check_outcome([Pass, Pass], Pass), Pass);
        assert_eq!(check_outcome([Pass, Error, Fail], Pass), Fail);
        assert_eq!(check_outcome([Pass, Error], Pass), Error);
        assert_eq!(check_outcome([Pass], Timeout), Timeout);
        assert_eq!(check_outcome([], Skip), Skip);
        assert_eq!(check_outcome([], Error), Error);
        assert_eq!(check_outcome([Pass], Fail), Fail);
    }

    #[test]
    fn module_and_run_roll_up() {
        assert_eq!(module_outcome([Pass, Skip]), Pass);
        assert_eq!(module_outcome([Pass, Timeout]), Error);
        assert_eq!(module_outcome([Error, Fail]), Fail);
        assert_eq!(module_outcome([Skip, Skip]), Skip);
        assert_eq!(module_outcome([]), Skip);
        assert_eq!(run_outcome([Pass, Pass], false), RunOutcome::Pass);
        assert_eq!(run_outcome([Pass, Error], false), RunOutcome::Error);
        assert_eq!(run_outcome([Error, Fail], false), RunOutcome::Fail);
        assert_eq!(run_outcome([Pass], true), RunOutcome::Aborted);
        assert_eq!(run_outcome([], false), RunOutcome::Error);
        assert_eq!(run_outcome([Skip, Skip], false), RunOutcome::Error);
        assert_eq!(run_outcome([Pass, Skip], false), RunOutcome::Pass);
        assert_eq!(RunOutcome::Fail.exit_code(), 1);
        assert_eq!(RunOutcome::Aborted.exit_code(), 130);
    }
}
