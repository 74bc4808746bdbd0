//! A whole plan with every part real except the optics (issue 5): the module behind simulated
//! board firmware on a kernel pty (`serial:firmata:`), the chamber and power meter as SCPI
//! servers on loopback TCP, the switch counters in a real redis-server in SONiC's layout — all
//! served by `optiqual sim serve`, driven by `optiqual run` on the wall clock.

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

#[test]
fn a_plan_runs_against_a_pty_board_scpi_over_tcp_and_sonic_redis() {
    let redis = common::redis::RedisServer::start();
    let redis_url = format!("redis://127.0.0.1:{}", redis.port);
    let mut server = Command::new(env!("CARGO_BIN_EXE_optiqual"))
        .args([
            "sim",
            "serve",
            "--protocol",
            "firmata",
            "--module",
            "qsfpdd-400g-dr4",
            "--instruments",
            "--redis",
            &redis_url,
            "--seconds",
            "120",
        ])
        .current_dir(common::root())
        .stdout(Stdio::piped())
        .spawn()
        .expect("start sim serve");
    let stdout = server.stdout.take().expect("stdout");
    let mut lines = BufReader::new(stdout).lines();
    let (mut selector, mut chamber, mut meter) = (None, None, None);
    while selector.is_none() || chamber.is_none() || meter.is_none() {
        let line = lines
            .next()
            .expect("sim serve printed its endpoints")
            .expect("line");
        if let Some(rest) = line.strip_prefix("selector: ") {
            selector = Some(rest.trim().to_string());
        } else if let Some(rest) = line.strip_prefix("chamber: ") {
            chamber = Some(rest.to_string());
        } else if let Some(rest) = line.strip_prefix("meter: ") {
            meter = Some(rest.to_string());
        }
    }
    let (selector, chamber, meter) = (selector.unwrap(), chamber.unwrap(), meter.unwrap());
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("real.yaml");
    std::fs::write(
        &plan,
        format!(
            "plan: real parts but the optics\n\
             station:\n  slots:\n    - {{ id: p1, bus: \"{selector}\", switch_port: Ethernet0, power_budget_w: 14, tier: leaf-spine,\n        sku: {{ vendor: ACME, pn: AC-QDD-400G-DR4, form_factor: QSFP-DD }} }}\n\
             \x20 instruments:\n    chamber: {chamber}\n    meter: {meter}\n    counters: {{ source: sonic-redis, address: \"{redis_url}\" }}\n\
             options: {{ clock: wall, step_timeout: 2m }}\n\
             checks:\n  - identity\n  - dom_accuracy: {{ temperature_reference: none, samples: 2 }}\n  - ber_soak: {{ duration: 8s, interval: 2s }}\n  - link_budget\n"
        ),
    )
    .unwrap();
    let reports = dir.path().join("reports");
    let status = common::run_plan_in(&plan, &reports, "real", &["-v"]);
    let _ = server.kill();
    let _ = server.wait();
    let r = common::results(&reports, "real");
    assert_eq!(r["clock"], "wall");
    let checks = r["modules"][0]["checks"].as_array().unwrap();
    let by_id = |id: &str| {
        checks
            .iter()
            .find(|c| c["id"] == id)
            .unwrap_or_else(|| panic!("{id}: {r}"))
    };
    assert_eq!(r["modules"][0]["identity"]["pn"], "AC-QDD-400G-DR4", "{r}");
    assert_eq!(
        by_id("identity")["outcome"],
        "pass",
        "{}",
        by_id("identity")
    );
    let dom = by_id("dom_accuracy");
    assert_eq!(dom["outcome"], "pass", "{dom}");
    assert!(
        dom["measurements"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["name"] == "lane1.tx_power_error_db"),
        "Tx power compared with the SCPI meter over TCP: {dom}"
    );
    let soak = by_id("ber_soak");
    assert_eq!(soak["outcome"], "pass", "counters read from redis: {soak}");
    assert_eq!(status, Some(0), "{r}");
}
