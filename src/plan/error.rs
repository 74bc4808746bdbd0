//! Errors of a plan: each names the file, the line and column, and the YAML path.

use std::fmt;

use super::path::YamlPath;

/// A position in a plan file: 1-based line and column (columns count characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Pos {
    /// Line, from 1.
    pub line: usize,
    /// Column, from 1, in characters.
    pub col: usize,
}

impl Pos {
    /// A position from a 1-based line and column.
    pub const fn new(line: usize, col: usize) -> Self {
        Pos { line, col }
    }
}

/// One problem in a plan.
///
/// Displays as `FILE:LINE:COL: PATH: MESSAGE` (the path is left out for errors about the whole
/// file, the position for errors that have none, such as a file that cannot be read).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanError {
    /// The file name as given to [`crate::plan::parse`] or [`crate::plan::load`].
    pub file: String,
    /// Where the problem is; `None` when it concerns the file itself.
    pub pos: Option<Pos>,
    /// YAML path of the offending key or value, e.g. `checks[3].dom_accuracy.limits`.
    pub path: YamlPath,
    /// What is wrong and what was expected, lower case.
    pub message: String,
}

impl fmt::Display for PlanError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(pos) = self.pos {
            write!(f, ":{}:{}", pos.line, pos.col)?;
        }
        if !self.path.is_root() {
            write!(f, ": {}", self.path)?;
        }
        // One line per error, whatever text the plan echoed into the message.
        f.write_str(": ")?;
        for c in self.message.chars() {
            if c.is_control() {
                write!(f, "{}", c.escape_default())?;
            } else {
                write!(f, "{c}")?;
            }
        }
        Ok(())
    }
}

impl std::error::Error for PlanError {}

/// Every problem found in a plan, in file order. Never empty when returned as an error.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PlanErrors {
    /// The problems, sorted by position.
    pub errors: Vec<PlanError>,
}

impl PlanErrors {
    /// Wraps a list of errors, sorted by line and column (file-level errors first), duplicates
    /// removed.
    pub fn new(mut errors: Vec<PlanError>) -> Self {
        errors.sort_by_key(|e| e.pos);
        errors.dedup();
        PlanErrors { errors }
    }

    /// Number of errors.
    pub fn len(&self) -> usize {
        self.errors.len()
    }

    /// Whether there is none (never true for a returned error).
    pub fn is_empty(&self) -> bool {
        self.errors.is_empty()
    }

    /// The errors, in file order.
    pub fn iter(&self) -> std::slice::Iter<'_, PlanError> {
        self.errors.iter()
    }
}

impl fmt::Display for PlanErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.errors.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for PlanErrors {}

impl<'a> IntoIterator for &'a PlanErrors {
    type Item = &'a PlanError;
    type IntoIter = std::slice::Iter<'a, PlanError>;

    fn into_iter(self) -> Self::IntoIter {
        self.errors.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn displays_file_position_path_and_message() {
        let e = PlanError {
            file: "plan.yaml".into(),
            pos: Some(Pos::new(14, 9)),
            path: YamlPath::root().key("checks").index(3).key("dom_accuracy"),
            message: "expected a mapping".into(),
        };
        assert_eq!(
            e.to_string(),
            "plan.yaml:14:9: checks[3].dom_accuracy: expected a mapping"
        );
        let file_level = PlanError {
            file: "x.yaml".into(),
            pos: None,
            path: YamlPath::root(),
            message: "cannot read the file: gone".into(),
        };
        assert_eq!(file_level.to_string(), "x.yaml: cannot read the file: gone");
        let control = PlanError {
            message: "unknown key `a\nb`".into(),
            ..file_level
        };
        assert_eq!(control.to_string(), "x.yaml: unknown key `a\\nb`");
    }

    #[test]
    fn sorted_one_line_each() {
        let mk = |line, msg: &str| PlanError {
            file: "p".into(),
            pos: Some(Pos::new(line, 1)),
            path: YamlPath::root(),
            message: msg.into(),
        };
        let errs = PlanErrors::new(vec![mk(3, "b"), mk(1, "a"), mk(3, "b")]);
        assert_eq!(errs.to_string(), "p:1:1: a\np:3:1: b");
        assert_eq!(errs.len(), 2);
    }
}
