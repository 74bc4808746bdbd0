//! What a request to the bus actor is made of.

use std::time::Duration;

use crate::addr::DeviceAddr;
use crate::transport::TransportError;

use super::stats::BusStats;

/// One bus transaction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Op {
    /// A random read of `len` bytes from `offset`.
    Read {
        /// Device address.
        device: DeviceAddr,
        /// First byte (0-255).
        offset: u8,
        /// Bytes to read.
        len: usize,
    },
    /// A write of `data` from `offset`.
    Write {
        /// Device address.
        device: DeviceAddr,
        /// First byte (0-255).
        offset: u8,
        /// Bytes to write.
        data: Vec<u8>,
    },
    /// A write that selects a page (or a bank and page): moved like any write, counted apart
    /// in [`BusStats::page_selects`].
    Select {
        /// Device address.
        device: DeviceAddr,
        /// First byte (126 or 127).
        offset: u8,
        /// Bank and/or page.
        data: Vec<u8>,
    },
}

impl Op {
    /// Device address of the transaction.
    pub fn device(&self) -> DeviceAddr {
        match self {
            Op::Read { device, .. } | Op::Write { device, .. } | Op::Select { device, .. } => {
                *device
            }
        }
    }

    /// First byte of the transaction.
    pub fn offset(&self) -> u8 {
        match self {
            Op::Read { offset, .. } | Op::Write { offset, .. } | Op::Select { offset, .. } => {
                *offset
            }
        }
    }
}

/// Bounded retries of NACKs and bus errors with exponential back-off.
///
/// The default, 5 attempts waiting 1, 2, 4 and 8 ms between them (15 ms in all), covers the
/// CMIS bank/page change hold-off tBPC = 10 ms (reference/bus-access.md §1.6, Table 10-3) and
/// the volatile write hold-off tWRITE = 10 ms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included (at least 1).
    pub attempts: u32,
    /// Wait before the first retry; doubled before each further retry.
    pub first_backoff: Duration,
    /// Longest single wait.
    pub max_backoff: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            attempts: 5,
            first_backoff: Duration::from_millis(1),
            max_backoff: Duration::from_millis(64),
        }
    }
}

impl RetryPolicy {
    /// No retry at all.
    pub const NONE: RetryPolicy = RetryPolicy {
        attempts: 1,
        first_backoff: Duration::ZERO,
        max_backoff: Duration::ZERO,
    };

    /// Wait before retry number `retry` (1 = the first retry).
    pub fn backoff(&self, retry: u32) -> Duration {
        let factor = 1u32 << retry.saturating_sub(1).min(16);
        self.first_backoff
            .saturating_mul(factor)
            .min(self.max_backoff)
    }

    /// Total time spent waiting when every attempt fails.
    pub fn window(&self) -> Duration {
        (1..self.attempts.max(1)).map(|r| self.backoff(r)).sum()
    }

    /// Whether an error is worth another attempt: only NACKs and bus errors are (a module may
    /// NACK while busy); refusals, invalid requests, missing data and timeouts are not.
    pub fn retries(error: &TransportError) -> bool {
        matches!(
            error,
            TransportError::Nack { .. } | TransportError::BusError { .. }
        )
    }
}

/// An atomic sequence of operations: no other request runs on the bus between its first and
/// last operation. The first operation that fails for good ends it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// The operations, in order.
    pub ops: Vec<Op>,
    /// How each operation is retried.
    pub retry: RetryPolicy,
}

impl Request {
    /// A request with the default retry policy.
    pub fn new(ops: Vec<Op>) -> Self {
        Request {
            ops,
            retry: RetryPolicy::default(),
        }
    }
}

/// What a request did.
#[derive(Debug)]
pub struct Outcome {
    /// The bytes of every [`Op::Read`], concatenated in order; or the error that ended the
    /// request (operations before it did happen).
    pub result: Result<Vec<u8>, TransportError>,
    /// Index in [`Request::ops`] of the operation that failed; `None` on success or when the
    /// context prelude failed.
    pub failed_at: Option<usize>,
    /// Counters of this request alone (every attempt, the context prelude included).
    pub stats: BusStats,
}
