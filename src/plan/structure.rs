//! The structure check: walks the YAML tree against the plan's JSON Schema and reports every
//! wrong type, unknown key (with the nearest valid key), missing required key and unknown enum
//! value, with its line and column. Ranges, patterns and cross-references are semantic checks
//! (see [`super::validate`]), which say in words what was expected.
//!
//! Keywords understood: `$ref` (local), `type`, `properties`, `required`,
//! `additionalProperties: false`, `enum` (strings), `items`, `minItems`, `minProperties`,
//! `maxProperties`, `oneOf` (branch chosen by the node's type). [`SUPPORTED`] and [`IGNORED`]
//! list them; a test checks the schema uses nothing else.

use serde_json::Value;

use super::error::Pos;
use super::path::YamlPath;
use super::suggest;
use super::tree::{Node, NodeKind, Resolved};

/// Keywords the structure check enforces.
pub const SUPPORTED: &[&str] = &[
    "$ref",
    "type",
    "properties",
    "required",
    "additionalProperties",
    "enum",
    "items",
    "minItems",
    "minProperties",
    "maxProperties",
    "oneOf",
];

/// Keywords left to semantic validation or meant for people and editors.
pub const IGNORED: &[&str] = &[
    "$schema",
    "$id",
    "$defs",
    "title",
    "description",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "pattern",
    "uniqueItems",
];

/// A structural problem: where, at which path, and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Position of the key or value.
    pub pos: Pos,
    /// Path of the key or value.
    pub path: YamlPath,
    /// What is wrong.
    pub message: String,
}

/// Checks `node` against `schema`, returning every problem found.
pub fn check(node: &Node, schema: &Value) -> Vec<Problem> {
    let mut w = Walker {
        root: schema,
        problems: Vec::new(),
    };
    w.walk(node, schema, &YamlPath::root());
    w.problems
}

struct Walker<'s> {
    root: &'s Value,
    problems: Vec<Problem>,
}

/// The schema types a node can be.
fn node_types(node: &Node) -> &'static [&'static str] {
    match &node.kind {
        NodeKind::Map(_) => &["object"],
        NodeKind::Seq(_) => &["array"],
        NodeKind::Scalar(s) => match s.resolve() {
            Resolved::Null => &["null"],
            Resolved::Bool(_) => &["boolean"],
            Resolved::Int(_) => &["integer", "number"],
            Resolved::Float(_) => &["number"],
            Resolved::Str => &["string"],
        },
    }
}

fn type_words(t: &str) -> &'static str {
    match t {
        "object" => "a mapping",
        "array" => "a list",
        "string" => "text",
        "integer" => "a whole number",
        "number" => "a number",
        "boolean" => "true or false",
        "null" => "nothing",
        _ => "a value",
    }
}

fn found(node: &Node) -> String {
    match &node.kind {
        NodeKind::Map(e) if e.is_empty() => "an empty mapping".into(),
        NodeKind::Map(_) => "a mapping".into(),
        NodeKind::Seq(_) => "a list".into(),
        NodeKind::Scalar(s) => s.describe(),
    }
}

fn schema_types(schema: &Value) -> Vec<&str> {
    match schema.get("type") {
        Some(Value::String(t)) => vec![t.as_str()],
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

impl<'s> Walker<'s> {
    fn resolve(&self, schema: &'s Value) -> &'s Value {
        let mut s = schema;
        // Follow `$ref` chains (bounded, in case of a cycle).
        for _ in 0..8 {
            let Some(r) = s.get("$ref").and_then(Value::as_str) else {
                break;
            };
            let target = r
                .strip_prefix("#/")
                .map(|p| p.split('/').try_fold(self.root, |v, seg| v.get(seg)));
            match target.flatten() {
                Some(t) => s = t,
                None => break,
            }
        }
        s
    }

    fn problem(&mut self, pos: Pos, path: &YamlPath, message: String) {
        self.problems.push(Problem {
            pos,
            path: path.clone(),
            message,
        });
    }

    fn walk(&mut self, node: &Node, schema: &'s Value, path: &YamlPath) {
        let schema = self.resolve(schema);
        if let Some(Value::Array(branches)) = schema.get("oneOf") {
            let fits = branches
                .iter()
                .map(|b| self.resolve(b))
                .find(|b| Self::type_fits(node, b));
            match fits {
                Some(b) => self.walk(node, b, path),
                None => {
                    let wanted: Vec<&str> = branches
                        .iter()
                        .flat_map(|b| schema_types(self.resolve(b)))
                        .map(type_words)
                        .collect();
                    let msg = format!("expected {}, found {}", wanted.join(" or "), found(node));
                    self.problem(node.pos, path, msg);
                }
            }
            return;
        }
        if !Self::type_fits(node, schema) {
            let wanted: Vec<&str> = schema_types(schema).into_iter().map(type_words).collect();
            let mut msg = format!("expected {}, found {}", wanted.join(" or "), found(node));
            if let NodeKind::Scalar(s) = &node.kind {
                if schema_types(schema).contains(&"string") && s.plain {
                    msg.push_str(&format!("; quote it (\"{}\") to keep it text", s.text));
                }
            }
            self.problem(node.pos, path, msg);
            return;
        }
        match &node.kind {
            NodeKind::Map(entries) => self.walk_map(node, entries, schema, path),
            NodeKind::Seq(items) => {
                if let Some(min) = schema.get("minItems").and_then(Value::as_u64) {
                    if (items.len() as u64) < min {
                        let msg = format!(
                            "expected at least {min} item{}, found {}",
                            if min == 1 { "" } else { "s" },
                            if items.is_empty() {
                                "an empty list".to_string()
                            } else {
                                items.len().to_string()
                            }
                        );
                        self.problem(node.pos, path, msg);
                    }
                }
                if let Some(item_schema) = schema.get("items") {
                    for (i, item) in items.iter().enumerate() {
                        self.walk(item, item_schema, &path.index(i));
                    }
                }
            }
            NodeKind::Scalar(s) => {
                if let Some(Value::Array(values)) = schema.get("enum") {
                    let allowed: Vec<&str> = values.iter().filter_map(Value::as_str).collect();
                    if !allowed.contains(&s.text.as_str()) {
                        let msg = format!(
                            "unknown value `{}`{}",
                            s.text,
                            suggest::hint(&s.text, &allowed)
                        );
                        self.problem(node.pos, path, msg);
                    }
                }
            }
        }
    }

    fn type_fits(node: &Node, schema: &Value) -> bool {
        let wanted = schema_types(schema);
        wanted.is_empty() || node_types(node).iter().any(|t| wanted.contains(t))
    }

    fn walk_map(
        &mut self,
        node: &Node,
        entries: &[super::tree::Entry],
        schema: &'s Value,
        path: &YamlPath,
    ) {
        static EMPTY: std::sync::OnceLock<serde_json::Map<String, Value>> =
            std::sync::OnceLock::new();
        let props = schema
            .get("properties")
            .and_then(Value::as_object)
            .unwrap_or_else(|| EMPTY.get_or_init(serde_json::Map::new));
        let closed = schema.get("additionalProperties") == Some(&Value::Bool(false));
        let names: Vec<&str> = props.keys().map(String::as_str).collect();
        let max = schema.get("maxProperties").and_then(Value::as_u64);
        let min = schema.get("minProperties").and_then(Value::as_u64);
        if let Some(min) = min {
            if (entries.len() as u64) < min {
                let msg = format!(
                    "expected {} of {}, found an empty mapping",
                    if max == Some(1) { "one" } else { "keys" },
                    names.join(", ")
                );
                self.problem(node.pos, path, msg);
            }
        }
        // Keys the schema does not know get their own "unknown key" error; count only known ones.
        let known = entries
            .iter()
            .filter(|e| props.contains_key(&e.key))
            .count() as u64;
        if let Some(max) = max {
            if known > max {
                let keys: Vec<String> = entries.iter().map(|e| format!("`{}`", e.key)).collect();
                let second = entries.get(max as usize).map_or(node.pos, |e| e.key_pos);
                let msg = format!(
                    "one check per list item, found {}; start each with its own `- ` (or indent parameters under their kind)",
                    keys.join(" and ")
                );
                self.problem(second, path, msg);
            }
        }
        for entry in entries {
            let child_path = path.key(&entry.key);
            match props.get(&entry.key) {
                Some(child) => self.walk(&entry.value, child, &child_path),
                None if closed => {
                    let msg = self.unknown_key_message(&entry.key, entries, props, &names);
                    self.problem(entry.key_pos, &child_path, msg);
                }
                None => {}
            }
        }
        if let Some(Value::Array(required)) = schema.get("required") {
            for r in required.iter().filter_map(Value::as_str) {
                // A misspelling of it is reported as an unknown key with "did you mean".
                let misspelt = entries.iter().any(|e| {
                    !props.contains_key(&e.key)
                        && suggest::nearest(&e.key, names.iter().copied()) == Some(r)
                });
                if !misspelt && !entries.iter().any(|e| e.key == r) {
                    let msg = format!("missing required key `{r}`");
                    self.problem(node.pos, path, msg);
                }
            }
        }
    }

    /// "unknown key `x`; did you mean `y`?", or a hint that it belongs one level down when a
    /// sibling with an empty value accepts it (a forgotten indent).
    fn unknown_key_message(
        &self,
        key: &str,
        entries: &[super::tree::Entry],
        props: &'s serde_json::Map<String, Value>,
        names: &[&str],
    ) -> String {
        for sibling in entries {
            let empty_value =
                matches!(&sibling.value.kind, NodeKind::Scalar(s) if s.resolve() == Resolved::Null);
            if !empty_value {
                continue;
            }
            if let Some(s) = props.get(&sibling.key) {
                let s = self.resolve(s);
                let inner = s
                    .get("oneOf")
                    .and_then(Value::as_array)
                    .and_then(|b| {
                        b.iter()
                            .map(|b| self.resolve(b))
                            .find(|b| b.get("properties").is_some())
                    })
                    .unwrap_or(s);
                if inner
                    .get("properties")
                    .and_then(Value::as_object)
                    .is_some_and(|p| p.contains_key(key))
                {
                    return format!(
                        "unknown key `{key}` here; indent it under `{}`, whose key it is",
                        sibling.key
                    );
                }
            }
        }
        format!("unknown key `{key}`{}", suggest::hint(key, names))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::schema::schema;
    use crate::plan::tree;

    fn problems(text: &str) -> Vec<(usize, String)> {
        let Ok(Some(node)) = tree::parse(text) else {
            panic!("not YAML: {text}");
        };
        check(&node, &schema())
            .into_iter()
            .map(|p| (p.pos.line, format!("{}: {}", p.path, p.message)))
            .collect()
    }

    const OK: &str =
        "plan: p\nstation:\n  slots:\n    - { id: a, bus: mock:x }\nchecks:\n  - identity\n";

    #[test]
    fn a_minimal_plan_has_no_problem() {
        assert_eq!(problems(OK), vec![]);
    }

    #[test]
    fn every_problem_is_reported_with_its_line() {
        let text = "plan: p\nstation:\n  slots:\n    - { id: a, bus: mock:x, tierr: leaf-spine }\noptions: { concurency: 4, clock: virtul }\nchecks:\n  - identity\n  - power_up: { cycles: many }\n";
        let p = problems(text);
        assert_eq!(
            p,
            vec![
                (
                    4,
                    "station.slots[0].tierr: unknown key `tierr`; did you mean `tier`?".to_string()
                ),
                (
                    5,
                    "options.concurency: unknown key `concurency`; did you mean `concurrency`?"
                        .to_string()
                ),
                (
                    5,
                    "options.clock: unknown value `virtul`; did you mean `virtual`?".to_string()
                ),
                (
                    8,
                    "checks[1].power_up.cycles: expected a whole number, found the text \"many\""
                        .to_string()
                ),
            ]
        );
    }

    #[test]
    fn forgotten_indent_is_explained() {
        let text = "plan: p\nstation:\n  slots:\n    - { id: a, bus: mock:x }\nchecks:\n  - power_up:\n    cycles: 3\n";
        let p = problems(text);
        assert_eq!(p.len(), 1, "{p:?}");
        assert!(
            p.iter()
                .any(|(l, m)| *l == 7 && m.contains("indent it under `power_up`")),
            "{p:?}"
        );
    }

    #[test]
    fn missing_keys_and_wrong_types() {
        let text = "plan: p\nstation:\n  slots:\n    - { id: a }\nchecks: identity\n";
        let p = problems(text);
        assert!(
            p.contains(&(
                4,
                "station.slots[0]: missing required key `bus`".to_string()
            )),
            "{p:?}"
        );
        assert!(
            p.contains(&(
                5,
                "checks: expected a list, found the text \"identity\"".to_string()
            )),
            "{p:?}"
        );
    }

    #[test]
    fn numbers_where_text_is_expected_must_be_quoted() {
        let text = "plan: p\nsku: { rev: 1.10 }\nstation:\n  slots:\n    - { id: a, bus: mock:x }\nchecks: [identity]\n";
        let p = problems(text);
        assert_eq!(p, vec![(2, "sku.rev: expected text, found the number 1.10; quote it (\"1.10\") to keep it text".to_string())]);
    }
}
