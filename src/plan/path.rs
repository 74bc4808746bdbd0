//! YAML paths such as `station.slots[2].bus`: how errors name the place of a problem.

use std::fmt;

/// One step of a [`YamlPath`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Seg {
    /// A mapping key.
    Key(String),
    /// A sequence index, from 0.
    Index(usize),
}

/// A path from the document root to a node, displayed as `checks[3].dom_accuracy.limits`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct YamlPath(Vec<Seg>);

impl YamlPath {
    /// The document root (displays as an empty string).
    pub fn root() -> Self {
        YamlPath(Vec::new())
    }

    /// This path followed by a mapping key.
    #[must_use]
    pub fn key(&self, key: &str) -> Self {
        let mut segs = self.0.clone();
        segs.push(Seg::Key(key.to_string()));
        YamlPath(segs)
    }

    /// This path followed by a sequence index.
    #[must_use]
    pub fn index(&self, i: usize) -> Self {
        let mut segs = self.0.clone();
        segs.push(Seg::Index(i));
        YamlPath(segs)
    }

    /// Whether this is the root.
    pub fn is_root(&self) -> bool {
        self.0.is_empty()
    }

    /// The steps.
    pub fn segments(&self) -> &[Seg] {
        &self.0
    }

    /// Whether `self` is `other` or lies below it.
    pub fn starts_with(&self, other: &YamlPath) -> bool {
        self.0.starts_with(&other.0)
    }
}

impl fmt::Display for YamlPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, seg) in self.0.iter().enumerate() {
            match seg {
                Seg::Key(k) => {
                    if i > 0 {
                        f.write_str(".")?;
                    }
                    // Keys are the plan's text: keep a path on one line.
                    for c in k.chars() {
                        if c.is_control() {
                            write!(f, "{}", c.escape_default())?;
                        } else {
                            write!(f, "{c}")?;
                        }
                    }
                }
                Seg::Index(n) => write!(f, "[{n}]")?,
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display() {
        let p = YamlPath::root()
            .key("checks")
            .index(3)
            .key("dom_accuracy")
            .key("limits")
            .key("tx_power_db");
        assert_eq!(p.to_string(), "checks[3].dom_accuracy.limits.tx_power_db");
        assert_eq!(YamlPath::root().to_string(), "");
        assert_eq!(YamlPath::root().key("a\nb").to_string(), "a\\nb");
        assert!(p.starts_with(&YamlPath::root().key("checks").index(3)));
        assert!(!p.starts_with(&YamlPath::root().key("station")));
    }
}
