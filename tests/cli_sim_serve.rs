//! `optiqual sim serve` end to end: the binary serves simulated board firmware on a real kernel
//! pseudo-terminal and `optiqual dump --bus serial:...` reads the modules through it.

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use serde_json::Value;

#[test]
fn dump_through_sim_serve_over_a_real_pty_for_both_protocols() {
    for protocol in ["firmata", "ascii"] {
        let mut server = Command::new(env!("CARGO_BIN_EXE_optiqual"))
            .args([
                "sim",
                "serve",
                "--protocol",
                protocol,
                "--module",
                "qsfpdd-400g-dr4",
                "--module",
                "sfp28-25g-lr",
                "--seconds",
                "20",
            ])
            .current_dir(common::root())
            .stdout(Stdio::piped())
            .spawn()
            .expect("start sim serve");
        let stdout = server.stdout.take().expect("stdout");
        let mut lines = BufReader::new(stdout).lines();
        let mut selectors = Vec::new();
        while selectors.len() < 2 {
            let line = lines
                .next()
                .expect("sim serve printed its selectors")
                .unwrap();
            if let Some(at) = line.find("serial:") {
                if line.contains("mux=") {
                    selectors.push(line[at..].trim().to_string());
                }
            }
        }
        let dir = tempfile::tempdir().unwrap();
        for (selector, pn) in selectors.iter().zip(["AC-QDD-400G-DR4", "AC-SFP28-25G-LR"]) {
            let out = dir.path().join("m.yaml");
            let out = out.to_str().unwrap();
            let (code, stdout, err) =
                common::run(&["dump", "--bus", selector, "-o", out, "--json"]);
            assert_eq!(code, 0, "{protocol} {selector}: {err}");
            let summary: Value = serde_json::from_str(&stdout).unwrap();
            assert!(
                summary["failures"].as_array().unwrap().is_empty(),
                "{summary}"
            );
            let (code, json, _) = common::run(&["decode", "--json", out]);
            assert_eq!(code, 0);
            let d: Value = serde_json::from_str(&json).unwrap();
            assert_eq!(d["vendor"]["pn"], pn, "{protocol}");
            assert!(
                d["checksums"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .all(|c| c["ok"] == true)
            );
        }
        let _ = server.kill();
        let _ = server.wait();
    }
}
