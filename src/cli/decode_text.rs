//! The terminal report of `optiqual decode`: common sections built from [`Decoded`], then the
//! spec's own sections, then notes; laid out like `ethtool -m` (label column, colon, value).

use crate::memmap::decoded::{Decoded, ThresholdSet};
use crate::memmap::sections::{self, Section};

use super::style;

/// Common blocks: identity, checksums, power, live monitors, thresholds, applications.
pub fn common_sections(d: &Decoded) -> Vec<Section> {
    let mut out = Vec::new();

    let mut id = Section::new("Identity");
    id.row("Spec", d.spec.as_str())
        .row(
            "Identifier",
            format!("0x{:02x} ({})", d.identifier.code, d.identifier.name),
        )
        .row("Vendor name", &d.vendor.name)
        .row("Vendor OUI", &d.vendor.oui)
        .row("Vendor PN", &d.vendor.pn)
        .row("Vendor rev", &d.vendor.rev)
        .row("Vendor SN", &d.vendor.sn)
        .row("Date code", &d.vendor.date_code);
    if let Some(rev) = &d.cmis_revision {
        id.row("CMIS revision", rev);
    }
    if let Some(state) = &d.module_state {
        id.push("Module state", state, state == "ModuleFault");
    }
    out.push(id);

    let mut ck = Section::new("Checksums");
    for c in &d.checksums {
        let text = format!(
            "{} (stored 0x{:02x}, computed 0x{:02x})",
            if c.ok { "ok" } else { "BAD" },
            c.stored,
            c.computed
        );
        ck.push(&c.name, text, !c.ok);
    }
    out.push(ck);

    let mut pw = Section::new("Power");
    pw.row(
        "Power class",
        d.power.class.map_or("n/a".to_string(), |c| c.to_string()),
    )
    .row("Max power", sections::opt(d.power.max_w, 2, "W"));
    out.push(pw);

    let mut dom = Section::new("Monitors");
    dom.row(
        "Module temperature",
        sections::opt(d.dom.temperature_c, 2, "degC"),
    )
    .row("Supply voltage", sections::opt(d.dom.vcc_v, 4, "V"));
    for lane in &d.dom.lanes {
        let l = lane.lane;
        dom.row(
            format!("Lane {l} Tx bias"),
            sections::opt(lane.tx_bias_ma, 3, "mA"),
        )
        .row(
            format!("Lane {l} Tx power"),
            sections::power(lane.tx_power_mw),
        )
        .row(
            format!("Lane {l} Rx power"),
            sections::power(lane.rx_power_mw),
        );
    }
    out.push(dom);

    let t = &d.thresholds;
    let mut th = Section::new("Thresholds (high alarm / high warning / low warning / low alarm)");
    for (name, set, unit) in [
        ("Temperature", &t.temperature_c, "degC"),
        ("Vcc", &t.vcc_v, "V"),
        ("Tx bias", &t.tx_bias_ma, "mA"),
        ("Tx power", &t.tx_power_dbm, "dBm"),
        ("Rx power", &t.rx_power_dbm, "dBm"),
    ] {
        th.row(name, threshold_text(set.as_ref(), unit));
    }
    out.push(th);

    if !d.applications.is_empty() {
        let mut apps = Section::new("Applications");
        for a in &d.applications {
            apps.row(
                format!("AppSel {}", a.app),
                format!(
                    "{} (0x{:02x}) -> {} (0x{:02x}), {} host / {} media lanes, host lanes 0x{:02x}",
                    a.host_interface,
                    a.host_interface_id,
                    a.media_interface,
                    a.media_interface_id,
                    a.host_lane_count,
                    a.media_lane_count,
                    a.host_lane_assignment
                ),
            );
        }
        out.push(apps);
    }
    out
}

fn threshold_text(set: Option<&ThresholdSet>, unit: &str) -> String {
    let Some(s) = set else {
        return "n/a".to_string();
    };
    let f = |v: Option<f64>| v.map_or("n/a".to_string(), |v| format!("{v:.3}"));
    format!(
        "{} / {} / {} / {} {unit}",
        f(s.high_alarm),
        f(s.high_warning),
        f(s.low_warning),
        f(s.low_alarm)
    )
}

/// The whole report as text.
pub fn render(d: &Decoded, color: bool) -> String {
    let mut all = common_sections(d);
    all.extend(d.details.sections());
    let mut out = String::new();
    for section in &all {
        if section.rows.is_empty() {
            continue;
        }
        out.push_str(&style::heading(&section.title, color));
        out.push('\n');
        for row in &section.rows {
            let line = format!("  {:<40}: {}", row.label, row.value);
            if row.flagged {
                out.push_str(&style::alert(&line, color));
            } else {
                out.push_str(&line);
            }
            out.push('\n');
        }
        out.push('\n');
    }
    if !d.notes.is_empty() {
        out.push_str(&style::heading("Notes", color));
        out.push('\n');
        for n in &d.notes {
            out.push_str(&format!("  - {n}\n"));
        }
    }
    out
}
