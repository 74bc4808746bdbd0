//! Simulated Keysight N776x attenuator (protocols.md §2.4): `INP<ch>:ATT`, `INP<ch>:WAV`
//! (metres), `OUTP<ch>:STAT`.

use std::io;

use super::common::{BAD_VALUE, OUT_OF_RANGE};
use crate::sim::lab::attenuator::SimAttenuator;
use crate::sim::lab::scpi::header::matches;
use crate::sim::lab::scpi::number::{boolean, keysight_float, number_with_unit};
use crate::sim::lab::scpi::{Answer, Command, Responder, ScpiServer};

/// The N776x dialect over a [`SimAttenuator`].
#[derive(Debug)]
pub struct N776xSim {
    voa: SimAttenuator,
    wavelength_m: f64,
}

impl N776xSim {
    /// An N776x driving `voa`.
    pub fn new(voa: SimAttenuator) -> Self {
        N776xSim {
            voa,
            wavelength_m: 1550e-9,
        }
    }

    /// Serves it on loopback TCP.
    pub async fn serve(self) -> io::Result<ScpiServer> {
        ScpiServer::bind(Box::new(self)).await
    }

    fn channel(&self, caps: &[u32]) -> Option<u8> {
        let ch = u8::try_from(*caps.first()?).ok()?;
        self.voa.with(|s| s.has_channel(ch)).then_some(ch)
    }
}

impl Responder for N776xSim {
    fn idn(&self) -> String {
        "Keysight Technologies,N7764A,SIM00001,1.0".into()
    }

    fn no_error(&self) -> &'static str {
        "+0,\"No error\""
    }

    fn handle(&mut self, cmd: &Command<'_>) -> Answer {
        let h = cmd.header;
        if let Some(caps) = matches("INPut#:ATTenuation", h) {
            let Some(ch) = self.channel(&caps) else {
                return OUT_OF_RANGE;
            };
            if cmd.query {
                return Answer::Reply(keysight_float(
                    self.voa.with(|s| s.channel(ch).attenuation_db),
                ));
            }
            return match number_with_unit(cmd.args) {
                Some((db, u)) if u.is_empty() || u == "DB" => {
                    let max = self.voa.with(|s| s.max_db);
                    if !(0.0..=max).contains(&db) {
                        return OUT_OF_RANGE;
                    }
                    self.voa.with(|s| s.update(ch, |c| c.attenuation_db = db));
                    Answer::Done
                }
                _ => BAD_VALUE,
            };
        }
        if let Some(caps) = matches("INPut#:WAVelength", h) {
            if self.channel(&caps).is_none() {
                return OUT_OF_RANGE;
            }
            if cmd.query {
                return Answer::Reply(keysight_float(self.wavelength_m));
            }
            return match number_with_unit(cmd.args) {
                Some((v, u)) if u.is_empty() || u == "M" => {
                    self.wavelength_m = v;
                    Answer::Done
                }
                Some((v, u)) if u == "NM" => {
                    self.wavelength_m = v * 1e-9;
                    Answer::Done
                }
                _ => BAD_VALUE,
            };
        }
        if let Some(caps) = matches("OUTPut#:[STATe]", h) {
            let Some(ch) = self.channel(&caps) else {
                return OUT_OF_RANGE;
            };
            if cmd.query {
                return Answer::Reply(
                    u8::from(self.voa.with(|s| s.channel(ch).enabled)).to_string(),
                );
            }
            return match boolean(cmd.args) {
                Some(on) => {
                    self.voa.with(|s| s.update(ch, |c| c.enabled = on));
                    Answer::Done
                }
                None => BAD_VALUE,
            };
        }
        Answer::Undefined
    }
}

#[cfg(test)]
mod tests {
    use super::super::common::cmd;
    use super::*;

    #[test]
    fn attenuation_and_shutter() {
        let voa = SimAttenuator::new(4);
        let mut n = N776xSim::new(voa.clone());
        assert_eq!(n.handle(&cmd("INP2:ATT", false, "10.5")), Answer::Done);
        assert_eq!(
            n.handle(&cmd("INP2:ATT", true, "")),
            Answer::Reply("+1.05000000E+001".into())
        );
        assert_eq!(voa.loss_db(2), None);
        assert_eq!(n.handle(&cmd("OUTP2:STAT", false, "1")), Answer::Done);
        assert_eq!(voa.loss_db(2), Some(10.5));
        assert_eq!(n.handle(&cmd("INP5:ATT", false, "1")), OUT_OF_RANGE);
        assert_eq!(n.handle(&cmd("INP1:ATT", false, "99")), OUT_OF_RANGE);
    }
}
