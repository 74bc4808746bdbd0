//! The thin real part: opens `/dev/i2c-N` and turns planned messages into the kernel's
//! `i2c_msg` through the `i2cdev` crate's `I2C_RDWR` ioctl.
//!
//! The adapter's functionality word (`I2C_FUNCS`, whether `I2C_FUNC_I2C` is set) cannot be
//! queried: the `i2cdev` crate does not expose that ioctl and this crate forbids `unsafe`. An
//! SMBus-only adapter is therefore refused on the first transfer, where the I2C core answers
//! `EOPNOTSUPP` (no `master_xfer`), with the message "adapter does not support I2C_RDWR".

use std::io;
use std::os::unix::fs::FileTypeExt;

use i2cdev::core::{I2CMessage, I2CTransfer};
use i2cdev::linux::{I2CMessageFlags, LinuxI2CBus, LinuxI2CMessage};

use crate::transport::TransportError;

use super::errno::open_error;
use super::plan::{MessageSpec, Mux, Payload};
use super::transport::{I2cDevTransport, RawBus};

/// An open i2c-dev node.
struct LinuxBus(LinuxI2CBus);

impl RawBus for LinuxBus {
    fn transfer(&mut self, msgs: &[MessageSpec], read_buf: &mut [u8]) -> io::Result<usize> {
        let mut read_buf = Some(read_buf);
        let mut linux = Vec::with_capacity(msgs.len());
        for spec in msgs {
            let msg = match &spec.payload {
                Payload::Write(bytes) => LinuxI2CMessage::write(bytes),
                Payload::Read(len) => {
                    let buf = read_buf
                        .take()
                        .and_then(|b| b.get_mut(..*len))
                        .ok_or_else(|| {
                            io::Error::new(
                                io::ErrorKind::InvalidInput,
                                "a transfer may hold one read message, within the buffer",
                            )
                        })?;
                    LinuxI2CMessage::read(buf)
                }
            };
            linux.push(
                msg.with_address(u16::from(spec.addr))
                    .with_flags(I2CMessageFlags::from_bits_truncate(spec.flags())),
            );
        }
        let done = self.0.transfer(&mut linux).map_err(io::Error::from)?;
        Ok(usize::try_from(done).unwrap_or(usize::MAX))
    }
}

/// Opens the i2c-dev node `path` (e.g. `/dev/i2c-1`), with the module behind channel `ch` of
/// the PCA954x switch at `addr` when `mux` is `Some((addr, ch))`.
///
/// Errors name the path and the fix: a missing node (load `i2c-dev`), no permission (group
/// `i2c`), a file that is not a character device.
pub fn open(path: &str, mux: Option<(u8, u8)>) -> Result<I2cDevTransport, TransportError> {
    let mux = mux.map(|(addr, ch)| Mux::new(addr, ch)).transpose()?;
    let meta = std::fs::metadata(path).map_err(|e| open_error(path, e))?;
    if !meta.file_type().is_char_device() {
        return Err(TransportError::InvalidRequest(format!(
            "{path} is not a character device; an i2c-dev node is /dev/i2c-N (see `optiqual ports`)"
        )));
    }
    let bus = LinuxI2CBus::new(path).map_err(|e| open_error(path, io::Error::from(e)))?;
    Ok(I2cDevTransport::with_bus(
        Box::new(LinuxBus(bus)),
        path.to_string(),
        mux,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_node_says_to_load_i2c_dev() {
        let err = open("/nonexistent-optiqual/i2c-99", None).expect_err("no such node");
        let text = err.to_string();
        assert!(text.contains("/nonexistent-optiqual/i2c-99"), "{text}");
        assert!(text.contains("modprobe i2c-dev"), "{text}");
        assert!(matches!(err, TransportError::Io { .. }));
    }

    #[test]
    fn regular_file_is_refused() {
        let file = tempfile::NamedTempFile::new().expect("temp file");
        let path = file.path().to_string_lossy().to_string();
        let err = open(&path, None).expect_err("not a char device");
        assert!(matches!(err, TransportError::InvalidRequest(_)), "{err}");
        assert!(err.to_string().contains("character device"));
    }

    #[test]
    fn bad_mux_is_refused_before_opening() {
        let err = open("/nonexistent-optiqual/i2c-99", Some((0x50, 1))).expect_err("bad mux");
        assert!(matches!(err, TransportError::InvalidRequest(_)), "{err}");
    }

    #[test]
    fn char_device_that_is_not_i2c_answers_not_i2c_dev() {
        // /dev/null is a character device without I2C ioctls: the transfer fails with ENOTTY.
        let Ok(mut t) = open("/dev/null", None) else {
            return; // no /dev/null in this sandbox
        };
        let mut buf = [0u8; 1];
        let err =
            crate::transport::Transport::read(&mut t, crate::addr::DeviceAddr::A0, 0, &mut buf)
                .expect_err("not i2c");
        assert!(matches!(err, TransportError::InvalidRequest(_)), "{err}");
    }
}
