//! The effective plan of a cell: the cell's plan with its `station:` replaced by this station's
//! slots that hold the cell's SKU on the cell's host. Each slot carries the host port's power
//! budget and the SKU's vendor, PN and form factor from the matrix, so the plan's identity check
//! judges the module against the matrix. Instruments come from the station host when it names
//! them, else from the plan; the plan's write grants are kept.

use yaml_serde::{Mapping, Value};

use super::model::{CellKey, Matrix};
use super::station::StationFile;

/// The effective plan of cell `key` as YAML text that [`crate::plan::parse`] accepts (checked
/// before it is returned). `plan_file` names the plan in messages. `Err` says why the cell
/// cannot be run here, or what is wrong with the result.
pub fn effective_plan(
    plan_text: &str,
    plan_file: &str,
    matrix: &Matrix,
    station: &StationFile,
    key: &CellKey,
) -> Result<String, String> {
    let sku = matrix
        .sku(&key.sku)
        .ok_or_else(|| format!("matrix {} has no SKU {}", matrix.name, key.sku))?;
    let host = matrix
        .host(&key.host)
        .ok_or_else(|| format!("matrix {} has no host {}", matrix.name, key.host))?;
    // The module firmware this firmware set pins for the SKU: the identity check verifies it.
    let pin = matrix
        .firmware(&key.firmware)
        .and_then(|f| f.modules.get(&key.sku));
    let port = host.port(&sku.form_factor).ok_or_else(|| {
        format!(
            "host {} has no {} port for SKU {}",
            host.id, sku.form_factor, sku.id
        )
    })?;
    let slots = station.runnable(key)?;
    let station_host = station
        .host(&key.host)
        .ok_or_else(|| format!("station {} has no host {}", station.name, key.host))?;

    let mut doc: Value = yaml_serde::from_str(plan_text)
        .map_err(|e| format!("{plan_file}: not a readable plan: {e}"))?;
    let map = doc.as_mapping_mut().ok_or_else(|| {
        format!("{plan_file}: expected a plan (a mapping with `plan:`, `station:` and `checks:`)")
    })?;
    let old = map.get("station").cloned().unwrap_or(Value::Null);

    let mut st = Mapping::new();
    st.insert(
        text("name"),
        text(&format!("{} / {}", station.name, key.host)),
    );
    let slot_values = slots
        .iter()
        .map(|s| {
            let mut m = Mapping::new();
            m.insert(text("id"), text(&s.id));
            m.insert(text("bus"), text(&s.bus));
            if let Some(p) = &s.switch_port {
                m.insert(text("switch_port"), text(p));
            }
            m.insert(text("power_budget_w"), Value::from(port.power_budget_w));
            if let Some(t) = &s.tier {
                m.insert(text("tier"), text(t));
            }
            let mut k = Mapping::new();
            k.insert(text("vendor"), text(&sku.vendor));
            k.insert(text("pn"), text(&sku.pn));
            k.insert(text("form_factor"), text(&sku.form_factor));
            if let Some(pin) = pin {
                k.insert(text("firmware"), text(pin));
            }
            m.insert(text("sku"), Value::Mapping(k));
            Value::Mapping(m)
        })
        .collect();
    st.insert(text("slots"), Value::Sequence(slot_values));
    let instruments = station_host
        .instruments
        .clone()
        .or_else(|| old.get("instruments").cloned());
    if let Some(i) = instruments.filter(|i| !i.is_null()) {
        st.insert(text("instruments"), i);
    }
    if let Some(g) = old.get("grants").filter(|g| !g.is_null()) {
        st.insert(text("grants"), g.clone());
    }
    match map.get_mut("station") {
        Some(v) => *v = Value::Mapping(st),
        None => {
            map.insert(text("station"), Value::Mapping(st));
        }
    }
    let body = yaml_serde::to_string(&doc)
        .map_err(|e| format!("{plan_file}: cannot write the effective plan: {e}"))?;
    let out = format!(
        "# Effective plan of cell {} (matrix {}, station {}):\n# {} with its station replaced by the station's slots for this cell.\n{body}",
        one_line(&key.to_string()),
        one_line(&matrix.name),
        one_line(&station.name),
        one_line(plan_file),
    );
    let shown = format!("{plan_file} (effective plan of {})", key.slug());
    crate::plan::parse(&out, &shown)
        .map_err(|e| format!("the effective plan of cell {key} does not validate:\n{e}"))?;
    Ok(out)
}

fn text(s: &str) -> Value {
    Value::String(s.to_string())
}

/// Text safe inside a YAML comment line.
fn one_line(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}
