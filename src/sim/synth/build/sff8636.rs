//! [`QsfpBuilder`]: SFF-8636 (QSFP+/QSFP28) memory by field — lower page, upper page 00h
//! (serial ID) and page 03h (thresholds) (reference/sff-8636.md §1-§3).

use crate::addr::SegmentId;
use crate::memmap::image::ModuleImage;
use crate::sim::synth::build::common::set_bit_rate_mbd;
use crate::sim::synth::build::convert::{bias_raw, power_raw, temperature_raw, vcc_raw};
use crate::sim::synth::build::{
    BuildError, Identity, ImageBuilder, LaneDom, ModuleDom, MonitorThresholds, Thresholds,
};

/// Lower page, bytes 0-127.
pub const LOWER: SegmentId = SegmentId::LOWER;
/// Upper page 00h (serial ID).
pub const P00: SegmentId = SegmentId::upper(0x00);
/// Upper page 03h (thresholds).
pub const P03: SegmentId = SegmentId::upper(0x03);

/// Builds an SFF-8636 image: lower page, page 00h and (when thresholds are written) page 03h.
#[derive(Debug, Clone)]
pub struct QsfpBuilder {
    b: ImageBuilder,
}

impl QsfpBuilder {
    /// A module with `identifier` (0x0C, 0x0D or 0x11) in bytes 0 and 128 and `revision` in byte 1
    /// (e.g. 0x08 = SFF-8636 2.8-2.10). Byte 2 = 0x02: paged memory (Flat_mem b2 = 0), IntL pin
    /// high (b1 = 1, no interrupt pending), data ready (Data_Not_Ready b0 = 0).
    pub fn new(identifier: u8, revision: u8) -> Self {
        let mut b = ImageBuilder::new();
        b.set_u8(LOWER, 0, identifier)
            .set_u8(LOWER, 1, revision)
            .set_u8(LOWER, 2, 0x02)
            .set_u8(P00, 128, identifier);
        QsfpBuilder { b }
    }

    /// The raw builder, for fields without a helper.
    pub fn raw(&mut self) -> &mut ImageBuilder {
        &mut self.b
    }

    /// Page 00h: vendor 148-163, OUI 165-167, PN 168-183, rev 184-185, SN 196-211, date 212-219.
    pub fn identity(&mut self, id: &Identity<'_>) -> &mut Self {
        self.b
            .set_ascii(P00, 148, 163, id.vendor)
            .set_bytes(P00, 165, &id.oui)
            .set_ascii(P00, 168, 183, id.pn)
            .set_ascii(P00, 184, 185, id.rev)
            .set_ascii(P00, 196, 211, id.sn)
            .set_ascii(P00, 212, 219, id.date_code);
        self
    }

    /// Page 00h:129 power class (§2 power class table): 1-4 in b7-6; 5-7 as b7-6 = 11 with
    /// b1-0 = 01/10/11; 8 sets b5 (and b7-6/b1-0 = 11/11, the highest legacy class). The CDR
    /// bits (b3, b2) and the CLEI bit (b4) are kept.
    pub fn power_class(&mut self, class: u8) -> &mut Self {
        let (hi, lo, b5) = match class {
            1..=4 => (class - 1, 0, false),
            5..=7 => (3, class - 4, false),
            8 => (3, 3, true),
            _ => {
                self.b.record(BuildError::ValueOutOfRange {
                    field: "sff-8636 power class",
                    value: f64::from(class),
                    reason: "classes 1-8",
                });
                return self;
            }
        };
        self.b
            .set_bits(P00, 129, 7, 6, hi)
            .set_bit(P00, 129, 5, b5)
            .set_bits(P00, 129, 1, 0, lo);
        self
    }

    /// Page 00h:129 b3 (Tx CDR present) and b2 (Rx CDR present).
    pub fn cdr(&mut self, tx: bool, rx: bool) -> &mut Self {
        self.b.set_bit(P00, 129, 3, tx).set_bit(P00, 129, 2, rx);
        self
    }

    /// Lower byte 93, power control: b0 Power_override, b1 Power_set (low power), b2 enable
    /// classes 5-7, b3 enable class 8. 0x05 = host runs the module at high power with classes
    /// 5-7 enabled (the FB preset).
    pub fn power_control(&mut self, byte: u8) -> &mut Self {
        self.b.set_u8(LOWER, 93, byte);
        self
    }

    /// Page 00h:130, SFF-8024 connector code.
    pub fn connector(&mut self, code: u8) -> &mut Self {
        self.b.set_u8(P00, 130, code);
        self
    }

    /// Page 00h:131, 10/40G Ethernet compliance bits.
    pub fn eth_compliance(&mut self, byte: u8) -> &mut Self {
        self.b.set_u8(P00, 131, byte);
        self
    }

    /// Page 00h:192, SFF-8024 Table 4-4 code, and 131 b7 ("extended, see byte 192").
    pub fn ext_compliance(&mut self, code: u8) -> &mut Self {
        self.b.set_u8(P00, 192, code).set_bit(P00, 131, 7, true);
        self
    }

    /// Page 00h:139, encoding (SFF-8636 column of SFF-8024 §3).
    pub fn encoding(&mut self, code: u8) -> &mut Self {
        self.b.set_u8(P00, 139, code);
        self
    }

    /// Nominal rate: 140 in 100 MBd; above 25.4 GBd 140 = 0xFF and 222 in 250 MBd (OOM).
    pub fn bit_rate_mbd(&mut self, mbd: u32) -> &mut Self {
        set_bit_rate_mbd(&mut self.b, P00, 140, 222, mbd);
        self
    }

    /// Page 00h:147, device technology: transmitter technology in b7-4, flags in b3-0.
    pub fn device_tech(&mut self, byte: u8) -> &mut Self {
        self.b.set_u8(P00, 147, byte);
        self
    }

    /// Page 00h:186-187, wavelength in 0.05 nm steps.
    pub fn wavelength_nm(&mut self, nm: f64) -> &mut Self {
        let r = crate::sim::synth::build::convert::round_u16("wavelength nm", nm, nm * 20.0);
        if let Some(v) = self.b.take(r) {
            self.b.set_u16(P00, 186, v);
        }
        self
    }

    /// Page 00h:188-189, wavelength tolerance in 0.005 nm steps (SFF-8636 rev 2.10; the scale is
    /// UNCONFIRMED in reference/sff-8636.md).
    pub fn wavelength_tolerance_nm(&mut self, nm: f64) -> &mut Self {
        let r =
            crate::sim::synth::build::convert::round_u16("wavelength tolerance nm", nm, nm * 200.0);
        if let Some(v) = self.b.take(r) {
            self.b.set_u16(P00, 188, v);
        }
        self
    }

    /// Page 00h:190, maximum case temperature, °C.
    pub fn max_case_temp_c(&mut self, c: u8) -> &mut Self {
        self.b.set_u8(P00, 190, c);
        self
    }

    /// Page 00h:193-195, options 1-3.
    pub fn options(&mut self, o1: u8, o2: u8, o3: u8) -> &mut Self {
        self.b.set_bytes(P00, 193, &[o1, o2, o3]);
        self
    }

    /// Page 00h:220, diagnostic monitoring type (b5 temperature, b4 Vcc, b3 average Rx power,
    /// b2 Tx power monitored).
    pub fn diagnostic_type(&mut self, byte: u8) -> &mut Self {
        self.b.set_u8(P00, 220, byte);
        self
    }

    /// Lower 22-57: temperature (22), Vcc (26), then per channel 1-4 Rx power (34..), Tx bias
    /// (42..), Tx power (50..).
    pub fn dom(&mut self, m: &ModuleDom, lanes: &[LaneDom; 4]) -> &mut Self {
        if let Some(v) = self.b.take(temperature_raw(m.temperature_c)) {
            self.b.set_i16(LOWER, 22, v);
        }
        if let Some(v) = self.b.take(vcc_raw(m.vcc_v)) {
            self.b.set_u16(LOWER, 26, v);
        }
        for (i, l) in lanes.iter().enumerate() {
            for (first, r) in [
                (34, power_raw(l.rx_power_mw)),
                (42, bias_raw(l.tx_bias_ma, 1)),
                (50, power_raw(l.tx_power_mw)),
            ] {
                if let Some(v) = self.b.take(r) {
                    self.b.set_u16(LOWER, first + 2 * i, v);
                }
            }
        }
        self
    }

    fn block_u16(&mut self, first: usize, t: &Thresholds, enc: fn(f64) -> Result<u16, BuildError>) {
        for (i, v) in t.memory_order().into_iter().enumerate() {
            if let Some(raw) = self.b.take(enc(v)) {
                self.b.set_u16(P03, first + 2 * i, raw);
            }
        }
    }

    /// Page 03h thresholds (§3): temperature 128, Vcc 144, Rx power 176, Tx bias 184, Tx power
    /// 192; each block high alarm, low alarm, high warning, low warning.
    pub fn thresholds(&mut self, t: &MonitorThresholds) -> &mut Self {
        for (i, v) in t.temperature_c.memory_order().into_iter().enumerate() {
            if let Some(raw) = self.b.take(temperature_raw(v)) {
                self.b.set_i16(P03, 128 + 2 * i, raw);
            }
        }
        self.block_u16(144, &t.vcc_v, vcc_raw);
        self.block_u16(176, &t.rx_power_mw, power_raw);
        self.block_u16(184, &t.tx_bias_ma, |ma| bias_raw(ma, 1));
        self.block_u16(192, &t.tx_power_mw, power_raw);
        self
    }

    /// Recomputes page 00h CC_BASE (191) and CC_EXT (223) and returns the image.
    pub fn finish(self) -> Result<ModuleImage, BuildError> {
        self.b.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn byte(s: &mut QsfpBuilder, seg: SegmentId, at: usize) -> Option<u8> {
        s.raw().get_u8(seg, at)
    }

    #[test]
    fn power_classes_follow_the_byte_129_table() {
        let mut s = QsfpBuilder::new(0x11, 0x08);
        s.cdr(true, true);
        // class 3: b7-6 = 10 -> 0x80, plus CDR b3|b2 = 0x0C
        s.power_class(3);
        assert_eq!(byte(&mut s, P00, 129), Some(0x8C));
        // class 5: b7-6 = 11, b1-0 = 01 -> 0xC1 | 0x0C
        s.power_class(5);
        assert_eq!(byte(&mut s, P00, 129), Some(0xCD));
        // class 8: b5 + 11/11 -> 0xE3 | 0x0C
        s.power_class(8);
        assert_eq!(byte(&mut s, P00, 129), Some(0xEF));
        s.power_class(1);
        assert_eq!(byte(&mut s, P00, 129), Some(0x0C));
        s.power_class(9);
        assert!(s.finish().is_err());
    }

    #[test]
    fn dom_lands_on_channel_offsets() {
        let mut s = QsfpBuilder::new(0x11, 0x08);
        let l = |i: f64| LaneDom {
            tx_bias_ma: 6.0 + i,
            tx_power_mw: 0.8,
            rx_power_mw: 0.5 + i / 10.0,
        };
        s.dom(
            &ModuleDom {
                temperature_c: 26.5,
                vcc_v: 3.3,
            },
            &[l(0.0), l(1.0), l(2.0), l(3.0)],
        );
        let img = s.finish().unwrap_or_default();
        let p = img.lower().copied().unwrap_or([0; 128]);
        assert_eq!(&p[22..24], &[0x1A, 0x80]);
        // 3.3 V = 33000 = 0x80E8
        assert_eq!(&p[26..28], &[0x80, 0xE8]);
        // ch4 Rx 0.8 mW = 8000 = 0x1F40 at 40; ch1 bias 6 mA = 3000 = 0x0BB8 at 42
        assert_eq!(&p[40..42], &[0x1F, 0x40]);
        assert_eq!(&p[42..44], &[0x0B, 0xB8]);
        // ch4 bias 9 mA = 4500 = 0x1194 at 48; ch1 Tx 0x1F40 at 50
        assert_eq!(&p[48..50], &[0x11, 0x94]);
        assert_eq!(&p[50..52], &[0x1F, 0x40]);
    }

    #[test]
    fn wavelength_and_rate_scales() {
        let mut s = QsfpBuilder::new(0x11, 0x08);
        // 850 nm / 0.05 = 17000 = 0x4268; 10 nm / 0.005 = 2000 = 0x07D0
        s.wavelength_nm(850.0)
            .wavelength_tolerance_nm(10.0)
            .bit_rate_mbd(25_781);
        assert_eq!(byte(&mut s, P00, 186), Some(0x42));
        assert_eq!(byte(&mut s, P00, 187), Some(0x68));
        assert_eq!(byte(&mut s, P00, 188), Some(0x07));
        assert_eq!(byte(&mut s, P00, 189), Some(0xD0));
        assert_eq!(byte(&mut s, P00, 140), Some(0xFF));
        assert_eq!(byte(&mut s, P00, 222), Some(103));
        s.ext_compliance(0x02);
        assert_eq!(byte(&mut s, P00, 131), Some(0x80));
    }
}
