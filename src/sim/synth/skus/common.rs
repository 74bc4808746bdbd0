//! Values shared by the SKU definitions.

use crate::sim::synth::build::{Identity, Thresholds};

/// Vendor name of every synthesised SKU (the plan sketch in design.md §4.6 uses ACME).
pub const VENDOR: &str = "ACME";

/// Vendor OUI: AC-DE-48, the example company id of the IEEE 802 documents (no real vendor).
pub const OUI: [u8; 3] = [0xAC, 0xDE, 0x48];

/// The identity block of an ACME part.
pub fn acme<'a>(pn: &'a str, rev: &'a str, sn: &'a str, date_code: &'a str) -> Identity<'a> {
    Identity {
        vendor: VENDOR,
        oui: OUI,
        pn,
        rev,
        sn,
        date_code,
    }
}

/// Commercial-grade case temperature thresholds (0-70 °C operating): alarms at -5/75 °C,
/// warnings at 0/70 °C.
pub const TEMP_C: Thresholds = Thresholds::ascending(-5.0, 0.0, 70.0, 75.0);

/// Supply thresholds around 3.3 V: warnings at ±5 % (3.135/3.465 V), alarms at ±10 %
/// (2.97/3.63 V).
pub const VCC_V: Thresholds = Thresholds::ascending(2.97, 3.135, 3.465, 3.63);
