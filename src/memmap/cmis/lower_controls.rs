//! Lower memory controls and status: byte 26 (global controls), 37-38 (CDB status), 39-40
//! (active firmware), 41 (fault cause), 85 (media type), 126-127 (bank/page select)
//! (CMIS 5.2 §8.2; reference/cmis.md §1).

use serde::Serialize;

use crate::memmap::codes;
use crate::memmap::sections::{Section, yes_no};
use crate::memmap::view::HalfView;

/// A major.minor version pair (firmware or hardware).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Version {
    /// Major number.
    pub major: u8,
    /// Minor number.
    pub minor: u8,
}

impl Version {
    /// From two consecutive bytes (major first).
    pub fn at(view: &HalfView<'_>, first: usize) -> Self {
        Version {
            major: view.u8(first),
            minor: view.u8(first + 1),
        }
    }
}

impl std::fmt::Display for Version {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}", self.major, self.minor)
    }
}

/// Byte 26, module global controls (Table 8-11).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct GlobalControls {
    /// b7: a write to a banked page goes to all banks.
    pub bank_broadcast_enable: bool,
    /// b6: the module obeys the LowPwrRequestHW (LPMode) pin (default 1).
    pub low_pwr_allow_request_hw: bool,
    /// b5: squelch method; false = reduce OMA, true = reduce Pav.
    pub squelch_reduces_pav: bool,
    /// b4: software request for low power mode.
    pub low_pwr_request_sw: bool,
    /// b3: software reset trigger (self-clearing).
    pub software_reset: bool,
    /// b2-0: custom.
    pub custom: u8,
}

/// CDB status of one instance (bytes 37/38, Table 8-13).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct CdbStatus {
    /// b7: CdbIsBusy.
    pub busy: bool,
    /// b6: CdbHasFailed.
    pub failed: bool,
    /// b5-0: result code of the last command.
    pub result: u8,
}

impl CdbStatus {
    fn from_byte(b: u8) -> Self {
        CdbStatus {
            busy: b & 0x80 != 0,
            failed: b & 0x40 != 0,
            result: b & 0x3F,
        }
    }
}

/// Bytes 26, 37-41, 85, 126-127.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Controls {
    /// Byte 26.
    pub global: GlobalControls,
    /// Byte 37: CDB instance 1.
    pub cdb1: CdbStatus,
    /// Byte 38: CDB instance 2.
    pub cdb2: CdbStatus,
    /// Bytes 39-40: running firmware.
    pub active_firmware: Version,
    /// Byte 41: why the module is in ModuleFault.
    pub fault_cause: u8,
    /// Byte 85: media type (chooses the media interface ID table).
    pub media_type: u8,
    /// Byte 126: bank select at the time of the dump.
    pub bank_select: u8,
    /// Byte 127: page select at the time of the dump.
    pub page_select: u8,
}

impl Controls {
    /// Decodes the control and status bytes.
    pub fn decode(lower: &HalfView<'_>) -> Self {
        let b26 = lower.u8(26);
        Controls {
            global: GlobalControls {
                bank_broadcast_enable: b26 & 0x80 != 0,
                low_pwr_allow_request_hw: b26 & 0x40 != 0,
                squelch_reduces_pav: b26 & 0x20 != 0,
                low_pwr_request_sw: b26 & 0x10 != 0,
                software_reset: b26 & 0x08 != 0,
                custom: b26 & 0x07,
            },
            cdb1: CdbStatus::from_byte(lower.u8(37)),
            cdb2: CdbStatus::from_byte(lower.u8(38)),
            active_firmware: Version::at(lower, 39),
            fault_cause: lower.u8(41),
            media_type: lower.u8(85),
            bank_select: lower.u8(126),
            page_select: lower.u8(127),
        }
    }

    /// The report block.
    pub fn section(&self) -> Section {
        let g = &self.global;
        let mut s = Section::new("Module controls (lower 26, 37-41, 85, 126-127)");
        s.row("Active firmware", self.active_firmware.to_string());
        s.row("Bank broadcast", yes_no(g.bank_broadcast_enable));
        s.row(
            "Obey LPMode pin (LowPwrAllowRequestHW)",
            yes_no(g.low_pwr_allow_request_hw),
        );
        s.row(
            "Low power requested by software",
            yes_no(g.low_pwr_request_sw),
        );
        s.row(
            "Tx squelch method",
            if g.squelch_reduces_pav {
                "reduce Pav"
            } else {
                "reduce OMA"
            },
        );
        s.row("Software reset pending", yes_no(g.software_reset));
        for (n, c) in [(1, &self.cdb1), (2, &self.cdb2)] {
            s.push(
                format!("CDB instance {n}"),
                format!(
                    "{}{}, result 0x{:02x}",
                    if c.busy { "busy" } else { "idle" },
                    if c.failed { ", failed" } else { "" },
                    c.result
                ),
                c.failed,
            );
        }
        s.push(
            "Fault cause",
            format!(
                "{} ({})",
                fault_cause_name(self.fault_cause),
                self.fault_cause
            ),
            self.fault_cause != 0,
        );
        s.row(
            "Media type",
            format!(
                "{} (0x{:02x})",
                codes::media_type_name(self.media_type),
                self.media_type
            ),
        );
        s.row(
            "Bank / page selected",
            format!("{} / {:02X}h", self.bank_select, self.page_select),
        );
        s
    }
}

/// Byte 41 (Table 8-15, CMIS 5.2): 0 none, 1 TEC runaway, 2 data memory corrupted, 3 program
/// memory corrupted, 32-63 custom, the rest reserved.
pub fn fault_cause_name(code: u8) -> &'static str {
    match code {
        0 => "no fault",
        1 => "TEC runaway",
        2 => "data memory corrupted",
        3 => "program memory corrupted",
        32..=63 => "custom",
        _ => "reserved",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn global_controls_byte_26() {
        let mut p = [0u8; 128];
        p[26] = 0b1011_1101; // broadcast, squelch Pav, low pwr SW, reset, custom 101
        let c = Controls::decode(&HalfView::lower(&p));
        assert_eq!(
            c.global,
            GlobalControls {
                bank_broadcast_enable: true,
                low_pwr_allow_request_hw: false,
                squelch_reduces_pav: true,
                low_pwr_request_sw: true,
                software_reset: true,
                custom: 0b101,
            }
        );
        p[26] = 0x40; // default: obey LPMode pin only
        let c = Controls::decode(&HalfView::lower(&p));
        assert!(c.global.low_pwr_allow_request_hw && !c.global.low_pwr_request_sw);
    }

    #[test]
    fn cdb_firmware_fault_media_and_selects() {
        let mut p = [0u8; 128];
        p[37] = 0x81; // busy, result 1
        p[38] = 0x46; // failed, result 0x06
        p[39] = 0x0D; // FW 13.2
        p[40] = 0x02;
        p[41] = 0x01; // TEC runaway
        p[85] = 0x02; // SMF
        p[126] = 1;
        p[127] = 0x11;
        let c = Controls::decode(&HalfView::lower(&p));
        assert_eq!(
            c.cdb1,
            CdbStatus {
                busy: true,
                failed: false,
                result: 1
            }
        );
        assert_eq!(
            c.cdb2,
            CdbStatus {
                busy: false,
                failed: true,
                result: 6
            }
        );
        assert_eq!(c.active_firmware.to_string(), "13.2");
        assert_eq!(fault_cause_name(c.fault_cause), "TEC runaway");
        assert_eq!(fault_cause_name(40), "custom");
        assert_eq!(fault_cause_name(4), "reserved");
        assert_eq!(c.media_type, 2);
        assert_eq!((c.bank_select, c.page_select), (1, 0x11));
    }
}
