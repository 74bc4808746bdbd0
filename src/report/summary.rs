//! `summary.md`: the run for people, in CI logs and pull requests. Plain enough to read in a
//! terminal (tables are padded), Markdown enough to render on GitHub.
//!
//! Order: the verdict line (outcome, run id, plan, clock, duration); one row per module; every
//! failing or erroring check with its measurements and message; then a compact table of all
//! checks.

use std::fmt::Write as _;

use super::clock::{human_duration, span_s};
use super::markdown::{Align, inline, table};
use super::names::identity_label;
use super::tally::Tally;
use crate::results::model::fmt_num;
use crate::results::{CheckResult, ClockKind, ModuleResult, Outcome, RunOutcome, RunResults};

/// The summary.md text of a run (trailing newline).
pub fn render(r: &RunResults) -> String {
    let mut out = String::with_capacity(2048 + r.modules.len() * 512);
    let mut total = Tally::default();
    for m in &r.modules {
        total.merge(&Tally::of(&m.checks));
    }
    verdict(&mut out, r, &total);
    modules(&mut out, r);
    problems(&mut out, r);
    retried(&mut out, r);
    all_checks(&mut out, r);
    out
}

fn upper(o: Outcome) -> &'static str {
    match o {
        Outcome::Pass => "PASS",
        Outcome::Fail => "FAIL",
        Outcome::Error => "ERROR",
        Outcome::Skip => "SKIP",
        Outcome::Timeout => "TIMEOUT",
    }
}

fn run_word(o: RunOutcome) -> &'static str {
    match o {
        RunOutcome::Pass => "PASS",
        RunOutcome::Fail => "FAIL",
        RunOutcome::Error => "ERROR",
        RunOutcome::Aborted => "ABORTED",
    }
}

fn verdict(out: &mut String, r: &RunResults, total: &Tally) {
    let clock = match r.clock {
        ClockKind::Virtual => "virtual",
        ClockKind::Wall => "wall",
    };
    let duration = span_s(&r.started_at, &r.finished_at).map_or("?".to_string(), human_duration);
    // Writing to a String never fails.
    let _ = writeln!(
        out,
        "# {}: run {}, plan {}, clock {clock}, {duration}\n",
        run_word(r.outcome),
        inline(&r.run_id),
        inline(&r.plan.name),
    );
    let modules = r.modules.len();
    let _ = write!(
        out,
        "{modules} module{}, {} check{}: {} passed, {} failed, {} errored",
        if modules == 1 { "" } else { "s" },
        total.tests,
        if total.tests == 1 { "" } else { "s" },
        total.passed,
        total.failed,
        total.errored,
    );
    if total.timed_out > 0 {
        let _ = write!(out, " ({} timed out)", total.timed_out);
    }
    let _ = writeln!(
        out,
        ", {} skipped.  \nStarted {}, finished {}. Plan {} (sha256 {}), optiqual {}.\n",
        total.skipped,
        inline(&r.started_at),
        inline(&r.finished_at),
        inline(&r.plan.path),
        inline(short_sha(&r.plan.sha256)),
        inline(&r.tool_version),
    );
    if r.outcome == RunOutcome::Aborted {
        out.push_str(
            "**The run was interrupted before the end**: checks that did not run are missing \
             or skipped.\n\n",
        );
    }
}

/// The first 12 characters of a hash (a char boundary, whatever the text).
fn short_sha(s: &str) -> &str {
    s.char_indices().nth(12).map_or(s, |(i, _)| &s[..i])
}

fn modules(out: &mut String, r: &RunResults) {
    out.push_str("## Modules\n\n");
    if r.modules.is_empty() {
        out.push_str("No module was qualified.\n\n");
        return;
    }
    let rows: Vec<Vec<String>> = r
        .modules
        .iter()
        .map(|m| {
            let t = Tally::of(&m.checks);
            vec![
                inline(&m.slot),
                match identity_label(&m.identity) {
                    id if id.is_empty() => "(unidentified)".to_string(),
                    id => inline(&id),
                },
                inline(&m.identity.rev),
                upper(m.outcome).to_string(),
                t.passed.to_string(),
                t.failed.to_string(),
                t.errored.to_string(),
                t.skipped.to_string(),
            ]
        })
        .collect();
    table(
        out,
        &[
            ("Slot", Align::Left),
            ("Identity", Align::Left),
            ("Rev", Align::Left),
            ("Outcome", Align::Left),
            ("Passed", Align::Right),
            ("Failed", Align::Right),
            ("Errored", Align::Right),
            ("Skipped", Align::Right),
        ],
        &rows,
    );
    out.push('\n');
}

fn problems(out: &mut String, r: &RunResults) {
    out.push_str("## Failures and errors\n\n");
    let mut any = false;
    for m in &r.modules {
        for c in &m.checks {
            if matches!(c.outcome, Outcome::Fail | Outcome::Error | Outcome::Timeout) {
                any = true;
                problem(out, m, c);
            }
        }
    }
    if !any {
        out.push_str("No check failed or errored.\n\n");
    }
}

fn problem(out: &mut String, m: &ModuleResult, c: &CheckResult) {
    let _ = writeln!(
        out,
        "### {} {}: {}\n",
        inline(&m.slot),
        inline(&c.id),
        upper(c.outcome)
    );
    let _ = write!(
        out,
        "Kind {}, {} attempt{}, {}",
        inline(&c.kind),
        c.attempts,
        if c.attempts == 1 { "" } else { "s" },
        human_duration(c.duration_s),
    );
    if !c.message.is_empty() {
        let _ = write!(out, ". Message: {}", inline(&c.message));
    }
    out.push_str("\n\n");
    if !c.measurements.is_empty() {
        let rows: Vec<Vec<String>> = c
            .measurements
            .iter()
            .map(|x| {
                let num = |v: Option<f64>| v.map_or(String::new(), fmt_num);
                vec![
                    inline(&x.name),
                    x.value.map_or("not measured".to_string(), fmt_num),
                    num(x.low),
                    num(x.high),
                    inline(&x.unit),
                    upper(x.outcome).to_string(),
                ]
            })
            .collect();
        table(
            out,
            &[
                ("Measurement", Align::Left),
                ("Value", Align::Right),
                ("Low", Align::Right),
                ("High", Align::Right),
                ("Unit", Align::Left),
                ("Outcome", Align::Left),
            ],
            &rows,
        );
        out.push('\n');
    }
    if c.attempt_log.len() > 1 {
        out.push_str("Attempts:\n");
        attempts(out, c);
        out.push('\n');
    }
}

/// One line per attempt: number, outcome, duration, message and what did not pass.
fn attempts(out: &mut String, c: &CheckResult) {
    for a in &c.attempt_log {
        let _ = write!(
            out,
            "- {}: {}, {}",
            a.attempt,
            upper(a.outcome),
            human_duration(a.duration_s)
        );
        let failing: Vec<String> = a
            .measurements
            .iter()
            .filter(|x| x.outcome != Outcome::Pass)
            .map(|x| inline(&x.describe()))
            .collect();
        if !a.message.is_empty() {
            let _ = write!(out, ": {}", inline(&a.message));
        }
        if !failing.is_empty() {
            let _ = write!(out, " ({})", failing.join("; "));
        }
        out.push('\n');
    }
}

/// Checks that passed only after a failed or erroring attempt: worth a look in a qualification.
fn retried(out: &mut String, r: &RunResults) {
    let mut first = true;
    for m in &r.modules {
        for c in &m.checks {
            let troubled = c
                .attempt_log
                .iter()
                .any(|a| matches!(a.outcome, Outcome::Fail | Outcome::Error | Outcome::Timeout));
            if c.outcome != Outcome::Pass || !troubled {
                continue;
            }
            if first {
                out.push_str("## Passed after retries\n\n");
                first = false;
            }
            let _ = writeln!(
                out,
                "### {} {}: PASS on attempt {} of {}\n",
                inline(&m.slot),
                inline(&c.id),
                c.attempt_log.last().map_or(c.attempts, |a| a.attempt),
                c.attempts
            );
            attempts(out, c);
            out.push('\n');
        }
    }
}

fn all_checks(out: &mut String, r: &RunResults) {
    out.push_str("## All checks\n\n");
    let rows: Vec<Vec<String>> = r
        .modules
        .iter()
        .flat_map(|m| {
            m.checks.iter().map(|c| {
                vec![
                    inline(&m.slot),
                    inline(&c.id),
                    inline(&c.kind),
                    upper(c.outcome).to_string(),
                    c.attempts.to_string(),
                    human_duration(c.duration_s),
                ]
            })
        })
        .collect();
    if rows.is_empty() {
        out.push_str("No check ran.\n");
        return;
    }
    table(
        out,
        &[
            ("Slot", Align::Left),
            ("Check", Align::Left),
            ("Kind", Align::Left),
            ("Outcome", Align::Left),
            ("Attempts", Align::Right),
            ("Time", Align::Right),
        ],
        &rows,
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::samples;

    #[test]
    fn verdict_comes_first() {
        let md = render(&samples::mixed());
        assert!(md.starts_with(
            "# FAIL: run 20261124-090000-mixed, plan 400G DR4 qualification, clock virtual, \
             30m 01s\n\n2 modules, 7 checks: 2 passed, 2 failed, 2 errored (1 timed out), 1 \
             skipped."
        ));
        assert!(render(&samples::aborted()).starts_with("# ABORTED: "));
        assert!(render(&samples::empty()).starts_with("# ERROR: "));
        assert!(render(&samples::passing()).starts_with("# PASS: "));
    }

    #[test]
    fn failing_checks_show_their_measurements() {
        let md = render(&samples::mixed());
        assert!(md.contains("### p1 power_up: FAIL\n"));
        assert!(md.contains("| time_to_ready_ms |  2450 |     | 2000 | ms   | FAIL    |"));
        assert!(md.contains("### p2 thermal_sweep/70C: TIMEOUT\n"));
        assert!(md.contains("- 2: FAIL, 3.25 s: lane 3 out of limits (lane3.tx_power_error_db = 2.6 dB, limits -2 .. 2 dB)"));
        assert!(!md.contains("### p1 dom_accuracy: FAIL"), "passed on retry");
        let retried = md.find("## Passed after retries").unwrap();
        assert!(md[retried..].starts_with(
            "## Passed after retries\n\n### p1 dom_accuracy: PASS on attempt 3 of 3\n"
        ));
    }

    #[test]
    fn short_sha_is_char_safe() {
        assert_eq!(short_sha("0123456789abcdef"), "0123456789ab");
        assert_eq!(short_sha("éééééééééééééé"), "éééééééééééé");
        assert_eq!(short_sha("ab"), "ab");
    }
}
