//! Reading the history: the runs of a SKU (or part number), newest first, with their key
//! figures, and the SKUs the database knows.

use std::collections::{BTreeSet, HashMap};

use rusqlite::{OptionalExtension, params};
use serde::Serialize;

use super::db::History;
use super::error::HistoryError;
use super::figure_rows::{self, FigureRow};
use crate::matrix::figures::ModuleFigures;
use crate::matrix::figures_extract::aggregate;

/// Which runs of a SKU to show.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HistoryFilter {
    /// Only runs of this matrix host id.
    pub host: Option<String>,
    /// Only runs of this firmware: the matrix firmware id, the host firmware version or the
    /// module firmware version.
    pub firmware: Option<String>,
    /// Only runs of this station.
    pub station: Option<String>,
    /// At most this many (the newest).
    pub limit: Option<usize>,
}

/// One run of a SKU as the history shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HistoryRow {
    /// Run id.
    pub run_id: String,
    /// RFC 3339.
    pub started_at: String,
    /// RFC 3339.
    pub finished_at: String,
    /// `pass`, `fail`, `error` or `aborted`.
    pub outcome: String,
    /// The SKU the run is filed under (matrix SKU id or the modules' part number).
    pub sku: Option<String>,
    /// Matrix name, for a matrix run.
    pub matrix: Option<String>,
    /// Matrix host id.
    pub host: Option<String>,
    /// Matrix firmware id.
    pub firmware: Option<String>,
    /// Host NOS / NIC firmware version.
    pub host_firmware: Option<String>,
    /// Module firmware version.
    pub module_firmware: Option<String>,
    /// Station.
    pub station: Option<String>,
    /// Plan name.
    pub plan_name: String,
    /// SHA-256 of the plan.
    pub plan_sha256: String,
    /// optiqual version that ran it.
    pub tool_version: String,
    /// Where it was recorded from.
    pub source: String,
    /// Modules of this SKU in the run that passed.
    pub modules_passed: usize,
    /// Modules of this SKU in the run.
    pub modules_total: usize,
    /// Their serial numbers, in slot order.
    pub serials: Vec<String>,
    /// The worst of each key figure over those modules (`run_id`, `slot`, `sn` empty; each
    /// figure names its source).
    pub figures: ModuleFigures,
}

/// The `runs` columns a row is read from, in order.
const RUN_COLUMNS: &str = "run_id, started_at, finished_at, outcome, sku, matrix, host, firmware,
    host_firmware, module_firmware, station, plan_name, plan_sha256, tool_version, source";

impl History {
    /// The runs of `sku_or_pn` (a matrix SKU id, or a module part number: a plain `optiqual
    /// run` is found by the PN of its modules) that pass `filter`, newest first.
    pub fn runs_for_sku(
        &self,
        sku_or_pn: &str,
        filter: HistoryFilter,
    ) -> Result<Vec<HistoryRow>, HistoryError> {
        let err = |e| HistoryError::sql(&self.path, format!("reading the runs of {sku_or_pn}"), e);
        let limit = filter
            .limit
            .map_or(-1, |n| i64::try_from(n).unwrap_or(i64::MAX));
        let mut stmt = self
            .conn
            .prepare(&format!(
                "SELECT {RUN_COLUMNS} FROM runs r
                 WHERE r.run_id IN (SELECT run_id FROM runs WHERE sku = ?1
                                    UNION SELECT run_id FROM modules WHERE pn = ?1)
                   AND (?2 IS NULL OR r.host = ?2)
                   AND (?3 IS NULL OR r.firmware = ?3 OR r.host_firmware = ?3
                        OR r.module_firmware = ?3)
                   AND (?4 IS NULL OR r.station = ?4)
                 ORDER BY r.started_at DESC, r.run_id DESC
                 LIMIT ?5"
            ))
            .map_err(err)?;
        let rows = stmt
            .query_map(
                params![
                    sku_or_pn,
                    filter.host,
                    filter.firmware,
                    filter.station,
                    limit
                ],
                |r| {
                    Ok(HistoryRow {
                        run_id: r.get(0)?,
                        started_at: r.get(1)?,
                        finished_at: r.get(2)?,
                        outcome: r.get(3)?,
                        sku: r.get(4)?,
                        matrix: r.get(5)?,
                        host: r.get(6)?,
                        firmware: r.get(7)?,
                        host_firmware: r.get(8)?,
                        module_firmware: r.get(9)?,
                        station: r.get(10)?,
                        plan_name: r.get(11)?,
                        plan_sha256: r.get(12)?,
                        tool_version: r.get(13)?,
                        source: r.get(14)?,
                        modules_passed: 0,
                        modules_total: 0,
                        serials: Vec::new(),
                        figures: ModuleFigures::default(),
                    })
                },
            )
            .map_err(err)?
            .collect::<Result<Vec<_>, _>>()
            .map_err(err)?;
        rows.into_iter()
            .map(|row| self.fill(row, sku_or_pn).map_err(err))
            .collect()
    }

    /// Adds the modules of `sku_or_pn` in the row's run and the worst of their figures.
    fn fill(&self, mut row: HistoryRow, sku_or_pn: &str) -> rusqlite::Result<HistoryRow> {
        let whole_run = row.sku.as_deref() == Some(sku_or_pn);
        let mut stmt = self.conn.prepare(
            "SELECT slot, sn, outcome FROM modules
             WHERE run_id = ?1 AND (?2 OR pn = ?3) ORDER BY rowid",
        )?;
        let modules = stmt
            .query_map(params![row.run_id, whole_run, sku_or_pn], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                ))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        let mut stmt = self.conn.prepare(
            r#"SELECT slot, name, value, unit, "limit", outcome, source FROM figures
               WHERE run_id = ?1 ORDER BY rowid"#,
        )?;
        let figure_rows = stmt
            .query_map([&row.run_id], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, Option<f64>>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, Option<f64>>(4)?,
                    r.get::<_, Option<String>>(5)?,
                    r.get::<_, Option<String>>(6)?,
                ))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        // By slot first: a station of a thousand modules has ten thousand figure rows.
        let mut by_slot: HashMap<String, Vec<FigureRow>> = HashMap::new();
        for (slot, name, value, unit, limit, outcome, source) in figure_rows {
            let Some(value) = value else { continue };
            by_slot.entry(slot).or_default().push(FigureRow {
                name,
                value,
                unit,
                limit,
                outcome,
                source,
            });
        }
        let mut per_module = Vec::new();
        for (slot, sn, _) in &modules {
            let mut f = ModuleFigures {
                run_id: row.run_id.clone(),
                slot: slot.clone(),
                sn: sn.clone(),
                ..ModuleFigures::default()
            };
            for figure_row in by_slot.get(slot).into_iter().flatten() {
                figure_rows::apply(&mut f, figure_row.clone());
            }
            per_module.push(f);
        }
        row.modules_total = modules.len();
        row.modules_passed = modules.iter().filter(|(_, _, o)| o == "pass").count();
        row.serials = modules.into_iter().map(|(_, sn, _)| sn).collect();
        row.figures = aggregate(sku_or_pn, &per_module).worst;
        Ok(row)
    }

    /// Whether any run is filed under `sku_or_pn` or has a module of that part number.
    pub fn knows(&self, sku_or_pn: &str) -> Result<bool, HistoryError> {
        self.conn
            .query_row(
                "SELECT 1 FROM runs WHERE sku = ?1
                 UNION ALL SELECT 1 FROM modules WHERE pn = ?1 LIMIT 1",
                [sku_or_pn],
                |_| Ok(()),
            )
            .optional()
            .map(|found| found.is_some())
            .map_err(|e| HistoryError::sql(&self.path, "looking up a SKU", e))
    }

    /// Every SKU id and part number the database has runs of, sorted.
    pub fn known_skus(&self) -> Result<Vec<String>, HistoryError> {
        let err = |e| HistoryError::sql(&self.path, "listing the SKUs", e);
        let mut stmt = self
            .conn
            .prepare(
                "SELECT sku FROM runs WHERE sku IS NOT NULL AND sku != ''
                 UNION SELECT pn FROM modules WHERE pn != ''",
            )
            .map_err(err)?;
        let names = stmt
            .query_map([], |r| r.get::<_, String>(0))
            .map_err(err)?
            .collect::<Result<BTreeSet<_>, _>>()
            .map_err(err)?;
        Ok(names.into_iter().collect())
    }
}
