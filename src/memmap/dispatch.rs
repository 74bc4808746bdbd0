//! Picks the decoder from the identifier (SFF-8024 byte 0) and, for QSFP, the revision byte.

use crate::memmap::codes::{self, Family};
use crate::memmap::decoded::{Decoded, Spec};
use crate::memmap::image::ModuleImage;
use crate::memmap::{cmis, sff8472, sff8636};

/// Why an image could not be decoded at all. Problems inside a decodable image (bad checksums,
/// missing pages, reserved codes) are reported in [`Decoded::notes`] and never stop decoding.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    /// Bytes 0-127 of address 0x50 are needed to know what the module is.
    #[error(
        "the image has no lower page (address 0x50 bytes 0-127): the identifier at byte 0 cannot be read"
    )]
    NoLowerPage,
    /// Byte 0 names a module family this tool cannot decode.
    #[error(
        "byte 0 (SFF-8024 identifier) is 0x{code:02x} ({name}): not an SFP (0x02, 0x03, 0x0b), QSFP (0x0c, 0x0d, 0x11) or CMIS module (0x18-0x22); is the image from the right address?"
    )]
    UnsupportedIdentifier {
        /// The identifier byte.
        code: u8,
        /// Its SFF-8024 name.
        name: &'static str,
    },
}

/// The spec an image follows, from byte 0 (and byte 1 for QSFP: revision 0x00/0x01 is
/// SFF-8436, later is SFF-8636; reference/sff-8636.md §1).
pub fn spec_of(image: &ModuleImage) -> Result<Spec, DecodeError> {
    let lower = image.lower().ok_or(DecodeError::NoLowerPage)?;
    let code = lower[0];
    match codes::family_for_identifier(code) {
        Some(Family::Sff8472) => Ok(Spec::Sff8472),
        Some(Family::Sff8636) if lower[1] <= 0x01 => Ok(Spec::Sff8436),
        Some(Family::Sff8636) => Ok(Spec::Sff8636),
        Some(Family::Cmis) => Ok(Spec::Cmis),
        None => Err(DecodeError::UnsupportedIdentifier {
            code,
            name: codes::identifier_name(code),
        }),
    }
}

/// Decodes every field of every page present in `image`.
pub fn decode(image: &ModuleImage) -> Result<Decoded, DecodeError> {
    Ok(match spec_of(image)? {
        Spec::Sff8472 => sff8472::decode(image),
        spec @ (Spec::Sff8436 | Spec::Sff8636) => sff8636::decode(image, spec),
        Spec::Cmis => cmis::decode(image),
    })
}
