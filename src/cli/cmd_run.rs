//! `optiqual run PLAN` / `optiqual run --resume JOURNAL`: runs a plan on its station, journals
//! every step, writes reports/<run-id>/{results.json, junit.xml, summary.md}.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use anyhow::Context;
use tokio::sync::{mpsc, watch};

use crate::plan::{self, Plan};
use crate::report;
use crate::results::model::PlanRef;
use crate::results::time::{now_unix_ms, rfc3339};
use crate::results::{CellRef, ClockKind, Outcome, RunResults};
use crate::runner::execute::{RunSetup, execute};
use crate::runner::journal::{self, Event, JOURNAL_SCHEMA, JournalWriter};
use crate::runner::{assemble, progress::Progress};

use super::exit::{CmdResult, Exit, Failure};
use super::{progress_view, station};

/// Arguments of `run`.
#[derive(Debug, clap::Args)]
pub struct RunArgs {
    /// The plan to run (not with --resume).
    #[arg(required_unless_present = "resume", conflicts_with = "resume")]
    pub plan: Option<PathBuf>,
    /// Continue an interrupted run from its journal (reports/<run-id>/journal.jsonl): completed
    /// steps are kept, the rest is run.
    #[arg(long)]
    pub resume: Option<PathBuf>,
    /// Folder the run's folder is created in.
    #[arg(long, default_value = "reports")]
    pub reports: PathBuf,
    /// Run id (default: the UTC start time and the plan's file name).
    #[arg(long)]
    pub run_id: Option<String>,
    /// Print nothing but errors and the final line.
    #[arg(short, long)]
    pub quiet: bool,
    /// Print every step's message too.
    #[arg(short, long)]
    pub verbose: bool,
    /// Print the final results as JSON (results.json) on standard output.
    #[arg(long)]
    pub json: bool,
    /// Results history to record the run in (default: <reports>/history.db).
    #[arg(long, conflicts_with = "no_history")]
    pub history: Option<PathBuf>,
    /// Do not record the run in the results history.
    #[arg(long)]
    pub no_history: bool,
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest as _;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// `YYYYMMDD-HHMMSS-<file stem>`: the UTC time `unix_ms` and the file's name, made safe for a
/// folder name.
pub(super) fn default_run_id(plan_path: &Path, unix_ms: i64) -> String {
    let stamp = rfc3339(unix_ms);
    let compact: String = stamp
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == 'T')
        .take(15)
        .collect::<String>()
        .replace('T', "-");
    let stem = plan_path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "plan".into());
    let stem: String = stem
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!("{compact}-{stem}")
}

struct Prepared {
    plan: Plan,
    run_id: String,
    journal_path: PathBuf,
    journal: JournalWriter,
    started_unix_ms: i64,
    elapsed_offset_ms: u64,
    done: BTreeSet<(String, String)>,
    identified: BTreeSet<String>,
    failed: BTreeSet<String>,
    clock: ClockKind,
}

fn prepare_fresh(args: &RunArgs, path: &Path) -> Result<Prepared, Failure> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read plan {}", path.display()))
        .map_err(Failure::input)?;
    prepare_text(args, path, text, None)
}

/// A fresh run of the plan `text` (read from, or standing for, `path`), optionally as the run
/// of a matrix cell.
fn prepare_text(
    args: &RunArgs,
    path: &Path,
    text: String,
    cell: Option<CellRef>,
) -> Result<Prepared, Failure> {
    let plan = plan::parse(&text, &path.display().to_string()).map_err(Failure::input)?;
    let started_unix_ms = now_unix_ms();
    let run_id = args
        .run_id
        .clone()
        .unwrap_or_else(|| default_run_id(path, started_unix_ms));
    if run_id.is_empty() || run_id.contains(['/', '\\']) || run_id.starts_with('.') {
        return Err(Failure::input(anyhow::anyhow!(
            "--run-id `{run_id}`: use letters, digits, '-' and '_' (it names a folder)"
        )));
    }
    let journal_path = args.reports.join(&run_id).join("journal.jsonl");
    let mut journal = JournalWriter::create(&journal_path).map_err(|e| {
        Failure::input(anyhow::Error::new(e).context(
            "the run's journal already exists or cannot be created; choose another --run-id or use --resume",
        ))
    })?;
    let clock = match plan.resolved_clock() {
        plan::model::ClockKind::Virtual => ClockKind::Virtual,
        plan::model::ClockKind::Wall => ClockKind::Wall,
    };
    journal
        .record(&Event::RunStarted {
            schema: JOURNAL_SCHEMA.into(),
            run_id: run_id.clone(),
            started_at: rfc3339(started_unix_ms),
            started_unix_ms,
            clock,
            plan: PlanRef {
                path: path.display().to_string(),
                name: plan.name.clone(),
                sha256: sha256_hex(text.as_bytes()),
            },
            plan_text: text,
            station: serde_json::to_value(&plan.station).unwrap_or_default(),
            tool_version: env!("CARGO_PKG_VERSION").into(),
            matrix: cell.map(Box::new),
        })
        .map_err(Failure::harness)?;
    Ok(Prepared {
        plan,
        run_id,
        journal_path,
        journal,
        started_unix_ms,
        elapsed_offset_ms: 0,
        done: BTreeSet::new(),
        identified: BTreeSet::new(),
        failed: BTreeSet::new(),
        clock,
    })
}

fn prepare_resume(path: &Path) -> Result<Prepared, Failure> {
    let events = journal::read(path).map_err(Failure::input)?;
    let Some(Event::RunStarted {
        run_id,
        started_unix_ms,
        clock,
        plan: plan_ref,
        plan_text,
        ..
    }) = events.first().cloned()
    else {
        return Err(Failure::input(anyhow::anyhow!(
            "{}: no run_started event",
            path.display()
        )));
    };
    if events.iter().any(|e| matches!(e, Event::RunFinished { outcome, .. } if *outcome != crate::results::RunOutcome::Aborted)) {
        return Err(Failure::input(anyhow::anyhow!(
            "{}: this run already finished; rebuild its reports with `optiqual report`",
            path.display()
        )));
    }
    let plan = plan::parse(&plan_text, &plan_ref.path).map_err(Failure::input)?;
    let mut done = BTreeSet::new();
    let mut identified = BTreeSet::new();
    let mut failed = BTreeSet::new();
    let mut elapsed = 0;
    for e in &events {
        match e {
            Event::CheckFinished {
                slot,
                elapsed_ms,
                check,
            } => {
                done.insert((slot.clone(), check.id.clone()));
                if check.outcome == Outcome::Fail {
                    failed.insert(slot.clone());
                }
                elapsed = elapsed.max(*elapsed_ms);
            }
            Event::ModuleIdentified { slot, .. } => {
                identified.insert(slot.clone());
            }
            Event::Resumed { elapsed_ms, .. } | Event::RunFinished { elapsed_ms, .. } => {
                elapsed = elapsed.max(*elapsed_ms);
            }
            Event::RunStarted { .. } => {}
        }
    }
    let mut journal = JournalWriter::append(path).map_err(Failure::harness)?;
    journal
        .record(&Event::Resumed {
            at: rfc3339(now_unix_ms()),
            elapsed_ms: elapsed,
        })
        .map_err(Failure::harness)?;
    Ok(Prepared {
        plan,
        run_id,
        journal_path: path.to_path_buf(),
        journal,
        started_unix_ms,
        elapsed_offset_ms: elapsed,
        done,
        identified,
        failed,
        clock,
    })
}

/// Runs (or resumes) a plan. Exit code from the outcome: 0 pass, 1 fail, 3 error, 130 aborted.
pub fn run(args: &RunArgs) -> CmdResult {
    let prepared = match (&args.plan, &args.resume) {
        (_, Some(j)) => prepare_resume(j)?,
        (Some(p), None) => prepare_fresh(args, p)?,
        (None, None) => {
            return Err(Failure::input(anyhow::anyhow!(
                "give a PLAN or --resume JOURNAL"
            )));
        }
    };
    let (results, exit) = execute_prepared(args, prepared, true)?;
    if args.json {
        print!("{}", report::json::to_string(&results));
    }
    Ok(exit)
}

/// Runs the plan `text` as the run of the matrix cell `cell` (`optiqual matrix run`): `path`
/// names the plan in results and errors; `args.run_id` must be set. Returns the results and
/// the exit code their outcome maps to.
pub fn run_cell(
    args: &RunArgs,
    path: &Path,
    text: String,
    cell: CellRef,
) -> Result<(RunResults, Exit), Failure> {
    let prepared = prepare_text(args, path, text, Some(cell))?;
    execute_prepared(args, prepared, false)
}

/// Continues the interrupted run of a matrix cell from its journal (`optiqual matrix run
/// --resume`): completed steps are kept, the rest is run; the plan and the cell come from the
/// journal.
pub fn resume_cell(args: &RunArgs, journal: &Path) -> Result<(RunResults, Exit), Failure> {
    let prepared = prepare_resume(journal)?;
    execute_prepared(args, prepared, false)
}

/// Runs a prepared plan to its end, writes the reports and records the run in the history;
/// `announce` prints the final `run-id: OUTCOME — folder` line.
fn execute_prepared(
    args: &RunArgs,
    prepared: Prepared,
    announce: bool,
) -> Result<(RunResults, Exit), Failure> {
    let runtime = match prepared.clock {
        // Everything simulated: a paused clock that advances by itself (design.md §6).
        ClockKind::Virtual => tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .start_paused(true)
            .build(),
        ClockKind::Wall => tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build(),
    }
    .context("cannot start the async runtime")
    .map_err(Failure::harness)?;
    let crash_after = std::env::var("OPTIQUAL_CRASH_AFTER_RECORDS")
        .ok()
        .and_then(|v| v.parse().ok());
    let Prepared {
        plan,
        run_id,
        journal_path,
        journal,
        started_unix_ms,
        elapsed_offset_ms,
        done,
        identified,
        failed,
        ..
    } = prepared;
    let view = progress_view::View::new(
        args.quiet,
        args.verbose,
        plan.station.slots.len(),
        plan.checks.len(),
    );
    let outcome = runtime.block_on(async {
        let (slots, station) = station::build(&plan).await?;
        let (tx, mut rx) = mpsc::unbounded_channel::<Progress>();
        let (stop_tx, stop_rx) = watch::channel(false);
        tokio::spawn(async move {
            if tokio::signal::ctrl_c().await.is_ok() {
                let _ = stop_tx.send(true);
            }
        });
        let printer = tokio::spawn(async move {
            let mut view = view;
            while let Some(p) = rx.recv().await {
                view.show(&p);
            }
            view.finish();
        });
        let result = execute(RunSetup {
            plan: plan.clone(),
            slots,
            station,
            journal,
            started_unix_ms,
            elapsed_offset_ms,
            done,
            identified,
            failed_slots: failed,
            progress: tx,
            shutdown: stop_rx,
            crash_after_records: crash_after,
        })
        .await;
        let _ = printer.await;
        result.map_err(Failure::harness)
    })?;
    drop(runtime);
    let events = journal::read(&journal_path).map_err(Failure::harness)?;
    let results = assemble::assemble(&events)
        .ok_or_else(|| Failure::harness(anyhow::anyhow!("the journal has no run_started event")))?;
    let written = report::write_all(&args.reports, &results)
        .with_context(|| format!("writing the reports of {run_id}"))
        .map_err(Failure::harness)?;
    // Results history: only once the reports are on disk; a failure to record only warns.
    if !args.no_history {
        let db = (args.history.clone()).unwrap_or_else(|| args.reports.join("history.db"));
        super::cmd_history::record_run(&db, &results, &written.results_json);
    }
    if announce {
        eprintln!(
            "{}: {} — {}",
            run_id,
            results.outcome.as_str().to_uppercase(),
            written.dir.display()
        );
    }
    let _ = outcome;
    let exit = match results.outcome.exit_code() {
        0 => Exit::Ok,
        1 => Exit::CheckFailed,
        130 => Exit::Interrupted,
        _ => Exit::Harness,
    };
    Ok((results, exit))
}
