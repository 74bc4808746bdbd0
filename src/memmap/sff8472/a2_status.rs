//! A2h bytes 110-127: status/control (110), alarm flags (112-113), warning flags (116-117),
//! extended status/control (118) and the page select (127); reference/sff-8472.md §2, §2.1, §2.2.

use serde::Serialize;

use crate::memmap::sections::{Section, yes_no};
use crate::memmap::view::HalfView;

/// Status/control, A2h byte 110 (§2.1).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct StatusControl {
    /// The byte.
    pub raw: u8,
    /// Bit 7: TX_DISABLE pin state.
    pub tx_disable_state: bool,
    /// Bit 6: soft TX_DISABLE select (1 = Tx disabled).
    pub soft_tx_disable: bool,
    /// Bit 5: RS(1) pin state.
    pub rs1_state: bool,
    /// Bit 4: Rate_Select / RS(0) pin state.
    pub rs0_state: bool,
    /// Bit 3: soft Rate_Select (RS(0)).
    pub soft_rs0_select: bool,
    /// Bit 2: TX_FAULT state.
    pub tx_fault: bool,
    /// Bit 1: RX_LOS state.
    pub rx_los: bool,
    /// Bit 0: Data_Ready_Bar (1 = A2h data not ready yet).
    pub data_not_ready: bool,
}

impl StatusControl {
    fn read(a2: &HalfView<'_>) -> Self {
        StatusControl {
            raw: a2.u8(110),
            tx_disable_state: a2.bit(110, 7),
            soft_tx_disable: a2.bit(110, 6),
            rs1_state: a2.bit(110, 5),
            rs0_state: a2.bit(110, 4),
            soft_rs0_select: a2.bit(110, 3),
            tx_fault: a2.bit(110, 2),
            rx_los: a2.bit(110, 1),
            data_not_ready: a2.bit(110, 0),
        }
    }
}

/// High/low flags of every monitor: the alarm bytes 112-113 or the warning bytes 116-117 (§2.2).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct MonitorFlags {
    /// The two bytes as a big-endian word.
    pub raw: u16,
    /// First byte bit 7.
    pub temperature_high: bool,
    /// First byte bit 6.
    pub temperature_low: bool,
    /// First byte bit 5.
    pub vcc_high: bool,
    /// First byte bit 4.
    pub vcc_low: bool,
    /// First byte bit 3.
    pub tx_bias_high: bool,
    /// First byte bit 2.
    pub tx_bias_low: bool,
    /// First byte bit 1.
    pub tx_power_high: bool,
    /// First byte bit 0.
    pub tx_power_low: bool,
    /// Second byte bit 7.
    pub rx_power_high: bool,
    /// Second byte bit 6.
    pub rx_power_low: bool,
    /// Second byte bit 5 (optional laser temperature monitor).
    pub laser_temperature_high: bool,
    /// Second byte bit 4 (optional laser temperature monitor).
    pub laser_temperature_low: bool,
    /// Second byte bit 3 (optional TEC current monitor).
    pub tec_current_high: bool,
    /// Second byte bit 2 (optional TEC current monitor).
    pub tec_current_low: bool,
}

impl MonitorFlags {
    fn read(a2: &HalfView<'_>, first: usize) -> Self {
        let second = first + 1;
        MonitorFlags {
            raw: a2.u16(first),
            temperature_high: a2.bit(first, 7),
            temperature_low: a2.bit(first, 6),
            vcc_high: a2.bit(first, 5),
            vcc_low: a2.bit(first, 4),
            tx_bias_high: a2.bit(first, 3),
            tx_bias_low: a2.bit(first, 2),
            tx_power_high: a2.bit(first, 1),
            tx_power_low: a2.bit(first, 0),
            rx_power_high: a2.bit(second, 7),
            rx_power_low: a2.bit(second, 6),
            laser_temperature_high: a2.bit(second, 5),
            laser_temperature_low: a2.bit(second, 4),
            tec_current_high: a2.bit(second, 3),
            tec_current_low: a2.bit(second, 2),
        }
    }

    /// Whether any flag is raised.
    pub fn any(&self) -> bool {
        self.raw & 0xFFFC != 0
    }

    fn rows(&self, s: &mut Section, kind: &str) {
        for (what, on) in [
            ("Temperature high", self.temperature_high),
            ("Temperature low", self.temperature_low),
            ("Vcc high", self.vcc_high),
            ("Vcc low", self.vcc_low),
            ("Tx bias high", self.tx_bias_high),
            ("Tx bias low", self.tx_bias_low),
            ("Tx power high", self.tx_power_high),
            ("Tx power low", self.tx_power_low),
            ("Rx power high", self.rx_power_high),
            ("Rx power low", self.rx_power_low),
            ("Laser temperature high", self.laser_temperature_high),
            ("Laser temperature low", self.laser_temperature_low),
            ("TEC current high", self.tec_current_high),
            ("TEC current low", self.tec_current_low),
        ] {
            s.push(format!("{what} {kind}"), yes_no(on), on);
        }
    }
}

/// Extended status/control, A2h byte 118.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ExtendedStatus {
    /// The byte.
    pub raw: u8,
    /// Bit 3: soft RS(1) select.
    pub soft_rs1_select: bool,
    /// Bit 1: power level operation state (1 = operating at level 2 or 3).
    pub power_level_operation: bool,
    /// Bit 0: power level select (1 = level 2 or 3 enabled).
    pub power_level_select: bool,
}

/// Everything in A2h 110-127.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct A2Status {
    /// Byte 110.
    pub status: StatusControl,
    /// Bytes 112-113, `None` unless A0h 93.7 declares the flags implemented.
    pub alarms: Option<MonitorFlags>,
    /// Bytes 116-117, `None` unless A0h 93.7 declares the flags implemented.
    pub warnings: Option<MonitorFlags>,
    /// Bytes 114-115 as stored (reserved / vendor; some modules put CDR lock state here).
    pub bytes_114_115: u16,
    /// Byte 118.
    pub extended: ExtendedStatus,
    /// Byte 127: the selected A2h upper page (meaningful when A0h 64.4 declares paging).
    pub page_select: u8,
}

impl A2Status {
    /// Decodes A2h 110-127; `flags_implemented` is A0h byte 93 bit 7.
    pub fn read(a2: &HalfView<'_>, flags_implemented: bool) -> Self {
        A2Status {
            status: StatusControl::read(a2),
            alarms: flags_implemented.then(|| MonitorFlags::read(a2, 112)),
            warnings: flags_implemented.then(|| MonitorFlags::read(a2, 116)),
            bytes_114_115: a2.u16(114),
            extended: ExtendedStatus {
                raw: a2.u8(118),
                soft_rs1_select: a2.bit(118, 3),
                power_level_operation: a2.bit(118, 1),
                power_level_select: a2.bit(118, 0),
            },
            page_select: a2.u8(127),
        }
    }

    /// The report blocks: status/control, then the flags when implemented.
    pub fn sections(&self) -> Vec<Section> {
        let st = &self.status;
        let mut s = Section::new("Status/control (A2h 110, 118, 127)");
        s.row("TX_DISABLE pin (110.7)", yes_no(st.tx_disable_state))
            .row("Soft TX_DISABLE (110.6)", yes_no(st.soft_tx_disable))
            .row("RS(1) pin (110.5)", yes_no(st.rs1_state))
            .row("RS(0) pin (110.4)", yes_no(st.rs0_state))
            .row("Soft RS(0) select (110.3)", yes_no(st.soft_rs0_select))
            .push("TX_FAULT (110.2)", yes_no(st.tx_fault), st.tx_fault)
            .push("RX_LOS (110.1)", yes_no(st.rx_los), st.rx_los)
            .push(
                "Data ready (110.0 = 0)",
                yes_no(!st.data_not_ready),
                st.data_not_ready,
            )
            .row(
                "Soft RS(1) select (118.3)",
                yes_no(self.extended.soft_rs1_select),
            )
            .row(
                "Power level operation (118.1)",
                if self.extended.power_level_operation {
                    "level 2/3"
                } else {
                    "level 1"
                },
            )
            .row(
                "Power level select (118.0)",
                yes_no(self.extended.power_level_select),
            )
            .row("Page select (127)", format!("{:02X}h", self.page_select));
        let mut out = vec![s];
        if let (Some(alarms), Some(warnings)) = (&self.alarms, &self.warnings) {
            let mut f = Section::new("Alarm and warning flags (A2h 112-117)");
            alarms.rows(&mut f, "alarm");
            warnings.rows(&mut f, "warning");
            out.push(f);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::addr::HALF_LEN;

    fn a2(set: &[(usize, u8)]) -> [u8; HALF_LEN] {
        let mut p = [0u8; HALF_LEN];
        for (off, v) in set {
            p[*off] = *v;
        }
        p
    }

    #[test]
    fn status_control_bits() {
        // 0b1010_1010: 7 TX_DISABLE pin, 5 RS(1), 3 soft RS(0), 1 RX_LOS.
        let s = A2Status::read(&HalfView::lower(&a2(&[(110, 0xAA)])), true).status;
        assert!(s.tx_disable_state && s.rs1_state && s.soft_rs0_select && s.rx_los);
        assert!(!s.soft_tx_disable && !s.rs0_state && !s.tx_fault && !s.data_not_ready);
        // 0b0101_0101: 6 soft TX_DISABLE, 4 RS(0), 2 TX_FAULT, 0 not ready.
        let s = A2Status::read(&HalfView::lower(&a2(&[(110, 0x55)])), true).status;
        assert!(s.soft_tx_disable && s.rs0_state && s.tx_fault && s.data_not_ready);
        assert!(!s.tx_disable_state && !s.rs1_state && !s.soft_rs0_select && !s.rx_los);
        assert_eq!(s.raw, 0x55);
    }

    #[test]
    fn alarm_and_warning_flags() {
        // 112 = 0b1001_0110: temp high, vcc low, bias low, tx power high.
        // 113 = 0b0110_1000: rx low, laser temp high, TEC high.
        // 116 = 0b0110_1001: temp low, vcc high, bias high, tx power low.
        // 117 = 0b1001_0100: rx high, laser temp low, TEC low.
        let p = a2(&[(112, 0x96), (113, 0x68), (116, 0x69), (117, 0x94)]);
        let st = A2Status::read(&HalfView::lower(&p), true);
        let a = st.alarms.unwrap();
        assert!(a.temperature_high && a.vcc_low && a.tx_bias_low && a.tx_power_high);
        assert!(!a.temperature_low && !a.vcc_high && !a.tx_bias_high && !a.tx_power_low);
        assert!(a.rx_power_low && a.laser_temperature_high && a.tec_current_high);
        assert!(!a.rx_power_high && !a.laser_temperature_low && !a.tec_current_low);
        assert_eq!(a.raw, 0x9668);
        let w = st.warnings.unwrap();
        assert!(w.temperature_low && w.vcc_high && w.tx_bias_high && w.tx_power_low);
        assert!(!w.temperature_high && !w.vcc_low && !w.tx_bias_low && !w.tx_power_high);
        assert!(w.rx_power_high && w.laser_temperature_low && w.tec_current_low);
        assert!(!w.rx_power_low && !w.laser_temperature_high && !w.tec_current_high);
        assert!(a.any() && w.any());
        let sections = st.sections();
        assert_eq!(sections.len(), 2);
        let flagged: Vec<_> = sections[1]
            .rows
            .iter()
            .filter(|r| r.flagged)
            .map(|r| r.label.as_str())
            .collect();
        assert_eq!(flagged.len(), 14);
        assert_eq!(flagged[0], "Temperature high alarm");
    }

    #[test]
    fn flags_need_enhanced_option_93_7() {
        let p = a2(&[(112, 0xFF)]);
        let st = A2Status::read(&HalfView::lower(&p), false);
        assert_eq!(st.alarms, None);
        assert_eq!(st.warnings, None);
        assert_eq!(st.sections().len(), 1);
    }

    #[test]
    fn extended_status_and_page_select() {
        // 118 = 0b0000_1011: soft RS(1), operating at level 2/3, level select; 127 = 02h;
        // 114-115 = 0x0003.
        let p = a2(&[(118, 0x0B), (127, 0x02), (115, 0x03)]);
        let st = A2Status::read(&HalfView::lower(&p), true);
        assert!(st.extended.soft_rs1_select);
        assert!(st.extended.power_level_operation);
        assert!(st.extended.power_level_select);
        assert_eq!(st.extended.raw, 0x0B);
        assert_eq!(st.page_select, 2);
        assert_eq!(st.bytes_114_115, 0x0003);
        let p = a2(&[(118, 0x01)]);
        let e = A2Status::read(&HalfView::lower(&p), true).extended;
        assert!(e.power_level_select && !e.power_level_operation && !e.soft_rs1_select);
    }
}
