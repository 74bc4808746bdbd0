//! Helpers shared by the module checks (identity, power_up, thresholds_and_flags,
//! tx_disable_los): the management family of a decoded module, yes/no and count measurements,
//! polling one register range on tokio time until a condition holds, and waiting for a module
//! to finish starting up before it is measured.
//!
//! Polling measures the time at which a read first showed the condition, so a reported duration
//! is an upper bound that exceeds the true one by at most one poll interval plus one read.

use std::time::Duration;

use tokio::time::Instant;

use super::{AttemptResult, CheckEnv};
use crate::addr::SegmentId;
use crate::memmap::decoded::{Decoded, Details, Spec};
use crate::module::ModuleError;
use crate::module::paged::PagedModule;
use crate::results::Measurement;

/// CMIS Page 10h of bank 0 (lane controls, reference/cmis.md §6).
pub const CMIS_P10: SegmentId = SegmentId::banked(0, 0x10);
/// CMIS Page 11h of bank 0 (lane status, reference/cmis.md §7).
pub const CMIS_P11: SegmentId = SegmentId::banked(0, 0x11);

/// How long a check waits for a freshly powered module to become ready before it measures
/// (FBOSS's ModuleReady timeout for tunable modules, reference/qualification.md §6).
pub const READY_WAIT: Duration = Duration::from_secs(60);

/// The three management maps the checks distinguish.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    /// SFF-8472 (A0h/A2h).
    Sff8472,
    /// SFF-8636 / SFF-8436.
    Sff8636,
    /// CMIS.
    Cmis,
}

impl Family {
    /// The family of a decoded spec.
    pub fn of(spec: Spec) -> Family {
        match spec {
            Spec::Sff8472 => Family::Sff8472,
            Spec::Sff8436 | Spec::Sff8636 => Family::Sff8636,
            Spec::Cmis => Family::Cmis,
        }
    }
}

/// Milliseconds of a duration, as a measurement value.
pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// A yes/no fact as a measurement: 1 = as required, 0 = not (limits 1 .. 1, no unit).
pub fn yes_no(name: impl Into<String>, ok: bool) -> Measurement {
    Measurement::judged(
        name,
        Some(f64::from(u8::from(ok))),
        "",
        Some(1.0),
        Some(1.0),
    )
}

/// A count of problems found, which must not exceed `max`.
pub fn count(name: impl Into<String>, n: usize, max: usize) -> Measurement {
    Measurement::judged(name, Some(n as f64), "", None, Some(max as f64))
}

/// The ERROR of a bus problem, naming what was being done.
pub fn bus_error(doing: &str, e: &ModuleError) -> AttemptResult {
    AttemptResult::error(format!("{doing}: {e}"))
}

/// Poll interval for a wait whose limit is `limit`: a twentieth of it, between 1 ms and 50 ms
/// (fine enough to time the limit, coarse enough to leave the bus to others).
pub fn poll_interval(limit: Duration) -> Duration {
    (limit / 20).clamp(Duration::from_millis(1), Duration::from_millis(50))
}

/// How long to wait before declaring a module stuck: three times its limit, and at least
/// 100 ms more than the limit, so that a slow module is still timed.
pub fn hard_timeout(limit: Duration) -> Duration {
    limit
        .saturating_mul(3)
        .max(limit.saturating_add(Duration::from_millis(100)))
}

/// What the judge of a poll says about the bytes just read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Not yet: read again.
    Wait,
    /// The condition holds.
    Done,
    /// Waiting is pointless (e.g. the module reports a fault): stop with this reason.
    Abort(String),
}

/// One register range read repeatedly.
#[derive(Debug, Clone, Copy)]
pub struct Poll {
    /// Where.
    pub segment: SegmentId,
    /// First byte (spec numbering).
    pub first: u8,
    /// Bytes read each time.
    pub len: usize,
    /// Pause between reads.
    pub interval: Duration,
    /// Give up after this long (from the poll's start instant).
    pub timeout: Duration,
    /// Treat bus errors as "not yet" until the timeout (a module that is starting up may not
    /// answer); otherwise the first error ends the poll.
    pub tolerate_errors: bool,
}

impl Poll {
    /// A poll of `len` bytes from `first` of `segment` with `limit`'s interval and hard timeout,
    /// failing on the first bus error.
    pub fn new(segment: SegmentId, first: u8, len: usize, limit: Duration) -> Poll {
        Poll {
            segment,
            first,
            len,
            interval: poll_interval(limit),
            timeout: hard_timeout(limit),
            tolerate_errors: false,
        }
    }

    /// The same poll, tolerating bus errors until its timeout.
    pub fn tolerant(self) -> Poll {
        Poll {
            tolerate_errors: true,
            ..self
        }
    }
}

/// How a poll ended; every `elapsed` is measured from the start instant given to [`poll`].
#[derive(Debug)]
pub enum Polled {
    /// The condition held at the read that ended `elapsed` after the start.
    Done {
        /// Time until the read that showed the condition.
        elapsed: Duration,
        /// The bytes of that read.
        bytes: Vec<u8>,
    },
    /// The judge gave up.
    Abort {
        /// Time until the read that made it give up.
        elapsed: Duration,
        /// Why.
        why: String,
    },
    /// The timeout passed without the condition.
    TimedOut {
        /// Time waited.
        elapsed: Duration,
        /// The bytes of the last read.
        last: Vec<u8>,
    },
    /// The bus failed (at once, or until the timeout when errors are tolerated).
    Bus {
        /// Time until the failure.
        elapsed: Duration,
        /// The last error.
        error: ModuleError,
    },
}

/// Reads `p` until `judge` says done or abort, or until `p.timeout` after `start`.
pub async fn poll(
    module: &mut PagedModule,
    start: Instant,
    p: &Poll,
    mut judge: impl FnMut(&[u8]) -> Verdict,
) -> Polled {
    let deadline = start + p.timeout;
    loop {
        let read = module.read(p.segment, p.first, p.len).await;
        let now = Instant::now();
        let elapsed = now.saturating_duration_since(start);
        let last = match read {
            Ok(bytes) => match judge(&bytes) {
                Verdict::Done => return Polled::Done { elapsed, bytes },
                Verdict::Abort(why) => return Polled::Abort { elapsed, why },
                Verdict::Wait => Ok(bytes),
            },
            Err(error) if !p.tolerate_errors || now >= deadline => {
                return Polled::Bus { elapsed, error };
            }
            Err(error) => {
                // The module may not answer while it starts; the page it had selected is gone.
                module.forget_page();
                Err(error)
            }
        };
        if now >= deadline {
            return match last {
                Err(error) => Polled::Bus { elapsed, error },
                Ok(last) => Polled::TimedOut { elapsed, last },
            };
        }
        tokio::time::sleep_until((now + p.interval).min(deadline)).await;
    }
}

/// Data path states that are on their way somewhere (DPInit 2, DPDeinit 3, DPTxTurnOn 5,
/// DPTxTurnOff 6; reference/cmis.md §7).
pub fn dp_transitional(code: u8) -> bool {
    matches!(code, 2 | 3 | 5 | 6)
}

/// The 4-bit state of lane `lane` (0-based) in a run of nibble-packed bytes (Page 11h:128-131
/// DP state, 202-205 config status): lane 1 in the low nibble of the first byte.
pub fn lane_nibble(bytes: &[u8], lane: usize) -> u8 {
    let b = bytes.get(lane / 2).copied().unwrap_or(0);
    if lane % 2 == 0 { b & 0x0F } else { b >> 4 }
}

/// Waits until the module has finished starting up: SFF-8472 Data_Ready_Bar (A2h 110 b0) and
/// SFF-8636 Data_Not_Ready (byte 2 b0) clear; CMIS out of ModulePwrUp/ModulePwrDn and no data
/// path of bank 0 in a transitional state. A module still starting after `limit` fails the
/// check (the time waited is the measurement); a bus error is an ERROR.
///
/// `has_a2` tells whether an SFF-8472 module has the A2h status byte; `cmis_lanes` whether a
/// CMIS module has page 11h.
pub async fn wait_ready(
    env: &mut CheckEnv<'_>,
    family: Family,
    has_a2: bool,
    cmis_lanes: bool,
    limit: Duration,
) -> Result<(), AttemptResult> {
    let start = Instant::now();
    let interval = Duration::from_millis(50);
    let poll_of = |segment, first, len| Poll {
        segment,
        first,
        len,
        interval,
        timeout: limit,
        tolerate_errors: false,
    };
    let polled = match family {
        Family::Sff8472 if !has_a2 => return Ok(()),
        // A2h 110 b0 Data_Ready_Bar (reference/sff-8472.md §2.1).
        Family::Sff8472 => {
            let p = poll_of(SegmentId::A2_LOWER, 110, 1);
            poll(env.module, start, &p, |b| ready_bit(b, 0x01)).await
        }
        // Byte 2 b0 Data_Not_Ready (reference/sff-8636.md §1).
        Family::Sff8636 => {
            let p = poll_of(SegmentId::LOWER, 2, 1);
            poll(env.module, start, &p, |b| ready_bit(b, 0x01)).await
        }
        // Byte 3 b3-1 ModuleState (reference/cmis.md §2).
        Family::Cmis => {
            let p = poll_of(SegmentId::LOWER, 3, 1);
            let polled = poll(env.module, start, &p, |b| {
                match b.first().map(|s| (s >> 1) & 0x07) {
                    Some(2 | 4) | None => Verdict::Wait,
                    Some(_) => Verdict::Done,
                }
            })
            .await;
            match polled {
                Polled::Done { .. } if cmis_lanes => {
                    let p = poll_of(CMIS_P11, 128, 4);
                    poll(env.module, start, &p, |b| {
                        if (0..8).any(|l| dp_transitional(lane_nibble(b, l))) {
                            Verdict::Wait
                        } else {
                            Verdict::Done
                        }
                    })
                    .await
                }
                other => other,
            }
        }
    };
    match polled {
        Polled::Done { .. } | Polled::Abort { .. } => Ok(()),
        Polled::TimedOut { elapsed, .. } => Err(AttemptResult::from_measurements(
            "the module did not finish starting up",
            vec![Measurement::judged(
                "ready_wait_ms",
                Some(ms(elapsed)),
                "ms",
                None,
                Some(ms(limit)),
            )],
        )),
        Polled::Bus { error, .. } => Err(bus_error("waiting for the module to be ready", &error)),
    }
}

/// What [`wait_ready`] can read: whether an SFF-8472 module has its A2h status (A0h 92 b6 set,
/// b2 clear) and whether a CMIS module has Page 11h of bank 0.
pub fn status_pages(d: &Decoded) -> (bool, bool) {
    match &d.details {
        Details::Sff8472(s) => (
            s.diagnostics.ddm && !s.diagnostics.address_change_required,
            false,
        ),
        Details::Cmis(c) => (
            false,
            c.banks.iter().any(|b| b.bank == 0 && b.page11.is_some()),
        ),
        Details::Sff8636(_) => (false, false),
    }
}

fn ready_bit(bytes: &[u8], mask: u8) -> Verdict {
    match bytes.first() {
        Some(b) if b & mask == 0 => Verdict::Done,
        _ => Verdict::Wait,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn poll_interval_and_hard_timeout() {
        // 300 ms / 20 = 15 ms; 5 s / 20 = 250 ms, capped at 50 ms; 1 ms / 20 → at least 1 ms.
        assert_eq!(
            poll_interval(Duration::from_millis(300)),
            Duration::from_millis(15)
        );
        assert_eq!(
            poll_interval(Duration::from_secs(5)),
            Duration::from_millis(50)
        );
        assert_eq!(
            poll_interval(Duration::from_millis(1)),
            Duration::from_millis(1)
        );
        // 3 × 5 s = 15 s; 3 × 10 ms = 30 ms < 10 ms + 100 ms = 110 ms.
        assert_eq!(
            hard_timeout(Duration::from_secs(5)),
            Duration::from_secs(15)
        );
        assert_eq!(
            hard_timeout(Duration::from_millis(10)),
            Duration::from_millis(110)
        );
    }

    #[test]
    fn nibbles_of_packed_lane_states() {
        // Byte 128 = 0x41: lane 1 = 1 (DPDeactivated), lane 2 = 4 (DPActivated).
        let b = [0x41, 0x72];
        assert_eq!(lane_nibble(&b, 0), 1);
        assert_eq!(lane_nibble(&b, 1), 4);
        assert_eq!(lane_nibble(&b, 2), 2);
        assert_eq!(lane_nibble(&b, 3), 7);
        assert_eq!(lane_nibble(&b, 9), 0, "beyond the bytes read");
        assert!(dp_transitional(2) && dp_transitional(6));
        assert!(!dp_transitional(4) && !dp_transitional(7) && !dp_transitional(1));
    }

    #[test]
    fn yes_no_and_count_judge() {
        use crate::results::Outcome;
        assert_eq!(yes_no("x", true).outcome, Outcome::Pass);
        assert_eq!(yes_no("x", false).outcome, Outcome::Fail);
        assert_eq!(count("n", 0, 0).outcome, Outcome::Pass);
        assert_eq!(count("n", 2, 0).outcome, Outcome::Fail);
    }
}
