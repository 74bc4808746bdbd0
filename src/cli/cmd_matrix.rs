//! `optiqual matrix run MATRIX --station FILE [--shard K/N]` and `optiqual matrix status MATRIX`:
//! qualify the cells this station can run, and show the coverage of a matrix from the results
//! of every station.

use std::io::IsTerminal as _;
use std::path::{Path, PathBuf};

use anyhow::Context;

use crate::matrix::build::build_view;
use crate::matrix::load::{FileKind, file_kind};
use crate::matrix::shard::Shard;
use crate::matrix::summary::LoadedRun;
use crate::matrix::{self, CellKey, Matrix, MatrixView};
use crate::results::CellRef;
use crate::results::time::{now_unix_ms, rfc3339};

use super::cmd_run::{self, RunArgs};
use super::exit::{CmdResult, Exit, Failure};
use super::load_runs::load_runs;
use super::matrix_out;

/// `optiqual matrix ...`.
#[derive(Debug, clap::Subcommand)]
pub enum MatrixCommand {
    /// Run the cells of a matrix that this station can run (its hosts, firmware and slots);
    /// the others are marked not run. Writes every cell's run under --reports, then
    /// matrix.json, report.html and summary.md in the matrix run's folder.
    Run(MatrixRunArgs),
    /// Show a matrix's coverage from the results found in report folders: qualified, failed,
    /// error, not run, stale. Exit 0 only when every cell is qualified.
    Status(MatrixStatusArgs),
}

/// Arguments of `matrix run`.
#[derive(Debug, clap::Args)]
pub struct MatrixRunArgs {
    /// The matrix file (docs/matrix-format.md).
    pub matrix: PathBuf,
    /// The station file: which hosts, firmware and slots this bench has.
    #[arg(long)]
    pub station: PathBuf,
    /// Run only shard K of N (1-based): the cells are dealt round-robin in key order, so N
    /// stations or CI runners given 1/N .. N/N cover every cell exactly once.
    #[arg(long, value_name = "K/N")]
    pub shard: Option<String>,
    /// Folder the runs' folders are created in.
    #[arg(long, default_value = "reports")]
    pub reports: PathBuf,
    /// Id of this matrix run (default: the UTC start time and the matrix file's name); each
    /// cell's run id is `<id>--<sku>--<host>--<firmware>`.
    #[arg(long)]
    pub run_id: Option<String>,
    /// Results history to record every cell's run in (default: <reports>/history.db).
    #[arg(long, conflicts_with = "no_history")]
    pub history: Option<PathBuf>,
    /// Do not record the runs in the results history.
    #[arg(long)]
    pub no_history: bool,
    /// Continue the matrix run named by --run-id after a crash, a power cut or Ctrl-C: cells
    /// whose run finished are kept, interrupted ones resume from their journal, the rest run.
    #[arg(long, requires = "run_id")]
    pub resume: bool,
    /// Print only errors and one line per cell.
    #[arg(short, long)]
    pub quiet: bool,
    /// Print every step's message too.
    #[arg(short, long)]
    pub verbose: bool,
    /// Print matrix.json on standard output.
    #[arg(long)]
    pub json: bool,
}

/// Arguments of `matrix status`.
#[derive(Debug, clap::Args)]
pub struct MatrixStatusArgs {
    /// The matrix file.
    pub matrix: PathBuf,
    /// Report folders or results.json files to read (searched for results.json).
    #[arg(long = "reports", default_value = "reports", num_args = 1..)]
    pub reports: Vec<PathBuf>,
    /// Also write matrix.json, report.html and summary.md into this folder.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Print matrix.json on standard output instead of the table.
    #[arg(long)]
    pub json: bool,
}

/// Runs `optiqual matrix ...`.
pub fn run(cmd: &MatrixCommand) -> CmdResult {
    match cmd {
        MatrixCommand::Run(args) => run_cells(args),
        MatrixCommand::Status(args) => status(args),
    }
}

/// Loads the matrix file `path` (exit 2 when it is not a valid matrix).
pub(super) fn load_matrix(path: &Path) -> Result<Matrix, Failure> {
    if let Some(why) = wrong_kind(path, FileKind::Matrix) {
        return Err(Failure::input(anyhow::anyhow!(why)));
    }
    matrix::load::load(path).map_err(Failure::input)
}

/// What is wrong when `path`'s top-level keys say it is not a `want` file (matrix or
/// station): one line naming the file, what it is and what belongs there, instead of a screen
/// of unknown-key errors. `None` when it is a `want` file, or cannot be read or told apart (the
/// loader then says why).
pub(super) fn wrong_kind(path: &Path, want: FileKind) -> Option<String> {
    let text = std::fs::read_to_string(path).ok()?;
    let found = match file_kind(&text) {
        kind if kind == want => return None,
        FileKind::Matrix => "a matrix file (`matrix:` at the top)",
        FileKind::Station => "a station file (`station:` and `hosts:` at the top)",
        FileKind::Plan if text.lines().any(|l| l.starts_with("plan:")) => {
            "a test plan (`plan:` at the top; a matrix cell names it in `plan:`)"
        }
        FileKind::Plan => return None,
    };
    let expected = match want {
        FileKind::Matrix => "a matrix file, which starts with `matrix: NAME`",
        FileKind::Station => "a station file, which starts with `station: NAME` and lists `hosts:`",
        FileKind::Plan => "a test plan",
    };
    Some(format!(
        "{}: expected {expected} (docs/matrix-format.md), found {found}",
        path.display()
    ))
}

/// What happened to one cell of this station's share.
enum CellRun {
    Ran(Box<LoadedRun>, Exit),
    NotRunnable(String),
    /// The station could run it but the run did not start (e.g. a slot's bus cannot be
    /// opened): the reason and the exit code it calls for.
    CouldNotRun(String, Exit),
}

/// `MATRIX` and `--station` given the wrong way round: both files say so by their keys.
fn swapped(args: &MatrixRunArgs) -> Option<String> {
    let kind = |p: &Path| std::fs::read_to_string(p).ok().map(|t| file_kind(&t));
    (kind(&args.matrix) == Some(FileKind::Station) && kind(&args.station) == Some(FileKind::Matrix))
        .then(|| {
            format!(
                "MATRIX and --station are swapped: {} is the station file and {} the matrix; \
                 run `optiqual matrix run {} --station {}`",
                args.matrix.display(),
                args.station.display(),
                args.station.display(),
                args.matrix.display()
            )
        })
}

fn run_cells(args: &MatrixRunArgs) -> CmdResult {
    if let Some(why) = swapped(args) {
        return Err(Failure::input(anyhow::anyhow!(why)));
    }
    let matrix = load_matrix(&args.matrix)?;
    if let Some(why) = wrong_kind(&args.station, FileKind::Station) {
        return Err(Failure::input(anyhow::anyhow!(why)));
    }
    let station = matrix::station::load_station(&args.station, &matrix).map_err(Failure::input)?;
    let shard = match &args.shard {
        Some(s) => Some(
            s.parse::<Shard>()
                .map_err(|e| Failure::input(anyhow::anyhow!("--shard {s}: {e}")))?,
        ),
        None => None,
    };
    let mine: Vec<&matrix::Cell> = match &shard {
        Some(sh) => sh.select(&matrix.cells),
        None => matrix.cells.iter().collect(),
    };
    let run_id = args
        .run_id
        .clone()
        .unwrap_or_else(|| cmd_run::default_run_id(&args.matrix, now_unix_ms()));
    if run_id.is_empty() || run_id.contains(['/', '\\']) || run_id.starts_with('.') {
        return Err(Failure::input(anyhow::anyhow!(
            "--run-id `{run_id}`: use letters, digits, '-' and '_' (it names a folder)"
        )));
    }
    let shard_text = shard.as_ref().map(|s| format!("{}/{}", s.k, s.n));
    let runnable = mine
        .iter()
        .filter(|c| station.runnable(&c.key).is_ok())
        .count();
    check_folders_free(args, &run_id, &mine)?;
    eprintln!(
        "matrix {}: {} cells{}, {} runnable on station {}",
        matrix.name,
        mine.len(),
        shard_text
            .as_ref()
            .map(|s| format!(" in shard {s} of {}", matrix.cells.len()))
            .unwrap_or_default(),
        runnable,
        station.name
    );
    let cell_bar = (!args.quiet && std::io::stderr().is_terminal() && runnable > 1).then(|| {
        let bar = indicatif::ProgressBar::new(runnable as u64);
        bar.set_style(
            indicatif::ProgressStyle::with_template("cells {bar:30} {pos}/{len} {msg}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar
    });
    let mut outcomes: Vec<(CellKey, CellRun)> = Vec::new();
    let ctrl_c = CtrlC::listen();
    let mut interrupted = false;
    let mut index = 0;
    for cell in &mine {
        let key = cell.key.clone();
        interrupted |= ctrl_c.seen();
        if station.runnable(&key).is_err() || interrupted {
            let why = match station.runnable(&key) {
                Err(why) => why,
                Ok(_) => "the matrix run was interrupted first".to_string(),
            };
            outcomes.push((key, CellRun::NotRunnable(why)));
            continue;
        }
        index += 1;
        if let Some(bar) = &cell_bar {
            bar.set_message(key.to_string());
        }
        let ran = match run_one_cell(args, &matrix, &station, cell, &run_id, shard_text.clone()) {
            Ok(ran) => ran,
            Err(failure) => {
                CellRun::CouldNotRun(format!("could not start: {failure}"), failure.exit)
            }
        };
        let line = match &ran {
            CellRun::Ran(run, exit) => {
                if *exit == Exit::Interrupted {
                    interrupted = true;
                }
                format!(
                    "[{index}/{runnable}] {key}: {} ({})",
                    run.results.outcome.as_str().to_uppercase(),
                    run.results.run_id
                )
            }
            CellRun::NotRunnable(why) | CellRun::CouldNotRun(why, _) => {
                format!("[{index}/{runnable}] {key}: NOT RUN — {why}")
            }
        };
        match &cell_bar {
            Some(bar) => {
                bar.println(line);
                bar.inc(1);
            }
            None => eprintln!("{line}"),
        }
        outcomes.push((key, ran));
    }
    if let Some(bar) = cell_bar {
        bar.finish_and_clear();
    }
    let mut runs = Vec::new();
    // Ctrl-C between cells (or while the last one was being written) still ends as interrupted.
    let mut worst = if ctrl_c.seen() {
        Exit::Interrupted
    } else {
        Exit::Ok
    };
    let mut not_run = Vec::new();
    for (key, outcome) in outcomes {
        match outcome {
            CellRun::Ran(run, exit) => {
                worst = worse(worst, exit);
                runs.push(*run);
            }
            CellRun::NotRunnable(why) => not_run.push((key, why)),
            CellRun::CouldNotRun(why, exit) => {
                worst = worse(worst, exit);
                not_run.push((key, why));
            }
        }
    }
    let mut view = build_view(Some(&matrix), &runs, &rfc3339(now_unix_ms()));
    matrix_out::note_not_run(&mut view, &not_run, shard_text.as_deref());
    let dir = args.reports.join(&run_id);
    let written = matrix_out::write(&dir, &view, &runs)
        .with_context(|| format!("writing the matrix reports into {}", dir.display()))
        .map_err(Failure::harness)?;
    if args.json {
        print!("{}", matrix_out::json(&view));
    } else if !args.quiet {
        eprint!("{}", matrix::status_table::status_table(&view));
    }
    eprintln!(
        "{run_id}: {} — {}",
        matrix::tally::tally(&view),
        written.display()
    );
    Ok(worst)
}

/// Refuses, before anything runs, a `--reports` that is not a folder and, without `--resume`, a
/// run id whose folders exist: running again under the same id would mix two runs and overwrite
/// the earlier matrix run's matrix.json.
fn check_folders_free(
    args: &MatrixRunArgs,
    run_id: &str,
    mine: &[&matrix::Cell],
) -> Result<(), Failure> {
    if args.reports.exists() && !args.reports.is_dir() {
        return Err(Failure::input(anyhow::anyhow!(
            "--reports {} is a file; give the folder the runs' folders are created in",
            args.reports.display()
        )));
    }
    if args.resume {
        return Ok(());
    }
    let matrix_dir = args.reports.join(run_id);
    let cell_dirs = mine
        .iter()
        .map(|c| args.reports.join(cell_run_id(run_id, &c.key)));
    if let Some(taken) = std::iter::once(matrix_dir)
        .chain(cell_dirs)
        .find(|d| d.exists())
    {
        return Err(Failure::input(anyhow::anyhow!(
            "{} already exists: a matrix run with id `{run_id}` was made here before; add \
             --resume to continue it, or choose another --run-id (its results stay as they are)",
            taken.display()
        )));
    }
    Ok(())
}

/// Whether Ctrl-C was pressed during the matrix run. A listener on its own thread takes SIGINT
/// for the whole run, so an interrupt between two cells (when no cell's runner is listening) or
/// while the matrix reports are written stops the run cleanly instead of killing it; the cell
/// running at the time sees the same signal and ends as aborted with its steps journalled.
struct CtrlC(std::sync::Arc<std::sync::atomic::AtomicBool>);

impl CtrlC {
    fn listen() -> Self {
        let flag = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let seen = flag.clone();
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_io()
            .build();
        if let Ok(runtime) = runtime {
            std::thread::spawn(move || {
                runtime.block_on(async {
                    while tokio::signal::ctrl_c().await.is_ok() {
                        seen.store(true, std::sync::atomic::Ordering::SeqCst);
                    }
                });
            });
        }
        CtrlC(flag)
    }

    fn seen(&self) -> bool {
        self.0.load(std::sync::atomic::Ordering::SeqCst)
    }
}

/// The more serious of two exit codes: interrupted, harness error, failure, pass.
fn worse(a: Exit, b: Exit) -> Exit {
    let rank = |e: Exit| match e {
        Exit::Ok => 0,
        Exit::CheckFailed => 1,
        Exit::InvalidInput => 2,
        Exit::Harness => 3,
        Exit::Interrupted => 4,
    };
    if rank(b) > rank(a) { b } else { a }
}

/// Runs one cell: its plan with the station's slots for the SKU on that host.
fn run_one_cell(
    args: &MatrixRunArgs,
    matrix: &Matrix,
    station: &matrix::station::StationFile,
    cell: &matrix::Cell,
    matrix_run_id: &str,
    shard: Option<String>,
) -> Result<CellRun, Failure> {
    let key = &cell.key;
    let plan_text = std::fs::read_to_string(&cell.plan_path)
        .with_context(|| format!("cannot read plan {}", cell.plan_path))
        .map_err(Failure::input)?;
    let text = matrix::cell_plan::effective_plan(&plan_text, &cell.plan_path, matrix, station, key)
        .map_err(|why| Failure::input(anyhow::anyhow!(why)))?;
    let cell_run_id = cell_run_id(matrix_run_id, key);
    let run_args = RunArgs {
        plan: Some(PathBuf::from(&cell.plan_path)),
        resume: None,
        reports: args.reports.clone(),
        run_id: Some(cell_run_id.clone()),
        quiet: true,
        verbose: args.verbose,
        json: false,
        history: args.history.clone(),
        no_history: args.no_history,
    };
    let dir = args.reports.join(&cell_run_id);
    let source = dir.join("results.json");
    if args.resume {
        if let Some(done) = finished_run(&source) {
            return Ok(done);
        }
        let journal = dir.join("journal.jsonl");
        if journal.is_file() {
            let (results, exit) = cmd_run::resume_cell(&run_args, &journal)?;
            return Ok(CellRun::Ran(
                Box::new(LoadedRun {
                    source: source.display().to_string(),
                    results,
                }),
                exit,
            ));
        }
    }
    let (Some(sku), Some(host), Some(firmware)) = (
        matrix.sku(&key.sku),
        matrix.host(&key.host),
        matrix.firmware(&key.firmware),
    ) else {
        return Err(Failure::harness(anyhow::anyhow!(
            "{key}: the matrix lost one of its ids"
        )));
    };
    let cell_ref = CellRef {
        matrix: matrix.name.clone(),
        matrix_file: matrix.file.clone(),
        matrix_sha256: matrix.sha256.clone(),
        sku: key.sku.clone(),
        host: key.host.clone(),
        firmware: key.firmware.clone(),
        host_firmware: firmware.host.clone(),
        module_firmware: firmware.modules.get(&key.sku).cloned(),
        plan_file: cell.plan.clone(),
        plan_sha256: cell.plan_sha256.clone(),
        station: station.name.clone(),
        shard,
        definitions: serde_json::json!({ "sku": sku, "host": host, "firmware": firmware }),
    };
    match cmd_run::run_cell(&run_args, Path::new(&cell.plan_path), text, cell_ref) {
        Ok((results, exit)) => Ok(CellRun::Ran(
            Box::new(LoadedRun {
                source: source.display().to_string(),
                results,
            }),
            exit,
        )),
        Err(failure) => {
            discard_unstarted(&dir);
            Err(failure)
        }
    }
}

/// Removes the folder of a cell run that could not start (its journal holds only the
/// `run_started` line: nothing was measured), so a later `matrix status` does not read it as an
/// aborted run with no reason; the matrix run itself reports why the cell did not run.
fn discard_unstarted(dir: &Path) {
    let journal = dir.join("journal.jsonl");
    let only_started = std::fs::read_to_string(&journal)
        .is_ok_and(|text| text.lines().filter(|l| !l.trim().is_empty()).count() <= 1);
    if only_started && !dir.join("results.json").exists() {
        let _ = std::fs::remove_dir_all(dir);
    }
}

/// The run id of a cell in a matrix run: `<matrix run id>--<sku>--<host>--<firmware>`.
fn cell_run_id(matrix_run_id: &str, key: &CellKey) -> String {
    format!("{matrix_run_id}--{}", key.slug())
}

/// A cell's run that already finished (results.json there and not aborted), kept on --resume.
fn finished_run(results_json: &Path) -> Option<CellRun> {
    let results = super::cmd_report::load_results(results_json).ok()?;
    if results.outcome == crate::results::RunOutcome::Aborted {
        return None;
    }
    let exit = match results.outcome.exit_code() {
        0 => Exit::Ok,
        1 => Exit::CheckFailed,
        _ => Exit::Harness,
    };
    Some(CellRun::Ran(
        Box::new(LoadedRun {
            source: results_json.display().to_string(),
            results,
        }),
        exit,
    ))
}

fn status(args: &MatrixStatusArgs) -> CmdResult {
    let matrix = load_matrix(&args.matrix)?;
    let (runs, warnings) = load_runs(&args.reports);
    for w in &warnings {
        eprintln!("warning: {w}");
    }
    if runs.is_empty() && warnings.is_empty() {
        eprintln!(
            "warning: no results.json or journal found under {}; every cell shows as not run \
             (give the folders the runs were written to with --reports)",
            super::load_runs::list(&args.reports)
        );
    }
    let view: MatrixView = build_view(Some(&matrix), &runs, &rfc3339(now_unix_ms()));
    if let Some(dir) = &args.out {
        let behind = matrix_out::runs_behind(&view, runs);
        matrix_out::write(dir, &view, &behind)
            .with_context(|| format!("writing the matrix reports into {}", dir.display()))
            .map_err(Failure::harness)?;
    }
    if args.json {
        print!("{}", matrix_out::json(&view));
    } else {
        print!("{}", matrix::status_table::status_table(&view));
    }
    let all_qualified = view
        .cells
        .iter()
        .all(|c| c.status == matrix::CellStatus::Qualified);
    Ok(if all_qualified {
        Exit::Ok
    } else {
        Exit::CheckFailed
    })
}
