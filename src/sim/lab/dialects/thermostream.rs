//! Simulated inTEST ThermoStream (protocols.md §2.5, §2.10): bare-number replies, no error
//! queue (unknown mnemonics are ignored, no reply), the `EROR?` register from the chamber's
//! fault state, `TECR?` bit 0 once the temperature has stayed within `WNDW` for `SOAK` seconds
//! (a new setpoint restarts the soak), and `RAMP` changing the model's ramp limit.
//!
//! `*IDN?` is answered although a real ATS may not answer it (UNCONFIRMED); the driver copes
//! either way.

use std::io;
use std::time::Duration;

use tokio::time::Instant;

use crate::sim::lab::chamber::SimChamber;
use crate::sim::lab::scpi::number::number;
use crate::sim::lab::scpi::{Answer, Command, Responder, ScpiServer};

/// How many instants of the soak interval `TECR?` samples.
const SOAK_SAMPLES: u32 = 32;

/// The ThermoStream dialect over a [`SimChamber`].
#[derive(Debug)]
pub struct ThermoStreamSim {
    chamber: SimChamber,
    setpoints: [f64; 18],
    selected: usize,
    window_c: f64,
    soak: Duration,
    flow: bool,
    head_down: bool,
    dut_mode: bool,
    ramp_c_per_min: f64,
    test_time_s: f64,
}

impl ThermoStreamSim {
    /// A ThermoStream on the operator screen (setpoints hot 40, ambient 25, cold 0 °C),
    /// window 1 °C, soak 30 s, flow off.
    pub fn new(chamber: SimChamber) -> Self {
        let mut setpoints = [25.0; 18];
        setpoints[0] = 40.0;
        setpoints[2] = 0.0;
        let ramp = chamber
            .with(|s| s.model.config().max_ramp_c_per_min)
            .unwrap_or(9999.0);
        ThermoStreamSim {
            chamber,
            setpoints,
            selected: 1,
            window_c: 1.0,
            soak: Duration::from_secs(30),
            flow: false,
            head_down: true,
            dut_mode: false,
            ramp_c_per_min: ramp,
            test_time_s: 1000.0,
        }
    }

    /// Serves it on loopback TCP.
    pub async fn serve(self) -> io::Result<ScpiServer> {
        ScpiServer::bind(Box::new(self)).await
    }

    fn active(&self) -> f64 {
        self.setpoints.get(self.selected).copied().unwrap_or(25.0)
    }

    /// Pushes the active setpoint into the model when the air flows.
    fn apply(&self) {
        let sp = self.active();
        let flow = self.flow;
        let now = Instant::now();
        self.chamber.with(|s| {
            s.model.set_setpoint(sp, now);
            if flow && !s.model.running() {
                s.model.start(now);
            }
            if !flow && s.model.running() {
                s.model.stop(now);
            }
        });
    }

    /// `TECR?` bits 0 (at temperature: within the window for the whole soak) and 1 (not).
    fn condition(&self) -> u8 {
        let now = Instant::now();
        let sp = self.active();
        let at = self.flow
            && self.chamber.with(|s| {
                let since = s.model.segment_start();
                let Some(from) = now.checked_sub(self.soak) else {
                    return false;
                };
                if from < since {
                    return false;
                }
                (0..=SOAK_SAMPLES).all(|k| {
                    let t = from + self.soak.mul_f64(f64::from(k) / f64::from(SOAK_SAMPLES));
                    (s.model.temperature_at(t) - sp).abs() <= self.window_c
                })
            });
        if at { 0b01 } else { 0b10 }
    }
}

fn tenths(v: f64) -> Answer {
    Answer::Reply(format!("{v:.1}"))
}

impl Responder for ThermoStreamSim {
    fn idn(&self) -> String {
        "inTEST,ATS-545 (sim),SIM00001,1.0".into()
    }

    fn has_error_queue(&self) -> bool {
        false
    }

    fn handle(&mut self, cmd: &Command<'_>) -> Answer {
        let name = cmd.header.to_ascii_uppercase();
        let arg = number(cmd.args);
        match (name.as_str(), cmd.query, arg) {
            ("%RM" | "%GL" | "%LL", false, _) => Answer::Done,
            ("SETN", false, Some(n)) if (0.0..=17.0).contains(&n) && n.fract() == 0.0 => {
                self.selected = n as usize;
                self.apply();
                Answer::Done
            }
            ("SETN", true, _) => Answer::Reply(self.selected.to_string()),
            ("SETP", false, Some(v)) if (-99.9..=225.0).contains(&v) => {
                let v = (v * 10.0).round() / 10.0;
                if let Some(slot) = self.setpoints.get_mut(self.selected) {
                    *slot = v;
                }
                self.apply();
                Answer::Done
            }
            ("SETP", true, _) => tenths(self.active()),
            ("TEMP" | "TMPA" | "TMPD", true, _) => tenths(self.chamber.temperature()),
            ("SETD", true, _) => tenths(self.active()),
            ("TECR", true, _) => Answer::Reply(self.condition().to_string()),
            ("EROR", true, _) => Answer::Reply(self.chamber.with(|s| s.error_register).to_string()),
            ("CLER", false, _) => {
                self.chamber.with(|s| s.error_register = 0);
                Answer::Done
            }
            ("FLOW", false, Some(v)) if v == 0.0 || v == 1.0 => {
                self.flow = v == 1.0;
                self.apply();
                Answer::Done
            }
            ("HEAD", false, Some(v)) if v == 0.0 || v == 1.0 => {
                self.head_down = v == 1.0;
                Answer::Done
            }
            ("HEAD", true, _) => Answer::Reply(u8::from(self.head_down).to_string()),
            ("DUTM", false, Some(v)) if v == 0.0 || v == 1.0 => {
                self.dut_mode = v == 1.0;
                Answer::Done
            }
            ("DUTM", true, _) => Answer::Reply(u8::from(self.dut_mode).to_string()),
            ("WNDW", false, Some(v)) if (0.1..=9.9).contains(&v) => {
                self.window_c = v;
                Answer::Done
            }
            ("WNDW", true, _) => tenths(self.window_c),
            ("SOAK", false, Some(v)) if (0.0..=9999.0).contains(&v) => {
                self.soak = Duration::from_secs_f64(v);
                Answer::Done
            }
            ("SOAK", true, _) => Answer::Reply(self.soak.as_secs().to_string()),
            ("RAMP", false, Some(v)) if (0.0..=9999.0).contains(&v) => {
                self.ramp_c_per_min = v;
                let now = Instant::now();
                let limit = (v > 0.0).then_some(v);
                self.chamber.with(|s| s.model.set_ramp_limit(limit, now));
                Answer::Done
            }
            ("RAMP", true, _) => tenths(self.ramp_c_per_min),
            ("TTIM", false, Some(v)) if (0.0..=9999.0).contains(&v) => {
                self.test_time_s = v;
                Answer::Done
            }
            ("TTIM", true, _) => Answer::Reply(format!("{}", self.test_time_s)),
            ("WHAT", true, _) => Answer::Reply("5".into()),
            ("AUXC", true, _) => {
                // Bit 5 flow, bit 6 ready, bit 8 manual mode (protocols.md §2.5).
                let v = (u16::from(self.flow) << 5) | (1 << 6) | (1 << 8);
                Answer::Reply(v.to_string())
            }
            ("COOL" | "DSNS" | "DUTC" | "LLIM" | "ULIM" | "ADMD", false, Some(_)) => Answer::Done,
            ("RSTO", false, _) => {
                self.selected = 1;
                Answer::Done
            }
            _ => Answer::Undefined,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::common::cmd;
    use super::*;
    use crate::sim::lab::chamber::{ChamberConfig, ChamberFault};

    #[tokio::test(start_paused = true)]
    async fn setpoint_flow_and_soak() {
        let chamber = SimChamber::new(ChamberConfig::default());
        let mut ts = ThermoStreamSim::new(chamber.clone());
        ts.handle(&cmd("SETN", false, "0"));
        ts.handle(&cmd("SETP", false, "30.04"));
        assert_eq!(
            ts.handle(&cmd("SETP", true, "")),
            Answer::Reply("30.0".into())
        );
        // No flow yet: the chamber stays at ambient and is not at temperature.
        tokio::time::sleep(Duration::from_secs(60)).await;
        assert_eq!(
            ts.handle(&cmd("TEMP", true, "")),
            Answer::Reply("25.0".into())
        );
        assert_eq!(ts.handle(&cmd("TECR", true, "")), Answer::Reply("2".into()));
        ts.handle(&cmd("FLOW", false, "1"));
        // 5 °C step, pure lag: after 5τ = 600 s within 5·e^−5 = 0.03 °C, soaked 30 s.
        tokio::time::sleep(Duration::from_secs(600)).await;
        assert_eq!(
            ts.handle(&cmd("TEMP", true, "")),
            Answer::Reply("30.0".into())
        );
        assert_eq!(ts.handle(&cmd("TECR", true, "")), Answer::Reply("1".into()));
        // Never settles: ±2 °C swings leave the 1 °C window.
        chamber.set_fault(ChamberFault::never_settles());
        tokio::time::sleep(Duration::from_secs(600)).await;
        assert_eq!(ts.handle(&cmd("TECR", true, "")), Answer::Reply("2".into()));
        ts.handle(&cmd("FLOW", false, "0"));
        assert!(!chamber.with(|s| s.model.running()));
    }

    #[tokio::test(start_paused = true)]
    async fn error_register_and_unknowns() {
        let chamber = SimChamber::new(ChamberConfig::default());
        let mut ts = ThermoStreamSim::new(chamber.clone());
        assert_eq!(ts.handle(&cmd("EROR", true, "")), Answer::Reply("0".into()));
        chamber.set_error_register(8);
        assert_eq!(ts.handle(&cmd("EROR", true, "")), Answer::Reply("8".into()));
        ts.handle(&cmd("CLER", false, ""));
        assert_eq!(ts.handle(&cmd("EROR", true, "")), Answer::Reply("0".into()));
        assert_eq!(ts.handle(&cmd("SETP", false, "300")), Answer::Undefined);
        assert_eq!(ts.handle(&cmd("BOGUS", true, "")), Answer::Undefined);
        assert_eq!(ts.handle(&cmd("RAMP", false, "10")), Answer::Done);
        assert_eq!(
            chamber.with(|s| s.model.config().max_ramp_c_per_min),
            Some(10.0)
        );
    }
}
