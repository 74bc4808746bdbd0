//! The span index: the plan's YAML read once with a span-aware parser into a small tree that
//! remembers where every key and value starts, so errors found later (by serde or by semantic
//! validation) can name their line and column from a [`YamlPath`].
//!
//! Scalars keep their text and whether they were written plain; their type is resolved the way
//! `yaml_serde` resolves it ([`Scalar::resolve`]), so the structure check and serde agree.

use std::borrow::Cow;
use std::collections::HashMap;

use saphyr_parser::{Event, Parser, ScalarStyle, Span};

use super::error::Pos;
use super::path::{Seg, YamlPath};

/// A YAML node with the position where it starts.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// Where the node starts.
    pub pos: Pos,
    /// What it is.
    pub kind: NodeKind,
}

/// The three kinds of YAML node.
#[derive(Debug, Clone, PartialEq)]
pub enum NodeKind {
    /// A mapping, keys in file order.
    Map(Vec<Entry>),
    /// A sequence.
    Seq(Vec<Node>),
    /// A scalar.
    Scalar(Scalar),
}

/// One key of a mapping.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The key text.
    pub key: String,
    /// Where the key starts.
    pub key_pos: Pos,
    /// The value.
    pub value: Node,
}

/// A scalar as written.
#[derive(Debug, Clone, PartialEq)]
pub struct Scalar {
    /// The text after unquoting.
    pub text: String,
    /// Written without quotes or block indicators (only plain scalars can be numbers, booleans
    /// or null).
    pub plain: bool,
}

/// The type a scalar resolves to, following `yaml_serde` (YAML 1.2 core schema plus
/// `0x`/`0o`/`0b` integers).
#[derive(Debug, Clone, PartialEq)]
pub enum Resolved {
    /// `~`, `null`, `Null`, `NULL` or nothing.
    Null,
    /// `true`/`false` (also `True`, `TRUE`, ...).
    Bool(bool),
    /// An integer.
    Int(i128),
    /// A finite floating-point number.
    Float(f64),
    /// Anything else, and every quoted scalar.
    Str,
}

impl Scalar {
    /// The type of this scalar.
    pub fn resolve(&self) -> Resolved {
        if !self.plain {
            return Resolved::Str;
        }
        let t = self.text.as_str();
        match t {
            "" | "~" | "null" | "Null" | "NULL" => return Resolved::Null,
            "true" | "True" | "TRUE" => return Resolved::Bool(true),
            "false" | "False" | "FALSE" => return Resolved::Bool(false),
            _ => {}
        }
        if let Some(i) = parse_int(t) {
            return Resolved::Int(i);
        }
        if !leading_zero_digits(t) {
            if let Some(f) = parse_float(t) {
                return Resolved::Float(f);
            }
        }
        Resolved::Str
    }

    /// Short description for "found ..." in messages: `the number 5`, `the text "abc"`.
    pub fn describe(&self) -> String {
        match self.resolve() {
            Resolved::Null => "nothing (null)".to_string(),
            Resolved::Bool(b) => format!("the boolean {b}"),
            Resolved::Int(_) | Resolved::Float(_) => format!("the number {}", self.text),
            Resolved::Str => format!("the text \"{}\"", self.text),
        }
    }
}

fn leading_zero_digits(t: &str) -> bool {
    let t = t.strip_prefix(['-', '+']).unwrap_or(t);
    t.len() > 1 && t.starts_with('0') && t[1..].bytes().all(|b| b.is_ascii_digit())
}

fn parse_int(t: &str) -> Option<i128> {
    let (neg, body) = match t.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    if body.starts_with(['+', '-']) {
        return None;
    }
    let radix_body = [("0x", 16), ("0o", 8), ("0b", 2)]
        .iter()
        .find_map(|(p, r)| body.strip_prefix(p).map(|b| (b, *r)));
    let value = match radix_body {
        Some((digits, radix)) => i128::from_str_radix(digits, radix).ok()?,
        None => {
            if leading_zero_digits(body) || !body.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            body.parse::<i128>().ok()?
        }
    };
    Some(if neg { -value } else { value })
}

fn parse_float(t: &str) -> Option<f64> {
    let body = match t.strip_prefix('+') {
        Some(rest) if rest.starts_with(['+', '-']) => return None,
        Some(rest) => rest,
        None => t,
    };
    match body {
        ".inf" | ".Inf" | ".INF" => return Some(f64::INFINITY),
        "-.inf" | "-.Inf" | "-.INF" => return Some(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => return Some(f64::NAN),
        _ => {}
    }
    body.parse::<f64>().ok().filter(|f| f.is_finite())
}

impl Node {
    /// The node at `path`, if the document has it.
    pub fn get(&self, path: &YamlPath) -> Option<&Node> {
        let mut node = self;
        for seg in path.segments() {
            node = node.child(seg)?.1;
        }
        Some(node)
    }

    fn child(&self, seg: &Seg) -> Option<(Pos, &Node)> {
        match (&self.kind, seg) {
            (NodeKind::Map(entries), Seg::Key(k)) => entries
                .iter()
                .find(|e| &e.key == k)
                .map(|e| (e.key_pos, &e.value)),
            (NodeKind::Seq(items), Seg::Index(i)) => items.get(*i).map(|n| (n.pos, n)),
            _ => None,
        }
    }

    /// Where the value at `path` starts; for a path the document does not have (a default, a
    /// missing key), the position of the deepest node that exists on the way.
    pub fn locate(&self, path: &YamlPath) -> Pos {
        let mut node = self;
        for seg in path.segments() {
            match node.child(seg) {
                Some((_, child)) => node = child,
                None => break,
            }
        }
        node.pos
    }

    /// Where the key of the last step of `path` starts (the value's position for an index, the
    /// deepest existing node's position when the path is missing).
    pub fn locate_key(&self, path: &YamlPath) -> Pos {
        let mut node = self;
        let mut pos = self.pos;
        for seg in path.segments() {
            match node.child(seg) {
                Some((p, child)) => {
                    pos = p;
                    node = child;
                }
                None => return node.pos,
            }
        }
        pos
    }
}

/// A YAML syntax problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    /// Where the parser stopped.
    pub pos: Pos,
    /// What it said, lower case.
    pub message: String,
}

/// Reads a plan's text into a [`Node`] tree. `Ok(None)` for a file with no document.
pub fn parse(text: &str) -> Result<Option<Node>, SyntaxError> {
    let mut builder = Builder::default();
    let mut parser = Parser::new_from_str(text);
    while let Some(ev) = parser.next_event() {
        let (event, span) = ev.map_err(|e| SyntaxError {
            pos: Pos::new(e.marker().line(), e.marker().col() + 1),
            message: lower_first(e.info()),
        })?;
        builder.on(event, span)?;
    }
    Ok(builder.root)
}

fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn pos_of(span: Span) -> Pos {
    Pos::new(span.start.line(), span.start.col() + 1)
}

enum Open {
    Map {
        pos: Pos,
        anchor: usize,
        entries: Vec<Entry>,
        key: Option<(String, Pos)>,
    },
    Seq {
        pos: Pos,
        anchor: usize,
        items: Vec<Node>,
    },
}

#[derive(Default)]
struct Builder {
    stack: Vec<Open>,
    anchors: HashMap<usize, Node>,
    root: Option<Node>,
    documents: usize,
}

impl Builder {
    fn on(&mut self, event: Event<'_>, span: Span) -> Result<(), SyntaxError> {
        let pos = pos_of(span);
        match event {
            Event::DocumentStart(_) => {
                self.documents += 1;
                if self.documents > 1 {
                    return Err(SyntaxError {
                        pos,
                        message: "a plan file holds one YAML document; found a second `---`".into(),
                    });
                }
            }
            Event::Scalar(text, style, anchor, tag) => {
                if let Some(tag) = tag {
                    let is_str = tag.suffix == "str"
                        && (tag.handle == "tag:yaml.org,2002:" || tag.handle == "!!");
                    if !is_str {
                        return Err(SyntaxError {
                            pos,
                            message: format!(
                                "YAML tags such as `{}{}` are not used in plans",
                                tag.handle, tag.suffix
                            ),
                        });
                    }
                    return self.value(anchor, scalar(text, false, pos));
                }
                let plain = style == ScalarStyle::Plain;
                self.value(anchor, scalar(text, plain, pos))?;
            }
            Event::MappingStart(anchor, tag) | Event::SequenceStart(anchor, tag)
                if tag.is_some() =>
            {
                let _ = anchor;
                return Err(SyntaxError {
                    pos,
                    message: "YAML tags are not used in plans".into(),
                });
            }
            Event::MappingStart(anchor, _) => self.stack.push(Open::Map {
                pos,
                anchor,
                entries: Vec::new(),
                key: None,
            }),
            Event::SequenceStart(anchor, _) => self.stack.push(Open::Seq {
                pos,
                anchor,
                items: Vec::new(),
            }),
            Event::MappingEnd | Event::SequenceEnd => {
                let node = match self.stack.pop() {
                    Some(Open::Map {
                        pos,
                        anchor,
                        entries,
                        ..
                    }) => (
                        anchor,
                        Node {
                            pos,
                            kind: NodeKind::Map(entries),
                        },
                    ),
                    Some(Open::Seq { pos, anchor, items }) => (
                        anchor,
                        Node {
                            pos,
                            kind: NodeKind::Seq(items),
                        },
                    ),
                    None => return Ok(()),
                };
                self.value(node.0, node.1)?;
            }
            Event::Alias(id) => {
                let node = self.anchors.get(&id).cloned().ok_or_else(|| SyntaxError {
                    pos,
                    message: "alias to an unknown anchor".into(),
                })?;
                self.value(0, Node { pos, ..node })?;
            }
            Event::Nothing | Event::StreamStart | Event::StreamEnd | Event::DocumentEnd => {}
        }
        Ok(())
    }

    /// A complete node: a mapping key, a mapping value, a sequence item or the root.
    fn value(&mut self, anchor: usize, node: Node) -> Result<(), SyntaxError> {
        if anchor != 0 {
            self.anchors.insert(anchor, node.clone());
        }
        match self.stack.last_mut() {
            None => self.root = Some(node),
            Some(Open::Seq { items, .. }) => items.push(node),
            Some(Open::Map { entries, key, .. }) => match key.take() {
                None => match node.kind {
                    NodeKind::Scalar(s) => {
                        if let Some(first) = entries.iter().find(|e| e.key == s.text) {
                            return Err(SyntaxError {
                                pos: node.pos,
                                message: format!(
                                    "duplicate key `{}` (first at line {})",
                                    s.text, first.key_pos.line
                                ),
                            });
                        }
                        *key = Some((s.text, node.pos));
                    }
                    _ => {
                        return Err(SyntaxError {
                            pos: node.pos,
                            message:
                                "mapping keys in a plan are plain words, not lists or mappings"
                                    .into(),
                        });
                    }
                },
                Some((k, key_pos)) => entries.push(Entry {
                    key: k,
                    key_pos,
                    value: node,
                }),
            },
        }
        Ok(())
    }
}

fn scalar(text: Cow<'_, str>, plain: bool, pos: Pos) -> Node {
    Node {
        pos,
        kind: NodeKind::Scalar(Scalar {
            text: text.into_owned(),
            plain,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(text: &str) -> Node {
        match parse(text) {
            Ok(Some(n)) => n,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn maps_paths_to_lines_and_columns() {
        let text = "plan: x\nstation:\n  slots:\n    - { id: p1, bus: \"mock:a\" }\n    - id: p2\n      bus: mock:b\nchecks:\n  - identity: {}\n  - ber_soak:\n      duration: 5m\n";
        let t = tree(text);
        let slots = YamlPath::root().key("station").key("slots");
        assert_eq!(t.locate(&slots.index(0).key("bus")), Pos::new(4, 22));
        assert_eq!(t.locate_key(&slots.index(0).key("bus")), Pos::new(4, 17));
        assert_eq!(t.locate(&slots.index(1).key("bus")), Pos::new(6, 12));
        assert_eq!(t.locate_key(&slots.index(1).key("id")), Pos::new(5, 7));
        let soak = YamlPath::root().key("checks").index(1).key("ber_soak");
        assert_eq!(t.locate(&soak.key("duration")), Pos::new(10, 17));
        // A key that is not there: the deepest node that is.
        assert_eq!(t.locate(&soak.key("interval")), Pos::new(10, 7));
        assert_eq!(t.locate(&YamlPath::root().key("plan")), Pos::new(1, 7));
    }

    #[test]
    fn resolves_scalars_like_yaml_serde() {
        let s = |t: &str| Scalar {
            text: t.into(),
            plain: true,
        };
        assert_eq!(s("0x03").resolve(), Resolved::Int(3));
        assert_eq!(s("-7").resolve(), Resolved::Int(-7));
        assert_eq!(s("2.4e-4").resolve(), Resolved::Float(2.4e-4));
        assert_eq!(s("1e-13").resolve(), Resolved::Float(1e-13));
        assert_eq!(s("007").resolve(), Resolved::Str);
        assert_eq!(s("10m").resolve(), Resolved::Str);
        assert_eq!(s("inf").resolve(), Resolved::Str);
        assert_eq!(s("~").resolve(), Resolved::Null);
        assert_eq!(s("True").resolve(), Resolved::Bool(true));
        assert_eq!(s("yes").resolve(), Resolved::Str);
        let quoted = Scalar {
            text: "5".into(),
            plain: false,
        };
        assert_eq!(quoted.resolve(), Resolved::Str);
    }

    #[test]
    fn syntax_errors_have_positions() {
        let err = parse("plan: x\nstation: { slots: [\n").err();
        assert!(err.is_some_and(|e| e.pos.line >= 2));
        let dup = parse("plan: x\nplan: y\n").err();
        assert_eq!(
            dup.map(|e| (e.pos, e.message)),
            Some((
                Pos::new(2, 1),
                "duplicate key `plan` (first at line 1)".to_string()
            ))
        );
    }

    #[test]
    fn anchors_and_aliases_are_followed() {
        let t = tree("a: &x { b: 1 }\nc: *x\n");
        assert!(t.get(&YamlPath::root().key("c").key("b")).is_some());
    }
}
