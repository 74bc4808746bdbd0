//! Pure parsers of `ethtool` output (protocols.md §3.2; formats of ethtool `netlink/fec.c`).
//!
//! - `ethtool --json --include-statistics --show-fec IFACE`: a JSON array of one object per
//!   device, `{ifname, config: [..], active: [..], statistics: {corrected_blocks,
//!   uncorrectable_blocks, corrected_bits}}`, each statistic `{total, lanes?: [..]}` and
//!   omitted when the driver reports nothing.
//! - The text form of the same command: `Statistics:` then `  name: N` followed either by
//!   `    Lane k: N` lines (older ethtool) or by ` [ per_lane: a, b ]` on the same line (newer).
//! - `ethtool -S IFACE`: `NIC statistics:` then one `name: value` per line.

use std::collections::BTreeMap;

use serde::Deserialize;
use tokio::time::Instant;

use super::error::CounterError;
use super::sample::FecCounters;

/// One FEC statistic: the total and, when the driver reports them, the per-lane values.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct FecStat {
    /// Sum over lanes (or the only value when per-lane counts do not exist, e.g. RS mode).
    pub total: u64,
    /// Per-lane values (lane 0 first), empty when not reported.
    #[serde(default)]
    pub lanes: Vec<u64>,
}

/// What `ethtool -I --show-fec` reports for one device.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ShowFec {
    /// Interface name.
    pub ifname: String,
    /// Configured (or supported/configured) FEC encodings.
    pub configured: Vec<String>,
    /// Active FEC encoding(s).
    pub active: Vec<String>,
    /// IEEE 802.3 30.5.1.1.17 aFECCorrectedBlocks.
    pub corrected_blocks: Option<FecStat>,
    /// IEEE 802.3 30.5.1.1.18 aFECUncorrectableBlocks.
    pub uncorrectable_blocks: Option<FecStat>,
    /// Vendor counter of corrected bits.
    pub corrected_bits: Option<FecStat>,
}

impl ShowFec {
    /// The counters this report gives: corrected blocks are codewords.
    pub fn counters(&self, read_at: Instant) -> FecCounters {
        FecCounters {
            corrected_bits: self.corrected_bits.as_ref().map(|s| s.total),
            corrected_codewords: self.corrected_blocks.as_ref().map(|s| s.total),
            uncorrectable_codewords: self.uncorrectable_blocks.as_ref().map(|s| s.total),
            ..FecCounters::empty(read_at)
        }
    }
}

#[derive(Deserialize)]
struct RawDevice {
    ifname: String,
    #[serde(default)]
    config: Vec<String>,
    #[serde(default)]
    active: Vec<String>,
    #[serde(default)]
    statistics: Option<RawStats>,
}

#[derive(Deserialize)]
struct RawStats {
    corrected_blocks: Option<FecStat>,
    uncorrectable_blocks: Option<FecStat>,
    corrected_bits: Option<FecStat>,
}

fn parse_error(what: &str, detail: impl Into<String>) -> CounterError {
    CounterError::Parse {
        what: what.to_owned(),
        detail: detail.into(),
    }
}

const SHOW_FEC: &str = "ethtool --show-fec";

/// Parse `ethtool --json -I --show-fec` output; with `iface`, pick that device, otherwise the
/// array must hold exactly one.
pub fn parse_show_fec_json(text: &str, iface: Option<&str>) -> Result<ShowFec, CounterError> {
    let devices: Vec<RawDevice> =
        serde_json::from_str(text).map_err(|e| parse_error(SHOW_FEC, format!("json: {e}")))?;
    let count = devices.len();
    let device = match iface {
        Some(name) => devices.into_iter().find(|d| d.ifname == name),
        None if count == 1 => devices.into_iter().next(),
        None => None,
    }
    .ok_or_else(|| {
        parse_error(
            SHOW_FEC,
            format!(
                "{count} devices in the output, none is {}",
                iface.unwrap_or("unique")
            ),
        )
    })?;
    let (corrected_blocks, uncorrectable_blocks, corrected_bits) = match device.statistics {
        Some(s) => (s.corrected_blocks, s.uncorrectable_blocks, s.corrected_bits),
        None => (None, None, None),
    };
    Ok(ShowFec {
        ifname: device.ifname,
        configured: device.config,
        active: device.active,
        corrected_blocks,
        uncorrectable_blocks,
        corrected_bits,
    })
}

fn number(what: &str, text: &str) -> Result<u64, CounterError> {
    text.trim()
        .parse::<u64>()
        .map_err(|_| parse_error(what, format!("{text:?} is not a counter")))
}

/// Parse the text form of `ethtool -I --show-fec` (both lane layouts).
pub fn parse_show_fec_text(text: &str) -> Result<ShowFec, CounterError> {
    let mut out = ShowFec::default();
    let mut in_stats = false;
    let mut seen_header = false;
    // Which statistic the following `Lane k:` lines belong to.
    let mut current: Option<&'static str> = None;
    for raw in text.lines() {
        let line = raw.trim();
        if let Some(name) = line
            .strip_prefix("FEC parameters for ")
            .and_then(|r| r.strip_suffix(':'))
        {
            out.ifname = name.to_owned();
            seen_header = true;
        } else if let Some((_, modes)) = line.split_once("FEC encodings:") {
            out.configured = modes.split_whitespace().map(str::to_owned).collect();
        } else if let Some(modes) = line.strip_prefix("Active FEC encoding:") {
            out.active = modes.split_whitespace().map(str::to_owned).collect();
        } else if line == "Statistics:" {
            in_stats = true;
        } else if in_stats && let Some(rest) = line.strip_prefix("Lane ") {
            let (_, value) = rest
                .split_once(':')
                .ok_or_else(|| parse_error(SHOW_FEC, format!("bad lane line {line:?}")))?;
            let value = number(SHOW_FEC, value)?;
            if let Some(stat) = current.and_then(|name| stat_mut(&mut out, name)) {
                stat.lanes.push(value);
            }
        } else if in_stats && let Some((name, rest)) = line.split_once(':') {
            let (total, lanes) = match rest.split_once('[') {
                Some((total, lanes)) => (total, Some(lanes)),
                None => (rest, None),
            };
            current = known_stat(name.trim());
            let Some(name) = current else {
                continue; // histogram bins and future statistics
            };
            let mut stat = FecStat {
                total: number(SHOW_FEC, total)?,
                lanes: Vec::new(),
            };
            if let Some(lanes) = lanes {
                let inner = lanes
                    .trim()
                    .strip_prefix("per_lane:")
                    .and_then(|l| l.trim_end().strip_suffix(']'))
                    .ok_or_else(|| parse_error(SHOW_FEC, format!("bad lane list {line:?}")))?;
                for v in inner.split(',').filter(|v| !v.trim().is_empty()) {
                    stat.lanes.push(number(SHOW_FEC, v)?);
                }
            }
            set_stat(&mut out, name, stat);
        }
    }
    if !seen_header {
        return Err(parse_error(SHOW_FEC, "no \"FEC parameters for\" line"));
    }
    Ok(out)
}

fn known_stat(name: &str) -> Option<&'static str> {
    ["corrected_blocks", "uncorrectable_blocks", "corrected_bits"]
        .into_iter()
        .find(|k| *k == name)
}

fn stat_mut<'a>(out: &'a mut ShowFec, name: &str) -> Option<&'a mut FecStat> {
    match name {
        "corrected_blocks" => out.corrected_blocks.as_mut(),
        "uncorrectable_blocks" => out.uncorrectable_blocks.as_mut(),
        "corrected_bits" => out.corrected_bits.as_mut(),
        _ => None,
    }
}

fn set_stat(out: &mut ShowFec, name: &str, stat: FecStat) {
    match name {
        "corrected_blocks" => out.corrected_blocks = Some(stat),
        "uncorrectable_blocks" => out.uncorrectable_blocks = Some(stat),
        "corrected_bits" => out.corrected_bits = Some(stat),
        _ => {}
    }
}

/// Parse `ethtool -S` into name → value. Lines whose value is not an unsigned integer are
/// skipped; per-queue names keep their prefix (`[0]: rx_ucast_packets`).
pub fn parse_stats(text: &str) -> Result<BTreeMap<String, u64>, CounterError> {
    let mut lines = text.lines().skip_while(|l| l.trim().is_empty());
    match lines.next().map(str::trim) {
        Some(h) if h.ends_with("statistics:") => {}
        other => {
            return Err(parse_error(
                "ethtool -S",
                format!("expected \"NIC statistics:\", got {other:?}"),
            ));
        }
    }
    let mut out = BTreeMap::new();
    for line in lines {
        if let Some((name, value)) = line.rsplit_once(':')
            && let Ok(v) = value.trim().parse::<u64>()
        {
            out.insert(name.trim().to_owned(), v);
        }
    }
    Ok(out)
}

/// `ethtool -S` names that carry FEC counters (protocols.md §3.2):
/// - corrected bits: mlx5 `rx_corrected_bits_phy`, else the sum of `rx_err_lane_<n>_phy`
///   (per-lane pre-FEC corrected bits);
/// - received bits: mlx5 `rx_bits_phy`, Broadcom `rx_bits`;
/// - corrected / uncorrectable codewords: Broadcom `rx_fec_corrected_blocks` /
///   `rx_fec_uncorrectable_blocks` (names UNCONFIRMED against the driver).
///
/// mlx5 `rx_pcs_symbol_err_phy` counts symbol errors the FEC did *not* correct, so it is not
/// a corrected-symbol count and is deliberately not mapped.
pub fn counters_from_stats(stats: &BTreeMap<String, u64>, read_at: Instant) -> FecCounters {
    let get = |names: &[&str]| names.iter().find_map(|n| stats.get(*n).copied());
    let lanes: Vec<u64> = (0..16)
        .map_while(|i| stats.get(&format!("rx_err_lane_{i}_phy")).copied())
        .collect();
    let lane_sum =
        (!lanes.is_empty()).then(|| lanes.iter().fold(0u64, |a, &b| a.saturating_add(b)));
    FecCounters {
        corrected_bits: get(&["rx_corrected_bits_phy"]).or(lane_sum),
        received_bits: get(&["rx_bits_phy", "rx_bits"]),
        corrected_codewords: get(&["rx_fec_corrected_blocks"]),
        uncorrectable_codewords: get(&["rx_fec_uncorrectable_blocks"]),
        ..FecCounters::empty(read_at)
    }
}

/// Fill the counters `base` lacks from `extra` (e.g. `ethtool -S` under `--show-fec`).
pub fn fill_missing(base: &mut FecCounters, extra: &FecCounters) {
    base.corrected_bits = base.corrected_bits.or(extra.corrected_bits);
    base.corrected_codewords = base.corrected_codewords.or(extra.corrected_codewords);
    base.uncorrectable_codewords = base
        .uncorrectable_codewords
        .or(extra.uncorrectable_codewords);
    base.received_bits = base.received_bits.or(extra.received_bits);
    base.symbol_errors = base.symbol_errors.or(extra.symbol_errors);
    base.total_codewords = base.total_codewords.or(extra.total_codewords);
}

#[cfg(test)]
mod tests {
    use super::*;

    const JSON_LANES: &str = include_str!("../../tests/data/ethtool/show-fec-json-lanes.json");
    const JSON_MLX5: &str = include_str!("../../tests/data/ethtool/show-fec-json-mlx5-rs.json");
    const JSON_NOSTATS: &str = include_str!("../../tests/data/ethtool/show-fec-json-nostats.json");
    const TEXT_LANES: &str = include_str!("../../tests/data/ethtool/show-fec-text-lanes.txt");
    const TEXT_PERLANE: &str = include_str!("../../tests/data/ethtool/show-fec-text-perlane.txt");
    const TEXT_ICE: &str = include_str!("../../tests/data/ethtool/show-fec-text-ice.txt");
    const S_MLX5: &str = include_str!("../../tests/data/ethtool/ethtool-S-mlx5.txt");
    const S_BNXT: &str = include_str!("../../tests/data/ethtool/ethtool-S-bnxt.txt");

    fn stat(total: u64, lanes: &[u64]) -> Option<FecStat> {
        Some(FecStat {
            total,
            lanes: lanes.to_vec(),
        })
    }

    #[test]
    fn json_with_lanes() {
        let f = parse_show_fec_json(JSON_LANES, Some("eth0")).unwrap();
        assert_eq!(f.ifname, "eth0");
        assert_eq!(f.configured, ["None"]);
        assert_eq!(f.active, ["None"]);
        assert_eq!(f.corrected_blocks, stat(256, &[255, 1]));
        assert_eq!(f.uncorrectable_blocks, stat(145, &[128, 17]));
        assert_eq!(f.corrected_bits, None);
        // The text form of the same report parses to the same record.
        assert_eq!(parse_show_fec_text(TEXT_LANES).unwrap(), f);
        let c = f.counters(Instant::now());
        assert_eq!(c.corrected_codewords, Some(256));
        assert_eq!(c.uncorrectable_codewords, Some(145));
        assert_eq!(c.corrected_bits, None);
    }

    #[test]
    fn json_mlx5_totals_and_bits() {
        let f = parse_show_fec_json(JSON_MLX5, None).unwrap();
        assert_eq!(f.active, ["RS"]);
        assert_eq!(f.corrected_blocks, stat(1254, &[]));
        assert_eq!(f.uncorrectable_blocks, stat(0, &[]));
        assert_eq!(f.corrected_bits, stat(16872, &[]));
        assert_eq!(f.counters(Instant::now()).corrected_bits, Some(16872));
    }

    #[test]
    fn json_without_stats_and_errors() {
        let f = parse_show_fec_json(JSON_NOSTATS, Some("eth1")).unwrap();
        assert_eq!(f.active, ["Off"]);
        assert!(f.counters(Instant::now()).is_empty());
        assert!(parse_show_fec_json(JSON_NOSTATS, Some("eth9")).is_err());
        assert!(parse_show_fec_json("not json", None).is_err());
        assert!(parse_show_fec_json("[]", None).is_err());
        // A negative counter is not a u64.
        let neg = r#"[{"ifname":"e","statistics":{"corrected_bits":{"total":-1}}}]"#;
        assert!(parse_show_fec_json(neg, None).is_err());
    }

    #[test]
    fn text_per_lane_brackets() {
        let f = parse_show_fec_text(TEXT_PERLANE).unwrap();
        assert_eq!(f.ifname, "eth2");
        assert_eq!(f.configured, ["Auto", "RS"]);
        assert_eq!(f.active, ["RS"]);
        assert_eq!(
            f.corrected_blocks,
            stat(48213, &[12001, 12100, 11987, 12125])
        );
        assert_eq!(f.uncorrectable_blocks, stat(0, &[0, 0, 0, 0]));
        // 12950 + 13011 + 12890 + 13026 = 51877, as the total says.
        assert_eq!(f.corrected_bits, stat(51877, &[12950, 13011, 12890, 13026]));
    }

    #[test]
    fn text_totals_only() {
        let f = parse_show_fec_text(TEXT_ICE).unwrap();
        assert_eq!(f.ifname, "ens801f0np0");
        assert_eq!(f.configured, ["Auto", "RS", "BaseR"]);
        assert_eq!(f.corrected_blocks, stat(0, &[]));
        assert_eq!(f.uncorrectable_blocks, stat(0, &[]));
        assert_eq!(f.corrected_bits, None);
        assert!(parse_show_fec_text("garbage").is_err());
        let bad = "FEC parameters for e:\nStatistics:\n  corrected_bits: x\n";
        assert!(parse_show_fec_text(bad).is_err());
    }

    #[test]
    fn stats_mlx5() {
        let s = parse_stats(S_MLX5).unwrap();
        assert_eq!(s.get("rx_corrected_bits_phy"), Some(&1_731_882));
        assert_eq!(s.get("rx_pcs_symbol_err_phy"), Some(&0));
        let c = counters_from_stats(&s, Instant::now());
        assert_eq!(c.corrected_bits, Some(1_731_882));
        assert_eq!(c.symbol_errors, None);
        // Without the total, the lanes add up: 433001 + 432870 + 433120 + 432891 = 1 731 882.
        let mut lanes_only = s.clone();
        lanes_only.remove("rx_corrected_bits_phy");
        assert_eq!(
            counters_from_stats(&lanes_only, Instant::now()).corrected_bits,
            Some(1_731_882)
        );
    }

    #[test]
    fn stats_bnxt() {
        let s = parse_stats(S_BNXT).unwrap();
        assert_eq!(s.get("[0]: rx_ucast_packets"), Some(&88_123));
        let c = counters_from_stats(&s, Instant::now());
        assert_eq!(c.corrected_codewords, Some(9_981));
        assert_eq!(c.uncorrectable_codewords, Some(3));
        assert_eq!(c.received_bits, Some(8_123_400_000_000));
        assert_eq!(c.corrected_bits, None);
        assert!(parse_stats("no header\n  x: 1\n").is_err());
        assert!(parse_stats("").is_err());
    }

    #[test]
    fn fill_from_stats() {
        let now = Instant::now();
        let mut base = parse_show_fec_json(JSON_LANES, None).unwrap().counters(now);
        let extra = counters_from_stats(&parse_stats(S_MLX5).unwrap(), now);
        fill_missing(&mut base, &extra);
        assert_eq!(base.corrected_codewords, Some(256)); // kept
        assert_eq!(base.corrected_bits, Some(1_731_882)); // filled
    }
}
