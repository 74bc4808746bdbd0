//! Opening real instruments by driver name and address (`tcp://` or `serial:`).
//!
//! `sim` addresses are not opened here: the instruments layer knows nothing of the simulated
//! lab; the CLI wires them to `sim::lab`.

use super::address::Address;
use super::drivers::keysight::{KeysightLayout, KeysightMeter};
use super::drivers::n776x::N776x;
use super::drivers::scpi_chamber::ScpiChamber;
use super::drivers::thermostream::ThermoStream;
use super::drivers::thorlabs::ThorlabsMeter;
use super::drivers::{n776x, scpi_chamber, thermostream, thorlabs};
use super::error::InstrumentError;
use super::scpi::ClientOptions;
use super::traits::{Attenuator, Chamber, InstrumentResult, PowerMeter};

/// Chamber driver names.
pub const CHAMBER_DRIVERS: &[&str] = &[thermostream::NAME, scpi_chamber::NAME];
/// Power-meter driver names.
pub const METER_DRIVERS: &[&str] = &["keysight-816x", "keysight-n77xx", thorlabs::NAME];
/// Attenuator driver names.
pub const ATTENUATOR_DRIVERS: &[&str] = &[n776x::NAME];

fn real_address(address: &str) -> InstrumentResult<Address> {
    let parsed: Address = address.parse()?;
    if parsed == Address::Sim {
        return Err(InstrumentError::BadAddress {
            address: address.to_owned(),
            reason: "sim instruments are served by the simulated lab, not opened here".into(),
        });
    }
    Ok(parsed)
}

fn unknown(kind: &'static str, driver: &str, known: &[&str]) -> InstrumentError {
    InstrumentError::UnknownDriver {
        kind,
        driver: driver.to_owned(),
        known: known.join(", "),
    }
}

/// Opens a chamber with default timeouts.
pub async fn open_chamber(driver: &str, address: &str) -> InstrumentResult<Box<dyn Chamber>> {
    open_chamber_with(driver, address, ClientOptions::default()).await
}

/// Opens a chamber (`thermostream`, `scpi-chamber`).
pub async fn open_chamber_with(
    driver: &str,
    address: &str,
    opts: ClientOptions,
) -> InstrumentResult<Box<dyn Chamber>> {
    if !CHAMBER_DRIVERS.contains(&driver) {
        return Err(unknown("chamber", driver, CHAMBER_DRIVERS));
    }
    let address = real_address(address)?;
    Ok(match driver {
        thermostream::NAME => Box::new(ThermoStream::connect(&address, opts).await?),
        _ => Box::new(ScpiChamber::connect(&address, opts).await?),
    })
}

/// Opens a power meter with default timeouts.
pub async fn open_meter(driver: &str, address: &str) -> InstrumentResult<Box<dyn PowerMeter>> {
    open_meter_with(driver, address, ClientOptions::default()).await
}

/// Opens a power meter (`keysight-816x`, `keysight-n77xx`, `thorlabs-pm100`). The 816x driver
/// assumes single-head modules (channel n = slot n); use [`KeysightMeter::connect`] for others.
pub async fn open_meter_with(
    driver: &str,
    address: &str,
    opts: ClientOptions,
) -> InstrumentResult<Box<dyn PowerMeter>> {
    let layout = match driver {
        "keysight-816x" => Some(KeysightLayout::Mainframe816x { heads_per_slot: 1 }),
        "keysight-n77xx" => Some(KeysightLayout::Multiport),
        thorlabs::NAME => None,
        _ => return Err(unknown("meter", driver, METER_DRIVERS)),
    };
    let address = real_address(address)?;
    Ok(match layout {
        Some(layout) => Box::new(KeysightMeter::connect(&address, layout, opts).await?),
        None => Box::new(ThorlabsMeter::connect(&address, opts).await?),
    })
}

/// Opens an attenuator with default timeouts.
pub async fn open_attenuator(driver: &str, address: &str) -> InstrumentResult<Box<dyn Attenuator>> {
    open_attenuator_with(driver, address, ClientOptions::default()).await
}

/// Opens an attenuator (`keysight-n776x`).
pub async fn open_attenuator_with(
    driver: &str,
    address: &str,
    opts: ClientOptions,
) -> InstrumentResult<Box<dyn Attenuator>> {
    if driver != n776x::NAME {
        return Err(unknown("attenuator", driver, ATTENUATOR_DRIVERS));
    }
    let address = real_address(address)?;
    Ok(Box::new(N776x::connect(&address, opts).await?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layout_names_are_listed() {
        for layout in [
            KeysightLayout::Mainframe816x { heads_per_slot: 1 },
            KeysightLayout::Multiport,
        ] {
            assert!(METER_DRIVERS.contains(&layout.driver_name()));
        }
    }

    #[tokio::test]
    async fn unknown_drivers_and_sim_addresses_are_refused() {
        assert!(matches!(
            open_meter("fluke", "tcp://x").await,
            Err(InstrumentError::UnknownDriver { kind: "meter", .. })
        ));
        assert!(matches!(
            open_chamber("espec", "tcp://x").await,
            Err(InstrumentError::UnknownDriver {
                kind: "chamber",
                ..
            })
        ));
        assert!(matches!(
            open_chamber("thermostream", "sim").await,
            Err(InstrumentError::BadAddress { .. })
        ));
        assert!(matches!(
            open_attenuator("keysight-n776x", "gpib0::5").await,
            Err(InstrumentError::BadAddress { .. })
        ));
    }
}
