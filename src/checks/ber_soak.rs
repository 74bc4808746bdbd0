//! The `ber_soak` check (issue 5, item 7): pre-FEC BER and uncorrectable codewords of the
//! module's link over a soak, and what that demonstrates about the post-FEC BER.
//!
//! Steps:
//! 1. A snapshot of the module tells its spec and port type ([`port`]; the plan's
//!    `line_rate_gbps` overrides the line rate). A link without RS-FEC (10GBASE-R, 40GBASE-R,
//!    1G) has no FEC counters: SKIP with the reason. A port type that cannot be told: ERROR
//!    asking for `line_rate_gbps`.
//! 2. Wait for the link to carry traffic ([`link`]): ModuleReady and data paths activated
//!    (CMIS), data ready and Tx enabled (SFF); bounded, else ERROR.
//! 3. A baseline reading, then one reading every `interval` for `duration` on tokio time
//!    (deadlines from the start, so the soak does not drift), from the station's counter source
//!    for the slot's `switch_port`, or from the module's own VDM pre-FEC BER when the plan's
//!    counter source is `vdm` ([`vdm`]). Each reading is accounted by [`tally::Tally`]: pre-FEC
//!    BER of the interval from corrected bits and the serdes line rate (protocols.md §4), over
//!    the measured time between readings; uncorrectable codewords; wraps handled; a reset or a
//!    stopped port ends the soak in ERROR. Up to [`MAX_READ_FAILURES`] failed reads in a row are
//!    tolerated (the next good reading covers the gap with its measured time).
//! 4. Measurements: `pre_fec_ber` (Σ corrected bits / Σ bits on the line, limit
//!    `max_pre_fec_ber`), `pre_fec_ber_worst_interval` (same limit: the parameter is "largest
//!    pre-FEC BER of any interval"), `uncorrectable_codewords` (limit `max_uncorrectable`), and,
//!    for information (no limit): `post_fec_ber_upper` (the Poisson upper bound at
//!    `confidence`, [`crate::ber::confidence`]), `target_ber_demonstrated` (1 or 0),
//!    `remaining_soak_s`, `pre_fec_errors`, `soak_s`, `line_rate_gbps`. Series for plots:
//!    `pre_fec_ber` per interval and `uncorrectable_codewords` cumulative, against seconds.
//!
//! Post-FEC confidence (qualification.md §5): each uncorrectable codeword counts as one error
//! event, and the bits are those delivered after the FEC, at the MAC rate of the port type (100
//! or 400 Gb/s; "post-FEC claims should count bits at the MAC rate"); when the plan gives only
//! a line rate, that rate is used. Not demonstrating the target is reported, not failed: a
//! short soak (e.g. inside a thermal sweep) cannot demonstrate 1e-13, and the limits on
//! uncorrectable codewords already judge the module.

mod link;
mod port;
mod tally;
#[cfg(test)]
mod tests;
mod vdm;

use std::sync::Arc;
use std::time::Duration;

use tokio::time::Instant;

use super::{AttemptResult, CheckEnv};
use crate::ber::confidence;
use crate::ber::estimate::BerMethod;
use crate::ber::rates::PortType;
use crate::counters::{CounterSource, FecCounters};
use crate::memmap::decoded::Details;
use crate::plan::checks::BerSoakParams;
use crate::plan::model::CounterSource as SourceKind;
use crate::results::model::fmt_num;
use crate::results::{Measurement, Series};

use port::PortGuess;
use tally::Tally;

/// Failed counter reads in a row tolerated before the soak ends in ERROR.
pub const MAX_READ_FAILURES: u32 = 3;

/// Where the readings come from.
enum Source {
    /// A switch/NIC counter source and the port name.
    Counters(Arc<dyn CounterSource>, String),
    /// The module's VDM.
    Vdm(vdm::VdmBer),
}

/// The rates the soak works with.
struct Rates {
    /// Serdes line rate (BER denominator), bit/s.
    line_bps: f64,
    /// Rate of post-FEC bits (MAC rate), bit/s.
    mac_bps: f64,
    /// Description for the message.
    describe: String,
}

fn rates(params: &BerSoakParams, guess: &PortGuess) -> Result<Rates, AttemptResult> {
    if let Some(gbps) = params.line_rate_gbps {
        if !(gbps.is_finite() && gbps > 0.0) {
            return Err(AttemptResult::error(format!(
                "line_rate_gbps {gbps} is not a positive rate"
            )));
        }
        return Ok(Rates {
            line_bps: gbps * 1e9,
            mac_bps: gbps * 1e9,
            describe: format!("{} Gb/s line (from the plan)", fmt_num(gbps)),
        });
    }
    match guess {
        PortGuess::Known(p, _) => Ok(port_rates(*p)),
        PortGuess::NoRsFec(why) => Err(AttemptResult::skip(why.clone())),
        PortGuess::Unknown(why) => Err(AttemptResult::error(format!(
            "cannot tell the port type of the module ({why}); set line_rate_gbps in the ber_soak parameters"
        ))),
    }
}

fn port_rates(p: PortType) -> Rates {
    Rates {
        line_bps: p.line_rate_bps(),
        // speed_mbps is the MAC rate (400G → 400 000 Mb/s).
        mac_bps: p.speed_mbps() as f64 * 1e6,
        describe: format!("{p}, {} Gb/s line", fmt_num(p.line_rate_bps() / 1e9)),
    }
}

fn source(
    env: &CheckEnv<'_>,
    decoded_vdm: Option<&crate::memmap::cmis::vdm::Vdm>,
) -> Result<Source, AttemptResult> {
    let kind = env
        .plan
        .station
        .instruments
        .counters
        .as_ref()
        .map(|c| c.source);
    if kind == Some(SourceKind::Vdm) {
        return decoded_vdm
            .and_then(vdm::VdmBer::from_vdm)
            .map(Source::Vdm)
            .ok_or_else(|| {
                AttemptResult::skip(
                    "the counter source is vdm, but the module reports no pre-FEC BER in CMIS VDM",
                )
            });
    }
    let Some(counters) = env.station.counters.clone() else {
        return Err(AttemptResult::error(
            "ber_soak needs a counter source, and the station has none",
        ));
    };
    let Some(port) = env.slot.switch_port.clone() else {
        return Err(AttemptResult::error(format!(
            "slot {} has no switch_port to read counters from",
            env.slot.id
        )));
    };
    Ok(Source::Counters(counters, port))
}

async fn read(source: &Source, env: &mut CheckEnv<'_>) -> Result<FecCounters, String> {
    match source {
        Source::Counters(c, port) => c
            .read(port)
            .await
            .map_err(|e| format!("{}: {e}", c.describe())),
        Source::Vdm(v) => v.read(env.module).await,
    }
}

/// Runs one attempt.
pub async fn run(params: &BerSoakParams, env: &mut CheckEnv<'_>) -> AttemptResult {
    let decoded = match env.snapshot().await {
        Ok((_, d)) => d,
        Err(e) => return AttemptResult::error(format!("cannot read the module: {e}")),
    };
    let guess = port::guess(&decoded);
    let rates = match rates(params, &guess) {
        Ok(r) => r,
        Err(result) => return result,
    };
    let decoded_vdm = match &decoded.details {
        Details::Cmis(d) => d.vdm.as_ref(),
        _ => None,
    };
    let source = match source(env, decoded_vdm) {
        Ok(s) => s,
        Err(result) => return result,
    };
    let probe = link::LinkProbe::for_module(&decoded);
    let limit = link::limit_for(&decoded);
    if let Err(why) = link::wait_up(env.module, probe, limit).await {
        return AttemptResult::error(why);
    }
    soak(params, env, &source, &rates).await
}

async fn soak(
    params: &BerSoakParams,
    env: &mut CheckEnv<'_>,
    source: &Source,
    rates: &Rates,
) -> AttemptResult {
    let first = match read(source, env).await {
        Ok(c) => c,
        Err(e) => return AttemptResult::error(format!("first counter reading failed: {e}")),
    };
    let mut tally = Tally::new(first, rates.line_bps);
    let start = Instant::now();
    let interval = params.interval.max(Duration::from_millis(1));
    // A port stands still for two intervals (and at least 2 s) before it counts as stopped:
    // one interval may fall between two refreshes of the switch's own counter polling.
    let stall_after_s = (2.0 * interval.as_secs_f64()).max(2.0);
    let mut failures = 0u32;
    let mut at = Duration::ZERO;
    while at < params.duration {
        at = at.saturating_add(interval).min(params.duration);
        tokio::time::sleep_until(start + at).await;
        let reading = match read(source, env).await {
            Ok(c) => c,
            Err(e) => {
                failures += 1;
                if failures >= MAX_READ_FAILURES {
                    return stopped(
                        format!("{failures} counter readings in a row failed, last: {e}"),
                        &tally,
                    );
                }
                continue;
            }
        };
        failures = 0;
        if let Err(fault) = tally.push(reading, stall_after_s) {
            return stopped(fault.to_string(), &tally);
        }
    }
    finish(params, source, rates, &tally)
}

/// An ERROR that keeps the series gathered so far (for the plot of what led to it).
fn stopped(why: String, tally: &Tally) -> AttemptResult {
    AttemptResult::error(format!(
        "{why} (after {} interval(s), {:.0} s)",
        tally.intervals, tally.elapsed_s
    ))
    .with_series(series(tally))
}

fn series(tally: &Tally) -> Vec<Series> {
    let mut out = vec![Series {
        name: "pre_fec_ber".into(),
        x_unit: "s".into(),
        y_unit: "ratio".into(),
        points: tally.ber_series.clone(),
    }];
    if !tally.uncorrectable_series.is_empty() {
        out.push(Series {
            name: "uncorrectable_codewords".into(),
            x_unit: "s".into(),
            y_unit: "codewords".into(),
            points: tally.uncorrectable_series.clone(),
        });
    }
    out
}

fn info(name: &str, value: f64, unit: &str) -> Measurement {
    Measurement::judged(name, Some(value), unit, None, None)
}

fn finish(params: &BerSoakParams, source: &Source, rates: &Rates, tally: &Tally) -> AttemptResult {
    let Some(overall) = tally.overall_ber() else {
        return AttemptResult::error(
            "the soak counted no interval (duration shorter than one reading?)",
        );
    };
    let limit = Some(params.max_pre_fec_ber);
    let mut m = vec![
        Measurement::judged("pre_fec_ber", Some(overall), "", None, limit),
        Measurement::judged(
            "pre_fec_ber_worst_interval",
            tally.worst.map(|(w, _)| w),
            "",
            None,
            limit,
        ),
    ];
    let counted = matches!(source, Source::Counters(..));
    let mut summary = format!(
        "{} s soak ({}, {}): pre-FEC BER {}",
        fmt_num(tally.elapsed_s),
        match source {
            Source::Counters(_, port) => format!("port {port}"),
            Source::Vdm(v) => format!(
                "module vdm, {} input, {} lane(s)",
                if v.media { "media" } else { "host" },
                v.lanes()
            ),
        },
        rates.describe,
        fmt_num(overall),
    );
    if let Some((w, at)) = tally.worst {
        summary.push_str(&format!(
            " (worst interval {} at {} s)",
            fmt_num(w),
            fmt_num(at)
        ));
    }
    match tally.method {
        Some(BerMethod::CorrectedSymbolsLowerBound) => {
            summary.push_str(", from corrected symbols (a lower bound)")
        }
        Some(BerMethod::CorrectedCodewordsLowerBound) => {
            summary.push_str(", from corrected codewords (a lower bound)")
        }
        _ => {}
    }
    if let Some(e) = tally.errors {
        let unit = match tally.method {
            Some(BerMethod::CorrectedSymbolsLowerBound) => "symbols",
            Some(BerMethod::CorrectedCodewordsLowerBound) => "codewords",
            _ => "bits",
        };
        m.push(info("pre_fec_errors", e as f64, unit));
    }
    if counted || tally.uncorrectable.is_some() {
        m.push(Measurement::judged(
            "uncorrectable_codewords",
            tally.uncorrectable.map(|u| u as f64),
            "codewords",
            None,
            Some(params.max_uncorrectable as f64),
        ));
    }
    if let Some(unc) = tally.uncorrectable {
        summary.push_str(&format!(", {unc} uncorrectable codeword(s)"));
        let bits = rates.mac_bps * tally.elapsed_s;
        match confidence::assess(
            bits,
            unc,
            params.target_ber,
            params.confidence,
            rates.mac_bps,
        ) {
            Ok(a) => {
                m.push(info("post_fec_ber_upper", a.ber_upper, ""));
                m.push(info(
                    "target_ber_demonstrated",
                    if a.reached { 1.0 } else { 0.0 },
                    "",
                ));
                m.push(info("remaining_soak_s", a.remaining_s, "s"));
                summary.push_str(&format!(
                    "; post-FEC BER < {} at {} % confidence, target {} {}",
                    fmt_num(a.ber_upper),
                    fmt_num(params.confidence * 100.0),
                    fmt_num(params.target_ber),
                    if a.reached {
                        "demonstrated".to_string()
                    } else {
                        format!(
                            "not demonstrated ({} s more needed)",
                            fmt_num(a.remaining_s.ceil())
                        )
                    }
                ));
            }
            Err(e) => {
                m.push(Measurement::judged(
                    "post_fec_ber_upper",
                    None,
                    "",
                    None,
                    None,
                ));
                summary.push_str(&format!("; no post-FEC bound: {e}"));
            }
        }
    } else {
        summary.push_str("; no uncorrectable codeword counter, so no post-FEC figure");
    }
    if tally.wraps > 0 {
        summary.push_str(&format!("; {} counter wrap(s) handled", tally.wraps));
    }
    m.push(info("soak_s", tally.elapsed_s, "s"));
    m.push(info("line_rate_gbps", rates.line_bps / 1e9, "Gb/s"));
    AttemptResult::from_measurements(summary, m).with_series(series(tally))
}
