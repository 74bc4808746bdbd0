//! Reading a matrix file: the span tree, the structure check against the matrix schema, the raw
//! structs, then validation, the way plans are read (`crate::plan::parse`). Also the pieces the
//! station file shares, and telling the three kinds of YAML file apart.

use std::path::Path;
use std::sync::OnceLock;

use serde::de::DeserializeOwned;

use super::model::Matrix;
use super::raw::RawMatrix;
use super::schema;
use super::validate::{self, PlanInfo};
use crate::plan::error::{PlanError, PlanErrors, Pos};
use crate::plan::path::YamlPath;
use crate::plan::structure;
use crate::plan::tree::{self, Node, NodeKind, Resolved};

/// Reads and validates the matrix file at `path`, and every plan its cells name (relative to the
/// file's folder). The file name in errors is `path` as given.
pub fn load(path: &Path) -> Result<Matrix, PlanErrors> {
    let name = path.display().to_string();
    let text = read(path, "matrix")?;
    let base = path.parent().unwrap_or_else(|| Path::new(""));
    parse(&text, &name, base)
}

/// Validates a matrix's text; `file_name` is used in errors and kept in [`Matrix::file`], plan
/// files are read from `base_dir`. Cells come out sorted by key, with the SHA-256 of the text
/// and of each plan file.
pub fn parse(text: &str, file_name: &str, base_dir: &Path) -> Result<Matrix, PlanErrors> {
    static SCHEMA: OnceLock<serde_json::Value> = OnceLock::new();
    let schema = SCHEMA.get_or_init(schema::matrix_schema);
    let empty = "the matrix is empty; it starts with `matrix: NAME`, then `skus:`, `hosts:`, `firmware:` and `cells:`";
    let (raw, tree): (RawMatrix, Node) = read_raw(text, file_name, schema, empty, modules_text)?;
    let mut plans = |plan: &str| read_plan(base_dir, plan);
    validate::build(
        &raw,
        &tree,
        file_name,
        &sha256_hex(text.as_bytes()),
        &mut plans,
    )
    .map_err(PlanErrors::new)
}

/// A cell's plan file: its resolved path and hash, or the reasons it cannot be used, each
/// keeping the plan file's own `file:line:col`.
fn read_plan(base_dir: &Path, plan: &str) -> Result<PlanInfo, Vec<String>> {
    let path = base_dir.join(plan);
    let shown = path.display().to_string();
    let bytes = std::fs::read(&path).map_err(|e| {
        vec![format!(
            "cannot read plan file `{shown}`: {e}; `plan` is relative to the matrix file's folder"
        )]
    })?;
    let text = String::from_utf8(bytes.clone())
        .map_err(|_| vec![format!("plan file `{shown}` is not UTF-8 text")])?;
    match crate::plan::parse(&text, &shown) {
        Ok(_) => Ok(PlanInfo {
            path: shown,
            sha256: sha256_hex(&bytes),
        }),
        Err(errors) => Err(errors
            .iter()
            .map(|e| format!("plan `{plan}` does not validate: {e}"))
            .collect()),
    }
}

/// Reads a file for a loader; `what` names it in the error.
pub(crate) fn read(path: &Path, what: &str) -> Result<String, PlanErrors> {
    std::fs::read_to_string(path).map_err(|e| {
        PlanErrors::new(vec![PlanError {
            file: path.display().to_string(),
            pos: None,
            path: YamlPath::root(),
            message: format!("cannot read the {what} file: {e}"),
        }])
    })
}

/// Lower-case hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest as _;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Extra structure rules the schema cannot say; each returns `(path, message)` problems.
type Extra = fn(&Node) -> Vec<(YamlPath, String)>;

/// The span tree, the structure check against `schema` (plus `extra`), then the raw structs.
pub(crate) fn read_raw<T: DeserializeOwned>(
    text: &str,
    file_name: &str,
    schema: &serde_json::Value,
    empty: &str,
    extra: Extra,
) -> Result<(T, Node), PlanErrors> {
    let at = |pos: Pos, path: YamlPath, message: String| PlanError {
        file: file_name.to_string(),
        pos: Some(pos),
        path,
        message,
    };
    let tree = match tree::parse(text) {
        Ok(Some(t)) => t,
        Ok(None) => {
            return Err(PlanErrors::new(vec![at(
                Pos::new(1, 1),
                YamlPath::root(),
                empty.to_string(),
            )]));
        }
        Err(e) => {
            return Err(PlanErrors::new(vec![at(
                e.pos,
                YamlPath::root(),
                format!("invalid YAML: {}", e.message),
            )]));
        }
    };
    let mut problems: Vec<PlanError> = structure::check(&tree, schema)
        .into_iter()
        .map(|p| at(p.pos, p.path, p.message))
        .collect();
    problems.extend(
        extra(&tree)
            .into_iter()
            .map(|(path, msg)| at(tree.locate(&path), path, msg)),
    );
    if !problems.is_empty() {
        return Err(PlanErrors::new(problems));
    }
    match yaml_serde::from_str::<T>(text) {
        Ok(raw) => Ok((raw, tree)),
        Err(e) => {
            // The structure check accepts only what the raw structs take; a disagreement between
            // the two YAML readers is reported as it comes.
            let pos = e
                .location()
                .map_or(tree.pos, |l| Pos::new(l.line(), l.column()));
            Err(PlanErrors::new(vec![at(
                pos,
                YamlPath::root(),
                e.to_string(),
            )]))
        }
    }
}

/// `firmware[i].modules` values must be text (a version such as 2.1 must be quoted).
fn modules_text(tree: &Node) -> Vec<(YamlPath, String)> {
    let mut out = Vec::new();
    let fw = YamlPath::root().key("firmware");
    let Some(NodeKind::Seq(items)) = tree.get(&fw).map(|n| &n.kind) else {
        return out;
    };
    for (i, item) in items.iter().enumerate() {
        let mp = fw.index(i).key("modules");
        let Some(NodeKind::Map(entries)) =
            item.get(&YamlPath::root().key("modules")).map(|n| &n.kind)
        else {
            continue;
        };
        for e in entries {
            let found = match &e.value.kind {
                NodeKind::Scalar(s) if s.resolve() == Resolved::Str => continue,
                NodeKind::Scalar(s) if s.resolve() == Resolved::Null => s.describe(),
                NodeKind::Scalar(s) => {
                    format!(
                        "{}; quote it (\"{}\") to keep it text",
                        s.describe(),
                        s.text
                    )
                }
                NodeKind::Map(_) => "a mapping".to_string(),
                NodeKind::Seq(_) => "a list".to_string(),
            };
            out.push((
                mp.key(&e.key),
                format!("expected the module firmware version as text, found {found}"),
            ));
        }
    }
    out
}

/// What a YAML file is, by its top-level keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// A test plan (anything that is not one of the others, so plan errors explain it).
    Plan,
    /// A compatibility matrix (`matrix:` at the top).
    Matrix,
    /// A station file (`station:` and `hosts:` at the top).
    Station,
}

/// Tells a matrix, a station file and a plan apart from the text; unreadable YAML is a plan
/// (the plan reader then reports the syntax error).
pub fn file_kind(text: &str) -> FileKind {
    let Ok(Some(node)) = tree::parse(text) else {
        return FileKind::Plan;
    };
    let NodeKind::Map(entries) = &node.kind else {
        return FileKind::Plan;
    };
    let has = |k: &str| entries.iter().any(|e| e.key == k);
    if has("matrix") {
        FileKind::Matrix
    } else if has("station") && has("hosts") {
        FileKind::Station
    } else {
        FileKind::Plan
    }
}
