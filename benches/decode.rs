//! Decode benchmarks: every real and synthesised fixture, and the headline number, a
//! full CMIS image (lower + pages 00h, 01h, 02h, 10h, 11h: the Juniper 800G DR8 dump).

use std::hint::black_box;
use std::path::{Path, PathBuf};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use optiqual::memmap::{self, image::ModuleImage};

fn real_fixtures() -> Option<PathBuf> {
    let mut dir = Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf();
    loop {
        let candidate = dir.join("shared/fixtures/real");
        if candidate.is_dir() {
            return Some(candidate);
        }
        if !dir.pop() {
            return None;
        }
    }
}

fn load(path: &Path) -> Option<ModuleImage> {
    let bytes = std::fs::read(path).ok()?;
    memmap::image::read(&bytes).ok().map(|r| r.image)
}

fn fixtures() -> Vec<(String, ModuleImage)> {
    let mut out = Vec::new();
    let dirs = [
        real_fixtures(),
        Some(Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/modules")),
    ];
    for dir in dirs.into_iter().flatten() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut paths: Vec<_> = entries.flatten().map(|e| e.path()).collect();
        paths.sort();
        for p in paths {
            if let Some(img) = load(&p) {
                let name = p.file_stem().map(|s| s.to_string_lossy().into_owned());
                out.push((name.unwrap_or_default(), img));
            }
        }
    }
    out
}

fn bench_decode(c: &mut Criterion) {
    let mut group = c.benchmark_group("decode");
    group.throughput(Throughput::Elements(1));
    for (name, image) in fixtures() {
        group.bench_function(&name, |b| b.iter(|| memmap::decode(black_box(&image))));
    }
    group.finish();
}

criterion_group!(benches, bench_decode);
criterion_main!(benches);
