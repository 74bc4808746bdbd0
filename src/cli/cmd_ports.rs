//! `optiqual ports`: serial ports, I2C adapters and optoe devices on this machine, each with the
//! bus selector to use.

use std::path::Path;

use crate::transport::discover;

use super::exit::{CmdResult, Exit, Failure};

/// Arguments of `ports`.
#[derive(Debug, clap::Args)]
pub struct PortsArgs {
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

/// Lists what can be opened.
pub fn run(args: &PortsArgs) -> CmdResult {
    let ports = discover::discover(Path::new("/"));
    if args.json {
        let text = serde_json::to_string_pretty(&ports).map_err(Failure::harness)?;
        println!("{text}");
        return Ok(Exit::Ok);
    }
    println!("I2C adapters:");
    if ports.i2c.is_empty() {
        println!("  (none)");
    }
    for a in &ports.i2c {
        println!(
            "  {:<14} {:<40} {}{}",
            a.dev_path,
            a.name.as_deref().unwrap_or("?"),
            a.selector,
            if a.dev_exists {
                ""
            } else {
                "  (no device node: modprobe i2c-dev)"
            }
        );
    }
    println!("Serial ports:");
    if ports.serial.is_empty() {
        println!("  (none)");
    }
    for s in &ports.serial {
        let usb = s.usb.as_ref().map(|u| format!("{u:?}")).unwrap_or_default();
        println!(
            "  {:<14} {:<10?} {}  {usb}",
            s.path,
            s.kind,
            s.selectors.join("  ")
        );
    }
    println!("optoe devices:");
    if ports.optoe.is_empty() {
        println!("  (none)");
    }
    for o in &ports.optoe {
        println!(
            "  {:<14} {:<10} optoe:{}",
            o.device,
            o.port_name.as_deref().unwrap_or(""),
            o.eeprom
        );
    }
    for n in &ports.notes {
        println!("note: {n}");
    }
    Ok(Exit::Ok)
}
