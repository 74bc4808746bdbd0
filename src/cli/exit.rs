//! Exit codes of every command (design.md §4.4) and the error that carries one.

use std::fmt;

/// A process exit code from design.md §4.4.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// 0: all passed.
    Ok = 0,
    /// 1: a qualification check failed.
    CheckFailed = 1,
    /// 2: invalid input (usage, plan, image, matrix).
    InvalidInput = 2,
    /// 3: harness, instrument or hardware error.
    Harness = 3,
    /// 130: interrupted.
    Interrupted = 130,
}

/// An error with the exit code it ends the process with.
#[derive(Debug)]
pub struct Failure {
    /// Exit code.
    pub exit: Exit,
    /// What went wrong, with context.
    pub error: anyhow::Error,
}

impl Failure {
    /// Invalid input (exit 2).
    pub fn input(error: impl Into<anyhow::Error>) -> Self {
        Failure {
            exit: Exit::InvalidInput,
            error: error.into(),
        }
    }

    /// Harness or hardware error (exit 3).
    pub fn harness(error: impl Into<anyhow::Error>) -> Self {
        Failure {
            exit: Exit::Harness,
            error: error.into(),
        }
    }
}

impl fmt::Display for Failure {
    /// The error and its causes, `a: b: c`, leaving out a cause whose text the message before
    /// it already contains (library errors often print their source themselves).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut shown = String::new();
        for cause in self.error.chain() {
            let text = cause.to_string();
            if shown.contains(&text) {
                continue;
            }
            if !shown.is_empty() {
                shown.push_str(": ");
            }
            shown.push_str(&text);
        }
        f.write_str(&shown)
    }
}

/// What a command returns.
pub type CmdResult = Result<Exit, Failure>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn causes_already_in_the_message_are_not_repeated() {
        let io = std::io::Error::other("disk on fire");
        #[derive(Debug, thiserror::Error)]
        #[error("writing x: {0}")]
        struct Wrapper(#[source] std::io::Error);
        let err = anyhow::Error::new(Wrapper(io)).context("saving report");
        let f = Failure::harness(err);
        assert_eq!(f.to_string(), "saving report: writing x: disk on fire");
    }
}
