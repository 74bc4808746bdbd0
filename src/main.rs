//! The `optiqual` command.

fn main() -> std::process::ExitCode {
    restore_default_sigpipe();
    optiqual::cli::main()
}

/// Rust ignores SIGPIPE, so `optiqual schema | head` would make `println!` panic on the closed
/// pipe. Like other Unix tools, let the signal end the process quietly instead.
#[cfg(unix)]
fn restore_default_sigpipe() {
    // SAFETY: called first thing in main, before any thread exists; it only resets the
    // disposition of one signal to its default.
    #[expect(
        unsafe_code,
        reason = "one libc call to restore the default SIGPIPE disposition"
    )]
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

#[cfg(not(unix))]
fn restore_default_sigpipe() {}
