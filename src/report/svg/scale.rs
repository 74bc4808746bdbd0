//! Mapping data values to SVG coordinates, on a linear or a log10 axis.

/// How an axis maps values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScaleKind {
    /// Proportional to the value.
    Linear,
    /// Proportional to log10 of the value; values ≤ 0 cannot be shown.
    Log10,
}

/// Maps the domain `d0..d1` (values, or exponents of ten on a log axis) onto the pixel range
/// `r0..r1` (which may run backwards, as a y axis does).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scale {
    kind: ScaleKind,
    d0: f64,
    d1: f64,
    r0: f64,
    r1: f64,
}

impl Scale {
    /// A linear scale from values `lo..hi` to pixels `r0..r1`.
    pub fn linear(lo: f64, hi: f64, r0: f64, r1: f64) -> Self {
        Scale {
            kind: ScaleKind::Linear,
            d0: lo,
            d1: hi,
            r0,
            r1,
        }
    }

    /// A log10 scale from `10^lo_exp..10^hi_exp` to pixels `r0..r1`.
    pub fn log10(lo_exp: i32, hi_exp: i32, r0: f64, r1: f64) -> Self {
        Scale {
            kind: ScaleKind::Log10,
            d0: f64::from(lo_exp),
            d1: f64::from(hi_exp),
            r0,
            r1,
        }
    }

    /// The kind of scale.
    pub fn kind(&self) -> ScaleKind {
        self.kind
    }

    /// The pixel coordinate of `v`, or `None` when `v` cannot be shown (NaN, infinite, or
    /// not positive on a log axis). A zero-width domain maps everything to its middle.
    pub fn map(&self, v: f64) -> Option<f64> {
        let t = match self.kind {
            ScaleKind::Linear => v,
            ScaleKind::Log10 if v > 0.0 => v.log10(),
            ScaleKind::Log10 => return None,
        };
        if !t.is_finite() {
            return None;
        }
        let span = self.d1 - self.d0;
        let frac = if span == 0.0 || !span.is_finite() {
            0.5
        } else {
            (t - self.d0) / span
        };
        let px = self.r0 + frac * (self.r1 - self.r0);
        px.is_finite().then_some(px)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn linear_maps_proportionally() {
        // x: 0..10 → 70..700: 5 is halfway, 385.
        let x = Scale::linear(0.0, 10.0, 70.0, 700.0);
        assert_eq!(x.map(0.0), Some(70.0));
        assert_eq!(x.map(5.0), Some(385.0));
        assert_eq!(x.map(10.0), Some(700.0));
        // y runs backwards: -20..80 → 300..50; 30 is halfway, 175; 0 is 1/5 up, 250.
        let y = Scale::linear(-20.0, 80.0, 300.0, 50.0);
        assert_eq!(y.map(30.0), Some(175.0));
        assert_eq!(y.map(0.0), Some(250.0));
        assert_eq!(y.map(f64::NAN), None);
        assert_eq!(y.map(f64::INFINITY), None);
    }

    #[test]
    fn log_maps_exponents() {
        // 1e-13..1e-3 → 300..30 (270 px for 10 decades, 27 px a decade): 1e-8 is 5 decades
        // up, 300 - 135 = 165.
        let y = Scale::log10(-13, -3, 300.0, 30.0);
        let px = y.map(1e-8).expect("positive");
        assert!((px - 165.0).abs() < 1e-9, "{px}");
        assert_eq!(y.map(0.0), None);
        assert_eq!(y.map(-1e-9), None);
        assert_eq!(y.map(1e-13), Some(300.0));
    }

    #[test]
    fn empty_domain_maps_to_the_middle() {
        let x = Scale::linear(3.0, 3.0, 0.0, 100.0);
        assert_eq!(x.map(3.0), Some(50.0));
    }
}
