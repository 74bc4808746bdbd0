//! The curves a sweep records (issue 5 item 6): module and chamber temperature over time, and
//! each lane's bias and Tx power against the module temperature.

use std::collections::BTreeMap;

use crate::memmap::decoded::Dom;
use crate::results::Series;

/// Points gathered during a sweep.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Curves {
    module_c: Vec<(f64, f64)>,
    chamber_c: Vec<(f64, f64)>,
    bias_ma: BTreeMap<u16, Vec<(f64, f64)>>,
    tx_dbm: BTreeMap<u16, Vec<(f64, f64)>>,
}

impl Curves {
    /// Records one sample at `t_s` seconds into the sweep.
    pub fn add(&mut self, t_s: f64, chamber_c: Option<f64>, dom: Option<&Dom>) {
        if let Some(c) = chamber_c {
            self.chamber_c.push((t_s, c));
        }
        let Some(dom) = dom else {
            return;
        };
        let Some(temp) = dom.temperature_c else {
            return;
        };
        self.module_c.push((t_s, temp));
        for l in &dom.lanes {
            if let Some(b) = l.tx_bias_ma {
                self.bias_ma.entry(l.lane).or_default().push((temp, b));
            }
            if let Some(p) = l.tx_power_dbm {
                self.tx_dbm.entry(l.lane).or_default().push((temp, p));
            }
        }
    }

    /// The series, named `module_temperature_c`, `chamber_temperature_c`,
    /// `laneN.tx_bias_ma`, `laneN.tx_power_dbm`.
    pub fn into_series(self) -> Vec<Series> {
        let series = |name: String, x: &str, y: &str, points: Vec<(f64, f64)>| Series {
            name,
            x_unit: x.into(),
            y_unit: y.into(),
            points,
        };
        let mut out = vec![
            series("module_temperature_c".into(), "s", "degC", self.module_c),
            series("chamber_temperature_c".into(), "s", "degC", self.chamber_c),
        ];
        for (lane, points) in self.bias_ma {
            out.push(series(
                format!("lane{lane}.tx_bias_ma"),
                "degC",
                "mA",
                points,
            ));
        }
        for (lane, points) in self.tx_dbm {
            out.push(series(
                format!("lane{lane}.tx_power_dbm"),
                "degC",
                "dBm",
                points,
            ));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::memmap::decoded::LaneDom;

    #[test]
    fn lanes_are_plotted_against_the_module_temperature() {
        let mut c = Curves::default();
        let dom = Dom {
            temperature_c: Some(40.0),
            vcc_v: Some(3.3),
            lanes: vec![LaneDom {
                lane: 1,
                tx_bias_ma: Some(7.5),
                tx_power_mw: Some(1.0),
                tx_power_dbm: Some(0.0),
                rx_power_mw: None,
                rx_power_dbm: None,
            }],
        };
        c.add(10.0, Some(35.0), Some(&dom));
        c.add(20.0, None, None);
        let s = c.into_series();
        let names: Vec<&str> = s.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "module_temperature_c",
                "chamber_temperature_c",
                "lane1.tx_bias_ma",
                "lane1.tx_power_dbm"
            ]
        );
        assert_eq!(s[0].points, [(10.0, 40.0)]);
        assert_eq!(s[1].points, [(10.0, 35.0)]);
        assert_eq!(
            (s[2].x_unit.as_str(), s[2].points[0]),
            ("degC", (40.0, 7.5))
        );
        assert_eq!(s[3].points, [(40.0, 0.0)]);
    }
}
