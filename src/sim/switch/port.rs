//! One simulated switch port: configuration, counters, faults, and the lazy advance of its
//! counters over simulated time (pure: no clock, no I/O; [`super::ports`] supplies the time).
//!
//! Over an interval Δt at a pre-FEC BER b (from the waterfall at the received power), with line
//! rate R and an RS code of n symbols of m bits correcting t (sim-model.md):
//! - codewords `N = R·Δt / (n·m)` (the fraction is carried to the next interval);
//! - symbol errors `S ~ Poisson(N·n·p_s)`, `p_s = 1 − (1 − b)^m`;
//! - corrected bits `S + Poisson(S·(m·b/p_s − 1))`: each errored symbol holds ≥ 1 bit error,
//!   `m·b/p_s` on average, so the mean is `b·R·Δt` as the model asks;
//! - uncorrectable codewords `U ~ Poisson(N·P(S_cw > t))`, the binomial tail of
//!   [`crate::ber::fec::FecCode::codeword_uncorrectable_probability`];
//! - corrected codewords `min(Poisson(N·P(S_cw ≥ 1)) − U, S)`.
//!
//! Bits in uncorrectable codewords are counted as corrected bits too; at BERs where that
//! matters the link has failed anyway. No received power (`None`) means no signal: no FEC lock,
//! the counters do not move.

use std::time::Duration;

use crate::ber::fec::FecCode;
use crate::ber::rates::PortType;
use crate::ber::waterfall::Waterfall;

use super::rng::SplitMix64;

/// A counter fault to inject (sim-model.md "Counter faults").
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum CounterFault {
    /// Every counter of the port returns to zero at this time after the switch started.
    ResetAt(Duration),
    /// The counters stop moving at this time after the switch started (a port that stops
    /// updating).
    StopAt(Duration),
    /// The counters start `headroom` below 2^64, so they wrap early in the run.
    WrapFrom {
        /// Distance below 2^64 of the starting value.
        headroom: u64,
    },
}

/// What a simulated port is.
#[derive(Debug, Clone, PartialEq)]
pub struct SimPortConfig {
    /// Port name (`Ethernet0`).
    pub name: String,
    /// Port type: line rate and FEC.
    pub port_type: PortType,
    /// The receiver waterfall: BER as a function of received power.
    pub waterfall: Waterfall,
    /// PRNG seed; the same seed and the same reads reproduce the same counters.
    pub seed: u64,
    /// Injected counter faults.
    pub faults: Vec<CounterFault>,
}

impl SimPortConfig {
    /// A port with seed 1 and no fault.
    pub fn new(name: impl Into<String>, port_type: PortType, waterfall: Waterfall) -> Self {
        Self {
            name: name.into(),
            port_type,
            waterfall,
            seed: 1,
            faults: Vec::new(),
        }
    }

    /// The same port with another seed.
    pub fn with_seed(self, seed: u64) -> Self {
        Self { seed, ..self }
    }

    /// The same port with one more fault.
    pub fn with_fault(mut self, fault: CounterFault) -> Self {
        self.faults.push(fault);
        self
    }
}

/// The raw counters of a port (64-bit, wrapping).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PortCounters {
    /// Bits corrected.
    pub corrected_bits: u64,
    /// Codewords corrected.
    pub corrected_codewords: u64,
    /// Codewords not correctable.
    pub uncorrectable_codewords: u64,
    /// Symbol errors.
    pub symbol_errors: u64,
    /// Codewords received.
    pub total_codewords: u64,
}

impl PortCounters {
    fn all(value: u64) -> Self {
        Self {
            corrected_bits: value,
            corrected_codewords: value,
            uncorrectable_codewords: value,
            symbol_errors: value,
            total_codewords: value,
        }
    }
}

/// A simulated port and its state.
#[derive(Debug, Clone)]
pub struct SimPort {
    config: SimPortConfig,
    fec: FecCode,
    counters: PortCounters,
    /// Simulated time up to which the counters are advanced.
    elapsed: Duration,
    rng: SplitMix64,
    /// Fractional codeword carried between intervals.
    carry: f64,
    /// Reset times not yet applied, earliest first.
    resets: Vec<Duration>,
    /// When the counters stop moving.
    stop: Option<Duration>,
    /// The last BER and its codeword probabilities (uncorrectable, errored): the binomial tail
    /// is costly and the received power rarely changes between reads.
    memo: Option<(f64, f64, f64)>,
}

impl SimPort {
    /// A port at time zero. `None` when its port type has no RS-FEC (10GBASE-R): there are no
    /// FEC counters to simulate.
    pub fn new(config: SimPortConfig) -> Option<Self> {
        let fec = config.port_type.fec()?;
        let mut resets: Vec<Duration> = Vec::new();
        let mut stop: Option<Duration> = None;
        let mut start = 0u64;
        for f in &config.faults {
            match *f {
                CounterFault::ResetAt(t) => resets.push(t),
                CounterFault::StopAt(t) => stop = Some(stop.map_or(t, |s| s.min(t))),
                CounterFault::WrapFrom { headroom } => start = 0u64.wrapping_sub(headroom),
            }
        }
        resets.sort();
        Some(Self {
            rng: SplitMix64::new(config.seed),
            config,
            fec,
            counters: PortCounters::all(start),
            elapsed: Duration::ZERO,
            carry: 0.0,
            resets,
            stop,
            memo: None,
        })
    }

    /// The configuration.
    pub fn config(&self) -> &SimPortConfig {
        &self.config
    }

    /// The counters as last advanced.
    pub fn counters(&self) -> PortCounters {
        self.counters
    }

    /// Advance the counters to simulated time `to` (since the switch started) with the received
    /// power `rx_dbm` applied to the whole interval since the last advance. Earlier times are
    /// ignored: time never runs backwards.
    pub fn advance_to(&mut self, to: Duration, rx_dbm: Option<f64>) {
        if to <= self.elapsed {
            return;
        }
        let ber = rx_dbm.map(|p| self.config.waterfall.ber(p));
        let mut from = self.elapsed;
        while let Some(&reset) = self.resets.first() {
            if reset > to {
                break;
            }
            self.accumulate_span(from, reset.max(from), ber);
            self.counters = PortCounters::default();
            self.resets.remove(0);
            from = reset.max(from);
        }
        self.accumulate_span(from, to, ber);
        self.elapsed = to;
    }

    fn accumulate_span(&mut self, from: Duration, to: Duration, ber: Option<f64>) {
        let end = self.stop.map_or(to, |s| s.min(to));
        if end <= from {
            return;
        }
        if let Some(ber) = ber {
            self.accumulate((end - from).as_secs_f64(), ber);
        }
    }

    fn accumulate(&mut self, dt_s: f64, ber: f64) {
        let fec = self.fec;
        let expected_cw =
            self.config.port_type.line_rate_bps() * dt_s / f64::from(fec.codeword_bits());
        let with_carry = expected_cw + self.carry;
        let whole = with_carry.floor();
        self.carry = with_carry - whole;
        let c = &mut self.counters;
        c.total_codewords = c.total_codewords.wrapping_add(whole as u64);
        if ber <= 0.0 {
            return;
        }
        let p_s = fec.symbol_error_probability(ber);
        let n = f64::from(fec.n_symbols());
        let symbols = self.rng.poisson(expected_cw * n * p_s);
        let bits_per_symbol = (f64::from(fec.symbol_bits()) * ber / p_s).max(1.0);
        let extra = self.rng.poisson(symbols as f64 * (bits_per_symbol - 1.0));
        let (p_uncorrectable, p_errored) = match self.memo {
            Some((b, u, e)) if b == ber => (u, e),
            _ => {
                let u = fec.codeword_uncorrectable_probability(ber);
                let e = fec.codeword_errored_probability(ber);
                self.memo = Some((ber, u, e));
                (u, e)
            }
        };
        let uncorrectable = self.rng.poisson(expected_cw * p_uncorrectable);
        let errored = self.rng.poisson(expected_cw * p_errored);
        let corrected = errored.saturating_sub(uncorrectable).min(symbols);
        let c = &mut self.counters;
        c.corrected_bits = c.corrected_bits.wrapping_add(symbols.saturating_add(extra));
        c.symbol_errors = c.symbol_errors.wrapping_add(symbols);
        c.uncorrectable_codewords = c.uncorrectable_codewords.wrapping_add(uncorrectable);
        c.corrected_codewords = c.corrected_codewords.wrapping_add(corrected);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secs(s: u64) -> Duration {
        Duration::from_secs(s)
    }

    fn config() -> SimPortConfig {
        // Sensitivity −10 dBm at BER 2.4e-4 (KP4 limit), 400G-8x50 at 425 Gb/s.
        let w = Waterfall::from_limit(-10.0, 2.4e-4).unwrap();
        SimPortConfig::new("Ethernet0", PortType::Eth400G8x50, w)
    }

    #[test]
    fn mean_follows_the_waterfall() {
        // At −9 dBm the waterfall gives 5.5193e-6; over 10 s at 425e9 the expected corrected
        // bits are 5.5193e-6 × 4.25e12 = 2.3457e7 (σ ≈ 4.8e3, so 1 % is > 40 σ).
        let mut p = SimPort::new(config()).unwrap();
        p.advance_to(secs(10), Some(-9.0));
        let c = p.counters();
        let want = 5.519_299_284e-6 * 425e9 * 10.0;
        assert!(
            (c.corrected_bits as f64 - want).abs() / want < 0.01,
            "{c:?}"
        );
        // Codewords: 425e9 × 10 / 5440 = 781 250 000 exactly.
        assert_eq!(c.total_codewords, 781_250_000);
        // One bit per symbol dominates: symbols ≈ bits (within 1 %).
        assert!((c.symbol_errors as f64 / c.corrected_bits as f64) > 0.99);
        // +1 dB above sensitivity: P_unc at 5.5e-6 is astronomically small.
        assert_eq!(c.uncorrectable_codewords, 0);
        assert!(c.corrected_codewords > 0 && c.corrected_codewords <= c.symbol_errors);
    }

    #[test]
    fn below_sensitivity_fails_post_fec() {
        // At −11 dBm the BER is 2.7725e-3; P_unc per codeword is large enough that 1 s of
        // 78 125 000 codewords holds many uncorrectable ones.
        let mut p = SimPort::new(config()).unwrap();
        p.advance_to(secs(1), Some(-11.0));
        assert!(
            p.counters().uncorrectable_codewords > 100,
            "{:?}",
            p.counters()
        );
    }

    #[test]
    fn no_light_no_counting() {
        let mut p = SimPort::new(config()).unwrap();
        p.advance_to(secs(5), None);
        assert_eq!(p.counters(), PortCounters::default());
    }

    #[test]
    fn same_seed_same_counters() {
        let mut a = SimPort::new(config().with_seed(9)).unwrap();
        let mut b = SimPort::new(config().with_seed(9)).unwrap();
        for s in 1..5 {
            a.advance_to(secs(s), Some(-9.5));
            b.advance_to(secs(s), Some(-9.5));
        }
        assert_eq!(a.counters(), b.counters());
        // Time never runs backwards.
        let before = a.counters();
        a.advance_to(secs(2), Some(-9.5));
        assert_eq!(a.counters(), before);
    }

    #[test]
    fn reset_mid_run() {
        // Reset at 5 s; advancing 0 → 8 s in one step keeps only the 3 s after the reset:
        // 425e9 × 3 / 5440 = 234 375 000 codewords.
        let mut p = SimPort::new(config().with_fault(CounterFault::ResetAt(secs(5)))).unwrap();
        p.advance_to(secs(4), Some(-9.0));
        let before = p.counters();
        p.advance_to(secs(8), Some(-9.0));
        let after = p.counters();
        assert!(after.corrected_bits < before.corrected_bits);
        assert_eq!(after.total_codewords, 234_375_000);
    }

    #[test]
    fn stops_updating() {
        let mut p = SimPort::new(config().with_fault(CounterFault::StopAt(secs(2)))).unwrap();
        p.advance_to(secs(1), Some(-9.0));
        let one = p.counters();
        p.advance_to(secs(2), Some(-9.0));
        let two = p.counters();
        p.advance_to(secs(60), Some(-9.0));
        assert!(two.corrected_bits > one.corrected_bits);
        assert_eq!(p.counters(), two);
    }

    #[test]
    fn wraps_near_two_to_the_64() {
        // Start 1000 below 2^64; after 1 s at −9 dBm (≈ 2.3e6 corrected bits) the corrected
        // bits have wrapped to a small value: 2.3e6 − 1000.
        let mut p =
            SimPort::new(config().with_fault(CounterFault::WrapFrom { headroom: 1000 })).unwrap();
        assert_eq!(p.counters().corrected_bits, u64::MAX - 999);
        p.advance_to(secs(1), Some(-9.0));
        let bits = p.counters().corrected_bits;
        assert!(bits < 3_000_000, "{bits}");
    }

    #[test]
    fn no_fec_no_port() {
        let w = Waterfall::from_limit(-10.0, 2.4e-4).unwrap();
        assert!(SimPort::new(SimPortConfig::new("e", PortType::Eth10G, w)).is_none());
    }
}
