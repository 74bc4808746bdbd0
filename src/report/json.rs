//! `results.json` (design.md §4.3): written pretty, keys in the order the structs declare them,
//! with a trailing newline; read back with errors that name the file, line and column.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::de::{self, Deserialize, Deserializer, IgnoredAny, Visitor};

use super::error::ReadError;
use crate::results::RunResults;
use crate::results::model::SCHEMA;

/// results.json text: pretty-printed (two-space indent), keys in declaration order, trailing
/// newline. Non-finite numbers are written as `null` (serde_json's rule).
pub fn to_string(results: &RunResults) -> String {
    let mut s = serde_json::to_string_pretty(results)
        // Plain structs with string-keyed maps serialise into a String without error.
        .expect("results serialise to JSON");
    s.push('\n');
    s
}

/// Reads and parses `path` ([`parse`]).
pub fn read(path: &Path) -> Result<RunResults, ReadError> {
    let text = std::fs::read_to_string(path).map_err(|source| ReadError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    parse(&text, path)
}

/// Parses results.json `text`; `path` is only used to name the file in errors. The `schema` key
/// is checked before the rest, so a file of another schema version gets a schema error rather
/// than a confusing "missing field".
pub fn parse(text: &str, path: &Path) -> Result<RunResults, ReadError> {
    let probe: Probe = serde_json::from_str(text).map_err(|e| classify(e, path))?;
    if !probe.schema_seen {
        return Err(ReadError::WrongSchema {
            path: path.to_path_buf(),
            line: 1,
            column: 1,
            found: None,
            expected: SCHEMA,
        });
    }
    serde_json::from_str(text).map_err(|e| malformed(&e, path))
}

/// Prefix of the custom error a wrong `schema` value raises inside the probe; never produced by
/// serde_json itself (it starts with a NUL).
const WRONG_SCHEMA: &str = "\u{0}wrong schema:";

fn classify(e: serde_json::Error, path: &Path) -> ReadError {
    let text = e.to_string();
    if let Some(rest) = text.strip_prefix(WRONG_SCHEMA) {
        let found = strip_position(rest).to_string();
        return ReadError::WrongSchema {
            path: path.to_path_buf(),
            line: e.line(),
            column: e.column(),
            found: Some(found),
            expected: SCHEMA,
        };
    }
    malformed(&e, path)
}

fn malformed(e: &serde_json::Error, path: &Path) -> ReadError {
    let text = e.to_string();
    ReadError::Malformed {
        path: PathBuf::from(path),
        line: e.line().max(1),
        column: e.column().max(1),
        reason: strip_position(&text).to_string(),
    }
}

/// serde_json's message without its trailing " at line L column C".
fn strip_position(msg: &str) -> &str {
    match msg.rfind(" at line ") {
        Some(i) if msg[i..].contains(" column ") => &msg[..i],
        _ => msg,
    }
}

/// The top-level object, reduced to whether it holds the right `schema`.
struct Probe {
    schema_seen: bool,
}

impl<'de> Deserialize<'de> for Probe {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(ProbeVisitor)
    }
}

struct ProbeVisitor;

impl<'de> Visitor<'de> for ProbeVisitor {
    type Value = Probe;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a results.json object")
    }

    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Probe, A::Error> {
        let mut schema_seen = false;
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            if key == "schema" && !schema_seen {
                // A wrong value errors inside the string's own deserialisation, so serde_json
                // reports the position just after it.
                map.next_value::<SchemaTag>()?;
                schema_seen = true;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(Probe { schema_seen })
    }
}

/// The value of `schema`, accepted only when it is [`SCHEMA`].
struct SchemaTag;

impl<'de> Deserialize<'de> for SchemaTag {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_str(SchemaVisitor)
    }
}

struct SchemaVisitor;

impl Visitor<'_> for SchemaVisitor {
    type Value = SchemaTag;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "the string \"{SCHEMA}\"")
    }

    fn visit_str<E: de::Error>(self, found: &str) -> Result<SchemaTag, E> {
        if found == SCHEMA {
            Ok(SchemaTag)
        } else {
            Err(E::custom(format_args!("{WRONG_SCHEMA}{found}")))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::samples;

    fn p() -> &'static Path {
        Path::new("reports/r1/results.json")
    }

    #[test]
    fn writes_pretty_with_trailing_newline_and_reads_back() {
        for (_, r) in samples::all() {
            let text = to_string(&r);
            assert!(text.ends_with("}\n"));
            assert!(text.starts_with("{\n  \"schema\": \"optiqual.results/1\",\n  \"run_id\""));
            assert_eq!(parse(&text, p()).unwrap(), r);
        }
    }

    #[test]
    fn syntax_errors_name_file_line_and_column() {
        let e = parse(
            "{\n  \"schema\": \"optiqual.results/1\",\n  \"run_id\": 1,,\n}",
            p(),
        )
        .unwrap_err();
        let msg = e.to_string();
        assert!(
            msg.starts_with(
                "reports/r1/results.json:3:15: malformed results.json: key must be a string"
            ),
            "{msg}"
        );
        assert!(!msg.contains(" at line "), "{msg}");
        let e = parse("", p()).unwrap_err();
        assert!(matches!(e, ReadError::Malformed { line: 1, .. }), "{e}");
        let e = parse("[1, 2]", p()).unwrap_err().to_string();
        assert!(e.contains("expected a results.json object"), "{e}");
    }

    #[test]
    fn shape_errors_name_the_field() {
        let e = parse("{\"schema\": \"optiqual.results/1\",\n\"run_id\": 7}", p()).unwrap_err();
        match &e {
            ReadError::Malformed { line, reason, .. } => {
                assert_eq!(*line, 2);
                assert!(reason.contains("expected a string"), "{reason}");
            }
            other => panic!("{other}"),
        }
    }

    #[test]
    fn another_schema_is_named_with_its_position() {
        let text =
            "{\n  \"station\": {\"schema\": \"x\"},\n  \"schema\": \"optiqual.results/2\"\n}";
        let e = parse(text, p()).unwrap_err();
        match &e {
            ReadError::WrongSchema { line, found, .. } => {
                assert_eq!(*line, 3);
                assert_eq!(found.as_deref(), Some("optiqual.results/2"));
            }
            other => panic!("{other}"),
        }
        assert_eq!(
            e.to_string(),
            "reports/r1/results.json:3:32: results schema \"optiqual.results/2\" is not \
             supported, expected \"optiqual.results/1\""
        );
        let e = parse("{\"run_id\": \"r\"}", p()).unwrap_err().to_string();
        assert_eq!(
            e,
            "reports/r1/results.json:1:1: not an optiqual results file: no \"schema\" key, \
             expected \"optiqual.results/1\""
        );
    }

    #[test]
    fn a_non_finite_duration_is_written_as_null_and_refused_on_reading() {
        // serde_json writes NaN as null; the model's f64 fields do not accept null back, so the
        // runner must never record a NaN duration. The reader at least says where.
        let mut r = samples::passing();
        r.modules[0].checks[0].duration_s = f64::NAN;
        let text = to_string(&r);
        assert!(text.contains("\"duration_s\": null"));
        let e = parse(&text, p()).unwrap_err().to_string();
        assert!(e.contains("invalid type: null, expected f64"), "{e}");
    }

    #[test]
    fn missing_file_is_an_io_error_naming_it() {
        let e = read(Path::new("/nonexistent/results.json")).unwrap_err();
        assert!(matches!(e, ReadError::Io { .. }));
        assert!(
            e.to_string()
                .starts_with("cannot read /nonexistent/results.json: ")
        );
    }
}
