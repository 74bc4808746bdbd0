//! inTEST/Temptronic ThermoStream forcing systems (ATS-5xx/6xx, ECO-560), protocols.md §2.5.
//!
//! Plain ASCII mnemonics, LF-terminated (the ECO-560 over TCP), replies are bare numbers. There
//! is no SCPI error queue: after each setting the driver reads the 16-bit error register
//! `EROR?` and turns a non-zero value into `InstrumentReported` (code = register value).
//!
//! Sequence: `%RM` (remote) at connect; to set a temperature `FLOW 1` (once), `SETN n` by range
//! (operator screen: 0 = hot, 1 = ambient, 2 = cold; the split at ≤ 20 °C cold, < 30 °C ambient,
//! otherwise hot follows pymeasure's `set_temperature`), `SETP x`; `TEMP?` reads the temperature
//! (a value above 400 means invalid), `SETP?` the setpoint, `FLOW 0` stops.
//!
//! UNCONFIRMED (protocols.md §5): the TCP port and serial settings; whether the ATS answers
//! `*IDN?`. The driver asks `*IDN?` and, if it gets no answer, checks the link with `WHAT?`
//! (5 = manual, 6 = program) and names the instrument generically.
//! pymeasure waits 50 ms between a write and the next message; so does this driver after a
//! setting (on tokio time).

use std::time::Duration;

use crate::instruments::address::Address;
use crate::instruments::error::InstrumentError;
use crate::instruments::scpi::{ClientOptions, ErrorCheck, ScpiClient};
use crate::instruments::traits::{BoxFuture, Chamber, Identity, InstrumentResult};

/// Driver name.
pub const NAME: &str = "thermostream";

/// Default serial rate (UNCONFIRMED).
pub const DEFAULT_BAUD: u32 = 9600;

/// Pause after each setting before the next message (pymeasure: 50 ms).
pub const SETTLE: Duration = Duration::from_millis(50);

/// Setpoint range of `SETP` (protocols.md §2.5: −99.9…225.0 °C).
pub const SETPOINT_RANGE: (f64, f64) = (-99.9, 225.0);

/// `TEMP?` readings above this are invalid (protocols.md §2.5).
pub const INVALID_ABOVE: f64 = 400.0;

/// The operator-screen setpoint number for a temperature: 2 cold (≤ 20 °C), 1 ambient
/// (< 30 °C), 0 hot.
pub fn setpoint_number(celsius: f64) -> u8 {
    if celsius <= 20.0 {
        2
    } else if celsius < 30.0 {
        1
    } else {
        0
    }
}

/// `SETP x` with the instrument's 0.1 °C resolution.
pub fn setpoint_command(celsius: f64) -> String {
    format!("SETP {celsius:.1}")
}

/// Names the set bits of the `EROR?` register (protocols.md §2.5).
pub fn describe_error_register(value: u16) -> String {
    const BITS: [(u16, &str); 11] = [
        (0, "overheat"),
        (1, "air open loop"),
        (3, "low flow"),
        (4, "low input air pressure"),
        (5, "air sensor open"),
        (7, "internal error"),
        (9, "flow sensor hardware"),
        (10, "no line sense"),
        (11, "nvram fault"),
        (12, "bvram fault"),
        (14, "no dut sensor selected"),
    ];
    let mut names: Vec<String> = BITS
        .iter()
        .filter(|(bit, _)| value & (1 << bit) != 0)
        .map(|(_, name)| (*name).to_owned())
        .collect();
    let known = BITS.iter().fold(0u16, |m, (bit, _)| m | (1 << bit));
    let unknown = value & !known;
    if unknown != 0 {
        names.push(format!("reserved bits 0x{unknown:04x}"));
    }
    names.join(", ")
}

/// A ThermoStream over its ASCII mnemonics.
#[derive(Debug)]
pub struct ThermoStream {
    client: ScpiClient,
    identity: Identity,
    flowing: bool,
    settle: Duration,
}

impl ThermoStream {
    /// Connects, identifies and enters remote mode (`%RM`).
    pub async fn connect(address: &Address, opts: ClientOptions) -> InstrumentResult<Self> {
        let opts = ClientOptions {
            error_check: ErrorCheck::None,
            ..opts
        };
        let client = ScpiClient::open(address, NAME, DEFAULT_BAUD, opts).await?;
        Self::over(client, SETTLE).await
    }

    /// Runs the connect sequence over an open client (whose error check should be `None`),
    /// pausing `settle` after each setting.
    pub async fn over(mut client: ScpiClient, settle: Duration) -> InstrumentResult<Self> {
        let identity = match client.identify().await {
            Ok(id) => id,
            Err(InstrumentError::Timeout { .. }) => {
                let mode = client.query_i64("WHAT?").await?;
                Identity {
                    manufacturer: "inTEST".into(),
                    model: "ThermoStream".into(),
                    serial: String::new(),
                    firmware: format!("(no *IDN?; WHAT? = {mode})"),
                }
            }
            Err(e) => return Err(e),
        };
        let mut ts = ThermoStream {
            client,
            identity,
            flowing: false,
            settle,
        };
        ts.set("%RM").await?;
        Ok(ts)
    }

    /// What the instrument said at connect.
    pub fn identity(&self) -> &Identity {
        &self.identity
    }

    async fn set(&mut self, command: &str) -> InstrumentResult<()> {
        self.client.command(command).await?;
        if !self.settle.is_zero() {
            tokio::time::sleep(self.settle).await;
        }
        Ok(())
    }

    /// Reads `EROR?`; a non-zero register is `InstrumentReported`.
    pub async fn check_error_register(&mut self) -> InstrumentResult<()> {
        let value = self.client.query_i64("EROR?").await?;
        let Ok(reg) = u16::try_from(value) else {
            return Err(self
                .client
                .protocol(format!("EROR? answered {value}, not a 16-bit register")));
        };
        if reg == 0 {
            return Ok(());
        }
        Err(InstrumentError::InstrumentReported {
            at: self.client.origin().clone(),
            code: i32::from(reg),
            message: describe_error_register(reg),
        })
    }
}

impl Chamber for ThermoStream {
    fn identify(&mut self) -> BoxFuture<'_, InstrumentResult<Identity>> {
        Box::pin(async move { Ok(self.identity.clone()) })
    }

    fn set_setpoint(&mut self, celsius: f64) -> BoxFuture<'_, InstrumentResult<()>> {
        Box::pin(async move {
            let (lo, hi) = SETPOINT_RANGE;
            if !(celsius.is_finite() && (lo..=hi).contains(&celsius)) {
                return Err(self
                    .client
                    .invalid_request(format!("setpoint {celsius} °C outside {lo}…{hi} °C")));
            }
            if !self.flowing {
                self.set("FLOW 1").await?;
                self.flowing = true;
            }
            self.set(&format!("SETN {}", setpoint_number(celsius)))
                .await?;
            self.set(&setpoint_command(celsius)).await?;
            self.check_error_register().await
        })
    }

    fn setpoint(&mut self) -> BoxFuture<'_, InstrumentResult<f64>> {
        Box::pin(async move {
            let v = self.client.query_f64("SETP?").await?;
            if v.is_finite() {
                Ok(v)
            } else {
                Err(self.client.protocol(format!("SETP? answered {v}")))
            }
        })
    }

    fn temperature(&mut self) -> BoxFuture<'_, InstrumentResult<f64>> {
        Box::pin(async move {
            let v = self.client.query_f64("TEMP?").await?;
            if v.is_finite() && v <= INVALID_ABOVE {
                Ok(v)
            } else {
                Err(self.client.out_of_range(format!(
                    "TEMP? answered {v}; above {INVALID_ABOVE} means invalid"
                )))
            }
        })
    }

    fn stop(&mut self) -> BoxFuture<'_, InstrumentResult<()>> {
        Box::pin(async move {
            self.set("FLOW 0").await?;
            self.flowing = false;
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::instruments::error::Origin;
    use crate::instruments::scpi::link::script::ScriptLink;

    fn client(link: &ScriptLink) -> ScpiClient {
        ScpiClient::from_link(
            Box::new(link.clone()),
            Origin::new(NAME, "tcp://ts:5025"),
            ClientOptions {
                timeout: Duration::from_millis(100),
                error_check: ErrorCheck::None,
                ..ClientOptions::default()
            },
        )
    }

    #[test]
    fn encoding_and_ranges() {
        assert_eq!(setpoint_number(-40.0), 2);
        assert_eq!(setpoint_number(20.0), 2);
        assert_eq!(setpoint_number(25.0), 1);
        assert_eq!(setpoint_number(30.0), 0);
        assert_eq!(setpoint_command(-5.0), "SETP -5.0");
        assert_eq!(setpoint_command(85.25), "SETP 85.2"); // 0.1 °C resolution
        // 0x0009 = bits 0 and 3.
        assert_eq!(describe_error_register(0x0009), "overheat, low flow");
        assert_eq!(describe_error_register(0x8000), "reserved bits 0x8000");
    }

    #[tokio::test(start_paused = true)]
    async fn conversation() -> Result<(), InstrumentError> {
        let link = ScriptLink::new(&["inTEST,ATS-545,1234,2.0"]);
        let mut ts = ThermoStream::over(client(&link), SETTLE).await?;
        assert_eq!(ts.identity().model, "ATS-545");
        assert_eq!(link.take_sent(), ["*IDN?", "%RM"]);
        link.push(&["0", "70.0", "68.3"]);
        ts.set_setpoint(70.0).await?;
        assert_eq!(ts.setpoint().await?, 70.0);
        assert_eq!(ts.temperature().await?, 68.3);
        assert_eq!(
            link.take_sent(),
            ["FLOW 1", "SETN 0", "SETP 70.0", "EROR?", "SETP?", "TEMP?"]
        );
        // Already flowing: no second FLOW 1.
        link.push(&["8"]);
        match ts.set_setpoint(-10.0).await {
            Err(InstrumentError::InstrumentReported { code, message, .. }) => {
                assert_eq!(code, 8);
                assert_eq!(message, "low flow");
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(link.take_sent(), ["SETN 2", "SETP -10.0", "EROR?"]);
        link.push(&["999.9"]);
        assert!(matches!(
            ts.temperature().await,
            Err(InstrumentError::OutOfRange { .. })
        ));
        ts.stop().await?;
        assert_eq!(link.take_sent(), ["TEMP?", "FLOW 0"]);
        assert!(matches!(
            ts.set_setpoint(300.0).await,
            Err(InstrumentError::InvalidRequest { .. })
        ));
        Ok(())
    }

    #[tokio::test(start_paused = true)]
    async fn falls_back_to_what_when_idn_is_not_answered() -> Result<(), InstrumentError> {
        let link = ScriptLink::default();
        link.push_silence();
        link.push(&["5"]);
        let ts = ThermoStream::over(client(&link), Duration::ZERO).await?;
        assert_eq!(ts.identity().model, "ThermoStream");
        assert_eq!(link.sent(), ["*IDN?", "WHAT?", "%RM"]);
        Ok(())
    }
}
