//! In-process drivers (`driver: sim`, `address: sim`): the instrument traits implemented
//! directly on the simulated instruments, without TCP, so whole plans run on a paused tokio
//! clock. A reading waits the averaging time on tokio time like the real meter; a silenced
//! instrument waits its timeout and fails with `Timeout`, as a real one would over a link.

use std::time::Duration;

use crate::instruments::{
    Attenuator, BoxFuture, Chamber, Identity, InstrumentError, InstrumentResult, Origin, PowerMeter,
};

use super::attenuator::SimAttenuator;
use super::chamber::SimChamber;
use super::meter::SimMeter;

/// Default time an in-process instrument takes to time out when silenced.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(3);

fn sim_identity(model: &str) -> Identity {
    Identity {
        manufacturer: "optiqual".into(),
        model: model.into(),
        serial: "SIM00001".into(),
        firmware: env!("CARGO_PKG_VERSION").into(),
    }
}

async fn time_out(at: &Origin, what: &str, timeout: Duration) -> InstrumentError {
    tokio::time::sleep(timeout).await;
    InstrumentError::Timeout {
        at: at.clone(),
        what: what.to_owned(),
        ms: u64::try_from(timeout.as_millis()).unwrap_or(u64::MAX),
    }
}

/// The simulated chamber behind the [`Chamber`] trait.
#[derive(Debug, Clone)]
pub struct SimChamberDriver {
    chamber: SimChamber,
    at: Origin,
    timeout: Duration,
}

impl SimChamberDriver {
    /// A driver for `chamber`.
    pub fn new(chamber: SimChamber) -> Self {
        SimChamberDriver {
            chamber,
            at: Origin::new("sim-chamber", "sim"),
            timeout: DEFAULT_TIMEOUT,
        }
    }

    /// Sets how long a silenced chamber takes to time out.
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    async fn guard(&self, what: &str) -> InstrumentResult<()> {
        if self.chamber.with(|s| s.silent) {
            return Err(time_out(&self.at, what, self.timeout).await);
        }
        let reg = self.chamber.with(|s| s.error_register);
        if reg != 0 {
            return Err(InstrumentError::InstrumentReported {
                at: self.at.clone(),
                code: i32::from(reg),
                message: format!("simulated chamber error register 0x{reg:04x}"),
            });
        }
        Ok(())
    }
}

impl Chamber for SimChamberDriver {
    fn identify(&mut self) -> BoxFuture<'_, InstrumentResult<Identity>> {
        Box::pin(async move {
            self.guard("identify").await?;
            Ok(sim_identity("SIM-CHAMBER"))
        })
    }

    fn set_setpoint(&mut self, celsius: f64) -> BoxFuture<'_, InstrumentResult<()>> {
        Box::pin(async move {
            self.guard("set setpoint").await?;
            if !celsius.is_finite() {
                return Err(InstrumentError::InvalidRequest {
                    at: self.at.clone(),
                    detail: format!("setpoint {celsius} °C"),
                });
            }
            self.chamber.set_setpoint_and_start(celsius);
            Ok(())
        })
    }

    fn setpoint(&mut self) -> BoxFuture<'_, InstrumentResult<f64>> {
        Box::pin(async move {
            self.guard("read setpoint").await?;
            Ok(self.chamber.setpoint())
        })
    }

    fn temperature(&mut self) -> BoxFuture<'_, InstrumentResult<f64>> {
        Box::pin(async move {
            self.guard("read temperature").await?;
            Ok(self.chamber.temperature())
        })
    }

    fn stop(&mut self) -> BoxFuture<'_, InstrumentResult<()>> {
        Box::pin(async move {
            self.guard("stop").await?;
            self.chamber.stop();
            Ok(())
        })
    }
}

/// The simulated power meter behind the [`PowerMeter`] trait.
#[derive(Debug, Clone)]
pub struct SimMeterDriver {
    meter: SimMeter,
    at: Origin,
    timeout: Duration,
}

impl SimMeterDriver {
    /// A driver for `meter`.
    pub fn new(meter: SimMeter) -> Self {
        SimMeterDriver {
            meter,
            at: Origin::new("sim-meter", "sim"),
            timeout: DEFAULT_TIMEOUT,
        }
    }

    /// Sets how long a silenced meter takes to time out.
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    async fn guard(&self, what: &str, channel: u8) -> InstrumentResult<()> {
        if self.meter.with(|m| m.silent) {
            return Err(time_out(&self.at, what, self.timeout).await);
        }
        if !self.meter.with(|m| m.has_channel(channel)) {
            return Err(InstrumentError::InvalidRequest {
                at: self.at.clone(),
                detail: format!("no channel {channel}"),
            });
        }
        Ok(())
    }
}

impl PowerMeter for SimMeterDriver {
    fn identify(&mut self) -> BoxFuture<'_, InstrumentResult<Identity>> {
        Box::pin(async move {
            self.guard("identify", 1).await?;
            Ok(sim_identity("SIM-METER"))
        })
    }

    fn set_wavelength_nm(&mut self, channel: u8, nm: f64) -> BoxFuture<'_, InstrumentResult<()>> {
        Box::pin(async move {
            self.guard("set wavelength", channel).await?;
            self.meter
                .with(|m| m.update(channel, |s| s.wavelength_nm = nm));
            Ok(())
        })
    }

    fn set_averaging_time(
        &mut self,
        channel: u8,
        time: Duration,
    ) -> BoxFuture<'_, InstrumentResult<()>> {
        Box::pin(async move {
            self.guard("set averaging time", channel).await?;
            self.meter
                .with(|m| m.update(channel, |s| s.averaging = time));
            Ok(())
        })
    }

    fn read_power_dbm(&mut self, channel: u8) -> BoxFuture<'_, InstrumentResult<f64>> {
        Box::pin(async move {
            self.guard("read power", channel).await?;
            let averaging = self.meter.with(|m| m.settings(channel).averaging);
            tokio::time::sleep(averaging).await;
            match self.meter.with(|m| m.reading_dbm(channel)) {
                Some(v) => Ok(v),
                None => Err(InstrumentError::OutOfRange {
                    at: self.at.clone(),
                    detail: format!("no light on channel {channel}"),
                }),
            }
        })
    }
}

/// The simulated attenuator behind the [`Attenuator`] trait.
#[derive(Debug, Clone)]
pub struct SimAttenuatorDriver {
    voa: SimAttenuator,
    at: Origin,
}

impl SimAttenuatorDriver {
    /// A driver for `voa`.
    pub fn new(voa: SimAttenuator) -> Self {
        SimAttenuatorDriver {
            voa,
            at: Origin::new("sim-attenuator", "sim"),
        }
    }

    fn check(&self, channel: u8) -> InstrumentResult<()> {
        if self.voa.with(|s| s.has_channel(channel)) {
            Ok(())
        } else {
            Err(InstrumentError::InvalidRequest {
                at: self.at.clone(),
                detail: format!("no channel {channel}"),
            })
        }
    }
}

impl Attenuator for SimAttenuatorDriver {
    fn identify(&mut self) -> BoxFuture<'_, InstrumentResult<Identity>> {
        Box::pin(async move { Ok(sim_identity("SIM-VOA")) })
    }

    fn set_attenuation_db(&mut self, channel: u8, db: f64) -> BoxFuture<'_, InstrumentResult<()>> {
        Box::pin(async move {
            self.check(channel)?;
            let max = self.voa.with(|s| s.max_db);
            if !(db.is_finite() && (0.0..=max).contains(&db)) {
                return Err(InstrumentError::InvalidRequest {
                    at: self.at.clone(),
                    detail: format!("attenuation {db} dB outside 0…{max} dB"),
                });
            }
            self.voa
                .with(|s| s.update(channel, |c| c.attenuation_db = db));
            Ok(())
        })
    }

    fn attenuation_db(&mut self, channel: u8) -> BoxFuture<'_, InstrumentResult<f64>> {
        Box::pin(async move {
            self.check(channel)?;
            Ok(self.voa.with(|s| s.channel(channel).attenuation_db))
        })
    }

    fn set_enabled(&mut self, channel: u8, enabled: bool) -> BoxFuture<'_, InstrumentResult<()>> {
        Box::pin(async move {
            self.check(channel)?;
            self.voa
                .with(|s| s.update(channel, |c| c.enabled = enabled));
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use tokio::time::Instant;

    use super::*;
    use crate::sim::lab::chamber::{ChamberConfig, ChamberFault};
    use crate::sim::lab::meter::MeterAccuracy;

    #[tokio::test(start_paused = true)]
    async fn chamber_approaches_its_setpoint_on_virtual_time() -> InstrumentResult<()> {
        let sim = SimChamber::new(ChamberConfig::default());
        let handle = sim.handle();
        let mut c: Box<dyn Chamber> = Box::new(SimChamberDriver::new(sim.clone()));
        c.set_setpoint(-5.0).await?;
        assert_eq!(c.setpoint().await?, -5.0);
        // 30 °C down: ramp at 5 °C/min to −5 + 10 = 5 °C in 4 min, then the lag.
        tokio::time::sleep(Duration::from_secs(240)).await;
        assert!((c.temperature().await? - 5.0).abs() < 1e-9);
        tokio::time::sleep(Duration::from_secs(1200)).await;
        let t = c.temperature().await?;
        assert!((t + 5.0).abs() < 0.01, "{t}");
        assert_eq!(handle.temperature(), t);
        c.stop().await?;
        Ok(())
    }

    #[tokio::test(start_paused = true)]
    async fn a_chamber_that_never_settles_keeps_moving() -> InstrumentResult<()> {
        let sim = SimChamber::new(ChamberConfig::default());
        sim.set_fault(ChamberFault::never_settles());
        let mut c = SimChamberDriver::new(sim);
        c.set_setpoint(25.0).await?;
        let mut readings = Vec::new();
        for _ in 0..60 {
            tokio::time::sleep(Duration::from_secs(10)).await;
            readings.push(c.temperature().await?);
        }
        let lo = readings.iter().copied().fold(f64::MAX, f64::min);
        let hi = readings.iter().copied().fold(f64::MIN, f64::max);
        assert!(hi > 26.9 && lo < 23.1, "{lo}..{hi}");
        Ok(())
    }

    #[tokio::test(start_paused = true)]
    async fn silenced_instruments_time_out_on_virtual_time() {
        let meter = SimMeter::constant(1, -2.0, MeterAccuracy::default());
        meter.set_silent(true);
        let mut m = SimMeterDriver::new(meter).with_timeout(Duration::from_secs(2));
        let start = Instant::now();
        let r = m.read_power_dbm(1).await;
        assert!(
            matches!(r, Err(InstrumentError::Timeout { ms: 2000, .. })),
            "{r:?}"
        );
        assert_eq!(start.elapsed(), Duration::from_secs(2));
        let sim = SimChamber::new(ChamberConfig::default());
        sim.set_silent(true);
        let mut c = SimChamberDriver::new(sim);
        assert!(c.temperature().await.is_err_and(|e| e.is_timeout()));
    }

    #[tokio::test(start_paused = true)]
    async fn meter_reads_the_source_with_its_offset_after_averaging() -> InstrumentResult<()> {
        let meter = SimMeter::new(
            2,
            Arc::new(|ch| (ch == 1).then_some(-1.25)),
            MeterAccuracy {
                offset_db: 0.25,
                ..MeterAccuracy::default()
            },
        );
        let mut m: Box<dyn PowerMeter> = Box::new(SimMeterDriver::new(meter));
        m.set_averaging_time(1, Duration::from_millis(500)).await?;
        m.set_wavelength_nm(1, 1310.0).await?;
        let start = Instant::now();
        assert_eq!(m.read_power_dbm(1).await?, -1.0);
        assert_eq!(start.elapsed(), Duration::from_millis(500));
        assert!(matches!(
            m.read_power_dbm(2).await,
            Err(InstrumentError::OutOfRange { .. })
        ));
        assert!(matches!(
            m.read_power_dbm(3).await,
            Err(InstrumentError::InvalidRequest { .. })
        ));
        Ok(())
    }

    #[tokio::test(start_paused = true)]
    async fn attenuator_drives_the_shared_state() -> InstrumentResult<()> {
        let voa = SimAttenuator::new(1);
        let mut a: Box<dyn Attenuator> = Box::new(SimAttenuatorDriver::new(voa.clone()));
        a.set_attenuation_db(1, 3.0).await?;
        a.set_enabled(1, true).await?;
        assert_eq!(a.attenuation_db(1).await?, 3.0);
        assert_eq!(voa.loss_db(1), Some(3.0));
        assert!(a.set_attenuation_db(1, 99.0).await.is_err());
        Ok(())
    }
}
