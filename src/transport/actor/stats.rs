//! Bus counters and the estimated bus time.
//!
//! Bit counts follow reference/bus-access.md §1.7: every byte is 9 SCL clocks (8 data + ACK);
//! START, repeated START and STOP count one bit time each. So a random read of N bytes
//! (`S addrW off Sr addrR data×N P`) is 29 + 9N bit times and a write of N data bytes
//! (`S addrW off data×N P`) is 20 + 9N (a 1-byte page select: 29, bank + page: 38). A failed
//! attempt is counted as `S addr P` = 11 bit times (the address phase that was NACKed; where a
//! later byte was NACKed the estimate is low). No clock stretching, no host gaps.

use std::ops::AddAssign;

/// Bit times of a random read of `len` bytes: 29 + 9·len.
pub const fn read_bits(len: usize) -> u64 {
    29 + 9 * len as u64
}

/// Bit times of a write of `len` data bytes: 20 + 9·len.
pub const fn write_bits(len: usize) -> u64 {
    20 + 9 * len as u64
}

/// Bit times of an attempt that was not acknowledged: START, address byte, STOP.
pub const FAILED_ATTEMPT_BITS: u64 = 11;

/// Counters of a bus (or of one module's share of it). Every attempt is counted: a read
/// retried twice adds 3 to `reads` and 2 to `retries`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct BusStats {
    /// Read transactions attempted.
    pub reads: u64,
    /// Write transactions attempted (page selects and context selects included).
    pub writes: u64,
    /// Page-select writes attempted (bytes 126/127).
    pub page_selects: u64,
    /// Context-prelude operations (e.g. mux channel selects) attempted.
    pub context_selects: u64,
    /// Attempts after the first of an operation.
    pub retries: u64,
    /// Operations that failed for good (after their retries).
    pub failures: u64,
    /// Calls that did not return within the operation timeout.
    pub timeouts: u64,
    /// Bytes read by successful reads.
    pub bytes_read: u64,
    /// Data bytes written by successful writes (page selects included).
    pub bytes_written: u64,
    /// Estimated bit times on the bus (see the module docs).
    pub bus_bits: u64,
    /// Estimated bus time in nanoseconds at the bus clock, summed per transaction.
    pub bus_time_ns: u64,
}

impl BusStats {
    /// Transactions attempted: reads plus writes.
    pub fn transactions(&self) -> u64 {
        self.reads + self.writes
    }

    /// Estimated bus time in milliseconds.
    pub fn bus_time_ms(&self) -> f64 {
        self.bus_time_ns as f64 / 1e6
    }

    /// Adds `bits` bit times at `bus_hz` (0 Hz counts bits only).
    pub(crate) fn add_bits(&mut self, bits: u64, bus_hz: u32) {
        self.bus_bits += bits;
        if bus_hz > 0 {
            self.bus_time_ns += bits * 1_000_000_000 / u64::from(bus_hz);
        }
    }
}

impl AddAssign for BusStats {
    fn add_assign(&mut self, o: BusStats) {
        self.reads += o.reads;
        self.writes += o.writes;
        self.page_selects += o.page_selects;
        self.context_selects += o.context_selects;
        self.retries += o.retries;
        self.failures += o.failures;
        self.timeouts += o.timeouts;
        self.bytes_read += o.bytes_read;
        self.bytes_written += o.bytes_written;
        self.bus_bits += o.bus_bits;
        self.bus_time_ns += o.bus_time_ns;
    }
}
