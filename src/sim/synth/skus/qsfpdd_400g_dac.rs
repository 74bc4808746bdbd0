//! 400G QSFP-DD passive copper cable (DAC), 2 m, flat memory, CMIS 5.0.

use crate::sim::synth::build::BuildError;
use crate::sim::synth::build::cmis::{AppDescriptor, CmisBuilder, ModuleState};
use crate::sim::synth::skus::Sku;
use crate::sim::synth::skus::common::acme;

const PN: &str = "AC-QDD-400G-CU2M";

/// 400GBASE-CR8 passive copper QSFP-DD, 2 m, no diagnostics.
pub fn qsfpdd_400g_dac_2m() -> Result<Sku, BuildError> {
    let mut c = CmisBuilder::new(0x18, 5, 0);
    c.flat_memory()
        .module_state(ModuleState::Ready)
        .global_controls(0x00)
        .identity(&acme(PN, "A0", "ACQDCU24111405", "24111405"))
        .power(1, 0.25)
        .cable_length_m(2.0)
        .connector(0x23)
        .copper_attenuation_db([4, 5, 9, 14])
        .media_tech(0x0A)
        .media_type(3)
        .applications(&[
            // 400GBASE-CR8 host, copper cable media, 8/8 lanes from lane 1.
            AppDescriptor {
                host_id: 0x1D,
                media_id: 0x01,
                host_lanes: 8,
                media_lanes: 8,
                host_assignment: 0x01,
                media_assignment: 0x01,
            },
            // 200GBASE-CR4 host, 4/4 lanes, from lane 1 or 5 (2 × 200G breakout of the same cable).
            AppDescriptor {
                host_id: 0x1C,
                media_id: 0x01,
                host_lanes: 4,
                media_lanes: 4,
                host_assignment: 0x11,
                media_assignment: 0x11,
            },
        ]);
    Ok(Sku {
        id: "qsfpdd-400g-dac-2m",
        vendor: "ACME",
        pn: PN,
        description: "400G QSFP-DD passive copper cable (DAC), 8 × 50G PAM4, 2 m, flat memory, no DOM, CMIS 5.0".into(),
        source: "Built with CmisBuilder from reference/cmis.md. Lower memory: identifier 0x18, CMIS 5.0, byte 2 = 0x80 (MemoryModel \
b7 = 1: flat memory, only page 00h exists, and the module state always reads ModuleReady, so byte 3 = 0x07); no monitors — \
temperature and Vcc bytes 14-17 stay 0 and there are no pages 01h/02h/10h/11h, so no thresholds, lane DOM or durations; media \
type 3 (passive copper); application 1 = 0x1D 0x01 0x88 0x01 (400GBASE-CR8 host, copper cable media, 8 host / 8 media lanes), \
application 2 = 0x1C 0x01 0x44 0x11 (200GBASE-CR4, 4/4 lanes, from lane 1 or 5), host ID 0xFF after them (media lane assignments \
would live on page 01h, which a flat module lacks). Page 00h: power class 1 (200 = 0x00) with 201 = 1 (0.25 W: a passive cable \
powers only its EEPROM), cable length 2 m (202 = 0x42: multiplier x1 m in b7-6 = 01, base 2), connector 0x23 (no separable \
connector), copper attenuation 4/5/9/14 dB at 5/7/12.9/25.8 GHz (204-207, plausible for 2 m of 30 AWG twinax), media tech 0x0A \
(copper cable, unequalized). finish() recomputed the page 00h checksum (222).".into(),
        image: c.finish()?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::synth::build::cmis::{LOWER, P00};
    use crate::sim::synth::skus::testkit::{assert_checksums, b, built, seg};

    #[test]
    fn flat_copper_cable_bytes() {
        let img = built(qsfpdd_400g_dac_2m());
        assert_checksums(&img);
        // lower + page 00h only
        assert_eq!(img.len(), 2);
        assert!(img.upper(1).is_none());
        assert_eq!(
            [
                b(&img, LOWER, 0),
                b(&img, LOWER, 1),
                b(&img, LOWER, 2),
                b(&img, LOWER, 3)
            ],
            [0x18, 0x50, 0x80, 0x07]
        );
        assert_eq!(b(&img, LOWER, 85), 3);
        assert_eq!(&seg(&img, LOWER)[14..18], &[0, 0, 0, 0]);
        assert_eq!(
            &seg(&img, LOWER)[86..95],
            &[0x1D, 0x01, 0x88, 0x01, 0x1C, 0x01, 0x44, 0x11, 0xFF]
        );
        // 2 m -> 0x42; connector 0x23; 0.25 W -> 1
        assert_eq!(
            (b(&img, P00, 202), b(&img, P00, 203), b(&img, P00, 201)),
            (0x42, 0x23, 1)
        );
        assert_eq!(&seg(&img, P00)[204 - 128..208 - 128], &[4, 5, 9, 14]);
        assert_eq!(b(&img, P00, 212), 0x0A);
    }
}
