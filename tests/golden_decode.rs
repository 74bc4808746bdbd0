//! Golden decodes: the JSON of `optiqual decode --json` for every real and synthesised fixture,
//! compared with the reviewed files in tests/golden/decode/. After a deliberate decoder change,
//! regenerate with `UPDATE_GOLDEN=1 cargo test --test golden_decode` and review the diff.

mod common;

use std::path::{Path, PathBuf};

use optiqual::memmap;

fn images() -> Vec<PathBuf> {
    let mut out = Vec::new();
    for dir in [
        common::real_fixtures(),
        common::root().join("fixtures/modules"),
    ] {
        let mut paths: Vec<_> = std::fs::read_dir(&dir)
            .map(|d| d.flatten().map(|e| e.path()).collect())
            .unwrap_or_default();
        paths.retain(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("bin" | "yaml")));
        paths.sort();
        out.extend(paths);
    }
    out
}

fn golden_path(image: &Path) -> PathBuf {
    let stem = image.file_stem().expect("file name").to_string_lossy();
    common::root()
        .join("tests/golden/decode")
        .join(format!("{stem}.json"))
}

#[test]
fn every_fixture_decodes_to_its_golden_json() {
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let images = images();
    assert!(images.len() >= 6, "fixtures found: {images:?}");
    let mut mismatches = Vec::new();
    for path in images {
        let bytes = std::fs::read(&path).unwrap();
        let image = memmap::image::read(&bytes)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
            .image;
        let decoded = memmap::decode(&image).unwrap();
        let json = serde_json::to_string_pretty(&decoded).unwrap() + "\n";
        let golden = golden_path(&path);
        if update {
            std::fs::write(&golden, &json).unwrap();
            continue;
        }
        match std::fs::read_to_string(&golden) {
            Ok(expected) if expected == json => {}
            Ok(_) => mismatches.push(format!(
                "{} differs from {}",
                path.display(),
                golden.display()
            )),
            Err(_) => mismatches.push(format!(
                "{} has no golden file {}",
                path.display(),
                golden.display()
            )),
        }
    }
    assert!(
        mismatches.is_empty(),
        "{mismatches:#?}\nrun UPDATE_GOLDEN=1 cargo test --test golden_decode and review"
    );
}
