//! The VDM observable types (reference/cmis.md §9, "Observable type IDs"; SN `VDM_TYPE`): name,
//! sample format, scale and unit of each type ID. Odd IDs 5-34 are media inputs, even IDs host
//! inputs.

use serde::Serialize;

use crate::memmap::cmis::f16;

/// How the 16-bit sample (and each threshold) of an observable is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum SampleFormat {
    /// Unsigned 16-bit integer times a scale.
    U16,
    /// Two's-complement signed 16-bit integer times a scale.
    S16,
    /// The CMIS F16 decimal float (§9.1), no further scale.
    F16,
}

/// How a value is best shown to a person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Display {
    /// Fixed point with this many decimals.
    Fixed(usize),
    /// Scientific notation (BER, error-frame ratios).
    Scientific,
}

/// What one observable type ID means.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ObservableKind {
    /// Human-readable name.
    pub name: &'static str,
    /// Encoding of samples and thresholds.
    pub format: SampleFormat,
    /// value = raw × `mul` / `div` (U16/S16 only). Kept as two exact factors so that e.g.
    /// 1/256 °C and 100/32767 % round once, not twice.
    pub mul: f64,
    /// See `mul`.
    pub div: f64,
    /// Unit of the value; empty for dimensionless ratios and counts.
    pub unit: &'static str,
    /// Preferred rendering.
    pub display: Display,
}

impl ObservableKind {
    /// The value of a raw 16-bit word (sample or threshold) in [`Self::unit`].
    pub fn value(&self, raw: u16) -> f64 {
        match self.format {
            SampleFormat::U16 => f64::from(raw) * self.mul / self.div,
            SampleFormat::S16 => f64::from(raw as i16) * self.mul / self.div,
            SampleFormat::F16 => f16::decode(raw),
        }
    }
}

const fn kind(
    name: &'static str,
    format: SampleFormat,
    mul: f64,
    div: f64,
    unit: &'static str,
    display: Display,
) -> ObservableKind {
    ObservableKind {
        name,
        format,
        mul,
        div,
        unit,
        display,
    }
}

/// Unsigned 16-bit in 1/256 dB (types 5-8).
const fn db256(name: &'static str) -> ObservableKind {
    kind(name, SampleFormat::U16, 1.0, 256.0, "dB", Display::Fixed(2))
}

/// F16 ratio (types 9-26).
const fn ratio(name: &'static str) -> ObservableKind {
    kind(name, SampleFormat::F16, 1.0, 1.0, "", Display::Scientific)
}

/// Unsigned 16-bit count, no unit (SEWmax, types 27-34).
const fn count(name: &'static str) -> ObservableKind {
    kind(name, SampleFormat::U16, 1.0, 1.0, "", Display::Fixed(0))
}

/// Unsigned 16-bit supply voltage in 1/`div` V (types 77-83).
const fn volts(name: &'static str, div: f64) -> ObservableKind {
    kind(name, SampleFormat::U16, 1.0, div, "V", Display::Fixed(4))
}

/// Unsigned 16-bit fraction of full scale in % (coherent modulator bias, EVM).
const fn percent65535(name: &'static str) -> ObservableKind {
    kind(
        name,
        SampleFormat::U16,
        100.0,
        65535.0,
        "%",
        Display::Fixed(2),
    )
}

/// The meaning of observable type `id`, `None` for 0 (unused descriptor) and for IDs the
/// reference does not define.
pub fn kind_of(id: u8) -> Option<ObservableKind> {
    use Display::Fixed;
    use SampleFormat::{S16, U16};
    Some(match id {
        // reference/cmis.md §9 table.
        1 => kind("Laser age", U16, 1.0, 1.0, "%", Fixed(0)),
        2 => kind("TEC current", S16, 100.0, 32767.0, "%", Fixed(2)),
        3 => kind("Laser frequency error", S16, 10.0, 1.0, "MHz", Fixed(0)),
        4 => kind("Laser temperature", S16, 1.0, 256.0, "°C", Fixed(2)),
        5 => db256("eSNR media input"),
        6 => db256("eSNR host input"),
        7 => db256("PAM4 level transition parameter media input"),
        8 => db256("PAM4 level transition parameter host input"),
        9 => ratio("Pre-FEC BER minimum media input"),
        10 => ratio("Pre-FEC BER minimum host input"),
        11 => ratio("Pre-FEC BER maximum media input"),
        12 => ratio("Pre-FEC BER maximum host input"),
        13 => ratio("Pre-FEC BER average media input"),
        14 => ratio("Pre-FEC BER average host input"),
        15 => ratio("Pre-FEC BER current media input"),
        16 => ratio("Pre-FEC BER current host input"),
        17 => ratio("FERC minimum media input"),
        18 => ratio("FERC minimum host input"),
        19 => ratio("FERC maximum media input"),
        20 => ratio("FERC maximum host input"),
        21 => ratio("FERC average media input"),
        22 => ratio("FERC average host input"),
        23 => ratio("FERC current media input"),
        24 => ratio("FERC current host input"),
        25 => ratio("FERC total accumulated media input"),
        26 => ratio("FERC total accumulated host input"),
        27 => count("SEWmax minimum media input"),
        28 => count("SEWmax minimum host input"),
        29 => count("SEWmax maximum media input"),
        30 => count("SEWmax maximum host input"),
        31 => count("SEWmax average media input"),
        32 => count("SEWmax average host input"),
        33 => count("SEWmax current media input"),
        34 => count("SEWmax current host input"),
        // Auxiliary supplies: 100 µV = 1/10000 V; type 83 (12 V rail) 250 µV = 1/4000 V.
        77 => volts("Vcc 2.6 V supply", 10_000.0),
        78 => volts("Vcc 1.8 V supply", 10_000.0),
        79 => volts("Vcc 1.2 V supply", 10_000.0),
        80 => volts("Vcc 0.9 V supply", 10_000.0),
        81 => volts("Vcc 0.7 V supply A", 10_000.0),
        82 => volts("Vcc 0.7 V supply B", 10_000.0),
        83 => volts("Vcc 12 V supply", 4_000.0),
        // Coherent (C-CMIS) observables, media side (SN `VDM_TYPE` 128-147).
        128 => percent65535("Modulator bias X/I"),
        129 => percent65535("Modulator bias X/Q"),
        130 => percent65535("Modulator bias Y/I"),
        131 => percent65535("Modulator bias Y/Q"),
        132 => percent65535("Modulator bias X phase"),
        133 => percent65535("Modulator bias Y phase"),
        134 => kind(
            "Chromatic dispersion, short link",
            S16,
            1.0,
            1.0,
            "ps/nm",
            Fixed(0),
        ),
        135 => kind(
            "Chromatic dispersion, long link",
            S16,
            20.0,
            1.0,
            "ps/nm",
            Fixed(0),
        ),
        136 => kind("Differential group delay", U16, 1.0, 100.0, "ps", Fixed(2)),
        137 => kind("Second-order PMD", U16, 1.0, 100.0, "ps²", Fixed(2)),
        138 => kind(
            "Polarization dependent loss",
            U16,
            1.0,
            10.0,
            "dB",
            Fixed(1),
        ),
        139 => kind("OSNR", U16, 1.0, 10.0, "dB", Fixed(1)),
        140 => kind("eSNR", U16, 1.0, 10.0, "dB", Fixed(1)),
        141 => kind("Carrier frequency offset", S16, 1.0, 1.0, "MHz", Fixed(0)),
        142 => percent65535("EVM modem"),
        143 => kind("Tx power", S16, 1.0, 100.0, "dBm", Fixed(2)),
        144 => kind("Rx total power", S16, 1.0, 100.0, "dBm", Fixed(2)),
        145 => kind("Rx signal power", S16, 1.0, 100.0, "dBm", Fixed(2)),
        146 => kind("SOP rate of change", U16, 1.0, 1.0, "krad/s", Fixed(0)),
        147 => kind("MER", U16, 1.0, 10.0, "dB", Fixed(1)),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(id: u8, raw: u16) -> f64 {
        kind_of(id).unwrap().value(raw)
    }

    #[test]
    fn unused_and_undefined_ids_have_no_kind() {
        for id in [0u8, 35, 76, 84, 100, 127, 148, 255] {
            assert_eq!(kind_of(id), None, "id {id}");
        }
    }

    #[test]
    fn every_defined_id_has_a_name_and_a_sane_scale() {
        let defined = (1..=34).chain(77..=83).chain(128..=147);
        for id in defined {
            let k = kind_of(id).unwrap();
            assert!(!k.name.is_empty());
            assert!(k.mul > 0.0 && k.div > 0.0, "id {id}");
        }
    }

    // Each format of the §9 table, computed by hand.
    #[test]
    fn u16_percent_laser_age() {
        // Type 1, U16 %: 0x0032 = 50 -> 50 %
        assert_eq!(value(1, 0x0032), 50.0);
    }

    #[test]
    fn s16_tec_current() {
        // Type 2, S16 × 100/32767 %: 0x7FFF = 32767 -> 100 %
        assert_eq!(value(2, 0x7FFF), 100.0);
        // 0xC000 = -16384 -> -1 638 400 / 32767 = -50.0015... %
        assert_eq!(value(2, 0xC000), -1_638_400.0 / 32_767.0);
        assert!((value(2, 0xC000) + 50.001_525_9).abs() < 1e-6);
    }

    #[test]
    fn s16_frequency_error_in_10_mhz() {
        // Type 3, S16 × 10 MHz: 0xFFFB = -5 -> -50 MHz; 0x0064 = 100 -> 1000 MHz
        assert_eq!(value(3, 0xFFFB), -50.0);
        assert_eq!(value(3, 0x0064), 1000.0);
    }

    #[test]
    fn s16_laser_temperature() {
        // Type 4, S16 1/256 °C: 0x1A80 = 6784 / 256 = 26.5 °C; 0xF600 = -2560 / 256 = -10 °C
        assert_eq!(value(4, 0x1A80), 26.5);
        assert_eq!(value(4, 0xF600), -10.0);
    }

    #[test]
    fn u16_db256_snr_and_ltp() {
        // Types 5-8, U16 1/256 dB: 0x1A40 = 6720 / 256 = 26.25 dB
        for id in 5..=8 {
            assert_eq!(value(id, 0x1A40), 26.25);
        }
        // Unsigned: 0x8000 = 32768 / 256 = 128 dB, not negative.
        assert_eq!(value(5, 0x8000), 128.0);
    }

    #[test]
    fn f16_ber_and_ferc() {
        // Types 9-26, F16: 0x90F0 -> 240 × 10^-6 = 2.4e-4
        for id in 9..=26 {
            assert_eq!(value(id, 0x90F0), 2.4e-4, "id {id}");
            assert_eq!(kind_of(id).unwrap().format, SampleFormat::F16);
        }
    }

    #[test]
    fn u16_sewmax_count() {
        // Types 27-34, U16 count: 0x0102 = 258
        for id in 27..=34 {
            assert_eq!(value(id, 0x0102), 258.0);
        }
    }

    #[test]
    fn aux_supply_voltages() {
        // Types 77-82, U16 100 µV: 0x6590 = 26000 -> 2.6 V
        for id in 77..=82 {
            assert_eq!(value(id, 0x6590), 2.6);
        }
        // Type 83, U16 250 µV: 0xBB80 = 48000 × 250 µV = 12 V
        assert_eq!(value(83, 0xBB80), 12.0);
    }

    #[test]
    fn coherent_formats() {
        // 128, U16 × 100/65535 %: 0xFFFF -> 100 %
        assert_eq!(value(128, 0xFFFF), 100.0);
        // 134, S16 ps/nm: 0xFC18 = -1000 ps/nm
        assert_eq!(value(134, 0xFC18), -1000.0);
        // 135, S16 × 20 ps/nm: 0xFFFF = -1 -> -20 ps/nm
        assert_eq!(value(135, 0xFFFF), -20.0);
        // 136, U16 0.01 ps: 0x00FA = 250 -> 2.5 ps
        assert_eq!(value(136, 0x00FA), 2.5);
        // 139, U16 0.1 dB: 0x0145 = 325 -> 32.5 dB
        assert_eq!(value(139, 0x0145), 32.5);
        // 141, S16 MHz: 0xFF9C = -100 MHz
        assert_eq!(value(141, 0xFF9C), -100.0);
        // 143, S16 0.01 dBm: 0xFF38 = -200 -> -2 dBm
        assert_eq!(value(143, 0xFF38), -2.0);
        // 146, U16 krad/s: 0x0010 = 16
        assert_eq!(value(146, 0x0010), 16.0);
    }
}
