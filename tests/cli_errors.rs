//! Exit codes and messages of the CLI on bad input (design.md §4.4: invalid input is 2).

mod common;

use common::run;

#[test]
fn help_is_available_everywhere() {
    for args in [
        vec!["--help"],
        vec!["decode", "--help"],
        vec!["dump", "--help"],
    ] {
        let (code, out, _) = run(&args);
        assert_eq!(code, 0, "{args:?}");
        assert!(out.contains("Usage"), "{args:?}: {out}");
    }
    let (_, out, _) = run(&["--help"]);
    assert!(
        out.contains("Exit codes"),
        "exit codes documented in --help"
    );
}

#[test]
fn usage_errors_exit_2() {
    let (code, _, err) = run(&["decode"]);
    assert_eq!(code, 2);
    assert!(err.contains("IMAGE"), "{err}");
    let (code, _, _) = run(&["frobnicate"]);
    assert_eq!(code, 2);
}

#[test]
fn a_missing_or_malformed_image_names_the_file_and_exits_2() {
    let (code, _, err) = run(&["decode", "no/such/image.bin"]);
    assert_eq!(code, 2);
    assert!(err.contains("no/such/image.bin"), "{err}");

    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("short.bin");
    std::fs::write(&bad, [0x11u8; 100]).unwrap();
    let (code, _, err) = run(&["decode", bad.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains("short.bin"), "{err}");
    assert!(err.contains("100 bytes"), "{err}");

    // A valid size but an identifier no spec covers (0x06 = XFP).
    let xfp = dir.path().join("xfp.bin");
    let mut bytes = vec![0u8; 256];
    bytes[0] = 0x06;
    std::fs::write(&xfp, bytes).unwrap();
    let (code, _, err) = run(&["decode", xfp.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains("0x06"), "{err}");
}

#[test]
fn bad_bus_selectors_exit_2_and_say_how_to_write_one() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("x.bin");
    let out = out.to_str().unwrap();
    let (code, _, err) = run(&["dump", "--bus", "usb:3", "-o", out]);
    assert_eq!(code, 2);
    assert!(err.contains("unknown backend `usb`"), "{err}");
    let (code, _, err) = run(&["dump", "--bus", "mock:no-such-sku", "-o", out]);
    assert_eq!(code, 2);
    assert!(err.contains("no-such-sku"), "{err}");
}

#[test]
fn validate_accepts_the_shipped_plans_and_names_file_line_for_a_bad_one() {
    let plans: Vec<String> = std::fs::read_dir(common::root().join("testplans"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    assert!(plans.len() >= 6, "{plans:?}");
    let mut args = vec!["validate"];
    args.extend(plans.iter().map(String::as_str));
    let (code, out, err) = run(&args);
    assert_eq!(code, 0, "{out}{err}");

    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.yaml");
    std::fs::write(
        &bad,
        "plan: x\nstation:\n  slots:\n    - { id: p1, bus: \"mock:sfp-10g-sr\" }\noptions:\n  concurency: 4\nchecks: [identity]\n",
    )
    .unwrap();
    let (code, _, err) = run(&["validate", bad.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains("bad.yaml:6:"), "{err}");
    assert!(
        err.contains("concurrency"),
        "suggests the nearest key: {err}"
    );

    let (code, out, _) = run(&["schema"]);
    assert_eq!(code, 0);
    let schema: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(schema["properties"]["checks"].is_object(), "{schema}");
}
