//! A generic SCPI temperature controller or chamber (protocols.md §2.9): setpoint `SOUR:TEMP`,
//! reading `MEAS:TEMP?`, errors `SYST:ERR?`, after the Keithley 2510 style.
//!
//! UNCONFIRMED: which chambers actually use this dialect (protocols.md §5), and the output
//! switch `OUTP:STAT ON|OFF` used to start and stop regulating (the Keithley 2510 has
//! `:OUTPut[:STATe]`, but a chamber of this style may not).

use super::common::{identify_and_clear, refresh_identity};
use crate::instruments::address::Address;
use crate::instruments::scpi::{ClientOptions, ScpiClient};
use crate::instruments::traits::{BoxFuture, Chamber, Identity, InstrumentResult};

/// Driver name.
pub const NAME: &str = "scpi-chamber";

/// Default serial rate.
pub const DEFAULT_BAUD: u32 = 9600;

/// Setpoint query.
pub const SETPOINT_QUERY: &str = "SOUR:TEMP?";
/// Temperature query.
pub const MEASURE_QUERY: &str = "MEAS:TEMP?";
/// Start regulating (UNCONFIRMED, see the module notes).
pub const OUTPUT_ON: &str = "OUTP:STAT ON";
/// Stop regulating (UNCONFIRMED, see the module notes).
pub const OUTPUT_OFF: &str = "OUTP:STAT OFF";

/// `SOUR:TEMP <°C>`.
pub fn setpoint_command(celsius: f64) -> String {
    format!("SOUR:TEMP {celsius}")
}

/// A generic SCPI chamber.
#[derive(Debug)]
pub struct ScpiChamber {
    client: ScpiClient,
    identity: Identity,
}

impl ScpiChamber {
    /// Connects, reads `*IDN?` and clears the status.
    pub async fn connect(address: &Address, opts: ClientOptions) -> InstrumentResult<Self> {
        let client = ScpiClient::open(address, NAME, DEFAULT_BAUD, opts).await?;
        Self::over(client).await
    }

    /// Runs the connect sequence over an open client.
    pub async fn over(mut client: ScpiClient) -> InstrumentResult<Self> {
        let identity = identify_and_clear(&mut client).await?;
        Ok(ScpiChamber { client, identity })
    }

    /// What `*IDN?` said at connect.
    pub fn identity(&self) -> &Identity {
        &self.identity
    }

    async fn finite(&mut self, query: &str) -> InstrumentResult<f64> {
        let v = self.client.query_f64(query).await?;
        if v.is_finite() {
            Ok(v)
        } else {
            Err(self.client.out_of_range(format!("{query} answered {v}")))
        }
    }
}

impl Chamber for ScpiChamber {
    fn identify(&mut self) -> BoxFuture<'_, InstrumentResult<Identity>> {
        Box::pin(refresh_identity(&mut self.client, &mut self.identity))
    }

    fn set_setpoint(&mut self, celsius: f64) -> BoxFuture<'_, InstrumentResult<()>> {
        Box::pin(async move {
            if !celsius.is_finite() {
                return Err(self
                    .client
                    .invalid_request(format!("setpoint {celsius} °C")));
            }
            self.client.command(&setpoint_command(celsius)).await?;
            self.client.command(OUTPUT_ON).await
        })
    }

    fn setpoint(&mut self) -> BoxFuture<'_, InstrumentResult<f64>> {
        Box::pin(self.finite(SETPOINT_QUERY))
    }

    fn temperature(&mut self) -> BoxFuture<'_, InstrumentResult<f64>> {
        Box::pin(self.finite(MEASURE_QUERY))
    }

    fn stop(&mut self) -> BoxFuture<'_, InstrumentResult<()>> {
        Box::pin(self.client.command(OUTPUT_OFF))
    }
}

#[cfg(test)]
mod tests {
    use super::super::common::testing::script_client;
    use super::*;
    use crate::instruments::error::InstrumentError;
    use crate::instruments::scpi::link::script::ScriptLink;

    const NO_ERROR: &str = "0,\"No error\"";

    #[test]
    fn command_encoding() {
        assert_eq!(setpoint_command(25.0), "SOUR:TEMP 25");
        assert_eq!(setpoint_command(-40.5), "SOUR:TEMP -40.5");
    }

    #[tokio::test(start_paused = true)]
    async fn conversation() -> Result<(), InstrumentError> {
        let link = ScriptLink::new(&["ACME,TC-1,7,1.0", NO_ERROR]);
        let client = script_client(&link, NAME, "tcp://c:5025");
        let mut c = ScpiChamber::over(client).await?;
        assert_eq!(link.take_sent(), ["*IDN?", "*CLS", "SYST:ERR?"]);
        link.push(&[NO_ERROR, NO_ERROR, "+8.500000E+01", "+2.43E+01", NO_ERROR]);
        c.set_setpoint(85.0).await?;
        assert_eq!(c.setpoint().await?, 85.0);
        assert_eq!(c.temperature().await?, 24.3);
        c.stop().await?;
        assert_eq!(
            link.take_sent(),
            [
                "SOUR:TEMP 85",
                "SYST:ERR?",
                "OUTP:STAT ON",
                "SYST:ERR?",
                "SOUR:TEMP?",
                "MEAS:TEMP?",
                "OUTP:STAT OFF",
                "SYST:ERR?"
            ]
        );
        link.push(&["-222,\"Data out of range\"", NO_ERROR]);
        assert!(matches!(
            c.set_setpoint(500.0).await,
            Err(InstrumentError::InstrumentReported { code: -222, .. })
        ));
        Ok(())
    }
}
