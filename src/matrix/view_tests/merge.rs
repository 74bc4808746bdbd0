//! A view from results alone: axes from the definitions the runs carry, cells that have runs.

use super::*;
use crate::matrix::build::build_view;
use crate::matrix::view::CellStatus;

#[test]
fn cells_and_axes_come_from_the_runs() {
    let mut r1 = run("r1", ("a", "h1", "f1"), T9, RunOutcome::Pass);
    // Without a matrix there is nothing to be stale against.
    cref(&mut r1).plan_sha256 = "old".into();
    let r2 = run("r2", ("b", "h2", "f2"), T10, RunOutcome::Fail);
    let v = build_view(None, &[r2, r1], GEN);

    assert_eq!(v.name, "lab");
    assert_eq!(v.matrix_file, None);
    assert_eq!(v.matrix_sha256, None);
    assert_eq!(v.generated_at, GEN);
    assert!(v.unplaced.is_empty());
    assert_eq!(v.skus, [sku("a", "ACME"), sku("b", "BETA")]);
    assert_eq!(v.hosts, [host("h1"), host("h2")]);
    assert_eq!(
        v.firmware,
        [
            firmware("f1", "NOS-1", &[("a", "1.0")]),
            firmware("f2", "NOS-2", &[])
        ]
    );
    let keys: Vec<String> = v.cells.iter().map(|c| c.key.slug()).collect();
    assert_eq!(keys, ["a--h1--f1", "b--h2--f2"]);
    let a = cell_of(&v, ("a", "h1", "f1"));
    assert_eq!(a.status, CellStatus::Qualified);
    assert_eq!(a.plan, None);
    assert!(a.stale_reasons.is_empty());
    assert_eq!(cell_of(&v, ("b", "h2", "f2")).status, CellStatus::Failed);
}

#[test]
fn the_newest_definitions_win() {
    let mut old = run("r1", ("a", "h1", "f1"), T9, RunOutcome::Pass);
    cref(&mut old).definitions["sku"]["vendor"] = "ACME (old name)".into();
    cref(&mut old).definitions["firmware"]["host"] = "NOS-1-rc".into();
    let mut new = run("r2", ("a", "h2", "f1"), T10, RunOutcome::Pass);
    cref(&mut new).definitions["sku"]["vendor"] = "ACME Optics".into();
    for runs in [[old.clone(), new.clone()], [new.clone(), old.clone()]] {
        let v = build_view(None, &runs, GEN);
        assert_eq!(v.skus.len(), 1);
        assert_eq!(v.skus[0].vendor, "ACME Optics");
        assert_eq!(v.firmware.len(), 1);
        assert_eq!(v.firmware[0].host, "NOS-1");
        // h1 is defined only by the old run, h2 only by the new one.
        assert_eq!(v.hosts, [host("h1"), host("h2")]);
    }
}

#[test]
fn unreadable_definitions_fall_back_to_minimal_ones() {
    let mut r = run("r1", ("a", "h1", "f1"), T9, RunOutcome::Pass);
    // A temperature grade as a bare word is not the model's shape; no host; a number.
    cref(&mut r).definitions = json!({
        "sku": { "vendor": "ACME", "temperature": "commercial" },
        "firmware": 42,
    });
    let v = build_view(None, &[r], GEN);
    assert_eq!(
        v.skus,
        [SkuDef {
            id: "a".into(),
            vendor: String::new(),
            pn: String::new(),
            form_factor: String::new(),
            applications: vec![],
            max_power_w: 0.0,
            temperature: TempGrade {
                name: "unknown".into(),
                min_c: 0.0,
                max_c: 0.0
            },
        }]
    );
    assert_eq!(
        v.hosts,
        [HostDef {
            id: "h1".into(),
            platform: "h1".into(),
            ports: vec![]
        }]
    );
    // From the cell reference: the host firmware and the pin of SKU a.
    assert_eq!(v.firmware, [firmware("f1", "NOS-1", &[("a", "1.0")])]);
    assert_eq!(v.cells.len(), 1);
}

#[test]
fn minimal_firmware_gathers_the_pins_of_every_sku() {
    let mut a = run("r1", ("a", "h1", "f1"), T9, RunOutcome::Pass);
    cref(&mut a).definitions = json!(null);
    let mut b = run("r2", ("b", "h1", "f1"), T10, RunOutcome::Pass);
    cref(&mut b).definitions = json!({});
    cref(&mut b).module_firmware = Some("7.7".into());
    let v = build_view(None, &[a, b], GEN);
    assert_eq!(
        v.firmware,
        [firmware("f1", "NOS-1", &[("a", "1.0"), ("b", "7.7")])]
    );
}

#[test]
fn an_unreadable_newest_definition_yields_to_an_older_readable_one() {
    let old = run("r1", ("a", "h1", "f1"), T9, RunOutcome::Pass);
    let mut new = run("r2", ("a", "h1", "f1"), T10, RunOutcome::Pass);
    cref(&mut new).definitions["sku"] = json!("garbage");
    let v = build_view(None, &[new, old], GEN);
    assert_eq!(v.skus, [sku("a", "ACME")]);
}

#[test]
fn the_id_comes_from_the_cell_reference() {
    let mut r = run("r1", ("a", "h1", "f1"), T9, RunOutcome::Pass);
    let defs = &mut cref(&mut r).definitions;
    if let Some(o) = defs["sku"].as_object_mut() {
        o.remove("id");
    }
    defs["host"]["id"] = "someone-else".into();
    let v = build_view(None, &[r], GEN);
    assert_eq!(v.skus, [sku("a", "ACME")]);
    assert_eq!(v.hosts, [host("h1")]);
}

#[test]
fn the_most_recent_run_names_the_matrix_and_the_rest_is_unplaced() {
    let mut spine = run("s1", ("a", "h1", "f1"), T9, RunOutcome::Pass);
    cref(&mut spine).matrix = "spine".into();
    let mut plain = run("p1", ("a", "h1", "f1"), T11, RunOutcome::Pass);
    plain.results.matrix = None;
    let lab = run("l1", ("a", "h1", "f1"), T10, RunOutcome::Fail);
    let v = build_view(None, &[spine, plain, lab], GEN);
    assert_eq!(v.name, "lab");
    assert_eq!(
        v.unplaced,
        [
            "runs/p1/results.json: run p1 names no matrix cell (made by `optiqual run`, not \
             `optiqual matrix run`)",
            "runs/s1/results.json: run s1 was made for matrix 'spine'; this merge shows matrix \
             'lab' (that of the most recent run); merge it separately or pass that matrix",
        ]
    );
    assert_eq!(v.cells.len(), 1);
    assert_eq!(v.cells[0].status, CellStatus::Failed);
    assert!(v.cells[0].superseded.is_empty());
}

#[test]
fn nothing_to_merge() {
    let v = build_view(None, &[], GEN);
    assert_eq!(v.name, "");
    assert!(v.cells.is_empty() && v.skus.is_empty() && v.unplaced.is_empty());
}
