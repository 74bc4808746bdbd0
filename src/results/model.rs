//! The results of a run: `reports/<run-id>/results.json` (design.md §4.3; extend, never rename).

use serde::{Deserialize, Serialize};

use super::outcome::{Outcome, RunOutcome};

/// The schema tag of results.json.
pub const SCHEMA: &str = "optiqual.results/1";

/// Which clock timed the run (design.md §6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ClockKind {
    /// Paused, self-advancing tokio clock: everything was simulated.
    Virtual,
    /// Real time: real hardware was involved.
    Wall,
}

/// The plan a run executed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanRef {
    /// Path as given.
    pub path: String,
    /// The plan's `plan:` name.
    pub name: String,
    /// SHA-256 of the plan file's bytes, lower-case hex.
    pub sha256: String,
}

/// What a module says it is.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Identity {
    /// Vendor name.
    pub vendor: String,
    /// Part number.
    pub pn: String,
    /// Serial number.
    pub sn: String,
    /// Revision.
    pub rev: String,
}

/// One named measured value with its limits.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Measurement {
    /// What was measured, e.g. `"lane3.tx_power_error_db"`.
    pub name: String,
    /// The value; `None` when it could not be measured (then the outcome is an error).
    pub value: Option<f64>,
    /// Unit, e.g. `"dB"`, `"ms"`, `"degC"`.
    pub unit: String,
    /// Lower limit, inclusive.
    pub low: Option<f64>,
    /// Upper limit, inclusive.
    pub high: Option<f64>,
    /// Against the limits.
    pub outcome: Outcome,
}

impl Measurement {
    /// A measurement judged against its limits ([`super::outcome::judge`]).
    pub fn judged(
        name: impl Into<String>,
        value: Option<f64>,
        unit: impl Into<String>,
        low: Option<f64>,
        high: Option<f64>,
    ) -> Self {
        Measurement {
            name: name.into(),
            value,
            unit: unit.into(),
            low,
            high,
            outcome: super::outcome::judge(value, low, high),
        }
    }

    /// A sentence stating value, limit and unit, for failure messages:
    /// `"lane3.tx_power_error_db = 3.41 dB, limit <= 3 dB"`.
    pub fn describe(&self) -> String {
        let unit = if self.unit.is_empty() {
            String::new()
        } else {
            format!(" {}", self.unit)
        };
        let value = match self.value {
            Some(v) => format!("{}{unit}", fmt_num(v)),
            None => "not measured".to_string(),
        };
        let limit = match (self.low, self.high) {
            (Some(l), Some(h)) => format!(", limits {} .. {}{unit}", fmt_num(l), fmt_num(h)),
            (Some(l), None) => format!(", limit >= {}{unit}", fmt_num(l)),
            (None, Some(h)) => format!(", limit <= {}{unit}", fmt_num(h)),
            (None, None) => String::new(),
        };
        format!("{} = {value}{limit}", self.name)
    }
}

/// A number in the shortest readable form: up to 6 significant digits, scientific when tiny.
pub fn fmt_num(v: f64) -> String {
    if v != 0.0 && (v.abs() < 1e-3 || v.abs() >= 1e7) {
        format!("{v:.3e}")
    } else {
        let s = format!("{v:.6}");
        let s = s.trim_end_matches('0').trim_end_matches('.');
        if s == "-0" {
            "0".to_string()
        } else {
            s.to_string()
        }
    }
}

/// One attempt of a check (a retried check keeps every attempt).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Attempt {
    /// 1-based attempt number.
    pub attempt: u32,
    /// RFC 3339.
    pub started_at: String,
    /// Seconds (virtual or wall, per the run's clock).
    pub duration_s: f64,
    /// Outcome of this attempt.
    pub outcome: Outcome,
    /// What happened, in words.
    pub message: String,
    /// What was measured in this attempt.
    pub measurements: Vec<Measurement>,
}

/// One check of one module.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CheckResult {
    /// Check id from the plan (unique within the plan, e.g. `"dom_accuracy"` or
    /// `"thermal_sweep/70C/dom_accuracy"`).
    pub id: String,
    /// Check kind (`identity`, `power_up`, ...).
    pub kind: String,
    /// Outcome of the last attempt.
    pub outcome: Outcome,
    /// How many attempts were made.
    pub attempts: u32,
    /// RFC 3339 start of the first attempt.
    pub started_at: String,
    /// Seconds over all attempts.
    pub duration_s: f64,
    /// Message of the last attempt.
    pub message: String,
    /// Measurements of the last attempt.
    pub measurements: Vec<Measurement>,
    /// Every attempt, in order (the last one is also summarised above).
    #[serde(default)]
    pub attempt_log: Vec<Attempt>,
    /// Time series kept for plots (thermal curves, BER over time), by name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub series: Vec<Series>,
}

/// A named time series (x, y) for plots.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Series {
    /// Name, e.g. `"module_temperature_c"`.
    pub name: String,
    /// Unit of x, e.g. `"s"` or `"degC"`.
    pub x_unit: String,
    /// Unit of y.
    pub y_unit: String,
    /// Points.
    pub points: Vec<(f64, f64)>,
}

/// Most points a series keeps in results (a 24 h soak sampled every 10 s has 8,640): enough
/// for a plot, small enough for a thousand modules.
pub const MAX_SERIES_POINTS: usize = 600;

impl Series {
    /// Keeps at most `max` points: the first, the last, and evenly spaced ones between (plots
    /// stay faithful in shape; the measurements keep the exact figures).
    pub fn decimate(&mut self, max: usize) {
        let n = self.points.len();
        if n <= max || max < 2 {
            return;
        }
        let step = (n - 1) as f64 / (max - 1) as f64;
        let kept: Vec<(f64, f64)> = (0..max)
            .map(|i| self.points[((i as f64 * step).round() as usize).min(n - 1)])
            .collect();
        self.points = kept;
    }
}

/// Results of one module (one slot).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModuleResult {
    /// Slot id from the plan.
    pub slot: String,
    /// What the module says it is.
    pub identity: Identity,
    /// Rolled up from its checks.
    pub outcome: Outcome,
    /// Checks in plan order.
    pub checks: Vec<CheckResult>,
}

/// `results.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunResults {
    /// Always [`SCHEMA`].
    pub schema: String,
    /// Run id (also the folder name under reports/).
    pub run_id: String,
    /// RFC 3339.
    pub started_at: String,
    /// RFC 3339.
    pub finished_at: String,
    /// Virtual or wall.
    pub clock: ClockKind,
    /// Rolled up from the modules.
    pub outcome: RunOutcome,
    /// The plan.
    pub plan: PlanRef,
    /// The station as the plan describes it (slots, instruments), free-form JSON.
    pub station: serde_json::Value,
    /// `optiqual` version.
    pub tool_version: String,
    /// Modules in slot order.
    pub modules: Vec<ModuleResult>,
    /// The compatibility-matrix cell this run qualified (`optiqual matrix run`); absent for a
    /// plain `optiqual run`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub matrix: Option<CellRef>,
}

/// Which cell of which compatibility matrix a run qualified, with the axes' definitions as the
/// matrix named them at the time, so a merge can place the run without the matrix file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CellRef {
    /// The matrix's name (`matrix:`); runs of one matrix share it across its revisions.
    pub matrix: String,
    /// The matrix file as given.
    pub matrix_file: String,
    /// SHA-256 of the matrix file's bytes when the run started.
    pub matrix_sha256: String,
    /// SKU id (matrix `skus[].id`).
    pub sku: String,
    /// Host id (matrix `hosts[].id`).
    pub host: String,
    /// Firmware id (matrix `firmware[].id`).
    pub firmware: String,
    /// The host NOS / NIC firmware version the firmware entry names.
    pub host_firmware: String,
    /// The module firmware version the firmware entry names for this SKU, when it names one.
    #[serde(default)]
    pub module_firmware: Option<String>,
    /// The qualifying plan file as the matrix names it.
    pub plan_file: String,
    /// SHA-256 of that plan file's bytes (staleness compares it with the file as it is now).
    pub plan_sha256: String,
    /// The station that ran the cell.
    pub station: String,
    /// `K/N` when the run was one shard of a matrix run.
    #[serde(default)]
    pub shard: Option<String>,
    /// `{sku, host, firmware}`: the three definitions as the matrix file gave them.
    #[serde(default)]
    pub definitions: serde_json::Value,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn describe_states_value_limit_and_unit() {
        let m = Measurement::judged("lane3.tx_power_error_db", Some(3.41), "dB", None, Some(3.0));
        assert_eq!(m.outcome, Outcome::Fail);
        assert_eq!(
            m.describe(),
            "lane3.tx_power_error_db = 3.41 dB, limit <= 3 dB"
        );
        let m = Measurement::judged("t", Some(25.0), "degC", Some(0.0), Some(70.0));
        assert_eq!(m.describe(), "t = 25 degC, limits 0 .. 70 degC");
        let m = Measurement::judged("ber", Some(2.4e-5), "", None, Some(2.4e-4));
        assert_eq!(m.describe(), "ber = 2.400e-5, limit <= 2.400e-4");
        let m = Measurement::judged("x", None, "ms", None, Some(1.0));
        assert_eq!(m.outcome, Outcome::Error);
        assert!(m.describe().contains("not measured"));
    }

    #[test]
    fn decimation_keeps_ends_and_caps_the_count() {
        let mut s = Series {
            name: "x".into(),
            x_unit: "s".into(),
            y_unit: "".into(),
            points: (0..8640)
                .map(|i| (f64::from(i) * 10.0, f64::from(i)))
                .collect(),
        };
        s.decimate(600);
        assert_eq!(s.points.len(), 600);
        assert_eq!(s.points[0], (0.0, 0.0));
        assert_eq!(s.points[599], (86390.0, 8639.0));
        let mut short = s.clone();
        short.points.truncate(10);
        short.decimate(600);
        assert_eq!(short.points.len(), 10);
    }

    #[test]
    fn json_keys_are_the_contract() {
        let r = RunResults {
            schema: SCHEMA.into(),
            run_id: "r1".into(),
            started_at: "2026-11-24T09:00:00Z".into(),
            finished_at: "2026-11-24T09:00:01Z".into(),
            clock: ClockKind::Virtual,
            outcome: RunOutcome::Pass,
            plan: PlanRef {
                path: "p.yaml".into(),
                name: "p".into(),
                sha256: "00".into(),
            },
            station: serde_json::json!({}),
            tool_version: "0.1.0".into(),
            modules: vec![],
            matrix: None,
        };
        let v = serde_json::to_value(&r).unwrap();
        for k in [
            "schema",
            "run_id",
            "started_at",
            "finished_at",
            "clock",
            "outcome",
            "plan",
            "station",
            "tool_version",
            "modules",
        ] {
            assert!(v.get(k).is_some(), "{k}");
        }
        assert_eq!(v["clock"], "virtual");
        let back: RunResults = serde_json::from_value(v).unwrap();
        assert_eq!(back, r);
    }
}
