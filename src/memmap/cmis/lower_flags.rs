//! Lower memory bytes 4-13 (lane flag summary, latched module flags) and 31-36 (their masks)
//! (CMIS 5.2 Tables 8-8, 8-9, 8-12; reference/cmis.md §1).

use serde::Serialize;

use crate::memmap::sections::{Section, list_or_none};
use crate::memmap::view::HalfView;

/// High/low alarm/warning flags of one monitor.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct AlarmWarn {
    /// High alarm.
    pub high_alarm: bool,
    /// Low alarm.
    pub low_alarm: bool,
    /// High warning.
    pub high_warning: bool,
    /// Low warning.
    pub low_warning: bool,
}

impl AlarmWarn {
    /// From a nibble laid out b0 HA, b1 LA, b2 HW, b3 LW (bytes 9-11, Table 8-9; VDM flag
    /// pages 2Ch-2Fh use the same nibble).
    pub fn from_nibble(n: u8) -> Self {
        AlarmWarn {
            high_alarm: n & 0x1 != 0,
            low_alarm: n & 0x2 != 0,
            high_warning: n & 0x4 != 0,
            low_warning: n & 0x8 != 0,
        }
    }

    /// From four lane bitmaps (HA, LA, HW, LW bytes of Page 11h), for the lane at `bit`.
    pub fn from_lane_bytes(ha: u8, la: u8, hw: u8, lw: u8, bit: u8) -> Self {
        let on = |b: u8| b & (1 << bit) != 0;
        AlarmWarn {
            high_alarm: on(ha),
            low_alarm: on(la),
            high_warning: on(hw),
            low_warning: on(lw),
        }
    }

    /// Whether any of the four is set.
    pub fn any(&self) -> bool {
        self.high_alarm || self.low_alarm || self.high_warning || self.low_warning
    }

    /// `"high alarm, low warning"`, or `"none"`.
    pub fn describe(&self) -> String {
        let names = [
            (self.high_alarm, "high alarm"),
            (self.low_alarm, "low alarm"),
            (self.high_warning, "high warning"),
            (self.low_warning, "low warning"),
        ];
        let set: Vec<&str> = names.iter().filter(|(b, _)| *b).map(|(_, n)| *n).collect();
        list_or_none(&set)
    }
}

/// Lane flag summary of one bank (bytes 4-7, Table 8-8): a flag is set somewhere on a page.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct LaneFlagSummary {
    /// b0: a flag is set on page 11h of this bank.
    pub page_11h: bool,
    /// b1: page 12h.
    pub page_12h: bool,
    /// b2: page 14h.
    pub page_14h: bool,
    /// b3: page 2Ch.
    pub page_2ch: bool,
}

impl LaneFlagSummary {
    fn from_byte(b: u8) -> Self {
        LaneFlagSummary {
            page_11h: b & 0x1 != 0,
            page_12h: b & 0x2 != 0,
            page_14h: b & 0x4 != 0,
            page_2ch: b & 0x8 != 0,
        }
    }

    fn any(&self) -> bool {
        self.page_11h || self.page_12h || self.page_14h || self.page_2ch
    }
}

/// The module-level flags of bytes 8-13, or the masks of bytes 31-36 (same layout, Table 8-12).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ModuleFlagSet {
    /// Byte 8/31 b7: CDB command complete, instance 2.
    pub cdb_cmd_complete_2: bool,
    /// b6: CDB command complete, instance 1.
    pub cdb_cmd_complete_1: bool,
    /// b2: data path (DSP) firmware error.
    pub data_path_firmware_error: bool,
    /// b1: module firmware error.
    pub module_firmware_error: bool,
    /// b0: module state changed.
    pub module_state_changed: bool,
    /// Byte 9/32 b3-0.
    pub temperature: AlarmWarn,
    /// Byte 9/32 b7-4.
    pub vcc: AlarmWarn,
    /// Byte 10/33 b3-0.
    pub aux1: AlarmWarn,
    /// Byte 10/33 b7-4.
    pub aux2: AlarmWarn,
    /// Byte 11/34 b3-0.
    pub aux3: AlarmWarn,
    /// Byte 11/34 b7-4: custom (vendor-defined) monitor.
    pub custom_monitor: AlarmWarn,
    /// Byte 13/36: custom flags, raw.
    pub custom: u8,
}

impl ModuleFlagSet {
    /// Decodes the six bytes starting at `first` (8 for flags, 31 for masks); byte first+4
    /// (12/35) is reserved.
    pub fn decode(lower: &HalfView<'_>, first: usize) -> Self {
        let b8 = lower.u8(first);
        let b9 = lower.u8(first + 1);
        let b10 = lower.u8(first + 2);
        let b11 = lower.u8(first + 3);
        ModuleFlagSet {
            cdb_cmd_complete_2: b8 & 0x80 != 0,
            cdb_cmd_complete_1: b8 & 0x40 != 0,
            data_path_firmware_error: b8 & 0x04 != 0,
            module_firmware_error: b8 & 0x02 != 0,
            module_state_changed: b8 & 0x01 != 0,
            temperature: AlarmWarn::from_nibble(b9 & 0x0F),
            vcc: AlarmWarn::from_nibble(b9 >> 4),
            aux1: AlarmWarn::from_nibble(b10 & 0x0F),
            aux2: AlarmWarn::from_nibble(b10 >> 4),
            aux3: AlarmWarn::from_nibble(b11 & 0x0F),
            custom_monitor: AlarmWarn::from_nibble(b11 >> 4),
            custom: lower.u8(first + 5),
        }
    }

    fn bits(&self) -> [(&'static str, bool); 5] {
        [
            ("CDB command complete (instance 1)", self.cdb_cmd_complete_1),
            ("CDB command complete (instance 2)", self.cdb_cmd_complete_2),
            ("Data path firmware error", self.data_path_firmware_error),
            ("Module firmware error", self.module_firmware_error),
            ("Module state changed", self.module_state_changed),
        ]
    }

    fn monitors(&self) -> [(&'static str, AlarmWarn); 6] {
        [
            ("Temperature", self.temperature),
            ("Vcc", self.vcc),
            ("Aux 1", self.aux1),
            ("Aux 2", self.aux2),
            ("Aux 3", self.aux3),
            ("Custom monitor", self.custom_monitor),
        ]
    }
}

/// Bytes 4-13 and 31-36.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Flags {
    /// Bytes 4-7: summary for banks 0-3.
    pub lane_flag_summary: [LaneFlagSummary; 4],
    /// Bytes 8-13: latched module flags.
    pub flags: ModuleFlagSet,
    /// Bytes 31-36: masks (1 = the flag does not assert IntL).
    pub masks: ModuleFlagSet,
}

impl Flags {
    /// Decodes bytes 4-13 and 31-36.
    pub fn decode(lower: &HalfView<'_>) -> Self {
        Flags {
            lane_flag_summary: [4, 5, 6, 7].map(|b| LaneFlagSummary::from_byte(lower.u8(b))),
            flags: ModuleFlagSet::decode(lower, 8),
            masks: ModuleFlagSet::decode(lower, 31),
        }
    }

    /// The report block (flags highlighted when set; masks listed when any is set).
    pub fn section(&self) -> Section {
        let mut s = Section::new("Module flags (lower 4-13, latched) and masks (31-36)");
        for (bank, sum) in self.lane_flag_summary.iter().enumerate() {
            if sum.any() {
                let pages: Vec<&str> = [
                    (sum.page_11h, "11h"),
                    (sum.page_12h, "12h"),
                    (sum.page_14h, "14h"),
                    (sum.page_2ch, "2Ch"),
                ]
                .iter()
                .filter(|(b, _)| *b)
                .map(|(_, n)| *n)
                .collect();
                s.flag(
                    format!("Lane flags set, bank {bank}"),
                    format!("page {}", pages.join(", ")),
                );
            }
        }
        for (name, on) in self.flags.bits() {
            s.push(name, crate::memmap::sections::yes_no(on), on);
        }
        for (name, aw) in self.flags.monitors() {
            s.push(format!("{name} flags"), aw.describe(), aw.any());
        }
        if self.flags.custom != 0 {
            s.flag(
                "Custom flags (byte 13)",
                format!("0x{:02x}", self.flags.custom),
            );
        }
        let masked: Vec<String> = self
            .masks
            .bits()
            .iter()
            .filter(|(_, on)| *on)
            .map(|(n, _)| n.to_string())
            .chain(
                self.masks
                    .monitors()
                    .iter()
                    .filter(|(_, aw)| aw.any())
                    .map(|(n, aw)| format!("{n} {}", aw.describe())),
            )
            .collect();
        s.row(
            "Masked",
            if masked.is_empty() {
                "none".to_string()
            } else {
                masked.join("; ")
            },
        );
        if self.masks.custom != 0 {
            s.row(
                "Custom masks (byte 36)",
                format!("0x{:02x}", self.masks.custom),
            );
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lane_flag_summary_per_bank() {
        let mut p = [0u8; 128];
        // byte 4 = 0x01 (bank 0 page 11h), byte 5 = 0x0A (bank 1 pages 12h and 2Ch).
        p[4] = 0x01;
        p[5] = 0x0A;
        let f = Flags::decode(&HalfView::lower(&p));
        assert!(f.lane_flag_summary[0].page_11h);
        assert!(!f.lane_flag_summary[0].page_12h);
        assert!(f.lane_flag_summary[1].page_12h && f.lane_flag_summary[1].page_2ch);
        assert!(!f.lane_flag_summary[1].page_11h && !f.lane_flag_summary[1].page_14h);
        assert!(!f.lane_flag_summary[2].any() && !f.lane_flag_summary[3].any());
    }

    #[test]
    fn module_flags_bytes_8_to_13() {
        let mut p = [0u8; 128];
        p[8] = 0b1100_0111; // CDB2, CDB1, DP FW error, module FW error, state changed
        p[9] = 0b1001_0110; // Vcc: b7 LW, b4 HA; temp: b2 HW, b1 LA
        p[10] = 0b0010_1000; // Aux2: b5 LA; Aux1: b3 LW
        p[11] = 0b0100_0001; // custom: b6 HW; Aux3: b0 HA
        p[13] = 0x5A;
        let f = Flags::decode(&HalfView::lower(&p)).flags;
        assert!(f.cdb_cmd_complete_2 && f.cdb_cmd_complete_1);
        assert!(f.data_path_firmware_error && f.module_firmware_error && f.module_state_changed);
        let aw = |ha, la, hw, lw| AlarmWarn {
            high_alarm: ha,
            low_alarm: la,
            high_warning: hw,
            low_warning: lw,
        };
        assert_eq!(f.temperature, aw(false, true, true, false));
        assert_eq!(f.vcc, aw(true, false, false, true));
        assert_eq!(f.aux1, aw(false, false, false, true));
        assert_eq!(f.aux2, aw(false, true, false, false));
        assert_eq!(f.aux3, aw(true, false, false, false));
        assert_eq!(f.custom_monitor, aw(false, false, true, false));
        assert_eq!(f.custom, 0x5A);
    }

    #[test]
    fn masks_bytes_31_to_36_share_the_layout() {
        let mut p = [0u8; 128];
        p[31] = 0x01; // ModuleStateChanged masked
        p[32] = 0xF0; // all Vcc flags masked
        p[34] = 0xF0; // custom monitor masked
        p[36] = 0xFF;
        let f = Flags::decode(&HalfView::lower(&p));
        assert!(f.masks.module_state_changed && !f.masks.module_firmware_error);
        assert!(f.masks.vcc.high_alarm && f.masks.vcc.low_warning);
        assert!(!f.masks.temperature.any());
        assert!(f.masks.custom_monitor.any() && !f.masks.aux3.any());
        assert_eq!(f.masks.custom, 0xFF);
        assert_eq!(f.flags, ModuleFlagSet::default());
    }

    #[test]
    fn lane_bytes_pick_one_bit() {
        // HA byte bit 2 set, LW byte bit 2 set -> lane 3 has HA and LW.
        let aw = AlarmWarn::from_lane_bytes(0x04, 0x00, 0x02, 0x04, 2);
        assert!(aw.high_alarm && aw.low_warning && !aw.high_warning && !aw.low_alarm);
        assert_eq!(aw.describe(), "high alarm, low warning");
        assert_eq!(AlarmWarn::default().describe(), "none");
    }
}
