//! [`HostControl`]: what the host or evaluation board can do to a module besides reading and
//! writing its memory — pins, power, a case-temperature probe, the supply voltmeter, the far end
//! of the link. Every capability is optional: a default method answers
//! [`HostCapability::Unsupported`], and a check that needs it says so (skip), never guesses.

use std::time::Duration;

use super::traits::BoxFuture;

/// The answer of a control that the host cannot perform.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the host cannot {0}")]
pub struct HostCapability(pub &'static str);

impl HostCapability {
    /// The host has no such control.
    pub const fn unsupported(what: &'static str) -> Self {
        HostCapability(what)
    }
}

/// Result of a host control.
pub type HostResult<T> = Result<T, HostCapability>;

/// Controls of the cage a module sits in. Object safe; every method has a default that says
/// the host cannot do it.
pub trait HostControl: Send + Sync {
    /// Cuts the module's power for `off`, then restores it (a hot-plug cycle).
    fn power_cycle(&self, _off: Duration) -> BoxFuture<'_, HostResult<()>> {
        Box::pin(async { Err(HostCapability::unsupported("power-cycle the module")) })
    }

    /// Drives the LPMode pin (CMIS/SFF-8636): `true` = low power requested.
    fn set_lpmode(&self, _asserted: bool) -> BoxFuture<'_, HostResult<()>> {
        Box::pin(async { Err(HostCapability::unsupported("drive the LPMode pin")) })
    }

    /// Drives the TX_DISABLE pin (SFP): `true` = transmitter disabled.
    fn set_tx_disable_pin(&self, _asserted: bool) -> BoxFuture<'_, HostResult<()>> {
        Box::pin(async { Err(HostCapability::unsupported("drive the TX_DISABLE pin")) })
    }

    /// Case temperature from a probe on the module (°C).
    fn case_temperature_c(&self) -> BoxFuture<'_, HostResult<f64>> {
        Box::pin(async { Err(HostCapability::unsupported("read a case-temperature probe")) })
    }

    /// Power the module draws from the host's supplies (W), from a current sense on the
    /// evaluation board or the platform's per-port power reading.
    fn supply_power_w(&self) -> BoxFuture<'_, HostResult<f64>> {
        Box::pin(async {
            Err(HostCapability::unsupported(
                "measure the power the module draws",
            ))
        })
    }

    /// Supply voltage at the host connector (V).
    fn supply_v(&self) -> BoxFuture<'_, HostResult<f64>> {
        Box::pin(async { Err(HostCapability::unsupported("measure the supply voltage")) })
    }

    /// Turns the far end's light on lane `lane` (1-based; `None` = all lanes) off or on, so the
    /// module's Rx LOS can be tested.
    fn set_far_end_light(&self, _lane: Option<u16>, _on: bool) -> BoxFuture<'_, HostResult<()>> {
        Box::pin(async { Err(HostCapability::unsupported("switch the far end's light")) })
    }

    /// Optical power (dBm) entering the module's receiver on `lane` (1-based), as a calibrated
    /// source or a meter on a tap knows it.
    fn rx_input_dbm(&self, _lane: u16) -> BoxFuture<'_, HostResult<f64>> {
        Box::pin(async { Err(HostCapability::unsupported("know the optical input power")) })
    }
}

/// A host with no control beyond the bus (modules in a switch, a plain I2C adapter).
#[derive(Debug, Default, Clone, Copy)]
pub struct NoHostControl;

impl HostControl for NoHostControl {}
