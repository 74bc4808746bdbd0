//! [`OptoeTransport`]: positioned reads and writes on the optoe file, with the page register
//! kept here (the driver selects pages itself).

use std::fs::{File, OpenOptions};
use std::io::ErrorKind;
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};

use crate::addr::{DeviceAddr, HALF_LEN};
use crate::transport::{Capabilities, Transport, TransportError, check_span};

use super::layout::Layout;

/// Byte number of the page register.
const PAGE_REGISTER: u8 = 127;
/// Byte number of the CMIS bank register.
const BANK_REGISTER: u8 = 126;

/// A module behind the optoe driver: one flat file per port.
#[derive(Debug)]
pub struct OptoeTransport {
    file: File,
    path: PathBuf,
    layout: Layout,
    writable: bool,
    /// The upper page the paged layer last selected (bank is always 0).
    page: u8,
}

fn io(context: String, source: std::io::Error) -> TransportError {
    match source.raw_os_error() {
        // optoe answers ENXIO when no module acknowledges (absent or pulled).
        // ENXIO (6).
        Some(6) => TransportError::Disconnected(format!("{context}: no module answers ({source})")),
        // ENODEV (19): the device (the port's i2c client) went away.
        Some(19) => TransportError::Disconnected(format!("{context}: device gone ({source})")),
        _ => TransportError::Io { context, source },
    }
}

impl OptoeTransport {
    /// Opens the optoe file read-write (read-only when writing is not permitted: writes are then
    /// refused) and chooses the layout from byte 0 (the identifier).
    pub fn open(path: impl AsRef<Path>) -> Result<OptoeTransport, TransportError> {
        let path = path.as_ref().to_path_buf();
        let (file, writable) = match OpenOptions::new().read(true).write(true).open(&path) {
            Ok(f) => (f, true),
            Err(e)
                if matches!(
                    e.kind(),
                    ErrorKind::PermissionDenied | ErrorKind::ReadOnlyFilesystem
                ) =>
            {
                let f = File::open(&path)
                    .map_err(|e| io(format!("opening optoe file {}", path.display()), e))?;
                (f, false)
            }
            Err(e) => return Err(io(format!("opening optoe file {}", path.display()), e)),
        };
        Self::from_file(file, path, writable)
    }

    /// Opens the optoe file read-only: every write is refused.
    pub fn open_read_only(path: impl AsRef<Path>) -> Result<OptoeTransport, TransportError> {
        let path = path.as_ref().to_path_buf();
        let file = File::open(&path)
            .map_err(|e| io(format!("opening optoe file {}", path.display()), e))?;
        Self::from_file(file, path, false)
    }

    fn from_file(
        file: File,
        path: PathBuf,
        writable: bool,
    ) -> Result<OptoeTransport, TransportError> {
        let mut t = OptoeTransport {
            file,
            path,
            layout: Layout::OneAddress,
            writable,
            page: 0,
        };
        let mut id = [0u8; 1];
        t.read_linear(0, &mut id)?;
        t.layout = Layout::for_identifier(id[0]);
        Ok(t)
    }

    /// The linear map chosen at open.
    pub fn layout(&self) -> Layout {
        self.layout
    }

    /// Whether writes reach the file.
    pub fn writable(&self) -> bool {
        self.writable
    }

    /// The file path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The upper page currently selected.
    pub fn selected_page(&self) -> u8 {
        self.page
    }

    fn read_linear(&self, at: u64, buf: &mut [u8]) -> Result<(), TransportError> {
        let mut done = 0;
        while done < buf.len() {
            let Some(rest) = buf.get_mut(done..) else {
                break;
            };
            let pos = at + done as u64;
            match self.file.read_at(rest, pos) {
                Ok(0) => {
                    return Err(TransportError::Disconnected(format!(
                        "{}: short read: {} bytes at file offset {at} returned {done} (the file ends at {pos}: module unplugged mid-read?)",
                        self.path.display(),
                        buf.len()
                    )));
                }
                Ok(n) => done += n,
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(e) => {
                    return Err(io(
                        format!(
                            "reading {} bytes at file offset {pos} of {}",
                            rest.len(),
                            self.path.display()
                        ),
                        e,
                    ));
                }
            }
        }
        Ok(())
    }

    fn write_linear(&self, at: u64, data: &[u8]) -> Result<(), TransportError> {
        if !self.writable {
            return Err(TransportError::WriteRefused {
                reason: format!(
                    "{} is open read-only (no write permission): {} bytes at file offset {at} not written",
                    self.path.display(),
                    data.len()
                ),
            });
        }
        self.file.write_all_at(data, at).map_err(|e| {
            io(
                format!(
                    "writing {} bytes at file offset {at} of {}",
                    data.len(),
                    self.path.display()
                ),
                e,
            )
        })
    }

    /// The file offset of `device` byte `offset` with the selected page.
    fn linear(&self, device: DeviceAddr, offset: u8) -> Result<u64, TransportError> {
        self.layout
            .linear(device, self.page, offset)
            .ok_or_else(|| {
                TransportError::InvalidRequest(format!(
                    "device {device} is not in the optoe file {} ({})",
                    self.path.display(),
                    match self.layout {
                        Layout::OneAddress => "QSFP/CMIS layout: device 0x50 only",
                        Layout::Sfp => "SFP layout: devices 0x50 and 0x51 only",
                    }
                ))
            })
    }

    /// Splits `offset..offset+len` at byte 128 (the lower and upper halves are not adjacent in
    /// the file once a page is selected) and returns `(first, len)` runs.
    fn halves(offset: u8, len: usize) -> impl Iterator<Item = (u8, usize)> {
        let start = usize::from(offset);
        let end = start + len;
        let split = HALF_LEN.clamp(start, end);
        [(start, split), (split, end)]
            .into_iter()
            .filter(|(a, b)| b > a)
            .filter_map(|(a, b)| u8::try_from(a).ok().map(|a| (a, b - usize::from(a))))
    }

    /// Whether `device` byte `offset` is a page-select register this backend keeps.
    fn is_register(&self, device: DeviceAddr, offset: u8) -> bool {
        device == self.layout.paged_device()
            && (offset == PAGE_REGISTER
                || (offset == BANK_REGISTER && self.layout.has_bank_register()))
    }
}

impl Transport for OptoeTransport {
    fn read(
        &mut self,
        device: DeviceAddr,
        offset: u8,
        buf: &mut [u8],
    ) -> Result<(), TransportError> {
        check_span(offset, buf.len())?;
        let mut done = 0;
        for (first, len) in Self::halves(offset, buf.len()) {
            let at = self.linear(device, first)?;
            let Some(part) = buf.get_mut(done..done + len) else {
                break;
            };
            self.read_linear(at, part)?;
            done += len;
        }
        Ok(())
    }

    fn write(&mut self, device: DeviceAddr, offset: u8, data: &[u8]) -> Result<(), TransportError> {
        check_span(offset, data.len())?;
        // Check the select registers first, so a refused bank writes nothing at all.
        let mut new_page = None;
        for (i, value) in data.iter().enumerate() {
            let byte = usize::from(offset) + i;
            let Ok(byte) = u8::try_from(byte) else {
                continue;
            };
            if !self.is_register(device, byte) {
                continue;
            }
            if byte == BANK_REGISTER && *value != 0 {
                return Err(TransportError::WriteRefused {
                    reason: format!(
                        "optoe serves bank 0 only: bank {value} asked of {} (byte 126)",
                        self.path.display()
                    ),
                });
            }
            if byte == PAGE_REGISTER {
                new_page = Some(*value);
            }
        }
        // Ordinary bytes go to the file in runs, skipping the registers.
        let mut run_start: Option<usize> = None;
        let end = usize::from(offset) + data.len();
        for byte in usize::from(offset)..=end {
            let register =
                byte < end && u8::try_from(byte).is_ok_and(|b| self.is_register(device, b));
            let ends_run = byte == end || register || byte == HALF_LEN;
            if ends_run {
                if let Some(s) = run_start.take() {
                    self.write_run(device, offset, data, s, byte)?;
                }
            }
            if byte < end && !register && run_start.is_none() {
                run_start = Some(byte);
            }
        }
        if let Some(p) = new_page {
            self.page = p;
        }
        Ok(())
    }

    fn capabilities(&self) -> Capabilities {
        Capabilities {
            max_read: HALF_LEN,
            // The driver writes one byte at a time itself; one file write can carry 8.
            max_write: 8,
            banks: false,
            // The paged layer writes the page register as usual; this backend keeps it instead
            // of writing it to the module (the driver selects pages for each access).
            selects_pages: false,
            bus_hz: match self.layout {
                Layout::OneAddress => 400_000,
                Layout::Sfp => 100_000,
            },
            in_memory: false,
        }
    }

    fn describe(&self) -> String {
        format!("optoe:{}", self.path.display())
    }
}

impl OptoeTransport {
    /// Writes `data[s - offset..e - offset]` (bytes `s..e` of `device`, one half) to the file.
    fn write_run(
        &self,
        device: DeviceAddr,
        offset: u8,
        data: &[u8],
        s: usize,
        e: usize,
    ) -> Result<(), TransportError> {
        let base = usize::from(offset);
        let (Some(part), Ok(first)) = (data.get(s - base..e - base), u8::try_from(s)) else {
            return Ok(());
        };
        let at = self.linear(device, first)?;
        self.write_linear(at, part)
    }
}
