//! `optiqual decode` and `dump` end to end through the binary: the JSON contract of design.md
//! §4.2 on the real modules, the terminal report, and dump → decode round trips.

mod common;

use common::{real_fixtures, run};
use serde_json::Value;

fn decode_json(path: &str) -> Value {
    let (code, out, err) = run(&["decode", "--json", path]);
    assert_eq!(code, 0, "{path}: {err}");
    serde_json::from_str(&out).expect("decode --json prints JSON")
}

#[test]
fn real_modules_decode_to_their_vendor_and_part_with_every_checksum_ok() {
    let cases = [
        (
            "sfp-finisar-ftlx8571d3bcl.bin",
            "sff8472",
            "FINISAR CORP.",
            "FTLX8571D3BCL",
        ),
        (
            "qsfp-molex-1110401054-dac.bin",
            "sff8436",
            "Molex Inc.",
            "1110401054",
        ),
        (
            "osfp-juniper-740-174932-800g-dr8.bin",
            "cmis",
            "JUNIPER-1G1",
            "740-174932",
        ),
        (
            "osfp-credo-cac845301a2nc2xa-aec-1.bin",
            "cmis",
            "Credo",
            "CAC845301A2NC2XA",
        ),
        (
            "osfp-credo-cac845301a2nc2xa-aec-2.bin",
            "cmis",
            "Credo",
            "CAC845301A2NC2XA",
        ),
        (
            "qsfpdd-cisco-68-103205-02-copper.bin",
            "cmis",
            "CISCO",
            "68-103205-02",
        ),
    ];
    for (file, spec, vendor, pn) in cases {
        let path = real_fixtures().join(file);
        let d = decode_json(path.to_str().unwrap());
        assert_eq!(d["spec"], spec, "{file}");
        assert!(
            d["vendor"]["name"].as_str().unwrap().starts_with(vendor),
            "{file}: {}",
            d["vendor"]["name"]
        );
        assert_eq!(d["vendor"]["pn"], pn, "{file}");
        let sums = d["checksums"].as_array().unwrap();
        assert!(!sums.is_empty(), "{file}");
        for c in sums {
            assert_eq!(c["ok"], true, "{file}: {c}");
            assert_eq!(c["stored"], c["computed"], "{file}: {c}");
        }
        // Fixed key paths (design.md §4.2).
        for key in ["identifier", "vendor", "power", "dom", "thresholds"] {
            assert!(d.get(key).is_some(), "{file}: {key}");
        }
        assert!(d["identifier"]["code"].is_u64());
        assert!(d["vendor"]["oui"].as_str().unwrap().len() == 8);
        for m in [
            "temperature_c",
            "vcc_v",
            "tx_bias_ma",
            "tx_power_dbm",
            "rx_power_dbm",
        ] {
            assert!(d["thresholds"].get(m).is_some(), "{file}: thresholds.{m}");
        }
        if spec == "cmis" {
            assert!(d["cmis_revision"].is_string(), "{file}");
            assert!(d["module_state"].is_string(), "{file}");
            assert!(d["applications"].is_array(), "{file}");
        } else {
            assert!(d.get("cmis_revision").is_none(), "{file}");
        }
    }
}

#[test]
fn the_json_keys_of_lanes_and_applications_are_the_contract() {
    let d = decode_json("fixtures/modules/qsfpdd-400g-dr4.yaml");
    assert_eq!(d["cmis_revision"], "5.0");
    assert_eq!(d["module_state"], "ModuleReady");
    let lane = &d["dom"]["lanes"][0];
    for k in [
        "lane",
        "tx_bias_ma",
        "tx_power_mw",
        "tx_power_dbm",
        "rx_power_mw",
        "rx_power_dbm",
    ] {
        assert!(lane.get(k).is_some(), "dom.lanes[].{k}");
    }
    assert_eq!(lane["lane"], 1);
    assert_eq!(
        d["dom"]["lanes"].as_array().unwrap().len(),
        4,
        "DR4: 4 media lanes"
    );
    let app = &d["applications"][0];
    for k in [
        "app",
        "host_interface_id",
        "media_interface_id",
        "host_lane_count",
        "media_lane_count",
        "host_lane_assignment",
    ] {
        assert!(app.get(k).is_some(), "applications[].{k}");
    }
    assert_eq!(app["app"], 1);
    assert_eq!(app["host_interface_id"], 0x11);
    assert_eq!(app["media_interface_id"], 0x1C);
}

#[test]
fn the_terminal_report_has_sections_units_and_highlights() {
    let path = real_fixtures().join("sfp-finisar-ftlx8571d3bcl.bin");
    let (code, out, _) = run(&["decode", path.to_str().unwrap()]);
    assert_eq!(code, 0);
    for want in [
        "Identity",
        "Checksums",
        "Monitors",
        "Thresholds",
        "degC",
        " mA",
        " dBm",
        " V",
    ] {
        assert!(out.contains(want), "missing {want:?} in\n{out}");
    }
    // A corrupted checksum is reported (highlighted), decoding goes on, exit 0.
    let mut bytes = std::fs::read(&path).unwrap();
    bytes[63] ^= 0xFF;
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.bin");
    std::fs::write(&bad, bytes).unwrap();
    let (code, out, _) = run(&["decode", bad.to_str().unwrap()]);
    assert_eq!(code, 0);
    let line = out.lines().find(|l| l.contains("CC_BASE")).unwrap();
    assert!(line.contains("BAD") && line.contains("<-- !"), "{line}");
    assert!(out.contains("FTLX8571D3BCL"), "decoding went on");
}

#[test]
fn dump_reads_only_advertised_pages_and_round_trips() {
    let dir = tempfile::tempdir().unwrap();
    for sku in [
        "qsfpdd-400g-dr4",
        "qsfpdd-400g-zr",
        "sfp28-25g-lr",
        "qsfp28-100g-sr4",
        "qsfpdd-400g-dac-2m",
    ] {
        let fixture = format!("fixtures/modules/{sku}.yaml");
        let original = decode_json(&fixture);
        for ext in ["bin", "yaml"] {
            // file: serves the image as it is: the dump is an exact copy of every advertised page.
            let out = dir.path().join(format!("{sku}.{ext}"));
            let out = out.to_str().unwrap();
            let (code, stdout, err) = run(&[
                "dump",
                "--bus",
                &format!("file:{fixture}"),
                "-o",
                out,
                "--json",
            ]);
            assert_eq!(code, 0, "{sku}: {err}");
            let summary: Value = serde_json::from_str(&stdout).unwrap();
            assert!(
                summary["failures"].as_array().unwrap().is_empty(),
                "{summary}"
            );
            assert!(
                summary["not_in_source"].as_array().unwrap().is_empty(),
                "{sku}: {summary}"
            );
            let dumped = decode_json(out);
            assert_eq!(original["vendor"], dumped["vendor"], "{sku}");
            assert_eq!(original["dom"], dumped["dom"], "{sku}");
            assert_eq!(original["checksums"], dumped["checksums"], "{sku}");
        }
        // mock: a live simulated module (just powered on): same identity, valid checksums.
        let out = dir.path().join(format!("{sku}-mock.yaml"));
        let out = out.to_str().unwrap();
        let (code, _, err) = run(&["dump", "--bus", &format!("mock:{sku}"), "-o", out]);
        assert_eq!(code, 0, "{sku}: {err}");
        let live = decode_json(out);
        assert_eq!(original["vendor"], live["vendor"], "{sku}");
        for c in live["checksums"].as_array().unwrap() {
            assert_eq!(c["ok"], true, "{sku}: {c}");
        }
    }
    // The flat-memory copper cable: only lower and page 00h are read, no page select at all.
    let out = dir.path().join("dac.yaml");
    let (_, stdout, _) = run(&[
        "dump",
        "--bus",
        "mock:qsfpdd-400g-dac-2m",
        "-o",
        out.to_str().unwrap(),
        "--json",
    ]);
    let summary: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(
        summary["segments"].as_array().unwrap().len(),
        2,
        "{summary}"
    );
    assert_eq!(summary["stats"]["page_selects"], 0, "{summary}");
}

#[test]
fn scan_finds_the_module_and_its_addresses() {
    let (code, out, err) = run(&["scan", "mock:sfp28-25g-lr", "--json"]);
    assert_eq!(code, 0, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["addresses"][0]["answers"], true);
    assert_eq!(v["addresses"][0]["byte0"], 3);
    assert_eq!(v["addresses"][1]["answers"], true, "SFP answers at 0x51");
    assert_eq!(v["module"]["vendor"]["pn"], "AC-SFP28-25G-LR");
    assert_eq!(v["module"]["checksums_ok"], true);
    let (code, out, _) = run(&["scan", "mock:qsfpdd-400g-dr4"]);
    assert_eq!(code, 0);
    assert!(out.contains("0x51: no answer"), "{out}");
    assert!(out.contains("AC-QDD-400G-DR4"), "{out}");
}
