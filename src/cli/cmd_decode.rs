//! `optiqual decode IMAGE [--json]`.

use std::path::PathBuf;

use crate::memmap;

use super::exit::{CmdResult, Exit, Failure};
use super::{decode_text, load, style};

/// Arguments of `decode`.
#[derive(Debug, clap::Args)]
pub struct DecodeArgs {
    /// Module image: flat binary (optoe layout), `ethtool -m ... hex on` output, i2cdump output
    /// or optiqual YAML; the format is detected from the content.
    pub image: PathBuf,
    /// Print one JSON object (key paths of design.md §4.2) instead of the report.
    #[arg(long)]
    pub json: bool,
}

/// Decodes an image and prints it. Exit 0 when decoded (bad checksums are reported, not
/// fatal), 2 when the file is not a decodable image.
pub fn run(args: &DecodeArgs) -> CmdResult {
    let image = load::image_file(&args.image)?;
    let decoded = memmap::decode(&image).map_err(|e| {
        Failure::input(anyhow::Error::new(e).context(format!("{}", args.image.display())))
    })?;
    if args.json {
        let text = serde_json::to_string_pretty(&decoded).map_err(Failure::harness)?;
        println!("{text}");
    } else {
        print!("{}", decode_text::render(&decoded, style::color_stdout()));
    }
    Ok(Exit::Ok)
}
