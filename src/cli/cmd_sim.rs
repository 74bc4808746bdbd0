//! `optiqual sim ...`: the simulated lab.

use std::path::PathBuf;

use anyhow::Context;

use crate::sim::board;
use crate::sim::synth::skus as synth;
use crate::transport::Transport;
use crate::transport::selector::SerialProtocol;

use crate::sim::bench::SimLab;
use crate::sim::lab::dialects::keysight::KeysightSim;
use crate::sim::lab::dialects::thermostream::ThermoStreamSim;
use crate::sim::switch::serve_redis;

use super::station;

use super::exit::{CmdResult, Exit, Failure};

/// Subcommands of `sim`.
#[derive(Debug, clap::Subcommand)]
pub enum SimCommand {
    /// Write the synthesised module SKUs as YAML images (the files in fixtures/modules/).
    Synth(SynthArgs),
    /// Serve simulated evaluation-board firmware for simulated modules on a kernel
    /// pseudo-terminal, and print its path: `optiqual dump --bus serial:PROTOCOL:PATH` then
    /// talks to it through a real tty. Runs until Ctrl-C (or --seconds).
    Serve(ServeArgs),
}

/// Arguments of `sim serve`.
#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// Bridge protocol the board speaks: firmata or ascii.
    #[arg(long, default_value = "firmata")]
    pub protocol: String,
    /// Line rate the board paces its output at.
    #[arg(long, default_value_t = 115_200)]
    pub baud: u32,
    /// A simulated module (fixture name or path, as in `mock:`); repeat for several modules
    /// behind a simulated PCA954x mux at 0x70 (channel = order given).
    #[arg(long = "module", default_value = "qsfpdd-400g-dr4")]
    pub modules: Vec<String>,
    /// Stop after this many seconds (default: run until interrupted).
    #[arg(long)]
    pub seconds: Option<u64>,
    /// Also serve the simulated chamber (ThermoStream dialect) and power meter (Keysight 816x
    /// dialect) as SCPI servers on loopback TCP; the modules feel the chamber.
    #[arg(long)]
    pub instruments: bool,
    /// Publish the simulated switch ports' FEC counters into this redis (SONiC COUNTERS_DB
    /// layout), e.g. redis://127.0.0.1:6379.
    #[arg(long)]
    pub redis: Option<String>,
}

/// Arguments of `sim synth`.
#[derive(Debug, clap::Args)]
pub struct SynthArgs {
    /// Directory to write `<sku>.yaml` into.
    #[arg(long, default_value = "fixtures/modules")]
    pub out: PathBuf,
    /// Only this SKU (e.g. `qsfpdd-400g-dr4`); all when absent.
    #[arg(long)]
    pub sku: Option<String>,
}

/// Runs a `sim` subcommand.
pub fn run(cmd: &SimCommand) -> CmdResult {
    match cmd {
        SimCommand::Synth(args) => synth_cmd(args),
        SimCommand::Serve(args) => serve_cmd(args),
    }
}

fn serve_cmd(args: &ServeArgs) -> CmdResult {
    let protocol = match args.protocol.as_str() {
        "firmata" => SerialProtocol::Firmata,
        "ascii" => SerialProtocol::Ascii,
        other => {
            return Err(Failure::input(anyhow::anyhow!(
                "--protocol {other}: use firmata or ascii"
            )));
        }
    };
    let mut specs = Vec::new();
    for (i, m) in args.modules.iter().enumerate() {
        specs.push(station::sim_spec(
            &format!("m{i}"),
            m,
            Some(format!("Ethernet{}", i * 8)),
        )?);
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")
        .map_err(Failure::harness)?;
    let interrupted = runtime.block_on(async {
        let lab = SimLab::build(specs)
            .map_err(|e| Failure::input(anyhow::anyhow!("simulated bench: {e}")))?;
        // A meter behind no optical switch reads the first module's lane 1.
        lab.route_meter(Some((0, 1)));
        let modules: Vec<Box<dyn Transport>> = lab
            .slots
            .iter()
            .map(|s| Box::new(s.module.clone()) as Box<dyn Transport>)
            .collect();
        let server = board::serve_pty(protocol, modules, args.baud)
            .context("cannot open a pseudo-terminal")
            .map_err(Failure::harness)?;
        let path = server.path().display().to_string();
        println!(
            "serving {} simulated module(s) over {} at {} baud on {path}",
            args.modules.len(),
            args.protocol,
            args.baud
        );
        println!("selector: serial:{}:{path}?baud={}", args.protocol, args.baud);
        if args.modules.len() > 1 {
            for (ch, m) in args.modules.iter().enumerate() {
                println!(
                    "  {m}: serial:{}:{path}?baud={}&mux=0x70:{ch}",
                    args.protocol, args.baud
                );
            }
        }
        let mut scpi = Vec::new();
        if args.instruments {
            let chamber = ThermoStreamSim::new(lab.chamber.clone())
                .serve()
                .await
                .context("cannot serve the simulated chamber")
                .map_err(Failure::harness)?;
            println!("chamber: {{ driver: thermostream, address: \"{}\" }}", chamber.address());
            let meter = KeysightSim::new(lab.meter.clone(), 1)
                .serve()
                .await
                .context("cannot serve the simulated power meter")
                .map_err(Failure::harness)?;
            println!("meter: {{ driver: keysight-816x, address: \"{}\", channel: 1 }}", meter.address());
            scpi.push(chamber);
            scpi.push(meter);
        }
        let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
        let publisher = args.redis.clone().map(|url| {
            let switch = std::sync::Arc::clone(&lab.switch);
            let mut stop = stop_rx.clone();
            println!("counters: {{ source: sonic-redis, address: \"{url}\" }} (ports Ethernet0, Ethernet8, ...)");
            tokio::spawn(async move {
                let done = async move {
                    let _ = stop.wait_for(|s| *s).await;
                };
                serve_redis(&switch, &url, std::time::Duration::from_secs(1), done).await
            })
        });
        use std::io::Write as _;
        let _ = std::io::stdout().flush();
        let interrupted = match args.seconds {
            Some(s) => tokio::select! {
                _ = tokio::time::sleep(std::time::Duration::from_secs(s)) => false,
                _ = tokio::signal::ctrl_c() => true,
            },
            None => tokio::signal::ctrl_c().await.is_ok(),
        };
        let _ = stop_tx.send(true);
        if let Some(p) = publisher {
            match p.await {
                Ok(Err(e)) => eprintln!("error: publishing counters: {e}"),
                Err(e) => eprintln!("error: counter publisher: {e}"),
                Ok(Ok(())) => {}
            }
        }
        drop(scpi);
        drop(server);
        Ok::<bool, Failure>(interrupted)
    })?;
    Ok(if interrupted {
        Exit::Interrupted
    } else {
        Exit::Ok
    })
}

fn synth_cmd(args: &SynthArgs) -> CmdResult {
    let skus = synth::try_all().map_err(Failure::harness)?;
    let ids: Vec<&str> = skus.iter().map(|s| s.id).collect();
    if let Some(want) = &args.sku {
        if !ids.contains(&want.as_str()) {
            return Err(Failure::input(anyhow::anyhow!(
                "no synthesised SKU `{want}`; known: {}",
                ids.join(", ")
            )));
        }
    }
    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("cannot create {}", args.out.display()))
        .map_err(Failure::harness)?;
    for sku in skus
        .iter()
        .filter(|s| args.sku.as_deref().is_none_or(|w| w == s.id))
    {
        let path = args.out.join(format!("{}.yaml", sku.id));
        let text = sku.fixture_yaml();
        std::fs::write(&path, text)
            .with_context(|| format!("cannot write {}", path.display()))
            .map_err(Failure::harness)?;
        println!("{}", path.display());
    }
    Ok(Exit::Ok)
}
