//! The simulated variable optical attenuator: per channel an attenuation and a shutter. Other
//! simulated parts read it to compute received power ("source power − attenuation",
//! protocols.md §2.10).

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use super::lock::lock;

/// One attenuator channel.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct VoaChannel {
    /// Attenuation, dB.
    pub attenuation_db: f64,
    /// Shutter open (light passes).
    pub enabled: bool,
}

impl Default for VoaChannel {
    fn default() -> Self {
        VoaChannel {
            attenuation_db: 0.0,
            enabled: false,
        }
    }
}

/// The attenuator's state.
#[derive(Debug)]
pub struct VoaState {
    channels: u8,
    settings: BTreeMap<u8, VoaChannel>,
    /// Highest attenuation accepted, dB.
    pub max_db: f64,
}

impl VoaState {
    /// Whether `channel` exists.
    pub fn has_channel(&self, channel: u8) -> bool {
        (1..=self.channels).contains(&channel)
    }

    /// The settings of `channel`.
    pub fn channel(&self, channel: u8) -> VoaChannel {
        self.settings.get(&channel).copied().unwrap_or_default()
    }

    /// Changes the settings of `channel`.
    pub fn update(&mut self, channel: u8, f: impl FnOnce(&mut VoaChannel)) {
        f(self.settings.entry(channel).or_default());
    }
}

/// A simulated attenuator; cloning shares it.
#[derive(Debug, Clone)]
pub struct SimAttenuator {
    inner: Arc<Mutex<VoaState>>,
}

impl SimAttenuator {
    /// An attenuator with `channels` channels, shutters closed, 0 dB, up to 60 dB.
    pub fn new(channels: u8) -> Self {
        SimAttenuator {
            inner: Arc::new(Mutex::new(VoaState {
                channels,
                settings: BTreeMap::new(),
                max_db: 60.0,
            })),
        }
    }

    /// Runs `f` on the state under the lock.
    pub fn with<T>(&self, f: impl FnOnce(&mut VoaState) -> T) -> T {
        f(&mut lock(&self.inner))
    }

    /// The loss of `channel` in dB, `None` when its shutter is closed (no light passes).
    pub fn loss_db(&self, channel: u8) -> Option<f64> {
        self.with(|s| {
            let c = s.channel(channel);
            (s.has_channel(channel) && c.enabled).then_some(c.attenuation_db)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loss_follows_shutter_and_setting() {
        let v = SimAttenuator::new(2);
        assert_eq!(v.loss_db(1), None);
        v.with(|s| {
            s.update(1, |c| {
                c.enabled = true;
                c.attenuation_db = 7.5;
            })
        });
        assert_eq!(v.loss_db(1), Some(7.5));
        assert_eq!(v.loss_db(3), None);
    }
}
