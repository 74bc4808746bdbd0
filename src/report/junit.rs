//! `junit.xml`: one `<testsuite>` per module, one `<testcase>` per check, valid against Jenkins
//! xUnit's `junit-10.xsd` (design.md §4.3).
//!
//! Mapping:
//! - suite name = slot and identity (`p1 ACME AC-QDD-400G-DR4 SN123`); `tests`, `failures`,
//!   `errors` (error and timeout), `skipped` count the module's checks; `time` sums their
//!   durations; `<properties>` carry the run id, plan, tool version, clock and module identity;
//! - testcase name = check id, classname = check kind, time = `duration_s`;
//! - fail → `<failure type="fail">` whose message states every failing measurement's value, limit
//!   and unit; error → `<error type="error">`; timeout → `<error type="timeout">`; skip →
//!   `<skipped/>`;
//! - earlier attempts of a retried check → `<flakyFailure>`/`<flakyError>` when the last attempt
//!   passed, `<rerunFailure>`/`<rerunError>` otherwise;
//! - `<system-out>` lists every measurement and every attempt, so nothing of results.json's
//!   check record is lost but the plot series' points;
//! - an aborted run, or one without any module, gets one more suite `run` with an erroring
//!   testcase, so CI shows it red even though no check failed.
//!
//! The schema's `<testsuites>` takes only `<testsuite>` children and the attributes `name`,
//! `time`, `tests`, `failures`, `errors` (no `skipped`), so run-level facts live in each suite's
//! properties. Text from devices passes through [`super::xml`], which keeps the XML well-formed.

use std::fmt::Write as _;

use super::clock::{span_s, surefire_time};
use super::names::suite_name;
use super::tally::Tally;
use super::xml::{attr, push_text};
use crate::results::model::fmt_num;
use crate::results::{
    Attempt, CheckResult, Measurement, ModuleResult, Outcome, RunOutcome, RunResults,
};

/// The junit.xml text of a run (UTF-8, trailing newline).
pub fn render(r: &RunResults) -> String {
    let checks: usize = r.modules.iter().map(|m| m.checks.len()).sum();
    let mut out = String::with_capacity(1024 + r.modules.len() * 1024 + checks * 1536);
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");

    let problem = run_problem(r);
    let mut total = Tally::default();
    for m in &r.modules {
        total.merge(&Tally::of(&m.checks));
    }
    let extra_errors = usize::from(problem.is_some());
    let run_time = span_s(&r.started_at, &r.finished_at).unwrap_or(total.time_s);

    out.push_str("<testsuites");
    attr(
        &mut out,
        "name",
        &format!("optiqual {} ({})", r.run_id, r.plan.name),
    );
    attr(&mut out, "tests", &(total.tests + extra_errors).to_string());
    attr(&mut out, "failures", &total.failed.to_string());
    attr(
        &mut out,
        "errors",
        &(total.errored + extra_errors).to_string(),
    );
    attr(&mut out, "time", &surefire_time(run_time));
    out.push_str(">\n");

    for (i, m) in r.modules.iter().enumerate() {
        module_suite(&mut out, r, i, m);
    }
    if let Some((kind, message)) = problem {
        run_suite(&mut out, r, r.modules.len(), kind, &message, run_time);
    }
    out.push_str("</testsuites>\n");
    out
}

/// Why the run itself should show red when no check says so: `(error type, message)`.
fn run_problem(r: &RunResults) -> Option<(&'static str, String)> {
    if r.outcome == RunOutcome::Aborted {
        Some((
            "aborted",
            "the run was interrupted before the end; checks that did not run are missing or \
             skipped"
                .to_string(),
        ))
    } else if r.modules.is_empty() {
        Some((
            "error",
            format!(
                "no module was qualified (run outcome: {})",
                r.outcome.as_str()
            ),
        ))
    } else {
        None
    }
}

fn suite_open(out: &mut String, name: &str, t: &Tally, time_s: f64, timestamp: &str, id: usize) {
    out.push_str("  <testsuite");
    attr(out, "name", name);
    attr(out, "tests", &t.tests.to_string());
    attr(out, "failures", &t.failed.to_string());
    attr(out, "errors", &t.errored.to_string());
    attr(out, "skipped", &t.skipped.to_string());
    attr(out, "time", &surefire_time(time_s));
    if !timestamp.is_empty() {
        attr(out, "timestamp", timestamp);
    }
    attr(out, "id", &id.to_string());
    out.push_str(">\n");
}

fn properties(out: &mut String, r: &RunResults, extra: &[(&str, &str)]) {
    out.push_str("    <properties>\n");
    let run: [(&str, &str); 7] = [
        ("run_id", &r.run_id),
        ("run.outcome", r.outcome.as_str()),
        ("plan.name", &r.plan.name),
        ("plan.path", &r.plan.path),
        ("plan.sha256", &r.plan.sha256),
        ("tool_version", &r.tool_version),
        (
            "clock",
            match r.clock {
                crate::results::ClockKind::Virtual => "virtual",
                crate::results::ClockKind::Wall => "wall",
            },
        ),
    ];
    for (name, value) in run.iter().chain(extra) {
        out.push_str("      <property");
        attr(out, "name", name);
        attr(out, "value", value);
        out.push_str("/>\n");
    }
    out.push_str("    </properties>\n");
}

fn module_suite(out: &mut String, r: &RunResults, index: usize, m: &ModuleResult) {
    let tally = Tally::of(&m.checks);
    let timestamp = m
        .checks
        .iter()
        .map(|c| c.started_at.as_str())
        .find(|s| !s.is_empty())
        .unwrap_or(&r.started_at);
    suite_open(out, &suite_name(m), &tally, tally.time_s, timestamp, index);
    properties(
        out,
        r,
        &[
            ("slot", &m.slot),
            ("module.vendor", &m.identity.vendor),
            ("module.pn", &m.identity.pn),
            ("module.sn", &m.identity.sn),
            ("module.rev", &m.identity.rev),
            ("module.outcome", m.outcome.as_str()),
        ],
    );
    for c in &m.checks {
        testcase(out, c);
    }
    out.push_str("  </testsuite>\n");
}

fn run_suite(out: &mut String, r: &RunResults, index: usize, kind: &str, message: &str, t: f64) {
    let tally = Tally {
        tests: 1,
        errored: 1,
        time_s: t,
        ..Tally::default()
    };
    suite_open(out, "run", &tally, t, &r.started_at, index);
    properties(out, r, &[]);
    out.push_str("    <testcase name=\"run\" classname=\"run\"");
    attr(out, "time", &surefire_time(t));
    out.push_str(">\n      <error");
    attr(out, "message", message);
    attr(out, "type", kind);
    out.push_str("/>\n    </testcase>\n  </testsuite>\n");
}

fn testcase(out: &mut String, c: &CheckResult) {
    out.push_str("    <testcase");
    attr(out, "name", &c.id);
    attr(out, "classname", &c.kind);
    attr(out, "time", &surefire_time(c.duration_s));
    out.push_str(">\n");

    match c.outcome {
        Outcome::Pass => {}
        Outcome::Fail => {
            let (message, body) = failure_text(&c.message, &c.measurements);
            element(out, "failure", "fail", &message, &body);
        }
        Outcome::Error | Outcome::Timeout => {
            let (message, body) = error_text(c.outcome, &c.message, &c.measurements);
            element(out, "error", c.outcome.as_str(), &message, &body);
        }
        Outcome::Skip => {
            out.push_str("      <skipped");
            if !c.message.is_empty() {
                attr(out, "message", &c.message);
            }
            out.push_str("/>\n");
        }
    }
    earlier_attempts(out, c);

    out.push_str("      <system-out>");
    push_text(out, &system_out(c));
    out.push_str("</system-out>\n    </testcase>\n");
}

/// `<flaky…>`/`<rerun…>` for every attempt before the last that did not pass.
fn earlier_attempts(out: &mut String, c: &CheckResult) {
    let Some((_, earlier)) = c.attempt_log.split_last() else {
        return;
    };
    let prefix = if c.outcome == Outcome::Pass {
        "flaky"
    } else {
        "rerun"
    };
    for a in earlier {
        let (name, (message, body)) = match a.outcome {
            Outcome::Fail => ("Failure", failure_text(&a.message, &a.measurements)),
            Outcome::Error | Outcome::Timeout => {
                ("Error", error_text(a.outcome, &a.message, &a.measurements))
            }
            Outcome::Pass | Outcome::Skip => continue,
        };
        let message = format!("attempt {}: {message}", a.attempt);
        element(
            out,
            &format!("{prefix}{name}"),
            a.outcome.as_str(),
            &message,
            &body,
        );
    }
}

fn element(out: &mut String, name: &str, ty: &str, message: &str, body: &str) {
    out.push_str("      <");
    out.push_str(name);
    attr(out, "message", message);
    attr(out, "type", ty);
    if body.is_empty() {
        out.push_str("/>\n");
        return;
    }
    out.push('>');
    push_text(out, body);
    out.push_str("</");
    out.push_str(name);
    out.push_str(">\n");
}

/// `(message, body)` of a failure: every failing measurement described (value, limit, unit),
/// after the check's own message when it has one.
fn failure_text(own: &str, measurements: &[Measurement]) -> (String, String) {
    let failing: Vec<String> = measurements
        .iter()
        .filter(|m| m.outcome == Outcome::Fail)
        .map(Measurement::describe)
        .collect();
    let message = match (own.is_empty(), failing.is_empty()) {
        (true, true) => "failed".to_string(),
        (false, true) => own.to_string(),
        (true, false) => failing.join("; "),
        (false, false) => format!("{own}: {}", failing.join("; ")),
    };
    (message, body(own, &failing))
}

/// `(message, body)` of an error or timeout: the check's message, then every measurement that did
/// not pass (not measured, or out of limits when the check could not finish).
fn error_text(outcome: Outcome, own: &str, measurements: &[Measurement]) -> (String, String) {
    let broken: Vec<String> = measurements
        .iter()
        .filter(|m| m.outcome != Outcome::Pass && m.outcome != Outcome::Skip)
        .map(Measurement::describe)
        .collect();
    let message = if !own.is_empty() {
        own.to_string()
    } else if !broken.is_empty() {
        broken.join("; ")
    } else if outcome == Outcome::Timeout {
        "timed out".to_string()
    } else {
        "error".to_string()
    };
    (message, body(own, &broken))
}

fn body(own: &str, lines: &[String]) -> String {
    let mut b = String::new();
    if !own.is_empty() {
        b.push_str(own);
        b.push('\n');
    }
    for l in lines {
        b.push_str(l);
        b.push('\n');
    }
    b
}

/// Everything results.json says about the check, as plain lines.
fn system_out(c: &CheckResult) -> String {
    let mut s = String::new();
    let plural = if c.attempts == 1 { "" } else { "s" };
    // Writing to a String never fails.
    let _ = writeln!(
        s,
        "outcome: {} after {} attempt{plural}, {} s",
        c.outcome.as_str(),
        c.attempts,
        fmt_num(c.duration_s)
    );
    if !c.started_at.is_empty() {
        let _ = writeln!(s, "started: {}", c.started_at);
    }
    if !c.message.is_empty() {
        let _ = writeln!(s, "message: {}", c.message);
    }
    measurement_lines(&mut s, "", &c.measurements);
    for a in &c.attempt_log {
        attempt_lines(&mut s, a);
    }
    for series in &c.series {
        let _ = writeln!(
            s,
            "series {}: {} points, x in {}, y in {} (in results.json)",
            series.name,
            series.points.len(),
            series.x_unit,
            series.y_unit
        );
    }
    s
}

fn attempt_lines(s: &mut String, a: &Attempt) {
    let _ = write!(
        s,
        "attempt {}: {}, {} s",
        a.attempt,
        a.outcome.as_str(),
        fmt_num(a.duration_s)
    );
    if !a.started_at.is_empty() {
        let _ = write!(s, ", started {}", a.started_at);
    }
    if !a.message.is_empty() {
        let _ = write!(s, ", message: {}", a.message);
    }
    s.push('\n');
    measurement_lines(s, "  ", &a.measurements);
}

fn measurement_lines(s: &mut String, indent: &str, ms: &[Measurement]) {
    for m in ms {
        let _ = writeln!(s, "{indent}  [{}] {}", m.outcome.as_str(), m.describe());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::samples;

    #[test]
    fn failure_message_states_value_limit_and_unit() {
        let xml = render(&samples::mixed());
        assert!(xml.contains(
            "<failure message=\"module took too long to reach ModuleReady: time_to_ready_ms = \
             2450 ms, limit &lt;= 2000 ms\" type=\"fail\">"
        ));
        assert!(xml.contains(
            "message=\"tx power error out of limits at 70 degC: lane2.tx_power_error_db = 2.2 \
             dB, limits -2 .. 2 dB; lane3.tx_power_error_db = -2.5 dB, limits -2 .. 2 dB\""
        ));
    }

    #[test]
    fn errors_timeouts_skips_and_retries() {
        let xml = render(&samples::mixed());
        assert!(xml.contains("type=\"timeout\""));
        assert!(xml.contains(
            "<error message=\"reading lower page: device did not acknowledge (NACK) at 0x50\" \
             type=\"error\">"
        ));
        assert!(
            xml.contains("<skipped message=\"not run: stop_on_fail after thermal_sweep/70C\"/>")
        );
        // dom_accuracy passed on attempt 3: attempts 1 (error) and 2 (fail) are flaky.
        assert!(xml.contains("<flakyError message=\"attempt 1: power meter did not answer"));
        assert!(xml.contains("<flakyFailure message=\"attempt 2: lane 3 out of limits: lane3"));
        // The 70C check failed twice: attempt 1 is a rerun failure.
        assert!(xml.contains("<rerunFailure message=\"attempt 1: tx power error"));
        assert!(xml.contains("attempt 3: pass, 3.25 s, started 2026-11-24T09:00:14Z\n"));
        assert!(xml.contains("series module_temperature_c: 3 points, x in s, y in degC"));
    }

    #[test]
    fn aborted_and_empty_runs_get_a_red_run_suite() {
        let xml = render(&samples::aborted());
        assert!(xml.contains("<testsuite name=\"run\" tests=\"1\" failures=\"0\" errors=\"1\""));
        assert!(xml.contains("type=\"aborted\""));
        let xml = render(&samples::empty());
        assert!(xml.contains("no module was qualified (run outcome: error)"));
        assert!(xml.contains("<testsuites name=\"optiqual 20261124-090000-empty (400G DR4 qualification)\" tests=\"1\" failures=\"0\" errors=\"1\""));
        assert!(!render(&samples::passing()).contains("name=\"run\""));
    }

    #[test]
    fn suite_names_and_properties() {
        let xml = render(&samples::passing());
        assert!(xml.contains(
            "<testsuite name=\"p1 ACME AC-QDD-400G-DR4 SN123\" tests=\"3\" failures=\"0\" \
             errors=\"0\" skipped=\"0\" time=\"10.750\" timestamp=\"2026-11-24T09:00:00Z\" id=\"0\">"
        ));
        for p in [
            "<property name=\"run_id\" value=\"20261124-090000-pass\"/>",
            "<property name=\"clock\" value=\"virtual\"/>",
            "<property name=\"tool_version\" value=\"0.1.0\"/>",
            "<property name=\"plan.name\" value=\"400G DR4 qualification\"/>",
            "<property name=\"module.sn\" value=\"SN124\"/>",
        ] {
            assert!(xml.contains(p), "{p}");
        }
        assert!(
            xml.contains("time=\"12.250\">"),
            "testsuites time is the run's span"
        );
    }
}
