//! The validation context: collects errors and places each one with the span index.

use std::time::Duration;

use crate::plan::duration;
use crate::plan::error::PlanError;
use crate::plan::path::YamlPath;
use crate::plan::tree::Node;

/// Where errors go while a raw plan becomes a model.
pub struct Ctx<'a> {
    tree: &'a Node,
    file: &'a str,
    /// Errors so far.
    pub errors: Vec<PlanError>,
}

impl<'a> Ctx<'a> {
    /// A context for the plan `file` whose YAML tree is `tree`.
    pub fn new(tree: &'a Node, file: &'a str) -> Self {
        Ctx {
            tree,
            file,
            errors: Vec::new(),
        }
    }

    /// An error about the value at `path` (placed at the value, or the nearest existing node).
    pub fn err(&mut self, path: &YamlPath, message: impl Into<String>) {
        let pos = self.tree.locate(path);
        self.errors.push(PlanError {
            file: self.file.to_string(),
            pos: Some(pos),
            path: path.clone(),
            message: message.into(),
        });
    }

    /// The line where the value at `path` starts.
    pub fn line_of(&self, path: &YamlPath) -> usize {
        self.tree.locate(path).line
    }

    /// Whether the document has a node at `path` (false for defaults).
    pub fn present(&self, path: &YamlPath) -> bool {
        self.tree.get(path).is_some()
    }

    /// A duration at `path`: `default` when absent; an error when it does not parse, or when it
    /// is zero and `positive` is asked for.
    pub fn duration(&mut self, path: &YamlPath, text: Option<&str>, default: Duration) -> Duration {
        let Some(text) = text else {
            return default;
        };
        match duration::parse(text) {
            Ok(d) if d.is_zero() => {
                self.err(
                    path,
                    format!("expected a duration longer than zero, found `{text}`"),
                );
                default
            }
            Ok(d) => d,
            Err(e) => {
                self.err(path, e.to_string());
                default
            }
        }
    }

    /// An optional duration (`None` when absent).
    pub fn opt_duration(&mut self, path: &YamlPath, text: Option<&str>) -> Option<Duration> {
        text.map(|t| self.duration(path, Some(t), Duration::ZERO))
    }

    /// A number that must be `> 0`; `what` names the unit, e.g. "of dB".
    pub fn positive(&mut self, path: &YamlPath, v: Option<f64>, default: f64, what: &str) -> f64 {
        match v {
            Some(x) if x > 0.0 && x.is_finite() => x,
            Some(x) => {
                self.err(
                    path,
                    format!("expected a positive number {what}, found {x}"),
                );
                default
            }
            None => default,
        }
    }

    /// A number that must be `>= 0`.
    pub fn non_negative(
        &mut self,
        path: &YamlPath,
        v: Option<f64>,
        default: f64,
        what: &str,
    ) -> f64 {
        match v {
            Some(x) if x >= 0.0 && x.is_finite() => x,
            Some(x) => {
                self.err(
                    path,
                    format!("expected zero or a positive number {what}, found {x}"),
                );
                default
            }
            None => default,
        }
    }

    /// A number strictly between 0 and 1.
    pub fn fraction(&mut self, path: &YamlPath, v: Option<f64>, default: f64, what: &str) -> f64 {
        match v {
            Some(x) if x > 0.0 && x < 1.0 => x,
            Some(x) => {
                self.err(
                    path,
                    format!("expected {what} strictly between 0 and 1, found {x}"),
                );
                default
            }
            None => default,
        }
    }

    /// A whole number within `lo..=hi`.
    pub fn int_in(
        &mut self,
        path: &YamlPath,
        v: Option<i64>,
        default: i64,
        lo: i64,
        hi: i64,
        what: &str,
    ) -> i64 {
        match v {
            Some(x) if (lo..=hi).contains(&x) => x,
            Some(x) => {
                self.err(
                    path,
                    format!("expected {what} from {lo} to {hi}, found {x}"),
                );
                default
            }
            None => default,
        }
    }

    /// A name from a fixed list (the structure check has already rejected unknown ones).
    pub fn named<T: Copy>(
        &mut self,
        path: &YamlPath,
        v: Option<&str>,
        lookup: fn(&str) -> Option<T>,
    ) -> Option<T> {
        let name = v?;
        let found = lookup(name);
        if found.is_none() {
            self.err(path, format!("unknown value `{name}`"));
        }
        found
    }
}

/// Converts a checked whole number to the target type (ranges were checked before).
pub fn narrow<T: TryFrom<i64> + Default>(v: i64) -> T {
    T::try_from(v).unwrap_or_default()
}
