//! Serdes (line) bit rates per port type.
//!
//! Corrected bits are counted on the FEC-encoded serial stream, so the BER denominator is the
//! PMD/serdes rate, not the MAC rate (protocols.md §4 "Line rate to use"; SONiC does the same in
//! `orchagent/port_rates.lua`). Aggregates are lanes × lane rate, from the table of
//! protocols.md §4 and the line rates listed in qualification.md §4.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::fec::FecCode;

/// Per-lane serdes rates in bit/s (protocols.md §3.1, SONiC `calculate_lane_and_serdes_speed`).
pub mod lane {
    /// 1000BASE-X: 1.25 Gb/s.
    pub const GBE_1: f64 = 1.25e9;
    /// 10GBASE-R, 64b/66b NRZ: 10.3125 Gb/s.
    pub const NRZ_10G: f64 = 10.3125e9;
    /// 25G NRZ lane (also each lane of 100GBASE-R4): 25.78125 Gb/s.
    pub const NRZ_25G: f64 = 25.78125e9;
    /// 50G PAM4 lane (26.5625 GBd): 53.125 Gb/s.
    pub const PAM4_50G: f64 = 53.125e9;
    /// 100G PAM4 lane (53.125 GBd): 106.25 Gb/s.
    pub const PAM4_100G: f64 = 106.25e9;
    /// 200G PAM4 lane: 212.5 Gb/s.
    pub const PAM4_200G: f64 = 212.5e9;
}

/// An Ethernet port type: lane count, lane rate and FEC (protocols.md §4 table).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum PortType {
    /// 10GBASE-R, 1 × 10.3125 Gb/s, no RS-FEC.
    #[serde(rename = "10g")]
    Eth10G,
    /// 25GBASE-R with RS(528,514), 1 × 25.78125 Gb/s.
    #[serde(rename = "25g")]
    Eth25G,
    /// 50G PAM4 with RS(544,514), 1 × 53.125 Gb/s.
    #[serde(rename = "50g")]
    Eth50G,
    /// 100GBASE-R4 with RS(528,514) "KR4", 4 × 25.78125 = 103.125 Gb/s.
    #[serde(rename = "100g-4x25")]
    Eth100G4x25,
    /// 100G over 2 × 50G PAM4 with RS(544,514), 2 × 53.125 = 106.25 Gb/s.
    #[serde(rename = "100g-2x50")]
    Eth100G2x50,
    /// 100G over one 100G PAM4 lane with RS(544,514), 1 × 106.25 Gb/s.
    #[serde(rename = "100g-1x100")]
    Eth100G1x100,
    /// 200G with RS(544,514), 4 × 53.125 = 212.5 Gb/s.
    #[serde(rename = "200g-4x50")]
    Eth200G4x50,
    /// 400GBASE-R with RS(544,514), 8 × 53.125 = 425 Gb/s.
    #[serde(rename = "400g-8x50")]
    Eth400G8x50,
    /// 400GBASE-R with RS(544,514), 4 × 106.25 = 425 Gb/s.
    #[serde(rename = "400g-4x100")]
    Eth400G4x100,
    /// 800G with RS(544,514), 8 × 106.25 = 850 Gb/s.
    #[serde(rename = "800g-8x100")]
    Eth800G8x100,
}

impl PortType {
    /// Every port type, for listings and tests.
    pub const ALL: [PortType; 10] = [
        PortType::Eth10G,
        PortType::Eth25G,
        PortType::Eth50G,
        PortType::Eth100G4x25,
        PortType::Eth100G2x50,
        PortType::Eth100G1x100,
        PortType::Eth200G4x50,
        PortType::Eth400G8x50,
        PortType::Eth400G4x100,
        PortType::Eth800G8x100,
    ];

    /// Number of electrical lanes.
    pub const fn lanes(self) -> u32 {
        match self {
            PortType::Eth10G | PortType::Eth25G | PortType::Eth50G | PortType::Eth100G1x100 => 1,
            PortType::Eth100G2x50 => 2,
            PortType::Eth100G4x25 | PortType::Eth200G4x50 | PortType::Eth400G4x100 => 4,
            PortType::Eth400G8x50 | PortType::Eth800G8x100 => 8,
        }
    }

    /// Serdes rate of one lane in bit/s.
    pub const fn lane_rate_bps(self) -> f64 {
        match self {
            PortType::Eth10G => lane::NRZ_10G,
            PortType::Eth25G | PortType::Eth100G4x25 => lane::NRZ_25G,
            PortType::Eth50G
            | PortType::Eth100G2x50
            | PortType::Eth200G4x50
            | PortType::Eth400G8x50 => lane::PAM4_50G,
            PortType::Eth100G1x100 | PortType::Eth400G4x100 | PortType::Eth800G8x100 => {
                lane::PAM4_100G
            }
        }
    }

    /// Aggregate line rate in bit/s: lanes × lane rate (protocols.md §4 table, e.g. 400G → 425e9).
    pub fn line_rate_bps(self) -> f64 {
        f64::from(self.lanes()) * self.lane_rate_bps()
    }

    /// The FEC the port type runs (`None` for 10GBASE-R, which has no RS-FEC).
    pub const fn fec(self) -> Option<FecCode> {
        match self {
            PortType::Eth10G => None,
            PortType::Eth25G | PortType::Eth100G4x25 => Some(FecCode::Rs528),
            _ => Some(FecCode::Rs544),
        }
    }

    /// The port speed in Mb/s as SONiC's APPL_DB `PORT_TABLE` `speed` field gives it (the MAC
    /// rate: 400G → 400000); [`line_rate_from_speed`] of it and [`Self::lanes`] gives back
    /// [`Self::line_rate_bps`].
    pub const fn speed_mbps(self) -> u64 {
        match self {
            PortType::Eth10G => 10_000,
            PortType::Eth25G => 25_000,
            PortType::Eth50G => 50_000,
            PortType::Eth100G4x25 | PortType::Eth100G2x50 | PortType::Eth100G1x100 => 100_000,
            PortType::Eth200G4x50 => 200_000,
            PortType::Eth400G8x50 | PortType::Eth400G4x100 => 400_000,
            PortType::Eth800G8x100 => 800_000,
        }
    }

    /// The short name used in plans and on the command line (`"400g-8x50"`).
    pub const fn name(self) -> &'static str {
        match self {
            PortType::Eth10G => "10g",
            PortType::Eth25G => "25g",
            PortType::Eth50G => "50g",
            PortType::Eth100G4x25 => "100g-4x25",
            PortType::Eth100G2x50 => "100g-2x50",
            PortType::Eth100G1x100 => "100g-1x100",
            PortType::Eth200G4x50 => "200g-4x50",
            PortType::Eth400G8x50 => "400g-8x50",
            PortType::Eth400G4x100 => "400g-4x100",
            PortType::Eth800G8x100 => "800g-8x100",
        }
    }
}

impl fmt::Display for PortType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A port type name that is not in the table.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown port type {0:?} (known: 10g, 25g, 50g, 100g-4x25, 100g-2x50, 100g-1x100, 200g-4x50, 400g-8x50, 400g-4x100, 800g-8x100)"
)]
pub struct UnknownPortType(pub String);

impl FromStr for PortType {
    type Err = UnknownPortType;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let lower = s.trim().to_ascii_lowercase();
        PortType::ALL
            .into_iter()
            .find(|p| p.name() == lower)
            .ok_or_else(|| UnknownPortType(s.to_owned()))
    }
}

/// Per-lane serdes rate for a SONiC lane speed in Mb/s (`speed / lanes`), as SONiC's
/// `port_rates.lua` maps it (protocols.md §3.1 table). `None` for a speed not in the table.
pub fn serdes_rate_for_lane_speed(lane_speed_mbps: u64) -> Option<f64> {
    match lane_speed_mbps {
        1_000 => Some(lane::GBE_1),
        10_000 => Some(lane::NRZ_10G),
        25_000 => Some(lane::NRZ_25G),
        50_000 => Some(lane::PAM4_50G),
        100_000 => Some(lane::PAM4_100G),
        200_000 => Some(lane::PAM4_200G),
        _ => None,
    }
}

/// Aggregate line rate from a port speed (Mb/s, as SONiC's APPL_DB `PORT_TABLE` `speed`) and a
/// lane count: lanes × serdes rate of `speed / lanes`. `None` when the speed does not divide
/// evenly or the lane speed is not in the table (SONiC then reports BER 0; we refuse instead).
pub fn line_rate_from_speed(speed_mbps: u64, lanes: u32) -> Option<f64> {
    let lanes64 = u64::from(lanes);
    if lanes64 == 0 || speed_mbps % lanes64 != 0 {
        return None;
    }
    serdes_rate_for_lane_speed(speed_mbps / lanes64).map(|r| r * f64::from(lanes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aggregate_rates_match_protocols_table() {
        // protocols.md §4: 4 × 25.78125 = 103.125; 2 × 53.125 = 1 × 106.25 = 106.25;
        // 4 × 53.125 = 212.5; 8 × 53.125 = 4 × 106.25 = 425; 8 × 106.25 = 850 (Gb/s).
        let cases = [
            (PortType::Eth10G, 10.3125e9),
            (PortType::Eth25G, 25.78125e9),
            (PortType::Eth50G, 53.125e9),
            (PortType::Eth100G4x25, 103.125e9),
            (PortType::Eth100G2x50, 106.25e9),
            (PortType::Eth100G1x100, 106.25e9),
            (PortType::Eth200G4x50, 212.5e9),
            (PortType::Eth400G8x50, 425e9),
            (PortType::Eth400G4x100, 425e9),
            (PortType::Eth800G8x100, 850e9),
        ];
        for (port, want) in cases {
            // Every product is exact in binary floating point (x.125, x.25, x.78125 are dyadic).
            assert_eq!(port.line_rate_bps(), want, "{port}");
        }
    }

    #[test]
    fn mac_rate_checks_of_protocols_md() {
        // 100 × 257/256 × 528/514 = 103.125 and 400 × 257/256 × 544/514 = 425 (protocols.md §4).
        let kr4 = 100e9 * 257.0 / 256.0 * 528.0 / 514.0;
        let kp4 = 400e9 * 257.0 / 256.0 * 544.0 / 514.0;
        assert!((kr4 - PortType::Eth100G4x25.line_rate_bps()).abs() < 1.0);
        assert!((kp4 - PortType::Eth400G8x50.line_rate_bps()).abs() < 1.0);
    }

    #[test]
    fn fec_per_port_type() {
        assert_eq!(PortType::Eth10G.fec(), None);
        assert_eq!(PortType::Eth100G4x25.fec(), Some(FecCode::Rs528));
        assert_eq!(PortType::Eth400G8x50.fec(), Some(FecCode::Rs544));
    }

    #[test]
    fn names_round_trip() {
        for p in PortType::ALL {
            assert_eq!(p.name().parse::<PortType>(), Ok(p));
            let json = serde_json::to_string(&p).unwrap();
            assert_eq!(json, format!("\"{}\"", p.name()));
        }
        assert_eq!(" 400G-8X50 ".parse::<PortType>(), Ok(PortType::Eth400G8x50));
        assert!("400g".parse::<PortType>().is_err());
    }

    #[test]
    fn sonic_speed_and_lanes() {
        // PORT_TABLE speed 400000 on 8 lanes → 50000 per lane → 53.125e9 × 8 = 425e9.
        assert_eq!(line_rate_from_speed(400_000, 8), Some(425e9));
        // 100000 on 4 lanes → 25000 → 25.78125e9 × 4 = 103.125e9.
        assert_eq!(line_rate_from_speed(100_000, 4), Some(103.125e9));
        // 100000 on 1 lane → 100000 → 106.25e9.
        assert_eq!(line_rate_from_speed(100_000, 1), Some(106.25e9));
        // 100000 on 3 lanes does not divide; 40000 on 4 lanes → 10000 → 4 × 10.3125.
        assert_eq!(line_rate_from_speed(100_000, 3), None);
        assert_eq!(line_rate_from_speed(40_000, 4), Some(41.25e9));
        assert_eq!(line_rate_from_speed(400_000, 0), None);
        assert_eq!(line_rate_from_speed(12_345, 1), None);
        // Every port type's SONiC speed and lane count map back to its own line rate.
        for p in PortType::ALL {
            assert_eq!(
                line_rate_from_speed(p.speed_mbps(), p.lanes()),
                Some(p.line_rate_bps()),
                "{p}"
            );
        }
    }
}
