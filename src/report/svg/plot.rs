//! A small plot builder that writes one self-contained `<svg>` element: a frame, ticks and grid
//! lines, axis labels with units, one polyline and/or markers per series with a legend, and
//! labelled horizontal reference lines (limits, targets). It scales with its `viewBox`, sets
//! every style inline (so it reads the same outside the page), and escapes every text.

use std::fmt::Write as _;

use super::scale::{Scale, ScaleKind};
use super::ticks::{LinearTicks, LogTicks, linear_ticks, log_ticks};
use crate::report::xml::{attr, push_text};

/// Width of the drawing in user units (the `viewBox`); the page scales it.
pub const WIDTH: f64 = 720.0;
/// Top of the plot area (room for the title).
pub const PLOT_TOP: f64 = 36.0;
/// Height of the plot area.
pub const PLOT_HEIGHT: f64 = 240.0;
/// Left edge of the plot area (room for the y tick labels and the y axis label).
pub const PLOT_LEFT: f64 = 72.0;
/// Right edge of the plot area.
pub const PLOT_RIGHT: f64 = WIDTH - 24.0;
/// Narrowest legend entry (four columns across the plot).
const LEGEND_COLUMN: f64 = 156.0;
/// Longest legend text, in characters (longer names are cut with an ellipsis).
const LEGEND_MAX_CHARS: usize = 60;
/// Width a legend character takes at font size 11, roughly.
const LEGEND_CHAR: f64 = 6.2;
/// Height of one legend row.
const LEGEND_ROW: f64 = 16.0;
/// Series colours, in order (distinct in print and for the common colour blindnesses).
pub const PALETTE: [&str; 10] = [
    "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
    "#bcbd22", "#17becf",
];
/// Colour of reference lines.
const REFERENCE_COLOUR: &str = "#444444";

/// Whether an axis is linear or log10.
#[derive(Debug, Clone, PartialEq)]
pub struct Axis {
    /// What the axis shows, e.g. `time`.
    pub label: String,
    /// Unit, e.g. `s`; shown as `label (unit)`.
    pub unit: String,
    /// Linear or log10.
    pub kind: ScaleKind,
}

impl Axis {
    fn title(&self) -> String {
        if self.unit.is_empty() {
            self.label.clone()
        } else {
            format!("{} ({})", self.label, self.unit)
        }
    }
}

/// How a series is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// A polyline through the points.
    Line,
    /// A marker at each point.
    Markers,
    /// Both.
    LineMarkers,
}

/// One series.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// Legend text.
    pub name: String,
    /// Points (x, y); points that cannot be shown (NaN, infinite, ≤ 0 on a log axis) are
    /// skipped and break the polyline.
    pub points: Vec<(f64, f64)>,
    /// How it is drawn.
    pub style: Style,
    /// Dashed polyline (e.g. the chamber beside the module).
    pub dashed: bool,
}

/// A horizontal reference line (a limit, a target, a bound) with its label.
#[derive(Debug, Clone, PartialEq)]
pub struct Reference {
    /// Where it is drawn.
    pub y: f64,
    /// Its label, written at the right end above the line.
    pub label: String,
}

/// A plot under construction.
#[derive(Debug, Clone, PartialEq)]
pub struct Plot {
    /// Title, above the plot area.
    pub title: String,
    /// The x axis.
    pub x: Axis,
    /// The y axis.
    pub y: Axis,
    /// Series, drawn in order with [`PALETTE`] colours.
    pub lines: Vec<Line>,
    /// Reference lines.
    pub references: Vec<Reference>,
    /// Written in the plot area when no point can be drawn.
    pub empty_text: String,
}

impl Plot {
    /// An empty plot with linear axes.
    pub fn new(title: impl Into<String>) -> Self {
        let axis = || Axis {
            label: String::new(),
            unit: String::new(),
            kind: ScaleKind::Linear,
        };
        Plot {
            title: title.into(),
            x: axis(),
            y: axis(),
            lines: Vec::new(),
            references: Vec::new(),
            empty_text: "no data to plot".to_string(),
        }
    }

    /// What to write in the plot area when no point can be drawn.
    pub fn empty_text(mut self, text: impl Into<String>) -> Self {
        self.empty_text = text.into();
        self
    }

    /// Names the linear x axis.
    pub fn x_axis(mut self, label: impl Into<String>, unit: impl Into<String>) -> Self {
        self.x.label = label.into();
        self.x.unit = unit.into();
        self
    }

    /// Names the linear y axis.
    pub fn y_axis(mut self, label: impl Into<String>, unit: impl Into<String>) -> Self {
        self.y.label = label.into();
        self.y.unit = unit.into();
        self.y.kind = ScaleKind::Linear;
        self
    }

    /// Names the y axis and makes it log10.
    pub fn y_log_axis(mut self, label: impl Into<String>, unit: impl Into<String>) -> Self {
        self = self.y_axis(label, unit);
        self.y.kind = ScaleKind::Log10;
        self
    }

    /// Adds a series.
    pub fn line(
        mut self,
        name: impl Into<String>,
        points: Vec<(f64, f64)>,
        style: Style,
        dashed: bool,
    ) -> Self {
        self.lines.push(Line {
            name: name.into(),
            points,
            style,
            dashed,
        });
        self
    }

    /// Adds a horizontal reference line.
    pub fn reference(mut self, y: f64, label: impl Into<String>) -> Self {
        self.references.push(Reference {
            y,
            label: label.into(),
        });
        self
    }

    /// How many points of all series can be drawn.
    pub fn drawable_points(&self) -> usize {
        self.lines
            .iter()
            .flat_map(|l| &l.points)
            .filter(|&&(x, y)| x.is_finite() && self.y_ok(y))
            .count()
    }

    fn y_ok(&self, y: f64) -> bool {
        y.is_finite() && (self.y.kind == ScaleKind::Linear || y > 0.0)
    }

    /// Height of the drawing for `entries` legend entries in `columns` columns.
    pub fn height_for(entries: usize, columns: usize) -> f64 {
        let rows = entries.div_ceil(columns.max(1)) as f64;
        PLOT_TOP + PLOT_HEIGHT + 48.0 + rows * LEGEND_ROW
    }

    /// Legend columns, their width and the characters an entry keeps: as many columns of at
    /// least [`LEGEND_COLUMN`] as the longest name allows.
    pub fn legend_layout(&self) -> (usize, f64, usize) {
        let longest = self
            .lines
            .iter()
            .map(|l| l.name.chars().count())
            .max()
            .unwrap_or(0)
            .min(LEGEND_MAX_CHARS);
        let area = PLOT_RIGHT - PLOT_LEFT;
        let needed = (22.0 + longest as f64 * LEGEND_CHAR + 10.0).max(LEGEND_COLUMN);
        let columns = ((area / needed).floor() as usize).max(1);
        let width = area / columns as f64;
        let chars = (((width - 32.0) / LEGEND_CHAR).floor() as usize).max(4);
        (columns, width, chars)
    }

    /// The axes' scales (in drawing units) and ticks for the data.
    pub fn layout(&self) -> Layout {
        // Every finite x counts, also of points a log axis cannot show (a BER of 0): the
        // time axis still spans the whole soak.
        let xs = self
            .lines
            .iter()
            .flat_map(|l| &l.points)
            .map(|&(x, _)| x)
            .filter(|x| x.is_finite());
        let (x_lo, x_hi) = bounds(xs);
        let ys = self
            .lines
            .iter()
            .flat_map(|l| &l.points)
            .filter(|&&(x, y)| x.is_finite() && self.y_ok(y))
            .map(|&(_, y)| y)
            .chain(
                self.references
                    .iter()
                    .map(|r| r.y)
                    .filter(|&y| self.y_ok(y)),
            );
        let (y_lo, y_hi) = bounds(ys);
        let x_ticks = linear_ticks(x_lo, x_hi, 6);
        let x = Scale::linear(x_ticks.lo, x_ticks.hi, PLOT_LEFT, PLOT_RIGHT);
        let bottom = PLOT_TOP + PLOT_HEIGHT;
        let (y, y_ticks) = match self.y.kind {
            ScaleKind::Linear => {
                let t = linear_ticks(y_lo, y_hi, 5);
                (
                    Scale::linear(t.lo, t.hi, bottom, PLOT_TOP),
                    YTicks::Linear(t),
                )
            }
            ScaleKind::Log10 => {
                let t = log_ticks(y_lo, y_hi);
                (Scale::log10(t.lo, t.hi, bottom, PLOT_TOP), YTicks::Log(t))
            }
        };
        Layout {
            x,
            y,
            x_ticks,
            y_ticks,
        }
    }

    /// The `<svg>` element.
    pub fn render(&self) -> String {
        let layout = self.layout();
        let (columns, _, _) = self.legend_layout();
        let height = Self::height_for(self.lines.len(), columns);
        let mut o = String::with_capacity(4096);
        let _ = write!(
            o,
            "<svg class=\"plot\" viewBox=\"0 0 {WIDTH} {height}\" \
             role=\"img\" font-family=\"sans-serif\" font-size=\"11\">"
        );
        o.push_str("<title>");
        push_text(&mut o, &self.title);
        o.push_str("</title>");
        let _ = write!(
            o,
            "<text x=\"{}\" y=\"20\" text-anchor=\"middle\" font-size=\"13\" font-weight=\"bold\">",
            WIDTH / 2.0
        );
        push_text(&mut o, &self.title);
        o.push_str("</text>");
        self.render_axes(&mut o, &layout);
        let drawable = self.drawable_points();
        if drawable == 0 {
            let _ = write!(
                o,
                "<text class=\"no-data\" x=\"{}\" y=\"{}\" text-anchor=\"middle\" fill=\"#777\">",
                num((PLOT_LEFT + PLOT_RIGHT) / 2.0),
                num(PLOT_TOP + PLOT_HEIGHT / 2.0)
            );
            push_text(&mut o, &self.empty_text);
            o.push_str("</text>");
        }
        for (i, line) in self.lines.iter().enumerate() {
            self.render_line(&mut o, &layout, line, PALETTE[i % PALETTE.len()]);
        }
        for r in &self.references {
            self.render_reference(&mut o, &layout, r);
        }
        self.render_legend(&mut o);
        o.push_str("</svg>");
        o
    }

    fn render_axes(&self, o: &mut String, l: &Layout) {
        let bottom = PLOT_TOP + PLOT_HEIGHT;
        let _ = write!(
            o,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"#fff\" stroke=\"#999\"/>",
            num(PLOT_LEFT),
            num(PLOT_TOP),
            num(PLOT_RIGHT - PLOT_LEFT),
            num(PLOT_HEIGHT)
        );
        o.push_str("<g class=\"x-ticks\" text-anchor=\"middle\">");
        for &v in &l.x_ticks.values {
            if let Some(px) = l.x.map(v) {
                let _ = write!(
                    o,
                    "<line x1=\"{p}\" y1=\"{t}\" x2=\"{p}\" y2=\"{b}\" stroke=\"#e4e4e4\"/>\
                     <text x=\"{p}\" y=\"{ly}\">",
                    p = num(px),
                    t = num(PLOT_TOP),
                    b = num(bottom),
                    ly = num(bottom + 15.0)
                );
                push_text(o, &l.x_ticks.label(v));
                o.push_str("</text>");
            }
        }
        o.push_str("</g><g class=\"y-ticks\" text-anchor=\"end\">");
        let y_ticks: Vec<(f64, String)> = match &l.y_ticks {
            YTicks::Linear(t) => t.values.iter().map(|&v| (v, t.label(v))).collect(),
            YTicks::Log(t) => t
                .exponents
                .iter()
                .map(|&e| (10f64.powi(e), LogTicks::label(e)))
                .collect(),
        };
        for (v, label) in y_ticks {
            if let Some(py) = l.y.map(v) {
                let _ = write!(
                    o,
                    "<line x1=\"{a}\" y1=\"{p}\" x2=\"{b}\" y2=\"{p}\" stroke=\"#e4e4e4\"/>\
                     <text x=\"{lx}\" y=\"{ty}\">",
                    a = num(PLOT_LEFT),
                    b = num(PLOT_RIGHT),
                    p = num(py),
                    lx = num(PLOT_LEFT - 6.0),
                    ty = num(py + 4.0)
                );
                push_text(o, &label);
                o.push_str("</text>");
            }
        }
        o.push_str("</g>");
        let _ = write!(
            o,
            "<text class=\"x-label\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">",
            num((PLOT_LEFT + PLOT_RIGHT) / 2.0),
            num(bottom + 34.0)
        );
        push_text(o, &self.x.title());
        let cy = PLOT_TOP + PLOT_HEIGHT / 2.0;
        let _ = write!(
            o,
            "</text><text class=\"y-label\" x=\"16\" y=\"{cy}\" text-anchor=\"middle\" \
             transform=\"rotate(-90 16 {cy})\">",
            cy = num(cy)
        );
        push_text(o, &self.y.title());
        o.push_str("</text>");
    }

    fn render_line(&self, o: &mut String, l: &Layout, line: &Line, colour: &str) {
        let mapped: Vec<Option<(f64, f64)>> = line
            .points
            .iter()
            .map(|&(x, y)| Some((l.x.map(x)?, l.y.map(y)?)))
            .collect();
        o.push_str("<g class=\"series\"");
        attr(o, "data-name", &line.name);
        o.push('>');
        if matches!(line.style, Style::Line | Style::LineMarkers) {
            let dash = if line.dashed {
                " stroke-dasharray=\"6 4\""
            } else {
                ""
            };
            for run in mapped.split(Option::is_none) {
                let pts: Vec<(f64, f64)> = run.iter().flatten().copied().collect();
                match pts.as_slice() {
                    [] => {}
                    // A lone point of a line still shows.
                    [(x, y)] if line.style == Style::Line => {
                        let _ = write!(
                            o,
                            "<circle cx=\"{}\" cy=\"{}\" r=\"2.5\" fill=\"{colour}\"/>",
                            num(*x),
                            num(*y)
                        );
                    }
                    [_] => {}
                    pts => {
                        o.push_str("<polyline fill=\"none\" stroke-width=\"1.8\" points=\"");
                        for (i, (x, y)) in pts.iter().enumerate() {
                            if i > 0 {
                                o.push(' ');
                            }
                            let _ = write!(o, "{},{}", num(*x), num(*y));
                        }
                        let _ = write!(o, "\" stroke=\"{colour}\"{dash}/>");
                    }
                }
            }
        }
        if matches!(line.style, Style::Markers | Style::LineMarkers) {
            for (x, y) in mapped.iter().flatten() {
                let _ = write!(
                    o,
                    "<circle cx=\"{}\" cy=\"{}\" r=\"3\" fill=\"{colour}\" fill-opacity=\"0.85\"/>",
                    num(*x),
                    num(*y)
                );
            }
        }
        o.push_str("</g>");
    }

    fn render_reference(&self, o: &mut String, l: &Layout, r: &Reference) {
        let Some(py) = l.y.map(r.y) else {
            return;
        };
        let _ = write!(
            o,
            "<g class=\"reference\"><line x1=\"{a}\" y1=\"{p}\" x2=\"{b}\" y2=\"{p}\" \
             stroke=\"{REFERENCE_COLOUR}\" stroke-width=\"1.2\" stroke-dasharray=\"2 3\"/>\
             <text x=\"{tx}\" y=\"{ty}\" text-anchor=\"end\" fill=\"{REFERENCE_COLOUR}\" \
             stroke=\"#fff\" stroke-width=\"3\" paint-order=\"stroke\">",
            a = num(PLOT_LEFT),
            b = num(PLOT_RIGHT),
            p = num(py),
            tx = num(PLOT_RIGHT - 4.0),
            ty = num(py - 4.0)
        );
        push_text(o, &r.label);
        o.push_str("</text></g>");
    }

    fn render_legend(&self, o: &mut String) {
        let top = PLOT_TOP + PLOT_HEIGHT + 50.0;
        let (cols, column_width, chars) = self.legend_layout();
        o.push_str("<g class=\"legend\">");
        for (i, line) in self.lines.iter().enumerate() {
            let colour = PALETTE[i % PALETTE.len()];
            let x = PLOT_LEFT + (i % cols) as f64 * column_width;
            let y = top + (i / cols) as f64 * LEGEND_ROW;
            let dash = if line.dashed {
                " stroke-dasharray=\"4 3\""
            } else {
                ""
            };
            let _ = write!(
                o,
                "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{colour}\" stroke-width=\"2.5\"{dash}/>\
                 <text x=\"{}\" y=\"{}\">",
                num(x),
                num(y - 4.0),
                num(x + 18.0),
                num(y - 4.0),
                num(x + 22.0),
                num(y)
            );
            push_text(o, &clip(&line.name, chars));
            o.push_str("</text>");
        }
        o.push_str("</g>");
    }
}

/// The scales and ticks of a rendered plot.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    /// x values → drawing units.
    pub x: Scale,
    /// y values → drawing units (downwards).
    pub y: Scale,
    /// x ticks.
    pub x_ticks: LinearTicks,
    /// y ticks.
    pub y_ticks: YTicks,
}

/// Ticks of the y axis.
#[derive(Debug, Clone, PartialEq)]
pub enum YTicks {
    /// Linear.
    Linear(LinearTicks),
    /// Decades.
    Log(LogTicks),
}

/// Lowest and highest of finite values; NaN when there are none.
fn bounds(values: impl Iterator<Item = f64>) -> (f64, f64) {
    values.fold((f64::NAN, f64::NAN), |(lo, hi), v| (lo.min(v), hi.max(v)))
}

/// At most `max` characters, with an ellipsis when cut (legends have fixed columns).
fn clip(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(max.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

/// A coordinate with one decimal, without a trailing `.0`.
fn num(v: f64) -> String {
    let s = format!("{v:.1}");
    match s.strip_suffix(".0") {
        Some(int) if int != "-0" => int.to_string(),
        Some(_) => "0".to_string(),
        None => s,
    }
}

#[cfg(test)]
mod tests;
