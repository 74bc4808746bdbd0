//! Serve the simulated switch into a real redis-server, laid out as SONiC lays out its
//! databases (protocols.md §3.1), so that the SONiC counter source can be tested end to end:
//! - COUNTERS_DB (2): `COUNTERS_PORT_NAME_MAP` name → oid, and `COUNTERS:<oid>` with the SAI FEC
//!   fields as decimal strings;
//! - APPL_DB (0): `PORT_TABLE:<name>` with `speed` (Mb/s) and `lanes` (comma list of serdes
//!   lane numbers), from which SONiC derives the line rate.
//!
//! The codeword histogram (S0…S16) is not simulated and not written.

use std::future::Future;
use std::time::Duration;

use crate::counters::CounterError;
use crate::counters::redis::{RedisClient, RedisUrl};
use crate::counters::sonic::{
    APPL_DB, COUNTERS_DB, COUNTERS_PREFIX, PORT_NAME_MAP, PORT_TABLE_PREFIX, fields,
};

use super::ports::{PortSnapshot, SimSwitch};

/// `lanes` of a port as SONiC writes it: consecutive serdes lane numbers, each port on its own
/// block (port index i of a type with L lanes gets i·L + 1 … i·L + L).
pub fn lanes_field(p: &PortSnapshot) -> String {
    let lanes = p.port_type.lanes();
    let first = p.index.saturating_mul(lanes).saturating_add(1);
    (first..first.saturating_add(lanes))
        .map(|l| l.to_string())
        .collect::<Vec<_>>()
        .join(",")
}

/// Write every port of `switch` once: advance to now, then HSET the name map, the counters and
/// the APPL_DB port entries. Leaves the client on COUNTERS_DB, or on the database the caller
/// gave in the URL as COUNTERS_DB (`counters_db`).
pub async fn write_counters(
    client: &mut RedisClient,
    switch: &SimSwitch,
    counters_db: u32,
) -> Result<(), CounterError> {
    let ports = switch.snapshot()?;
    client.select(counters_db).await?;
    if !ports.is_empty() {
        let map: Vec<(&str, &str)> = ports
            .iter()
            .map(|p| (p.name.as_str(), p.oid.as_str()))
            .collect();
        client.hset(PORT_NAME_MAP, &map).await?;
    }
    for p in &ports {
        let c = p.counters;
        let values = [
            c.corrected_bits.to_string(),
            c.corrected_codewords.to_string(),
            c.uncorrectable_codewords.to_string(),
            c.symbol_errors.to_string(),
        ];
        let pairs = [
            (fields::CORRECTED_BITS, values[0].as_str()),
            (fields::CORRECTABLE, values[1].as_str()),
            (fields::NOT_CORRECTABLE, values[2].as_str()),
            (fields::SYMBOL_ERRORS, values[3].as_str()),
        ];
        client
            .hset(&format!("{COUNTERS_PREFIX}{}", p.oid), &pairs)
            .await?;
    }
    client.select(APPL_DB).await?;
    for p in &ports {
        let speed = p.port_type.speed_mbps().to_string();
        let lanes = lanes_field(p);
        client
            .hset(
                &format!("{PORT_TABLE_PREFIX}{}", p.name),
                &[("speed", speed.as_str()), ("lanes", lanes.as_str())],
            )
            .await?;
    }
    client.select(counters_db).await?;
    Ok(())
}

/// Publish `switch` into the redis at `url` (`redis://host:port[/db]`, db defaulting to
/// COUNTERS_DB 2) every `period` until `shutdown` completes. The first write happens at once.
/// Returns the first redis error (the caller decides whether to restart).
pub async fn serve_redis(
    switch: &SimSwitch,
    url: &str,
    period: Duration,
    shutdown: impl Future<Output = ()>,
) -> Result<(), CounterError> {
    let url = RedisUrl::parse(url, COUNTERS_DB)?;
    let mut client = RedisClient::connect(&url, Duration::from_secs(2)).await?;
    let mut tick = tokio::time::interval(period.max(Duration::from_millis(1)));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    tokio::pin!(shutdown);
    loop {
        tokio::select! {
            () = &mut shutdown => return Ok(()),
            _ = tick.tick() => write_counters(&mut client, switch, url.db).await?,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ber::rates::PortType;
    use crate::sim::switch::port::PortCounters;

    #[test]
    fn lane_numbers() {
        let p = |index, port_type| PortSnapshot {
            name: "Ethernet0".into(),
            oid: "oid:0x1".into(),
            port_type,
            index,
            counters: PortCounters::default(),
        };
        assert_eq!(lanes_field(&p(0, PortType::Eth400G8x50)), "1,2,3,4,5,6,7,8");
        assert_eq!(lanes_field(&p(2, PortType::Eth100G4x25)), "9,10,11,12");
        assert_eq!(lanes_field(&p(3, PortType::Eth100G1x100)), "4");
    }
}
