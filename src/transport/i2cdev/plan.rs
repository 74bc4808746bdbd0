//! Which I2C messages a read, a write or a mux select is made of: plain values, no I/O, so the
//! exact wire shape (addresses, directions, lengths, the offset byte) is tested without a bus.
//!
//! Shapes (reference/bus-access.md §1.2 and §1.4, the kernel's sfp.c and FBOSS's `I2cRdWrIo`):
//! - read: ONE `I2C_RDWR` transfer of two messages, a 1-byte write of the offset, then a
//!   repeated-START read of N bytes. Never the SMBus I2C-block path (32-byte limit).
//! - write: one message, the offset byte followed by the data.
//! - PCA954x switch select: one message of one byte, the channel mask `1 << channel`, sent to
//!   the switch address in its OWN transfer: the switch connects the channel only on the STOP
//!   that ends the control-register write (PCA9548A datasheet §6.2), so the select cannot be
//!   chained to the module access with a repeated START.

use crate::addr::DeviceAddr;
use crate::transport::TransportError;

/// Linux `I2C_M_RD` (include/uapi/linux/i2c.h): the message reads from the device.
pub const I2C_M_RD: u16 = 0x0001;

/// What one message carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Payload {
    /// Bytes sent to the device (flags 0).
    Write(Vec<u8>),
    /// Number of bytes read from the device (flags [`I2C_M_RD`]).
    Read(usize),
}

/// One I2C message of an `I2C_RDWR` transfer, before it is turned into the kernel's `i2c_msg`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessageSpec {
    /// 7-bit device address.
    pub addr: u8,
    /// Direction and content.
    pub payload: Payload,
}

impl MessageSpec {
    /// The `i2c_msg.flags` of this message: [`I2C_M_RD`] for a read, 0 for a write.
    pub fn flags(&self) -> u16 {
        match self.payload {
            Payload::Write(_) => 0,
            Payload::Read(_) => I2C_M_RD,
        }
    }

    /// The `i2c_msg.len` of this message.
    pub fn len(&self) -> usize {
        match &self.payload {
            Payload::Write(bytes) => bytes.len(),
            Payload::Read(len) => *len,
        }
    }

    /// Whether the message moves no byte (never planned; here for completeness of `len`).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Messages of a random read of `len` bytes at `offset`: offset write, then repeated-START read.
///
/// The caller has checked the span ([`crate::transport::check_span`]).
pub fn plan_read(device: DeviceAddr, offset: u8, len: usize) -> [MessageSpec; 2] {
    [
        MessageSpec {
            addr: device.0,
            payload: Payload::Write(vec![offset]),
        },
        MessageSpec {
            addr: device.0,
            payload: Payload::Read(len),
        },
    ]
}

/// The one message of a write of `data` at `offset`: the offset byte, then the data.
pub fn plan_write(device: DeviceAddr, offset: u8, data: &[u8]) -> MessageSpec {
    let mut bytes = Vec::with_capacity(data.len() + 1);
    bytes.push(offset);
    bytes.extend_from_slice(data);
    MessageSpec {
        addr: device.0,
        payload: Payload::Write(bytes),
    }
}

/// A PCA954x I2C switch (PCA9543/9545/9546/9548: one enable bit per channel) and the channel
/// the module sits behind.
///
/// The PCA9540/9542/9544 *multiplexers* use a different control byte (enable bit 2 plus a
/// channel number) and are not supported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mux {
    addr: u8,
    channel: u8,
}

impl Mux {
    /// A switch at `addr` (0x70-0x77, the PCA954x address range) with the module on `channel`
    /// (0-7).
    pub fn new(addr: u8, channel: u8) -> Result<Mux, TransportError> {
        if !(0x70..=0x77).contains(&addr) {
            return Err(TransportError::InvalidRequest(format!(
                "mux address 0x{addr:02x} is not a PCA954x address (0x70-0x77)"
            )));
        }
        if channel > 7 {
            return Err(TransportError::InvalidRequest(format!(
                "mux channel {channel} is not 0-7"
            )));
        }
        Ok(Mux { addr, channel })
    }

    /// The switch's I2C address.
    pub fn addr(self) -> u8 {
        self.addr
    }

    /// The channel the module is on.
    pub fn channel(self) -> u8 {
        self.channel
    }

    /// The control-register value that enables this channel alone.
    pub fn mask(self) -> u8 {
        // channel <= 7 by construction, so the shift stays inside the byte.
        1u8 << (self.channel & 7)
    }
}

/// The one message that connects `mux`'s channel: the mask `1 << channel` written to the switch.
pub fn plan_mux_select(mux: Mux) -> MessageSpec {
    MessageSpec {
        addr: mux.addr,
        payload: Payload::Write(vec![mux.mask()]),
    }
}

/// What the transport knows of the switch's state: a select is written only when the channel
/// is not known to be connected, and the knowledge is dropped after any bus error (another
/// process, a glitch or a reset may have changed it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MuxState {
    mux: Mux,
    selected: bool,
}

impl MuxState {
    /// A switch whose state is unknown.
    pub fn new(mux: Mux) -> Self {
        MuxState {
            mux,
            selected: false,
        }
    }

    /// The switch.
    pub fn mux(&self) -> Mux {
        self.mux
    }

    /// The select to send before the next module access, or `None` when the channel is known
    /// to be connected.
    pub fn plan(&self) -> Option<MessageSpec> {
        (!self.selected).then(|| plan_mux_select(self.mux))
    }

    /// Records that the select was acknowledged.
    pub fn confirm(&mut self) {
        self.selected = true;
    }

    /// Forgets the switch state (after any error).
    pub fn forget(&mut self) {
        self.selected = false;
    }

    /// Whether the channel is known to be connected.
    pub fn is_selected(&self) -> bool {
        self.selected
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn read_is_offset_write_then_read_on_the_same_address() {
        let plan = plan_read(DeviceAddr::A2, 96, 10);
        assert_eq!(
            plan,
            [
                MessageSpec {
                    addr: 0x51,
                    payload: Payload::Write(vec![96]),
                },
                MessageSpec {
                    addr: 0x51,
                    payload: Payload::Read(10),
                },
            ]
        );
        assert_eq!(plan[0].flags(), 0);
        assert_eq!(plan[0].len(), 1);
        assert_eq!(plan[1].flags(), 0x0001);
        assert_eq!(plan[1].len(), 10);
    }

    #[test]
    fn full_upper_half_is_one_128_byte_read_message() {
        // A 128-byte read is one message of len 128, not four 32-byte SMBus blocks.
        let plan = plan_read(DeviceAddr::A0, 128, 128);
        assert_eq!(plan[0].payload, Payload::Write(vec![0x80]));
        assert_eq!(plan[1].payload, Payload::Read(128));
        assert_eq!(plan[1].addr, 0x50);
    }

    #[test]
    fn write_is_one_message_offset_then_data() {
        // CMIS bank+page select: bytes 126-127 in one write.
        let m = plan_write(DeviceAddr::A0, 126, &[1, 0x11]);
        assert_eq!(
            m,
            MessageSpec {
                addr: 0x50,
                payload: Payload::Write(vec![126, 1, 0x11]),
            }
        );
        assert_eq!(m.flags(), 0);
        assert_eq!(m.len(), 3);
        assert!(!m.is_empty());
    }

    #[test]
    fn mux_select_writes_the_channel_mask_to_the_switch() {
        let mux = Mux::new(0x70, 3).expect("valid mux");
        // channel 3 -> 1 << 3 = 0b0000_1000 = 0x08
        assert_eq!(
            plan_mux_select(mux),
            MessageSpec {
                addr: 0x70,
                payload: Payload::Write(vec![0x08]),
            }
        );
        assert_eq!(Mux::new(0x77, 0).expect("valid").mask(), 0x01);
        assert_eq!(Mux::new(0x74, 7).expect("valid").mask(), 0x80);
    }

    #[test]
    fn mux_rejects_addresses_and_channels_outside_pca954x() {
        assert!(matches!(
            Mux::new(0x6f, 0),
            Err(TransportError::InvalidRequest(_))
        ));
        assert!(matches!(
            Mux::new(0x78, 0),
            Err(TransportError::InvalidRequest(_))
        ));
        assert!(matches!(
            Mux::new(0x70, 8),
            Err(TransportError::InvalidRequest(_))
        ));
    }

    #[test]
    fn mux_cache_selects_once_and_again_after_forget() {
        let mut state = MuxState::new(Mux::new(0x71, 5).expect("valid"));
        let select = MessageSpec {
            addr: 0x71,
            payload: Payload::Write(vec![0x20]),
        };
        assert_eq!(state.plan(), Some(select.clone()));
        // Not confirmed (the select failed): still planned.
        assert_eq!(state.plan(), Some(select.clone()));
        state.confirm();
        assert!(state.is_selected());
        assert_eq!(state.plan(), None);
        state.forget();
        assert_eq!(state.plan(), Some(select));
    }
}
