//! Tests of the simulated module, on a [`ManualClock`]: no wall-clock sleeps anywhere.

mod cmis_datapath;
mod cmis_flags;
mod cmis_module;
mod every_sku;
mod faults;
mod physics;
mod sff8472;
mod sff8636;

use std::sync::Arc;
use std::time::Duration;

use crate::addr::DeviceAddr;
use crate::memmap::Decoded;
use crate::sim::clock::ManualClock;
use crate::sim::synth::skus as catalogue;
use crate::transport::{Transport, TransportError};

use super::{SimHandle, SimModule, SimParams};

/// Parameters without reading noise, so values can be computed by hand.
pub fn quiet() -> SimParams {
    SimParams {
        noise_temp_c: 0.0,
        noise_vcc_v: 0.0,
        noise_bias_pct: 0.0,
        noise_power_db: 0.0,
        ..SimParams::default()
    }
}

/// A simulated module on a manual clock.
pub struct Bench {
    pub m: SimModule,
    pub h: SimHandle,
    pub clock: ManualClock,
}

/// The SKU `id` simulated with `params`, powered on at time 0.
pub fn bench(id: &str, params: SimParams) -> Bench {
    let Some(sku) = catalogue::by_id(id) else {
        panic!("no sku {id}")
    };
    let clock = ManualClock::new();
    let m = match SimModule::new(sku.image, params, Arc::new(clock.clone())) {
        Ok(m) => m.named(format!("mock:{id}")),
        Err(e) => panic!("{e}"),
    };
    let h = m.handle();
    Bench { m, h, clock }
}

impl Bench {
    /// Reads `len` bytes of `dev` from `off`.
    pub fn try_rd(
        &mut self,
        dev: DeviceAddr,
        off: u8,
        len: usize,
    ) -> Result<Vec<u8>, TransportError> {
        let mut buf = vec![0u8; len];
        self.m.read(dev, off, &mut buf)?;
        Ok(buf)
    }

    /// Reads `len` bytes of `dev` from `off`, or fails the test.
    pub fn rd(&mut self, dev: DeviceAddr, off: u8, len: usize) -> Vec<u8> {
        match self.try_rd(dev, off, len) {
            Ok(v) => v,
            Err(e) => panic!("read {dev} {off}: {e}"),
        }
    }

    /// One byte of 0x50.
    pub fn b(&mut self, off: u8) -> u8 {
        self.rd(DeviceAddr::A0, off, 1)[0]
    }

    /// Big-endian U16 of `dev` at `off`, read in one transaction.
    pub fn u16(&mut self, dev: DeviceAddr, off: u8) -> u16 {
        let v = self.rd(dev, off, 2);
        u16::from_be_bytes([v[0], v[1]])
    }

    /// Writes `data` to `dev` at `off`, or fails the test.
    pub fn wr_dev(&mut self, dev: DeviceAddr, off: u8, data: &[u8]) {
        if let Err(e) = self.m.write(dev, off, data) {
            panic!("write {dev} {off}: {e}");
        }
    }

    /// Writes `data` to 0x50 at `off`.
    pub fn wr(&mut self, off: u8, data: &[u8]) {
        self.wr_dev(DeviceAddr::A0, off, data);
    }

    /// Selects `page` on 0x50 (byte 127; the CMIS bank stays 0).
    pub fn page(&mut self, page: u8) {
        self.wr(127, &[page]);
    }

    /// Moves the clock on by `ms`.
    pub fn ms(&self, ms: u64) {
        self.clock.advance(Duration::from_millis(ms));
    }

    /// Moves the clock on by `s` seconds.
    pub fn secs(&self, s: f64) {
        self.clock.advance(Duration::from_secs_f64(s));
    }

    /// Dumps the module through the paged reader and decodes the result.
    pub fn decode(&mut self) -> Decoded {
        let runtime = match tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
        {
            Ok(r) => r,
            Err(e) => panic!("runtime: {e}"),
        };
        let transport = Box::new(self.m.clone());
        let dump = match runtime.block_on(async {
            let bus = crate::transport::actor::spawn(transport, Default::default());
            crate::module::dump::dump(bus).await
        }) {
            Ok(d) => d,
            Err(e) => panic!("dump: {e}"),
        };
        assert!(dump.failures.is_empty(), "{:?}", dump.failures);
        match crate::memmap::decode(&dump.image) {
            Ok(d) => d,
            Err(e) => panic!("decode: {e}"),
        }
    }
}
