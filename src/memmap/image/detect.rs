//! [`read`]: one entry point for every accepted image format, chosen by content.
//!
//! Text (valid UTF-8 without NUL bytes) is sniffed for the project's YAML (`format:
//! optiqual.image/...` or `segments:` at the start of a line), then for `ethtool -m ... hex on`
//! output (an `Offset Values` header or `0x0000:` rows), then for i2cdump output (its column
//! header or `00:` rows). Anything else is taken as the flat binary layout, by size.

use std::fmt;

use crate::memmap::image::ModuleImage;

use super::error::ImageError;
use super::{ethtool_hex, flat, i2cdump, yaml};

/// The format an image was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ImageFormat {
    /// The flat "optoe" binary layout.
    Flat,
    /// Text printed by `ethtool -m IFACE hex on` (linear or `pages on`).
    EthtoolHex,
    /// Text printed by `i2cdump` (byte mode).
    I2cdump,
    /// The project's YAML image format.
    Yaml,
}

impl fmt::Display for ImageFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ImageFormat::Flat => "flat binary",
            ImageFormat::EthtoolHex => "ethtool hex dump",
            ImageFormat::I2cdump => "i2cdump",
            ImageFormat::Yaml => "yaml image",
        })
    }
}

/// An image as read, with its format and, for YAML, the optional fields.
#[derive(Debug, Clone, PartialEq)]
pub struct ReadImage {
    /// The pages.
    pub image: ModuleImage,
    /// Which format the bytes were in.
    pub format: ImageFormat,
    /// YAML `description`.
    pub description: Option<String>,
    /// YAML `source`.
    pub source: Option<String>,
    /// YAML `sim`, uninterpreted.
    pub sim: Option<yaml_serde::Value>,
}

impl ReadImage {
    fn plain(image: ModuleImage, format: ImageFormat) -> Self {
        ReadImage {
            image,
            format,
            description: None,
            source: None,
            sim: None,
        }
    }
}

/// The text format `text` looks like, if any.
pub fn sniff_text(text: &str) -> Option<ImageFormat> {
    let (mut ethtool, mut i2c) = (false, false);
    for line in text.lines() {
        if let Some(value) = line.strip_prefix("format:") {
            if value.contains("optiqual.image/") {
                return Some(ImageFormat::Yaml);
            }
        }
        if line.starts_with("segments:") {
            return Some(ImageFormat::Yaml);
        }
        let trimmed = line.trim();
        ethtool = ethtool || ethtool_hex::is_header(trimmed) || ethtool_hex::is_row(trimmed);
        i2c = i2c || i2cdump::is_header(trimmed) || i2cdump::is_row(trimmed);
    }
    if ethtool {
        Some(ImageFormat::EthtoolHex)
    } else if i2c {
        Some(ImageFormat::I2cdump)
    } else {
        None
    }
}

/// The text in `bytes`, if they are text: valid UTF-8 (a BOM is dropped) without NUL bytes.
fn as_text(bytes: &[u8]) -> Option<&str> {
    if bytes.contains(&0) {
        return None;
    }
    let text = std::str::from_utf8(bytes).ok()?;
    Some(text.strip_prefix('\u{feff}').unwrap_or(text))
}

/// Reads a module image in any accepted format, detected by content.
pub fn read(bytes: &[u8]) -> Result<ReadImage, ImageError> {
    if let Some(text) = as_text(bytes) {
        match sniff_text(text) {
            Some(ImageFormat::Yaml) => {
                let y = yaml::parse(text)?;
                return Ok(ReadImage {
                    image: y.image,
                    format: ImageFormat::Yaml,
                    description: y.description,
                    source: y.source,
                    sim: y.sim,
                });
            }
            Some(ImageFormat::EthtoolHex) => {
                return Ok(ReadImage::plain(
                    ethtool_hex::parse(text)?,
                    ImageFormat::EthtoolHex,
                ));
            }
            Some(ImageFormat::I2cdump) => {
                return Ok(ReadImage::plain(
                    i2cdump::parse(text)?,
                    ImageFormat::I2cdump,
                ));
            }
            Some(ImageFormat::Flat) | None => {}
        }
    }
    flat::parse(bytes)
        .map(|image| ReadImage::plain(image, ImageFormat::Flat))
        .map_err(|_| ImageError::NotAnImage { len: bytes.len() })
}
