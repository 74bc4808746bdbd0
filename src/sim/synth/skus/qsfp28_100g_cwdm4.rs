//! 100G QSFP28 CWDM4: 4 CWDM lanes near 1310 nm, duplex LC, 2 km, power class 5 (SFF-8636).

use crate::sim::synth::build::sff8636::{P00, QsfpBuilder};
use crate::sim::synth::build::{BuildError, LaneDom, ModuleDom, MonitorThresholds, Thresholds};
use crate::sim::synth::skus::Sku;
use crate::sim::synth::skus::common::{TEMP_C, VCC_V, acme};

const PN: &str = "AC-Q28-100G-CWD4";

/// 100G CWDM4 QSFP28, 2 km SMF, class 5 (4.0 W) enabled by the host.
pub fn qsfp28_100g_cwdm4() -> Result<Sku, BuildError> {
    let mut q = QsfpBuilder::new(0x11, 0x08);
    q.identity(&acme(PN, "A2", "ACQ1CW424050903", "24050903"))
        .cdr(true, true)
        .power_class(5)
        .power_control(0x05)
        .connector(0x07)
        .ext_compliance(0x06)
        .encoding(0x05)
        .bit_rate_mbd(25_781)
        .device_tech(0x40)
        .wavelength_nm(1310.0)
        .wavelength_tolerance_nm(6.5)
        .max_case_temp_c(70)
        .options(0x00, 0x31, 0x1A)
        .diagnostic_type(0x3C)
        .thresholds(&MonitorThresholds {
            temperature_c: TEMP_C,
            vcc_v: VCC_V,
            tx_bias_ma: Thresholds::ascending(10.0, 20.0, 85.0, 95.0),
            tx_power_mw: Thresholds::dbm(-8.5, -6.5, 2.5, 4.5),
            rx_power_mw: Thresholds::dbm(-14.5, -11.5, 2.5, 3.5),
        })
        .dom(
            &ModuleDom {
                temperature_c: 44.0,
                vcc_v: 3.29,
            },
            &[
                LaneDom::dbm(48.5, 1.0, -0.3),
                LaneDom::dbm(50.1, 1.3, -0.1),
                LaneDom::dbm(47.2, 0.8, -0.6),
                LaneDom::dbm(49.4, 1.1, -0.2),
            ],
        );
    // Page 00h:142, SMF length in km: 2 km.
    q.raw().set_u8(P00, 142, 2);
    Ok(Sku {
        id: "qsfp28-100g-cwdm4",
        vendor: "ACME",
        pn: PN,
        description: "100G QSFP28 CWDM4, 4 × 25G CWDM 1271-1331 nm, duplex LC, 2 km SMF, power class 5 (4.0 W) (SFF-8636)".into(),
        source: "Built with QsfpBuilder from reference/sff-8636.md. Power: Page 00h:129 = 0xCD, i.e. b7-6 = 11 and b1-0 = 01 = power \
class 5 (4.0 W) plus Tx/Rx CDR present (b3, b2); classes 5-7 only draw their power once the host sets byte 93 b2, so the image is \
shown as a host runs it: lower byte 93 = 0x05 (Power_override b0 = 1 with Power_set b1 = 0 = high power, High_Power_Class_Enable \
b2 = 1), FB's preset for classes 5-7. Byte 131 = 0x80 with byte 192 = 0x06 (SFF-8024 Table 4-4: 100G CWDM4); connector 0x07 \
(LC); encoding 0x05 (64B/66B); rate 0xFF/103 (25.78 GBd per lane); SMF 2 km (142); device tech 0x40 (1310 nm DFB, uncooled: \
b7-4 = 4, b2 = 0); nominal 1310 nm (26200 × 0.05 nm) with tolerance 6.5 nm (1300 × 0.005 nm), the CWDM grid spacing; max case \
70 °C; byte 220 = 0x3C. Live DOM: 44.0 °C (warmer than the SR4 at 4 W), 3.29 V, per lane bias 47-50 mA, Tx +0.8..+1.3 dBm, Rx \
-0.6..-0.1 dBm (2 km at 0.35 dB/km plus two connectors, sim-model.md). Page 03h thresholds: -5/0/70/75 °C, 2.97/3.135/3.465/3.63 \
V, bias 10/20/85/95 mA, Tx -8.5/-6.5/+2.5/+4.5 dBm, Rx -14.5/-11.5/+2.5/+3.5 dBm (CWDM4 MSA Tx -6.5..+2.5 dBm per lane). \
finish() recomputed CC_BASE (191) and CC_EXT (223).".into(),
        image: q.finish()?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::synth::build::sff8636::{LOWER, P03};
    use crate::sim::synth::skus::testkit::{assert_checksums, assert_u16_block, b, built, u16_at};

    #[test]
    fn class_5_and_byte_93_and_compliance() {
        let img = built(qsfp28_100g_cwdm4());
        assert_checksums(&img);
        // class 5: b7-6 = 11, b1-0 = 01 -> 0xC1; | CDR 0x0C -> 0xCD
        assert_eq!(b(&img, P00, 129), 0xCD);
        // byte 93: override (b0) | classes 5-7 enabled (b2) = 0x05
        assert_eq!(b(&img, LOWER, 93), 0x05);
        assert_eq!((b(&img, P00, 131), b(&img, P00, 192)), (0x80, 0x06));
        assert_eq!(
            (b(&img, P00, 130), b(&img, P00, 142), b(&img, P00, 147)),
            (0x07, 2, 0x40)
        );
        // 1310 nm / 0.05 = 26200 = 0x6658; 6.5 nm / 0.005 = 1300 = 0x0514
        assert_eq!(u16_at(&img, P00, 186), 0x6658);
        assert_eq!(u16_at(&img, P00, 188), 0x0514);
        // ch1 bias 48.5 mA / 2 µA = 24250 = 0x5EBA; ch2 Tx +1.3 dBm = 1.348963 mW -> 13490 = 0x34B2
        assert_eq!(u16_at(&img, LOWER, 42), 0x5EBA);
        assert_eq!(u16_at(&img, LOWER, 52), 0x34B2);
        let lanes = |first: usize| [0, 2, 4, 6].map(|k| u16_at(&img, LOWER, first + k));
        assert_u16_block(&img, P03, 176, &lanes(34));
        assert_u16_block(&img, P03, 184, &lanes(42));
        assert_u16_block(&img, P03, 192, &lanes(50));
    }
}
