//! Human-readable report blocks of a [`Vdm`]: one summary block, then one block per group with a
//! value row and a threshold row per observable. Rows of observables with a raised flag are
//! flagged.

use crate::memmap::sections::{Section, yes_no};

use super::model::{Observable, Vdm, VdmFlags, VdmThresholds};
use super::observables::{Display, kind_of};

impl Vdm {
    /// Report blocks: "VDM" (advertisement, freeze state) and "VDM group N" per decoded group.
    pub fn sections(&self) -> Vec<Section> {
        let mut out = Vec::new();
        let mut summary = Section::new("VDM");
        summary.row(
            "Supported groups",
            self.supported_groups
                .map_or_else(|| "n/a".to_string(), |g| g.to_string()),
        );
        summary.row("Freeze request", opt_yes_no(self.freeze_request));
        summary.row("Freeze done", opt_yes_no(self.freeze_done));
        summary.row("Unfreeze done", opt_yes_no(self.unfreeze_done));
        summary.row("Observables", self.observables.len().to_string());
        let raised = self
            .observables
            .iter()
            .filter(|o| o.flags.is_some_and(|f| f.any()))
            .count();
        summary.push(
            "Observables with raised flags",
            raised.to_string(),
            raised > 0,
        );
        out.push(summary);

        let mut current: Option<Section> = None;
        for o in &self.observables {
            let title = format!("VDM group {}", o.group);
            match &current {
                Some(s) if s.title == title => {}
                _ => {
                    out.extend(current.take());
                    current = Some(Section::new(title));
                }
            }
            if let Some(section) = current.as_mut() {
                observable_rows(section, o);
            }
        }
        out.extend(current);
        out
    }
}

/// The value row and the threshold row of one observable.
fn observable_rows(section: &mut Section, o: &Observable) {
    let label = format!("{}, lane {}", o.name, o.lane);
    let display = kind_of(o.type_id).map_or(Display::Fixed(0), |k| k.display);
    let mut value = match (o.value, o.raw) {
        (Some(v), _) => with_unit(v, display, o.unit),
        (None, Some(raw)) => format!("raw 0x{raw:04x}"),
        (None, None) => "n/a".to_string(),
    };
    let raised = o.flags.is_some_and(|f| f.any());
    if let Some(f) = o.flags.filter(VdmFlags::any) {
        value.push_str(" (");
        value.push_str(&f.describe());
        value.push(')');
    }
    section.push(label.clone(), value, raised);

    let thresholds = o.thresholds.map_or_else(
        || "n/a".to_string(),
        |t| thresholds_text(&t, display, o.unit),
    );
    section.row(
        format!("{label}, thresholds (set {})", o.threshold_set),
        thresholds,
    );
}

fn thresholds_text(t: &VdmThresholds, display: Display, unit: &str) -> String {
    format!(
        "high alarm {}, low alarm {}, high warning {}, low warning {}",
        with_unit(t.high_alarm, display, unit),
        with_unit(t.low_alarm, display, unit),
        with_unit(t.high_warning, display, unit),
        with_unit(t.low_warning, display, unit),
    )
}

/// A value in its preferred rendering, followed by its unit when it has one.
fn with_unit(v: f64, display: Display, unit: &str) -> String {
    let number = match display {
        Display::Fixed(p) => format!("{v:.p$}"),
        Display::Scientific => format!("{v:.2e}"),
    };
    if unit.is_empty() {
        number
    } else {
        format!("{number} {unit}")
    }
}

fn opt_yes_no(b: Option<bool>) -> String {
    b.map_or("n/a", yes_no).to_string()
}
