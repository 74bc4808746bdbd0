//! Matrix at scale (issue 6): a synthetic compatibility matrix of S SKUs × H hosts × F firmware
//! sets, one to three runs per cell (clones of a real quickstart run on the mock, see
//! `benches/matrix/synth.rs`), through the matrix layer: `build_view`, the HTML report and the
//! Markdown summary (time, output size, peak memory), then the results history (recording every
//! run into a fresh SQLite file, and `runs_for_sku` on it).
//!
//! `cargo run --release --example matrix_at_scale` runs the default sizes (20×5×4 and 100×10×5),
//! each in a process of its own so that its peak memory (VmHWM) is its own, and prints two
//! Markdown tables. `-- 50x10x5` runs one size (`-- 50x10x5 DIR` also writes its report.html
//! and summary.md into DIR); `-- history 50x10x5` one history measurement.

use std::process::Command;
use std::time::{Duration, Instant};

use optiqual::history::{History, HistoryFilter};
use optiqual::matrix::build::build_view;
use optiqual::report::{html, matrix_md};

#[path = "../benches/matrix/synth.rs"]
mod synth;

/// Sizes run when none is given.
const DEFAULT_SIZES: [&str; 2] = ["20x5x4", "100x10x5"];

/// Timed repetitions of each step; the table shows the median.
const REPEAT: usize = 3;

type Failure = Box<dyn std::error::Error>;

/// `kB` of a `/proc/self/status` line (`VmHWM`, `VmRSS`) in MiB.
fn status_mib(key: &str) -> f64 {
    let Ok(status) = std::fs::read_to_string("/proc/self/status") else {
        return f64::NAN;
    };
    status
        .lines()
        .find(|l| l.starts_with(key))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse::<f64>().ok())
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

fn size(text: &str) -> Result<(usize, usize, usize), Failure> {
    let parts: Vec<usize> = text
        .split('x')
        .map(str::parse)
        .collect::<Result<_, _>>()
        .map_err(|e| format!("size {text:?}: {e}; expected SxHxF, e.g. 20x5x4"))?;
    match parts.as_slice() {
        &[s, h, f] if s > 0 && h > 0 && f > 0 => Ok((s, h, f)),
        _ => Err(format!("size {text:?}: expected SxHxF of positive numbers, e.g. 20x5x4").into()),
    }
}

/// Runs `f` [`REPEAT`] times; the median time and the last result.
fn timed<T>(mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut times = Vec::with_capacity(REPEAT);
    let mut last = None;
    for _ in 0..REPEAT {
        let start = Instant::now();
        let out = f();
        times.push(start.elapsed());
        last = Some(out);
    }
    times.sort();
    let out = last.unwrap_or_else(f);
    (times[REPEAT / 2], out)
}

fn ms(d: Duration) -> String {
    let ms = d.as_secs_f64() * 1000.0;
    if ms < 10.0 {
        format!("{ms:.2} ms")
    } else {
        format!("{ms:.0} ms")
    }
}

fn kib(bytes: usize) -> String {
    let kib = bytes as f64 / 1024.0;
    if kib < 1024.0 {
        format!("{kib:.0} KiB")
    } else {
        format!("{:.1} MiB", kib / 1024.0)
    }
}

/// One row of the matrix table; with `out`, report.html and summary.md are written there (to
/// open the page in a browser).
fn matrix_row(arg: &str, out: Option<&str>) -> Result<(), Failure> {
    let (s, h, f) = size(arg)?;
    let base = synth::base_run();
    let data = synth::synth(&base, s, h, f);
    drop(base);
    let rss_runs = status_mib("VmRSS:");
    let stamp = "2027-01-10T00:00:00Z";
    let (t_build, view) = timed(|| build_view(Some(&data.matrix), &data.runs, stamp));
    let hwm_build = status_mib("VmHWM:");
    // As the CLI does (matrix_out::write): the runs behind the cells, borrowed.
    let latest = synth::latest_results(&view, &data.runs);
    let rss_latest = status_mib("VmRSS:");
    let (t_html, page) = timed(|| html::render_matrix(&view, latest.iter().copied()));
    let (t_md, md) = timed(|| matrix_md::matrix_markdown(&view));
    let hwm = status_mib("VmHWM:");
    println!(
        "| {s}×{h}×{f} | {} | {} | {} | {} | {} | {} | {} | {:.0} / {:.0} / {:.0} / {:.0} MiB |",
        data.matrix.cells.len(),
        data.runs.len(),
        ms(t_build),
        ms(t_html),
        kib(page.len()),
        ms(t_md),
        kib(md.len()),
        rss_runs,
        hwm_build,
        rss_latest,
        hwm
    );
    if let Some(dir) = out {
        std::fs::create_dir_all(dir)?;
        std::fs::write(format!("{dir}/report.html"), &page)?;
        std::fs::write(format!("{dir}/summary.md"), &md)?;
    }
    Ok(())
}

/// One row of the history table: every run of the size recorded into a fresh file, then the
/// runs of one SKU read back (by SKU id, and by part number).
fn history_row(arg: &str) -> Result<(), Failure> {
    let (s, h, f) = size(arg)?;
    let base = synth::base_run();
    let data = synth::synth(&base, s, h, f);
    let dir = std::env::temp_dir().join(format!("optiqual-history-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let path = dir.join("history.db");
    let mut db = History::open(&path)?;
    let start = Instant::now();
    for r in &data.runs {
        db.record(&r.results, &r.source)?;
    }
    let t_record = start.elapsed();
    drop(db);
    let db = History::open_existing(&path)?;
    let file_bytes = std::fs::metadata(&path).map_or(0, |m| m.len() as usize);
    let (t_sku, rows) = timed(|| db.runs_for_sku("sku-0000", HistoryFilter::default()));
    let rows = rows?;
    let (t_pn, by_pn) = timed(|| db.runs_for_sku("AC-SYN-0000", HistoryFilter::default()));
    let by_pn = by_pn?;
    let limited = HistoryFilter {
        limit: Some(10),
        ..HistoryFilter::default()
    };
    let (t_limit, _) = timed(|| db.runs_for_sku("sku-0000", limited.clone()));
    println!(
        "| {} | {:.1} s | {:.0} runs/s | {} | {} ({} rows) | {} ({} rows) | {} |",
        data.runs.len(),
        t_record.as_secs_f64(),
        data.runs.len() as f64 / t_record.as_secs_f64(),
        kib(file_bytes),
        ms(t_sku),
        rows.len(),
        ms(t_pn),
        by_pn.len(),
        ms(t_limit),
    );
    drop(db);
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}

/// Runs this program again with `args`, printing the table rows of its output.
fn child(args: &[&str]) -> Result<(), Failure> {
    let exe = std::env::current_exe()?;
    let out = Command::new(exe).args(args).output()?;
    let text = String::from_utf8_lossy(&out.stdout);
    for line in text.lines().filter(|l| l.starts_with('|')) {
        println!("{line}");
    }
    if !out.status.success() {
        return Err(format!(
            "{args:?} failed ({}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        )
        .into());
    }
    Ok(())
}

fn main() -> Result<(), Failure> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["history", sz] => history_row(sz),
        [sz] => matrix_row(sz, None),
        [sz, out] => matrix_row(sz, Some(out)),
        [] => {
            println!(
                "| matrix | cells | runs | build_view | HTML render | report.html | Markdown | \
                 summary.md | memory: runs loaded / peak after build_view / latest runs picked / \
                 peak after reports |"
            );
            println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
            for sz in DEFAULT_SIZES {
                child(&[sz])?;
            }
            println!();
            println!(
                "| runs recorded | record all | rate | history.db | runs_for_sku(SKU id) | \
                 runs_for_sku(part number) | runs_for_sku, limit 10 |"
            );
            println!("|---:|---:|---:|---:|---:|---:|---:|");
            for sz in DEFAULT_SIZES {
                child(&["history", sz])?;
            }
            Ok(())
        }
        _ => Err("usage: matrix_at_scale [SxHxF [OUT_DIR] | history SxHxF]".into()),
    }
}
