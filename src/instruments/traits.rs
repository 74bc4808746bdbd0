//! The instrument traits the checks and the runner see.
//!
//! Object-safe async: each method returns a boxed future ([`BoxFuture`]), so a plan can hold a
//! `Box<dyn Chamber>` whatever the driver. Methods take `&mut self`: an instrument is one
//! conversation at a time.

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use super::error::InstrumentError;

/// A boxed, sendable future: the return type of every trait method here.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Result of an instrument operation.
pub type InstrumentResult<T> = Result<T, InstrumentError>;

/// What an instrument says it is (`*IDN?`: manufacturer, model, serial, firmware).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Identity {
    /// Manufacturer.
    pub manufacturer: String,
    /// Model.
    pub model: String,
    /// Serial number.
    pub serial: String,
    /// Firmware revision.
    pub firmware: String,
}

/// A thermal chamber or forcing system.
pub trait Chamber: Send {
    /// Who the chamber says it is.
    fn identify(&mut self) -> BoxFuture<'_, InstrumentResult<Identity>>;
    /// Sets the temperature to reach, in °C, and starts regulating towards it.
    fn set_setpoint(&mut self, celsius: f64) -> BoxFuture<'_, InstrumentResult<()>>;
    /// The setpoint the chamber holds, in °C.
    fn setpoint(&mut self) -> BoxFuture<'_, InstrumentResult<f64>>;
    /// The temperature the chamber measures now, in °C.
    fn temperature(&mut self) -> BoxFuture<'_, InstrumentResult<f64>>;
    /// Stops regulating (standby; the chamber drifts back to room temperature).
    fn stop(&mut self) -> BoxFuture<'_, InstrumentResult<()>>;
}

/// An optical power meter with one or more channels (heads, ports), numbered from 1.
pub trait PowerMeter: Send {
    /// Who the meter says it is.
    fn identify(&mut self) -> BoxFuture<'_, InstrumentResult<Identity>>;
    /// Sets the calibration wavelength of `channel`, in nm.
    fn set_wavelength_nm(&mut self, channel: u8, nm: f64) -> BoxFuture<'_, InstrumentResult<()>>;
    /// Sets the averaging time of `channel`.
    fn set_averaging_time(
        &mut self,
        channel: u8,
        time: Duration,
    ) -> BoxFuture<'_, InstrumentResult<()>>;
    /// Measures the optical power on `channel` now, in dBm. A reading the meter marks as out of
    /// range is [`InstrumentError::OutOfRange`].
    fn read_power_dbm(&mut self, channel: u8) -> BoxFuture<'_, InstrumentResult<f64>>;
}

/// A variable optical attenuator with one or more channels, numbered from 1.
pub trait Attenuator: Send {
    /// Who the attenuator says it is.
    fn identify(&mut self) -> BoxFuture<'_, InstrumentResult<Identity>>;
    /// Sets the attenuation of `channel`, in dB.
    fn set_attenuation_db(&mut self, channel: u8, db: f64) -> BoxFuture<'_, InstrumentResult<()>>;
    /// The attenuation `channel` holds, in dB.
    fn attenuation_db(&mut self, channel: u8) -> BoxFuture<'_, InstrumentResult<f64>>;
    /// Opens (`true`) or closes the output shutter of `channel`.
    fn set_enabled(&mut self, channel: u8, enabled: bool) -> BoxFuture<'_, InstrumentResult<()>>;
}
