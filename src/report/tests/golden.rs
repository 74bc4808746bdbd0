//! Golden reports: every sample of [`crate::report::samples`] rendered in every format and
//! compared byte for byte with tests/golden/report/. After a deliberate change, regenerate with
//! `UPDATE_GOLDEN=1 cargo test --lib report::tests::golden` and review the diff.

use std::path::PathBuf;

use crate::report::{Format, rebuild, samples};

fn golden_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden/report")
}

fn extension(f: Format) -> &'static str {
    match f {
        Format::Json => "json",
        Format::Junit => "xml",
        Format::Md => "md",
        Format::Html => "html",
    }
}

#[test]
fn every_sample_renders_to_its_golden_files() {
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let dir = golden_dir();
    let mut mismatches = Vec::new();
    for (name, results) in samples::all() {
        for format in Format::ALL {
            let text = rebuild(&results, format);
            let path = dir.join(format!("{name}.{}", extension(format)));
            if update {
                std::fs::create_dir_all(&dir).unwrap();
                std::fs::write(&path, &text).unwrap();
                continue;
            }
            match std::fs::read_to_string(&path) {
                Ok(expected) if expected == text => {}
                Ok(expected) => {
                    let line = expected
                        .lines()
                        .zip(text.lines())
                        .position(|(a, b)| a != b)
                        .map_or(expected.lines().count().min(text.lines().count()), |i| i)
                        + 1;
                    mismatches.push(format!("{} differs from line {line}", path.display()));
                }
                Err(_) => mismatches.push(format!("{} is missing", path.display())),
            }
        }
    }
    assert!(
        mismatches.is_empty(),
        "{mismatches:#?}\nrun UPDATE_GOLDEN=1 cargo test --lib report::tests::golden and review"
    );
}

#[test]
fn golden_json_reads_back_to_the_sample() {
    for (name, results) in samples::all() {
        let path = golden_dir().join(format!("{name}.json"));
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue; // reported by the test above
        };
        assert_eq!(
            crate::report::json::parse(&text, &path).unwrap(),
            results,
            "{name}"
        );
    }
}
