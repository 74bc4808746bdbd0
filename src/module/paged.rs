//! Paged access over any [`Transport`]: selects the page (and bank) a segment lives in, without
//! re-selecting a page already known to be current, and reads in chunks no longer than both the
//! backend and the spec allow. The cache of the current page is dropped after any error.
//!
//! Page-select rules (design.md §7 allows these writes for every spec):
//! - CMIS: bank and page written together in one write to bytes 126-127 when the bank changes
//!   (CMIS 5.4 §8.2.15), otherwise byte 127 alone.
//! - SFF-8636: byte 127 of 0x50.
//! - SFF-8472: A0h is not paged; A2h upper pages by A2h byte 127, only when A0h 64.4 says paging
//!   is implemented.

use crate::addr::{DeviceAddr, HALF_LEN, Half, PageSel, SegmentId};
use crate::memmap::image::HalfPage;
use crate::module::error::ModuleError;
use crate::transport::Transport;

/// How a module's upper half is selected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paging {
    /// SFF-8472: A0h unpaged; A2h paged only if `a2_paging`.
    Sff8472 {
        /// A0h byte 64 bit 4.
        a2_paging: bool,
    },
    /// SFF-8636 / SFF-8436: byte 127.
    Sff8636,
    /// CMIS: bytes 126 (bank) and 127 (page).
    Cmis,
    /// Flat memory (CMIS byte 2 bit 7, SFF-8636 byte 2 bit 2): only page 00h exists and it is
    /// always mapped; page-select bytes are never written.
    Flat,
}

impl Paging {
    /// The longest read the spec allows by default: 8 bytes for CMIS unless the module
    /// advertises more (reference/bus-access.md §1.6), 128 otherwise.
    pub fn default_max_read(self) -> usize {
        match self {
            Paging::Cmis => 8,
            _ => HALF_LEN,
        }
    }
}

/// Counters of one paged session.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct BusStats {
    /// Read transactions.
    pub reads: u64,
    /// Write transactions (page selects included).
    pub writes: u64,
    /// Bytes read.
    pub bytes_read: u64,
    /// Bytes written.
    pub bytes_written: u64,
    /// Page-select writes.
    pub page_selects: u64,
}

/// Paged reads of one module.
pub struct PagedReader<'t> {
    transport: &'t mut dyn Transport,
    paging: Paging,
    max_read: usize,
    current: Option<(DeviceAddr, PageSel)>,
    stats: BusStats,
}

impl<'t> PagedReader<'t> {
    /// A reader over `transport` for a module paged as `paging`.
    pub fn new(transport: &'t mut dyn Transport, paging: Paging) -> Self {
        let max_read = transport
            .capabilities()
            .max_read
            .min(paging.default_max_read())
            .max(1);
        PagedReader {
            transport,
            paging,
            max_read,
            current: None,
            stats: BusStats::default(),
        }
    }

    /// Changes the paging (once the identifier is known) and the read size (once the module
    /// advertises it), bounded by the backend.
    pub fn configure(&mut self, paging: Paging, module_max_read: usize) {
        self.paging = paging;
        self.max_read = self
            .transport
            .capabilities()
            .max_read
            .min(module_max_read)
            .max(1);
    }

    /// Counters so far.
    pub fn stats(&self) -> BusStats {
        self.stats
    }

    /// Reads one 128-byte segment.
    pub fn read_segment(&mut self, segment: SegmentId) -> Result<HalfPage, ModuleError> {
        self.select(segment)?;
        let mut page = [0u8; HALF_LEN];
        let base = segment.base();
        let mut done = 0;
        while done < HALF_LEN {
            let len = self.max_read.min(HALF_LEN - done);
            let offset = (base + done) as u8;
            let result = self
                .transport
                .read(segment.device, offset, &mut page[done..done + len]);
            self.stats.reads += 1;
            if let Err(source) = result {
                self.current = None;
                return Err(ModuleError::Read { segment, source });
            }
            self.stats.bytes_read += len as u64;
            done += len;
        }
        Ok(page)
    }

    fn select(&mut self, segment: SegmentId) -> Result<(), ModuleError> {
        let Half::Upper(sel) = segment.half else {
            return Ok(());
        };
        if self.transport.capabilities().selects_pages {
            return Ok(());
        }
        let needs_select = match (self.paging, segment.device) {
            (Paging::Sff8472 { .. }, DeviceAddr::A0) => false,
            (Paging::Sff8472 { a2_paging }, _) => a2_paging,
            (Paging::Flat, _) => false,
            _ => true,
        };
        if !needs_select || self.current == Some((segment.device, sel)) {
            return Ok(());
        }
        let bank_changes = match self.current {
            Some((dev, cur)) => dev != segment.device || cur.bank != sel.bank,
            None => sel.bank != 0,
        };
        let (offset, bytes): (u8, &[u8]) = if self.paging == Paging::Cmis && bank_changes {
            (126, &[sel.bank, sel.page])
        } else {
            (127, std::slice::from_ref(&sel.page))
        };
        let result = self.transport.write(segment.device, offset, bytes);
        self.stats.writes += 1;
        self.stats.page_selects += 1;
        match result {
            Ok(()) => {
                self.stats.bytes_written += bytes.len() as u64;
                self.current = Some((segment.device, sel));
                Ok(())
            }
            Err(source) => {
                self.current = None;
                Err(ModuleError::Select { segment, source })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transport::{Capabilities, TransportError};

    /// Records every transaction; answers reads with the offset.
    #[derive(Default)]
    struct Script {
        log: Vec<String>,
        fail_reads_at: Option<u8>,
    }

    impl Transport for Script {
        fn read(&mut self, d: DeviceAddr, o: u8, buf: &mut [u8]) -> Result<(), TransportError> {
            self.log.push(format!("r {:02x} {o} {}", d.0, buf.len()));
            if self.fail_reads_at == Some(o) {
                return Err(TransportError::Nack {
                    device: d,
                    offset: o,
                });
            }
            buf.fill(o);
            Ok(())
        }
        fn write(&mut self, d: DeviceAddr, o: u8, data: &[u8]) -> Result<(), TransportError> {
            self.log.push(format!("w {:02x} {o} {data:?}", d.0));
            Ok(())
        }
        fn capabilities(&self) -> Capabilities {
            Capabilities::default()
        }
        fn describe(&self) -> String {
            "script".into()
        }
    }

    #[test]
    fn cmis_reads_in_8_byte_chunks_and_selects_each_page_once() {
        let mut t = Script::default();
        let mut r = PagedReader::new(&mut t, Paging::Cmis);
        r.read_segment(SegmentId::LOWER).unwrap();
        r.read_segment(SegmentId::upper(1)).unwrap();
        r.read_segment(SegmentId::upper(1)).unwrap();
        r.read_segment(SegmentId::banked(1, 0x11)).unwrap();
        r.read_segment(SegmentId::banked(1, 0x10)).unwrap();
        let s = r.stats();
        assert_eq!(s.reads, 5 * 16);
        assert_eq!(s.bytes_read, 5 * 128);
        assert_eq!(s.page_selects, 3);
        let writes: Vec<_> = t.log.iter().filter(|l| l.starts_with('w')).collect();
        // page 01h of bank 0 from an unknown state: byte 127 alone; bank change: 126+127.
        assert_eq!(
            writes,
            vec!["w 50 127 [1]", "w 50 126 [1, 17]", "w 50 127 [16]"]
        );
    }

    #[test]
    fn sfp_a0h_upper_is_never_selected_and_a2h_only_with_paging() {
        let mut t = Script::default();
        let mut r = PagedReader::new(&mut t, Paging::Sff8472 { a2_paging: false });
        r.read_segment(SegmentId::upper(0)).unwrap();
        r.read_segment(SegmentId::a2_upper(0)).unwrap();
        assert_eq!(r.stats().page_selects, 0);
        assert_eq!(r.stats().reads, 2, "128-byte reads");
        let mut r = PagedReader::new(&mut t, Paging::Sff8472 { a2_paging: true });
        r.read_segment(SegmentId::a2_upper(0)).unwrap();
        assert_eq!(r.stats().page_selects, 1);
        assert!(t.log.contains(&"w 51 127 [0]".to_string()));
    }

    #[test]
    fn flat_memory_is_never_selected() {
        let mut t = Script::default();
        let mut r = PagedReader::new(&mut t, Paging::Flat);
        r.read_segment(SegmentId::upper(0)).unwrap();
        assert_eq!(r.stats().page_selects, 0);
        assert!(t.log.iter().all(|l| l.starts_with('r')));
    }

    #[test]
    fn an_error_drops_the_page_cache() {
        let mut t = Script {
            fail_reads_at: Some(136),
            ..Script::default()
        };
        let mut r = PagedReader::new(&mut t, Paging::Cmis);
        assert!(r.read_segment(SegmentId::upper(2)).is_err());
        assert!(r.read_segment(SegmentId::upper(2)).is_err());
        let selects = t.log.iter().filter(|l| l.starts_with("w 50 127")).count();
        assert_eq!(selects, 2, "re-selected after the error");
    }
}
