//! [`SimModule`]: a simulated module with behaviour, built from an image, parameters and a
//! clock, served through [`Transport`].

use std::sync::{Arc, Mutex};

use crate::addr::DeviceAddr;
use crate::memmap::image::ModuleImage;
use crate::sim::clock::Clock;
use crate::transport::{Capabilities, Transport, TransportError, check_span};

use super::handle::{SimHandle, lock};
use super::model::Model;
use super::params::SimParams;

/// Why a simulated module cannot be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SimError {
    /// Byte 0 names no SFF-8472, SFF-8636 or CMIS module.
    #[error("the image has no supported identifier in byte 0 (found {0:?})")]
    UnsupportedIdentifier(Option<u8>),
}

/// A simulated module. Blocking and never sleeping: each access computes the state from the
/// clock.
///
/// Cloning gives a second transport to the same simulated module (they share its state).
#[derive(Debug, Clone)]
pub struct SimModule {
    model: Arc<Mutex<Model>>,
    name: String,
}

impl SimModule {
    /// A module with the memory of `image`, powered on at `clock.now()`.
    pub fn new(
        image: ModuleImage,
        params: SimParams,
        clock: Arc<dyn Clock>,
    ) -> Result<SimModule, SimError> {
        let id = image.identifier();
        let model = Model::new(image, params, clock).ok_or(SimError::UnsupportedIdentifier(id))?;
        Ok(SimModule {
            model: Arc::new(Mutex::new(model)),
            name: "mock".into(),
        })
    }

    /// Names the module for logs (e.g. `"mock:qsfpdd-400g-dr4"`).
    pub fn named(mut self, name: impl Into<String>) -> Self {
        self.name = name.into();
        self
    }

    /// A handle to drive the module from outside the bus.
    pub fn handle(&self) -> SimHandle {
        SimHandle::new(Arc::clone(&self.model))
    }
}

impl Transport for SimModule {
    fn read(
        &mut self,
        device: DeviceAddr,
        offset: u8,
        buf: &mut [u8],
    ) -> Result<(), TransportError> {
        check_span(offset, buf.len())?;
        lock(&self.model).read(device, offset, buf)
    }

    fn write(&mut self, device: DeviceAddr, offset: u8, data: &[u8]) -> Result<(), TransportError> {
        check_span(offset, data.len())?;
        lock(&self.model).write(device, offset, data)
    }

    fn capabilities(&self) -> Capabilities {
        Capabilities {
            max_read: 128,
            max_write: 8,
            banks: true,
            selects_pages: false,
            bus_hz: 400_000,
            in_memory: true,
        }
    }

    fn describe(&self) -> String {
        self.name.clone()
    }
}
