//! The `optiqual` command.

fn main() -> std::process::ExitCode {
    optiqual::cli::main()
}
