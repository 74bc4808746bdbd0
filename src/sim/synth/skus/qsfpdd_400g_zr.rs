//! 400G QSFP-DD ZR: coherent DP-16QAM, tunable C-band, 400ZR (OIF), ~20 W, CMIS 5.0 with VDM.

use std::time::Duration;

use crate::addr::SegmentId;
use crate::sim::synth::build::cmis::{
    AppDescriptor, AuxKind, CmisBuilder, DataPath, Durations, ModuleState, SupportedPages,
    VdmObservable, VdmThresholds,
};
use crate::sim::synth::build::convert::{f16_raw, snr_raw, temperature_raw};
use crate::sim::synth::build::{BuildError, LaneDom, ModuleDom, MonitorThresholds, Thresholds};
use crate::sim::synth::skus::Sku;
use crate::sim::synth::skus::common::{TEMP_C, VCC_V, acme};

const PN: &str = "AC-QDD-400G-ZR";

/// VDM type IDs used here (reference/cmis.md §9).
const BER_MIN: u8 = 9;
const BER_MAX: u8 = 11;
const BER_AVG: u8 = 13;
const BER_CUR: u8 = 15;
const LASER_TEMP: u8 = 4;
const ESNR_MEDIA: u8 = 5;

fn vdm() -> Result<(Vec<VdmObservable>, Vec<VdmThresholds>), BuildError> {
    let obs = |type_id, threshold_set, sample| VdmObservable {
        type_id,
        lane: 1,
        threshold_set,
        sample,
    };
    let observables = vec![
        obs(BER_MIN, 0, f16_raw(3.8e-4)?),
        obs(BER_MAX, 0, f16_raw(5.6e-4)?),
        obs(BER_AVG, 0, f16_raw(4.6e-4)?),
        obs(BER_CUR, 0, f16_raw(4.5e-4)?),
        obs(LASER_TEMP, 1, temperature_raw(45.0)? as u16),
        obs(ESNR_MEDIA, 2, snr_raw(17.5)?),
    ];
    let t = |ha: u16, la: u16, hw: u16, lw: u16| VdmThresholds {
        high_alarm: ha,
        low_alarm: la,
        high_warning: hw,
        low_warning: lw,
    };
    let temp = |c: f64| temperature_raw(c).map(|v| v as u16);
    let sets = vec![
        // Set 0, pre-FEC BER (F16): alarm at the 400ZR CFEC limit 1.25e-2, warning at 1e-2; the
        // low thresholds of a BER mean nothing and are 0.
        t(f16_raw(1.25e-2)?, 0, f16_raw(1.0e-2)?, 0),
        // Set 1, laser temperature (S16 1/256 °C): 35/38/52/55 °C around the 45 °C set point.
        t(temp(55.0)?, temp(35.0)?, temp(52.0)?, temp(38.0)?),
        // Set 2, eSNR (U16 1/256 dB): 13.5/15/35/40 dB.
        t(
            snr_raw(40.0)?,
            snr_raw(13.5)?,
            snr_raw(35.0)?,
            snr_raw(15.0)?,
        ),
    ];
    Ok((observables, sets))
}

/// 400ZR QSFP-DD, DWDM amplified (120 km) or single wavelength unamplified, 20 W.
pub fn qsfpdd_400g_zr() -> Result<Sku, BuildError> {
    let (observables, sets) = vdm()?;
    let app = |media_id| AppDescriptor {
        host_id: 0x11,
        media_id,
        host_lanes: 8,
        media_lanes: 1,
        host_assignment: 0x01,
        media_assignment: 0x01,
    };
    let mut c = CmisBuilder::new(0x18, 5, 0);
    c.module_state(ModuleState::Ready)
        .global_controls(0x00)
        .versions([61, 20], [61, 18], [2, 1])
        .identity(&acme(PN, "B1", "ACQDZR24082301", "24082301"))
        .power(8, 20.0)
        .connector(0x07)
        .media_tech(16)
        .media_type(2)
        .applications(&[app(0x3E), app(0x3F)])
        .smf_length_km(120.0)
        .wavelength_nm(1552.5, 0.0)
        .supported_pages(SupportedPages {
            banks: 1,
            ..SupportedPages::default()
        })
        .durations(&Durations {
            dp_init: Duration::from_secs(180),
            dp_deinit: Duration::from_secs(1),
            module_pwr_up: Duration::from_secs(60),
            module_pwr_dn: Duration::from_secs(1),
            tx_turn_on: Duration::from_secs(10),
            tx_turn_off: Duration::from_millis(100),
        })
        .cooled(true)
        .operating_range(70, 0, 3.135)
        .advertised(0x10, [0x02, 0x02], [0x07, 0x06])
        .monitors(true, true, 0x07, 4)
        .aux(
            1,
            AuxKind::TecCurrent,
            22.0,
            &Thresholds::ascending(-95.0, -85.0, 85.0, 95.0),
        )
        .aux(
            2,
            AuxKind::LaserTemperature,
            45.0,
            &Thresholds::ascending(35.0, 38.0, 52.0, 55.0),
        )
        .thresholds(&MonitorThresholds {
            temperature_c: TEMP_C,
            vcc_v: VCC_V,
            tx_bias_ma: Thresholds::ascending(80.0, 100.0, 280.0, 300.0),
            tx_power_mw: Thresholds::dbm(-18.0, -15.0, 0.0, 2.0),
            rx_power_mw: Thresholds::dbm(-23.0, -20.0, 0.0, 3.0),
        })
        .module_dom(&ModuleDom {
            temperature_c: 48.0,
            vcc_v: 3.28,
        })
        .lane_dom(0, &[LaneDom::dbm(210.0, -8.5, -10.2)])
        .activate(
            0,
            &[DataPath {
                app_sel: 1,
                first_lane: 1,
                host_lanes: 8,
                media_lanes: 0x01,
            }],
        )
        .vdm(&observables, &sets);
    // 2Fh:128 b1-0 = supported groups − 1 = 0 (written by vdm()); nothing frozen.
    c.raw().set_u8(SegmentId::upper(0x2F), 144, 0x00);
    Ok(Sku {
        id: "qsfpdd-400g-zr",
        vendor: "ACME",
        pn: PN,
        description: "400G QSFP-DD ZR, coherent DP-16QAM, tunable C-band, 400ZR DWDM amplified 120 km or single-wavelength, 20 W, CMIS 5.0 with VDM".into(),
        source: "Built with CmisBuilder from reference/cmis.md. Lower memory: identifier 0x18, CMIS 5.0, ModuleReady (byte 3 = 0x07), \
media type 2 (SMF); application 1 = 0x11 0x3E 0x81 0x01 (400GAUI-8 C2M -> 400ZR DWDM amplified, 8 host lanes, 1 media lane), \
application 2 = 0x11 0x3F 0x81 0x01 (-> 400ZR single wavelength unamplified); live 48.0 °C, 3.28 V, Aux1 = TEC current 22 % \
(S16 = 22 × 32767 / 100 = 7209), Aux2 = laser temperature 45.0 °C (0x2D00). Page 00h: power class 8 (200 = 0xE0) with 201 = 80 \
(20 W in 0.25 W), connector LC, media tech 16 (C-band tunable). Page 01h: reach 120 km (132 = 0x8C: 12 × 10 km), nominal \
1552.5 nm (193.1 THz channel, 31050 × 0.05 nm), tolerance 0 (tunable); 145 = 0x81 (cooled transmitter b7, Aux1 = TEC current b0, \
Aux2 = laser temperature b1 = 0); 159 = 0x0F (temperature, Vcc, Aux1, Aux2); 160 = 0x17 (bias, Tx, Rx power; bias multiplier x4 \
so the ~210 mA ITLA bias fits: 210 / 0.008 = 26250); long coherent durations: DPInit 3 min (code 10, 1-5 min), DPDeinit 1 s (6), \
ModulePwrUp 60 s (code 9, 10 s - 1 min), ModulePwrDn 1 s (6), TxTurnOn 10 s (8, laser tuning), TxTurnOff 100 ms (4); 142 = 0x40 \
(VDM pages present, bank 0 only). Page 02h thresholds: -5/0/70/75 °C, 2.97/3.135/3.465/3.63 V, Aux1 -95/-85/85/95 %, Aux2 \
35/38/52/55 °C, bias 80/100/280/300 mA, Tx -18/-15/0/+2 dBm, Rx -23/-20/0/+3 dBm. Live media lane 1: Tx -8.5 dBm, Rx -10.2 dBm, \
bias 210 mA. Pages 10h/11h: AppSel 1 on host lanes 1-8, DPActivated, ConfigSuccess, Tx output status 0x01. VDM group 1 (one \
group, 2Fh:128 = 0): page 20h descriptors for media lane 1 — pre-FEC BER min/max/avg/current (types 9/11/13/15, threshold set \
0), laser temperature (type 4, set 1), eSNR media (type 5, set 2); page 24h samples in F16 (value = m × 10^(e−24), e in bits \
15-11): 3.8e-4 = 0x917C, 5.6e-4 = 0x9230, 4.6e-4 = 0x91CC, 4.5e-4 = 0x91C2 (m 450, e 18), laser 45.0 °C = 0x2D00, eSNR 17.5 dB = \
0x1180 (1/256 dB); page 28h threshold sets (BER alarm 1.25e-2 = 0x9CE2, warning 1e-2 = 0x9BE8); flag page 2Ch and mask page 2Dh \
present and clear. finish() recomputed the page 00h, 01h and 02h checksums.".into(),
        image: c.finish()?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::synth::build::cmis::{LOWER, P00, P01, P02, p11};
    use crate::sim::synth::skus::testkit::{
        assert_checksums, assert_i16_block, assert_u16_block, b, built, i16_at, seg, u16_at,
    };

    #[test]
    fn coherent_advertising_and_vdm_are_at_their_offsets() {
        let img = built(qsfpdd_400g_zr());
        assert_checksums(&img);
        // 142 b6 claims VDM: every VDM page of group 1 is present
        assert_eq!(b(&img, P01, 142), 0x40);
        for page in [
            0x00, 0x01, 0x02, 0x10, 0x11, 0x20, 0x24, 0x28, 0x2C, 0x2D, 0x2F,
        ] {
            assert!(img.upper(page).is_some(), "page {page:02x}h");
        }
        let l = seg(&img, LOWER);
        assert_eq!(
            &l[86..95],
            &[0x11, 0x3E, 0x81, 0x01, 0x11, 0x3F, 0x81, 0x01, 0xFF]
        );
        assert_eq!(
            (b(&img, P00, 200), b(&img, P00, 201), b(&img, P00, 212)),
            (0xE0, 80, 16)
        );
        // 144: DPDeinit 6 << 4 | DPInit 10 = 0x6A; 167: PwrDn 6 << 4 | PwrUp 9 = 0x69; 168: 4 << 4 | 8 = 0x48
        assert_eq!(
            (b(&img, P01, 144), b(&img, P01, 167), b(&img, P01, 168)),
            (0x6A, 0x69, 0x48)
        );
        assert_eq!(
            (b(&img, P01, 145), b(&img, P01, 159), b(&img, P01, 160)),
            (0x81, 0x0F, 0x17)
        );
        // 120 km = 12 × 10 km -> 2 << 6 | 12 = 0x8C
        assert_eq!(b(&img, P01, 132), 0x8C);
        // Aux1 TEC 22 % -> 22 × 32767 / 100 = 7208.74 -> 7209 = 0x1C29; Aux2 45 °C -> 0x2D00
        assert_eq!(i16_at(&img, LOWER, 18), 0x1C29);
        assert_eq!(i16_at(&img, LOWER, 20), 0x2D00);
        assert_i16_block(&img, P02, 144, &[0x1C29]);
        assert_i16_block(&img, P02, 152, &[0x2D00]);
        // lane 1: bias 210 mA / (2 µA × 4) = 26250 = 0x668A; Tx -8.5 dBm = 0.141254 mW -> 1413 = 0x0585
        assert_eq!(u16_at(&img, p11(0), 170), 0x668A);
        assert_eq!(u16_at(&img, p11(0), 154), 0x0585);
        // Rx -10.2 dBm = 0.0954993 mW -> 955 = 0x03BB
        assert_eq!(u16_at(&img, p11(0), 186), 0x03BB);
        assert_u16_block(&img, P02, 176, &[0x0585]);
        assert_u16_block(&img, P02, 184, &[0x668A]);
        assert_u16_block(&img, P02, 192, &[0x03BB]);
        assert_eq!(
            &seg(&img, p11(0))[0..6],
            &[0x44, 0x44, 0x44, 0x44, 0xFF, 0x01]
        );
        // VDM descriptors: (set << 4 | lane − 1, type)
        let d = seg(&img, SegmentId::upper(0x20));
        assert_eq!(
            &d[0..12],
            &[0x00, 9, 0x00, 11, 0x00, 13, 0x00, 15, 0x10, 4, 0x20, 5]
        );
        assert_eq!(&d[12..14], &[0, 0]);
        // samples: 4.5e-4 = 450 × 10^(18−24) -> 18 << 11 | 450 = 0x9000 | 0x1C2 = 0x91C2 (4th descriptor)
        let s = SegmentId::upper(0x24);
        assert_eq!(u16_at(&img, s, 134), 0x91C2);
        // 3.8e-4 -> 0x9000 | 380 = 0x917C; eSNR 17.5 dB × 256 = 4480 = 0x1180
        assert_eq!(u16_at(&img, s, 128), 0x917C);
        assert_eq!(u16_at(&img, s, 136), 0x2D00);
        assert_eq!(u16_at(&img, s, 138), 0x1180);
        // thresholds set 0: HA 1.25e-2 = 1250 × 10^(19−24) -> 0x9800 | 0x4E2 = 0x9CE2; HW 1e-2 -> 0x9800 | 0x3E8 = 0x9BE8
        let t = SegmentId::upper(0x28);
        assert_eq!(
            [
                u16_at(&img, t, 128),
                u16_at(&img, t, 130),
                u16_at(&img, t, 132),
                u16_at(&img, t, 134)
            ],
            [0x9CE2, 0, 0x9BE8, 0]
        );
        // set 2 (eSNR) at 144: 40 dB = 0x2800, 13.5 dB = 0x0D80, 35 dB = 0x2300, 15 dB = 0x0F00
        assert_eq!(
            [
                u16_at(&img, t, 144),
                u16_at(&img, t, 146),
                u16_at(&img, t, 148),
                u16_at(&img, t, 150)
            ],
            [0x2800, 0x0D80, 0x2300, 0x0F00]
        );
        assert_eq!(b(&img, SegmentId::upper(0x2F), 128), 0);
    }
}
