//! Each instrument driver against its simulator over real loopback TCP (design.md §8 level 3):
//! identity, settings reaching the simulated state, readings, the error queue, and the error
//! paths a bench produces (silence, garbage, dropped connections, slow answers).
//!
//! These run on the wall clock (real sockets), so timeouts are small and the chamber's time
//! constant is shrunk to tens of milliseconds; the model itself is tested on virtual time in
//! `sim::lab::chamber`.

use std::sync::Arc;
use std::time::{Duration, Instant};

use optiqual::instruments::address::Address;
use optiqual::instruments::scpi::{ClientOptions, ScpiClient};
use optiqual::instruments::{
    InstrumentError, open_attenuator_with, open_chamber_with, open_meter_with,
};
use optiqual::sim::lab::attenuator::SimAttenuator;
use optiqual::sim::lab::dialects::keysight::KeysightSim;
use optiqual::sim::lab::dialects::n776x::N776xSim;
use optiqual::sim::lab::dialects::scpi_chamber::ScpiChamberSim;
use optiqual::sim::lab::dialects::thermostream::ThermoStreamSim;
use optiqual::sim::lab::dialects::thorlabs::ThorlabsSim;
use optiqual::sim::lab::scpi::ServerFault;
use optiqual::sim::lab::{ChamberConfig, MeterAccuracy, SimChamber, SimMeter};

type TestResult = Result<(), Box<dyn std::error::Error>>;

fn opts(timeout_ms: u64) -> ClientOptions {
    ClientOptions {
        timeout: Duration::from_millis(timeout_ms),
        connect_timeout: Duration::from_millis(500),
        ..ClientOptions::default()
    }
}

/// A chamber fast enough to watch on the wall clock: τ = 50 ms, no ramp limit.
fn fast_chamber() -> SimChamber {
    SimChamber::new(ChamberConfig {
        tau_s: 0.05,
        max_ramp_c_per_min: None,
        ambient_c: 25.0,
    })
}

fn meter_at(dbm: f64, channels: u8) -> SimMeter {
    SimMeter::constant(channels, dbm, MeterAccuracy::default())
}

#[tokio::test]
async fn keysight_816x_identify_configure_and_read() -> TestResult {
    let meter = SimMeter::new(
        2,
        Arc::new(|ch| Some(-3.0 - f64::from(ch))),
        MeterAccuracy {
            offset_db: 0.5,
            ..MeterAccuracy::default()
        },
    );
    let server = KeysightSim::new(meter.clone(), 1).serve().await?;
    let mut m = open_meter_with("keysight-816x", &server.address(), opts(500)).await?;
    let id = m.identify().await?;
    assert_eq!(
        (id.manufacturer.as_str(), id.model.as_str()),
        ("Keysight Technologies", "8163B")
    );
    m.set_wavelength_nm(2, 1310.0).await?;
    m.set_averaging_time(2, Duration::from_millis(5)).await?;
    // Channel 2: true −5 dBm, meter offset +0.5 dB.
    assert_eq!(m.read_power_dbm(2).await?, -4.5);
    let s = meter.with(|st| st.settings(2));
    assert_eq!(s.wavelength_nm, 1310.0);
    assert_eq!(s.averaging, Duration::from_millis(5));
    assert!(server.queued_errors().is_empty());
    Ok(())
}

#[tokio::test]
async fn keysight_n77xx_ports_and_darkness() -> TestResult {
    let meter = SimMeter::new(
        4,
        Arc::new(|ch| (ch != 4).then_some(-10.0)),
        MeterAccuracy::default(),
    );
    let sim =
        KeysightSim::new(meter.clone(), 1).with_idn("Keysight Technologies,N7744A,SIM00002,1.0");
    let server = sim.serve().await?;
    let mut m = open_meter_with("keysight-n77xx", &server.address(), opts(500)).await?;
    m.set_averaging_time(3, Duration::from_millis(1)).await?;
    assert_eq!(m.read_power_dbm(3).await?, -10.0);
    m.set_averaging_time(4, Duration::from_millis(1)).await?;
    let dark = m.read_power_dbm(4).await;
    assert!(
        matches!(dark, Err(InstrumentError::OutOfRange { .. })),
        "{dark:?}"
    );
    // A port the meter does not have: the instrument queues -222, the driver reports it.
    let missing = m.set_wavelength_nm(5, 1550.0).await;
    assert!(
        matches!(
            missing,
            Err(InstrumentError::InstrumentReported { code: -222, .. })
        ),
        "{missing:?}"
    );
    Ok(())
}

#[tokio::test]
async fn thorlabs_reads_watts_as_dbm() -> TestResult {
    let meter = meter_at(-3.0, 1);
    let server = ThorlabsSim::new(meter.clone()).serve().await?;
    let mut m = open_meter_with("thorlabs-pm100", &server.address(), opts(500)).await?;
    assert_eq!(m.identify().await?.manufacturer, "Thorlabs");
    m.set_wavelength_nm(1, 1550.0).await?;
    m.set_averaging_time(1, Duration::from_millis(3)).await?;
    // −3 dBm = 5.011872E-4 W on the wire (7 significant digits) → back within 1e-6 dB.
    let p = m.read_power_dbm(1).await?;
    assert!((p + 3.0).abs() < 1e-6, "{p}");
    assert_eq!(
        meter.with(|s| s.settings(1).averaging),
        Duration::from_millis(3)
    );
    Ok(())
}

#[tokio::test]
async fn thermostream_sets_reads_and_reaches_the_setpoint() -> TestResult {
    let chamber = fast_chamber();
    let server = ThermoStreamSim::new(chamber.clone()).serve().await?;
    let mut c = open_chamber_with("thermostream", &server.address(), opts(500)).await?;
    assert_eq!(c.identify().await?.manufacturer, "inTEST");
    c.set_setpoint(70.0).await?;
    assert_eq!(c.setpoint().await?, 70.0);
    let deadline = Instant::now() + Duration::from_secs(2);
    loop {
        let t = c.temperature().await?;
        if (t - 70.0).abs() <= 0.1 {
            break;
        }
        assert!(Instant::now() < deadline, "still at {t} °C");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    // A device fault shows up as InstrumentReported with the register value.
    chamber.set_error_register(1 << 3);
    match c.set_setpoint(20.0).await {
        Err(InstrumentError::InstrumentReported { code, message, .. }) => {
            assert_eq!(code, 8);
            assert_eq!(message, "low flow");
        }
        other => panic!("expected the error register, got {other:?}"),
    }
    chamber.set_error_register(0);
    c.stop().await?;
    assert!(!chamber.with(|s| s.model.running()));
    Ok(())
}

#[tokio::test]
async fn scpi_chamber_sets_reads_and_reports_errors() -> TestResult {
    let chamber = fast_chamber();
    let server = ScpiChamberSim::new(chamber.clone()).serve().await?;
    let mut c = open_chamber_with("scpi-chamber", &server.address(), opts(500)).await?;
    c.set_setpoint(-20.0).await?;
    assert_eq!(c.setpoint().await?, -20.0);
    let deadline = Instant::now() + Duration::from_secs(2);
    while (c.temperature().await? + 20.0).abs() > 0.1 {
        assert!(Instant::now() < deadline, "chamber never got near −20 °C");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let refused = c.set_setpoint(500.0).await;
    match refused {
        Err(InstrumentError::InstrumentReported {
            code,
            ref message,
            ref at,
        }) => {
            assert_eq!(code, -222);
            assert!(message.contains("Data out of range"));
            assert_eq!(at.address, server.address());
        }
        other => panic!("{other:?}"),
    }
    c.stop().await?;
    assert!(!chamber.with(|s| s.model.running()));
    Ok(())
}

#[tokio::test]
async fn n776x_attenuator() -> TestResult {
    let voa = SimAttenuator::new(4);
    let server = N776xSim::new(voa.clone()).serve().await?;
    let mut a = open_attenuator_with("keysight-n776x", &server.address(), opts(500)).await?;
    a.set_attenuation_db(2, 12.5).await?;
    a.set_enabled(2, true).await?;
    assert_eq!(a.attenuation_db(2).await?, 12.5);
    assert_eq!(voa.loss_db(2), Some(12.5));
    Ok(())
}

#[tokio::test]
async fn the_error_queue_is_drained_after_commands() -> TestResult {
    let server = KeysightSim::new(meter_at(-1.0, 1), 1).serve().await?;
    let address: Address = server.address().parse()?;
    let mut client = ScpiClient::open(&address, "keysight-816x", 9600, opts(500)).await?;
    // An unknown header gets no reply but queues -113.
    let e = client.command("SENS1:POW:BOGUS 1").await;
    assert!(
        matches!(
            e,
            Err(InstrumentError::InstrumentReported { code: -113, .. })
        ),
        "{e:?}"
    );
    // Errors raised behind the client's back come out, all of them, at the next command.
    server.push_error(-100, "Command error");
    server.push_error(-350, "Queue overflow");
    // (Not *CLS here: it would clear them.)
    match client.command("SENS1:POW:UNIT 0").await {
        Err(InstrumentError::InstrumentReported { code, message, .. }) => {
            assert_eq!(code, -100);
            assert_eq!(message, "-100,\"Command error\"; -350,\"Queue overflow\"");
        }
        other => panic!("{other:?}"),
    }
    assert!(server.queued_errors().is_empty());
    client.command("*CLS").await?;
    Ok(())
}

#[tokio::test]
async fn a_silent_meter_times_out_promptly() -> TestResult {
    let server = KeysightSim::new(meter_at(-1.0, 1), 1).serve().await?;
    let mut m = open_meter_with("keysight-816x", &server.address(), opts(150)).await?;
    m.set_averaging_time(1, Duration::from_millis(1)).await?;
    server.set_fault(ServerFault::Silent);
    let start = Instant::now();
    let e = m.read_power_dbm(1).await;
    let took = start.elapsed();
    assert!(
        matches!(e, Err(InstrumentError::Timeout { ms: 150, .. })),
        "{e:?}"
    );
    assert!(
        took >= Duration::from_millis(150) && took < Duration::from_millis(800),
        "{took:?}"
    );
    // The meter comes back: the next reading works (stale input is discarded).
    server.set_fault(ServerFault::None);
    assert_eq!(m.read_power_dbm(1).await?, -1.0);
    Ok(())
}

#[tokio::test]
async fn a_dropped_connection_is_reopened_once_then_reported() -> TestResult {
    let server = ThorlabsSim::new(meter_at(0.0, 1)).serve().await?;
    let mut m = open_meter_with("thorlabs-pm100", &server.address(), opts(300)).await?;
    m.set_averaging_time(1, Duration::from_millis(1)).await?;
    assert_eq!(server.connections(), 1);
    // One drop: the client reconnects and the reading succeeds.
    server.set_fault(ServerFault::DropConnections(1));
    assert_eq!(m.read_power_dbm(1).await?, 0.0);
    assert_eq!(server.connections(), 2);
    // Every connection dropped: one reconnect, then NotConnected.
    server.set_fault(ServerFault::DropConnections(u32::MAX));
    let e = m.read_power_dbm(1).await;
    match &e {
        Err(InstrumentError::NotConnected { detail, .. }) => {
            assert!(detail.contains("after one reconnect"), "{detail}");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(server.connections(), 3);
    Ok(())
}

#[tokio::test]
async fn garbage_is_a_protocol_error() -> TestResult {
    let server = KeysightSim::new(meter_at(-1.0, 1), 1).serve().await?;
    let mut m = open_meter_with("keysight-816x", &server.address(), opts(300)).await?;
    m.set_averaging_time(1, Duration::from_millis(1)).await?;
    server.set_fault(ServerFault::Garbage);
    let e = m.read_power_dbm(1).await;
    assert!(matches!(e, Err(InstrumentError::Protocol { .. })), "{e:?}");
    // A command's error check reads garbage too.
    let e = m.set_wavelength_nm(1, 1550.0).await;
    assert!(matches!(e, Err(InstrumentError::Protocol { .. })), "{e:?}");
    Ok(())
}

#[tokio::test]
async fn slow_answers_within_and_beyond_the_timeout() -> TestResult {
    let server = ScpiChamberSim::new(fast_chamber()).serve().await?;
    let mut c = open_chamber_with("scpi-chamber", &server.address(), opts(200)).await?;
    server.set_fault(ServerFault::Delay(Duration::from_millis(30)));
    assert_eq!(c.temperature().await?, 25.0);
    server.set_fault(ServerFault::Delay(Duration::from_millis(400)));
    let e = c.temperature().await;
    assert!(e.as_ref().is_err_and(InstrumentError::is_timeout), "{e:?}");
    // The late reply arrives after the timeout and must not be taken for the next answer.
    server.set_fault(ServerFault::None);
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(c.setpoint().await?, 25.0);
    Ok(())
}

#[tokio::test]
async fn nobody_listening_is_not_connected() -> TestResult {
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0")?;
        l.local_addr()?.port()
    };
    let e = open_meter_with(
        "keysight-816x",
        &format!("tcp://127.0.0.1:{port}"),
        opts(200),
    )
    .await;
    match e {
        Err(InstrumentError::NotConnected { at, .. }) => {
            assert_eq!(at.address, format!("tcp://127.0.0.1:{port}"));
            assert_eq!(at.instrument, "keysight-816x");
        }
        Err(other) => panic!("{other:?}"),
        Ok(_) => panic!("connected to nobody"),
    }
    Ok(())
}
