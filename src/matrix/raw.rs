//! Raw serde structs of the matrix file and the station file, exactly as written. Every struct
//! denies unknown keys; the structure check ([`super::schema`]) has already placed type errors,
//! so validation ([`super::validate`]) only says what range or reference was wrong.

use std::collections::BTreeMap;

use serde::Deserialize;

/// One id, or a list of ids (a cell entry expands to the cross product).
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum OneOrMany {
    /// A single id.
    One(String),
    /// Several ids.
    Many(Vec<String>),
}

impl OneOrMany {
    /// The ids in the order written.
    pub fn ids(&self) -> Vec<&str> {
        match self {
            OneOrMany::One(s) => vec![s.as_str()],
            OneOrMany::Many(v) => v.iter().map(String::as_str).collect(),
        }
    }

    /// Whether the ids were written as a list (their paths then carry an index).
    pub fn is_list(&self) -> bool {
        matches!(self, OneOrMany::Many(_))
    }
}

/// The whole matrix file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawMatrix {
    /// The matrix's name.
    pub matrix: String,
    /// Free text.
    pub description: Option<String>,
    /// Module SKUs.
    pub skus: Vec<RawSkuDef>,
    /// Host platforms.
    pub hosts: Vec<RawHost>,
    /// Firmware sets.
    pub firmware: Vec<RawFirmware>,
    /// Cell entries (each may stand for several cells).
    pub cells: Vec<RawCell>,
}

/// A SKU definition.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSkuDef {
    /// Short unique id.
    pub id: String,
    /// Vendor name.
    pub vendor: String,
    /// Part number.
    pub pn: String,
    /// Form factor name.
    pub form_factor: String,
    /// Applications it is bought for.
    pub applications: Option<Vec<String>>,
    /// Maximum power, W.
    pub max_power_w: f64,
    /// Temperature grade.
    pub temperature: RawTemp,
}

/// A temperature grade by name, or an explicit range.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum RawTemp {
    /// `commercial`, `extended` or `industrial`.
    Named(String),
    /// `{min_c, max_c}`.
    Range(RawTempRange),
}

/// An explicit case temperature range.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTempRange {
    /// Lowest case temperature, °C.
    pub min_c: f64,
    /// Highest case temperature, °C.
    pub max_c: f64,
}

/// A host platform.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawHost {
    /// Short unique id.
    pub id: String,
    /// Platform name.
    pub platform: String,
    /// Cage types.
    pub ports: Vec<RawPort>,
}

/// A cage type of a host.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPort {
    /// Form factor name.
    pub form_factor: String,
    /// Power one cage supplies, W.
    pub power_budget_w: f64,
    /// FEC modes.
    pub fec: Option<Vec<String>>,
}

/// A firmware set.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFirmware {
    /// Short unique id.
    pub id: String,
    /// Host NOS / NIC firmware version.
    pub host: String,
    /// Module firmware by SKU id.
    pub modules: Option<BTreeMap<String, String>>,
}

/// A cell entry.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCell {
    /// SKU id(s).
    pub sku: OneOrMany,
    /// Host id(s).
    pub host: OneOrMany,
    /// Firmware id(s).
    pub firmware: OneOrMany,
    /// Plan file, relative to the matrix file's folder.
    pub plan: String,
}

/// The whole station file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawStationFile {
    /// The station's name.
    pub station: String,
    /// Free text.
    pub description: Option<String>,
    /// Hosts on this bench.
    pub hosts: Vec<RawStationHost>,
}

/// One host of a station.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawStationHost {
    /// Matrix host id.
    pub host: String,
    /// Firmware ids this host can run here.
    pub firmware: OneOrMany,
    /// Instruments, in the plan's `station.instruments` form; kept as YAML to copy into plans.
    pub instruments: Option<yaml_serde::Value>,
    /// Cages holding modules.
    pub slots: Vec<RawStationSlot>,
}

/// One slot of a station host.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawStationSlot {
    /// Slot id.
    pub id: String,
    /// Matrix SKU id of the module in it.
    pub sku: String,
    /// Bus selector.
    pub bus: String,
    /// Switch port or interface.
    pub switch_port: Option<String>,
    /// Link tier (for link_budget).
    pub tier: Option<String>,
}
