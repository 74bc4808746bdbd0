//! Bus efficiency of the paged layer, counted (not timed) on simulated modules.
//!
//! For a CMIS module (8 lanes, fixtures/modules/osfp-800g-2xfr4.yaml) and an SFF-8472 module
//! (fixtures/modules/sfp-10g-sr.yaml) it runs a full identity + thresholds + DOM snapshot and a
//! DOM-only poll through `PagedModule::read_ranges`, and compares what went on the bus with
//! the minimum: only the needed bytes, in reads of at most the allowed size, and one select per
//! page change. Bit times follow reference/bus-access.md §1.7 (read 29 + 9N, write 20 + 9N).
//!
//! Run: `cargo run --example bus_efficiency` (from the crate root).

use std::collections::BTreeSet;

use optiqual::addr::SegmentId;
use optiqual::memmap::image;
use optiqual::module::paged::{ByteRange, PagedModule, Paging};
use optiqual::sim::image_module::ImageModule;
use optiqual::transport::actor::script::ScriptedTransport;
use optiqual::transport::actor::{self, BusConfig, BusStats, read_bits, write_bits};
use optiqual::transport::{Capabilities, Transport};

/// The least the bus must carry for `ranges`: the union of their bytes, each run read in
/// `max_read` chunks, one select per upper page (a 2-byte bank+page write for CMIS when the
/// bank register is unknown or changes, else 1 byte) unless the page is already current.
struct Minimum {
    bytes: u64,
    transactions: u64,
    bits: u64,
}

fn minimum(ranges: &[ByteRange], max_read: usize, selects: &[usize]) -> Minimum {
    let mut by_segment: std::collections::BTreeMap<SegmentId, BTreeSet<u8>> = Default::default();
    for r in ranges {
        by_segment
            .entry(r.segment)
            .or_default()
            .extend(r.first..=r.last);
    }
    let mut m = Minimum {
        bytes: 0,
        transactions: 0,
        bits: 0,
    };
    for bytes in by_segment.values() {
        let mut runs: Vec<(u8, u8)> = Vec::new();
        for &b in bytes {
            match runs.last_mut() {
                Some(run) if usize::from(run.1) + 1 == usize::from(b) => run.1 = b,
                _ => runs.push((b, b)),
            }
        }
        for (a, b) in runs {
            let len = usize::from(b - a) + 1;
            let chunks = len.div_ceil(max_read);
            m.bytes += len as u64;
            m.transactions += chunks as u64;
            m.bits += chunks as u64 * read_bits(0) + 9 * len as u64;
        }
    }
    for &len in selects {
        m.transactions += 1;
        m.bits += write_bits(len);
    }
    m
}

struct Row {
    module: &'static str,
    scenario: &'static str,
    min: Minimum,
    got: BusStats,
    hz: u32,
}

fn print(rows: &[Row]) {
    println!(
        "| module | scenario | needed bytes | bytes read | min transactions | transactions (selects) | min bit times | bit times | est. bus time | vs minimum |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|");
    for r in rows {
        let ratio = r.got.bus_bits as f64 / r.min.bits as f64;
        println!(
            "| {} | {} | {} | {} | {} | {} ({}) | {} | {} | {:.2} ms @ {} kHz | {:+.1} % |",
            r.module,
            r.scenario,
            r.min.bytes,
            r.got.bytes_read,
            r.min.transactions,
            r.got.transactions(),
            r.got.page_selects,
            r.min.bits,
            r.got.bus_bits,
            r.got.bus_time_ms(),
            r.hz / 1000,
            (ratio - 1.0) * 100.0
        );
    }
}

fn open(fixture: &str, hz: u32) -> Result<Box<dyn Transport>, Box<dyn std::error::Error>> {
    let bytes = std::fs::read(fixture)?;
    let img = image::read(&bytes)?.image;
    let module = ImageModule::new(img, fixture, false);
    let caps = Capabilities {
        bus_hz: hz,
        ..module.capabilities()
    };
    Ok(Box::new(
        ScriptedTransport::wrap_with(Box::new(module), caps).0,
    ))
}

async fn run(
    module: &mut PagedModule,
    ranges: &[ByteRange],
) -> Result<BusStats, Box<dyn std::error::Error>> {
    let before = module.stats();
    module.read_ranges(ranges).await?;
    let after = module.stats();
    Ok(BusStats {
        reads: after.reads - before.reads,
        writes: after.writes - before.writes,
        page_selects: after.page_selects - before.page_selects,
        bytes_read: after.bytes_read - before.bytes_read,
        bus_bits: after.bus_bits - before.bus_bits,
        bus_time_ns: after.bus_time_ns - before.bus_time_ns,
        ..BusStats::default()
    })
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut rows = Vec::new();

    // CMIS, 8 lanes, bank 0 (reference/cmis.md).
    let lower = SegmentId::LOWER;
    let p11 = SegmentId::banked(0, 0x11);
    let cmis_poll = [
        ByteRange::new(lower, 14, 17), // temperature, Vcc
        ByteRange::new(p11, 154, 201), // Tx power, Tx bias, Rx power lanes 1-8
    ];
    let cmis_snapshot = [
        ByteRange::new(lower, 0, 3), // identifier, revision, memory model, state
        ByteRange::new(lower, 14, 17), // temperature, Vcc
        ByteRange::new(lower, 85, 117), // media type, application descriptors
        ByteRange::new(SegmentId::upper(0), 128, 222), // vendor identity .. checksum
        ByteRange::new(SegmentId::upper(1), 142, 142), // supported pages, banks
        ByteRange::new(SegmentId::upper(1), 151, 151), // Rx power type
        ByteRange::new(SegmentId::upper(1), 159, 160), // monitors supported, bias multiplier
        ByteRange::new(SegmentId::upper(2), 128, 199), // thresholds
        ByteRange::new(p11, 154, 201), // lane monitors
    ];
    let hz = 400_000;
    let bus = actor::spawn(
        open("fixtures/modules/osfp-800g-2xfr4.yaml", hz)?,
        BusConfig::default(),
    );
    let mut m = PagedModule::new(bus, Paging::CMIS);
    let got = run(&mut m, &cmis_snapshot).await?;
    // Pages 00h, 01h, 02h, 11h: the first select writes bank + page (register unknown).
    rows.push(Row {
        module: "CMIS OSFP 8 lanes",
        scenario: "identity + thresholds + DOM",
        min: minimum(&cmis_snapshot, 8, &[2, 1, 1, 1]),
        got,
        hz,
    });
    let got = run(&mut m, &cmis_poll).await?;
    rows.push(Row {
        module: "CMIS OSFP 8 lanes",
        scenario: "DOM poll (page 11h current)",
        min: minimum(&cmis_poll, 8, &[]),
        got,
        hz,
    });
    let bus = actor::spawn(
        open("fixtures/modules/osfp-800g-2xfr4.yaml", hz)?,
        BusConfig::default(),
    );
    let mut m = PagedModule::new(bus, Paging::CMIS);
    let got = run(&mut m, &cmis_poll).await?;
    rows.push(Row {
        module: "CMIS OSFP 8 lanes",
        scenario: "DOM poll (cold: page unknown)",
        min: minimum(&cmis_poll, 8, &[2]),
        got,
        hz,
    });
    // Whole pages for comparison: lower, 00h, 01h, 02h, 11h.
    let whole: Vec<ByteRange> = [
        ByteRange::new(lower, 0, 127),
        ByteRange::new(SegmentId::upper(0), 128, 255),
        ByteRange::new(SegmentId::upper(1), 128, 255),
        ByteRange::new(SegmentId::upper(2), 128, 255),
        ByteRange::new(p11, 128, 255),
    ]
    .to_vec();
    m.forget_page();
    let got = run(&mut m, &whole).await?;
    rows.push(Row {
        module: "CMIS OSFP 8 lanes",
        scenario: "whole pages (ethtool-style), for contrast",
        min: minimum(&cmis_snapshot, 8, &[2, 1, 1, 1]),
        got,
        hz,
    });

    // SFF-8472 at its 100 kHz bus (reference/sff-8472.md, Table 8-7).
    let a2 = SegmentId::A2_LOWER;
    let sfp_poll = [ByteRange::new(a2, 96, 105)];
    let sfp_snapshot = [
        ByteRange::new(lower, 0, 95), // serial ID .. CC_EXT
        ByteRange::new(a2, 0, 39),    // thresholds
        ByteRange::new(a2, 96, 105),  // DOM
        ByteRange::new(a2, 110, 110), // status/control
        ByteRange::new(a2, 112, 117), // alarm and warning flags
    ];
    let hz = 100_000;
    let bus = actor::spawn(
        open("fixtures/modules/sfp-10g-sr.yaml", hz)?,
        BusConfig::default(),
    );
    let mut m = PagedModule::new(
        bus,
        Paging {
            spec: optiqual::module::write_safety::Spec::Sff8472,
            paged: false,
        },
    );
    let got = run(&mut m, &sfp_snapshot).await?;
    rows.push(Row {
        module: "SFF-8472 SFP+",
        scenario: "identity + thresholds + DOM",
        min: minimum(&sfp_snapshot, 128, &[]),
        got,
        hz,
    });
    let got = run(&mut m, &sfp_poll).await?;
    rows.push(Row {
        module: "SFF-8472 SFP+",
        scenario: "DOM poll",
        min: minimum(&sfp_poll, 128, &[]),
        got,
        hz,
    });
    let whole = [ByteRange::new(lower, 0, 127), ByteRange::new(a2, 0, 127)];
    let got = run(&mut m, &whole).await?;
    rows.push(Row {
        module: "SFF-8472 SFP+",
        scenario: "whole A0h + A2h lower, for contrast",
        min: minimum(&sfp_snapshot, 128, &[]),
        got,
        hz,
    });

    print(&rows);
    Ok(())
}
