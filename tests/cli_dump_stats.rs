//! `optiqual dump --stats --json`: the bus counters of the paged layer, end to end.

mod common;

use common::run;
use serde_json::Value;

#[test]
fn dump_stats_json_counts_every_transaction_and_the_bus_time() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("osfp.yaml");
    let (code, stdout, err) = run(&[
        "dump",
        "--bus",
        "mock:osfp-800g-2xfr4",
        "-o",
        out.to_str().unwrap(),
        "--stats",
        "--json",
    ]);
    assert_eq!(code, 0, "{err}");
    let summary: Value = serde_json::from_str(&stdout).unwrap();
    let s = &summary["stats"];
    // Lower, 00h, 01h, 02h, 10h, 11h (bank 0 only; 01h:251 = 0 so 8-byte reads): 6 × 16 reads,
    // 5 selects (the first writes bank + page: 2 bytes).
    assert_eq!(s["reads"], 96, "{s}");
    assert_eq!(s["page_selects"], 5, "{s}");
    assert_eq!(s["writes"], 5, "{s}");
    assert_eq!(s["bytes_read"], 768, "{s}");
    assert_eq!(s["bytes_written"], 6, "{s}");
    assert_eq!(s["retries"], 0, "{s}");
    assert_eq!(s["failures"], 0, "{s}");
    // 96 reads × (29 + 72) + 38 + 4 × 29 = 9696 + 154 = 9850 bit times; at 400 kHz 24.625 ms.
    assert_eq!(s["bus_bits"], 9850, "{s}");
    assert_eq!(s["bus_time_ns"], 24_625_000, "{s}");
}
