//! A module's own pre-FEC BER (CMIS VDM observables, already a ratio) as a counter source.
//!
//! The reading itself (VDM page, F16 decode) belongs to the module layer; this adapter only
//! turns "a function that returns the module's pre-FEC BER for a port" into a
//! [`CounterSource`], so a soak can use it like any switch counter.

use std::sync::Arc;

use tokio::time::Instant;

use super::error::CounterError;
use super::sample::FecCounters;
use super::{BoxFuture, CounterSource};

/// Reads the pre-FEC BER of a port from the module (wired to the CMIS VDM reader).
pub type VdmReader =
    Arc<dyn Fn(&str) -> BoxFuture<'static, Result<f64, CounterError>> + Send + Sync>;

/// A reading that carries only a module-reported pre-FEC BER. The BER must be a finite ratio in
/// [0, 1]; anything else is [`CounterError::BadValue`].
pub fn counters_from_ber(pre_fec_ber: f64, read_at: Instant) -> Result<FecCounters, CounterError> {
    if !(0.0..=1.0).contains(&pre_fec_ber) {
        return Err(CounterError::BadValue {
            field: "vdm pre-fec ber".into(),
            value: pre_fec_ber.to_string(),
        });
    }
    Ok(FecCounters {
        pre_fec_ber: Some(pre_fec_ber),
        ..FecCounters::empty(read_at)
    })
}

/// A reading from the pre-FEC BER of every monitored lane (CMIS VDM reports one per lane): the
/// worst lane stands for the port, since a link is as good as its worst lane. Every value must
/// be a ratio in [0, 1] (else [`CounterError::BadValue`]); no lane at all is
/// [`CounterError::Unavailable`].
pub fn counters_from_lane_bers(
    lane_bers: &[f64],
    read_at: Instant,
) -> Result<FecCounters, CounterError> {
    let mut worst: Option<f64> = None;
    for &ber in lane_bers {
        let checked = counters_from_ber(ber, read_at)?;
        let ber = checked.pre_fec_ber.unwrap_or(ber);
        worst = Some(worst.map_or(ber, |w| w.max(ber)));
    }
    let worst = worst
        .ok_or_else(|| CounterError::Unavailable("the module reports no vdm pre-fec ber".into()))?;
    counters_from_ber(worst, read_at)
}

/// The adapter: a [`CounterSource`] over a [`VdmReader`].
#[derive(Clone)]
pub struct VdmSource {
    reader: VdmReader,
}

impl std::fmt::Debug for VdmSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("VdmSource")
    }
}

impl VdmSource {
    /// Wrap a reader.
    pub fn new(reader: VdmReader) -> Self {
        Self { reader }
    }
}

impl CounterSource for VdmSource {
    fn read<'a>(&'a self, port: &'a str) -> BoxFuture<'a, Result<FecCounters, CounterError>> {
        Box::pin(async move {
            let ber = (self.reader)(port).await?;
            counters_from_ber(ber, Instant::now())
        })
    }

    fn describe(&self) -> String {
        "module vdm pre-fec ber".into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ber::estimate::BerMethod;

    #[tokio::test]
    async fn adapts_a_reader() {
        let reader: VdmReader = Arc::new(|port: &str| {
            let ber = if port == "1" { 3.2e-7 } else { f64::NAN };
            Box::pin(async move { Ok(ber) })
        });
        let src = VdmSource::new(reader);
        let c = src.read("1").await.unwrap();
        assert_eq!(c.pre_fec_ber, Some(3.2e-7));
        assert_eq!(c.corrected_bits, None);
        let d = c.deltas_since(&c, None);
        assert_eq!(
            d.pre_fec_ber(425e9),
            Some((3.2e-7, BerMethod::ModuleReported))
        );
        assert!(matches!(
            src.read("2").await,
            Err(CounterError::BadValue { .. })
        ));
    }

    #[test]
    fn worst_lane_stands_for_the_port() {
        let now = Instant::now();
        let c = counters_from_lane_bers(&[1e-7, 4e-6, 2e-6], now).unwrap();
        assert_eq!(c.pre_fec_ber, Some(4e-6));
        assert!(matches!(
            counters_from_lane_bers(&[], now),
            Err(CounterError::Unavailable(_))
        ));
        assert!(matches!(
            counters_from_lane_bers(&[1e-7, f64::NAN], now),
            Err(CounterError::BadValue { .. })
        ));
    }

    #[test]
    fn range() {
        let now = Instant::now();
        assert!(counters_from_ber(0.0, now).is_ok());
        assert!(counters_from_ber(1.0, now).is_ok());
        assert!(counters_from_ber(-1e-9, now).is_err());
        assert!(counters_from_ber(f64::INFINITY, now).is_err());
    }
}
