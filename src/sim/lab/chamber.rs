//! The simulated chamber: a first-order lag towards its setpoint with a ramp-rate limit
//! (sim-model.md "Temperature"): `dT/dt = clamp((T_set − T) / τ, ±r_max)`, τ = 120 s,
//! r_max = 5 °C/min by default. A fault mode never settles: it oscillates ±2 °C around the
//! setpoint.
//!
//! The model is closed-form, so it costs nothing between readings and reads the same on a
//! paused tokio clock as on the wall clock. With `a = |T_set − T_0|` at the last change:
//! - if there is no ramp limit, or `a ≤ r·τ` (the lag alone is slower than the limit):
//!   `T(t) = T_set − (T_set − T_0)·e^(−t/τ)`;
//! - otherwise it ramps linearly at `r` for `t₁ = (a − r·τ)/r`, reaching `T_set ∓ r·τ`, where
//!   the lag's slope equals the limit, then follows the exponential from there. Temperature
//!   and slope are continuous at `t₁`.

use std::f64::consts::TAU as TWO_PI;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::time::Instant;

use super::lock::lock;

/// Parameters of the thermal model.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ChamberConfig {
    /// Time constant of the lag, in s (default 120).
    pub tau_s: f64,
    /// Ramp-rate limit in °C/min (default 5); `None` for a pure lag.
    pub max_ramp_c_per_min: Option<f64>,
    /// Room temperature: where the chamber starts and where it drifts when stopped (25 °C).
    pub ambient_c: f64,
}

impl Default for ChamberConfig {
    fn default() -> Self {
        ChamberConfig {
            tau_s: 120.0,
            max_ramp_c_per_min: Some(5.0),
            ambient_c: 25.0,
        }
    }
}

/// Fault modes of the chamber.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ChamberFault {
    /// Regulates normally.
    None,
    /// Never settles: the temperature swings `amplitude_c` around where the model would be,
    /// with period `period` (sim-model.md: ±2 °C).
    NeverSettles {
        /// Half the peak-to-peak swing, °C.
        amplitude_c: f64,
        /// Period of the swing.
        period: Duration,
    },
}

impl ChamberFault {
    /// The sim-model.md default: ±2 °C with a 5-minute period.
    pub fn never_settles() -> Self {
        ChamberFault::NeverSettles {
            amplitude_c: 2.0,
            period: Duration::from_secs(300),
        }
    }
}

/// The closed-form thermal model.
#[derive(Debug, Clone)]
pub struct ChamberModel {
    config: ChamberConfig,
    /// When the current segment began, from which temperature, towards which target.
    start: Instant,
    from_c: f64,
    target_c: f64,
    setpoint_c: f64,
    running: bool,
    fault: ChamberFault,
    fault_since: Instant,
}

impl ChamberModel {
    /// A chamber at ambient, stopped, with its setpoint at ambient.
    pub fn new(config: ChamberConfig, now: Instant) -> Self {
        ChamberModel {
            config,
            start: now,
            from_c: config.ambient_c,
            target_c: config.ambient_c,
            setpoint_c: config.ambient_c,
            running: false,
            fault: ChamberFault::None,
            fault_since: now,
        }
    }

    /// The configuration in force.
    pub fn config(&self) -> ChamberConfig {
        self.config
    }

    /// The temperature without the fault's swing.
    fn base_at(&self, now: Instant) -> f64 {
        let t = now.saturating_duration_since(self.start).as_secs_f64();
        let tau = self.config.tau_s.max(1e-9);
        let d = self.target_c - self.from_c;
        let a = d.abs();
        let s = d.signum();
        let rate = self
            .config
            .max_ramp_c_per_min
            .filter(|r| r.is_finite() && *r > 0.0)
            .map(|r| r / 60.0);
        match rate {
            Some(r) if a > r * tau => {
                let t1 = (a - r * tau) / r;
                if t <= t1 {
                    self.from_c + s * r * t
                } else {
                    self.target_c - s * r * tau * (-(t - t1) / tau).exp()
                }
            }
            _ => self.target_c - d * (-t / tau).exp(),
        }
    }

    /// The temperature at `now` (not before the last change).
    pub fn temperature_at(&self, now: Instant) -> f64 {
        let base = self.base_at(now);
        match self.fault {
            ChamberFault::None => base,
            ChamberFault::NeverSettles {
                amplitude_c,
                period,
            } => {
                let p = period.as_secs_f64().max(1e-9);
                let t = now
                    .saturating_duration_since(self.fault_since)
                    .as_secs_f64();
                base + amplitude_c * (TWO_PI * t / p).sin()
            }
        }
    }

    fn retarget(&mut self, target_c: f64, now: Instant) {
        self.from_c = self.base_at(now);
        self.start = now;
        self.target_c = target_c;
    }

    /// Sets the setpoint; a running chamber heads for it from where it is.
    pub fn set_setpoint(&mut self, celsius: f64, now: Instant) {
        self.setpoint_c = celsius;
        if self.running {
            self.retarget(celsius, now);
        }
    }

    /// The setpoint held (also while stopped).
    pub fn setpoint(&self) -> f64 {
        self.setpoint_c
    }

    /// Starts regulating towards the setpoint.
    pub fn start(&mut self, now: Instant) {
        self.running = true;
        self.retarget(self.setpoint_c, now);
    }

    /// Stops regulating: the chamber drifts back to ambient with the same dynamics.
    pub fn stop(&mut self, now: Instant) {
        self.running = false;
        self.retarget(self.config.ambient_c, now);
    }

    /// Whether the chamber regulates.
    pub fn running(&self) -> bool {
        self.running
    }

    /// Changes the ramp limit (°C/min, `None` = no limit) from `now` on.
    pub fn set_ramp_limit(&mut self, c_per_min: Option<f64>, now: Instant) {
        let target = self.target_c;
        self.retarget(target, now);
        self.config.max_ramp_c_per_min = c_per_min;
    }

    /// Sets the fault mode from `now` on.
    pub fn set_fault(&mut self, fault: ChamberFault, now: Instant) {
        self.fault = fault;
        self.fault_since = now;
    }

    /// When the current approach began (the last setpoint, start or stop).
    pub fn segment_start(&self) -> Instant {
        self.start
    }
}

/// Everything the simulated lab keeps about one chamber.
#[derive(Debug)]
pub struct ChamberState {
    /// The thermal model.
    pub model: ChamberModel,
    /// Device error register served by dialects that have one (ThermoStream `EROR?`).
    pub error_register: u16,
    /// When true the in-process driver stops answering (it times out).
    pub silent: bool,
}

/// A simulated chamber, shared between its servers, its in-process driver and the simulated
/// modules (through [`ChamberHandle`]). Cloning shares the same chamber.
#[derive(Debug, Clone)]
pub struct SimChamber {
    inner: Arc<Mutex<ChamberState>>,
}

impl SimChamber {
    /// A chamber at ambient, stopped, timed from the tokio clock's now.
    pub fn new(config: ChamberConfig) -> Self {
        SimChamber {
            inner: Arc::new(Mutex::new(ChamberState {
                model: ChamberModel::new(config, Instant::now()),
                error_register: 0,
                silent: false,
            })),
        }
    }

    /// Runs `f` on the state under the lock.
    pub fn with<T>(&self, f: impl FnOnce(&mut ChamberState) -> T) -> T {
        f(&mut lock(&self.inner))
    }

    /// The temperature at `now`.
    pub fn temperature_at(&self, now: Instant) -> f64 {
        self.with(|s| s.model.temperature_at(now))
    }

    /// The temperature now (tokio clock).
    pub fn temperature(&self) -> f64 {
        self.temperature_at(Instant::now())
    }

    /// The setpoint held.
    pub fn setpoint(&self) -> f64 {
        self.with(|s| s.model.setpoint())
    }

    /// Sets the setpoint and starts regulating.
    pub fn set_setpoint_and_start(&self, celsius: f64) {
        let now = Instant::now();
        self.with(|s| {
            s.model.set_setpoint(celsius, now);
            s.model.start(now);
        });
    }

    /// Stops regulating.
    pub fn stop(&self) {
        let now = Instant::now();
        self.with(|s| s.model.stop(now));
    }

    /// Sets the fault mode from now on.
    pub fn set_fault(&self, fault: ChamberFault) {
        let now = Instant::now();
        self.with(|s| s.model.set_fault(fault, now));
    }

    /// Makes the in-process driver stop answering (`true`) or answer again.
    pub fn set_silent(&self, silent: bool) {
        self.with(|s| s.silent = silent);
    }

    /// Sets the device error register (ThermoStream `EROR?` bits).
    pub fn set_error_register(&self, value: u16) {
        self.with(|s| s.error_register = value);
    }

    /// A cheap read-only handle for the simulated modules' ambient temperature.
    pub fn handle(&self) -> ChamberHandle {
        ChamberHandle {
            inner: Arc::clone(&self.inner),
        }
    }
}

/// What a simulated module feels: the chamber's temperature on the tokio clock.
#[derive(Debug, Clone)]
pub struct ChamberHandle {
    inner: Arc<Mutex<ChamberState>>,
}

impl ChamberHandle {
    /// The chamber temperature now, in °C.
    pub fn temperature(&self) -> f64 {
        lock(&self.inner).model.temperature_at(Instant::now())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn approx(a: f64, b: f64, tol: f64) -> bool {
        (a - b).abs() <= tol
    }

    #[tokio::test(start_paused = true)]
    async fn pure_lag_reaches_one_minus_one_over_e_after_tau() {
        let t0 = Instant::now();
        let mut m = ChamberModel::new(
            ChamberConfig {
                max_ramp_c_per_min: None,
                ..ChamberConfig::default()
            },
            t0,
        );
        m.set_setpoint(85.0, t0);
        m.start(t0);
        // Step of 60 °C: after τ = 120 s, 25 + 60·(1 − 1/e) = 25 + 37.927 = 62.927 °C.
        let at_tau = m.temperature_at(t0 + Duration::from_secs(120));
        assert!(approx(at_tau, 25.0 + 60.0 * (1.0 - (-1.0f64).exp()), 1e-9));
        assert!(approx(at_tau, 62.927, 1e-3));
        // After 5τ: within 60·e^−5 = 0.40 °C.
        assert!(approx(
            m.temperature_at(t0 + Duration::from_secs(600)),
            85.0,
            0.41
        ));
    }

    #[tokio::test(start_paused = true)]
    async fn ramp_limit_caps_the_slope_and_joins_the_lag() {
        let t0 = Instant::now();
        let mut m = ChamberModel::new(ChamberConfig::default(), t0);
        m.set_setpoint(85.0, t0);
        m.start(t0);
        // r = 5 °C/min = 1/12 °C/s; r·τ = 10 °C; linear for (60 − 10)·12 = 600 s up to 75 °C.
        assert!(approx(
            m.temperature_at(t0 + Duration::from_secs(60)),
            30.0,
            1e-9
        ));
        assert!(approx(
            m.temperature_at(t0 + Duration::from_secs(600)),
            75.0,
            1e-9
        ));
        // Then 85 − 10·e^(−t/τ): at 600 + 120 s, 85 − 10/e = 81.321 °C.
        assert!(approx(
            m.temperature_at(t0 + Duration::from_secs(720)),
            85.0 - 10.0 * (-1.0f64).exp(),
            1e-9
        ));
        // The slope never exceeds 5 °C/min, sampled every 10 s over an hour.
        let mut prev = m.temperature_at(t0);
        for k in 1..=360u64 {
            let now = m.temperature_at(t0 + Duration::from_secs(10 * k));
            let per_min = (now - prev) / 10.0 * 60.0;
            assert!(
                (-1e-9..=5.0 + 1e-9).contains(&per_min),
                "{per_min} °C/min at {k}"
            );
            prev = now;
        }
        // Cooling is limited the same way.
        let t1 = t0 + Duration::from_secs(3600);
        m.set_setpoint(-40.0, t1);
        let drop_per_min = prev - m.temperature_at(t1 + Duration::from_secs(60));
        assert!(approx(drop_per_min, 5.0, 1e-3));
    }

    #[tokio::test(start_paused = true)]
    async fn small_steps_are_pure_lag_even_with_the_limit() {
        let t0 = Instant::now();
        let mut m = ChamberModel::new(ChamberConfig::default(), t0);
        m.set_setpoint(30.0, t0); // 5 °C ≤ r·τ = 10 °C
        m.start(t0);
        assert!(approx(
            m.temperature_at(t0 + Duration::from_secs(120)),
            25.0 + 5.0 * (1.0 - (-1.0f64).exp()),
            1e-9
        ));
    }

    #[tokio::test(start_paused = true)]
    async fn never_settles_keeps_swinging_two_degrees() {
        let t0 = Instant::now();
        let mut m = ChamberModel::new(ChamberConfig::default(), t0);
        m.set_setpoint(25.0, t0);
        m.start(t0);
        m.set_fault(ChamberFault::never_settles(), t0);
        // Hours later, a quarter period (75 s) after a whole number of periods: +2 °C; three
        // quarters: −2 °C.
        let base = t0 + Duration::from_secs(3600 * 5);
        assert!(approx(
            m.temperature_at(base + Duration::from_secs(75)),
            27.0,
            1e-6
        ));
        assert!(approx(
            m.temperature_at(base + Duration::from_secs(225)),
            23.0,
            1e-6
        ));
        let (mut lo, mut hi) = (f64::MAX, f64::MIN);
        for k in 0..300u64 {
            let v = m.temperature_at(base + Duration::from_secs(k));
            lo = lo.min(v);
            hi = hi.max(v);
        }
        assert!(hi - lo > 3.9, "swing {lo}..{hi}");
    }

    #[tokio::test(start_paused = true)]
    async fn stop_drifts_back_to_ambient_and_handles_follow_the_clock() {
        let c = SimChamber::new(ChamberConfig {
            max_ramp_c_per_min: None,
            ..ChamberConfig::default()
        });
        let h = c.handle();
        assert_eq!(h.temperature(), 25.0);
        c.set_setpoint_and_start(35.0);
        tokio::time::sleep(Duration::from_secs(120)).await;
        let at_tau = 25.0 + 10.0 * (1.0 - (-1.0f64).exp());
        assert!(approx(h.temperature(), at_tau, 1e-6));
        c.stop();
        assert_eq!(c.setpoint(), 35.0);
        tokio::time::sleep(Duration::from_secs(1200)).await;
        assert!(approx(h.temperature(), 25.0, 0.01));
    }
}
