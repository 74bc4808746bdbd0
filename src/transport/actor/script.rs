//! [`ScriptedTransport`]: a public fake that records every transaction and can be told to NACK,
//! fail or stall, for tests of the actor and of everything built on it.
//!
//! Without an inner transport it answers every read with `offset + i` (byte `i` of a read at
//! `offset`) and accepts every write; with one (e.g. a simulated module) it passes every
//! transaction through and records it. Faults are consumed in order of the rules that match.

use std::sync::{Arc, Condvar, Mutex, PoisonError};

use crate::addr::DeviceAddr;
use crate::transport::{Capabilities, Transport, TransportError};

/// Read or write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dir {
    /// A read.
    Read,
    /// A write.
    Write,
}

/// What the fake did with a transaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// Answered with [`TransportError::Nack`].
    Nack,
    /// Answered with [`TransportError::BusError`].
    BusError,
    /// Blocked until [`ScriptControl::release`], then answered with `Nack`.
    Stall,
}

/// One recorded transaction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Txn {
    /// Read or write.
    pub dir: Dir,
    /// Device address.
    pub device: DeviceAddr,
    /// First byte.
    pub offset: u8,
    /// Bytes read or written.
    pub len: usize,
    /// Bytes written (empty for reads).
    pub data: Vec<u8>,
    /// The injected fault, if any.
    pub fault: Option<Fault>,
    /// When it happened, on the tokio clock (paused in tests).
    pub at: tokio::time::Instant,
}

impl Txn {
    /// Short form for assertions: `"R 50 128+8"`, `"W 50 127 [01]"`, `"R 50 128+8 NACK"`.
    pub fn short(&self) -> String {
        let mut s = match self.dir {
            Dir::Read => format!("R {:02x} {}+{}", self.device.0, self.offset, self.len),
            Dir::Write => format!(
                "W {:02x} {} [{}]",
                self.device.0,
                self.offset,
                self.data
                    .iter()
                    .map(|b| format!("{b:02x}"))
                    .collect::<Vec<_>>()
                    .join(" ")
            ),
        };
        match self.fault {
            Some(Fault::Nack) => s.push_str(" NACK"),
            Some(Fault::BusError) => s.push_str(" BUSERR"),
            Some(Fault::Stall) => s.push_str(" STALL"),
            None => {}
        }
        s
    }
}

/// Which transactions a fault rule applies to; `None` fields match anything.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Match {
    /// Read or write.
    pub dir: Option<Dir>,
    /// Device address.
    pub device: Option<DeviceAddr>,
    /// First byte.
    pub offset: Option<u8>,
}

impl Match {
    /// Any transaction.
    pub const ANY: Match = Match {
        dir: None,
        device: None,
        offset: None,
    };

    /// Reads starting at `offset`.
    pub fn read_at(offset: u8) -> Match {
        Match {
            dir: Some(Dir::Read),
            device: None,
            offset: Some(offset),
        }
    }

    /// Writes starting at `offset`.
    pub fn write_at(offset: u8) -> Match {
        Match {
            dir: Some(Dir::Write),
            device: None,
            offset: Some(offset),
        }
    }

    fn matches(&self, dir: Dir, device: DeviceAddr, offset: u8) -> bool {
        self.dir.is_none_or(|d| d == dir)
            && self.device.is_none_or(|d| d == device)
            && self.offset.is_none_or(|o| o == offset)
    }
}

#[derive(Debug)]
struct Rule {
    on: Match,
    fault: Fault,
    times: u32,
}

#[derive(Debug, Default)]
struct State {
    log: Vec<Txn>,
    rules: Vec<Rule>,
}

#[derive(Debug, Default)]
struct Gate {
    released: Mutex<bool>,
    cv: Condvar,
}

/// The test's side of a [`ScriptedTransport`]: read the log, add faults, release stalls.
#[derive(Debug, Clone)]
pub struct ScriptControl {
    state: Arc<Mutex<State>>,
    gate: Arc<Gate>,
}

impl ScriptControl {
    /// Makes the next `times` transactions matching `on` fail with `fault`.
    pub fn fail(&self, on: Match, fault: Fault, times: u32) {
        self.lock().rules.push(Rule { on, fault, times });
    }

    /// Every transaction so far.
    pub fn log(&self) -> Vec<Txn> {
        self.lock().log.clone()
    }

    /// Every transaction so far in [`Txn::short`] form.
    pub fn short_log(&self) -> Vec<String> {
        self.lock().log.iter().map(Txn::short).collect()
    }

    /// Forgets the log.
    pub fn clear(&self) {
        self.lock().log.clear();
    }

    /// Lets every stalled (and future stalling) transaction return.
    pub fn release(&self) {
        *self
            .gate
            .released
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = true;
        self.gate.cv.notify_all();
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// The recording fake; see the module docs.
pub struct ScriptedTransport {
    inner: Option<Box<dyn Transport>>,
    caps: Capabilities,
    control: ScriptControl,
}

impl ScriptedTransport {
    /// A fake answering `offset + i`, with `caps`, and its control.
    pub fn new(caps: Capabilities) -> (Self, ScriptControl) {
        Self::build(None, caps)
    }

    /// A recorder in front of `inner` (its capabilities are kept).
    pub fn wrap(inner: Box<dyn Transport>) -> (Self, ScriptControl) {
        let caps = inner.capabilities();
        Self::build(Some(inner), caps)
    }

    /// A recorder in front of `inner`, announcing `caps` instead of the inner ones.
    pub fn wrap_with(inner: Box<dyn Transport>, caps: Capabilities) -> (Self, ScriptControl) {
        Self::build(Some(inner), caps)
    }

    fn build(inner: Option<Box<dyn Transport>>, caps: Capabilities) -> (Self, ScriptControl) {
        let control = ScriptControl {
            state: Arc::default(),
            gate: Arc::default(),
        };
        (
            ScriptedTransport {
                inner,
                caps,
                control: control.clone(),
            },
            control,
        )
    }

    /// Records the transaction and returns the fault to inject.
    fn record(
        &self,
        dir: Dir,
        device: DeviceAddr,
        offset: u8,
        len: usize,
        data: &[u8],
    ) -> Option<Fault> {
        let mut state = self.control.lock();
        let mut fault = None;
        if let Some(rule) = state
            .rules
            .iter_mut()
            .find(|r| r.times > 0 && r.on.matches(dir, device, offset))
        {
            rule.times -= 1;
            fault = Some(rule.fault);
        }
        state.log.push(Txn {
            dir,
            device,
            offset,
            len,
            data: data.to_vec(),
            fault,
            at: tokio::time::Instant::now(),
        });
        fault
    }

    fn inject(&self, fault: Fault, device: DeviceAddr, offset: u8) -> TransportError {
        if fault == Fault::Stall {
            let gate = &self.control.gate;
            let mut released = gate.released.lock().unwrap_or_else(PoisonError::into_inner);
            while !*released {
                released = gate
                    .cv
                    .wait(released)
                    .unwrap_or_else(PoisonError::into_inner);
            }
        }
        match fault {
            Fault::BusError => TransportError::BusError {
                device,
                offset,
                detail: "scripted bus error".into(),
            },
            Fault::Nack | Fault::Stall => TransportError::Nack { device, offset },
        }
    }
}

impl Transport for ScriptedTransport {
    fn read(
        &mut self,
        device: DeviceAddr,
        offset: u8,
        buf: &mut [u8],
    ) -> Result<(), TransportError> {
        if let Some(f) = self.record(Dir::Read, device, offset, buf.len(), &[]) {
            return Err(self.inject(f, device, offset));
        }
        match self.inner.as_mut() {
            Some(inner) => inner.read(device, offset, buf),
            None => {
                for (i, b) in buf.iter_mut().enumerate() {
                    *b = offset.wrapping_add(i as u8);
                }
                Ok(())
            }
        }
    }

    fn write(&mut self, device: DeviceAddr, offset: u8, data: &[u8]) -> Result<(), TransportError> {
        if let Some(f) = self.record(Dir::Write, device, offset, data.len(), data) {
            return Err(self.inject(f, device, offset));
        }
        match self.inner.as_mut() {
            Some(inner) => inner.write(device, offset, data),
            None => Ok(()),
        }
    }

    fn capabilities(&self) -> Capabilities {
        self.caps
    }

    fn describe(&self) -> String {
        match &self.inner {
            Some(inner) => format!("script({})", inner.describe()),
            None => "script".into(),
        }
    }
}
