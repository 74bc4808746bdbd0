//! The one factory that turns a bus selector into a concrete backend (design.md §2: the CLI is
//! the only place that names concrete backends).

use std::path::{Path, PathBuf};

use std::sync::Arc;

use crate::sim::clock::TokioClock;
use crate::sim::image_module::ImageModule;
use crate::sim::module::{SimModule, SimParams};
use crate::transport::Transport;
use crate::transport::selector::Selector;

use super::exit::Failure;
use super::load;

/// Where `mock:NAME` looks for fixtures when NAME is not a path: `$OPTIQUAL_FIXTURES`, then
/// `fixtures/modules` under the current directory.
pub fn resolve_fixture(name: &str) -> Result<PathBuf, Failure> {
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

/// A simulated module from `mock:NAME[?key=value&...]`: the fixture's image, its `sim:`
/// parameters, then the query's overrides, on the tokio clock (virtual when the runtime is
/// paused).
pub fn open_mock(fixture: &str) -> Result<SimModule, Failure> {
    let (name, query) = match fixture.split_once('?') {
        Some((n, q)) => (n, Some(q)),
        None => (fixture, None),
    };
    let path = resolve_fixture(name)?;
    let read = load::read_image(&path)?;
    let mut params = SimParams::from_yaml(read.sim.as_ref())
        .map_err(|e| Failure::input(anyhow::anyhow!("{}: {e}", path.display())))?;
    if let Some(q) = query {
        params
            .apply_query(q)
            .map_err(|e| Failure::input(anyhow::anyhow!("mock:{fixture}: {e}")))?;
    }
    let module = SimModule::new(read.image, params, Arc::new(TokioClock::new()))
        .map_err(|e| Failure::input(anyhow::anyhow!("{}: {e}", path.display())))?;
    Ok(module.named(format!("mock:{name}")))
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
        Selector::Mock { fixture } => Ok(Box::new(open_mock(&fixture)?)),
        Selector::I2cDev { path, mux } => {
            let t = crate::transport::i2cdev::open(&path, mux).map_err(|e| {
                Failure::harness(anyhow::Error::new(e).context(format!("opening {selector}")))
            })?;
            Ok(Box::new(t))
        }
        Selector::Serial {
            protocol,
            path,
            baud,
            mux,
        } => {
            let mut t = crate::transport::serial::open(protocol, &path, baud).map_err(|e| {
                Failure::harness(anyhow::Error::new(e).context(format!("opening {selector}")))
            })?;
            t.set_mux(mux);
            Ok(Box::new(t))
        }
        Selector::Optoe { path } => {
            let t = crate::transport::optoe::OptoeTransport::open(&path).map_err(|e| {
                Failure::harness(anyhow::Error::new(e).context(format!("opening {selector}")))
            })?;
            Ok(Box::new(t))
        }
        Selector::Ethtool { iface } => {
            let t = crate::transport::ethtool::EthtoolTransport::open(&iface).map_err(|e| {
                Failure::harness(anyhow::Error::new(e).context(format!("opening {selector}")))
            })?;
            Ok(Box::new(t))
        }
    }
}
