//! The shipped plans validate; every malformed plan in tests/plans/bad/ is rejected with the
//! error its header promises.
//!
//! Each bad plan starts with one or more `# expect: LINE: FRAGMENT` lines. The first one names
//! the first error reported (its line, and a fragment of its message); every one must match some
//! reported error.

use std::path::{Path, PathBuf};

use optiqual::plan::{self, CheckKind, CheckParams};

fn yaml_files(dir: &str) -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&root)
        .map(|rd| {
            rd.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

#[test]
fn every_shipped_plan_validates() {
    let files = yaml_files("testplans");
    assert!(files.len() >= 6, "{files:?}");
    for f in &files {
        match plan::load(f) {
            Ok(p) => {
                assert!(!p.checks.is_empty(), "{}", f.display());
                assert_eq!(
                    p.resolved_clock(),
                    plan::model::ClockKind::Virtual,
                    "{} must run on virtual time in CI",
                    f.display()
                );
            }
            Err(e) => panic!("{} does not validate:\n{e}", f.display()),
        }
    }
}

fn load(name: &str) -> plan::Plan {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("testplans")
        .join(name);
    plan::load(&path).unwrap_or_else(|e| panic!("{e}"))
}

fn kinds(checks: &[plan::Check], out: &mut Vec<CheckKind>) {
    for c in checks {
        out.push(c.kind());
        if let CheckParams::ThermalSweep(t) = &c.params {
            kinds(&t.at_each, out);
        }
    }
}

#[test]
fn quickstart_runs_every_check_kind_on_four_families() {
    let p = load("quickstart.yaml");
    let mut seen = Vec::new();
    kinds(&p.checks, &mut seen);
    for k in CheckKind::ALL {
        assert!(seen.contains(&k), "quickstart lacks {k}");
    }
    assert_eq!(p.station.slots.len(), 4);
}

#[test]
fn form_factor_plans_are_full_qualifications() {
    for name in ["sfp.yaml", "qsfp28.yaml", "qsfpdd.yaml", "osfp.yaml"] {
        let p = load(name);
        let mut soak_24h = false;
        let mut sweep_5 = false;
        let mut cycles_10 = false;
        for c in &p.checks {
            match &c.params {
                CheckParams::BerSoak(b) => soak_24h |= b.duration.as_secs() == 24 * 3600,
                CheckParams::ThermalSweep(t) => {
                    sweep_5 |= t.setpoints_c == [0.0, 25.0, 45.0, 70.0, 75.0]
                }
                CheckParams::PowerUp(u) => cycles_10 |= u.cycles == 10,
                _ => {}
            }
        }
        assert!(soak_24h && sweep_5 && cycles_10, "{name}");
    }
}

#[test]
fn pilot_has_hundreds_of_modules() {
    let p = load("pilot-at-scale.yaml");
    assert_eq!(p.station.slots.len(), 200);
    let ports: std::collections::HashSet<_> = p
        .station
        .slots
        .iter()
        .map(|s| s.switch_port.clone())
        .collect();
    assert_eq!(ports.len(), 200);
}

struct Expect {
    line: usize,
    fragment: String,
}

fn expectations(text: &str) -> Vec<Expect> {
    text.lines()
        .filter_map(|l| l.strip_prefix("# expect: "))
        .filter_map(|rest| {
            let (line, frag) = rest.split_once(": ")?;
            Some(Expect {
                line: line.trim().parse().ok()?,
                fragment: frag.to_string(),
            })
        })
        .collect()
}

#[test]
fn every_malformed_plan_is_rejected_at_the_right_line() {
    let files = yaml_files("tests/plans/bad");
    assert!(files.len() >= 30, "only {} malformed plans", files.len());
    let mut failures = Vec::new();
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap_or_default();
        let name = f
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let expects = expectations(&text);
        if expects.is_empty() {
            failures.push(format!("{name}: no `# expect:` header"));
            continue;
        }
        let errors = match plan::parse(&text, &name) {
            Ok(_) => {
                failures.push(format!("{name}: accepted"));
                continue;
            }
            Err(e) => e,
        };
        let shown = errors.to_string();
        // Every error names this file, a position and says something.
        for e in errors.iter() {
            assert_eq!(e.file, name);
            assert!(e.pos.is_some(), "{shown}");
        }
        let first = &errors.errors[0];
        let first_line = first.pos.map_or(0, |p| p.line);
        if first_line != expects[0].line {
            failures.push(format!(
                "{name}: first error at line {first_line}, expected {}:\n{shown}",
                expects[0].line
            ));
        }
        for x in &expects {
            let hit = errors.iter().any(|e| {
                e.pos.is_some_and(|p| p.line == x.line) && e.to_string().contains(&x.fragment)
            });
            if !hit {
                failures.push(format!(
                    "{name}: no error at line {} containing `{}`:\n{shown}",
                    x.line, x.fragment
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn the_documented_example_validates() {
    let doc =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/plan-format.md"))
            .unwrap_or_default();
    let example = doc
        .split("```yaml\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .unwrap_or_default();
    let p = plan::parse(example, "docs/plan-format.md").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(p.station.slots.len(), 6);
    assert_eq!(p.resolved_clock(), plan::model::ClockKind::Wall);
    let mut seen = Vec::new();
    kinds(&p.checks, &mut seen);
    for k in CheckKind::ALL {
        assert!(seen.contains(&k), "the example lacks {k}");
    }
}

mod never_panics {
    use proptest::prelude::*;

    fn quickstart() -> String {
        std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("testplans/quickstart.yaml"),
        )
        .unwrap_or_default()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        /// Any edit of a valid plan gives a plan or errors, never a panic.
        #[test]
        fn edited_plans(pos in 0usize..4000, cut in 0usize..40, insert in "[ -~\n\t{}\\[\\]:,#'\"é-]{0,12}") {
            let text = quickstart();
            let chars: Vec<char> = text.chars().collect();
            let at = pos.min(chars.len());
            let end = (at + cut).min(chars.len());
            let edited: String = chars[..at].iter().chain(insert.chars().collect::<Vec<_>>().iter()).chain(chars[end..].iter()).collect();
            if let Err(e) = optiqual::plan::parse(&edited, "fuzz.yaml") {
                prop_assert!(!e.is_empty());
                prop_assert!(e.to_string().lines().all(|l| l.starts_with("fuzz.yaml")));
                prop_assert_eq!(e.to_string().lines().count(), e.len());
            }
        }

        /// Arbitrary text never panics.
        #[test]
        fn arbitrary_text(text in "\\PC{0,200}") {
            let _ = optiqual::plan::parse(&text, "fuzz.yaml");
        }
    }
}
