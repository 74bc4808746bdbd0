//! `optiqual validate FILE...` (plans, matrix files, station files) and `optiqual schema`.

use std::path::{Path, PathBuf};

use crate::matrix::load::{FileKind, file_kind};
use crate::matrix::{self, Matrix};
use crate::plan::{self, PlanErrors};

use super::cmd_matrix::wrong_kind;
use super::exit::{CmdResult, Exit};

/// Arguments of `validate`.
#[derive(Debug, clap::Args)]
pub struct ValidateArgs {
    /// Plan, matrix or station files to check (told apart by their top-level keys: `matrix:`
    /// for a matrix, `station:` with `hosts:` for a station file, else a plan).
    #[arg(required = true, value_name = "FILE")]
    pub plans: Vec<PathBuf>,
    /// The matrix that station files are checked against (needed for station files).
    #[arg(long, value_name = "MATRIX")]
    pub matrix: Option<PathBuf>,
    /// Print a JSON array of `{file, ok, errors: [...]}`.
    #[arg(long)]
    pub json: bool,
}

/// What one file's check found: its summary line, or its error lines.
type Outcome = Result<String, Vec<String>>;

fn lines(errors: &PlanErrors) -> Vec<String> {
    errors.to_string().lines().map(str::to_string).collect()
}

/// The `--matrix` file, loaded once for every station file.
struct MatrixArg<'a> {
    path: Option<&'a Path>,
    loaded: Option<Result<Matrix, Vec<String>>>,
}

impl MatrixArg<'_> {
    fn get(&mut self, station: &Path) -> Result<&Matrix, Vec<String>> {
        let Some(path) = self.path else {
            return Err(vec![format!(
                "{}: a station file is checked against its matrix; pass --matrix MATRIX",
                station.display()
            )]);
        };
        let loaded = self.loaded.get_or_insert_with(|| {
            if let Some(why) = wrong_kind(path, FileKind::Matrix) {
                return Err(vec![format!("--matrix {why}")]);
            }
            matrix::load::load(path).map_err(|e| lines(&e))
        });
        match loaded {
            Ok(m) => Ok(m),
            Err(e) => {
                let mut out = vec![format!(
                    "{}: cannot be checked: its matrix {} is invalid",
                    station.display(),
                    path.display()
                )];
                out.extend(e.iter().cloned());
                Err(out)
            }
        }
    }
}

fn check_file(path: &Path, matrix_arg: &mut MatrixArg<'_>) -> Outcome {
    let kind = std::fs::read_to_string(path).map_or(FileKind::Plan, |t| file_kind(&t));
    match kind {
        FileKind::Plan => plan::load(path)
            .map(|p| {
                format!(
                    "ok ({}: {} slot(s), {} check(s))",
                    p.name,
                    p.station.slots.len(),
                    p.checks.len()
                )
            })
            .map_err(|e| lines(&e)),
        FileKind::Matrix => matrix::load::load(path)
            .map(|m| {
                format!(
                    "ok (matrix {}: {} SKU(s), {} host(s), {} firmware set(s), {} cell(s))",
                    m.name,
                    m.skus.len(),
                    m.hosts.len(),
                    m.firmware.len(),
                    m.cells.len()
                )
            })
            .map_err(|e| lines(&e)),
        FileKind::Station => {
            let m = matrix_arg.get(path)?;
            matrix::station::load_station(path, m)
                .map(|s| {
                    let runnable = m
                        .cells
                        .iter()
                        .filter(|c| s.runnable(&c.key).is_ok())
                        .count();
                    format!(
                        "ok (station {}: {} host(s), {} slot(s), can run {runnable} of {} cell(s))",
                        s.name,
                        s.hosts.len(),
                        s.hosts.iter().map(|h| h.slots.len()).sum::<usize>(),
                        m.cells.len()
                    )
                })
                .map_err(|e| lines(&e))
        }
    }
}

/// Checks every file; prints every error as `file:line:column: path: message`. Exit 2 if any
/// file is invalid.
pub fn run(args: &ValidateArgs) -> CmdResult {
    let mut any_bad = false;
    let mut out = Vec::new();
    let mut matrix_arg = MatrixArg {
        path: args.matrix.as_deref(),
        loaded: None,
    };
    for path in &args.plans {
        match check_file(path, &mut matrix_arg) {
            Ok(summary) => {
                if !args.json {
                    println!("{}: {summary}", path.display());
                }
                out.push(serde_json::json!({"file": path, "ok": true, "errors": []}));
            }
            Err(lines) => {
                any_bad = true;
                if !args.json {
                    for l in &lines {
                        eprintln!("{l}");
                    }
                }
                out.push(serde_json::json!({"file": path, "ok": false, "errors": lines}));
            }
        }
    }
    if args.json {
        println!("{:#}", serde_json::Value::Array(out));
    }
    Ok(if any_bad {
        Exit::InvalidInput
    } else {
        Exit::Ok
    })
}

/// Prints the JSON Schema of the plan format.
pub fn schema() -> CmdResult {
    print!("{}", plan::schema_text());
    if !plan::schema_text().ends_with('\n') {
        println!();
    }
    Ok(Exit::Ok)
}
