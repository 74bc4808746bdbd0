//! [`Profile`]: what the simulated module learns from its image once, at construction: family,
//! lanes and their nominal optics, monitors, thresholds, power, advertised durations and
//! applications. The behaviour code reads these facts instead of re-parsing bytes.

use std::time::Duration;

use crate::addr::SegmentId;
use crate::memmap::cmis::durations::MaxDuration;
use crate::memmap::codes::{self, Family};
use crate::memmap::image::ModuleImage;
use crate::memmap::sff8472::{Calibration, ExternalCalibration};
use crate::memmap::view::HalfView;

use super::model::millis;
use super::params::SimParams;

/// Byte `offset` (spec numbering) of segment `seg`; 0 when the segment is absent.
pub fn byte(img: &ModuleImage, seg: SegmentId, offset: usize) -> u8 {
    img.get(seg)
        .and_then(|p| p.get(offset.wrapping_sub(seg.base())))
        .copied()
        .unwrap_or(0)
}

/// Big-endian U16 at `offset`.
pub fn u16_at(img: &ModuleImage, seg: SegmentId, offset: usize) -> u16 {
    u16::from_be_bytes([byte(img, seg, offset), byte(img, seg, offset + 1)])
}

/// Threshold order inside every block: high alarm, low alarm, high warning, low warning.
pub type Limits = [f64; 4];

/// Nominal optics of one monitored lane, taken from the image's live values.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct LaneNominal {
    /// The lane has optics at all (some live value non-zero in the image).
    pub optical: bool,
    /// The lane has a laser (Tx power or bias non-zero).
    pub laser: bool,
    /// Tx power below the droop knee, mW.
    pub tx_mw: f64,
    /// Bias at 25 °C, mA.
    pub bias25_ma: f64,
}

/// Which monitors the module advertises.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Monitors {
    /// Module temperature.
    pub temp: bool,
    /// Supply voltage.
    pub vcc: bool,
    /// Tx bias per lane.
    pub bias: bool,
    /// Tx power per lane.
    pub tx: bool,
    /// Rx power per lane.
    pub rx: bool,
}

/// Thresholds in physical units (°C, V, mA, mW), calibrated where the spec says so.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Thresholds {
    /// Temperature, °C.
    pub temp: Option<Limits>,
    /// Vcc, V.
    pub vcc: Option<Limits>,
    /// Bias, mA.
    pub bias: Option<Limits>,
    /// Tx power, mW.
    pub tx: Option<Limits>,
    /// Rx power, mW.
    pub rx: Option<Limits>,
}

/// One CMIS application descriptor, as far as provisioning needs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct App {
    /// Host lane count (descriptor byte 3 b7-4).
    pub host_lanes: u8,
    /// Media lane count (b3-0).
    pub media_lanes: u8,
    /// Host lanes a data path may start on (descriptor byte 4, bit n = lane n+1).
    pub host_starts: u8,
}

/// CMIS advertised maxima (Page 01h:144, 167, 168; reference/cmis.md §4.1).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CmisDurations {
    /// MaxDurationModulePwrUp.
    pub pwr_up: Duration,
    /// MaxDurationModulePwrDn.
    pub pwr_dn: Duration,
    /// MaxDurationDPInit.
    pub dp_init: Duration,
    /// MaxDurationDPDeinit.
    pub dp_deinit: Duration,
    /// MaxDurationDPTxTurnOn.
    pub tx_on: Duration,
    /// MaxDurationDPTxTurnOff.
    pub tx_off: Duration,
}

/// Static facts of one simulated module.
#[derive(Debug, Clone, PartialEq)]
pub struct Profile {
    /// Management map.
    pub family: Family,
    /// CMIS byte 2 b7 / SFF-8636 byte 2 b2: only page 00h.
    pub flat: bool,
    /// SFF-8472 A0h 64.4: A2h upper memory is paged.
    pub a2_paging: bool,
    /// Dissipation at full power, W.
    pub full_power_w: f64,
    /// SFF-8636 classes 5-8: the bit of byte 93 that enables them (2 or 3).
    pub class_enable_bit: Option<u8>,
    /// Bias temperature constant, K.
    pub t0_k: f64,
    /// Monitored lanes (CMIS 8, SFF-8636 4, SFF-8472 1; none without lane monitors).
    pub lanes: Vec<LaneNominal>,
    /// mA per LSB of the bias registers (2 µA, times the CMIS multiplier).
    pub bias_lsb_ma: f64,
    /// SFF-8472 calibration (internal for the other maps).
    pub calibration: Calibration,
    /// Advertised monitors.
    pub monitors: Monitors,
    /// Thresholds.
    pub thresholds: Thresholds,
    /// CMIS durations.
    pub durations: CmisDurations,
    /// CMIS applications 1-15 in order (index 0 = AppSel 1).
    pub apps: Vec<App>,
}

impl Profile {
    /// Reads the facts of `img`; `None` when byte 0 names no supported family.
    pub fn read(img: &ModuleImage, params: &SimParams) -> Option<Profile> {
        let family = codes::family_for_identifier(img.identifier()?)?;
        let mut p = match family {
            Family::Cmis => cmis(img, params),
            Family::Sff8636 => sff8636(img),
            Family::Sff8472 => sff8472(img),
        };
        if let Some(w) = params.power_w {
            p.full_power_w = w;
        }
        if let Some(t0) = params.t0_k {
            p.t0_k = t0;
        }
        let t_img = image_temperature(img, &p);
        for lane in &mut p.lanes {
            if let Some(dbm) = params.tx_power_dbm.filter(|_| lane.laser) {
                lane.tx_mw = 10f64.powf(dbm / 10.0);
            }
            lane.bias25_ma = match params.bias_ma.filter(|_| lane.laser) {
                Some(ma) => ma,
                // The image's bias was measured at its own temperature: undo exp((T-25)/T0).
                None => lane.bias25_ma / ((t_img - 25.0) / p.t0_k).exp(),
            };
        }
        Some(p)
    }

    fn blank(family: Family) -> Profile {
        Profile {
            family,
            flat: false,
            a2_paging: false,
            full_power_w: 1.0,
            class_enable_bit: None,
            t0_k: 60.0,
            lanes: Vec::new(),
            bias_lsb_ma: 0.002,
            calibration: Calibration::Internal,
            monitors: Monitors::default(),
            thresholds: Thresholds::default(),
            durations: CmisDurations::default(),
            apps: Vec::new(),
        }
    }
}

/// T0 by laser type: 100 K for VCSELs, 60 K for DFB/EML (reference/sim-model.md).
fn t0_for(vcsel: bool) -> f64 {
    if vcsel { 100.0 } else { 60.0 }
}

/// The image's live temperature, °C (its DOM values were taken there).
fn image_temperature(img: &ModuleImage, p: &Profile) -> f64 {
    let (seg, off) = match p.family {
        Family::Cmis => (SegmentId::LOWER, 14),
        Family::Sff8636 => (SegmentId::LOWER, 22),
        Family::Sff8472 => (SegmentId::A2_LOWER, 96),
    };
    let t = p.calibration.temperature_c(u16_at(img, seg, off) as i16);
    if p.monitors.temp && t.is_finite() {
        t
    } else {
        25.0
    }
}

/// Four consecutive U16 (HA, LA, HW, LW) from `first`, each mapped by `f`.
fn limits(
    img: &ModuleImage,
    seg: SegmentId,
    first: usize,
    f: impl Fn(u16) -> f64,
) -> Option<Limits> {
    img.get(seg)?;
    Some([0, 2, 4, 6].map(|k| f(u16_at(img, seg, first + k))))
}

fn lane(tx_raw: u16, bias_ma: f64, rx_raw: u16) -> LaneNominal {
    LaneNominal {
        optical: tx_raw != 0 || bias_ma > 0.0 || rx_raw != 0,
        laser: tx_raw != 0 || bias_ma > 0.0,
        tx_mw: f64::from(tx_raw) / 10_000.0,
        bias25_ma: bias_ma,
    }
}

fn cmis(img: &ModuleImage, params: &SimParams) -> Profile {
    let mut p = Profile::blank(Family::Cmis);
    let lower = SegmentId::LOWER;
    let p00 = SegmentId::upper(0);
    let p01 = SegmentId::upper(1);
    let p02 = SegmentId::upper(2);
    let p11 = SegmentId::banked(0, 0x11);
    p.flat = byte(img, lower, 2) & 0x80 != 0;
    // Page 00h:201 = max power in 0.25 W (cmis.md §3).
    p.full_power_w = f64::from(byte(img, p00, 201)) * 0.25;
    // Page 00h:212 media technology: 0-2 are VCSELs.
    p.t0_k = t0_for(byte(img, p00, 212) <= 2);
    // Page 01h:160 b4-3 bias multiplier: 0 = x1, 1 = x2, 2 = x4.
    let m160 = byte(img, p01, 160);
    p.bias_lsb_ma = 0.002 * f64::from(1u8 << ((m160 >> 3) & 0x03).min(2));
    let m159 = byte(img, p01, 159);
    p.monitors = Monitors {
        temp: m159 & 0x01 != 0,
        vcc: m159 & 0x02 != 0,
        bias: m160 & 0x01 != 0,
        tx: m160 & 0x02 != 0,
        rx: m160 & 0x04 != 0,
    };
    if img.get(p11).is_some() {
        p.lanes = (0..8)
            .map(|i| {
                let bias = f64::from(u16_at(img, p11, 170 + 2 * i)) * p.bias_lsb_ma;
                lane(
                    u16_at(img, p11, 154 + 2 * i),
                    bias,
                    u16_at(img, p11, 186 + 2 * i),
                )
            })
            .collect();
    }
    let lsb = p.bias_lsb_ma;
    p.thresholds = Thresholds {
        temp: limits(img, p02, 128, |r| f64::from(r as i16) / 256.0),
        vcc: limits(img, p02, 136, |r| f64::from(r) / 10_000.0),
        tx: limits(img, p02, 176, |r| f64::from(r) / 10_000.0),
        bias: limits(img, p02, 184, |r| f64::from(r) * lsb),
        rx: limits(img, p02, 192, |r| f64::from(r) / 10_000.0),
    };
    let d = |code: u8| {
        MaxDuration::from_code(code)
            .upper_bound()
            .unwrap_or_else(|| millis(params.unadvertised_duration_ms))
    };
    let (b144, b167, b168) = (
        byte(img, p01, 144),
        byte(img, p01, 167),
        byte(img, p01, 168),
    );
    p.durations = CmisDurations {
        dp_init: d(b144 & 0x0F),
        dp_deinit: d(b144 >> 4),
        pwr_up: d(b167 & 0x0F),
        pwr_dn: d(b167 >> 4),
        tx_on: d(b168 & 0x0F),
        tx_off: d(b168 >> 4),
    };
    p.apps = cmis_apps(img);
    p
}

/// Application descriptors 1-8 (lower 86-117) and 9-15 (Page 01h:223-250), up to the first
/// unused host ID 0xFF (cmis.md §1).
fn cmis_apps(img: &ModuleImage) -> Vec<App> {
    let at = |n: usize| -> (SegmentId, usize) {
        if n <= 8 {
            (SegmentId::LOWER, 86 + 4 * (n - 1))
        } else {
            (SegmentId::upper(1), 223 + 4 * (n - 9))
        }
    };
    let mut apps = Vec::new();
    for n in 1..=15 {
        let (seg, first) = at(n);
        if img.get(seg).is_none() || byte(img, seg, first) == codes::HOST_ID_UNUSED {
            break;
        }
        let counts = byte(img, seg, first + 2);
        apps.push(App {
            host_lanes: counts >> 4,
            media_lanes: counts & 0x0F,
            host_starts: byte(img, seg, first + 3),
        });
    }
    apps
}

fn sff8636(img: &ModuleImage) -> Profile {
    let mut p = Profile::blank(Family::Sff8636);
    let lower = SegmentId::LOWER;
    let p00 = SegmentId::upper(0);
    let p03 = SegmentId::upper(3);
    p.flat = byte(img, lower, 2) & 0x04 != 0;
    // Page 00h:129 power class (sff-8636.md §2 "Power classes").
    let ext = byte(img, p00, 129);
    let (w, enable) = if ext & 0x20 != 0 {
        // Class 8: byte 107 in 0.1 W when given (UNCONFIRMED in the reference), else 5 W.
        let b107 = f64::from(byte(img, lower, 107)) / 10.0;
        (if b107 > 5.0 { b107 } else { 5.0 }, Some(3))
    } else {
        match (ext >> 6, ext & 0x03) {
            (3, 1) => (4.0, Some(2)),
            (3, 2) => (4.5, Some(2)),
            (3, 3) => (5.0, Some(2)),
            (3, _) => (3.5, None),
            (2, _) => (2.5, None),
            (1, _) => (2.0, None),
            _ => (1.5, None),
        }
    };
    p.full_power_w = w;
    p.class_enable_bit = enable;
    // Page 00h:147 b7-4 transmitter technology: 0-2 are VCSELs.
    p.t0_k = t0_for(byte(img, p00, 147) >> 4 <= 2);
    // Page 00h:220: b5 temperature, b4 Vcc, b2 Tx power; bias and Rx power always.
    let m = byte(img, p00, 220);
    p.monitors = Monitors {
        temp: m & 0x20 != 0,
        vcc: m & 0x10 != 0,
        bias: true,
        tx: m & 0x04 != 0,
        rx: true,
    };
    p.lanes = (0..4)
        .map(|i| {
            let bias = f64::from(u16_at(img, lower, 42 + 2 * i)) * 0.002;
            lane(
                u16_at(img, lower, 50 + 2 * i),
                bias,
                u16_at(img, lower, 34 + 2 * i),
            )
        })
        .collect();
    p.thresholds = Thresholds {
        temp: limits(img, p03, 128, |r| f64::from(r as i16) / 256.0),
        vcc: limits(img, p03, 144, |r| f64::from(r) / 10_000.0),
        rx: limits(img, p03, 176, |r| f64::from(r) / 10_000.0),
        bias: limits(img, p03, 184, |r| f64::from(r) * 0.002),
        tx: limits(img, p03, 192, |r| f64::from(r) / 10_000.0),
    };
    p
}

fn sff8472(img: &ModuleImage) -> Profile {
    let mut p = Profile::blank(Family::Sff8472);
    let a0 = SegmentId::LOWER;
    let a2 = SegmentId::A2_LOWER;
    let b64 = byte(img, a0, 64);
    p.a2_paging = b64 & 0x10 != 0;
    // A0h 64.5 → 2.0 W, 64.1 → 1.5 W, else 1.0 W (sff-8472.md §4).
    p.full_power_w = if b64 & 0x20 != 0 {
        2.0
    } else if b64 & 0x02 != 0 {
        1.5
    } else {
        1.0
    };
    // A0h 60-61 is a wavelength unless byte 8 b3-2 mark a cable; 8xx nm means a VCSEL.
    let nm = u16_at(img, a0, 60);
    let cable = byte(img, a0, 8) & 0x0C != 0;
    p.t0_k = t0_for(!cable && (700..1000).contains(&nm));
    let b92 = byte(img, a0, 92);
    if b92 & 0x10 != 0 {
        if let Some(page) = img.get(a2) {
            p.calibration =
                Calibration::External(ExternalCalibration::read(&HalfView::lower(page)));
        }
    }
    let ddm = b92 & 0x40 != 0 && img.get(a2).is_some();
    p.monitors = Monitors {
        temp: ddm,
        vcc: ddm,
        bias: ddm,
        tx: ddm,
        rx: ddm,
    };
    if ddm {
        let cal = p.calibration;
        let bias = cal.tx_bias_ma(u16_at(img, a2, 100)).max(0.0);
        let tx = cal.tx_power_mw(u16_at(img, a2, 102)).max(0.0);
        let rx = cal.rx_power_mw(u16_at(img, a2, 104)).max(0.0);
        p.lanes = vec![LaneNominal {
            optical: tx > 0.0 || bias > 0.0 || rx > 0.0,
            laser: tx > 0.0 || bias > 0.0,
            tx_mw: tx,
            bias25_ma: bias,
        }];
        p.thresholds = Thresholds {
            temp: limits(img, a2, 0, |r| cal.temperature_c(r as i16)),
            vcc: limits(img, a2, 8, |r| cal.vcc_v(r)),
            bias: limits(img, a2, 16, |r| cal.tx_bias_ma(r)),
            tx: limits(img, a2, 24, |r| cal.tx_power_mw(r)),
            rx: limits(img, a2, 32, |r| cal.rx_power_mw(r)),
        };
    }
    p
}
