//! Raw serde structs of the checks. A check item is either a bare kind (`- identity`) or a
//! one-key mapping from the kind to its parameters (`- power_up: { cycles: 5 }`); every
//! parameter struct carries the common keys `id`, `retries` and `timeout`.

use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};

use super::checks::CheckKind;

/// One item of `checks:` or `at_each:`.
#[derive(Debug, Clone)]
pub enum RawCheckItem {
    /// `- identity`: the kind with default parameters.
    Bare(CheckKind),
    /// `- identity: {...}` (or `- identity:` with nothing).
    Full(Box<RawCheck>),
}

/// A check kind with its (optional) raw parameters.
#[derive(Debug, Clone)]
pub enum RawCheck {
    /// `identity`.
    Identity(Option<RawIdentity>),
    /// `power_up`.
    PowerUp(Option<RawPowerUp>),
    /// `dom_accuracy`.
    DomAccuracy(Option<RawDomAccuracy>),
    /// `thresholds_and_flags`.
    ThresholdsAndFlags(Option<RawThresholdsAndFlags>),
    /// `tx_disable_los`.
    TxDisableLos(Option<RawTxDisableLos>),
    /// `thermal_sweep`.
    ThermalSweep(Option<RawThermalSweep>),
    /// `ber_soak`.
    BerSoak(Option<RawBerSoak>),
    /// `link_budget`.
    LinkBudget(Option<RawLinkBudget>),
}

impl RawCheckItem {
    /// The kind of check.
    pub fn kind(&self) -> CheckKind {
        match self {
            RawCheckItem::Bare(k) => *k,
            RawCheckItem::Full(c) => match c.as_ref() {
                RawCheck::Identity(_) => CheckKind::Identity,
                RawCheck::PowerUp(_) => CheckKind::PowerUp,
                RawCheck::DomAccuracy(_) => CheckKind::DomAccuracy,
                RawCheck::ThresholdsAndFlags(_) => CheckKind::ThresholdsAndFlags,
                RawCheck::TxDisableLos(_) => CheckKind::TxDisableLos,
                RawCheck::ThermalSweep(_) => CheckKind::ThermalSweep,
                RawCheck::BerSoak(_) => CheckKind::BerSoak,
                RawCheck::LinkBudget(_) => CheckKind::LinkBudget,
            },
        }
    }
}

impl<'de> Deserialize<'de> for RawCheckItem {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(ItemVisitor)
    }
}

struct ItemVisitor;

fn kind_from<E: de::Error>(name: &str) -> Result<CheckKind, E> {
    CheckKind::from_name(name).ok_or_else(|| {
        de::Error::unknown_variant(
            name,
            &[
                "identity",
                "power_up",
                "dom_accuracy",
                "thresholds_and_flags",
                "tx_disable_los",
                "thermal_sweep",
                "ber_soak",
                "link_budget",
            ],
        )
    })
}

impl<'de> Visitor<'de> for ItemVisitor {
    type Value = RawCheckItem;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a check kind, or a mapping from one check kind to its parameters")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        kind_from(v).map(RawCheckItem::Bare)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let Some(name) = map.next_key::<String>()? else {
            return Err(de::Error::invalid_length(0, &self));
        };
        let check = match kind_from::<A::Error>(&name)? {
            CheckKind::Identity => RawCheck::Identity(map.next_value()?),
            CheckKind::PowerUp => RawCheck::PowerUp(map.next_value()?),
            CheckKind::DomAccuracy => RawCheck::DomAccuracy(map.next_value()?),
            CheckKind::ThresholdsAndFlags => RawCheck::ThresholdsAndFlags(map.next_value()?),
            CheckKind::TxDisableLos => RawCheck::TxDisableLos(map.next_value()?),
            CheckKind::ThermalSweep => RawCheck::ThermalSweep(map.next_value()?),
            CheckKind::BerSoak => RawCheck::BerSoak(map.next_value()?),
            CheckKind::LinkBudget => RawCheck::LinkBudget(map.next_value()?),
        };
        if let Some(extra) = map.next_key::<String>()? {
            return Err(de::Error::custom(format!(
                "a check item names one kind; found `{name}` and `{extra}`"
            )));
        }
        Ok(RawCheckItem::Full(Box::new(check)))
    }
}

/// `identity` parameters.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawIdentity {
    /// Check id.
    pub id: Option<String>,
    /// Retries.
    pub retries: Option<i64>,
    /// Timeout.
    pub timeout: Option<String>,
    /// Require valid checksums.
    pub checksums: Option<bool>,
    /// Compare with the expected SKU.
    pub sku: Option<bool>,
    /// Compare max power with the slot's budget.
    pub power_budget: Option<bool>,
}

/// `power_up` parameters.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPowerUp {
    /// Check id.
    pub id: Option<String>,
    /// Retries.
    pub retries: Option<i64>,
    /// Timeout.
    pub timeout: Option<String>,
    /// Power cycles.
    pub cycles: Option<i64>,
    /// CMIS AppSel.
    pub application: Option<i64>,
    /// Time off between cycles.
    pub off_time: Option<String>,
    /// SFF-8472 t_init limit.
    pub sfp_t_init: Option<String>,
    /// SFF-8636 t_init limit.
    pub qsfp_t_init: Option<String>,
    /// CMIS ModuleReady limit when ModulePwrUp is not advertised.
    pub cmis_ready_fallback: Option<String>,
    /// CMIS data-path limit when DPInit is not advertised.
    pub cmis_datapath_fallback: Option<String>,
}

/// `dom_accuracy.limits`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDomLimits {
    /// °C.
    pub temperature_c: Option<f64>,
    /// %.
    pub vcc_pct: Option<f64>,
    /// %.
    pub tx_bias_pct: Option<f64>,
    /// dB.
    pub tx_power_db: Option<f64>,
    /// dB.
    pub rx_power_db: Option<f64>,
}

/// `dom_accuracy` parameters.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDomAccuracy {
    /// Check id.
    pub id: Option<String>,
    /// Retries.
    pub retries: Option<i64>,
    /// Timeout.
    pub timeout: Option<String>,
    /// Tx power reference.
    pub reference: Option<String>,
    /// Temperature reference.
    pub temperature_reference: Option<String>,
    /// Supply voltage in V.
    pub supply_v: Option<f64>,
    /// Known Rx input in dBm.
    pub rx_input_dbm: Option<f64>,
    /// Datasheet nominal bias in mA.
    pub nominal_bias_ma: Option<f64>,
    /// Patch-cord loss in dB.
    pub patch_loss_db: Option<f64>,
    /// Readings averaged.
    pub samples: Option<i64>,
    /// Lanes (1-based).
    pub lanes: Option<Vec<i64>>,
    /// Tolerances.
    pub limits: Option<RawDomLimits>,
}

/// `thresholds_and_flags` parameters.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawThresholdsAndFlags {
    /// Check id.
    pub id: Option<String>,
    /// Retries.
    pub retries: Option<i64>,
    /// Timeout.
    pub timeout: Option<String>,
    /// Monitors to check.
    pub monitors: Option<Vec<String>>,
    /// Check latched flags clear on read.
    pub latched_clear: Option<bool>,
    /// Reads to confirm a clear.
    pub clear_reads: Option<i64>,
}

/// `tx_disable_los` parameters.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTxDisableLos {
    /// Check id.
    pub id: Option<String>,
    /// Retries.
    pub retries: Option<i64>,
    /// Timeout.
    pub timeout: Option<String>,
    /// Soft Tx disable limit.
    pub tx_off_max: Option<String>,
    /// Soft Tx enable limit.
    pub tx_on_max: Option<String>,
    /// Check Rx LOS.
    pub los: Option<bool>,
    /// Rx LOS limit.
    pub los_max: Option<String>,
    /// Lanes (1-based).
    pub lanes: Option<Vec<i64>>,
}

/// `thermal_sweep.stability`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawStability {
    /// °C/min.
    pub max_rate_c_per_min: Option<f64>,
    /// Window.
    pub window: Option<String>,
}

/// `thermal_sweep` parameters.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawThermalSweep {
    /// Check id.
    pub id: Option<String>,
    /// Retries.
    pub retries: Option<i64>,
    /// Timeout.
    pub timeout: Option<String>,
    /// Setpoints in °C.
    pub setpoints_c: Option<Vec<f64>>,
    /// Dwell once stable.
    pub dwell: Option<String>,
    /// Stability criterion.
    pub stability: Option<RawStability>,
    /// Time allowed to settle.
    pub settle_timeout: Option<String>,
    /// Chamber tolerance in °C.
    pub chamber_tolerance_c: Option<f64>,
    /// Curve sampling interval.
    pub sample_interval: Option<String>,
    /// Checks at each setpoint.
    pub at_each: Option<Vec<RawCheckItem>>,
}

/// `ber_soak` parameters.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawBerSoak {
    /// Check id.
    pub id: Option<String>,
    /// Retries.
    pub retries: Option<i64>,
    /// Timeout.
    pub timeout: Option<String>,
    /// Soak length.
    pub duration: Option<String>,
    /// Sampling interval.
    pub interval: Option<String>,
    /// Pre-FEC BER limit.
    pub max_pre_fec_ber: Option<f64>,
    /// Uncorrectable codeword limit.
    pub max_uncorrectable: Option<i64>,
    /// Post-FEC BER to demonstrate.
    pub target_ber: Option<f64>,
    /// Confidence level.
    pub confidence: Option<f64>,
    /// Line rate override in Gb/s.
    pub line_rate_gbps: Option<f64>,
}

/// `link_budget` parameters.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLinkBudget {
    /// Check id.
    pub id: Option<String>,
    /// Retries.
    pub retries: Option<i64>,
    /// Timeout.
    pub timeout: Option<String>,
    /// Tier.
    pub tier: Option<String>,
    /// Loss in dB.
    pub loss_db: Option<f64>,
    /// Required margin in dB.
    pub margin_db: Option<f64>,
    /// Receiver sensitivity in dBm.
    pub rx_sensitivity_dbm: Option<f64>,
    /// Early-warning margin in dB.
    pub warning_margin_db: Option<f64>,
}
