//! 100G QSFP28 SR4: 4 × 25G 850 nm VCSELs, MPO-12, power class 3 (SFF-8636).

use crate::sim::synth::build::sff8636::{LOWER, P00, QsfpBuilder};
use crate::sim::synth::build::{BuildError, LaneDom, ModuleDom, MonitorThresholds, Thresholds};
use crate::sim::synth::skus::Sku;
use crate::sim::synth::skus::common::{TEMP_C, VCC_V, acme};

const PN: &str = "AC-Q28-100G-SR4";

/// 100GBASE-SR4 QSFP28, 70 m OM3 / 100 m OM4.
pub fn qsfp28_100g_sr4() -> Result<Sku, BuildError> {
    let mut q = QsfpBuilder::new(0x11, 0x08);
    q.identity(&acme(PN, "A1", "ACQ1SR424021512", "24021512"))
        .power_class(3)
        .cdr(true, true)
        .power_control(0x00)
        .connector(0x0C)
        .ext_compliance(0x02)
        .encoding(0x05)
        .bit_rate_mbd(25_781)
        .device_tech(0x00)
        .wavelength_nm(850.0)
        .wavelength_tolerance_nm(10.0)
        .max_case_temp_c(70)
        .options(0x00, 0x31, 0x1A)
        .diagnostic_type(0x3C)
        .thresholds(&MonitorThresholds {
            temperature_c: TEMP_C,
            vcc_v: VCC_V,
            tx_bias_ma: Thresholds::ascending(2.0, 3.0, 12.0, 14.0),
            tx_power_mw: Thresholds::dbm(-10.4, -8.4, 2.4, 3.5),
            rx_power_mw: Thresholds::dbm(-13.3, -10.3, 2.4, 3.4),
        })
        .dom(
            &ModuleDom {
                temperature_c: 38.0,
                vcc_v: 3.30,
            },
            &[
                LaneDom::dbm(7.5, -0.6, -1.3),
                LaneDom::dbm(7.7, -0.4, -1.1),
                LaneDom::dbm(7.4, -0.7, -1.4),
                LaneDom::dbm(7.6, -0.5, -1.2),
            ],
        );
    // Page 00h:143 OM3 length in 2 m: 70 m -> 35. (OM4 at 146 left 0: its unit is disputed, see source.)
    q.raw().set_u8(P00, 143, 35).set_u8(LOWER, 127, 0x00);
    Ok(Sku {
        id: "qsfp28-100g-sr4",
        vendor: "ACME",
        pn: PN,
        description: "100G QSFP28 SR4, 4 × 25G 850 nm VCSEL, MPO-12, 70 m OM3, power class 3 (2.5 W) (SFF-8636)".into(),
        source: "Built with QsfpBuilder from reference/sff-8636.md. Lower page: identifier 0x11 (QSFP28), revision 0x08 (SFF-8636 \
2.8-2.10), byte 2 = 0x02 (paged, IntL high, data ready), byte 93 = 0x00 (LPMode pin governs; class 3 needs no enable); live DOM \
38.0 °C, 3.30 V and per channel bias 7.4-7.7 mA, Tx -0.7..-0.4 dBm, Rx -1.4..-1.1 dBm (short MMF loopback, two connectors) at \
22-57. Page 00h: byte 129 = 0x8C (power class 3 = 2.5 W in b7-6 = 10, Tx and Rx CDR present); class 4 (3.5 W) would overstate an \
SR4, which draws about 2.5 W at most. Connector 0x0C (MPO 1x12); byte 131 = 0x80 (extended) with byte 192 = 0x02 (100GBASE-SR4); \
encoding 0x05 (64B/66B, SFF-8636 column); byte 140 = 0xFF and 222 = 103 (25.78 GBd per lane in 250 MBd); OM3 length 35 (70 m in \
2 m units); OM4 (146) left 0 because its unit (1 m per FB vs 2 m in SFF-8636 2.10) is unconfirmed in the reference; device tech \
0x00 (850 nm VCSEL, uncooled); wavelength 850 nm = 17000 × 0.05 nm, tolerance 10 nm = 2000 × 0.005 nm; max case 70 °C; options \
0x00/0x31/0x1A; byte 220 = 0x3C (temperature, Vcc, average Rx power, Tx power monitored). Page 03h: thresholds -5/0/70/75 °C, \
2.97/3.135/3.465/3.63 V, bias 2/3/12/14 mA, Tx -10.4/-8.4/+2.4/+3.5 dBm, Rx -13.3/-10.3/+2.4/+3.4 dBm (IEEE 802.3bm SR4 Tx range \
-8.4..+2.4 dBm). finish() recomputed CC_BASE (191) and CC_EXT (223).".into(),
        image: q.finish()?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::synth::build::sff8636::P03;
    use crate::sim::synth::skus::testkit::{
        assert_checksums, assert_i16_block, assert_u16_block, b, built, i16_at, text, u16_at,
    };

    #[test]
    fn key_bytes_are_at_their_spec_offsets() {
        let img = built(qsfp28_100g_sr4());
        assert_checksums(&img);
        assert_eq!(
            [b(&img, LOWER, 0), b(&img, LOWER, 1), b(&img, LOWER, 2)],
            [0x11, 0x08, 0x02]
        );
        assert_eq!(b(&img, P00, 128), 0x11);
        // class 3 (b7-6 = 10) | Tx CDR (b3) | Rx CDR (b2) = 0x8C
        assert_eq!(b(&img, P00, 129), 0x8C);
        assert_eq!(
            (b(&img, P00, 130), b(&img, P00, 131), b(&img, P00, 192)),
            (0x0C, 0x80, 0x02)
        );
        assert_eq!(text(&img, P00, 168, 183), "AC-Q28-100G-SR4 ");
        // 850 nm / 0.05 nm = 17000 = 0x4268
        assert_eq!(u16_at(&img, P00, 186), 0x4268);
        // 38 °C × 256 = 9728 = 0x2600; 3.3 V = 33000 = 0x80E8
        assert_eq!(i16_at(&img, LOWER, 22), 0x2600);
        assert_eq!(u16_at(&img, LOWER, 26), 0x80E8);
        // ch1 Rx -1.3 dBm = 0.741310 mW -> 7413 = 0x1CF5 at 34
        assert_eq!(u16_at(&img, LOWER, 34), 0x1CF5);
        // ch2 bias 7.7 mA / 2 µA = 3850 = 0x0F0A at 44
        assert_eq!(u16_at(&img, LOWER, 44), 0x0F0A);
        // ch4 Tx -0.5 dBm = 0.891251 mW -> 8913 = 0x22D1 at 56
        assert_eq!(u16_at(&img, LOWER, 56), 0x22D1);
        let lanes = |first: usize| [0, 2, 4, 6].map(|k| u16_at(&img, LOWER, first + k));
        assert_i16_block(&img, P03, 128, &[0x2600]);
        assert_u16_block(&img, P03, 144, &[0x80E8]);
        assert_u16_block(&img, P03, 176, &lanes(34));
        assert_u16_block(&img, P03, 184, &lanes(42));
        assert_u16_block(&img, P03, 192, &lanes(50));
        // Tx HA +3.5 dBm = 2.238721 mW -> 22387 = 0x5773 at page 03h 192
        assert_eq!(u16_at(&img, P03, 192), 0x5773);
    }
}
