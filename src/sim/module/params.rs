//! [`SimParams`]: everything a simulated module can be told, with the defaults of
//! reference/sim-model.md. Read from a fixture's top-level `sim:` mapping
//! ([`SimParams::from_yaml`]) and from selector overrides such as
//! `mock:qsfpdd-400g-dr4?dom_error_tx_db=1.5&fault=slow_power_up` ([`SimParams::apply_query`]).
//!
//! | Key | Default | Meaning |
//! |---|---|---|
//! | `seed` | 1 | PRNG seed: same seed and same accesses → same readings |
//! | `ambient_c` | 25 | ambient (chamber) temperature at power-on, °C |
//! | `initial_case_c` | ambient | case temperature at power-on, °C |
//! | `tau_case_s` | 60 | case temperature time constant, s |
//! | `r_th_c_per_w` | 4 | case-to-ambient thermal resistance, °C/W |
//! | `power_w` | from the image | dissipation at full power, W (CMIS 00h:201, SFF-8636 class, SFF-8472 level) |
//! | `low_power_fraction` | 0.25 | share of full power dissipated in low-power mode |
//! | `vcc_v` | 3.3 | supply voltage, V |
//! | `t0_k` | 60 (DFB/EML) or 100 (VCSEL) | bias temperature constant: `I(T) = I(25 °C)·exp((T−25)/T0)` |
//! | `droop_db_per_k` | 0.02 | Tx power droop above the knee, dB/K |
//! | `droop_knee_c` | 60 | knee of the Tx power droop, °C |
//! | `tx_power_dbm` | from the image | Tx power of every laser below the knee, dBm |
//! | `bias_ma` | from the image | bias of every laser at 25 °C, mA |
//! | `loopback` | true | the fibre loops each lane's Tx back to its Rx |
//! | `loss_db` | 0.6 | loopback loss (two connectors at 0.3 dB), dB |
//! | `partner_rx_dbm` | dark | light received from the partner on every lane when not looped back, dBm |
//! | `los_assert_dbm` | Rx low alarm − 3 dB, else −30 | Rx LOS asserts below this, dBm |
//! | `los_hysteresis_db` | 1 | Rx LOS clears above assert + hysteresis, dB |
//! | `dom_error_temp_c` | 0 | DOM reporting offset of the temperature, °C |
//! | `dom_error_vcc_v` | 0 | DOM reporting offset of Vcc, V |
//! | `dom_error_bias_pct` | 0 | DOM reporting offset of bias, % of the value |
//! | `dom_error_tx_db` | 0 | DOM reporting offset of Tx power, dB |
//! | `dom_error_rx_db` | 0 | DOM reporting offset of Rx power, dB |
//! | `noise_temp_c` | 0.2 | σ of the temperature reading, °C |
//! | `noise_vcc_v` | 0.001 | σ of the Vcc reading, V |
//! | `noise_bias_pct` | 0.5 | σ of the bias reading, % |
//! | `noise_power_db` | 0.05 | σ of the optical power readings, dB |
//! | `t_init_ms` | 300 | SFF-8472 Data_Ready_Bar / SFF-8636 Data_Not_Ready clear after this, ms |
//! | `tx_off_ms` | 0.01 | laser off this long after a disable, ms |
//! | `tx_on_ms` | 1 | laser on this long after an enable, ms |
//! | `duration_min_fraction` | 0.2 | CMIS state durations are drawn in [min, max) × the advertised maximum |
//! | `duration_max_fraction` | 0.8 | (see above) |
//! | `unadvertised_duration_ms` | 5000 | maximum used when a CMIS duration code is 13 (open) or reserved, ms |
//! | `slow_factor` | 2 | `slow_power_up` lasts this many times the advertised maximum (or t_init) |
//! | `fault` | none | faults present from power-on: a list, or repeated / comma-separated in a query (see [`Fault`]) |
//! | `fault_cause` | 1 | CMIS byte 41 code shown by `module_fault` (1 = TEC runaway) |
//! | `nack_burst` | 0 | the first N transactions are not acknowledged |
//! | `page_switch_ms` | 10 | with `slow_page_switch`: NACK for this long after a page select (CMIS tBPC) |
//! | `corrupt_offsets` | none | byte numbers (0-255, any device and page) whose reads come back with `corrupt_mask` flipped |
//! | `corrupt_mask` | 0x01 | bits flipped at `corrupt_offsets` |
//! | `corrupt_probability` | 0 | chance that any byte read has one random bit flipped |
//! | `sff8472_latched_flags` | true | SFF-8472 A2h 112-117 latch until read (reference/sff-8472.md §2 says "latched per spec"); false = live |

use serde::{Deserialize, Serialize};
use yaml_serde::{Mapping, Value};

/// A fault the simulated module can have (from power-on via [`SimParams::fault`], or injected
/// later through the handle).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Fault {
    /// CMIS ModulePwrUp / SFF t_init lasts `slow_factor` × the advertised maximum.
    SlowPowerUp,
    /// Power-up never completes (ModulePwrUp forever, data never ready).
    StuckPowerUp,
    /// The laser fails: Tx off, TX_FAULT / Tx fault flags raised.
    LaserFault,
    /// CMIS ModuleFault with the cause `fault_cause` (SFF modules: like a laser fault).
    ModuleFault,
    /// NACK for `page_switch_ms` after every page select.
    SlowPageSwitch,
    /// The module is pulled out: every transaction is NACKed.
    Unplugged,
}

/// Parameters of one simulated module (see the module documentation for every key).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SimParams {
    /// PRNG seed.
    pub seed: u64,
    /// Ambient temperature at power-on, °C.
    pub ambient_c: f64,
    /// Case temperature at power-on, °C (`None`: the ambient).
    pub initial_case_c: Option<f64>,
    /// Case temperature time constant, s.
    pub tau_case_s: f64,
    /// Thermal resistance case to ambient, °C/W.
    pub r_th_c_per_w: f64,
    /// Dissipation at full power, W (`None`: from the image).
    pub power_w: Option<f64>,
    /// Share of full power dissipated in low-power mode.
    pub low_power_fraction: f64,
    /// Supply voltage, V.
    pub vcc_v: f64,
    /// Bias temperature constant T0, K (`None`: 60 for DFB/EML, 100 for VCSEL).
    pub t0_k: Option<f64>,
    /// Tx power droop above the knee, dB/K.
    pub droop_db_per_k: f64,
    /// Knee of the Tx droop, °C.
    pub droop_knee_c: f64,
    /// Tx power of every laser, dBm (`None`: the image's live values).
    pub tx_power_dbm: Option<f64>,
    /// Bias of every laser at 25 °C, mA (`None`: from the image's live values).
    pub bias_ma: Option<f64>,
    /// Loopback fibre on every lane.
    pub loopback: bool,
    /// Loopback loss, dB.
    pub loss_db: f64,
    /// Light from the link partner on every lane when not looped back, dBm (`None`: dark).
    pub partner_rx_dbm: Option<f64>,
    /// Rx LOS assert level, dBm (`None`: Rx low alarm − 3 dB, else −30 dBm).
    pub los_assert_dbm: Option<f64>,
    /// Rx LOS hysteresis, dB.
    pub los_hysteresis_db: f64,
    /// DOM temperature offset, °C.
    pub dom_error_temp_c: f64,
    /// DOM Vcc offset, V.
    pub dom_error_vcc_v: f64,
    /// DOM bias offset, % of the value.
    pub dom_error_bias_pct: f64,
    /// DOM Tx power offset, dB.
    pub dom_error_tx_db: f64,
    /// DOM Rx power offset, dB.
    pub dom_error_rx_db: f64,
    /// σ of the temperature reading, °C.
    pub noise_temp_c: f64,
    /// σ of the Vcc reading, V.
    pub noise_vcc_v: f64,
    /// σ of the bias reading, %.
    pub noise_bias_pct: f64,
    /// σ of optical power readings, dB.
    pub noise_power_db: f64,
    /// SFF t_init, ms.
    pub t_init_ms: f64,
    /// Laser turn-off time, ms.
    pub tx_off_ms: f64,
    /// Laser turn-on time, ms.
    pub tx_on_ms: f64,
    /// Lower end of drawn CMIS durations, as a fraction of the advertised maximum.
    pub duration_min_fraction: f64,
    /// Upper end of drawn CMIS durations, as a fraction of the advertised maximum.
    pub duration_max_fraction: f64,
    /// Maximum used for an open (code 13) or reserved CMIS duration code, ms.
    pub unadvertised_duration_ms: f64,
    /// How much slower than advertised a `slow_power_up` is.
    pub slow_factor: f64,
    /// Faults present from power-on.
    pub fault: Vec<Fault>,
    /// CMIS fault cause (byte 41) for `module_fault`.
    pub fault_cause: u8,
    /// NACK the first N transactions.
    pub nack_burst: u32,
    /// NACK time after a page select with `slow_page_switch`, ms.
    pub page_switch_ms: f64,
    /// Byte numbers whose reads are corrupted.
    pub corrupt_offsets: Vec<u8>,
    /// Bits flipped at `corrupt_offsets`.
    pub corrupt_mask: u8,
    /// Chance of one random bit flip per byte read.
    pub corrupt_probability: f64,
    /// Whether SFF-8472 A2h 112-117 latch until read.
    pub sff8472_latched_flags: bool,
}

impl Default for SimParams {
    fn default() -> Self {
        SimParams {
            seed: 1,
            ambient_c: 25.0,
            initial_case_c: None,
            tau_case_s: 60.0,
            r_th_c_per_w: 4.0,
            power_w: None,
            low_power_fraction: 0.25,
            vcc_v: 3.3,
            t0_k: None,
            droop_db_per_k: 0.02,
            droop_knee_c: 60.0,
            tx_power_dbm: None,
            bias_ma: None,
            loopback: true,
            loss_db: 0.6,
            partner_rx_dbm: None,
            los_assert_dbm: None,
            los_hysteresis_db: 1.0,
            dom_error_temp_c: 0.0,
            dom_error_vcc_v: 0.0,
            dom_error_bias_pct: 0.0,
            dom_error_tx_db: 0.0,
            dom_error_rx_db: 0.0,
            noise_temp_c: 0.2,
            noise_vcc_v: 0.001,
            noise_bias_pct: 0.5,
            noise_power_db: 0.05,
            t_init_ms: 300.0,
            tx_off_ms: 0.01,
            tx_on_ms: 1.0,
            duration_min_fraction: 0.2,
            duration_max_fraction: 0.8,
            unadvertised_duration_ms: 5000.0,
            slow_factor: 2.0,
            fault: Vec::new(),
            fault_cause: 1,
            nack_burst: 0,
            page_switch_ms: 10.0,
            corrupt_offsets: Vec::new(),
            corrupt_mask: 0x01,
            corrupt_probability: 0.0,
            sff8472_latched_flags: true,
        }
    }
}

impl SimParams {
    /// Parameters from a fixture's `sim:` mapping (`None` or null: all defaults). Errors name
    /// the field, e.g. `sim.ambient_c: invalid type: string "hot", expected f64`.
    pub fn from_yaml(value: Option<&Value>) -> Result<SimParams, String> {
        let Some(value) = value.filter(|v| !v.is_null()) else {
            return Ok(SimParams::default());
        };
        let Some(map) = value.as_mapping() else {
            return Err("sim: expected a mapping of parameter names to values".into());
        };
        // One field at a time first, so that an error names its field.
        for (key, v) in map {
            let name = key.as_str().unwrap_or("?");
            let mut one = Mapping::new();
            one.insert(key.clone(), v.clone());
            if let Err(e) = yaml_serde::from_value::<SimParams>(Value::Mapping(one)) {
                return Err(format!("sim.{name}: {e}"));
            }
        }
        let params: SimParams =
            yaml_serde::from_value(value.clone()).map_err(|e| format!("sim: {e}"))?;
        params.validate().map_err(|e| format!("sim.{e}"))?;
        Ok(params)
    }

    /// Applies selector overrides `key=value&key=value` (keys as in the table above; `fault`
    /// and `corrupt_offsets` add to their lists and take comma-separated values). All or
    /// nothing: on an error `self` is unchanged.
    pub fn apply_query(&mut self, q: &str) -> Result<(), String> {
        let mut result = self.clone();
        let mut map = match yaml_serde::to_value(&*self) {
            Ok(Value::Mapping(m)) => m,
            _ => return Err("sim parameters cannot be represented".into()),
        };
        for part in q.split('&').filter(|p| !p.is_empty()) {
            let (key, raw) = part
                .split_once('=')
                .ok_or_else(|| format!("`{part}`: expected key=value"))?;
            let key_value = Value::String(key.to_string());
            let Some(slot) = map.get_mut(&key_value) else {
                return Err(format!("unknown sim parameter `{key}`"));
            };
            match slot {
                Value::Sequence(list) => {
                    for item in raw.split(',').filter(|s| !s.is_empty()) {
                        list.push(scalar(item));
                    }
                }
                other => *other = scalar(raw),
            }
            let parsed: SimParams = yaml_serde::from_value(Value::Mapping(map.clone()))
                .map_err(|e| format!("{key}: {e}"))?;
            parsed.validate()?;
            result = parsed;
        }
        *self = result;
        Ok(())
    }

    /// Checks ranges; the error starts with the field name.
    pub fn validate(&self) -> Result<(), String> {
        let finite = [
            ("ambient_c", Some(self.ambient_c)),
            ("initial_case_c", self.initial_case_c),
            ("vcc_v", Some(self.vcc_v)),
            ("droop_db_per_k", Some(self.droop_db_per_k)),
            ("droop_knee_c", Some(self.droop_knee_c)),
            ("tx_power_dbm", self.tx_power_dbm),
            ("bias_ma", self.bias_ma),
            ("partner_rx_dbm", self.partner_rx_dbm),
            ("los_assert_dbm", self.los_assert_dbm),
            ("dom_error_temp_c", Some(self.dom_error_temp_c)),
            ("dom_error_vcc_v", Some(self.dom_error_vcc_v)),
            ("dom_error_bias_pct", Some(self.dom_error_bias_pct)),
            ("dom_error_tx_db", Some(self.dom_error_tx_db)),
            ("dom_error_rx_db", Some(self.dom_error_rx_db)),
        ];
        for (name, v) in finite {
            if let Some(v) = v.filter(|v| !v.is_finite()) {
                return Err(format!("{name}: must be a finite number, got {v}"));
            }
        }
        let positive = [
            ("tau_case_s", self.tau_case_s),
            ("slow_factor", self.slow_factor),
            ("unadvertised_duration_ms", self.unadvertised_duration_ms),
        ];
        for (name, v) in positive {
            if !(v.is_finite() && v > 0.0) {
                return Err(format!("{name}: must be a positive number, got {v}"));
            }
        }
        let non_negative = [
            ("r_th_c_per_w", self.r_th_c_per_w),
            ("los_hysteresis_db", self.los_hysteresis_db),
            ("noise_temp_c", self.noise_temp_c),
            ("noise_vcc_v", self.noise_vcc_v),
            ("noise_bias_pct", self.noise_bias_pct),
            ("noise_power_db", self.noise_power_db),
            ("t_init_ms", self.t_init_ms),
            ("tx_off_ms", self.tx_off_ms),
            ("tx_on_ms", self.tx_on_ms),
            ("page_switch_ms", self.page_switch_ms),
            ("loss_db", self.loss_db),
        ];
        for (name, v) in non_negative {
            if !(v.is_finite() && v >= 0.0) {
                return Err(format!("{name}: must be 0 or more, got {v}"));
            }
        }
        let fractions = [
            ("low_power_fraction", self.low_power_fraction),
            ("duration_min_fraction", self.duration_min_fraction),
            ("duration_max_fraction", self.duration_max_fraction),
            ("corrupt_probability", self.corrupt_probability),
        ];
        for (name, v) in fractions {
            if !(0.0..=1.0).contains(&v) {
                return Err(format!("{name}: must be between 0 and 1, got {v}"));
            }
        }
        if self.duration_min_fraction > self.duration_max_fraction {
            return Err("duration_min_fraction: must not exceed duration_max_fraction".into());
        }
        if let Some(t0) = self.t0_k.filter(|t| !(t.is_finite() && *t > 0.0)) {
            return Err(format!("t0_k: must be a positive number, got {t0}"));
        }
        if let Some(p) = self.power_w.filter(|p| !(p.is_finite() && *p >= 0.0)) {
            return Err(format!("power_w: must be 0 or more, got {p}"));
        }
        Ok(())
    }

    /// Whether `fault` is configured from power-on.
    pub fn has(&self, fault: Fault) -> bool {
        self.fault.contains(&fault)
    }
}

/// A query value as a YAML scalar (numbers, booleans and words as YAML reads them).
fn scalar(raw: &str) -> Value {
    yaml_serde::from_str::<Value>(raw)
        .ok()
        .filter(|v| !v.is_mapping() && !v.is_sequence())
        .unwrap_or_else(|| Value::String(raw.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_follow_the_sim_model() {
        let p = SimParams::default();
        assert_eq!((p.tau_case_s, p.r_th_c_per_w), (60.0, 4.0));
        assert_eq!((p.droop_db_per_k, p.droop_knee_c), (0.02, 60.0));
        assert_eq!(p.low_power_fraction, 0.25);
        assert_eq!(p.t_init_ms, 300.0);
        assert_eq!(p.page_switch_ms, 10.0);
        assert_eq!(SimParams::from_yaml(None), Ok(p.clone()));
        assert_eq!(SimParams::from_yaml(Some(&Value::Null)), Ok(p));
    }

    #[test]
    fn yaml_mapping_is_read_and_errors_name_the_field() {
        let v: Value =
            yaml_serde::from_str("ambient_c: 40\nfault: [laser_fault]\nseed: 9").unwrap();
        let p = SimParams::from_yaml(Some(&v)).unwrap();
        assert_eq!(p.ambient_c, 40.0);
        assert_eq!(p.seed, 9);
        assert!(p.has(Fault::LaserFault));

        let bad: Value = yaml_serde::from_str("seed: 2\nambient_c: hot").unwrap();
        let e = SimParams::from_yaml(Some(&bad)).unwrap_err();
        assert!(e.starts_with("sim.ambient_c:"), "{e}");
        let unknown: Value = yaml_serde::from_str("ambiant_c: 3").unwrap();
        let e = SimParams::from_yaml(Some(&unknown)).unwrap_err();
        assert!(e.contains("ambiant_c"), "{e}");
        let range: Value = yaml_serde::from_str("low_power_fraction: 2").unwrap();
        let e = SimParams::from_yaml(Some(&range)).unwrap_err();
        assert!(e.starts_with("sim.low_power_fraction:"), "{e}");
        let e = SimParams::from_yaml(Some(&Value::from(3))).unwrap_err();
        assert!(e.contains("mapping"), "{e}");
    }

    #[test]
    fn every_key_is_documented_in_the_table() {
        let doc = include_str!("params.rs");
        let Ok(Value::Mapping(m)) = yaml_serde::to_value(SimParams::default()) else {
            panic!("not a mapping")
        };
        for key in m.keys().filter_map(Value::as_str) {
            assert!(
                doc.contains(&format!("//! | `{key}` |")),
                "{key} undocumented"
            );
        }
    }

    #[test]
    fn a_fixture_sim_mapping_is_read() {
        let text = format!(
            "{}sim:\n  ambient_c: 55\n  fault: [slow_page_switch]\n",
            include_str!("../../../fixtures/modules/sfp-10g-sr.yaml")
        );
        let read = crate::memmap::image::read(text.as_bytes()).unwrap();
        let p = SimParams::from_yaml(read.sim.as_ref()).unwrap();
        assert_eq!(p.ambient_c, 55.0);
        assert!(p.has(Fault::SlowPageSwitch));
    }

    #[test]
    fn query_overrides() {
        let mut p = SimParams::default();
        p.apply_query("dom_error_tx_db=1.5&fault=slow_power_up&fault=laser_fault,unplugged")
            .unwrap();
        assert_eq!(p.dom_error_tx_db, 1.5);
        assert_eq!(
            p.fault,
            vec![Fault::SlowPowerUp, Fault::LaserFault, Fault::Unplugged]
        );
        p.apply_query("loopback=false&partner_rx_dbm=-7&corrupt_offsets=3,200&seed=5")
            .unwrap();
        assert!(!p.loopback);
        assert_eq!(p.partner_rx_dbm, Some(-7.0));
        assert_eq!(p.corrupt_offsets, vec![3, 200]);
        assert_eq!(p.seed, 5);
        p.apply_query("").unwrap();

        let e = p.clone().apply_query("nope=1").unwrap_err();
        assert!(e.contains("nope"), "{e}");
        let e = p.clone().apply_query("fault=melted").unwrap_err();
        assert!(e.starts_with("fault:"), "{e}");
        let e = p.clone().apply_query("ambient_c").unwrap_err();
        assert!(e.contains("key=value"), "{e}");
        let e = p.clone().apply_query("tau_case_s=0").unwrap_err();
        assert!(e.starts_with("tau_case_s:"), "{e}");
        let before = p.clone();
        assert!(p.apply_query("seed=99&nope=1").is_err());
        assert_eq!(p, before, "all or nothing");
    }
}
