//! The validated plan: what the runner executes. Built only by [`crate::plan::parse`].

use std::ops::RangeInclusive;
use std::time::Duration;

use serde::Serialize;

use crate::addr::{DeviceAddr, PageSel};
use crate::memmap::decoded::Spec;
use crate::transport::selector::Selector;

use super::checks::{Check, Tier};
use super::duration::serde_text;

/// A validated plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Plan {
    /// The plan's name (`plan:`).
    pub name: String,
    /// Free text.
    pub description: Option<String>,
    /// The file it was read from, as given.
    pub file: String,
    /// The SKU expected in every slot (each slot's effective SKU is in [`Slot::sku`]).
    pub sku: Option<Sku>,
    /// Slots, instruments and grants.
    pub station: Station,
    /// Run options.
    pub options: Options,
    /// Checks in order.
    pub checks: Vec<Check>,
}

impl Plan {
    /// Whether every slot is a mock module and every instrument simulated (or the module's own
    /// VDM counters on mock modules): the condition for virtual time.
    pub fn all_simulated(&self) -> bool {
        let slots = self
            .station
            .slots
            .iter()
            .all(|s| matches!(s.selector, Selector::Mock { .. }));
        let i = &self.station.instruments;
        let chamber = i
            .chamber
            .as_ref()
            .is_none_or(|c| c.driver == ChamberDriver::Sim);
        let meter = i
            .meter
            .as_ref()
            .is_none_or(|m| m.driver == MeterDriver::Sim);
        let counters = i
            .counters
            .as_ref()
            .is_none_or(|c| matches!(c.source, CounterSource::Sim | CounterSource::Vdm));
        slots && chamber && meter && counters
    }

    /// The clock the run uses: `virtual` when asked for or when `auto` and everything is
    /// simulated (design.md §6), else `wall`.
    pub fn resolved_clock(&self) -> ClockKind {
        match self.options.clock {
            Clock::Virtual => ClockKind::Virtual,
            Clock::Wall => ClockKind::Wall,
            Clock::Auto if self.all_simulated() => ClockKind::Virtual,
            Clock::Auto => ClockKind::Wall,
        }
    }
}

/// Form factors a SKU can name, with their SFF-8024 identifier codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum FormFactor {
    /// SFP (identifier 0x03).
    #[serde(rename = "SFP")]
    Sfp,
    /// SFP+ (identifier 0x03).
    #[serde(rename = "SFP+")]
    SfpPlus,
    /// SFP28 (identifier 0x03).
    #[serde(rename = "SFP28")]
    Sfp28,
    /// SFP-DD (0x1A, or 0x1F with CMIS).
    #[serde(rename = "SFP-DD")]
    SfpDd,
    /// QSFP (0x0C).
    #[serde(rename = "QSFP")]
    Qsfp,
    /// QSFP+ (0x0D, or 0x1E with CMIS).
    #[serde(rename = "QSFP+")]
    QsfpPlus,
    /// QSFP28 (0x11).
    #[serde(rename = "QSFP28")]
    Qsfp28,
    /// QSFP-DD (0x18).
    #[serde(rename = "QSFP-DD")]
    QsfpDd,
    /// QSFP112 (CMIS on the QSFP form factor, 0x1E).
    #[serde(rename = "QSFP112")]
    Qsfp112,
    /// OSFP (0x19).
    #[serde(rename = "OSFP")]
    Osfp,
    /// OSFP-XD (0x21).
    #[serde(rename = "OSFP-XD")]
    OsfpXd,
    /// DSFP (0x1B).
    #[serde(rename = "DSFP")]
    Dsfp,
}

impl FormFactor {
    /// Every form factor.
    pub const ALL: [FormFactor; 12] = [
        FormFactor::Sfp,
        FormFactor::SfpPlus,
        FormFactor::Sfp28,
        FormFactor::SfpDd,
        FormFactor::Qsfp,
        FormFactor::QsfpPlus,
        FormFactor::Qsfp28,
        FormFactor::QsfpDd,
        FormFactor::Qsfp112,
        FormFactor::Osfp,
        FormFactor::OsfpXd,
        FormFactor::Dsfp,
    ];

    /// The name plans use.
    pub const fn as_str(self) -> &'static str {
        match self {
            FormFactor::Sfp => "SFP",
            FormFactor::SfpPlus => "SFP+",
            FormFactor::Sfp28 => "SFP28",
            FormFactor::SfpDd => "SFP-DD",
            FormFactor::Qsfp => "QSFP",
            FormFactor::QsfpPlus => "QSFP+",
            FormFactor::Qsfp28 => "QSFP28",
            FormFactor::QsfpDd => "QSFP-DD",
            FormFactor::Qsfp112 => "QSFP112",
            FormFactor::Osfp => "OSFP",
            FormFactor::OsfpXd => "OSFP-XD",
            FormFactor::Dsfp => "DSFP",
        }
    }

    /// The form factor a name stands for.
    pub fn from_name(name: &str) -> Option<Self> {
        FormFactor::ALL.into_iter().find(|f| f.as_str() == name)
    }

    /// SFF-8024 Table 4-1 identifier codes a module of this form factor may report (byte 0).
    pub const fn identifiers(self) -> &'static [u8] {
        match self {
            FormFactor::Sfp | FormFactor::SfpPlus | FormFactor::Sfp28 => &[0x03],
            FormFactor::SfpDd => &[0x1A, 0x1F],
            FormFactor::Qsfp => &[0x0C],
            FormFactor::QsfpPlus => &[0x0D, 0x1E],
            FormFactor::Qsfp28 => &[0x11],
            FormFactor::QsfpDd => &[0x18],
            FormFactor::Qsfp112 => &[0x1E],
            FormFactor::Osfp => &[0x19],
            FormFactor::OsfpXd => &[0x21],
            FormFactor::Dsfp => &[0x1B],
        }
    }
}

/// Media a SKU can name (CMIS media type, Page 00h byte 85 codes; derived from compliance
/// codes on SFF-8472/8636 modules).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Media {
    /// Multimode fibre (CMIS code 0x01).
    Mmf,
    /// Single-mode fibre (0x02).
    Smf,
    /// Passive copper cable (0x03).
    PassiveCopper,
    /// Active cable (0x04).
    ActiveCable,
    /// BASE-T (0x05).
    BaseT,
}

impl Media {
    /// Every medium.
    pub const ALL: [Media; 5] = [
        Media::Mmf,
        Media::Smf,
        Media::PassiveCopper,
        Media::ActiveCable,
        Media::BaseT,
    ];

    /// The name plans use.
    pub const fn as_str(self) -> &'static str {
        match self {
            Media::Mmf => "mmf",
            Media::Smf => "smf",
            Media::PassiveCopper => "passive-copper",
            Media::ActiveCable => "active-cable",
            Media::BaseT => "base-t",
        }
    }

    /// The medium a name stands for.
    pub fn from_name(name: &str) -> Option<Self> {
        Media::ALL.into_iter().find(|m| m.as_str() == name)
    }

    /// CMIS media type code (Page 00h byte 85).
    pub const fn cmis_media_type(self) -> u8 {
        match self {
            Media::Mmf => 0x01,
            Media::Smf => 0x02,
            Media::PassiveCopper => 0x03,
            Media::ActiveCable => 0x04,
            Media::BaseT => 0x05,
        }
    }
}

/// What a slot should hold; every field is optional and only the given ones are compared.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Sku {
    /// Vendor name (compared after trimming padding).
    pub vendor: Option<String>,
    /// Part number.
    pub pn: Option<String>,
    /// Revision.
    pub rev: Option<String>,
    /// Form factor.
    pub form_factor: Option<FormFactor>,
    /// Exact SFF-8024 identifier code, when the form factor alone is not enough.
    pub identifier: Option<u8>,
    /// Media.
    pub media: Option<Media>,
    /// SFF-8024 codes the module must advertise: CMIS media interface IDs of its applications,
    /// or the extended compliance code (SFF-8472 byte 36, SFF-8636 byte 192).
    pub compliance_codes: Vec<u8>,
    /// Module firmware it must run, as written (`"3.2"`, `"1.4.0"`); compared by major.minor.
    pub firmware: Option<String>,
}

/// The major and minor numbers of a firmware version written `MAJOR.MINOR[.anything]`.
pub fn firmware_major_minor(text: &str) -> Option<(u8, u8)> {
    let mut parts = text.trim().split('.');
    let major = parts.next()?.parse().ok()?;
    let minor = parts.next()?.parse().ok()?;
    Some((major, minor))
}

impl Sku {
    /// `self` with every field `over` sets replaced by `over`'s.
    #[must_use]
    pub fn overridden_by(&self, over: &Sku) -> Sku {
        Sku {
            vendor: over.vendor.clone().or_else(|| self.vendor.clone()),
            pn: over.pn.clone().or_else(|| self.pn.clone()),
            rev: over.rev.clone().or_else(|| self.rev.clone()),
            form_factor: over.form_factor.or(self.form_factor),
            identifier: over.identifier.or(self.identifier),
            media: over.media.or(self.media),
            compliance_codes: if over.compliance_codes.is_empty() {
                self.compliance_codes.clone()
            } else {
                over.compliance_codes.clone()
            },
            firmware: over.firmware.clone().or_else(|| self.firmware.clone()),
        }
    }
}

/// The bench.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Station {
    /// Station name.
    pub name: Option<String>,
    /// Slots after `repeat` expansion, ids unique.
    pub slots: Vec<Slot>,
    /// Instruments.
    pub instruments: Instruments,
    /// Explicit write grants (none by default).
    pub grants: Vec<Grant>,
}

/// One cage with a module.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Slot {
    /// Unique id.
    pub id: String,
    /// The bus selector as written.
    pub bus: String,
    /// The parsed selector.
    #[serde(skip)]
    pub selector: Selector,
    /// Switch port (SONiC name) or Linux interface carrying the module's traffic.
    pub switch_port: Option<String>,
    /// Power the cage can supply, in W.
    pub power_budget_w: Option<f64>,
    /// Deployment tier of the link.
    pub tier: Option<Tier>,
    /// Effective expected SKU (the plan's, overridden field by field by the slot's).
    pub sku: Option<Sku>,
    /// Slot at the far end of the link; `None` means a loopback to itself.
    pub peer: Option<String>,
}

/// Instruments of the station.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Instruments {
    /// Thermal chamber or forcing system.
    pub chamber: Option<Chamber>,
    /// Optical power meter.
    pub meter: Option<Meter>,
    /// FEC counter source.
    pub counters: Option<Counters>,
}

/// Where an SCPI-style instrument is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Endpoint {
    /// `tcp://HOST:PORT` (raw SCPI socket; port 5025 when omitted).
    Tcp {
        /// Host name or address.
        host: String,
        /// TCP port.
        port: u16,
    },
    /// `serial:/dev/ttyX[?baud=N]` (9600 baud when omitted).
    Serial {
        /// Device path.
        path: String,
        /// Baud rate.
        baud: u32,
    },
    /// `sim`: the simulator.
    Sim,
}

/// Chamber drivers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ChamberDriver {
    /// inTEST ThermoStream dialect.
    Thermostream,
    /// Generic SCPI temperature control.
    ScpiChamber,
    /// The simulated chamber.
    Sim,
}

/// A thermal chamber.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Chamber {
    /// Driver.
    pub driver: ChamberDriver,
    /// Where it is.
    pub endpoint: Endpoint,
}

/// Power meter drivers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum MeterDriver {
    /// Keysight 816x / N77xx dialect.
    #[serde(rename = "keysight-816x")]
    Keysight816x,
    /// Thorlabs PM100 dialect.
    #[serde(rename = "thorlabs-pm100")]
    ThorlabsPm100,
    /// The simulated meter.
    Sim,
}

/// An optical power meter.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Meter {
    /// Driver.
    pub driver: MeterDriver,
    /// Where it is.
    pub endpoint: Endpoint,
    /// Channel or port, from 1 (default 1).
    pub channel: u8,
    /// Calibration wavelength in nm; `None` uses the module's nominal wavelength.
    pub wavelength_nm: Option<f64>,
}

/// Counter sources.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CounterSource {
    /// SONiC COUNTERS_DB in redis.
    SonicRedis,
    /// `ethtool --json --include-statistics --show-fec` / `ethtool -S`.
    Ethtool,
    /// A command that prints JSON.
    Command,
    /// CMIS VDM pre-FEC BER read from the module itself.
    Vdm,
    /// The simulated switch port.
    Sim,
}

/// Where counters are read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CounterEndpoint {
    /// `redis://HOST[:PORT][/DB]`; `db: None` reads SONiC's database_config.json (COUNTERS_DB
    /// is usually 2).
    Redis {
        /// Host.
        host: String,
        /// Port (default 6379).
        port: u16,
        /// Database number.
        db: Option<u8>,
    },
    /// Commands run on this machine (`local`, the default for ethtool and command).
    Local,
    /// Commands run over ssh: `ssh://[USER@]HOST`.
    Ssh {
        /// `[USER@]HOST`.
        target: String,
    },
    /// The module itself (vdm) or the simulator (sim).
    Builtin,
}

/// A FEC counter source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Counters {
    /// Source.
    pub source: CounterSource,
    /// Where.
    pub endpoint: CounterEndpoint,
    /// Command line for `source: command`; `{port}` is replaced by the slot's switch port.
    pub command: Option<String>,
}

/// An explicit write grant (design.md §7): bytes the harness may write besides the allowlist.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Grant {
    /// Management spec the grant applies to.
    pub spec: Spec,
    /// Device address (0x51 only for SFF-8472 `device: a2`).
    #[serde(serialize_with = "ser_device")]
    pub device: DeviceAddr,
    /// Upper page (and bank); `None` for bytes of the lower half only.
    #[serde(serialize_with = "ser_page")]
    pub page: Option<PageSel>,
    /// Byte numbers as the spec prints them (0-127 lower, 128-255 upper).
    pub bytes: RangeInclusive<u8>,
    /// Why (recorded in the report).
    pub reason: String,
}

fn ser_device<S: serde::Serializer>(d: &DeviceAddr, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&d.to_string())
}

fn ser_page<S: serde::Serializer>(p: &Option<PageSel>, s: S) -> Result<S::Ok, S::Error> {
    match p {
        Some(p) => s.serialize_str(&p.to_string()),
        None => s.serialize_none(),
    }
}

/// Clock choice (design.md §6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Clock {
    /// Virtual when everything is simulated, else wall.
    Auto,
    /// Paused, self-advancing tokio time (only when everything is simulated).
    Virtual,
    /// Real time.
    Wall,
}

/// The clock a run ends up with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ClockKind {
    /// Virtual time.
    Virtual,
    /// Wall time.
    Wall,
}

/// Run options.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Options {
    /// Modules run at once, ≥ 1 (default 8).
    pub concurrency: u32,
    /// Retries of a failed or erroring step unless the check says otherwise (default 0).
    pub retries: u32,
    /// Time a step may take beyond its planned duration (default 10m).
    #[serde(serialize_with = "serde_text::serialize")]
    pub step_timeout: Duration,
    /// Stop a module's remaining checks after its first failure (default false).
    pub stop_on_fail: bool,
    /// Clock (default auto).
    pub clock: Clock,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            concurrency: 8,
            retries: 0,
            step_timeout: Duration::from_secs(600),
            stop_on_fail: false,
            clock: Clock::Auto,
        }
    }
}
