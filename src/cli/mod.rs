//! The command line: clap subcommands and the exit codes of design.md §4.4. The only place that
//! names concrete backends and the only user of `anyhow`.

mod backends;
mod cmd_decode;
mod cmd_dump;
mod cmd_history;
mod cmd_matrix;
mod cmd_merge;
mod cmd_ports;
mod cmd_report;
mod cmd_run;
mod cmd_scan;
mod cmd_sim;
mod cmd_validate;
mod decode_text;
mod exit;
mod load;
mod load_runs;
mod matrix_out;
mod progress_view;
mod station;
mod style;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

pub use exit::Exit;

/// Qualification harness for pluggable optical modules (SFP, QSFP, QSFP-DD, OSFP).
///
/// Exit codes: 0 all passed; 1 a qualification check failed; 2 invalid input (usage, plan,
/// image, matrix); 3 harness, instrument or hardware error; 130 interrupted.
#[derive(Debug, Parser)]
#[command(name = "optiqual", version, about, long_about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run a test plan on its station: every module, every check; journal, results.json,
    /// junit.xml and summary.md in reports/<run-id>/.
    Run(cmd_run::RunArgs),
    /// Decode a module memory image: identity, checksums, power, monitors, thresholds, and
    /// everything else the spec defines.
    Decode(cmd_decode::DecodeArgs),
    /// Read a module's advertised pages into an image file.
    Dump(cmd_dump::DumpArgs),
    /// Check plans, matrix files and station files: every error with file:line:column, the YAML
    /// path and how to fix it.
    Validate(cmd_validate::ValidateArgs),
    /// Print the JSON Schema of the plan format (for editors).
    Schema,
    /// Probe a bus: which management addresses answer, and what the module is.
    Scan(cmd_scan::ScanArgs),
    /// Rebuild a run's report (junit, json or md) from its journal or results.json.
    Report(cmd_report::ReportArgs),
    /// List serial ports, I2C adapters and optoe devices, with the bus selector for each.
    Ports(cmd_ports::PortsArgs),
    /// The compatibility matrix: run this station's cells (`matrix run`), show coverage
    /// (`matrix status`).
    #[command(subcommand)]
    Matrix(cmd_matrix::MatrixCommand),
    /// The simulated lab: synthesised module images (and, later, simulated boards and instruments).
    #[command(subcommand)]
    Sim(cmd_sim::SimCommand),
    /// A SKU's runs from the results history (reports/history.db): outcome, modules, key
    /// figures and their trend across runs and stations; `history import` fills it from
    /// existing reports.
    History(cmd_history::HistoryArgs),
}

/// Runs a plan file as `optiqual run PLAN --reports DIR --run-id ID -q` does, in this process
/// (for benchmarks and embedding). Returns the exit code of design.md §4.4, or the error's.
pub fn run_plan(plan: &std::path::Path, reports: &std::path::Path, run_id: &str) -> u8 {
    let args = cmd_run::RunArgs {
        plan: Some(plan.to_path_buf()),
        resume: None,
        reports: reports.to_path_buf(),
        run_id: Some(run_id.to_string()),
        quiet: true,
        verbose: false,
        json: false,
        history: None,
        no_history: false,
    };
    match cmd_run::run(&args) {
        Ok(exit) => exit as u8,
        Err(failure) => {
            eprintln!("error: {failure}");
            failure.exit as u8
        }
    }
}

/// Diagnostics on stderr, filtered by `RUST_LOG` (e.g. `RUST_LOG=optiqual=debug` shows every
/// step, retry and journal record); warnings only when it is unset.
fn init_logging() {
    use std::io::IsTerminal;
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .with_target(true)
        .try_init();
}

/// Runs the command line and returns the process exit code.
pub fn main() -> ExitCode {
    init_logging();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() {
                Exit::InvalidInput as u8
            } else {
                0
            };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let result = match &cli.command {
        Command::Decode(args) => cmd_decode::run(args),
        Command::Run(args) => cmd_run::run(args),
        Command::Dump(args) => cmd_dump::run(args),
        Command::Sim(cmd) => cmd_sim::run(cmd),
        Command::Matrix(cmd) => cmd_matrix::run(cmd),
        Command::Ports(args) => cmd_ports::run(args),
        Command::Report(args) => cmd_report::run(args),
        Command::Scan(args) => cmd_scan::run(args),
        Command::Validate(args) => cmd_validate::run(args),
        Command::Schema => cmd_validate::schema(),
        Command::History(args) => cmd_history::run(args),
    };
    match result {
        Ok(exit) => ExitCode::from(exit as u8),
        Err(failure) => {
            eprintln!("error: {failure}");
            ExitCode::from(failure.exit as u8)
        }
    }
}
