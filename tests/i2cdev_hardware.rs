//! Reads a real module over i2c-dev. Needs hardware, so it is built only with
//! `--features hardware-tests` and never runs in CI.
//!
//! ```text
//! OPTIQUAL_I2C_BUS=/dev/i2c-1 [OPTIQUAL_I2C_MUX=0x70:3] \
//!     cargo test --features hardware-tests --test i2cdev_hardware -- --nocapture
//! ```
//! Without `OPTIQUAL_I2C_BUS` every test prints why it skipped and passes.
#![cfg(feature = "hardware-tests")]

use optiqual::addr::DeviceAddr;
use optiqual::memmap;
use optiqual::module::dump::dump_blocking;
use optiqual::transport::Transport;
use optiqual::transport::i2cdev::{self, I2cDevTransport};

/// Parses `0xAA:CH` (or `AA:CH` in decimal) into a mux address and channel.
fn parse_mux(text: &str) -> (u8, u8) {
    let (addr, ch) = text
        .split_once(':')
        .unwrap_or_else(|| panic!("OPTIQUAL_I2C_MUX=`{text}`: write ADDRESS:CHANNEL, e.g. 0x70:3"));
    let addr = match addr.strip_prefix("0x").or_else(|| addr.strip_prefix("0X")) {
        Some(hex) => u8::from_str_radix(hex, 16),
        None => addr.parse(),
    }
    .unwrap_or_else(|e| panic!("OPTIQUAL_I2C_MUX address `{addr}`: {e}"));
    let ch = ch
        .parse()
        .unwrap_or_else(|e| panic!("OPTIQUAL_I2C_MUX channel `{ch}`: {e}"));
    (addr, ch)
}

/// The transport named by the environment, or `None` (with a message) to skip.
fn open_from_env() -> Option<I2cDevTransport> {
    let Ok(bus) = std::env::var("OPTIQUAL_I2C_BUS") else {
        eprintln!(
            "skipped: set OPTIQUAL_I2C_BUS=/dev/i2c-N (and OPTIQUAL_I2C_MUX=0xAA:CH if the module is behind a PCA954x) to run"
        );
        return None;
    };
    let mux = std::env::var("OPTIQUAL_I2C_MUX")
        .ok()
        .map(|m| parse_mux(&m));
    match i2cdev::open(&bus, mux) {
        Ok(t) => Some(t),
        Err(e) => panic!("opening {bus}: {e}"),
    }
}

#[test]
fn reads_the_identifier_byte() {
    let Some(mut t) = open_from_env() else {
        return;
    };
    let mut id = [0u8; 1];
    t.read(DeviceAddr::A0, 0, &mut id)
        .unwrap_or_else(|e| panic!("reading byte 0 over {}: {e}", t.describe()));
    eprintln!("{}: identifier byte 0x{:02x}", t.describe(), id[0]);
}

#[test]
fn dumps_and_decodes_the_module() {
    let Some(t) = open_from_env() else {
        return;
    };
    let name = t.describe();
    let d = dump_blocking(Box::new(t)).unwrap_or_else(|e| panic!("dump over {name}: {e}"));
    eprintln!(
        "{}: {} segments, {} failures, stats {:?}",
        name,
        d.image.len(),
        d.failures.len(),
        d.stats
    );
    for f in &d.failures {
        eprintln!("  failed: {f}");
    }
    let decoded = memmap::decode(&d.image).unwrap_or_else(|e| panic!("decode: {e}"));
    eprintln!(
        "{}",
        serde_json::to_string_pretty(&decoded).unwrap_or_else(|e| format!("(json: {e})"))
    );
}
