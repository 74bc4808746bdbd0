//! The one factory that turns a bus selector into a concrete backend (design.md §2: the CLI is
//! the only place that names concrete backends).

use std::path::{Path, PathBuf};

use crate::sim::image_module::ImageModule;
use crate::transport::Transport;
use crate::transport::selector::Selector;

use super::exit::Failure;
use super::load;

/// Where `mock:NAME` looks for fixtures when NAME is not a path: `$OPTIQUAL_FIXTURES`, then
/// `fixtures/modules` under the current directory.
fn resolve_fixture(name: &str) -> Result<PathBuf, Failure> {
    let direct = Path::new(name);
    if direct.is_file() {
        return Ok(direct.to_path_buf());
    }
    let mut dirs = Vec::new();
    if let Some(d) = std::env::var_os("OPTIQUAL_FIXTURES") {
        dirs.push(PathBuf::from(d));
    }
    dirs.push(PathBuf::from("fixtures/modules"));
    for dir in &dirs {
        for candidate in [
            dir.join(name),
            dir.join(format!("{name}.yaml")),
            dir.join(format!("{name}.bin")),
        ] {
            if candidate.is_file() {
                return Ok(candidate);
            }
        }
    }
    Err(Failure::input(anyhow::anyhow!(
        "mock fixture `{name}` not found: give a path to an image, or a name from {} (set OPTIQUAL_FIXTURES to look elsewhere)",
        dirs.iter()
            .map(|d| d.display().to_string())
            .collect::<Vec<_>>()
            .join(", ")
    )))
}

/// Opens the backend a selector names.
pub fn open(selector: &str) -> Result<Box<dyn Transport>, Failure> {
    let parsed: Selector = selector.parse().map_err(Failure::input)?;
    match parsed {
        Selector::File { path } => {
            let image = load::image_file(Path::new(&path))?;
            Ok(Box::new(ImageModule::new(
                image,
                format!("file:{path}"),
                false,
            )))
        }
        Selector::Mock { fixture } => {
            let path = resolve_fixture(&fixture)?;
            let image = load::image_file(&path)?;
            Ok(Box::new(ImageModule::new(
                image,
                format!("mock:{}", path.display()),
                true,
            )))
        }
        Selector::I2cDev { path, mux } => {
            let t = crate::transport::i2cdev::open(&path, mux).map_err(|e| {
                Failure::harness(anyhow::Error::new(e).context(format!("opening {selector}")))
            })?;
            Ok(Box::new(t))
        }
        other => Err(Failure::harness(anyhow::anyhow!(
            "the backend for `{other}` is not built into this version yet (available: file:, mock:, i2cdev:)"
        ))),
    }
}
