//! Property tests: whatever text a device, a plan or a log puts in any field, junit.xml stays
//! well-formed, its counts agree with the checks, a reader gets the text back (forbidden
//! characters shown as escapes), summary.md tables keep their shape, and results.json round-trips.

use proptest::prelude::*;

use super::wellformed::{Element, parse};
use crate::report::xml::{is_xml_char, needs_visible_escape, push_visible};
use crate::report::{json, junit, summary};
use crate::results::model::SCHEMA;
use crate::results::{
    Attempt, CheckResult, ClockKind, Identity, Measurement, ModuleResult, Outcome, PlanRef,
    RunOutcome, RunResults,
};

fn nasty_char() -> impl Strategy<Value = char> {
    prop_oneof![
        3 => any::<char>(),
        2 => prop::sample::select(vec![
            '\0', '\u{1}', '\u{8}', '\u{b}', '\u{c}', '\u{1b}', '\u{1f}', '\u{7f}', '\u{85}',
            '\u{9b}', '\r', '\n', '\t', '<', '>', '&', '"', '\'', ']', '|', '\\', '*', '`', '#',
            '\u{D7FF}', '\u{E000}', '\u{FFFD}', '\u{FFFE}', '\u{FFFF}', '\u{10FFFF}', '\u{202E}',
        ]),
        2 => prop::char::range('a', 'z'),
    ]
}

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(nasty_char(), 0..10).prop_map(|v| v.into_iter().collect())
}

fn outcome() -> impl Strategy<Value = Outcome> {
    prop::sample::select(vec![
        Outcome::Pass,
        Outcome::Fail,
        Outcome::Error,
        Outcome::Skip,
        Outcome::Timeout,
    ])
}

/// Numbers that survive a JSON round trip exactly (eighths), or none.
fn number() -> impl Strategy<Value = Option<f64>> {
    prop::option::of((-8000i32..8000).prop_map(|v| f64::from(v) / 8.0))
}

fn measurement() -> impl Strategy<Value = Measurement> {
    (text(), number(), text(), number(), number(), outcome()).prop_map(
        |(name, value, unit, low, high, outcome)| Measurement {
            name,
            value,
            unit,
            low,
            high,
            outcome,
        },
    )
}

fn attempt() -> impl Strategy<Value = Attempt> {
    (
        1u32..5,
        text(),
        0u32..1000,
        outcome(),
        text(),
        prop::collection::vec(measurement(), 0..3),
    )
        .prop_map(
            |(attempt, started_at, d, outcome, message, measurements)| Attempt {
                attempt,
                started_at,
                duration_s: f64::from(d) / 4.0,
                outcome,
                message,
                measurements,
            },
        )
}

fn check() -> impl Strategy<Value = CheckResult> {
    (
        (text(), text(), outcome(), 0u32..4, text(), 0u32..100_000),
        (
            text(),
            prop::collection::vec(measurement(), 0..3),
            prop::collection::vec(attempt(), 0..3),
        ),
    )
        .prop_map(
            |((id, kind, outcome, attempts, started_at, d), (message, measurements, log))| {
                CheckResult {
                    id,
                    kind,
                    outcome,
                    attempts,
                    started_at,
                    duration_s: f64::from(d) / 8.0,
                    message,
                    measurements,
                    attempt_log: log,
                    series: vec![],
                }
            },
        )
}

fn module() -> impl Strategy<Value = ModuleResult> {
    (
        text(),
        (text(), text(), text(), text()),
        outcome(),
        prop::collection::vec(check(), 0..4),
    )
        .prop_map(
            |(slot, (vendor, pn, sn, rev), outcome, checks)| ModuleResult {
                slot,
                identity: Identity {
                    vendor,
                    pn,
                    sn,
                    rev,
                },
                outcome,
                checks,
            },
        )
}

fn run() -> impl Strategy<Value = RunResults> {
    (
        (text(), text(), text(), any::<bool>()),
        prop::sample::select(vec![
            RunOutcome::Pass,
            RunOutcome::Fail,
            RunOutcome::Error,
            RunOutcome::Aborted,
        ]),
        (text(), text(), text(), text()),
        prop::collection::vec(module(), 0..4),
    )
        .prop_map(
            |(
                (run_id, started_at, finished_at, wall),
                outcome,
                (path, name, sha, tool),
                modules,
            )| {
                RunResults {
                    schema: SCHEMA.to_string(),
                    run_id,
                    started_at,
                    finished_at,
                    clock: if wall {
                        ClockKind::Wall
                    } else {
                        ClockKind::Virtual
                    },
                    outcome,
                    plan: PlanRef {
                        path,
                        name,
                        sha256: sha,
                    },
                    station: serde_json::json!({}),
                    tool_version: tool,
                    modules,
                    matrix: None,
                }
            },
        )
}

/// What a reader of the XML gets back for `s`: forbidden characters as visible escapes.
fn as_read(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if needs_visible_escape(c) {
            push_visible(&mut out, c);
        } else {
            out.push(c);
        }
    }
    out
}

fn count(e: &Element, attr: &str) -> usize {
    e.attr(attr)
        .and_then(|v| v.parse().ok())
        .unwrap_or(usize::MAX)
}

fn check_junit(r: &RunResults) -> Result<(), TestCaseError> {
    let xml = junit::render(r);
    let root = parse(&xml).map_err(|e| TestCaseError::fail(format!("{e}\n{xml}")))?;
    // No text reaches the file around the escaper.
    prop_assert!(!xml.chars().any(needs_visible_escape), "{}", xml);
    prop_assert_eq!(&root.name, "testsuites");
    let suites: Vec<&Element> = root.elements("testsuite").collect();
    let synthetic = usize::from(r.outcome == RunOutcome::Aborted || r.modules.is_empty());
    prop_assert_eq!(suites.len(), r.modules.len() + synthetic);
    let (mut tests, mut failures, mut errors) = (0, 0, 0);
    for (i, suite) in suites.iter().enumerate() {
        let cases: Vec<&Element> = suite.elements("testcase").collect();
        let has = |c: &Element, n: &str| c.elements(n).next().is_some();
        let failed = cases.iter().filter(|c| has(c, "failure")).count();
        let errored = cases.iter().filter(|c| has(c, "error")).count();
        let skipped = cases.iter().filter(|c| has(c, "skipped")).count();
        prop_assert_eq!(count(suite, "tests"), cases.len());
        prop_assert_eq!(count(suite, "failures"), failed);
        prop_assert_eq!(count(suite, "errors"), errored);
        prop_assert_eq!(count(suite, "skipped"), skipped);
        tests += cases.len();
        failures += failed;
        errors += errored;
        let Some(m) = r.modules.get(i) else {
            continue;
        };
        // The counts are the checks' outcomes.
        let n = |o: &[Outcome]| m.checks.iter().filter(|c| o.contains(&c.outcome)).count();
        prop_assert_eq!(failed, n(&[Outcome::Fail]));
        prop_assert_eq!(errored, n(&[Outcome::Error, Outcome::Timeout]));
        prop_assert_eq!(skipped, n(&[Outcome::Skip]));
        // A reader gets every name back.
        prop_assert_eq!(
            suite.attr("name").map(String::from),
            Some(as_read(&super::super::names::suite_name(m)))
        );
        for (c, case) in m.checks.iter().zip(&cases) {
            prop_assert_eq!(case.attr("name").map(String::from), Some(as_read(&c.id)));
            prop_assert_eq!(
                case.attr("classname").map(String::from),
                Some(as_read(&c.kind))
            );
            let out = case
                .elements("system-out")
                .next()
                .map(Element::text)
                .unwrap_or_default();
            for x in &c.measurements {
                prop_assert!(out.contains(&as_read(&x.describe())));
            }
            prop_assert!(out.contains(&as_read(&c.message)));
        }
        let props: Vec<&Element> = suite
            .elements("properties")
            .flat_map(|p| p.elements("property"))
            .collect();
        let prop_value = |n: &str| {
            props
                .iter()
                .find(|p| p.attr("name") == Some(n))
                .and_then(|p| p.attr("value"))
        };
        prop_assert_eq!(
            prop_value("run_id").map(String::from),
            Some(as_read(&r.run_id))
        );
        prop_assert_eq!(
            prop_value("module.vendor").map(String::from),
            Some(as_read(&m.identity.vendor))
        );
    }
    prop_assert_eq!(count(&root, "tests"), tests);
    prop_assert_eq!(count(&root, "failures"), failures);
    prop_assert_eq!(count(&root, "errors"), errors);
    Ok(())
}

/// Unescaped `|` in a Markdown line (a backslash escapes the next character).
fn pipes(line: &str) -> usize {
    let mut n = 0;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                chars.next();
            }
            '|' => n += 1,
            _ => {}
        }
    }
    n
}

fn check_summary(r: &RunResults) -> Result<(), TestCaseError> {
    let md = summary::render(r);
    prop_assert!(md.ends_with('\n'));
    for (i, c) in md.char_indices() {
        prop_assert!(
            c == '\n'
                || (!c.is_control() && is_xml_char(c) && !('\u{202A}'..='\u{202E}').contains(&c)),
            "raw {:#x} at {} in\n{}",
            u32::from(c),
            i,
            md
        );
    }
    // Every row of a table has as many cells as its header.
    let mut expected: Option<usize> = None;
    for line in md.lines() {
        if line.starts_with('|') {
            let n = pipes(line);
            let e = *expected.get_or_insert(n);
            prop_assert_eq!(n, e, "{}", line);
        } else {
            expected = None;
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn junit_is_well_formed_and_consistent(r in run()) {
        check_junit(&r)?;
    }

    #[test]
    fn summary_keeps_its_shape(r in run()) {
        check_summary(&r)?;
    }

    #[test]
    fn results_json_round_trips(r in run()) {
        let text = json::to_string(&r);
        let back = json::parse(&text, std::path::Path::new("r.json"))
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(back, r);
    }
}

#[test]
fn samples_are_consistent_too() {
    for (_, r) in crate::report::samples::all() {
        check_junit(&r).unwrap();
        check_summary(&r).unwrap();
    }
    let r = crate::report::samples::many(60);
    check_junit(&r).unwrap();
    check_summary(&r).unwrap();
}
