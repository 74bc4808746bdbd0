//! Tx power against the optical power meter: the meter is locked for the whole pass, patched to
//! each lane of this module in turn (the station's optical switch), set to the module's
//! wavelength, and read `samples` times per lane alongside the module's own Tx monitor.
//! A meter that does not answer ends the pass: every lane not measured is an error (never a
//! fail), and the other lanes are not tried (each would wait the meter's timeout again).

use std::collections::BTreeMap;
use std::time::Duration;

use super::average::{Mean, dbm_to_mw};
use super::live::Live;
use crate::checks::{CheckEnv, Station};
use crate::instruments::InstrumentError;

/// Time given to the optical switch after a new route, before the first reading.
const SWITCH_SETTLE: Duration = Duration::from_millis(100);

/// Tx power of one lane, by the module and by the meter.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct LaneTx {
    /// The module's Tx monitor, mW.
    pub dom_mw: Mean,
    /// The meter, plus the patch loss, mW.
    pub meter_mw: Mean,
    /// Why this lane has no meter value.
    pub error: Option<String>,
}

/// The result of one pass.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct TxPass {
    /// Lanes measured (or tried).
    pub lanes: BTreeMap<u16, LaneTx>,
    /// What was used: channel, wavelength.
    pub setup: String,
}

/// Measures `lanes` (1-based); `Err` when the meter could not even be set up.
pub(crate) async fn measure(
    env: &mut CheckEnv<'_>,
    live: &mut Live,
    lanes: &[u16],
    samples: u32,
    patch_loss_db: f64,
) -> Result<TxPass, String> {
    let station: &Station = env.station;
    let Some(meter) = station.meter.as_ref() else {
        return Err("the station has no power meter".into());
    };
    let config = env.plan.station.instruments.meter.as_ref();
    let channel = config.map_or(1, |m| m.channel);
    let wavelength = config
        .and_then(|m| m.wavelength_nm)
        .or_else(|| live.wavelength_nm());
    let mut meter = meter.lock().await;
    let mut setup = format!("power meter channel {channel}");
    if let Some(nm) = wavelength {
        meter
            .set_wavelength_nm(channel, nm)
            .await
            .map_err(|e| format!("power meter: {e}"))?;
        setup.push_str(&format!(" at {nm} nm"));
    } else {
        setup.push_str(" at its own wavelength (the module declares none)");
    }
    let route = station.meter_route.as_ref();
    let lanes: Vec<u16> = match route {
        Some(_) => lanes.to_vec(),
        // A meter fixed to one fibre sees only the first lane the plan names.
        None => lanes.iter().copied().take(1).collect(),
    };
    if route.is_none() {
        setup.push_str(", fixed to one fibre (first lane only)");
    }
    let mut pass = TxPass {
        lanes: BTreeMap::new(),
        setup,
    };
    let mut dead: Option<String> = None;
    for lane in lanes {
        let entry = pass.lanes.entry(lane).or_default();
        if let Some(why) = &dead {
            entry.error = Some(why.clone());
            continue;
        }
        if let Some(r) = route {
            r(Some((env.slot_index, lane)));
            tokio::time::sleep(SWITCH_SETTLE).await;
        }
        for _ in 0..samples.max(1) {
            match meter.read_power_dbm(channel).await {
                // The patch cord's loss is added back: the power at the module's output.
                Ok(dbm) => entry.meter_mw.add(Some(dbm_to_mw(dbm + patch_loss_db))),
                Err(e) => {
                    let why = format!("power meter: {e}");
                    // No light on this lane is about this lane; anything else is the meter.
                    if !matches!(e, InstrumentError::OutOfRange { .. }) {
                        dead = Some(why.clone());
                    }
                    entry.error = Some(why);
                    break;
                }
            }
            if let Err(e) = live.refresh(env).await {
                entry.error = Some(e);
                break;
            }
            let dom = live
                .decoded
                .dom
                .lanes
                .iter()
                .find(|l| l.lane == lane)
                .and_then(|l| l.tx_power_mw);
            entry.dom_mw.add(dom);
        }
    }
    if let Some(r) = route {
        r(None);
    }
    Ok(pass)
}
