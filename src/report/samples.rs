//! Hand-built [`RunResults`] for tests, documentation and demos of the reports: a passing run, a
//! run with every outcome and retried checks, an aborted run, a run with no module, a run whose
//! device strings hold control characters, and a station of many modules.

use crate::results::model::SCHEMA;
use crate::results::outcome::{check_outcome, module_outcome, run_outcome};
use crate::results::{
    Attempt, CheckResult, ClockKind, Identity, Measurement, ModuleResult, Outcome, PlanRef,
    RunResults, Series,
};

/// Every named sample (name, results), in a fixed order; the names are the golden file stems.
pub fn all() -> Vec<(&'static str, RunResults)> {
    vec![
        ("passing", passing()),
        ("mixed", mixed()),
        ("aborted", aborted()),
        ("empty", empty()),
        ("hostile", hostile()),
    ]
}

/// Two modules, every check passes, virtual clock.
pub fn passing() -> RunResults {
    let modules = vec![
        module(
            "p1",
            identity("ACME", "AC-QDD-400G-DR4", "SN123", "A"),
            vec![
                identity_check("2026-11-24T09:00:00Z"),
                power_up("2026-11-24T09:00:00.120Z", 1840.0),
                dom_accuracy("2026-11-24T09:00:07.500Z", [0.4, -0.3, 0.8, 0.1]),
            ],
        ),
        module(
            "p2",
            identity("ACME", "AC-QDD-400G-DR4", "SN124", "A"),
            vec![
                identity_check("2026-11-24T09:00:00Z"),
                power_up("2026-11-24T09:00:00.120Z", 1910.0),
                dom_accuracy("2026-11-24T09:00:07.500Z", [0.2, 0.5, -0.9, 0.0]),
            ],
        ),
    ];
    run(
        "20261124-090000-pass",
        ("2026-11-24T09:00:00Z", "2026-11-24T09:00:12.250Z"),
        ClockKind::Virtual,
        modules,
        false,
    )
}

/// Every outcome: a failed power-up, a check that passed on its third attempt, one that failed
/// on both of its attempts, a bus error, a chamber timeout and a skipped soak.
pub fn mixed() -> RunResults {
    let mut flaky = dom_accuracy("2026-11-24T09:00:07.500Z", [0.4, -0.3, 0.8, 0.1]);
    flaky.attempts = 3;
    flaky.duration_s = 9.75;
    flaky.attempt_log = vec![
        attempt(
            1,
            "2026-11-24T09:00:07.500Z",
            3.25,
            Outcome::Error,
            "power meter did not answer within 2 s",
            vec![Measurement::judged(
                "lane1.tx_power_error_db",
                None,
                "dB",
                Some(-2.0),
                Some(2.0),
            )],
        ),
        attempt(
            2,
            "2026-11-24T09:00:10.750Z",
            3.25,
            Outcome::Fail,
            "lane 3 out of limits",
            lanes_error_db([0.5, -0.2, 2.6, 0.1]),
        ),
        attempt(
            3,
            "2026-11-24T09:00:14Z",
            3.25,
            Outcome::Pass,
            "",
            lanes_error_db([0.4, -0.3, 0.8, 0.1]),
        ),
    ];

    let mut slow_power_up = power_up("2026-11-24T09:00:00.120Z", 2450.0);
    slow_power_up.message = "module took too long to reach ModuleReady".to_string();

    let mut hot = CheckResult {
        id: "thermal_sweep/70C/dom_accuracy".to_string(),
        kind: "dom_accuracy".to_string(),
        outcome: Outcome::Fail,
        attempts: 2,
        started_at: "2026-11-24T09:20:00Z".to_string(),
        duration_s: 8.0,
        message: "tx power error out of limits at 70 degC".to_string(),
        measurements: lanes_error_db([0.3, 2.2, -2.5, 0.9]),
        attempt_log: vec![],
        series: vec![Series {
            name: "module_temperature_c".to_string(),
            x_unit: "s".to_string(),
            y_unit: "degC".to_string(),
            points: vec![(0.0, 25.0), (300.0, 68.5), (600.0, 70.1)],
        }],
    };
    hot.attempt_log = vec![
        attempt(
            1,
            "2026-11-24T09:20:00Z",
            4.0,
            Outcome::Fail,
            "tx power error out of limits at 70 degC",
            lanes_error_db([0.3, 2.4, -2.5, 0.9]),
        ),
        attempt(
            2,
            "2026-11-24T09:20:04Z",
            4.0,
            Outcome::Fail,
            "tx power error out of limits at 70 degC",
            hot.measurements.clone(),
        ),
    ];

    let bus_error = CheckResult {
        id: "identity".to_string(),
        kind: "identity".to_string(),
        outcome: Outcome::Error,
        attempts: 1,
        started_at: "2026-11-24T09:00:00Z".to_string(),
        duration_s: 0.05,
        message: "reading lower page: device did not acknowledge (NACK) at 0x50".to_string(),
        measurements: vec![],
        attempt_log: vec![attempt(
            1,
            "2026-11-24T09:00:00Z",
            0.05,
            Outcome::Error,
            "reading lower page: device did not acknowledge (NACK) at 0x50",
            vec![],
        )],
        series: vec![],
    };
    let timeout = CheckResult {
        id: "thermal_sweep/70C".to_string(),
        kind: "thermal_sweep".to_string(),
        outcome: Outcome::Timeout,
        attempts: 1,
        started_at: "2026-11-24T09:00:01Z".to_string(),
        duration_s: 1800.0,
        message: "chamber did not settle at 70 degC within 30m".to_string(),
        measurements: vec![Measurement::judged(
            "chamber_temperature_c",
            Some(61.2),
            "degC",
            Some(69.0),
            Some(71.0),
        )],
        attempt_log: vec![],
        series: vec![],
    };
    let skipped = CheckResult {
        id: "ber_soak".to_string(),
        kind: "ber_soak".to_string(),
        outcome: Outcome::Skip,
        attempts: 0,
        started_at: String::new(),
        duration_s: 0.0,
        message: "not run: stop_on_fail after thermal_sweep/70C".to_string(),
        measurements: vec![],
        attempt_log: vec![],
        series: vec![],
    };

    let modules = vec![
        module(
            "p1",
            identity("ACME", "AC-QDD-400G-DR4", "SN123", "A"),
            vec![
                identity_check("2026-11-24T09:00:00Z"),
                slow_power_up,
                flaky,
                hot,
            ],
        ),
        module(
            "p2",
            identity("", "", "", ""),
            vec![bus_error, timeout, skipped],
        ),
    ];
    run(
        "20261124-090000-mixed",
        ("2026-11-24T09:00:00Z", "2026-11-24T09:30:01Z"),
        ClockKind::Virtual,
        modules,
        false,
    )
}

/// Interrupted (Ctrl-C) after the first module's identity check, on the wall clock.
pub fn aborted() -> RunResults {
    let interrupted = CheckResult {
        id: "ber_soak".to_string(),
        kind: "ber_soak".to_string(),
        outcome: Outcome::Skip,
        attempts: 0,
        started_at: String::new(),
        duration_s: 0.0,
        message: "not run: interrupted".to_string(),
        measurements: vec![],
        attempt_log: vec![],
        series: vec![],
    };
    let modules = vec![module(
        "p1",
        identity("ACME", "AC-SFP-10G-LR", "SN900", "1.0"),
        vec![identity_check("2026-11-24T09:00:00Z"), interrupted],
    )];
    run(
        "20261124-090000-abort",
        ("2026-11-24T09:00:00Z", "2026-11-24T09:00:03Z"),
        ClockKind::Wall,
        modules,
        true,
    )
}

/// No module at all (every slot was empty): an error run.
pub fn empty() -> RunResults {
    run(
        "20261124-090000-empty",
        ("2026-11-24T09:00:00Z", "2026-11-24T09:00:00Z"),
        ClockKind::Virtual,
        vec![],
        false,
    )
}

/// Every text field holds what a broken device or a hostile log can put there: NUL, `\x01`,
/// ESC sequences, U+FFFE/U+FFFF, markup (`<`, `&`, `]]>`, quotes), CR/LF/TAB, Markdown table
/// pipes, bidi overrides and astral characters.
pub fn hostile() -> RunResults {
    const NASTY: &str = "A\u{0}C\u{1}M\u{1b}[31mE\u{1b}[0m <x>&amp;\"'|]]>\r\n\t\u{FFFE}\u{FFFF}\u{FFFD}\u{202E}\u{1F600}\u{7f}\u{9b}";
    let n = |prefix: &str| format!("{prefix}{NASTY}");
    let m = Measurement {
        name: n("m"),
        value: Some(1.5),
        unit: n("u"),
        low: Some(0.0),
        high: Some(1.0),
        outcome: Outcome::Fail,
    };
    let check = |outcome: Outcome, id: &str| CheckResult {
        id: n(id),
        kind: n("kind"),
        outcome,
        attempts: 2,
        started_at: n("t"),
        duration_s: 1.0,
        message: n("msg"),
        measurements: vec![m.clone()],
        attempt_log: vec![
            attempt(1, &n("t"), 0.5, Outcome::Error, &n("a1"), vec![m.clone()]),
            attempt(2, &n("t"), 0.5, outcome, &n("a2"), vec![m.clone()]),
        ],
        series: vec![Series {
            name: n("s"),
            x_unit: n("x"),
            y_unit: n("y"),
            points: vec![(0.0, 1.0)],
        }],
    };
    let checks = [
        Outcome::Pass,
        Outcome::Fail,
        Outcome::Error,
        Outcome::Timeout,
        Outcome::Skip,
    ]
    .into_iter()
    .map(|o| check(o, o.as_str()))
    .collect();
    let mut r = run(
        &n("run"),
        ("2026-11-24T09:00:00Z", "2026-11-24T09:00:05Z"),
        ClockKind::Wall,
        vec![module(
            &n("p"),
            identity(&n("v"), &n("pn"), &n("sn"), &n("rev")),
            checks,
        )],
        false,
    );
    r.plan = PlanRef {
        path: n("path"),
        name: n("plan"),
        sha256: n("sha"),
    };
    r.tool_version = n("0.1.0");
    r.station = serde_json::json!({ "note": NASTY });
    r
}

/// `n` modules in slots `p1..pn`, each with the three checks of [`passing`]; every seventh module
/// fails its DOM accuracy and every eleventh errors on identity.
pub fn many(n: usize) -> RunResults {
    let modules = (1..=n)
        .map(|i| {
            let mut dom = dom_accuracy("2026-11-24T09:00:07.500Z", [0.4, -0.3, 0.8, 0.1]);
            if i % 7 == 0 {
                dom = dom_accuracy("2026-11-24T09:00:07.500Z", [0.4, -0.3, 3.41, 0.1]);
            }
            let mut id = identity_check("2026-11-24T09:00:00Z");
            if i % 11 == 0 {
                id.outcome = Outcome::Error;
                id.message = "bus timeout".to_string();
                id.measurements.clear();
            }
            module(
                &format!("p{i}"),
                identity("ACME", "AC-QDD-400G-DR4", &format!("SN{i:05}"), "A"),
                vec![id, power_up("2026-11-24T09:00:00.120Z", 1800.0), dom],
            )
        })
        .collect();
    run(
        "20261124-090000-many",
        ("2026-11-24T09:00:00Z", "2026-11-24T09:05:00Z"),
        ClockKind::Virtual,
        modules,
        false,
    )
}

fn identity(vendor: &str, pn: &str, sn: &str, rev: &str) -> Identity {
    Identity {
        vendor: vendor.to_string(),
        pn: pn.to_string(),
        sn: sn.to_string(),
        rev: rev.to_string(),
    }
}

fn attempt(
    n: u32,
    started_at: &str,
    duration_s: f64,
    outcome: Outcome,
    message: &str,
    measurements: Vec<Measurement>,
) -> Attempt {
    Attempt {
        attempt: n,
        started_at: started_at.to_string(),
        duration_s,
        outcome,
        message: message.to_string(),
        measurements,
    }
}

/// A check of one attempt, its outcome rolled up from the measurements.
fn single(
    id: &str,
    kind: &str,
    started_at: &str,
    duration_s: f64,
    message: &str,
    measurements: Vec<Measurement>,
) -> CheckResult {
    let outcome = check_outcome(measurements.iter().map(|m| m.outcome), Outcome::Pass);
    CheckResult {
        id: id.to_string(),
        kind: kind.to_string(),
        outcome,
        attempts: 1,
        started_at: started_at.to_string(),
        duration_s,
        message: message.to_string(),
        measurements: measurements.clone(),
        attempt_log: vec![attempt(
            1,
            started_at,
            duration_s,
            outcome,
            message,
            measurements,
        )],
        series: vec![],
    }
}

fn identity_check(started_at: &str) -> CheckResult {
    single(
        "identity",
        "identity",
        started_at,
        0.12,
        "",
        vec![Measurement::judged(
            "checksums_ok",
            Some(1.0),
            "",
            Some(1.0),
            None,
        )],
    )
}

fn power_up(started_at: &str, ready_ms: f64) -> CheckResult {
    single(
        "power_up",
        "power_up",
        started_at,
        7.38,
        "",
        vec![Measurement::judged(
            "time_to_ready_ms",
            Some(ready_ms),
            "ms",
            None,
            Some(2000.0),
        )],
    )
}

fn lanes_error_db(errors: [f64; 4]) -> Vec<Measurement> {
    errors
        .iter()
        .enumerate()
        .map(|(i, &e)| {
            Measurement::judged(
                format!("lane{}.tx_power_error_db", i + 1),
                Some(e),
                "dB",
                Some(-2.0),
                Some(2.0),
            )
        })
        .collect()
}

fn dom_accuracy(started_at: &str, errors: [f64; 4]) -> CheckResult {
    single(
        "dom_accuracy",
        "dom_accuracy",
        started_at,
        3.25,
        "",
        lanes_error_db(errors),
    )
}

fn module(slot: &str, identity: Identity, checks: Vec<CheckResult>) -> ModuleResult {
    ModuleResult {
        slot: slot.to_string(),
        identity,
        outcome: module_outcome(checks.iter().map(|c| c.outcome)),
        checks,
    }
}

fn run(
    run_id: &str,
    (started_at, finished_at): (&str, &str),
    clock: ClockKind,
    modules: Vec<ModuleResult>,
    interrupted: bool,
) -> RunResults {
    RunResults {
        schema: SCHEMA.to_string(),
        run_id: run_id.to_string(),
        started_at: started_at.to_string(),
        finished_at: finished_at.to_string(),
        clock,
        outcome: run_outcome(modules.iter().map(|m| m.outcome), interrupted),
        plan: PlanRef {
            path: "testplans/quickstart.yaml".to_string(),
            name: "400G DR4 qualification".to_string(),
            sha256: "9f2c4a1be0d35c7a8e6f1b2d3c4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60".to_string(),
        },
        station: serde_json::json!({
            "slots": [
                { "id": "p1", "bus": "mock:fixtures/modules/qsfpdd-400g-dr4.yaml" },
                { "id": "p2", "bus": "mock:fixtures/modules/qsfpdd-400g-dr4.yaml" }
            ]
        }),
        tool_version: "0.1.0".to_string(),
        modules,
        matrix: None,
    }
}
