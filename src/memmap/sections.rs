//! [`Section`]: the human-readable report of a decode, as titled tables of label/value rows, kept
//! apart from how a terminal draws them.

/// One titled block of the report (like a block of `ethtool -m`).
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    /// Heading.
    pub title: String,
    /// Rows in order.
    pub rows: Vec<Row>,
}

/// One label/value line.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// What the value is.
    pub label: String,
    /// The value with its unit.
    pub value: String,
    /// Set for flags that are raised, bad checksums and values outside thresholds: shown
    /// highlighted.
    pub flagged: bool,
}

impl Section {
    /// An empty section.
    pub fn new(title: impl Into<String>) -> Self {
        Section {
            title: title.into(),
            rows: Vec::new(),
        }
    }

    /// Adds a plain row.
    pub fn row(&mut self, label: impl Into<String>, value: impl Into<String>) -> &mut Self {
        self.push(label, value, false)
    }

    /// Adds a row shown highlighted.
    pub fn flag(&mut self, label: impl Into<String>, value: impl Into<String>) -> &mut Self {
        self.push(label, value, true)
    }

    /// Adds a row, highlighted when `flagged`.
    pub fn push(
        &mut self,
        label: impl Into<String>,
        value: impl Into<String>,
        flagged: bool,
    ) -> &mut Self {
        self.rows.push(Row {
            label: label.into(),
            value: value.into(),
            flagged,
        });
        self
    }
}

/// Formats an optional value with a unit and precision, `"n/a"` when absent.
pub fn opt(value: Option<f64>, precision: usize, unit: &str) -> String {
    match value {
        Some(v) => format!("{v:.precision$} {unit}"),
        None => "n/a".to_string(),
    }
}

/// Formats a power in mW with its dBm, e.g. `"0.8000 mW / -0.97 dBm"`.
pub fn power(mw: Option<f64>) -> String {
    match mw {
        Some(mw) => match crate::memmap::units::mw_to_dbm(mw) {
            Some(dbm) => format!("{mw:.4} mW / {dbm:.2} dBm"),
            None => format!("{mw:.4} mW / -inf dBm"),
        },
        None => "n/a".to_string(),
    }
}

/// The items joined with `", "`, or `"none"` when there are none (lane lists, raised flags, set
/// bits).
pub fn list_or_none<S: std::borrow::Borrow<str>>(items: &[S]) -> String {
    if items.is_empty() {
        "none".to_string()
    } else {
        items.join(", ")
    }
}

/// `"Yes"` / `"No"`.
pub fn yes_no(b: bool) -> &'static str {
    if b { "Yes" } else { "No" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_join_with_commas_or_say_none() {
        assert_eq!(list_or_none(&["1", "3"]), "1, 3");
        assert_eq!(list_or_none(&[String::from("high alarm")]), "high alarm");
        assert_eq!(list_or_none::<&str>(&[]), "none");
    }
}
