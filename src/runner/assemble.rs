//! Builds [`RunResults`] from journal events: what `optiqual report JOURNAL` and the end of a run
//! (fresh or resumed) both use, so a resumed run's reports are built exactly like an
//! uninterrupted one's.

use std::collections::BTreeMap;

use crate::results::model::SCHEMA;
use crate::results::outcome::{module_outcome, run_outcome};
use crate::results::time::rfc3339;
use crate::results::{Identity, ModuleResult, RunOutcome, RunResults};

use super::journal::Event;

/// Folds journal events into results. Modules appear in the station's slot order (from the
/// `run_started` station snapshot: `station.slots[].id`), then any other slot in order of first
/// appearance. A journal without `run_finished` is an interrupted run: outcome `aborted`, finished
/// at the last step.
pub fn assemble(events: &[Event]) -> Option<RunResults> {
    let Some(Event::RunStarted {
        run_id,
        started_at,
        started_unix_ms,
        clock,
        plan,
        station,
        tool_version,
        matrix,
        ..
    }) = events.first()
    else {
        return None;
    };
    let mut order: Vec<String> = station
        .get("slots")
        .and_then(|s| s.as_array())
        .map(|a| {
            a.iter()
                .filter_map(|s| s.get("id").and_then(|i| i.as_str()).map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    let mut modules: BTreeMap<String, ModuleResult> = BTreeMap::new();
    let mut last_elapsed = 0u64;
    let mut finished: Option<(String, RunOutcome)> = None;
    let slot_entry =
        |modules: &mut BTreeMap<String, ModuleResult>, order: &mut Vec<String>, slot: &str| {
            if !order.iter().any(|s| s == slot) {
                order.push(slot.to_string());
            }
            modules
                .entry(slot.to_string())
                .or_insert_with(|| ModuleResult {
                    slot: slot.to_string(),
                    identity: Identity::default(),
                    outcome: crate::results::Outcome::Skip,
                    checks: Vec::new(),
                });
        };
    for e in &events[1..] {
        match e {
            Event::ModuleIdentified { slot, identity } => {
                slot_entry(&mut modules, &mut order, slot);
                if let Some(m) = modules.get_mut(slot) {
                    m.identity = identity.clone();
                }
            }
            Event::CheckFinished {
                slot,
                elapsed_ms,
                check,
            } => {
                slot_entry(&mut modules, &mut order, slot);
                last_elapsed = last_elapsed.max(*elapsed_ms);
                if let Some(m) = modules.get_mut(slot) {
                    // A step recorded twice (resumed after the record but before the next step
                    // began) keeps its latest record.
                    m.checks.retain(|c| c.id != check.id);
                    m.checks.push(check.clone());
                }
            }
            Event::Resumed { elapsed_ms, .. } => last_elapsed = last_elapsed.max(*elapsed_ms),
            Event::RunFinished {
                finished_at,
                elapsed_ms,
                outcome,
            } => {
                last_elapsed = last_elapsed.max(*elapsed_ms);
                finished = Some((finished_at.clone(), *outcome));
            }
            Event::RunStarted { .. } => {}
        }
    }
    let mut ordered: Vec<ModuleResult> = order
        .iter()
        .filter_map(|slot| modules.remove(slot))
        .collect();
    for m in &mut ordered {
        m.outcome = module_outcome(m.checks.iter().map(|c| c.outcome));
    }
    let (finished_at, outcome) = match finished {
        Some((at, RunOutcome::Aborted)) => (at, RunOutcome::Aborted),
        Some((at, _)) => (at, run_outcome(ordered.iter().map(|m| m.outcome), false)),
        None => (
            rfc3339(*started_unix_ms + last_elapsed as i64),
            RunOutcome::Aborted,
        ),
    };
    Some(RunResults {
        schema: SCHEMA.to_string(),
        run_id: run_id.clone(),
        started_at: started_at.clone(),
        finished_at,
        clock: *clock,
        outcome,
        plan: plan.clone(),
        station: station.clone(),
        tool_version: tool_version.clone(),
        modules: ordered,
        matrix: matrix.as_deref().cloned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::results::{CheckResult, ClockKind, Outcome, PlanRef};
    use crate::runner::journal::JOURNAL_SCHEMA;

    fn start() -> Event {
        Event::RunStarted {
            schema: JOURNAL_SCHEMA.into(),
            run_id: "r".into(),
            started_at: "1970-01-01T00:00:00Z".into(),
            started_unix_ms: 0,
            clock: ClockKind::Virtual,
            plan: PlanRef {
                path: "p".into(),
                name: "p".into(),
                sha256: "0".into(),
            },
            plan_text: String::new(),
            station: serde_json::json!({"slots": [{"id": "b"}, {"id": "a"}]}),
            tool_version: "t".into(),
            matrix: None,
        }
    }

    fn check(slot: &str, id: &str, outcome: Outcome, elapsed_ms: u64) -> Event {
        Event::CheckFinished {
            slot: slot.into(),
            elapsed_ms,
            check: CheckResult {
                id: id.into(),
                kind: id.into(),
                outcome,
                attempts: 1,
                started_at: String::new(),
                duration_s: 0.0,
                message: String::new(),
                measurements: vec![],
                attempt_log: vec![],
                series: vec![],
            },
        }
    }

    #[test]
    fn modules_follow_slot_order_and_outcomes_roll_up() {
        let events = vec![
            start(),
            check("a", "identity", Outcome::Pass, 10),
            check("b", "identity", Outcome::Pass, 20),
            check("b", "power_up", Outcome::Fail, 30),
            Event::RunFinished {
                finished_at: "1970-01-01T00:00:01Z".into(),
                elapsed_ms: 1000,
                outcome: RunOutcome::Fail,
            },
        ];
        let r = assemble(&events).unwrap();
        let slots: Vec<_> = r.modules.iter().map(|m| m.slot.as_str()).collect();
        assert_eq!(slots, ["b", "a"]);
        assert_eq!(r.modules[0].outcome, Outcome::Fail);
        assert_eq!(r.modules[1].outcome, Outcome::Pass);
        assert_eq!(r.outcome, RunOutcome::Fail);
        assert_eq!(r.finished_at, "1970-01-01T00:00:01Z");
    }

    #[test]
    fn a_journal_without_an_end_is_an_aborted_run_ending_at_its_last_step() {
        let events = vec![start(), check("a", "identity", Outcome::Pass, 2500)];
        let r = assemble(&events).unwrap();
        assert_eq!(r.outcome, RunOutcome::Aborted);
        assert_eq!(r.finished_at, "1970-01-01T00:00:02.500Z");
        assert!(assemble(&[]).is_none());
    }

    #[test]
    fn a_step_recorded_twice_keeps_the_latest() {
        let events = vec![
            start(),
            check("a", "identity", Outcome::Error, 10),
            check("a", "identity", Outcome::Pass, 20),
        ];
        let r = assemble(&events).unwrap();
        assert_eq!(r.modules[0].checks.len(), 1);
        assert_eq!(r.modules[0].checks[0].outcome, Outcome::Pass);
    }
}
