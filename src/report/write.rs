//! The one function of the report layer that touches the file system: writes the four reports
//! of a run into `reports/<run-id>/`, each atomically (temporary file, fsync, rename, fsync of the
//! folder), so a crash leaves either the old file or the new one, never half of one.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use super::{Format, rebuild};
use crate::results::RunResults;

/// File name of the results.
pub const RESULTS_JSON: &str = "results.json";
/// File name of the JUnit report.
pub const JUNIT_XML: &str = "junit.xml";
/// File name of the summary.
pub const SUMMARY_MD: &str = "summary.md";
/// File name of the self-contained HTML report (verdict, findings, plots, evidence).
pub const REPORT_HTML: &str = "report.html";

/// Where [`write_all`] put the reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    /// `reports/<run-id>/`.
    pub dir: PathBuf,
    /// `reports/<run-id>/results.json`.
    pub results_json: PathBuf,
    /// `reports/<run-id>/junit.xml`.
    pub junit_xml: PathBuf,
    /// `reports/<run-id>/summary.md`.
    pub summary_md: PathBuf,
    /// `reports/<run-id>/report.html`.
    pub report_html: PathBuf,
}

/// Writes report.html, junit.xml, summary.md and results.json into `reports_dir/<run-id>/` (created if
/// needed), each atomically; results.json last, so its presence means the set is complete.
///
/// A run id that is not a plain folder name (empty, `.`/`..`, a path separator, a NUL or other
/// control character, and on Windows a `:`) is refused with [`io::ErrorKind::InvalidInput`].
pub fn write_all(reports_dir: &Path, results: &RunResults) -> io::Result<Written> {
    check_run_id(&results.run_id)?;
    let dir = reports_dir.join(&results.run_id);
    fs::create_dir_all(&dir)?;
    let written = Written {
        results_json: dir.join(RESULTS_JSON),
        junit_xml: dir.join(JUNIT_XML),
        summary_md: dir.join(SUMMARY_MD),
        report_html: dir.join(REPORT_HTML),
        dir,
    };
    write_atomically(
        &written.report_html,
        super::html::render_run(results).as_bytes(),
    )?;
    for (format, path) in [
        (Format::Junit, &written.junit_xml),
        (Format::Md, &written.summary_md),
        (Format::Json, &written.results_json),
    ] {
        write_atomically(path, rebuild(results, format).as_bytes())?;
    }
    sync_dir(&written.dir);
    Ok(written)
}

fn check_run_id(id: &str) -> io::Result<()> {
    let bad = id.is_empty()
        || id == "."
        || id == ".."
        || id
            .chars()
            .any(|c| matches!(c, '/' | '\\') || c.is_control() || (cfg!(windows) && c == ':'));
    if bad {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("run id {id:?} cannot be used as a folder name"),
        ));
    }
    Ok(())
}

static TMP_COUNTER: AtomicU64 = AtomicU64::new(0);

/// Writes `bytes` to a temporary file beside `path`, fsyncs it and renames it over `path`.
pub(crate) fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map_or_else(|| "report".into(), |n| n.to_string_lossy().into_owned());
    // Unique per process and call, so two writers never share a temporary file.
    let n = TMP_COUNTER.fetch_add(1, Ordering::Relaxed);
    let tmp = dir.join(format!(".{name}.{}.{n}.tmp", std::process::id()));
    let result = (|| {
        let mut f: File = OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .open(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        drop(f);
        fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// Makes the renames durable where the platform can (opening a folder to fsync it fails on some
/// systems; then there is nothing more to do).
fn sync_dir(dir: &Path) {
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{json, samples};

    #[test]
    fn writes_the_four_reports_into_the_run_folder() {
        let tmp = tempfile::tempdir().unwrap();
        let r = samples::mixed();
        let w = write_all(tmp.path(), &r).unwrap();
        assert_eq!(w.dir, tmp.path().join("20261124-090000-mixed"));
        assert_eq!(json::read(&w.results_json).unwrap(), r);
        assert!(
            fs::read_to_string(&w.junit_xml)
                .unwrap()
                .starts_with("<?xml")
        );
        assert!(
            fs::read_to_string(&w.summary_md)
                .unwrap()
                .starts_with("# FAIL")
        );
        // Nothing else is left behind (no temporary files).
        let mut names: Vec<_> = fs::read_dir(&w.dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        assert_eq!(
            names,
            ["junit.xml", "report.html", "results.json", "summary.md"]
        );
        assert!(
            fs::read_to_string(&w.report_html)
                .unwrap()
                .starts_with("<!DOCTYPE html>")
        );
        // Writing again replaces the files.
        let mut r2 = r.clone();
        r2.tool_version = "0.2.0".into();
        write_all(tmp.path(), &r2).unwrap();
        assert_eq!(json::read(&w.results_json).unwrap(), r2);
    }

    #[test]
    fn refuses_run_ids_that_escape_the_folder() {
        let tmp = tempfile::tempdir().unwrap();
        for id in ["", ".", "..", "../x", "a/b", "a\\b", "a\u{0}b", "a\u{1b}b"] {
            let mut r = samples::passing();
            r.run_id = id.into();
            let e = write_all(tmp.path(), &r).unwrap_err();
            assert_eq!(e.kind(), io::ErrorKind::InvalidInput, "{id:?}");
        }
        assert_eq!(fs::read_dir(tmp.path()).unwrap().count(), 0);
        // An RFC 3339-like id is a fine folder name where the platform allows ':'.
        if !cfg!(windows) {
            let mut r = samples::passing();
            r.run_id = "2026-11-24T09:00:00Z".into();
            assert!(write_all(tmp.path(), &r).is_ok());
        }
    }

    #[test]
    fn a_failed_write_leaves_no_temporary_file() {
        let tmp = tempfile::tempdir().unwrap();
        // The target is a non-empty folder: the rename fails.
        let target = tmp.path().join("results.json");
        fs::create_dir(&target).unwrap();
        fs::write(target.join("x"), b"x").unwrap();
        assert!(write_atomically(&target, b"{}").is_err());
        let names: Vec<_> = fs::read_dir(tmp.path()).unwrap().collect();
        assert_eq!(names.len(), 1);
    }
}
