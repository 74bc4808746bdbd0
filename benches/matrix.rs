//! Matrix benchmarks (issue 6): the matrix view, its reports and the results history at scale.
//!
//! A synthetic matrix of S SKUs × H hosts × F firmware sets with one to three runs per cell
//! (clones of a real quickstart run, [`synth`]): `build_view`, `render_matrix` (report.html)
//! and `matrix_markdown` (summary.md) at 400 and 5,000 cells; `History::record` of one run into
//! a fresh database; `runs_for_sku` on a database of about 10,000 runs (building it takes about
//! 45 s of fsync'd commits before the first sample).
//!
//! `cargo bench --bench matrix`; `cargo bench --bench matrix -- history` for the history only.

use std::hint::black_box;

use criterion::{
    BatchSize, BenchmarkId, Criterion, SamplingMode, Throughput, criterion_group, criterion_main,
};
use optiqual::history::{History, HistoryFilter};
use optiqual::matrix::build::build_view;
use optiqual::report::{html, matrix_md};
use optiqual::results::RunResults;

#[path = "matrix/synth.rs"]
mod synth;

/// (SKUs, hosts, firmware sets): 400 and 5,000 cells.
const SIZES: [(usize, usize, usize); 2] = [(20, 5, 4), (100, 10, 5)];

/// The `generated_at` of every view.
const STAMP: &str = "2027-01-10T00:00:00Z";

fn bench_view(c: &mut Criterion) {
    let base = synth::base_run();
    for (s, h, f) in SIZES {
        let data = synth::synth(&base, s, h, f);
        let cells = data.matrix.cells.len();
        let view = build_view(Some(&data.matrix), &data.runs, STAMP);
        let latest = synth::latest_results(&view, &data.runs);

        let mut group = c.benchmark_group("matrix");
        group.sample_size(10);
        // One iteration of the large size takes a good part of a second: as many per sample.
        group.sampling_mode(SamplingMode::Flat);
        group.throughput(Throughput::Elements(cells as u64));
        group.bench_function(BenchmarkId::new("build_view", cells), |b| {
            b.iter(|| build_view(Some(black_box(&data.matrix)), black_box(&data.runs), STAMP));
        });
        group.bench_function(BenchmarkId::new("render_html", cells), |b| {
            b.iter(|| html::render_matrix(black_box(&view), black_box(&latest).iter().copied()));
        });
        group.bench_function(BenchmarkId::new("markdown", cells), |b| {
            b.iter(|| matrix_md::matrix_markdown(black_box(&view)));
        });
        group.finish();
    }
}

/// A copy of `run` under a run id of its own.
fn renamed(run: &RunResults, n: usize) -> RunResults {
    let mut r = run.clone();
    r.run_id = format!("{}-{n}", r.run_id);
    r
}

fn bench_history(c: &mut Criterion) {
    let base = synth::base_run();
    let small = synth::synth(&base, 1, 1, 1);
    let Some(one) = small.runs.first().map(|r| r.results.clone()) else {
        return;
    };
    let Ok(dir) = tempfile::tempdir() else {
        eprintln!("no temporary folder: history benchmarks skipped");
        return;
    };

    let mut group = c.benchmark_group("history");
    group.sample_size(20);
    group.throughput(Throughput::Elements(1));
    match History::open(&dir.path().join("record.db")) {
        Ok(mut db) => {
            let mut n = 0;
            group.bench_function("record", |b| {
                b.iter_batched(
                    || {
                        n += 1;
                        renamed(&one, n)
                    },
                    |run| db.record(&run, "bench"),
                    BatchSize::SmallInput,
                );
            });
        }
        Err(e) => eprintln!("history record skipped: {e}"),
    }

    let (s, h, f) = SIZES[1];
    let big = synth::synth(&base, s, h, f);
    let path = dir.path().join("big.db");
    let filled = History::open(&path).and_then(|mut db| {
        for r in &big.runs {
            db.record(&r.results, &r.source)?;
        }
        Ok(db)
    });
    drop(big);
    match filled {
        Ok(db) => {
            let runs = db.runs_for_sku("sku-0000", HistoryFilter::default());
            let rows = runs.map_or(0, |r| r.len());
            group.throughput(Throughput::Elements(rows as u64));
            group.bench_function("runs_for_sku/10k_runs/sku_id", |b| {
                b.iter(|| db.runs_for_sku(black_box("sku-0000"), HistoryFilter::default()));
            });
            group.bench_function("runs_for_sku/10k_runs/part_number", |b| {
                b.iter(|| db.runs_for_sku(black_box("AC-SYN-0000"), HistoryFilter::default()));
            });
        }
        Err(e) => eprintln!("history query skipped: {e}"),
    }
    group.finish();
}

criterion_group!(benches, bench_view, bench_history);
criterion_main!(benches);
