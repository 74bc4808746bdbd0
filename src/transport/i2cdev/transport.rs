//! [`I2cDevTransport`]: plans the messages ([`super::plan`]), keeps the mux state, checks the
//! answer and maps errors; the bus underneath only executes message lists.

use std::io;

use crate::addr::DeviceAddr;
use crate::transport::{Capabilities, Transport, TransportError, check_span};

use super::errno::transfer_error;
use super::plan::{MessageSpec, Mux, MuxState, plan_read, plan_write};

/// Executes one `I2C_RDWR` transfer: the messages in order, joined by repeated STARTs, one STOP
/// at the end. The (at most one) read message fills `read_buf`. Returns how many messages the
/// adapter completed.
pub(crate) trait RawBus: Send {
    /// Runs `msgs`; the read message's bytes land in `read_buf`.
    fn transfer(&mut self, msgs: &[MessageSpec], read_buf: &mut [u8]) -> io::Result<usize>;
}

/// A module on a Linux I2C adapter (`/dev/i2c-N`), optionally behind a PCA954x switch.
///
/// Capabilities: reads up to 128 bytes in one transfer (`I2C_RDWR` allows far more; 128 is a
/// half page); writes up to 8 bytes (the adapter could send more, but no module spec allows
/// more in one write: CMIS 8, SFF-8636 4); banks supported (page selects are ordinary writes);
/// `bus_hz` 100 kHz, a guess: the adapter's clock is set by the device tree or the driver and
/// cannot be read from user space.
pub struct I2cDevTransport {
    bus: Box<dyn RawBus>,
    path: String,
    mux: Option<MuxState>,
}

impl std::fmt::Debug for I2cDevTransport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("I2cDevTransport")
            .field("path", &self.path)
            .field("mux", &self.mux)
            .finish_non_exhaustive()
    }
}

/// The clock assumed for an i2c-dev adapter (see [`I2cDevTransport`]).
pub const ASSUMED_BUS_HZ: u32 = 100_000;

impl I2cDevTransport {
    /// A transport over `bus`, described as `path`.
    pub(crate) fn with_bus(bus: Box<dyn RawBus>, path: String, mux: Option<Mux>) -> Self {
        I2cDevTransport {
            bus,
            path,
            mux: mux.map(MuxState::new),
        }
    }

    /// Connects the switch channel unless it is known to be connected.
    fn select_mux(&mut self) -> Result<(), TransportError> {
        let Some(state) = self.mux.as_mut() else {
            return Ok(());
        };
        let Some(select) = state.plan() else {
            return Ok(());
        };
        let mux_addr = DeviceAddr(select.addr);
        let result = self.bus.transfer(std::slice::from_ref(&select), &mut []);
        match check_count(result, 1, mux_addr, 0) {
            Ok(()) => {
                state.confirm();
                Ok(())
            }
            Err(e) => {
                state.forget();
                Err(e)
            }
        }
    }

    /// Runs a module transfer; any failure drops the mux state.
    fn run(
        &mut self,
        msgs: &[MessageSpec],
        read_buf: &mut [u8],
        device: DeviceAddr,
        offset: u8,
    ) -> Result<(), TransportError> {
        self.select_mux()?;
        let result = self.bus.transfer(msgs, read_buf);
        let checked = check_count(result, msgs.len(), device, offset);
        if checked.is_err() {
            if let Some(state) = self.mux.as_mut() {
                state.forget();
            }
        }
        checked
    }
}

/// Maps the bus result: an errno to its kind, a short transfer to a bus error.
fn check_count(
    result: io::Result<usize>,
    expected: usize,
    device: DeviceAddr,
    offset: u8,
) -> Result<(), TransportError> {
    match result {
        Ok(done) if done == expected => Ok(()),
        Ok(done) => Err(TransportError::BusError {
            device,
            offset,
            detail: format!("the adapter completed {done} of {expected} messages"),
        }),
        Err(e) => Err(transfer_error(e, device, offset)),
    }
}

impl Transport for I2cDevTransport {
    fn read(
        &mut self,
        device: DeviceAddr,
        offset: u8,
        buf: &mut [u8],
    ) -> Result<(), TransportError> {
        check_span(offset, buf.len())?;
        let plan = plan_read(device, offset, buf.len());
        self.run(&plan, buf, device, offset)
    }

    fn write(&mut self, device: DeviceAddr, offset: u8, data: &[u8]) -> Result<(), TransportError> {
        check_span(offset, data.len())?;
        let plan = plan_write(device, offset, data);
        self.run(std::slice::from_ref(&plan), &mut [], device, offset)
    }

    fn capabilities(&self) -> Capabilities {
        Capabilities {
            max_read: 128,
            max_write: 8,
            banks: true,
            selects_pages: false,
            bus_hz: ASSUMED_BUS_HZ,
            in_memory: false,
        }
    }

    fn describe(&self) -> String {
        match self.mux.as_ref().map(MuxState::mux) {
            None => format!("i2cdev:{}", self.path),
            Some(m) => format!(
                "i2cdev:{}?mux=0x{:02x}:{}",
                self.path,
                m.addr(),
                m.channel()
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::VecDeque;
    use std::sync::{Arc, Mutex};

    use super::*;
    use crate::transport::i2cdev::plan::Payload;

    /// What the fake bus saw and will answer.
    #[derive(Default)]
    struct Script {
        /// Every transfer, as its message list.
        seen: Vec<Vec<MessageSpec>>,
        /// Answers in order; when empty, every transfer succeeds fully.
        answers: VecDeque<io::Result<usize>>,
    }

    struct FakeBus(Arc<Mutex<Script>>);

    impl RawBus for FakeBus {
        fn transfer(&mut self, msgs: &[MessageSpec], read_buf: &mut [u8]) -> io::Result<usize> {
            let mut s = self.0.lock().map_err(|_| io::Error::other("poisoned"))?;
            s.seen.push(msgs.to_vec());
            for (i, b) in read_buf.iter_mut().enumerate() {
                *b = i as u8 + 0xA0;
            }
            s.answers.pop_front().unwrap_or(Ok(msgs.len()))
        }
    }

    fn transport(mux: Option<Mux>) -> (I2cDevTransport, Arc<Mutex<Script>>) {
        let script = Arc::new(Mutex::new(Script::default()));
        let t =
            I2cDevTransport::with_bus(Box::new(FakeBus(script.clone())), "/dev/i2c-4".into(), mux);
        (t, script)
    }

    fn seen(s: &Arc<Mutex<Script>>) -> Vec<Vec<MessageSpec>> {
        s.lock().expect("lock").seen.clone()
    }

    fn push_answer(s: &Arc<Mutex<Script>>, answer: io::Result<usize>) {
        s.lock().expect("lock").answers.push_back(answer);
    }

    fn select(addr: u8, mask: u8) -> Vec<MessageSpec> {
        vec![MessageSpec {
            addr,
            payload: Payload::Write(vec![mask]),
        }]
    }

    #[test]
    fn read_is_one_transfer_of_two_messages() {
        let (mut t, s) = transport(None);
        let mut buf = [0u8; 4];
        t.read(DeviceAddr::A0, 20, &mut buf).expect("read");
        assert_eq!(buf, [0xA0, 0xA1, 0xA2, 0xA3]);
        assert_eq!(seen(&s), vec![plan_read(DeviceAddr::A0, 20, 4).to_vec()]);
    }

    #[test]
    fn write_is_one_transfer_of_one_message() {
        let (mut t, s) = transport(None);
        t.write(DeviceAddr::A0, 127, &[0x03]).expect("write");
        assert_eq!(
            seen(&s),
            vec![vec![MessageSpec {
                addr: 0x50,
                payload: Payload::Write(vec![127, 3]),
            }]]
        );
    }

    #[test]
    fn span_is_checked_before_the_bus() {
        let (mut t, s) = transport(None);
        let mut buf = [0u8; 2];
        assert!(matches!(
            t.read(DeviceAddr::A0, 255, &mut buf),
            Err(TransportError::InvalidRequest(_))
        ));
        assert!(matches!(
            t.write(DeviceAddr::A0, 0, &[]),
            Err(TransportError::InvalidRequest(_))
        ));
        assert!(seen(&s).is_empty());
    }

    #[test]
    fn mux_is_selected_once_then_cached() {
        let (mut t, s) = transport(Some(Mux::new(0x70, 3).expect("mux")));
        let mut buf = [0u8; 1];
        t.read(DeviceAddr::A0, 0, &mut buf).expect("read");
        t.read(DeviceAddr::A0, 1, &mut buf).expect("read");
        t.write(DeviceAddr::A0, 127, &[0]).expect("write");
        assert_eq!(
            seen(&s),
            vec![
                select(0x70, 0x08),
                plan_read(DeviceAddr::A0, 0, 1).to_vec(),
                plan_read(DeviceAddr::A0, 1, 1).to_vec(),
                vec![plan_write(DeviceAddr::A0, 127, &[0])],
            ]
        );
    }

    #[test]
    fn module_error_drops_the_mux_cache() {
        let (mut t, s) = transport(Some(Mux::new(0x72, 0).expect("mux")));
        let mut buf = [0u8; 1];
        push_answer(&s, Ok(1)); // select
        push_answer(&s, Err(io::Error::from_raw_os_error(6))); // ENXIO on the read
        assert!(matches!(
            t.read(DeviceAddr::A2, 96, &mut buf),
            Err(TransportError::Nack {
                device: DeviceAddr::A2,
                offset: 96
            })
        ));
        t.read(DeviceAddr::A2, 96, &mut buf).expect("read");
        assert_eq!(
            seen(&s),
            vec![
                select(0x72, 0x01),
                plan_read(DeviceAddr::A2, 96, 1).to_vec(),
                select(0x72, 0x01),
                plan_read(DeviceAddr::A2, 96, 1).to_vec(),
            ]
        );
    }

    #[test]
    fn failed_select_is_reported_against_the_mux_and_retried() {
        let (mut t, s) = transport(Some(Mux::new(0x75, 7).expect("mux")));
        let mut buf = [0u8; 1];
        push_answer(&s, Err(io::Error::from_raw_os_error(6)));
        match t.read(DeviceAddr::A0, 0, &mut buf) {
            Err(TransportError::Nack { device, offset }) => {
                assert_eq!((device, offset), (DeviceAddr(0x75), 0));
            }
            other => panic!("{other:?}"),
        }
        t.read(DeviceAddr::A0, 0, &mut buf).expect("read");
        assert_eq!(
            seen(&s),
            vec![
                select(0x75, 0x80),
                select(0x75, 0x80),
                plan_read(DeviceAddr::A0, 0, 1).to_vec(),
            ]
        );
    }

    #[test]
    fn short_transfer_is_a_bus_error_and_drops_the_cache() {
        let (mut t, s) = transport(Some(Mux::new(0x70, 1).expect("mux")));
        let mut buf = [0u8; 8];
        push_answer(&s, Ok(1)); // select
        push_answer(&s, Ok(1)); // only the offset write completed
        match t.read(DeviceAddr::A0, 8, &mut buf) {
            Err(TransportError::BusError { detail, .. }) => {
                assert!(detail.contains("1 of 2"), "{detail}");
            }
            other => panic!("{other:?}"),
        }
        t.read(DeviceAddr::A0, 8, &mut buf).expect("read");
        assert_eq!(seen(&s).len(), 4, "select, read, select again, read");
    }

    #[test]
    fn errno_kinds_reach_the_caller() {
        let (mut t, s) = transport(None);
        let mut buf = [0u8; 1];
        push_answer(&s, Err(io::Error::from_raw_os_error(110)));
        assert!(matches!(
            t.read(DeviceAddr::A0, 0, &mut buf),
            Err(TransportError::Timeout { .. })
        ));
        push_answer(&s, Err(io::Error::from_raw_os_error(95)));
        assert!(matches!(
            t.read(DeviceAddr::A0, 0, &mut buf),
            Err(TransportError::InvalidRequest(_))
        ));
    }

    #[test]
    fn capabilities_and_description() {
        let (t, _) = transport(None);
        let caps = t.capabilities();
        assert_eq!(caps.max_read, 128);
        assert_eq!(caps.max_write, 8);
        assert_eq!(caps.bus_hz, 100_000);
        assert!(caps.banks);
        assert!(!caps.selects_pages);
        assert_eq!(t.describe(), "i2cdev:/dev/i2c-4");
        let (t, _) = transport(Some(Mux::new(0x70, 3).expect("mux")));
        assert_eq!(t.describe(), "i2cdev:/dev/i2c-4?mux=0x70:3");
    }
}
