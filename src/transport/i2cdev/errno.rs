//! Linux errno values of i2c-dev and the I2C core, mapped to [`TransportError`] kinds.
//!
//! Meanings follow the kernel's Documentation/i2c/fault-codes.rst; numbers are the
//! asm-generic ones (x86, ARM, AArch64, RISC-V, PowerPC, s390). MIPS, Alpha, SPARC and PA-RISC
//! number some of them differently; there the unknown numbers fall through to
//! [`TransportError::Io`], which still carries the OS message.
//!
//! The `i2cdev` crate reports a failed ioctl as `LinuxI2CError::Errno(i32)` (a nix errno) and a
//! failed open as `LinuxI2CError::Io`; both convert into `std::io::Error` with the raw errno
//! kept, which is what this module reads.

use std::io;

use crate::addr::DeviceAddr;
use crate::transport::TransportError;

// include/uapi/asm-generic/errno-base.h and errno.h
const EPERM: i32 = 1;
const ENOENT: i32 = 2;
const EIO: i32 = 5;
const ENXIO: i32 = 6;
const EAGAIN: i32 = 11;
const EACCES: i32 = 13;
const EBUSY: i32 = 16;
const ENODEV: i32 = 19;
const EINVAL: i32 = 22;
const ENOTTY: i32 = 25;
const EPROTO: i32 = 71;
const EBADMSG: i32 = 74;
const EOPNOTSUPP: i32 = 95;
const ESHUTDOWN: i32 = 108;
const ETIMEDOUT: i32 = 110;
const EREMOTEIO: i32 = 121;

/// The kernel's default adapter timeout (`adap->timeout = HZ` in i2c-core when the driver sets
/// none). The real value is the driver's and cannot be read from user space.
pub(crate) const DEFAULT_ADAPTER_TIMEOUT_MS: u64 = 1000;

/// What a transfer errno means for the caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// The address (or a data byte) was not acknowledged: no module, or busy.
    Nack,
    /// The bus failed: arbitration lost, protocol violation, stuck bus, bad PEC.
    Bus,
    /// The adapter gave up waiting.
    Timeout,
    /// The adapter refuses this transfer shape (SMBus-only, or a quirk).
    Unsupported,
    /// The file is not an i2c-dev node (ioctl unknown to it).
    NotI2cDev,
    /// The adapter is suspended.
    Suspended,
    /// Anything else: reported as an OS error.
    Other,
}

/// Classifies the errno of a failed `I2C_RDWR` transfer.
pub(crate) fn classify(errno: i32) -> Kind {
    match errno {
        // fault-codes.rst: ENXIO "address phase of a transfer didn't get an ACK"; several
        // drivers use EREMOTEIO for a NACK and ENODEV for "device not responding".
        ENXIO | EREMOTEIO | ENODEV => Kind::Nack,
        // EAGAIN: arbitration lost (the core already retried `adap->retries` times); EPROTO:
        // protocol violation; EIO: generic bus/adapter failure; EBUSY: bus busy too long;
        // EBADMSG: bad PEC.
        EIO | EPROTO | EAGAIN | EBUSY | EBADMSG => Kind::Bus,
        ETIMEDOUT => Kind::Timeout,
        // EOPNOTSUPP: no `master_xfer` (SMBus-only adapter) or an adapter quirk refused the
        // shape; EINVAL: a length or message count the driver does not accept.
        EOPNOTSUPP | EINVAL => Kind::Unsupported,
        ENOTTY => Kind::NotI2cDev,
        ESHUTDOWN => Kind::Suspended,
        _ => Kind::Other,
    }
}

/// A short name and meaning of an errno, for messages.
fn describe(errno: i32) -> &'static str {
    match errno {
        ENXIO => "ENXIO, address not acknowledged",
        EREMOTEIO => "EREMOTEIO, not acknowledged",
        ENODEV => "ENODEV, device not responding",
        EIO => "EIO, adapter or bus failure",
        EPROTO => "EPROTO, I2C protocol violation",
        EAGAIN => "EAGAIN, arbitration lost",
        EBUSY => "EBUSY, bus busy for too long",
        EBADMSG => "EBADMSG, bad packet error code",
        _ => "unexpected error",
    }
}

/// The error of a failed transfer to `device` starting at byte `offset`.
pub(crate) fn transfer_error(err: io::Error, device: DeviceAddr, offset: u8) -> TransportError {
    let Some(errno) = err.raw_os_error() else {
        return TransportError::Io {
            context: format!("I2C transfer to device {device} at byte {offset}"),
            source: err,
        };
    };
    match classify(errno) {
        Kind::Nack => TransportError::Nack { device, offset },
        Kind::Bus => TransportError::BusError {
            device,
            offset,
            detail: describe(errno).to_string(),
        },
        Kind::Timeout => TransportError::Timeout {
            what: format!(
                "I2C transfer to device {device} at byte {offset} (the adapter's own timeout; \
                 the kernel default is {DEFAULT_ADAPTER_TIMEOUT_MS} ms)"
            ),
            ms: DEFAULT_ADAPTER_TIMEOUT_MS,
        },
        Kind::Unsupported if errno == EINVAL => TransportError::InvalidRequest(format!(
            "the adapter rejected the transfer to device {device} at byte {offset} (EINVAL): \
             it may not accept this length or a combined write-then-read"
        )),
        Kind::Unsupported => TransportError::InvalidRequest(
            "adapter does not support I2C_RDWR: it is SMBus-only (or refuses a combined \
             write-then-read); use a plain I2C adapter, or the optoe driver on this bus"
                .to_string(),
        ),
        Kind::NotI2cDev => TransportError::InvalidRequest(
            "the file does not answer I2C ioctls (ENOTTY): it is not an i2c-dev node".to_string(),
        ),
        Kind::Suspended => {
            TransportError::Disconnected("the I2C adapter is suspended (ESHUTDOWN)".to_string())
        }
        Kind::Other => TransportError::Io {
            context: format!("I2C transfer to device {device} at byte {offset}"),
            source: err,
        },
    }
}

/// The error of a failed open (or stat) of the node `path`, saying how to fix it.
pub(crate) fn open_error(path: &str, err: io::Error) -> TransportError {
    let advice = match err.raw_os_error() {
        Some(ENOENT) => {
            "no such node; load the i2c-dev module (`sudo modprobe i2c-dev`) and list the \
             adapters with `optiqual ports` or `i2cdetect -l`"
        }
        Some(EACCES | EPERM) => {
            "permission denied; add your user to the group owning the node (usually `i2c`: \
             `sudo usermod -aG i2c $USER`, then log in again) or give it a udev rule"
        }
        Some(ENODEV | ENXIO) => "no adapter behind this node (unplugged or driver unloaded)",
        _ => "the node could not be opened",
    };
    TransportError::Io {
        context: format!("cannot open {path}: {advice}"),
        source: err,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn os(errno: i32) -> io::Error {
        io::Error::from_raw_os_error(errno)
    }

    #[test]
    fn errno_numbers_match_this_platform() {
        // Cross-check the hand-written numbers with std's own errno table.
        assert_eq!(os(ENOENT).kind(), io::ErrorKind::NotFound);
        assert_eq!(os(EACCES).kind(), io::ErrorKind::PermissionDenied);
        assert_eq!(os(EPERM).kind(), io::ErrorKind::PermissionDenied);
        assert_eq!(os(ETIMEDOUT).kind(), io::ErrorKind::TimedOut);
        assert_eq!(os(EINVAL).kind(), io::ErrorKind::InvalidInput);
        assert_eq!(os(EAGAIN).kind(), io::ErrorKind::WouldBlock);
        assert_eq!(os(EBUSY).kind(), io::ErrorKind::ResourceBusy);
    }

    #[test]
    fn classification_of_each_errno() {
        for (errno, kind) in [
            (6, Kind::Nack),   // ENXIO
            (121, Kind::Nack), // EREMOTEIO
            (19, Kind::Nack),  // ENODEV
            (5, Kind::Bus),    // EIO
            (71, Kind::Bus),   // EPROTO
            (11, Kind::Bus),   // EAGAIN
            (16, Kind::Bus),   // EBUSY
            (74, Kind::Bus),   // EBADMSG
            (110, Kind::Timeout),
            (95, Kind::Unsupported), // EOPNOTSUPP
            (22, Kind::Unsupported), // EINVAL
            (25, Kind::NotI2cDev),   // ENOTTY
            (108, Kind::Suspended),  // ESHUTDOWN
            (12, Kind::Other),       // ENOMEM
        ] {
            assert_eq!(classify(errno), kind, "errno {errno}");
        }
    }

    #[test]
    fn nack_keeps_device_and_offset() {
        let e = transfer_error(os(ENXIO), DeviceAddr::A2, 96);
        assert!(matches!(
            e,
            TransportError::Nack {
                device: DeviceAddr::A2,
                offset: 96
            }
        ));
        let e = transfer_error(os(EREMOTEIO), DeviceAddr::A0, 0);
        assert!(matches!(e, TransportError::Nack { .. }));
    }

    #[test]
    fn bus_errors_name_the_errno() {
        let e = transfer_error(os(EAGAIN), DeviceAddr::A0, 3);
        match e {
            TransportError::BusError {
                device,
                offset,
                detail,
            } => {
                assert_eq!((device, offset), (DeviceAddr::A0, 3));
                assert!(detail.contains("arbitration"), "{detail}");
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            transfer_error(os(EIO), DeviceAddr::A0, 0),
            TransportError::BusError { .. }
        ));
        assert!(matches!(
            transfer_error(os(EPROTO), DeviceAddr::A0, 0),
            TransportError::BusError { .. }
        ));
    }

    #[test]
    fn timeout_uses_the_kernel_default() {
        match transfer_error(os(ETIMEDOUT), DeviceAddr::A0, 128) {
            TransportError::Timeout { ms, what } => {
                assert_eq!(ms, 1000);
                assert!(what.contains("byte 128"), "{what}");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn smbus_only_adapter_is_an_invalid_request_saying_so() {
        match transfer_error(os(EOPNOTSUPP), DeviceAddr::A0, 0) {
            TransportError::InvalidRequest(msg) => {
                assert!(msg.contains("SMBus-only"), "{msg}");
                assert!(msg.contains("I2C_RDWR"), "{msg}");
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            transfer_error(os(EINVAL), DeviceAddr::A0, 0),
            TransportError::InvalidRequest(_)
        ));
        assert!(matches!(
            transfer_error(os(ENOTTY), DeviceAddr::A0, 0),
            TransportError::InvalidRequest(_)
        ));
    }

    #[test]
    fn suspended_adapter_is_disconnected_and_unknown_is_io() {
        assert!(matches!(
            transfer_error(os(ESHUTDOWN), DeviceAddr::A0, 0),
            TransportError::Disconnected(_)
        ));
        assert!(matches!(
            transfer_error(os(12), DeviceAddr::A0, 0),
            TransportError::Io { .. }
        ));
        // An error without an errno (e.g. a bad request caught before the ioctl).
        assert!(matches!(
            transfer_error(io::Error::other("x"), DeviceAddr::A0, 0),
            TransportError::Io { .. }
        ));
    }

    #[test]
    fn open_errors_name_the_path_and_the_fix() {
        let text = open_error("/dev/i2c-9", os(ENOENT)).to_string();
        assert!(text.contains("/dev/i2c-9"), "{text}");
        assert!(text.contains("modprobe i2c-dev"), "{text}");
        let text = open_error("/dev/i2c-1", os(EACCES)).to_string();
        assert!(text.contains("/dev/i2c-1"), "{text}");
        assert!(text.contains("i2c"), "{text}");
        assert!(text.contains("usermod"), "{text}");
        let text = open_error("/dev/i2c-1", os(EPERM)).to_string();
        assert!(text.contains("permission"), "{text}");
        let text = open_error("/dev/i2c-2", os(ENODEV)).to_string();
        assert!(text.contains("no adapter"), "{text}");
    }
}
