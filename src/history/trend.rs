//! How a SKU's figures and pass rate moved across its runs: the first against the latest value
//! of each key figure, and the pass rate over all runs and per station.

use std::collections::BTreeMap;

use serde::Serialize;

use super::query::HistoryRow;
use crate::matrix::figures::{Figure, ModuleFigures};

/// Which way a figure went from its first to its latest run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// Closer to what a buyer wants (faster, smaller error, lower BER, wider range).
    Better,
    /// Further from it.
    Worse,
    /// Equal (to a relative 1e-9).
    Same,
}

impl Direction {
    /// The word.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Better => "better",
            Direction::Worse => "worse",
            Direction::Same => "same",
        }
    }
}

/// One figure's first and latest value.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FigureTrend {
    /// Figure name (`power_up_ms`, ..., `temperature_passed_high_c`).
    pub name: String,
    /// Unit.
    pub unit: String,
    /// Value in the oldest run that has it.
    pub first: f64,
    /// That run.
    pub first_run: String,
    /// Value in the newest run that has it.
    pub latest: f64,
    /// That run.
    pub latest_run: String,
    /// Runs that have it.
    pub runs: usize,
    /// Better, worse or the same.
    pub direction: Direction,
}

/// Runs and passes of one station.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StationRate {
    /// Station name (`-` when the run named none).
    pub station: String,
    /// Runs.
    pub runs: usize,
    /// Runs whose outcome was pass.
    pub passed: usize,
}

/// The trend over a SKU's runs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Trend {
    /// Each figure some run has, in a fixed order.
    pub figures: Vec<FigureTrend>,
    /// Runs.
    pub runs: usize,
    /// Runs that passed.
    pub passed: usize,
    /// `passed / runs`, `None` without runs.
    pub pass_rate: Option<f64>,
    /// Per station, by name.
    pub stations: Vec<StationRate>,
}

/// `sku`, its runs (newest first) and their trend: what `optiqual history --json` prints.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HistoryReport {
    /// The SKU or part number asked for.
    pub sku: String,
    /// Its runs, newest first.
    pub runs: Vec<HistoryRow>,
    /// Their trend.
    pub trend: Trend,
}

impl HistoryReport {
    /// The report of `rows` (newest first).
    pub fn new(sku: &str, rows: Vec<HistoryRow>) -> Self {
        HistoryReport {
            sku: sku.to_string(),
            trend: trend(&rows),
            runs: rows,
        }
    }
}

/// Whether a lower value is better.
#[derive(Clone, Copy)]
enum Better {
    Lower,
    Higher,
}

type Pick = fn(&ModuleFigures) -> Option<(f64, String)>;

fn fig(f: &Option<Figure>) -> Option<(f64, String)> {
    f.as_ref().map(|f| (f.value, f.unit.clone()))
}

/// The figures followed, with the direction that is better.
const FOLLOWED: [(&str, Better, Pick); 12] = [
    ("power_up_ms", Better::Lower, |f| fig(&f.power_up_ms)),
    ("dp_activate_ms", Better::Lower, |f| fig(&f.dp_activate_ms)),
    (
        "dom_tx_error_db",
        Better::Lower,
        |f| fig(&f.dom_tx_error_db),
    ),
    (
        "dom_rx_error_db",
        Better::Lower,
        |f| fig(&f.dom_rx_error_db),
    ),
    ("dom_temperature_error_c", Better::Lower, |f| {
        fig(&f.dom_temperature_error_c)
    }),
    ("post_fec_ber_bound", Better::Lower, |f| {
        fig(&f.post_fec_ber_bound)
    }),
    ("pre_fec_ber", Better::Lower, |f| fig(&f.pre_fec_ber)),
    ("power_w", Better::Lower, |f| fig(&f.power_w)),
    ("power_drawn_w", Better::Lower, |f| fig(&f.power_drawn_w)),
    ("temperature_passed_low_c", Better::Lower, |f| {
        f.temperature_passed_c.map(|(lo, _)| (lo, "degC".into()))
    }),
    ("temperature_passed_high_c", Better::Higher, |f| {
        f.temperature_passed_c.map(|(_, hi)| (hi, "degC".into()))
    }),
    ("max_case_temperature_c", Better::Lower, |f| {
        f.max_case_temperature_c.map(|t| (t, "degC".into()))
    }),
];

fn direction(first: f64, latest: f64, better: Better) -> Direction {
    let scale = first.abs().max(latest.abs());
    if (latest - first).abs() <= scale * 1e-9 {
        return Direction::Same;
    }
    match (latest < first, better) {
        (true, Better::Lower) | (false, Better::Higher) => Direction::Better,
        _ => Direction::Worse,
    }
}

/// The trend of `rows` (newest first, as [`History::runs_for_sku`] returns them).
///
/// [`History::runs_for_sku`]: super::History::runs_for_sku
pub fn trend(rows: &[HistoryRow]) -> Trend {
    let mut figures = Vec::new();
    for (name, better, pick) in FOLLOWED {
        // Oldest first.
        let seen: Vec<(f64, String, &str)> = rows
            .iter()
            .rev()
            .filter_map(|r| pick(&r.figures).map(|(v, u)| (v, u, r.run_id.as_str())))
            .collect();
        let (Some(first), Some(latest)) = (seen.first(), seen.last()) else {
            continue;
        };
        figures.push(FigureTrend {
            name: name.into(),
            unit: latest.1.clone(),
            first: first.0,
            first_run: first.2.into(),
            latest: latest.0,
            latest_run: latest.2.into(),
            runs: seen.len(),
            direction: direction(first.0, latest.0, better),
        });
    }
    let mut stations: BTreeMap<String, StationRate> = BTreeMap::new();
    for r in rows {
        let name = r.station.clone().unwrap_or_else(|| "-".into());
        let s = stations.entry(name.clone()).or_insert(StationRate {
            station: name,
            runs: 0,
            passed: 0,
        });
        s.runs += 1;
        s.passed += usize::from(r.outcome == "pass");
    }
    let passed = rows.iter().filter(|r| r.outcome == "pass").count();
    Trend {
        figures,
        runs: rows.len(),
        passed,
        pass_rate: (!rows.is_empty()).then(|| passed as f64 / rows.len() as f64),
        stations: stations.into_values().collect(),
    }
}
