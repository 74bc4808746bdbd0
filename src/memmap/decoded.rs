//! [`Decoded`]: what a module is and what it reports, in one record for every spec.
//!
//! Serialized as the JSON of `optiqual decode --json`; the key paths of design.md §4.2 are a
//! contract (extend, never rename). A value the module does not implement, or that lives in a
//! page that was not read, is `None` (JSON `null`).

use serde::Serialize;

use crate::memmap::{cmis, sff8472, sff8636};

/// Which management spec the memory follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Spec {
    /// SFP / SFP+ / SFP28 (two addresses, A0h and A2h).
    Sff8472,
    /// QSFP+ before SFF-8636 (revision byte 0x00 or 0x01).
    Sff8436,
    /// QSFP+ / QSFP28.
    Sff8636,
    /// CMIS 4.x / 5.x (QSFP-DD, OSFP, QSFP112, ...).
    Cmis,
}

impl Spec {
    /// The name used in JSON and reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Spec::Sff8472 => "sff8472",
            Spec::Sff8436 => "sff8436",
            Spec::Sff8636 => "sff8636",
            Spec::Cmis => "cmis",
        }
    }
}

/// SFF-8024 identifier (byte 0).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Identifier {
    /// The code.
    pub code: u8,
    /// Its SFF-8024 Table 4-1 name.
    pub name: String,
}

/// Vendor identity, padding trimmed.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Vendor {
    /// Vendor name.
    pub name: String,
    /// Part number.
    pub pn: String,
    /// Revision.
    pub rev: String,
    /// Serial number.
    pub sn: String,
    /// IEEE company ID, `"xx:xx:xx"` lower-case hex.
    pub oui: String,
    /// `"YYYY-MM-DD"` when the date code is a valid date, else the raw text.
    pub date_code: String,
}

/// One checksum the spec defines, as stored and as computed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChecksumReport {
    /// Which checksum, with the range it covers, e.g. `"A0h CC_BASE (0-62)"`.
    pub name: String,
    /// The value in the module.
    pub stored: u8,
    /// The value computed from the bytes.
    pub computed: u8,
    /// `stored == computed`.
    pub ok: bool,
}

/// Power class and maximum power.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Power {
    /// Maximum power consumption in W.
    pub max_w: Option<f64>,
    /// Power class (1-based, as the spec numbers it).
    pub class: Option<u8>,
}

/// Live monitors of one lane (1-based).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct LaneDom {
    /// Lane number, 1-based across banks (bank 1 lane 1 is lane 9).
    pub lane: u16,
    /// Laser bias current in mA.
    pub tx_bias_ma: Option<f64>,
    /// Transmit optical power in mW.
    pub tx_power_mw: Option<f64>,
    /// Transmit optical power in dBm (`None` for 0 mW).
    pub tx_power_dbm: Option<f64>,
    /// Receive optical power in mW (average or OMA as the module declares).
    pub rx_power_mw: Option<f64>,
    /// Receive optical power in dBm (`None` for 0 mW).
    pub rx_power_dbm: Option<f64>,
}

/// Live monitors (digital optical monitoring).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Dom {
    /// Module (case) temperature in °C.
    pub temperature_c: Option<f64>,
    /// Supply voltage in V.
    pub vcc_v: Option<f64>,
    /// Per-lane monitors.
    pub lanes: Vec<LaneDom>,
}

/// Alarm and warning thresholds of one monitor, in the monitor's unit.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ThresholdSet {
    /// High alarm.
    pub high_alarm: Option<f64>,
    /// Low alarm.
    pub low_alarm: Option<f64>,
    /// High warning.
    pub high_warning: Option<f64>,
    /// Low warning.
    pub low_warning: Option<f64>,
}

/// Thresholds of the common monitors; `None` when the page holding them was not read or the
/// module has none.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Thresholds {
    /// Module temperature, °C.
    pub temperature_c: Option<ThresholdSet>,
    /// Supply voltage, V.
    pub vcc_v: Option<ThresholdSet>,
    /// Laser bias, mA.
    pub tx_bias_ma: Option<ThresholdSet>,
    /// Transmit power, dBm (a 0 mW threshold is `None`).
    pub tx_power_dbm: Option<ThresholdSet>,
    /// Receive power, dBm (a 0 mW threshold is `None`).
    pub rx_power_dbm: Option<ThresholdSet>,
}

/// One CMIS application advertisement (Application Descriptor).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Application {
    /// AppSel code, 1-based (descriptor n).
    pub app: u8,
    /// Host electrical interface ID (SFF-8024 Table 4-5).
    pub host_interface_id: u8,
    /// Its name.
    pub host_interface: String,
    /// Media interface ID (table chosen by the media type, byte 85).
    pub media_interface_id: u8,
    /// Its name.
    pub media_interface: String,
    /// Host lane count (byte 3 bits 7-4).
    pub host_lane_count: u8,
    /// Media lane count (byte 3 bits 3-0).
    pub media_lane_count: u8,
    /// Bitmap: bit n set = the application may start on host lane n+1.
    pub host_lane_assignment: u8,
    /// Bitmap of media lanes (Page 01h:176-190), when page 01h was read.
    pub media_lane_assignment: Option<u8>,
}

/// Everything the spec-specific decoder found beyond the common fields.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Details {
    /// SFF-8472 A0h/A2h.
    Sff8472(Box<sff8472::Details>),
    /// SFF-8636 / SFF-8436.
    Sff8636(Box<sff8636::Details>),
    /// CMIS.
    Cmis(Box<cmis::Details>),
}

/// A decoded module.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Decoded {
    /// Which spec the memory follows.
    pub spec: Spec,
    /// SFF-8024 identifier.
    pub identifier: Identifier,
    /// Vendor identity.
    pub vendor: Vendor,
    /// Every checksum the spec defines over the pages present.
    pub checksums: Vec<ChecksumReport>,
    /// CMIS revision `"5.1"` (CMIS only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cmis_revision: Option<String>,
    /// CMIS module state name (CMIS only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub module_state: Option<String>,
    /// Power class and maximum power.
    pub power: Power,
    /// Live monitors.
    pub dom: Dom,
    /// Alarm and warning thresholds.
    pub thresholds: Thresholds,
    /// CMIS application advertisements (empty for other specs).
    pub applications: Vec<Application>,
    /// Spec-specific fields.
    pub details: Details,
    /// What the decoder noticed: pages missing, values out of range, reserved codes.
    pub notes: Vec<String>,
}

impl ThresholdSet {
    /// The block of four 2-byte values at `first`, in the memory order SFF-8472 (A2h 0-55),
    /// SFF-8636 (page 03h) and CMIS (page 02h) share: high alarm at `first`, low alarm at
    /// `first + 2`, high warning at `first + 4`, low warning at `first + 6`. `read(offset)`
    /// decodes one value.
    pub fn from_block(first: usize, mut read: impl FnMut(usize) -> Option<f64>) -> ThresholdSet {
        ThresholdSet {
            high_alarm: read(first),
            low_alarm: read(first + 2),
            high_warning: read(first + 4),
            low_warning: read(first + 6),
        }
    }

    /// Applies `f` to every threshold.
    pub fn map(&self, f: impl Fn(f64) -> Option<f64>) -> ThresholdSet {
        ThresholdSet {
            high_alarm: self.high_alarm.and_then(&f),
            low_alarm: self.low_alarm.and_then(&f),
            high_warning: self.high_warning.and_then(&f),
            low_warning: self.low_warning.and_then(&f),
        }
    }
}

impl Details {
    /// The spec-specific blocks of the human-readable report.
    pub fn sections(&self) -> Vec<crate::memmap::sections::Section> {
        match self {
            Details::Sff8472(d) => d.sections(),
            Details::Sff8636(d) => d.sections(),
            Details::Cmis(d) => d.sections(),
        }
    }
}

impl Decoded {
    /// An empty record for `spec` with identifier `code`: the starting point every decoder fills.
    pub fn empty(spec: Spec, code: u8, details: Details) -> Self {
        Decoded {
            spec,
            identifier: Identifier {
                code,
                name: crate::memmap::codes::identifier_name(code).to_string(),
            },
            vendor: Vendor::default(),
            checksums: Vec::new(),
            cmis_revision: None,
            module_state: None,
            power: Power::default(),
            dom: Dom::default(),
            thresholds: Thresholds::default(),
            applications: Vec::new(),
            details,
            notes: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn threshold_block_is_ha_la_hw_lw_two_bytes_apart() {
        // The reader sees the offsets it is asked for: 40, 42, 44, 46 in memory order.
        let mut seen = Vec::new();
        let set = ThresholdSet::from_block(40, |at| {
            seen.push(at);
            Some(at as f64)
        });
        assert_eq!(seen, [40, 42, 44, 46]);
        assert_eq!(set.high_alarm, Some(40.0));
        assert_eq!(set.low_alarm, Some(42.0));
        assert_eq!(set.high_warning, Some(44.0));
        assert_eq!(set.low_warning, Some(46.0));
    }
}
