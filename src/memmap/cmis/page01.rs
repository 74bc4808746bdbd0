//! Upper page 01h: advertising (CMIS 5.2 §8.4, Tables 8-40 to 8-52; reference/cmis.md §4).
//! Application descriptors 9-15 and the media lane assignment bytes are read by
//! [`super::applications`].

use serde::Serialize;

use super::durations::MaxDuration;
use super::lower_controls::Version;
use super::lower_status::Revision;
use crate::memmap::decoded::ChecksumReport;
use crate::memmap::sections::{Section, list_or_none, yes_no};
use crate::memmap::view::HalfView;

/// What an Aux monitor measures (Page 01h:145 bits 2-0).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AuxKind {
    /// Vendor-defined (Aux1 with b0 = 0).
    Custom,
    /// TEC current, S16 as a fraction of the maximum: value / 32767 × 100 %.
    TecCurrent,
    /// Laser temperature, S16 in 1/256 °C.
    LaserTemperature,
    /// Second supply voltage, U16 in 100 µV.
    Vcc2,
}

impl AuxKind {
    /// Converts a raw monitor or threshold word; `None` for custom monitors.
    pub fn value(self, raw: u16) -> Option<f64> {
        match self {
            AuxKind::Custom => None,
            AuxKind::TecCurrent => Some(f64::from(raw as i16) * 100.0 / 32767.0),
            AuxKind::LaserTemperature => Some(crate::memmap::units::temperature_c(raw as i16)),
            AuxKind::Vcc2 => Some(crate::memmap::units::vcc_v(raw)),
        }
    }

    /// The unit of [`AuxKind::value`].
    pub fn unit(self) -> &'static str {
        match self {
            AuxKind::Custom => "",
            AuxKind::TecCurrent => "%",
            AuxKind::LaserTemperature => "°C",
            AuxKind::Vcc2 => "V",
        }
    }

    /// A short name.
    pub fn name(self) -> &'static str {
        match self {
            AuxKind::Custom => "custom",
            AuxKind::TecCurrent => "TEC current",
            AuxKind::LaserTemperature => "laser temperature",
            AuxKind::Vcc2 => "Vcc2",
        }
    }
}

/// Supported fiber link lengths (bytes 132-136, Table 8-41).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct LinkLengths {
    /// 132 b7-6: SMF multiplier code (0 ×0.1 km, 1 ×1 km, 2 ×10 km, 3 reserved).
    pub smf_multiplier_code: u8,
    /// 132 b5-0: SMF base length.
    pub smf_base: u8,
    /// SMF length in km; `None` for the reserved multiplier.
    pub smf_km: Option<f64>,
    /// 133: OM5, 2 m units.
    pub om5_m: u16,
    /// 134: OM4, 2 m units.
    pub om4_m: u16,
    /// 135: OM3, 2 m units.
    pub om3_m: u16,
    /// 136: OM2, 1 m units.
    pub om2_m: u16,
}

/// Supported pages (byte 142, Table 8-44).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct SupportedPages {
    /// b7: network path pages 16h/17h.
    pub network_path: bool,
    /// b6: VDM pages 20h-2Fh.
    pub vdm: bool,
    /// b5: diagnostic pages 13h-14h.
    pub diagnostics: bool,
    /// b3: page 05h.
    pub page_05h: bool,
    /// b2: user page 03h.
    pub page_03h: bool,
    /// b1-0 as read.
    pub banks_code: u8,
    /// Number of banks of pages 10h-2Fh: code 0 → 1, 1 → 2, 2 → 4; `None` for reserved 3.
    pub banks: Option<u8>,
}

/// State durations (bytes 144, 167, 168).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Durations {
    /// 144 b3-0.
    pub dp_init: MaxDuration,
    /// 144 b7-4.
    pub dp_deinit: MaxDuration,
    /// 167 b3-0.
    pub module_pwr_up: MaxDuration,
    /// 167 b7-4.
    pub module_pwr_dn: MaxDuration,
    /// 168 b3-0.
    pub dp_tx_turn_on: MaxDuration,
    /// 168 b7-4.
    pub dp_tx_turn_off: MaxDuration,
}

/// Module characteristics (byte 145, Table 8-45).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Characteristics {
    /// b7: cooled transmitter.
    pub cooled_tx: bool,
    /// b6-5: Tx input clocking capabilities code.
    pub tx_input_clocking: u8,
    /// b4: ePPS supported.
    pub epps_supported: bool,
    /// b3: timing page 15h supported.
    pub timing_page_15h: bool,
    /// b0: Aux1 is custom (0) or TEC current (1).
    pub aux1: AuxKind,
    /// b1: Aux2 is laser temperature (0) or TEC current (1).
    pub aux2: AuxKind,
    /// b2: Aux3 is laser temperature (0) or Vcc2 (1).
    pub aux3: AuxKind,
}

/// Rx power measured as average power or OMA (byte 151 b4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RxPowerType {
    /// 0b.
    Oma,
    /// 1b.
    Average,
}

/// More characteristics (byte 151, Table 8-46).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Receiver {
    /// b7: APD (true) or PIN detector.
    pub apd: bool,
    /// b6-5: Rx output equalization type code.
    pub rx_output_eq_type: u8,
    /// b4: what the Rx power monitor measures.
    pub rx_power_type: RxPowerType,
    /// b3: Rx LOS responds to Pavg (true) or OMA.
    pub rx_los_average: bool,
    /// b2: Rx LOS is raised within fast-mode limits.
    pub rx_los_fast: bool,
}

/// Signal-integrity limits (bytes 153-154, Table 8-46).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct SiLimits {
    /// 153 b7-4: Rx output amplitude codes 3..0 supported (bit 4 = code 0).
    pub rx_output_levels: u8,
    /// 153 b3-0: maximum Tx input equalization.
    pub tx_input_eq_max: u8,
    /// 154 b7-4: maximum Rx output post-cursor.
    pub rx_output_post_cursor_max: u8,
    /// 154 b3-0: maximum Rx output pre-cursor.
    pub rx_output_pre_cursor_max: u8,
}

/// Controls advertised (bytes 155-156, Table 8-47).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct SupportedControls {
    /// 155 b7: wavelength is controllable.
    pub wavelength_controllable: bool,
    /// 155 b6: tunable transmitter (pages 04h and 12h).
    pub tx_tunable: bool,
    /// 155 b5-4: Tx squelch method code (what SquelchMethodSelect may choose).
    pub tx_squelch_method: u8,
    /// 155 b3: Tx force squelch.
    pub tx_force_squelch: bool,
    /// 155 b2: Tx auto-squelch disable.
    pub tx_auto_squelch_disable: bool,
    /// 155 b1: Tx output disable.
    pub tx_output_disable: bool,
    /// 155 b0: Tx input polarity flip.
    pub tx_polarity_flip: bool,
    /// 156 b7: bank broadcast.
    pub bank_broadcast: bool,
    /// 156 b2: Rx auto-squelch disable.
    pub rx_auto_squelch_disable: bool,
    /// 156 b1: Rx output disable.
    pub rx_output_disable: bool,
    /// 156 b0: Rx output polarity flip.
    pub rx_polarity_flip: bool,
}

/// Flags advertised (bytes 157-158, Table 8-48).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct SupportedFlags {
    /// 157 b0.
    pub tx_fault: bool,
    /// 157 b1.
    pub tx_los: bool,
    /// 157 b2.
    pub tx_cdr_lol: bool,
    /// 157 b3.
    pub tx_adaptive_eq_fail: bool,
    /// 158 b1.
    pub rx_los: bool,
    /// 158 b2.
    pub rx_cdr_lol: bool,
}

/// Module monitors supported (byte 159).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ModuleMonitorsSupported {
    /// b0.
    pub temperature: bool,
    /// b1.
    pub vcc: bool,
    /// b2.
    pub aux1: bool,
    /// b3.
    pub aux2: bool,
    /// b4.
    pub aux3: bool,
    /// b5.
    pub custom: bool,
}

/// Lane monitors supported (byte 160).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct LaneMonitorsSupported {
    /// b0.
    pub tx_bias: bool,
    /// b1.
    pub tx_power: bool,
    /// b2.
    pub rx_power: bool,
    /// b4-3 as read.
    pub tx_bias_multiplier_code: u8,
    /// Multiplier of the 2 µA bias unit: code 0 → 1, 1 → 2, 2 → 4; `None` for reserved 3.
    pub tx_bias_multiplier: Option<u8>,
}

/// CDB support (bytes 163-166, Table 8-50).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct CdbSupport {
    /// 163 b7-6: instances (0 none, 1, 2; 3 reserved).
    pub instances: u8,
    /// 163 b5: background mode.
    pub background_mode: bool,
    /// 163 b4: auto paging.
    pub auto_paging: bool,
    /// 163 b3-0: EPL pages code (see [`epl_pages`]).
    pub epl_code: u8,
    /// 164: additional bytes per EPL READ/WRITE, in units of 8 bytes.
    pub rw_length_extension: u8,
    /// 165 b7: CdbCommandTriggerMethod, raw.
    pub trigger_method: bool,
    /// 165 b4-0 as max(1, X) × 160 ms (CdbExtMaxBusyTime).
    pub ext_max_busy_ms: u32,
    /// 166 b7: CdbMaxBusySpecMethod; 1 = the extended time of byte 165 applies.
    pub uses_ext_max_busy: bool,
    /// 166 b6-0 as min(80, X) ms (CdbMaxBusyTime).
    pub max_busy_ms: u32,
}

impl CdbSupport {
    /// The maximum CDB busy time that applies, ms (166 b7 chooses).
    pub fn effective_max_busy_ms(&self) -> u32 {
        if self.uses_ext_max_busy {
            self.ext_max_busy_ms
        } else {
            self.max_busy_ms
        }
    }
}

/// Number of EPL pages for a 163 b3-0 code, per reference/cmis.md §4 (0 none, 1 A0h, 2 A0h-A1h,
/// 3 -A2h, 4 -A3h, 5 -A7h, 6 -A8h, 7 -AFh); other codes `None`.
pub fn epl_pages(code: u8) -> Option<u8> {
    match code {
        0..=4 => Some(code),
        5 => Some(8),
        6 => Some(9),
        7 => Some(16),
        _ => None,
    }
}

/// Bank/page change hold-off advertised in byte 169 b3-0 (CMIS 5.3+): tBPC / 2^i with tBPC =
/// 10 ms (reference/bus-access.md §1.6; the encoding is inferred from that sentence).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct BpcHoldoff {
    /// b3-0 as read (i).
    pub code: u8,
    /// 10 000 µs / 2^i.
    pub us: f64,
}

/// Full-page read advertisement (byte 251 b1-0, CMIS 5.3+).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ReadSize {
    /// b1-0 as read; `None` before CMIS 5.3 (the byte is a reserved there).
    pub full_page_read_code: Option<u8>,
    /// Longest READ the module accepts: 128 when code 1 says full-page reads are supported, else 8.
    pub max_read_bytes: u8,
}

/// Page 01h.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Page01 {
    /// 128-129: firmware in the inactive bank.
    pub inactive_firmware: Version,
    /// 130-131: hardware revision.
    pub hardware: Version,
    /// 132-136.
    pub lengths: LinkLengths,
    /// 138-139 × 0.05 nm.
    pub nominal_wavelength_nm: f64,
    /// 140-141 × 0.005 nm (ethtool's 0.05 nm and byte choice are wrong).
    pub wavelength_tolerance_nm: f64,
    /// 142.
    pub supported_pages: SupportedPages,
    /// 143: ModSelWaitTime m × 2^e µs; `None` when the mantissa is 0 (not given).
    pub mod_sel_wait_us: Option<u32>,
    /// 144, 167, 168.
    pub durations: Durations,
    /// 145.
    pub characteristics: Characteristics,
    /// 146: maximum case temperature, °C.
    pub temp_max_c: i8,
    /// 147: minimum case temperature, °C.
    pub temp_min_c: i8,
    /// 148-149 × 10 ns (non-separable AOC propagation delay).
    pub propagation_delay_ns: u32,
    /// 150 × 20 mV; `None` when 0 (not specified).
    pub min_operating_voltage_v: Option<f64>,
    /// 151.
    pub receiver: Receiver,
    /// 152 × 0.01 W.
    pub cdr_power_saved_per_lane_w: f64,
    /// 153-154.
    pub si_limits: SiLimits,
    /// 155-156.
    pub controls: SupportedControls,
    /// 157-158.
    pub flags: SupportedFlags,
    /// 159.
    pub module_monitors: ModuleMonitorsSupported,
    /// 160.
    pub lane_monitors: LaneMonitorsSupported,
    /// 161: Tx signal-integrity controls supported, raw.
    pub tx_si_controls: u8,
    /// 162: Rx signal-integrity controls supported, raw.
    pub rx_si_controls: u8,
    /// 163-166.
    pub cdb: CdbSupport,
    /// 169 b3-0, CMIS 5.3+.
    pub bpc_holdoff: Option<BpcHoldoff>,
    /// 169 as read.
    pub byte_169: u8,
    /// 251 b1-0.
    pub read_size: ReadSize,
}

impl Page01 {
    /// Decodes page 01h; returns it with its checksum (130-254 at 255).
    pub fn decode(
        p: &HalfView<'_>,
        revision: Revision,
        notes: &mut Vec<String>,
    ) -> (Self, ChecksumReport) {
        // 132 b7-6 multiplier, b5-0 base (Table 8-41).
        let smf_multiplier_code = p.bits(132, 7, 6);
        let smf_base = p.bits(132, 5, 0);
        let smf_km = match smf_multiplier_code {
            0 => Some(f64::from(smf_base) / 10.0),
            1 => Some(f64::from(smf_base)),
            2 => Some(f64::from(smf_base) * 10.0),
            _ => None,
        };
        if smf_multiplier_code == 3 {
            notes.push("page 01h:132 SMF length multiplier code 3 is reserved".to_string());
        }
        // 142 b1-0: 0 → bank 0, 1 → banks 0-1, 2 → banks 0-3, 3 reserved.
        let banks_code = p.bits(142, 1, 0);
        let banks = match banks_code {
            0 => Some(1),
            1 => Some(2),
            2 => Some(4),
            _ => None,
        };
        if banks.is_none() {
            notes.push(
                "page 01h:142 bank count code 3 is reserved; only bank 0 decoded".to_string(),
            );
        }
        // 143: b7-5 exponent e, b4-0 mantissa m, m × 2^e µs.
        let mantissa = u32::from(p.bits(143, 4, 0));
        let exponent = u32::from(p.bits(143, 7, 5));
        let mod_sel_wait_us = (mantissa != 0).then(|| mantissa << exponent);
        let durations = Durations {
            dp_init: MaxDuration::from_code(p.bits(144, 3, 0)),
            dp_deinit: MaxDuration::from_code(p.bits(144, 7, 4)),
            module_pwr_up: MaxDuration::from_code(p.bits(167, 3, 0)),
            module_pwr_dn: MaxDuration::from_code(p.bits(167, 7, 4)),
            dp_tx_turn_on: MaxDuration::from_code(p.bits(168, 3, 0)),
            dp_tx_turn_off: MaxDuration::from_code(p.bits(168, 7, 4)),
        };
        for (name, d) in [
            ("DPInit", durations.dp_init),
            ("DPDeinit", durations.dp_deinit),
            ("ModulePwrUp", durations.module_pwr_up),
            ("ModulePwrDn", durations.module_pwr_dn),
            ("DPTxTurnOn", durations.dp_tx_turn_on),
            ("DPTxTurnOff", durations.dp_tx_turn_off),
        ] {
            if d.is_reserved() {
                notes.push(format!(
                    "page 01h max duration of {name} uses reserved code {}",
                    d.code
                ));
            }
        }
        let characteristics = Characteristics {
            cooled_tx: p.bit(145, 7),
            tx_input_clocking: p.bits(145, 6, 5),
            epps_supported: p.bit(145, 4),
            timing_page_15h: p.bit(145, 3),
            aux1: if p.bit(145, 0) {
                AuxKind::TecCurrent
            } else {
                AuxKind::Custom
            },
            aux2: if p.bit(145, 1) {
                AuxKind::TecCurrent
            } else {
                AuxKind::LaserTemperature
            },
            aux3: if p.bit(145, 2) {
                AuxKind::Vcc2
            } else {
                AuxKind::LaserTemperature
            },
        };
        let min_v = p.u8(150);
        // 160 b4-3: 0 ×1, 1 ×2, 2 ×4, 3 reserved.
        let mult_code = p.bits(160, 4, 3);
        let tx_bias_multiplier = match mult_code {
            0 => Some(1),
            1 => Some(2),
            2 => Some(4),
            _ => None,
        };
        if tx_bias_multiplier.is_none() {
            notes.push(
                "page 01h:160 Tx bias multiplier code 3 is reserved; Tx bias not reported"
                    .to_string(),
            );
        }
        let at_least_5_3 = revision.at_least(5, 3);
        let bpc_code = p.bits(169, 3, 0);
        let full_page_read_code = at_least_5_3.then(|| p.bits(251, 1, 0));
        let page = Page01 {
            inactive_firmware: Version::at(p, 128),
            hardware: Version::at(p, 130),
            lengths: LinkLengths {
                smf_multiplier_code,
                smf_base,
                smf_km,
                om5_m: u16::from(p.u8(133)) * 2,
                om4_m: u16::from(p.u8(134)) * 2,
                om3_m: u16::from(p.u8(135)) * 2,
                om2_m: u16::from(p.u8(136)),
            },
            nominal_wavelength_nm: f64::from(p.u16(138)) / 20.0,
            wavelength_tolerance_nm: f64::from(p.u16(140)) / 200.0,
            supported_pages: SupportedPages {
                network_path: p.bit(142, 7),
                vdm: p.bit(142, 6),
                diagnostics: p.bit(142, 5),
                page_05h: p.bit(142, 3),
                page_03h: p.bit(142, 2),
                banks_code,
                banks,
            },
            mod_sel_wait_us,
            durations,
            characteristics,
            temp_max_c: p.i8(146),
            temp_min_c: p.i8(147),
            propagation_delay_ns: u32::from(p.u16(148)) * 10,
            min_operating_voltage_v: (min_v != 0).then(|| f64::from(min_v) / 50.0),
            receiver: Receiver {
                apd: p.bit(151, 7),
                rx_output_eq_type: p.bits(151, 6, 5),
                rx_power_type: if p.bit(151, 4) {
                    RxPowerType::Average
                } else {
                    RxPowerType::Oma
                },
                rx_los_average: p.bit(151, 3),
                rx_los_fast: p.bit(151, 2),
            },
            cdr_power_saved_per_lane_w: f64::from(p.u8(152)) / 100.0,
            si_limits: SiLimits {
                rx_output_levels: p.bits(153, 7, 4),
                tx_input_eq_max: p.bits(153, 3, 0),
                rx_output_post_cursor_max: p.bits(154, 7, 4),
                rx_output_pre_cursor_max: p.bits(154, 3, 0),
            },
            controls: SupportedControls {
                wavelength_controllable: p.bit(155, 7),
                tx_tunable: p.bit(155, 6),
                tx_squelch_method: p.bits(155, 5, 4),
                tx_force_squelch: p.bit(155, 3),
                tx_auto_squelch_disable: p.bit(155, 2),
                tx_output_disable: p.bit(155, 1),
                tx_polarity_flip: p.bit(155, 0),
                bank_broadcast: p.bit(156, 7),
                rx_auto_squelch_disable: p.bit(156, 2),
                rx_output_disable: p.bit(156, 1),
                rx_polarity_flip: p.bit(156, 0),
            },
            flags: SupportedFlags {
                tx_fault: p.bit(157, 0),
                tx_los: p.bit(157, 1),
                tx_cdr_lol: p.bit(157, 2),
                tx_adaptive_eq_fail: p.bit(157, 3),
                rx_los: p.bit(158, 1),
                rx_cdr_lol: p.bit(158, 2),
            },
            module_monitors: ModuleMonitorsSupported {
                temperature: p.bit(159, 0),
                vcc: p.bit(159, 1),
                aux1: p.bit(159, 2),
                aux2: p.bit(159, 3),
                aux3: p.bit(159, 4),
                custom: p.bit(159, 5),
            },
            lane_monitors: LaneMonitorsSupported {
                tx_bias: p.bit(160, 0),
                tx_power: p.bit(160, 1),
                rx_power: p.bit(160, 2),
                tx_bias_multiplier_code: mult_code,
                tx_bias_multiplier,
            },
            tx_si_controls: p.u8(161),
            rx_si_controls: p.u8(162),
            cdb: CdbSupport {
                instances: p.bits(163, 7, 6),
                background_mode: p.bit(163, 5),
                auto_paging: p.bit(163, 4),
                epl_code: p.bits(163, 3, 0),
                rw_length_extension: p.u8(164),
                trigger_method: p.bit(165, 7),
                ext_max_busy_ms: u32::from(p.bits(165, 4, 0).max(1)) * 160,
                uses_ext_max_busy: p.bit(166, 7),
                max_busy_ms: u32::from(p.bits(166, 6, 0).min(80)),
            },
            bpc_holdoff: at_least_5_3.then(|| BpcHoldoff {
                code: bpc_code,
                us: 10_000.0 / f64::from(1u32 << bpc_code),
            }),
            byte_169: p.u8(169),
            read_size: ReadSize {
                full_page_read_code,
                max_read_bytes: if full_page_read_code == Some(1) {
                    128
                } else {
                    8
                },
            },
        };
        if page.cdb.instances == 3 {
            notes.push("page 01h:163 CDB instance count code 3 is reserved".to_string());
        }
        if matches!(full_page_read_code, Some(2 | 3)) {
            notes.push(format!(
                "page 01h:251 full-page read code {} is reserved; reads limited to 8 bytes",
                full_page_read_code.unwrap_or_default()
            ));
        }
        (page, p.checksum("page 01h (130-254)", 130, 254, 255))
    }

    /// The report blocks.
    pub fn sections(&self) -> Vec<Section> {
        let mut s = Section::new("Advertising (page 01h)");
        s.row("Inactive firmware", self.inactive_firmware.to_string());
        s.row("Hardware revision", self.hardware.to_string());
        let l = &self.lengths;
        s.row(
            "Length (SMF)",
            crate::memmap::sections::opt(l.smf_km, 1, "km"),
        );
        s.row(
            "Length (OM5 / OM4 / OM3 / OM2)",
            format!("{} / {} / {} / {} m", l.om5_m, l.om4_m, l.om3_m, l.om2_m),
        );
        s.row(
            "Nominal wavelength",
            format!("{:.2} nm", self.nominal_wavelength_nm),
        );
        s.row(
            "Wavelength tolerance",
            format!("±{:.3} nm", self.wavelength_tolerance_nm),
        );
        let sp = &self.supported_pages;
        let mut pages = vec![];
        for (on, name) in [
            (sp.page_03h, "03h"),
            (sp.page_05h, "05h"),
            (sp.diagnostics, "13h-14h"),
            (sp.network_path, "16h-17h"),
            (sp.vdm, "20h-2Fh (VDM)"),
        ] {
            if on {
                pages.push(name);
            }
        }
        s.row("Optional pages", list_or_none(&pages));
        s.row(
            "Banks",
            match sp.banks {
                Some(n) => n.to_string(),
                None => format!("reserved code {}", sp.banks_code),
            },
        );
        s.row(
            "ModSelWaitTime",
            match self.mod_sel_wait_us {
                Some(us) => format!("{us} µs"),
                None => "not given".to_string(),
            },
        );
        let d = &self.durations;
        for (name, v) in [
            ("Max ModulePwrUp", d.module_pwr_up),
            ("Max ModulePwrDn", d.module_pwr_dn),
            ("Max DPInit", d.dp_init),
            ("Max DPDeinit", d.dp_deinit),
            ("Max DPTxTurnOn", d.dp_tx_turn_on),
            ("Max DPTxTurnOff", d.dp_tx_turn_off),
        ] {
            s.row(name, v.to_string());
        }
        if let Some(b) = self.bpc_holdoff {
            s.row(
                "Bank/page change hold-off",
                format!("{:.3} µs (code {})", b.us, b.code),
            );
        }
        s.row(
            "Max read size",
            match self.read_size.full_page_read_code {
                Some(c) => format!("{} bytes (code {c})", self.read_size.max_read_bytes),
                None => format!("{} bytes", self.read_size.max_read_bytes),
            },
        );
        let c = &self.characteristics;
        s.row("Cooled transmitter", yes_no(c.cooled_tx));
        s.row("Tx input clocking code", c.tx_input_clocking.to_string());
        s.row(
            "ePPS / timing page 15h",
            format!(
                "{} / {}",
                yes_no(c.epps_supported),
                yes_no(c.timing_page_15h)
            ),
        );
        s.row(
            "Aux 1 / 2 / 3 monitor",
            format!("{} / {} / {}", c.aux1.name(), c.aux2.name(), c.aux3.name()),
        );
        s.row(
            "Case temperature range",
            format!("{} to {} °C", self.temp_min_c, self.temp_max_c),
        );
        s.row(
            "Propagation delay",
            format!("{} ns", self.propagation_delay_ns),
        );
        s.row(
            "Min operating voltage",
            crate::memmap::sections::opt(self.min_operating_voltage_v, 2, "V"),
        );
        let r = &self.receiver;
        s.row("Detector", if r.apd { "APD" } else { "PIN" });
        s.row(
            "Rx power measurement",
            match r.rx_power_type {
                RxPowerType::Average => "average",
                RxPowerType::Oma => "OMA",
            },
        );
        s.row(
            "Rx LOS responds to",
            if r.rx_los_average { "Pavg" } else { "OMA" },
        );
        s.row("Fast Rx LOS", yes_no(r.rx_los_fast));
        s.row(
            "CDR power saved per lane",
            format!("{:.2} W", self.cdr_power_saved_per_lane_w),
        );
        let si = &self.si_limits;
        s.row(
            "SI limits",
            format!(
                "Tx input EQ max {}, Rx pre-cursor max {}, Rx post-cursor max {}, Rx amplitude codes 0x{:x}",
                si.tx_input_eq_max, si.rx_output_pre_cursor_max, si.rx_output_post_cursor_max, si.rx_output_levels
            ),
        );
        let ct = &self.controls;
        s.row(
            "Tx controls",
            format!(
                "disable {}, polarity flip {}, force squelch {}, auto-squelch disable {}, squelch method code {}, tunable {}, wavelength control {}",
                yes_no(ct.tx_output_disable),
                yes_no(ct.tx_polarity_flip),
                yes_no(ct.tx_force_squelch),
                yes_no(ct.tx_auto_squelch_disable),
                ct.tx_squelch_method,
                yes_no(ct.tx_tunable),
                yes_no(ct.wavelength_controllable)
            ),
        );
        s.row(
            "Rx controls",
            format!(
                "disable {}, polarity flip {}, auto-squelch disable {}, bank broadcast {}",
                yes_no(ct.rx_output_disable),
                yes_no(ct.rx_polarity_flip),
                yes_no(ct.rx_auto_squelch_disable),
                yes_no(ct.bank_broadcast)
            ),
        );
        let f = &self.flags;
        s.row(
            "Lane flags supported",
            format!(
                "Tx fault {}, Tx LOS {}, Tx CDR LOL {}, Tx EQ fail {}, Rx LOS {}, Rx CDR LOL {}",
                yes_no(f.tx_fault),
                yes_no(f.tx_los),
                yes_no(f.tx_cdr_lol),
                yes_no(f.tx_adaptive_eq_fail),
                yes_no(f.rx_los),
                yes_no(f.rx_cdr_lol)
            ),
        );
        let m = &self.module_monitors;
        s.row(
            "Module monitors supported",
            format!(
                "temperature {}, Vcc {}, aux1 {}, aux2 {}, aux3 {}, custom {}",
                yes_no(m.temperature),
                yes_no(m.vcc),
                yes_no(m.aux1),
                yes_no(m.aux2),
                yes_no(m.aux3),
                yes_no(m.custom)
            ),
        );
        let lm = &self.lane_monitors;
        s.row(
            "Lane monitors supported",
            format!(
                "Tx bias {}, Tx power {}, Rx power {}, bias multiplier {}",
                yes_no(lm.tx_bias),
                yes_no(lm.tx_power),
                yes_no(lm.rx_power),
                match lm.tx_bias_multiplier {
                    Some(m) => format!("×{m}"),
                    None => "reserved".to_string(),
                }
            ),
        );
        s.row(
            "SI controls supported (161 / 162)",
            format!(
                "0x{:02x} / 0x{:02x}",
                self.tx_si_controls, self.rx_si_controls
            ),
        );
        let cdb = &self.cdb;
        s.row(
            "CDB",
            if cdb.instances == 0 {
                "not supported".to_string()
            } else {
                format!(
                    "{} instance(s), background {}, auto-paging {}, EPL pages {}, +{} bytes per access, max busy {} ms",
                    cdb.instances,
                    yes_no(cdb.background_mode),
                    yes_no(cdb.auto_paging),
                    match epl_pages(cdb.epl_code) {
                        Some(n) => n.to_string(),
                        None => format!("code {}", cdb.epl_code),
                    },
                    u16::from(cdb.rw_length_extension) * 8,
                    cdb.effective_max_busy_ms()
                )
            },
        );
        vec![s]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::memmap::view::sum8;

    fn page(set: &[(usize, u8)]) -> [u8; 128] {
        let mut p = [0u8; 128];
        for (off, v) in set {
            p[off - 128] = *v;
        }
        p
    }

    fn decode(p: &[u8; 128], rev: u8) -> (Page01, ChecksumReport, Vec<String>) {
        let mut notes = vec![];
        let (d, c) = Page01::decode(&HalfView::upper(p), Revision::from_byte(rev), &mut notes);
        (d, c, notes)
    }

    #[test]
    fn versions_lengths_and_wavelength() {
        let p = page(&[
            (128, 1),
            (129, 4), // inactive FW 1.4
            (130, 10),
            (131, 0),           // HW 10.0
            (132, 0b0100_1010), // ×1 km, base 10 -> 10 km
            (133, 50),          // OM5 100 m
            (134, 75),          // OM4 150 m
            (135, 35),          // OM3 70 m
            (136, 30),          // OM2 30 m
            (138, 0x66),
            (139, 0x6C), // 0x666C = 26220 × 0.05 = 1311.0 nm
            (140, 0x05),
            (141, 0x14), // 0x0514 = 1300 × 0.005 = 6.5 nm
        ]);
        let (d, _, notes) = decode(&p, 0x51);
        assert_eq!(d.inactive_firmware.to_string(), "1.4");
        assert_eq!(d.hardware.to_string(), "10.0");
        assert_eq!(d.lengths.smf_km, Some(10.0));
        assert_eq!(
            (
                d.lengths.om5_m,
                d.lengths.om4_m,
                d.lengths.om3_m,
                d.lengths.om2_m
            ),
            (100, 150, 70, 30)
        );
        assert_eq!(d.nominal_wavelength_nm, 1311.0);
        assert_eq!(d.wavelength_tolerance_nm, 6.5);
        assert!(notes.is_empty());
        // 0b00_101101 -> ×0.1 km, base 45 -> 4.5 km; 0b10_000011 -> ×10, 3 -> 30 km.
        assert_eq!(
            decode(&page(&[(132, 0b0010_1101)]), 0x50).0.lengths.smf_km,
            Some(4.5)
        );
        assert_eq!(
            decode(&page(&[(132, 0b1000_0011)]), 0x50).0.lengths.smf_km,
            Some(30.0)
        );
        let (d, _, notes) = decode(&page(&[(132, 0xC1)]), 0x50);
        assert_eq!(d.lengths.smf_km, None);
        assert_eq!(notes.len(), 1);
    }

    #[test]
    fn supported_pages_and_banks() {
        // 0xE6 = b7 NP, b6 VDM, b5 diag, b2 page 03h, banks code 2 -> 4 banks.
        let (d, _, _) = decode(&page(&[(142, 0xE6)]), 0x52);
        let sp = d.supported_pages;
        assert!(sp.network_path && sp.vdm && sp.diagnostics && sp.page_03h && !sp.page_05h);
        assert_eq!((sp.banks_code, sp.banks), (2, Some(4)));
        assert_eq!(
            decode(&page(&[(142, 0x08)]), 0x52).0.supported_pages.banks,
            Some(1)
        );
        assert!(
            decode(&page(&[(142, 0x08)]), 0x52)
                .0
                .supported_pages
                .page_05h
        );
        assert_eq!(
            decode(&page(&[(142, 0x01)]), 0x52).0.supported_pages.banks,
            Some(2)
        );
        let (d, _, notes) = decode(&page(&[(142, 0x03)]), 0x52);
        assert_eq!(d.supported_pages.banks, None);
        assert_eq!(notes.len(), 1);
    }

    #[test]
    fn mod_sel_wait_time() {
        // 0b011_00101: e = 3, m = 5 -> 5 × 8 = 40 µs; m = 0 -> not given.
        assert_eq!(
            decode(&page(&[(143, 0b0110_0101)]), 0x50).0.mod_sel_wait_us,
            Some(40)
        );
        assert_eq!(
            decode(&page(&[(143, 0b1110_0000)]), 0x50).0.mod_sel_wait_us,
            None
        );
        // e = 7, m = 31 -> 31 × 128 = 3968 µs.
        assert_eq!(
            decode(&page(&[(143, 0xFF)]), 0x50).0.mod_sel_wait_us,
            Some(3968)
        );
    }

    #[test]
    fn durations_nibbles() {
        // 144 = 0x59: DPDeinit 5 (≤500 ms), DPInit 9 (≤1 min); 167 = 0x67: PwrDn 6, PwrUp 7;
        // 168 = 0xD4: TxTurnOff 13 (≥ 50 min), TxTurnOn 4 (≤100 ms).
        let (d, _, notes) = decode(&page(&[(144, 0x59), (167, 0x67), (168, 0xD4)]), 0x50);
        let ms = |m: MaxDuration| m.upper_bound().map(|d| d.as_millis());
        assert_eq!(ms(d.durations.dp_deinit), Some(500));
        assert_eq!(ms(d.durations.dp_init), Some(60_000));
        assert_eq!(ms(d.durations.module_pwr_dn), Some(1_000));
        assert_eq!(ms(d.durations.module_pwr_up), Some(5_000));
        assert_eq!(d.durations.dp_tx_turn_off.code, 13);
        assert_eq!(ms(d.durations.dp_tx_turn_off), None);
        assert_eq!(ms(d.durations.dp_tx_turn_on), Some(100));
        assert!(notes.is_empty());
        // 0xEF: DPDeinit 14 and DPInit 15 are reserved -> two notes.
        let (d, _, notes) = decode(&page(&[(144, 0xEF)]), 0x50);
        assert!(d.durations.dp_init.is_reserved() && d.durations.dp_deinit.is_reserved());
        assert_eq!(notes.len(), 2);
    }

    #[test]
    fn characteristics_and_aux_kinds() {
        // 0xE9 = 1110_1001: cooled, clocking 11, ePPS 0, timing 15h 1, aux3 laser temp,
        // aux2 laser temp, aux1 TEC current.
        let (d, _, _) = decode(&page(&[(145, 0xE9)]), 0x51);
        let c = d.characteristics;
        assert!(c.cooled_tx && !c.epps_supported && c.timing_page_15h);
        assert_eq!(c.tx_input_clocking, 3);
        assert_eq!(
            (c.aux1, c.aux2, c.aux3),
            (
                AuxKind::TecCurrent,
                AuxKind::LaserTemperature,
                AuxKind::LaserTemperature
            )
        );
        // 0x16 = b4 ePPS, b2 Vcc2, b1 TEC current, b0 custom.
        let c = decode(&page(&[(145, 0x16)]), 0x51).0.characteristics;
        assert!(c.epps_supported && !c.cooled_tx);
        assert_eq!(
            (c.aux1, c.aux2, c.aux3),
            (AuxKind::Custom, AuxKind::TecCurrent, AuxKind::Vcc2)
        );
        // Aux conversions: 0xDFFD = -8195 / 32767 × 100 = -25.0099 %; 0x3704 = 14084/256 °C;
        // Vcc2 0x80E8 = 33000 × 100 µV = 3.3 V.
        let tec = AuxKind::TecCurrent.value(0xDFFD).unwrap_or_default();
        assert!((tec - (-25.009_918)).abs() < 1e-5);
        assert_eq!(AuxKind::LaserTemperature.value(0x3704), Some(55.015625));
        assert_eq!(AuxKind::Vcc2.value(0x80E8), Some(3.3));
        assert_eq!(AuxKind::Custom.value(0x1234), None);
    }

    #[test]
    fn temperatures_delay_voltage_receiver() {
        let (d, _, _) = decode(
            &page(&[
                (146, 0x46), // 70 °C
                (147, 0xFB), // -5 °C
                (148, 0x01),
                (149, 0x02),        // 0x0102 = 258 × 10 = 2580 ns
                (150, 0xA5),        // 165 × 20 mV = 3.30 V
                (151, 0b1001_1100), // APD, Rx EQ type 00, average, LOS Pavg, fast LOS
                (152, 0x19),        // 25 × 0.01 = 0.25 W
                (153, 0xF7),        // levels 0xF, Tx EQ max 7
                (154, 0x73),        // post max 7, pre max 3
            ]),
            0x50,
        );
        assert_eq!((d.temp_max_c, d.temp_min_c), (70, -5));
        assert_eq!(d.propagation_delay_ns, 2580);
        assert_eq!(d.min_operating_voltage_v, Some(3.3));
        assert_eq!(
            d.receiver,
            Receiver {
                apd: true,
                rx_output_eq_type: 0,
                rx_power_type: RxPowerType::Average,
                rx_los_average: true,
                rx_los_fast: true,
            }
        );
        assert_eq!(d.cdr_power_saved_per_lane_w, 0.25);
        assert_eq!(
            d.si_limits,
            SiLimits {
                rx_output_levels: 0xF,
                tx_input_eq_max: 7,
                rx_output_post_cursor_max: 7,
                rx_output_pre_cursor_max: 3
            }
        );
        let d = decode(&page(&[(151, 0x00)]), 0x50).0;
        assert_eq!(d.receiver.rx_power_type, RxPowerType::Oma);
        assert_eq!(d.min_operating_voltage_v, None);
    }

    #[test]
    fn controls_flags_monitors_advertised() {
        let (d, _, _) = decode(
            &page(&[
                (155, 0xBB), // 1011_1011: wl ctrl, squelch method 11, force squelch, disable, polarity
                (156, 0x83), // broadcast, Rx disable, Rx polarity
                (157, 0x0F),
                (158, 0x06),
                (159, 0x2F), // temp, vcc, aux1, aux2, custom
                (160, 0x0F), // bias, tx power, rx power, multiplier code 01 (×2)
                (161, 0x09),
                (162, 0x1D),
            ]),
            0x50,
        );
        let c = d.controls;
        assert!(c.wavelength_controllable && !c.tx_tunable && c.tx_force_squelch);
        assert!(!c.tx_auto_squelch_disable && c.tx_output_disable && c.tx_polarity_flip);
        assert_eq!(c.tx_squelch_method, 3);
        assert!(
            c.bank_broadcast
                && !c.rx_auto_squelch_disable
                && c.rx_output_disable
                && c.rx_polarity_flip
        );
        let f = d.flags;
        assert!(
            f.tx_fault
                && f.tx_los
                && f.tx_cdr_lol
                && f.tx_adaptive_eq_fail
                && f.rx_los
                && f.rx_cdr_lol
        );
        let m = d.module_monitors;
        assert!(m.temperature && m.vcc && m.aux1 && m.aux2 && !m.aux3 && m.custom);
        let l = d.lane_monitors;
        assert!(l.tx_bias && l.tx_power && l.rx_power);
        assert_eq!(
            (l.tx_bias_multiplier_code, l.tx_bias_multiplier),
            (1, Some(2))
        );
        assert_eq!((d.tx_si_controls, d.rx_si_controls), (0x09, 0x1D));
    }

    #[test]
    fn bias_multiplier_codes() {
        // 160 b4-3: 00 ×1, 01 ×2, 10 ×4, 11 reserved.
        for (byte, mult) in [
            (0x00, Some(1)),
            (0x08, Some(2)),
            (0x10, Some(4)),
            (0x18, None),
        ] {
            let (d, _, notes) = decode(&page(&[(160, byte)]), 0x50);
            assert_eq!(d.lane_monitors.tx_bias_multiplier, mult);
            assert_eq!(notes.len(), usize::from(mult.is_none()));
        }
    }

    #[test]
    fn cdb_advertisement() {
        // 163 = 0x77: 1 instance, background, auto paging, EPL code 7 (16 pages); 164 = 0x0F
        // (+120 bytes); 165 = 0x1F: 31 × 160 = 4960 ms; 166 = 0x80 -> extended time applies.
        let (d, _, _) = decode(
            &page(&[(163, 0x77), (164, 0x0F), (165, 0x1F), (166, 0x80)]),
            0x51,
        );
        let c = d.cdb;
        assert_eq!(
            (c.instances, c.background_mode, c.auto_paging, c.epl_code),
            (1, true, true, 7)
        );
        assert_eq!(epl_pages(c.epl_code), Some(16));
        assert_eq!(c.rw_length_extension, 15);
        assert_eq!(c.ext_max_busy_ms, 4960);
        assert_eq!(c.effective_max_busy_ms(), 4960);
        // 165 = 0x00 -> max(1, 0) × 160 = 160 ms; 166 = 0x5A: 90 -> min(80, 90) = 80 ms applies.
        let c = decode(&page(&[(163, 0x80), (166, 0x5A)]), 0x51).0.cdb;
        assert_eq!(c.instances, 2);
        assert_eq!(c.ext_max_busy_ms, 160);
        assert_eq!(c.effective_max_busy_ms(), 80);
        assert_eq!(epl_pages(5), Some(8));
        assert_eq!(epl_pages(9), None);
    }

    #[test]
    fn bpc_holdoff_and_full_page_read_need_5_3() {
        // 169 = 0x03: 10 ms / 2^3 = 1250 µs; 251 = 0x01: full page read supported.
        let p = page(&[(169, 0x03), (251, 0x01)]);
        let (d, _, _) = decode(&p, 0x52);
        assert_eq!(d.bpc_holdoff, None);
        assert_eq!(
            d.read_size,
            ReadSize {
                full_page_read_code: None,
                max_read_bytes: 8
            }
        );
        let (d, _, _) = decode(&p, 0x53);
        assert_eq!(
            d.bpc_holdoff,
            Some(BpcHoldoff {
                code: 3,
                us: 1250.0
            })
        );
        assert_eq!(
            d.read_size,
            ReadSize {
                full_page_read_code: Some(1),
                max_read_bytes: 128
            }
        );
        let (d, _, _) = decode(&page(&[(251, 0x00)]), 0x54);
        assert_eq!(d.read_size.max_read_bytes, 8);
        let (d, _, notes) = decode(&page(&[(251, 0x02)]), 0x53);
        assert_eq!(
            d.read_size,
            ReadSize {
                full_page_read_code: Some(2),
                max_read_bytes: 8
            }
        );
        assert_eq!(notes.len(), 1);
    }

    #[test]
    fn checksum_covers_130_to_254() {
        let mut p = page(&[(128, 0xFF), (130, 0x10), (254, 0x20)]);
        // 128-129 are outside the sum: 0x10 + 0x20 = 0x30.
        p[255 - 128] = 0x30;
        let (_, c, _) = decode(&p, 0x50);
        assert!(c.ok);
        assert_eq!(c.computed, sum8(&p[2..127]));
        p[255 - 128] = 0x31;
        let (_, c, _) = decode(&p, 0x50);
        assert!(!c.ok);
        assert_eq!((c.stored, c.computed), (0x31, 0x30));
    }
}
