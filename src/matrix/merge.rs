//! A view from results alone (`optiqual report merge` without `--matrix`): which matrix the
//! runs belong to, and the axes (SKUs, hosts, firmware) rebuilt from the definitions each run
//! carries in its matrix cell (`CellRef.definitions`).

use std::collections::BTreeMap;

use serde::de::DeserializeOwned;

use super::model::{FirmwareDef, HostDef, SkuDef, TempGrade};
use crate::results::CellRef;

/// The three axes of a view.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Axes {
    /// SKUs, sorted by id.
    pub skus: Vec<SkuDef>,
    /// Hosts, sorted by id.
    pub hosts: Vec<HostDef>,
    /// Firmware sets, sorted by id.
    pub firmware: Vec<FirmwareDef>,
}

/// The matrix a merge shows: that of the most recent run that names one (`runs` newest first);
/// `None` when no run names a matrix.
pub fn matrix_name<'a>(runs_newest_first: impl IntoIterator<Item = &'a CellRef>) -> Option<String> {
    runs_newest_first
        .into_iter()
        .next()
        .map(|c| c.matrix.clone())
}

/// The axes of the cells these runs qualified (`runs` newest first).
///
/// For each SKU, host and firmware id, the definition is taken from the most recent run whose
/// `definitions.{sku,host,firmware}` reads as the model type; the id always comes from the
/// cell reference (a definition may omit it, and one with another id is taken as this one's).
/// When no run has a readable definition, a minimal one is made from what the cell reference
/// says: a SKU with empty vendor, PN and form factor, no power figure (0 W) and an `unknown`
/// temperature grade of 0..0 °C; a host whose platform is its id and with no ports; a firmware
/// set with the most recent run's host firmware and, per SKU, the most recent run's module
/// firmware pin.
pub fn axes<'a>(runs_newest_first: impl IntoIterator<Item = &'a CellRef>) -> Axes {
    let mut skus: BTreeMap<&str, Option<SkuDef>> = BTreeMap::new();
    let mut hosts: BTreeMap<&str, Option<HostDef>> = BTreeMap::new();
    let mut firmware: BTreeMap<&str, Option<FirmwareDef>> = BTreeMap::new();
    let mut fallback_fw: BTreeMap<&str, FirmwareDef> = BTreeMap::new();

    for c in runs_newest_first {
        let defs = &c.definitions;
        fill(&mut skus, &c.sku, defs.get("sku"));
        fill(&mut hosts, &c.host, defs.get("host"));
        fill(&mut firmware, &c.firmware, defs.get("firmware"));
        let fw = fallback_fw
            .entry(&c.firmware)
            .or_insert_with(|| FirmwareDef {
                id: c.firmware.clone(),
                host: c.host_firmware.clone(),
                modules: BTreeMap::new(),
            });
        if let Some(pin) = &c.module_firmware {
            fw.modules
                .entry(c.sku.clone())
                .or_insert_with(|| pin.clone());
        }
    }

    Axes {
        skus: skus
            .into_iter()
            .map(|(id, def)| def.unwrap_or_else(|| minimal_sku(id)))
            .collect(),
        hosts: hosts
            .into_iter()
            .map(|(id, def)| {
                def.unwrap_or_else(|| HostDef {
                    id: id.to_string(),
                    platform: id.to_string(),
                    ports: Vec::new(),
                })
            })
            .collect(),
        firmware: firmware
            .into_iter()
            .map(|(id, def)| {
                def.or_else(|| fallback_fw.remove(id))
                    .unwrap_or_else(|| FirmwareDef {
                        id: id.to_string(),
                        host: String::new(),
                        modules: BTreeMap::new(),
                    })
            })
            .collect(),
    }
}

/// Keeps the first readable definition seen for `id` (runs come newest first).
fn fill<'a, T: DeserializeOwned>(
    found: &mut BTreeMap<&'a str, Option<T>>,
    id: &'a str,
    def: Option<&serde_json::Value>,
) {
    let slot = found.entry(id).or_insert(None);
    if slot.is_none() {
        *slot = def.and_then(|d| read_definition(d, id));
    }
}

/// A definition as the model type, its `id` set to `id`; `None` when it is not an object or
/// does not deserialize.
fn read_definition<T: DeserializeOwned>(def: &serde_json::Value, id: &str) -> Option<T> {
    let mut object = def.as_object()?.clone();
    object.insert("id".to_string(), serde_json::Value::from(id));
    serde_json::from_value(serde_json::Value::Object(object)).ok()
}

fn minimal_sku(id: &str) -> SkuDef {
    SkuDef {
        id: id.to_string(),
        vendor: String::new(),
        pn: String::new(),
        form_factor: String::new(),
        applications: Vec::new(),
        max_power_w: 0.0,
        temperature: TempGrade {
            name: "unknown".to_string(),
            min_c: 0.0,
            max_c: 0.0,
        },
    }
}
