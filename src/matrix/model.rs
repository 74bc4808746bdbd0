//! The validated matrix: SKUs, hosts, firmware versions and the cells that tie them to plans.
//! Built only by the matrix loader.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

/// A validated compatibility matrix.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Matrix {
    /// The matrix's name (`matrix:`); it ties the runs of every revision of the file together.
    pub name: String,
    /// Free text.
    #[serde(default)]
    pub description: Option<String>,
    /// The file it was read from, as given.
    pub file: String,
    /// SHA-256 of the file's bytes, lower-case hex.
    pub sha256: String,
    /// Module SKUs, in file order.
    pub skus: Vec<SkuDef>,
    /// Host platforms, in file order.
    pub hosts: Vec<HostDef>,
    /// Firmware sets, in file order.
    pub firmware: Vec<FirmwareDef>,
    /// Cells after expanding lists, sorted by key (sku, host, firmware); keys unique.
    pub cells: Vec<Cell>,
}

impl Matrix {
    /// The SKU with this id.
    pub fn sku(&self, id: &str) -> Option<&SkuDef> {
        self.skus.iter().find(|s| s.id == id)
    }
    /// The host with this id.
    pub fn host(&self, id: &str) -> Option<&HostDef> {
        self.hosts.iter().find(|h| h.id == id)
    }
    /// The firmware set with this id.
    pub fn firmware(&self, id: &str) -> Option<&FirmwareDef> {
        self.firmware.iter().find(|f| f.id == id)
    }
    /// The cell with this key.
    pub fn cell(&self, key: &CellKey) -> Option<&Cell> {
        self.cells.iter().find(|c| &c.key == key)
    }
}

/// A module SKU as procurement names it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SkuDef {
    /// Short unique id used by cells and stations, e.g. `qsfpdd-400g-dr4`.
    pub id: String,
    /// Vendor name as the module reports it.
    pub vendor: String,
    /// Part number as the module reports it.
    pub pn: String,
    /// Form factor, by the names plans use (`SFP+`, `QSFP28`, `QSFP-DD`, `OSFP`, ...).
    pub form_factor: String,
    /// Applications the SKU is bought for, e.g. `400GBASE-DR4`.
    #[serde(default)]
    pub applications: Vec<String>,
    /// Maximum power the SKU may draw, W (the datasheet's or the power class's figure).
    pub max_power_w: f64,
    /// Case temperature grade the SKU is sold as.
    pub temperature: TempGrade,
}

/// A case temperature range: `commercial` 0..70 °C, `extended` -5..85 °C, `industrial`
/// -40..85 °C, or given as `{min_c, max_c}` (then the name is `custom`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TempGrade {
    /// `commercial`, `extended`, `industrial` or `custom`.
    pub name: String,
    /// Lowest case temperature, °C.
    pub min_c: f64,
    /// Highest case temperature, °C.
    pub max_c: f64,
}

/// A host platform (switch or NIC).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HostDef {
    /// Short unique id, e.g. `tor-a`.
    pub id: String,
    /// Platform name, e.g. `Simulated ToR A (Tomahawk 4)`.
    pub platform: String,
    /// The cage types it has.
    pub ports: Vec<PortDef>,
}

impl HostDef {
    /// The port type that takes this form factor.
    pub fn port(&self, form_factor: &str) -> Option<&PortDef> {
        self.ports.iter().find(|p| p.form_factor == form_factor)
    }
}

/// One kind of cage on a host.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PortDef {
    /// Form factor of the cage (`QSFP-DD`, ...).
    pub form_factor: String,
    /// Power one cage can supply, W.
    pub power_budget_w: f64,
    /// FEC modes the host can run on this port type, e.g. `rs528`, `rs544`, `none`.
    #[serde(default)]
    pub fec: Vec<String>,
}

/// A firmware set: what the host runs, and what the modules run under it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FirmwareDef {
    /// Short unique id, e.g. `sonic-202405`.
    pub id: String,
    /// Host NOS or NIC firmware version, e.g. `SONiC.202405.1`.
    pub host: String,
    /// Module firmware version by SKU id, where the matrix pins one.
    #[serde(default)]
    pub modules: BTreeMap<String, String>,
}

/// The key of a cell: SKU × host × firmware (ids).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct CellKey {
    /// SKU id.
    pub sku: String,
    /// Host id.
    pub host: String,
    /// Firmware id.
    pub firmware: String,
}

impl CellKey {
    /// A key from its three ids.
    pub fn new(sku: &str, host: &str, firmware: &str) -> Self {
        CellKey {
            sku: sku.to_string(),
            host: host.to_string(),
            firmware: firmware.to_string(),
        }
    }

    /// A name usable in file and run names: `sku--host--firmware` with anything but letters,
    /// digits, `-`, `_` and `.` replaced by `_`.
    pub fn slug(&self) -> String {
        format!(
            "{}--{}--{}",
            slug_part(&self.sku),
            slug_part(&self.host),
            slug_part(&self.firmware)
        )
    }
}

/// `s` usable in a file name or an HTML id: letters, digits, `-`, `_` and `.` kept, anything
/// else `_`.
pub fn slug_part(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect()
}

impl fmt::Display for CellKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} @ {} / {}", self.sku, self.host, self.firmware)
    }
}

/// One cell: the plan that qualifies a SKU on a host under a firmware set.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cell {
    /// SKU × host × firmware.
    pub key: CellKey,
    /// The plan file, as written in the matrix (relative to the matrix file's folder).
    pub plan: String,
    /// The plan file's path resolved against the matrix file's folder.
    pub plan_path: String,
    /// SHA-256 of the plan file's bytes as it is now.
    pub plan_sha256: String,
    /// Line of the `cells` entry this cell came from (for messages).
    pub line: usize,
}
