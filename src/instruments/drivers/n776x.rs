//! Keysight N776x multichannel variable optical attenuators (protocols.md §2.4).
//!
//! Commands: attenuation `INP<ch>:ATT <dB>` / `INP<ch>:ATT?`; shutter `OUTP<ch>:STAT 1|0`.
//! The reference names the source driver but not its repository, so these commands are as
//! well confirmed as that one driver.

use super::common::{identify_and_clear, refresh_identity};
use crate::instruments::address::Address;
use crate::instruments::scpi::{ClientOptions, ScpiClient};
use crate::instruments::traits::{Attenuator, BoxFuture, Identity, InstrumentResult};

/// Driver name.
pub const NAME: &str = "keysight-n776x";

/// Default serial rate.
pub const DEFAULT_BAUD: u32 = 9600;

/// `INP<ch>:ATT <dB>`.
pub fn attenuation_command(channel: u8, db: f64) -> String {
    format!("INP{channel}:ATT {db}")
}

/// `INP<ch>:ATT?`.
pub fn attenuation_query(channel: u8) -> String {
    format!("INP{channel}:ATT?")
}

/// `OUTP<ch>:STAT 1|0`.
pub fn output_command(channel: u8, enabled: bool) -> String {
    format!("OUTP{channel}:STAT {}", u8::from(enabled))
}

/// An N776x attenuator.
#[derive(Debug)]
pub struct N776x {
    client: ScpiClient,
    identity: Identity,
}

impl N776x {
    /// Connects, reads `*IDN?` and clears the status.
    pub async fn connect(address: &Address, opts: ClientOptions) -> InstrumentResult<Self> {
        let client = ScpiClient::open(address, NAME, DEFAULT_BAUD, opts).await?;
        Self::over(client).await
    }

    /// Runs the connect sequence over an open client.
    pub async fn over(mut client: ScpiClient) -> InstrumentResult<Self> {
        let identity = identify_and_clear(&mut client).await?;
        Ok(N776x { client, identity })
    }

    /// What `*IDN?` said at connect.
    pub fn identity(&self) -> &Identity {
        &self.identity
    }

    fn check_channel(&self, channel: u8) -> InstrumentResult<()> {
        if channel == 0 {
            return Err(self
                .client
                .invalid_request("no channel 0 (channels count from 1)"));
        }
        Ok(())
    }
}

impl Attenuator for N776x {
    fn identify(&mut self) -> BoxFuture<'_, InstrumentResult<Identity>> {
        Box::pin(refresh_identity(&mut self.client, &mut self.identity))
    }

    fn set_attenuation_db(&mut self, channel: u8, db: f64) -> BoxFuture<'_, InstrumentResult<()>> {
        Box::pin(async move {
            self.check_channel(channel)?;
            if !(db.is_finite() && db >= 0.0) {
                return Err(self.client.invalid_request(format!("attenuation {db} dB")));
            }
            self.client.command(&attenuation_command(channel, db)).await
        })
    }

    fn attenuation_db(&mut self, channel: u8) -> BoxFuture<'_, InstrumentResult<f64>> {
        Box::pin(async move {
            self.check_channel(channel)?;
            let v = self.client.query_f64(&attenuation_query(channel)).await?;
            if v.is_finite() {
                Ok(v)
            } else {
                Err(self
                    .client
                    .protocol(format!("INP{channel}:ATT? answered {v}")))
            }
        })
    }

    fn set_enabled(&mut self, channel: u8, enabled: bool) -> BoxFuture<'_, InstrumentResult<()>> {
        Box::pin(async move {
            self.check_channel(channel)?;
            self.client.command(&output_command(channel, enabled)).await
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::common::testing::script_client;
    use super::*;
    use crate::instruments::error::InstrumentError;
    use crate::instruments::scpi::link::script::ScriptLink;

    const NO_ERROR: &str = "+0,\"No error\"";

    #[test]
    fn command_encoding() {
        assert_eq!(attenuation_command(1, 10.5), "INP1:ATT 10.5");
        assert_eq!(attenuation_query(3), "INP3:ATT?");
        assert_eq!(output_command(2, true), "OUTP2:STAT 1");
        assert_eq!(output_command(2, false), "OUTP2:STAT 0");
    }

    #[tokio::test(start_paused = true)]
    async fn conversation() -> Result<(), InstrumentError> {
        let link = ScriptLink::new(&["Keysight Technologies,N7764A,MY1,1.0", NO_ERROR]);
        let client = script_client(&link, NAME, "tcp://v:5025");
        let mut v = N776x::over(client).await?;
        link.take_sent();
        link.push(&[NO_ERROR, "+1.050000E+01", NO_ERROR]);
        v.set_attenuation_db(2, 10.5).await?;
        assert_eq!(v.attenuation_db(2).await?, 10.5);
        v.set_enabled(2, true).await?;
        assert_eq!(
            link.take_sent(),
            [
                "INP2:ATT 10.5",
                "SYST:ERR?",
                "INP2:ATT?",
                "OUTP2:STAT 1",
                "SYST:ERR?"
            ]
        );
        Ok(())
    }
}
