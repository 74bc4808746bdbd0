//! UART line-rate emulation: at 8N1 every byte takes 10 bit times, so a board at `baud` cannot
//! receive or send faster than `baud / 10` bytes per second. The clocks here say when the last
//! byte of a request has arrived and when the last byte of a reply has left.

use std::time::{Duration, Instant};

/// Receive and transmit clocks of one UART.
#[derive(Debug, Clone)]
pub struct LineClock {
    byte_time: Option<Duration>,
    rx: Instant,
    tx: Instant,
}

impl LineClock {
    /// A clock for `baud`, or one that never waits with `None`.
    pub fn new(baud: Option<u32>) -> Self {
        let now = Instant::now();
        LineClock {
            byte_time: baud.map(|b| Duration::from_nanos(10_000_000_000 / u64::from(b.max(1)))),
            rx: now,
            tx: now,
        }
    }

    /// Whether the clock paces at all.
    pub fn paces(&self) -> bool {
        self.byte_time.is_some()
    }

    /// A chunk of bytes was read at `now`: the line was busy receiving at least until then.
    pub fn chunk_arrived(&mut self, now: Instant) {
        self.rx = self.rx.max(now);
    }

    /// One more byte received; returns when it finished arriving on the wire.
    pub fn byte_received(&mut self) -> Instant {
        if let Some(bt) = self.byte_time {
            self.rx += bt;
        }
        self.rx
    }

    /// A reply of `len` bytes that could start once its request arrived at `ready`: returns
    /// when its last byte has left.
    pub fn reply(&mut self, ready: Instant, len: usize) -> Instant {
        let Some(bt) = self.byte_time else {
            return ready;
        };
        let start = self.tx.max(ready);
        self.tx = start + bt * len as u32;
        self.tx
    }
}
