//! 25G SFP28 LR: 1310 nm DFB, LC duplex, 10 km, EXTERNALLY calibrated DDM (SFF-8472).

use crate::sim::synth::build::sff8472::{A0, Calibration, ExternalCalibration, Linear, SfpBuilder};
use crate::sim::synth::build::{BuildError, LaneDom, ModuleDom, MonitorThresholds, Thresholds};
use crate::sim::synth::skus::Sku;
use crate::sim::synth::skus::common::{TEMP_C, VCC_V, acme};

const PN: &str = "AC-SFP28-25G-LR";

/// The calibration constants written to A2h 56-91.
pub(crate) const CAL: ExternalCalibration = ExternalCalibration {
    // Rx: 1.5 + 0.92·x + 2.5e-6·x² − 1.0e-11·x³ + 2.0e-17·x⁴ (0.1 µW), increasing over 0-65535.
    rx_power: [1.5, 0.92, 2.5e-6, -1.0e-11, 2.0e-17],
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
};

/// 25GBASE-LR SFP28, 10 km SMF, external calibration.
pub fn sfp28_25g_lr() -> Result<Sku, BuildError> {
    let mut s = SfpBuilder::new(Calibration::External(CAL));
    s.identity(&acme(PN, "B", "ACS25LR24061807", "24061807"))
        .connector(0x07)
        .transceiver_codes([0; 8])
        .ext_compliance(0x03)
        .encoding(0x06)
        .bit_rate_mbd(25_781)
        .wavelength_nm(1310)
        .options(0x08, 0x1A)
        .max_power_w(1.5)
        .enhanced_options(0xF0)
        .compliance(0x08)
        .thresholds(&MonitorThresholds {
            temperature_c: TEMP_C,
            vcc_v: VCC_V,
            tx_bias_ma: Thresholds::ascending(10.0, 20.0, 80.0, 90.0),
            tx_power_mw: Thresholds::dbm(-9.0, -7.0, 2.0, 4.0),
            rx_power_mw: Thresholds::dbm(-16.0, -14.0, 2.0, 4.0),
        })
        .dom(
            &ModuleDom {
                temperature_c: 42.0,
                vcc_v: 3.29,
            },
            &LaneDom::dbm(42.0, -0.5, -1.8),
        )
        .status(0x00);
    // Link lengths: SMF 10 km (byte 14, km) = 100 × 100 m (byte 15).
    s.raw().set_u8(A0, 14, 10).set_u8(A0, 15, 100);
    Ok(Sku {
        id: "sfp28-25g-lr",
        vendor: "ACME",
        pn: PN,
        description: "25G SFP28 LR, 1310 nm DFB, LC duplex, 10 km SMF, externally calibrated DDM (SFF-8472)".into(),
        source: "Built with SfpBuilder from reference/sff-8472.md. A0h: identifier 0x03, connector 0x07 (LC), bytes 3-10 all zero and \
byte 36 = 0x03 (SFF-8024 Table 4-4: 25GBASE-LR); encoding 0x06 (64B/66B); byte 12 = 0xFF with byte 66 = 103 (25.78 GBd in 250 MBd, \
above the 25.4 GBd byte 12 can hold); SMF 10 km (byte 14 = 10, byte 15 = 100); 1310 nm at 60-61; options 64 = 0x0A (CDR present, power \
level 2 = 1.5 W), 65 = 0x1A; byte 92 = 0x58 (DDM, EXTERNALLY calibrated, average Rx power). A2h 56-91 hold the external calibration: \
Rx_PWR(4..0) = 2.0e-17, -1.0e-11, 2.5e-6, 0.92, 1.5 (binary32, a non-linear polynomial increasing over readings 0-65535), Tx_I \
slope 1.25 (0x0140) offset +100, Tx_PWR slope 0.75 (0x00C0) offset -25 (negative), T slope 1.0 offset -640 (-2.5 °C, negative), V \
slope 0.9375 (0x00F0) offset +150. Every threshold (A2h 0-39) and live reading (96-105) is the RAW value whose calibrated result is \
the physical value: 42.0 °C, 3.29 V, 42 mA, Tx -0.5 dBm, Rx -1.8 dBm (2 km spool 0.7 dB plus two connectors); thresholds \
-5/0/70/75 °C, 2.97/3.135/3.465/3.63 V, 10/20/80/90 mA, Tx -9/-7/+2/+4 dBm, Rx -16/-14/+2/+4 dBm. A decoder that ignores the \
calibration (or the polynomial, or the signed offsets — the defects listed in reference/README.md) gets visibly wrong numbers.".into(),
        image: s.finish()?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::synth::build::sff8472::A2;
    use crate::sim::synth::skus::testkit::{assert_checksums, b, built, i16_at, seg, u16_at};

    /// The calibration constants read back from the bytes, independently of the builder.
    fn constants(a2: &[u8; 128]) -> ([f64; 5], [(f64, f64); 4]) {
        let f = |at: usize| {
            f64::from(f32::from_be_bytes([
                a2[at],
                a2[at + 1],
                a2[at + 2],
                a2[at + 3],
            ]))
        };
        let lin = |at: usize| {
            let slope = f64::from(u16::from_be_bytes([a2[at], a2[at + 1]])) / 256.0;
            let offset = f64::from(i16::from_be_bytes([a2[at + 2], a2[at + 3]]));
            (slope, offset)
        };
        (
            [f(72), f(68), f(64), f(60), f(56)],
            [lin(76), lin(80), lin(84), lin(88)],
        )
    }

    #[test]
    fn constants_and_raw_readings_calibrate_to_the_physical_values() {
        let img = built(sfp28_25g_lr());
        assert_checksums(&img);
        assert_eq!(b(&img, A0, 36), 0x03);
        assert_eq!(b(&img, A0, 92), 0x58);
        assert_eq!((b(&img, A0, 12), b(&img, A0, 66)), (0xFF, 103));
        // 1310 nm = 0x051E
        assert_eq!(u16_at(&img, A0, 60), 0x051E);
        let a2 = seg(&img, A2);
        // Tx_PWR offset -25 = 0xFFE7, T offset -640 = 0xFD80
        assert_eq!(&a2[80..84], &[0x00, 0xC0, 0xFF, 0xE7]);
        assert_eq!(&a2[84..88], &[0x01, 0x00, 0xFD, 0x80]);
        let (rx, [txi, txp, t, v]) = constants(&a2);
        // Temperature raw: (42 × 256 + 640) / 1.0 = 11392 = 0x2C80
        assert_eq!(i16_at(&img, A2, 96), 0x2C80);
        // Vcc raw: (32900 − 150) / 0.9375 = 34933.3 -> 34933 = 0x8875
        assert_eq!(u16_at(&img, A2, 98), 0x8875);
        // Bias raw: (42 × 500 − 100) / 1.25 = 16720 = 0x4150
        assert_eq!(u16_at(&img, A2, 100), 0x4150);
        // Tx: -0.5 dBm = 8912.5 units; (8912.5 + 25) / 0.75 = 11916.7 -> 11917 = 0x2E8D
        assert_eq!(u16_at(&img, A2, 102), 0x2E8D);
        let cal = |(s, o): (f64, f64), x: f64| s * x + o;
        let poly = |x: f64| rx.iter().rev().fold(0.0, |acc, c| acc * x + c);
        // Calibrated live values land on the physical ones within one register step.
        assert!((cal(t, f64::from(i16_at(&img, A2, 96))) / 256.0 - 42.0).abs() < 1.0 / 256.0);
        assert!(
            (cal(v, f64::from(u16_at(&img, A2, 98))) / 10_000.0 - 3.29).abs()
                <= 0.9375 / 2.0 / 10_000.0
        );
        assert!((cal(txi, f64::from(u16_at(&img, A2, 100))) / 500.0 - 42.0).abs() < 1e-9);
        let tx_mw = cal(txp, f64::from(u16_at(&img, A2, 102))) / 10_000.0;
        assert!((tx_mw - 10f64.powf(-0.05)).abs() <= 0.75 / 2.0 / 10_000.0);
        let x = f64::from(u16_at(&img, A2, 104));
        let step = poly(x + 1.0) - poly(x);
        // -1.8 dBm = 0.660693 mW = 6606.93 units
        assert!((poly(x) - 6606.934).abs() <= step / 2.0 + 1e-6);
        // The raw Rx reading is not the calibrated value: the polynomial matters.
        assert!((x - 6606.934).abs() > 100.0);
        // Thresholds are raw too: temperature HA 75 °C -> (19200 + 640) = 19840 = 0x4D80,
        // LA -5 °C -> (-1280 + 640) = -640 = 0xFD80
        assert_eq!(i16_at(&img, A2, 0), 0x4D80);
        assert_eq!(i16_at(&img, A2, 2), -640);
        // Bias HA 90 mA -> (45000 − 100) / 1.25 = 35920 = 0x8C50
        assert_eq!(u16_at(&img, A2, 16), 0x8C50);
        // Rx thresholds calibrate to +4/-16/+2/-14 dBm within a step, in memory order HA, LA, HW, LW
        for (k, dbm) in [4.0, -16.0, 2.0, -14.0].into_iter().enumerate() {
            let x = f64::from(u16_at(&img, A2, 32 + 2 * k));
            let want = 10f64.powf(dbm / 10.0) * 10_000.0;
            assert!(
                (poly(x) - want).abs() <= (poly(x + 1.0) - poly(x)) / 2.0 + 1e-6,
                "{dbm} dBm"
            );
        }
    }
}
