//! The JSON Schema (draft 2020-12) of the plan format, built by hand so every key has a
//! description with its unit and default. `optiqual schema` prints it; editors use it to
//! complete and check plans. The structure check ([`super::structure`]) walks the same schema,
//! so what the schema says and what `validate` accepts cannot drift apart.

use serde_json::{Map, Value, json};

use super::checks::{CheckKind, Monitor, Tier};
use super::model::{FormFactor, Media};

/// Pattern of a duration (`500ms`, `10s`, `1h30m`, ...).
const DURATION_PATTERN: &str = r"^([0-9]+(\.[0-9]+)?d)?([0-9]+(\.[0-9]+)?h)?([0-9]+(\.[0-9]+)?m)?([0-9]+(\.[0-9]+)?s)?([0-9]+(\.[0-9]+)?ms)?([0-9]+(\.[0-9]+)?(us|µs))?$";

fn desc(v: Value, d: &str) -> Value {
    let mut v = v;
    if let Some(o) = v.as_object_mut() {
        o.insert("description".into(), Value::String(d.into()));
    }
    v
}

fn string(d: &str) -> Value {
    desc(json!({"type": "string"}), d)
}

fn boolean(d: &str) -> Value {
    desc(json!({"type": "boolean"}), d)
}

fn number(d: &str) -> Value {
    desc(json!({"type": "number"}), d)
}

fn integer(min: i64, max: i64, d: &str) -> Value {
    desc(
        json!({"type": "integer", "minimum": min, "maximum": max}),
        d,
    )
}

fn positive(d: &str) -> Value {
    desc(json!({"type": "number", "exclusiveMinimum": 0}), d)
}

fn non_negative(d: &str) -> Value {
    desc(json!({"type": "number", "minimum": 0}), d)
}

fn duration(d: &str) -> Value {
    desc(json!({"$ref": "#/$defs/duration"}), d)
}

fn enumeration(values: &[&str], d: &str) -> Value {
    desc(json!({"type": "string", "enum": values}), d)
}

fn object(props: Vec<(&str, Value)>, required: &[&str], d: &str) -> Value {
    let mut p = Map::new();
    for (k, v) in props {
        p.insert(k.to_string(), v);
    }
    let mut o = json!({
        "type": "object",
        "additionalProperties": false,
        "properties": Value::Object(p),
    });
    if !required.is_empty() {
        if let Some(m) = o.as_object_mut() {
            m.insert("required".into(), json!(required));
        }
    }
    desc(o, d)
}

/// A check's parameter object: the common keys plus its own; `null` means all defaults.
fn params(own: Vec<(&str, Value)>, d: &str) -> Value {
    let mut props = vec![
        (
            "id",
            string(
                "Check id, unique within its list. Default: the kind, then `kind#2`, `kind#3`, ... for repeats.",
            ),
        ),
        (
            "retries",
            integer(
                0,
                100,
                "Retries of this step after a failure or error; every attempt is kept. Default: options.retries.",
            ),
        ),
        (
            "timeout",
            duration(
                "Time limit of one attempt; exceeding it is a TIMEOUT. Default: options.step_timeout plus the check's planned duration.",
            ),
        ),
    ];
    props.extend(own);
    let mut o = object(props, &[], d);
    if let Some(m) = o.as_object_mut() {
        m.insert("type".into(), json!(["object", "null"]));
    }
    o
}

fn lanes(d: &str) -> Value {
    desc(
        json!({"type": "array", "items": {"type": "integer", "minimum": 1, "maximum": 8}, "uniqueItems": true}),
        d,
    )
}

fn sku() -> Value {
    let ff: Vec<&str> = FormFactor::ALL.iter().map(|f| f.as_str()).collect();
    let media: Vec<&str> = Media::ALL.iter().map(|m| m.as_str()).collect();
    object(
        vec![
            (
                "vendor",
                string("Vendor name as the module reports it (padding trimmed)."),
            ),
            ("pn", string("Vendor part number.")),
            (
                "firmware",
                string(
                    "Module firmware the SKU must run, major.minor (a third part is ignored); \
                     compared with CMIS lower-page bytes 39-40, not readable on SFF modules.",
                ),
            ),
            (
                "rev",
                string("Vendor revision; quote it (\"1.0\") so YAML keeps it text."),
            ),
            (
                "form_factor",
                enumeration(
                    &ff,
                    "Form factor; checked against the SFF-8024 identifier (byte 0).",
                ),
            ),
            (
                "identifier",
                integer(
                    0,
                    255,
                    "Exact SFF-8024 identifier code (Table 4-1), e.g. 0x18 for QSFP-DD.",
                ),
            ),
            (
                "media",
                enumeration(
                    &media,
                    "Media type (CMIS Page 00h byte 85 codes 1-5, derived from compliance codes for SFF-8472/8636).",
                ),
            ),
            (
                "compliance_codes",
                desc(
                    json!({"type": "array", "items": {"type": "integer", "minimum": 0, "maximum": 255}}),
                    "SFF-8024 codes the module must advertise: CMIS media interface IDs of its applications, or the extended compliance code (SFF-8472 byte 36, SFF-8636 byte 192).",
                ),
            ),
        ],
        &[],
        "Expected module SKU; only the keys given are compared.",
    )
}

fn defs() -> Value {
    let tiers: Vec<&str> = Tier::ALL.iter().map(|t| t.as_str()).collect();
    let monitors: Vec<&str> = Monitor::ALL.iter().map(|m| m.as_str()).collect();
    let kinds = CheckKind::names();
    let mut check_props = Map::new();
    for k in kinds {
        check_props.insert(k.to_string(), json!({"$ref": format!("#/$defs/{k}")}));
    }
    json!({
        "duration": desc(
            json!({"type": "string", "pattern": DURATION_PATTERN}),
            "A duration: numbers with units from the largest to the smallest, e.g. 500ms, 10s, 10m, 24h, 1h30m, 1.5h (units d, h, m, s, ms, us).",
        ),
        "sku": sku(),
        "slot": object(
            vec![
                ("id", string("Slot id, unique in the station (letters, digits, `_`, `-`, `.`). With `repeat`, write `{n}` (1, 2, ...) or `{i}` (0, 1, ...) where the number goes, optionally scaled and offset: `{i*8}`, `{n+100}`, `{i*4+200}`.")),
                ("bus", string("Bus selector (design.md §4.5): mock:FIXTURE, i2cdev:/dev/i2c-N[?mux=0xAA:CH], serial:PROTOCOL:/dev/ttyX[?baud=N], optoe:/sys/bus/i2c/devices/N-0050/eeprom, ethtool:IFACE, file:IMAGE.")),
                ("switch_port", string("Switch port (SONiC name, e.g. Ethernet0) or Linux interface carrying the module's traffic; needed by sonic-redis and ethtool counters.")),
                ("power_budget_w", positive("Power the cage can supply, in W; identity fails a module advertising more.")),
                ("tier", enumeration(&tiers, "Deployment tier of the link (link_budget default loss and margin).")),
                ("sku", sku()),
                ("peer", string("Id of the slot at the far end of the link (for Rx LOS); default: a loopback to itself.")),
                ("repeat", integer(1, 100_000, "Expand this line into N slots, substituting `{n}`, `{i}` (and `{i*K+B}` forms) in id, bus, switch_port and peer. Default 1.")),
            ],
            &["id", "bus"],
            "One cage with a module under test.",
        ),
        "chamber": object(
            vec![
                ("driver", enumeration(&["thermostream", "scpi-chamber", "sim"], "Chamber dialect: inTEST ThermoStream, generic SCPI, or the simulator.")),
                ("address", string("tcp://HOST[:PORT] (port 5025 by default), serial:/dev/ttyX[?baud=N] (9600 by default) or sim. Required unless driver is sim.")),
            ],
            &["driver"],
            "Thermal chamber or forcing system (needed by thermal_sweep).",
        ),
        "meter": object(
            vec![
                ("driver", enumeration(&["keysight-816x", "thorlabs-pm100", "sim"], "Power meter dialect: Keysight 816x/N77xx, Thorlabs PM100, or the simulator.")),
                ("address", string("tcp://HOST[:PORT], serial:/dev/ttyX[?baud=N] or sim. Required unless driver is sim.")),
                ("channel", integer(1, 255, "Meter channel or port. Default 1.")),
                ("wavelength_nm", positive("Calibration wavelength in nm. Default: the module's nominal wavelength.")),
            ],
            &["driver"],
            "Optical power meter (dom_accuracy Tx power reference).",
        ),
        "counters": object(
            vec![
                ("source", enumeration(&["sonic-redis", "ethtool", "command", "vdm", "sim"], "FEC counter source: SONiC COUNTERS_DB, ethtool, a command printing JSON, the module's CMIS VDM, or the simulated switch port.")),
                ("address", string("sonic-redis: redis://HOST[:PORT][/DB] (default redis://127.0.0.1:6379, DB from database_config.json); ethtool/command: local (default) or ssh://[USER@]HOST.")),
                ("command", string("Command line for source: command; `{port}` is replaced by the slot's switch_port.")),
            ],
            &["source"],
            "Where ber_soak reads FEC counters.",
        ),
        "grant": object(
            vec![
                ("spec", enumeration(&["sff8472", "sff8636", "cmis"], "Management spec the grant applies to.")),
                ("device", enumeration(&["a0", "a2"], "SFF-8472 device address: a0 (0x50) or a2 (0x51). Default a0.")),
                ("page", integer(0, 255, "Upper page selected for bytes 128-255. Omit for lower-half bytes only.")),
                ("bank", integer(0, 255, "CMIS bank (pages 10h-2Fh only). Default 0.")),
                ("bytes", desc(json!({"type": ["string", "integer"]}), "Byte numbers as the spec prints them: N or \"N-M\" within 0-255 (0-127 lower half, 128-255 the page).")),
                ("reason", string("Why the plan needs to write there (recorded in the report).")),
            ],
            &["spec", "bytes", "reason"],
            "An explicit write grant (design.md §7); writes outside the allowlist and the grants are refused.",
        ),
        "options": object(
            vec![
                ("concurrency", integer(1, 100_000, "Modules run at once. Default 8.")),
                ("retries", integer(0, 100, "Retries of a failed or erroring step unless the check says otherwise. Default 0.")),
                ("step_timeout", duration("Time a step may take beyond its planned duration before it is a TIMEOUT. Default 10m.")),
                ("stop_on_fail", boolean("Skip a module's remaining checks after its first failure. Default false.")),
                ("clock", enumeration(&["auto", "virtual", "wall"], "auto: virtual time when every slot and instrument is simulated, else wall time. virtual needs everything simulated. Default auto.")),
            ],
            &[],
            "Run options.",
        ),
        "check_item": desc(json!({
            "oneOf": [
                {"type": "string", "enum": kinds, "description": "A check kind with default parameters."},
                {
                    "type": "object",
                    "minProperties": 1,
                    "maxProperties": 1,
                    "additionalProperties": false,
                    "properties": Value::Object(check_props),
                    "description": "One check kind mapped to its parameters."
                }
            ]
        }), "A check: its kind alone (`- identity`) or `{kind: {params}}`."),
        "identity": params(vec![
            ("checksums", boolean("Every checksum must be valid. Default true.")),
            ("sku", boolean("Compare identifier, form factor, vendor, PN, media and compliance codes with the slot's SKU. Default true.")),
            ("power_budget", boolean("Advertised max power must be within the slot's power_budget_w. Default true.")),
        ], "identity: vendor, PN, rev, SN printable; checksums; SKU; power budget."),
        "power_up": params(vec![
            ("cycles", integer(1, 1000, "Power cycles. Default 5.")),
            ("application", integer(1, 15, "CMIS application (AppSel code) to activate. Default 1.")),
            ("off_time", duration("Time held off between cycles. Default 1s.")),
            ("sfp_t_init", duration("SFF-8472 limit from power-on to data ready and TX_FAULT clear. Default 300ms.")),
            ("qsfp_t_init", duration("SFF-8636 limit until Data_Not_Ready clears. Default 2s.")),
            ("cmis_ready_fallback", duration("CMIS ModuleReady limit when ModulePwrUp is not advertised. Default 5s.")),
            ("cmis_datapath_fallback", duration("CMIS data-path activation limit when DPInit is not advertised. Default 10s.")),
        ], "power_up: readiness and data-path timing over N power cycles; slower than advertised fails."),
        "dom_limits": object(vec![
            ("temperature_c", positive("Temperature tolerance, ± °C. Default 3.")),
            ("vcc_pct", positive("Supply voltage tolerance, ± % of the supply. Default 3.")),
            ("tx_bias_pct", positive("Tx bias tolerance, ± % of nominal_bias_ma. Default 10.")),
            ("tx_power_db", positive("Tx power tolerance per lane, ± dB against the meter. Default 3.")),
            ("rx_power_db", positive("Rx power tolerance per lane, ± dB against rx_input_dbm. Default 3.")),
        ], &[], "DOM accuracy tolerances (qualification.md §2)."),
        "dom_accuracy": params(vec![
            ("reference", enumeration(&["auto", "meter", "none"], "Tx power reference: the station's meter (required with `meter`), auto (meter if present), none. Default auto.")),
            ("temperature_reference", enumeration(&["auto", "chamber", "none"], "Temperature reference: the chamber (required with `chamber`), auto, none. Default auto.")),
            ("supply_v", positive("Supply voltage applied to the module, in V. Default 3.3.")),
            ("rx_input_dbm", number("Known optical input per lane, in dBm; Rx power is compared only when set.")),
            ("nominal_bias_ma", positive("Datasheet nominal Tx bias, in mA; bias is compared only when set.")),
            ("patch_loss_db", non_negative("Patch-cord loss between module and meter, in dB. Default 0.")),
            ("samples", integer(1, 100, "Readings averaged per value. Default 5.")),
            ("lanes", lanes("Lanes to check, 1-based. Default: every lane.")),
            ("limits", json!({"$ref": "#/$defs/dom_limits"})),
        ], "dom_accuracy: module DOM against reference instruments, per lane."),
        "thresholds_and_flags": params(vec![
            ("monitors", desc(json!({"type": "array", "items": {"type": "string", "enum": monitors}, "uniqueItems": true}), "Monitors whose thresholds and flags are checked. Default all.")),
            ("latched_clear", boolean("Latched flags must clear on read once the condition is gone. Default true.")),
            ("clear_reads", integer(1, 10, "Reads that must all show a cleared flag. Default 2.")),
        ], "thresholds_and_flags: LA < LW < HW < HA, flags consistent with values, latches clear."),
        "tx_disable_los": params(vec![
            ("tx_off_max", duration("Soft Tx disable to light off, when the module advertises no limit. Default 100ms.")),
            ("tx_on_max", duration("Soft Tx enable to light on, when the module advertises no limit. Default 100ms.")),
            ("los", boolean("Check that Rx LOS asserts on the peer when this end goes dark. Default true.")),
            ("los_max", duration("Far end dark to LOS seen over the management interface. Default 100ms.")),
            ("lanes", lanes("Lanes to check, 1-based. Default: every lane.")),
        ], "tx_disable_los: soft Tx disable/enable timing and Rx LOS."),
        "stability": object(vec![
            ("max_rate_c_per_min", positive("Largest rate of change of the module temperature, °C/min. Default 0.5.")),
            ("window", duration("Window over which the rate is measured. Default 2m.")),
        ], &[], "When a setpoint counts as stable."),
        "thermal_sweep": params(vec![
            ("setpoints_c", desc(json!({"type": "array", "minItems": 1, "items": {"type": "number", "minimum": -60, "maximum": 150}}), "Chamber setpoints in °C, each within -60..150. Default [0, 25, 70].")),
            ("dwell", duration("Time held once stable, before the nested checks. Default 10m.")),
            ("stability", json!({"$ref": "#/$defs/stability"})),
            ("settle_timeout", duration("Time allowed to become stable; exceeding it is a TIMEOUT, not a module failure. Default 45m.")),
            ("chamber_tolerance_c", positive("Chamber reading must be within ± this of the setpoint, °C. Default 1.")),
            ("sample_interval", duration("Interval of the recorded temperature/bias/power curves. Default 10s.")),
            ("at_each", desc(json!({"type": "array", "items": {"$ref": "#/$defs/check_item"}}), "Checks run at each setpoint (not thermal_sweep). Default [dom_accuracy, thresholds_and_flags].")),
        ], "thermal_sweep: chamber setpoints with nested checks at each; needs a chamber."),
        "ber_soak": params(vec![
            ("duration", duration("Soak length. Default 1h.")),
            ("interval", duration("Counter sampling interval, at least 1s and at most duration. Default 10s.")),
            ("max_pre_fec_ber", positive("Largest pre-FEC BER of any interval, in (0, 1). Default 2.4e-4 (KP4 PAM4).")),
            ("max_uncorrectable", integer(0, i64::MAX, "Largest number of uncorrectable codewords. Default 0.")),
            ("target_ber", positive("Post-FEC BER to demonstrate, in (0, 1). Default 1e-12.")),
            ("confidence", desc(json!({"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 1}), "Confidence level for target_ber, in (0, 1). Default 0.95.")),
            ("line_rate_gbps", positive("Serdes line rate in Gb/s. Default: from the port type (protocols.md §4).")),
        ], "ber_soak: pre-FEC BER, uncorrectable codewords and a confidence bound; needs a counter source."),
        "link_budget": params(vec![
            ("tier", enumeration(&tiers, "Tier. Default: each slot's tier.")),
            ("loss_db", non_negative("Channel loss in dB. Default per tier: intra-rack 1.0, leaf-spine 1.5, inter-pod 2.5, inter-site 6.0.")),
            ("margin_db", non_negative("Required margin over sensitivity in dB. Default per tier: 1.0, 2.0, 2.0, 3.0.")),
            ("rx_sensitivity_dbm", number("Receiver sensitivity in dBm. Default: the module's Rx power low-alarm threshold.")),
            ("warning_margin_db", non_negative("When set, an Rx power margin to the low-warning threshold below this many dB fails. Default: reported only.")),
        ], "link_budget: Tx power minus loss against sensitivity with a margin."),
    })
}

/// The JSON Schema (draft 2020-12) of a plan file.
pub fn schema() -> Value {
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://optiqual.dev/schemas/plan.json",
        "title": "optiqual test plan",
        "description": "A qualification plan: the station (slots, instruments, grants), the expected SKU, run options and the ordered checks. See docs/plan-format.md.",
        "type": "object",
        "additionalProperties": false,
        "required": ["plan", "station", "checks"],
        "properties": {
            "plan": string("The plan's name."),
            "description": string("Free text."),
            "sku": desc(json!({"$ref": "#/$defs/sku"}), "SKU expected in every slot (a slot's own `sku` overrides it key by key)."),
            "station": object(
                vec![
                    ("name", string("Station name.")),
                    ("slots", desc(json!({"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/slot"}}), "Slots under test; at least one, ids unique.")),
                    ("instruments", object(vec![
                        ("chamber", json!({"$ref": "#/$defs/chamber"})),
                        ("meter", json!({"$ref": "#/$defs/meter"})),
                        ("counters", json!({"$ref": "#/$defs/counters"})),
                    ], &[], "Lab instruments; all optional.")),
                    ("grants", desc(json!({"type": "array", "items": {"$ref": "#/$defs/grant"}}), "Explicit write grants. Default none.")),
                ],
                &["slots"],
                "The bench: slots, instruments and write grants.",
            ),
            "options": {"$ref": "#/$defs/options"},
            "checks": desc(json!({"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/check_item"}}), "Checks, run in order on every slot."),
        },
        "$defs": defs(),
    })
}

/// The schema as pretty-printed JSON text, as `optiqual schema` prints it.
pub fn schema_text() -> String {
    serde_json::to_string_pretty(&schema()).unwrap_or_default()
}
