//! Tests of the whole pipeline on small plans.

use super::*;

const HEAD: &str = "plan: t\nstation:\n  slots:\n    - { id: p1, bus: \"mock:qsfpdd-400g-dr4\" }\n";

fn errors(text: &str) -> Vec<String> {
    match parse(text, "plan.yaml") {
        Ok(_) => Vec::new(),
        Err(e) => e.iter().map(ToString::to_string).collect(),
    }
}

#[test]
fn minimal_plan_gets_defaults() {
    let plan = parse(
        &format!("{HEAD}checks:\n  - identity\n  - power_up: {{ cycles: 3 }}\n  - power_up\n"),
        "t.yaml",
    );
    let Ok(plan) = plan else {
        panic!("{plan:?}");
    };
    assert_eq!(plan.name, "t");
    assert_eq!(plan.options, model::Options::default());
    let ids: Vec<&str> = plan.checks.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["identity", "power_up", "power_up#2"]);
    match &plan.checks[1].params {
        CheckParams::PowerUp(p) => assert_eq!(p.cycles, 3),
        other => panic!("{other:?}"),
    }
    assert_eq!(plan.resolved_clock(), model::ClockKind::Virtual);
}

#[test]
fn error_names_file_line_column_and_path() {
    let text = format!(
        "{HEAD}  instruments:\n    meter: {{ driver: sim }}\nchecks:\n  - identity\n  - dom_accuracy: {{ reference: meter, limits: {{ tx_power_db: -2 }} }}\n"
    );
    assert_eq!(
        errors(&text),
        [
            "plan.yaml:9:62: checks[1].dom_accuracy.limits.tx_power_db: expected a positive number of dB, found -2"
        ]
    );
}

#[test]
fn all_semantic_errors_are_reported() {
    let text = "plan: t\nstation:\n  slots:\n    - { id: p1, bus: \"mock:a\" }\n    - { id: p1, bus: \"mok:b\" }\noptions: { concurrency: 0 }\nchecks:\n  - thermal_sweep: { setpoints_c: [25, 200] }\n  - ber_soak: { duration: 10s, interval: 1m, confidence: 1.5 }\n";
    let e = errors(text);
    let has = |line: usize, frag: &str| {
        e.iter()
            .any(|m| m.starts_with(&format!("plan.yaml:{line}:")) && m.contains(frag))
    };
    assert!(
        has(5, "duplicate slot id `p1` (first defined at line 4)"),
        "{e:#?}"
    );
    assert!(has(5, "did you mean `mock:`"), "{e:#?}");
    assert!(
        has(
            6,
            "options.concurrency: expected a number of modules run at once from 1 to"
        ),
        "{e:#?}"
    );
    assert!(has(8, "needs station.instruments.chamber"), "{e:#?}");
    assert!(
        has(
            8,
            "setpoints_c[1]: expected a setpoint from -60 to 150 °C, found 200"
        ),
        "{e:#?}"
    );
    assert!(has(9, "needs station.instruments.counters"), "{e:#?}");
    assert!(
        has(9, "the interval 1m is longer than the soak duration 10s"),
        "{e:#?}"
    );
    assert!(
        has(
            9,
            "confidence: expected a confidence level strictly between 0 and 1, found 1.5"
        ),
        "{e:#?}"
    );
    assert_eq!(e.len(), 8, "{e:#?}");
}

#[test]
fn repeat_expands_slots() {
    let text = "plan: t\nstation:\n  slots:\n    - { id: \"p{n}\", bus: \"mock:sfp-10g-sr\", switch_port: \"Ethernet{i}\", repeat: 3 }\nchecks: [identity]\n";
    let plan = parse(text, "t.yaml");
    let Ok(plan) = plan else { panic!("{plan:?}") };
    let ids: Vec<(&str, Option<&str>)> = plan
        .station
        .slots
        .iter()
        .map(|s| (s.id.as_str(), s.switch_port.as_deref()))
        .collect();
    assert_eq!(
        ids,
        [
            ("p1", Some("Ethernet0")),
            ("p2", Some("Ethernet1")),
            ("p3", Some("Ethernet2"))
        ]
    );
}

#[test]
fn empty_and_unreadable_files() {
    assert_eq!(
        errors(""),
        [
            "plan.yaml:1:1: the plan is empty; it starts with `plan: NAME`, then `station:` and `checks:`"
        ]
    );
    let e = load(Path::new("/nonexistent/plan.yaml"))
        .err()
        .map(|e| e.to_string());
    assert!(e.is_some_and(|m| m.starts_with("/nonexistent/plan.yaml: cannot read the plan:")));
}

mod schema_vs_raw {
    use std::collections::BTreeSet;

    use serde_json::Value;

    use super::super::fields::fields_of;
    use super::super::raw::*;
    use super::super::raw_checks::*;
    use super::super::structure::{IGNORED, SUPPORTED};
    use super::*;

    fn keys(v: &Value) -> BTreeSet<String> {
        v.get("properties")
            .and_then(Value::as_object)
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default()
    }

    fn set(fields: Vec<&'static str>) -> BTreeSet<String> {
        fields.into_iter().map(String::from).collect()
    }

    /// Every key a raw struct accepts is in the schema, and nothing else is.
    #[test]
    fn every_raw_field_is_in_the_schema() {
        let s = schema();
        let d = &s["$defs"];
        let station = &s["properties"]["station"];
        let pairs: Vec<(&str, Vec<&'static str>, &Value)> = vec![
            ("plan", fields_of::<RawPlan>(), &s),
            ("sku", fields_of::<RawSku>(), &d["sku"]),
            (
                "slot.sku",
                fields_of::<RawSku>(),
                &d["slot"]["properties"]["sku"],
            ),
            ("station", fields_of::<RawStation>(), station),
            ("slot", fields_of::<RawSlot>(), &d["slot"]),
            (
                "instruments",
                fields_of::<RawInstruments>(),
                &station["properties"]["instruments"],
            ),
            ("chamber", fields_of::<RawChamber>(), &d["chamber"]),
            ("meter", fields_of::<RawMeter>(), &d["meter"]),
            ("counters", fields_of::<RawCounters>(), &d["counters"]),
            ("grant", fields_of::<RawGrant>(), &d["grant"]),
            ("options", fields_of::<RawOptions>(), &d["options"]),
            ("identity", fields_of::<RawIdentity>(), &d["identity"]),
            ("power_up", fields_of::<RawPowerUp>(), &d["power_up"]),
            (
                "dom_accuracy",
                fields_of::<RawDomAccuracy>(),
                &d["dom_accuracy"],
            ),
            ("dom_limits", fields_of::<RawDomLimits>(), &d["dom_limits"]),
            (
                "thresholds_and_flags",
                fields_of::<RawThresholdsAndFlags>(),
                &d["thresholds_and_flags"],
            ),
            (
                "tx_disable_los",
                fields_of::<RawTxDisableLos>(),
                &d["tx_disable_los"],
            ),
            (
                "thermal_sweep",
                fields_of::<RawThermalSweep>(),
                &d["thermal_sweep"],
            ),
            ("stability", fields_of::<RawStability>(), &d["stability"]),
            ("ber_soak", fields_of::<RawBerSoak>(), &d["ber_soak"]),
            (
                "link_budget",
                fields_of::<RawLinkBudget>(),
                &d["link_budget"],
            ),
        ];
        for (name, fields, node) in pairs {
            assert!(!fields.is_empty(), "{name}: no fields probed");
            assert_eq!(set(fields), keys(node), "{name}");
        }
        let kinds: BTreeSet<String> = CheckKind::names().iter().map(|k| k.to_string()).collect();
        assert_eq!(keys(&d["check_item"]["oneOf"][1]), kinds);
        let bare: BTreeSet<String> = d["check_item"]["oneOf"][0]["enum"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(Value::as_str)
                    .map(String::from)
                    .collect()
            })
            .unwrap_or_default();
        assert_eq!(bare, kinds);
    }

    fn walk_keywords(v: &Value, out: &mut BTreeSet<String>) {
        let Some(o) = v.as_object() else { return };
        for (k, child) in o {
            out.insert(k.clone());
            match k.as_str() {
                "properties" | "$defs" => {
                    for sub in child.as_object().into_iter().flat_map(|m| m.values()) {
                        walk_keywords(sub, out);
                    }
                }
                "items" => walk_keywords(child, out),
                "oneOf" => {
                    for sub in child.as_array().into_iter().flatten() {
                        walk_keywords(sub, out);
                    }
                }
                _ => {}
            }
        }
    }

    #[test]
    fn schema_uses_only_known_keywords_and_describes_every_key() {
        let s = schema();
        assert_eq!(s["$schema"], "https://json-schema.org/draft/2020-12/schema");
        for top in ["plan", "description", "sku", "station", "options", "checks"] {
            assert!(s["properties"].get(top).is_some(), "{top}");
        }
        let mut used = BTreeSet::new();
        walk_keywords(&s, &mut used);
        for k in &used {
            assert!(
                SUPPORTED.contains(&k.as_str()) || IGNORED.contains(&k.as_str()),
                "keyword {k} is neither enforced nor knowingly ignored"
            );
        }
        // Every property has a description, directly or through its `$ref`.
        fn described(s: &Value, v: &Value) -> bool {
            v.get("description").is_some()
                || v.get("$ref")
                    .and_then(Value::as_str)
                    .and_then(|r| r.strip_prefix("#/$defs/"))
                    .is_some_and(|name| s["$defs"][name].get("description").is_some())
        }
        fn check_all(s: &Value, v: &Value, path: &str) {
            if let Some(props) = v.get("properties").and_then(Value::as_object) {
                for (k, p) in props {
                    assert!(described(s, p), "{path}.{k} has no description");
                    check_all(s, p, &format!("{path}.{k}"));
                }
            }
        }
        check_all(&s, &s, "");
        for (name, def) in s["$defs"].as_object().into_iter().flatten() {
            check_all(&s, def, name);
        }
        // Every `$ref` resolves.
        let text = s.to_string();
        for piece in text.split("\"$ref\":\"#/$defs/").skip(1) {
            let name = piece.split('"').next().unwrap_or_default();
            assert!(s["$defs"].get(name).is_some(), "dangling $ref {name}");
        }
    }
}
