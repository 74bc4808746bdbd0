//! From the true (physical) state to what the module reports: the DOM error offsets, the
//! reading noise, and the monitor registers (same layout idea in every map: a module block and
//! a per-lane block of U16 values).

use serde::Serialize;

use crate::addr::SegmentId;

use super::encode::Encoder;
use super::noise::Rng;
use super::params::SimParams;
use super::physics::dbm_to_mw;
use super::profile::Profile;
use super::window::Window;

/// The true state of one lane.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct LaneTruth {
    /// Light is coming out.
    pub emitting: bool,
    /// Laser bias, mA.
    pub bias_ma: f64,
    /// Tx power, mW.
    pub tx_mw: f64,
    /// Received power, mW.
    pub rx_mw: f64,
    /// The module's Rx LOS state.
    pub rx_los: bool,
}

/// The true (physical) values, for DOM-accuracy checks.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Truth {
    /// Case temperature, °C.
    pub case_c: f64,
    /// Ambient temperature, °C.
    pub ambient_c: f64,
    /// Supply voltage, V.
    pub vcc_v: f64,
    /// Dissipated power, W.
    pub power_w: f64,
    /// Monitored lanes.
    pub lanes: Vec<LaneTruth>,
}

/// One lane as the module reports it.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct LaneReading {
    /// Bias, mA.
    pub bias_ma: f64,
    /// Tx power, mW.
    pub tx_mw: f64,
    /// Rx power, mW.
    pub rx_mw: f64,
}

/// Values as reported (before quantisation).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Reading {
    /// Temperature, °C.
    pub temp_c: f64,
    /// Vcc, V.
    pub vcc_v: f64,
    /// Lanes.
    pub lanes: Vec<LaneReading>,
}

impl Reading {
    /// The truth with the DOM reporting errors of `p` added, without noise.
    pub fn reported(t: &Truth, p: &SimParams) -> Reading {
        let tx_gain = dbm_to_mw(p.dom_error_tx_db);
        let rx_gain = dbm_to_mw(p.dom_error_rx_db);
        Reading {
            temp_c: t.case_c + p.dom_error_temp_c,
            vcc_v: t.vcc_v + p.dom_error_vcc_v,
            lanes: t
                .lanes
                .iter()
                .map(|l| LaneReading {
                    bias_ma: l.bias_ma * (1.0 + p.dom_error_bias_pct / 100.0),
                    tx_mw: l.tx_mw * tx_gain,
                    rx_mw: l.rx_mw * rx_gain,
                })
                .collect(),
        }
    }

    /// Adds Gaussian reading noise (σ from `p`; powers in dB, bias in %).
    pub fn with_noise(mut self, p: &SimParams, rng: &mut Rng) -> Reading {
        self.temp_c += rng.noise(p.noise_temp_c);
        self.vcc_v += rng.noise(p.noise_vcc_v);
        for l in &mut self.lanes {
            l.bias_ma *= 1.0 + rng.noise(p.noise_bias_pct) / 100.0;
            l.tx_mw *= dbm_to_mw(rng.noise(p.noise_power_db));
            l.rx_mw *= dbm_to_mw(rng.noise(p.noise_power_db));
        }
        self
    }
}

/// Where a map keeps its monitors (spec byte numbers of the first byte of each U16).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MonitorLayout {
    /// Segment of temperature and Vcc.
    pub module_seg: SegmentId,
    /// Temperature (S16).
    pub temp: usize,
    /// Vcc (U16).
    pub vcc: usize,
    /// Segment of the lane monitors.
    pub lane_seg: SegmentId,
    /// Tx power of lane 1; lane n at + 2(n−1).
    pub tx: usize,
    /// Bias of lane 1.
    pub bias: usize,
    /// Rx power of lane 1.
    pub rx: usize,
}

impl MonitorLayout {
    /// Whether a read through `win` touches any monitor register.
    pub fn touched_by(&self, win: &Window, lanes: usize) -> bool {
        let span = 2 * lanes;
        (win.seg == self.module_seg && (win.covers(self.temp, 2) || win.covers(self.vcc, 2)))
            || (win.seg == self.lane_seg
                && [self.tx, self.bias, self.rx]
                    .iter()
                    .any(|first| win.covers(*first, span)))
    }

    /// Writes `r` into the registers of `mem` that `win` touches, for the monitors `prof`
    /// advertises and the lanes that have optics.
    pub fn write(
        &self,
        mem: &mut crate::memmap::image::ModuleImage,
        win: &Window,
        prof: &Profile,
        r: &Reading,
    ) {
        let enc = Encoder {
            calibration: prof.calibration,
            bias_lsb_ma: prof.bias_lsb_ma,
        };
        let mon = prof.monitors;
        let mut put = |seg: SegmentId, at: usize, v: [u8; 2]| {
            if win.seg == seg && win.covers(at, 2) {
                if let Some(page) = mem.get_mut(seg) {
                    let i = at - seg.base();
                    if let Some(dst) = page.get_mut(i..i + 2) {
                        dst.copy_from_slice(&v);
                    }
                }
            }
        };
        if mon.temp {
            put(self.module_seg, self.temp, enc.temperature(r.temp_c));
        }
        if mon.vcc {
            put(self.module_seg, self.vcc, enc.vcc(r.vcc_v));
        }
        for (i, (l, nominal)) in r.lanes.iter().zip(&prof.lanes).enumerate() {
            if !nominal.optical {
                continue;
            }
            if mon.tx {
                put(self.lane_seg, self.tx + 2 * i, enc.tx_power(l.tx_mw));
            }
            if mon.bias {
                put(self.lane_seg, self.bias + 2 * i, enc.bias(l.bias_ma));
            }
            if mon.rx {
                put(self.lane_seg, self.rx + 2 * i, enc.rx_power(l.rx_mw));
            }
        }
    }
}
