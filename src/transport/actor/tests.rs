//! Actor tests on the scripted transport and the paused tokio clock.

use std::time::Duration;

use tokio::sync::broadcast;

use super::script::{Fault, Match, ScriptControl, ScriptedTransport};
use super::*;
use crate::addr::DeviceAddr;
use crate::transport::{Capabilities, TransportError};

fn bus(config: BusConfig) -> (BusHandle, ScriptControl) {
    let (t, control) = ScriptedTransport::new(Capabilities::default());
    (spawn(Box::new(t), config), control)
}

fn read(offset: u8, len: usize) -> Op {
    Op::Read {
        device: DeviceAddr::A0,
        offset,
        len,
    }
}

fn select(page: u8) -> Op {
    Op::Select {
        device: DeviceAddr::A0,
        offset: 127,
        data: vec![page],
    }
}

#[tokio::test(start_paused = true)]
async fn a_request_runs_its_ops_in_order_and_counts_bus_time() {
    let (bus, control) = bus(BusConfig::default());
    let out = bus
        .run(Request::new(vec![select(2), read(128, 8), read(136, 2)]))
        .await;
    // The fake answers offset + i.
    assert_eq!(
        out.result.unwrap(),
        vec![128, 129, 130, 131, 132, 133, 134, 135, 136, 137]
    );
    assert_eq!(
        control.short_log(),
        ["W 50 127 [02]", "R 50 128+8", "R 50 136+2"]
    );
    let s = out.stats;
    assert_eq!((s.reads, s.writes, s.page_selects), (2, 1, 1));
    assert_eq!((s.bytes_read, s.bytes_written), (10, 1));
    // select 20 + 9 = 29; read 8: 29 + 72 = 101; read 2: 29 + 18 = 47; 177 bits.
    assert_eq!(s.bus_bits, 177);
    // 177 bits / 400 kHz = 442.5 µs.
    assert_eq!(s.bus_time_ns, 72_500 + 252_500 + 117_500);
    assert_eq!(bus.totals(), s);
}

#[tokio::test(start_paused = true)]
async fn nacks_are_retried_with_exponential_backoff_and_every_attempt_counted() {
    let (bus, control) = bus(BusConfig::default());
    control.fail(Match::read_at(128), Fault::Nack, 3);
    let out = bus.run(Request::new(vec![select(1), read(128, 8)])).await;
    assert!(out.result.is_ok());
    let log = control.log();
    let reads: Vec<_> = log.iter().filter(|t| t.offset == 128).collect();
    assert_eq!(reads.len(), 4);
    // Waits 1, 2, 4 ms between the attempts (paused clock: exact).
    let gaps: Vec<_> = reads.windows(2).map(|w| w[1].at - w[0].at).collect();
    assert_eq!(
        gaps,
        [1, 2, 4].map(Duration::from_millis).to_vec(),
        "backoff"
    );
    let s = out.stats;
    assert_eq!((s.reads, s.retries, s.failures), (4, 3, 0));
    // 3 failed attempts × 11 bits + select 29 + read 101.
    assert_eq!(s.bus_bits, 33 + 29 + 101);
}

#[tokio::test(start_paused = true)]
async fn a_persistent_nack_fails_after_the_retry_window() {
    let (bus, control) = bus(BusConfig::default());
    control.fail(Match::ANY, Fault::BusError, 100);
    let start = tokio::time::Instant::now();
    let out = bus.run(Request::new(vec![read(0, 1), read(1, 1)])).await;
    assert!(matches!(out.result, Err(TransportError::BusError { .. })));
    assert_eq!(out.failed_at, Some(0));
    // 5 attempts, 1 + 2 + 4 + 8 = 15 ms ≥ tBPC (10 ms); the second op never ran.
    assert_eq!(start.elapsed(), Duration::from_millis(15));
    assert_eq!(RetryPolicy::default().window(), Duration::from_millis(15));
    assert_eq!(control.log().len(), 5);
    assert_eq!(
        (out.stats.reads, out.stats.retries, out.stats.failures),
        (5, 4, 1)
    );
}

#[tokio::test(start_paused = true)]
async fn invalid_requests_are_never_retried() {
    let (bus, control) = bus(BusConfig::default());
    let out = bus.run(Request::new(vec![read(250, 8)])).await;
    assert!(matches!(out.result, Err(TransportError::InvalidRequest(_))));
    assert!(control.log().is_empty(), "refused before the transport");
    assert_eq!((out.stats.reads, out.stats.retries), (1, 0));
}

#[tokio::test(start_paused = true)]
async fn a_stuck_transport_times_out_and_the_bus_turns_unhealthy() {
    let config = BusConfig {
        op_timeout: Duration::from_millis(100),
        ..BusConfig::default()
    };
    let (bus, control) = bus(config);
    control.fail(Match::ANY, Fault::Stall, 1);
    let pending = tokio::spawn({
        let bus = bus.clone();
        async move { bus.run(Request::new(vec![read(0, 8)])).await }
    });
    // A blocking call holds the paused clock still; move it past the timeout by hand.
    tokio::task::yield_now().await;
    while control.log().is_empty() {
        tokio::task::yield_now().await;
    }
    tokio::time::advance(Duration::from_millis(101)).await;
    let out = pending.await.unwrap();
    match out.result {
        Err(TransportError::Timeout { ms, what }) => {
            assert_eq!(ms, 100);
            assert!(what.contains("read on device A0h at byte 0"), "{what}");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(out.stats.timeouts, 1);
    // Fails fast, names the cause, never reaches the transport.
    let e = bus
        .run(Request::new(vec![read(0, 1)]))
        .await
        .result
        .unwrap_err();
    let text = e.to_string();
    assert!(
        text.contains("unhealthy") && text.contains("timed out after 100 ms"),
        "{text}"
    );
    assert!(bus.health().is_err());
    assert_eq!(control.log().len(), 1);
    control.release();
}

#[tokio::test(start_paused = true)]
async fn a_context_prelude_runs_only_when_the_context_changes() {
    let (bus, control) = bus(BusConfig::default());
    let mux = |ch: u8| Op::Write {
        device: DeviceAddr(0x70),
        offset: 1 << ch,
        data: vec![1 << ch],
    };
    let slot1 = bus.with_context(vec![mux(1)]);
    let slot2 = bus.with_context(vec![mux(2)]);
    for h in [&slot1, &slot1, &slot2, &slot1] {
        assert!(h.run(Request::new(vec![read(0, 1)])).await.result.is_ok());
    }
    assert_eq!(
        control.short_log(),
        [
            "W 70 2 [02]",
            "R 50 0+1",
            "R 50 0+1",
            "W 70 4 [04]",
            "R 50 0+1",
            "W 70 2 [02]",
            "R 50 0+1"
        ]
    );
    assert_eq!(bus.totals().context_selects, 3);
}

#[tokio::test(start_paused = true)]
async fn a_failed_prelude_forgets_the_context() {
    let (bus, control) = bus(BusConfig::default());
    let mux = Op::Write {
        device: DeviceAddr(0x70),
        offset: 2,
        data: vec![2],
    };
    let slot = bus.with_context(vec![mux]);
    control.fail(Match::write_at(2), Fault::Nack, 5);
    let out = slot.run(Request::new(vec![read(0, 1)])).await;
    assert!(out.result.is_err());
    assert_eq!(out.failed_at, None, "the prelude failed, not an op");
    assert!(
        slot.run(Request::new(vec![read(0, 1)]))
            .await
            .result
            .is_ok()
    );
    let log = control.short_log();
    assert_eq!(log[5..], ["W 70 2 [02]", "R 50 0+1"], "prelude sent again");
}

#[tokio::test(start_paused = true)]
async fn shutdown_by_broadcast_stops_the_actor() {
    let (t, _control) = ScriptedTransport::new(Capabilities::default());
    let (tx, rx) = broadcast::channel(1);
    let bus = spawn_with_shutdown(Box::new(t), BusConfig::default(), rx);
    assert!(bus.run(Request::new(vec![read(0, 1)])).await.result.is_ok());
    tx.send(()).unwrap();
    tokio::task::yield_now().await;
    let e = bus
        .run(Request::new(vec![read(0, 1)]))
        .await
        .result
        .unwrap_err();
    assert!(e.to_string().contains("has stopped"), "{e}");
}

#[test]
fn backoff_doubles_up_to_the_cap() {
    let p = RetryPolicy {
        attempts: 10,
        first_backoff: Duration::from_millis(1),
        max_backoff: Duration::from_millis(8),
    };
    let waits: Vec<_> = (1..=6).map(|r| p.backoff(r).as_millis()).collect();
    assert_eq!(waits, [1, 2, 4, 8, 8, 8]);
    assert_eq!(RetryPolicy::NONE.window(), Duration::ZERO);
}
