//! Lower memory bytes 1-3: revision, management characteristics and global status
//! (CMIS 5.2 Table 8-4 / 8-5 / 8-6; reference/cmis.md §1-2).

use std::borrow::Cow;
use std::fmt;

use serde::{Serialize, Serializer};

use crate::memmap::sections::{Section, yes_no};
use crate::memmap::view::HalfView;

/// CMIS revision (byte 1: bits 7-4 major, bits 3-0 minor).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Revision {
    /// Integer part.
    pub major: u8,
    /// Decimal part.
    pub minor: u8,
}

impl Revision {
    /// Splits the revision byte.
    pub fn from_byte(b: u8) -> Self {
        Revision {
            major: b >> 4,
            minor: b & 0x0F,
        }
    }

    /// Whether this revision is `major.minor` or later.
    pub fn at_least(&self, major: u8, minor: u8) -> bool {
        (self.major, self.minor) >= (major, minor)
    }
}

impl fmt::Display for Revision {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.major, self.minor)
    }
}

/// Memory model (byte 2 bit 7).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MemoryModel {
    /// 0b: pages 00h-02h and 10h-11h exist.
    Paged,
    /// 1b: only page 00h exists.
    Flat,
}

/// Module state (byte 3 bits 3-1; CMIS Table 8-7, reference/cmis.md §2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModuleState {
    /// 1: management only, low power.
    LowPwr,
    /// 2: powering up (transient).
    PwrUp,
    /// 3: ready, data paths may be configured.
    Ready,
    /// 4: powering down (transient).
    PwrDn,
    /// 5: fault, cause in byte 41.
    Fault,
    /// 0, 6, 7: reserved codes.
    Reserved(u8),
}

impl ModuleState {
    /// The state for a 3-bit code.
    pub fn from_code(code: u8) -> Self {
        match code {
            1 => ModuleState::LowPwr,
            2 => ModuleState::PwrUp,
            3 => ModuleState::Ready,
            4 => ModuleState::PwrDn,
            5 => ModuleState::Fault,
            n => ModuleState::Reserved(n),
        }
    }

    /// The 3-bit code.
    pub fn code(&self) -> u8 {
        match self {
            ModuleState::LowPwr => 1,
            ModuleState::PwrUp => 2,
            ModuleState::Ready => 3,
            ModuleState::PwrDn => 4,
            ModuleState::Fault => 5,
            ModuleState::Reserved(n) => *n,
        }
    }

    /// The spec name (`"ModuleReady"`), or `"Reserved(n)"`.
    pub fn name(&self) -> Cow<'static, str> {
        match self {
            ModuleState::LowPwr => "ModuleLowPwr".into(),
            ModuleState::PwrUp => "ModulePwrUp".into(),
            ModuleState::Ready => "ModuleReady".into(),
            ModuleState::PwrDn => "ModulePwrDn".into(),
            ModuleState::Fault => "ModuleFault".into(),
            ModuleState::Reserved(n) => format!("Reserved({n})").into(),
        }
    }
}

impl Serialize for ModuleState {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.name())
    }
}

/// Bytes 1-3 of the lower memory.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Status {
    /// Byte 1: CMIS revision.
    pub revision: Revision,
    /// Byte 2 bit 7.
    pub memory_model: MemoryModel,
    /// Byte 2 bit 6: 1 = only step-by-step reconfiguration is supported.
    pub stepped_config_only: bool,
    /// Byte 2 bits 3-2: MciMaxSpeed code (0 = 400 kHz, 1 = 1 MHz).
    pub mci_max_speed: u8,
    /// Byte 2 bits 1-0: AutoCommissioning code; `None` before CMIS 5.3 (reserved there).
    pub auto_commissioning: Option<u8>,
    /// Byte 3 bits 3-1 as read.
    pub module_state_code: u8,
    /// The module state (always ModuleReady for flat memory, CMIS Table 8-6 note).
    pub module_state: ModuleState,
    /// Byte 3 bit 0: 1 = IntL not asserted.
    pub interrupt_deasserted: bool,
}

impl Status {
    /// Decodes bytes 1-3; oddities go to `notes`.
    pub fn decode(lower: &HalfView<'_>, notes: &mut Vec<String>) -> Self {
        let revision = Revision::from_byte(lower.u8(1));
        // Byte 2 (Table 8-5): b7 MemoryModel, b6 SteppedConfigOnly, b3-2 MciMaxSpeed,
        // b1-0 AutoCommissioning (CMIS 5.3+, reserved before).
        let memory_model = if lower.bit(2, 7) {
            MemoryModel::Flat
        } else {
            MemoryModel::Paged
        };
        let auto_commissioning = revision.at_least(5, 3).then(|| lower.bits(2, 1, 0));
        // Byte 3 (Table 8-6): b3-1 ModuleState, b0 InterruptDeasserted.
        let module_state_code = lower.bits(3, 3, 1);
        let read_state = ModuleState::from_code(module_state_code);
        let module_state = if memory_model == MemoryModel::Flat {
            if read_state != ModuleState::Ready {
                notes.push(format!(
                    "flat-memory module reports module state {} (code {module_state_code}); flat memory modules are always ModuleReady",
                    read_state.name()
                ));
            }
            ModuleState::Ready
        } else {
            if let ModuleState::Reserved(n) = read_state {
                notes.push(format!("module state code {n} is reserved"));
            }
            read_state
        };
        Status {
            revision,
            memory_model,
            stepped_config_only: lower.bit(2, 6),
            mci_max_speed: lower.bits(2, 3, 2),
            auto_commissioning,
            module_state_code,
            module_state,
            interrupt_deasserted: lower.bit(3, 0),
        }
    }

    /// The report block.
    pub fn section(&self) -> Section {
        let mut s = Section::new("Module status (lower 1-3)");
        s.row(
            "Memory model",
            match self.memory_model {
                MemoryModel::Paged => "paged",
                MemoryModel::Flat => "flat (page 00h only)",
            },
        );
        s.row(
            "Reconfiguration",
            if self.stepped_config_only {
                "step-by-step only"
            } else {
                "intervention-free supported"
            },
        );
        s.row(
            "Max management bus speed",
            mci_speed_name(self.mci_max_speed),
        );
        if let Some(ac) = self.auto_commissioning {
            s.row(
                "AutoCommissioning",
                auto_commissioning_name(ac, self.stepped_config_only),
            );
        }
        s.push(
            "Module state",
            format!(
                "{} (code {})",
                self.module_state.name(),
                self.module_state_code
            ),
            matches!(
                self.module_state,
                ModuleState::Fault | ModuleState::Reserved(_)
            ),
        );
        s.push(
            "Interrupt (IntL) asserted",
            yes_no(!self.interrupt_deasserted),
            !self.interrupt_deasserted,
        );
        s
    }
}

/// MciMaxSpeed (byte 2 bits 3-2): 0 = 400 kHz, 1 = 1 MHz (CMIS 5.2); 2 = 3.4 MHz (CMIS 5.4,
/// reference/bus-access.md §1.6); 3 reserved.
pub fn mci_speed_khz(code: u8) -> Option<u32> {
    match code {
        0 => Some(400),
        1 => Some(1000),
        2 => Some(3400),
        _ => None,
    }
}

fn mci_speed_name(code: u8) -> &'static str {
    match mci_speed_khz(code) {
        Some(400) => "400 kHz",
        Some(1000) => "1 MHz",
        Some(_) => "3.4 MHz",
        None => "reserved",
    }
}

/// AutoCommissioning (byte 2 bits 1-0, CMIS 5.3+): meaningful only with SteppedConfigOnly = 1:
/// 0 none, 1 only regular (ApplyDPInit), 2 only hot (ApplyImmediate), 3 reserved.
pub fn auto_commissioning_name(code: u8, stepped_config_only: bool) -> &'static str {
    if !stepped_config_only {
        return "regular and hot intervention-free reconfiguration";
    }
    match code {
        0 => "none",
        1 => "regular only (ApplyDPInit)",
        2 => "hot only (ApplyImmediate)",
        _ => "reserved",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lower(b1: u8, b2: u8, b3: u8) -> [u8; 128] {
        let mut p = [0u8; 128];
        p[1] = b1;
        p[2] = b2;
        p[3] = b3;
        p
    }

    #[test]
    fn revision_byte_splits_into_major_minor() {
        // 0x51 -> 5.1, 0x40 -> 4.0, 0x53 -> 5.3 (Table 8-4).
        assert_eq!(Revision::from_byte(0x51).to_string(), "5.1");
        assert_eq!(Revision::from_byte(0x40).to_string(), "4.0");
        assert!(Revision::from_byte(0x53).at_least(5, 3));
        assert!(!Revision::from_byte(0x52).at_least(5, 3));
        assert!(Revision::from_byte(0x60).at_least(5, 3));
    }

    #[test]
    fn management_characteristics_bits() {
        // byte 2 = 0b0100_0110: paged, stepped only, MciMaxSpeed 01 (1 MHz), AC bits 10.
        let p = lower(0x52, 0b0100_0110, 0x07);
        let mut notes = vec![];
        let s = Status::decode(&HalfView::lower(&p), &mut notes);
        assert_eq!(s.memory_model, MemoryModel::Paged);
        assert!(s.stepped_config_only);
        assert_eq!(s.mci_max_speed, 1);
        assert_eq!(mci_speed_khz(s.mci_max_speed), Some(1000));
        // Revision 5.2 < 5.3: AutoCommissioning is reserved.
        assert_eq!(s.auto_commissioning, None);
        let p = lower(0x53, 0b0100_0110, 0x07);
        let s = Status::decode(&HalfView::lower(&p), &mut notes);
        assert_eq!(s.auto_commissioning, Some(2));
        assert_eq!(
            auto_commissioning_name(2, true),
            "hot only (ApplyImmediate)"
        );
        assert!(notes.is_empty());
    }

    #[test]
    fn module_state_codes_and_interrupt() {
        // byte 3 = (code << 1) | IntDeasserted.
        let names = [
            (1, "ModuleLowPwr"),
            (2, "ModulePwrUp"),
            (3, "ModuleReady"),
            (4, "ModulePwrDn"),
            (5, "ModuleFault"),
            (0, "Reserved(0)"),
            (6, "Reserved(6)"),
            (7, "Reserved(7)"),
        ];
        for (code, name) in names {
            let p = lower(0x50, 0x00, code << 1);
            let mut notes = vec![];
            let s = Status::decode(&HalfView::lower(&p), &mut notes);
            assert_eq!(s.module_state.name(), name);
            assert_eq!(s.module_state.code(), code);
            assert!(!s.interrupt_deasserted);
            assert_eq!(notes.len(), usize::from(name.starts_with("Reserved")));
        }
        // 0x07 = state 3 (ModuleReady), b0 = 1 (IntL deasserted).
        let p = lower(0x50, 0x00, 0x07);
        let s = Status::decode(&HalfView::lower(&p), &mut vec![]);
        assert_eq!(s.module_state, ModuleState::Ready);
        assert!(s.interrupt_deasserted);
        assert_eq!(
            serde_json::to_value(s.module_state).ok(),
            Some(serde_json::json!("ModuleReady"))
        );
    }

    #[test]
    fn flat_memory_is_always_ready() {
        // byte 2 b7 = 1 (flat); byte 3 = 0x00 (state code 0) -> reported ModuleReady + note.
        let p = lower(0x40, 0x80, 0x00);
        let mut notes = vec![];
        let s = Status::decode(&HalfView::lower(&p), &mut notes);
        assert_eq!(s.memory_model, MemoryModel::Flat);
        assert_eq!(s.module_state, ModuleState::Ready);
        assert_eq!(s.module_state_code, 0);
        assert_eq!(notes.len(), 1);
    }
}
