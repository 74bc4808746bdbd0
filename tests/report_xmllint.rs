//! junit.xml against the real schema: every report built from varied results (every outcome,
//! retried checks, hostile device text, no module, many modules, pseudo-random text) is checked
//! by `xmllint --noout --schema shared/schemas/junit-10.xsd`. xmllint comes from libxml2-utils,
//! which .ci/run installs; without it this test fails rather than skipping.

use std::path::{Path, PathBuf};
use std::process::Command;

use optiqual::report::{self, Format, samples};
use optiqual::results::{Outcome, RunResults};

/// `shared/schemas/junit-10.xsd`, found by walking up from the crate root.
fn schema() -> PathBuf {
    let mut dir = Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf();
    loop {
        let candidate = dir.join("shared/schemas/junit-10.xsd");
        if candidate.is_file() {
            return candidate;
        }
        assert!(
            dir.pop(),
            "shared/schemas/junit-10.xsd not found above {}",
            env!("CARGO_MANIFEST_DIR")
        );
    }
}

fn xmllint_available() {
    let ok = Command::new("xmllint")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        ok,
        "xmllint not found: install libxml2-utils (apt-get install libxml2-utils; .ci/run does it)"
    );
}

/// A small deterministic generator (64-bit LCG), so the "random" runs are the same every time.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    fn text(&mut self) -> String {
        let len = self.next() % 12;
        (0..len)
            .map(|_| match self.next() % 4 {
                // Anything at all, C0 controls and non-characters included.
                0 => char::from_u32((self.next() % 0x11_0000) as u32).unwrap_or('\u{FFFF}'),
                1 => char::from_u32((self.next() % 0x20) as u32).unwrap_or('\0'),
                2 => [
                    '<', '&', '"', '\'', ']', '>', '\u{FFFE}', '\u{FFFF}', '\u{9b}', '\r',
                ][(self.next() % 10) as usize],
                _ => char::from(b'a' + (self.next() % 26) as u8),
            })
            .collect()
    }
}

/// `mixed` with every text field replaced by generated text.
fn scrambled(seed: u64) -> RunResults {
    let mut g = Lcg(seed);
    let mut r = samples::mixed();
    r.run_id = g.text();
    r.plan.name = g.text();
    r.plan.path = g.text();
    r.tool_version = g.text();
    r.started_at = g.text();
    for m in &mut r.modules {
        m.slot = g.text();
        m.identity.vendor = g.text();
        m.identity.pn = g.text();
        m.identity.sn = g.text();
        m.identity.rev = g.text();
        for c in &mut m.checks {
            c.id = g.text();
            c.kind = g.text();
            c.message = g.text();
            c.started_at = g.text();
            for x in c.measurements.iter_mut() {
                x.name = g.text();
                x.unit = g.text();
            }
            for a in c.attempt_log.iter_mut() {
                a.message = g.text();
                a.started_at = g.text();
            }
            if g.next() % 5 == 0 {
                c.duration_s = f64::NAN;
            }
        }
    }
    r
}

#[test]
fn junit_validates_against_the_schema() {
    xmllint_available();
    let schema = schema();
    let mut cases: Vec<(String, RunResults)> = samples::all()
        .into_iter()
        .map(|(n, r)| (n.to_string(), r))
        .collect();
    cases.push(("many".into(), samples::many(500)));
    for seed in 1..=8 {
        cases.push((format!("scrambled-{seed}"), scrambled(seed)));
    }
    // A skipped check with neither message nor attempts, a timeout without message.
    let mut bare = samples::mixed();
    for c in bare.modules.iter_mut().flat_map(|m| m.checks.iter_mut()) {
        c.message.clear();
        c.attempt_log.clear();
        c.measurements.clear();
        c.duration_s = -1.0;
    }
    bare.modules[0].checks[0].outcome = Outcome::Timeout;
    cases.push(("bare".into(), bare));

    let tmp = tempfile::tempdir().unwrap();
    let mut failures = Vec::new();
    for (name, results) in &cases {
        let path = tmp.path().join(format!("{name}.xml"));
        std::fs::write(&path, report::rebuild(results, Format::Junit)).unwrap();
        let out = Command::new("xmllint")
            .arg("--noout")
            .arg("--schema")
            .arg(&schema)
            .arg(&path)
            .output()
            .expect("run xmllint");
        if !out.status.success() {
            failures.push(format!(
                "{name}: {}",
                String::from_utf8_lossy(&out.stderr).trim()
            ));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn write_all_output_validates_too() {
    xmllint_available();
    let tmp = tempfile::tempdir().unwrap();
    let written = report::write_all(tmp.path(), &samples::mixed()).unwrap();
    let out = Command::new("xmllint")
        .arg("--noout")
        .arg("--schema")
        .arg(schema())
        .arg(&written.junit_xml)
        .output()
        .expect("run xmllint");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
