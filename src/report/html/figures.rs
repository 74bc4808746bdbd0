//! The key-figures table of a SKU: each figure's worst value, what it is judged against, the
//! verdict and where it comes from; `—` where the runs did not measure it.

use std::fmt::Write as _;

use super::format::{esc, num, outcome_badge, with_unit};
use crate::matrix::TempGrade;
use crate::matrix::figures::{Figure, SkuFigures};

/// What a figure's limit means, in words.
#[derive(Clone, Copy)]
enum Against {
    /// An upper limit the module advertises (`advertised ≤ 5000 ms`).
    Advertised,
    /// A ± tolerance (`within ±3 dB`).
    Tolerance,
    /// A target to reach (`target 1e-12`).
    Target,
    /// An upper limit set by the plan (`limit ≤ 2.4e-4`).
    Limit,
    /// The port's power budget (`port budget 14 W`).
    Budget,
}

fn against(f: &Figure, kind: Against) -> String {
    let Some(l) = f.limit else {
        return "—".to_string();
    };
    let l = with_unit(l, &f.unit);
    match kind {
        Against::Advertised => format!("advertised ≤ {l}"),
        Against::Tolerance => format!("within ±{l}"),
        Against::Target => format!("target ≤ {l}"),
        Against::Limit => format!("limit ≤ {l}"),
        Against::Budget => format!("port budget {l}"),
    }
}

fn row(o: &mut String, label: &str, value: &str, against: &str, verdict: &str, source: &str) {
    let _ = write!(
        o,
        "<tr><th scope=\"row\">{label}</th><td class=\"v\">{value}</td><td>{against}</td>\
         <td>{verdict}</td><td class=\"mono small\">{source}</td></tr>"
    );
}

fn figure_row(o: &mut String, label: &str, f: Option<&Figure>, kind: Against) {
    match f {
        Some(f) => row(
            o,
            label,
            &esc(&with_unit(f.value, &f.unit)),
            &esc(&against(f, kind)),
            &outcome_badge(f.outcome),
            &esc(&f.source),
        ),
        None => row(o, label, "—", "—", "—", ""),
    }
}

fn range(lo: f64, hi: f64) -> String {
    format!("{} … {} °C", num(lo), num(hi))
}

/// The key-figures table of a SKU sold as `grade` (every row present; `—` where `figs` has
/// nothing).
pub(crate) fn table(o: &mut String, grade: Option<&TempGrade>, figs: Option<&SkuFigures>) {
    let w = figs.map(|f| &f.worst);
    match figs {
        Some(f) => {
            let _ = write!(
                o,
                "<p class=\"small\">Worst value over {} module(s) in {} run(s).</p>",
                f.modules, f.runs
            );
        }
        None => {
            o.push_str(
                "<p class=\"small\">No key figures for this SKU: none of the runs behind its \
                 cells measured them.</p>",
            );
            return;
        }
    }
    o.push_str(
        "<div class=\"wrap\"><table class=\"figures\"><thead><tr><th>Figure</th>\
         <th>Worst value</th><th>Against</th><th>Verdict</th><th>From</th></tr></thead><tbody>",
    );
    figure_row(
        o,
        "Power-up time (to ModuleReady / data ready)",
        w.and_then(|w| w.power_up_ms.as_ref()),
        Against::Advertised,
    );
    figure_row(
        o,
        "Data-path activation time",
        w.and_then(|w| w.dp_activate_ms.as_ref()),
        Against::Advertised,
    );
    figure_row(
        o,
        "DOM Tx power error",
        w.and_then(|w| w.dom_tx_error_db.as_ref()),
        Against::Tolerance,
    );
    figure_row(
        o,
        "DOM Rx power error",
        w.and_then(|w| w.dom_rx_error_db.as_ref()),
        Against::Tolerance,
    );
    figure_row(
        o,
        "DOM temperature error",
        w.and_then(|w| w.dom_temperature_error_c.as_ref()),
        Against::Tolerance,
    );
    temperature_rows(o, grade, figs);
    figure_row(
        o,
        "Post-FEC BER upper bound reached",
        w.and_then(|w| w.post_fec_ber_bound.as_ref()),
        Against::Target,
    );
    figure_row(
        o,
        "Pre-FEC BER (worst)",
        w.and_then(|w| w.pre_fec_ber.as_ref()),
        Against::Limit,
    );
    figure_row(
        o,
        "Advertised maximum power",
        w.and_then(|w| w.power_w.as_ref()),
        Against::Budget,
    );
    figure_row(
        o,
        "Power drawn (measured by the host)",
        w.and_then(|w| w.power_drawn_w.as_ref()),
        Against::Budget,
    );
    o.push_str("</tbody></table></div>");
}

fn temperature_rows(o: &mut String, grade: Option<&TempGrade>, figs: Option<&SkuFigures>) {
    let grade_words = grade.map_or("grade unknown".to_string(), |g| {
        format!("{} grade {}", g.name, range(g.min_c, g.max_c))
    });
    let w = figs.map(|f| &f.worst);
    let passed = w.and_then(|w| w.temperature_passed_c);
    let tested = w.and_then(|w| w.temperature_tested_c);
    let tested_words = tested
        .map(|(lo, hi)| format!("setpoints tested {}", range(lo, hi)))
        .unwrap_or_default();
    const SHORT: &str = "<span class=\"oc oc-fail\">Short of the grade</span>";
    match (passed, tested) {
        (Some((lo, hi)), _) => {
            let verdict = match grade {
                Some(g) if lo <= g.min_c && hi >= g.max_c => {
                    "<span class=\"oc oc-pass\">Covers the grade</span>"
                }
                Some(_) => SHORT,
                None => "—",
            };
            row(
                o,
                "Temperature range passed (chamber setpoints)",
                &esc(&range(lo, hi)),
                &esc(&grade_words),
                verdict,
                &esc(&tested_words),
            );
        }
        (None, Some(_)) => row(
            o,
            "Temperature range passed (chamber setpoints)",
            "no setpoint passed",
            &esc(&grade_words),
            SHORT,
            &esc(&tested_words),
        ),
        (None, None) => row(
            o,
            "Temperature range passed (chamber setpoints)",
            "—",
            &esc(&grade_words),
            "—",
            "",
        ),
    }
    let grade_max = grade.map_or("—".to_string(), |g| {
        format!("grade max {}", with_unit(g.max_c, "degC"))
    });
    match w.and_then(|w| w.max_case_temperature_c) {
        Some(t) => row(
            o,
            "Highest case temperature reported",
            &esc(&with_unit(t, "degC")),
            &esc(&grade_max),
            "<span class=\"small\">for information</span>",
            "",
        ),
        None => row(o, "Highest case temperature reported", "—", "—", "—", ""),
    }
}
