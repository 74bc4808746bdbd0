//! `optiqual report JOURNAL|results.json --format junit|json|md|html`: rebuilds a report from a run's
//! journal (also an interrupted one) or from its results.json.

use std::path::PathBuf;

use anyhow::Context;

use crate::report::{self, Format};
use crate::results::RunResults;
use crate::runner::{assemble, journal};

use super::exit::{CmdResult, Exit, Failure};

/// Arguments of `report`: either a subcommand (`merge`) or a run to rebuild a report of.
#[derive(Debug, clap::Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct ReportArgs {
    /// `merge`.
    #[command(subcommand)]
    pub command: Option<ReportCommand>,
    /// A run's journal (journal.jsonl) or results.json.
    #[arg(required = true)]
    pub input: Option<PathBuf>,
    /// Output format: json (results.json), junit (junit.xml), md (summary.md) or html
    /// (report.html).
    #[arg(long, short, default_value = "md")]
    pub format: String,
    /// Write to this file instead of standard output.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
}

/// Whether `text` starts like a journal (first line is a `run_started` event).
fn looks_like_journal(text: &str) -> bool {
    text.lines()
        .next()
        .is_some_and(|l| l.contains("\"event\"") && l.contains("run_started"))
}

/// Reads results from a journal or a results.json.
pub fn load_results(path: &std::path::Path) -> Result<RunResults, Failure> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read {}", path.display()))
        .map_err(Failure::input)?;
    if looks_like_journal(&text) {
        let events = journal::read(path).map_err(Failure::input)?;
        assemble::assemble(&events).ok_or_else(|| {
            Failure::input(anyhow::anyhow!(
                "{}: the journal has no run_started event",
                path.display()
            ))
        })
    } else {
        report::json::parse(&text, path).map_err(Failure::input)
    }
}

/// `optiqual report merge ...`.
#[derive(Debug, clap::Subcommand)]
pub enum ReportCommand {
    /// Merge results.json of several stations and runs into one matrix view (matrix.json,
    /// report.html, summary.md); two results for one cell: the most recent wins and the
    /// conflict is shown.
    Merge(super::cmd_merge::MergeArgs),
}

/// Rebuilds one report, or merges.
pub fn run(args: &ReportArgs) -> CmdResult {
    if let Some(ReportCommand::Merge(merge)) = &args.command {
        return super::cmd_merge::run(merge);
    }
    let Some(input) = &args.input else {
        return Err(Failure::input(anyhow::anyhow!(
            "give a journal or results.json to rebuild a report of, or `report merge RESULTS...`"
        )));
    };
    let format: Format = args.format.parse().map_err(Failure::input)?;
    let results = load_results(input)?;
    let text = report::rebuild(&results, format);
    match &args.output {
        Some(path) => std::fs::write(path, text)
            .with_context(|| format!("cannot write {}", path.display()))
            .map_err(Failure::harness)?,
        None => print!("{text}"),
    }
    Ok(Exit::Ok)
}
