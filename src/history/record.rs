//! Recording a run: one transaction that replaces whatever the database held for its run id.

use rusqlite::{Transaction, TransactionBehavior, params};
use serde::Serialize;

use super::db::History;
use super::error::HistoryError;
use super::figure_rows;
use crate::matrix::figures_extract::extract;
use crate::results::RunResults;
use crate::results::time::{now_unix_ms, rfc3339};

/// What [`History::record`] did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RecordOutcome {
    /// The run recorded.
    pub run_id: String,
    /// The SKU it is filed under (the matrix cell's, else the one part number of its modules).
    pub sku: Option<String>,
    /// Whether a run of this id was there before and was replaced (e.g. after `--resume`).
    pub replaced: bool,
    /// Modules recorded.
    pub modules: usize,
    /// Key-figure rows recorded.
    pub figures: usize,
}

/// The SKU a run is filed under: its matrix cell's SKU id; for a plain run, the part number
/// its modules share (a run of several part numbers has none, and is found by each PN).
pub fn sku_of(results: &RunResults) -> Option<String> {
    if let Some(cell) = &results.matrix {
        return Some(cell.sku.clone());
    }
    let mut pns = results.modules.iter().map(|m| m.identity.pn.as_str());
    let first = pns.next()?;
    (!first.is_empty() && pns.all(|pn| pn == first)).then(|| first.to_string())
}

/// The station that ran it: the matrix cell's, else the plan's `station.name`.
fn station_of(results: &RunResults) -> Option<String> {
    match &results.matrix {
        Some(cell) => Some(cell.station.clone()),
        None => results
            .station
            .get("name")
            .and_then(|n| n.as_str())
            .map(str::to_string),
    }
}

impl History {
    /// Records `results` (read from `source`, a path or a note) in one transaction; a run id
    /// recorded before is replaced, so recording again (after `--resume`, or an import of the
    /// same reports) is harmless.
    pub fn record(
        &mut self,
        results: &RunResults,
        source: &str,
    ) -> Result<RecordOutcome, HistoryError> {
        let what = format!("recording run {}", results.run_id);
        let path = self.path.clone();
        let err = |e| HistoryError::sql(&path, what.clone(), e);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(err)?;
        let outcome = write_run(&tx, results, source).map_err(err)?;
        tx.commit().map_err(err)?;
        Ok(outcome)
    }
}

fn write_run(
    tx: &Transaction<'_>,
    results: &RunResults,
    source: &str,
) -> rusqlite::Result<RecordOutcome> {
    let id = results.run_id.as_str();
    let replaced = tx.execute("DELETE FROM runs WHERE run_id = ?1", [id])? > 0;
    for table in ["modules", "checks", "figures"] {
        tx.execute(&format!("DELETE FROM {table} WHERE run_id = ?1"), [id])?;
    }
    let cell = results.matrix.as_ref();
    let sku = sku_of(results);
    tx.execute(
        "INSERT INTO runs (run_id, matrix, sku, host, firmware, host_firmware, module_firmware,
             station, plan_name, plan_path, plan_sha256, tool_version, clock, started_at,
             finished_at, outcome, source, recorded_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)",
        params![
            id,
            cell.map(|c| &c.matrix),
            sku,
            cell.map(|c| &c.host),
            cell.map(|c| &c.firmware),
            cell.map(|c| &c.host_firmware),
            cell.and_then(|c| c.module_firmware.as_ref()),
            station_of(results),
            results.plan.name,
            results.plan.path,
            results.plan.sha256,
            results.tool_version,
            match results.clock {
                crate::results::ClockKind::Virtual => "virtual",
                crate::results::ClockKind::Wall => "wall",
            },
            results.started_at,
            results.finished_at,
            results.outcome.as_str(),
            source,
            rfc3339(now_unix_ms()),
        ],
    )?;
    let mut module = tx.prepare(
        "INSERT INTO modules (run_id, slot, vendor, pn, sn, rev, outcome)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    let mut check = tx.prepare(
        "INSERT INTO checks (run_id, slot, check_id, kind, outcome, attempts, duration_s, message)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    for m in &results.modules {
        let i = &m.identity;
        module.execute(params![
            id,
            m.slot,
            i.vendor,
            i.pn,
            i.sn,
            i.rev,
            m.outcome.as_str()
        ])?;
        for c in &m.checks {
            check.execute(params![
                id,
                m.slot,
                c.id,
                c.kind,
                c.outcome.as_str(),
                i64::from(c.attempts),
                c.duration_s,
                c.message
            ])?;
        }
    }
    let mut figure = tx.prepare(
        r#"INSERT INTO figures (run_id, slot, name, value, unit, "limit", outcome, source)
           VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"#,
    )?;
    let mut figures = 0;
    for f in extract(results) {
        for row in figure_rows::to_rows(&f) {
            figure.execute(params![
                id,
                f.slot,
                row.name,
                row.value,
                row.unit,
                row.limit,
                row.outcome,
                row.source
            ])?;
            figures += 1;
        }
    }
    Ok(RecordOutcome {
        run_id: id.to_string(),
        sku,
        replaced,
        modules: results.modules.len(),
        figures,
    })
}
