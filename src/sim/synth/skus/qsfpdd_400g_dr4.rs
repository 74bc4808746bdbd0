//! 400G QSFP-DD DR4: 4 × 100G PAM4 at 1310 nm over parallel SMF (MPO-12), 500 m, CMIS 5.0.

use std::time::Duration;

use crate::sim::synth::build::cmis::{
    AppDescriptor, CmisBuilder, DataPath, Durations, ModuleState, SupportedPages,
};
use crate::sim::synth::build::{BuildError, LaneDom, ModuleDom, MonitorThresholds, Thresholds};
use crate::sim::synth::skus::Sku;
use crate::sim::synth::skus::common::{TEMP_C, VCC_V, acme};

const PN: &str = "AC-QDD-400G-DR4";

/// 400GBASE-DR4 QSFP-DD (breakout-capable to 4 × 100GBASE-DR), 12 W.
pub fn qsfpdd_400g_dr4() -> Result<Sku, BuildError> {
    let mut c = CmisBuilder::new(0x18, 5, 0);
    c.module_state(ModuleState::Ready)
        .global_controls(0x00)
        .versions([3, 2], [3, 1], [1, 0])
        .identity(&acme(PN, "A0", "ACQD4DR4240705", "24070522"))
        .power(6, 12.0)
        .connector(0x0C)
        .media_tech(6)
        .media_type(2)
        .applications(&[
            // 400GAUI-8 C2M -> 400GBASE-DR4, 8 host / 4 media lanes, one instance on lane 1.
            AppDescriptor {
                host_id: 0x11,
                media_id: 0x1C,
                host_lanes: 8,
                media_lanes: 4,
                host_assignment: 0x01,
                media_assignment: 0x01,
            },
            // 100GAUI-2 C2M -> 100GBASE-DR, 2 host / 1 media lane, four instances.
            AppDescriptor {
                host_id: 0x0D,
                media_id: 0x14,
                host_lanes: 2,
                media_lanes: 1,
                host_assignment: 0x55,
                media_assignment: 0x0F,
            },
        ])
        .smf_length_km(0.5)
        .wavelength_nm(1310.0, 6.5)
        .supported_pages(SupportedPages {
            banks: 1,
            ..SupportedPages::default()
        })
        .durations(&Durations {
            dp_init: Duration::from_millis(500),
            dp_deinit: Duration::from_millis(50),
            module_pwr_up: Duration::from_secs(5),
            module_pwr_dn: Duration::from_millis(500),
            tx_turn_on: Duration::from_millis(100),
            tx_turn_off: Duration::from_millis(10),
        })
        .operating_range(70, 0, 3.135)
        .advertised(0x18, [0x02, 0x02], [0x07, 0x06])
        .monitors(true, true, 0x07, 1)
        .thresholds(&MonitorThresholds {
            temperature_c: TEMP_C,
            vcc_v: VCC_V,
            tx_bias_ma: Thresholds::ascending(10.0, 20.0, 90.0, 100.0),
            tx_power_mw: Thresholds::dbm(-6.9, -2.9, 4.0, 5.0),
            rx_power_mw: Thresholds::dbm(-9.9, -6.9, 4.0, 5.0),
        })
        .module_dom(&ModuleDom {
            temperature_c: 41.5,
            vcc_v: 3.30,
        })
        .lane_dom(
            0,
            &[
                LaneDom::dbm(55.0, 1.0, -1.5),
                LaneDom::dbm(56.2, 1.2, -1.4),
                LaneDom::dbm(54.6, 0.9, -1.6),
                LaneDom::dbm(55.8, 1.1, -1.3),
            ],
        )
        .activate(
            0,
            &[DataPath {
                app_sel: 1,
                first_lane: 1,
                host_lanes: 8,
                media_lanes: 0x0F,
            }],
        );
    Ok(Sku {
        id: "qsfpdd-400g-dr4",
        vendor: "ACME",
        pn: PN,
        description: "400G QSFP-DD DR4, 4 × 100G PAM4 1310 nm, MPO-12, 500 m SMF, 12 W, CMIS 5.0; 4 × 100GBASE-DR breakout".into(),
        source: "Built with CmisBuilder from reference/cmis.md and sff-8024.md §5. Lower memory: identifier 0x18 (QSFP-DD), \
revision 0x50 (CMIS 5.0), paged (byte 2 = 0), byte 3 = 0x07 (ModuleReady, interrupt deasserted), byte 26 = 0 (host requested \
high power), firmware 3.2; media type 2 (SMF); application 1 = 0x11 0x1C 0x84 0x01 (400GAUI-8 C2M -> 400GBASE-DR4, 8 host / 4 \
media lanes, starts on host lane 1), application 2 = 0x0D 0x14 0x21 0x55 (100GAUI-2 C2M -> 100GBASE-DR, 2 host / 1 media lane, \
instances on host lanes 1, 3, 5, 7), then host ID 0xFF in every unused slot. Page 00h: power class 6 (200 b7-5 = 5) with 201 = 48 \
(12 W in 0.25 W), connector 0x0C (MPO 1x12), media tech 6 (1310 nm EML). Page 01h: SMF reach 500 m (132 = 5 × 0.1 km), 1310 nm \
± 6.5 nm, no optional pages (142 = 0: pages 00h/01h/02h/10h/11h of bank 0 only, all present), durations DPInit <= 500 ms (code 5), \
DPDeinit <= 50 ms (3), ModulePwrUp <= 5 s (7), ModulePwrDn <= 500 ms (5), TxTurnOn <= 100 ms (4), TxTurnOff <= 10 ms (2); case \
0-70 °C, min Vcc 3.135 V; average Rx power (151 b4); Tx/Rx output disable and the usual flags advertised; temperature and Vcc \
monitored; bias, Tx and Rx power per lane with multiplier x1; media lane assignment 0x01 (app 1) and 0x0F (app 2). Page 02h \
thresholds -5/0/70/75 °C, 2.97/3.135/3.465/3.63 V, bias 10/20/90/100 mA, Tx -6.9/-2.9/+4.0/+5.0 dBm, Rx -9.9/-6.9/+4.0/+5.0 dBm \
(802.3bs DR4 Tx -2.9..+4.0 dBm). Live: 41.5 °C, 3.30 V; media lanes 1-4 Tx +0.9..+1.2 dBm, Rx -1.6..-1.3 dBm after a short \
fibre, bias 54.6-56.2 mA. Pages 10h/11h bank 0: AppSel 1 on lanes 1-8 (DPConfig 0x10 staged and active), every lane DPActivated \
(0x44) with ConfigSuccess (0x11), Rx output status 0xFF on the 8 host lanes, Tx output status 0x0F on the 4 media lanes. \
finish() recomputed the page 00h (222), 01h (255) and 02h (255) checksums.".into(),
        image: c.finish()?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::synth::build::cmis::{LOWER, P00, P01, P02, p10, p11};
    use crate::sim::synth::skus::testkit::{
        assert_checksums, assert_i16_block, assert_u16_block, b, built, i16_at, seg, u16_at,
    };

    #[test]
    fn advertising_state_and_dom_are_at_their_offsets() {
        let img = built(qsfpdd_400g_dr4());
        assert_checksums(&img);
        for page in [0x00, 0x01, 0x02, 0x10, 0x11] {
            assert!(img.upper(page).is_some(), "page {page:02x}h");
        }
        assert_eq!(
            [
                b(&img, LOWER, 0),
                b(&img, LOWER, 1),
                b(&img, LOWER, 2),
                b(&img, LOWER, 3)
            ],
            [0x18, 0x50, 0x00, 0x07]
        );
        assert_eq!(b(&img, LOWER, 85), 2);
        let l = seg(&img, LOWER);
        assert_eq!(
            &l[86..95],
            &[0x11, 0x1C, 0x84, 0x01, 0x0D, 0x14, 0x21, 0x55, 0xFF]
        );
        // class 6 -> 0xA0; 12 W / 0.25 W = 48
        assert_eq!(
            (b(&img, P00, 200), b(&img, P00, 201), b(&img, P00, 203)),
            (0xA0, 48, 0x0C)
        );
        // 144: DPDeinit 3 << 4 | DPInit 5; 167: PwrDn 5 << 4 | PwrUp 7; 168: TxOff 2 << 4 | TxOn 4
        assert_eq!(
            (b(&img, P01, 144), b(&img, P01, 167), b(&img, P01, 168)),
            (0x35, 0x57, 0x24)
        );
        assert_eq!(
            (b(&img, P01, 142), b(&img, P01, 159), b(&img, P01, 160)),
            (0x00, 0x03, 0x07)
        );
        assert_eq!(
            (b(&img, P01, 132), b(&img, P01, 176), b(&img, P01, 177)),
            (0x05, 0x01, 0x0F)
        );
        // 41.5 °C × 256 = 10624 = 0x2980
        assert_eq!(i16_at(&img, LOWER, 14), 0x2980);
        // lane 1 Tx +1.0 dBm = 1.258925 mW -> 12589 = 0x312D at 11h:154
        assert_eq!(u16_at(&img, p11(0), 154), 0x312D);
        // lane 1 bias 55 mA / 2 µA = 27500 = 0x6B6C at 11h:170
        assert_eq!(u16_at(&img, p11(0), 170), 0x6B6C);
        // lane 1 Rx -1.5 dBm = 0.707946 mW -> 7079 = 0x1BA7 at 11h:186
        assert_eq!(u16_at(&img, p11(0), 186), 0x1BA7);
        // lanes 5-8 carry no media lane: 0
        assert_eq!(u16_at(&img, p11(0), 162), 0);
        // DPActivated ×8, ConfigSuccess ×8, DPConfig 0x10 staged and active
        let s11 = seg(&img, p11(0));
        assert_eq!(&s11[0..6], &[0x44, 0x44, 0x44, 0x44, 0xFF, 0x0F]);
        assert_eq!(
            &s11[74..86],
            &[
                0x11, 0x11, 0x11, 0x11, 0x10, 0x10, 0x10, 0x10, 0x10, 0x10, 0x10, 0x10
            ]
        );
        assert_eq!(&seg(&img, p10(0))[17..25], &[0x10; 8]);
        let lanes = |first: usize| [0, 2, 4, 6].map(|k| u16_at(&img, p11(0), first + k));
        assert_i16_block(&img, P02, 128, &[0x2980]);
        assert_u16_block(&img, P02, 136, &[u16_at(&img, LOWER, 16)]);
        assert_u16_block(&img, P02, 176, &lanes(154));
        assert_u16_block(&img, P02, 184, &lanes(170));
        assert_u16_block(&img, P02, 192, &lanes(186));
    }
}
