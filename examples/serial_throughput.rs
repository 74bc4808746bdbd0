//! Throughput of the serial bridges over a real pseudo-terminal, with the simulated board
//! pacing its UART at the line rate (10 bits per byte).
//!
//! For each protocol, baud and read size, reads every segment of a CMIS fixture
//! (fixtures/modules/qsfpdd-400g-dr4.yaml) through `PagedReader`, and compares the payload
//! throughput with the protocol's line-rate limit: the payload the encoding lets through at
//! that baud when request and reply take turns on the line. The limit is counted exactly from
//! the bytes the exchanges put on the wire (requests, replies and page selects):
//! `limit = payload × (baud / 10) / (tx bytes + rx bytes)`.
//!
//! For an N-byte register read that is (reference/protocols.md §1.1 and
//! docs/serial-ascii-protocol.md §6):
//! - Firmata: request 9 bytes, reply 7 + 2N bytes;
//! - ASCII: request `#TT R DD OO LL` + LF = 14-15 bytes, reply `#TT OK ` + 2N hex + LF = 8 + 2N.
//!
//! Each row shows the best and the median of 5 runs. Run with
//! `cargo run --release --example serial_throughput`.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use optiqual::memmap::image::ModuleImage;
use optiqual::module::paged::{PagedModule, Paging};
use optiqual::sim::board::{BoardConfig, serve_pty_with};
use optiqual::sim::image_module::ImageModule;
use optiqual::transport::Transport;
use optiqual::transport::actor::{self, BusConfig};
use optiqual::transport::selector::SerialProtocol;
use optiqual::transport::serial::{Options, open_with};

struct Row {
    protocol: &'static str,
    baud: u32,
    chunk: usize,
    payload: u64,
    wire: u64,
    elapsed: Duration,
}

fn measure(
    image: &ModuleImage,
    protocol: SerialProtocol,
    baud: u32,
    chunk: Option<usize>,
) -> Result<Row, Box<dyn std::error::Error>> {
    let module: Box<dyn Transport> = Box::new(ImageModule::new(image.clone(), "dr4", false));
    let server = serve_pty_with(
        vec![module],
        BoardConfig {
            protocol,
            baud,
            pace: true,
            ..BoardConfig::default()
        },
    )?;
    let path = server
        .path()
        .to_str()
        .ok_or("non-UTF-8 pty path")?
        .to_string();
    let mut t = open_with(protocol, &path, baud, Options::default())?;
    let chunk = chunk.unwrap_or(t.capabilities().max_read);
    t.reset_stats();
    let shared = Shared(Arc::new(Mutex::new(t)));
    let segments: Vec<_> = image.segments().map(|(id, _)| id).collect();
    let lower = *image.lower().ok_or("fixture without a lower page")?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()?;
    let started = Instant::now();
    let payload = runtime.block_on(async {
        let bus = actor::spawn(Box::new(shared.clone()), BusConfig::default());
        let mut reader = PagedModule::new(bus, Paging::for_lower(&lower));
        reader.set_module_max_read(chunk);
        for &segment in &segments {
            let page = reader.read_segment(segment).await?;
            if image.get(segment) != Some(&page) {
                return Err::<u64, Box<dyn std::error::Error>>(
                    format!("{segment} differs from the source").into(),
                );
            }
        }
        Ok(reader.stats().bytes_read)
    })?;
    let elapsed = started.elapsed();
    let stats = shared.0.lock().map_err(|_| "poisoned")?.stats();
    Ok(Row {
        protocol: match protocol {
            SerialProtocol::Firmata => "firmata",
            SerialProtocol::Ascii => "ascii",
        },
        baud,
        chunk,
        payload,
        wire: stats.tx_bytes + stats.rx_bytes,
        elapsed,
    })
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/modules/qsfpdd-400g-dr4.yaml"
    );
    let image = optiqual::memmap::image::read(&std::fs::read(path)?)?.image;
    println!(
        "CMIS page set: {} segments ({} bytes) of qsfpdd-400g-dr4, board paced at the line rate\n",
        image.len(),
        image.len() * 128
    );
    println!(
        "| protocol | baud | read size | payload B | wire B | time ms (best / median) | achieved B/s (best) | line-rate limit B/s | % of limit (best / median) |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    for baud in [115_200, 57_600] {
        for protocol in [SerialProtocol::Firmata, SerialProtocol::Ascii] {
            // 8: the CMIS default read size the dump uses; then the bridge's largest read.
            for chunk in [Some(8), None] {
                // Best and median of 5 runs: other processes on the machine add scheduling
                // noise (a sleeping board thread may wait for a CPU).
                let mut runs = (0..5)
                    .map(|_| measure(&image, protocol, baud, chunk))
                    .collect::<Result<Vec<_>, _>>()?;
                runs.sort_by_key(|r| r.elapsed);
                let median = runs[2].elapsed.as_secs_f64();
                let r = &runs[0];
                let secs = r.elapsed.as_secs_f64();
                let achieved = r.payload as f64 / secs;
                let limit = r.payload as f64 * (f64::from(r.baud) / 10.0) / r.wire as f64;
                println!(
                    "| {} | {} | {} | {} | {} | {:.0} / {:.0} | {:.0} | {:.0} | {:.1} / {:.1} |",
                    r.protocol,
                    r.baud,
                    r.chunk,
                    r.payload,
                    r.wire,
                    secs * 1000.0,
                    median * 1000.0,
                    achieved,
                    limit,
                    100.0 * achieved / limit,
                    100.0 * (r.payload as f64 / median) / limit,
                );
            }
        }
    }
    Ok(())
}

/// The serial transport shared between the bus actor and this program, which reads the link
/// statistics (wire bytes) after the run.
#[derive(Clone)]
struct Shared(Arc<Mutex<optiqual::transport::serial::SerialTransport>>);

impl Transport for Shared {
    fn read(
        &mut self,
        d: optiqual::addr::DeviceAddr,
        o: u8,
        buf: &mut [u8],
    ) -> Result<(), optiqual::transport::TransportError> {
        self.0.lock().map_err(|_| poisoned())?.read(d, o, buf)
    }
    fn write(
        &mut self,
        d: optiqual::addr::DeviceAddr,
        o: u8,
        data: &[u8],
    ) -> Result<(), optiqual::transport::TransportError> {
        self.0.lock().map_err(|_| poisoned())?.write(d, o, data)
    }
    fn capabilities(&self) -> optiqual::transport::Capabilities {
        self.0.lock().map(|t| t.capabilities()).unwrap_or_default()
    }
    fn describe(&self) -> String {
        self.0.lock().map(|t| t.describe()).unwrap_or_default()
    }
}

fn poisoned() -> optiqual::transport::TransportError {
    optiqual::transport::TransportError::Disconnected("transport lock poisoned".into())
}
