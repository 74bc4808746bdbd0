//! The qualification report a buyer reads: one self-contained HTML file (inline style sheet,
//! inline SVG plots, no script, nothing fetched) that opens offline and prints well. Every
//! string from a module, a plan or a log is escaped: markup as entities, control and bidi
//! characters as visible escapes.
//!
//! [`render_matrix`] writes the page of a matrix view (heat map, per-SKU figures and plots,
//! evidence); [`render_run`] the page of one run.

mod evidence;
mod figures;
mod format;
mod heatmap;
mod matrix_page;
mod page;
mod plots;
mod run_page;
mod style;

#[cfg(test)]
pub(crate) mod tests;

pub(crate) use heatmap::Axes;
pub use matrix_page::render_matrix;
pub use run_page::render_run;
pub use style::{STATUSES, status_colour, status_hex};
