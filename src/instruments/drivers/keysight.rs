//! Keysight 816x power-meter modules (8163A/B mainframes) and N774x multiport power meters
//! (protocols.md §2.2).
//!
//! Commands, with `<p>` the slot and head on an 816x (`1:CHAN1`) or the port on an N774x (`2`):
//! - wavelength `SENS<p>:POW:WAV 1550.000000 nm` (a query would answer in metres);
//! - unit `SENS<p>:POW:UNIT 0` (dBm; `1` is W), set once per channel before its first use;
//! - auto range `SENS<p>:POW:RANG:AUTO 1`, set with the unit;
//! - averaging time `SENS<p>:POW:ATIME 0.1 s`;
//! - measure now `READ<p>:POW?` → a float in the set unit.
//!
//! Out-of-range readings: LabExT treats any value above 1e20 as out of range; the exact
//! sentinel the meter sends is UNCONFIRMED (protocols.md §2.2), so this driver does the same.
//! The channel on the 816x is written after the slot (`READ1:CHAN1:POW?`) as several public
//! drivers do; the reference rates this moderately confirmed.

use std::collections::BTreeSet;
use std::time::Duration;

use super::common::{identify_and_clear, refresh_identity};
use crate::instruments::address::Address;
use crate::instruments::scpi::{ClientOptions, ScpiClient};
use crate::instruments::traits::{BoxFuture, Identity, InstrumentResult, PowerMeter};

/// Readings above this are the meter's out-of-range marker (protocols.md §2.2, after LabExT).
pub const OVER_RANGE: f64 = 1e20;

/// Default serial rate; the 8163B serial settings are UNCONFIRMED (protocols.md §2.2).
pub const DEFAULT_BAUD: u32 = 9600;

/// How channels are addressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeysightLayout {
    /// 816x mainframe: slot and head (`SENS<slot>:CHAN<head>`). With `heads_per_slot` = 1,
    /// channel n is slot n, head 1; with 2 (dual-head modules), channel 1 is slot 1 head 1,
    /// channel 2 slot 1 head 2, channel 3 slot 2 head 1, and so on.
    Mainframe816x {
        /// Heads in each slot (1 or 2).
        heads_per_slot: u8,
    },
    /// N774x multiport meter: the number is the port (`SENS<port>`).
    Multiport,
}

impl KeysightLayout {
    /// The driver name of this layout.
    pub fn driver_name(self) -> &'static str {
        match self {
            KeysightLayout::Mainframe816x { .. } => "keysight-816x",
            KeysightLayout::Multiport => "keysight-n77xx",
        }
    }

    /// The suffix written after a subsystem for `channel`: `1:CHAN1` or `2`. `None` for
    /// channel 0 or a zero `heads_per_slot`.
    pub fn suffix(self, channel: u8) -> Option<String> {
        if channel == 0 {
            return None;
        }
        match self {
            KeysightLayout::Mainframe816x { heads_per_slot } => {
                if heads_per_slot == 0 {
                    return None;
                }
                let index = channel - 1;
                let slot = index / heads_per_slot + 1;
                let head = index % heads_per_slot + 1;
                Some(format!("{slot}:CHAN{head}"))
            }
            KeysightLayout::Multiport => Some(channel.to_string()),
        }
    }
}

/// `SENS<p>:POW:WAV <nm> nm`.
pub fn wavelength_command(suffix: &str, nm: f64) -> String {
    format!("SENS{suffix}:POW:WAV {nm:.6} nm")
}

/// `SENS<p>:POW:UNIT 0` (dBm).
pub fn unit_dbm_command(suffix: &str) -> String {
    format!("SENS{suffix}:POW:UNIT 0")
}

/// `SENS<p>:POW:RANG:AUTO 1`.
pub fn auto_range_command(suffix: &str) -> String {
    format!("SENS{suffix}:POW:RANG:AUTO 1")
}

/// `SENS<p>:POW:ATIME <s> s`.
pub fn averaging_command(suffix: &str, time: Duration) -> String {
    format!("SENS{suffix}:POW:ATIME {} s", time.as_secs_f64())
}

/// `READ<p>:POW?`.
pub fn read_query(suffix: &str) -> String {
    format!("READ{suffix}:POW?")
}

/// Checks a reading in dBm: finite and not above the out-of-range marker.
pub fn check_reading(value: f64) -> Result<f64, String> {
    if !value.is_finite() || value > OVER_RANGE {
        Err(format!("meter returned {value:e}, its out-of-range marker"))
    } else {
        Ok(value)
    }
}

/// A Keysight power meter over SCPI.
#[derive(Debug)]
pub struct KeysightMeter {
    client: ScpiClient,
    layout: KeysightLayout,
    identity: Identity,
    configured: BTreeSet<u8>,
}

impl KeysightMeter {
    /// Connects, reads `*IDN?` and clears the status (`*CLS`).
    pub async fn connect(
        address: &Address,
        layout: KeysightLayout,
        opts: ClientOptions,
    ) -> InstrumentResult<Self> {
        let client = ScpiClient::open(address, layout.driver_name(), DEFAULT_BAUD, opts).await?;
        Self::over(client, layout).await
    }

    /// Runs the connect sequence over an open client.
    pub async fn over(mut client: ScpiClient, layout: KeysightLayout) -> InstrumentResult<Self> {
        let identity = identify_and_clear(&mut client).await?;
        Ok(KeysightMeter {
            client,
            layout,
            identity,
            configured: BTreeSet::new(),
        })
    }

    /// What `*IDN?` said at connect.
    pub fn identity(&self) -> &Identity {
        &self.identity
    }

    /// The suffix for `channel`, setting unit and range on its first use.
    async fn channel(&mut self, channel: u8) -> InstrumentResult<String> {
        let Some(suffix) = self.layout.suffix(channel) else {
            return Err(self
                .client
                .invalid_request(format!("no channel {channel} (channels count from 1)")));
        };
        if !self.configured.contains(&channel) {
            self.client.command(&unit_dbm_command(&suffix)).await?;
            self.client.command(&auto_range_command(&suffix)).await?;
            self.configured.insert(channel);
        }
        Ok(suffix)
    }
}

impl PowerMeter for KeysightMeter {
    fn identify(&mut self) -> BoxFuture<'_, InstrumentResult<Identity>> {
        Box::pin(refresh_identity(&mut self.client, &mut self.identity))
    }

    fn set_wavelength_nm(&mut self, channel: u8, nm: f64) -> BoxFuture<'_, InstrumentResult<()>> {
        Box::pin(async move {
            if !(nm.is_finite() && nm > 0.0) {
                return Err(self.client.invalid_request(format!("wavelength {nm} nm")));
            }
            let suffix = self.channel(channel).await?;
            self.client.command(&wavelength_command(&suffix, nm)).await
        })
    }

    fn set_averaging_time(
        &mut self,
        channel: u8,
        time: Duration,
    ) -> BoxFuture<'_, InstrumentResult<()>> {
        Box::pin(async move {
            let suffix = self.channel(channel).await?;
            self.client.command(&averaging_command(&suffix, time)).await
        })
    }

    fn read_power_dbm(&mut self, channel: u8) -> BoxFuture<'_, InstrumentResult<f64>> {
        Box::pin(async move {
            let suffix = self.channel(channel).await?;
            let value = self.client.query_f64(&read_query(&suffix)).await?;
            check_reading(value).map_err(|detail| self.client.out_of_range(detail))
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
    fn channel_suffixes() {
        let one = KeysightLayout::Mainframe816x { heads_per_slot: 1 };
        let two = KeysightLayout::Mainframe816x { heads_per_slot: 2 };
        assert_eq!(one.suffix(1).as_deref(), Some("1:CHAN1"));
        assert_eq!(one.suffix(3).as_deref(), Some("3:CHAN1"));
        // Dual-head: channel 3 → index 2 → slot 2/2+1 = 2, head 2%2+1 = 1.
        assert_eq!(two.suffix(3).as_deref(), Some("2:CHAN1"));
        assert_eq!(two.suffix(2).as_deref(), Some("1:CHAN2"));
        assert_eq!(KeysightLayout::Multiport.suffix(4).as_deref(), Some("4"));
        assert_eq!(one.suffix(0), None);
        assert_eq!(
            KeysightLayout::Mainframe816x { heads_per_slot: 0 }.suffix(1),
            None
        );
    }

    #[test]
    fn command_encoding() {
        assert_eq!(
            wavelength_command("1:CHAN1", 1550.0),
            "SENS1:CHAN1:POW:WAV 1550.000000 nm"
        );
        assert_eq!(
            wavelength_command("2", 1310.5),
            "SENS2:POW:WAV 1310.500000 nm"
        );
        assert_eq!(unit_dbm_command("1:CHAN1"), "SENS1:CHAN1:POW:UNIT 0");
        assert_eq!(auto_range_command("3"), "SENS3:POW:RANG:AUTO 1");
        assert_eq!(
            averaging_command("1:CHAN1", Duration::from_millis(100)),
            "SENS1:CHAN1:POW:ATIME 0.1 s"
        );
        assert_eq!(read_query("1:CHAN2"), "READ1:CHAN2:POW?");
        assert_eq!(read_query("3"), "READ3:POW?");
    }

    #[test]
    fn readings() {
        assert_eq!(check_reading(-3.25), Ok(-3.25));
        assert!(check_reading(3.4e38).is_err());
        assert!(check_reading(f64::INFINITY).is_err());
    }

    #[tokio::test(start_paused = true)]
    async fn conversation() -> Result<(), InstrumentError> {
        let link = ScriptLink::new(&["Keysight Technologies,8163B,DE1,V5.25", NO_ERROR]);
        let client = script_client(&link, "keysight-816x", "tcp://m:5025");
        let layout = KeysightLayout::Mainframe816x { heads_per_slot: 1 };
        let mut m = KeysightMeter::over(client, layout).await?;
        assert_eq!(m.identity().model, "8163B");
        assert_eq!(link.take_sent(), ["*IDN?", "*CLS", "SYST:ERR?"]);
        link.push(&[NO_ERROR, NO_ERROR, NO_ERROR, "-7.125E+000"]);
        m.set_wavelength_nm(2, 1310.0).await?;
        let p = m.read_power_dbm(2).await?;
        assert_eq!(p, -7.125);
        assert_eq!(
            link.take_sent(),
            [
                "SENS2:CHAN1:POW:UNIT 0",
                "SYST:ERR?",
                "SENS2:CHAN1:POW:RANG:AUTO 1",
                "SYST:ERR?",
                "SENS2:CHAN1:POW:WAV 1310.000000 nm",
                "SYST:ERR?",
                "READ2:CHAN1:POW?",
            ]
        );
        link.push(&["+3.402823E+038"]);
        assert!(matches!(
            m.read_power_dbm(2).await,
            Err(InstrumentError::OutOfRange { .. })
        ));
        Ok(())
    }
}
