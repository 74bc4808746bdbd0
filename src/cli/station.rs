//! Builds a run's station from a plan: the concrete backends of every slot, the host controls,
//! the instruments and counter sources (the CLI is the only place that names them).

use std::sync::Arc;

use tokio::sync::Mutex;

use crate::ber::rates::PortType;
use crate::checks::Station;
use crate::checks::sweep::Rendezvous;
use crate::instruments::host::NoHostControl;
use crate::memmap::{self, decoded::Decoded};
use crate::module::paged::{PagedModule, Paging};
use crate::plan::Plan;
use crate::plan::model::{ChamberDriver, CounterEndpoint, CounterSource, Endpoint, MeterDriver};
use crate::runner::execute::SlotSetup;
use crate::sim::bench::{SimLab, SimSlotSpec};
use crate::sim::lab::{SimChamberDriver, SimMeterDriver};
use crate::sim::module::SimParams;
use crate::transport::actor::{self, BusConfig};
use crate::transport::selector::Selector;

use super::exit::Failure;
use super::{backends, load};

/// The switch port type a module runs at, from what it advertises: the first application's host
/// interface (CMIS) or the QSFP28 family (SFF-8636). `None`: no RS-FEC port to count (SFP).
pub fn port_type_of(d: &Decoded) -> Option<PortType> {
    let name = match d.applications.first().map(|a| a.host_interface_id) {
        Some(0x11) => "400g-8x50",         // 400GAUI-8
        Some(0x4F | 0x50) => "400g-4x100", // 400GAUI-4
        Some(0x51 | 0x52) => "800g-8x100", // 800GAUI-8
        Some(0x0B | 0x0C) => "100g-4x25",  // CAUI-4 / 100GAUI-4
        Some(0x0D) => "100g-2x50",         // 100GAUI-2
        Some(0x1D) => "400g-8x50",         // 400G CR8
        Some(0x1C) => "200g-4x50",         // 200GBASE-CR4
        _ if d.spec == memmap::Spec::Sff8636 => "100g-4x25",
        _ => return None,
    };
    name.parse().ok()
}

fn endpoint_text(e: &Endpoint) -> String {
    match e {
        Endpoint::Tcp { host, port } => format!("tcp://{host}:{port}"),
        Endpoint::Serial { path, baud } => format!("serial:{path}?baud={baud}"),
        Endpoint::Sim => "sim".into(),
    }
}

/// A simulated module for the bench from a `mock:` fixture (name or path, `?key=value`
/// overrides), with its switch port when it has an RS-FEC port type.
pub fn sim_spec(
    name: &str,
    fixture: &str,
    switch_port: Option<String>,
) -> Result<SimSlotSpec, Failure> {
    let (file, query) = match fixture.split_once('?') {
        Some((a, b)) => (a, Some(b)),
        None => (fixture, None),
    };
    let path = backends::resolve_fixture(file)?;
    let read = load::read_image(&path)?;
    let mut params = SimParams::from_yaml(read.sim.as_ref())
        .map_err(|e| Failure::input(anyhow::anyhow!("{}: {e}", path.display())))?;
    if let Some(q) = query {
        params
            .apply_query(q)
            .map_err(|e| Failure::input(anyhow::anyhow!("{name}: mock:{fixture}: {e}")))?;
    }
    let port = match (switch_port, memmap::decode(&read.image).ok()) {
        (Some(p), Some(d)) => port_type_of(&d).map(|t| (p, t)),
        _ => None,
    };
    Ok(SimSlotSpec {
        name: name.to_string(),
        image: read.image,
        params,
        port,
    })
}

/// Builds the slots and the station. Must run inside the run's tokio runtime (actors, the
/// tokio clock of simulated parts).
pub async fn build(plan: &Plan) -> Result<(Vec<SlotSetup>, Station), Failure> {
    let n = plan.station.slots.len();
    let all_mock = plan
        .station
        .slots
        .iter()
        .all(|s| matches!(s.selector, Selector::Mock { .. }));
    let instruments = &plan.station.instruments;
    let mut station = Station {
        chamber: None,
        meter: None,
        counters: None,
        meter_route: None,
        rendezvous: Rendezvous::new(n),
    };
    let mut slots = Vec::with_capacity(n);
    if all_mock {
        let mut specs = Vec::with_capacity(n);
        for slot in &plan.station.slots {
            let Selector::Mock { fixture } = &slot.selector else {
                continue;
            };
            let mut spec = sim_spec(&slot.id, fixture, slot.switch_port.clone())?;
            // Each slot's noise differs, reproducibly.
            spec.params.seed = spec.params.seed.wrapping_add(specs.len() as u64 * 7919);
            specs.push(spec);
        }
        let lab = SimLab::build(specs)
            .map_err(|e| Failure::input(anyhow::anyhow!("simulated bench: {e}")))?;
        if instruments
            .chamber
            .as_ref()
            .is_some_and(|c| c.driver == ChamberDriver::Sim)
        {
            station.chamber = Some(Mutex::new(Box::new(SimChamberDriver::new(
                lab.chamber.clone(),
            ))));
        }
        if instruments
            .meter
            .as_ref()
            .is_some_and(|m| m.driver == MeterDriver::Sim)
        {
            station.meter = Some(Mutex::new(Box::new(SimMeterDriver::new(lab.meter.clone()))));
            station.meter_route = Some(lab.meter_router());
        }
        match &instruments.counters {
            Some(c) if c.source == CounterSource::Sim => {
                station.counters =
                    Some(Arc::clone(&lab.switch) as Arc<dyn crate::counters::CounterSource>);
            }
            Some(c) => station.counters = open_counters(c)?,
            None => {}
        }
        for s in &lab.slots {
            let bus = actor::spawn(Box::new(s.module.clone()), BusConfig::default());
            slots.push(SlotSetup {
                module: PagedModule::new(bus, Paging::CMIS),
                host: Box::new(s.control.clone()),
            });
        }
    } else {
        for slot in &plan.station.slots {
            let transport = backends::open(&slot.bus)?;
            let bus = actor::spawn(transport, BusConfig::default());
            slots.push(SlotSetup {
                module: PagedModule::new(bus, Paging::CMIS),
                host: Box::new(NoHostControl),
            });
        }
        if let Some(c) = &instruments.chamber {
            if c.driver == ChamberDriver::Sim {
                return Err(Failure::input(anyhow::anyhow!(
                    "a simulated chamber needs every slot on the mock (it heats simulated modules only)"
                )));
            }
            let driver = match c.driver {
                ChamberDriver::Thermostream => "thermostream",
                _ => "scpi-chamber",
            };
            let ch = crate::instruments::open_chamber(driver, &endpoint_text(&c.endpoint))
                .await
                .map_err(Failure::harness)?;
            station.chamber = Some(Mutex::new(ch));
        }
        if let Some(m) = &instruments.meter {
            let driver = match m.driver {
                MeterDriver::Keysight816x => "keysight-816x",
                MeterDriver::ThorlabsPm100 => "thorlabs-pm100",
                MeterDriver::Sim => {
                    return Err(Failure::input(anyhow::anyhow!(
                        "a simulated meter needs every slot on the mock"
                    )));
                }
            };
            let meter = crate::instruments::open_meter(driver, &endpoint_text(&m.endpoint))
                .await
                .map_err(Failure::harness)?;
            station.meter = Some(Mutex::new(meter));
        }
        if let Some(c) = &instruments.counters {
            station.counters = open_counters(c)?;
        }
    }
    // Write grants of the plan (design.md §7): every slot's allowlist is extended by them.
    for slot in &mut slots {
        for g in &plan.station.grants {
            let half = match g.page {
                None => crate::addr::Half::Lower,
                Some(sel) => crate::addr::Half::Upper(sel),
            };
            let segment = crate::addr::SegmentId {
                device: g.device,
                half,
            };
            slot.module.grant(crate::module::write_safety::Grant::bytes(
                segment,
                *g.bytes.start(),
                *g.bytes.end(),
            ));
        }
    }
    Ok((slots, station))
}

/// Opens a plan's counter source (not the simulated switch, which lives in the bench).
fn open_counters(
    c: &crate::plan::model::Counters,
) -> Result<Option<Arc<dyn crate::counters::CounterSource>>, Failure> {
    match (&c.source, &c.endpoint) {
        (CounterSource::SonicRedis, CounterEndpoint::Redis { host, port, db }) => {
            let url = match db {
                Some(db) => format!("redis://{host}:{port}/{db}"),
                None => format!("redis://{host}:{port}"),
            };
            let src = crate::counters::sonic::SonicSource::new(&url).map_err(Failure::input)?;
            return Ok(Some(Arc::new(src)));
        }
        (CounterSource::Vdm, _) => {}
        (CounterSource::Ethtool | CounterSource::Command, endpoint) => {
            let target: crate::counters::runner::CommandTarget = match endpoint {
                CounterEndpoint::Ssh { target } => {
                    format!("ssh://{target}").parse().map_err(Failure::input)?
                }
                _ => crate::counters::runner::CommandTarget::Local,
            };
            let runner: Arc<dyn crate::counters::runner::RunCommand> =
                Arc::new(crate::counters::runner::CommandRunner::new(
                    target,
                    std::time::Duration::from_secs(10),
                ));
            if c.source == CounterSource::Ethtool {
                return Ok(Some(Arc::new(
                    crate::counters::ethtool::EthtoolSource::new(runner),
                )));
            } else {
                let line = c.command.clone().unwrap_or_default();
                let argv: Vec<String> = line.split_whitespace().map(str::to_string).collect();
                let src = crate::counters::json_command::JsonCommandSource::new(runner, argv)
                    .map_err(Failure::input)?;
                return Ok(Some(Arc::new(src)));
            }
        }
        (other, _) => {
            return Err(Failure::harness(anyhow::anyhow!(
                "counter source {other:?} needs a redis:// address"
            )));
        }
    }
    Ok(None)
}
