//! "Nice" axis ticks: linear axes step by 1, 2 or 5 times a power of ten and are widened to
//! whole steps; log10 axes tick at decades (every k-th decade when there are many).

/// Most decades labelled on a log axis before it labels every 2nd, 3rd, ... one.
const MAX_DECADE_TICKS: i32 = 8;

/// Most ticks a linear axis may get (a guard against pathological ranges).
const MAX_LINEAR_TICKS: i64 = 200;

/// A linear step `mantissa × 10^exponent`, kept as integers so tick values are computed
/// without accumulating rounding (`3 × 0.1` is computed as `3 / 10`, not `0.1 + 0.1 + 0.1`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Step {
    /// 1, 2 or 5.
    pub mantissa: i64,
    /// Power of ten.
    pub exponent: i32,
}

impl Step {
    /// The step as a number.
    pub fn value(self) -> f64 {
        scaled(self.mantissa, self.exponent)
    }

    /// Digits after the decimal point that show every multiple of this step exactly.
    pub fn decimals(self) -> usize {
        usize::try_from(-self.exponent).unwrap_or(0)
    }
}

/// `n × 10^e`, correctly rounded for the small exponents axes use.
fn scaled(n: i64, e: i32) -> f64 {
    // i64 → f64 is exact below 2^53; tick indices stay far below that.
    let n = n as f64;
    if e >= 0 {
        n * 10f64.powi(e)
    } else {
        n / 10f64.powi(-e)
    }
}

/// The nice step (1, 2 or 5 × 10^k) nearest above `raw`; `raw` that is not a positive finite
/// number gives 1.
pub fn nice_step(raw: f64) -> Step {
    if !(raw.is_finite() && raw > 0.0) {
        return Step {
            mantissa: 1,
            exponent: 0,
        };
    }
    // floor(log10) of a finite positive f64 lies in -324..=308: the cast cannot overflow.
    let mut exponent = raw.log10().floor() as i32;
    let mut residual = raw / 10f64.powi(exponent);
    // log10 may land a hair below an exact power of ten.
    if residual >= 10.0 - 1e-9 {
        exponent += 1;
        residual /= 10.0;
    }
    let mantissa = if residual <= 1.0 + 1e-9 {
        1
    } else if residual <= 2.0 + 1e-9 {
        2
    } else if residual <= 5.0 + 1e-9 {
        5
    } else {
        exponent += 1;
        1
    };
    Step { mantissa, exponent }
}

/// A linear axis: its (widened) range and the ticks on it.
#[derive(Debug, Clone, PartialEq)]
pub struct LinearTicks {
    /// Lowest value of the axis (a multiple of the step).
    pub lo: f64,
    /// Highest value of the axis (a multiple of the step).
    pub hi: f64,
    /// The step between ticks.
    pub step: Step,
    /// Tick values, from `lo` to `hi`.
    pub values: Vec<f64>,
}

impl LinearTicks {
    /// The label of a tick value: fixed decimals that show the step, or scientific notation
    /// for very small steps and very large values.
    pub fn label(&self, v: f64) -> String {
        let big = self.lo.abs().max(self.hi.abs()) >= 1e6;
        if self.step.exponent < -3 || big {
            sci_label(v)
        } else {
            let s = format!("{:.*}", self.step.decimals(), v);
            // "-0" or "-0.0" reads as a glitch.
            if s.trim_start_matches('-')
                .chars()
                .all(|c| c == '0' || c == '.')
            {
                s.trim_start_matches('-').to_string()
            } else {
                s
            }
        }
    }
}

/// `v` in short scientific notation: `2.5e-5`, `1e6`, `0`.
fn sci_label(v: f64) -> String {
    if v == 0.0 {
        return "0".to_string();
    }
    let s = format!("{v:.2e}");
    match s.split_once('e') {
        Some((m, e)) => {
            let m = if m.contains('.') {
                m.trim_end_matches('0').trim_end_matches('.')
            } else {
                m
            };
            format!("{m}e{e}")
        }
        None => s,
    }
}

/// Ticks for data spanning `lo..=hi` with about `target` intervals. Non-finite bounds give
/// 0..1; a zero-width range is padded (±10 % of the value, ±1 around zero); reversed bounds
/// are swapped.
pub fn linear_ticks(lo: f64, hi: f64, target: usize) -> LinearTicks {
    let (mut lo, mut hi) = if lo.is_finite() && hi.is_finite() {
        (lo.min(hi), lo.max(hi))
    } else {
        (0.0, 1.0)
    };
    if hi - lo <= f64::EPSILON * lo.abs().max(hi.abs()) {
        let pad = if lo == 0.0 { 1.0 } else { lo.abs() * 0.1 };
        lo -= pad;
        hi += pad;
    }
    let target = target.clamp(1, 20) as f64;
    // Dividing first keeps the span finite for ranges near ±f64::MAX.
    let step = nice_step(hi / target - lo / target);
    let s = step.value();
    // A hair of tolerance so a bound that is a whole step up to rounding is not widened.
    let first = (lo / s + 1e-9).floor();
    let last = (hi / s - 1e-9).ceil();
    let fallback = || LinearTicks {
        lo,
        hi,
        step,
        values: vec![lo, hi],
    };
    if !(first.abs() < 1e15 && last.abs() < 1e15) {
        return fallback();
    }
    let (first, last) = (first as i64, last as i64);
    if last - first > MAX_LINEAR_TICKS {
        return fallback();
    }
    let (axis_lo, axis_hi) = (
        scaled(first * step.mantissa, step.exponent),
        scaled(last * step.mantissa, step.exponent),
    );
    if !(axis_lo.is_finite() && axis_hi.is_finite()) {
        return fallback();
    }
    LinearTicks {
        lo: axis_lo,
        hi: axis_hi,
        step,
        values: (first..=last)
            .map(|i| scaled(i * step.mantissa, step.exponent))
            .collect(),
    }
}

/// A log10 axis: the decades it spans and the decades that get a tick.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogTicks {
    /// Exponent of the lowest decade (the axis starts at 10^lo).
    pub lo: i32,
    /// Exponent of the highest decade (the axis ends at 10^hi); always above `lo`.
    pub hi: i32,
    /// Exponents that get a tick and a label.
    pub exponents: Vec<i32>,
}

impl LogTicks {
    /// The label of the tick at 10^e: `10⁻¹³`.
    pub fn label(e: i32) -> String {
        let mut s = String::from("10");
        for c in e.to_string().chars() {
            s.push(match c {
                '-' => '⁻',
                '0' => '⁰',
                '1' => '¹',
                '2' => '²',
                '3' => '³',
                '4' => '⁴',
                '5' => '⁵',
                '6' => '⁶',
                '7' => '⁷',
                '8' => '⁸',
                '9' => '⁹',
                other => other,
            });
        }
        s
    }
}

/// Decade ticks for positive data spanning `lo..=hi`. Bounds that are not positive finite
/// numbers give 10⁰..10¹; a range within one decade is widened to the decades around it.
pub fn log_ticks(lo: f64, hi: f64) -> LogTicks {
    let ok = |v: f64| v.is_finite() && v > 0.0;
    let (lo, hi) = if ok(lo) && ok(hi) {
        (lo.min(hi), lo.max(hi))
    } else {
        (1.0, 10.0)
    };
    // log10 of a positive finite f64 lies in about -324..=309.
    let mut d0 = (lo.log10() + 1e-9).floor() as i32;
    let mut d1 = (hi.log10() - 1e-9).ceil() as i32;
    if d1 <= d0 {
        // One value, or an exact power of ten: show the decade below and above it.
        if lo == hi && (lo.log10() - lo.log10().round()).abs() < 1e-9 {
            d0 -= 1;
        }
        d1 = d0 + 1;
        if lo == hi && hi.log10() > f64::from(d1) - 1e-9 {
            d1 += 1;
        }
    }
    let every = ((d1 - d0) + MAX_DECADE_TICKS - 1) / MAX_DECADE_TICKS;
    let every = every.max(1);
    let span = (d1 - d0 + every - 1) / every * every;
    let d1 = d0 + span;
    LogTicks {
        lo: d0,
        hi: d1,
        exponents: (0..=span / every).map(|k| d0 + k * every).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn step(raw: f64) -> (i64, i32) {
        let s = nice_step(raw);
        (s.mantissa, s.exponent)
    }

    #[test]
    fn steps_are_one_two_five() {
        assert_eq!(step(1.0), (1, 0));
        assert_eq!(step(1.2), (2, 0));
        assert_eq!(step(2.0), (2, 0));
        assert_eq!(step(3.0), (5, 0));
        assert_eq!(step(7.0), (1, 1));
        assert_eq!(step(0.3), (5, -1));
        assert_eq!(step(0.1), (1, -1));
        assert_eq!(step(1000.0), (1, 3));
        assert_eq!(step(0.00042), (5, -4));
        assert_eq!(step(0.0), (1, 0));
        assert_eq!(step(f64::NAN), (1, 0));
    }

    #[test]
    fn linear_ticks_widen_to_whole_steps() {
        // Span 73 / 5 = 14.6 → step 20; 3 → 0, 76 → 80.
        let t = linear_ticks(3.0, 76.0, 5);
        assert_eq!(t.step.value(), 20.0);
        assert_eq!((t.lo, t.hi), (0.0, 80.0));
        assert_eq!(t.values, vec![0.0, 20.0, 40.0, 60.0, 80.0]);
        assert_eq!(t.label(40.0), "40");

        // Span 0.6 / 5 = 0.12 → step 0.2: exact decimals, no 0.6000000000000001.
        let t = linear_ticks(-0.25, 0.35, 5);
        assert_eq!(t.values, vec![-0.4, -0.2, 0.0, 0.2, 0.4]);
        assert_eq!(t.values[4], 0.4);
        assert_eq!(t.label(-0.2), "-0.2");
        assert_eq!(t.label(0.0), "0.0");

        // A range that already lies on steps is not widened.
        let t = linear_ticks(0.0, 600.0, 6);
        assert_eq!(
            t.values,
            vec![0.0, 100.0, 200.0, 300.0, 400.0, 500.0, 600.0]
        );
    }

    #[test]
    fn constant_and_broken_ranges_are_padded() {
        // 25 ± 2.5 → span 5 / 5 = 1 → step 1, 22..28.
        let t = linear_ticks(25.0, 25.0, 5);
        assert_eq!((t.lo, t.hi), (22.0, 28.0));
        // 0 ± 1 → step 0.5.
        let t = linear_ticks(0.0, 0.0, 4);
        assert_eq!(t.values, vec![-1.0, -0.5, 0.0, 0.5, 1.0]);
        let t = linear_ticks(f64::NAN, 3.0, 5);
        assert_eq!((t.lo, t.hi), (0.0, 1.0));
        let t = linear_ticks(10.0, 0.0, 5);
        assert_eq!((t.lo, t.hi), (0.0, 10.0));
        // Huge ranges neither overflow nor produce thousands of ticks.
        let t = linear_ticks(-f64::MAX, f64::MAX, 5);
        assert!(t.values.len() <= 201);
        assert!(t.lo.is_finite() && t.hi.is_finite());
    }

    #[test]
    fn small_and_large_steps_are_labelled_in_scientific_notation() {
        let t = linear_ticks(0.0, 0.0005, 5);
        assert_eq!(t.step.value(), 0.0001);
        assert_eq!(t.label(0.0002), "2e-4");
        let t = linear_ticks(0.0, 3.0e6, 3);
        assert_eq!(t.label(2.0e6), "2e6");
        assert_eq!(t.label(0.0), "0");
    }

    #[test]
    fn log_ticks_are_decades() {
        // 2.5e-13 .. 2.4e-4: decades -13 ..= -3, ten decades → every 2nd labelled, widened to
        // an even span: -13 ..= -3.
        let t = log_ticks(2.5e-13, 2.4e-4);
        assert_eq!((t.lo, t.hi), (-13, -3));
        assert_eq!(t.exponents, vec![-13, -11, -9, -7, -5, -3]);
        // Within one decade.
        let t = log_ticks(2.0e-6, 3.0e-6);
        assert_eq!((t.lo, t.hi), (-6, -5));
        assert_eq!(t.exponents, vec![-6, -5]);
        // Exact powers of ten are their own decade bounds.
        let t = log_ticks(1e-12, 1e-9);
        assert_eq!((t.lo, t.hi), (-12, -9));
        // A single power of ten gets the decades around it.
        let t = log_ticks(1e-12, 1e-12);
        assert_eq!((t.lo, t.hi), (-13, -11));
        // A single value: its decade.
        let t = log_ticks(3e-7, 3e-7);
        assert_eq!((t.lo, t.hi), (-7, -6));
        // Nothing positive: one default decade.
        let t = log_ticks(0.0, -1.0);
        assert_eq!((t.lo, t.hi), (0, 1));
    }

    #[test]
    fn log_labels_use_superscripts() {
        assert_eq!(LogTicks::label(-13), "10⁻¹³");
        assert_eq!(LogTicks::label(0), "10⁰");
        assert_eq!(LogTicks::label(6), "10⁶");
    }
}
