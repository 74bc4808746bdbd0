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

/// Decodes an SFF-8636 or SFF-8436 image.
pub fn decode(image: &ModuleImage, spec: Spec) -> Decoded {
    let code = image.identifier().unwrap_or(0);
    Decoded::empty(spec, code, AnyDetails::Sff8636(Box::default()))
}
