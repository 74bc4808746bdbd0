//! Key figures from hand-built results with hand-computed expectations.

use super::setpoints::parse_label;
use super::{aggregate, extract, target_ber};
use crate::matrix::figures::{Figure, ModuleFigures};
use crate::results::model::SCHEMA;
use crate::results::outcome::{check_outcome, module_outcome, run_outcome};
use crate::results::{
    CheckResult, ClockKind, Identity, Measurement, ModuleResult, Outcome, PlanRef, RunResults,
};

fn m(name: &str, value: f64, unit: &str, low: Option<f64>, high: Option<f64>) -> Measurement {
    Measurement::judged(name, Some(value), unit, low, high)
}

fn check(id: &str, kind: &str, message: &str, measurements: Vec<Measurement>) -> CheckResult {
    CheckResult {
        id: id.into(),
        kind: kind.into(),
        outcome: check_outcome(measurements.iter().map(|m| m.outcome), Outcome::Pass),
        attempts: 1,
        started_at: "2026-11-24T09:00:00Z".into(),
        duration_s: 1.0,
        message: message.into(),
        measurements,
        attempt_log: vec![],
        series: vec![],
    }
}

fn module(slot: &str, sn: &str, checks: Vec<CheckResult>) -> ModuleResult {
    ModuleResult {
        slot: slot.into(),
        identity: Identity {
            vendor: "ACME".into(),
            pn: "AC-QDD-400G-DR4".into(),
            sn: sn.into(),
            rev: "A".into(),
        },
        outcome: module_outcome(checks.iter().map(|c| c.outcome)),
        checks,
    }
}

fn run(run_id: &str, modules: Vec<ModuleResult>) -> RunResults {
    RunResults {
        schema: SCHEMA.into(),
        run_id: run_id.into(),
        started_at: "2026-11-24T09:00:00Z".into(),
        finished_at: "2026-11-24T10:00:00Z".into(),
        clock: ClockKind::Virtual,
        outcome: run_outcome(modules.iter().map(|m| m.outcome), false),
        plan: PlanRef {
            path: "p.yaml".into(),
            name: "p".into(),
            sha256: "00".into(),
        },
        station: serde_json::json!({}),
        tool_version: "0.1.0".into(),
        modules,
        matrix: None,
    }
}

fn one(checks: Vec<CheckResult>) -> ModuleFigures {
    let figures = extract(&run("r", vec![module("p1", "SN1", checks)]));
    assert_eq!(figures.len(), 1);
    figures.into_iter().next().expect("one module")
}

fn fig(value: f64, limit: Option<f64>, unit: &str, outcome: Outcome, source: &str) -> Figure {
    Figure {
        value,
        limit,
        unit: unit.into(),
        outcome,
        source: source.into(),
    }
}

const DOM: (Option<f64>, Option<f64>) = (Some(-3.0), Some(3.0));

#[test]
fn no_checks_no_figures() {
    let f = one(vec![]);
    assert_eq!(
        f,
        ModuleFigures {
            run_id: "r".into(),
            slot: "p1".into(),
            sn: "SN1".into(),
            ..ModuleFigures::default()
        }
    );
}

#[test]
fn cmis_power_up_takes_the_max_summary_and_its_limit() {
    let f = one(vec![check(
        "power_up",
        "power_up",
        "",
        vec![
            // A cycle of 3300 ms is not the summary; `.max` is what the check judged.
            m("cycle1.module_ready_ms", 3300.0, "ms", None, Some(5000.0)),
            m("module_ready_ms.mean", 2750.0, "ms", None, Some(5000.0)),
            m("module_ready_ms.max", 3250.0, "ms", None, Some(5000.0)),
            m("dp_activate_ms.max", 650.0, "ms", None, Some(600.0)),
        ],
    )]);
    assert_eq!(
        f.power_up_ms,
        Some(fig(
            3250.0,
            Some(5000.0),
            "ms",
            Outcome::Pass,
            "r/p1/power_up/module_ready_ms.max"
        ))
    );
    assert_eq!(
        f.dp_activate_ms,
        Some(fig(
            650.0,
            Some(600.0),
            "ms",
            Outcome::Fail,
            "r/p1/power_up/dp_activate_ms.max"
        ))
    );
    assert_eq!(f.dom_tx_error_db, None);
    assert_eq!(f.temperature_passed_c, None);
}

#[test]
fn sff_power_up_uses_data_ready() {
    let f = one(vec![check(
        "power_up",
        "power_up",
        "",
        vec![m("data_ready_ms.max", 300.0, "ms", None, Some(300.0))],
    )]);
    let p = f.power_up_ms.expect("data_ready_ms.max");
    assert_eq!(
        (p.value, p.limit, p.outcome),
        (300.0, Some(300.0), Outcome::Pass)
    );
    assert_eq!(f.dp_activate_ms, None);
}

#[test]
fn dom_errors_are_the_largest_magnitude_also_inside_a_sweep() {
    let (lo, hi) = DOM;
    let f = one(vec![
        check(
            "dom_accuracy",
            "dom_accuracy",
            "",
            vec![
                m("temperature_error_c", 0.3, "degC", lo, hi),
                m("vcc_error_pct", 2.9, "%", lo, hi),
                m("lane1.tx_power_error_db", 0.4, "dB", lo, hi),
                m("lane2.tx_power_error_db", -0.9, "dB", lo, hi),
                m("lane1.rx_power_error_db", 0.7, "dB", lo, hi),
                // Asymmetric limits: a negative error is judged against `low`.
                m("lane2.rx_power_error_db", -2.5, "dB", Some(-2.0), Some(3.0)),
            ],
        ),
        check(
            "thermal_sweep",
            "thermal_sweep",
            "1 of 1 setpoints done (70C)",
            vec![
                m(
                    "70C/dom_accuracy/lane2.tx_power_error_db",
                    -1.2,
                    "dB",
                    lo,
                    hi,
                ),
                m("70C/dom_accuracy/temperature_error_c", -0.2, "degC", lo, hi),
                m(
                    "70C/dom_accuracy/lane1.rx_power_error_db",
                    0.1,
                    "dB",
                    lo,
                    hi,
                ),
            ],
        ),
    ]);
    assert_eq!(
        f.dom_tx_error_db,
        Some(fig(
            1.2,
            Some(3.0),
            "dB",
            Outcome::Pass,
            "r/p1/thermal_sweep/70C/dom_accuracy/lane2.tx_power_error_db"
        ))
    );
    assert_eq!(
        f.dom_rx_error_db,
        Some(fig(
            2.5,
            Some(2.0),
            "dB",
            Outcome::Fail,
            "r/p1/dom_accuracy/lane2.rx_power_error_db"
        ))
    );
    assert_eq!(
        f.dom_temperature_error_c,
        Some(fig(
            0.3,
            Some(3.0),
            "degC",
            Outcome::Pass,
            "r/p1/dom_accuracy/temperature_error_c"
        ))
    );
}

#[test]
fn a_value_that_was_not_measured_makes_no_figure() {
    let f = one(vec![check(
        "identity",
        "identity",
        "",
        vec![Measurement::judged(
            "power.max_w",
            None,
            "W",
            None,
            Some(14.0),
        )],
    )]);
    assert_eq!(f.power_w, None);
    let f = one(vec![check(
        "identity",
        "identity",
        "",
        vec![m("power.max_w", 12.0, "W", None, Some(14.0))],
    )]);
    assert_eq!(
        f.power_w,
        Some(fig(
            12.0,
            Some(14.0),
            "W",
            Outcome::Pass,
            "r/p1/identity/power.max_w"
        ))
    );
    // The power drawn (measured by the host in power_up) is its own figure.
    let f = one(vec![check(
        "power_up",
        "power_up",
        "",
        vec![m("power.drawn_w", 10.0, "W", None, Some(14.0))],
    )]);
    assert_eq!(
        f.power_drawn_w,
        Some(fig(
            10.0,
            Some(14.0),
            "W",
            Outcome::Pass,
            "r/p1/power_up/power.drawn_w"
        ))
    );
    assert_eq!(f.power_w, None);
}

fn sweep(message: &str, points: &[(&str, bool)]) -> CheckResult {
    let mut ms = Vec::new();
    for (label, pass) in points {
        ms.push(m(
            &format!("{label}/chamber_settle_time_s"),
            30.0,
            "s",
            None,
            None,
        ));
        let err = if *pass { 0.5 } else { 3.5 };
        ms.push(m(
            &format!("{label}/dom_accuracy/lane1.tx_power_error_db"),
            err,
            "dB",
            Some(-3.0),
            Some(3.0),
        ));
    }
    check("thermal_sweep", "thermal_sweep", message, ms)
}

#[test]
fn setpoint_labels_parse_with_signs_and_fractions() {
    assert_eq!(parse_label("70C"), Some(70.0));
    assert_eq!(parse_label("-5C"), Some(-5.0));
    assert_eq!(parse_label("12.5C"), Some(12.5));
    assert_eq!(parse_label("C"), None);
    assert_eq!(parse_label("70"), None);
    assert_eq!(parse_label("hotC"), None);
    assert_eq!(parse_label("infC"), None);
}

#[test]
fn a_failing_setpoint_in_the_middle_splits_the_passed_range() {
    // Setpoints in sweep order 25, -20, -5, 0, 70; 0 °C fails.
    let f = one(vec![sweep(
        "5 of 5 setpoints done (25C, -20C, -5C, 0C, 70C)",
        &[
            ("25C", true),
            ("-20C", true),
            ("-5C", true),
            ("0C", false),
            ("70C", true),
        ],
    )]);
    // Passing runs in temperature order: -20..-5 (15 °C) and 25..70 (45 °C): the wider wins.
    assert_eq!(f.temperature_passed_c, Some((25.0, 70.0)));
    assert_eq!(f.temperature_tested_c, Some((-20.0, 70.0)));
    let f = one(vec![sweep(
        "3 of 3 setpoints done (-5C, 25C, 70C)",
        &[("-5C", true), ("25C", false), ("70C", true)],
    )]);
    // Two single points, equally wide: the lowest.
    assert_eq!(f.temperature_passed_c, Some((-5.0, -5.0)));
    let f = one(vec![sweep(
        "2 of 2 setpoints done (0C, 70C)",
        &[("0C", false), ("70C", false)],
    )]);
    assert_eq!(f.temperature_passed_c, None);
    assert_eq!(f.temperature_tested_c, Some((0.0, 70.0)));
}

#[test]
fn a_setpoint_the_sweep_stopped_at_did_not_pass() {
    // 70C left only a passing settle time behind, but the message does not list it as done.
    let f = one(vec![sweep(
        "2 of 3 setpoints done (-5C, 25C); stopped: 70C: chamber did not become stable",
        &[("-5C", true), ("25C", true), ("70C", true)],
    )]);
    assert_eq!(f.temperature_passed_c, Some((-5.0, 25.0)));
    assert_eq!(f.temperature_tested_c, Some((-5.0, 70.0)));
    let f = one(vec![sweep(
        "0 of 2 setpoints done; stopped: chamber: no answer",
        &[("0C", true)],
    )]);
    assert_eq!(f.temperature_passed_c, None);
    assert_eq!(f.temperature_tested_c, Some((0.0, 0.0)));
}

#[test]
fn case_temperature_is_the_hottest_reading_of_the_sweep() {
    let f = one(vec![check(
        "thermal_sweep",
        "thermal_sweep",
        "2 of 2 setpoints done (-5C, 70C)",
        vec![
            m("-5C/module_temperature_c", -1.5, "degC", None, None),
            m("70C/module_temperature_c", 77.3, "degC", None, None),
            m("70C/chamber_temperature_c", 69.6, "degC", None, None),
        ],
    )]);
    assert_eq!(f.max_case_temperature_c, Some(77.3));
    assert_eq!(f.temperature_passed_c, Some((-5.0, 70.0)));
}

#[test]
fn ber_bound_comes_from_the_long_soak_against_its_target() {
    let f = one(vec![
        check(
            "thermal_sweep",
            "thermal_sweep",
            "1 of 1 setpoints done (25C)",
            vec![
                // Short soaks in a sweep: high bound, not the figure; their pre-FEC BER counts.
                m("25C/ber_soak/pre_fec_ber", 3e-5, "", None, Some(2.4e-4)),
                m("25C/ber_soak/post_fec_ber_upper", 9.9e-12, "", None, None),
            ],
        ),
        check(
            "ber_soak",
            "ber_soak",
            "120 s soak: pre-FEC BER 1e-5; post-FEC BER < 2.496e-13 at 95 % confidence, \
             target 1.000e-13 not demonstrated (300 s more needed)",
            vec![
                m("pre_fec_ber", 1e-5, "", None, Some(2.4e-4)),
                m("post_fec_ber_upper", 2.496e-13, "", None, None),
                m("target_ber_demonstrated", 0.0, "", None, None),
            ],
        ),
    ]);
    assert_eq!(
        f.post_fec_ber_bound,
        Some(fig(
            2.496e-13,
            Some(1e-13),
            "",
            Outcome::Fail,
            "r/p1/ber_soak/post_fec_ber_upper"
        ))
    );
    assert_eq!(
        f.pre_fec_ber,
        Some(fig(
            3e-5,
            Some(2.4e-4),
            "",
            Outcome::Pass,
            "r/p1/thermal_sweep/25C/ber_soak/pre_fec_ber"
        ))
    );
}

#[test]
fn ber_target_is_read_from_the_message() {
    assert_eq!(
        target_ber("x; post-FEC BER < 1e-14 at 95 % confidence, target 1.000e-13 demonstrated"),
        Some(1e-13)
    );
    assert_eq!(target_ber("no post-FEC bound: too few bits"), None);
    assert_eq!(target_ber("a, target soon"), None);
    // Without a demonstrated flag, the bound is judged against the target.
    let f = one(vec![check(
        "ber_soak",
        "ber_soak",
        "soak, target 1e-12 demonstrated",
        vec![m("post_fec_ber_upper", 5e-13, "", None, None)],
    )]);
    let b = f.post_fec_ber_bound.expect("bound");
    assert_eq!((b.limit, b.outcome), (Some(1e-12), Outcome::Pass));
}

fn with(
    run_id: &str,
    slot: &str,
    sn: &str,
    power_up: f64,
    passed: Option<(f64, f64)>,
) -> ModuleFigures {
    ModuleFigures {
        run_id: run_id.into(),
        slot: slot.into(),
        sn: sn.into(),
        power_up_ms: Some(fig(
            power_up,
            Some(5000.0),
            "ms",
            Outcome::Pass,
            &format!("{run_id}/{slot}/power_up/module_ready_ms.max"),
        )),
        temperature_passed_c: passed,
        temperature_tested_c: passed.map(|_| (-5.0, 70.0)),
        ..ModuleFigures::default()
    }
}

#[test]
fn aggregate_takes_the_worst_and_counts_modules_and_runs() {
    let mut a1 = with("a", "p1", "SN1", 3000.0, Some((-5.0, 70.0)));
    a1.max_case_temperature_c = Some(74.0);
    a1.power_w = Some(fig(
        12.0,
        Some(14.0),
        "W",
        Outcome::Pass,
        "a/p1/identity/power.max_w",
    ));
    let a2 = with("a", "p2", "SN2", 3250.0, Some((0.0, 70.0)));
    // The same module again in another run, slower this time but equal to the worst: the
    // first of equals stays.
    let mut b1 = with("b", "p1", "SN2", 3250.0, Some((-5.0, 45.0)));
    b1.max_case_temperature_c = Some(77.3);
    let no_sweep = with("b", "p2", "", 100.0, None);
    let s = aggregate("qdd", &[a1, a2, b1, no_sweep]);
    assert_eq!(s.sku, "qdd");
    assert_eq!(s.modules, 3);
    assert_eq!(s.runs, 2);
    let p = s.worst.power_up_ms.expect("power-up");
    assert_eq!(
        (p.value, p.source.as_str()),
        (3250.0, "a/p2/power_up/module_ready_ms.max")
    );
    assert_eq!(s.worst.temperature_passed_c, Some((0.0, 45.0)));
    assert_eq!(s.worst.temperature_tested_c, Some((-5.0, 70.0)));
    assert_eq!(s.worst.max_case_temperature_c, Some(77.3));
    assert_eq!(s.worst.power_w.map(|f| f.value), Some(12.0));
    assert_eq!(s.worst.dom_tx_error_db, None);
    assert_eq!((s.worst.run_id.as_str(), s.worst.sn.as_str()), ("", ""));
}

#[test]
fn aggregate_range_is_none_when_a_swept_module_passed_nothing() {
    let mut failed = with("a", "p2", "SN2", 1.0, None);
    failed.temperature_tested_c = Some((0.0, 70.0));
    let s = aggregate(
        "x",
        &[with("a", "p1", "SN1", 1.0, Some((0.0, 70.0))), failed],
    );
    assert_eq!(s.worst.temperature_passed_c, None);
    // Disjoint ranges: nothing passed by all.
    let s = aggregate(
        "x",
        &[
            with("a", "p1", "SN1", 1.0, Some((0.0, 10.0))),
            with("a", "p2", "SN2", 1.0, Some((40.0, 70.0))),
        ],
    );
    assert_eq!(s.worst.temperature_passed_c, None);
    let s = aggregate("x", &[]);
    assert_eq!((s.modules, s.runs, s.worst.power_up_ms), (0, 0, None));
}
