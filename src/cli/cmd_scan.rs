//! `optiqual scan BUS`: which management addresses answer on a bus, and what each module is.

use anyhow::Context;

use crate::addr::DeviceAddr;
use crate::memmap;
use crate::module::dump;
use crate::transport::actor::{self, BusConfig, Op, Request, RetryPolicy};

use super::backends;
use super::exit::{CmdResult, Exit, Failure};

/// Arguments of `scan`.
#[derive(Debug, clap::Args)]
pub struct ScanArgs {
    /// The bus to scan (e.g. `i2cdev:/dev/i2c-1`, `i2cdev:/dev/i2c-1?mux=0x70:3`,
    /// `serial:firmata:/dev/ttyACM0`, `mock:qsfpdd-400g-dr4`).
    pub bus: String,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

/// Probes 0x50 and 0x51 with a one-byte read (no retries: an absent device simply does not
/// answer), then reads the advertised pages of a present module and decodes its identity.
pub fn run(args: &ScanArgs) -> CmdResult {
    let transport = backends::open(&args.bus)?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .context("cannot start the async runtime")
        .map_err(Failure::harness)?;
    let report = runtime.block_on(async {
        let bus = actor::spawn(transport, BusConfig::default());
        let mut answered = Vec::new();
        for device in [DeviceAddr::A0, DeviceAddr::A2] {
            let probe = Request {
                ops: vec![Op::Read {
                    device,
                    offset: 0,
                    len: 1,
                }],
                retry: RetryPolicy::NONE,
            };
            let out = bus.run(probe).await;
            answered.push((device, out.result.map(|b| b.first().copied())));
        }
        let module = if answered.first().is_some_and(|(_, r)| r.is_ok()) {
            Some(dump::dump(bus).await)
        } else {
            None
        };
        (answered, module)
    });
    let (answered, module) = report;
    let decoded = match &module {
        Some(Ok(d)) => memmap::decode(&d.image).ok(),
        _ => None,
    };
    if args.json {
        let v = serde_json::json!({
            "bus": args.bus,
            "addresses": answered.iter().map(|(d, r)| serde_json::json!({
                "address": format!("0x{:02x}", d.0),
                "answers": r.is_ok(),
                "byte0": r.as_ref().ok().copied().flatten(),
                "error": r.as_ref().err().map(ToString::to_string),
            })).collect::<Vec<_>>(),
            "module": decoded.as_ref().map(|d| serde_json::json!({
                "spec": d.spec,
                "identifier": d.identifier,
                "vendor": d.vendor,
                "checksums_ok": d.checksums.iter().all(|c| c.ok),
            })),
        });
        println!("{v:#}");
    } else {
        for (d, r) in &answered {
            match r {
                Ok(b) => println!(
                    "0x{:02x}: answers (byte 0 = 0x{:02x})",
                    d.0,
                    b.unwrap_or_default()
                ),
                Err(e) => println!("0x{:02x}: no answer ({e})", d.0),
            }
        }
        match (&module, &decoded) {
            (_, Some(d)) => println!(
                "module: {} {} rev {} SN {} ({}, {}), checksums {}",
                d.vendor.name,
                d.vendor.pn,
                d.vendor.rev,
                d.vendor.sn,
                d.identifier.name,
                d.spec.as_str(),
                if d.checksums.iter().all(|c| c.ok) {
                    "ok"
                } else {
                    "BAD"
                }
            ),
            (Some(Err(e)), _) => println!("module: could not be read: {e}"),
            _ => println!("module: none found"),
        }
    }
    let found = answered.first().is_some_and(|(_, r)| r.is_ok());
    Ok(if found { Exit::Ok } else { Exit::Harness })
}
