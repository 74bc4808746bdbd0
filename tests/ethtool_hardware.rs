//! Reads a real module through the kernel's ethtool netlink interface. Needs a NIC with a
//! module cage and a plugged module, so it is built only with `--features hardware-tests` and
//! never runs in CI.
//!
//! ```text
//! OPTIQUAL_ETHTOOL_IFACE=eth2 \
//!     cargo test --features hardware-tests --test ethtool_hardware -- --nocapture
//! ```
//! Without `OPTIQUAL_ETHTOOL_IFACE` every test prints why it skipped and passes. Reading module
//! EEPROM needs CAP_NET_ADMIN on most kernels (run as root).
#![cfg(feature = "hardware-tests")]

use optiqual::addr::DeviceAddr;
use optiqual::memmap;
use optiqual::module::dump::dump_blocking;
use optiqual::transport::Transport;
use optiqual::transport::ethtool::EthtoolTransport;

/// The transport named by the environment, or `None` (with a message) to skip.
fn open_from_env() -> Option<EthtoolTransport> {
    let Ok(iface) = std::env::var("OPTIQUAL_ETHTOOL_IFACE") else {
        eprintln!("skipped: set OPTIQUAL_ETHTOOL_IFACE=IFACE (a NIC with a plugged module) to run");
        return None;
    };
    match EthtoolTransport::open(&iface) {
        Ok(t) => Some(t),
        Err(e) => panic!("opening ethtool:{iface}: {e}"),
    }
}

#[test]
fn reads_the_identifier_byte_and_both_halves() {
    let Some(mut t) = open_from_env() else {
        return;
    };
    let mut id = [0u8; 1];
    t.read(DeviceAddr::A0, 0, &mut id)
        .unwrap_or_else(|e| panic!("reading byte 0 over {}: {e}", t.describe()));
    let mut all = [0u8; 256];
    t.read(DeviceAddr::A0, 0, &mut all)
        .unwrap_or_else(|e| panic!("reading bytes 0-255 over {}: {e}", t.describe()));
    assert_eq!(all[0], id[0], "byte 0 read alone and in a block differ");
    eprintln!("{}: identifier byte 0x{:02x}", t.describe(), id[0]);
}

#[test]
fn refuses_writes() {
    let Some(mut t) = open_from_env() else {
        return;
    };
    assert!(t.write(DeviceAddr::A0, 100, &[0]).is_err());
}

#[test]
fn dumps_and_decodes_the_module() {
    let Some(t) = open_from_env() else {
        return;
    };
    let name = t.describe();
    let d = dump_blocking(Box::new(t)).unwrap_or_else(|e| panic!("dump over {name}: {e}"));
    eprintln!(
        "{name}: {} segments, {} failures, stats {:?}",
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
