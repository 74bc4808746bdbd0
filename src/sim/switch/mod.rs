//! The simulated switch (sim-model.md "Link and receiver"): ports whose FEC counters follow the
//! receiver waterfall of the light they receive, with counter faults, readable in-process as a
//! [`crate::counters::CounterSource`] or served into a real redis-server in SONiC's layout.
//!
//! - [`rng`]: a tiny seeded PRNG with normal and Poisson draws.
//! - [`port`]: one port's configuration, counters, faults and their lazy advance.
//! - [`ports`]: the switch, its set of ports, on tokio time; implements `CounterSource`.
//! - [`redis`]: writes the ports into COUNTERS_DB / APPL_DB of a redis-server, periodically.

pub mod port;
pub mod ports;
pub mod redis;
pub mod rng;

pub use port::{CounterFault, PortCounters, SimPortConfig};
pub use ports::{PortSnapshot, PowerSource, SimSwitch};
pub use redis::{serve_redis, write_counters};
