//! Raw serde structs: the plan exactly as written, before validation. Every struct denies
//! unknown keys; numbers that must be whole are read as `i64` and durations as text, so that
//! validation (not serde) says what range or form was expected, with the line.

use serde::Deserialize;

use super::raw_checks::RawCheckItem;

/// The whole plan file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPlan {
    /// The plan's name.
    pub plan: String,
    /// Free text.
    pub description: Option<String>,
    /// Expected SKU of every slot.
    pub sku: Option<RawSku>,
    /// Slots, instruments and grants.
    pub station: RawStation,
    /// Run options.
    pub options: Option<RawOptions>,
    /// Ordered checks.
    pub checks: Vec<RawCheckItem>,
}

/// The module SKU a slot should hold.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSku {
    /// Vendor name.
    pub vendor: Option<String>,
    /// Part number.
    pub pn: Option<String>,
    /// Revision.
    pub rev: Option<String>,
    /// Form factor name.
    pub form_factor: Option<String>,
    /// SFF-8024 identifier code.
    pub identifier: Option<i64>,
    /// Media type name.
    pub media: Option<String>,
    /// SFF-8024 compliance / media interface codes the module must advertise.
    pub compliance_codes: Option<Vec<i64>>,
    /// Module firmware the SKU must run (major.minor).
    pub firmware: Option<String>,
}

/// The station.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawStation {
    /// Station name.
    pub name: Option<String>,
    /// The slots.
    pub slots: Vec<RawSlot>,
    /// Lab instruments.
    pub instruments: Option<RawInstruments>,
    /// Explicit write grants.
    pub grants: Option<Vec<RawGrant>>,
}

/// One slot (or, with `repeat`, a run of slots).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSlot {
    /// Slot id (with `{n}` when repeated).
    pub id: String,
    /// Bus selector.
    pub bus: String,
    /// Switch port or interface name.
    pub switch_port: Option<String>,
    /// Power budget of the cage in W.
    pub power_budget_w: Option<f64>,
    /// Link tier.
    pub tier: Option<String>,
    /// SKU fields that override the plan's.
    pub sku: Option<RawSku>,
    /// The slot at the far end of the link.
    pub peer: Option<String>,
    /// How many slots this line stands for.
    pub repeat: Option<i64>,
}

/// Lab instruments.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawInstruments {
    /// Thermal chamber or forcing system.
    pub chamber: Option<RawChamber>,
    /// Optical power meter.
    pub meter: Option<RawMeter>,
    /// FEC counter source.
    pub counters: Option<RawCounters>,
}

/// Thermal chamber.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawChamber {
    /// Driver name.
    pub driver: String,
    /// Where it is.
    pub address: Option<String>,
}

/// Optical power meter.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawMeter {
    /// Driver name.
    pub driver: String,
    /// Where it is.
    pub address: Option<String>,
    /// Channel or port.
    pub channel: Option<i64>,
    /// Calibration wavelength in nm.
    pub wavelength_nm: Option<f64>,
}

/// FEC counter source.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCounters {
    /// Source name.
    pub source: String,
    /// Where it is.
    pub address: Option<String>,
    /// Command line for `source: command`.
    pub command: Option<String>,
}

/// A byte range: `"128-255"`, `"200"` or `200`.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum RawBytes {
    /// A single byte number.
    Number(i64),
    /// `N` or `N-M`.
    Text(String),
}

/// An explicit write grant (design.md §7).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawGrant {
    /// Management spec.
    pub spec: String,
    /// SFF-8472 device (`a0` or `a2`).
    pub device: Option<String>,
    /// Upper page.
    pub page: Option<i64>,
    /// CMIS bank.
    pub bank: Option<i64>,
    /// Bytes.
    pub bytes: RawBytes,
    /// Why.
    pub reason: String,
}

/// Run options.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawOptions {
    /// Modules run at once.
    pub concurrency: Option<i64>,
    /// Retries of a failed or erroring step.
    pub retries: Option<i64>,
    /// Extra time allowed per step.
    pub step_timeout: Option<String>,
    /// Stop a module's checks after its first failure.
    pub stop_on_fail: Option<bool>,
    /// Clock.
    pub clock: Option<String>,
}
