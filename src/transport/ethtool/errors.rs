//! What a kernel errno means for a module-EEPROM read, as a [`TransportError`].

use crate::addr::DeviceAddr;
use crate::transport::TransportError;

use super::wire::ReplyError;

/// errno values (asm-generic/errno-base.h, errno.h).
const ENOENT: i32 = 2;
const EIO: i32 = 5;
const ENXIO: i32 = 6;
const EAGAIN: i32 = 11;
const EACCES: i32 = 13;
const EPERM: i32 = 1;
const EBUSY: i32 = 16;
const ENODEV: i32 = 19;
const EINVAL: i32 = 22;
const ERANGE: i32 = 34;
const EOPNOTSUPP: i32 = 95;
const ETIMEDOUT: i32 = 110;

/// The request a reply answered, for the messages.
#[derive(Debug, Clone, Copy)]
pub struct Asked<'a> {
    /// Interface name.
    pub ifname: &'a str,
    /// Device address.
    pub device: DeviceAddr,
    /// Page.
    pub page: u8,
    /// Bank.
    pub bank: u8,
    /// First byte.
    pub offset: u8,
    /// Length.
    pub len: u8,
}

impl Asked<'_> {
    /// Whether the request addressed a page other than page 0 / bank 0.
    fn paged(&self) -> bool {
        self.offset >= 128 && (self.page != 0 || self.bank != 0)
    }

    fn what(&self) -> String {
        format!(
            "{} bytes at byte {} of device {} bank {} page {:#04x} on interface {}",
            self.len, self.offset, self.device, self.bank, self.page, self.ifname
        )
    }
}

/// Maps a reply error to the transport's error.
///
/// - ENODEV: no such interface (InvalidRequest naming it).
/// - EOPNOTSUPP: on page 0 the driver cannot read module EEPROM (Io); on another page/bank
///   the driver serves page 0 only (Unavailable, so a dump records the page as not held).
/// - EINVAL on another page/bank: unsupported page (Unavailable); on page 0 InvalidRequest.
/// - ENOENT/ENXIO: no module plugged (Disconnected).
/// - EIO: BusError; EAGAIN/EBUSY: Nack (busy, try again); ETIMEDOUT: Timeout;
///   EPERM/EACCES: Io with the CAP_NET_ADMIN hint; others: Io.
pub fn to_transport(e: ReplyError, asked: Asked<'_>) -> TransportError {
    let (errno, message) = match e {
        ReplyError::Malformed(m) => {
            return TransportError::Protocol(format!("{}: {m}", asked.what()));
        }
        ReplyError::Errno { errno, message } => (errno, message),
    };
    let said = message
        .map(|m| format!(" (kernel: {m})"))
        .unwrap_or_default();
    let ifname = asked.ifname;
    match errno {
        ENODEV => TransportError::InvalidRequest(format!(
            "no such interface `{ifname}`{said}: give a network interface with a module cage (see `ip link`)"
        )),
        EOPNOTSUPP if asked.paged() => TransportError::Unavailable {
            what: format!(
                "unsupported page: the driver of {ifname} does not serve bank {} page {:#04x}{said}",
                asked.bank, asked.page
            ),
        },
        EOPNOTSUPP => TransportError::Io {
            context: format!(
                "{}: the driver cannot read module EEPROM, or no module is plugged{said}",
                asked.what()
            ),
            source: std::io::Error::from_raw_os_error(errno),
        },
        EINVAL | ERANGE if asked.paged() => TransportError::Unavailable {
            what: format!(
                "unsupported page: {ifname} refused bank {} page {:#04x}{said}",
                asked.bank, asked.page
            ),
        },
        EINVAL | ERANGE => {
            TransportError::InvalidRequest(format!("{} refused{said}", asked.what()))
        }
        ENOENT | ENXIO => TransportError::Disconnected(format!(
            "no module plugged in {ifname} (or it does not answer){said}"
        )),
        EIO => TransportError::BusError {
            device: asked.device,
            offset: asked.offset,
            detail: format!("the driver of {ifname} reported an I/O error{said}"),
        },
        EAGAIN | EBUSY => TransportError::Nack {
            device: asked.device,
            offset: asked.offset,
        },
        ETIMEDOUT => TransportError::Timeout {
            what: format!("{}{said}", asked.what()),
            ms: 0,
        },
        EPERM | EACCES => TransportError::Io {
            context: format!(
                "{}: reading module EEPROM through ethtool needs CAP_NET_ADMIN (run as root){said}",
                asked.what()
            ),
            source: std::io::Error::from_raw_os_error(errno),
        },
        _ => TransportError::Io {
            context: format!("{}{said}", asked.what()),
            source: std::io::Error::from_raw_os_error(errno),
        },
    }
}
