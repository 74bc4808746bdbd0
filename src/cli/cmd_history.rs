//! `optiqual history SKU`: a SKU's runs from the results history with their key figures and
//! trend; `optiqual history import RESULTS...` fills the history from existing reports; and the
//! recording of each `optiqual run` ([`record_run`]).

use std::path::{Path, PathBuf};

use anyhow::anyhow;

use crate::history::files::find_results;
use crate::history::{History, HistoryError, HistoryFilter, HistoryReport, text};
use crate::results::RunResults;

use super::cmd_report::load_results;
use super::exit::{CmdResult, Exit, Failure};

/// Default database of `history` (that of `optiqual run` with the default `--reports`).
const DEFAULT_DB: &str = "reports/history.db";

/// Arguments of `history`.
#[derive(Debug, clap::Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct HistoryArgs {
    /// Fill the history from existing reports instead of showing it.
    #[command(subcommand)]
    pub action: Option<HistoryAction>,
    /// The SKU: a matrix SKU id, or a module part number (a plain `optiqual run` is found by
    /// the PN of its modules).
    #[arg(required = true)]
    pub sku: Option<String>,
    /// The history database.
    #[arg(long, default_value = DEFAULT_DB)]
    pub db: PathBuf,
    /// Only runs on this matrix host id.
    #[arg(long)]
    pub host: Option<String>,
    /// Only runs of this firmware (matrix firmware id, host or module firmware version).
    #[arg(long)]
    pub firmware: Option<String>,
    /// Only runs of this station.
    #[arg(long)]
    pub station: Option<String>,
    /// Only the newest N runs.
    #[arg(long)]
    pub limit: Option<usize>,
    /// Print one JSON object {sku, runs, trend} instead of the table.
    #[arg(long)]
    pub json: bool,
}

/// `history` subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum HistoryAction {
    /// Record existing runs: results.json files (or journals), or folders searched for
    /// results.json. Recording a run again replaces it.
    Import(ImportArgs),
}

/// Arguments of `history import`.
#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// results.json files, journals, or folders (searched for results.json).
    #[arg(required = true)]
    pub results: Vec<PathBuf>,
    /// The history database (created when missing).
    #[arg(long, default_value = DEFAULT_DB)]
    pub db: PathBuf,
}

/// The exit code an error of the history calls for: a file that is missing or is not a
/// history of this version is the user's input (2); SQLite failing is the harness's (3).
fn failure(e: HistoryError) -> Failure {
    match e {
        HistoryError::Missing { .. }
        | HistoryError::NotHistory { .. }
        | HistoryError::SchemaVersion { .. } => Failure::input(e),
        HistoryError::Folder { .. } | HistoryError::Sql { .. } => Failure::harness(e),
    }
}

/// A `--db` that names a folder: said as such (SQLite would say "unable to open", and a
/// missing-file message would be wrong).
fn db_not_folder(db: &Path) -> Result<(), Failure> {
    if db.is_dir() {
        return Err(Failure::input(anyhow!(
            "--db {} is a folder; give the database file, e.g. {}",
            db.display(),
            db.join("history.db").display()
        )));
    }
    Ok(())
}

/// Shows or imports.
pub fn run(args: &HistoryArgs) -> CmdResult {
    match (&args.action, &args.sku) {
        (Some(HistoryAction::Import(import)), _) => run_import(import),
        (None, Some(sku)) => show(args, sku),
        (None, None) => Err(Failure::input(anyhow!(
            "give a SKU (or part number), or `import RESULTS...`"
        ))),
    }
}

fn show(args: &HistoryArgs, sku: &str) -> CmdResult {
    db_not_folder(&args.db)?;
    let history = History::open_existing(&args.db).map_err(failure)?;
    if !history.knows(sku).map_err(failure)? {
        let known = history.known_skus().map_err(failure)?;
        let known = if known.is_empty() {
            "none".to_string()
        } else {
            known.join(", ")
        };
        return Err(Failure::input(anyhow!(
            "no runs of {sku} in {}; known SKUs: {known}",
            args.db.display()
        )));
    }
    let filter = HistoryFilter {
        host: args.host.clone(),
        firmware: args.firmware.clone(),
        station: args.station.clone(),
        limit: args.limit,
    };
    let rows = history.runs_for_sku(sku, filter).map_err(failure)?;
    if rows.is_empty() {
        eprintln!(
            "no runs of {sku} match --host/--firmware/--station in {}",
            args.db.display()
        );
    }
    let report = HistoryReport::new(sku, rows);
    if args.json {
        let text = serde_json::to_string_pretty(&report)
            .map_err(|e| Failure::harness(anyhow!("cannot write the history as JSON: {e}")))?;
        println!("{text}");
    } else {
        print!("{}", text::render(&report));
    }
    Ok(Exit::Ok)
}

fn run_import(args: &ImportArgs) -> CmdResult {
    let files = find_results(&args.results).map_err(Failure::input)?;
    if files.is_empty() {
        return Err(Failure::input(anyhow!(
            "no results.json under {}",
            args.results
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    db_not_folder(&args.db)?;
    let mut history = History::open(&args.db).map_err(failure)?;
    let mut unreadable = 0;
    let mut recorded = 0;
    for file in &files {
        let results = match load_results(file) {
            Ok(r) => r,
            Err(e) => {
                eprintln!("error: {e}");
                unreadable += 1;
                continue;
            }
        };
        let out = history
            .record(&results, &file.display().to_string())
            .map_err(failure)?;
        recorded += 1;
        println!(
            "{} {} ({}, {} module(s)) from {}",
            if out.replaced { "replaced" } else { "recorded" },
            out.run_id,
            out.sku.as_deref().unwrap_or("several part numbers"),
            out.modules,
            file.display()
        );
    }
    println!("{recorded} run(s) recorded in {}", args.db.display());
    if unreadable > 0 {
        return Err(Failure::input(anyhow!(
            "{unreadable} of {} file(s) could not be read (see above)",
            files.len()
        )));
    }
    Ok(Exit::Ok)
}

/// Records a finished or aborted run in the history at `db` (`optiqual run`); a failure is a
/// warning on stderr naming the database and the reason, never an error of the run.
pub fn record_run(db: &Path, results: &RunResults, results_json: &Path) {
    let recorded =
        History::open(db).and_then(|mut h| h.record(results, &results_json.display().to_string()));
    if let Err(e) = recorded {
        eprintln!(
            "warning: run {} was not recorded in the results history: {e}",
            results.run_id
        );
    }
}
