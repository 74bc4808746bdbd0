//! Time for the simulated lab: a [`Clock`] says how long it has been since its epoch, and the
//! simulated parts compute their state from it lazily instead of sleeping (design.md §6).
//!
//! - [`TokioClock`] follows tokio's clock, so it is virtual on a paused runtime
//!   (`#[tokio::test(start_paused = true)]`, a simulated run) and real otherwise.
//! - [`ManualClock`] is moved by hand, for synchronous tests.

use std::fmt::Debug;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// A monotonic source of "time since the epoch".
pub trait Clock: Send + Sync + Debug {
    /// Time elapsed since the clock's epoch.
    fn now(&self) -> Duration;
}

/// Tokio's clock: `tokio::time::Instant` since the moment the clock was made. Create it inside
/// a runtime; on a paused runtime it advances only when tokio's clock does.
#[derive(Debug, Clone, Copy)]
pub struct TokioClock {
    epoch: tokio::time::Instant,
}

impl TokioClock {
    /// A clock whose epoch is now.
    pub fn new() -> Self {
        TokioClock {
            epoch: tokio::time::Instant::now(),
        }
    }
}

impl Default for TokioClock {
    fn default() -> Self {
        Self::new()
    }
}

impl Clock for TokioClock {
    fn now(&self) -> Duration {
        tokio::time::Instant::now().saturating_duration_since(self.epoch)
    }
}

/// A clock moved by hand: nanoseconds since the epoch in a shared atomic. Clones share the time.
#[derive(Debug, Clone, Default)]
pub struct ManualClock {
    nanos: Arc<AtomicU64>,
}

impl ManualClock {
    /// A clock at its epoch (time zero).
    pub fn new() -> Self {
        Self::default()
    }

    /// Moves the clock forward by `d` (saturating at about 584 years).
    pub fn advance(&self, d: Duration) {
        let add = u64::try_from(d.as_nanos()).unwrap_or(u64::MAX);
        // fetch_update cannot fail with a closure that always returns Some.
        let _ = self
            .nanos
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| {
                Some(n.saturating_add(add))
            });
    }

    /// Moves the clock forward by `ms` milliseconds.
    pub fn advance_ms(&self, ms: u64) {
        self.advance(Duration::from_millis(ms));
    }
}

impl Clock for ManualClock {
    fn now(&self) -> Duration {
        Duration::from_nanos(self.nanos.load(Ordering::SeqCst))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manual_clock_clones_share_time() {
        let c = ManualClock::new();
        let d = c.clone();
        assert_eq!(c.now(), Duration::ZERO);
        d.advance_ms(1500);
        assert_eq!(c.now(), Duration::from_millis(1500));
        c.advance(Duration::from_nanos(7));
        assert_eq!(d.now(), Duration::from_nanos(1_500_000_007));
    }

    #[tokio::test(start_paused = true)]
    async fn tokio_clock_follows_paused_time() {
        let c = TokioClock::new();
        assert_eq!(c.now(), Duration::ZERO);
        tokio::time::advance(Duration::from_secs(90)).await;
        assert_eq!(c.now(), Duration::from_secs(90));
        tokio::time::sleep(Duration::from_millis(250)).await;
        assert_eq!(c.now(), Duration::from_millis(90_250));
    }
}
