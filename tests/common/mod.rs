//! Helpers shared by the integration tests.
#![allow(dead_code)]

pub mod chromium;
pub mod redis;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// `../shared/fixtures/real`, found by walking up from the crate root.
pub fn real_fixtures() -> PathBuf {
    let mut dir = Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf();
    loop {
        let candidate = dir.join("shared/fixtures/real");
        if candidate.is_dir() {
            return candidate;
        }
        assert!(dir.pop(), "shared/fixtures/real not found above the crate");
    }
}

/// The crate root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `optiqual ARGS` in the crate root.
pub fn optiqual(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_optiqual"))
        .args(args)
        .current_dir(root())
        .env("NO_COLOR", "1")
        .output()
        .expect("run optiqual")
}

/// Exit code, stdout, stderr.
pub fn run(args: &[&str]) -> (i32, String, String) {
    let out = optiqual(args);
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// `optiqual run PLAN --reports DIR --run-id ID EXTRA...` in the crate root; the exit code.
pub fn run_plan_in(plan: &Path, reports: &Path, run_id: &str, extra: &[&str]) -> Option<i32> {
    Command::new(env!("CARGO_BIN_EXE_optiqual"))
        .arg("run")
        .arg(plan)
        .arg("--reports")
        .arg(reports)
        .args(["--run-id", run_id])
        .args(extra)
        .current_dir(root())
        .status()
        .expect("run optiqual")
        .code()
}

/// The results.json of run `run_id` under `reports`.
pub fn results(reports: &Path, run_id: &str) -> serde_json::Value {
    let path = reports.join(run_id).join("results.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}
