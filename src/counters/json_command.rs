//! A generic counter source: any command that prints one JSON object of counters.
//!
//! The command is an argv in which every `{port}` is replaced by the port name. It must exit 0
//! and print one JSON object; these keys are read, all optional, all other keys ignored:
//!
//! | key | meaning |
//! |---|---|
//! | `corrected_bits` | bits corrected by the FEC |
//! | `corrected_codewords` | codewords corrected |
//! | `uncorrectable_codewords` | codewords not correctable |
//! | `total_codewords` | all codewords received |
//! | `symbol_errors` | corrected FEC symbols |
//! | `received_bits` | bits received on the line |
//! | `pre_fec_ber` | a pre-FEC BER ratio (number in [0, 1]) |
//! | `counter_bits` | `32` or `64` (default 64): counter width for wrap detection |
//!
//! Counters are non-negative integers, as JSON numbers or decimal strings (for values above
//! 2^53 that some JSON producers cannot print exactly). At least one key must be present.
//! Example: `{"corrected_bits": 123456, "uncorrectable_codewords": "0"}`.

use std::sync::Arc;

use serde_json::Value;
use tokio::time::Instant;

use super::error::CounterError;
use super::runner::RunCommand;
use super::sample::FecCounters;
use super::{BoxFuture, CounterSource};
use crate::ber::delta::CounterWidth;

/// Parse the JSON object a counter command prints (pure).
pub fn parse_counters_json(text: &str, read_at: Instant) -> Result<FecCounters, CounterError> {
    let value: Value = serde_json::from_str(text).map_err(|e| CounterError::Parse {
        what: "counter command".into(),
        detail: format!("json: {e}"),
    })?;
    let Value::Object(map) = value else {
        return Err(CounterError::Parse {
            what: "counter command".into(),
            detail: "expected a json object".into(),
        });
    };
    let counter = |key: &str| -> Result<Option<u64>, CounterError> {
        let bad = |v: &Value| CounterError::BadValue {
            field: key.to_owned(),
            value: v.to_string(),
        };
        match map.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(v @ Value::Number(n)) => n.as_u64().map(Some).ok_or_else(|| bad(v)),
            Some(v @ Value::String(s)) => s.trim().parse().map(Some).map_err(|_| bad(v)),
            Some(v) => Err(bad(v)),
        }
    };
    let pre_fec_ber = match map.get("pre_fec_ber") {
        None | Some(Value::Null) => None,
        Some(v) => Some(
            v.as_f64()
                .filter(|b| (0.0..=1.0).contains(b))
                .ok_or_else(|| CounterError::BadValue {
                    field: "pre_fec_ber".into(),
                    value: v.to_string(),
                })?,
        ),
    };
    let width = match counter("counter_bits")? {
        None | Some(64) => CounterWidth::Bits64,
        Some(32) => CounterWidth::Bits32,
        Some(other) => {
            return Err(CounterError::BadValue {
                field: "counter_bits".into(),
                value: other.to_string(),
            });
        }
    };
    let counters = FecCounters {
        corrected_bits: counter("corrected_bits")?,
        corrected_codewords: counter("corrected_codewords")?,
        uncorrectable_codewords: counter("uncorrectable_codewords")?,
        total_codewords: counter("total_codewords")?,
        symbol_errors: counter("symbol_errors")?,
        received_bits: counter("received_bits")?,
        pre_fec_ber,
        width,
        ..FecCounters::empty(read_at)
    };
    if counters.is_empty() {
        return Err(CounterError::Parse {
            what: "counter command".into(),
            detail: "none of the known keys is present".into(),
        });
    }
    Ok(counters)
}

/// Runs a command per read and parses its JSON.
#[derive(Clone)]
pub struct JsonCommandSource {
    runner: Arc<dyn RunCommand>,
    template: Vec<String>,
}

impl std::fmt::Debug for JsonCommandSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JsonCommandSource")
            .field("target", &self.runner.target())
            .field("template", &self.template)
            .finish()
    }
}

impl JsonCommandSource {
    /// A source running `template` (program first; `{port}` is replaced) through `runner`.
    pub fn new(runner: Arc<dyn RunCommand>, template: Vec<String>) -> Result<Self, CounterError> {
        if template.is_empty() {
            return Err(CounterError::InvalidSource("empty counter command".into()));
        }
        Ok(Self { runner, template })
    }

    /// The argv for one port.
    pub fn argv(&self, port: &str) -> Vec<String> {
        self.template
            .iter()
            .map(|a| a.replace("{port}", port))
            .collect()
    }
}

impl CounterSource for JsonCommandSource {
    fn read<'a>(&'a self, port: &'a str) -> BoxFuture<'a, Result<FecCounters, CounterError>> {
        Box::pin(async move {
            let out = self.runner.run(&self.argv(port)).await?;
            parse_counters_json(&out, Instant::now())
        })
    }

    fn describe(&self) -> String {
        format!(
            "command {} on {}",
            self.template.join(" "),
            self.runner.target()
        )
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::counters::runner::{CommandRunner, CommandTarget};

    #[test]
    fn parses_known_keys() {
        let c = parse_counters_json(
            r#"{"corrected_bits": 123456, "uncorrectable_codewords": "0",
                "total_codewords": 18446744073709551615, "pre_fec_ber": 2.5e-7,
                "counter_bits": 32, "vendor_thing": [1, 2]}"#,
            Instant::now(),
        )
        .unwrap();
        assert_eq!(c.corrected_bits, Some(123_456));
        assert_eq!(c.uncorrectable_codewords, Some(0));
        assert_eq!(c.total_codewords, Some(u64::MAX));
        assert_eq!(c.pre_fec_ber, Some(2.5e-7));
        assert_eq!(c.width, CounterWidth::Bits32);
        assert_eq!(c.corrected_codewords, None);
    }

    #[test]
    fn rejects_bad_output() {
        let now = Instant::now();
        for bad in [
            "",
            "[1]",
            "{}",
            r#"{"other": 1}"#,
            r#"{"corrected_bits": -1}"#,
            r#"{"corrected_bits": 1.5}"#,
            r#"{"corrected_bits": "x"}"#,
            r#"{"corrected_bits": true}"#,
            r#"{"pre_fec_ber": 2}"#,
            r#"{"corrected_bits": 1, "counter_bits": 16}"#,
        ] {
            assert!(parse_counters_json(bad, now).is_err(), "{bad}");
        }
    }

    #[tokio::test]
    async fn runs_a_real_command() {
        let runner = Arc::new(CommandRunner::new(
            CommandTarget::Local,
            Duration::from_secs(5),
        ));
        let src = JsonCommandSource::new(
            runner,
            vec![
                "sh".into(),
                "-c".into(),
                r#"printf '{"port":"%s","corrected_bits":42}' "$0""#.into(),
                "{port}".into(),
            ],
        )
        .unwrap();
        assert_eq!(src.argv("Ethernet4")[3], "Ethernet4");
        let c = src.read("Ethernet4").await.unwrap();
        assert_eq!(c.corrected_bits, Some(42));
        assert!(src.describe().starts_with("command sh -c"));
        assert!(
            JsonCommandSource::new(
                Arc::new(CommandRunner::new(
                    CommandTarget::Local,
                    Duration::from_secs(1)
                )),
                vec![]
            )
            .is_err()
        );
    }
}
