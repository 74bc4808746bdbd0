//! Where matrix and station errors go while raw files become models: each error is placed with
//! the span index of the file's YAML tree.

use std::collections::HashMap;

use crate::plan::error::PlanError;
use crate::plan::path::YamlPath;
use crate::plan::suggest;
use crate::plan::tree::Node;

/// Collects errors for one file.
pub struct Ctx<'a> {
    tree: &'a Node,
    file: &'a str,
    /// Errors so far.
    pub errors: Vec<PlanError>,
}

impl<'a> Ctx<'a> {
    /// A context for `file`, whose YAML tree is `tree`.
    pub fn new(tree: &'a Node, file: &'a str) -> Self {
        Ctx {
            tree,
            file,
            errors: Vec::new(),
        }
    }

    /// An error about the value at `path`.
    pub fn err(&mut self, path: &YamlPath, message: impl Into<String>) {
        let pos = self.tree.locate(path);
        self.push(pos, path, message.into());
    }

    /// An error about the key of the last step of `path`.
    pub fn err_key(&mut self, path: &YamlPath, message: impl Into<String>) {
        let pos = self.tree.locate_key(path);
        self.push(pos, path, message.into());
    }

    fn push(&mut self, pos: crate::plan::Pos, path: &YamlPath, message: String) {
        self.errors.push(PlanError {
            file: self.file.to_string(),
            pos: Some(pos),
            path: path.clone(),
            message,
        });
    }

    /// The line where the value at `path` starts.
    pub fn line_of(&self, path: &YamlPath) -> usize {
        self.tree.locate(path).line
    }

    /// A short id (letters, digits, `_`, `-`, `.`, 1 to 64 characters); an error otherwise.
    /// `what` names the kind, e.g. "SKU id".
    pub fn id(&mut self, path: &YamlPath, id: &str, what: &str) -> bool {
        let ok = !id.is_empty()
            && id.chars().count() <= 64
            && id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'));
        if !ok {
            self.err(
                path,
                format!(
                    "expected a {what} of letters, digits, `_`, `-` or `.` (1 to 64), found `{id}`"
                ),
            );
        }
        ok
    }

    /// Records `id` (at `path`) in `seen`; a duplicate is an error naming the first one's line.
    pub fn unique(
        &mut self,
        seen: &mut HashMap<String, YamlPath>,
        path: &YamlPath,
        id: &str,
        what: &str,
    ) -> bool {
        if let Some(first) = seen.get(id) {
            let line = self.line_of(first);
            self.err(
                path,
                format!(
                    "duplicate {what} `{id}` (first defined at line {line}); ids must be unique"
                ),
            );
            return false;
        }
        seen.insert(id.to_string(), path.clone());
        true
    }

    /// A number that must be positive and finite.
    pub fn positive(&mut self, path: &YamlPath, v: f64, what: &str) -> bool {
        let ok = v > 0.0 && v.is_finite();
        if !ok {
            self.err(
                path,
                format!("expected a positive number {what}, found {v}"),
            );
        }
        ok
    }

    /// Text that must not be empty or blank.
    pub fn non_empty(&mut self, path: &YamlPath, v: &str, what: &str) {
        if v.trim().is_empty() {
            self.err(path, format!("expected {what}, found empty text"));
        }
    }
}

/// `; did you mean `y`?` for the nearest known id, `; known: a, b` for a short list, else
/// nothing.
pub fn hint(id: &str, known: &[&str]) -> String {
    match suggest::nearest(id, known.iter().copied()) {
        Some(best) => format!("; did you mean `{best}`?"),
        None if known.is_empty() => String::new(),
        None if known.len() <= 8 => format!("; known: {}", known.join(", ")),
        None => String::new(),
    }
}

/// `unknown WHAT `x`` followed by [`hint`].
pub fn unknown(what: &str, id: &str, known: &[&str]) -> String {
    format!("unknown {what} `{id}`{}", hint(id, known))
}
