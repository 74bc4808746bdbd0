//! The SONiC counter source against a real `redis-server` (design.md §8 level 3): a server is
//! started per test on a free loopback port, filled with SONiC's COUNTERS_DB / APPL_DB layout
//! (protocols.md §3.1), and read through `SonicSource`.
//!
//! `redis-server` must be installed (`.ci/run` installs it; locally `apt-get install -y
//! redis-server`). A missing binary fails the test; it is never skipped.

use std::sync::Arc;
use std::time::Duration;

use optiqual::ber::delta::DeltaKind;
use optiqual::ber::rates::PortType;
use optiqual::ber::waterfall::Waterfall;
use optiqual::counters::redis::{RedisClient, RedisUrl};
use optiqual::counters::sonic::{SonicSource, fields};
use optiqual::counters::{CounterError, CounterSource};
use optiqual::sim::switch::{CounterFault, SimPortConfig, SimSwitch, serve_redis, write_counters};

mod common;

use common::redis::RedisServer;

/// A client of the test server's database `db`.
async fn client(server: &RedisServer, db: u32) -> RedisClient {
    let url = RedisUrl::parse(&server.url(Some(db)), db).expect("url");
    RedisClient::connect(&url, Duration::from_secs(2))
        .await
        .expect("connect to the test redis")
}

const OID0: &str = "oid:0x1000000000002";
const OID4: &str = "oid:0x1000000000003";
const OID8: &str = "oid:0x1000000000004";

/// SONiC's layout: the name map and counter hashes in DB 2, PORT_TABLE in DB 0.
async fn populate(server: &RedisServer) {
    let mut c = client(server, 2).await;
    c.hset(
        "COUNTERS_PORT_NAME_MAP",
        &[
            ("Ethernet0", OID0),
            ("Ethernet4", OID4),
            ("Ethernet8", OID8),
        ],
    )
    .await
    .expect("write to the test redis");
    c.hset(
        &format!("COUNTERS:{OID0}"),
        &[
            (fields::CORRECTED_BITS, "987654321"),
            (fields::CORRECTABLE, "123456"),
            (fields::NOT_CORRECTABLE, "0"),
            (fields::SYMBOL_ERRORS, "987000000"),
            ("SAI_PORT_STAT_IF_IN_FEC_CODEWORD_ERRORS_S0", "5000000"),
            ("SAI_PORT_STAT_IF_IN_FEC_CODEWORD_ERRORS_S1", "120000"),
            ("SAI_PORT_STAT_IF_IN_FEC_CODEWORD_ERRORS_S2", "3456"),
            ("SAI_PORT_STAT_IF_IN_OCTETS", "1000000000"),
        ],
    )
    .await
    .expect("write to the test redis");
    // Ethernet4: only the codeword counters (an ASIC without CORRECTED_BITS).
    c.hset(
        &format!("COUNTERS:{OID4}"),
        &[(fields::CORRECTABLE, "10"), (fields::NOT_CORRECTABLE, "2")],
    )
    .await
    .expect("write to the test redis");
    // Ethernet8: a port whose hash holds no FEC field at all.
    c.hset(
        &format!("COUNTERS:{OID8}"),
        &[("SAI_PORT_STAT_IF_IN_OCTETS", "5")],
    )
    .await
    .expect("write to the test redis");
    c.select(0).await.expect("write to the test redis");
    c.hset(
        "PORT_TABLE:Ethernet0",
        &[("speed", "400000"), ("lanes", "1,2,3,4,5,6,7,8")],
    )
    .await
    .expect("write to the test redis");
}

async fn set_bits(server: &RedisServer, oid: &str, bits: &str, uncorrectable: &str) {
    let mut c = client(server, 2).await;
    c.hset(
        &format!("COUNTERS:{oid}"),
        &[
            (fields::CORRECTED_BITS, bits),
            (fields::NOT_CORRECTABLE, uncorrectable),
        ],
    )
    .await
    .expect("write to the test redis");
}

#[tokio::test]
async fn reads_values_in_sonic_layout() {
    let server = RedisServer::start();
    populate(&server).await;
    // No DB in the URL: COUNTERS_DB 2 by default.
    let src = SonicSource::new(&server.url(None)).unwrap();
    assert_eq!(src.port_oid("Ethernet0").await.unwrap(), OID0);
    let c = src.read("Ethernet0").await.unwrap();
    assert_eq!(c.corrected_bits, Some(987_654_321));
    assert_eq!(c.corrected_codewords, Some(123_456));
    assert_eq!(c.uncorrectable_codewords, Some(0));
    assert_eq!(c.symbol_errors, Some(987_000_000));
    assert_eq!(c.histogram, Some(vec![5_000_000, 120_000, 3_456]));
    assert_eq!(c.total_codewords, Some(5_123_456));
    // Codeword counters only.
    let c = src.read("Ethernet4").await.unwrap();
    assert_eq!(c.corrected_bits, None);
    assert_eq!(
        (c.corrected_codewords, c.uncorrectable_codewords),
        (Some(10), Some(2))
    );
    // SONiC's own line rate: speed 400000 on 8 lanes → 8 × 53.125e9 = 425e9.
    assert_eq!(src.line_rate("Ethernet0").await.unwrap(), Some(425e9));
    assert_eq!(src.line_rate("Ethernet4").await.unwrap(), None);
    // The connection is back on COUNTERS_DB after reading APPL_DB.
    assert!(src.read("Ethernet0").await.is_ok());
}

#[tokio::test]
async fn missing_port_fields_and_server() {
    let server = RedisServer::start();
    populate(&server).await;
    let src = SonicSource::new(&server.url(Some(2))).unwrap();
    match src.read("Ethernet99").await {
        Err(CounterError::UnknownPort { port, detail }) => {
            assert_eq!(port, "Ethernet99");
            assert!(detail.contains("COUNTERS_PORT_NAME_MAP"), "{detail}");
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        src.read("Ethernet8").await,
        Err(CounterError::MissingCounters { .. })
    ));
    // The wrong database holds no name map.
    let wrong_db = SonicSource::new(&server.url(Some(5))).unwrap();
    assert!(matches!(
        wrong_db.read("Ethernet0").await,
        Err(CounterError::UnknownPort { .. })
    ));
    // A bad value is reported with its field.
    set_bits(&server, OID0, "12x", "0").await;
    match src.read("Ethernet0").await {
        Err(CounterError::BadValue { field, value }) => {
            assert_eq!(field, fields::CORRECTED_BITS);
            assert_eq!(value, "12x");
        }
        other => panic!("{other:?}"),
    }
    // Nothing listening: connection refused, a clear error.
    let port = server.port;
    drop(server);
    let gone = SonicSource::new(&format!("redis://127.0.0.1:{port}"))
        .unwrap()
        .with_timeout(Duration::from_secs(1));
    match gone.read("Ethernet0").await {
        Err(CounterError::Connect { addr, .. }) => assert_eq!(addr, format!("127.0.0.1:{port}")),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn reset_mid_soak_is_detected_never_negative() {
    let server = RedisServer::start();
    populate(&server).await;
    let src = SonicSource::new(&server.url(None)).unwrap();
    set_bits(&server, OID0, "5000000", "3").await;
    let a = src.read("Ethernet0").await.unwrap();
    set_bits(&server, OID0, "5004250", "3").await;
    let b = src.read("Ethernet0").await.unwrap();
    let d = b.deltas_since(&a, Some(425e9));
    assert_eq!(
        d.corrected_bits.map(|x| (x.value, x.kind)),
        Some((4_250, DeltaKind::Normal))
    );
    assert!(!d.any_reset());
    // `sonic-clear fec` (or a reboot) mid-soak: the counters restart from zero.
    set_bits(&server, OID0, "1200", "0").await;
    let c = src.read("Ethernet0").await.unwrap();
    let d = c.deltas_since(&b, Some(425e9));
    assert!(d.any_reset());
    assert_eq!(
        d.corrected_bits.map(|x| (x.value, x.kind)),
        Some((1_200, DeltaKind::Reset))
    );
    assert_eq!(
        d.uncorrectable_codewords.map(|x| (x.value, x.kind)),
        Some((0, DeltaKind::Reset))
    );
}

#[tokio::test]
async fn wrap_of_a_64_bit_counter() {
    let server = RedisServer::start();
    populate(&server).await;
    let src = SonicSource::new(&server.url(None)).unwrap();
    // 2^64 − 1000 = 18446744073709550616.
    set_bits(&server, OID0, "18446744073709550616", "0").await;
    let a = src.read("Ethernet0").await.unwrap();
    assert_eq!(a.corrected_bits, Some(u64::MAX - 999));
    set_bits(&server, OID0, "500", "0").await;
    let b = src.read("Ethernet0").await.unwrap();
    let d = b.deltas_since(&a, Some(425e9));
    // 1000 to reach 2^64, then 500: 1500, a wrap, not a reset.
    assert_eq!(
        d.corrected_bits.map(|x| (x.value, x.kind)),
        Some((1_500, DeltaKind::Wrap))
    );
    assert!(!d.any_reset());
}

#[tokio::test]
async fn simulated_switch_served_into_redis() {
    let server = RedisServer::start();
    let switch = Arc::new(SimSwitch::new());
    let waterfall = Waterfall::from_limit(-10.0, 2.4e-4).unwrap();
    switch
        .add_port(
            SimPortConfig::new("Ethernet0", PortType::Eth400G8x50, waterfall),
            Arc::new(|| Some(-9.0)),
        )
        .unwrap();
    // Ethernet8 resets at 400 ms and loses its light at the same time, so that nothing is
    // counted after the reset: a reset followed by growth past the old value cannot be told
    // from counters alone, and that is not what this test is about.
    let start = tokio::time::Instant::now();
    switch
        .add_port(
            SimPortConfig::new("Ethernet8", PortType::Eth100G4x25, waterfall)
                .with_fault(CounterFault::ResetAt(Duration::from_millis(400))),
            Arc::new(move || (start.elapsed() < Duration::from_millis(400)).then_some(-9.0)),
        )
        .unwrap();
    // One write, then read back exactly what the simulator holds.
    let mut client = client(&server, 2).await;
    write_counters(&mut client, &switch, 2).await.unwrap();
    let src = SonicSource::new(&server.url(None)).unwrap();
    let first = src.read("Ethernet0").await.unwrap();
    assert!(first.corrected_bits.is_some());
    assert_eq!(
        src.port_oid("Ethernet0").await.unwrap(),
        "oid:0x1000000000001"
    );
    assert_eq!(
        src.port_oid("Ethernet8").await.unwrap(),
        "oid:0x1000000000002"
    );
    assert_eq!(src.line_rate("Ethernet0").await.unwrap(), Some(425e9));
    assert_eq!(src.line_rate("Ethernet8").await.unwrap(), Some(103.125e9));

    // The periodic server: runs until told to stop.
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let url = server.url(None);
    let sw = switch.clone();
    let task = tokio::spawn(async move {
        serve_redis(&sw, &url, Duration::from_millis(20), async {
            let _ = stop_rx.await;
        })
        .await
    });
    tokio::time::sleep(Duration::from_millis(150)).await;
    let before_reset = src.read("Ethernet8").await.unwrap();
    // 150 ms at 103.125 Gb/s and BER 5.5e-6: ≈ 85 000 corrected bits before the reset.
    assert!(
        before_reset.corrected_bits.unwrap_or(0) > 1_000,
        "{before_reset:?}"
    );
    tokio::time::sleep(Duration::from_millis(450)).await;
    let later = src.read("Ethernet0").await.unwrap();
    let after_reset = src.read("Ethernet8").await.unwrap();
    let _ = stop_tx.send(());
    task.await.unwrap().unwrap();

    let d = later.deltas_since(&first, Some(425e9));
    assert!(!d.any_reset());
    // ≥ 0.5 s at BER 5.5e-6 on 425 Gb/s: ≈ 1.2e6 corrected bits.
    assert!(d.corrected_bits.unwrap().value > 100_000, "{d:?}");
    assert_eq!(d.uncorrectable_codewords.unwrap().value, 0);
    // The port reset at 400 ms: seen through SONiC as a reset, never a negative delta.
    let d = after_reset.deltas_since(&before_reset, Some(103.125e9));
    assert!(d.any_reset(), "{before_reset:?} → {after_reset:?}");
}
