//! How modules are named in the reports.

use crate::results::{Identity, ModuleResult};

/// `ACME AC-QDD-400G-DR4 SN123`: vendor, part number and serial number, the empty ones left out
/// (the revision is not part of the name).
pub(crate) fn identity_label(id: &Identity) -> String {
    let parts = [id.vendor.trim(), id.pn.trim(), id.sn.trim()];
    let mut out = String::new();
    for p in parts.into_iter().filter(|p| !p.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(p);
    }
    out
}

/// The JUnit suite name of a module: slot then identity, `p1 ACME AC-QDD-400G-DR4 SN123`;
/// `p2 (unidentified)` when the module said nothing about itself.
pub(crate) fn suite_name(m: &ModuleResult) -> String {
    let id = identity_label(&m.identity);
    if id.is_empty() {
        format!("{} (unidentified)", m.slot)
    } else {
        format!("{} {id}", m.slot)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::results::Outcome;

    #[test]
    fn names_leave_out_empty_parts() {
        let mut m = ModuleResult {
            slot: "p1".into(),
            identity: Identity {
                vendor: "ACME  ".into(),
                pn: "AC-QDD-400G-DR4".into(),
                sn: "SN123".into(),
                rev: "A".into(),
            },
            outcome: Outcome::Pass,
            checks: vec![],
        };
        assert_eq!(suite_name(&m), "p1 ACME AC-QDD-400G-DR4 SN123");
        m.identity.pn.clear();
        assert_eq!(suite_name(&m), "p1 ACME SN123");
        m.identity = Identity::default();
        assert_eq!(suite_name(&m), "p1 (unidentified)");
    }
}
