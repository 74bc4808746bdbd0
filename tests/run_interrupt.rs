//! Ctrl-C stops a run cleanly: exit 130, the reports are still written (outcome `aborted`), and
//! every completed step is in them.

mod common;

use std::process::Command;
use std::time::{Duration, Instant};

#[test]
fn sigint_mid_soak_writes_aborted_reports_with_the_completed_steps() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("long.yaml");
    std::fs::write(
        &plan,
        "plan: long soak on the wall clock\n\
         station:\n  slots:\n    - { id: p1, bus: \"mock:qsfpdd-400g-dr4\", switch_port: Ethernet0, power_budget_w: 14 }\n  instruments:\n    counters: { source: sim }\n\
         options: { clock: wall, step_timeout: 2h }\n\
         checks:\n  - identity\n  - ber_soak: { duration: 1h, interval: 1s }\n",
    )
    .unwrap();
    let reports = dir.path().join("reports");
    let mut child = Command::new(env!("CARGO_BIN_EXE_optiqual"))
        .args([
            "run",
            plan.to_str().unwrap(),
            "--reports",
            reports.to_str().unwrap(),
            "--run-id",
            "int",
            "-q",
        ])
        .current_dir(common::root())
        .spawn()
        .expect("start the run");
    // Wait until identity is journalled, then interrupt during the soak.
    let journal = reports.join("int/journal.jsonl");
    let started = Instant::now();
    loop {
        let text = std::fs::read_to_string(&journal).unwrap_or_default();
        if text.contains("\"check_finished\"") {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "identity never finished: {text}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    std::thread::sleep(Duration::from_millis(500));
    let status = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("kill -INT");
    assert!(status.success());
    let interrupted = Instant::now();
    let code = child.wait().expect("wait").code();
    assert_eq!(code, Some(130));
    assert!(
        interrupted.elapsed() < Duration::from_secs(10),
        "stopped promptly"
    );
    let r = common::results(&reports, "int");
    assert_eq!(r["outcome"], "aborted", "{r}");
    let checks = r["modules"][0]["checks"].as_array().unwrap();
    assert_eq!(
        checks.len(),
        1,
        "identity kept, the interrupted soak not recorded: {r}"
    );
    assert_eq!(checks[0]["id"], "identity");
    assert!(reports.join("int/junit.xml").is_file());
}
