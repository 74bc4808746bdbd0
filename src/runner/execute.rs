//! Executes a plan: modules identified, then the checks in plan order, every module through a
//! check before the next (so shared steps like the chamber's setpoints are crossed together),
//! with retries, per-step timeouts, stop-on-fail, Ctrl-C, and a journal record at every step
//! boundary.

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures_util::future::join_all;
use tokio::sync::{Semaphore, mpsc, watch};
use tokio::time::Instant;

use crate::checks::{self, AttemptResult, CheckEnv, Station};
use crate::instruments::host::HostControl;
use crate::module::paged::PagedModule;
use crate::plan::{Check, CheckKind, Plan};
use crate::results::outcome::{module_outcome, run_outcome};
use crate::results::time::rfc3339;
use crate::results::{Attempt, CheckResult, Identity, Outcome, RunOutcome};

use super::journal::{Event, JournalError, JournalWriter};
use super::progress::Progress;

/// One module's resources.
pub struct SlotSetup {
    /// Paged access over its bus.
    pub module: PagedModule,
    /// Host controls of its cage.
    pub host: Box<dyn HostControl>,
}

/// Everything a run needs, built by the CLI (the only place that names concrete backends).
pub struct RunSetup {
    /// The validated plan.
    pub plan: Plan,
    /// One per plan slot, in the same order.
    pub slots: Vec<SlotSetup>,
    /// Shared instruments.
    pub station: Station,
    /// The journal to append to (created, or reopened for a resume).
    pub journal: JournalWriter,
    /// Wall time the run started (ms since the epoch); timestamps count from it.
    pub started_unix_ms: i64,
    /// Run clock already spent before this process (resume), ms.
    pub elapsed_offset_ms: u64,
    /// Steps completed by an earlier process: (slot, check id).
    pub done: BTreeSet<(String, String)>,
    /// Slots identified by an earlier process.
    pub identified: BTreeSet<String>,
    /// Steps whose recorded outcome was fail (for stop-on-fail after a resume).
    pub failed_slots: BTreeSet<String>,
    /// Where progress goes.
    pub progress: mpsc::UnboundedSender<Progress>,
    /// Becomes `true` on Ctrl-C.
    pub shutdown: watch::Receiver<bool>,
    /// Test hook: abort the process (like kill -9) after this many journal records.
    pub crash_after_records: Option<u64>,
}

/// Why a run could not go on (not a check failing: that is a result).
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    /// The journal could not be written: nothing more can be made durable.
    #[error("journal: {0}")]
    Journal(#[from] JournalError),
}

struct Shared {
    journal: Mutex<JournalWriter>,
    records: Mutex<u64>,
    crash_after: Option<u64>,
    start: Instant,
    offset_ms: u64,
    started_unix_ms: i64,
}

impl Shared {
    fn elapsed_ms(&self) -> u64 {
        self.offset_ms + self.start.elapsed().as_millis() as u64
    }

    fn stamp(&self, elapsed_ms: u64) -> String {
        rfc3339(self.started_unix_ms + elapsed_ms as i64)
    }

    fn record(&self, event: &Event) -> Result<(), RunError> {
        tracing::trace!(?event, "journal record");
        let mut j = self.journal.lock().unwrap_or_else(|p| p.into_inner());
        j.record(event)?;
        let mut n = self.records.lock().unwrap_or_else(|p| p.into_inner());
        *n += 1;
        if self.crash_after.is_some_and(|limit| *n >= limit) {
            // The test hook of the crash-safety tests: die like kill -9, flushing nothing.
            std::process::abort();
        }
        Ok(())
    }
}

fn finite(v: f64) -> f64 {
    if v.is_finite() && v >= 0.0 { v } else { 0.0 }
}

/// Runs one check on one module with its retries and timeout; every attempt is kept.
async fn run_step(
    check: &Check,
    env: &mut CheckEnv<'_>,
    shared: &Shared,
    retries: u32,
    step_timeout: Duration,
    shutdown: &mut watch::Receiver<bool>,
) -> Option<CheckResult> {
    let first_ms = shared.elapsed_ms();
    let mut attempts = Vec::new();
    let timeout = check.effective_timeout(step_timeout);
    for n in 1..=retries.saturating_add(1) {
        let at_ms = shared.elapsed_ms();
        let attempt = tokio::select! {
            r = tokio::time::timeout(timeout, checks::run(check, env)) => match r {
                Ok(a) => a,
                Err(_) => AttemptResult::timeout(
                    format!("the step did not finish within its timeout of {} s", timeout.as_secs_f64()),
                    Vec::new(),
                ),
            },
            _ = shutdown.wait_for(|stop| *stop) => return None,
        };
        let end_ms = shared.elapsed_ms();
        tracing::debug!(
            slot = %env.slot.id,
            check = %check.id,
            attempt = n,
            outcome = attempt.outcome.as_str(),
            "step attempt ended: {}",
            attempt.message
        );
        // Control characters never reach the records (they are escaped by the reports too).
        let outcome = attempt.outcome;
        attempts.push((
            Attempt {
                attempt: n,
                started_at: shared.stamp(at_ms),
                duration_s: finite((end_ms - at_ms) as f64 / 1000.0),
                outcome,
                message: attempt.message.clone(),
                measurements: attempt.measurements.clone(),
            },
            attempt.series,
        ));
        // Only harness trouble is retried: a module outside its limits is not re-tested
        // until it passes.
        if !outcome.is_harness_problem() {
            break;
        }
    }
    let (last, mut series) = attempts.last().cloned()?;
    for s in &mut series {
        s.decimate(crate::results::model::MAX_SERIES_POINTS);
    }
    let end_ms = shared.elapsed_ms();
    Some(CheckResult {
        id: check.id.clone(),
        kind: check.kind().as_str().to_string(),
        outcome: last.outcome,
        attempts: attempts.len() as u32,
        started_at: shared.stamp(first_ms),
        duration_s: finite((end_ms - first_ms) as f64 / 1000.0),
        message: last.message.clone(),
        measurements: last.measurements.clone(),
        attempt_log: attempts.into_iter().map(|(a, _)| a).collect(),
        series,
    })
}

/// Runs the plan. Returns the run's outcome (aborted on Ctrl-C). Reports are built afterwards
/// from the journal.
pub async fn execute(setup: RunSetup) -> Result<RunOutcome, RunError> {
    let RunSetup {
        plan,
        mut slots,
        station,
        journal,
        started_unix_ms,
        elapsed_offset_ms,
        done,
        identified,
        failed_slots,
        progress,
        shutdown,
        crash_after_records,
    } = setup;
    let shared = Shared {
        journal: Mutex::new(journal),
        records: Mutex::new(0),
        crash_after: crash_after_records,
        start: Instant::now(),
        offset_ms: elapsed_offset_ms,
        started_unix_ms,
    };
    let _ = progress.send(Progress::Started {
        run_id: String::new(),
        modules: slots.len(),
        steps: plan.checks.len(),
    });
    let permits = Arc::new(Semaphore::new(plan.options.concurrency.max(1) as usize));
    let stopped: Mutex<BTreeSet<String>> = Mutex::new(failed_slots);
    let mut outcomes: Vec<Vec<Outcome>> = vec![Vec::new(); slots.len()];

    // Identify every module (bounded concurrency).
    {
        let futures = slots.iter_mut().enumerate().map(|(i, s)| {
            let slot = &plan.station.slots[i];
            let (shared, permits, progress, identified) =
                (&shared, &permits, &progress, &identified);
            let mut env = CheckEnv {
                plan: &plan,
                slot,
                slot_index: i,
                module: &mut s.module,
                host: s.host.as_ref(),
                station: &station,
            };
            async move {
                if identified.contains(&slot.id) {
                    return Ok(());
                }
                let _permit = permits.acquire().await;
                let identity = match env.snapshot().await {
                    Ok((_, d)) => Identity {
                        vendor: d.vendor.name,
                        pn: d.vendor.pn,
                        sn: d.vendor.sn,
                        rev: d.vendor.rev,
                    },
                    Err(_) => Identity::default(),
                };
                let _ = progress.send(Progress::Identified {
                    slot: slot.id.clone(),
                    what: format!("{} {} {}", identity.vendor, identity.pn, identity.sn),
                });
                shared.record(&Event::ModuleIdentified {
                    slot: slot.id.clone(),
                    identity,
                })
            }
        });
        for r in join_all(futures).await {
            r?;
        }
    }

    let mut interrupted = *shutdown.borrow();
    for check in &plan.checks {
        if interrupted {
            break;
        }
        // A thermal sweep's modules cross the chamber's setpoints together: all run at once.
        let together = check.kind() == CheckKind::ThermalSweep;
        let active: usize = plan
            .station
            .slots
            .iter()
            .filter(|s| !done.contains(&(s.id.clone(), check.id.clone())))
            .filter(|s| {
                !(plan.options.stop_on_fail
                    && stopped.lock().map(|st| st.contains(&s.id)).unwrap_or(false))
            })
            .count();
        station.rendezvous.reset(active);
        let futures = slots.iter_mut().enumerate().map(|(i, s)| {
            let slot = &plan.station.slots[i];
            let (shared, permits, progress, stopped, station, done) =
                (&shared, &permits, &progress, &stopped, &station, &done);
            let mut shutdown = shutdown.clone();
            let mut env = CheckEnv {
                plan: &plan,
                slot,
                slot_index: i,
                module: &mut s.module,
                host: s.host.as_ref(),
                station,
            };
            async move {
                let key = (slot.id.clone(), check.id.clone());
                if done.contains(&key) {
                    let _ = progress.send(Progress::StepFinished {
                        slot: slot.id.clone(),
                        check: check.id.clone(),
                        outcome: Outcome::Skip,
                        duration_s: 0.0,
                        message: "completed before the resume".into(),
                        resumed: true,
                    });
                    return Ok(None);
                }
                let skip_reason = if plan.options.stop_on_fail
                    && stopped
                        .lock()
                        .map(|st| st.contains(&slot.id))
                        .unwrap_or(false)
                {
                    Some("skipped: an earlier check failed and the plan stops on failure")
                } else {
                    None
                };
                let _permit = if together {
                    None
                } else {
                    permits.acquire().await.ok()
                };
                let _ = progress.send(Progress::StepStarted {
                    slot: slot.id.clone(),
                    check: check.id.clone(),
                    planned_s: check.params.planned_lower_bound().as_secs_f64(),
                });
                let result = match skip_reason {
                    Some(reason) => {
                        let now = shared.elapsed_ms();
                        Some(CheckResult {
                            id: check.id.clone(),
                            kind: check.kind().as_str().into(),
                            outcome: Outcome::Skip,
                            attempts: 0,
                            started_at: shared.stamp(now),
                            duration_s: 0.0,
                            message: reason.into(),
                            measurements: vec![],
                            attempt_log: vec![],
                            series: vec![],
                        })
                    }
                    None => {
                        let r = run_step(
                            check,
                            &mut env,
                            shared,
                            check.effective_retries(plan.options.retries),
                            plan.options.step_timeout,
                            &mut shutdown,
                        )
                        .await;
                        if together && r.is_some() && station.rendezvous.leave() {
                            // Everyone still sweeping waits for a leader that is gone.
                            station.rendezvous.release();
                        }
                        r
                    }
                };
                let Some(result) = result else {
                    return Ok(None); // interrupted: the step is not complete, not recorded
                };
                if result.outcome == Outcome::Fail {
                    if let Ok(mut st) = stopped.lock() {
                        st.insert(slot.id.clone());
                    }
                }
                shared.record(&Event::CheckFinished {
                    slot: slot.id.clone(),
                    elapsed_ms: shared.elapsed_ms(),
                    check: result.clone(),
                })?;
                let _ = progress.send(Progress::StepFinished {
                    slot: slot.id.clone(),
                    check: check.id.clone(),
                    outcome: result.outcome,
                    duration_s: result.duration_s,
                    message: result.message.clone(),
                    resumed: false,
                });
                Ok::<_, RunError>(Some(result.outcome))
            }
        });
        for (i, r) in join_all(futures).await.into_iter().enumerate() {
            if let Some(o) = r? {
                outcomes[i].push(o);
            }
        }
        interrupted = *shutdown.borrow();
    }
    let outcome = if interrupted {
        RunOutcome::Aborted
    } else {
        run_outcome(
            outcomes.iter().map(|o| module_outcome(o.iter().copied())),
            false,
        )
    };
    let elapsed_ms = shared.elapsed_ms();
    shared.record(&Event::RunFinished {
        finished_at: shared.stamp(elapsed_ms),
        elapsed_ms,
        outcome,
    })?;
    let _ = progress.send(Progress::Finished);
    Ok(outcome)
}
