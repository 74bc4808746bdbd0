//! The I2C bus behind a simulated bridge: one module straight on the bus, or several behind a
//! PCA954x mux at 0x70 whose control register (one bit per channel) selects which module
//! answers.

use crate::addr::DeviceAddr;
use crate::transport::{Transport, TransportError};

/// Address of the simulated PCA954x mux.
pub const MUX_ADDRESS: u8 = 0x70;

/// Why a bus transaction failed, as a bridge sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BusFault {
    /// No device acknowledged.
    Nack,
    /// Something else went wrong (the text says what).
    Error(String),
}

/// Modules on a simulated bus.
pub struct SimBus {
    modules: Vec<Box<dyn Transport>>,
    /// Register pointer per module and device address (for reads without a register).
    pointers: Vec<[u8; 2]>,
    mux: Option<u8>,
    control: u8,
}

fn fault(e: TransportError) -> BusFault {
    match e {
        TransportError::Nack { .. } => BusFault::Nack,
        other => BusFault::Error(other.to_string()),
    }
}

impl SimBus {
    /// A bus with `modules`: with one, it sits on the bus directly; with more (up to 8), they
    /// sit on mux channels 0, 1, … and none is selected until the mux is written.
    pub fn new(modules: Vec<Box<dyn Transport>>) -> Self {
        let mux = (modules.len() > 1).then_some(MUX_ADDRESS);
        let n = modules.len().min(8);
        let mut modules = modules;
        modules.truncate(n);
        SimBus {
            pointers: vec![[0; 2]; n],
            modules,
            mux,
            control: 0,
        }
    }

    /// The mux address, when there is one.
    pub fn mux(&self) -> Option<u8> {
        self.mux
    }

    fn module_index(&self) -> Result<usize, BusFault> {
        if self.mux.is_none() {
            return if self.modules.is_empty() {
                Err(BusFault::Nack)
            } else {
                Ok(0)
            };
        }
        let enabled = self.control & ((1u16 << self.modules.len()) - 1) as u8;
        match enabled.count_ones() {
            0 => Err(BusFault::Nack),
            1 => Ok(enabled.trailing_zeros() as usize),
            _ => Err(BusFault::Error(format!(
                "bus collision: mux channels {enabled:08b} enabled together"
            ))),
        }
    }

    fn slot(address: u8) -> usize {
        usize::from(address & 1)
    }

    /// Writes `bytes` (register first) to `address`; no bytes is an address-only write.
    pub fn write(&mut self, address: u8, bytes: &[u8]) -> Result<(), BusFault> {
        if Some(address) == self.mux {
            if let Some(&c) = bytes.first() {
                self.control = c;
            }
            return Ok(());
        }
        let i = self.module_index()?;
        let module = &mut self.modules[i];
        let Some((&offset, data)) = bytes.split_first() else {
            // Address-only write: probe the device with a 1-byte read of byte 0.
            return module.read(DeviceAddr(address), 0, &mut [0]).map_err(fault);
        };
        if !data.is_empty() {
            module
                .write(DeviceAddr(address), offset, data)
                .map_err(fault)?;
        } else {
            // Pointer write: the module must still acknowledge its address.
            module
                .read(DeviceAddr(address), offset, &mut [0])
                .map_err(fault)?;
        }
        self.pointers[i][Self::slot(address)] = offset.wrapping_add(data.len() as u8);
        Ok(())
    }

    /// Reads `buf.len()` bytes from `address`, after setting the register pointer to
    /// `register` when given.
    pub fn read(
        &mut self,
        address: u8,
        register: Option<u8>,
        buf: &mut [u8],
    ) -> Result<(), BusFault> {
        if buf.is_empty() {
            return Ok(());
        }
        if Some(address) == self.mux {
            buf.fill(self.control);
            return Ok(());
        }
        let i = self.module_index()?;
        let slot = Self::slot(address);
        let offset = register.unwrap_or(self.pointers[i][slot]);
        self.modules[i]
            .read(DeviceAddr(address), offset, buf)
            .map_err(fault)?;
        self.pointers[i][slot] = offset.wrapping_add(buf.len() as u8);
        Ok(())
    }
}
