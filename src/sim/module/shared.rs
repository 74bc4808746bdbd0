//! [`Shared`]: everything of a simulated module but its map's state machines — memory, page
//! selects, physics state, pins, faults and flags — with the address decoding (which segment a
//! byte lives in) and the true physical state.

use std::sync::Arc;
use std::time::Duration;

use crate::addr::{DeviceAddr, HALF_LEN, Half, PageSel, SegmentId};
use crate::memmap::codes::Family;
use crate::memmap::image::ModuleImage;
use crate::sim::clock::Clock;

use super::dom::{LaneTruth, Truth};
use super::faults::Faults;
use super::flags::Latches;
use super::noise::Rng;
use super::params::SimParams;
use super::physics::{self, LaserCmd, Link, Thermal};
use super::profile::{self, Profile};

/// The pins a host drives (or a module shows).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pins {
    /// LPMode asserted (QSFP/CMIS low-power request).
    pub lpmode: bool,
    /// ModSelL asserted: the module answers on the bus (QSFP/CMIS).
    pub modsel: bool,
    /// ResetL asserted: the module is held in reset (QSFP/CMIS).
    pub reset: bool,
    /// TX_DISABLE pin asserted (SFP).
    pub tx_disable: bool,
}

impl Default for Pins {
    fn default() -> Self {
        Pins {
            lpmode: false,
            modsel: true,
            reset: false,
            tx_disable: false,
        }
    }
}

/// A live ambient temperature, °C (e.g. a simulated chamber's air).
#[derive(Clone)]
pub struct AmbientSource(pub Arc<dyn Fn() -> f64 + Send + Sync>);

impl std::fmt::Debug for AmbientSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AmbientSource(..)")
    }
}

/// Everything but the map's state machines.
#[derive(Debug)]
pub struct Shared {
    /// Time source.
    pub clock: Arc<dyn Clock>,
    /// Parameters (DOM errors, noise and loss are read live).
    pub params: SimParams,
    /// Facts from the image.
    pub profile: Profile,
    /// The image as at power-on.
    pub original: ModuleImage,
    /// Live memory.
    pub mem: ModuleImage,
    /// Noise, durations, corruption.
    pub rng: Rng,
    /// Ambient temperature, °C.
    pub ambient_c: f64,
    /// Where the ambient comes from when something else sets it (a simulated chamber): read at
    /// every access, the value then holds since the previous access.
    pub ambient_source: Option<AmbientSource>,
    /// Supply voltage, V.
    pub vcc_v: f64,
    /// What reaches the receivers.
    pub link: Link,
    /// Host pins.
    pub pins: Pins,
    /// Case temperature.
    pub thermal: Thermal,
    /// Laser commands per lane.
    pub lasers: Vec<LaserCmd>,
    /// Rx LOS per lane.
    pub los: Vec<bool>,
    /// Faults in force.
    pub faults: Faults,
    /// Flag bytes.
    pub latches: Latches,
    /// Bank/page selected on 0x50.
    pub select_a0: PageSel,
    /// Page selected on A2h.
    pub select_a2: u8,
    /// Powered and out of reset.
    pub powered: bool,
    /// Time of the last power-on reset.
    pub power_on_at: Duration,
}

/// `d × f`, saturating (no panic on huge or odd factors).
pub fn scale(d: Duration, f: f64) -> Duration {
    let secs = d.as_secs_f64() * f;
    if secs.is_nan() || secs <= 0.0 {
        Duration::ZERO
    } else {
        Duration::try_from_secs_f64(secs).unwrap_or(Duration::MAX)
    }
}

/// `ms` milliseconds as a duration, saturating (0 for negative or NaN).
pub fn millis(ms: f64) -> Duration {
    scale(Duration::from_millis(1), ms)
}

impl Shared {
    /// Byte `offset` of `seg` in live memory (0 if absent).
    pub fn byte(&self, seg: SegmentId, offset: usize) -> u8 {
        profile::byte(&self.mem, seg, offset)
    }

    /// Stores one byte if the segment exists.
    pub fn put(&mut self, seg: SegmentId, offset: usize, value: u8) {
        if let Some(b) = self
            .mem
            .get_mut(seg)
            .and_then(|p| p.get_mut(offset.wrapping_sub(seg.base())))
        {
            *b = value;
        }
    }

    /// A state duration drawn below the advertised maximum `max`.
    pub fn draw(&mut self, max: Duration) -> Duration {
        let f = self.rng.range(
            self.params.duration_min_fraction,
            self.params.duration_max_fraction,
        );
        scale(max, f)
    }

    /// Whether the module is a Sff8472 (two device addresses, no ModSel/Reset pins).
    pub fn is_sfp(&self) -> bool {
        self.profile.family == Family::Sff8472
    }

    /// Rx LOS assert level, dBm.
    pub fn los_assert_dbm(&self) -> f64 {
        self.params.los_assert_dbm.unwrap_or_else(|| {
            self.profile
                .thresholds
                .rx
                .and_then(|l| {
                    physics::mw_to_dbm(l[1])
                        .is_finite()
                        .then(|| physics::mw_to_dbm(l[1]) - 3.0)
                })
                .unwrap_or(-30.0)
        })
    }

    /// The true state at `now` (thermal must have been advanced to `now`).
    pub fn truth(&self, now: Duration, power_w: f64) -> Truth {
        let p = &self.params;
        let case_c = self.thermal.case_c;
        let mut lanes: Vec<LaneTruth> = self
            .profile
            .lanes
            .iter()
            .zip(&self.lasers)
            .map(|(nominal, cmd)| {
                let emitting = nominal.laser && cmd.emitting(now, p);
                LaneTruth {
                    emitting,
                    bias_ma: if emitting {
                        physics::bias_ma(nominal, case_c, self.profile.t0_k)
                    } else {
                        0.0
                    },
                    tx_mw: if emitting {
                        physics::tx_mw(nominal, case_c, p)
                    } else {
                        0.0
                    },
                    rx_mw: 0.0,
                    rx_los: false,
                }
            })
            .collect();
        let own: Vec<f64> = lanes.iter().map(|l| l.tx_mw).collect();
        for (i, l) in lanes.iter_mut().enumerate() {
            if self.profile.lanes.get(i).is_some_and(|n| n.optical) && self.powered {
                l.rx_mw = self.link.rx_mw(i, &own);
            }
            l.rx_los = self.los.get(i).copied().unwrap_or(false);
        }
        Truth {
            case_c,
            ambient_c: self.ambient_c,
            vcc_v: self.vcc_v,
            power_w,
            lanes,
        }
    }

    /// The segment byte `at` of `device` lives in, with the current page selects; `None` for a
    /// device the module does not have.
    pub(super) fn segment_for(&self, device: DeviceAddr, at: usize) -> Option<SegmentId> {
        let sfp = self.is_sfp();
        if device != DeviceAddr::A0 && !(sfp && device == DeviceAddr::A2) {
            return None;
        }
        let half = if at < HALF_LEN {
            Half::Lower
        } else if device == DeviceAddr::A2 {
            Half::Upper(PageSel::page(if self.profile.a2_paging {
                self.select_a2
            } else {
                0
            }))
        } else if sfp {
            Half::Upper(PageSel::page(0)) // A0h is not paged
        } else if self.select_a0.page < 0x10 {
            // Pages 00h-0Fh are never banked (cmis.md header).
            Half::Upper(PageSel::page(self.select_a0.page))
        } else {
            Half::Upper(self.select_a0)
        };
        Some(SegmentId { device, half })
    }

    pub(super) fn is_page_select(&self, device: DeviceAddr, at: usize) -> bool {
        match self.profile.family {
            Family::Cmis => device == DeviceAddr::A0 && (at == 126 || at == 127),
            Family::Sff8636 => device == DeviceAddr::A0 && at == 127,
            Family::Sff8472 => device == DeviceAddr::A2 && at == 127 && self.profile.a2_paging,
        }
    }

    /// The value a read of a page-select byte returns.
    pub(super) fn select_byte(&self, device: DeviceAddr, at: usize) -> Option<u8> {
        if !self.is_page_select(device, at) {
            return None;
        }
        Some(match (device, at) {
            (DeviceAddr::A2, _) => self.select_a2,
            (_, 126) => self.select_a0.bank,
            _ => self.select_a0.page,
        })
    }

    /// CMIS §8.2.15 / SFF-8636 §6.2.11: selecting a page the module lacks sets the page select
    /// back to 0 (and the CMIS bank with it).
    pub(super) fn check_select(&mut self) {
        if self.is_sfp() {
            return;
        }
        let ok = self
            .segment_for(DeviceAddr::A0, HALF_LEN)
            .is_some_and(|seg| self.mem.contains(seg));
        if !ok {
            self.select_a0 = PageSel::page(0);
        }
    }
}
