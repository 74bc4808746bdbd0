//! The simulated boards against the real driver over an in-memory link (no pty, no threads):
//! handshake, reads, NACK, garbage, cut replies, silence, end of file, the mux.

use std::time::Duration;

use super::*;
use crate::addr::{DeviceAddr, HALF_LEN, SegmentId};
use crate::memmap::image::ModuleImage;
use crate::module::dump::dump_blocking;
use crate::sim::image_module::ImageModule;
use crate::transport::serial::firmata::{Message, TOO_FEW_BYTES};
use crate::transport::serial::{Options, SerialTransport};
use crate::transport::{Transport, TransportError};

const BOTH: [SerialProtocol; 2] = [SerialProtocol::Firmata, SerialProtocol::Ascii];

fn image(fill: u8) -> ModuleImage {
    // A CMIS-looking module: identifier 0x18, paged; every other byte is fill + offset.
    let mut img = ModuleImage::new();
    let mut lower = [0u8; HALF_LEN];
    for (i, b) in lower.iter_mut().enumerate() {
        *b = fill.wrapping_add(i as u8);
    }
    lower[0] = 0x18;
    img.insert(SegmentId::LOWER, lower);
    img.insert(SegmentId::upper(0), [fill ^ 0xFF; HALF_LEN]);
    img
}

fn module(fill: u8) -> Box<dyn Transport> {
    Box::new(ImageModule::new(image(fill), format!("m{fill}"), false))
}

fn fast() -> Options {
    Options {
        timeout: Duration::from_millis(60),
        handshake: Duration::from_millis(200),
    }
}

fn link(protocol: SerialProtocol, modules: Vec<Box<dyn Transport>>) -> LoopbackLink {
    let config = BoardConfig {
        protocol,
        pace: false,
        ..BoardConfig::default()
    };
    LoopbackLink::new(build(modules, &config))
}

/// Fault knobs of a loopback link, shared with the test after the link moved into the
/// transport.
struct Knobs {
    garbage: Vec<u8>,
    closed: bool,
    mute: bool,
    cut: Option<usize>,
}

struct Tapped {
    inner: LoopbackLink,
    knobs: std::sync::Arc<std::sync::Mutex<Knobs>>,
}

impl std::io::Read for Tapped {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        self.sync();
        self.inner.read(buf)
    }
}
impl std::io::Write for Tapped {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.sync();
        let n = self.inner.write(buf);
        if let Ok(mut k) = self.knobs.lock() {
            k.cut = self.inner.cut_next_reply;
            if self.inner.garbage.is_empty() {
                k.garbage.clear();
            }
        }
        n
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
impl Tapped {
    fn sync(&mut self) {
        if let Ok(k) = self.knobs.lock() {
            self.inner.garbage = k.garbage.clone();
            self.inner.closed = k.closed;
            self.inner.mute = k.mute;
            self.inner.cut_next_reply = k.cut;
        }
    }
}
impl crate::transport::serial::SerialLink for Tapped {
    fn set_read_timeout(&mut self, _t: Duration) -> std::io::Result<()> {
        Ok(())
    }
}

type Shared = std::sync::Arc<std::sync::Mutex<Knobs>>;

fn open(protocol: SerialProtocol, modules: Vec<Box<dyn Transport>>) -> (SerialTransport, Shared) {
    let knobs: Shared = std::sync::Arc::new(std::sync::Mutex::new(Knobs {
        garbage: Vec::new(),
        closed: false,
        mute: false,
        cut: None,
    }));
    let tapped = Tapped {
        inner: link(protocol, modules),
        knobs: knobs.clone(),
    };
    let t = SerialTransport::new(Box::new(tapped), protocol, 115_200, "loopback", fast())
        .expect("handshake");
    (t, knobs)
}

#[test]
fn handshake_reports_the_board_and_its_limits() {
    let (t, _) = open(SerialProtocol::Firmata, vec![module(1)]);
    assert_eq!(t.board(), "StandardFirmata 2.5");
    let c = t.capabilities();
    assert_eq!((c.max_read, c.max_write, c.bus_hz), (32, 30, 100_000));
    let (t, _) = open(SerialProtocol::Ascii, vec![module(1)]);
    assert!(t.board().starts_with("optiqual-sim"), "{}", t.board());
    let c = t.capabilities();
    assert_eq!((c.max_read, c.max_write, c.bus_hz), (128, 32, 100_000));
}

#[test]
fn reads_and_page_select_writes_reach_the_module() {
    for p in BOTH {
        let (mut t, _) = open(p, vec![module(3)]);
        let mut buf = [0u8; 8];
        t.read(DeviceAddr::A0, 0, &mut buf).unwrap();
        // Byte 0 is the identifier 0x18, bytes 1-7 are 3 + offset.
        assert_eq!(buf, [0x18, 4, 5, 6, 7, 8, 9, 10], "{p:?}");
        t.write(DeviceAddr::A0, 127, &[0]).unwrap();
        t.read(DeviceAddr::A0, 128, &mut buf).unwrap();
        assert_eq!(buf, [0xFC; 8], "{p:?}");
        let too_long = vec![0u8; t.capabilities().max_read + 1];
        let mut too_long = too_long;
        assert!(matches!(
            t.read(DeviceAddr::A0, 0, &mut too_long),
            Err(TransportError::InvalidRequest(_))
        ));
    }
}

#[test]
fn absent_device_is_a_nack() {
    for p in BOTH {
        let (mut t, _) = open(p, vec![module(0)]);
        let e = t.read(DeviceAddr(0x52), 0, &mut [0u8; 4]).unwrap_err();
        assert!(
            matches!(
                e,
                TransportError::Nack {
                    device: DeviceAddr(0x52),
                    offset: 0
                }
            ),
            "{p:?}: {e}"
        );
        // The session goes on.
        t.read(DeviceAddr::A0, 0, &mut [0u8; 1]).unwrap();
    }
}

#[test]
fn garbage_before_replies_is_skipped() {
    for p in BOTH {
        let (mut t, knobs) = open(p, vec![module(7)]);
        t.reset_stats();
        // Noise with command bytes, a cut sysex, a stray F7, a stale-looking line.
        knobs.lock().unwrap().garbage =
            vec![0x00, 0xF0, 0x77, 0x13, 0xF7, b'#', b'Z', 0xE5, b'\n', 0x55];
        let mut buf = [0u8; 4];
        t.read(DeviceAddr::A0, 1, &mut buf).unwrap();
        assert_eq!(buf, [8, 9, 10, 11], "{p:?}");
        assert!(t.stats().garbage_bytes > 0, "{p:?}: {:?}", t.stats());
    }
}

#[test]
fn a_cut_reply_times_out_then_the_session_resyncs() {
    for p in BOTH {
        let (mut t, knobs) = open(p, vec![module(9)]);
        knobs.lock().unwrap().cut = Some(5);
        let e = t.read(DeviceAddr::A0, 0, &mut [0u8; 8]).unwrap_err();
        assert!(
            matches!(
                e,
                TransportError::Timeout { .. } | TransportError::Protocol(_)
            ),
            "{p:?}: {e}"
        );
        let mut buf = [0u8; 2];
        t.read(DeviceAddr::A0, 1, &mut buf).unwrap();
        assert_eq!(buf, [10, 11], "{p:?}");
    }
}

#[test]
fn silence_is_a_timeout_and_end_of_file_a_disconnect() {
    for p in BOTH {
        let (mut t, knobs) = open(p, vec![module(0)]);
        knobs.lock().unwrap().mute = true;
        let started = std::time::Instant::now();
        let e = t.read(DeviceAddr::A0, 0, &mut [0u8; 8]).unwrap_err();
        assert!(matches!(e, TransportError::Timeout { .. }), "{p:?}: {e}");
        assert!(started.elapsed() < Duration::from_millis(500));
        knobs.lock().unwrap().closed = true;
        let e = t.read(DeviceAddr::A0, 0, &mut [0u8; 8]).unwrap_err();
        assert!(matches!(e, TransportError::Disconnected(_)), "{p:?}: {e}");
    }
}

#[test]
fn two_modules_behind_the_mux() {
    for p in BOTH {
        let (mut t, _) = open(p, vec![module(0x10), module(0x20)]);
        let mut b = [0u8; 1];
        // No channel selected: nobody answers at 0x50.
        assert!(matches!(
            t.read(DeviceAddr::A0, 1, &mut b),
            Err(TransportError::Nack { .. })
        ));
        t.set_mux(Some((0x70, 0)));
        t.read(DeviceAddr::A0, 1, &mut b).unwrap();
        assert_eq!(b, [0x11], "{p:?}");
        t.set_mux(Some((0x70, 1)));
        t.read(DeviceAddr::A0, 1, &mut b).unwrap();
        assert_eq!(b, [0x21], "{p:?}");
        // The mux control register reads back: channel 1 = 0x02.
        t.set_mux(None);
        t.read(DeviceAddr(0x70), 0, &mut b).unwrap();
        assert_eq!(b, [0x02], "{p:?}");
    }
}

#[test]
fn dump_over_the_loopback_equals_the_image() {
    for p in BOTH {
        let mut src = image(0x40);
        // Flat memory (CMIS byte 2 bit 7): only the lower half and page 00h are advertised.
        if let Some(lower) = src.get_mut(SegmentId::LOWER) {
            lower[2] = 0x80;
        }
        let m: Box<dyn Transport> = Box::new(ImageModule::new(src.clone(), "src", false));
        let (t, _) = open(p, vec![m]);
        let d = dump_blocking(Box::new(t)).unwrap();
        assert!(d.failures.is_empty(), "{p:?}: {:?}", d.failures);
        assert_eq!(d.image, src, "{p:?}");
    }
}

fn firmata_board() -> Box<dyn Firmware> {
    build(
        vec![module(0)],
        &BoardConfig {
            protocol: SerialProtocol::Firmata,
            ..BoardConfig::default()
        },
    )
}

fn feed(board: &mut dyn Firmware, bytes: &[u8]) -> Vec<u8> {
    bytes.iter().flat_map(|&b| board.feed(b)).collect()
}

#[test]
fn firmata_board_answers_like_standard_firmata() {
    let mut b = firmata_board();
    // Boot banner: F9 02 05 then the firmware report.
    let banner = b.on_connect();
    assert_eq!(&banner[..3], [0xF9, 2, 5]);
    assert_eq!(&banner[3..7], [0xF0, 0x79, 2, 5]);
    // Requests before I2C_CONFIG are ignored.
    let read = Message::I2cRequest(crate::transport::serial::firmata::I2cRequest::read(
        0x50, 0, 1, 0,
    ))
    .encode()
    .unwrap();
    assert!(feed(&mut *b, &read).is_empty());
    assert!(feed(&mut *b, &[0xF0, 0x78, 0, 0, 0xF7]).is_empty());
    // Reply: F0 77 50 00 00 00 (18 → 18 00) F7.
    assert_eq!(
        feed(&mut *b, &read),
        [0xF0, 0x77, 0x50, 0, 0, 0, 0x18, 0, 0xF7]
    );
    // Absent device: "Too few bytes" then a full-length reply of stale buffer bytes (the 0x18
    // of the last read), exactly as StandardFirmata's readAndReportData does.
    let absent = Message::I2cRequest(crate::transport::serial::firmata::I2cRequest::read(
        0x53, 0, 1, 0,
    ))
    .encode()
    .unwrap();
    let out = feed(&mut *b, &absent);
    let text = Message::Text(TOO_FEW_BYTES.into()).encode().unwrap();
    assert_eq!(&out[..text.len()], text);
    assert_eq!(
        &out[text.len()..],
        [0xF0, 0x77, 0x53, 0, 0, 0, 0x18, 0, 0xF7]
    );
    // 40 bytes exceed the 32-byte Wire buffer: too few, 40 bytes in the reply.
    let long = Message::I2cRequest(crate::transport::serial::firmata::I2cRequest::read(
        0x50, 0, 40, 0,
    ))
    .encode()
    .unwrap();
    let out = feed(&mut *b, &long);
    assert_eq!(&out[..text.len()], text);
    assert_eq!(out.len() - text.len(), 7 + 2 * 40);
    // A 10-bit request is refused in words.
    let ten = [0xF0, 0x76, 0x25, 0x20 | 0x08 | 0x05, 1, 0, 0xF7];
    let out = feed(&mut *b, &ten);
    assert_eq!(
        out,
        Message::Text("10-bit addressing not supported".into())
            .encode()
            .unwrap()
    );
}

#[test]
fn ascii_board_answers_every_documented_case() {
    let mut b = build(
        vec![module(0)],
        &BoardConfig {
            protocol: SerialProtocol::Ascii,
            ..BoardConfig::default()
        },
    );
    let cases: [(&[u8], &[u8]); 9] = [
        (b"#01 R 50 00 2\n", b"#01 OK 1801\n"),
        (b"r 50 1 1\r\n", b"OK 01\n"),
        (b"#02 R 52 00 1\n", b"#02 NACK\n"),
        (
            b"#03 R 50 00 81\n",
            b"#03 ERR 04 read of 129 bytes: the protocol allows 1 to 128\n",
        ),
        (b"#04 W 50 7F 00\n", b"#04 OK\n"),
        (
            b"#05 W 50 10 00\n",
            b"#05 ERR 05 write refused: m0 is read-only: byte 16 of A0h cannot be written\n",
        ),
        (b"#06 Q\n", b"#06 ERR 01 unknown command `Q`\n"),
        (b"\n", b""),
        (
            b"#07 I\n",
            b"#07 OK oqi2c/1 name=optiqual-sim max_read=128 max_write=32 bus_hz=100000\n",
        ),
    ];
    for (input, expect) in cases {
        assert_eq!(
            String::from_utf8_lossy(&feed(&mut *b, input)),
            String::from_utf8_lossy(expect)
        );
    }
    let mut long = vec![b'R'; 400];
    long.push(b'\n');
    assert_eq!(
        feed(&mut *b, &long),
        b"ERR 03 line of 400 bytes; the limit is 300\n"
    );
}
