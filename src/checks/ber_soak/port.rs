//! Which port type (lanes × serdes rate, FEC) carries the module's traffic, from what the
//! module says about itself. The plan may override the line rate (`line_rate_gbps`); this is
//! the fallback.
//!
//! The rules (the host electrical side is what the switch port runs, so that is what counts):
//! - CMIS: the host interface ID of every active data path (AppSel of Page 11h:206-213, bank 0;
//!   without page 11h or with no lane active, application 1, the module's default) gives the
//!   lane rate (SFF-8024 host IDs, reference/sff-8024.md §5a); the lane count is the number of
//!   active host lanes (the slot's switch port is taken to carry every active lane of the
//!   module, so an OSFP running 2 × 400GAUI-4 is one 8 × 106.25 Gb/s port, `800g-8x100`).
//!   E.g. 400GAUI-8 on 8 lanes → `400g-8x50`, 400GAUI-4 on 4 lanes → `400g-4x100`.
//! - SFF-8636: a QSFP28 (identifier 0x11) runs CAUI-4, 4 × 25.78125 Gb/s with RS(528,514) →
//!   `100g-4x25`; a QSFP/QSFP+ (0x0C, 0x0D) runs 40GBASE-R without RS-FEC.
//! - SFF-8472: from the nominal signalling rate (A0h byte 12 in 100 MBd, or byte 66 in 250 MBd
//!   when byte 12 is 0xFF): ≥ 20 GBd is a 25G SFP28 (`25g`, RS(528,514)); 8.5-20 GBd is 10G
//!   (`10g`, 10GBASE-R, no RS-FEC); below, 1G-class links have no RS-FEC either.

use crate::ber::rates::{PortType, lane};
use crate::memmap::Decoded;
use crate::memmap::decoded::{Application, Details, Spec};

/// What the module tells about its port.
#[derive(Debug, Clone, PartialEq)]
pub enum PortGuess {
    /// A port type from the table of protocols.md §4, and how it was found.
    Known(PortType, String),
    /// The module's link has no RS-FEC, so there are no FEC counters to soak; the reason.
    NoRsFec(String),
    /// Cannot tell; the reason.
    Unknown(String),
}

/// Serdes rate of one host lane for a CMIS host electrical interface ID (SFF-8024 Table 4-5,
/// reference/sff-8024.md §5a). `None` for IDs whose lane rate has no port type here (e.g.
/// 100GAUI-4 at 26.5625 Gb/s, 200G-per-lane AUIs) or that are not Ethernet AUIs.
pub fn host_lane_rate_bps(host_id: u8) -> Option<f64> {
    match host_id {
        // 0x03 XFI, 0x04 SFI: 10.3125 Gb/s NRZ.
        0x03 | 0x04 => Some(lane::NRZ_10G),
        // 0x05 25GAUI C2M, 0x0B CAUI-4 C2M, 0x1A 100GBASE-CR4, 0x41/0x42 CAUI-4 without / with
        // RS(528,514): 25.78125 Gb/s NRZ lanes.
        0x05 | 0x0B | 0x1A | 0x41 | 0x42 => Some(lane::NRZ_25G),
        // 0x0A 50GAUI-1, 0x0D 100GAUI-2, 0x0F 200GAUI-4, 0x11 400GAUI-8, 0x1C 200GBASE-CR4,
        // 0x1D 400G CR8: 53.125 Gb/s PAM4 lanes.
        0x0A | 0x0D | 0x0F | 0x11 | 0x1C | 0x1D => Some(lane::PAM4_50G),
        // 0x46 100GBASE-CR1, 0x47 200GBASE-CR2, 0x48 400GBASE-CR4, 0x4B-0x4C 100GAUI-1,
        // 0x4D-0x4E 200GAUI-2, 0x4F-0x50 400GAUI-4, 0x51-0x52 800GAUI-8: 106.25 Gb/s PAM4.
        0x46..=0x48 | 0x4B..=0x52 => Some(lane::PAM4_100G),
        _ => None,
    }
}

/// The port type with `lanes` lanes of `lane_rate` bit/s, if the table has one.
pub fn port_type_for(lanes: u32, lane_rate: f64) -> Option<PortType> {
    PortType::ALL
        .into_iter()
        .find(|p| p.lanes() == lanes && p.lane_rate_bps() == lane_rate)
}

fn known_or_no_fec(port: PortType, how: String) -> PortGuess {
    if port.fec().is_none() {
        PortGuess::NoRsFec(format!(
            "{how}: {port} (10GBASE-R) has no RS-FEC, so there are no FEC counters to soak"
        ))
    } else {
        PortGuess::Known(port, how)
    }
}

/// CMIS: from the applications and the active AppSel of host lanes 1-8 (`None` when page 11h
/// was not read, e.g. flat memory).
pub fn guess_cmis(apps: &[Application], active_app_sel: Option<[u8; 8]>) -> PortGuess {
    let active: Vec<u8> = active_app_sel
        .map(|a| a.into_iter().filter(|&s| s != 0).collect())
        .unwrap_or_default();
    let (sels, lanes, how) = if active.is_empty() {
        let Some(first) = apps.iter().find(|a| a.app == 1) else {
            return PortGuess::Unknown("the module advertises no application".into());
        };
        (
            vec![1],
            u32::from(first.host_lane_count),
            "application 1 (no active data path)",
        )
    } else {
        let mut sels = active.clone();
        sels.sort_unstable();
        sels.dedup();
        (
            sels,
            u32::try_from(active.len()).unwrap_or(u32::MAX),
            "active data paths",
        )
    };
    let mut rate: Option<f64> = None;
    let mut ids = Vec::with_capacity(sels.len());
    for sel in sels {
        let Some(app) = apps.iter().find(|a| a.app == sel) else {
            return PortGuess::Unknown(format!("active AppSel {sel} is not advertised"));
        };
        ids.push(app.host_interface_id);
        let Some(r) = host_lane_rate_bps(app.host_interface_id) else {
            return PortGuess::Unknown(format!(
                "host interface id 0x{:02x} (AppSel {sel}) has no known lane rate",
                app.host_interface_id
            ));
        };
        if rate.is_some_and(|x| x != r) {
            return PortGuess::Unknown("active data paths run different lane rates".into());
        }
        rate = Some(r);
    }
    let Some(rate) = rate else {
        return PortGuess::Unknown("no application found".into());
    };
    let id_list: Vec<String> = ids.iter().map(|i| format!("0x{i:02x}")).collect();
    let how = format!(
        "{how}: host interface {} on {lanes} host lane(s) of {} Gb/s",
        id_list.join(", "),
        rate / 1e9
    );
    match port_type_for(lanes, rate) {
        Some(p) => known_or_no_fec(p, how),
        None => PortGuess::Unknown(format!("{how}: no port type in the table")),
    }
}

/// SFF-8636 / SFF-8436: from the identifier (SFF-8024 Table 4-1).
pub fn guess_qsfp(identifier: u8) -> PortGuess {
    match identifier {
        // 0x11 QSFP28: CAUI-4 host side, 4 × 25.78125 Gb/s with RS(528,514).
        0x11 => PortGuess::Known(
            PortType::Eth100G4x25,
            "QSFP28 (identifier 0x11): CAUI-4".into(),
        ),
        // 0x0C QSFP, 0x0D QSFP+: 40GBASE-R (4 × 10.3125 Gb/s), no RS-FEC.
        0x0C | 0x0D => PortGuess::NoRsFec(format!(
            "QSFP/QSFP+ (identifier 0x{identifier:02x}) runs 40GBASE-R, which has no RS-FEC, so there are no FEC counters to soak"
        )),
        other => PortGuess::Unknown(format!("identifier 0x{other:02x} is not a QSFP28")),
    }
}

/// SFF-8472: from the nominal signalling rate in MBd (`None`: not specified).
pub fn guess_sfp(nominal_mbd: Option<u32>) -> PortGuess {
    match nominal_mbd {
        // 25.78125 GBd: byte 12 = 0xFF, byte 66 = 103 → 25 750 MBd.
        Some(m) if m >= 20_000 => {
            known_or_no_fec(PortType::Eth25G, format!("sfp nominal rate {m} MBd"))
        }
        // 10.3125 GBd: byte 12 = 103 → 10 300 MBd.
        Some(m) if m >= 8_500 => {
            known_or_no_fec(PortType::Eth10G, format!("sfp nominal rate {m} MBd"))
        }
        Some(m) => PortGuess::NoRsFec(format!(
            "sfp nominal rate {m} MBd: links below 10G have no RS-FEC, so there are no FEC counters to soak"
        )),
        None => PortGuess::Unknown("the sfp does not state its nominal rate".into()),
    }
}

/// The active AppSel of host lanes 1-8 (Page 11h:206-213 b7-4, bank 0), when page 11h was read.
pub fn active_app_sel(decoded: &Decoded) -> Option<[u8; 8]> {
    let Details::Cmis(d) = &decoded.details else {
        return None;
    };
    let p11 = d.banks.iter().find(|b| b.bank == 0)?.page11.as_ref()?;
    Some(std::array::from_fn(|i| {
        p11.lanes[i].active_dp_config.app_sel
    }))
}

/// The port type of a decoded module.
pub fn guess(decoded: &Decoded) -> PortGuess {
    match (&decoded.spec, &decoded.details) {
        (Spec::Cmis, _) => guess_cmis(&decoded.applications, active_app_sel(decoded)),
        (Spec::Sff8636 | Spec::Sff8436, _) => guess_qsfp(decoded.identifier.code),
        (Spec::Sff8472, Details::Sff8472(d)) => guess_sfp(d.identity.bit_rate.nominal_mbd),
        _ => PortGuess::Unknown("the decoded record does not match its spec".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn app(app: u8, host_id: u8, host_lanes: u8) -> Application {
        Application {
            app,
            host_interface_id: host_id,
            host_interface: String::new(),
            media_interface_id: 0,
            media_interface: String::new(),
            host_lane_count: host_lanes,
            media_lane_count: 1,
            host_lane_assignment: 0x01,
            media_lane_assignment: None,
        }
    }

    fn known(g: PortGuess) -> PortType {
        match g {
            PortGuess::Known(p, _) => p,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn cmis_400gaui8_on_8_lanes() {
        // DR4: AppSel 1 = 0x11 400GAUI-8 (53.125 Gb/s lanes) active on lanes 1-8 → 8 × 53.125
        // = 425 Gb/s, 400g-8x50.
        let apps = [app(1, 0x11, 8), app(2, 0x0D, 2)];
        assert_eq!(
            known(guess_cmis(&apps, Some([1; 8]))),
            PortType::Eth400G8x50
        );
        // No data path active: application 1 and its 8 host lanes.
        assert_eq!(
            known(guess_cmis(&apps, Some([0; 8]))),
            PortType::Eth400G8x50
        );
        assert_eq!(known(guess_cmis(&apps, None)), PortType::Eth400G8x50);
        // One 100GAUI-2 breakout instance (2 lanes of 53.125) → 100g-2x50.
        assert_eq!(
            known(guess_cmis(&apps, Some([2, 2, 0, 0, 0, 0, 0, 0]))),
            PortType::Eth100G2x50
        );
    }

    #[test]
    fn cmis_two_400gaui4_paths_are_one_800g_port() {
        // OSFP 2xFR4: AppSel 1 = 0x50 400GAUI-4-L (106.25 Gb/s) on lanes 1-4 and 5-8: 8 ×
        // 106.25 = 850 Gb/s → 800g-8x100; on lanes 1-4 only → 400g-4x100.
        let apps = [app(1, 0x50, 4), app(2, 0x4F, 4)];
        assert_eq!(
            known(guess_cmis(&apps, Some([1; 8]))),
            PortType::Eth800G8x100
        );
        assert_eq!(
            known(guess_cmis(&apps, Some([1, 1, 1, 1, 0, 0, 0, 0]))),
            PortType::Eth400G4x100
        );
        // 400GAUI-4-L and -S mixed: same lane rate, still 800g.
        assert_eq!(
            known(guess_cmis(&apps, Some([1, 1, 1, 1, 2, 2, 2, 2]))),
            PortType::Eth800G8x100
        );
    }

    #[test]
    fn cmis_unknowns() {
        let apps = [app(1, 0x11, 8), app(2, 0x0C, 4), app(3, 0x4F, 4)];
        // AppSel 5 not advertised.
        assert!(matches!(
            guess_cmis(&apps, Some([5; 8])),
            PortGuess::Unknown(_)
        ));
        // 0x0C 100GAUI-4 (26.5625 Gb/s lanes) has no port type here.
        assert!(matches!(
            guess_cmis(&apps, Some([2, 2, 2, 2, 0, 0, 0, 0])),
            PortGuess::Unknown(_)
        ));
        // Mixed lane rates: 53.125 and 106.25.
        assert!(matches!(
            guess_cmis(&apps, Some([1, 1, 1, 1, 3, 3, 3, 3])),
            PortGuess::Unknown(_)
        ));
        assert!(matches!(guess_cmis(&[], None), PortGuess::Unknown(_)));
        // 8 lanes of 400GAUI-8 on 3 lanes: no such port type.
        assert!(matches!(
            guess_cmis(&apps, Some([1, 1, 1, 0, 0, 0, 0, 0])),
            PortGuess::Unknown(_)
        ));
    }

    #[test]
    fn cmis_sfi_has_no_rs_fec() {
        // 0x04 SFI on 1 lane: 10.3125 Gb/s → 10g, no RS-FEC.
        assert!(matches!(
            guess_cmis(&[app(1, 0x04, 1)], None),
            PortGuess::NoRsFec(_)
        ));
    }

    #[test]
    fn qsfp_by_identifier() {
        assert_eq!(known(guess_qsfp(0x11)), PortType::Eth100G4x25);
        assert!(matches!(guess_qsfp(0x0D), PortGuess::NoRsFec(_)));
        assert!(matches!(guess_qsfp(0x18), PortGuess::Unknown(_)));
    }

    #[test]
    fn sfp_by_nominal_rate() {
        // byte 12 = 0xFF, byte 66 = 103: 103 × 250 = 25 750 MBd → 25g.
        assert_eq!(known(guess_sfp(Some(25_750))), PortType::Eth25G);
        // byte 12 = 103: 10 300 MBd → 10g, no RS-FEC.
        assert!(matches!(guess_sfp(Some(10_300)), PortGuess::NoRsFec(_)));
        // byte 12 = 13: 1 300 MBd (1G) → no RS-FEC.
        assert!(matches!(guess_sfp(Some(1_300)), PortGuess::NoRsFec(_)));
        assert!(matches!(guess_sfp(None), PortGuess::Unknown(_)));
    }

    #[test]
    fn lane_rates_of_host_ids() {
        assert_eq!(host_lane_rate_bps(0x11), Some(53.125e9));
        assert_eq!(host_lane_rate_bps(0x51), Some(106.25e9));
        assert_eq!(host_lane_rate_bps(0x0B), Some(25.78125e9));
        assert_eq!(host_lane_rate_bps(0x03), Some(10.3125e9));
        assert_eq!(host_lane_rate_bps(0x80), None);
        assert_eq!(host_lane_rate_bps(0xFF), None);
    }
}
