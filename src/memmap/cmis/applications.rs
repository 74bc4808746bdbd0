//! Application descriptors (CMIS 5.2 Tables 8-22/8-23, reference/cmis.md §1 and
//! reference/sff-8024.md §5): descriptors 1-8 at lower 86-117, 9-15 at Page 01h:223-250, four
//! bytes each (host ID, media ID, host/media lane counts, host lane assignment); media lane
//! assignment for application n at Page 01h:176 + (n-1). Host ID FFh ends the list.

use crate::memmap::codes;
use crate::memmap::decoded::Application;
use crate::memmap::view::HalfView;

/// Host interface ID that marks an unused descriptor and the end of the list.
const END: u8 = 0xFF;
/// Host interface ID 00h: "undefined" in SFF-8024; such descriptors carry no application.
const UNDEFINED: u8 = 0x00;

/// Reads the descriptors in AppSel order, stopping at the first host ID FFh. Descriptors 9-15 are
/// read only when page 01h is present. Descriptors with host ID 00h (undefined) are skipped,
/// keeping the AppSel numbering of the others, and named in a note.
pub fn decode(
    lower: &HalfView<'_>,
    page01: Option<&HalfView<'_>>,
    notes: &mut Vec<String>,
) -> Vec<Application> {
    let media_type = lower.u8(85);
    let mut apps = Vec::with_capacity(8);
    let mut undefined: Vec<u8> = Vec::new();
    for app in 1u8..=15 {
        let (view, first) = if app <= 8 {
            (lower, 86 + 4 * usize::from(app - 1))
        } else {
            match page01 {
                Some(p) => (p, 223 + 4 * usize::from(app - 9)),
                None => break,
            }
        };
        let host = view.u8(first);
        if host == END {
            break;
        }
        if host == UNDEFINED {
            undefined.push(app);
            continue;
        }
        let media = view.u8(first + 1);
        let counts = view.u8(first + 2);
        apps.push(Application {
            app,
            host_interface_id: host,
            host_interface: codes::host_interface_name(host).to_string(),
            media_interface_id: media,
            media_interface: codes::media_interface_name(media_type, media).to_string(),
            host_lane_count: counts >> 4,
            media_lane_count: counts & 0x0F,
            host_lane_assignment: view.u8(first + 3),
            media_lane_assignment: page01.map(|p| p.u8(176 + usize::from(app - 1))),
        });
    }
    if !undefined.is_empty() {
        let list: Vec<String> = undefined.iter().map(u8::to_string).collect();
        notes.push(format!(
            "application descriptor(s) {} have host interface ID 00h (undefined) and were skipped",
            list.join(", ")
        ));
    }
    apps
}

/// Index (1-based) of the highest lane a start-lane bitmap allows, plus `count - 1`: the last
/// lane an instance of the application can occupy. A bitmap of 0 counts as lane 1.
fn last_lane(assignment: u8, count: u8) -> u8 {
    let highest_start = 8 - assignment.leading_zeros().min(7) as u8; // 1-based
    highest_start.saturating_add(count).saturating_sub(1)
}

/// How many lanes of each bank to report in the DOM.
///
/// Rule: Page 11h monitors (Tx bias, Tx power, Rx power) are per media lane, so the count is the
/// highest media lane (1-8) that any advertised application can occupy: highest allowed start lane
/// in the media lane assignment of Page 01h:176-190 + media lane count − 1, or, without page 01h,
/// the number of instances (start lanes allowed in the host lane assignment) × media lane count. A gearbox module (e.g. 400G DR4: 8 host lanes, 4 media lanes) reports 4.
/// An application with no media lane count falls back to its host side (highest allowed start
/// lane in the host lane assignment + host lane count − 1). With no application advertised,
/// the form factor decides (SFP+ CMIS 1, SFP-DD / DSFP 2, QSFP+ CMIS 4), and all 8 lanes otherwise.
pub fn lanes_per_bank(apps: &[Application], identifier: u8) -> u8 {
    let from_apps = apps
        .iter()
        .map(|a| {
            if a.media_lane_count == 0 {
                return last_lane(a.host_lane_assignment, a.host_lane_count);
            }
            match a.media_lane_assignment {
                Some(m) => last_lane(m, a.media_lane_count),
                // Without page 01h: one instance per allowed host start lane, side by side.
                None => {
                    let instances = a.host_lane_assignment.count_ones().max(1) as u8;
                    instances.saturating_mul(a.media_lane_count)
                }
            }
        })
        .max()
        .unwrap_or(0);
    if from_apps > 0 {
        return from_apps.min(8);
    }
    match identifier {
        0x20 => 1,               // SFP+ with CMIS
        0x1A | 0x1B | 0x1F => 2, // SFP-DD, DSFP, SFP-DD with CMIS
        0x1E => 4,               // QSFP+ with CMIS (QSFP112)
        _ => 8,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lower_with(descs: &[[u8; 4]]) -> [u8; 128] {
        let mut l = [0u8; 128];
        l[85] = 0x02;
        for (i, d) in descs.iter().enumerate() {
            l[86 + 4 * i..90 + 4 * i].copy_from_slice(d);
        }
        l
    }

    #[test]
    fn descriptors_stop_at_ff() {
        // App 1: 400GAUI-4-S (0x4F) -> 400GBASE-DR4 (0x1C), 4 host / 4 media lanes, start on
        // lanes 1 or 5 (0x11). App 2: 800GAUI-8-S (0x51) -> 800GBASE-DR8 (0x56), 8/8, lane 1.
        let l = lower_with(&[
            [0x4F, 0x1C, 0x44, 0x11],
            [0x51, 0x56, 0x88, 0x01],
            [0xFF, 0, 0, 0],
            [0x0B, 0x01, 0x44, 0x01],
        ]);
        let mut notes = vec![];
        let apps = decode(&HalfView::lower(&l), None, &mut notes);
        assert_eq!(apps.len(), 2);
        assert_eq!(apps[0].app, 1);
        assert_eq!(
            (apps[0].host_interface_id, apps[0].media_interface_id),
            (0x4F, 0x1C)
        );
        assert_eq!((apps[0].host_lane_count, apps[0].media_lane_count), (4, 4));
        assert_eq!(apps[0].host_lane_assignment, 0x11);
        assert_eq!(apps[0].media_lane_assignment, None);
        assert_eq!(apps[1].app, 2);
        assert_eq!((apps[1].host_lane_count, apps[1].media_lane_count), (8, 8));
        assert!(notes.is_empty());
    }

    #[test]
    fn descriptors_9_to_15_on_page_01h_with_media_lanes() {
        let descs = [[0x0B, 0x10, 0x44, 0x01]; 8];
        let l = lower_with(&descs);
        let mut p1 = [0u8; 128];
        for i in 0..15 {
            p1[176 - 128 + i] = 0x10 + i as u8; // media lane assignment of app i+1
        }
        // App 9 at 223: 100GAUI-2 (0x0D), 100G-FR (0x15), 2 host / 1 media lane, lanes 1/3/5/7.
        p1[223 - 128..227 - 128].copy_from_slice(&[0x0D, 0x15, 0x21, 0x55]);
        // App 10 at 227, then FFh at 231 ends the list.
        p1[227 - 128..231 - 128].copy_from_slice(&[0x4B, 0x14, 0x11, 0xFF]);
        p1[231 - 128] = 0xFF;
        p1[235 - 128..239 - 128].copy_from_slice(&[0x0B, 0x10, 0x44, 0x01]);
        let apps = decode(
            &HalfView::lower(&l),
            Some(&HalfView::upper(&p1)),
            &mut vec![],
        );
        assert_eq!(apps.len(), 10);
        assert_eq!(apps[0].media_lane_assignment, Some(0x10));
        let a9 = &apps[8];
        assert_eq!(
            (a9.app, a9.host_interface_id, a9.media_interface_id),
            (9, 0x0D, 0x15)
        );
        assert_eq!(
            (
                a9.host_lane_count,
                a9.media_lane_count,
                a9.host_lane_assignment
            ),
            (2, 1, 0x55)
        );
        assert_eq!(a9.media_lane_assignment, Some(0x18));
        assert_eq!(
            (apps[9].app, apps[9].media_lane_assignment),
            (10, Some(0x19))
        );
        // Without page 01h only descriptors 1-8 are read.
        let apps = decode(&HalfView::lower(&l), None, &mut vec![]);
        assert_eq!(apps.len(), 8);
    }

    #[test]
    fn undefined_host_ids_are_skipped_keeping_appsel_numbers() {
        let mut descs = [[0u8; 4]; 8];
        descs[7] = [0x11, 0x00, 0x88, 0x00];
        let l = lower_with(&descs);
        let mut notes = vec![];
        let apps = decode(&HalfView::lower(&l), None, &mut notes);
        assert_eq!(apps.len(), 1);
        assert_eq!(apps[0].app, 8);
        assert_eq!(notes.len(), 1);
        assert!(notes[0].contains("1, 2, 3, 4, 5, 6, 7"));
    }

    fn app(
        host_count: u8,
        host_assign: u8,
        media_count: u8,
        media_assign: Option<u8>,
    ) -> Application {
        Application {
            app: 1,
            host_interface_id: 1,
            host_interface: String::new(),
            media_interface_id: 1,
            media_interface: String::new(),
            host_lane_count: host_count,
            media_lane_count: media_count,
            host_lane_assignment: host_assign,
            media_lane_assignment: media_assign,
        }
    }

    #[test]
    fn lane_counts_1_4_8() {
        // 1-lane app starting on lane 1 only: lane 1.
        assert_eq!(lanes_per_bank(&[app(1, 0x01, 1, Some(0x01))], 0x19), 1);
        // 4-lane app on lane 1 (QSFP112 400G): lanes 1-4.
        assert_eq!(lanes_per_bank(&[app(4, 0x01, 4, None)], 0x1E), 4);
        // 4-lane app allowed on lanes 1 and 5: 5 + 4 - 1 = 8.
        assert_eq!(lanes_per_bank(&[app(4, 0x11, 4, Some(0x11))], 0x18), 8);
        // 8-lane app: 8.
        assert_eq!(lanes_per_bank(&[app(8, 0x01, 8, None)], 0x19), 8);
        // 1-lane app allowed on any lane (0xFF), no page 01h: 8 instances × 1 = 8.
        assert_eq!(lanes_per_bank(&[app(1, 0xFF, 1, None)], 0x19), 8);
        // Gearbox (400G DR4): 8 host lanes on lane 1, 4 media lanes on lane 1: media side, 4.
        assert_eq!(lanes_per_bank(&[app(8, 0x01, 4, Some(0x01))], 0x18), 4);
        // Same without page 01h: 1 instance (host 0x01) × 4 media lanes = 4.
        assert_eq!(lanes_per_bank(&[app(8, 0x01, 4, None)], 0x18), 4);
        // No media lane count: host side, 1 + 8 - 1 = 8.
        assert_eq!(lanes_per_bank(&[app(8, 0x01, 0, None)], 0x18), 8);
        // 2 host lanes, 4 media lanes (media wider): 4.
        assert_eq!(lanes_per_bank(&[app(2, 0x01, 4, Some(0x01))], 0x18), 4);
        // Overflowing lane counts cap at 8.
        assert_eq!(lanes_per_bank(&[app(15, 0x80, 15, None)], 0x18), 8);
        // No application: form factor.
        assert_eq!(lanes_per_bank(&[], 0x18), 8);
        assert_eq!(lanes_per_bank(&[], 0x1E), 4);
        assert_eq!(lanes_per_bank(&[], 0x1F), 2);
        assert_eq!(lanes_per_bank(&[], 0x20), 1);
    }
}
