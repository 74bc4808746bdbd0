//! 800G OSFP 2xFR4: two independent 400GBASE-FR4 ports (CWDM, 2 km) behind one 8-lane host
//! interface, CMIS 5.2.

use std::time::Duration;

use crate::sim::synth::build::cmis::{
    AppDescriptor, CmisBuilder, DataPath, Durations, ModuleState, SupportedPages,
};
use crate::sim::synth::build::{BuildError, LaneDom, ModuleDom, MonitorThresholds, Thresholds};
use crate::sim::synth::skus::Sku;
use crate::sim::synth::skus::common::{TEMP_C, VCC_V, acme};

const PN: &str = "AC-OSFP-800-2FR4";

/// Per media lane: bias (mA), Tx (dBm), Rx (dBm) — Rx ≈ Tx − 1.3 dB (2 km + two connectors).
const LANES: [(f64, f64, f64); 8] = [
    (74.0, 1.2, -0.1),
    (76.4, 1.0, -0.3),
    (72.8, 1.4, 0.1),
    (75.2, 1.1, -0.2),
    (77.6, 0.9, -0.4),
    (73.4, 1.3, 0.0),
    (75.8, 1.0, -0.3),
    (74.6, 1.2, -0.1),
];

/// 2 × 400GBASE-FR4 OSFP, 16 W, Tx bias reported with multiplier ×2.
pub fn osfp_800g_2xfr4() -> Result<Sku, BuildError> {
    let fr4 = |host_id| AppDescriptor {
        host_id,
        media_id: 0x1D,
        host_lanes: 4,
        media_lanes: 4,
        host_assignment: 0x11,
        media_assignment: 0x11,
    };
    let lanes = LANES.map(|(bias, tx, rx)| LaneDom::dbm(bias, tx, rx));
    let mut c = CmisBuilder::new(0x19, 5, 2);
    c.module_state(ModuleState::Ready)
        .global_controls(0x00)
        .versions([2, 8], [2, 7], [1, 1])
        .identity(&acme(PN, "A0", "ACOS8FR424091702", "24091702"))
        .power(8, 16.0)
        .connector(0x07)
        .media_tech(6)
        .media_type(2)
        .applications(&[fr4(0x50), fr4(0x4F)])
        .smf_length_km(2.0)
        .wavelength_nm(1301.0, 36.5)
        .supported_pages(SupportedPages {
            banks: 1,
            ..SupportedPages::default()
        })
        .durations(&Durations {
            dp_init: Duration::from_secs(1),
            dp_deinit: Duration::from_millis(100),
            module_pwr_up: Duration::from_secs(5),
            module_pwr_dn: Duration::from_millis(500),
            tx_turn_on: Duration::from_millis(100),
            tx_turn_off: Duration::from_millis(10),
        })
        .operating_range(70, 0, 3.135)
        .advertised(0x18, [0x02, 0x02], [0x07, 0x06])
        .monitors(true, true, 0x07, 2)
        .thresholds(&MonitorThresholds {
            temperature_c: TEMP_C,
            vcc_v: VCC_V,
            tx_bias_ma: Thresholds::ascending(20.0, 30.0, 120.0, 130.0),
            tx_power_mw: Thresholds::dbm(-7.2, -3.2, 3.5, 5.5),
            rx_power_mw: Thresholds::dbm(-10.1, -7.1, 3.5, 4.5),
        })
        .module_dom(&ModuleDom {
            temperature_c: 46.0,
            vcc_v: 3.31,
        })
        .lane_dom(0, &lanes)
        .activate(
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
                    host_lanes: 4,
                    media_lanes: 0xF0,
                },
            ],
        );
    Ok(Sku {
        id: "osfp-800g-2xfr4",
        vendor: "ACME",
        pn: PN,
        description: "800G OSFP 2xFR4, two 400GBASE-FR4 ports (4 × 100G PAM4 CWDM each), dual duplex LC, 2 km SMF, 16 W, CMIS 5.2".into(),
        source: "Built with CmisBuilder from reference/cmis.md and sff-8024.md §5. Lower memory: identifier 0x19 (OSFP 8X), revision \
0x52 (CMIS 5.2), ModuleReady, media type 2 (SMF). The host side is the 8-lane 800GAUI-8 (8 × 106G) electrical interface, run as \
two 4-lane data paths, so each application describes one 400G port: application 1 = 0x50 0x1D 0x44 0x11 (400GAUI-4-L C2M -> \
400GBASE-FR4, 4 host / 4 media lanes, may start on host lanes 1 and 5), application 2 = the same with 400GAUI-4-S (0x4F); \
media lane assignment 0x11 for both (media lanes 1 and 5). Page 00h: power class 8 (> 14 W) with 201 = 64 (16 W), connector LC, \
media tech 6 (1310 nm EML). Page 01h: reach 2 km (132 = 0x42: 2 × 1 km), nominal 1301 nm ± 36.5 nm (CWDM lanes 1271-1331 nm ± \
6.5 nm), bank 0 only and no optional pages, durations DPInit 1 s (code 6), DPDeinit 100 ms (4), ModulePwrUp 5 s (7), ModulePwrDn \
500 ms (5), TxTurnOn 100 ms (4), TxTurnOff 10 ms (2); 160 = 0x0F: bias, Tx and Rx power monitored with Tx bias multiplier x2 \
(b4-3 = 1), so bias DOM and thresholds are in 4 µA steps (74 mA -> 18500). Page 02h thresholds -5/0/70/75 °C, \
2.97/3.135/3.465/3.63 V, bias 20/30/120/130 mA, Tx -7.2/-3.2/+3.5/+5.5 dBm, Rx -10.1/-7.1/+3.5/+4.5 dBm (802.3cu FR4 Tx -3.2..+3.5 \
dBm per lane). Live: 46.0 °C, 3.31 V, 8 media lanes Tx +0.9..+1.4 dBm, Rx -0.4..+0.1 dBm, bias 72.8-77.6 mA. Pages 10h/11h bank 0: \
two data paths of AppSel 1, lanes 1-4 (DPConfig 0x10, DataPathID 0) and lanes 5-8 (0x18, DataPathID 4), all DPActivated with \
ConfigSuccess, output status 0xFF both sides. finish() recomputed the page 00h, 01h and 02h checksums.".into(),
        image: c.finish()?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::synth::build::cmis::{LOWER, P00, P01, P02, p10, p11};
    use crate::sim::synth::skus::testkit::{
        assert_checksums, assert_u16_block, b, built, seg, u16_at,
    };

    #[test]
    fn two_fr4_data_paths_and_bias_multiplier() {
        let img = image();
        assert_checksums(&img);
        assert_eq!((b(&img, LOWER, 0), b(&img, LOWER, 1)), (0x19, 0x52));
        assert_eq!(
            &seg(&img, LOWER)[86..95],
            &[0x50, 0x1D, 0x44, 0x11, 0x4F, 0x1D, 0x44, 0x11, 0xFF]
        );
        assert_eq!((b(&img, P01, 176), b(&img, P01, 177)), (0x11, 0x11));
        // class 8 -> b7-5 = 7 -> 0xE0; 16 W / 0.25 = 64
        assert_eq!((b(&img, P00, 200), b(&img, P00, 201)), (0xE0, 64));
        // 160 = bias|tx|rx (0x07) | multiplier code 1 << 3 = 0x0F
        assert_eq!(b(&img, P01, 160), 0x0F);
        // lane 1 bias 74 mA / (2 µA × 2) = 18500 = 0x4844; lane 8 bias 74.6 mA -> 18650 = 0x48DA
        assert_eq!(u16_at(&img, p11(0), 170), 0x4844);
        assert_eq!(u16_at(&img, p11(0), 184), 0x48DA);
        // bias HA 130 mA / 4 µA = 32500 = 0x7EF4 at 02h:184
        assert_eq!(u16_at(&img, P02, 184), 0x7EF4);
        // DPConfig: lanes 1-4 0x10, lanes 5-8 AppSel 1 << 4 | DataPathID 4 << 1 = 0x18
        assert_eq!(
            &seg(&img, p10(0))[17..25],
            &[0x10, 0x10, 0x10, 0x10, 0x18, 0x18, 0x18, 0x18]
        );
        assert_eq!(
            &seg(&img, p11(0))[78..86],
            &[0x10, 0x10, 0x10, 0x10, 0x18, 0x18, 0x18, 0x18]
        );
        assert_eq!(
            &seg(&img, p11(0))[0..6],
            &[0x44, 0x44, 0x44, 0x44, 0xFF, 0xFF]
        );
        let lanes = |first: usize| -> Vec<u16> {
            (0..8)
                .map(|k| u16_at(&img, p11(0), first + 2 * k))
                .collect()
        };
        assert_u16_block(&img, P02, 176, &lanes(154));
        assert_u16_block(&img, P02, 184, &lanes(170));
        assert_u16_block(&img, P02, 192, &lanes(186));
        // per-lane values differ
        let tx = lanes(154);
        assert!(tx.windows(2).all(|w| w[0] != w[1]));
    }

    fn image() -> crate::memmap::image::ModuleImage {
        built(osfp_800g_2xfr4())
    }
}
