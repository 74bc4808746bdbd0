//! The JSON Schemas (draft 2020-12) of the matrix file and the station file. The structure check
//! of plans ([`crate::plan::structure::check`]) walks them, so types, unknown keys (with "did you
//! mean"), missing keys and enum values are reported the way plans report them; ranges and
//! references are left to [`super::validate`].

use serde_json::{Map, Value, json};

use crate::plan::checks::Tier;
use crate::plan::model::FormFactor;

/// Temperature grade names and their case ranges, °C.
pub const GRADES: [(&str, f64, f64); 3] = [
    ("commercial", 0.0, 70.0),
    ("extended", -5.0, 85.0),
    ("industrial", -40.0, 85.0),
];

/// FEC modes a host port may list.
pub const FEC_MODES: [&str; 5] = ["none", "fc", "rs528", "rs544", "rs272"];

fn desc(mut v: Value, d: &str) -> Value {
    if let Some(o) = v.as_object_mut() {
        o.insert("description".into(), Value::String(d.into()));
    }
    v
}

fn string(d: &str) -> Value {
    desc(json!({"type": "string"}), d)
}

fn positive(d: &str) -> Value {
    desc(json!({"type": "number", "exclusiveMinimum": 0}), d)
}

fn list_of(items: Value, min: u64, d: &str) -> Value {
    desc(json!({"type": "array", "minItems": min, "items": items}), d)
}

fn object(props: Vec<(&str, Value)>, required: &[&str], d: &str) -> Value {
    let mut p = Map::new();
    for (k, v) in props {
        p.insert(k.to_string(), v);
    }
    desc(
        json!({
            "type": "object",
            "additionalProperties": false,
            "properties": Value::Object(p),
            "required": required,
        }),
        d,
    )
}

fn form_factor(d: &str) -> Value {
    let names: Vec<&str> = FormFactor::ALL.iter().map(|f| f.as_str()).collect();
    desc(json!({"type": "string", "enum": names}), d)
}

/// One id or a list of ids.
fn ids(what: &str) -> Value {
    desc(
        json!({"oneOf": [
            {"type": "string"},
            {"type": "array", "minItems": 1, "items": {"type": "string"}},
        ]}),
        &format!("One {what} id or a list of them; a list expands to one cell per id."),
    )
}

fn temperature() -> Value {
    let names: Vec<&str> = GRADES.iter().map(|g| g.0).collect();
    desc(
        json!({"oneOf": [
            {"type": "string", "enum": names},
            object(
                vec![
                    ("min_c", desc(json!({"type": "number"}), "Lowest case temperature, °C (-60..150).")),
                    ("max_c", desc(json!({"type": "number"}), "Highest case temperature, °C (-60..150), above min_c.")),
                ],
                &["min_c", "max_c"],
                "A custom case temperature range.",
            ),
        ]}),
        "Case temperature grade: commercial (0..70 °C), extended (-5..85 °C), industrial (-40..85 °C), or {min_c, max_c}.",
    )
}

fn matrix_defs() -> Value {
    json!({
        "sku": object(
            vec![
                ("id", string("Short unique id used by cells and stations (letters, digits, `_`, `-`, `.`).")),
                ("vendor", string("Vendor name as the module reports it.")),
                ("pn", string("Part number as the module reports it.")),
                ("form_factor", form_factor("Form factor, by the names plans use.")),
                ("applications", list_of(json!({"type": "string"}), 0, "Applications the SKU is bought for, e.g. 400GBASE-DR4.")),
                ("max_power_w", positive("Maximum power the SKU may draw, W (datasheet or power class).")),
                ("temperature", temperature()),
            ],
            &["id", "vendor", "pn", "form_factor", "max_power_w", "temperature"],
            "A module SKU as procurement names it.",
        ),
        "port": object(
            vec![
                ("form_factor", form_factor("Form factor of the cage.")),
                ("power_budget_w", positive("Power one cage can supply, W.")),
                ("fec", desc(json!({"type": "array", "items": {"type": "string", "enum": FEC_MODES}}), "FEC modes the host runs on this port type.")),
            ],
            &["form_factor", "power_budget_w"],
            "One kind of cage on a host.",
        ),
        "host": object(
            vec![
                ("id", string("Short unique id (letters, digits, `_`, `-`, `.`).")),
                ("platform", string("Platform name, e.g. the switch model and ASIC.")),
                ("ports", list_of(json!({"$ref": "#/$defs/port"}), 1, "The cage types it has, one entry per form factor.")),
            ],
            &["id", "platform", "ports"],
            "A host platform (switch or NIC).",
        ),
        "firmware": object(
            vec![
                ("id", string("Short unique id (letters, digits, `_`, `-`, `.`).")),
                ("host", string("Host NOS or NIC firmware version; quote it if it looks like a number.")),
                ("modules", desc(json!({"type": "object"}), "Module firmware version pinned per SKU id, e.g. { qsfpdd-400g-dr4: \"2.1.0\" }.")),
            ],
            &["id", "host"],
            "A firmware set: the host's, and the modules' under it.",
        ),
        "cell": object(
            vec![
                ("sku", ids("SKU")),
                ("host", ids("host")),
                ("firmware", ids("firmware")),
                ("plan", string("Plan file that qualifies these cells, relative to the matrix file's folder.")),
            ],
            &["sku", "host", "firmware", "plan"],
            "Cells: the cross product of its SKU, host and firmware ids, each qualified by the plan.",
        ),
    })
}

/// The JSON Schema of a matrix file.
pub fn matrix_schema() -> Value {
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://optiqual.dev/schemas/matrix.json",
        "title": "optiqual compatibility matrix",
        "description": "SKUs, host platforms, firmware sets and the cells that tie them to plans. See docs/matrix-format.md.",
        "type": "object",
        "additionalProperties": false,
        "required": ["matrix", "skus", "hosts", "firmware", "cells"],
        "properties": {
            "matrix": string("The matrix's name; it ties the runs of every revision of the file together."),
            "description": string("Free text."),
            "skus": list_of(json!({"$ref": "#/$defs/sku"}), 1, "Module SKUs; ids unique."),
            "hosts": list_of(json!({"$ref": "#/$defs/host"}), 1, "Host platforms; ids unique."),
            "firmware": list_of(json!({"$ref": "#/$defs/firmware"}), 1, "Firmware sets; ids unique."),
            "cells": list_of(json!({"$ref": "#/$defs/cell"}), 1, "Which plan qualifies which SKU × host × firmware."),
        },
        "$defs": matrix_defs(),
    })
}

/// The JSON Schema of a station file. Its instruments are the plan format's.
pub fn station_schema() -> Value {
    let plan_defs = crate::plan::schema()
        .get("$defs")
        .cloned()
        .unwrap_or(Value::Null);
    let pick = |name: &str| plan_defs.get(name).cloned().unwrap_or(json!({}));
    let tiers: Vec<&str> = Tier::ALL.iter().map(|t| t.as_str()).collect();
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://optiqual.dev/schemas/station.json",
        "title": "optiqual station",
        "description": "Which matrix hosts, firmware and slots one bench has. See docs/matrix-format.md.",
        "type": "object",
        "additionalProperties": false,
        "required": ["station", "hosts"],
        "properties": {
            "station": string("The station's name (recorded in every run)."),
            "description": string("Free text."),
            "hosts": list_of(json!({"$ref": "#/$defs/host"}), 1, "Hosts on this bench; each matrix host at most once."),
        },
        "$defs": {
            "chamber": pick("chamber"),
            "meter": pick("meter"),
            "counters": pick("counters"),
            "host": object(
                vec![
                    ("host", string("Matrix host id.")),
                    ("firmware", ids("firmware")),
                    ("instruments", object(vec![
                        ("chamber", json!({"$ref": "#/$defs/chamber"})),
                        ("meter", json!({"$ref": "#/$defs/meter"})),
                        ("counters", json!({"$ref": "#/$defs/counters"})),
                    ], &[], "Instruments of this host's bench, as in a plan; when absent, the plan's are used.")),
                    ("slots", list_of(json!({"$ref": "#/$defs/slot"}), 1, "Cages holding modules under test.")),
                ],
                &["host", "firmware", "slots"],
                "A matrix host on this bench.",
            ),
            "slot": object(
                vec![
                    ("id", string("Slot id, unique in the station (letters, digits, `_`, `-`, `.`).")),
                    ("sku", string("Matrix SKU id of the module in the cage.")),
                    ("bus", string("Bus selector (design.md §4.5).")),
                    ("switch_port", string("Switch port or interface carrying the module's traffic.")),
                    ("tier", desc(json!({"type": "string", "enum": tiers}), "Deployment tier of the link (link_budget).")),
                ],
                &["id", "sku", "bus"],
                "One cage with a module of a matrix SKU.",
            ),
        },
    })
}
