//! Semantic validation: a raw plan (structurally sound) becomes a [`Plan`], or every problem
//! found is reported with its line, column and path.

mod checks;
mod ctx;
mod grants;
mod instruments;
mod station;

use std::time::Duration;

pub use ctx::Ctx;

use crate::plan::error::PlanError;
use crate::plan::model::{Clock, CounterSource, Options, Plan, Station};
use crate::plan::path::YamlPath;
use crate::plan::raw::{RawOptions, RawPlan};
use crate::plan::tree::Node;
use crate::transport::selector::Selector;

use self::checks::StationFacts;

/// Validates `raw` (read from `file`, whose YAML tree is `tree`).
pub fn build(raw: &RawPlan, tree: &Node, file: &str) -> Result<Plan, Vec<PlanError>> {
    let mut ctx = Ctx::new(tree, file);
    let root = YamlPath::root();
    if raw.plan.trim().is_empty() {
        ctx.err(
            &root.key("plan"),
            "expected the plan's name, found empty text",
        );
    }
    let sku = raw
        .sku
        .as_ref()
        .map(|s| station::sku(&mut ctx, s, &root.key("sku")));
    let sp = root.key("station");
    let slots = station::slots(&mut ctx, &raw.station.slots, &sp.key("slots"), sku.as_ref());
    let instruments = raw
        .station
        .instruments
        .as_ref()
        .map(|i| instruments::instruments(&mut ctx, i, &sp.key("instruments")))
        .unwrap_or_default();
    let grants = grants::grants(
        &mut ctx,
        raw.station.grants.as_deref().unwrap_or_default(),
        &sp.key("grants"),
    );
    let station = Station {
        name: raw.station.name.clone(),
        slots,
        instruments,
        grants,
    };
    counters_need_ports(&mut ctx, &station, raw);
    let options = options(
        &mut ctx,
        raw.options.as_ref(),
        &root.key("options"),
        &station,
    );
    let facts = StationFacts {
        chamber: station.instruments.chamber.is_some(),
        meter: station.instruments.meter.is_some(),
        counters: station.instruments.counters.is_some(),
        slots_without_tier: station
            .slots
            .iter()
            .filter(|s| s.tier.is_none())
            .map(|s| s.id.clone())
            .collect(),
    };
    let checks = checks::check_list(&mut ctx, &raw.checks, &root.key("checks"), &facts, false);
    if ctx.errors.is_empty() {
        Ok(Plan {
            name: raw.plan.clone(),
            description: raw.description.clone(),
            file: file.to_string(),
            sku,
            station,
            options,
            checks,
        })
    } else {
        Err(ctx.errors)
    }
}

/// SONiC and ethtool counters are found by port name, so every slot needs one.
fn counters_need_ports(ctx: &mut Ctx<'_>, station: &Station, raw: &RawPlan) {
    let Some(c) = &station.instruments.counters else {
        return;
    };
    let name = match c.source {
        CounterSource::SonicRedis => "sonic-redis",
        CounterSource::Ethtool => "ethtool",
        _ => return,
    };
    for (i, r) in raw.station.slots.iter().enumerate() {
        if r.switch_port.is_none() {
            ctx.err(
                &YamlPath::root().key("station").key("slots").index(i),
                format!(
                    "slot `{}` has no switch_port, which the {name} counter source needs to find its counters",
                    r.id
                ),
            );
        }
    }
}

fn options(
    ctx: &mut Ctx<'_>,
    raw: Option<&RawOptions>,
    path: &YamlPath,
    station: &Station,
) -> Options {
    let d = Options::default();
    let Some(o) = raw else {
        return d;
    };
    let clock = match o.clock.as_deref() {
        Some("virtual") => Clock::Virtual,
        Some("wall") => Clock::Wall,
        _ => Clock::Auto,
    };
    if clock == Clock::Virtual {
        let real_slot = station
            .slots
            .iter()
            .find(|s| !matches!(s.selector, Selector::Mock { .. }));
        let i = &station.instruments;
        let real_instrument = [
            i.chamber
                .as_ref()
                .filter(|c| c.driver != crate::plan::model::ChamberDriver::Sim)
                .map(|_| "chamber"),
            i.meter
                .as_ref()
                .filter(|m| m.driver != crate::plan::model::MeterDriver::Sim)
                .map(|_| "meter"),
            i.counters
                .as_ref()
                .filter(|c| !matches!(c.source, CounterSource::Sim | CounterSource::Vdm))
                .map(|_| "counters"),
        ]
        .into_iter()
        .flatten()
        .next();
        if let Some(s) = real_slot {
            ctx.err(
                &path.key("clock"),
                format!(
                    "virtual time needs every module simulated, but slot `{}` uses `{}` (design.md §6: real hardware runs on the wall clock)",
                    s.id, s.bus
                ),
            );
        } else if let Some(what) = real_instrument {
            ctx.err(
                &path.key("clock"),
                format!("virtual time needs every instrument simulated, but the {what} is real"),
            );
        }
    }
    Options {
        concurrency: ctx::narrow(ctx.int_in(
            &path.key("concurrency"),
            o.concurrency,
            i64::from(d.concurrency),
            1,
            100_000,
            "a number of modules run at once",
        )),
        retries: ctx::narrow(ctx.int_in(
            &path.key("retries"),
            o.retries,
            0,
            0,
            100,
            "a retry count",
        )),
        step_timeout: ctx.duration(
            &path.key("step_timeout"),
            o.step_timeout.as_deref(),
            Duration::from_secs(600),
        ),
        stop_on_fail: o.stop_on_fail.unwrap_or(d.stop_on_fail),
        clock,
    }
}
