//! [`EthtoolTransport`]: module reads through `ETHTOOL_MSG_MODULE_EEPROM_GET`, with the page and
//! bank registers kept here (the kernel takes them as request attributes).

use crate::addr::{DeviceAddr, HALF_LEN};
use crate::transport::{Capabilities, Transport, TransportError, check_span};

use super::errors::{Asked, to_transport};
use super::split::chunks;
use super::wire::{
    ETHTOOL_GENL_NAME, ReplyError, encode_family_request, encode_get_request, parse_family_reply,
    parse_reply,
};

/// Byte number of the page register.
const PAGE_REGISTER: u8 = 127;
/// Byte number of the CMIS bank register.
const BANK_REGISTER: u8 = 126;
/// `IFNAMSIZ` - 1: the longest interface name.
const IFNAME_MAX: usize = 15;

/// One request out, its reply back: the socket, or a fake kernel in tests.
pub trait Exchange: Send {
    /// Sends `request` and returns the bytes of its reply.
    fn exchange(&mut self, request: &[u8]) -> std::io::Result<Vec<u8>>;
}

/// A module behind a NIC driver, read through the ethtool generic-netlink family.
pub struct EthtoolTransport {
    link: Box<dyn Exchange>,
    ifname: String,
    family_id: u16,
    seq: u32,
    /// The upper page the paged layer last selected, per device: index 0 for 0x50 (QSFP/CMIS,
    /// SFF-8472 A0h), 1 for 0x51 (SFF-8472 A2h, page register A2h byte 127).
    pages: [u8; 2],
    /// The bank the paged layer last selected (CMIS, device 0x50 byte 126).
    bank: u8,
}

/// Index into `pages` of a device that has a page register.
fn page_slot(device: DeviceAddr) -> Option<usize> {
    match device {
        DeviceAddr::A0 => Some(0),
        DeviceAddr::A2 => Some(1),
        _ => None,
    }
}

impl std::fmt::Debug for EthtoolTransport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EthtoolTransport")
            .field("ifname", &self.ifname)
            .field("family_id", &self.family_id)
            .field("pages", &self.pages)
            .field("bank", &self.bank)
            .finish()
    }
}

/// Checks an interface name the way the kernel would take it (1..15 bytes, no NUL or `/`).
fn check_ifname(ifname: &str) -> Result<(), TransportError> {
    if ifname.is_empty()
        || ifname.len() > IFNAME_MAX
        || ifname
            .bytes()
            .any(|b| b == 0 || b == b'/' || b.is_ascii_whitespace())
    {
        return Err(TransportError::InvalidRequest(format!(
            "`{ifname}` is not an interface name (1-{IFNAME_MAX} bytes, no `/`, NUL or space)"
        )));
    }
    Ok(())
}

impl EthtoolTransport {
    /// Opens a generic-netlink socket, resolves the `ethtool` family and reads byte 0 of the
    /// module on `ifname` (so a missing interface or module is reported here, naming it).
    pub fn open(ifname: &str) -> Result<EthtoolTransport, TransportError> {
        check_ifname(ifname)?;
        let socket = super::socket::NetlinkSocket::open().map_err(|source| TransportError::Io {
            context: "opening a generic-netlink socket".into(),
            source,
        })?;
        Self::connect(Box::new(socket), ifname)
    }

    /// Resolves the `ethtool` family over `link` and probes byte 0 of the module on `ifname`.
    pub fn connect(
        mut link: Box<dyn Exchange>,
        ifname: &str,
    ) -> Result<EthtoolTransport, TransportError> {
        check_ifname(ifname)?;
        let reply = link
            .exchange(&encode_family_request(ETHTOOL_GENL_NAME, 1))
            .map_err(|source| TransportError::Io {
                context: "asking the kernel for the ethtool netlink family".into(),
                source,
            })?;
        let family_id = parse_family_reply(&reply).map_err(|e| match e {
            // ENOENT (2): no such family: ethtool netlink arrived in Linux 5.6, module EEPROM
            // pages in 5.13.
            ReplyError::Errno { errno: 2, .. } => TransportError::Unavailable {
                what: "this kernel has no ethtool netlink family (needs Linux 5.13 or later for module EEPROM pages)".into(),
            },
            other => TransportError::Protocol(format!("resolving the ethtool family: {other}")),
        })?;
        let mut t = EthtoolTransport {
            link,
            ifname: ifname.to_owned(),
            family_id,
            seq: 1,
            pages: [0, 0],
            bank: 0,
        };
        let mut id = [0u8; 1];
        t.read(DeviceAddr::A0, 0, &mut id)?;
        Ok(t)
    }

    /// The interface name.
    pub fn ifname(&self) -> &str {
        &self.ifname
    }

    /// The upper page currently selected on device 0x50.
    pub fn selected_page(&self) -> u8 {
        self.pages[0]
    }

    /// The upper page currently selected on `device` (0 for a device without a page register).
    pub fn selected_page_of(&self, device: DeviceAddr) -> u8 {
        page_slot(device)
            .and_then(|i| self.pages.get(i).copied())
            .unwrap_or(0)
    }

    /// The bank currently selected.
    pub fn selected_bank(&self) -> u8 {
        self.bank
    }

    /// One request of at most 128 bytes inside one half.
    fn get(
        &mut self,
        device: DeviceAddr,
        offset: u8,
        out: &mut [u8],
    ) -> Result<(), TransportError> {
        let len = u8::try_from(out.len()).unwrap_or(u8::MAX);
        // The lower half is page 0 bank 0 whatever is selected (the kernel refuses a page in the
        // lower half).
        let (page, bank) = if usize::from(offset) >= HALF_LEN {
            let bank = if device == DeviceAddr::A0 {
                self.bank
            } else {
                0
            };
            (self.selected_page_of(device), bank)
        } else {
            (0, 0)
        };
        self.seq = self.seq.wrapping_add(1);
        let request = encode_get_request(
            &self.ifname,
            device.0,
            page,
            bank,
            offset,
            len,
            self.seq,
            self.family_id,
        );
        let asked = Asked {
            ifname: &self.ifname,
            device,
            page,
            bank,
            offset,
            len,
        };
        let reply = self
            .link
            .exchange(&request)
            .map_err(|source| match source.kind() {
                std::io::ErrorKind::TimedOut => TransportError::Timeout {
                    what: format!("the kernel's reply on {}: {source}", self.ifname),
                    ms: 0,
                },
                _ => TransportError::Io {
                    context: format!("netlink request on {}", self.ifname),
                    source,
                },
            })?;
        let data = parse_reply(&reply).map_err(|e| to_transport(e, asked))?;
        if data.len() != out.len() {
            return Err(TransportError::Protocol(format!(
                "asked {} bytes at byte {offset} of {device} on {}, the kernel returned {}",
                out.len(),
                self.ifname,
                data.len()
            )));
        }
        out.copy_from_slice(&data);
        Ok(())
    }
}

impl Transport for EthtoolTransport {
    fn read(
        &mut self,
        device: DeviceAddr,
        offset: u8,
        buf: &mut [u8],
    ) -> Result<(), TransportError> {
        check_span(offset, buf.len())?;
        let mut done = 0;
        for (first, len) in chunks(offset, buf.len()) {
            let len = usize::from(len);
            let Some(part) = buf.get_mut(done..done + len) else {
                break;
            };
            self.get(device, first, part)?;
            done += len;
        }
        Ok(())
    }

    fn write(&mut self, device: DeviceAddr, offset: u8, data: &[u8]) -> Result<(), TransportError> {
        check_span(offset, data.len())?;
        // Only page/bank selects are taken (kept here, never sent); any other byte refuses the
        // whole write before anything changes.
        let slot = page_slot(device);
        let mut page = self.selected_page_of(device);
        let mut bank = self.bank;
        for (i, value) in data.iter().enumerate() {
            match u8::try_from(usize::from(offset) + i) {
                Ok(PAGE_REGISTER) if slot.is_some() => page = *value,
                Ok(BANK_REGISTER) if device == DeviceAddr::A0 => bank = *value,
                _ => {
                    return Err(TransportError::WriteRefused {
                        reason: format!(
                            "the kernel offers no module writes through ethtool: byte {} of device {device} on {} not written",
                            usize::from(offset) + i,
                            self.ifname
                        ),
                    });
                }
            }
        }
        if let Some(p) = slot.and_then(|i| self.pages.get_mut(i)) {
            *p = page;
        }
        self.bank = bank;
        Ok(())
    }

    fn capabilities(&self) -> Capabilities {
        Capabilities {
            max_read: HALF_LEN,
            max_write: 2,
            banks: true,
            // The paged layer writes the select registers as usual; this backend keeps them and
            // sends them as the PAGE/BANK attributes of each request.
            selects_pages: false,
            // The driver's bus is unknown; 400 kHz is the common module bus.
            bus_hz: 400_000,
            in_memory: false,
        }
    }

    fn describe(&self) -> String {
        format!("ethtool:{}", self.ifname)
    }
}
