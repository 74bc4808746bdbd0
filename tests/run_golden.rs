//! Golden end-to-end run: `optiqual run testplans/quickstart.yaml` on the mock is deterministic
//! on virtual time (seeded simulators), so its results.json and junit.xml — with the wall-clock
//! timestamps and the run id masked — are compared with reviewed files in tests/golden/run/.
//! After a deliberate change: `UPDATE_GOLDEN=1 cargo test --test run_golden`, then review.

mod common;

use std::process::Command;

/// Masks RFC 3339 timestamps (they carry the wall-clock start) as `<TIME>`.
fn mask_times(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < bytes.len() {
        let looks = bytes.len() >= i + 20
            && bytes[i..i + 4].iter().all(u8::is_ascii_digit)
            && bytes[i + 4] == b'-'
            && bytes[i + 7] == b'-'
            && bytes[i + 10] == b'T'
            && bytes[i + 13] == b':';
        if looks {
            let mut j = i + 19;
            while j < bytes.len() && (bytes[j].is_ascii_digit() || bytes[j] == b'.') {
                j += 1;
            }
            if j < bytes.len() && bytes[j] == b'Z' {
                out.push_str("<TIME>");
                i = j + 1;
                continue;
            }
        }
        out.push(bytes[i] as char);
        i += 1;
    }
    out
}

#[test]
fn quickstart_results_and_junit_match_the_golden_files() {
    let dir = tempfile::tempdir().unwrap();
    let status = Command::new(env!("CARGO_BIN_EXE_optiqual"))
        .args([
            "run",
            "testplans/quickstart.yaml",
            "--run-id",
            "golden",
            "-q",
            "--reports",
        ])
        .arg(dir.path())
        .current_dir(common::root())
        .status()
        .expect("run");
    assert!(status.code().is_some());
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let mut differ = Vec::new();
    for (file, golden) in [
        ("results.json", "quickstart.results.json"),
        ("junit.xml", "quickstart.junit.xml"),
    ] {
        let got =
            mask_times(&std::fs::read_to_string(dir.path().join("golden").join(file)).unwrap());
        let path = common::root().join("tests/golden/run").join(golden);
        if update {
            std::fs::write(&path, &got).unwrap();
        } else if std::fs::read_to_string(&path).ok().as_deref() != Some(got.as_str()) {
            differ.push(golden);
        }
    }
    assert!(
        differ.is_empty(),
        "{differ:?} differ from tests/golden/run/: run UPDATE_GOLDEN=1 cargo test --test run_golden and review"
    );
}
