//! [`SimControl`]: the host controls of a simulated cage ([`HostControl`]) — power, pins, the
//! case probe, the supply voltmeter and the far end's light — acting on a [`SimHandle`].

use std::time::Duration;

use crate::instruments::BoxFuture;
use crate::instruments::host::{HostControl, HostResult};

use super::handle::SimHandle;
use super::physics::Link;

/// Host controls of one simulated module.
#[derive(Debug, Clone)]
pub struct SimControl {
    handle: SimHandle,
    /// The link to restore when the far end's light comes back.
    link: Link,
}

impl SimControl {
    /// Controls for the module behind `handle`; `link` is its normal link (restored after a
    /// LOS test).
    pub fn new(handle: SimHandle, link: Link) -> Self {
        SimControl { handle, link }
    }

    /// The module's handle.
    pub fn handle(&self) -> &SimHandle {
        &self.handle
    }
}

impl HostControl for SimControl {
    fn power_cycle(&self, off: Duration) -> BoxFuture<'_, HostResult<()>> {
        Box::pin(async move {
            self.handle.unplug();
            tokio::time::sleep(off).await;
            self.handle.replug();
            Ok(())
        })
    }

    fn set_lpmode(&self, asserted: bool) -> BoxFuture<'_, HostResult<()>> {
        Box::pin(async move {
            self.handle.set_lpmode(asserted);
            Ok(())
        })
    }

    fn set_tx_disable_pin(&self, asserted: bool) -> BoxFuture<'_, HostResult<()>> {
        Box::pin(async move {
            self.handle.set_tx_disable_pin(asserted);
            Ok(())
        })
    }

    fn case_temperature_c(&self) -> BoxFuture<'_, HostResult<f64>> {
        Box::pin(async move { Ok(self.handle.truth().case_c) })
    }

    fn supply_power_w(&self) -> BoxFuture<'_, HostResult<f64>> {
        Box::pin(async move { Ok(self.handle.truth().power_w) })
    }

    fn supply_v(&self) -> BoxFuture<'_, HostResult<f64>> {
        Box::pin(async move { Ok(self.handle.truth().vcc_v) })
    }

    fn set_far_end_light(&self, lane: Option<u16>, on: bool) -> BoxFuture<'_, HostResult<()>> {
        Box::pin(async move {
            match (on, lane) {
                (true, _) => self.handle.set_link(self.link.clone()),
                (false, None) => self.handle.set_link(Link::Partner { rx_dbm: Vec::new() }),
                (false, Some(l)) => {
                    // Keep the other lanes lit at what they receive now.
                    let truth = self.handle.truth();
                    let rx: Vec<Option<f64>> = truth
                        .lanes
                        .iter()
                        .enumerate()
                        .map(|(i, t)| {
                            if i + 1 == usize::from(l) || t.rx_mw <= 0.0 {
                                None
                            } else {
                                Some(10.0 * t.rx_mw.log10())
                            }
                        })
                        .collect();
                    self.handle.set_link(Link::Partner { rx_dbm: rx });
                }
            }
            Ok(())
        })
    }

    fn rx_input_dbm(&self, lane: u16) -> BoxFuture<'_, HostResult<f64>> {
        Box::pin(async move {
            let truth = self.handle.truth();
            let mw = truth
                .lanes
                .get(usize::from(lane).saturating_sub(1))
                .map_or(0.0, |t| t.rx_mw);
            Ok(if mw > 0.0 { 10.0 * mw.log10() } else { -60.0 })
        })
    }
}
