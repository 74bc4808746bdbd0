//! The human-readable blocks of an SFF-8636 decode (`Details::sections`). All formatting of
//! this spec happens here, never while decoding.

use super::Details;
use super::bits::{AlarmFlags, LANES, NamedBits};
use super::lower_controls::Controls;
use super::lower_flags::Flags;
use super::lower_status::revision_name;
use super::page00::{Media, SerialId};
use super::power;
use crate::memmap::sections::{Section, list_or_none, yes_no};

/// "1, 3" for the channels whose bit is set, "none" when none is.
fn lanes(bits: &[bool; LANES]) -> String {
    let set: Vec<String> = bits
        .iter()
        .enumerate()
        .filter(|(_, b)| **b)
        .map(|(i, _)| (i + 1).to_string())
        .collect();
    list_or_none(&set)
}

/// "0x84 (Extended (see byte 192), 40GBASE-SR4)" or "0x00 (none)".
fn named(bits: &NamedBits) -> String {
    let names: Vec<&str> = bits.names().collect();
    format!("0x{:02x} ({})", bits.raw, list_or_none(&names))
}

fn alarms(flags: &AlarmFlags) -> String {
    let names: Vec<&str> = flags.names().collect();
    list_or_none(&names)
}

fn opt_yes_no(v: Option<bool>) -> &'static str {
    v.map_or("n/a (SFF-8436)", yes_no)
}

fn status(d: &Details) -> Section {
    let s = &d.status;
    let mut sec = Section::new("Status (lower page)");
    sec.row(
        "Revision compliance (byte 1)",
        format!(
            "0x{:02x} ({})",
            s.revision,
            revision_name(s.revision).unwrap_or("unknown")
        ),
    );
    sec.row("Flat memory (byte 2 bit 2)", yes_no(s.flat_mem));
    sec.row("IntL (byte 2 bit 1)", yes_no(s.intl));
    sec.push(
        "Data not ready (byte 2 bit 0)",
        yes_no(s.data_not_ready),
        s.data_not_ready,
    );
    sec.row(
        "Page select (byte 127)",
        format!("{:02X}h", d.controls.page_select),
    );
    sec.row("Page 03h (thresholds) read", yes_no(d.page03_present));
    sec
}

fn identity(id: &SerialId) -> Section {
    let mut sec = Section::new("Module (page 00h)");
    sec.row(
        "Extended identifier (129)",
        format!("0x{:02x}", id.ext_identifier),
    );
    sec.row("Power class (129)", id.power_class.to_string());
    sec.row("CLEI code present (129 bit 4)", yes_no(id.clei_present));
    sec.row("Tx CDR (129 bit 3)", yes_no(id.tx_cdr));
    sec.row("Rx CDR (129 bit 2)", yes_no(id.rx_cdr));
    sec.row(
        "Connector (130)",
        format!("0x{:02x} ({})", id.connector, id.connector_name),
    );
    sec.row(
        "Encoding (139)",
        format!("0x{:02x} ({})", id.encoding, id.encoding_name),
    );
    sec.row(
        "Nominal baud rate (140/222)",
        match id.br_nominal_mbd {
            Some(mbd) => format!("{mbd} MBd"),
            None => "not specified".to_string(),
        },
    );
    sec.row(
        "Extended rate select (141)",
        format!("0x{:02x}", id.ext_rate_select),
    );
    let l = &id.lengths;
    sec.row("Length SMF (142)", format!("{} km", l.smf_km));
    sec.row("Length OM3 (143)", format!("{} m", l.om3_m));
    sec.row("Length OM2 (144)", format!("{} m", l.om2_m));
    sec.row("Length OM1 (145)", format!("{} m", l.om1_m));
    sec.row(
        "Length copper / active cable (146)",
        format!("{} m", l.copper_m),
    );
    let t = &id.device_technology;
    sec.row(
        "Transmitter technology (147)",
        format!("0x{:02x} ({})", t.raw, t.transmitter_name),
    );
    sec.row(
        "Wavelength control (147 bit 3)",
        yes_no(t.wavelength_control),
    );
    sec.row("Cooled transmitter (147 bit 2)", yes_no(t.cooled));
    sec.row(
        "Detector (147 bit 1)",
        if t.apd_detector { "APD" } else { "PIN" },
    );
    sec.row("Tunable (147 bit 0)", yes_no(t.tunable));
    match id.media {
        Media::Optical {
            wavelength_nm,
            tolerance_nm,
        } => {
            sec.row("Wavelength (186-187)", format!("{wavelength_nm:.2} nm"));
            sec.row(
                "Wavelength tolerance (188-189)",
                format!("±{tolerance_nm:.3} nm"),
            );
        }
        Media::Copper {
            attenuation_2_5ghz_db,
            attenuation_5_0ghz_db,
            attenuation_7_0ghz_db,
            attenuation_12_9ghz_db,
        } => {
            sec.row(
                "Attenuation at 2.5 GHz (186)",
                format!("{attenuation_2_5ghz_db} dB"),
            );
            sec.row(
                "Attenuation at 5.0 GHz (187)",
                format!("{attenuation_5_0ghz_db} dB"),
            );
            sec.row(
                "Attenuation at 7.0 GHz (188)",
                format!("{attenuation_7_0ghz_db} dB"),
            );
            sec.row(
                "Attenuation at 12.9 GHz (189)",
                format!("{attenuation_12_9ghz_db} dB"),
            );
        }
    }
    sec.row(
        "Max case temperature (190)",
        format!("{} °C", id.max_case_temp_c),
    );
    sec.row(
        "Extended compliance (192)",
        format!(
            "0x{:02x} ({}){}",
            id.ext_compliance,
            id.ext_compliance_name,
            if id.ext_compliance_declared {
                ""
            } else {
                ", not declared by 131 bit 7"
            }
        ),
    );
    sec.row("Extended module codes (164)", named(&id.ext_module_codes));
    sec
}

fn compliance(id: &SerialId) -> Section {
    let c = &id.compliance;
    let mut sec = Section::new("Compliance (page 00h)");
    sec.row("10/40G Ethernet (131)", named(&c.ethernet_10_40g));
    sec.row("SONET (132)", named(&c.sonet));
    sec.row("SAS/SATA (133)", named(&c.sas_sata));
    sec.row("Gigabit Ethernet (134)", named(&c.gigabit_ethernet));
    sec.row("FC link length (135)", named(&c.fc_link_length));
    sec.row(
        "FC transmitter technology (136)",
        named(&c.fc_tx_technology),
    );
    sec.row("FC media (137)", named(&c.fc_media));
    sec.row("FC speed (138)", named(&c.fc_speed));
    sec
}

fn options(id: &SerialId) -> Section {
    let mut sec = Section::new("Options (page 00h)");
    sec.row("Options 1 (193)", named(&id.options_193));
    sec.row("Options 2 (194)", named(&id.options_194));
    sec.row("Options 3 (195)", named(&id.options_195));
    sec.row("Page 01h provided (195 bit 6)", yes_no(id.page01_present));
    sec.row("Page 02h provided (195 bit 7)", yes_no(id.page02_present));
    sec.row("Diagnostic monitoring (220)", named(&id.diag.bits));
    sec.row(
        "Rx power measurement (220 bit 3)",
        if id.diag.rx_power_average {
            "average"
        } else {
            "OMA"
        },
    );
    sec.row("Enhanced options (221)", named(&id.enhanced_options));
    sec
}

fn power_control(c: &Controls, id: Option<&SerialId>) -> Section {
    let mut sec = Section::new("Power control (byte 93)");
    sec.row("Power override (bit 0)", yes_no(c.power_override));
    sec.row("Low power requested (bit 1)", yes_no(c.power_set_low));
    sec.row(
        "Classes 5-7 enabled (bit 2)",
        opt_yes_no(c.high_power_class_5_7_enabled),
    );
    sec.row(
        "Class 8 enabled (bit 3)",
        opt_yes_no(c.high_power_class_8_enabled),
    );
    sec.row(
        "Class 8 max power (byte 107)",
        match c.max_power_raw {
            Some(raw) => format!("{raw} (= {:.1} W)", f64::from(raw) / 10.0),
            None => "n/a (SFF-8436)".to_string(),
        },
    );
    if let Some(id) = id {
        let needed = match id.power_class {
            5..=7 => c.high_power_class_5_7_enabled,
            8 => c.high_power_class_8_enabled,
            _ => None,
        };
        if let Some(enabled) = needed {
            let w = power::max_w(id.power_class, c.max_power_w());
            let text = match w {
                Some(w) => format!("class {} ({w:.1} W): {}", id.power_class, yes_no(enabled)),
                None => format!("class {}: {}", id.power_class, yes_no(enabled)),
            };
            sec.row("Host enabled the module's class", text);
        }
    }
    sec
}

fn flags(f: &Flags) -> Section {
    let mut sec = Section::new("Flags (lower page, latched)");
    let mut lane_row = |label: &str, bits: &[bool; LANES]| {
        sec.push(label, lanes(bits), bits.iter().any(|b| *b));
    };
    lane_row("Tx LOS, lanes (byte 3)", &f.tx_los);
    lane_row("Rx LOS, lanes (byte 3)", &f.rx_los);
    lane_row("Tx adaptive EQ fault, lanes (byte 4)", &f.tx_adapt_eq_fault);
    lane_row("Tx fault, lanes (byte 4)", &f.tx_fault);
    lane_row("Tx CDR LOL, lanes (byte 5)", &f.tx_cdr_lol);
    lane_row("Rx CDR LOL, lanes (byte 5)", &f.rx_cdr_lol);
    sec.push(
        "Temperature (byte 6)",
        alarms(&f.temperature),
        f.temperature.any(),
    );
    if let Some(done) = f.init_complete {
        sec.row("Initialization complete (byte 6 bit 0)", yes_no(done));
    }
    sec.push("Vcc (byte 7)", alarms(&f.vcc), f.vcc.any());
    for (label, set) in [
        ("Rx power", &f.rx_power),
        ("Tx bias", &f.tx_bias),
        ("Tx power", &f.tx_power),
    ] {
        for (i, a) in set.iter().enumerate() {
            sec.push(format!("{label} lane {}", i + 1), alarms(a), a.any());
        }
    }
    sec
}

fn controls(c: &Controls) -> Section {
    let mut sec = Section::new("Controls and masks (lower page)");
    sec.row("Tx disabled, lanes (byte 86)", lanes(&c.tx_disable));
    let pairs = |v: &[u8; LANES]| {
        v.iter()
            .map(|r| r.to_string())
            .collect::<Vec<_>>()
            .join(", ")
    };
    sec.row(
        "Rx rate select, lanes 1-4 (byte 87)",
        pairs(&c.rx_rate_select),
    );
    sec.row(
        "Tx rate select, lanes 1-4 (byte 88)",
        pairs(&c.tx_rate_select),
    );
    sec.row("Tx CDR enabled, lanes (byte 98)", lanes(&c.tx_cdr_enabled));
    sec.row("Rx CDR enabled, lanes (byte 98)", lanes(&c.rx_cdr_enabled));
    let m = &c.masks;
    sec.row("Tx LOS masked, lanes (byte 100)", lanes(&m.tx_los));
    sec.row("Rx LOS masked, lanes (byte 100)", lanes(&m.rx_los));
    sec.row(
        "Tx adaptive EQ fault masked, lanes (byte 101)",
        lanes(&m.tx_adapt_eq_fault),
    );
    sec.row("Tx fault masked, lanes (byte 101)", lanes(&m.tx_fault));
    sec.row("Tx CDR LOL masked, lanes (byte 102)", lanes(&m.tx_cdr_lol));
    sec.row("Rx CDR LOL masked, lanes (byte 102)", lanes(&m.rx_cdr_lol));
    sec.row("Temperature masks (byte 103)", alarms(&m.temperature));
    sec.row("Vcc masks (byte 104)", alarms(&m.vcc));
    sec
}

/// Every block, in the order a reader wants them.
pub fn sections(d: &Details) -> Vec<Section> {
    let mut out = vec![status(d)];
    if let Some(id) = &d.serial_id {
        out.push(identity(id));
        out.push(compliance(id));
        out.push(options(id));
    }
    out.push(power_control(&d.controls, d.serial_id.as_ref()));
    out.push(flags(&d.flags));
    out.push(controls(&d.controls));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lane_lists_and_named_bytes() {
        assert_eq!(lanes(&[true, false, true, false]), "1, 3");
        assert_eq!(lanes(&[false; 4]), "none");
        static T: &super::super::bits::BitTable = &[(1, "b1")];
        assert_eq!(named(&NamedBits::new(0x02, T)), "0x02 (b1)");
        assert_eq!(named(&NamedBits::new(0x00, T)), "0x00 (none)");
    }

    #[test]
    fn raised_flags_are_highlighted() {
        let mut d = Details::default();
        d.flags.rx_los[1] = true;
        d.flags.tx_power[3].high_alarm = true;
        d.status.data_not_ready = true;
        let secs = sections(&d);
        let flagged: Vec<(String, String)> = secs
            .iter()
            .flat_map(|s| s.rows.iter())
            .filter(|r| r.flagged)
            .map(|r| (r.label.clone(), r.value.clone()))
            .collect();
        assert_eq!(
            flagged,
            [
                (
                    "Data not ready (byte 2 bit 0)".to_string(),
                    "Yes".to_string()
                ),
                ("Rx LOS, lanes (byte 3)".to_string(), "2".to_string()),
                ("Tx power lane 4".to_string(), "high alarm".to_string()),
            ]
        );
    }
}
