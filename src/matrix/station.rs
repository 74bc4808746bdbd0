//! The station file: which matrix hosts, firmware and slots one bench has, and so which cells it
//! can run.

use std::path::Path;
use std::sync::OnceLock;

use super::load::{read, read_raw, sha256_hex};
use super::model::{CellKey, Matrix};
use super::raw::RawStationFile;
use super::schema;
use super::validate;
use crate::plan::error::PlanErrors;

/// A validated station file.
#[derive(Debug, Clone, PartialEq)]
pub struct StationFile {
    /// The station's name (`station:`).
    pub name: String,
    /// Free text.
    pub description: Option<String>,
    /// The file it was read from, as given.
    pub file: String,
    /// SHA-256 of the file's bytes, lower-case hex.
    pub sha256: String,
    /// Hosts of this bench, in file order.
    pub hosts: Vec<StationHost>,
}

/// One matrix host on a bench.
#[derive(Debug, Clone, PartialEq)]
pub struct StationHost {
    /// Matrix host id.
    pub host: String,
    /// Firmware ids this host can run here.
    pub firmware: Vec<String>,
    /// Instruments in the plan format (`station.instruments`); `None`: the plan's own.
    pub instruments: Option<yaml_serde::Value>,
    /// Cages with modules, in file order.
    pub slots: Vec<StationSlot>,
}

/// One cage of a station host.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StationSlot {
    /// Slot id, unique in the station.
    pub id: String,
    /// Matrix SKU id of the module in it.
    pub sku: String,
    /// Bus selector (design.md §4.5).
    pub bus: String,
    /// Switch port or interface.
    pub switch_port: Option<String>,
    /// Link tier, by the plan format's names.
    pub tier: Option<String>,
    /// Line of the slot in the station file.
    pub line: usize,
}

impl StationFile {
    /// The entry of host `id`.
    pub fn host(&self, id: &str) -> Option<&StationHost> {
        self.hosts.iter().find(|h| h.host == id)
    }

    /// The slots that can run the cell `key`: this station has its host, runs its firmware
    /// there, and has slots holding its SKU. `Err` says why not.
    pub fn runnable(&self, key: &CellKey) -> Result<Vec<&StationSlot>, String> {
        let host = self
            .host(&key.host)
            .ok_or_else(|| format!("station {} has no host {}", self.name, key.host))?;
        if !host.firmware.contains(&key.firmware) {
            return Err(format!(
                "firmware {} is not loaded on {} here (it runs {})",
                key.firmware,
                key.host,
                host.firmware.join(", ")
            ));
        }
        let slots: Vec<&StationSlot> = host.slots.iter().filter(|s| s.sku == key.sku).collect();
        if slots.is_empty() {
            return Err(format!(
                "no slot on {} of station {} holds sku {}",
                key.host, self.name, key.sku
            ));
        }
        Ok(slots)
    }
}

/// Reads and validates the station file at `path` against `matrix`.
pub fn load_station(path: &Path, matrix: &Matrix) -> Result<StationFile, PlanErrors> {
    let text = read(path, "station")?;
    parse_station(&text, &path.display().to_string(), matrix)
}

/// Validates a station file's text against `matrix`; `file_name` is used in errors.
pub fn parse_station(
    text: &str,
    file_name: &str,
    matrix: &Matrix,
) -> Result<StationFile, PlanErrors> {
    static SCHEMA: OnceLock<serde_json::Value> = OnceLock::new();
    let schema = SCHEMA.get_or_init(schema::station_schema);
    let empty = "the station file is empty; it starts with `station: NAME`, then `hosts:` with each host's firmware and slots";
    let (raw, tree): (RawStationFile, _) =
        read_raw(text, file_name, schema, empty, |_| Vec::new())?;
    validate::station::build(&raw, &tree, file_name, &sha256_hex(text.as_bytes()), matrix)
        .map_err(PlanErrors::new)
}
