//! The references DOM values are compared with (qualification.md §2 "Method"): a case probe or
//! the chamber for temperature, the supply reading for Vcc, a known optical input for Rx power.
//! Each is chosen once, then read alongside every DOM reading.

use crate::checks::CheckEnv;
use crate::plan::checks::{DomAccuracyParams, Reference};

/// Where the temperature reference comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TempSource {
    /// A thermocouple on the module's case (the host's probe): what DOM temperature measures.
    Probe,
    /// The chamber's reading (air, or the DUT sensor of a forcing system in DUT mode).
    Chamber,
}

impl TempSource {
    /// For the message.
    pub fn label(self) -> &'static str {
        match self {
            TempSource::Probe => "case probe",
            TempSource::Chamber => "chamber reading",
        }
    }
}

/// Where the Vcc reference comes from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum SupplySource {
    /// The host's voltmeter at the connector.
    Host,
    /// The plan's `supply_v`.
    Plan(f64),
}

/// Where the Rx input reference comes from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum RxSource {
    /// The plan's `rx_input_dbm`, every lane.
    Plan(f64),
    /// The host's calibrated source or tap, per lane.
    Host,
}

/// The references chosen for one run; `Err` holds why a reference is missing (for the message:
/// a required one becomes an error measurement, an optional one a note).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Sources {
    /// Temperature.
    pub temperature: Result<TempSource, Missing>,
    /// Vcc (always available: the plan's value at worst).
    pub supply: SupplySource,
    /// Rx input.
    pub rx: Result<RxSource, Missing>,
}

/// A reference that is not available.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Missing {
    /// Why.
    pub why: String,
    /// Whether the plan asked for it (then the comparison is an error, else it is skipped).
    pub required: bool,
}

impl Missing {
    fn optional(why: impl Into<String>) -> Self {
        Missing {
            why: why.into(),
            required: false,
        }
    }
}

/// Chooses the references: a case probe is preferred to the chamber (the case runs hotter than
/// the air by its dissipation × thermal resistance, sim-model.md), the host's supply reading
/// to the plan's `supply_v`, the plan's `rx_input_dbm` to the host's.
pub(crate) async fn choose(
    params: &DomAccuracyParams,
    env: &CheckEnv<'_>,
    first_lane: u16,
) -> Sources {
    let temperature = match params.temperature_reference {
        Reference::None => Err(Missing::optional("temperature_reference: none")),
        r => {
            if env.host.case_temperature_c().await.is_ok() {
                Ok(TempSource::Probe)
            } else if env.station.chamber.is_some() {
                Ok(TempSource::Chamber)
            } else {
                Err(Missing {
                    why: "no case probe and no chamber".into(),
                    required: r == Reference::Instrument,
                })
            }
        }
    };
    let supply = if env.host.supply_v().await.is_ok() {
        SupplySource::Host
    } else {
        SupplySource::Plan(params.supply_v)
    };
    let rx = match params.rx_input_dbm {
        Some(dbm) => Ok(RxSource::Plan(dbm)),
        None if env.host.rx_input_dbm(first_lane).await.is_ok() => Ok(RxSource::Host),
        None => Err(Missing::optional(
            "no known input (set rx_input_dbm, or a host that knows its source)",
        )),
    };
    Sources {
        temperature,
        supply,
        rx,
    }
}

/// Reads the temperature reference now.
pub(crate) async fn temperature(env: &CheckEnv<'_>, source: TempSource) -> Result<f64, String> {
    match source {
        TempSource::Probe => env
            .host
            .case_temperature_c()
            .await
            .map_err(|e| e.to_string()),
        TempSource::Chamber => {
            let Some(chamber) = env.station.chamber.as_ref() else {
                return Err("the station has no chamber".into());
            };
            let mut chamber = chamber.lock().await;
            chamber
                .temperature()
                .await
                .map_err(|e| format!("chamber: {e}"))
        }
    }
}

/// Reads the supply reference now.
pub(crate) async fn supply(env: &CheckEnv<'_>, source: SupplySource) -> Result<f64, String> {
    match source {
        SupplySource::Host => env.host.supply_v().await.map_err(|e| e.to_string()),
        SupplySource::Plan(v) => Ok(v),
    }
}

/// Reads the Rx input reference of `lane` now, dBm.
pub(crate) async fn rx_input(
    env: &CheckEnv<'_>,
    source: RxSource,
    lane: u16,
) -> Result<f64, String> {
    match source {
        RxSource::Plan(dbm) => Ok(dbm),
        RxSource::Host => env.host.rx_input_dbm(lane).await.map_err(|e| e.to_string()),
    }
}
