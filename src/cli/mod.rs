//! The command line: clap subcommands, exit codes (design.md §4.4).

use std::process::ExitCode;

/// Runs the command line and returns the process exit code.
pub fn main() -> ExitCode {
    ExitCode::SUCCESS
}
