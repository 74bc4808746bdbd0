//! Joins the cells of a matrix (or, without one, the cells the runs name) with the runs that
//! qualified them: the most recent run decides each cell, older ones are kept as superseded,
//! disagreements are flagged, and runs that fit nowhere are listed with the reason.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::figures::SkuFigures;
use super::figures_extract::{aggregate, extract};
use super::merge;
use super::model::{CellKey, Matrix};
use super::recency::by_recency;
use super::stale::stale_reasons;
use super::summary::{LoadedRun, station_name, summarize};
use super::view::{CellStatus, CellView, MatrixView, SCHEMA};
use crate::results::{CellRef, RunOutcome};

/// Builds the matrix view of `runs`.
///
/// **With a matrix** the axes and the cells are the matrix's, and every cell appears (`not_run`
/// when no run qualified it). A run is placed by its cell reference (`results.matrix`: sku,
/// host, firmware); a run with no cell reference, one made for another matrix (by name), or one
/// of a cell the matrix no longer has goes to `unplaced`, with a reason that starts with the
/// file it was read from.
///
/// **Without a matrix** (a merge of results alone) the view shows the matrix of the most recent
/// run that names one; runs of other matrices and runs with no cell reference are unplaced. The
/// cells are those that have runs (with no plan), the axes come from the definitions the runs
/// carry ([`merge::axes`]), and nothing can be stale.
///
/// Within a cell, the most recent run (by `finished_at` as an instant, then run id; see
/// [`by_recency`]) is `run`, the others are `superseded`, newest first, and `conflict` says
/// whether any of them had another outcome. The same run read twice (same run id, finish time,
/// station and cell) counts once; the extra copy is listed in `unplaced`.
///
/// The status comes from the latest run: pass → qualified, fail → failed, error or aborted →
/// error. Then, with a matrix, the run is checked against the plan and firmware the matrix
/// names now ([`stale_reasons`]). A stale **qualified or failed** cell becomes `stale`: either
/// verdict was reached under conditions the matrix no longer names, so neither proves anything
/// about the cell as it stands; the old verdict stays readable in `run.outcome`. A stale
/// **error** cell stays `error` (with its stale reasons listed): there was no verdict to go out
/// of date, and the cell needs a run either way.
///
/// Figures per SKU (`sku_figures`) are the worst over the latest runs of its cells. The output depends only on the inputs,
/// not on their order: cells are sorted by key, unplaced reasons by text.
pub fn build_view(matrix: Option<&Matrix>, runs: &[LoadedRun], generated_at: &str) -> MatrixView {
    let mut ordered: Vec<&LoadedRun> = runs.iter().collect();
    ordered.sort_by(|a, b| by_recency(b, a));
    let mut unplaced = Vec::new();
    let unique = drop_copies(ordered, &mut unplaced);

    let mut view = match matrix {
        Some(m) => with_matrix(m, &unique, &mut unplaced),
        None => without_matrix(&unique, &mut unplaced),
    };
    unplaced.sort();
    view.unplaced = unplaced;
    view.generated_at = generated_at.to_string();
    view.sku_figures = sku_figures(&view, runs);
    view
}

/// Key figures per SKU, over the modules of the runs that decide its cells (the latest of each
/// cell; superseded runs are history, not evidence). SKUs with no run are left out.
///
/// The runs are indexed by (run id, source) once, the first of equals kept as a linear search
/// would find it, and the cells grouped by SKU once: linear in cells and runs (a search per
/// cell took half a second at 5,000 cells and 10,000 runs).
fn sku_figures(view: &MatrixView, runs: &[LoadedRun]) -> Vec<SkuFigures> {
    let mut by_id: HashMap<(&str, &str), &LoadedRun> = HashMap::with_capacity(runs.len());
    for r in runs {
        by_id
            .entry((r.results.run_id.as_str(), r.source.as_str()))
            .or_insert(r);
    }
    let mut cells_of: HashMap<&str, Vec<&CellView>> = HashMap::new();
    for c in &view.cells {
        cells_of.entry(c.key.sku.as_str()).or_default().push(c);
    }
    view.skus
        .iter()
        .filter_map(|sku| {
            let figures: Vec<_> = cells_of
                .get(sku.id.as_str())
                .into_iter()
                .flatten()
                .filter_map(|c| c.run.as_ref())
                .filter_map(|summary| {
                    by_id
                        .get(&(summary.run_id.as_str(), summary.source.as_str()))
                        .copied()
                })
                .flat_map(|r| extract(&r.results))
                .collect();
            (!figures.is_empty()).then(|| aggregate(&sku.id, &figures))
        })
        .collect()
}

/// Runs grouped by cell, each group newest first (the order of the input).
type Placed<'a> = BTreeMap<CellKey, Vec<&'a LoadedRun>>;

fn with_matrix(m: &Matrix, runs: &[&LoadedRun], unplaced: &mut Vec<String>) -> MatrixView {
    // The matrix's keys, looked up once per run (`Matrix::cell` is a linear search).
    let keys: BTreeSet<&CellKey> = m.cells.iter().map(|c| &c.key).collect();
    let mut placed: Placed<'_> = BTreeMap::new();
    for &run in runs {
        let Some(cref) = cell_ref(run, unplaced) else {
            continue;
        };
        if cref.matrix != m.name {
            unplaced.push(format!(
                "{}: run {} was made for matrix '{}', not '{}'",
                run.source, run.results.run_id, cref.matrix, m.name
            ));
            continue;
        }
        let key = key_of(cref);
        if !keys.contains(&key) {
            unplaced.push(format!(
                "{}: run {} qualified cell {key}, which matrix '{}' ({}) no longer has",
                run.source, run.results.run_id, m.name, m.file
            ));
            continue;
        }
        placed.entry(key).or_default().push(run);
    }

    let mut cells: Vec<CellView> = m
        .cells
        .iter()
        .map(|cell| {
            let runs = placed.get(&cell.key).map_or(&[][..], Vec::as_slice);
            let mut view = cell_view(cell.key.clone(), Some(cell.plan.clone()), runs);
            if let Some(cref) = runs.first().and_then(|r| r.results.matrix.as_ref()) {
                view.stale_reasons = stale_reasons(m, cell, cref);
                if !view.stale_reasons.is_empty()
                    && matches!(view.status, CellStatus::Qualified | CellStatus::Failed)
                {
                    view.status = CellStatus::Stale;
                }
            }
            view
        })
        .collect();
    cells.sort_by(|a, b| a.key.cmp(&b.key));

    MatrixView {
        schema: SCHEMA.to_string(),
        name: m.name.clone(),
        generated_at: String::new(),
        tool_version: env!("CARGO_PKG_VERSION").to_string(),
        matrix_file: Some(m.file.clone()),
        matrix_sha256: Some(m.sha256.clone()),
        skus: m.skus.clone(),
        hosts: m.hosts.clone(),
        firmware: m.firmware.clone(),
        cells,
        sku_figures: Vec::new(),
        unplaced: Vec::new(),
    }
}

fn without_matrix(runs: &[&LoadedRun], unplaced: &mut Vec<String>) -> MatrixView {
    let name = merge::matrix_name(runs.iter().filter_map(|r| r.results.matrix.as_ref()));
    let mut placed: Placed<'_> = BTreeMap::new();
    for &run in runs {
        let Some(cref) = cell_ref(run, unplaced) else {
            continue;
        };
        if Some(&cref.matrix) != name.as_ref() {
            unplaced.push(format!(
                "{}: run {} was made for matrix '{}'; this merge shows matrix '{}' (that of the \
                 most recent run); merge it separately or pass that matrix",
                run.source,
                run.results.run_id,
                cref.matrix,
                name.as_deref().unwrap_or_default()
            ));
            continue;
        }
        placed.entry(key_of(cref)).or_default().push(run);
    }

    let axes = merge::axes(
        runs.iter()
            .filter_map(|r| r.results.matrix.as_ref())
            .filter(|c| Some(&c.matrix) == name.as_ref()),
    );
    let cells = placed
        .iter()
        .map(|(key, runs)| cell_view(key.clone(), None, runs))
        .collect();

    MatrixView {
        schema: SCHEMA.to_string(),
        name: name.unwrap_or_default(),
        generated_at: String::new(),
        tool_version: env!("CARGO_PKG_VERSION").to_string(),
        matrix_file: None,
        matrix_sha256: None,
        skus: axes.skus,
        hosts: axes.hosts,
        firmware: axes.firmware,
        cells,
        sku_figures: Vec::new(),
        unplaced: Vec::new(),
    }
}

/// The run's cell reference; a run without one is unplaced.
fn cell_ref<'a>(run: &'a LoadedRun, unplaced: &mut Vec<String>) -> Option<&'a CellRef> {
    let cref = run.results.matrix.as_ref();
    if cref.is_none() {
        unplaced.push(format!(
            "{}: run {} names no matrix cell (made by `optiqual run`, not `optiqual matrix run`)",
            run.source, run.results.run_id
        ));
    }
    cref
}

fn key_of(c: &CellRef) -> CellKey {
    CellKey::new(&c.sku, &c.host, &c.firmware)
}

/// A cell with its runs (newest first), before any staleness check.
fn cell_view(key: CellKey, plan: Option<String>, runs: &[&LoadedRun]) -> CellView {
    let Some((latest, older)) = runs.split_first() else {
        return CellView {
            key,
            plan,
            status: CellStatus::NotRun,
            run: None,
            superseded: Vec::new(),
            conflict: false,
            stale_reasons: Vec::new(),
            note: None,
        };
    };
    let outcome = latest.results.outcome;
    CellView {
        key,
        plan,
        status: match outcome {
            RunOutcome::Pass => CellStatus::Qualified,
            RunOutcome::Fail => CellStatus::Failed,
            RunOutcome::Error | RunOutcome::Aborted => CellStatus::Error,
        },
        run: Some(summarize(latest)),
        superseded: older.iter().map(|r| summarize(r)).collect(),
        conflict: older.iter().any(|r| r.results.outcome != outcome),
        stale_reasons: Vec::new(),
        note: None,
    }
}

/// Keeps one copy of each run read more than once (same run id, finish time, station and
/// cell): the one with the smallest source; the others are listed in `unplaced`. `runs` is
/// sorted newest first, so copies are neighbours (they differ only in source, the last key).
fn drop_copies<'a>(runs: Vec<&'a LoadedRun>, unplaced: &mut Vec<String>) -> Vec<&'a LoadedRun> {
    let identity = |r: &LoadedRun| {
        let c = r.results.matrix.as_ref();
        (
            r.results.run_id.clone(),
            r.results.finished_at.clone(),
            station_name(&r.results),
            c.map(|c| (c.matrix.clone(), key_of(c))),
        )
    };
    let mut groups: Vec<Vec<&LoadedRun>> = Vec::new();
    for run in runs {
        match groups.last_mut() {
            Some(group) if group.first().is_some_and(|g| identity(g) == identity(run)) => {
                group.push(run);
            }
            _ => groups.push(vec![run]),
        }
    }
    let mut kept = Vec::new();
    for group in groups {
        let Some((&keep, copies)) = group.split_last() else {
            continue;
        };
        for copy in copies {
            unplaced.push(if copy.source == keep.source {
                format!(
                    "{}: run {} was given twice; counted once",
                    copy.source, copy.results.run_id
                )
            } else {
                format!(
                    "{}: run {} is the same run as {} (same run id, station and finish time); \
                     counted once",
                    copy.source, copy.results.run_id, keep.source
                )
            });
        }
        kept.push(keep);
    }
    kept
}
