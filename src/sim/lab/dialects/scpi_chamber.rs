//! Simulated generic SCPI chamber (protocols.md §2.9): `SOUR:TEMP` (setpoint, range-checked:
//! outside the limits queues `-222,"Data out of range"`), `MEAS:TEMP?`, `OUTP[:STAT] ON|OFF`
//! starting and stopping regulation.

use std::io;

use tokio::time::Instant;

use super::common::{BAD_VALUE, OUT_OF_RANGE};
use crate::sim::lab::chamber::SimChamber;
use crate::sim::lab::scpi::header::matches;
use crate::sim::lab::scpi::number::{boolean, number_with_unit};
use crate::sim::lab::scpi::{Answer, Command, Responder, ScpiServer};

/// The generic SCPI chamber dialect over a [`SimChamber`].
#[derive(Debug)]
pub struct ScpiChamberSim {
    chamber: SimChamber,
    /// Accepted setpoint range, °C.
    pub limits_c: (f64, f64),
}

impl ScpiChamberSim {
    /// A chamber accepting −70…180 °C.
    pub fn new(chamber: SimChamber) -> Self {
        ScpiChamberSim {
            chamber,
            limits_c: (-70.0, 180.0),
        }
    }

    /// Serves it on loopback TCP.
    pub async fn serve(self) -> io::Result<ScpiServer> {
        ScpiServer::bind(Box::new(self)).await
    }
}

impl Responder for ScpiChamberSim {
    fn idn(&self) -> String {
        "optiqual,SIM-CHAMBER,SIM00001,1.0".into()
    }

    fn handle(&mut self, cmd: &Command<'_>) -> Answer {
        let h = cmd.header;
        let now = Instant::now();
        if matches("SOURce#:TEMPerature:[SPOint]", h).is_some() {
            if cmd.query {
                return Answer::Reply(format!("{:.3}", self.chamber.setpoint()));
            }
            return match number_with_unit(cmd.args) {
                Some((v, u)) if u.is_empty() || u == "C" || u == "CEL" => {
                    let (lo, hi) = self.limits_c;
                    if !(lo..=hi).contains(&v) {
                        return OUT_OF_RANGE;
                    }
                    self.chamber.with(|s| s.model.set_setpoint(v, now));
                    Answer::Done
                }
                _ => BAD_VALUE,
            };
        }
        if cmd.query && matches("MEASure:[SCALar]:TEMPerature", h).is_some() {
            return Answer::Reply(format!("{:.3}", self.chamber.temperature_at(now)));
        }
        if matches("OUTPut#:[STATe]", h).is_some() {
            if cmd.query {
                let on = self.chamber.with(|s| s.model.running());
                return Answer::Reply(u8::from(on).to_string());
            }
            return match boolean(cmd.args) {
                Some(true) => {
                    self.chamber.with(|s| s.model.start(now));
                    Answer::Done
                }
                Some(false) => {
                    self.chamber.with(|s| s.model.stop(now));
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
    use crate::sim::lab::chamber::ChamberConfig;

    #[tokio::test(start_paused = true)]
    async fn setpoint_output_and_limits() {
        let chamber = SimChamber::new(ChamberConfig::default());
        let mut c = ScpiChamberSim::new(chamber.clone());
        assert_eq!(c.handle(&cmd("SOUR:TEMP", false, "85")), Answer::Done);
        assert_eq!(
            c.handle(&cmd("SOURCE:TEMPERATURE", true, "")),
            Answer::Reply("85.000".into())
        );
        assert!(!chamber.with(|s| s.model.running()));
        assert_eq!(c.handle(&cmd("OUTP:STAT", false, "ON")), Answer::Done);
        tokio::time::sleep(std::time::Duration::from_secs(60)).await;
        // Ramp-limited: 25 + 5 °C/min × 1 min = 30 °C.
        assert_eq!(
            c.handle(&cmd("MEAS:TEMP", true, "")),
            Answer::Reply("30.000".into())
        );
        assert_eq!(
            c.handle(&cmd("SOUR:TEMP", false, "500")),
            Answer::Error(-222, "Data out of range")
        );
        assert_eq!(c.handle(&cmd("OUTP", false, "OFF")), Answer::Done);
        assert_eq!(c.handle(&cmd("OUTP", true, "")), Answer::Reply("0".into()));
        assert_eq!(c.handle(&cmd("MEAS:HUM", true, "")), Answer::Undefined);
    }
}
