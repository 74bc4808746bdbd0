//! Test plans: the YAML format an engineer writes (docs/plan-format.md), read into raw serde
//! structs, checked against the format's JSON Schema, and validated into a [`Plan`].
//!
//! Every problem is reported at once, each naming `file:line:column`, the YAML path, what was
//! expected and, for a misspelt key or value, the nearest valid one. No I/O besides reading the
//! file in [`load`]; no tokio.
//!
//! How a plan is read:
//! 1. [`tree`]: a span-aware parse (saphyr-parser) into a small tree of nodes with positions —
//!    the span index used to place every later error; YAML syntax errors stop here.
//! 2. [`structure`]: the tree against [`schema()`]: types, unknown and missing keys, enum values.
//! 3. `yaml_serde` into the raw structs of [`raw`] and [`raw_checks`] (`deny_unknown_fields`).
//! 4. [`validate`]: ranges, durations, unique ids, selectors, instruments each check needs,
//!    grants, and the model of [`model`] and [`checks`].

pub mod checks;
pub mod duration;
pub mod error;
pub mod model;
pub mod path;
pub mod raw;
pub mod raw_checks;
pub mod schema;
pub mod structure;
pub mod suggest;
pub mod tree;
pub mod validate;

use std::path::Path;
use std::sync::OnceLock;

pub use checks::{Check, CheckKind, CheckParams};
pub use error::{PlanError, PlanErrors, Pos};
pub use model::Plan;
pub use path::YamlPath;
pub use schema::{schema, schema_text};

fn cached_schema() -> &'static serde_json::Value {
    static SCHEMA: OnceLock<serde_json::Value> = OnceLock::new();
    SCHEMA.get_or_init(schema::schema)
}

/// Reads and validates the plan file at `path`. The file name in errors is `path` as given.
pub fn load(path: &Path) -> Result<Plan, PlanErrors> {
    let name = path.display().to_string();
    match std::fs::read_to_string(path) {
        Ok(text) => parse(&text, &name),
        Err(e) => Err(PlanErrors::new(vec![PlanError {
            file: name,
            pos: None,
            path: YamlPath::root(),
            message: format!("cannot read the plan: {e}"),
        }])),
    }
}

/// Validates a plan's text; `file_name` is used in error messages and kept in [`Plan::file`].
pub fn parse(text: &str, file_name: &str) -> Result<Plan, PlanErrors> {
    let at = |pos: Option<Pos>, path: YamlPath, message: String| PlanError {
        file: file_name.to_string(),
        pos,
        path,
        message,
    };
    let tree = match tree::parse(text) {
        Ok(Some(t)) => t,
        Ok(None) => {
            return Err(PlanErrors::new(vec![at(
                Some(Pos::new(1, 1)),
                YamlPath::root(),
                "the plan is empty; it starts with `plan: NAME`, then `station:` and `checks:`"
                    .into(),
            )]));
        }
        Err(e) => {
            return Err(PlanErrors::new(vec![at(
                Some(e.pos),
                YamlPath::root(),
                format!("invalid YAML: {}", e.message),
            )]));
        }
    };
    let problems = structure::check(&tree, cached_schema());
    if !problems.is_empty() {
        return Err(PlanErrors::new(
            problems
                .into_iter()
                .map(|p| at(Some(p.pos), p.path, p.message))
                .collect(),
        ));
    }
    let raw: raw::RawPlan = match yaml_serde::from_str(text) {
        Ok(r) => r,
        Err(e) => {
            // The structure check accepts only what the raw structs take, so this is a
            // disagreement between the two YAML readers; report it as it comes.
            let pos = e
                .location()
                .map_or(tree.pos, |l| Pos::new(l.line(), l.column()));
            return Err(PlanErrors::new(vec![at(
                Some(pos),
                YamlPath::root(),
                e.to_string(),
            )]));
        }
    };
    validate::build(&raw, &tree, file_name).map_err(PlanErrors::new)
}

#[cfg(test)]
mod fields;
#[cfg(test)]
mod tests;
