//! Key figures as named rows of the `figures` table, and back.
//!
//! A [`Figure`] is one row named after its field (`power_up_ms`, `dom_tx_error_db`, ...). The
//! temperature ranges are two rows each (`temperature_passed_low_c` / `_high_c`,
//! `temperature_tested_low_c` / `_high_c`) and `max_case_temperature_c` one, in °C with no
//! limit or outcome.

use crate::matrix::figures::{Figure, ModuleFigures};
use crate::results::Outcome;

/// One row of the `figures` table (without run and slot).
#[derive(Debug, Clone, PartialEq)]
pub struct FigureRow {
    /// Figure name.
    pub name: String,
    /// Value.
    pub value: f64,
    /// Unit.
    pub unit: String,
    /// Limit, when the figure has one.
    pub limit: Option<f64>,
    /// Outcome word, when the figure has one.
    pub outcome: Option<String>,
    /// `run/slot/check/measurement`, when the figure has one.
    pub source: Option<String>,
}

type Field = fn(&mut ModuleFigures) -> &mut Option<Figure>;

/// The figures stored as [`Figure`]s, by row name.
const FIGURES: [(&str, Field); 9] = [
    ("power_up_ms", |f| &mut f.power_up_ms),
    ("dp_activate_ms", |f| &mut f.dp_activate_ms),
    ("dom_tx_error_db", |f| &mut f.dom_tx_error_db),
    ("dom_rx_error_db", |f| &mut f.dom_rx_error_db),
    ("dom_temperature_error_c", |f| {
        &mut f.dom_temperature_error_c
    }),
    ("post_fec_ber_bound", |f| &mut f.post_fec_ber_bound),
    ("pre_fec_ber", |f| &mut f.pre_fec_ber),
    ("power_w", |f| &mut f.power_w),
    ("power_drawn_w", |f| &mut f.power_drawn_w),
];

fn degc(name: &str, value: f64) -> FigureRow {
    FigureRow {
        name: name.into(),
        value,
        unit: "degC".into(),
        limit: None,
        outcome: None,
        source: None,
    }
}

/// The rows of one module's figures.
pub fn to_rows(figures: &ModuleFigures) -> Vec<FigureRow> {
    let mut copy = figures.clone();
    let mut rows = Vec::new();
    for (name, field) in FIGURES {
        if let Some(f) = field(&mut copy).take() {
            rows.push(FigureRow {
                name: name.into(),
                value: f.value,
                unit: f.unit,
                limit: f.limit,
                outcome: Some(f.outcome.as_str().into()),
                source: Some(f.source),
            });
        }
    }
    if let Some((lo, hi)) = figures.temperature_passed_c {
        rows.push(degc("temperature_passed_low_c", lo));
        rows.push(degc("temperature_passed_high_c", hi));
    }
    if let Some((lo, hi)) = figures.temperature_tested_c {
        rows.push(degc("temperature_tested_low_c", lo));
        rows.push(degc("temperature_tested_high_c", hi));
    }
    if let Some(t) = figures.max_case_temperature_c {
        rows.push(degc("max_case_temperature_c", t));
    }
    rows
}

/// An outcome word back to an [`Outcome`]; an unknown word is an error (never a pass).
fn outcome(word: Option<&str>) -> Outcome {
    match word {
        Some("pass") => Outcome::Pass,
        Some("fail") => Outcome::Fail,
        Some("skip") => Outcome::Skip,
        Some("timeout") => Outcome::Timeout,
        _ => Outcome::Error,
    }
}

/// Puts one row back into `figures`; an unknown name is ignored (a newer build's figure).
pub fn apply(figures: &mut ModuleFigures, row: FigureRow) {
    if let Some((_, field)) = FIGURES.iter().find(|(n, _)| *n == row.name) {
        *field(figures) = Some(Figure {
            value: row.value,
            limit: row.limit,
            unit: row.unit,
            outcome: outcome(row.outcome.as_deref()),
            source: row.source.unwrap_or_default(),
        });
        return;
    }
    let v = row.value;
    let set = |range: &mut Option<(f64, f64)>, low: bool| {
        let (lo, hi) = range.unwrap_or((v, v));
        *range = Some(if low { (v, hi) } else { (lo, v) });
    };
    match row.name.as_str() {
        "temperature_passed_low_c" => set(&mut figures.temperature_passed_c, true),
        "temperature_passed_high_c" => set(&mut figures.temperature_passed_c, false),
        "temperature_tested_low_c" => set(&mut figures.temperature_tested_c, true),
        "temperature_tested_high_c" => set(&mut figures.temperature_tested_c, false),
        "max_case_temperature_c" => figures.max_case_temperature_c = Some(v),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_survive_the_round_trip() {
        let f = ModuleFigures {
            run_id: "r".into(),
            slot: "p1".into(),
            sn: "SN1".into(),
            power_up_ms: Some(Figure {
                value: 3250.0,
                limit: Some(5000.0),
                unit: "ms".into(),
                outcome: Outcome::Pass,
                source: "r/p1/power_up/module_ready_ms.max".into(),
            }),
            post_fec_ber_bound: Some(Figure {
                value: 2.5e-13,
                limit: None,
                unit: "".into(),
                outcome: Outcome::Fail,
                source: "r/p1/ber_soak/post_fec_ber_upper".into(),
            }),
            temperature_passed_c: Some((-5.0, 45.0)),
            temperature_tested_c: Some((-5.0, 70.0)),
            max_case_temperature_c: Some(77.25),
            ..ModuleFigures::default()
        };
        let rows = to_rows(&f);
        let names: Vec<&str> = rows.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "power_up_ms",
                "post_fec_ber_bound",
                "temperature_passed_low_c",
                "temperature_passed_high_c",
                "temperature_tested_low_c",
                "temperature_tested_high_c",
                "max_case_temperature_c"
            ]
        );
        let mut back = ModuleFigures {
            run_id: "r".into(),
            slot: "p1".into(),
            sn: "SN1".into(),
            ..ModuleFigures::default()
        };
        for row in rows {
            apply(&mut back, row);
        }
        assert_eq!(back, f);
    }

    #[test]
    fn unknown_rows_are_ignored_and_unknown_outcomes_are_errors() {
        let mut f = ModuleFigures::default();
        apply(&mut f, degc("from_the_future", 1.0));
        assert_eq!(f, ModuleFigures::default());
        let mut row = degc("power_w", 12.0);
        row.outcome = Some("great".into());
        apply(&mut f, row);
        assert_eq!(f.power_w.map(|p| p.outcome), Some(Outcome::Error));
    }
}
