//! Exact transaction sequences on the scripted transport (paused tokio clock).

use std::time::Duration;

use super::*;
use crate::addr::{DeviceAddr, HALF_LEN, SegmentId};
use crate::module::ModuleError;
use crate::module::write_safety::{Grant, Spec};
use crate::transport::actor::script::{Fault, Match, ScriptControl, ScriptedTransport};
use crate::transport::actor::{self, BusConfig, BusHandle, RetryPolicy};
use crate::transport::{Capabilities, TransportError};

fn bus_with(caps: Capabilities) -> (BusHandle, ScriptControl) {
    let (t, control) = ScriptedTransport::new(caps);
    (actor::spawn(Box::new(t), BusConfig::default()), control)
}

fn bus() -> (BusHandle, ScriptControl) {
    bus_with(Capabilities::default())
}

fn reads(offset: u16, count: u16, len: usize) -> Vec<String> {
    (0..count)
        .map(|i| format!("R 50 {}+{len}", offset + i * len as u16))
        .collect()
}

fn cat(parts: &[&[String]]) -> Vec<String> {
    parts.concat()
}

#[tokio::test(start_paused = true)]
async fn cmis_lower_half_is_sixteen_8_byte_reads_without_select() {
    let (bus, control) = bus();
    let mut m = PagedModule::new(bus, Paging::CMIS);
    let lower = m.read_segment(SegmentId::LOWER).await.unwrap();
    assert_eq!(lower[127], 127);
    assert_eq!(control.short_log(), reads(0, 16, 8));
}

#[tokio::test(start_paused = true)]
async fn cmis_selects_bank_and_page_together_only_when_the_bank_changes() {
    let (bus, control) = bus();
    let mut m = PagedModule::new(bus, Paging::CMIS);
    for s in [
        SegmentId::upper(0),        // registers unknown: 126-127 = 0, 00h
        SegmentId::upper(0),        // current: nothing
        SegmentId::upper(1),        // same bank: 127 alone
        SegmentId::banked(1, 0x11), // bank changes: 126-127 in one write
        SegmentId::banked(1, 0x10), // same bank: 127 alone
        SegmentId::upper(2),        // back to bank 0: 126-127
    ] {
        m.read_segment(s).await.unwrap();
    }
    let writes: Vec<_> = control
        .short_log()
        .into_iter()
        .filter(|l| l.starts_with('W'))
        .collect();
    assert_eq!(
        writes,
        [
            "W 50 126 [00 00]",
            "W 50 127 [01]",
            "W 50 126 [01 11]",
            "W 50 127 [10]",
            "W 50 126 [00 02]"
        ]
    );
    let s = m.stats();
    assert_eq!(
        (s.page_selects, s.reads, s.bytes_read),
        (5, 6 * 16, 6 * 128)
    );
    // Page 00h: its select then its 16 reads.
    let log = control.short_log();
    assert_eq!(
        log[..17],
        cat(&[&["W 50 126 [00 00]".to_string()], &reads(128, 16, 8)])[..]
    );
}

#[tokio::test(start_paused = true)]
async fn cmis_full_page_read_from_page_01h_and_backend_cap() {
    let (bus, control) = bus();
    let mut m = PagedModule::new(bus, Paging::CMIS);
    let mut lower = [0u8; HALF_LEN];
    lower[0] = 0x18;
    lower[1] = 0x53; // CMIS 5.3: 01h:251 defined
    let mut p1 = [0u8; HALF_LEN];
    p1[251 - 128] = 0x01; // FullPageReadSupported
    assert_eq!(m.apply_page01(&lower, &p1), 128);
    m.read_segment(SegmentId::banked(0, 0x11)).await.unwrap();
    assert_eq!(control.short_log(), ["W 50 126 [00 11]", "R 50 128+128"]);
    // Before 5.3, byte 251 is reserved: 8 bytes.
    lower[1] = 0x52;
    assert_eq!(m.apply_page01(&lower, &p1), 8);

    // A bridge that reads at most 32 bytes caps it.
    let (bus, control) = bus_with(Capabilities {
        max_read: 32,
        ..Capabilities::default()
    });
    let mut m = PagedModule::new(bus, Paging::CMIS);
    lower[1] = 0x53;
    assert_eq!(m.apply_page01(&lower, &p1), 32);
    m.read_segment(SegmentId::LOWER).await.unwrap();
    assert_eq!(control.short_log(), reads(0, 4, 32));
}

#[tokio::test(start_paused = true)]
async fn reads_split_at_the_max_read_and_never_cross_a_half() {
    let (bus, control) = bus();
    let mut m = PagedModule::new(bus, Paging::CMIS);
    let bytes = m.read(SegmentId::LOWER, 100, 20).await.unwrap();
    assert_eq!(bytes, (100..120).collect::<Vec<u8>>());
    assert_eq!(
        control.short_log(),
        ["R 50 100+8", "R 50 108+8", "R 50 116+4"]
    );
    // 120-135 crosses into the upper half: refused before the bus.
    let e = m.read(SegmentId::LOWER, 120, 16).await.unwrap_err();
    assert!(
        matches!(e.transport(), TransportError::InvalidRequest(_)),
        "{e}"
    );
    assert_eq!(control.log().len(), 3);
}

#[tokio::test(start_paused = true)]
async fn an_error_drops_the_page_cache() {
    let (bus, control) = bus();
    let mut m = PagedModule::new(bus, Paging::CMIS);
    m.set_retry(RetryPolicy::NONE);
    m.read_segment(SegmentId::upper(2)).await.unwrap();
    control.fail(Match::read_at(136), Fault::Nack, 1);
    let e = m.read_segment(SegmentId::upper(2)).await.unwrap_err();
    assert!(matches!(e, ModuleError::Read { .. }), "{e}");
    m.read_segment(SegmentId::upper(2)).await.unwrap();
    let selects: Vec<_> = control
        .short_log()
        .into_iter()
        .filter(|l| l.starts_with('W'))
        .collect();
    // Second read: current page, no select; third: re-selected (bank unknown again).
    assert_eq!(selects, ["W 50 126 [00 02]", "W 50 126 [00 02]"]);
}

#[tokio::test(start_paused = true)]
async fn a_failed_select_is_a_select_error_and_busy_modules_are_retried() {
    let (bus, control) = bus();
    let mut m = PagedModule::new(bus, Paging::CMIS);
    // Busy after a page change (tBPC): two NACKs, then the read goes through.
    control.fail(Match::read_at(128), Fault::Nack, 2);
    m.read_segment(SegmentId::upper(1)).await.unwrap();
    let log = control.log();
    assert_eq!(log[2].at - log[1].at, Duration::from_millis(1));
    assert_eq!(log[3].at - log[2].at, Duration::from_millis(2));
    assert_eq!(m.stats().retries, 2);
    // A select that keeps failing.
    control.fail(Match::write_at(127), Fault::Nack, 5);
    let e = m.read_segment(SegmentId::upper(2)).await.unwrap_err();
    assert!(matches!(e, ModuleError::Select { .. }), "{e}");
    assert_eq!(m.stats().failures, 1);
}

#[tokio::test(start_paused = true)]
async fn sff8472_a0h_is_never_selected_and_a2h_only_when_paged() {
    let (bus, control) = bus();
    let mut m = PagedModule::new(
        bus.clone(),
        Paging {
            spec: Spec::Sff8472,
            paged: false,
        },
    );
    m.read_segment(SegmentId::LOWER).await.unwrap();
    m.read_segment(SegmentId::A2_LOWER).await.unwrap();
    m.read_segment(SegmentId::a2_upper(0)).await.unwrap();
    assert!(m.read_segment(SegmentId::a2_upper(1)).await.is_err());
    assert_eq!(
        control.short_log(),
        ["R 50 0+128", "R 51 0+128", "R 51 128+128"]
    );
    control.clear();
    let mut m = PagedModule::new(
        bus,
        Paging {
            spec: Spec::Sff8472,
            paged: true,
        },
    );
    m.read_segment(SegmentId::a2_upper(1)).await.unwrap();
    m.read_segment(SegmentId::a2_upper(1)).await.unwrap();
    assert_eq!(
        control.short_log(),
        ["W 51 127 [01]", "R 51 128+128", "R 51 128+128"]
    );
}

#[tokio::test(start_paused = true)]
async fn sff8636_selects_by_byte_127_and_flat_memory_never() {
    let (bus, control) = bus();
    let mut m = PagedModule::new(bus.clone(), Paging::SFF8636);
    m.read_segment(SegmentId::upper(0)).await.unwrap();
    m.read_segment(SegmentId::upper(3)).await.unwrap();
    assert_eq!(
        control.short_log(),
        [
            "W 50 127 [00]",
            "R 50 128+128",
            "W 50 127 [03]",
            "R 50 128+128"
        ]
    );
    control.clear();
    let mut m = PagedModule::new(
        bus,
        Paging {
            spec: Spec::Cmis,
            paged: false,
        },
    );
    m.read_segment(SegmentId::upper(0)).await.unwrap();
    assert!(m.read_segment(SegmentId::upper(1)).await.is_err());
    assert_eq!(control.short_log(), reads(128, 16, 8));
}

#[tokio::test(start_paused = true)]
async fn writes_are_split_at_8_bytes_cmis_and_4_bytes_sff8636() {
    let (bus, control) = bus();
    let mut m = PagedModule::new(bus.clone(), Paging::CMIS);
    // Page 10h bytes 145-156: DPConfig lanes 1-8 and more (12 bytes).
    m.write(SegmentId::banked(0, 0x10), 145, &[0x10; 12])
        .await
        .unwrap();
    assert_eq!(
        control.short_log(),
        [
            "W 50 126 [00 10]",
            "W 50 145 [10 10 10 10 10 10 10 10]",
            "W 50 153 [10 10 10 10]"
        ]
    );
    control.clear();
    let mut m = PagedModule::new(bus, Paging::SFF8636);
    m.write(SegmentId::LOWER, 100, &[0xFF; 7]).await.unwrap();
    assert_eq!(
        control.short_log(),
        ["W 50 100 [ff ff ff ff]", "W 50 104 [ff ff ff]"]
    );
    assert_eq!(m.stats().bytes_written, 7);
}

#[tokio::test(start_paused = true)]
async fn a_refused_write_never_reaches_the_transport() {
    let (bus, control) = bus();
    let mut m = PagedModule::new(bus, Paging::CMIS);
    let e = m.write(SegmentId::upper(3), 130, &[1]).await.unwrap_err();
    let text = e.to_string();
    assert!(matches!(e.transport(), TransportError::WriteRefused { .. }));
    for part in [
        "CMIS",
        "A0h page 03h byte 130",
        "user NVM",
        "grant `A0h page 03h bytes 128-255`",
    ] {
        assert!(text.contains(part), "{part} missing in: {text}");
    }
    // A password in the middle of an otherwise allowed-looking write: nothing is sent.
    assert!(m.write(SegmentId::LOWER, 122, &[0, 0, 0, 0]).await.is_err());
    assert!(control.log().is_empty());
    // Granted: goes through.
    m.grant(Grant::page(0x03, 128, 255));
    m.write(SegmentId::upper(3), 130, &[1]).await.unwrap();
    assert_eq!(control.short_log(), ["W 50 126 [00 03]", "W 50 130 [01]"]);
}

#[tokio::test(start_paused = true)]
async fn read_ranges_coalesces_within_a_page_and_selects_each_page_once() {
    let (bus, control) = bus();
    let mut m = PagedModule::new(bus, Paging::CMIS);
    let tx_power = ByteRange::new(SegmentId::banked(0, 0x11), 154, 169);
    let bias = ByteRange::new(SegmentId::banked(0, 0x11), 170, 185);
    let rx_power = ByteRange::new(SegmentId::banked(0, 0x11), 186, 201);
    let temp = ByteRange::new(SegmentId::LOWER, 14, 15);
    let vcc = ByteRange::new(SegmentId::LOWER, 16, 17);
    let poll = [rx_power, temp, tx_power, vcc, bias];
    let data = m.read_ranges(&poll).await.unwrap();
    // Lower half first (no select), then page 11h once; 154-201 is one 48-byte span.
    let expected = cat(&[
        &["R 50 14+4".to_string(), "W 50 126 [00 11]".to_string()],
        &reads(154, 6, 8),
    ]);
    assert_eq!(control.short_log(), expected);
    assert_eq!(data.get(SegmentId::LOWER, 16), Some(16));
    assert_eq!(
        data.slice(SegmentId::banked(0, 0x11), 186, 2),
        Some(&[186u8, 187][..])
    );
    assert_eq!(data.bytes_read(), 52);
    // The next poll needs no select at all; page 11h is current, so it goes first.
    control.clear();
    m.read_ranges(&poll).await.unwrap();
    let log = control.short_log();
    assert_eq!(log.len(), 7);
    assert!(log.iter().all(|l| l.starts_with('R')), "{log:?}");
}

#[tokio::test(start_paused = true)]
async fn read_ranges_reads_through_small_gaps_only() {
    let (bus, control) = bus_with(Capabilities::default());
    let mut m = PagedModule::new(bus, Paging::SFF8636);
    // 22-23 and 26-27: a 2-byte gap costs 18 bits, a second read 29 + 18 = 47: merged.
    // 34-41 and 50-57: an 8-byte gap costs 72 bits > 29: kept apart.
    let l = SegmentId::LOWER;
    m.read_ranges(&[
        ByteRange::new(l, 22, 23),
        ByteRange::new(l, 26, 27),
        ByteRange::new(l, 34, 41),
        ByteRange::new(l, 50, 57),
    ])
    .await
    .unwrap();
    assert_eq!(control.short_log(), ["R 50 22+6", "R 50 34+8", "R 50 50+8"]);
}

#[tokio::test(start_paused = true)]
async fn two_modules_behind_one_mux_never_interleave_select_and_read() {
    let (bus, control) = bus();
    let mux = |ch: u8| crate::transport::actor::Op::Write {
        device: DeviceAddr(0x70),
        offset: 0,
        data: vec![1 << ch],
    };
    let mut a = PagedModule::new(bus.with_context(vec![mux(0)]), Paging::CMIS);
    let mut b = PagedModule::new(bus.with_context(vec![mux(1)]), Paging::CMIS);
    let ta = tokio::spawn(async move {
        for p in [0u8, 1, 2] {
            a.read_segment(SegmentId::upper(p)).await.unwrap();
        }
    });
    let tb = tokio::spawn(async move {
        for p in [0x10u8, 0x11] {
            b.read_segment(SegmentId::banked(0, p)).await.unwrap();
        }
    });
    ta.await.unwrap();
    tb.await.unwrap();
    // Every select is followed by its 16 reads; every mux switch by a select of that slot's
    // page (each module's page registers are its own, but the first access of a slot selects).
    let log = control.short_log();
    let mut i = 0;
    let mut requests = 0;
    while i < log.len() {
        if log[i].starts_with("W 70") {
            i += 1;
        }
        assert!(
            log[i].starts_with("W 50 12"),
            "select expected at {i}: {log:?}"
        );
        for k in 1..=16 {
            assert!(
                log[i + k].starts_with("R 50 "),
                "read expected at {}: {log:?}",
                i + k
            );
        }
        i += 17;
        requests += 1;
    }
    assert_eq!(requests, 5);
}
