//! One read of a module's monitors and their alarm/warning flags, in a form common to the three
//! specs: a [`Reading`] per monitor (and lane), with the value in the unit of the decoded
//! thresholds and the four flags in the order high alarm, low alarm, high warning, low warning.
//!
//! Flag sources: SFF-8472 A2h 112-113 (alarms) and 116-117 (warnings), reference/sff-8472.md
//! §2.2; SFF-8636 lower bytes 6, 7, 9-14, reference/sff-8636.md §1; CMIS lower byte 9 and
//! Page 11h:139-146, 149-152, reference/cmis.md §1, §7.

use crate::memmap::decoded::{Decoded, Details, LaneDom};
use crate::memmap::{cmis, sff8472, sff8636};
use crate::plan::checks::Monitor;

/// Flags of one monitor: high alarm, low alarm, high warning, low warning.
pub type Levels = [bool; 4];

/// One monitor (of one lane) in one read.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Reading {
    /// Which monitor.
    pub monitor: Monitor,
    /// Lane (1-based) for lane monitors of multi-lane modules; `None` for module monitors and
    /// single-lane SFP modules.
    pub lane: Option<u16>,
    /// The value in the threshold's unit (°C, V, mA, dBm); `-inf` dBm for 0 mW (no light).
    pub value: f64,
    /// The flags, when the module implements them.
    pub flags: Option<Levels>,
}

impl Reading {
    /// Measurement name: `temperature_c`, `lane3.rx_power_dbm`.
    pub fn name(&self) -> String {
        match self.lane {
            Some(l) => format!("lane{l}.{}", self.monitor.as_str()),
            None => self.monitor.as_str().to_string(),
        }
    }
}

/// The monitors of `d` that have a value, with their flags. `monitors` selects which.
pub fn readings(d: &Decoded, monitors: &[Monitor]) -> Vec<Reading> {
    let mut out = Vec::new();
    let mut push = |monitor: Monitor, lane: Option<u16>, value: Option<f64>, flags| {
        if let Some(value) = value.filter(|_| monitors.contains(&monitor)) {
            out.push(Reading {
                monitor,
                lane,
                value,
                flags,
            });
        }
    };
    match &d.details {
        Details::Sff8472(s) => {
            let (alarms, warnings) = sff8472_flags(s);
            let lane = d.dom.lanes.first();
            for monitor in Monitor::ALL {
                let flags = match (alarms, warnings) {
                    (Some(a), Some(w)) => Some(sff8472_levels(monitor, &a, &w)),
                    _ => None,
                };
                push(monitor, None, module_or_lane(d, lane, monitor), flags);
            }
        }
        Details::Sff8636(s) => {
            let f = &s.flags;
            push(
                Monitor::TemperatureC,
                None,
                d.dom.temperature_c,
                Some(levels_8636(&f.temperature)),
            );
            push(Monitor::VccV, None, d.dom.vcc_v, Some(levels_8636(&f.vcc)));
            for lane in &d.dom.lanes {
                let i = usize::from(lane.lane.saturating_sub(1));
                for (monitor, flags) in [
                    (Monitor::TxBiasMa, f.tx_bias.get(i)),
                    (Monitor::TxPowerDbm, f.tx_power.get(i)),
                    (Monitor::RxPowerDbm, f.rx_power.get(i)),
                ] {
                    let v = module_or_lane(d, Some(lane), monitor);
                    push(monitor, Some(lane.lane), v, flags.map(levels_8636));
                }
            }
        }
        Details::Cmis(c) => {
            let module = c.lower.as_ref().map(|l| &l.flags.flags);
            push(
                Monitor::TemperatureC,
                None,
                d.dom.temperature_c,
                module.map(|m| levels_cmis(&m.temperature)),
            );
            push(
                Monitor::VccV,
                None,
                d.dom.vcc_v,
                module.map(|m| levels_cmis(&m.vcc)),
            );
            for lane in &d.dom.lanes {
                let flags = cmis_lane_flags(c, lane.lane);
                for (monitor, levels) in [
                    (Monitor::TxBiasMa, flags.map(|f| f.tx_bias)),
                    (Monitor::TxPowerDbm, flags.map(|f| f.tx_power)),
                    (Monitor::RxPowerDbm, flags.map(|f| f.rx_power)),
                ] {
                    let v = module_or_lane(d, Some(lane), monitor);
                    push(
                        monitor,
                        Some(lane.lane),
                        v,
                        levels.as_ref().map(levels_cmis),
                    );
                }
            }
        }
    }
    out
}

/// The value of `monitor`: a module value, or the lane's (0 mW = `-inf` dBm).
fn module_or_lane(d: &Decoded, lane: Option<&LaneDom>, monitor: Monitor) -> Option<f64> {
    let dbm = |mw: Option<f64>, dbm: Option<f64>| match (mw, dbm) {
        (Some(_), Some(v)) => Some(v),
        (Some(_), None) => Some(f64::NEG_INFINITY),
        (None, _) => None,
    };
    match monitor {
        Monitor::TemperatureC => d.dom.temperature_c,
        Monitor::VccV => d.dom.vcc_v,
        Monitor::TxBiasMa => lane.and_then(|l| l.tx_bias_ma),
        Monitor::TxPowerDbm => lane.and_then(|l| dbm(l.tx_power_mw, l.tx_power_dbm)),
        Monitor::RxPowerDbm => lane.and_then(|l| dbm(l.rx_power_mw, l.rx_power_dbm)),
    }
}

fn sff8472_flags(
    s: &sff8472::Details,
) -> (Option<sff8472::MonitorFlags>, Option<sff8472::MonitorFlags>) {
    match &s.status {
        Some(st) => (st.alarms, st.warnings),
        None => (None, None),
    }
}

/// SFF-8472 flag bits of `monitor` (reference/sff-8472.md §2.2).
fn sff8472_levels(
    monitor: Monitor,
    a: &sff8472::MonitorFlags,
    w: &sff8472::MonitorFlags,
) -> Levels {
    let pick = |f: &sff8472::MonitorFlags| match monitor {
        Monitor::TemperatureC => (f.temperature_high, f.temperature_low),
        Monitor::VccV => (f.vcc_high, f.vcc_low),
        Monitor::TxBiasMa => (f.tx_bias_high, f.tx_bias_low),
        Monitor::TxPowerDbm => (f.tx_power_high, f.tx_power_low),
        Monitor::RxPowerDbm => (f.rx_power_high, f.rx_power_low),
    };
    let (ha, la) = pick(a);
    let (hw, lw) = pick(w);
    [ha, la, hw, lw]
}

fn levels_8636(f: &sff8636::AlarmFlags) -> Levels {
    [f.high_alarm, f.low_alarm, f.high_warning, f.low_warning]
}

fn levels_cmis(f: &cmis::lower_flags::AlarmWarn) -> Levels {
    [f.high_alarm, f.low_alarm, f.high_warning, f.low_warning]
}

/// The Page 11h flags of lane `lane` (1-based across banks).
fn cmis_lane_flags(c: &cmis::Details, lane: u16) -> Option<cmis::lanes::LaneFlags> {
    let i = usize::from(lane.checked_sub(1)?);
    let bank = u8::try_from(i / cmis::lanes::LANES).ok()?;
    let page11 = c.banks.iter().find(|b| b.bank == bank)?.page11.as_ref()?;
    page11.lanes.get(i % cmis::lanes::LANES).map(|l| l.flags)
}
