//! Power-on readiness shared by the SFF-8472 and SFF-8636 maps: Data_Ready_Bar (A2h 110 b0)
//! and Data_Not_Ready (lower byte 2 b0) both clear t_init after power-on.

use std::time::Duration;

use super::super::model::{Shared, millis, scale};
use super::super::params::Fault;

/// When the data becomes ready after a power-on at `now`: t_init later, `slow_factor` times
/// t_init under `SlowPowerUp`, never (`None`) under `StuckPowerUp`.
pub fn ready_time(s: &Shared, now: Duration) -> Option<Duration> {
    let t_init = millis(s.params.t_init_ms);
    if s.faults.has(Fault::StuckPowerUp) {
        None
    } else if s.faults.has(Fault::SlowPowerUp) {
        Some(now.saturating_add(scale(t_init, s.params.slow_factor)))
    } else {
        Some(now.saturating_add(t_init))
    }
}
