//! The `thermal_sweep` check (issue 5 item 6): for each chamber setpoint, every module of the
//! station crosses the rendezvous; the last to arrive leads: it sets the chamber, waits until
//! the chamber is stable (within `chamber_tolerance_c` of the setpoint and changing slower than
//! `stability.max_rate_c_per_min` over `stability.window`), then releases the others. Each
//! module then waits (again up to `settle_timeout`) until its own DOM temperature is stable too,
//! dwells, and runs the nested
//! checks (`at_each`), whose measurements are folded in as `70C/dom_accuracy/lane1...`.
//!
//! Not becoming stable within `settle_timeout` is a TIMEOUT of the check, a chamber that does not
//! answer an ERROR — never a failure of the module. A module whose sweep ends early still takes
//! part in every remaining crossing (leading when it is last, without waiting), so the others
//! are never held up and crossings stay aligned.
//!
//! Curves: module and chamber temperature over time, each lane's bias and Tx power against the
//! module temperature, sampled every `sample_interval` while settling and dwelling.

mod curves;
mod stability;
#[cfg(test)]
mod tests;

use std::time::Duration;

use tokio::time::Instant;

use self::curves::Curves;
use self::stability::Window;
use super::dom_accuracy::live::Live;
use super::sweep::Role;
use super::{AttemptResult, CheckEnv, Station};
use crate::plan::checks::ThermalSweepParams;
use crate::results::model::fmt_num;
use crate::results::{Measurement, Outcome, Series};

/// The name of a setpoint in measurement names: `70C`, `-5C`, `12.5C`.
pub fn setpoint_label(celsius: f64) -> String {
    format!("{}C", fmt_num(celsius))
}

/// Why a sweep stopped before its last setpoint.
#[derive(Debug, Clone, PartialEq)]
struct Stop {
    outcome: Outcome,
    why: String,
}

impl Stop {
    fn error(why: impl Into<String>) -> Self {
        Stop {
            outcome: Outcome::Error,
            why: why.into(),
        }
    }
}

/// Runs one attempt.
pub async fn run(params: &ThermalSweepParams, env: &mut CheckEnv<'_>) -> AttemptResult {
    let station: &Station = env.station;
    if station.chamber.is_none() {
        // Every module of the station sees the same instruments: none of them crosses.
        return AttemptResult::error("thermal_sweep needs a chamber (instruments.chamber)");
    }
    let mut sweep = Sweep {
        params,
        start: Instant::now(),
        curves: Curves::default(),
        m: Vec::new(),
        series: Vec::new(),
        problems: Vec::new(),
        outcome: Outcome::Pass,
        done: Vec::new(),
    };
    let mut live = Live::snapshot(env).await;
    let mut stop: Option<Stop> = None;
    for &setpoint in &params.setpoints_c {
        if stop.is_some() {
            take_part(station, setpoint).await;
            continue;
        }
        let result = match live.as_mut() {
            Ok(live) => sweep.point(env, Some(live), setpoint).await,
            Err(e) => Err(Stop::error(e.clone())),
        };
        match result {
            Ok(()) => sweep.done.push(setpoint_label(setpoint)),
            Err(s) => {
                // This crossing was made (or the module could not be read at all: then it
                // still crosses, as a bystander).
                if live.is_err() {
                    take_part(station, setpoint).await;
                }
                stop = Some(s);
            }
        }
    }
    sweep.finish(stop)
}

/// Crosses the rendezvous at `setpoint` without measuring: the module's own sweep is over, but
/// the others must not wait for it. When it is last to arrive it sets the chamber for them and
/// releases them at once (they check stability themselves).
async fn take_part(station: &Station, setpoint: f64) {
    if station.rendezvous.arrive().await == Role::Leader {
        if let Some(chamber) = &station.chamber {
            // An error here is the followers' to see: they read the chamber themselves.
            let _ = chamber.lock().await.set_setpoint(setpoint).await;
        }
        station.rendezvous.release();
    }
}

/// What to wait for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Wait {
    /// The chamber only (the leader, before releasing the others).
    Chamber,
    /// The chamber and this module's temperature.
    Module,
}

struct Sweep<'p> {
    params: &'p ThermalSweepParams,
    start: Instant,
    curves: Curves,
    m: Vec<Measurement>,
    series: Vec<Series>,
    problems: Vec<String>,
    outcome: Outcome,
    done: Vec<String>,
}

impl Sweep<'_> {
    /// One setpoint: cross, settle, dwell, nested checks.
    async fn point(
        &mut self,
        env: &mut CheckEnv<'_>,
        mut live: Option<&mut Live>,
        setpoint: f64,
    ) -> Result<(), Stop> {
        let station: &Station = env.station;
        let label = setpoint_label(setpoint);
        let settle = self.params.settle_timeout;
        let role = station.rendezvous.arrive().await;
        if role == Role::Leader {
            let crossed = Instant::now();
            let led = self
                .lead(env, live.as_deref_mut(), setpoint, crossed + settle)
                .await;
            let settle_s = led
                .as_ref()
                .ok()
                .map(|stable| stable.saturating_duration_since(crossed).as_secs_f64());
            station.rendezvous.release_with(settle_s);
            led?;
        }
        // The leader timed the chamber; every module reports the same figure.
        if let Some(settle_s) = station.rendezvous.last_note() {
            self.m.push(Measurement::judged(
                format!("{label}/chamber_settle_time_s"),
                Some(settle_s),
                "s",
                None,
                None,
            ));
        }
        // Everyone's own wait starts at the release, with the chamber stable.
        let released = Instant::now();
        let settled = self
            .settle(
                env,
                live.as_deref_mut(),
                setpoint,
                released + settle,
                Wait::Module,
            )
            .await?;
        self.m.push(Measurement::judged(
            format!("{label}/module_settle_time_s"),
            Some(settled.saturating_duration_since(released).as_secs_f64()),
            "s",
            None,
            None,
        ));
        let (chamber_c, module_c) = self.dwell(env, live).await?;
        self.m.push(Measurement::judged(
            format!("{label}/chamber_temperature_c"),
            Some(chamber_c),
            "degC",
            None,
            None,
        ));
        if let Some(t) = module_c {
            self.m.push(Measurement::judged(
                format!("{label}/module_temperature_c"),
                Some(t),
                "degC",
                None,
                None,
            ));
        }
        self.nested(env, &label).await;
        Ok(())
    }

    /// The leader's job: set the chamber and wait until it is stable.
    async fn lead(
        &mut self,
        env: &mut CheckEnv<'_>,
        live: Option<&mut Live>,
        setpoint: f64,
        deadline: Instant,
    ) -> Result<Instant, Stop> {
        let station: &Station = env.station;
        if let Some(chamber) = &station.chamber {
            chamber
                .lock()
                .await
                .set_setpoint(setpoint)
                .await
                .map_err(|e| Stop::error(format!("chamber: {e}")))?;
        }
        self.settle(env, live, setpoint, deadline, Wait::Chamber)
            .await
    }

    /// Samples every `sample_interval` until stable (the instant it was) or `deadline`.
    async fn settle(
        &mut self,
        env: &mut CheckEnv<'_>,
        mut live: Option<&mut Live>,
        setpoint: f64,
        deadline: Instant,
        wait: Wait,
    ) -> Result<Instant, Stop> {
        let p = self.params;
        let span = p.stability.window.as_secs_f64();
        let rate = p.stability.max_rate_c_per_min;
        let (mut chamber_w, mut module_w) = (Window::new(span), Window::new(span));
        loop {
            let (chamber_c, module_c) = self.sample(env, live.as_deref_mut()).await?;
            let t = self.seconds();
            chamber_w.push(t, chamber_c);
            let chamber_ok =
                chamber_w.within(setpoint, p.chamber_tolerance_c) && chamber_w.steady(rate);
            // A module without a temperature monitor is judged by the chamber alone.
            let module_ok = match (wait, module_c) {
                (Wait::Chamber, _) | (Wait::Module, None) => true,
                (Wait::Module, Some(m)) => {
                    module_w.push(t, m);
                    module_w.steady(rate)
                }
            };
            let now = Instant::now();
            if chamber_ok && module_ok {
                return Ok(now);
            }
            if now >= deadline {
                let what = match wait {
                    Wait::Chamber => "the chamber",
                    Wait::Module => "the chamber and the module",
                };
                let rates = |w: &Window| w.rate_c_per_min().map_or("?".into(), fmt_num);
                let mut why = format!(
                    "{}: {what} did not become stable within {}: chamber at {} °C (setpoint {} ± {} °C), changing {} °C/min",
                    setpoint_label(setpoint),
                    humantime(p.settle_timeout),
                    fmt_num(chamber_c),
                    fmt_num(setpoint),
                    fmt_num(p.chamber_tolerance_c),
                    rates(&chamber_w),
                );
                if wait == Wait::Module && module_w.last().is_some() {
                    why.push_str(&format!(", module changing {} °C/min", rates(&module_w)));
                }
                why.push_str(&format!(" (limit {} °C/min)", fmt_num(rate)));
                if let Some((lo, hi)) = chamber_w.range() {
                    why.push_str(&format!(
                        "; chamber readings {} .. {} °C over the last {}",
                        fmt_num(lo),
                        fmt_num(hi),
                        humantime(p.stability.window)
                    ));
                }
                return Err(Stop {
                    outcome: Outcome::Timeout,
                    why,
                });
            }
            tokio::time::sleep(p.sample_interval.min(deadline - now)).await;
        }
    }

    /// Holds the setpoint for `dwell`, sampling the curves; the last chamber and module
    /// readings.
    async fn dwell(
        &mut self,
        env: &mut CheckEnv<'_>,
        mut live: Option<&mut Live>,
    ) -> Result<(f64, Option<f64>), Stop> {
        let end = Instant::now() + self.params.dwell;
        loop {
            let now = Instant::now();
            if now >= end {
                return self.sample(env, live.as_deref_mut()).await;
            }
            tokio::time::sleep(self.params.sample_interval.min(end - now)).await;
            if Instant::now() < end {
                self.sample(env, live.as_deref_mut()).await?;
            }
        }
    }

    /// Reads the chamber and the module once and records the curves.
    async fn sample(
        &mut self,
        env: &mut CheckEnv<'_>,
        live: Option<&mut Live>,
    ) -> Result<(f64, Option<f64>), Stop> {
        let station: &Station = env.station;
        let chamber_c = match &station.chamber {
            Some(c) => c
                .lock()
                .await
                .temperature()
                .await
                .map_err(|e| Stop::error(format!("chamber: {e}")))?,
            None => return Err(Stop::error("the station has no chamber")),
        };
        let t = self.seconds();
        let dom = match live {
            Some(live) => {
                live.refresh(env).await.map_err(Stop::error)?;
                Some(live.decoded.dom.clone())
            }
            None => None,
        };
        self.curves.add(t, Some(chamber_c), dom.as_ref());
        Ok((chamber_c, dom.and_then(|d| d.temperature_c)))
    }

    /// Runs the nested checks and folds their results in.
    async fn nested(&mut self, env: &mut CheckEnv<'_>, label: &str) {
        for check in &self.params.at_each {
            let r = super::run(check, env).await;
            let prefix = format!("{label}/{}", check.id);
            let mut bad = Vec::new();
            for mut m in r.measurements {
                m.name = format!("{prefix}/{}", m.name);
                if m.outcome != Outcome::Pass {
                    bad.push(m.describe());
                }
                self.m.push(m);
            }
            for mut s in r.series {
                s.name = format!("{prefix}/{}", s.name);
                self.series.push(s);
            }
            match r.outcome {
                Outcome::Pass => {}
                Outcome::Skip => self
                    .problems
                    .push(format!("{prefix} skipped: {}", r.message)),
                other => {
                    self.outcome = worse(self.outcome, other);
                    // The failing values say it best; the whole message when there are none.
                    let why = if bad.is_empty() {
                        r.message
                    } else {
                        bad.join("; ")
                    };
                    self.problems
                        .push(format!("{prefix} {}: {why}", other.as_str()));
                }
            }
        }
    }

    fn seconds(&self) -> f64 {
        self.start.elapsed().as_secs_f64()
    }

    fn finish(mut self, stop: Option<Stop>) -> AttemptResult {
        let n = self.params.setpoints_c.len();
        let mut message = format!("{} of {n} setpoints done", self.done.len());
        if !self.done.is_empty() {
            message.push_str(&format!(" ({})", self.done.join(", ")));
        }
        if let Some(s) = stop {
            self.outcome = worse(self.outcome, s.outcome);
            message.push_str("; stopped: ");
            message.push_str(&s.why);
        }
        for p in &self.problems {
            message.push_str("; ");
            message.push_str(p);
        }
        let mut series = self.curves.into_series();
        series.append(&mut self.series);
        AttemptResult {
            outcome: self.outcome,
            message,
            measurements: self.m,
            series,
        }
    }
}

/// The worse of two outcomes: fail (about the module) over timeout over error over pass.
fn worse(a: Outcome, b: Outcome) -> Outcome {
    let rank = |o: Outcome| match o {
        Outcome::Pass | Outcome::Skip => 0,
        Outcome::Error => 1,
        Outcome::Timeout => 2,
        Outcome::Fail => 3,
    };
    if rank(b) > rank(a) { b } else { a }
}

/// `45m`, `90s`, `1h30m` for messages.
fn humantime(d: Duration) -> String {
    let s = d.as_secs();
    let (h, m, sec) = (s / 3600, s / 60 % 60, s % 60);
    let mut out = String::new();
    if h > 0 {
        out.push_str(&format!("{h}h"));
    }
    if m > 0 {
        out.push_str(&format!("{m}m"));
    }
    if sec > 0 || out.is_empty() {
        out.push_str(&format!("{sec}s"));
    }
    out
}
