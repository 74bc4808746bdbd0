//! The eight check kinds (issue 5) and their validated parameters, with the defaults of
//! reference/qualification.md. Every number carries its unit in its name.

use std::time::Duration;

use serde::Serialize;

use super::duration::serde_text;

/// The kinds of check a plan can run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckKind {
    /// Identity, checksums, SKU and power budget.
    Identity,
    /// Power-up and data-path timing over N power cycles.
    PowerUp,
    /// DOM against reference instruments.
    DomAccuracy,
    /// Threshold order and flag behaviour.
    ThresholdsAndFlags,
    /// Soft Tx disable/enable timing and Rx LOS.
    TxDisableLos,
    /// Chamber setpoints with nested checks at each.
    ThermalSweep,
    /// Pre-/post-FEC BER soak.
    BerSoak,
    /// Link budget against a tier's loss.
    LinkBudget,
}

impl CheckKind {
    /// Every kind, in the order of issue 5.
    pub const ALL: [CheckKind; 8] = [
        CheckKind::Identity,
        CheckKind::PowerUp,
        CheckKind::DomAccuracy,
        CheckKind::ThresholdsAndFlags,
        CheckKind::TxDisableLos,
        CheckKind::ThermalSweep,
        CheckKind::BerSoak,
        CheckKind::LinkBudget,
    ];

    /// The name plans use.
    pub const fn as_str(self) -> &'static str {
        match self {
            CheckKind::Identity => "identity",
            CheckKind::PowerUp => "power_up",
            CheckKind::DomAccuracy => "dom_accuracy",
            CheckKind::ThresholdsAndFlags => "thresholds_and_flags",
            CheckKind::TxDisableLos => "tx_disable_los",
            CheckKind::ThermalSweep => "thermal_sweep",
            CheckKind::BerSoak => "ber_soak",
            CheckKind::LinkBudget => "link_budget",
        }
    }

    /// The kind a plan's name stands for.
    pub fn from_name(name: &str) -> Option<Self> {
        CheckKind::ALL.into_iter().find(|k| k.as_str() == name)
    }

    /// Every name, for messages.
    pub fn names() -> [&'static str; 8] {
        CheckKind::ALL.map(CheckKind::as_str)
    }
}

impl std::fmt::Display for CheckKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One validated check.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Check {
    /// Unique id within its list: explicit, or the kind (`kind#2`, `kind#3`, ... for repeats).
    pub id: String,
    /// Retries of this step; `None` uses `options.retries`.
    pub retries: Option<u32>,
    /// Time limit of one attempt; `None` uses [`Check::effective_timeout`]'s default.
    #[serde(serialize_with = "serde_text::option")]
    pub timeout: Option<Duration>,
    /// The kind and its parameters.
    pub params: CheckParams,
}

impl Check {
    /// The kind of check.
    pub fn kind(&self) -> CheckKind {
        self.params.kind()
    }

    /// The time limit of one attempt: the explicit `timeout`, else `step_timeout` plus the time
    /// the check is planned to take (soak length, sweep settling and dwell, power cycles).
    pub fn effective_timeout(&self, step_timeout: Duration) -> Duration {
        self.timeout
            .unwrap_or_else(|| step_timeout.saturating_add(self.params.planned_upper_bound()))
    }

    /// Retries of this step given the plan's default.
    pub fn effective_retries(&self, default: u32) -> u32 {
        self.retries.unwrap_or(default)
    }
}

/// A check's kind and parameters.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckParams {
    /// `identity`.
    Identity(IdentityParams),
    /// `power_up`.
    PowerUp(PowerUpParams),
    /// `dom_accuracy`.
    DomAccuracy(DomAccuracyParams),
    /// `thresholds_and_flags`.
    ThresholdsAndFlags(ThresholdsAndFlagsParams),
    /// `tx_disable_los`.
    TxDisableLos(TxDisableLosParams),
    /// `thermal_sweep`.
    ThermalSweep(ThermalSweepParams),
    /// `ber_soak`.
    BerSoak(BerSoakParams),
    /// `link_budget`.
    LinkBudget(LinkBudgetParams),
}

impl CheckParams {
    /// The kind.
    pub fn kind(&self) -> CheckKind {
        match self {
            CheckParams::Identity(_) => CheckKind::Identity,
            CheckParams::PowerUp(_) => CheckKind::PowerUp,
            CheckParams::DomAccuracy(_) => CheckKind::DomAccuracy,
            CheckParams::ThresholdsAndFlags(_) => CheckKind::ThresholdsAndFlags,
            CheckParams::TxDisableLos(_) => CheckKind::TxDisableLos,
            CheckParams::ThermalSweep(_) => CheckKind::ThermalSweep,
            CheckParams::BerSoak(_) => CheckKind::BerSoak,
            CheckParams::LinkBudget(_) => CheckKind::LinkBudget,
        }
    }

    /// The default parameters of a kind.
    pub fn defaults(kind: CheckKind) -> Self {
        match kind {
            CheckKind::Identity => CheckParams::Identity(IdentityParams::default()),
            CheckKind::PowerUp => CheckParams::PowerUp(PowerUpParams::default()),
            CheckKind::DomAccuracy => CheckParams::DomAccuracy(DomAccuracyParams::default()),
            CheckKind::ThresholdsAndFlags => {
                CheckParams::ThresholdsAndFlags(ThresholdsAndFlagsParams::default())
            }
            CheckKind::TxDisableLos => CheckParams::TxDisableLos(TxDisableLosParams::default()),
            CheckKind::ThermalSweep => CheckParams::ThermalSweep(ThermalSweepParams::default()),
            CheckKind::BerSoak => CheckParams::BerSoak(BerSoakParams::default()),
            CheckKind::LinkBudget => CheckParams::LinkBudget(LinkBudgetParams::default()),
        }
    }

    /// The least time the check needs when all goes well (soak length, sweep dwell, power-off
    /// time): an explicit timeout shorter than this cannot be met.
    pub fn planned_lower_bound(&self) -> Duration {
        match self {
            CheckParams::PowerUp(p) => p.off_time.saturating_mul(p.cycles),
            CheckParams::ThermalSweep(p) => {
                let nested: Duration = p
                    .at_each
                    .iter()
                    .map(|c| c.params.planned_lower_bound())
                    .sum();
                let per_point = p.dwell.saturating_add(nested);
                per_point.saturating_mul(u32::try_from(p.setpoints_c.len()).unwrap_or(u32::MAX))
            }
            CheckParams::BerSoak(p) => p.duration,
            _ => Duration::ZERO,
        }
    }

    /// The most time the check may take without being late: the lower bound plus settling
    /// allowances (sweep settle timeouts, power-up fallback limits).
    pub fn planned_upper_bound(&self) -> Duration {
        match self {
            CheckParams::PowerUp(p) => {
                let per_cycle = p
                    .off_time
                    .saturating_add(p.cmis_ready_fallback)
                    .saturating_add(p.cmis_datapath_fallback);
                per_cycle.saturating_mul(p.cycles)
            }
            CheckParams::ThermalSweep(p) => {
                let nested: Duration = p
                    .at_each
                    .iter()
                    .map(|c| c.params.planned_upper_bound())
                    .sum();
                let per_point = p
                    .settle_timeout
                    .saturating_add(p.dwell)
                    .saturating_add(nested);
                per_point.saturating_mul(u32::try_from(p.setpoints_c.len()).unwrap_or(u32::MAX))
            }
            other => other.planned_lower_bound(),
        }
    }
}

/// `identity`: vendor, PN, revision and SN present and printable; every checksum valid;
/// identifier, form factor, compliance codes and media as the SKU expects; max power within the
/// slot's `power_budget_w`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IdentityParams {
    /// Every checksum must be valid (default true).
    pub checksums: bool,
    /// Compare with the slot's expected SKU (default true; nothing to compare without a SKU).
    pub sku: bool,
    /// Advertised max power must be within the slot's `power_budget_w` (default true; skipped
    /// for slots without a budget).
    pub power_budget: bool,
}

impl Default for IdentityParams {
    fn default() -> Self {
        IdentityParams {
            checksums: true,
            sku: true,
            power_budget: true,
        }
    }
}

/// `power_up`: SFF-8472 data-ready and TX_FAULT within t_init; SFF-8636 Data_Not_Ready clears;
/// CMIS LowPwr → ModuleReady against the advertised ModulePwrUp, then data-path activation of
/// `application` against DPInit; repeated `cycles` times with min/mean/max.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PowerUpParams {
    /// Power cycles, 1-1000 (default 5).
    pub cycles: u32,
    /// CMIS application (AppSel code) to activate, 1-15 (default 1).
    pub application: u8,
    /// Time held off (low power / reset) between cycles (default 1s).
    #[serde(serialize_with = "serde_text::serialize")]
    pub off_time: Duration,
    /// SFF-8472 limit from power-on to data ready (default 300ms, qualification.md §6 t_init).
    #[serde(serialize_with = "serde_text::serialize")]
    pub sfp_t_init: Duration,
    /// SFF-8636 limit until Data_Not_Ready clears (default 2s; the numeric t_init is UNCONFIRMED
    /// in qualification.md §6, 2 s is the common figure).
    #[serde(serialize_with = "serde_text::serialize")]
    pub qsfp_t_init: Duration,
    /// CMIS ModuleReady limit used only when ModulePwrUp is not advertised (default 5s, the
    /// fallback of qualification.md §6).
    #[serde(serialize_with = "serde_text::serialize")]
    pub cmis_ready_fallback: Duration,
    /// CMIS data-path limit used only when DPInit is not advertised (default 10s, §6).
    #[serde(serialize_with = "serde_text::serialize")]
    pub cmis_datapath_fallback: Duration,
}

impl Default for PowerUpParams {
    fn default() -> Self {
        PowerUpParams {
            cycles: 5,
            application: 1,
            off_time: Duration::from_secs(1),
            sfp_t_init: Duration::from_millis(300),
            qsfp_t_init: Duration::from_secs(2),
            cmis_ready_fallback: Duration::from_secs(5),
            cmis_datapath_fallback: Duration::from_secs(10),
        }
    }
}

/// Which instrument a DOM value is compared with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Reference {
    /// The instrument when the station has one, else the comparison is skipped.
    Auto,
    /// The instrument, required (the power meter for Tx power, the chamber for temperature).
    Instrument,
    /// Do not compare.
    None,
}

/// Tolerances of `dom_accuracy` (reference/qualification.md §2).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DomLimits {
    /// Temperature, ± °C (default 3.0).
    pub temperature_c: f64,
    /// Supply voltage, ± % of the supply reading (default 3.0).
    pub vcc_pct: f64,
    /// Tx bias, ± % of the datasheet nominal (default 10.0).
    pub tx_bias_pct: f64,
    /// Tx power per lane, ± dB against the meter (default 3.0).
    pub tx_power_db: f64,
    /// Rx power per lane, ± dB against the known input (default 3.0).
    pub rx_power_db: f64,
}

impl Default for DomLimits {
    fn default() -> Self {
        DomLimits {
            temperature_c: 3.0,
            vcc_pct: 3.0,
            tx_bias_pct: 10.0,
            tx_power_db: 3.0,
            rx_power_db: 3.0,
        }
    }
}

/// `dom_accuracy`: module DOM against references, per lane.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DomAccuracyParams {
    /// Tx power reference (`meter`, `none`, default `auto`).
    pub reference: Reference,
    /// Temperature reference (`chamber`, `none`, default `auto`).
    pub temperature_reference: Reference,
    /// Supply voltage applied to the module, in V (default 3.3).
    pub supply_v: f64,
    /// Known optical input per lane in dBm; Rx power is compared only when set.
    pub rx_input_dbm: Option<f64>,
    /// Datasheet nominal Tx bias in mA; bias is compared only when set.
    pub nominal_bias_ma: Option<f64>,
    /// Patch-cord loss between module and meter in dB, added back to the meter reading
    /// (default 0.0).
    pub patch_loss_db: f64,
    /// Readings averaged per value, 1-100 (default 5).
    pub samples: u32,
    /// Lanes to check, 1-based; empty means every lane the module has (default).
    pub lanes: Vec<u8>,
    /// Tolerances.
    pub limits: DomLimits,
}

impl Default for DomAccuracyParams {
    fn default() -> Self {
        DomAccuracyParams {
            reference: Reference::Auto,
            temperature_reference: Reference::Auto,
            supply_v: 3.3,
            rx_input_dbm: None,
            nominal_bias_ma: None,
            patch_loss_db: 0.0,
            samples: 5,
            lanes: Vec::new(),
            limits: DomLimits::default(),
        }
    }
}

/// A DOM monitor (the names of `decode --json` thresholds).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Monitor {
    /// Module temperature.
    TemperatureC,
    /// Supply voltage.
    VccV,
    /// Tx bias.
    TxBiasMa,
    /// Tx power.
    TxPowerDbm,
    /// Rx power.
    RxPowerDbm,
}

impl Monitor {
    /// Every monitor.
    pub const ALL: [Monitor; 5] = [
        Monitor::TemperatureC,
        Monitor::VccV,
        Monitor::TxBiasMa,
        Monitor::TxPowerDbm,
        Monitor::RxPowerDbm,
    ];

    /// The name plans use.
    pub const fn as_str(self) -> &'static str {
        match self {
            Monitor::TemperatureC => "temperature_c",
            Monitor::VccV => "vcc_v",
            Monitor::TxBiasMa => "tx_bias_ma",
            Monitor::TxPowerDbm => "tx_power_dbm",
            Monitor::RxPowerDbm => "rx_power_dbm",
        }
    }

    /// The monitor a name stands for.
    pub fn from_name(name: &str) -> Option<Self> {
        Monitor::ALL.into_iter().find(|m| m.as_str() == name)
    }
}

/// `thresholds_and_flags`: low alarm < low warning < high warning < high alarm for each
/// monitor; flags consistent with values; latched flags clear on read.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ThresholdsAndFlagsParams {
    /// Monitors to check (default all five).
    pub monitors: Vec<Monitor>,
    /// Check that latched flags clear on read once the condition is gone (default true).
    pub latched_clear: bool,
    /// Reads that must all show a cleared flag, 1-10 (default 2).
    pub clear_reads: u32,
}

impl Default for ThresholdsAndFlagsParams {
    fn default() -> Self {
        ThresholdsAndFlagsParams {
            monitors: Monitor::ALL.to_vec(),
            latched_clear: true,
            clear_reads: 2,
        }
    }
}

/// `tx_disable_los`: soft Tx disable and enable timing; Rx LOS asserts when the far end stops.
/// CMIS modules are held to their advertised DPTxTurnOff/On; these limits apply when nothing is
/// advertised.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TxDisableLosParams {
    /// Soft Tx disable to light off (default 100ms; SFF-8472 soft-control timing as commonly
    /// quoted, not in reference/).
    #[serde(serialize_with = "serde_text::serialize")]
    pub tx_off_max: Duration,
    /// Soft Tx enable to light on (default 100ms, same source).
    #[serde(serialize_with = "serde_text::serialize")]
    pub tx_on_max: Duration,
    /// Check Rx LOS on the peer (default true).
    pub los: bool,
    /// Far end dark to LOS seen over the management interface (default 100ms; the pin asserts
    /// within 100 µs per qualification.md §6, polling adds the rest).
    #[serde(serialize_with = "serde_text::serialize")]
    pub los_max: Duration,
    /// Lanes to check, 1-based; empty means all (default).
    pub lanes: Vec<u8>,
}

impl Default for TxDisableLosParams {
    fn default() -> Self {
        TxDisableLosParams {
            tx_off_max: Duration::from_millis(100),
            tx_on_max: Duration::from_millis(100),
            los: true,
            los_max: Duration::from_millis(100),
            lanes: Vec::new(),
        }
    }
}

/// Stability criterion of a thermal setpoint.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stability {
    /// Largest rate of change of the module temperature, °C/min (default 0.5).
    pub max_rate_c_per_min: f64,
    /// Window over which the rate is measured (default 2m).
    #[serde(serialize_with = "serde_text::serialize")]
    pub window: Duration,
}

impl Default for Stability {
    fn default() -> Self {
        Stability {
            max_rate_c_per_min: 0.5,
            window: Duration::from_secs(120),
        }
    }
}

/// `thermal_sweep`: for each setpoint, wait for stability, dwell, then run `at_each`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ThermalSweepParams {
    /// Chamber setpoints in °C, each within -60..150 (default 0, 25, 70: C-temp).
    pub setpoints_c: Vec<f64>,
    /// Time held after stability before measuring (default 10m).
    #[serde(serialize_with = "serde_text::serialize")]
    pub dwell: Duration,
    /// When the module counts as settled.
    pub stability: Stability,
    /// Time allowed to reach stability; exceeding it is a TIMEOUT, not a module failure
    /// (default 45m).
    #[serde(serialize_with = "serde_text::serialize")]
    pub settle_timeout: Duration,
    /// Chamber reading must be within ± this of the setpoint, °C (default 1.0).
    pub chamber_tolerance_c: f64,
    /// Interval of the recorded curves (default 10s).
    #[serde(serialize_with = "serde_text::serialize")]
    pub sample_interval: Duration,
    /// Checks run at each setpoint, in order (default dom_accuracy, thresholds_and_flags);
    /// never a thermal_sweep.
    pub at_each: Vec<Check>,
}

impl Default for ThermalSweepParams {
    fn default() -> Self {
        ThermalSweepParams {
            setpoints_c: vec![0.0, 25.0, 70.0],
            dwell: Duration::from_secs(600),
            stability: Stability::default(),
            settle_timeout: Duration::from_secs(45 * 60),
            chamber_tolerance_c: 1.0,
            sample_interval: Duration::from_secs(10),
            at_each: [CheckKind::DomAccuracy, CheckKind::ThresholdsAndFlags]
                .into_iter()
                .map(|k| Check {
                    id: k.as_str().to_string(),
                    retries: None,
                    timeout: None,
                    params: CheckParams::defaults(k),
                })
                .collect(),
        }
    }
}

/// `ber_soak`: pre-FEC BER per interval, uncorrectable codewords, and the confidence that the
/// post-FEC BER is below `target_ber` (reference/qualification.md §4-§5).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BerSoakParams {
    /// Soak length (default 1h: enough for BER 1e-13 at 95 % with zero errors at 10 Gb/s and
    /// above, qualification.md §5).
    #[serde(serialize_with = "serde_text::serialize")]
    pub duration: Duration,
    /// Counter sampling interval, at least 1s (default 10s).
    #[serde(serialize_with = "serde_text::serialize")]
    pub interval: Duration,
    /// Largest pre-FEC BER of any interval (default 2.4e-4, KP4 PAM4 optics; use 5e-5 for KR4
    /// NRZ optics).
    pub max_pre_fec_ber: f64,
    /// Largest number of uncorrectable codewords (default 0, lab practice).
    pub max_uncorrectable: u64,
    /// Post-FEC BER the soak should demonstrate (default 1e-12, 100 GbE; 1e-13 for 400 GbE).
    pub target_ber: f64,
    /// Confidence level of that demonstration, in (0, 1) (default 0.95).
    pub confidence: f64,
    /// Line rate in Gb/s; `None` takes the serdes rate of the port type (protocols.md §4).
    pub line_rate_gbps: Option<f64>,
}

impl Default for BerSoakParams {
    fn default() -> Self {
        BerSoakParams {
            duration: Duration::from_secs(3600),
            interval: Duration::from_secs(10),
            max_pre_fec_ber: 2.4e-4,
            max_uncorrectable: 0,
            target_ber: 1e-12,
            confidence: 0.95,
            line_rate_gbps: None,
        }
    }
}

/// Deployment tier of a link.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Tier {
    /// Within a rack (≤ 3 m patch).
    IntraRack,
    /// Leaf to spine in a hall (≤ 500 m).
    LeafSpine,
    /// Between pods or halls (≤ 2 km).
    InterPod,
    /// Between sites (≤ 10 km).
    InterSite,
}

impl Tier {
    /// Every tier.
    pub const ALL: [Tier; 4] = [
        Tier::IntraRack,
        Tier::LeafSpine,
        Tier::InterPod,
        Tier::InterSite,
    ];

    /// The name plans use.
    pub const fn as_str(self) -> &'static str {
        match self {
            Tier::IntraRack => "intra-rack",
            Tier::LeafSpine => "leaf-spine",
            Tier::InterPod => "inter-pod",
            Tier::InterSite => "inter-site",
        }
    }

    /// The tier a name stands for.
    pub fn from_name(name: &str) -> Option<Self> {
        Tier::ALL.into_iter().find(|t| t.as_str() == name)
    }

    /// Default channel loss in dB, from the fibre and connector figures of sim-model.md
    /// (0.35 dB/km SMF at 1310 nm, 0.3 dB per mated connector), rounded up:
    /// intra-rack 2 connectors = 0.6 → 1.0; leaf-spine 0.5 km + 4 connectors = 1.4 → 1.5;
    /// inter-pod 2 km + 6 connectors = 2.5; inter-site 10 km + 8 connectors = 5.9 → 6.0.
    /// Neither reference/ nor a standard gives these; set `loss_db` for a real channel.
    pub const fn default_loss_db(self) -> f64 {
        match self {
            Tier::IntraRack => 1.0,
            Tier::LeafSpine => 1.5,
            Tier::InterPod => 2.5,
            Tier::InterSite => 6.0,
        }
    }

    /// Default required margin in dB (our choice: 1 dB in a rack, 2 dB in a hall, 3 dB
    /// between sites).
    pub const fn default_margin_db(self) -> f64 {
        match self {
            Tier::IntraRack => 1.0,
            Tier::LeafSpine | Tier::InterPod => 2.0,
            Tier::InterSite => 3.0,
        }
    }
}

/// `link_budget`: measured Tx power minus the tier's loss against the receiver sensitivity with a
/// required margin; Rx power margin to the low-warning threshold as an early warning.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct LinkBudgetParams {
    /// Tier; `None` uses each slot's `tier`.
    pub tier: Option<Tier>,
    /// Channel loss in dB; `None` uses the tier's default ([`Tier::default_loss_db`]).
    pub loss_db: Option<f64>,
    /// Required margin in dB; `None` uses the tier's default ([`Tier::default_margin_db`]).
    pub margin_db: Option<f64>,
    /// Receiver sensitivity in dBm; `None` uses the module's Rx power low-alarm threshold.
    pub rx_sensitivity_dbm: Option<f64>,
    /// When set, an Rx power margin to the low-warning threshold below this many dB fails; by
    /// default that margin is only reported.
    pub warning_margin_db: Option<f64>,
}

impl LinkBudgetParams {
    /// The tier, loss and margin that apply to a slot whose own tier is `slot_tier`.
    pub fn budget_for(&self, slot_tier: Option<Tier>) -> Option<(Tier, f64, f64)> {
        let tier = self.tier.or(slot_tier)?;
        Some((
            tier,
            self.loss_db.unwrap_or(tier.default_loss_db()),
            self.margin_db.unwrap_or(tier.default_margin_db()),
        ))
    }
}
