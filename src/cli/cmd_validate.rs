//! `optiqual validate PLAN...` and `optiqual schema`.

use std::path::PathBuf;

use crate::plan;

use super::exit::{CmdResult, Exit};

/// Arguments of `validate`.
#[derive(Debug, clap::Args)]
pub struct ValidateArgs {
    /// Plan files to check.
    #[arg(required = true)]
    pub plans: Vec<PathBuf>,
    /// Print a JSON array of `{file, ok, errors: [...]}`.
    #[arg(long)]
    pub json: bool,
}

/// Checks every plan; prints every error as `file:line:column: path: message`. Exit 2 if any
/// plan is invalid.
pub fn run(args: &ValidateArgs) -> CmdResult {
    let mut any_bad = false;
    let mut out = Vec::new();
    for path in &args.plans {
        match plan::load(path) {
            Ok(p) => {
                if !args.json {
                    println!(
                        "{}: ok ({}: {} slot(s), {} check(s))",
                        path.display(),
                        p.name,
                        p.station.slots.len(),
                        p.checks.len()
                    );
                }
                out.push(serde_json::json!({"file": path, "ok": true, "errors": []}));
            }
            Err(errors) => {
                any_bad = true;
                let lines: Vec<String> = errors.to_string().lines().map(str::to_string).collect();
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
