//! Thorlabs PM100 / PM10x power meters over raw SCPI lines (protocols.md §2.3).
//!
//! Commands: `SENS:POW:UNIT W` and `CONF:POW` at connect; `SENS:CORR:WAV <nm>`;
//! `SENS:AVER:COUN <n>`; `MEAS:POW?` → power in W, converted here to dBm.
//!
//! Notes:
//! - The unit is set to W and converted, so a reading is never ambiguous about its unit.
//!   Older PM100D firmware may want `POW:DC:UNIT` without `SENS`; that variant is UNCONFIRMED
//!   per model (protocols.md §2.3), so a meter that rejects the command shows up at connect as
//!   an `InstrumentReported` error rather than as wrong numbers.
//! - Averaging: the slow system updates at 1 kHz / n (protocols.md §2.3), so n samples take
//!   n ms; the driver sends n = averaging time in ms, at least 1.
//! - `MEAS:POW?` blocks while it averages; the client timeout must exceed the averaging time.
//!   `ABOR` is never sent during a read (Thorlabs warns it crashes the interface).
//! - Ethernet models (PM103E, PM5020) use a binary framing on port 2000, not these lines; they
//!   are not supported by this driver.
//! - One head: channel 1 only.

use std::time::Duration;

use super::common::{identify_and_clear, refresh_identity};
use crate::instruments::address::Address;
use crate::instruments::scpi::{ClientOptions, ScpiClient};
use crate::instruments::traits::{BoxFuture, Identity, InstrumentResult, PowerMeter};

/// Driver name.
pub const NAME: &str = "thorlabs-pm100";

/// Default serial rate of the serial models (protocols.md §2.3: 115200).
pub const DEFAULT_BAUD: u32 = 115_200;

/// Unit selection sent at connect.
pub const UNIT_WATT: &str = "SENS:POW:UNIT W";
/// Configure power measurement, sent at connect.
pub const CONFIGURE: &str = "CONF:POW";
/// Measure now.
pub const MEASURE: &str = "MEAS:POW?";

/// `SENS:CORR:WAV <nm>`.
pub fn wavelength_command(nm: f64) -> String {
    format!("SENS:CORR:WAV {nm}")
}

/// `SENS:AVER:COUN <n>` with n = averaging time in ms (1 kHz / n update rate), at least 1.
pub fn averaging_command(time: Duration) -> String {
    let n = time.as_millis().max(1);
    format!("SENS:AVER:COUN {n}")
}

/// W → dBm: `10·log10(P / 1 mW)`. Infinities (the out-of-range answer) and readings at or
/// below zero (no light, offset) have no dBm value.
pub fn watts_to_dbm(watts: f64) -> Result<f64, String> {
    if !watts.is_finite() {
        return Err(format!("meter answered {watts}, out of range"));
    }
    if watts <= 0.0 {
        return Err(format!(
            "meter answered {watts:e} W, below anything measurable"
        ));
    }
    Ok(10.0 * (watts * 1000.0).log10())
}

/// A Thorlabs PM100-family meter.
#[derive(Debug)]
pub struct ThorlabsMeter {
    client: ScpiClient,
    identity: Identity,
}

impl ThorlabsMeter {
    /// Connects, reads `*IDN?`, clears the status and configures power in W.
    pub async fn connect(address: &Address, opts: ClientOptions) -> InstrumentResult<Self> {
        let client = ScpiClient::open(address, NAME, DEFAULT_BAUD, opts).await?;
        Self::over(client).await
    }

    /// Runs the connect sequence over an open client.
    pub async fn over(mut client: ScpiClient) -> InstrumentResult<Self> {
        let identity = identify_and_clear(&mut client).await?;
        client.command(UNIT_WATT).await?;
        client.command(CONFIGURE).await?;
        Ok(ThorlabsMeter { client, identity })
    }

    /// What `*IDN?` said at connect.
    pub fn identity(&self) -> &Identity {
        &self.identity
    }

    fn check_channel(&self, channel: u8) -> InstrumentResult<()> {
        if channel == 1 {
            Ok(())
        } else {
            Err(self.client.invalid_request(format!(
                "no channel {channel}: a PM100 has one head, channel 1"
            )))
        }
    }
}

impl PowerMeter for ThorlabsMeter {
    fn identify(&mut self) -> BoxFuture<'_, InstrumentResult<Identity>> {
        Box::pin(refresh_identity(&mut self.client, &mut self.identity))
    }

    fn set_wavelength_nm(&mut self, channel: u8, nm: f64) -> BoxFuture<'_, InstrumentResult<()>> {
        Box::pin(async move {
            self.check_channel(channel)?;
            if !(nm.is_finite() && nm > 0.0) {
                return Err(self.client.invalid_request(format!("wavelength {nm} nm")));
            }
            self.client.command(&wavelength_command(nm)).await
        })
    }

    fn set_averaging_time(
        &mut self,
        channel: u8,
        time: Duration,
    ) -> BoxFuture<'_, InstrumentResult<()>> {
        Box::pin(async move {
            self.check_channel(channel)?;
            self.client.command(&averaging_command(time)).await
        })
    }

    fn read_power_dbm(&mut self, channel: u8) -> BoxFuture<'_, InstrumentResult<f64>> {
        Box::pin(async move {
            self.check_channel(channel)?;
            let watts = self.client.query_f64(MEASURE).await?;
            watts_to_dbm(watts).map_err(|detail| self.client.out_of_range(detail))
        })
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
        assert_eq!(wavelength_command(1550.0), "SENS:CORR:WAV 1550");
        assert_eq!(wavelength_command(1310.5), "SENS:CORR:WAV 1310.5");
        // 100 ms at 1 kHz / n → n = 100.
        assert_eq!(
            averaging_command(Duration::from_millis(100)),
            "SENS:AVER:COUN 100"
        );
        assert_eq!(averaging_command(Duration::ZERO), "SENS:AVER:COUN 1");
    }

    #[test]
    fn watts_to_dbm_by_hand() {
        // 1 mW = 0 dBm; 2 mW = 10·log10(2) = 3.0103 dBm; 3.34e-5 W = 0.0334 mW →
        // 10·log10(0.0334) = 10 × (−1.476254) = −14.76254 dBm.
        assert_eq!(watts_to_dbm(1e-3), Ok(0.0));
        assert!(watts_to_dbm(2e-3).is_ok_and(|v| (v - 3.0103).abs() < 1e-4));
        assert!(watts_to_dbm(3.34e-5).is_ok_and(|v| (v + 14.76254).abs() < 1e-4));
        assert!(watts_to_dbm(f64::INFINITY).is_err());
        assert!(watts_to_dbm(f64::NEG_INFINITY).is_err());
        assert!(watts_to_dbm(0.0).is_err());
        assert!(watts_to_dbm(-1e-9).is_err());
    }

    #[tokio::test(start_paused = true)]
    async fn conversation() -> Result<(), InstrumentError> {
        let link = ScriptLink::new(&[
            "Thorlabs,PM100USB,P2000123,1.6.0",
            NO_ERROR,
            NO_ERROR,
            NO_ERROR,
        ]);
        let client = script_client(&link, NAME, "serial:/dev/ttyACM0");
        let mut m = ThorlabsMeter::over(client).await?;
        assert_eq!(m.identity().serial, "P2000123");
        assert_eq!(
            link.take_sent(),
            [
                "*IDN?",
                "*CLS",
                "SYST:ERR?",
                "SENS:POW:UNIT W",
                "SYST:ERR?",
                "CONF:POW",
                "SYST:ERR?"
            ]
        );
        link.push(&[NO_ERROR, "1.000000E-03"]);
        m.set_wavelength_nm(1, 1310.0).await?;
        assert_eq!(m.read_power_dbm(1).await?, 0.0);
        assert_eq!(
            link.take_sent(),
            ["SENS:CORR:WAV 1310", "SYST:ERR?", "MEAS:POW?"]
        );
        link.push(&["INFINITY"]);
        assert!(matches!(
            m.read_power_dbm(1).await,
            Err(InstrumentError::OutOfRange { .. })
        ));
        assert!(matches!(
            m.read_power_dbm(2).await,
            Err(InstrumentError::InvalidRequest { .. })
        ));
        Ok(())
    }
}
