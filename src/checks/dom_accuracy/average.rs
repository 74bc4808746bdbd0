//! Averages of repeated DOM readings. Optical powers are averaged in mW (linear), then
//! converted to dBm, so that noise does not bias the mean.

use std::collections::BTreeMap;

use crate::memmap::decoded::Dom;

/// Smallest optical power a DOM register can report other than zero: 1 LSB = 0.1 µW = −40 dBm
/// (qualification.md §2). A reading of 0 mW is taken as this floor, so that a monitor that
/// reports nothing while light is present is judged (a large error), not dropped.
pub(crate) const DOM_FLOOR_MW: f64 = 0.0001;

/// A running mean of the values that were present.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct Mean {
    sum: f64,
    n: u32,
}

impl Mean {
    /// Adds a value when there is one (NaN and infinities are dropped).
    pub fn add(&mut self, v: Option<f64>) {
        if let Some(v) = v.filter(|v| v.is_finite()) {
            self.sum += v;
            self.n += 1;
        }
    }

    /// The mean, `None` without values.
    pub fn get(&self) -> Option<f64> {
        (self.n > 0).then(|| self.sum / f64::from(self.n))
    }

    /// The mean of powers in mW as dBm, with 0 mW at [`DOM_FLOOR_MW`].
    pub fn dbm(&self) -> Option<f64> {
        self.get().map(mw_to_dbm_floored)
    }
}

/// mW → dBm, 0 mW (or less) taken as [`DOM_FLOOR_MW`]: `10·log10(max(mW, 0.0001))`.
pub(crate) fn mw_to_dbm_floored(mw: f64) -> f64 {
    10.0 * mw.max(DOM_FLOOR_MW).log10()
}

/// dBm → mW: `10^(dBm/10)`.
pub(crate) fn dbm_to_mw(dbm: f64) -> f64 {
    10f64.powf(dbm / 10.0)
}

/// Means of one lane.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct LaneMeans {
    /// Bias, mA.
    pub tx_bias_ma: Mean,
    /// Tx power, mW.
    pub tx_power_mw: Mean,
    /// Rx power, mW.
    pub rx_power_mw: Mean,
}

/// Means of every monitor over the readings added.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct DomMeans {
    /// Temperature, °C.
    pub temperature_c: Mean,
    /// Vcc, V.
    pub vcc_v: Mean,
    /// Lanes by number (1-based).
    pub lanes: BTreeMap<u16, LaneMeans>,
}

impl DomMeans {
    /// Adds one reading of the monitors.
    pub fn add(&mut self, dom: &Dom) {
        self.temperature_c.add(dom.temperature_c);
        self.vcc_v.add(dom.vcc_v);
        for l in &dom.lanes {
            let m = self.lanes.entry(l.lane).or_default();
            m.tx_bias_ma.add(l.tx_bias_ma);
            m.tx_power_mw.add(l.tx_power_mw);
            m.rx_power_mw.add(l.rx_power_mw);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::memmap::decoded::LaneDom;

    #[test]
    fn means_skip_missing_values() {
        let mut m = Mean::default();
        assert_eq!(m.get(), None);
        m.add(Some(1.0));
        m.add(None);
        m.add(Some(f64::NAN));
        m.add(Some(2.0));
        assert_eq!(m.get(), Some(1.5));
    }

    #[test]
    fn powers_average_in_milliwatts() {
        // 1 mW and 3 mW average to 2 mW = 10·log10(2) = 3.0103 dBm (not the mean of 0 and
        // 4.771 dBm = 2.386 dBm).
        let mut m = Mean::default();
        m.add(Some(1.0));
        m.add(Some(3.0));
        assert!((m.dbm().unwrap_or(0.0) - 3.010_299_956_6).abs() < 1e-9);
        // 0 mW reads as the −40 dBm floor.
        assert_eq!(mw_to_dbm_floored(0.0), -40.0);
        assert!((dbm_to_mw(-3.0) - 0.501_187_233_6).abs() < 1e-9);
    }

    #[test]
    fn dom_means_per_lane() {
        let dom = |t: f64, tx: f64| Dom {
            temperature_c: Some(t),
            vcc_v: Some(3.3),
            lanes: vec![LaneDom {
                lane: 2,
                tx_bias_ma: Some(6.0),
                tx_power_mw: Some(tx),
                tx_power_dbm: None,
                rx_power_mw: None,
                rx_power_dbm: None,
            }],
        };
        let mut m = DomMeans::default();
        m.add(&dom(25.0, 0.5));
        m.add(&dom(27.0, 1.5));
        assert_eq!(m.temperature_c.get(), Some(26.0));
        let lane = m.lanes.get(&2).copied().unwrap_or_default();
        // (0.5 + 1.5) / 2 = 1 mW = 0 dBm.
        assert_eq!(lane.tx_power_mw.dbm(), Some(0.0));
        assert_eq!(lane.rx_power_mw.get(), None);
    }
}
