//! [`ImageModule`]: a module that answers from a memory image, behind the [`Transport`] trait.
//!
//! It keeps the page-select registers as a module does (CMIS and SFF-8636: bytes 126/127 of
//! 0x50; SFF-8472: byte 127 of A2h when A0h 64.4 advertises paging; A0h has no pages), serves
//! the selected page, and refuses pages the image does not hold. The `file:` backend is a
//! read-only `ImageModule`; the static part of `mock:` modules is a writable one.

use crate::addr::{DeviceAddr, HALF_LEN, Half, PageSel, SegmentId};
use crate::memmap::codes::{self, Family};
use crate::memmap::image::ModuleImage;
use crate::transport::{Capabilities, Transport, TransportError, check_span};

/// A module served from an image.
#[derive(Debug, Clone)]
pub struct ImageModule {
    image: ModuleImage,
    name: String,
    writable: bool,
    /// Selected bank/page of 0x50 (CMIS, SFF-8636).
    select_a0: PageSel,
    /// Selected page of 0x51 (SFF-8472 A2h).
    select_a2: PageSel,
    sfp: bool,
}

impl ImageModule {
    /// Serves `image`; `name` describes it (e.g. `"file:dump.bin"`). Writes other than page
    /// selects are refused unless `writable`.
    pub fn new(image: ModuleImage, name: impl Into<String>, writable: bool) -> Self {
        let sfp = image
            .identifier()
            .is_some_and(|id| codes::family_for_identifier(id) == Some(Family::Sff8472));
        ImageModule {
            image,
            name: name.into(),
            writable,
            select_a0: PageSel::page(0),
            select_a2: PageSel::page(0),
            sfp,
        }
    }

    /// The image as it is now (with any writes applied).
    pub fn image(&self) -> &ModuleImage {
        &self.image
    }

    fn segment_for(&self, device: DeviceAddr, offset: usize) -> Result<SegmentId, TransportError> {
        if device != DeviceAddr::A0 && !(self.sfp && device == DeviceAddr::A2) {
            return Err(TransportError::Nack {
                device,
                offset: offset as u8,
            });
        }
        let half = if offset < HALF_LEN {
            Half::Lower
        } else if device == DeviceAddr::A2 {
            Half::Upper(self.select_a2)
        } else if self.sfp {
            Half::Upper(PageSel::page(0)) // SFF-8472 A0h 128-255 is not paged
        } else {
            Half::Upper(self.select_a0)
        };
        Ok(SegmentId { device, half })
    }

    fn is_page_select(&self, device: DeviceAddr, offset: usize) -> bool {
        match (self.sfp, device) {
            (false, DeviceAddr::A0) => offset == 126 || offset == 127,
            (true, DeviceAddr::A2) => offset == 127,
            _ => false,
        }
    }
}

impl Transport for ImageModule {
    fn read(
        &mut self,
        device: DeviceAddr,
        offset: u8,
        buf: &mut [u8],
    ) -> Result<(), TransportError> {
        check_span(offset, buf.len())?;
        for (i, out) in buf.iter_mut().enumerate() {
            let at = usize::from(offset) + i;
            let seg = self.segment_for(device, at)?;
            let page = self
                .image
                .get(seg)
                .ok_or_else(|| TransportError::Unavailable {
                    what: format!("{seg} is not in the image {}", self.name),
                })?;
            *out = page[at % HALF_LEN];
        }
        Ok(())
    }

    fn write(&mut self, device: DeviceAddr, offset: u8, data: &[u8]) -> Result<(), TransportError> {
        check_span(offset, data.len())?;
        for (i, value) in data.iter().enumerate() {
            let at = usize::from(offset) + i;
            if self.is_page_select(device, at) {
                let sel = if device == DeviceAddr::A2 {
                    &mut self.select_a2
                } else {
                    &mut self.select_a0
                };
                if at == 126 {
                    sel.bank = *value;
                } else {
                    sel.page = *value;
                }
                continue;
            }
            if !self.writable {
                return Err(TransportError::WriteRefused {
                    reason: format!(
                        "{} is read-only: byte {at} of {device} cannot be written",
                        self.name
                    ),
                });
            }
            let seg = self.segment_for(device, at)?;
            let page = self
                .image
                .get_mut(seg)
                .ok_or_else(|| TransportError::Unavailable {
                    what: format!("{seg} is not in the image {}", self.name),
                })?;
            page[at % HALF_LEN] = *value;
        }
        Ok(())
    }

    fn capabilities(&self) -> Capabilities {
        Capabilities {
            max_read: 128,
            max_write: 8,
            banks: true,
            selects_pages: false,
            // SFF-8472 modules allow 100 kHz at most; SFF-8636 and CMIS 400 kHz.
            bus_hz: if self.sfp { 100_000 } else { 400_000 },
            in_memory: true,
        }
    }

    fn describe(&self) -> String {
        self.name.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cmis() -> ImageModule {
        let mut img = ModuleImage::new();
        let mut lower = [0u8; HALF_LEN];
        lower[0] = 0x18;
        img.insert(SegmentId::LOWER, lower);
        img.insert(SegmentId::upper(0), [0xA0; HALF_LEN]);
        img.insert(SegmentId::banked(1, 0x11), [0xB1; HALF_LEN]);
        ImageModule::new(img, "test", false)
    }

    #[test]
    fn serves_the_selected_bank_and_page() {
        let mut m = cmis();
        let mut buf = [0u8; 4];
        m.read(DeviceAddr::A0, 128, &mut buf).unwrap();
        assert_eq!(buf, [0xA0; 4]);
        m.write(DeviceAddr::A0, 126, &[1, 0x11]).unwrap();
        m.read(DeviceAddr::A0, 252, &mut buf).unwrap();
        assert_eq!(buf, [0xB1; 4]);
        // Lower half is visible whatever page is selected.
        m.read(DeviceAddr::A0, 0, &mut buf[..1]).unwrap();
        assert_eq!(buf[0], 0x18);
    }

    #[test]
    fn absent_pages_and_other_writes_are_errors() {
        let mut m = cmis();
        m.write(DeviceAddr::A0, 127, &[0x02]).unwrap();
        let mut buf = [0u8; 8];
        let e = m.read(DeviceAddr::A0, 128, &mut buf).unwrap_err();
        assert!(
            e.to_string().contains("page 02h is not in the image"),
            "{e}"
        );
        let e = m.write(DeviceAddr::A0, 26, &[0x10]).unwrap_err();
        assert!(e.to_string().contains("byte 26"), "{e}");
        assert!(matches!(
            m.read(DeviceAddr::A2, 0, &mut buf),
            Err(TransportError::Nack { .. })
        ));
        assert!(
            m.read(DeviceAddr::A0, 250, &mut buf).is_err(),
            "crosses byte 255"
        );
    }
}
