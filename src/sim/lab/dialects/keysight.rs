//! Simulated Keysight 816x / N774x power meter (protocols.md §2.2), answering exactly what the
//! `keysight` driver sends, plus the queries of the same nodes: wavelength answered in metres,
//! unit as `+0`/`+1`, averaging time in seconds, `READ<p>:POW?` blocking for the averaging time.
//!
//! Out of range (no light) is answered with `+3.40282300E+038`; the real sentinel is
//! UNCONFIRMED, the driver only relies on it being above 1e20.

use std::io;
use std::time::Duration;

use super::common::{BAD_VALUE, OUT_OF_RANGE};
use crate::sim::lab::meter::{PowerUnit, SimMeter, dbm_to_watts};
use crate::sim::lab::scpi::header::matches;
use crate::sim::lab::scpi::number::{boolean, keysight_float, number_with_unit};
use crate::sim::lab::scpi::{Answer, Command, Responder, ScpiServer};

/// The out-of-range reply.
pub const OVER_RANGE_REPLY: f64 = 3.402_823e38;

/// The Keysight dialect over a [`SimMeter`].
#[derive(Debug)]
pub struct KeysightSim {
    meter: SimMeter,
    heads_per_slot: u8,
    idn: String,
}

impl KeysightSim {
    /// An 816x mainframe (`heads_per_slot` heads per slot; channel n = (slot−1)·heads + head)
    /// or, with `heads_per_slot` = 1, an N774x whose port numbers are the channels.
    pub fn new(meter: SimMeter, heads_per_slot: u8) -> Self {
        KeysightSim {
            meter,
            heads_per_slot: heads_per_slot.max(1),
            idn: "Keysight Technologies,8163B,SIM00001,V5.25(sim)".into(),
        }
    }

    /// Replaces the `*IDN?` reply.
    pub fn with_idn(mut self, idn: &str) -> Self {
        self.idn = idn.to_owned();
        self
    }

    /// Serves it on loopback TCP.
    pub async fn serve(self) -> io::Result<ScpiServer> {
        ScpiServer::bind(Box::new(self)).await
    }

    fn channel(&self, caps: &[u32]) -> Option<u8> {
        let slot = *caps.first()?;
        let head = caps.get(1).copied().unwrap_or(1);
        let hps = u32::from(self.heads_per_slot);
        if slot == 0 || head == 0 || head > hps {
            return None;
        }
        let ch = u8::try_from((slot - 1).checked_mul(hps)?.checked_add(head)?).ok()?;
        self.meter.with(|m| m.has_channel(ch)).then_some(ch)
    }

    fn reading(&self, ch: u8) -> (String, Duration) {
        self.meter.with(|m| {
            let s = m.settings(ch);
            let text = match (m.reading_dbm(ch), s.unit) {
                (None, _) => keysight_float(OVER_RANGE_REPLY),
                (Some(dbm), PowerUnit::Dbm) => keysight_float(dbm),
                (Some(dbm), PowerUnit::Watt) => keysight_float(dbm_to_watts(dbm)),
            };
            (text, s.averaging)
        })
    }
}

impl Responder for KeysightSim {
    fn idn(&self) -> String {
        self.idn.clone()
    }

    fn no_error(&self) -> &'static str {
        "+0,\"No error\""
    }

    fn handle(&mut self, cmd: &Command<'_>) -> Answer {
        let h = cmd.header;
        let (caps, node) = if let Some(c) = matches("SENSe#:[CHANnel#]:POWer:WAVelength", h) {
            (c, "wav")
        } else if let Some(c) = matches("SENSe#:[CHANnel#]:POWer:UNIT", h) {
            (c, "unit")
        } else if let Some(c) = matches("SENSe#:[CHANnel#]:POWer:ATIMe", h) {
            (c, "atime")
        } else if let Some(c) = matches("SENSe#:[CHANnel#]:POWer:RANGe:AUTO", h) {
            (c, "auto")
        } else if let Some(c) = matches("READ#:[CHANnel#]:[SCALar]:POWer:[DC]", h) {
            (c, "read")
        } else if let Some(c) = matches("FETCh#:[CHANnel#]:[SCALar]:POWer:[DC]", h) {
            (c, "fetch")
        } else if let Some(c) = matches("INITiate#:[CHANnel#]:IMMediate", h) {
            (c, "init")
        } else {
            return Answer::Undefined;
        };
        let Some(ch) = self.channel(&caps) else {
            return OUT_OF_RANGE;
        };
        match (node, cmd.query) {
            ("wav", false) => {
                let Some((v, unit)) = number_with_unit(cmd.args) else {
                    return BAD_VALUE;
                };
                let nm = match unit.as_str() {
                    "NM" => v,
                    "" | "M" => v * 1e9,
                    "UM" => v * 1e3,
                    "PM" => v * 1e-3,
                    _ => return Answer::Error(-131, "Invalid suffix"),
                };
                if !(800.0..=1700.0).contains(&nm) {
                    return OUT_OF_RANGE;
                }
                self.meter.with(|m| m.update(ch, |s| s.wavelength_nm = nm));
                Answer::Done
            }
            ("wav", true) => Answer::Reply(keysight_float(
                self.meter.with(|m| m.settings(ch).wavelength_nm) * 1e-9,
            )),
            ("unit", false) => {
                let unit = match cmd.args.trim().to_ascii_uppercase().as_str() {
                    "0" | "DBM" => PowerUnit::Dbm,
                    "1" | "W" | "WATT" => PowerUnit::Watt,
                    _ => return BAD_VALUE,
                };
                self.meter.with(|m| m.update(ch, |s| s.unit = unit));
                Answer::Done
            }
            ("unit", true) => Answer::Reply(
                match self.meter.with(|m| m.settings(ch).unit) {
                    PowerUnit::Dbm => "+0",
                    PowerUnit::Watt => "+1",
                }
                .into(),
            ),
            ("atime", false) => {
                let Some((v, unit)) = number_with_unit(cmd.args) else {
                    return BAD_VALUE;
                };
                let secs = match unit.as_str() {
                    "" | "S" => v,
                    "MS" => v * 1e-3,
                    "US" => v * 1e-6,
                    _ => return Answer::Error(-131, "Invalid suffix"),
                };
                let Ok(d) = Duration::try_from_secs_f64(secs) else {
                    return OUT_OF_RANGE;
                };
                if d > Duration::from_secs(10) {
                    return OUT_OF_RANGE;
                }
                self.meter.with(|m| m.update(ch, |s| s.averaging = d));
                Answer::Done
            }
            ("atime", true) => Answer::Reply(keysight_float(
                self.meter.with(|m| m.settings(ch).averaging.as_secs_f64()),
            )),
            ("auto", false) => match boolean(cmd.args) {
                Some(on) => {
                    self.meter.with(|m| m.update(ch, |s| s.auto_range = on));
                    Answer::Done
                }
                None => BAD_VALUE,
            },
            ("auto", true) => {
                Answer::Reply(u8::from(self.meter.with(|m| m.settings(ch).auto_range)).to_string())
            }
            ("read", true) => {
                let (text, wait) = self.reading(ch);
                Answer::ReplyAfter(text, wait)
            }
            ("fetch", true) => Answer::Reply(self.reading(ch).0),
            ("init", false) => Answer::Done,
            _ => Answer::Undefined,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::common::cmd;
    use super::*;
    use crate::sim::lab::meter::MeterAccuracy;

    #[test]
    fn state_and_units() {
        let meter = SimMeter::constant(2, -3.0, MeterAccuracy::default());
        let mut k = KeysightSim::new(meter, 1);
        assert_eq!(
            k.handle(&cmd("SENS2:CHAN1:POW:WAV", false, "1310.000000 nm")),
            Answer::Done
        );
        // 1310 nm = 1.31E-6 m.
        assert_eq!(
            k.handle(&cmd("SENS2:CHAN1:POW:WAV", true, "")),
            Answer::Reply("+1.31000000E-006".into())
        );
        assert_eq!(
            k.handle(&cmd("SENS2:POW:ATIME", false, "0.01 s")),
            Answer::Done
        );
        assert_eq!(
            k.handle(&cmd("READ2:CHAN1:POW", true, "")),
            Answer::ReplyAfter("-3.00000000E+000".into(), Duration::from_millis(10))
        );
        assert_eq!(k.handle(&cmd("SENS2:POW:UNIT", false, "1")), Answer::Done);
        // −3 dBm = 10^−0.3 mW = 0.501187 mW.
        assert_eq!(
            k.handle(&cmd("FETC2:POW", true, "")),
            Answer::Reply("+5.01187234E-004".into())
        );
        assert_eq!(k.handle(&cmd("READ3:POW", true, "")), OUT_OF_RANGE);
        assert_eq!(
            k.handle(&cmd("SENS1:CHAN2:POW:UNIT", false, "0")),
            OUT_OF_RANGE
        );
        assert_eq!(
            k.handle(&cmd("SENS1:POW:WAV", false, "1550 furlongs")),
            Answer::Error(-131, "Invalid suffix")
        );
        assert_eq!(k.handle(&cmd("SENS1:POW:UNIT", false, "2")), BAD_VALUE);
        assert_eq!(k.handle(&cmd("READ1:POW", false, "")), Answer::Undefined);
        assert_eq!(
            k.handle(&cmd("SENS1:POW:FOO", false, "")),
            Answer::Undefined
        );
    }

    #[test]
    fn darkness_is_the_over_range_marker() {
        let meter = SimMeter::new(1, std::sync::Arc::new(|_| None), MeterAccuracy::default());
        let mut k = KeysightSim::new(meter, 1);
        assert_eq!(
            k.handle(&cmd("FETC1:CHAN1:POW", true, "")),
            Answer::Reply("+3.40282300E+038".into())
        );
    }
}
