//! The physical model of reference/sim-model.md, as pure functions of state and time:
//! case temperature as a first-order lag, laser bias and Tx power versus temperature, laser
//! on/off timing, and received power over a loopback or from a link partner.

use std::time::Duration;

use super::params::SimParams;
use super::profile::LaneNominal;

/// Case temperature, integrated lazily: the value at `at`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Thermal {
    /// Case temperature, °C.
    pub case_c: f64,
    /// When `case_c` was true.
    pub at: Duration,
}

impl Thermal {
    /// Moves to time `to` with ambient and dissipation constant since `at`:
    /// `T(t) = T∞ + (T0 − T∞)·exp(−Δt/τ)`, `T∞ = T_ambient + P_diss·R_th` (sim-model.md
    /// "Module case"). Going back in time does nothing.
    pub fn advance(&mut self, to: Duration, ambient_c: f64, power_w: f64, p: &SimParams) {
        let Some(dt) = to.checked_sub(self.at) else {
            return;
        };
        let target = ambient_c + power_w * p.r_th_c_per_w;
        let decay = (-dt.as_secs_f64() / p.tau_case_s).exp();
        self.case_c = target + (self.case_c - target) * decay;
        self.at = to;
    }
}

/// The last on/off command of one laser and when it was given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LaserCmd {
    /// Commanded on.
    pub on: bool,
    /// Time of the command.
    pub since: Duration,
    /// Light was coming out when the command was given.
    pub lit_before: bool,
}

impl LaserCmd {
    /// Dark (and not fading out) from `t`: the state at power-on.
    pub fn dark(t: Duration) -> Self {
        LaserCmd {
            on: false,
            since: t,
            lit_before: false,
        }
    }

    /// The command `on` given at `t`, following this one.
    pub fn then(&self, on: bool, t: Duration, p: &SimParams) -> Self {
        LaserCmd {
            on,
            since: t,
            lit_before: self.emitting(t, p),
        }
    }

    /// Whether light comes out at `now`: on `tx_on_ms` after an enable, still on until
    /// `tx_off_ms` after a disable.
    pub fn emitting(&self, now: Duration, p: &SimParams) -> bool {
        let elapsed_ms = now.saturating_sub(self.since).as_secs_f64() * 1e3;
        if self.on {
            elapsed_ms >= p.tx_on_ms
        } else {
            self.lit_before && elapsed_ms < p.tx_off_ms
        }
    }
}

/// dBm to mW.
pub fn dbm_to_mw(dbm: f64) -> f64 {
    10f64.powf(dbm / 10.0)
}

/// mW to dBm (no light: −∞).
pub fn mw_to_dbm(mw: f64) -> f64 {
    if mw > 0.0 {
        10.0 * mw.log10()
    } else {
        f64::NEG_INFINITY
    }
}

/// Laser bias under automatic power control: `I(T) = I(25 °C)·exp((T − 25)/T0)`.
pub fn bias_ma(lane: &LaneNominal, case_c: f64, t0_k: f64) -> f64 {
    lane.bias25_ma * ((case_c - 25.0) / t0_k).exp()
}

/// Tx power held by the loop, drooping above the knee:
/// `P(T) = P0 − k·max(0, T − T_knee)` in dB.
pub fn tx_mw(lane: &LaneNominal, case_c: f64, p: &SimParams) -> f64 {
    let droop_db = p.droop_db_per_k * (case_c - p.droop_knee_c).max(0.0);
    lane.tx_mw * dbm_to_mw(-droop_db)
}

/// What arrives at the receivers.
#[derive(Debug, Clone, PartialEq)]
pub enum Link {
    /// Each lane's Tx comes back to its own Rx through `loss_db`.
    Loopback {
        /// Fibre, connector and attenuator loss, dB.
        loss_db: f64,
    },
    /// Light from a link partner per lane, dBm (already after the link loss); `None` = dark.
    Partner {
        /// Per lane; lanes beyond the list are dark.
        rx_dbm: Vec<Option<f64>>,
    },
}

impl Link {
    /// The link described by the parameters.
    pub fn from_params(p: &SimParams, lanes: usize) -> Link {
        if p.loopback {
            Link::Loopback { loss_db: p.loss_db }
        } else {
            Link::Partner {
                rx_dbm: vec![p.partner_rx_dbm; lanes],
            }
        }
    }

    /// Received power of `lane`, mW, given what each lane transmits (`own_tx_mw`).
    pub fn rx_mw(&self, lane: usize, own_tx_mw: &[f64]) -> f64 {
        match self {
            Link::Loopback { loss_db } => {
                own_tx_mw.get(lane).copied().unwrap_or(0.0) * dbm_to_mw(-loss_db)
            }
            Link::Partner { rx_dbm } => rx_dbm.get(lane).copied().flatten().map_or(0.0, dbm_to_mw),
        }
    }
}

/// Rx LOS with hysteresis: asserts below `assert_dbm`, clears above `assert_dbm + hyst_db`
/// (sim-model.md "Link and receiver").
pub fn los_next(los: bool, rx_mw: f64, assert_dbm: f64, hyst_db: f64) -> bool {
    let dbm = mw_to_dbm(rx_mw);
    if los {
        dbm <= assert_dbm + hyst_db
    } else {
        dbm < assert_dbm
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lane(tx_mw: f64, bias: f64) -> LaneNominal {
        LaneNominal {
            optical: true,
            laser: true,
            tx_mw,
            bias25_ma: bias,
        }
    }

    #[test]
    fn case_temperature_reaches_1_minus_1_over_e_at_tau() {
        let p = SimParams::default();
        let mut th = Thermal {
            case_c: 25.0,
            at: Duration::ZERO,
        };
        // 1 W × 4 °C/W: target 29 °C; after τ = 60 s: 25 + 4·(1 − 1/e) = 27.528 °C.
        th.advance(Duration::from_secs(60), 25.0, 1.0, &p);
        let want = 25.0 + 4.0 * (1.0 - (-1f64).exp());
        assert!((th.case_c - want).abs() < 1e-9, "{}", th.case_c);
        // Two half steps equal one full step (the lag is exact, not Euler).
        let mut a = Thermal {
            case_c: 25.0,
            at: Duration::ZERO,
        };
        a.advance(Duration::from_secs(30), 25.0, 1.0, &p);
        a.advance(Duration::from_secs(60), 25.0, 1.0, &p);
        assert!((a.case_c - th.case_c).abs() < 1e-9);
        a.advance(Duration::from_secs(10), 80.0, 0.0, &p);
        assert_eq!(a.at, Duration::from_secs(60), "no time travel");
    }

    #[test]
    fn bias_rises_and_tx_droops_with_temperature() {
        let p = SimParams::default();
        let l = lane(1.0, 50.0);
        // exp((85 - 25)/60) = e = 2.71828 → 135.9 mA.
        assert!((bias_ma(&l, 85.0, 60.0) - 50.0 * 1f64.exp()).abs() < 1e-9);
        assert_eq!(bias_ma(&l, 25.0, 60.0), 50.0);
        // Below the knee no droop; at 80 °C: 0.02 × 20 = 0.4 dB → 1 mW × 10^(-0.04) = 0.912 mW.
        assert_eq!(tx_mw(&l, 59.0, &p), 1.0);
        assert!((tx_mw(&l, 80.0, &p) - 10f64.powf(-0.04)).abs() < 1e-12);
    }

    #[test]
    fn laser_timing_and_links() {
        let p = SimParams::default();
        let on = LaserCmd::dark(Duration::ZERO).then(true, Duration::from_millis(10), &p);
        assert!(!on.emitting(Duration::from_micros(10_500), &p));
        assert!(on.emitting(Duration::from_millis(11), &p));
        assert!(!LaserCmd::dark(Duration::ZERO).emitting(Duration::ZERO, &p));
        let off = on.then(false, Duration::from_millis(10), &p);
        assert!(
            !off.emitting(Duration::from_millis(10), &p),
            "was not lit yet"
        );
        let off = on.then(false, Duration::from_millis(12), &p);
        assert!(off.emitting(Duration::from_millis(12), &p));
        assert!(!off.emitting(Duration::from_micros(12_010), &p));

        // Loopback: 1 mW − 3 dB = 0.501 mW.
        let lb = Link::Loopback { loss_db: 3.0 };
        assert!((lb.rx_mw(0, &[1.0]) - 0.501_187).abs() < 1e-6);
        assert_eq!(lb.rx_mw(3, &[1.0]), 0.0);
        let partner = Link::Partner {
            rx_dbm: vec![Some(-10.0), None],
        };
        assert!((partner.rx_mw(0, &[]) - 0.1).abs() < 1e-12);
        assert_eq!(partner.rx_mw(1, &[]), 0.0);
        assert_eq!(partner.rx_mw(5, &[]), 0.0);
    }

    #[test]
    fn los_has_hysteresis() {
        // Assert below -20 dBm, clear above -19 dBm.
        assert!(los_next(false, dbm_to_mw(-20.5), -20.0, 1.0));
        assert!(!los_next(false, dbm_to_mw(-19.5), -20.0, 1.0));
        assert!(los_next(true, dbm_to_mw(-19.5), -20.0, 1.0));
        assert!(!los_next(true, dbm_to_mw(-18.9), -20.0, 1.0));
        assert!(los_next(false, 0.0, -20.0, 1.0));
    }
}
