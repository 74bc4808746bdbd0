//! PLACEHOLDER: decoder being written.

use serde::Serialize;

use crate::memmap::decoded::{Decoded, Details as AnyDetails, Spec};
use crate::memmap::image::ModuleImage;
use crate::memmap::sections::Section;

/// Spec-specific decoded fields.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Details {}

impl Details {
    /// Spec-specific report blocks.
    pub fn sections(&self) -> Vec<Section> {
        Vec::new()
    }
}

/// Decodes a CMIS image.
pub fn decode(image: &ModuleImage) -> Decoded {
    let code = image.identifier().unwrap_or(0);
    Decoded::empty(Spec::Cmis, code, AnyDetails::Cmis(Box::default()))
}
pub mod f16;
pub mod vdm;
