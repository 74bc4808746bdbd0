//! The simulated switch: named ports on tokio time, each advanced lazily to "now" when read.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, MutexGuard};

use tokio::time::Instant;

use crate::ber::rates::PortType;
use crate::counters::{BoxFuture, CounterError, CounterSource, FecCounters};

use super::port::{PortCounters, SimPort, SimPortConfig};

/// The received optical power of a port in dBm, asked at each read (`None`: no light). It runs
/// under the switch's lock, so it must not call back into the switch.
pub type PowerSource = Arc<dyn Fn() -> Option<f64> + Send + Sync>;

/// SAI object ids of simulated ports: `oid:0x1000000000001`, `…02`, … in insertion order, the
/// shape SONiC uses for port objects (protocols.md §3.1).
const OID_BASE: u64 = 0x1_0000_0000_0000;

struct Entry {
    port: SimPort,
    power: PowerSource,
    oid: String,
    index: u32,
}

/// One port's state at a read, for servers that publish all ports.
#[derive(Debug, Clone, PartialEq)]
pub struct PortSnapshot {
    /// Port name.
    pub name: String,
    /// SAI object id (`oid:0x…`).
    pub oid: String,
    /// Port type.
    pub port_type: PortType,
    /// Insertion index (0-based), for lane numbering.
    pub index: u32,
    /// Counters at the read.
    pub counters: PortCounters,
}

/// A simulated switch: a set of ports whose counters advance with tokio time.
pub struct SimSwitch {
    start: Instant,
    ports: Mutex<BTreeMap<String, Entry>>,
}

impl std::fmt::Debug for SimSwitch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SimSwitch")
            .field("start", &self.start)
            .finish_non_exhaustive()
    }
}

impl Default for SimSwitch {
    fn default() -> Self {
        Self::new()
    }
}

impl SimSwitch {
    /// An empty switch whose time starts now.
    pub fn new() -> Self {
        Self {
            start: Instant::now(),
            ports: Mutex::new(BTreeMap::new()),
        }
    }

    fn lock(&self) -> Result<MutexGuard<'_, BTreeMap<String, Entry>>, CounterError> {
        self.ports
            .lock()
            .map_err(|_| CounterError::Unavailable("simulated switch state was poisoned".into()))
    }

    /// Add a port fed by `power`; returns its SAI object id. Fails for a duplicate name or a
    /// port type without RS-FEC.
    pub fn add_port(
        &self,
        config: SimPortConfig,
        power: PowerSource,
    ) -> Result<String, CounterError> {
        let name = config.name.clone();
        let port_type = config.port_type;
        let port = SimPort::new(config).ok_or_else(|| {
            CounterError::InvalidSource(format!(
                "simulated port {name}: port type {port_type} has no rs-fec counters"
            ))
        })?;
        let mut ports = self.lock()?;
        if ports.contains_key(&name) {
            return Err(CounterError::InvalidSource(format!(
                "simulated port {name} added twice"
            )));
        }
        let index = u32::try_from(ports.len()).unwrap_or(u32::MAX);
        let oid = format!("oid:0x{:x}", OID_BASE + u64::from(index) + 1);
        ports.insert(
            name,
            Entry {
                port,
                power,
                oid: oid.clone(),
                index,
            },
        );
        Ok(oid)
    }

    /// Names of all ports, sorted.
    pub fn port_names(&self) -> Result<Vec<String>, CounterError> {
        Ok(self.lock()?.keys().cloned().collect())
    }

    fn advance(&self, entry: &mut Entry, now: Instant) {
        let rx = (entry.power)();
        entry
            .port
            .advance_to(now.saturating_duration_since(self.start), rx);
    }

    /// Advance one port to now and return its counters.
    pub fn counters(&self, port: &str) -> Result<PortCounters, CounterError> {
        let now = Instant::now();
        let mut ports = self.lock()?;
        let entry = ports
            .get_mut(port)
            .ok_or_else(|| CounterError::UnknownPort {
                port: port.to_owned(),
                detail: "not a port of the simulated switch".into(),
            })?;
        self.advance(entry, now);
        Ok(entry.port.counters())
    }

    /// Advance every port to now and return them all, sorted by name.
    pub fn snapshot(&self) -> Result<Vec<PortSnapshot>, CounterError> {
        let now = Instant::now();
        let mut ports = self.lock()?;
        Ok(ports
            .iter_mut()
            .map(|(name, entry)| {
                self.advance(entry, now);
                PortSnapshot {
                    name: name.clone(),
                    oid: entry.oid.clone(),
                    port_type: entry.port.config().port_type,
                    index: entry.index,
                    counters: entry.port.counters(),
                }
            })
            .collect())
    }
}

impl CounterSource for SimSwitch {
    fn read<'a>(&'a self, port: &'a str) -> BoxFuture<'a, Result<FecCounters, CounterError>> {
        Box::pin(async move {
            let read_at = Instant::now();
            let c = self.counters(port)?;
            Ok(FecCounters {
                corrected_bits: Some(c.corrected_bits),
                corrected_codewords: Some(c.corrected_codewords),
                uncorrectable_codewords: Some(c.uncorrectable_codewords),
                total_codewords: Some(c.total_codewords),
                symbol_errors: Some(c.symbol_errors),
                ..FecCounters::empty(read_at)
            })
        })
    }

    fn describe(&self) -> String {
        "simulated switch".into()
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicI64, Ordering};
    use std::time::Duration;

    use super::*;
    use crate::ber::delta::DeltaKind;
    use crate::ber::estimate::BerMethod;
    use crate::ber::waterfall::Waterfall;
    use crate::sim::switch::port::CounterFault;

    fn waterfall() -> Waterfall {
        Waterfall::from_limit(-10.0, 2.4e-4).unwrap()
    }

    fn fixed(dbm: f64) -> PowerSource {
        Arc::new(move || Some(dbm))
    }

    #[tokio::test(start_paused = true)]
    async fn ber_follows_power_on_paused_time() {
        let sw = SimSwitch::new();
        // Power in centi-dBm, changed by the test between reads.
        let power = Arc::new(AtomicI64::new(-900));
        let p = power.clone();
        let oid = sw
            .add_port(
                SimPortConfig::new("Ethernet0", PortType::Eth400G8x50, waterfall()),
                Arc::new(move || Some(p.load(Ordering::Relaxed) as f64 / 100.0)),
            )
            .unwrap();
        assert_eq!(oid, "oid:0x1000000000001");
        let rate = PortType::Eth400G8x50.line_rate_bps();
        let a = sw.read("Ethernet0").await.unwrap();
        tokio::time::advance(Duration::from_secs(10)).await;
        let b = sw.read("Ethernet0").await.unwrap();
        let (ber, method) = b.deltas_since(&a, Some(rate)).pre_fec_ber(rate).unwrap();
        assert_eq!(method, BerMethod::CorrectedBits);
        // −9 dBm → 5.5193e-6 (waterfall), within 1 % over 2.3e7 errors.
        assert!((ber / 5.519_299_284e-6 - 1.0).abs() < 0.01, "{ber:e}");
        // More light, fewer errors: −8 dBm → 1.5656e-8.
        power.store(-800, Ordering::Relaxed);
        tokio::time::advance(Duration::from_secs(10)).await;
        let c = sw.read("Ethernet0").await.unwrap();
        let (ber, _) = c.deltas_since(&b, Some(rate)).pre_fec_ber(rate).unwrap();
        assert!((ber / 1.565_637_565e-8 - 1.0).abs() < 0.05, "{ber:e}");
        assert!(matches!(
            sw.read("Ethernet9").await,
            Err(CounterError::UnknownPort { .. })
        ));
    }

    #[tokio::test(start_paused = true)]
    async fn faults_seen_through_deltas() {
        let sw = SimSwitch::new();
        let cfg = |name: &str| SimPortConfig::new(name, PortType::Eth100G2x50, waterfall());
        sw.add_port(
            cfg("Ethernet0").with_fault(CounterFault::ResetAt(Duration::from_secs(15))),
            fixed(-9.0),
        )
        .unwrap();
        sw.add_port(
            cfg("Ethernet4").with_fault(CounterFault::WrapFrom { headroom: 10_000 }),
            fixed(-9.0),
        )
        .unwrap();
        sw.add_port(
            cfg("Ethernet8").with_fault(CounterFault::StopAt(Duration::from_secs(15))),
            fixed(-9.0),
        )
        .unwrap();
        let rate = PortType::Eth100G2x50.line_rate_bps();
        let mut prev = Vec::new();
        for p in ["Ethernet0", "Ethernet4", "Ethernet8"] {
            prev.push(sw.read(p).await.unwrap());
        }
        tokio::time::advance(Duration::from_secs(10)).await;
        let mut mid = Vec::new();
        for p in ["Ethernet0", "Ethernet4", "Ethernet8"] {
            mid.push(sw.read(p).await.unwrap());
        }
        tokio::time::advance(Duration::from_secs(10)).await;
        let mut last = Vec::new();
        for p in ["Ethernet0", "Ethernet4", "Ethernet8"] {
            last.push(sw.read(p).await.unwrap());
        }
        // Reset between 10 s and 20 s: flagged, delta = value after the reset.
        let d = last[0].deltas_since(&mid[0], Some(rate));
        assert!(d.any_reset());
        let bits = d.corrected_bits.unwrap();
        assert_eq!(bits.kind, DeltaKind::Reset);
        assert_eq!(Some(bits.value), last[0].corrected_bits);
        // Wrap in the first 10 s (≈ 5.9e6 errors ≫ 10 000 headroom): a wrap, not a reset.
        let d = mid[1].deltas_since(&prev[1], Some(rate));
        assert_eq!(d.corrected_bits.unwrap().kind, DeltaKind::Wrap);
        assert!(!d.any_reset());
        // Stopped at 15 s: between 10 s and 20 s only 5 s counted; afterwards nothing moves.
        tokio::time::advance(Duration::from_secs(10)).await;
        let after = sw.read("Ethernet8").await.unwrap();
        let d = after.deltas_since(&last[2], Some(rate));
        assert!(d.stalled());
        assert_eq!(d.corrected_bits.unwrap().value, 0);
        assert_eq!(
            sw.port_names().unwrap(),
            ["Ethernet0", "Ethernet4", "Ethernet8"]
        );
    }

    #[test]
    fn rejects_duplicates_and_no_fec() {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .unwrap();
        rt.block_on(async {
            let sw = SimSwitch::new();
            let cfg = SimPortConfig::new("Ethernet0", PortType::Eth25G, waterfall());
            sw.add_port(cfg.clone(), fixed(-5.0)).unwrap();
            assert!(sw.add_port(cfg, fixed(-5.0)).is_err());
            let no_fec = SimPortConfig::new("Ethernet1", PortType::Eth10G, waterfall());
            assert!(sw.add_port(no_fec, fixed(-5.0)).is_err());
            assert_eq!(sw.snapshot().unwrap().len(), 1);
        });
    }
}
