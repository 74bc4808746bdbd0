//! The plots of a SKU or a run, taken from the series and measurements of its modules: the
//! thermal sweep (module and chamber temperature over time), the DOM Tx power error against
//! the sweep's setpoints, and the pre-FEC BER of a soak over time with the limit, the post-FEC
//! bound reached and the target as reference lines.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::format::{esc, num};
use crate::matrix::TempGrade;
use crate::report::svg::plot::PALETTE;
use crate::report::svg::{Plot, Style};
use crate::results::{CheckResult, ModuleResult, RunResults};

/// Most series one plot draws (one colour each); the caption says how many were left out.
const MAX_LINES: usize = PALETTE.len();

/// One module of one run.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Unit<'a> {
    /// The run.
    pub run: &'a RunResults,
    /// The module.
    pub module: &'a ModuleResult,
}

impl Unit<'_> {
    /// `SN (slot)`, or the slot alone when the serial number is unknown; with the run id when
    /// the plot mixes runs.
    fn name(&self, with_run: bool) -> String {
        let sn = self.module.identity.sn.trim();
        let mut s = if sn.is_empty() {
            self.module.slot.clone()
        } else {
            format!("{sn} ({})", self.module.slot)
        };
        if with_run {
            s.push_str(" · ");
            s.push_str(&self.run.run_id);
        }
        s
    }

    fn checks_of(&self, kind: &str) -> impl Iterator<Item = &CheckResult> {
        self.module.checks.iter().filter(move |c| c.kind == kind)
    }
}

/// What the reference lines need beyond the results.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Context<'a> {
    /// The SKU's temperature grade (lines on the thermal plot).
    pub grade: Option<&'a TempGrade>,
    /// Post-FEC BER target (a line on the BER plot).
    pub target_ber: Option<f64>,
}

/// Most modules whose data one set of plots takes (a station of a thousand modules would
/// make unreadable plots and a huge page); the first ones, in run and slot order.
pub(crate) const MAX_UNITS: usize = 40;

/// Every plot there is data for, each a `<figure>`; a note first when modules were left out.
pub(crate) fn figures(units: &[Unit<'_>], ctx: Context<'_>) -> Vec<String> {
    let shown = &units[..units.len().min(MAX_UNITS)];
    let mut out: Vec<String> = [thermal(shown, ctx), dom_error(shown), ber(shown, ctx)]
        .into_iter()
        .flatten()
        .collect();
    if units.len() > MAX_UNITS && !out.is_empty() {
        out.insert(
            0,
            format!(
                "<p class=\"small\">The plots show the first {MAX_UNITS} of {} modules; the key \
                 figures and the evidence cover all of them.</p>",
                units.len()
            ),
        );
    }
    out
}

fn several_runs(units: &[Unit<'_>]) -> bool {
    units
        .iter()
        .any(|u| units.first().is_some_and(|f| f.run.run_id != u.run.run_id))
}

fn figure(kind: &str, plot: &Plot, caption: &str) -> String {
    let mut o = String::new();
    let _ = write!(
        o,
        "<figure class=\"plot\" data-plot=\"{kind}\">{}<figcaption>{caption}</figcaption></figure>",
        plot.render()
    );
    o
}

fn left_out(n: usize) -> String {
    if n == 0 {
        String::new()
    } else {
        format!(" {n} more series not drawn (one colour per series).")
    }
}

/// Module and chamber temperature over the sweep.
fn thermal(units: &[Unit<'_>], ctx: Context<'_>) -> Option<String> {
    let with_run = several_runs(units);
    let mut modules = Vec::new();
    let mut chambers: Vec<(String, Vec<(f64, f64)>)> = Vec::new();
    for u in units {
        for c in u.checks_of("thermal_sweep") {
            for s in &c.series {
                match s.name.as_str() {
                    "module_temperature_c" => modules.push((u.name(with_run), s.points.clone())),
                    // One chamber per run: every module of a run sat in the same chamber.
                    "chamber_temperature_c" => {
                        let name = if with_run {
                            format!("chamber · {}", u.run.run_id)
                        } else {
                            "chamber".to_string()
                        };
                        if !chambers.iter().any(|(n, _)| *n == name) {
                            chambers.push((name, s.points.clone()));
                        }
                    }
                    _ => {}
                }
            }
        }
    }
    if modules.is_empty() && chambers.is_empty() {
        return None;
    }
    let total = modules.len() + chambers.len();
    let mut plot = Plot::new("Thermal sweep: module and chamber temperature")
        .x_axis("time since the sweep started", "s")
        .y_axis("temperature", "°C");
    // Chambers first, so they are never the ones left out.
    for (name, points) in chambers.into_iter().take(MAX_LINES) {
        plot = plot.line(name, points, Style::Line, true);
    }
    for (name, points) in modules
        .into_iter()
        .take(MAX_LINES.saturating_sub(plot.lines.len()))
    {
        plot = plot.line(name, points, Style::Line, false);
    }
    let mut caption =
        String::from("Module case temperature as reported by DOM (solid) and chamber (dashed).");
    if let Some(g) = ctx.grade {
        plot = plot
            .reference(g.min_c, format!("grade min {} °C", num(g.min_c)))
            .reference(g.max_c, format!("grade max {} °C", num(g.max_c)));
        let _ = write!(
            caption,
            " Dotted: the SKU's {} grade, {} … {} °C.",
            esc(&g.name),
            num(g.min_c),
            num(g.max_c)
        );
    }
    caption.push_str(&left_out(total - plot.lines.len()));
    Some(figure("thermal", &plot, &caption))
}

/// The setpoint (°C) of a path segment like `70C` or `-5C`.
fn setpoint(segment: &str) -> Option<f64> {
    segment
        .strip_suffix('C')?
        .parse::<f64>()
        .ok()
        .filter(|t| t.is_finite())
}

/// Setpoint and lane of a Tx power error measured during a thermal sweep: the measurement
/// `70C/dom_accuracy/lane3.tx_power_error_db` of the sweep, or `lane3.tx_power_error_db` of
/// a check `thermal_sweep/70C/dom_accuracy`.
pub(crate) fn tx_error_at(check_id: &str, name: &str) -> Option<(f64, u32)> {
    let (path, last) = name.rsplit_once('/').unwrap_or(("", name));
    let lane = last
        .strip_prefix("lane")?
        .strip_suffix(".tx_power_error_db")?
        .parse::<u32>()
        .ok()?;
    let t = path
        .split('/')
        .chain(check_id.split('/'))
        .find_map(setpoint)?;
    Some((t, lane))
}

/// Tx power error per lane at each setpoint.
fn dom_error(units: &[Unit<'_>]) -> Option<String> {
    let mut lanes: BTreeMap<u32, Vec<(f64, f64)>> = BTreeMap::new();
    let mut limits: Option<(Option<f64>, Option<f64>)> = None;
    let mut contributors = 0;
    for u in units {
        let before: usize = lanes.values().map(Vec::len).sum();
        for c in &u.module.checks {
            for m in &c.measurements {
                let (Some((t, lane)), Some(v)) = (tx_error_at(&c.id, &m.name), m.value) else {
                    continue;
                };
                lanes.entry(lane).or_default().push((t, v));
                limits.get_or_insert((m.low, m.high));
            }
        }
        if lanes.values().map(Vec::len).sum::<usize>() > before {
            contributors += 1;
        }
    }
    if lanes.is_empty() {
        return None;
    }
    // Joined points only read as a trend when they come from one module.
    let style = if contributors == 1 {
        Style::LineMarkers
    } else {
        Style::Markers
    };
    let total = lanes.len();
    let mut plot = Plot::new("DOM Tx power error against temperature")
        .x_axis("chamber setpoint", "°C")
        .y_axis("Tx power error (DOM − reference)", "dB");
    for (lane, mut points) in lanes.into_iter().take(MAX_LINES) {
        points.sort_by(|a, b| a.0.total_cmp(&b.0));
        plot = plot.line(format!("lane {lane}"), points, style, false);
    }
    let mut caption =
        format!("Tx power error of each lane at each setpoint, {contributors} module(s).");
    if let Some((low, high)) = limits {
        if let Some(h) = high {
            plot = plot.reference(h, format!("limit {} dB", num(h)));
        }
        if let Some(l) = low {
            plot = plot.reference(l, format!("limit {} dB", num(l)));
        }
        if low.is_some() || high.is_some() {
            caption.push_str(" Dotted: the limits the check applied.");
        }
    }
    caption.push_str(&left_out(total - plot.lines.len()));
    Some(figure("dom_error", &plot, &caption))
}

/// Pre-FEC BER over the soak, with its limit, the post-FEC bound and the target.
fn ber(units: &[Unit<'_>], ctx: Context<'_>) -> Option<String> {
    let with_run = several_runs(units);
    let mut lines = Vec::new();
    let mut limit = None;
    let mut bound: Option<f64> = None;
    for u in units {
        for c in u.checks_of("ber_soak") {
            for s in c.series.iter().filter(|s| s.name == "pre_fec_ber") {
                lines.push((u.name(with_run), s.points.clone()));
            }
            for m in &c.measurements {
                match (m.name.as_str(), m.value) {
                    ("pre_fec_ber", _) if limit.is_none() => limit = m.high,
                    ("post_fec_ber_upper", Some(v)) if v.is_finite() => {
                        bound = Some(bound.map_or(v, |b| b.max(v)));
                    }
                    _ => {}
                }
            }
        }
    }
    if lines.is_empty() {
        return None;
    }
    let samples: usize = lines.iter().map(|(_, p)| p.len()).sum();
    let zeros = lines
        .iter()
        .flat_map(|(_, p)| p)
        .filter(|(_, y)| *y <= 0.0)
        .count();
    let total = lines.len();
    let mut plot = Plot::new("BER soak: pre-FEC BER over time")
        .x_axis("time since the soak started", "s")
        .y_log_axis("pre-FEC BER", "")
        .empty_text("no pre-FEC bit errors counted: BER 0 in every interval");
    for (name, points) in lines.into_iter().take(MAX_LINES) {
        plot = plot.line(name, points, Style::LineMarkers, false);
    }
    let mut caption = String::from("Pre-FEC BER of each sampling interval, log scale.");
    let mut dotted: Vec<&str> = Vec::new();
    if let Some(l) = limit {
        plot = plot.reference(l, format!("pre-FEC limit {}", num(l)));
        dotted.push("the pre-FEC limit");
    }
    if let Some(b) = bound {
        plot = plot.reference(b, format!("post-FEC BER bound reached {}", num(b)));
        dotted.push("the worst post-FEC BER upper confidence bound the soak reached");
    }
    if let Some(t) = ctx.target_ber {
        plot = plot.reference(t, format!("post-FEC target {}", num(t)));
        dotted.push("the post-FEC BER target");
    }
    if !dotted.is_empty() {
        let _ = write!(caption, " Dotted: {}.", dotted.join(", "));
    }
    if zeros > 0 {
        let _ = write!(
            caption,
            " {zeros} of {samples} samples counted no errors (BER 0), which a log scale cannot show."
        );
    }
    caption.push_str(&left_out(total - plot.lines.len()));
    Some(figure("ber", &plot, &caption))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn setpoints_and_lanes_are_read_from_names() {
        assert_eq!(
            tx_error_at("thermal_sweep", "70C/dom_accuracy/lane3.tx_power_error_db"),
            Some((70.0, 3))
        );
        assert_eq!(
            tx_error_at("thermal_sweep", "-5C/dom_accuracy/lane1.tx_power_error_db"),
            Some((-5.0, 1))
        );
        assert_eq!(
            tx_error_at("thermal_sweep/70C/dom_accuracy", "lane2.tx_power_error_db"),
            Some((70.0, 2))
        );
        // Room-temperature DOM accuracy has no setpoint.
        assert_eq!(tx_error_at("dom_accuracy", "lane1.tx_power_error_db"), None);
        assert_eq!(
            tx_error_at("thermal_sweep", "70C/dom_accuracy/lane1.rx_power_error_db"),
            None
        );
        assert_eq!(
            tx_error_at("thermal_sweep", "70C/dom_accuracy/laneX.tx_power_error_db"),
            None
        );
        assert_eq!(
            tx_error_at("thermal_sweep", "NaNC/lane1.tx_power_error_db"),
            None
        );
    }
}
