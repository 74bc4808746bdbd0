//! Reports of a run (issue 4 item 7): `results.json` (design.md §4.3), `junit.xml` (valid against
//! `shared/schemas/junit-10.xsd`) and `summary.md`, written into `reports/<run-id>/`.
//!
//! The report layer knows runner results and plan metadata, never transports or instruments. It
//! is synchronous and pure: every renderer maps a [`RunResults`] to a `String`; only
//! [`write_all`] touches the file system.

pub mod error;
pub mod html;
pub mod json;
pub mod junit;
pub mod matrix_md;
pub mod samples;
pub mod summary;
pub mod svg;
pub mod tally;
pub mod write;

mod clock;
mod markdown;
mod names;
mod xml;

#[cfg(test)]
mod tests;

use std::str::FromStr;

use crate::results::RunResults;

pub use error::ReadError;
pub use tally::Tally;
pub use write::{JUNIT_XML, REPORT_HTML, RESULTS_JSON, SUMMARY_MD, Written, write_all};

/// One of the report formats of a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// `results.json`, the machine-readable contract.
    Json,
    /// `junit.xml`, for CI.
    Junit,
    /// `summary.md`, for people.
    Md,
    /// `report.html`, the self-contained page with plots and evidence.
    Html,
}

impl Format {
    /// Every format, in the order they are written.
    pub const ALL: [Format; 4] = [Format::Json, Format::Junit, Format::Md, Format::Html];

    /// The word used on the command line (`--format json|junit|md|html`).
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Junit => "junit",
            Format::Md => "md",
            Format::Html => "html",
        }
    }

    /// The file name of this report inside `reports/<run-id>/`.
    pub fn file_name(self) -> &'static str {
        match self {
            Format::Json => RESULTS_JSON,
            Format::Junit => JUNIT_XML,
            Format::Md => SUMMARY_MD,
            Format::Html => write::REPORT_HTML,
        }
    }
}

/// A format word that is none of `json`, `junit`, `md`, `html`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown report format {0:?} (expected json, junit, md or html)")]
pub struct UnknownFormat(pub String);

impl FromStr for Format {
    type Err = UnknownFormat;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "json" => Ok(Format::Json),
            "junit" | "xml" => Ok(Format::Junit),
            "md" | "markdown" => Ok(Format::Md),
            "html" => Ok(Format::Html),
            _ => Err(UnknownFormat(s.to_string())),
        }
    }
}

/// Renders one report from results (for `optiqual report results.json --format ...`).
pub fn rebuild(results: &RunResults, format: Format) -> String {
    match format {
        Format::Json => json::to_string(results),
        Format::Junit => junit::render(results),
        Format::Md => summary::render(results),
        Format::Html => html::render_run(results),
    }
}
