//! `optiqual dump --bus SELECTOR -o IMAGE`.

use std::path::PathBuf;

use anyhow::Context;

use crate::memmap::image;
use crate::module::dump;
use crate::transport::actor::{self, BusConfig};

use super::backends;
use super::exit::{CmdResult, Exit, Failure};

/// Arguments of `dump`.
#[derive(Debug, clap::Args)]
pub struct DumpArgs {
    /// Where the module is (e.g. `mock:sfp-10g-sr`, `file:image.bin`, `i2cdev:/dev/i2c-1`).
    #[arg(long)]
    pub bus: String,
    /// Output image: `.yaml`/`.yml` writes optiqual YAML, anything else the flat binary layout.
    #[arg(short, long)]
    pub output: PathBuf,
    /// Print a JSON summary (segments read, failures, bus statistics).
    #[arg(long)]
    pub json: bool,
    /// Print bus statistics.
    #[arg(long)]
    pub stats: bool,
}

/// Reads every advertised page and writes the image. A page that fails to read is reported and
/// the rest is still written (exit 3).
pub fn run(args: &DumpArgs) -> CmdResult {
    let transport = backends::open(&args.bus)?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .context("cannot start the async runtime")
        .map_err(Failure::harness)?;
    let result = runtime
        .block_on(async { dump::dump(actor::spawn(transport, BusConfig::default())).await })
        .with_context(|| format!("dumping {}", args.bus))
        .map_err(Failure::harness)?;
    let yaml = matches!(
        args.output.extension().and_then(|e| e.to_str()),
        Some("yaml" | "yml")
    );
    let (bytes, dropped) = if yaml {
        let source = format!("optiqual dump --bus {}", args.bus);
        let text = image::yaml::write(&result.image, None, Some(&source));
        (text.into_bytes(), Vec::new())
    } else {
        image::flat::write(&result.image)
    };
    std::fs::write(&args.output, bytes)
        .with_context(|| format!("cannot write {}", args.output.display()))
        .map_err(Failure::harness)?;
    let failures: Vec<String> = result.failures.iter().map(|e| format!("{e:#}")).collect();
    if args.json {
        let summary = serde_json::json!({
            "bus": args.bus,
            "output": args.output,
            "segments": result.image.segments().map(|(s, _)| s.to_string()).collect::<Vec<_>>(),
            "not_written": dropped.iter().map(ToString::to_string).collect::<Vec<_>>(),
            "failures": failures,
            "not_in_source": result.unavailable.iter().map(ToString::to_string).collect::<Vec<_>>(),
            "stats": result.stats,
        });
        println!("{summary:#}");
    } else {
        println!(
            "{}: {} segments -> {}",
            args.bus,
            result.image.len(),
            args.output.display()
        );
        for s in &result.unavailable {
            println!("note: the module advertises {s} but the source does not hold it");
        }
        for f in &failures {
            eprintln!("error: {f}");
        }
        if args.stats {
            let s = result.stats;
            println!(
                "bus: {} reads, {} writes ({} page selects), {} retries, {} failures, {} bytes read, {} bytes written, estimated bus time {:.2} ms",
                s.reads,
                s.writes,
                s.page_selects,
                s.retries,
                s.failures,
                s.bytes_read,
                s.bytes_written,
                s.bus_time_ms()
            );
        }
    }
    if failures.is_empty() {
        Ok(Exit::Ok)
    } else {
        Ok(Exit::Harness)
    }
}
