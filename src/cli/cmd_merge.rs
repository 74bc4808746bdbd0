//! `optiqual report merge RESULTS... [--matrix MATRIX] [--out DIR]`: one matrix view from the
//! results of several stations and runs.

use std::path::PathBuf;

use anyhow::Context;

use crate::matrix::build::build_view;
use crate::matrix::{self, MatrixView, RunSummary};
use crate::results::time::{now_unix_ms, rfc3339};

use super::exit::{CmdResult, Exit, Failure};
use super::load_runs::load_runs;
use super::matrix_out;

/// Arguments of `report merge`.
#[derive(Debug, clap::Args)]
pub struct MergeArgs {
    /// results.json files, journals, or folders searched for them (e.g. each station's
    /// reports/ folder).
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    /// The matrix to place the runs in: its cells without runs show as not run, and runs made
    /// with an older plan or firmware as stale. Without it, the axes come from the runs.
    #[arg(long)]
    pub matrix: Option<PathBuf>,
    /// Folder for matrix.json, report.html and summary.md.
    #[arg(long, default_value = "reports/merged")]
    pub out: PathBuf,
    /// Print matrix.json on standard output instead of the table.
    #[arg(long)]
    pub json: bool,
}

/// `run-id OUTCOME at finished_at on station`.
fn describe(r: &RunSummary) -> String {
    format!(
        "{} {} at {} on {}",
        r.run_id,
        r.outcome.as_str().to_uppercase(),
        r.finished_at,
        r.station
    )
}

/// Merges.
pub fn run(args: &MergeArgs) -> CmdResult {
    let matrix = match &args.matrix {
        Some(path) => Some(super::cmd_matrix::load_matrix(path)?),
        None => None,
    };
    let (runs, warnings) = load_runs(&args.inputs);
    for w in &warnings {
        eprintln!("warning: {w}");
    }
    if runs.is_empty() {
        let (what, seen) = if warnings.is_empty() {
            ("no results.json or journal found", "")
        } else {
            ("no readable results", " (see the warnings above)")
        };
        return Err(Failure::input(anyhow::anyhow!(
            "{what} in {}{seen}; give results.json files, journals or report folders",
            super::load_runs::list(&args.inputs)
        )));
    }
    let total = runs.len();
    let view: MatrixView = build_view(matrix.as_ref(), &runs, &rfc3339(now_unix_ms()));
    for u in &view.unplaced {
        eprintln!("warning: not placed: {u}");
    }
    for cell in view.cells.iter().filter(|c| c.conflict) {
        let latest = cell.run.as_ref().map(describe);
        let older: Vec<String> = cell.superseded.iter().map(describe).collect();
        eprintln!(
            "conflict: {}: kept the most recent, {}; superseded: {}",
            cell.key,
            latest.unwrap_or_default(),
            older.join("; ")
        );
    }
    let behind = matrix_out::runs_behind(&view, runs);
    let dir = matrix_out::write(&args.out, &view, &behind)
        .with_context(|| format!("writing the merged reports into {}", args.out.display()))
        .map_err(Failure::harness)?;
    if args.json {
        print!("{}", matrix_out::json(&view));
    } else {
        print!("{}", matrix::status_table::status_table(&view));
    }
    eprintln!(
        "merged {total} runs into {} cells ({}): {}",
        view.cells.len(),
        matrix::tally::tally(&view),
        dir.display()
    );
    if !warnings.is_empty() {
        // The merge of what could be read is written; the exit code still tells a pipeline
        // that some input was lost.
        return Err(Failure::input(anyhow::anyhow!(
            "{} input(s) could not be read (warnings above); the merge holds the others",
            warnings.len()
        )));
    }
    Ok(Exit::Ok)
}
