//! 10G SFP+ SR: 850 nm VCSEL, LC duplex, internally calibrated DDM (SFF-8472).

use crate::sim::synth::build::sff8472::{A0, A2, Calibration, SfpBuilder};
use crate::sim::synth::build::{BuildError, LaneDom, ModuleDom, MonitorThresholds, Thresholds};
use crate::sim::synth::skus::Sku;
use crate::sim::synth::skus::common::{TEMP_C, VCC_V, acme};

const PN: &str = "AC-SFP-10G-SR";

/// 10GBASE-SR SFP+, 300 m OM3, internal calibration.
pub fn sfp_10g_sr() -> Result<Sku, BuildError> {
    let mut s = SfpBuilder::new(Calibration::Internal);
    s.identity(&acme(PN, "A", "ACS10SR24031101", "24031101"))
        .connector(0x07)
        .transceiver_codes([0x10, 0, 0, 0, 0, 0, 0, 0])
        .encoding(0x06)
        .bit_rate_mbd(10_300)
        .wavelength_nm(850)
        .options(0x00, 0x1A)
        .max_power_w(1.0)
        .enhanced_options(0xF0)
        .compliance(0x08)
        .thresholds(&MonitorThresholds {
            temperature_c: TEMP_C,
            vcc_v: VCC_V,
            tx_bias_ma: Thresholds::ascending(2.0, 3.0, 12.0, 15.0),
            tx_power_mw: Thresholds::dbm(-9.3, -7.3, -1.0, 0.0),
            rx_power_mw: Thresholds::dbm(-13.9, -11.9, 0.0, 2.0),
        })
        .dom(
            &ModuleDom {
                temperature_c: 36.5,
                vcc_v: 3.31,
            },
            &LaneDom::dbm(7.0, -2.5, -3.2),
        )
        .status(0x00);
    // Link lengths (A0h 16-19): OM2 82 m / 10 m = 8, OM1 33 m -> 3, OM4 400 m -> 40, OM3 300 m -> 30.
    s.raw()
        .set_u8(A0, 16, 8)
        .set_u8(A0, 17, 3)
        .set_u8(A0, 18, 40)
        .set_u8(A0, 19, 30)
        .page(A2);
    Ok(Sku {
        id: "sfp-10g-sr",
        vendor: "ACME",
        pn: PN,
        description: "10G SFP+ SR, 850 nm VCSEL, LC duplex, 300 m OM3 / 400 m OM4, internally calibrated DDM (SFF-8472)".into(),
        source: "Built with SfpBuilder from reference/sff-8472.md. A0h: identifier 0x03, extended id 0x04, connector 0x07 (LC); \
byte 3 = 0x10 sets the 10GBASE-SR bit (b4); encoding 0x06 = 64B/66B (SFF-8472 column); byte 12 = 103 (10.3 GBd in 100 MBd); \
lengths OM2 8 (80 m), OM1 3 (30 m), OM4 40 (400 m), OM3 30 (300 m) in 10 m units; wavelength 850 nm at 60-61; options 64-65 = 0x00 0x1A \
(TX_DISABLE, TX_FAULT, LOS implemented; power level 1, 1.0 W); byte 92 = 0x68 (DDM, internally calibrated, average Rx power); \
byte 93 = 0xF0 (alarm/warning flags, soft TX_DISABLE, soft TX_FAULT, soft RX_LOS); byte 94 = 0x08 (SFF-8472 12.x). \
A2h: thresholds in plain units (temperature -5/0/70/75 °C, Vcc 2.97/3.135/3.465/3.63 V, bias 2/3/12/15 mA, Tx -9.3/-7.3/-1.0/0.0 dBm, \
Rx -13.9/-11.9/0.0/+2.0 dBm; alarms outside warnings), calibration constants left zero as internally calibrated parts do; live DOM \
36.5 °C, 3.31 V, 7.0 mA, Tx -2.5 dBm (0.5623 mW -> 5623), Rx -3.2 dBm after a short MMF loopback with two connectors; status byte \
110 = 0 (data ready, no fault, no LOS). Values from reference/qualification.md (typical 10G SR) and sim-model.md (connector 0.3 dB each). \
All three checksums (A0h 63, 95; A2h 95) recomputed by finish().".into(),
        image: s.finish()?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::synth::skus::testkit::{
        assert_checksums, assert_i16_block, assert_u16_block, b, built, i16_at, text, u16_at,
    };

    #[test]
    fn key_bytes_are_at_their_spec_offsets() {
        let img = built(sfp_10g_sr());
        assert_checksums(&img);
        // A0h identity and compliance
        assert_eq!(
            [
                b(&img, A0, 0),
                b(&img, A0, 1),
                b(&img, A0, 2),
                b(&img, A0, 3)
            ],
            [0x03, 0x04, 0x07, 0x10]
        );
        assert_eq!(text(&img, A0, 20, 35), "ACME            ");
        assert_eq!(text(&img, A0, 40, 55), "AC-SFP-10G-SR   ");
        assert_eq!(
            [b(&img, A0, 37), b(&img, A0, 38), b(&img, A0, 39)],
            [0xAC, 0xDE, 0x48]
        );
        assert_eq!(text(&img, A0, 84, 91), "24031101");
        // 850 nm = 0x0352; 10.3 GBd / 100 MBd = 103
        assert_eq!(u16_at(&img, A0, 60), 0x0352);
        assert_eq!(b(&img, A0, 12), 103);
        // DDM | internal | average = 0x40 | 0x20 | 0x08
        assert_eq!(b(&img, A0, 92), 0x68);
        // live: 36.5 °C × 256 = 9344 = 0x2480; 3.31 V = 33100 = 0x814C; 7 mA / 2 µA = 3500 = 0x0DAC
        assert_eq!(i16_at(&img, A2, 96), 0x2480);
        assert_eq!(u16_at(&img, A2, 98), 0x814C);
        assert_eq!(u16_at(&img, A2, 100), 0x0DAC);
        // -2.5 dBm = 0.5623 mW -> raw 5623 = 0x15F7 at A2h 102-103
        assert_eq!(u16_at(&img, A2, 102), 0x15F7);
        // -3.2 dBm = 0.47863 mW -> 4786 = 0x12B2
        assert_eq!(u16_at(&img, A2, 104), 0x12B2);
        // thresholds: temp HA 75 °C = 19200 = 0x4B00, LA -5 °C = -1280 = 0xFB00
        assert_eq!(i16_at(&img, A2, 0), 0x4B00);
        assert_eq!(i16_at(&img, A2, 2), -1280);
        // Tx HA 0 dBm = 10000 = 0x2710; LA -9.3 dBm = 0.117490 mW -> 1175 = 0x0497
        assert_eq!(u16_at(&img, A2, 24), 0x2710);
        assert_eq!(u16_at(&img, A2, 26), 0x0497);
        // Rx LW -11.9 dBm = 0.0645654 mW -> 645.65 -> 646 = 0x0286
        assert_eq!(u16_at(&img, A2, 38), 0x0286);
        assert_i16_block(&img, A2, 0, &[0x2480]);
        assert_u16_block(&img, A2, 8, &[0x814C]);
        assert_u16_block(&img, A2, 16, &[0x0DAC]);
        assert_u16_block(&img, A2, 24, &[0x15F7]);
        assert_u16_block(&img, A2, 32, &[0x12B2]);
    }
}
