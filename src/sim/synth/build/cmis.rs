//! [`CmisBuilder`]: CMIS 4.x/5.x (QSFP-DD, OSFP, ...) memory by field — lower memory, pages 00h,
//! 01h, 02h, 10h/11h (per bank) and the VDM pages 20h-2Fh (reference/cmis.md §1-§9).

use std::time::Duration;

use crate::addr::SegmentId;
use crate::memmap::image::ModuleImage;
use crate::sim::synth::build::convert::{
    bias_raw, power_raw, round_u16, tec_percent_raw, temperature_raw, vcc_raw,
};
use crate::sim::synth::build::{
    BuildError, Identity, ImageBuilder, LaneDom, ModuleDom, MonitorThresholds, Thresholds,
};

/// Lower memory, bytes 0-127.
pub const LOWER: SegmentId = SegmentId::LOWER;
/// Page 00h (administrative).
pub const P00: SegmentId = SegmentId::upper(0x00);
/// Page 01h (advertising).
pub const P01: SegmentId = SegmentId::upper(0x01);
/// Page 02h (thresholds).
pub const P02: SegmentId = SegmentId::upper(0x02);

/// Page 10h (lane control) of `bank`.
pub const fn p10(bank: u8) -> SegmentId {
    SegmentId::banked(bank, 0x10)
}

/// Page 11h (lane status) of `bank`.
pub const fn p11(bank: u8) -> SegmentId {
    SegmentId::banked(bank, 0x11)
}

/// Module state, lower byte 3 bits 3-1 (§2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModuleState {
    /// 1: management only.
    LowPwr = 1,
    /// 2: powering up.
    PwrUp = 2,
    /// 3: data paths may be configured.
    Ready = 3,
    /// 4: powering down.
    PwrDn = 4,
    /// 5: fault, cause in byte 41.
    Fault = 5,
}

/// One application descriptor (lower 86-117 for 1-8, page 01h 223-250 for 9-15) with its media
/// lane assignment (page 01h 176-190).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AppDescriptor {
    /// Host electrical interface ID (SFF-8024 §5a).
    pub host_id: u8,
    /// Media interface ID, from the table chosen by the media type (byte 85).
    pub media_id: u8,
    /// Host lanes of one instance (1-8).
    pub host_lanes: u8,
    /// Media lanes of one instance (1-8).
    pub media_lanes: u8,
    /// Host lanes an instance may start on: bit n = lane n + 1.
    pub host_assignment: u8,
    /// Media lanes an instance may start on (written only when page 01h exists).
    pub media_assignment: u8,
}

/// Upper bound of each duration code of Page 01h:144/167/168 (§4.1); code 13 is open-ended.
const DURATION_BOUNDS_MS: [u64; 13] = [
    1, 5, 10, 50, 100, 500, 1_000, 5_000, 10_000, 60_000, 300_000, 600_000, 3_000_000,
];

/// The smallest duration code (§4.1) whose range holds `max`: below 1 ms is code 0, then
/// 1-5 ms code 1, ..., 10 s-1 min code 9, ..., 50 min or more code 13.
pub fn duration_code(max: Duration) -> u8 {
    if max < Duration::from_millis(1) {
        return 0;
    }
    DURATION_BOUNDS_MS
        .iter()
        .skip(1)
        .position(|ms| max <= Duration::from_millis(*ms))
        .map_or(13, |i| i as u8 + 1)
}

/// The upper bound a host uses as the timeout for duration `code`; `None` for 13 (no bound)
/// and the reserved 14-15.
pub fn duration_bound(code: u8) -> Option<Duration> {
    DURATION_BOUNDS_MS
        .get(usize::from(code))
        .map(|ms| Duration::from_millis(*ms))
}

/// The advertised maximum state durations (Page 01h:144, 167, 168), as times; each is written
/// as the code of the range that holds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Durations {
    /// MaxDurationDPInit (144 b3-0).
    pub dp_init: Duration,
    /// MaxDurationDPDeinit (144 b7-4).
    pub dp_deinit: Duration,
    /// MaxDurationModulePwrUp (167 b3-0).
    pub module_pwr_up: Duration,
    /// MaxDurationModulePwrDn (167 b7-4).
    pub module_pwr_dn: Duration,
    /// MaxDurationDPTxTurnOn (168 b3-0).
    pub tx_turn_on: Duration,
    /// MaxDurationDPTxTurnOff (168 b7-4).
    pub tx_turn_off: Duration,
}

/// Optional pages advertised in Page 01h:142 (VDM, b6, is set by [`CmisBuilder::vdm`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SupportedPages {
    /// b7: network-path pages 16h/17h.
    pub network_path: bool,
    /// b5: diagnostic pages 13h/14h.
    pub diagnostics: bool,
    /// b3: page 05h.
    pub page_05: bool,
    /// b2: page 03h (user page).
    pub page_03: bool,
    /// b1-0: banks 0 only (1), 0-1 (2) or 0-3 (4).
    pub banks: u8,
}

/// What an auxiliary monitor (lower 18-23) measures, chosen by Page 01h:145.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuxKind {
    /// Laser temperature, S16 1/256 °C (Aux2 with 145 b1 = 0, Aux3 with 145 b2 = 0).
    LaserTemperature,
    /// TEC current, S16 as % of maximum (Aux1 with 145 b0 = 1, Aux2 with 145 b1 = 1).
    TecCurrent,
}

/// One data path to show as configured and activated (§6, §7).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DataPath {
    /// AppSel code (1-15): the application descriptor in use.
    pub app_sel: u8,
    /// First host lane of the data path (1-8 within the bank).
    pub first_lane: u8,
    /// Number of host lanes.
    pub host_lanes: u8,
    /// Media lanes of the data path as a bit mask (bit n = lane n + 1).
    pub media_lanes: u8,
}

/// One VDM observable (§9): a descriptor in page 20h and its sample in page 24h.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VdmObservable {
    /// Observable type ID (e.g. 15 = pre-FEC BER current, media).
    pub type_id: u8,
    /// Lane (1-16).
    pub lane: u8,
    /// Threshold set ID (0-15) in page 28h.
    pub threshold_set: u8,
    /// Sample value, already encoded (F16, U16 or S16 as the type says; see `convert`).
    pub sample: u16,
}

/// One VDM threshold set (page 28h), encoded like the samples it applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VdmThresholds {
    /// High alarm.
    pub high_alarm: u16,
    /// Low alarm.
    pub low_alarm: u16,
    /// High warning.
    pub high_warning: u16,
    /// Low warning.
    pub low_warning: u16,
}

/// Converts a physical value to an unsigned 16-bit register.
type U16Encoder<'a> = dyn Fn(f64) -> Result<u16, BuildError> + 'a;

/// Builds a CMIS image. Paged modules get pages 00h, 01h and 02h; lane pages are written per
/// bank. A flat module ([`flat_memory`](Self::flat_memory)) refuses writes beyond page 00h.
#[derive(Debug, Clone)]
pub struct CmisBuilder {
    b: ImageBuilder,
    flat: bool,
    bias_multiplier: u8,
}

/// The smallest of `units` (largest first) that expresses `value` as an integer base 1-63, with
/// its index: how CMIS byte 202 and Page 01h:132 encode lengths.
fn length_code(value: f64, units: &[f64]) -> Option<u8> {
    for (i, unit) in units.iter().enumerate().rev() {
        let base = value / unit;
        if (base - base.round()).abs() < 1e-9 && (1.0..=63.0).contains(&base.round()) {
            return Some(((i as u8) << 6) | base.round() as u8);
        }
    }
    None
}

impl CmisBuilder {
    /// A paged module with `identifier` (bytes 0 and 128) and CMIS revision `major.minor`
    /// (byte 1). Pages 00h, 01h and 02h are created.
    pub fn new(identifier: u8, major: u8, minor: u8) -> Self {
        let mut b = ImageBuilder::new();
        b.set_u8(LOWER, 0, identifier)
            .set_bits(LOWER, 1, 7, 4, major)
            .set_bits(LOWER, 1, 3, 0, minor)
            .set_u8(P00, 128, identifier)
            .page(P01)
            .page(P02);
        CmisBuilder {
            b,
            flat: false,
            bias_multiplier: 1,
        }
    }

    /// The raw builder, for fields without a helper.
    pub fn raw(&mut self) -> &mut ImageBuilder {
        &mut self.b
    }

    fn paged(&mut self, what: &'static str) -> bool {
        if self.flat {
            self.b.record(BuildError::Invalid(what));
        }
        !self.flat
    }

    /// Byte 2 b7 = 1: flat memory, only page 00h exists (pages 01h/02h are removed).
    pub fn flat_memory(&mut self) -> &mut Self {
        self.flat = true;
        self.b.set_bit(LOWER, 2, 7, true);
        self
    }

    /// Byte 3: ModuleState in b3-1, InterruptDeasserted (b0) = 1.
    pub fn module_state(&mut self, state: ModuleState) -> &mut Self {
        self.b.set_u8(LOWER, 3, ((state as u8) << 1) | 1);
        self
    }

    /// Byte 26, module global controls (0x00: LowPwrAllowRequestHW and LowPwrRequestSW clear,
    /// i.e. the host has requested high power).
    pub fn global_controls(&mut self, byte: u8) -> &mut Self {
        self.b.set_u8(LOWER, 26, byte);
        self
    }

    /// Active firmware (lower 39-40) and, on paged modules, inactive firmware (01h:128-129) and
    /// hardware revision (01h:130-131), each as major, minor.
    pub fn versions(&mut self, active: [u8; 2], inactive: [u8; 2], hardware: [u8; 2]) -> &mut Self {
        self.b.set_bytes(LOWER, 39, &active);
        if !self.flat {
            self.b
                .set_bytes(P01, 128, &inactive)
                .set_bytes(P01, 130, &hardware);
        }
        self
    }

    /// Page 00h: vendor 129-144, OUI 145-147, PN 148-163, rev 164-165, SN 166-181,
    /// date 182-189; CLEI 190-199 left blank (spaces).
    pub fn identity(&mut self, id: &Identity<'_>) -> &mut Self {
        self.b
            .set_ascii(P00, 129, 144, id.vendor)
            .set_bytes(P00, 145, &id.oui)
            .set_ascii(P00, 148, 163, id.pn)
            .set_ascii(P00, 164, 165, id.rev)
            .set_ascii(P00, 166, 181, id.sn)
            .set_ascii(P00, 182, 189, id.date_code)
            .set_ascii(P00, 190, 199, "");
        self
    }

    /// Page 00h:200 power class (b7-5 = class − 1) and 201 maximum power in 0.25 W, rounded up.
    pub fn power(&mut self, class: u8, max_w: f64) -> &mut Self {
        if !(1..=8).contains(&class) {
            self.b.record(BuildError::ValueOutOfRange {
                field: "cmis power class",
                value: f64::from(class),
                reason: "classes 1-8",
            });
            return self;
        }
        let quarter = (max_w / 0.25 - 1e-9).ceil();
        if let Some(q) = self.b.take(round_u16("max power W", max_w, quarter)) {
            match u8::try_from(q) {
                Ok(q) => {
                    self.b
                        .set_bits(P00, 200, 7, 5, class - 1)
                        .set_u8(P00, 201, q);
                }
                Err(_) => self.b.record(BuildError::ValueOutOfRange {
                    field: "max power W",
                    value: max_w,
                    reason: "at most 63.75 W",
                }),
            }
        }
        self
    }

    /// Page 00h:202 cable assembly length: b7-6 multiplier (0.1, 1, 10, 100 m), b5-0 base; the
    /// largest multiplier that expresses the length exactly is used.
    pub fn cable_length_m(&mut self, meters: f64) -> &mut Self {
        match length_code(meters, &[0.1, 1.0, 10.0, 100.0]) {
            Some(v) => {
                self.b.set_u8(P00, 202, v);
            }
            None => self.b.record(BuildError::ValueOutOfRange {
                field: "cable length m",
                value: meters,
                reason: "1-63 × 0.1/1/10/100 m",
            }),
        }
        self
    }

    /// Page 00h:203, SFF-8024 connector code.
    pub fn connector(&mut self, code: u8) -> &mut Self {
        self.b.set_u8(P00, 203, code);
        self
    }

    /// Page 00h:204-207, copper attenuation in dB at 5, 7, 12.9 and 25.8 GHz.
    pub fn copper_attenuation_db(&mut self, db: [u8; 4]) -> &mut Self {
        self.b.set_bytes(P00, 204, &db);
        self
    }

    /// Page 00h:212, media interface technology (16 = C-band tunable).
    pub fn media_tech(&mut self, code: u8) -> &mut Self {
        self.b.set_u8(P00, 212, code);
        self
    }

    /// Byte 85, media type: 1 MMF, 2 SMF, 3 passive copper, 4 active cable, 5 BASE-T.
    pub fn media_type(&mut self, code: u8) -> &mut Self {
        self.b.set_u8(LOWER, 85, code);
        self
    }

    /// Application descriptors 1-15 in order (AppSel n = descriptor n), with host ID 0xFF in every
    /// unused slot; media lane assignments at Page 01h:176 + n − 1 on paged modules. Lane counts
    /// must fit the lanes each assignment bit starts on.
    pub fn applications(&mut self, apps: &[AppDescriptor]) -> &mut Self {
        if apps.len() > 15 {
            self.b
                .record(BuildError::Invalid("at most 15 application descriptors"));
            return self;
        }
        for (i, a) in apps.iter().enumerate() {
            let lanes_fit = |count: u8, mask: u8| {
                (1..=8).contains(&count)
                    && mask != 0
                    && (0..8u8).all(|l| mask & (1 << l) == 0 || l + count <= 8)
            };
            if !lanes_fit(a.host_lanes, a.host_assignment)
                || !lanes_fit(
                    a.media_lanes,
                    if self.flat { 1 } else { a.media_assignment },
                )
            {
                self.b.record(BuildError::Invalid(
                    "application lane counts do not fit their lane assignment",
                ));
            }
            let bytes = [
                a.host_id,
                a.media_id,
                (a.host_lanes << 4) | (a.media_lanes & 0x0F),
                a.host_assignment,
            ];
            if i < 8 {
                self.b.set_bytes(LOWER, 86 + 4 * i, &bytes);
            } else if self.paged("descriptors 9-15 live on page 01h") {
                self.b.set_bytes(P01, 223 + 4 * (i - 8), &bytes);
            }
            if !self.flat {
                self.b.set_u8(P01, 176 + i, a.media_assignment);
            }
        }
        for slot in apps.len()..15 {
            if slot < 8 {
                self.b.set_u8(LOWER, 86 + 4 * slot, 0xFF);
            } else if !self.flat {
                self.b.set_u8(P01, 223 + 4 * (slot - 8), 0xFF);
            }
        }
        self
    }

    /// Page 01h:132, SMF reach: b7-6 multiplier (0.1, 1, 10 km), b5-0 base.
    pub fn smf_length_km(&mut self, km: f64) -> &mut Self {
        if self.paged("smf length lives on page 01h") {
            match length_code(km, &[0.1, 1.0, 10.0]) {
                Some(v) => {
                    self.b.set_u8(P01, 132, v);
                }
                None => self.b.record(BuildError::ValueOutOfRange {
                    field: "smf length km",
                    value: km,
                    reason: "1-63 × 0.1/1/10 km",
                }),
            }
        }
        self
    }

    /// Page 01h:138-139 nominal wavelength (0.05 nm) and 140-141 tolerance (0.005 nm).
    pub fn wavelength_nm(&mut self, nominal: f64, tolerance: f64) -> &mut Self {
        if self.paged("wavelength lives on page 01h") {
            let n = round_u16("wavelength nm", nominal, nominal * 20.0);
            let t = round_u16("wavelength tolerance nm", tolerance, tolerance * 200.0);
            if let (Some(n), Some(t)) = (self.b.take(n), self.b.take(t)) {
                self.b.set_u16(P01, 138, n).set_u16(P01, 140, t);
            }
        }
        self
    }

    /// Page 01h:142 optional pages (all but VDM, b6, which [`vdm`](Self::vdm) sets).
    pub fn supported_pages(&mut self, p: SupportedPages) -> &mut Self {
        if self.paged("supported pages live on page 01h") {
            let banks = match p.banks {
                0 | 1 => 0,
                2 => 1,
                4 => 2,
                _ => {
                    self.b
                        .record(BuildError::Invalid("banks must be 1, 2 or 4"));
                    0
                }
            };
            self.b
                .set_bit(P01, 142, 7, p.network_path)
                .set_bit(P01, 142, 5, p.diagnostics)
                .set_bit(P01, 142, 3, p.page_05)
                .set_bit(P01, 142, 2, p.page_03)
                .set_bits(P01, 142, 1, 0, banks);
        }
        self
    }

    /// Page 01h:144 (DPInit b3-0, DPDeinit b7-4), 167 (ModulePwrUp b3-0, ModulePwrDn b7-4),
    /// 168 (DPTxTurnOn b3-0, DPTxTurnOff b7-4), each as the code of its range (§4.1).
    pub fn durations(&mut self, d: &Durations) -> &mut Self {
        if self.paged("durations live on page 01h") {
            let pair = |lo: Duration, hi: Duration| (duration_code(hi) << 4) | duration_code(lo);
            self.b
                .set_u8(P01, 144, pair(d.dp_init, d.dp_deinit))
                .set_u8(P01, 167, pair(d.module_pwr_up, d.module_pwr_dn))
                .set_u8(P01, 168, pair(d.tx_turn_on, d.tx_turn_off));
        }
        self
    }

    /// Page 01h:145 b7, cooled transmitter (the Aux selector bits are set by [`aux`](Self::aux)).
    pub fn cooled(&mut self, cooled: bool) -> &mut Self {
        if self.paged("module characteristics live on page 01h") {
            self.b.set_bit(P01, 145, 7, cooled);
        }
        self
    }

    /// Page 01h:146-147, ModuleTempMax / ModuleTempMin (S8 °C), and 150, minimum operating
    /// voltage in 20 mV.
    pub fn operating_range(&mut self, temp_max_c: i8, temp_min_c: i8, min_vcc_v: f64) -> &mut Self {
        if self.paged("operating range lives on page 01h") {
            let v = (min_vcc_v / 0.020).round();
            if (0.0..=255.0).contains(&v) {
                self.b
                    .set_bytes(P01, 146, &[temp_max_c as u8, temp_min_c as u8])
                    .set_u8(P01, 150, v as u8);
            } else {
                self.b.record(BuildError::ValueOutOfRange {
                    field: "minimum vcc V",
                    value: min_vcc_v,
                    reason: "0-5.1 V in 20 mV",
                });
            }
        }
        self
    }

    /// Page 01h:151 (b4 average Rx power, b3 Rx LOS on Pavg, ...), 155/156 controls advertised,
    /// 157/158 flags advertised.
    pub fn advertised(&mut self, byte151: u8, controls: [u8; 2], flags: [u8; 2]) -> &mut Self {
        if self.paged("advertising lives on page 01h") {
            self.b
                .set_u8(P01, 151, byte151)
                .set_bytes(P01, 155, &controls)
                .set_bytes(P01, 157, &flags);
        }
        self
    }

    /// Page 01h:159 module monitors (b0 temperature, b1 Vcc; Aux bits are set by
    /// [`aux`](Self::aux)) and 160 lane monitors (b0 bias, b1 Tx power, b2 Rx power) with the
    /// Tx bias multiplier (1, 2, 4) in b4-3; the multiplier scales bias DOM and thresholds.
    pub fn monitors(
        &mut self,
        temperature: bool,
        vcc: bool,
        lane_bits: u8,
        bias_multiplier: u8,
    ) -> &mut Self {
        if !self.paged("monitor advertising lives on page 01h") {
            return self;
        }
        let code = match bias_multiplier {
            1 => 0,
            2 => 1,
            4 => 2,
            _ => {
                self.b
                    .record(BuildError::Invalid("tx bias multiplier must be 1, 2 or 4"));
                return self;
            }
        };
        self.bias_multiplier = bias_multiplier;
        self.b
            .set_bit(P01, 159, 0, temperature)
            .set_bit(P01, 159, 1, vcc)
            .set_bits(P01, 160, 2, 0, lane_bits & 0x07)
            .set_bits(P01, 160, 4, 3, code);
        self
    }

    /// Lower 14-17: module temperature and Vcc.
    pub fn module_dom(&mut self, m: &ModuleDom) -> &mut Self {
        if let Some(v) = self.b.take(temperature_raw(m.temperature_c)) {
            self.b.set_i16(LOWER, 14, v);
        }
        if let Some(v) = self.b.take(vcc_raw(m.vcc_v)) {
            self.b.set_u16(LOWER, 16, v);
        }
        self
    }

    fn aux_raw(kind: AuxKind, value: f64) -> Result<i16, BuildError> {
        match kind {
            AuxKind::LaserTemperature => temperature_raw(value),
            AuxKind::TecCurrent => tec_percent_raw(value),
        }
    }

    /// Auxiliary monitor `n` (1-3): live value at lower 18 + 2(n − 1), thresholds at Page 02h
    /// 144 + 8(n − 1), its selector bit in 01h:145 and its supported bit (b2 + n − 1) in 01h:159.
    /// Values in °C (laser temperature) or % (TEC current).
    pub fn aux(&mut self, n: u8, kind: AuxKind, value: f64, t: &Thresholds) -> &mut Self {
        // 145: Aux1 b0 (0 custom, 1 TEC), Aux2 b1 (0 laser temp, 1 TEC), Aux3 b2 (0 laser temp, 1 Vcc2).
        let select = match (n, kind) {
            (1, AuxKind::TecCurrent) => Some(true),
            (2, AuxKind::LaserTemperature) | (3, AuxKind::LaserTemperature) => Some(false),
            (2, AuxKind::TecCurrent) => Some(true),
            _ => None,
        };
        let Some(select) = select else {
            self.b
                .record(BuildError::Invalid("this aux monitor cannot measure that"));
            return self;
        };
        if !self.paged("aux monitors are advertised on page 01h") {
            return self;
        }
        let i = usize::from(n - 1);
        self.b
            .set_bit(P01, 145, n - 1, select)
            .set_bit(P01, 159, n + 1, true);
        if let Some(v) = self.b.take(Self::aux_raw(kind, value)) {
            self.b.set_i16(LOWER, 18 + 2 * i, v);
        }
        for (k, v) in t.memory_order().into_iter().enumerate() {
            if let Some(raw) = self.b.take(Self::aux_raw(kind, v)) {
                self.b.set_i16(P02, 144 + 8 * i + 2 * k, raw);
            }
        }
        self
    }

    /// Page 02h thresholds (§5): temperature 128, Vcc 136, Tx power 176, Tx bias 184 (in units of
    /// 2 µA × the multiplier set by [`monitors`](Self::monitors)), Rx power 192.
    pub fn thresholds(&mut self, t: &MonitorThresholds) -> &mut Self {
        if !self.paged("thresholds live on page 02h") {
            return self;
        }
        let mult = self.bias_multiplier;
        for (k, v) in t.temperature_c.memory_order().into_iter().enumerate() {
            if let Some(raw) = self.b.take(temperature_raw(v)) {
                self.b.set_i16(P02, 128 + 2 * k, raw);
            }
        }
        let blocks: [(usize, &Thresholds, &U16Encoder); 4] = [
            (136, &t.vcc_v, &vcc_raw),
            (176, &t.tx_power_mw, &power_raw),
            (184, &t.tx_bias_ma, &|ma| bias_raw(ma, mult)),
            (192, &t.rx_power_mw, &power_raw),
        ];
        for (first, set, enc) in blocks {
            for (k, v) in set.memory_order().into_iter().enumerate() {
                if let Some(raw) = self.b.take(enc(v)) {
                    self.b.set_u16(P02, first + 2 * k, raw);
                }
            }
        }
        self
    }

    /// Page 11h of `bank`: Tx power 154.., Tx bias 170.. (× multiplier), Rx power 186.. for
    /// lanes 1-8 of the bank (fewer entries leave the other lanes at 0).
    pub fn lane_dom(&mut self, bank: u8, lanes: &[LaneDom]) -> &mut Self {
        if lanes.len() > 8 {
            self.b.record(BuildError::Invalid("a bank has 8 lanes"));
            return self;
        }
        if !self.paged("lane monitors live on page 11h") {
            return self;
        }
        let mult = self.bias_multiplier;
        for (i, l) in lanes.iter().enumerate() {
            for (first, r) in [
                (154, power_raw(l.tx_power_mw)),
                (170, bias_raw(l.tx_bias_ma, mult)),
                (186, power_raw(l.rx_power_mw)),
            ] {
                if let Some(v) = self.b.take(r) {
                    self.b.set_u16(p11(bank), first + 2 * i, v);
                }
            }
        }
        self
    }

    /// Shows `paths` as provisioned and running in `bank`: staged DPConfig (10h:145-152) and
    /// active DPConfig (11h:206-213) = AppSel << 4 | (first lane − 1) << 1; DP state (11h:128-131)
    /// DPActivated (4) on used lanes, DPDeactivated (1) elsewhere; config status (11h:202-205)
    /// ConfigSuccess (1) on used lanes; Rx output status (11h:132) on the used host lanes and Tx
    /// output status (11h:133) on the used media lanes.
    pub fn activate(&mut self, bank: u8, paths: &[DataPath]) -> &mut Self {
        if !self.paged("data paths live on pages 10h/11h") {
            return self;
        }
        let (c10, c11) = (p10(bank), p11(bank));
        self.b.page(c10).page(c11);
        let mut used = 0u8;
        let mut media = 0u8;
        for dp in paths {
            let first = usize::from(dp.first_lane);
            let ok = (1..=15).contains(&dp.app_sel)
                && (1..=8).contains(&first)
                && dp.host_lanes >= 1
                && first + usize::from(dp.host_lanes) <= 9;
            if !ok {
                self.b.record(BuildError::Invalid(
                    "data path outside lanes 1-8 or bad AppSel",
                ));
                continue;
            }
            let config = (dp.app_sel << 4) | ((dp.first_lane - 1) << 1);
            for lane in first..first + usize::from(dp.host_lanes) {
                let bit = 1u8 << (lane - 1);
                if used & bit != 0 {
                    self.b
                        .record(BuildError::Invalid("two data paths share a lane"));
                }
                used |= bit;
                self.b
                    .set_u8(c10, 144 + lane, config)
                    .set_u8(c11, 205 + lane, config);
            }
            media |= dp.media_lanes;
        }
        for lane in 0..8usize {
            let on = used & (1 << lane) != 0;
            let (state, status) = if on { (4, 1) } else { (1, 0) };
            let (hi, lo) = if lane % 2 == 1 { (7, 4) } else { (3, 0) };
            self.b
                .set_bits(c11, 128 + lane / 2, hi, lo, state)
                .set_bits(c11, 202 + lane / 2, hi, lo, status);
        }
        self.b.set_u8(c11, 132, used).set_u8(c11, 133, media);
        self
    }

    /// VDM group 1 (§9): descriptors on page 20h (even byte: threshold set << 4 | lane − 1; odd
    /// byte: type), samples on 24h, threshold sets on 28h (8 bytes each: HA, LA, HW, LW), flags
    /// 2Ch and masks 2Dh present and clear, 2Fh:128 = 0 (one group); sets Page 01h:142 b6.
    pub fn vdm(&mut self, observables: &[VdmObservable], sets: &[VdmThresholds]) -> &mut Self {
        if !self.paged("vdm pages need paged memory") {
            return self;
        }
        if observables.len() > 64 || sets.len() > 16 {
            self.b.record(BuildError::Invalid(
                "vdm group 1 holds 64 observables and 16 threshold sets",
            ));
            return self;
        }
        for page in [0x20, 0x24, 0x28, 0x2C, 0x2D, 0x2F] {
            self.b.page(SegmentId::upper(page));
        }
        for (i, o) in observables.iter().enumerate() {
            if !(1..=16).contains(&o.lane) || o.threshold_set > 15 {
                self.b
                    .record(BuildError::Invalid("vdm lane 1-16 and threshold set 0-15"));
                continue;
            }
            self.b
                .set_u8(
                    SegmentId::upper(0x20),
                    128 + 2 * i,
                    (o.threshold_set << 4) | (o.lane - 1),
                )
                .set_u8(SegmentId::upper(0x20), 129 + 2 * i, o.type_id)
                .set_u16(SegmentId::upper(0x24), 128 + 2 * i, o.sample);
        }
        for (i, s) in sets.iter().enumerate() {
            let at = 128 + 8 * i;
            let p = SegmentId::upper(0x28);
            self.b
                .set_u16(p, at, s.high_alarm)
                .set_u16(p, at + 2, s.low_alarm)
                .set_u16(p, at + 4, s.high_warning)
                .set_u16(p, at + 6, s.low_warning);
        }
        self.b
            .set_u8(SegmentId::upper(0x2F), 128, 0)
            .set_bit(P01, 142, 6, true);
        self
    }

    /// Recomputes the checksums of pages 00h, 01h and 02h and returns the image. A flat module
    /// keeps only the lower memory and page 00h.
    pub fn finish(mut self) -> Result<ModuleImage, BuildError> {
        if self.flat {
            let mut img = self.b.image().clone();
            let extra: Vec<SegmentId> = img
                .segments()
                .map(|(id, _)| id)
                .filter(|id| *id != LOWER && *id != P00)
                .collect();
            for id in extra {
                img.remove(id);
            }
            let issues = self.b.issues().to_vec();
            let mut rebuilt = ImageBuilder::from_image(img);
            for e in issues {
                rebuilt.record(e);
            }
            self.b = rebuilt;
        }
        self.b.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(n: u64) -> Duration {
        Duration::from_millis(n)
    }

    #[test]
    fn duration_codes_follow_the_table() {
        assert_eq!(duration_code(Duration::from_micros(500)), 0);
        assert_eq!(duration_code(ms(1)), 1);
        assert_eq!(duration_code(ms(5)), 1);
        assert_eq!(duration_code(ms(6)), 2);
        assert_eq!(duration_code(ms(100)), 4);
        assert_eq!(duration_code(ms(500)), 5);
        assert_eq!(duration_code(ms(1000)), 6);
        assert_eq!(duration_code(ms(5000)), 7);
        assert_eq!(duration_code(ms(10_000)), 8);
        // up to 1 min -> 9
        assert_eq!(duration_code(ms(60_000)), 9);
        assert_eq!(duration_code(ms(180_000)), 10);
        assert_eq!(duration_code(ms(3_000_000)), 12);
        assert_eq!(duration_code(ms(3_000_001)), 13);
        assert_eq!(duration_bound(9), Some(ms(60_000)));
        assert_eq!(duration_bound(13), None);
    }

    #[test]
    fn revision_state_power_and_length() {
        let mut c = CmisBuilder::new(0x18, 5, 2);
        c.module_state(ModuleState::Ready)
            .power(6, 12.0)
            .cable_length_m(2.0);
        let b = c.raw();
        assert_eq!(b.get_u8(LOWER, 1), Some(0x52));
        // Ready = 3 -> 3 << 1 | 1 = 0x07
        assert_eq!(b.get_u8(LOWER, 3), Some(0x07));
        // class 6 -> b7-5 = 5 -> 0xA0; 12 W / 0.25 = 48
        assert_eq!(b.get_u8(P00, 200), Some(0xA0));
        assert_eq!(b.get_u8(P00, 201), Some(48));
        // 2 m = 2 × 1 m -> multiplier 1 (0x40) | 2
        assert_eq!(b.get_u8(P00, 202), Some(0x42));
        c.power(8, 20.1).cable_length_m(0.5);
        // 20.1 / 0.25 = 80.4 -> rounded up 81; 0.5 m = 5 × 0.1 m -> 0x05
        assert_eq!(c.raw().get_u8(P00, 201), Some(81));
        assert_eq!(c.raw().get_u8(P00, 202), Some(0x05));
    }

    #[test]
    fn applications_end_with_ff_and_lane_fit_is_checked() {
        let mut c = CmisBuilder::new(0x18, 5, 0);
        c.applications(&[AppDescriptor {
            host_id: 0x11,
            media_id: 0x1C,
            host_lanes: 8,
            media_lanes: 4,
            host_assignment: 0x01,
            media_assignment: 0x01,
        }]);
        assert_eq!(c.raw().get_u8(LOWER, 88), Some(0x84));
        assert_eq!(c.raw().get_u8(LOWER, 90), Some(0xFF));
        assert_eq!(c.raw().get_u8(LOWER, 114), Some(0xFF));
        assert_eq!(c.raw().get_u8(P01, 223), Some(0xFF));
        assert_eq!(c.raw().get_u8(P01, 176), Some(0x01));
        assert!(c.raw().issues().is_empty());
        // 8 host lanes cannot start on lane 5
        c.applications(&[AppDescriptor {
            host_id: 0x11,
            media_id: 0x1C,
            host_lanes: 8,
            media_lanes: 4,
            host_assignment: 0x11,
            media_assignment: 0x01,
        }]);
        assert_eq!(c.raw().issues().len(), 1);
    }

    #[test]
    fn activate_writes_config_state_and_status_nibbles() {
        let mut c = CmisBuilder::new(0x19, 5, 2);
        c.activate(
            0,
            &[
                DataPath {
                    app_sel: 1,
                    first_lane: 1,
                    host_lanes: 4,
                    media_lanes: 0x0F,
                },
                DataPath {
                    app_sel: 1,
                    first_lane: 5,
                    host_lanes: 2,
                    media_lanes: 0x30,
                },
            ],
        );
        let b = c.raw();
        // lanes 1-4: 1 << 4 | 0 = 0x10; lanes 5-6: 1 << 4 | 4 << 1 = 0x18
        assert_eq!(b.get_u8(p10(0), 145), Some(0x10));
        assert_eq!(b.get_u8(p10(0), 149), Some(0x18));
        assert_eq!(b.get_u8(p11(0), 211), Some(0x18));
        assert_eq!(b.get_u8(p10(0), 151), Some(0x00));
        // DP state: lanes 1-6 activated (4), 7-8 deactivated (1)
        assert_eq!(b.get_u8(p11(0), 128), Some(0x44));
        assert_eq!(b.get_u8(p11(0), 130), Some(0x44));
        assert_eq!(b.get_u8(p11(0), 131), Some(0x11));
        assert_eq!(b.get_u8(p11(0), 202), Some(0x11));
        assert_eq!(b.get_u8(p11(0), 205), Some(0x00));
        assert_eq!(b.get_u8(p11(0), 132), Some(0x3F));
        assert_eq!(b.get_u8(p11(0), 133), Some(0x3F));
        c.activate(
            0,
            &[DataPath {
                app_sel: 1,
                first_lane: 7,
                host_lanes: 4,
                media_lanes: 1,
            }],
        );
        assert_eq!(c.raw().issues().len(), 1);
    }

    #[test]
    fn bias_multiplier_scales_lane_bias() {
        let mut c = CmisBuilder::new(0x19, 5, 2);
        c.monitors(true, true, 0x07, 2).lane_dom(
            0,
            &[LaneDom {
                tx_bias_ma: 75.0,
                tx_power_mw: 1.0,
                rx_power_mw: 1.0,
            }],
        );
        // 160 = 0x07 | multiplier code 1 << 3 = 0x0F; 75 mA / 4 µA = 18750 = 0x493E
        assert_eq!(c.raw().get_u8(P01, 160), Some(0x0F));
        assert_eq!(c.raw().get_u8(p11(0), 170), Some(0x49));
        assert_eq!(c.raw().get_u8(p11(0), 171), Some(0x3E));
    }

    #[test]
    fn flat_modules_keep_only_page_00h() {
        let mut c = CmisBuilder::new(0x18, 5, 0);
        c.flat_memory();
        let img = c.finish().unwrap_or_default();
        assert_eq!(img.len(), 2);
        assert_eq!(img.lower().map(|l| l[2]), Some(0x80));
        let mut c = CmisBuilder::new(0x18, 5, 0);
        c.flat_memory().thresholds(&MonitorThresholds {
            temperature_c: Thresholds::ascending(0.0, 1.0, 2.0, 3.0),
            vcc_v: Thresholds::ascending(0.0, 1.0, 2.0, 3.0),
            tx_bias_ma: Thresholds::ascending(0.0, 1.0, 2.0, 3.0),
            tx_power_mw: Thresholds::ascending(0.0, 1.0, 2.0, 3.0),
            rx_power_mw: Thresholds::ascending(0.0, 1.0, 2.0, 3.0),
        });
        assert!(c.finish().is_err());
    }
}
