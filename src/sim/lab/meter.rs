//! The simulated optical power meter: it reads the "true" power from a source it is given
//! (the simulated modules' Tx power through the fibre, say) and adds its own offset and noise,
//! so a DOM-accuracy check compares the module's DOM with a meter that is itself imperfect.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use super::lock::lock;
use super::rng::Rng;

/// The true optical power at a meter channel, in dBm; `None` when there is no light (the meter
/// then reports out of range).
pub type PowerSource = Arc<dyn Fn(u8) -> Option<f64> + Send + Sync>;

/// How wrong the meter is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MeterAccuracy {
    /// Fixed calibration offset added to every reading, dB.
    pub offset_db: f64,
    /// Standard deviation of Gaussian noise per reading, dB.
    pub noise_sigma_db: f64,
    /// Seed of the noise.
    pub seed: u64,
}

impl Default for MeterAccuracy {
    fn default() -> Self {
        MeterAccuracy {
            offset_db: 0.0,
            noise_sigma_db: 0.0,
            seed: 1,
        }
    }
}

/// Unit a channel reports in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PowerUnit {
    /// dBm.
    Dbm,
    /// Watts.
    Watt,
}

/// Settings of one channel.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ChannelSettings {
    /// Calibration wavelength, nm.
    pub wavelength_nm: f64,
    /// Reporting unit.
    pub unit: PowerUnit,
    /// Averaging time: a reading takes this long.
    pub averaging: Duration,
    /// Auto range on.
    pub auto_range: bool,
}

impl Default for ChannelSettings {
    fn default() -> Self {
        ChannelSettings {
            wavelength_nm: 1550.0,
            unit: PowerUnit::Dbm,
            // LabExT assumes 0.2 s on a Keysight after reset (protocols.md §2.2).
            averaging: Duration::from_millis(200),
            auto_range: true,
        }
    }
}

/// The meter's state.
pub struct MeterState {
    source: PowerSource,
    accuracy: MeterAccuracy,
    rng: Rng,
    channels: u8,
    settings: BTreeMap<u8, ChannelSettings>,
    /// When true the in-process driver stops answering (it times out).
    pub silent: bool,
}

impl fmt::Debug for MeterState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MeterState")
            .field("accuracy", &self.accuracy)
            .field("channels", &self.channels)
            .field("settings", &self.settings)
            .field("silent", &self.silent)
            .finish_non_exhaustive()
    }
}

impl MeterState {
    /// Whether `channel` exists (1..=channels).
    pub fn has_channel(&self, channel: u8) -> bool {
        (1..=self.channels).contains(&channel)
    }

    /// The settings of `channel` (defaults until changed).
    pub fn settings(&self, channel: u8) -> ChannelSettings {
        self.settings.get(&channel).copied().unwrap_or_default()
    }

    /// Changes the settings of `channel`.
    pub fn update(&mut self, channel: u8, f: impl FnOnce(&mut ChannelSettings)) {
        f(self.settings.entry(channel).or_default());
    }

    /// One reading in dBm: true power + offset + noise; `None` without light or channel.
    pub fn reading_dbm(&mut self, channel: u8) -> Option<f64> {
        if !self.has_channel(channel) {
            return None;
        }
        let truth = (self.source)(channel)?;
        if !truth.is_finite() {
            return None;
        }
        let noise = if self.accuracy.noise_sigma_db > 0.0 {
            self.accuracy.noise_sigma_db * self.rng.gaussian()
        } else {
            0.0
        };
        Some(truth + self.accuracy.offset_db + noise)
    }
}

/// A simulated power meter, shared by its servers and in-process driver. Cloning shares it.
#[derive(Debug, Clone)]
pub struct SimMeter {
    inner: Arc<Mutex<MeterState>>,
}

impl SimMeter {
    /// A meter with `channels` channels reading `source`.
    pub fn new(channels: u8, source: PowerSource, accuracy: MeterAccuracy) -> Self {
        SimMeter {
            inner: Arc::new(Mutex::new(MeterState {
                source,
                accuracy,
                rng: Rng::new(accuracy.seed),
                channels,
                settings: BTreeMap::new(),
                silent: false,
            })),
        }
    }

    /// A meter whose every channel sees the same constant power (tests, demos).
    pub fn constant(channels: u8, dbm: f64, accuracy: MeterAccuracy) -> Self {
        Self::new(channels, Arc::new(move |_| Some(dbm)), accuracy)
    }

    /// Runs `f` on the state under the lock.
    pub fn with<T>(&self, f: impl FnOnce(&mut MeterState) -> T) -> T {
        f(&mut lock(&self.inner))
    }

    /// Replaces the power source.
    pub fn set_source(&self, source: PowerSource) {
        self.with(|m| m.source = source);
    }

    /// Makes the in-process driver stop answering (`true`) or answer again.
    pub fn set_silent(&self, silent: bool) {
        self.with(|m| m.silent = silent);
    }
}

/// dBm → W: `10^(dBm/10) / 1000`.
pub fn dbm_to_watts(dbm: f64) -> f64 {
    10f64.powf(dbm / 10.0) / 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readings_add_offset_and_noise() {
        let exact = SimMeter::constant(2, -3.0, MeterAccuracy::default());
        assert_eq!(exact.with(|m| m.reading_dbm(1)), Some(-3.0));
        assert_eq!(exact.with(|m| m.reading_dbm(3)), None);
        let offset = SimMeter::constant(
            1,
            -3.0,
            MeterAccuracy {
                offset_db: 0.5,
                ..MeterAccuracy::default()
            },
        );
        assert_eq!(offset.with(|m| m.reading_dbm(1)), Some(-2.5));
        let noisy = SimMeter::constant(
            1,
            -3.0,
            MeterAccuracy {
                noise_sigma_db: 0.05,
                seed: 9,
                ..MeterAccuracy::default()
            },
        );
        let r: Vec<f64> = (0..200)
            .filter_map(|_| noisy.with(|m| m.reading_dbm(1)))
            .collect();
        assert_eq!(r.len(), 200);
        assert!(r.iter().all(|v| (v + 3.0).abs() < 0.5));
        assert!(r.iter().any(|v| *v != -3.0));
    }

    #[test]
    fn source_per_channel_and_darkness() {
        let m = SimMeter::new(
            2,
            Arc::new(|ch| (ch == 1).then_some(1.5)),
            MeterAccuracy::default(),
        );
        assert_eq!(m.with(|s| s.reading_dbm(1)), Some(1.5));
        assert_eq!(m.with(|s| s.reading_dbm(2)), None);
    }

    #[test]
    fn dbm_to_watts_by_hand() {
        // 0 dBm = 1 mW; −30 dBm = 1 µW.
        assert!((dbm_to_watts(0.0) - 1e-3).abs() < 1e-15);
        assert!((dbm_to_watts(-30.0) - 1e-6).abs() < 1e-18);
    }
}
