//! Inline SVG plots for the HTML reports: "nice" ticks on linear and log10 axes, the mapping
//! from values to drawing units, and a small plot builder (series with a legend, markers,
//! labelled reference lines). Pure: values in, an `<svg>` string out.

pub mod plot;
pub mod scale;
pub mod ticks;

pub use plot::{Plot, Style};
pub use scale::{Scale, ScaleKind};
