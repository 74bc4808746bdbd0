//! Pilot-at-scale benchmark (issue 4): N simulated modules (four SKUs, N/4 each) run the full
//! plan of testplans/pilot-at-scale.yaml — identity, power-up, DOM accuracy, a 5-point thermal
//! sweep, a 24-hour soak sampled every 10 s — on virtual time, in this process. Prints wall time
//! and peak memory (VmHWM).
//!
//! `cargo run --release --example pilot_at_scale -- 1000` (one size per process so that peak
//! memory is the run's own).

use std::time::Instant;

fn peak_rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let n: usize = std::env::args()
        .nth(1)
        .map(|a| a.parse())
        .transpose()?
        .unwrap_or(100);
    let per_sku = (n / 4).max(1);
    let root = env!("CARGO_MANIFEST_DIR");
    let template = std::fs::read_to_string(format!("{root}/testplans/pilot-at-scale.yaml"))?;
    let plan = template
        .replace("repeat: 50", &format!("repeat: {per_sku}"))
        .replace("{i+100}", &format!("{{i+{per_sku}}}"))
        .replace("{i+200}", &format!("{{i+{}}}", 2 * per_sku))
        .replace("{i+300}", &format!("{{i+{}}}", 3 * per_sku))
        .replace("concurrency: 200", &format!("concurrency: {}", 4 * per_sku));
    let dir = std::env::temp_dir().join(format!("optiqual-pilot-{n}-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let plan_path = dir.join("pilot.yaml");
    std::fs::write(&plan_path, plan)?;
    // The fixtures are found relative to the crate.
    std::env::set_current_dir(root)?;
    let started = Instant::now();
    let code = optiqual::cli::run_plan(&plan_path, &dir.join("reports"), "pilot");
    let wall = started.elapsed();
    println!(
        "| {} | {:.2} s | {:.0} MiB | exit {} |",
        4 * per_sku,
        wall.as_secs_f64(),
        peak_rss_mib().unwrap_or(f64::NAN),
        code
    );
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}
