//! A simulated bench for check tests: modules from fixtures/modules on the mock, the simulated
//! chamber, meter and switch, on the paused tokio clock. Use inside
//! `#[tokio::test(start_paused = true)]`.

use std::sync::Arc;

use tokio::sync::Mutex;

use super::{CheckEnv, Station};
use crate::ber::rates::PortType;
use crate::memmap::image;
use crate::module::paged::{PagedModule, Paging};
use crate::plan::{self, Plan};
use crate::sim::bench::{SimLab, SimSlotSpec};
use crate::sim::lab::{SimChamberDriver, SimMeterDriver};
use crate::sim::module::SimParams;
use crate::transport::actor::{self, BusConfig};

/// The bench and everything a [`CheckEnv`] borrows.
pub struct Kit {
    /// A plan with one slot per fixture (ids `m0`, `m1`, ...; switch ports `Ethernet0`, ...).
    pub plan: Plan,
    /// The simulated bench (module handles for fault injection and truth).
    pub lab: SimLab,
    /// Paged access per slot.
    pub modules: Vec<PagedModule>,
    /// Shared instruments.
    pub station: Station,
}

fn port_type(fixture: &str) -> Option<PortType> {
    let t = if fixture.contains("800g") {
        "800g-8x100"
    } else if fixture.contains("400g") {
        "400g-8x50"
    } else if fixture.contains("100g") {
        "100g-4x25"
    } else {
        return None;
    };
    t.parse().ok()
}

impl Kit {
    /// A bench with `fixtures` (names in fixtures/modules, optionally `name?key=value` sim
    /// overrides) and `checks_yaml` as the plan's `checks:` list.
    pub fn new(fixtures: &[&str], checks_yaml: &str) -> Kit {
        let root = env!("CARGO_MANIFEST_DIR");
        let mut slots_yaml = String::new();
        let mut specs = Vec::new();
        for (i, f) in fixtures.iter().enumerate() {
            let (name, query) = f.split_once('?').map_or((*f, None), |(n, q)| (n, Some(q)));
            slots_yaml.push_str(&format!(
                "    - {{ id: m{i}, bus: \"mock:{name}\", switch_port: Ethernet{}, power_budget_w: 25 }}\n",
                i * 8
            ));
            let path = format!("{root}/fixtures/modules/{name}.yaml");
            let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
            let read = image::read(&bytes).unwrap_or_else(|e| panic!("{path}: {e}"));
            let mut params = SimParams::from_yaml(read.sim.as_ref()).expect("sim params");
            if let Some(q) = query {
                params.apply_query(q).expect("sim query");
            }
            specs.push(SimSlotSpec {
                name: format!("m{i}"),
                image: read.image,
                params,
                port: port_type(name).map(|t| (format!("Ethernet{}", i * 8), t)),
            });
        }
        let text = format!(
            "plan: check test\nstation:\n  slots:\n{slots_yaml}  instruments:\n    chamber: {{ driver: sim }}\n    meter: {{ driver: sim, channel: 1 }}\n    counters: {{ source: sim }}\noptions: {{ clock: virtual }}\nchecks:\n{checks_yaml}\n"
        );
        let plan = plan::parse(&text, "kit.yaml").unwrap_or_else(|e| panic!("{e}\n{text}"));
        let lab = SimLab::build(specs).expect("sim lab");
        let modules = lab
            .slots
            .iter()
            .map(|s| {
                let bus = actor::spawn(Box::new(s.module.clone()), BusConfig::default());
                PagedModule::new(bus, Paging::CMIS)
            })
            .collect();
        let station = Station {
            chamber: Some(Mutex::new(Box::new(SimChamberDriver::new(
                lab.chamber.clone(),
            )))),
            meter: Some(Mutex::new(Box::new(SimMeterDriver::new(lab.meter.clone())))),
            counters: Some(Arc::clone(&lab.switch) as Arc<dyn crate::counters::CounterSource>),
            meter_route: Some(lab.meter_router()),
            rendezvous: super::sweep::Rendezvous::new(fixtures.len()),
        };
        Kit {
            plan,
            lab,
            modules,
            station,
        }
    }

    /// The environment of slot `i`.
    pub fn env(&mut self, i: usize) -> CheckEnv<'_> {
        CheckEnv {
            plan: &self.plan,
            slot: &self.plan.station.slots[i],
            slot_index: i,
            module: &mut self.modules[i],
            host: &self.lab.slots[i].control,
            station: &self.station,
        }
    }

    /// Runs check number `n` of the plan on slot `i`.
    pub async fn run(&mut self, n: usize, i: usize) -> super::AttemptResult {
        let check = self.plan.checks[n].clone();
        let mut env = self.env(i);
        super::run(&check, &mut env).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn the_kit_builds_a_bench_and_takes_a_snapshot() {
        let mut kit = Kit::new(&["qsfpdd-400g-dr4", "sfp-10g-sr"], "  - identity");
        let (_, d) = kit.env(0).snapshot().await.expect("snapshot");
        assert_eq!(d.vendor.pn, "AC-QDD-400G-DR4");
        let (_, d) = kit.env(1).snapshot().await.expect("snapshot");
        assert_eq!(d.vendor.pn, "AC-SFP-10G-SR");
        // The meter follows its route.
        kit.lab.route_meter(Some((0, 1)));
        tokio::time::sleep(std::time::Duration::from_secs(30)).await;
        let mut meter = kit.station.meter.as_ref().expect("meter").lock().await;
        let dbm = meter.read_power_dbm(1).await.expect("reading");
        assert!((-3.0..4.0).contains(&dbm), "{dbm}");
    }
}
