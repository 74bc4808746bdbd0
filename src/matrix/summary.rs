//! A run as evidence behind a verdict ([`RunSummary`]): who ran it, when, with which plan,
//! matrix and firmware, on which modules, and what went wrong.

use super::view::{ModuleSummary, RunSummary};
use crate::results::{Outcome, RunResults};

/// Most findings a summary keeps; when more checks did not pass, the last kept line says how
/// many were left out.
pub const MAX_FINDINGS: usize = 20;

/// Longest finding line kept, in characters (messages can quote whole register dumps).
const MAX_FINDING_CHARS: usize = 240;

/// The results of one run and where they were read from.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadedRun {
    /// The path the results were read from (results.json, a journal, the history); messages
    /// about the run name it.
    pub source: String,
    /// The results as read.
    pub results: RunResults,
}

/// The evidence of a run.
///
/// Plan file and hash, matrix hash, firmware and shard come from the run's matrix cell
/// (`results.matrix`); a run made without a matrix has the plan's own path and hash, empty
/// matrix hash and host firmware, and no module firmware or shard. The station is the cell's
/// station, else a `name` string in the run's station description, else empty.
pub fn summarize(run: &LoadedRun) -> RunSummary {
    let r = &run.results;
    let cell = r.matrix.as_ref();
    RunSummary {
        run_id: r.run_id.clone(),
        source: run.source.clone(),
        station: station_name(r),
        started_at: r.started_at.clone(),
        finished_at: r.finished_at.clone(),
        clock: r.clock,
        outcome: r.outcome,
        plan_name: r.plan.name.clone(),
        plan_file: cell.map_or_else(|| r.plan.path.clone(), |c| c.plan_file.clone()),
        plan_sha256: cell.map_or_else(|| r.plan.sha256.clone(), |c| c.plan_sha256.clone()),
        matrix_sha256: cell.map(|c| c.matrix_sha256.clone()).unwrap_or_default(),
        host_firmware: cell.map(|c| c.host_firmware.clone()).unwrap_or_default(),
        module_firmware: cell.and_then(|c| c.module_firmware.clone()),
        tool_version: r.tool_version.clone(),
        shard: cell.and_then(|c| c.shard.clone()),
        modules: r
            .modules
            .iter()
            .map(|m| ModuleSummary {
                slot: m.slot.clone(),
                vendor: m.identity.vendor.clone(),
                pn: m.identity.pn.clone(),
                sn: m.identity.sn.clone(),
                rev: m.identity.rev.clone(),
                outcome: m.outcome,
            })
            .collect(),
        findings: findings(r),
    }
}

/// The station that made the run: the matrix cell's, else `station.name` when it is a string,
/// else empty.
pub fn station_name(r: &RunResults) -> String {
    match &r.matrix {
        Some(c) => c.station.clone(),
        None => r
            .station
            .get("name")
            .and_then(serde_json::Value::as_str)
            .unwrap_or_default()
            .to_string(),
    }
}

/// `slot: check_id: message` for each check that failed, then for each that errored or timed
/// out (each group in module and check order; skipped checks are not findings), at most
/// [`MAX_FINDINGS`] lines. When cut, the last line is `… and N more` and N counts every line
/// left out. Messages are put on one line; an empty message is replaced by the outcome word.
pub fn findings(r: &RunResults) -> Vec<String> {
    let mut failed = Vec::new();
    let mut harness = Vec::new();
    for m in &r.modules {
        for c in &m.checks {
            let group = match c.outcome {
                Outcome::Fail => &mut failed,
                Outcome::Error | Outcome::Timeout => &mut harness,
                Outcome::Pass | Outcome::Skip => continue,
            };
            let message = one_line(&c.message);
            let message = if message.is_empty() {
                c.outcome.as_str().to_string()
            } else {
                message
            };
            group.push(clip(&format!(
                "{}: {}: {message}",
                one_line(&m.slot),
                one_line(&c.id)
            )));
        }
    }
    failed.append(&mut harness);
    let mut all = failed;
    if all.len() > MAX_FINDINGS {
        let cut = all.len() - (MAX_FINDINGS - 1);
        all.truncate(MAX_FINDINGS - 1);
        all.push(format!("… and {cut} more"));
    }
    all
}

/// Text on one line: lines trimmed and joined with `; `, other control characters and the
/// bidirectional overrides and isolates (U+200E/F, U+202A..E, U+2066..9, which could reorder a
/// terminal line) replaced by spaces.
pub fn one_line(text: &str) -> String {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("; ")
        .chars()
        .map(|c| {
            let bidi = matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}');
            if c.is_control() || bidi { ' ' } else { c }
        })
        .collect()
}

/// At most [`MAX_FINDING_CHARS`] characters, `…` marking a cut.
fn clip(text: &str) -> String {
    if text.chars().count() <= MAX_FINDING_CHARS {
        return text.to_string();
    }
    let mut kept: String = text.chars().take(MAX_FINDING_CHARS - 1).collect();
    kept.push('…');
    kept
}
