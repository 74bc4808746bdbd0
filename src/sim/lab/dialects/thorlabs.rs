//! Simulated Thorlabs PM100 (protocols.md §2.3): `SENS:CORR:WAV` in nm, `SENS:POW:UNIT W|DBM`
//! (also without `SENS`, the older firmware spelling), `SENS:AVER:COUN n` (n ms per reading at
//! 1 kHz / n), `CONF:POW`, `MEAS:POW?` / `READ?` blocking while averaging, `FETC?`,
//! `SYST:SENS:IDN?`. One head: meter channel 1. No light reads `0.000000E0` W or `-INFINITY`
//! dBm.

use std::io;
use std::time::Duration;

use super::common::{BAD_VALUE, OUT_OF_RANGE};
use crate::sim::lab::meter::{PowerUnit, SimMeter, dbm_to_watts};
use crate::sim::lab::scpi::header::matches;
use crate::sim::lab::scpi::number::{boolean, number, number_with_unit};
use crate::sim::lab::scpi::{Answer, Command, Responder, ScpiServer};

const CH: u8 = 1;

/// The Thorlabs dialect over a [`SimMeter`] (channel 1).
#[derive(Debug)]
pub struct ThorlabsSim {
    meter: SimMeter,
    idn: String,
}

impl ThorlabsSim {
    /// A PM100 reading channel 1 of `meter`.
    pub fn new(meter: SimMeter) -> Self {
        ThorlabsSim {
            meter,
            idn: "Thorlabs,PM100USB,SIM00001,1.6.0".into(),
        }
    }

    /// Serves it on loopback TCP.
    pub async fn serve(self) -> io::Result<ScpiServer> {
        ScpiServer::bind(Box::new(self)).await
    }

    fn reading(&self) -> (String, Duration) {
        self.meter.with(|m| {
            let s = m.settings(CH);
            let text = match (m.reading_dbm(CH), s.unit) {
                (None, PowerUnit::Watt) => "0.000000E0".to_owned(),
                (None, PowerUnit::Dbm) => "-INFINITY".to_owned(),
                (Some(dbm), PowerUnit::Dbm) => format!("{dbm:.6E}"),
                (Some(dbm), PowerUnit::Watt) => format!("{:.6E}", dbm_to_watts(dbm)),
            };
            (text, s.averaging)
        })
    }
}

impl Responder for ThorlabsSim {
    fn idn(&self) -> String {
        self.idn.clone()
    }

    fn handle(&mut self, cmd: &Command<'_>) -> Answer {
        let h = cmd.header;
        let q = cmd.query;
        if matches("[SENSe#]:CORRection:WAVelength", h).is_some() {
            if q {
                return Answer::Reply(match cmd.args.to_ascii_uppercase().as_str() {
                    "MIN" => "400".into(),
                    "MAX" => "1700".into(),
                    _ => format!("{}", self.meter.with(|m| m.settings(CH).wavelength_nm)),
                });
            }
            return match number_with_unit(cmd.args) {
                Some((nm, u)) if u.is_empty() || u == "NM" => {
                    if !(400.0..=1700.0).contains(&nm) {
                        return OUT_OF_RANGE;
                    }
                    self.meter.with(|m| m.update(CH, |s| s.wavelength_nm = nm));
                    Answer::Done
                }
                _ => BAD_VALUE,
            };
        }
        if matches("[SENSe#]:POWer:[DC]:UNIT", h).is_some() {
            if q {
                return Answer::Reply(
                    match self.meter.with(|m| m.settings(CH).unit) {
                        PowerUnit::Watt => "W",
                        PowerUnit::Dbm => "DBM",
                    }
                    .into(),
                );
            }
            let unit = match cmd.args.trim().to_ascii_uppercase().as_str() {
                "W" => PowerUnit::Watt,
                "DBM" => PowerUnit::Dbm,
                _ => return BAD_VALUE,
            };
            self.meter.with(|m| m.update(CH, |s| s.unit = unit));
            return Answer::Done;
        }
        if matches("[SENSe#]:POWer:[DC]:RANGe:AUTO", h).is_some() {
            if q {
                return Answer::Reply(
                    u8::from(self.meter.with(|m| m.settings(CH).auto_range)).to_string(),
                );
            }
            return match boolean(cmd.args) {
                Some(on) => {
                    self.meter.with(|m| m.update(CH, |s| s.auto_range = on));
                    Answer::Done
                }
                None => BAD_VALUE,
            };
        }
        if matches("[SENSe#]:AVERage:[COUNt]", h).is_some() {
            if q {
                let ms = self.meter.with(|m| m.settings(CH).averaging.as_millis());
                return Answer::Reply(ms.max(1).to_string());
            }
            return match number(cmd.args) {
                Some(n) if (1.0..=1e6).contains(&n) && n.fract() == 0.0 => {
                    let d = Duration::from_millis(n as u64);
                    self.meter.with(|m| m.update(CH, |s| s.averaging = d));
                    Answer::Done
                }
                _ => BAD_VALUE,
            };
        }
        if matches("CONFigure:[SCALar]:[POWer]", h).is_some() {
            return if q {
                Answer::Reply("POW".into())
            } else {
                Answer::Done
            };
        }
        if q && (matches("MEASure:[SCALar]:[POWer]", h).is_some() || matches("READ", h).is_some()) {
            let (text, wait) = self.reading();
            return Answer::ReplyAfter(text, wait);
        }
        if q && matches("FETCh:[SCALar]:[POWer]", h).is_some() {
            return Answer::Reply(self.reading().0);
        }
        if !q && (matches("INITiate:[IMMediate]", h).is_some() || matches("ABORt", h).is_some()) {
            return Answer::Done;
        }
        if q && matches("SYSTem:SENSor:IDN", h).is_some() {
            return Answer::Reply("S122C,SIM00002,01-Jan-2024,1,18,289".into());
        }
        Answer::Undefined
    }
}

#[cfg(test)]
mod tests {
    use super::super::common::cmd;
    use super::*;
    use crate::sim::lab::meter::MeterAccuracy;

    #[test]
    fn units_averaging_and_readings() {
        let mut t = ThorlabsSim::new(SimMeter::constant(1, 0.0, MeterAccuracy::default()));
        assert_eq!(t.handle(&cmd("SENS:POW:UNIT", false, "W")), Answer::Done);
        assert_eq!(
            t.handle(&cmd("POW:DC:UNIT", true, "")),
            Answer::Reply("W".into())
        );
        assert_eq!(t.handle(&cmd("SENS:AVER:COUN", false, "5")), Answer::Done);
        // 0 dBm = 1 mW, after 5 samples at 1 kHz = 5 ms.
        assert_eq!(
            t.handle(&cmd("MEAS:POW", true, "")),
            Answer::ReplyAfter("1.000000E-3".into(), Duration::from_millis(5))
        );
        assert_eq!(t.handle(&cmd("SENS:CORR:WAV", false, "1310")), Answer::Done);
        assert_eq!(
            t.handle(&cmd("SENSE:CORR:WAV", true, "")),
            Answer::Reply("1310".into())
        );
        assert_eq!(t.handle(&cmd("SENS:CORR:WAV", false, "9999")), OUT_OF_RANGE);
        assert_eq!(t.handle(&cmd("SENS:AVER:COUN", false, "0.5")), BAD_VALUE);
        assert_eq!(t.handle(&cmd("CONF:POW", false, "")), Answer::Done);
        assert_eq!(t.handle(&cmd("MEAS:VOLT", true, "")), Answer::Undefined);
    }

    #[test]
    fn darkness() {
        let meter = SimMeter::new(1, std::sync::Arc::new(|_| None), MeterAccuracy::default());
        let mut t = ThorlabsSim::new(meter);
        assert_eq!(
            t.handle(&cmd("FETC", true, "")),
            Answer::Reply("-INFINITY".into())
        );
        t.handle(&cmd("SENS:POW:UNIT", false, "W"));
        assert_eq!(
            t.handle(&cmd("FETC", true, "")),
            Answer::Reply("0.000000E0".into())
        );
    }
}
