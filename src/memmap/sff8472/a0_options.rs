//! A0h bytes 64-65 (options), 92 (diagnostic monitoring type) and 93 (enhanced options):
//! reference/sff-8472.md §1.1-§1.3; and the power level they declare (§4).

use serde::Serialize;

use crate::memmap::decoded::Power;
use crate::memmap::sections::{Section, yes_no};
use crate::memmap::view::HalfView;

/// Options, A0h bytes 64-65 (§1.1).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Options {
    /// Bytes 64-65 as a big-endian word.
    pub raw: u16,
    /// 64.5: high power level declaration (power level 3, 2.0 W).
    pub power_level_3: bool,
    /// 64.4: paging implemented on A2h (byte 127 valid).
    pub paging: bool,
    /// 64.3: retimer or CDR present.
    pub retimer_cdr: bool,
    /// 64.2: cooled transceiver.
    pub cooled: bool,
    /// 64.1: power level declaration (power level 2, 1.5 W).
    pub power_level_2: bool,
    /// 64.0: linear receiver output.
    pub linear_rx_output: bool,
    /// 65.7: Rx decision threshold implemented.
    pub rx_decision_threshold: bool,
    /// 65.6: tunable transmitter.
    pub tunable_tx: bool,
    /// 65.5: RATE_SELECT implemented.
    pub rate_select: bool,
    /// 65.4: TX_DISABLE implemented.
    pub tx_disable: bool,
    /// 65.3: TX_FAULT implemented.
    pub tx_fault: bool,
    /// 65.2: loss of signal implemented, inverted polarity.
    pub los_inverted: bool,
    /// 65.1: loss of signal implemented, normal polarity.
    pub los: bool,
}

impl Options {
    /// Decodes bytes 64-65.
    pub fn read(a0: &HalfView<'_>) -> Self {
        Options {
            raw: a0.u16(64),
            power_level_3: a0.bit(64, 5),
            paging: a0.bit(64, 4),
            retimer_cdr: a0.bit(64, 3),
            cooled: a0.bit(64, 2),
            power_level_2: a0.bit(64, 1),
            linear_rx_output: a0.bit(64, 0),
            rx_decision_threshold: a0.bit(65, 7),
            tunable_tx: a0.bit(65, 6),
            rate_select: a0.bit(65, 5),
            tx_disable: a0.bit(65, 4),
            tx_fault: a0.bit(65, 3),
            los_inverted: a0.bit(65, 2),
            los: a0.bit(65, 1),
        }
    }

    /// Power level and maximum power (§4): 2.0 W / level 3 if 64.5, 1.5 W / level 2 if 64.1,
    /// else 1.0 W / level 1.
    pub fn power(&self) -> Power {
        let (max_w, class) = if self.power_level_3 {
            (2.0, 3)
        } else if self.power_level_2 {
            (1.5, 2)
        } else {
            (1.0, 1)
        };
        Power {
            max_w: Some(max_w),
            class: Some(class),
        }
    }

    /// The "Options" report block.
    pub fn section(&self) -> Section {
        let mut s = Section::new("Options (A0h 64-65)");
        for (label, on) in [
            ("Power level 3 declared (64.5)", self.power_level_3),
            ("Paging on A2h (64.4)", self.paging),
            ("Retimer/CDR (64.3)", self.retimer_cdr),
            ("Cooled transceiver (64.2)", self.cooled),
            ("Power level 2 declared (64.1)", self.power_level_2),
            ("Linear receiver output (64.0)", self.linear_rx_output),
            ("Rx decision threshold (65.7)", self.rx_decision_threshold),
            ("Tunable transmitter (65.6)", self.tunable_tx),
            ("RATE_SELECT (65.5)", self.rate_select),
            ("TX_DISABLE (65.4)", self.tx_disable),
            ("TX_FAULT (65.3)", self.tx_fault),
            ("LOS inverted (65.2)", self.los_inverted),
            ("LOS (65.1)", self.los),
        ] {
            s.row(label, yes_no(on));
        }
        s
    }
}

/// What A0h byte 92 bit 3 says the Rx power monitor measures.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RxPowerType {
    /// Bit 3 = 0: optical modulation amplitude.
    #[default]
    Oma,
    /// Bit 3 = 1: average power.
    Average,
}

/// Diagnostic monitoring type, A0h byte 92 (§1.2).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct DiagType {
    /// The byte.
    pub raw: u8,
    /// Bit 6: digital diagnostics (A2h) implemented.
    pub ddm: bool,
    /// Bit 5: internally calibrated.
    pub internal_cal: bool,
    /// Bit 4: externally calibrated.
    pub external_cal: bool,
    /// Bit 3: Rx power measured as average (1) or OMA (0).
    pub rx_power_type: RxPowerType,
    /// Bit 2: address change required before A2h can be read.
    pub address_change_required: bool,
}

impl DiagType {
    /// Decodes byte 92.
    pub fn read(a0: &HalfView<'_>) -> Self {
        DiagType {
            raw: a0.u8(92),
            ddm: a0.bit(92, 6),
            internal_cal: a0.bit(92, 5),
            external_cal: a0.bit(92, 4),
            rx_power_type: if a0.bit(92, 3) {
                RxPowerType::Average
            } else {
                RxPowerType::Oma
            },
            address_change_required: a0.bit(92, 2),
        }
    }
}

/// Enhanced options, A0h byte 93 (§1.3).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct EnhancedOptions {
    /// The byte.
    pub raw: u8,
    /// Bit 7: alarm/warning flags (A2h 112-117) implemented.
    pub alarm_warning_flags: bool,
    /// Bit 6: soft TX_DISABLE (A2h 110.6).
    pub soft_tx_disable: bool,
    /// Bit 5: soft TX_FAULT monitoring.
    pub soft_tx_fault: bool,
    /// Bit 4: soft RX_LOS monitoring.
    pub soft_rx_los: bool,
    /// Bit 3: soft RATE_SELECT control and monitoring.
    pub soft_rate_select: bool,
    /// Bit 2: application select control per SFF-8079.
    pub application_select_sff8079: bool,
    /// Bit 1: soft rate select control per SFF-8431.
    pub soft_rate_select_sff8431: bool,
}

impl EnhancedOptions {
    /// Decodes byte 93.
    pub fn read(a0: &HalfView<'_>) -> Self {
        EnhancedOptions {
            raw: a0.u8(93),
            alarm_warning_flags: a0.bit(93, 7),
            soft_tx_disable: a0.bit(93, 6),
            soft_tx_fault: a0.bit(93, 5),
            soft_rx_los: a0.bit(93, 4),
            soft_rate_select: a0.bit(93, 3),
            application_select_sff8079: a0.bit(93, 2),
            soft_rate_select_sff8431: a0.bit(93, 1),
        }
    }
}

/// The "Diagnostics" report block (bytes 92-93).
pub fn diagnostics_section(diag: &DiagType, enhanced: &EnhancedOptions) -> Section {
    let mut s = Section::new("Diagnostics (A0h 92-93)");
    let cal = match (diag.internal_cal, diag.external_cal) {
        (_, true) => "external",
        (true, false) => "internal",
        (false, false) => "none declared",
    };
    let rx = match diag.rx_power_type {
        RxPowerType::Average => "average",
        RxPowerType::Oma => "OMA",
    };
    s.row("Digital diagnostics (92.6)", yes_no(diag.ddm))
        .row("Calibration (92.5-4)", cal)
        .row("Rx power measurement (92.3)", rx)
        .row(
            "Address change required (92.2)",
            yes_no(diag.address_change_required),
        );
    for (label, on) in [
        ("Alarm/warning flags (93.7)", enhanced.alarm_warning_flags),
        ("Soft TX_DISABLE (93.6)", enhanced.soft_tx_disable),
        ("Soft TX_FAULT (93.5)", enhanced.soft_tx_fault),
        ("Soft RX_LOS (93.4)", enhanced.soft_rx_los),
        ("Soft RATE_SELECT (93.3)", enhanced.soft_rate_select),
        (
            "Application select SFF-8079 (93.2)",
            enhanced.application_select_sff8079,
        ),
        (
            "Soft rate select SFF-8431 (93.1)",
            enhanced.soft_rate_select_sff8431,
        ),
    ] {
        s.row(label, yes_no(on));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::addr::HALF_LEN;

    fn a0(b64: u8, b65: u8, b92: u8, b93: u8) -> [u8; HALF_LEN] {
        let mut p = [0u8; HALF_LEN];
        p[64] = b64;
        p[65] = b65;
        p[92] = b92;
        p[93] = b93;
        p
    }

    #[test]
    fn every_option_bit() {
        // 64 = 0b0011_1101: 5 level 3, 4 paging, 3 CDR, 2 cooled, 0 linear.
        // 65 = 0b1010_1010: 7 decision threshold, 5 rate select, 3 tx fault, 1 los.
        let p = a0(0b0011_1101, 0b1010_1010, 0, 0);
        let o = Options::read(&HalfView::lower(&p));
        assert_eq!(o.raw, 0x3DAA);
        assert!(o.power_level_3 && o.paging && o.retimer_cdr && o.cooled && o.linear_rx_output);
        assert!(!o.power_level_2);
        assert!(o.rx_decision_threshold && o.rate_select && o.tx_fault && o.los);
        assert!(!o.tunable_tx && !o.tx_disable && !o.los_inverted);
        // 65 = 0b0101_0100: 6 tunable, 4 tx disable, 2 los inverted.
        let p = a0(0b0000_0010, 0b0101_0100, 0, 0);
        let o = Options::read(&HalfView::lower(&p));
        assert!(o.power_level_2 && !o.power_level_3);
        assert!(o.tunable_tx && o.tx_disable && o.los_inverted);
        assert!(!o.rx_decision_threshold && !o.rate_select && !o.tx_fault && !o.los);
    }

    #[test]
    fn power_levels() {
        let power = |b64| Options::read(&HalfView::lower(&a0(b64, 0, 0, 0))).power();
        // neither bit: level 1, 1.0 W
        assert_eq!(
            power(0x00),
            Power {
                max_w: Some(1.0),
                class: Some(1)
            }
        );
        // 64.1: level 2, 1.5 W
        assert_eq!(
            power(0x02),
            Power {
                max_w: Some(1.5),
                class: Some(2)
            }
        );
        // 64.5: level 3, 2.0 W (wins over 64.1)
        assert_eq!(
            power(0x20),
            Power {
                max_w: Some(2.0),
                class: Some(3)
            }
        );
        assert_eq!(
            power(0x22),
            Power {
                max_w: Some(2.0),
                class: Some(3)
            }
        );
    }

    #[test]
    fn diagnostic_type_bits() {
        // 0x68 = 0110_1000: DDM, internal, average.
        let d = DiagType::read(&HalfView::lower(&a0(0, 0, 0x68, 0)));
        assert!(d.ddm && d.internal_cal && !d.external_cal && !d.address_change_required);
        assert_eq!(d.rx_power_type, RxPowerType::Average);
        // 0x54 = 0101_0100: DDM, external, OMA, address change.
        let d = DiagType::read(&HalfView::lower(&a0(0, 0, 0x54, 0)));
        assert!(d.ddm && !d.internal_cal && d.external_cal && d.address_change_required);
        assert_eq!(d.rx_power_type, RxPowerType::Oma);
        assert_eq!(d.raw, 0x54);
    }

    #[test]
    fn enhanced_option_bits() {
        // 0xF0: flags, soft tx disable, soft tx fault, soft rx los.
        let e = EnhancedOptions::read(&HalfView::lower(&a0(0, 0, 0, 0xF0)));
        assert!(e.alarm_warning_flags && e.soft_tx_disable && e.soft_tx_fault && e.soft_rx_los);
        assert!(!e.soft_rate_select && !e.application_select_sff8079);
        assert!(!e.soft_rate_select_sff8431);
        // 0x0E: bits 3, 2, 1.
        let e = EnhancedOptions::read(&HalfView::lower(&a0(0, 0, 0, 0x0E)));
        assert!(!e.alarm_warning_flags && !e.soft_tx_disable);
        assert!(e.soft_rate_select && e.application_select_sff8079 && e.soft_rate_select_sff8431);
        assert_eq!(e.raw, 0x0E);
    }

    #[test]
    fn diagnostics_section_names_calibration_and_rx_type() {
        let p = a0(0, 0, 0x58, 0);
        let s = diagnostics_section(
            &DiagType::read(&HalfView::lower(&p)),
            &EnhancedOptions::default(),
        );
        assert_eq!(s.rows[1].value, "external");
        assert_eq!(s.rows[2].value, "average");
    }
}
