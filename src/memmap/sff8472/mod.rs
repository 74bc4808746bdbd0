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

/// Decodes an SFF-8472 image.
pub fn decode(image: &ModuleImage) -> Decoded {
    let code = image.identifier().unwrap_or(0);
    Decoded::empty(Spec::Sff8472, code, AnyDetails::Sff8472(Box::default()))
}
