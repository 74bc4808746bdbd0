//! Reading image files for the CLI: the file name goes into every error.

use std::path::Path;

use anyhow::Context;

use crate::memmap::image::{self, ModuleImage};

use super::exit::Failure;

/// Reads and parses an image file in any accepted format.
pub fn image_file(path: &Path) -> Result<ModuleImage, Failure> {
    read_image(path).map(|r| r.image)
}

/// Reads and parses an image file, keeping its YAML metadata (description, `sim:`).
pub fn read_image(path: &Path) -> Result<image::ReadImage, Failure> {
    let bytes = std::fs::read(path)
        .with_context(|| format!("cannot read image {}", path.display()))
        .map_err(Failure::input)?;
    image::read(&bytes)
        .with_context(|| format!("{}", path.display()))
        .map_err(Failure::input)
}
