//! [`SfpBuilder`]: SFF-8472 (SFP/SFP+/SFP28) memory by field — A0h serial ID, A2h thresholds,
//! calibration constants and live diagnostics (reference/sff-8472.md §1-§3).

use crate::addr::SegmentId;
use crate::memmap::image::ModuleImage;
use crate::sim::synth::build::common::set_bit_rate_mbd;
use crate::sim::synth::build::convert::{round_i16, round_u16};
use crate::sim::synth::build::{
    BuildError, Identity, ImageBuilder, LaneDom, ModuleDom, MonitorThresholds, Thresholds,
};

/// A0h (device 0x50), bytes 0-127.
pub const A0: SegmentId = SegmentId::LOWER;
/// A2h (device 0x51), bytes 0-127.
pub const A2: SegmentId = SegmentId::A2_LOWER;

/// One slope/offset pair of the external calibration (A2h 76-91): `y = slope · x + offset`, y in
/// the internally calibrated units. The slope is stored as unsigned 8.8 fixed point, so it is
/// used here as stored (rounded to 1/256); the offset is a signed 16-bit count of output units.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Linear {
    /// Slope, 0 < slope < 256, resolution 1/256.
    pub slope: f64,
    /// Offset in the output units (1/256 °C, 100 µV, 2 µA or 0.1 µW).
    pub offset: i16,
}

impl Linear {
    /// Slope 1.0 (0x0100), offset 0.
    pub const IDENTITY: Linear = Linear {
        slope: 1.0,
        offset: 0,
    };

    /// The slope register: round(slope × 256).
    pub fn slope_raw(&self) -> Result<u16, BuildError> {
        round_u16("calibration slope", self.slope, self.slope * 256.0)
    }

    /// The slope as a reader sees it after the 8.8 rounding.
    fn stored_slope(&self) -> f64 {
        f64::from(self.slope_raw().unwrap_or(0)) / 256.0
    }

    /// The calibrated value (output units) of raw reading `x`.
    pub fn apply(&self, x: f64) -> f64 {
        self.stored_slope() * x + f64::from(self.offset)
    }

    /// The raw reading (before rounding) whose calibrated value is `units`.
    fn invert(&self, field: &'static str, units: f64) -> Result<f64, BuildError> {
        let s = self.stored_slope();
        if s > 0.0 {
            Ok((units - f64::from(self.offset)) / s)
        } else {
            Err(BuildError::ValueOutOfRange {
                field,
                value: self.slope,
                reason: "a calibration slope must be at least 1/256",
            })
        }
    }
}

/// SFF-8472 external calibration constants (A2h 56-91, reference/sff-8472.md §3).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ExternalCalibration {
    /// Rx power polynomial `Rx_PWR(n)` for n = 0..4 (index n is the coefficient of x^n); the
    /// result is in 0.1 µW. Stored as IEEE-754 binary32.
    pub rx_power: [f32; 5],
    /// Tx bias (2 µA units).
    pub tx_bias: Linear,
    /// Tx power (0.1 µW units).
    pub tx_power: Linear,
    /// Temperature (1/256 °C units).
    pub temperature: Linear,
    /// Supply voltage (100 µV units).
    pub vcc: Linear,
}

impl ExternalCalibration {
    /// Slopes 1.0, offsets 0, Rx_PWR(1) = 1.0, other coefficients 0.
    pub const IDENTITY: ExternalCalibration = ExternalCalibration {
        rx_power: [0.0, 1.0, 0.0, 0.0, 0.0],
        tx_bias: Linear::IDENTITY,
        tx_power: Linear::IDENTITY,
        temperature: Linear::IDENTITY,
        vcc: Linear::IDENTITY,
    };

    /// Calibrated Rx power (0.1 µW units) of raw reading `x`:
    /// `Rx4·x⁴ + Rx3·x³ + Rx2·x² + Rx1·x + Rx0`.
    pub fn rx_power_units(&self, x: u16) -> f64 {
        let x = f64::from(x);
        self.rx_power
            .iter()
            .rev()
            .fold(0.0, |acc, c| acc * x + f64::from(*c))
    }

    /// The raw Rx reading whose calibrated value is closest to `units` (0.1 µW), found by
    /// bisection between readings 0 and 65535 (any crossing will do; the polynomial need not be
    /// monotonic).
    fn rx_raw_for(&self, units: f64) -> Option<u16> {
        let p = |x: u16| self.rx_power_units(x);
        let (mut lo, mut hi) = (0u16, u16::MAX);
        if !(p(lo) <= units && units <= p(hi)) {
            return None;
        }
        while hi - lo > 1 {
            let mid = lo + (hi - lo) / 2;
            if p(mid) <= units {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        Some(if units - p(lo) <= p(hi) - units {
            lo
        } else {
            hi
        })
    }
}

/// How the A2h readings are calibrated (A0h 92 bits 5/4).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Calibration {
    /// A2h values are final (92 bit 5).
    Internal,
    /// A2h values are raw; the host applies these constants (92 bit 4).
    External(ExternalCalibration),
}

/// Builds an SFF-8472 image: A0h (serial ID) and A2h (diagnostics). DOM values and thresholds
/// are given in physical units; with external calibration the builder writes the raw readings
/// whose calibrated result is the value asked for.
#[derive(Debug, Clone)]
pub struct SfpBuilder {
    b: ImageBuilder,
    cal: Calibration,
}

impl SfpBuilder {
    /// An SFP (identifier 0x03, extended identifier 0x04) with digital diagnostics reporting
    /// average Rx power: A0h 92 = DDM (b6) | average power (b3) | internal (b5) or external (b4)
    /// calibration. External constants are written to A2h 56-91 at once.
    pub fn new(cal: Calibration) -> Self {
        let mut b = ImageBuilder::new();
        // SFF-8024 identifier 0x03 = SFP; byte 1 0x04 = "defined by two-wire ID only".
        b.set_u8(A0, 0, 0x03).set_u8(A0, 1, 0x04).page(A2);
        let cal_bit = match cal {
            Calibration::Internal => 0x20,
            Calibration::External(_) => 0x10,
        };
        // A0h 92 (§1.2): b6 DDM implemented, b3 average Rx power, b5/b4 calibration.
        b.set_u8(A0, 92, 0x40 | 0x08 | cal_bit);
        let mut s = SfpBuilder { b, cal };
        if let Calibration::External(e) = cal {
            s.write_constants(&e);
        }
        s
    }

    fn write_constants(&mut self, e: &ExternalCalibration) {
        // A2h 56-75: Rx_PWR(4) first, down to Rx_PWR(0) at 72, binary32 each.
        for (n, c) in e.rx_power.iter().enumerate() {
            self.b.set_f32(A2, 72 - 4 * n, *c);
        }
        // A2h 76-91: slope (U16 8.8) then offset (S16) for Tx_I, Tx_PWR, T, V.
        for (at, lin) in [
            (76, e.tx_bias),
            (80, e.tx_power),
            (84, e.temperature),
            (88, e.vcc),
        ] {
            if let Some(slope) = self.b.take(lin.slope_raw()) {
                self.b.set_u16(A2, at, slope);
            }
            self.b.set_i16(A2, at + 2, lin.offset);
        }
    }

    /// The raw builder, for fields without a helper.
    pub fn raw(&mut self) -> &mut ImageBuilder {
        &mut self.b
    }

    /// Vendor name 20-35, OUI 37-39, PN 40-55, rev 56-59, SN 68-83, date code 84-91 (§1).
    pub fn identity(&mut self, id: &Identity<'_>) -> &mut Self {
        self.b
            .set_ascii(A0, 20, 35, id.vendor)
            .set_bytes(A0, 37, &id.oui)
            .set_ascii(A0, 40, 55, id.pn)
            .set_ascii(A0, 56, 59, id.rev)
            .set_ascii(A0, 68, 83, id.sn)
            .set_ascii(A0, 84, 91, id.date_code);
        self
    }

    /// Byte 2: SFF-8024 connector code.
    pub fn connector(&mut self, code: u8) -> &mut Self {
        self.b.set_u8(A0, 2, code);
        self
    }

    /// Bytes 3-10: transceiver compliance codes, as the eight bytes.
    pub fn transceiver_codes(&mut self, codes: [u8; 8]) -> &mut Self {
        self.b.set_bytes(A0, 3, &codes);
        self
    }

    /// Byte 11: encoding (SFF-8472 column of SFF-8024 §3).
    pub fn encoding(&mut self, code: u8) -> &mut Self {
        self.b.set_u8(A0, 11, code);
        self
    }

    /// Nominal signalling rate: byte 12 in 100 MBd; above 25.4 GBd byte 12 = 0xFF and byte 66
    /// holds the rate in 250 MBd (OOM).
    pub fn bit_rate_mbd(&mut self, mbd: u32) -> &mut Self {
        set_bit_rate_mbd(&mut self.b, A0, 12, 66, mbd);
        self
    }

    /// Byte 36: SFF-8024 Table 4-4 extended compliance code.
    pub fn ext_compliance(&mut self, code: u8) -> &mut Self {
        self.b.set_u8(A0, 36, code);
        self
    }

    /// Bytes 60-61: laser wavelength, nm (optical modules; cables use these bytes otherwise).
    pub fn wavelength_nm(&mut self, nm: u16) -> &mut Self {
        self.b.set_u16(A0, 60, nm);
        self
    }

    /// Bytes 64-65: options (§1.1). Call before [`max_power_w`](Self::max_power_w), which sets
    /// bits of byte 64.
    pub fn options(&mut self, byte64: u8, byte65: u8) -> &mut Self {
        self.b.set_u8(A0, 64, byte64).set_u8(A0, 65, byte65);
        self
    }

    /// Power level declaration (§4): up to 1.0 W neither bit, up to 1.5 W byte 64 bit 1, up to
    /// 2.0 W byte 64 bit 5 (as Linux reads it).
    pub fn max_power_w(&mut self, watts: f64) -> &mut Self {
        let (b5, b1) = if watts <= 1.0 {
            (false, false)
        } else if watts <= 1.5 {
            (false, true)
        } else if watts <= 2.0 {
            (true, false)
        } else {
            self.b.record(BuildError::ValueOutOfRange {
                field: "sfp max power W",
                value: watts,
                reason: "sff-8472 declares at most 2.0 W",
            });
            return self;
        };
        self.b.set_bit(A0, 64, 5, b5).set_bit(A0, 64, 1, b1);
        self
    }

    /// Byte 93: enhanced options (§1.3).
    pub fn enhanced_options(&mut self, byte: u8) -> &mut Self {
        self.b.set_u8(A0, 93, byte);
        self
    }

    /// Byte 94: SFF-8472 compliance revision code.
    pub fn compliance(&mut self, code: u8) -> &mut Self {
        self.b.set_u8(A0, 94, code);
        self
    }

    fn linear_input(
        &self,
        pick: fn(&ExternalCalibration) -> Linear,
        field: &'static str,
        units: f64,
    ) -> Result<f64, BuildError> {
        match &self.cal {
            Calibration::Internal => Ok(units),
            Calibration::External(e) => pick(e).invert(field, units),
        }
    }

    /// Raw temperature register for `c` °C.
    pub fn temperature_raw(&self, c: f64) -> Result<i16, BuildError> {
        let f = "temperature °C";
        round_i16(f, c, self.linear_input(|e| e.temperature, f, c * 256.0)?)
    }

    /// Raw Vcc register for `v` volts.
    pub fn vcc_raw(&self, v: f64) -> Result<u16, BuildError> {
        let f = "supply voltage V";
        round_u16(f, v, self.linear_input(|e| e.vcc, f, v * 10_000.0)?)
    }

    /// Raw Tx bias register for `ma` milliamps.
    pub fn tx_bias_raw(&self, ma: f64) -> Result<u16, BuildError> {
        let f = "tx bias mA";
        round_u16(f, ma, self.linear_input(|e| e.tx_bias, f, ma * 500.0)?)
    }

    /// Raw Tx power register for `mw` milliwatts.
    pub fn tx_power_raw(&self, mw: f64) -> Result<u16, BuildError> {
        let f = "tx power mW";
        round_u16(f, mw, self.linear_input(|e| e.tx_power, f, mw * 10_000.0)?)
    }

    /// Raw Rx power register for `mw` milliwatts (inverting the polynomial when external).
    pub fn rx_power_raw(&self, mw: f64) -> Result<u16, BuildError> {
        let f = "rx power mW";
        match &self.cal {
            Calibration::Internal => round_u16(f, mw, mw * 10_000.0),
            Calibration::External(e) => {
                e.rx_raw_for(mw * 10_000.0)
                    .ok_or(BuildError::ValueOutOfRange {
                        field: f,
                        value: mw,
                        reason: "outside the rx polynomial's range over readings 0-65535",
                    })
            }
        }
    }

    fn block<T: Copy>(
        &mut self,
        first: usize,
        t: &Thresholds,
        enc: impl Fn(&Self, f64) -> Result<T, BuildError>,
        put: fn(&mut ImageBuilder, usize, T),
    ) {
        for (i, v) in t.memory_order().into_iter().enumerate() {
            let r = enc(self, v);
            if let Some(raw) = self.b.take(r) {
                put(&mut self.b, first + 2 * i, raw);
            }
        }
    }

    /// A2h 0-39: thresholds (§2), each block high alarm, low alarm, high warning, low warning,
    /// converted like the live readings (through the external calibration when it applies).
    pub fn thresholds(&mut self, t: &MonitorThresholds) -> &mut Self {
        let put_i = |b: &mut ImageBuilder, at, v| {
            b.set_i16(A2, at, v);
        };
        let put_u = |b: &mut ImageBuilder, at, v| {
            b.set_u16(A2, at, v);
        };
        self.block(0, &t.temperature_c, Self::temperature_raw, put_i);
        self.block(8, &t.vcc_v, Self::vcc_raw, put_u);
        self.block(16, &t.tx_bias_ma, Self::tx_bias_raw, put_u);
        self.block(24, &t.tx_power_mw, Self::tx_power_raw, put_u);
        self.block(32, &t.rx_power_mw, Self::rx_power_raw, put_u);
        self
    }

    /// A2h 96-105: live temperature, Vcc, Tx bias, Tx power, Rx power.
    pub fn dom(&mut self, m: &ModuleDom, lane: &LaneDom) -> &mut Self {
        if let Some(v) = self.b.take(self.temperature_raw(m.temperature_c)) {
            self.b.set_i16(A2, 96, v);
        }
        for (at, r) in [
            (98, self.vcc_raw(m.vcc_v)),
            (100, self.tx_bias_raw(lane.tx_bias_ma)),
            (102, self.tx_power_raw(lane.tx_power_mw)),
            (104, self.rx_power_raw(lane.rx_power_mw)),
        ] {
            if let Some(v) = self.b.take(r) {
                self.b.set_u16(A2, at, v);
            }
        }
        self
    }

    /// A2h 110: status/control (§2.1); 0x00 = Tx enabled, no fault, no LOS, data ready.
    pub fn status(&mut self, byte: u8) -> &mut Self {
        self.b.set_u8(A2, 110, byte);
        self
    }

    /// Recomputes CC_BASE (A0h 63), CC_EXT (A0h 95) and CC_DMI (A2h 95) and returns the image.
    pub fn finish(self) -> Result<ModuleImage, BuildError> {
        self.b.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn a(img: &ModuleImage, seg: SegmentId, first: usize, len: usize) -> Vec<u8> {
        img.get(seg)
            .map(|p| p[first..first + len].to_vec())
            .unwrap_or_default()
    }

    fn ext() -> ExternalCalibration {
        ExternalCalibration {
            rx_power: [1.5, 0.92, 2.5e-6, -1.0e-11, 0.0],
            tx_bias: Linear {
                slope: 1.25,
                offset: 100,
            },
            tx_power: Linear {
                slope: 0.75,
                offset: -25,
            },
            temperature: Linear {
                slope: 1.0,
                offset: -640,
            },
            vcc: Linear {
                slope: 0.9375,
                offset: 150,
            },
        }
    }

    #[test]
    fn internal_calibration_writes_plain_units() {
        let mut s = SfpBuilder::new(Calibration::Internal);
        s.dom(
            &ModuleDom {
                temperature_c: 26.5,
                vcc_v: 3.33,
            },
            &LaneDom {
                tx_bias_ma: 10.0,
                tx_power_mw: 0.8,
                rx_power_mw: 0.8,
            },
        );
        let img = s.finish().unwrap_or_default();
        // SFF-8472 §3 worked example: 0x1A80, 0x8214, 0x1388, 0x1F40
        assert_eq!(
            a(&img, A2, 96, 10),
            [0x1A, 0x80, 0x82, 0x14, 0x13, 0x88, 0x1F, 0x40, 0x1F, 0x40]
        );
        // 92 = 0x40 DDM | 0x20 internal | 0x08 average
        assert_eq!(a(&img, A0, 92, 1), [0x68]);
        // constants untouched (zero) for internal calibration
        assert_eq!(a(&img, A2, 56, 36), vec![0u8; 36]);
    }

    #[test]
    fn external_constants_are_at_their_offsets() {
        let img = SfpBuilder::new(Calibration::External(ext()))
            .finish()
            .unwrap_or_default();
        // 92 = 0x40 | 0x10 external | 0x08
        assert_eq!(a(&img, A0, 92, 1), [0x58]);
        // Rx_PWR(4) = 0.0 at 56, Rx_PWR(1) = 0.92f32 = 0x3F6B851F at 68, Rx_PWR(0) = 1.5 = 0x3FC00000 at 72
        assert_eq!(a(&img, A2, 56, 4), [0, 0, 0, 0]);
        assert_eq!(a(&img, A2, 68, 4), [0x3F, 0x6B, 0x85, 0x1F]);
        assert_eq!(a(&img, A2, 72, 4), [0x3F, 0xC0, 0x00, 0x00]);
        // Tx_I: 1.25 × 256 = 320 = 0x0140, offset 100 = 0x0064
        assert_eq!(a(&img, A2, 76, 4), [0x01, 0x40, 0x00, 0x64]);
        // Tx_PWR: 0.75 × 256 = 192 = 0x00C0, offset -25 = 0xFFE7
        assert_eq!(a(&img, A2, 80, 4), [0x00, 0xC0, 0xFF, 0xE7]);
        // T: 0x0100, -640 = 0xFD80
        assert_eq!(a(&img, A2, 84, 4), [0x01, 0x00, 0xFD, 0x80]);
        // V: 0.9375 × 256 = 240 = 0x00F0, 150 = 0x0096
        assert_eq!(a(&img, A2, 88, 4), [0x00, 0xF0, 0x00, 0x96]);
    }

    #[test]
    fn external_raw_values_calibrate_back_within_one_step() {
        let e = ext();
        let s = SfpBuilder::new(Calibration::External(e));
        // 42 °C = 10752 units; (10752 + 640) / 1.0 = 11392
        assert_eq!(s.temperature_raw(42.0), Ok(11392));
        // -13 °C = -3328 units; -3328 + 640 = -2688
        assert_eq!(s.temperature_raw(-13.0), Ok(-2688));
        // 42 mA = 21000 units; (21000 - 100) / 1.25 = 16720
        assert_eq!(s.tx_bias_raw(42.0), Ok(16720));
        // 3.29 V = 32900 units; (32900 - 150) / 0.9375 = 34933.33 -> 34933
        assert_eq!(s.vcc_raw(3.29), Ok(34933));
        // 0.5 mW = 5000 units; (5000 + 25) / 0.75 = 6700
        assert_eq!(s.tx_power_raw(0.5), Ok(6700));
        for mw in [0.0251, 0.1, 0.5248, 1.0, 2.5119] {
            let x = s.rx_power_raw(mw).unwrap_or(0);
            let got = e.rx_power_units(x);
            let step =
                e.rx_power_units(x.saturating_add(1)) - e.rx_power_units(x.saturating_sub(1));
            assert!(
                (got - mw * 10_000.0).abs() <= step / 2.0 + 1e-9,
                "{mw} mW: x {x} -> {got}"
            );
        }
        // 0 mW is below Rx_PWR(0) = 1.5 units: not reachable
        assert!(s.rx_power_raw(0.0).is_err());
    }

    #[test]
    fn bit_rate_switches_to_byte_66_above_25_4_gbd() {
        let mut s = SfpBuilder::new(Calibration::Internal);
        s.bit_rate_mbd(10_300);
        assert_eq!(s.raw().get_u8(A0, 12), Some(103));
        s.bit_rate_mbd(25_781);
        // 25781 / 250 = 103.1 -> 103
        assert_eq!(s.raw().get_u8(A0, 12), Some(0xFF));
        assert_eq!(s.raw().get_u8(A0, 66), Some(103));
    }

    #[test]
    fn power_levels_set_byte_64_bits() {
        let mut s = SfpBuilder::new(Calibration::Internal);
        s.options(0x08, 0x1A).max_power_w(1.5);
        assert_eq!(s.raw().get_u8(A0, 64), Some(0x0A));
        s.max_power_w(2.0);
        assert_eq!(s.raw().get_u8(A0, 64), Some(0x28));
        s.max_power_w(0.8);
        assert_eq!(s.raw().get_u8(A0, 64), Some(0x08));
        s.max_power_w(3.0);
        assert!(s.finish().is_err());
    }
}
