//! Raw check items → [`Check`]s: parameters with their defaults, ranges, unique ids, nesting
//! rules, and the instruments each check needs.

use std::collections::HashSet;
use std::time::Duration;

use super::ctx::{Ctx, narrow};
use crate::plan::checks::*;
use crate::plan::duration;
use crate::plan::path::YamlPath;
use crate::plan::raw_checks::*;

/// What the checks need to know about the station.
pub struct StationFacts {
    /// A chamber is configured.
    pub chamber: bool,
    /// A power meter is configured.
    pub meter: bool,
    /// A counter source is configured.
    pub counters: bool,
    /// Ids of slots that have no `tier`.
    pub slots_without_tier: Vec<String>,
}

/// Validates a list of check items at `path` (`checks` or `...at_each`).
pub fn check_list(
    ctx: &mut Ctx<'_>,
    items: &[RawCheckItem],
    path: &YamlPath,
    facts: &StationFacts,
    nested: bool,
) -> Vec<Check> {
    // Explicit ids first, so generated ones never collide with them.
    let mut taken: HashSet<String> = HashSet::new();
    for (i, item) in items.iter().enumerate() {
        if let Some(id) = explicit_id(item) {
            let id_path = item_path(path, i, item).key("id");
            if let Err(msg) = valid_id(id) {
                ctx.err(&id_path, msg);
            } else if !taken.insert(id.to_string()) {
                ctx.err(
                    &id_path,
                    format!("duplicate check id `{id}`; ids must be unique within a list"),
                );
            }
        }
    }
    let mut checks = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let kind = item.kind();
        let at = item_path(path, i, item);
        if nested && kind == CheckKind::ThermalSweep {
            ctx.err(
                &path.index(i),
                "a thermal_sweep cannot run inside another thermal_sweep's at_each",
            );
            continue;
        }
        let id = match explicit_id(item) {
            Some(id) => id.to_string(),
            None => {
                let mut n = 1;
                let mut candidate = kind.as_str().to_string();
                while taken.contains(&candidate) {
                    n += 1;
                    candidate = format!("{}#{n}", kind.as_str());
                }
                taken.insert(candidate.clone());
                candidate
            }
        };
        let (retries, timeout) = common(ctx, item, &at);
        let params = params(ctx, item, &at, facts);
        if let Some(t) = timeout {
            let least = params.planned_lower_bound();
            if t < least {
                ctx.err(
                    &at.key("timeout"),
                    format!(
                        "timeout {} is shorter than the {} the check needs at least",
                        duration::format(t),
                        duration::format(least)
                    ),
                );
            }
        }
        checks.push(Check {
            id,
            retries,
            timeout,
            params,
        });
    }
    checks
}

/// `checks[i].kind` for a full item, `checks[i]` for a bare one.
fn item_path(path: &YamlPath, i: usize, item: &RawCheckItem) -> YamlPath {
    match item {
        RawCheckItem::Bare(_) => path.index(i),
        RawCheckItem::Full(_) => path.index(i).key(item.kind().as_str()),
    }
}

fn valid_id(id: &str) -> Result<(), String> {
    if id.is_empty() || id.chars().count() > 64 {
        return Err(format!(
            "expected a check id of 1 to 64 characters, found `{id}`"
        ));
    }
    if id.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(format!(
            "a check id has no spaces or control characters, found `{id}`"
        ));
    }
    Ok(())
}

macro_rules! each_raw {
    ($item:expr, $p:ident => $body:expr, $none:expr) => {
        match $item {
            RawCheckItem::Bare(_) => $none,
            RawCheckItem::Full(c) => match c.as_ref() {
                RawCheck::Identity(Some($p)) => $body,
                RawCheck::PowerUp(Some($p)) => $body,
                RawCheck::DomAccuracy(Some($p)) => $body,
                RawCheck::ThresholdsAndFlags(Some($p)) => $body,
                RawCheck::TxDisableLos(Some($p)) => $body,
                RawCheck::ThermalSweep(Some($p)) => $body,
                RawCheck::BerSoak(Some($p)) => $body,
                RawCheck::LinkBudget(Some($p)) => $body,
                _ => $none,
            },
        }
    };
}

fn explicit_id(item: &RawCheckItem) -> Option<&str> {
    each_raw!(item, p => p.id.as_deref(), None)
}

fn common(
    ctx: &mut Ctx<'_>,
    item: &RawCheckItem,
    at: &YamlPath,
) -> (Option<u32>, Option<Duration>) {
    let (retries, timeout) = each_raw!(item, p => (p.retries, p.timeout.clone()), (None, None));
    let retries = retries
        .map(|r| narrow(ctx.int_in(&at.key("retries"), Some(r), 0, 0, 100, "a retry count")));
    let timeout = ctx.opt_duration(&at.key("timeout"), timeout.as_deref());
    (retries, timeout)
}

fn params(
    ctx: &mut Ctx<'_>,
    item: &RawCheckItem,
    at: &YamlPath,
    facts: &StationFacts,
) -> CheckParams {
    let full = match item {
        RawCheckItem::Bare(k) => return defaults_checked(ctx, *k, at, facts),
        RawCheckItem::Full(c) => c.as_ref(),
    };
    match full {
        RawCheck::Identity(p) => {
            let p = p.clone().unwrap_or_default();
            let d = IdentityParams::default();
            CheckParams::Identity(IdentityParams {
                checksums: p.checksums.unwrap_or(d.checksums),
                sku: p.sku.unwrap_or(d.sku),
                power_budget: p.power_budget.unwrap_or(d.power_budget),
            })
        }
        RawCheck::PowerUp(p) => {
            CheckParams::PowerUp(power_up(ctx, &p.clone().unwrap_or_default(), at))
        }
        RawCheck::DomAccuracy(p) => {
            CheckParams::DomAccuracy(dom(ctx, &p.clone().unwrap_or_default(), at, facts))
        }
        RawCheck::ThresholdsAndFlags(p) => {
            let p = p.clone().unwrap_or_default();
            let d = ThresholdsAndFlagsParams::default();
            let monitors = match &p.monitors {
                None => d.monitors,
                Some(names) => {
                    let mut out = Vec::new();
                    for (i, n) in names.iter().enumerate() {
                        let mp = at.key("monitors").index(i);
                        if let Some(m) = ctx.named(&mp, Some(n), Monitor::from_name) {
                            if out.contains(&m) {
                                ctx.err(&mp, format!("monitor `{n}` is listed twice"));
                            } else {
                                out.push(m);
                            }
                        }
                    }
                    out
                }
            };
            CheckParams::ThresholdsAndFlags(ThresholdsAndFlagsParams {
                monitors,
                latched_clear: p.latched_clear.unwrap_or(d.latched_clear),
                clear_reads: narrow(ctx.int_in(
                    &at.key("clear_reads"),
                    p.clear_reads,
                    i64::from(d.clear_reads),
                    1,
                    10,
                    "a number of reads",
                )),
            })
        }
        RawCheck::TxDisableLos(p) => {
            let p = p.clone().unwrap_or_default();
            let d = TxDisableLosParams::default();
            CheckParams::TxDisableLos(TxDisableLosParams {
                tx_off_max: ctx.duration(
                    &at.key("tx_off_max"),
                    p.tx_off_max.as_deref(),
                    d.tx_off_max,
                ),
                tx_on_max: ctx.duration(&at.key("tx_on_max"), p.tx_on_max.as_deref(), d.tx_on_max),
                los: p.los.unwrap_or(d.los),
                los_max: ctx.duration(&at.key("los_max"), p.los_max.as_deref(), d.los_max),
                lanes: lanes(ctx, p.lanes.as_deref(), &at.key("lanes")),
            })
        }
        RawCheck::ThermalSweep(p) => {
            CheckParams::ThermalSweep(thermal(ctx, &p.clone().unwrap_or_default(), at, facts))
        }
        RawCheck::BerSoak(p) => {
            CheckParams::BerSoak(ber(ctx, &p.clone().unwrap_or_default(), at, facts))
        }
        RawCheck::LinkBudget(p) => {
            CheckParams::LinkBudget(link(ctx, &p.clone().unwrap_or_default(), at, facts))
        }
    }
}

/// Defaults of a bare kind, with the same station requirements as a written-out item.
fn defaults_checked(
    ctx: &mut Ctx<'_>,
    kind: CheckKind,
    at: &YamlPath,
    facts: &StationFacts,
) -> CheckParams {
    match kind {
        CheckKind::ThermalSweep => {
            CheckParams::ThermalSweep(thermal(ctx, &RawThermalSweep::default(), at, facts))
        }
        CheckKind::BerSoak => CheckParams::BerSoak(ber(ctx, &RawBerSoak::default(), at, facts)),
        CheckKind::LinkBudget => {
            CheckParams::LinkBudget(link(ctx, &RawLinkBudget::default(), at, facts))
        }
        other => CheckParams::defaults(other),
    }
}

fn lanes(ctx: &mut Ctx<'_>, raw: Option<&[i64]>, path: &YamlPath) -> Vec<u8> {
    let mut out: Vec<u8> = Vec::new();
    for (i, l) in raw.unwrap_or_default().iter().enumerate() {
        if !(1..=8).contains(l) {
            ctx.err(
                &path.index(i),
                format!("expected a lane number from 1 to 8, found {l}"),
            );
            continue;
        }
        let lane: u8 = narrow(*l);
        if out.contains(&lane) {
            ctx.err(&path.index(i), format!("lane {lane} is listed twice"));
        } else {
            out.push(lane);
        }
    }
    out
}

fn power_up(ctx: &mut Ctx<'_>, p: &RawPowerUp, at: &YamlPath) -> PowerUpParams {
    let d = PowerUpParams::default();
    PowerUpParams {
        cycles: narrow(ctx.int_in(
            &at.key("cycles"),
            p.cycles,
            i64::from(d.cycles),
            1,
            1000,
            "a number of power cycles",
        )),
        application: narrow(ctx.int_in(
            &at.key("application"),
            p.application,
            i64::from(d.application),
            1,
            15,
            "a CMIS application (AppSel) code",
        )),
        off_time: ctx.duration(&at.key("off_time"), p.off_time.as_deref(), d.off_time),
        sfp_t_init: ctx.duration(&at.key("sfp_t_init"), p.sfp_t_init.as_deref(), d.sfp_t_init),
        qsfp_t_init: ctx.duration(
            &at.key("qsfp_t_init"),
            p.qsfp_t_init.as_deref(),
            d.qsfp_t_init,
        ),
        cmis_ready_fallback: ctx.duration(
            &at.key("cmis_ready_fallback"),
            p.cmis_ready_fallback.as_deref(),
            d.cmis_ready_fallback,
        ),
        cmis_datapath_fallback: ctx.duration(
            &at.key("cmis_datapath_fallback"),
            p.cmis_datapath_fallback.as_deref(),
            d.cmis_datapath_fallback,
        ),
    }
}

fn dom(
    ctx: &mut Ctx<'_>,
    p: &RawDomAccuracy,
    at: &YamlPath,
    facts: &StationFacts,
) -> DomAccuracyParams {
    let d = DomAccuracyParams::default();
    let reference = match p.reference.as_deref() {
        None | Some("auto") => Reference::Auto,
        Some("none") => Reference::None,
        Some(_) => {
            if !facts.meter {
                ctx.err(
                    &at.key("reference"),
                    "reference `meter` needs station.instruments.meter, which this station lacks",
                );
            }
            Reference::Instrument
        }
    };
    let temperature_reference = match p.temperature_reference.as_deref() {
        None | Some("auto") => Reference::Auto,
        Some("none") => Reference::None,
        Some(_) => {
            if !facts.chamber {
                ctx.err(
                    &at.key("temperature_reference"),
                    "temperature_reference `chamber` needs station.instruments.chamber, which this station lacks",
                );
            }
            Reference::Instrument
        }
    };
    let lp = at.key("limits");
    let l = p.limits.clone().unwrap_or_default();
    let dl = DomLimits::default();
    DomAccuracyParams {
        reference,
        temperature_reference,
        supply_v: ctx.positive(&at.key("supply_v"), p.supply_v, d.supply_v, "of volts"),
        rx_input_dbm: p.rx_input_dbm,
        nominal_bias_ma: p
            .nominal_bias_ma
            .map(|v| ctx.positive(&at.key("nominal_bias_ma"), Some(v), 1.0, "of mA")),
        patch_loss_db: ctx.non_negative(
            &at.key("patch_loss_db"),
            p.patch_loss_db,
            d.patch_loss_db,
            "of dB",
        ),
        samples: narrow(ctx.int_in(
            &at.key("samples"),
            p.samples,
            i64::from(d.samples),
            1,
            100,
            "a number of samples",
        )),
        lanes: lanes(ctx, p.lanes.as_deref(), &at.key("lanes")),
        limits: DomLimits {
            temperature_c: ctx.positive(
                &lp.key("temperature_c"),
                l.temperature_c,
                dl.temperature_c,
                "of °C",
            ),
            vcc_pct: ctx.positive(&lp.key("vcc_pct"), l.vcc_pct, dl.vcc_pct, "of percent"),
            tx_bias_pct: ctx.positive(
                &lp.key("tx_bias_pct"),
                l.tx_bias_pct,
                dl.tx_bias_pct,
                "of percent",
            ),
            tx_power_db: ctx.positive(
                &lp.key("tx_power_db"),
                l.tx_power_db,
                dl.tx_power_db,
                "of dB",
            ),
            rx_power_db: ctx.positive(
                &lp.key("rx_power_db"),
                l.rx_power_db,
                dl.rx_power_db,
                "of dB",
            ),
        },
    }
}

fn thermal(
    ctx: &mut Ctx<'_>,
    p: &RawThermalSweep,
    at: &YamlPath,
    facts: &StationFacts,
) -> ThermalSweepParams {
    let d = ThermalSweepParams::default();
    if !facts.chamber {
        ctx.err(
            at,
            "thermal_sweep needs station.instruments.chamber, which this station lacks",
        );
    }
    let setpoints_c = match &p.setpoints_c {
        None => d.setpoints_c.clone(),
        Some(list) => {
            if list.is_empty() {
                ctx.err(
                    &at.key("setpoints_c"),
                    "expected at least one setpoint, found an empty list",
                );
            }
            for (i, s) in list.iter().enumerate() {
                if !(-60.0..=150.0).contains(s) {
                    ctx.err(
                        &at.key("setpoints_c").index(i),
                        format!("expected a setpoint from -60 to 150 °C, found {s}"),
                    );
                }
            }
            list.clone()
        }
    };
    let sp = at.key("stability");
    let s = p.stability.clone().unwrap_or_default();
    let ds = Stability::default();
    let stability = Stability {
        max_rate_c_per_min: ctx.positive(
            &sp.key("max_rate_c_per_min"),
            s.max_rate_c_per_min,
            ds.max_rate_c_per_min,
            "of °C per minute",
        ),
        window: ctx.duration(&sp.key("window"), s.window.as_deref(), ds.window),
    };
    let settle_timeout = ctx.duration(
        &at.key("settle_timeout"),
        p.settle_timeout.as_deref(),
        d.settle_timeout,
    );
    if stability.window > settle_timeout {
        ctx.err(
            &sp.key("window"),
            format!(
                "the stability window {} is longer than settle_timeout {}, so no setpoint could ever settle",
                duration::format(stability.window),
                duration::format(settle_timeout)
            ),
        );
    }
    let at_each = match &p.at_each {
        None => d.at_each.clone(),
        Some(items) => check_list(ctx, items, &at.key("at_each"), facts, true),
    };
    ThermalSweepParams {
        setpoints_c,
        dwell: ctx.duration(&at.key("dwell"), p.dwell.as_deref(), d.dwell),
        stability,
        settle_timeout,
        chamber_tolerance_c: ctx.positive(
            &at.key("chamber_tolerance_c"),
            p.chamber_tolerance_c,
            d.chamber_tolerance_c,
            "of °C",
        ),
        sample_interval: ctx.duration(
            &at.key("sample_interval"),
            p.sample_interval.as_deref(),
            d.sample_interval,
        ),
        at_each,
    }
}

fn ber(ctx: &mut Ctx<'_>, p: &RawBerSoak, at: &YamlPath, facts: &StationFacts) -> BerSoakParams {
    let d = BerSoakParams::default();
    if !facts.counters {
        ctx.err(
            at,
            "ber_soak needs station.instruments.counters, which this station lacks (use `source: vdm` to read a CMIS module's own counters, or `sim`)",
        );
    }
    let duration = ctx.duration(&at.key("duration"), p.duration.as_deref(), d.duration);
    let interval = ctx.duration(&at.key("interval"), p.interval.as_deref(), d.interval);
    if interval < Duration::from_secs(1) && p.interval.is_some() {
        ctx.err(
            &at.key("interval"),
            format!(
                "expected an interval of at least 1s (counters update about once a second), found {}",
                duration::format(interval)
            ),
        );
    }
    if interval > duration {
        ctx.err(
            &at.key("interval"),
            format!(
                "the interval {} is longer than the soak duration {}",
                duration::format(interval),
                duration::format(duration)
            ),
        );
    }
    let max_uncorrectable = match p.max_uncorrectable {
        Some(v) if v < 0 => {
            ctx.err(
                &at.key("max_uncorrectable"),
                format!("expected a count of codewords (0 or more), found {v}"),
            );
            0
        }
        Some(v) => v.unsigned_abs(),
        None => d.max_uncorrectable,
    };
    BerSoakParams {
        duration,
        interval,
        max_pre_fec_ber: ctx.fraction(
            &at.key("max_pre_fec_ber"),
            p.max_pre_fec_ber,
            d.max_pre_fec_ber,
            "a bit error ratio",
        ),
        max_uncorrectable,
        target_ber: ctx.fraction(
            &at.key("target_ber"),
            p.target_ber,
            d.target_ber,
            "a bit error ratio",
        ),
        confidence: ctx.fraction(
            &at.key("confidence"),
            p.confidence,
            d.confidence,
            "a confidence level",
        ),
        line_rate_gbps: p
            .line_rate_gbps
            .map(|r| ctx.positive(&at.key("line_rate_gbps"), Some(r), 1.0, "of Gb/s")),
    }
}

fn link(
    ctx: &mut Ctx<'_>,
    p: &RawLinkBudget,
    at: &YamlPath,
    facts: &StationFacts,
) -> LinkBudgetParams {
    let tier = ctx.named(&at.key("tier"), p.tier.as_deref(), Tier::from_name);
    if tier.is_none() && p.tier.is_none() && !facts.slots_without_tier.is_empty() {
        ctx.err(
            at,
            format!(
                "link_budget needs a tier: set `tier` here or on every slot (slot{} {} ha{} none)",
                if facts.slots_without_tier.len() == 1 {
                    ""
                } else {
                    "s"
                },
                list_some(&facts.slots_without_tier),
                if facts.slots_without_tier.len() == 1 {
                    "s"
                } else {
                    "ve"
                },
            ),
        );
    }
    LinkBudgetParams {
        tier,
        loss_db: p
            .loss_db
            .map(|v| ctx.non_negative(&at.key("loss_db"), Some(v), 0.0, "of dB")),
        margin_db: p
            .margin_db
            .map(|v| ctx.non_negative(&at.key("margin_db"), Some(v), 0.0, "of dB")),
        rx_sensitivity_dbm: p.rx_sensitivity_dbm,
        warning_margin_db: p
            .warning_margin_db
            .map(|v| ctx.non_negative(&at.key("warning_margin_db"), Some(v), 0.0, "of dB")),
    }
}

/// `a, b, c` or `a, b, c and 7 more`.
fn list_some(ids: &[String]) -> String {
    let shown: Vec<&str> = ids.iter().take(3).map(String::as_str).collect();
    if ids.len() > 3 {
        format!("{} and {} more", shown.join(", "), ids.len() - 3)
    } else {
        shown.join(", ")
    }
}
