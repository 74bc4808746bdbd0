//! The optoe backend on real files laid out as the optoe driver lays them out (issue 7): dumps
//! across pages equal the source image, SFP two-address files, a short file, a read-only file,
//! and a plan running unchanged with `optoe:` slots.

#![expect(
    clippy::unwrap_used,
    reason = "test helpers outside #[test] functions unwrap like the tests do"
)]
mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use optiqual::addr::{HALF_LEN, SegmentId};
use optiqual::memmap::image::{ModuleImage, flat};
use optiqual::module::dump::dump_blocking;
use optiqual::transport::optoe::{Layout, OptoeTransport};
use optiqual::transport::{Transport, TransportError};
use serde_json::Value;

/// Writes `image` as the optoe driver's file: the flat layout padded to the driver's full size.
fn optoe_file(dir: &Path, name: &str, image: &ModuleImage) -> PathBuf {
    let (mut bytes, dropped) = flat::write(image);
    assert!(
        dropped.is_empty(),
        "banked pages cannot be in an optoe file"
    );
    let full = if bytes
        .first()
        .is_some_and(|b| Layout::for_identifier(*b) == Layout::Sfp)
    {
        flat::FULL_SFP
    } else {
        flat::FULL_ONE_ADDRESS
    };
    bytes.resize(full, 0);
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn real(name: &str) -> ModuleImage {
    let bytes = std::fs::read(common::real_fixtures().join(name)).unwrap();
    flat::parse(&bytes).unwrap()
}

fn synth(name: &str) -> ModuleImage {
    let text = std::fs::read_to_string(common::root().join("fixtures/modules").join(name)).unwrap();
    optiqual::memmap::image::yaml::parse(&text).unwrap().image
}

/// Every segment the dump read is the file's bytes (the source page, or zeros where the source
/// had none), and every source segment the module advertises was read.
fn assert_dump_matches(path: &Path, source: &ModuleImage) {
    let t = OptoeTransport::open(path).unwrap();
    let dump = dump_blocking(Box::new(t)).unwrap();
    assert!(dump.failures.is_empty(), "{:?}", dump.failures);
    let zeros = [0u8; HALF_LEN];
    for (id, page) in dump.image.segments() {
        let want = source.get(id).unwrap_or(&zeros);
        assert_eq!(page, want, "{}: {id}", path.display());
    }
    let missed: Vec<_> = source
        .segments()
        .map(|(id, _)| id)
        .filter(|id| dump.image.get(*id).is_none())
        .collect();
    assert!(
        missed.is_empty(),
        "{}: source pages not read: {missed:?}",
        path.display()
    );
}

#[test]
fn dumps_of_one_address_files_equal_the_source_images_across_pages() {
    let dir = tempfile::tempdir().unwrap();
    for name in [
        "osfp-juniper-740-174932-800g-dr8.bin",
        "osfp-credo-cac845301a2nc2xa-aec-1.bin",
        "qsfp-molex-1110401054-dac.bin",
        "qsfpdd-cisco-68-103205-02-copper.bin",
    ] {
        let image = real(name);
        let path = optoe_file(dir.path(), name, &image);
        assert_eq!(std::fs::metadata(&path).unwrap().len(), 32_896);
        assert_dump_matches(&path, &image);
    }
    // Juniper DR8: pages 00h-03h, 10h, 11h are all reached through the page register.
    let image = real("osfp-juniper-740-174932-800g-dr8.bin");
    let path = optoe_file(dir.path(), "j.bin", &image);
    let dump = dump_blocking(Box::new(OptoeTransport::open(&path).unwrap())).unwrap();
    for page in [0x00, 0x01, 0x02, 0x10, 0x11] {
        assert_eq!(
            dump.image.upper(page),
            image.upper(page),
            "page {page:02X}h"
        );
    }
}

#[test]
fn sfp_two_address_files_serve_a0h_and_a2h() {
    let dir = tempfile::tempdir().unwrap();
    let image = real("sfp-finisar-ftlx8571d3bcl.bin");
    let path = optoe_file(dir.path(), "sfp.bin", &image);
    assert_eq!(std::fs::metadata(&path).unwrap().len(), 33_152);
    let t = OptoeTransport::open(&path).unwrap();
    assert_eq!(t.layout(), Layout::Sfp);
    assert_dump_matches(&path, &image);
    let dump = dump_blocking(Box::new(OptoeTransport::open(&path).unwrap())).unwrap();
    assert_eq!(
        dump.image.get(SegmentId::A2_LOWER),
        image.get(SegmentId::A2_LOWER)
    );
    assert_eq!(dump.image.upper(0), image.upper(0));

    // A synthesised SFP with its A2h image.
    let image = synth("sfp-10g-sr.yaml");
    let path = optoe_file(dir.path(), "sfp-synth.bin", &image);
    assert_dump_matches(&path, &image);
}

#[test]
fn a_short_file_is_a_disconnected_module() {
    let dir = tempfile::tempdir().unwrap();
    let image = real("osfp-juniper-740-174932-800g-dr8.bin");
    let path = optoe_file(dir.path(), "short.bin", &image);
    // The module went away after page 00h: the file ends at 256.
    let bytes = std::fs::read(&path).unwrap();
    std::fs::write(&path, &bytes[..256]).unwrap();
    let mut t = OptoeTransport::open(&path).unwrap();
    t.write(optiqual::addr::DeviceAddr::A0, 127, &[0x11])
        .unwrap();
    let mut buf = [0u8; 128];
    let e = t
        .read(optiqual::addr::DeviceAddr::A0, 128, &mut buf)
        .unwrap_err();
    assert!(matches!(e, TransportError::Disconnected(_)), "{e}");
    assert!(e.to_string().contains("short.bin"), "{e}");
    // A dump records the failed pages and keeps the lower half and page 00h.
    let dump = dump_blocking(Box::new(OptoeTransport::open(&path).unwrap())).unwrap();
    assert!(!dump.failures.is_empty());
    assert_eq!(dump.image.lower(), image.lower());
    assert_eq!(dump.image.upper(0), image.upper(0));
}

#[test]
fn a_read_only_file_refuses_writes_and_still_reads() {
    let dir = tempfile::tempdir().unwrap();
    let image = real("qsfpdd-cisco-68-103205-02-copper.bin");
    let path = optoe_file(dir.path(), "ro.bin", &image);
    let mut perms = std::fs::metadata(&path).unwrap().permissions();
    perms.set_readonly(true);
    std::fs::set_permissions(&path, perms).unwrap();
    let opened = OptoeTransport::open(&path).unwrap();
    // As root, permissions do not stop writes: open read-only explicitly then.
    let mut t = if opened.writable() {
        OptoeTransport::open_read_only(&path).unwrap()
    } else {
        opened
    };
    let e = t
        .write(optiqual::addr::DeviceAddr::A0, 26, &[0x10])
        .unwrap_err();
    assert!(matches!(e, TransportError::WriteRefused { .. }), "{e}");
    assert!(e.to_string().contains("ro.bin"), "{e}");
    let dump = dump_blocking(Box::new(t)).unwrap();
    assert_eq!(dump.image.lower(), image.lower());
}

#[test]
fn a_plan_runs_unchanged_on_optoe_files() {
    let dir = tempfile::tempdir().unwrap();
    let qdd = optoe_file(dir.path(), "qdd.bin", &synth("qsfpdd-400g-dr4.yaml"));
    let sfp = optoe_file(dir.path(), "sfp.bin", &synth("sfp-10g-sr.yaml"));
    // The quickstart slots (testplans/quickstart.yaml) with optoe: buses; checks that need no
    // host control.
    let plan = dir.path().join("optoe.yaml");
    std::fs::write(
        &plan,
        format!(
            "plan: quickstart on optoe files\n\
             station:\n  slots:\n\
             \x20   - {{ id: sfp, bus: \"optoe:{}\", switch_port: Ethernet0, power_budget_w: 1.5, tier: intra-rack,\n        sku: {{ vendor: ACME, pn: AC-SFP-10G-SR, form_factor: SFP+, media: mmf }} }}\n\
             \x20   - {{ id: qsfpdd, bus: \"optoe:{}\", switch_port: Ethernet8, power_budget_w: 14, tier: leaf-spine,\n        sku: {{ vendor: ACME, pn: AC-QDD-400G-DR4, form_factor: QSFP-DD, media: smf }} }}\n\
             options: {{ clock: wall, step_timeout: 1m, retries: 0 }}\n\
             checks:\n  - identity\n  - thresholds_and_flags\n",
            sfp.display(),
            qdd.display()
        ),
    )
    .unwrap();
    let reports = dir.path().join("reports");
    let out = Command::new(env!("CARGO_BIN_EXE_optiqual"))
        .args(["run", plan.to_str().unwrap(), "--reports"])
        .arg(&reports)
        .args(["--run-id", "optoe", "-q"])
        .current_dir(common::root())
        .output()
        .expect("run optiqual");
    let text = std::fs::read_to_string(reports.join("optoe/results.json")).unwrap_or_else(|e| {
        panic!(
            "{e}: {}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    let r: Value = serde_json::from_str(&text).unwrap();
    let modules = r["modules"].as_array().unwrap();
    assert_eq!(modules.len(), 2, "{r}");
    for m in modules {
        let identity = m["checks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["kind"] == "identity" || c["id"] == "identity")
            .unwrap_or_else(|| panic!("no identity: {m}"));
        assert_eq!(identity["outcome"], "pass", "{identity}");
        // thresholds_and_flags needs nothing but module reads either.
        for c in m["checks"].as_array().unwrap() {
            assert_eq!(c["outcome"], "pass", "{c}");
        }
    }
}
