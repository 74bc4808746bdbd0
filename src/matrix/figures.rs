//! Key figures a buyer reads per SKU, taken from the measurements of runs: power-up time
//! against the advertised limit, the worst DOM error, the temperature range passed, the BER
//! bound reached, and the advertised power against the port's budget.

use serde::{Deserialize, Serialize};

use crate::results::Outcome;

/// One figure with the limit it was judged against.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Figure {
    /// The value (the worst one where several were taken).
    pub value: f64,
    /// The limit it is compared with (the advertised time, the budget, the DOM tolerance).
    pub limit: Option<f64>,
    /// Unit (`ms`, `dB`, `degC`, `W`, or empty for a ratio).
    pub unit: String,
    /// Pass or fail against the limit.
    pub outcome: Outcome,
    /// Where it comes from: `run_id/slot/check/measurement`.
    pub source: String,
}

/// Key figures of one module in one run.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ModuleFigures {
    /// Run id.
    pub run_id: String,
    /// Slot id.
    pub slot: String,
    /// Serial number.
    pub sn: String,
    /// Slowest power-up (CMIS LowPwr→Ready, or SFF data ready), against the advertised limit.
    pub power_up_ms: Option<Figure>,
    /// Slowest data-path activation (CMIS), against DPInit+TxTurnOn advertised.
    pub dp_activate_ms: Option<Figure>,
    /// Largest |Tx power error| against the reference meter, dB.
    pub dom_tx_error_db: Option<Figure>,
    /// Largest |Rx power error| against the known input, dB.
    pub dom_rx_error_db: Option<Figure>,
    /// Largest |temperature error| against the reference probe, °C.
    pub dom_temperature_error_c: Option<Figure>,
    /// Lowest and highest thermal-sweep setpoint at which every measurement passed, °C.
    pub temperature_passed_c: Option<(f64, f64)>,
    /// Lowest and highest setpoint tried, °C.
    pub temperature_tested_c: Option<(f64, f64)>,
    /// Highest module case temperature reported during a sweep, °C.
    pub max_case_temperature_c: Option<f64>,
    /// Worst (highest) post-FEC BER upper confidence bound of a soak, against the target.
    pub post_fec_ber_bound: Option<Figure>,
    /// Worst pre-FEC BER of a soak, against its limit.
    pub pre_fec_ber: Option<Figure>,
    /// Advertised maximum power against the port's budget, W.
    pub power_w: Option<Figure>,
    /// Power drawn once up, as the host measured it, against the port's budget, W (absent
    /// when the host cannot measure it).
    #[serde(default)]
    pub power_drawn_w: Option<Figure>,
}

/// Key figures of a SKU: the worst of each over its modules in the runs behind its cells.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SkuFigures {
    /// SKU id.
    pub sku: String,
    /// How many modules (distinct serial numbers) the figures cover.
    pub modules: usize,
    /// How many runs.
    pub runs: usize,
    /// The worst of each figure.
    pub worst: ModuleFigures,
}
