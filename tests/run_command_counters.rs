//! A plan whose FEC counters come from a command that prints JSON (the generic command source,
//! run locally through the real command runner), on a simulated module.

mod common;

use std::process::Command;

#[test]
fn ber_soak_reads_counters_from_a_command() {
    let dir = tempfile::tempdir().unwrap();
    // Each call: 1e6 more bits corrected, 1e9 more codewords, no uncorrectable, for the port
    // given as the first argument.
    let state = dir.path().join("n");
    let script = dir.path().join("counters.sh");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\nn=$(cat {s} 2>/dev/null || echo 0)\nn=$((n+1))\necho $n > {s}\n\
             echo \"{{\\\"port\\\": \\\"$1\\\", \\\"corrected_bits\\\": $((n*1000000)), \\\"uncorrectable_codewords\\\": 0, \\\"total_codewords\\\": $((n*1000000000))}}\"\n",
            s = state.display()
        ),
    )
    .unwrap();
    Command::new("chmod")
        .arg("+x")
        .arg(&script)
        .status()
        .unwrap();
    let plan = dir.path().join("cmd.yaml");
    std::fs::write(
        &plan,
        format!(
            "plan: counters from a command\n\
             station:\n  slots:\n    - {{ id: p1, bus: \"mock:qsfpdd-400g-dr4\", switch_port: Ethernet0 }}\n\
             \x20 instruments:\n    counters: {{ source: command, command: \"{} {{port}}\" }}\n\
             options: {{ clock: wall, step_timeout: 2m }}\n\
             checks:\n  - ber_soak: {{ duration: 4s, interval: 1s }}\n",
            script.display()
        ),
    )
    .unwrap();
    let reports = dir.path().join("reports");
    let status = common::run_plan_in(&plan, &reports, "c", &["-q"]);
    let r = common::results(&reports, "c");
    let soak = &r["modules"][0]["checks"][0];
    assert_eq!(soak["outcome"], "pass", "{soak}");
    let errors = soak["measurements"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["name"] == "pre_fec_errors")
        .unwrap_or_else(|| panic!("{soak}"));
    // Four intervals of 1e6 corrected bits each (one more read than intervals).
    assert!(errors["value"].as_f64().unwrap() >= 3e6, "{errors}");
    assert_eq!(status, Some(0));
}
