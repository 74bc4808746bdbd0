//! `optiqual dump --bus ethtool:IFACE` on an interface that does not exist: a prompt exit 3
//! with a message naming the interface (runs on any Linux machine, no hardware needed).

mod common;

use std::time::{Duration, Instant};

use common::run;

#[test]
fn dump_on_a_missing_interface_names_it_and_exits_promptly() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("x");
    let started = Instant::now();
    let (code, _, err) = run(&[
        "dump",
        "--bus",
        "ethtool:nosuchif0",
        "-o",
        out.to_str().expect("utf-8 path"),
    ]);
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "took {:?}",
        started.elapsed()
    );
    assert!(code == 3 || code == 2, "exit {code}: {err}");
    assert!(err.contains("nosuchif0"), "{err}");
    assert!(!out.exists(), "no output written for a failed open");
}
