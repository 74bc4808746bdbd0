//! Linux i2c-dev backend (`i2cdev:/dev/i2c-N[?mux=0xAA:CH]`, design.md §4.5).
//!
//! A read is one `I2C_RDWR` transfer of two messages (offset write, repeated-START read), a
//! write one message of offset and data; an optional PCA954x switch is selected before the
//! module is accessed and the selection is cached. The message shapes are pure values
//! ([`plan`]); the ioctl part is thin and Linux-only.

mod errno;
#[cfg(any(target_os = "linux", target_os = "android"))]
mod linux;
pub mod plan;
mod transport;

#[cfg(any(target_os = "linux", target_os = "android"))]
pub use linux::open;
pub use plan::{MessageSpec, Mux, MuxState, Payload, plan_mux_select, plan_read, plan_write};
pub use transport::{ASSUMED_BUS_HZ, I2cDevTransport};

/// i2c-dev exists only on Linux: elsewhere opening always fails with a clear message.
#[cfg(not(any(target_os = "linux", target_os = "android")))]
pub fn open(
    path: &str,
    _mux: Option<(u8, u8)>,
) -> Result<I2cDevTransport, crate::transport::TransportError> {
    Err(crate::transport::TransportError::Unavailable {
        what: format!("{path}: i2c-dev is a Linux interface, not available on this system"),
    })
}
