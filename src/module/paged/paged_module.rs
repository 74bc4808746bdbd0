//! [`PagedModule`]: one module's paged reads and checked writes.

use crate::addr::{HALF_LEN, Half, SegmentId};
use crate::memmap::cmis::lower_status::Revision;
use crate::memmap::cmis::page01::Page01;
use crate::memmap::image::HalfPage;
use crate::memmap::view::HalfView;
use crate::module::error::ModuleError;
use crate::module::write_safety::{Grant, Spec, WriteSafety};
use crate::transport::TransportError;
use crate::transport::actor::{BusHandle, BusStats, Op, Request, RetryPolicy};

use super::paging::{Paging, Registers, plan_select};
use super::ranges::{ByteRange, Piece, RangeData, chunks, coalesce};

/// Paged access to one module through its bus handle. Not `Clone`: the page cache belongs to
/// one user of the module.
#[derive(Debug)]
pub struct PagedModule {
    bus: BusHandle,
    paging: Paging,
    module_max_read: usize,
    retry: RetryPolicy,
    current: Option<Registers>,
    stats: BusStats,
    safety: WriteSafety,
}

/// Which step of a request failed.
enum Step {
    Select,
    Access,
}

impl PagedModule {
    /// A module reached through `bus`, paged as `paging`, reading at the spec's default size.
    pub fn new(bus: BusHandle, paging: Paging) -> Self {
        PagedModule {
            bus,
            paging,
            module_max_read: paging.default_max_read(),
            retry: RetryPolicy::default(),
            current: None,
            stats: BusStats::default(),
            safety: WriteSafety::new(paging.spec, paging.spec == Spec::Sff8472 && paging.paged),
        }
    }

    /// The bus handle.
    pub fn bus(&self) -> &BusHandle {
        &self.bus
    }

    /// The paging in force.
    pub fn paging(&self) -> Paging {
        self.paging
    }

    /// Changes the paging (once the identifier is known); the read size goes back to the
    /// spec's default, the write allowlist follows the spec, grants are kept.
    pub fn configure(&mut self, paging: Paging) {
        self.paging = paging;
        self.module_max_read = paging.default_max_read();
        self.safety
            .set_spec(paging.spec, paging.spec == Spec::Sff8472 && paging.paged);
    }

    /// Sets the longest read the module accepts (still capped by the backend).
    pub fn set_module_max_read(&mut self, bytes: usize) {
        self.module_max_read = bytes.clamp(1, HALF_LEN);
    }

    /// CMIS: takes the read size from Page 01h:251 as decoded by
    /// [`crate::memmap::cmis::page01`] (128 when full-page reads are advertised, else 8);
    /// returns the read size now in force. Other specs are left alone.
    pub fn apply_page01(&mut self, lower: &HalfPage, page01: &HalfPage) -> usize {
        if self.paging.spec == Spec::Cmis {
            let mut notes = Vec::new();
            let revision = Revision::from_byte(HalfView::lower(lower).u8(1));
            let (p1, _) = Page01::decode(&HalfView::upper(page01), revision, &mut notes);
            self.set_module_max_read(usize::from(p1.read_size.max_read_bytes));
        }
        self.max_read()
    }

    /// Longest read sent: the module's limit capped by the backend's.
    pub fn max_read(&self) -> usize {
        self.module_max_read
            .min(self.bus.capabilities().max_read)
            .clamp(1, HALF_LEN)
    }

    /// Longest write sent: the spec's limit capped by the backend's.
    pub fn max_write(&self) -> usize {
        self.paging
            .max_write()
            .min(self.bus.capabilities().max_write)
            .max(1)
    }

    /// Sets the retry policy of every later request.
    pub fn set_retry(&mut self, retry: RetryPolicy) {
        self.retry = retry;
    }

    /// Extends the write allowlist.
    pub fn grant(&mut self, grant: Grant) {
        self.safety.grant(grant);
    }

    /// The write allowlist and grants in force.
    pub fn safety(&self) -> &WriteSafety {
        &self.safety
    }

    /// Counters of this module's requests (every attempt).
    pub fn stats(&self) -> BusStats {
        self.stats
    }

    /// Forgets which page is selected (e.g. after the module may have been replaced).
    pub fn forget_page(&mut self) {
        self.current = None;
    }

    /// Reads one whole 128-byte segment.
    pub async fn read_segment(&mut self, segment: SegmentId) -> Result<HalfPage, ModuleError> {
        let first = segment.base() as u8;
        let bytes = self.read_spans(segment, &[(first, first + 127)]).await?;
        let mut page = [0u8; HALF_LEN];
        if bytes.len() != HALF_LEN {
            return Err(ModuleError::Read {
                segment,
                source: TransportError::Protocol(format!(
                    "{} bytes back for a 128-byte segment",
                    bytes.len()
                )),
            });
        }
        page.copy_from_slice(&bytes);
        Ok(page)
    }

    /// Reads `len` bytes from byte `first` of `segment` (spec numbering).
    pub async fn read(
        &mut self,
        segment: SegmentId,
        first: u8,
        len: usize,
    ) -> Result<Vec<u8>, ModuleError> {
        let last = usize::from(first) + len.max(1) - 1;
        let range = ByteRange::new(segment, first, u8::try_from(last).unwrap_or(u8::MAX));
        if let Err(source) = range.check().and_then(|()| {
            if last > 255 || len == 0 {
                Err(TransportError::InvalidRequest(format!(
                    "{len} bytes from byte {first} do not fit {segment}"
                )))
            } else {
                Ok(())
            }
        }) {
            return Err(ModuleError::Read { segment, source });
        }
        self.read_spans(segment, &[(range.first, range.last)]).await
    }

    /// Reads the given ranges: coalesced within each segment, segments needing no select
    /// first, then each other page selected once, by device, bank and page.
    pub async fn read_ranges(&mut self, ranges: &[ByteRange]) -> Result<RangeData, ModuleError> {
        let max_read = self.max_read();
        let plan = coalesce(ranges, max_read).map_err(|source| ModuleError::Read {
            segment: ranges.first().map_or(SegmentId::LOWER, |r| r.segment),
            source,
        })?;
        let caps = self.bus.capabilities();
        // Segments reachable without a select keep the current page; then by (device, bank,
        // page), the segment order.
        let mut order: Vec<SegmentId> = plan.keys().copied().collect();
        order.sort_by_key(|s| {
            let needs_select =
                !matches!(plan_select(self.paging, caps, self.current, *s), Ok(None));
            (needs_select, *s)
        });
        let mut data = RangeData::default();
        for segment in order {
            let spans = plan.get(&segment).map(Vec::as_slice).unwrap_or_default();
            let bytes = self.read_spans(segment, spans).await?;
            let mut at = 0;
            for &(first, last) in spans {
                let len = usize::from(last - first) + 1;
                data.pieces.push(Piece {
                    segment,
                    first,
                    bytes: bytes.get(at..at + len).unwrap_or_default().to_vec(),
                });
                at += len;
            }
        }
        Ok(data)
    }

    /// Writes `data` from byte `first` of `segment` (spec numbering), after the write-safety
    /// check, in writes of at most [`PagedModule::max_write`] bytes, with its page select, as
    /// one atomic request.
    pub async fn write(
        &mut self,
        segment: SegmentId,
        first: u8,
        data: &[u8],
    ) -> Result<(), ModuleError> {
        let err = |source| ModuleError::Write { segment, source };
        self.safety.check(segment, first, data).map_err(err)?;
        let mut ops = Vec::new();
        let select = self.select_op(segment).map_err(err)?;
        let has_select = select.is_some();
        let regs = select.map(|(op, regs)| {
            ops.push(op);
            regs
        });
        for (i, piece) in data.chunks(self.max_write()).enumerate() {
            ops.push(Op::Write {
                device: segment.device,
                offset: first + (i * self.max_write()) as u8,
                data: piece.to_vec(),
            });
        }
        self.send(ops, has_select, regs)
            .await
            .map(drop)
            .map_err(|(_, source)| err(source))
    }

    /// The select for `segment`, checked by the write allowlist, or `None` when not needed.
    fn select_op(&self, segment: SegmentId) -> Result<Option<(Op, Registers)>, TransportError> {
        let planned = plan_select(self.paging, self.bus.capabilities(), self.current, segment)?;
        if let Some((
            Op::Select {
                device,
                offset,
                data,
            },
            _,
        )) = &planned
        {
            let register_half = SegmentId {
                device: *device,
                half: Half::Lower,
            };
            self.safety.check(register_half, *offset, data)?;
        }
        Ok(planned)
    }

    /// Selects `segment`'s page if needed and reads `spans` of it in one request.
    async fn read_spans(
        &mut self,
        segment: SegmentId,
        spans: &[(u8, u8)],
    ) -> Result<Vec<u8>, ModuleError> {
        let select = self
            .select_op(segment)
            .map_err(|source| ModuleError::Select { segment, source })?;
        let mut ops = Vec::new();
        let has_select = select.is_some();
        let regs = select.map(|(op, regs)| {
            ops.push(op);
            regs
        });
        let max_read = self.max_read();
        for &(first, last) in spans {
            for (offset, len) in chunks(first, last, max_read) {
                ops.push(Op::Read {
                    device: segment.device,
                    offset,
                    len,
                });
            }
        }
        self.send(ops, has_select, regs)
            .await
            .map_err(|(step, source)| match step {
                Step::Select => ModuleError::Select { segment, source },
                Step::Access => ModuleError::Read { segment, source },
            })
    }

    /// Runs one request; keeps the page cache right (new registers on success, unknown after
    /// any error).
    async fn send(
        &mut self,
        ops: Vec<Op>,
        has_select: bool,
        regs: Option<Registers>,
    ) -> Result<Vec<u8>, (Step, TransportError)> {
        let outcome = self
            .bus
            .run(Request {
                ops,
                retry: self.retry,
            })
            .await;
        self.stats += outcome.stats;
        match outcome.result {
            Ok(bytes) => {
                if regs.is_some() {
                    self.current = regs;
                }
                Ok(bytes)
            }
            Err(e) => {
                self.current = None;
                let step = if has_select && outcome.failed_at == Some(0) {
                    Step::Select
                } else {
                    Step::Access
                };
                Err((step, e))
            }
        }
    }
}
