//! Banked pages 10h (lane controls) and 11h (lane status and monitors) (CMIS 5.2 §8.8-8.9;
//! reference/cmis.md §6-7). In each bank, bit n of a lane byte is lane n+1 of the bank; the lane
//! number across banks is bank × 8 + n + 1.

use serde::{Serialize, Serializer};

use super::lower_flags::AlarmWarn;
use crate::memmap::sections::{Section, list_or_none, yes_no};
use crate::memmap::view::HalfView;

/// Lanes per bank.
pub const LANES: usize = 8;

/// One lane's data path configuration byte (10h:145-152, 180-187; 11h:206-213).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct DpConfig {
    /// b7-4: AppSel code (0 = unused, 1-15 = descriptor number).
    pub app_sel: u8,
    /// b3-1: DataPathID, index (0-based) of the first lane of the data path.
    pub data_path_id: u8,
    /// b0: ExplicitControl (1 = use the staged SI values).
    pub explicit_control: bool,
}

impl DpConfig {
    /// Splits one byte.
    pub fn from_byte(b: u8) -> Self {
        DpConfig {
            app_sel: b >> 4,
            data_path_id: (b >> 1) & 0x07,
            explicit_control: b & 0x01 != 0,
        }
    }

    fn describe(&self) -> String {
        if self.app_sel == 0 {
            return "unused".to_string();
        }
        format!(
            "AppSel {}, data path from lane {}{}",
            self.app_sel,
            self.data_path_id + 1,
            if self.explicit_control {
                ", explicit SI"
            } else {
                ""
            }
        )
    }
}

/// Data path state (11h:128-131, 4 bits per lane; Table 8-76).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DpState(pub u8);

impl DpState {
    /// The spec name, `"Reserved"` for 0 and 8-15.
    pub fn name(&self) -> &'static str {
        match self.0 {
            1 => "DPDeactivated",
            2 => "DPInit",
            3 => "DPDeinit",
            4 => "DPActivated",
            5 => "DPTxTurnOn",
            6 => "DPTxTurnOff",
            7 => "DPInitialized",
            _ => "Reserved",
        }
    }
}

impl Serialize for DpState {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        CodeName {
            code: self.0,
            name: self.name(),
        }
        .serialize(s)
    }
}

/// Configuration command status (11h:202-205, 4 bits per lane; Table 8-83).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ConfigStatus(pub u8);

impl ConfigStatus {
    /// The spec name.
    pub fn name(&self) -> &'static str {
        match self.0 {
            0 => "ConfigUndefined",
            1 => "ConfigSuccess",
            2 => "ConfigRejected",
            3 => "ConfigRejectedInvalidAppSel",
            4 => "ConfigRejectedInvalidDataPath",
            5 => "ConfigRejectedInvalidSI",
            6 => "ConfigRejectedLaneInUse",
            7 => "ConfigRejectedPartialDataPath",
            8..=11 => "ConfigRejected (other validation failure)",
            12 => "ConfigInProgress",
            _ => "Custom",
        }
    }

    /// Whether the code is a rejection (2-11).
    pub fn is_rejection(&self) -> bool {
        (2..=11).contains(&self.0)
    }
}

impl Serialize for ConfigStatus {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        CodeName {
            code: self.0,
            name: self.name(),
        }
        .serialize(s)
    }
}

#[derive(Serialize)]
struct CodeName {
    code: u8,
    name: &'static str,
}

/// Page 10h of one bank: lane controls (bitmaps: bit n = lane n+1 of the bank).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Page10 {
    /// 128: DPDeinit (1 = hold the data path de-initialised).
    pub dp_deinit: u8,
    /// 129: Tx input polarity flip.
    pub tx_polarity_flip: u8,
    /// 130: Tx output disable.
    pub tx_output_disable: u8,
    /// 131: Tx auto-squelch disable.
    pub tx_auto_squelch_disable: u8,
    /// 132: Tx force squelch.
    pub tx_force_squelch: u8,
    /// 134: Tx adaptive input EQ freeze.
    pub tx_adaptive_eq_freeze: u8,
    /// 137: Rx output polarity flip.
    pub rx_polarity_flip: u8,
    /// 138: Rx output disable.
    pub rx_output_disable: u8,
    /// 139: Rx auto-squelch disable.
    pub rx_auto_squelch_disable: u8,
    /// 143: SCS0 ApplyDPInit trigger.
    pub scs0_apply_dp_init: u8,
    /// 144: SCS0 ApplyImmediate trigger.
    pub scs0_apply_immediate: u8,
    /// 145-152: SCS0 DPConfig of lanes 1-8.
    pub scs0_dp_config: [DpConfig; LANES],
    /// 178: SCS1 ApplyDPInit trigger.
    pub scs1_apply_dp_init: u8,
    /// 179: SCS1 ApplyImmediate trigger.
    pub scs1_apply_immediate: u8,
    /// 180-187: SCS1 DPConfig of lanes 1-8.
    pub scs1_dp_config: [DpConfig; LANES],
}

impl Page10 {
    /// Decodes page 10h of one bank.
    pub fn decode(p: &HalfView<'_>) -> Self {
        Page10 {
            dp_deinit: p.u8(128),
            tx_polarity_flip: p.u8(129),
            tx_output_disable: p.u8(130),
            tx_auto_squelch_disable: p.u8(131),
            tx_force_squelch: p.u8(132),
            tx_adaptive_eq_freeze: p.u8(134),
            rx_polarity_flip: p.u8(137),
            rx_output_disable: p.u8(138),
            rx_auto_squelch_disable: p.u8(139),
            scs0_apply_dp_init: p.u8(143),
            scs0_apply_immediate: p.u8(144),
            scs0_dp_config: std::array::from_fn(|i| DpConfig::from_byte(p.u8(145 + i))),
            scs1_apply_dp_init: p.u8(178),
            scs1_apply_immediate: p.u8(179),
            scs1_dp_config: std::array::from_fn(|i| DpConfig::from_byte(p.u8(180 + i))),
        }
    }

    /// The report block for `bank`, listing the first `lanes` lanes.
    pub fn section(&self, bank: u8, lanes: u8) -> Section {
        let mut s = Section::new(format!("Lane controls (bank {bank}, page 10h)"));
        let mask = lane_mask(lanes);
        // The three controls a reader looks for are always listed; the rest only when set.
        for (i, (name, v)) in [
            ("DPDeinit", self.dp_deinit),
            ("Tx input polarity flipped", self.tx_polarity_flip),
            ("Tx output disabled", self.tx_output_disable),
            ("Tx auto-squelch disabled", self.tx_auto_squelch_disable),
            ("Tx squelch forced", self.tx_force_squelch),
            ("Tx adaptive EQ frozen", self.tx_adaptive_eq_freeze),
            ("Rx output polarity flipped", self.rx_polarity_flip),
            ("Rx output disabled", self.rx_output_disable),
            ("Rx auto-squelch disabled", self.rx_auto_squelch_disable),
            ("SCS0 ApplyDPInit", self.scs0_apply_dp_init),
            ("SCS0 ApplyImmediate", self.scs0_apply_immediate),
        ]
        .into_iter()
        .enumerate()
        {
            if matches!(i, 0 | 2 | 7) || v & mask != 0 {
                s.row(name, lane_list(v & mask, bank));
            }
        }
        for (i, c) in self
            .scs0_dp_config
            .iter()
            .enumerate()
            .take(usize::from(lanes))
        {
            s.row(format!("SCS0 lane {}", lane_number(bank, i)), c.describe());
        }
        s
    }
}

/// Latched flags of one lane (11h:134-153).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct LaneFlags {
    /// 134: data path state changed.
    pub dp_state_changed: bool,
    /// 135: Tx failure.
    pub tx_fault: bool,
    /// 136: Tx loss of signal (host side input).
    pub tx_los: bool,
    /// 137: Tx CDR loss of lock.
    pub tx_cdr_lol: bool,
    /// 138: Tx adaptive EQ failure.
    pub tx_adaptive_eq_fail: bool,
    /// 139-142: Tx power HA, LA, HW, LW.
    pub tx_power: AlarmWarn,
    /// 143-146: Tx bias HA, LA, HW, LW.
    pub tx_bias: AlarmWarn,
    /// 147: Rx loss of signal.
    pub rx_los: bool,
    /// 148: Rx CDR loss of lock.
    pub rx_cdr_lol: bool,
    /// 149-152: Rx power HA, LA, HW, LW.
    pub rx_power: AlarmWarn,
    /// 153: Rx output status changed.
    pub rx_output_status_changed: bool,
}

impl LaneFlags {
    /// Whether any flag is raised.
    pub fn any(&self) -> bool {
        self.dp_state_changed
            || self.tx_fault
            || self.tx_los
            || self.tx_cdr_lol
            || self.tx_adaptive_eq_fail
            || self.tx_power.any()
            || self.tx_bias.any()
            || self.rx_los
            || self.rx_cdr_lol
            || self.rx_power.any()
            || self.rx_output_status_changed
    }

    fn describe(&self) -> String {
        let mut out: Vec<String> = [
            (self.dp_state_changed, "DP state changed"),
            (self.tx_fault, "Tx fault"),
            (self.tx_los, "Tx LOS"),
            (self.tx_cdr_lol, "Tx CDR LOL"),
            (self.tx_adaptive_eq_fail, "Tx EQ fail"),
            (self.rx_los, "Rx LOS"),
            (self.rx_cdr_lol, "Rx CDR LOL"),
            (self.rx_output_status_changed, "Rx output status changed"),
        ]
        .iter()
        .filter(|(b, _)| *b)
        .map(|(_, n)| n.to_string())
        .collect();
        for (name, aw) in [
            ("Tx power", self.tx_power),
            ("Tx bias", self.tx_bias),
            ("Rx power", self.rx_power),
        ] {
            if aw.any() {
                out.push(format!("{name} {}", aw.describe()));
            }
        }
        list_or_none(&out)
    }
}

/// Status of one lane (page 11h).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct LaneStatus {
    /// 1-based lane number across banks.
    pub lane: u16,
    /// 128-131.
    pub dp_state: DpState,
    /// 132: Rx output valid.
    pub rx_output_valid: bool,
    /// 133: Tx output valid.
    pub tx_output_valid: bool,
    /// 134-153.
    pub flags: LaneFlags,
    /// 154-169: Tx power, U16 0.1 µW.
    pub tx_power_raw: u16,
    /// 170-185: Tx bias, U16 2 µA × multiplier.
    pub tx_bias_raw: u16,
    /// 186-201: Rx power, U16 0.1 µW.
    pub rx_power_raw: u16,
    /// 202-205.
    pub config_status: ConfigStatus,
    /// 206-213: active DPConfig.
    pub active_dp_config: DpConfig,
    /// 235: ApplyDPInit accepted, DPInit not yet run.
    pub dp_init_pending: bool,
}

/// Page 11h of one bank.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Page11 {
    /// Lanes 1-8 of the bank.
    pub lanes: [LaneStatus; LANES],
}

impl Page11 {
    /// Decodes page 11h of `bank`.
    pub fn decode(p: &HalfView<'_>, bank: u8) -> Self {
        let lanes = std::array::from_fn(|i| {
            let bit = i as u8;
            let on = |off: usize| p.bit(off, bit);
            // Two lanes per byte, lane 1 in b3-0 of the first byte.
            let nibble = |first: usize| {
                let b = p.u8(first + i / 2);
                if i % 2 == 0 { b & 0x0F } else { b >> 4 }
            };
            let aw = |first: usize| {
                AlarmWarn::from_lane_bytes(
                    p.u8(first),
                    p.u8(first + 1),
                    p.u8(first + 2),
                    p.u8(first + 3),
                    bit,
                )
            };
            LaneStatus {
                lane: lane_number(bank, i),
                dp_state: DpState(nibble(128)),
                rx_output_valid: on(132),
                tx_output_valid: on(133),
                flags: LaneFlags {
                    dp_state_changed: on(134),
                    tx_fault: on(135),
                    tx_los: on(136),
                    tx_cdr_lol: on(137),
                    tx_adaptive_eq_fail: on(138),
                    tx_power: aw(139),
                    tx_bias: aw(143),
                    rx_los: on(147),
                    rx_cdr_lol: on(148),
                    rx_power: aw(149),
                    rx_output_status_changed: on(153),
                },
                tx_power_raw: p.u16(154 + 2 * i),
                tx_bias_raw: p.u16(170 + 2 * i),
                rx_power_raw: p.u16(186 + 2 * i),
                config_status: ConfigStatus(nibble(202)),
                active_dp_config: DpConfig::from_byte(p.u8(206 + i)),
                dp_init_pending: on(235),
            }
        });
        Page11 { lanes }
    }

    /// The report block for `bank`, listing the first `lanes` lanes (monitor values are common
    /// DOM fields rendered by the CLI).
    pub fn section(&self, bank: u8, lanes: u8) -> Section {
        let mut s = Section::new(format!("Lane status (bank {bank}, page 11h)"));
        for l in self.lanes.iter().take(usize::from(lanes)) {
            let n = l.lane;
            s.push(
                format!("Lane {n} data path"),
                format!(
                    "{} ({}), config {} ({}), {}{}",
                    l.dp_state.name(),
                    l.dp_state.0,
                    l.config_status.name(),
                    l.config_status.0,
                    l.active_dp_config.describe(),
                    if l.dp_init_pending {
                        ", DPInit pending"
                    } else {
                        ""
                    }
                ),
                l.config_status.is_rejection(),
            );
            s.row(
                format!("Lane {n} outputs valid"),
                format!(
                    "Tx {}, Rx {}",
                    yes_no(l.tx_output_valid),
                    yes_no(l.rx_output_valid)
                ),
            );
            s.push(format!("Lane {n} flags"), l.flags.describe(), l.flags.any());
        }
        s
    }
}

/// 1-based lane number of lane index `i` (0-7) in `bank`.
pub fn lane_number(bank: u8, i: usize) -> u16 {
    u16::from(bank) * LANES as u16 + i as u16 + 1
}

/// Bitmap of the first `lanes` lanes.
fn lane_mask(lanes: u8) -> u8 {
    if lanes >= 8 { 0xFF } else { (1u8 << lanes) - 1 }
}

/// `"1, 3, 4"` for the set bits of a lane bitmap (lane numbers across banks), `"none"` if empty.
pub fn lane_list(bits: u8, bank: u8) -> String {
    let v: Vec<String> = (0..LANES)
        .filter(|i| bits & (1 << i) != 0)
        .map(|i| lane_number(bank, i).to_string())
        .collect();
    list_or_none(&v)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(set: &[(usize, u8)]) -> [u8; 128] {
        let mut p = [0u8; 128];
        for (off, v) in set {
            p[off - 128] = *v;
        }
        p
    }

    #[test]
    fn dp_config_byte() {
        // SN set_application: AppSel 2 from lane 5 -> 0x20 | 4 << 1 = 0x28.
        assert_eq!(
            DpConfig::from_byte(0x28),
            DpConfig {
                app_sel: 2,
                data_path_id: 4,
                explicit_control: false
            }
        );
        assert_eq!(
            DpConfig::from_byte(0xFF),
            DpConfig {
                app_sel: 15,
                data_path_id: 7,
                explicit_control: true
            }
        );
    }

    #[test]
    fn page_10h_controls() {
        let mut set = vec![
            (128, 0x01),
            (129, 0x02),
            (130, 0x04),
            (131, 0x08),
            (132, 0x10),
            (134, 0x20),
            (137, 0x40),
            (138, 0x80),
            (139, 0x03),
            (143, 0xF0),
            (144, 0x0F),
            (178, 0xAA),
            (179, 0x55),
        ];
        for i in 0..8 {
            set.push((145 + i, if i < 4 { 0x20 } else { 0x28 }));
            set.push((180 + i, 0x11));
        }
        let p = page(&set);
        let d = Page10::decode(&HalfView::upper(&p));
        assert_eq!(
            (
                d.dp_deinit,
                d.tx_polarity_flip,
                d.tx_output_disable,
                d.tx_auto_squelch_disable
            ),
            (0x01, 0x02, 0x04, 0x08)
        );
        assert_eq!((d.tx_force_squelch, d.tx_adaptive_eq_freeze), (0x10, 0x20));
        assert_eq!(
            (
                d.rx_polarity_flip,
                d.rx_output_disable,
                d.rx_auto_squelch_disable
            ),
            (0x40, 0x80, 0x03)
        );
        assert_eq!((d.scs0_apply_dp_init, d.scs0_apply_immediate), (0xF0, 0x0F));
        assert_eq!((d.scs1_apply_dp_init, d.scs1_apply_immediate), (0xAA, 0x55));
        assert_eq!(d.scs0_dp_config[0].app_sel, 2);
        assert_eq!(d.scs0_dp_config[3].data_path_id, 0);
        assert_eq!(d.scs0_dp_config[4].data_path_id, 4);
        assert_eq!(
            d.scs1_dp_config[7],
            DpConfig {
                app_sel: 1,
                data_path_id: 0,
                explicit_control: true
            }
        );
        assert_eq!(lane_list(d.tx_output_disable, 0), "3");
        assert_eq!(lane_list(d.rx_auto_squelch_disable, 1), "9, 10");
    }

    #[test]
    fn page_11h_lane_status() {
        let mut set = vec![
            (128, 0x74), // lane 1 DPActivated (4), lane 2 DPInitialized (7)
            (129, 0x21), // lane 3 DPDeactivated, lane 4 DPInit
            (130, 0x65), // lane 5 DPTxTurnOn, lane 6 DPTxTurnOff
            (131, 0x83), // lane 7 DPDeinit, lane 8 reserved 8
            (132, 0x0F), // Rx valid lanes 1-4
            (133, 0xF0), // Tx valid lanes 5-8
            (134, 0x01),
            (135, 0x02),
            (136, 0x04),
            (137, 0x08),
            (138, 0x10),
            (139, 0x01), // Tx power HA lane 1
            (142, 0x01), // Tx power LW lane 1
            (144, 0x02), // Tx bias LA lane 2
            (147, 0x20),
            (148, 0x40),
            (151, 0x80), // Rx power HW lane 8
            (153, 0x80),
            (202, 0x31), // lane 1 success, lane 2 invalid AppSel
            (203, 0xC0), // lane 3 undefined, lane 4 in progress
            (204, 0x72),
            (205, 0xFB),
            (206, 0x10),
            (213, 0x2E),
            (235, 0x81),
        ];
        // Lane 1 Tx power 0x4D0B = 19723 (1.9723 mW); lane 8 bias 0x88AF; lane 2 Rx 0x0000.
        set.extend([
            (154, 0x4D),
            (155, 0x0B),
            (184, 0x88),
            (185, 0xAF),
            (186, 0x42),
            (187, 0x32),
        ]);
        let p = page(&set);
        let d = Page11::decode(&HalfView::upper(&p), 0);
        let l = &d.lanes;
        let names: Vec<&str> = l.iter().map(|x| x.dp_state.name()).collect();
        assert_eq!(
            names,
            [
                "DPActivated",
                "DPInitialized",
                "DPDeactivated",
                "DPInit",
                "DPTxTurnOn",
                "DPTxTurnOff",
                "DPDeinit",
                "Reserved"
            ]
        );
        assert_eq!(l[7].dp_state.0, 8);
        assert!(l[0].rx_output_valid && !l[0].tx_output_valid);
        assert!(!l[7].rx_output_valid && l[7].tx_output_valid);
        assert!(l[0].flags.dp_state_changed && l[1].flags.tx_fault && l[2].flags.tx_los);
        assert!(l[3].flags.tx_cdr_lol && l[4].flags.tx_adaptive_eq_fail);
        assert!(l[0].flags.tx_power.high_alarm && l[0].flags.tx_power.low_warning);
        assert!(!l[0].flags.tx_power.low_alarm);
        assert!(l[1].flags.tx_bias.low_alarm);
        assert!(l[5].flags.rx_los && l[6].flags.rx_cdr_lol);
        assert!(l[7].flags.rx_power.high_warning && l[7].flags.rx_output_status_changed);
        assert!(!l[6].flags.dp_state_changed);
        assert_eq!(l[0].tx_power_raw, 0x4D0B);
        assert_eq!(l[7].tx_bias_raw, 0x88AF);
        assert_eq!(l[0].rx_power_raw, 0x4232);
        let cs: Vec<&str> = l.iter().map(|x| x.config_status.name()).collect();
        assert_eq!(
            cs,
            [
                "ConfigSuccess",
                "ConfigRejectedInvalidAppSel",
                "ConfigUndefined",
                "ConfigInProgress",
                "ConfigRejected",
                "ConfigRejectedPartialDataPath",
                "ConfigRejected (other validation failure)",
                "Custom"
            ]
        );
        assert!(l[1].config_status.is_rejection() && !l[3].config_status.is_rejection());
        assert_eq!(l[0].active_dp_config.app_sel, 1);
        assert_eq!(
            l[7].active_dp_config,
            DpConfig {
                app_sel: 2,
                data_path_id: 7,
                explicit_control: false
            }
        );
        assert!(l[0].dp_init_pending && l[7].dp_init_pending && !l[1].dp_init_pending);
        assert_eq!(
            l.iter().map(|x| x.lane).collect::<Vec<_>>(),
            (1..=8).collect::<Vec<_>>()
        );
        let json = serde_json::to_value(l[0].dp_state).ok();
        assert_eq!(
            json,
            Some(serde_json::json!({"code": 4, "name": "DPActivated"}))
        );
    }

    #[test]
    fn bank_1_lanes_are_9_to_16() {
        let p = page(&[(128, 0x04)]);
        let d = Page11::decode(&HalfView::upper(&p), 1);
        assert_eq!(d.lanes[0].lane, 9);
        assert_eq!(d.lanes[7].lane, 16);
        assert_eq!(lane_number(3, 7), 32);
    }
}
