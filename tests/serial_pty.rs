//! Serial bridges through a real kernel pseudo-terminal (design.md §8 level 3): the simulated
//! Firmata and ASCII boards serve fixture modules on a pty, and the real `SerialTransport` opens
//! the slave path like any serial port.

#![cfg(unix)]

mod common;

use std::time::{Duration, Instant};

use optiqual::addr::DeviceAddr;
use optiqual::memmap::{self, image::ModuleImage};
use optiqual::module::dump::dump_blocking;
use optiqual::sim::board::{BoardConfig, PtyServer, serve_pty_with};
use optiqual::sim::image_module::ImageModule;
use optiqual::transport::selector::SerialProtocol;
use optiqual::transport::serial::{Options, SerialTransport, open_with};
use optiqual::transport::{Transport, TransportError};

const BOTH: [SerialProtocol; 2] = [SerialProtocol::Firmata, SerialProtocol::Ascii];
const FIXTURES: [&str; 3] = ["qsfpdd-400g-dr4", "qsfp28-100g-sr4", "sfp-10g-sr"];

fn fixture(name: &str) -> ModuleImage {
    let path = common::root().join(format!("fixtures/modules/{name}.yaml"));
    let bytes = std::fs::read(&path).expect("fixture file");
    memmap::image::read(&bytes).expect("fixture image").image
}

fn serve(protocol: SerialProtocol, images: &[ModuleImage], pace: Option<u32>) -> PtyServer {
    let modules = images
        .iter()
        .enumerate()
        .map(|(i, img)| {
            Box::new(ImageModule::new(img.clone(), format!("module {i}"), false))
                as Box<dyn Transport>
        })
        .collect();
    serve_pty_with(
        modules,
        BoardConfig {
            protocol,
            baud: pace.unwrap_or(115_200),
            pace: pace.is_some(),
            ..BoardConfig::default()
        },
    )
    .expect("pseudo-terminal")
}

fn options() -> Options {
    Options {
        timeout: Duration::from_millis(300),
        handshake: Duration::from_secs(1),
    }
}

fn connect(protocol: SerialProtocol, server: &PtyServer) -> SerialTransport {
    let path = server.path().to_str().expect("utf-8 path").to_string();
    open_with(protocol, &path, 115_200, options()).expect("handshake")
}

/// A serial transport shared between the bus actor (which owns a boxed transport) and the
/// test, so the test can read the link statistics after a dump.
#[derive(Clone)]
struct Shared(std::sync::Arc<std::sync::Mutex<SerialTransport>>);

impl Shared {
    fn new(t: SerialTransport) -> Self {
        Shared(std::sync::Arc::new(std::sync::Mutex::new(t)))
    }

    fn stats(&self) -> optiqual::transport::serial::LinkStats {
        self.0.lock().expect("lock").stats()
    }
}

impl Transport for Shared {
    fn read(&mut self, d: DeviceAddr, o: u8, buf: &mut [u8]) -> Result<(), TransportError> {
        self.0.lock().expect("lock").read(d, o, buf)
    }
    fn write(&mut self, d: DeviceAddr, o: u8, data: &[u8]) -> Result<(), TransportError> {
        self.0.lock().expect("lock").write(d, o, data)
    }
    fn capabilities(&self) -> optiqual::transport::Capabilities {
        self.0.lock().expect("lock").capabilities()
    }
    fn describe(&self) -> String {
        self.0.lock().expect("lock").describe()
    }
}

#[test]
fn both_protocols_dump_fixtures_equal_to_the_source() {
    for protocol in BOTH {
        for name in FIXTURES {
            let started = Instant::now();
            let src = fixture(name);
            let server = serve(protocol, std::slice::from_ref(&src), None);
            let t = Shared::new(connect(protocol, &server));
            let d = dump_blocking(Box::new(t.clone())).unwrap();
            assert!(
                d.failures.is_empty(),
                "{protocol:?} {name}: {:?}",
                d.failures
            );
            assert!(d.unavailable.is_empty(), "{protocol:?} {name}");
            // Every advertised segment was read, and equals the source.
            assert!(d.image.len() >= 2, "{protocol:?} {name}");
            for (id, page) in d.image.segments() {
                assert_eq!(Some(page), src.get(id), "{protocol:?} {name} {id}");
            }
            let decoded = memmap::decode(&d.image).unwrap();
            assert!(!decoded.checksums.is_empty(), "{name}");
            assert!(
                decoded.checksums.iter().all(|c| c.ok),
                "{protocol:?} {name}: {:?}",
                decoded.checksums
            );
            assert_eq!(t.stats().garbage_bytes, 0, "{protocol:?} {name}");
            assert!(
                started.elapsed() < Duration::from_secs(2),
                "{protocol:?} {name}: {:?}",
                started.elapsed()
            );
        }
    }
}

#[test]
fn absent_device_is_a_nack() {
    for protocol in BOTH {
        let server = serve(protocol, &[fixture("sfp-10g-sr")], None);
        let mut t = connect(protocol, &server);
        let e = t.read(DeviceAddr(0x53), 0, &mut [0u8; 8]).unwrap_err();
        assert!(
            matches!(
                e,
                TransportError::Nack {
                    device: DeviceAddr(0x53),
                    offset: 0
                }
            ),
            "{protocol:?}: {e}"
        );
        // SFF-8472 A2h is there.
        t.read(DeviceAddr::A2, 0, &mut [0u8; 8]).unwrap();
    }
}

#[test]
fn injected_garbage_is_survived_by_resync() {
    for protocol in BOTH {
        let src = fixture("qsfp28-100g-sr4");
        let server = serve(protocol, std::slice::from_ref(&src), None);
        let mut t = connect(protocol, &server);
        let noise: &[u8] = &[
            0x00, 0xFF, 0xF0, 0x77, 0x50, 0x13, b'#', b'4', 0xF7, b'\n', 0x7E, 0xE3,
        ];
        let mut buf = [0u8; 16];
        for round in 0..5u8 {
            server.inject_garbage(noise);
            let offset = round * 16;
            t.read(DeviceAddr::A0, offset, &mut buf).unwrap();
            let lower = src.lower().unwrap();
            assert_eq!(
                buf[..],
                lower[usize::from(offset)..usize::from(offset) + 16]
            );
        }
        assert!(
            t.stats().garbage_bytes >= 5,
            "{protocol:?}: {:?}",
            t.stats()
        );
        // A whole dump with noise before one reply still equals the source.
        server.inject_garbage(noise);
        let d = dump_blocking(Box::new(t)).unwrap();
        assert!(d.failures.is_empty(), "{protocol:?}: {:?}", d.failures);
        for (id, page) in d.image.segments() {
            assert_eq!(Some(page), src.get(id));
        }
    }
}

#[test]
fn server_dropped_mid_read_is_a_prompt_disconnect() {
    for protocol in BOTH {
        // 2400 baud: an 8-byte exchange takes over 100 ms of line time, so the drop lands
        // inside a read.
        let server = serve(protocol, &[fixture("qsfpdd-400g-dr4")], Some(2400));
        let mut t = connect(protocol, &server);
        let killer = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(150));
            let dropped_at = Instant::now();
            drop(server);
            dropped_at
        });
        let mut buf = [0u8; 8];
        let e = loop {
            if let Err(e) = t.read(DeviceAddr::A0, 0, &mut buf) {
                break e;
            }
        };
        let noticed = Instant::now();
        let dropped_at = killer.join().unwrap();
        assert!(
            matches!(
                e,
                TransportError::Disconnected(_) | TransportError::Timeout { .. }
            ),
            "{protocol:?}: {e}"
        );
        assert!(
            noticed.saturating_duration_since(dropped_at) < Duration::from_millis(800),
            "{protocol:?}: noticed {:?} after the drop",
            noticed.saturating_duration_since(dropped_at)
        );
    }
}

#[test]
fn two_modules_behind_the_mux_and_a_second_host() {
    for protocol in BOTH {
        let a = fixture("qsfpdd-400g-dr4");
        let b = fixture("sfp28-25g-lr");
        let server = serve(protocol, &[a.clone(), b.clone()], None);
        for host in 0..2 {
            // A second open of the same path works once the first host closed it.
            let mut t = connect(protocol, &server);
            let mut id = [0u8; 1];
            t.set_mux(Some((0x70, 0)));
            t.read(DeviceAddr::A0, 0, &mut id).unwrap();
            assert_eq!(id[0], a.lower().unwrap()[0], "{protocol:?} host {host}");
            t.set_mux(Some((0x70, 1)));
            let d = dump_blocking(Box::new(t)).unwrap();
            assert!(d.failures.is_empty(), "{protocol:?}: {:?}", d.failures);
            for (seg, page) in d.image.segments() {
                assert_eq!(Some(page), b.get(seg), "{protocol:?} {seg}");
            }
        }
    }
}

#[test]
fn open_of_a_missing_port_is_an_io_error() {
    let e = open_with(
        SerialProtocol::Ascii,
        "/dev/optiqual-no-such-port",
        115_200,
        options(),
    )
    .unwrap_err();
    assert!(matches!(e, TransportError::Io { .. }), "{e}");
    assert!(e.to_string().contains("/dev/optiqual-no-such-port"), "{e}");
}
