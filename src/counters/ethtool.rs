//! Linux `ethtool` as a counter source, through a [`RunCommand`] (locally or over ssh).
//!
//! Per read: `ethtool --json --include-statistics --show-fec IFACE`; if that fails or does not
//! print JSON (ethtool older than its JSON support), the text form `ethtool
//! --include-statistics --show-fec IFACE`. When corrected bits are still missing, `ethtool -S
//! IFACE` fills what it can (mlx5 `rx_corrected_bits_phy`, see
//! [`super::ethtool_parse::counters_from_stats`]).

use std::sync::Arc;

use tokio::time::Instant;

use super::error::CounterError;
use super::ethtool_parse::{
    counters_from_stats, fill_missing, parse_show_fec_json, parse_show_fec_text, parse_stats,
};
use super::runner::RunCommand;
use super::sample::FecCounters;
use super::{BoxFuture, CounterSource};

/// Check a Linux interface name (at most 15 bytes, no `/`, whitespace or shell syntax) before it
/// goes into a command line.
pub fn check_iface(name: &str) -> Result<(), CounterError> {
    let ok = !name.is_empty()
        && name.len() <= 15
        && !name.starts_with('-')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | ':' | '@'));
    if ok {
        Ok(())
    } else {
        Err(CounterError::UnknownPort {
            port: name.to_owned(),
            detail: "not a valid linux interface name".into(),
        })
    }
}

/// The argv of each ethtool call.
pub fn show_fec_json_argv(program: &str, iface: &str) -> Vec<String> {
    [
        program,
        "--json",
        "--include-statistics",
        "--show-fec",
        iface,
    ]
    .map(str::to_owned)
    .to_vec()
}

/// `ethtool --include-statistics --show-fec IFACE` (text).
pub fn show_fec_text_argv(program: &str, iface: &str) -> Vec<String> {
    [program, "--include-statistics", "--show-fec", iface]
        .map(str::to_owned)
        .to_vec()
}

/// `ethtool -S IFACE`.
pub fn stats_argv(program: &str, iface: &str) -> Vec<String> {
    [program, "-S", iface].map(str::to_owned).to_vec()
}

/// Reads FEC counters with ethtool.
#[derive(Clone)]
pub struct EthtoolSource {
    runner: Arc<dyn RunCommand>,
    program: String,
    use_stats: bool,
}

impl std::fmt::Debug for EthtoolSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EthtoolSource")
            .field("target", &self.runner.target())
            .field("program", &self.program)
            .field("use_stats", &self.use_stats)
            .finish()
    }
}

impl EthtoolSource {
    /// A source running `ethtool` through `runner`, with the `ethtool -S` fallback on.
    pub fn new(runner: Arc<dyn RunCommand>) -> Self {
        Self {
            runner,
            program: "ethtool".to_owned(),
            use_stats: true,
        }
    }

    /// Use another ethtool binary (a path, or `sudo`-less wrapper).
    pub fn with_program(self, program: impl Into<String>) -> Self {
        Self {
            program: program.into(),
            ..self
        }
    }

    /// Turn the `ethtool -S` fallback on or off.
    pub fn with_stats(self, use_stats: bool) -> Self {
        Self { use_stats, ..self }
    }

    async fn show_fec(&self, iface: &str) -> Result<FecCounters, CounterError> {
        let json = self
            .runner
            .run(&show_fec_json_argv(&self.program, iface))
            .await;
        let parsed = match json {
            Ok(out) => parse_show_fec_json(&out, Some(iface)),
            Err(e) => Err(e),
        };
        match parsed {
            Ok(f) => Ok(f.counters(Instant::now())),
            Err(json_err) => {
                // Older ethtool: no --json. Try the text form; report the first error if that
                // fails too, since it is usually the informative one (no such device).
                match self
                    .runner
                    .run(&show_fec_text_argv(&self.program, iface))
                    .await
                {
                    Ok(out) => match parse_show_fec_text(&out) {
                        Ok(f) => Ok(f.counters(Instant::now())),
                        Err(_) => Err(json_err),
                    },
                    Err(_) => Err(json_err),
                }
            }
        }
    }
}

impl CounterSource for EthtoolSource {
    fn read<'a>(&'a self, port: &'a str) -> BoxFuture<'a, Result<FecCounters, CounterError>> {
        Box::pin(async move {
            check_iface(port)?;
            let fec = self.show_fec(port).await;
            let mut counters = match fec {
                Ok(c) => c,
                Err(e) if !self.use_stats => return Err(e),
                // Some drivers have no FEC netlink support but -S counters.
                Err(_) => FecCounters::empty(Instant::now()),
            };
            if self.use_stats && counters.corrected_bits.is_none() {
                let out = self.runner.run(&stats_argv(&self.program, port)).await;
                if let Ok(text) = out
                    && let Ok(stats) = parse_stats(&text)
                {
                    let extra = counters_from_stats(&stats, counters.read_at);
                    fill_missing(&mut counters, &extra);
                }
            }
            if counters.is_empty() {
                return Err(CounterError::MissingCounters {
                    port: port.to_owned(),
                    location: format!("ethtool --show-fec / -S on {}", self.runner.target()),
                });
            }
            Ok(counters)
        })
    }

    fn describe(&self) -> String {
        format!("ethtool on {}", self.runner.target())
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::sync::Mutex;

    use super::*;

    /// Answers recorded outputs by argv; records the calls.
    struct Recorded {
        answers: BTreeMap<Vec<String>, Result<String, String>>,
        calls: Mutex<Vec<Vec<String>>>,
    }

    impl Recorded {
        fn new(answers: Vec<(Vec<String>, Result<&str, &str>)>) -> Arc<Self> {
            Arc::new(Self {
                answers: answers
                    .into_iter()
                    .map(|(k, v)| (k, v.map(str::to_owned).map_err(str::to_owned)))
                    .collect(),
                calls: Mutex::new(Vec::new()),
            })
        }
    }

    impl RunCommand for Recorded {
        fn run<'a>(&'a self, command: &'a [String]) -> BoxFuture<'a, Result<String, CounterError>> {
            Box::pin(async move {
                self.calls.lock().unwrap().push(command.to_vec());
                match self.answers.get(command) {
                    Some(Ok(out)) => Ok(out.clone()),
                    Some(Err(e)) => Err(CounterError::CommandFailed {
                        command: command.join(" "),
                        status: "exit status: 1".into(),
                        stderr: e.clone(),
                    }),
                    None => Err(CounterError::CommandFailed {
                        command: command.join(" "),
                        status: "exit status: 1".into(),
                        stderr: "unexpected".into(),
                    }),
                }
            })
        }

        fn target(&self) -> String {
            "recorded".into()
        }
    }

    const JSON_MLX5: &str = include_str!("../../tests/data/ethtool/show-fec-json-mlx5-rs.json");
    const JSON_LANES: &str = include_str!("../../tests/data/ethtool/show-fec-json-lanes.json");
    const TEXT_ICE: &str = include_str!("../../tests/data/ethtool/show-fec-text-ice.txt");
    const S_MLX5: &str = include_str!("../../tests/data/ethtool/ethtool-S-mlx5.txt");

    #[tokio::test]
    async fn json_with_bits_needs_no_stats() {
        let iface = "enp65s0f0np0";
        let r = Recorded::new(vec![(show_fec_json_argv("ethtool", iface), Ok(JSON_MLX5))]);
        let src = EthtoolSource::new(r.clone());
        let c = src.read(iface).await.unwrap();
        assert_eq!(c.corrected_bits, Some(16_872));
        assert_eq!(c.corrected_codewords, Some(1_254));
        assert_eq!(r.calls.lock().unwrap().len(), 1);
        assert_eq!(src.describe(), "ethtool on recorded");
    }

    #[tokio::test]
    async fn stats_fill_corrected_bits() {
        let r = Recorded::new(vec![
            (show_fec_json_argv("ethtool", "eth0"), Ok(JSON_LANES)),
            (stats_argv("ethtool", "eth0"), Ok(S_MLX5)),
        ]);
        let c = EthtoolSource::new(r).read("eth0").await.unwrap();
        assert_eq!(c.corrected_codewords, Some(256));
        assert_eq!(c.corrected_bits, Some(1_731_882));
    }

    #[tokio::test]
    async fn text_fallback_for_old_ethtool() {
        let iface = "ens801f0np0";
        let r = Recorded::new(vec![
            (
                show_fec_json_argv("ethtool", iface),
                Err("ethtool: bad command line argument(s)"),
            ),
            (show_fec_text_argv("ethtool", iface), Ok(TEXT_ICE)),
        ]);
        let c = EthtoolSource::new(r)
            .with_stats(false)
            .read(iface)
            .await
            .unwrap();
        assert_eq!(c.corrected_codewords, Some(0));
        assert_eq!(c.uncorrectable_codewords, Some(0));
    }

    #[tokio::test]
    async fn errors() {
        let r = Recorded::new(vec![]);
        let src = EthtoolSource::new(r.clone());
        assert!(matches!(
            src.read("eth0; reboot").await,
            Err(CounterError::UnknownPort { .. })
        ));
        assert!(
            r.calls.lock().unwrap().is_empty(),
            "nothing ran for a bad name"
        );
        // Every command fails: no counters at all.
        assert!(matches!(
            src.read("eth0").await,
            Err(CounterError::MissingCounters { .. })
        ));
        // Without the -S fallback the command error itself comes back.
        assert!(matches!(
            src.with_stats(false).read("eth0").await,
            Err(CounterError::CommandFailed { .. })
        ));
    }

    #[test]
    fn iface_names() {
        for ok in ["eth0", "enp65s0f0np0", "bond0.100", "Ethernet0"] {
            assert!(check_iface(ok).is_ok(), "{ok}");
        }
        for bad in ["", "-S", "a b", "a/b", "$(x)", "sixteen-chars-xx"] {
            assert!(check_iface(bad).is_err(), "{bad}");
        }
    }
}
