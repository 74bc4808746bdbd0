//! The `identity` check: vendor name, PN, revision and SN present and printable; every checksum
//! the spec defines valid (reference/qualification.md §1: SFF-8472 A0h 63 and 95, A2h 95;
//! SFF-8636 Page 00h:191 and 223; CMIS Page 00h:222, 01h:255, 02h:255); identifier, form
//! factor, media and compliance codes as the slot's SKU expects; advertised maximum power within
//! the slot's power budget.

mod fields;
mod sku;
#[cfg(test)]
mod tests;

use super::common::{Family, yes_no};
use super::{AttemptResult, CheckEnv};
use crate::plan::checks::IdentityParams;
use crate::results::Measurement;

/// Runs one attempt.
pub async fn run(params: &IdentityParams, env: &mut CheckEnv<'_>) -> AttemptResult {
    let (dump, decoded) = match env.snapshot().await {
        Ok(s) => s,
        Err(e) => return AttemptResult::error(format!("cannot read the module: {e}")),
    };
    let family = Family::of(decoded.spec);
    let mut measurements = Vec::new();
    let mut problems = Vec::new();
    let mut skipped = Vec::new();
    let mut not_compared: Vec<String> = Vec::new();

    for f in fields::vendor_fields(family) {
        let problem = fields::text_problem(&dump.image, f);
        measurements.push(yes_no(format!("{}.printable", f.name), problem.is_none()));
        problems.extend(problem);
    }

    if params.checksums {
        if decoded.checksums.is_empty() {
            problems.push("no checksum could be verified (no checksummed page was read)".into());
            measurements.push(yes_no("checksums.present", false));
        }
        for c in &decoded.checksums {
            // Stored against computed: the limits are the computed value.
            let computed = Some(f64::from(c.computed));
            measurements.push(Measurement::judged(
                format!("checksum.{}", c.name),
                Some(f64::from(c.stored)),
                "",
                computed,
                computed,
            ));
            if !c.ok {
                problems.push(format!(
                    "checksum {} stored 0x{:02x}, computed 0x{:02x}",
                    c.name, c.stored, c.computed
                ));
            }
        }
    }

    if params.sku {
        match env.slot.sku.as_ref().or(env.plan.sku.as_ref()) {
            Some(expected) => {
                let r = sku::compare(&decoded, expected);
                measurements.extend(r.measurements);
                problems.extend(r.problems);
                not_compared.extend(r.not_compared);
            }
            None => skipped.push("no SKU to compare with"),
        }
    }

    if params.power_budget {
        match (env.slot.power_budget_w, decoded.power.max_w) {
            (Some(budget), Some(max_w)) => {
                if max_w > budget {
                    problems.push(format!(
                        "advertised maximum power {max_w} W exceeds the slot's budget {budget} W"
                    ));
                }
                measurements.push(Measurement::judged(
                    "power.max_w",
                    Some(max_w),
                    "W",
                    None,
                    Some(budget),
                ));
            }
            // Not advertised: the module cannot be shown to fit the cage.
            (Some(_), None) => {
                problems.push("the module does not advertise its maximum power".into());
                measurements.push(yes_no("power.max_w_advertised", false));
            }
            (None, _) => skipped.push("the slot has no power budget"),
        }
    }

    let mut summary = format!(
        "{} {} rev {} sn {} (identifier 0x{:02x}, {})",
        decoded.vendor.name,
        decoded.vendor.pn,
        decoded.vendor.rev,
        decoded.vendor.sn,
        decoded.identifier.code,
        decoded.spec.as_str()
    );
    if !problems.is_empty() {
        summary.push_str(": ");
        summary.push_str(&problems.join("; "));
    }
    let skipped: Vec<&str> = skipped
        .into_iter()
        .chain(not_compared.iter().map(String::as_str))
        .collect();
    if !skipped.is_empty() {
        summary.push_str(" (not compared: ");
        summary.push_str(&skipped.join(", "));
        summary.push(')');
    }
    AttemptResult::from_measurements(summary, measurements)
}
