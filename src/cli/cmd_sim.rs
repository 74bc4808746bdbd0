//! `optiqual sim ...`: the simulated lab.

use std::path::PathBuf;

use anyhow::Context;

use crate::sim::synth::skus as synth;

use super::exit::{CmdResult, Exit, Failure};

/// Subcommands of `sim`.
#[derive(Debug, clap::Subcommand)]
pub enum SimCommand {
    /// Write the synthesised module SKUs as YAML images (the files in fixtures/modules/).
    Synth(SynthArgs),
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
    }
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
