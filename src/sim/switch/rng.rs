//! A tiny deterministic PRNG (SplitMix64) with the draws the simulator needs. Not for
//! cryptography; the point is that a seed reproduces a run exactly.

/// SplitMix64: a 64-bit state advanced by a Weyl sequence and mixed (Steele, Lea, Flood 2014).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SplitMix64 {
    state: u64,
}

/// Below this mean, Poisson draws are exact (multiplication of uniforms); above it, the normal
/// approximation N(λ, λ) rounded is used (its relative error of the mean is below 1e-3 there).
const POISSON_EXACT_LIMIT: f64 = 30.0;

impl SplitMix64 {
    /// A generator from a seed.
    pub const fn new(seed: u64) -> Self {
        Self { state: seed }
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in (0, 1]: the top 53 bits, plus one ulp so that `ln` is always finite.
    pub fn next_f64(&mut self) -> f64 {
        ((self.next_u64() >> 11) as f64 + 1.0) / (1u64 << 53) as f64
    }

    /// A standard normal draw (Box–Muller, cosine branch).
    pub fn normal(&mut self) -> f64 {
        let u1 = self.next_f64();
        let u2 = self.next_f64();
        (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
    }

    /// A Poisson draw with mean `mean` (0 for a mean ≤ 0 or NaN).
    pub fn poisson(&mut self, mean: f64) -> u64 {
        if mean.is_nan() || mean <= 0.0 {
            return 0;
        }
        if mean < POISSON_EXACT_LIMIT {
            // Count uniforms until their product drops below e^−λ.
            let limit = (-mean).exp();
            let mut product = self.next_f64();
            let mut k = 0u64;
            while product > limit {
                k += 1;
                product *= self.next_f64();
            }
            return k;
        }
        let x = (mean + mean.sqrt() * self.normal()).round();
        // `as` saturates: negative → 0, beyond u64 → u64::MAX.
        x.max(0.0) as u64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reproducible() {
        // SplitMix64 from seed 0: the first output is 0xE220A8397B1DCDAF (reference value of
        // the published algorithm).
        let mut r = SplitMix64::new(0);
        assert_eq!(r.next_u64(), 0xE220_A839_7B1D_CDAF);
        let (mut a, mut b) = (SplitMix64::new(42), SplitMix64::new(42));
        for _ in 0..100 {
            assert_eq!(a.next_u64(), b.next_u64());
        }
    }

    #[test]
    fn uniform_range() {
        let mut r = SplitMix64::new(1);
        for _ in 0..10_000 {
            let u = r.next_f64();
            assert!(u > 0.0 && u <= 1.0);
        }
    }

    #[test]
    fn poisson_moments() {
        // Sample mean within 4 standard errors: σ/√n = √λ/√n.
        let mut r = SplitMix64::new(7);
        for mean in [0.5, 4.0, 29.0, 1_000.0, 1e9] {
            let n = 4_000;
            let sum: f64 = (0..n).map(|_| r.poisson(mean) as f64).sum();
            let avg = sum / f64::from(n);
            let se = (mean / f64::from(n)).sqrt();
            assert!((avg - mean).abs() < 4.0 * se, "mean {mean}: {avg}");
        }
        assert_eq!(r.poisson(0.0), 0);
        assert_eq!(r.poisson(-3.0), 0);
        assert_eq!(r.poisson(f64::NAN), 0);
    }

    #[test]
    fn normal_moments() {
        let mut r = SplitMix64::new(3);
        let n = 20_000;
        let xs: Vec<f64> = (0..n).map(|_| r.normal()).collect();
        let mean = xs.iter().sum::<f64>() / f64::from(n);
        let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / f64::from(n);
        // Standard errors: 1/√n ≈ 0.007 for the mean, √(2/n) ≈ 0.01 for the variance.
        assert!(mean.abs() < 0.03);
        assert!((var - 1.0).abs() < 0.05);
    }
}
