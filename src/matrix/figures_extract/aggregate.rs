//! The worst of each key figure over the modules and runs of a SKU.

use std::collections::BTreeSet;

use crate::matrix::figures::{Figure, ModuleFigures, SkuFigures};

/// The worst of each figure over `figures` (every figure is worse when higher; the first of
/// equals is kept, so its `source` names the earliest module): the temperature range passed is
/// what every swept module passed (the intersection; `None` when one passed no setpoint or the
/// ranges do not overlap), the range tested spans every module's. `modules` counts distinct
/// serial numbers (a module with none counts once per run and slot), `runs` distinct run ids.
/// The `worst` record's own `run_id`, `slot` and `sn` are empty: each figure names its source.
pub fn aggregate(sku: &str, figures: &[ModuleFigures]) -> SkuFigures {
    let modules: BTreeSet<String> = figures
        .iter()
        .map(|f| {
            if f.sn.is_empty() {
                format!("\u{0}{}/{}", f.run_id, f.slot)
            } else {
                f.sn.clone()
            }
        })
        .collect();
    let runs: BTreeSet<&str> = figures.iter().map(|f| f.run_id.as_str()).collect();
    let worst_of = |pick: fn(&ModuleFigures) -> &Option<Figure>| {
        figures
            .iter()
            .filter_map(|f| pick(f).as_ref())
            .fold(None::<&Figure>, |worst, f| match worst {
                Some(w) if w.value >= f.value => Some(w),
                _ => Some(f),
            })
            .cloned()
    };
    let worst = ModuleFigures {
        run_id: String::new(),
        slot: String::new(),
        sn: String::new(),
        power_up_ms: worst_of(|f| &f.power_up_ms),
        dp_activate_ms: worst_of(|f| &f.dp_activate_ms),
        dom_tx_error_db: worst_of(|f| &f.dom_tx_error_db),
        dom_rx_error_db: worst_of(|f| &f.dom_rx_error_db),
        dom_temperature_error_c: worst_of(|f| &f.dom_temperature_error_c),
        temperature_passed_c: passed_by_all(figures),
        temperature_tested_c: span(figures.iter().filter_map(|f| f.temperature_tested_c)),
        max_case_temperature_c: figures
            .iter()
            .filter_map(|f| f.max_case_temperature_c)
            .reduce(f64::max),
        post_fec_ber_bound: worst_of(|f| &f.post_fec_ber_bound),
        pre_fec_ber: worst_of(|f| &f.pre_fec_ber),
        power_w: worst_of(|f| &f.power_w),
        power_drawn_w: worst_of(|f| &f.power_drawn_w),
    };
    SkuFigures {
        sku: sku.to_string(),
        modules: modules.len(),
        runs: runs.len(),
        worst,
    }
}

/// The range every swept module passed.
fn passed_by_all(figures: &[ModuleFigures]) -> Option<(f64, f64)> {
    let mut swept = figures
        .iter()
        .filter(|f| f.temperature_tested_c.is_some() || f.temperature_passed_c.is_some())
        .peekable();
    swept.peek()?;
    let mut range: Option<(f64, f64)> = None;
    for f in swept {
        let (lo, hi) = f.temperature_passed_c?;
        range = Some(range.map_or((lo, hi), |(a, b)| (a.max(lo), b.min(hi))));
    }
    range.filter(|(lo, hi)| lo <= hi)
}

/// Lowest low and highest high.
fn span(ranges: impl Iterator<Item = (f64, f64)>) -> Option<(f64, f64)> {
    ranges.reduce(|(a, b), (lo, hi)| (a.min(lo), b.max(hi)))
}
