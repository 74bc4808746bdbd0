//! Debian's headless Chromium as the reader of HTML reports: load a page, read its console
//! messages and DOM, take a screenshot and decode it.

use std::path::{Path, PathBuf};
use std::process::Command;

pub const WIDTH: u32 = 1400;
pub const HEIGHT: u32 = 3000;

pub fn chromium() -> PathBuf {
    checked_chromium(
        std::env::var_os("OPTIQUAL_CHROMIUM")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium")),
    )
}

/// `path` when it runs, else a failure that says how to get Chromium.
pub fn checked_chromium(path: PathBuf) -> PathBuf {
    let runs = Command::new(&path)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        runs,
        "headless Chromium not found at {}: .ci/run installs it (apt-get install chromium), or \
         set OPTIQUAL_CHROMIUM to a Chromium binary",
        path.display()
    );
    path
}

/// Chromium's output of one headless load of `page` with `args`.
pub fn load(page: &Path, args: &[&str]) -> (String, String) {
    let url = format!("file://{}", page.display());
    let out = Command::new(chromium())
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .args(args)
        .arg(&url)
        .output()
        .expect("start chromium");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "chromium failed on {url}:\n{stderr}");
    (stdout, stderr)
}

/// Console messages of the page (Chromium logs them as `...:CONSOLE:<line>] "text", source:`).
pub fn console_lines(stderr: &str) -> Vec<&str> {
    stderr.lines().filter(|l| l.contains(":CONSOLE")).collect()
}

/// Screenshot of `page`: (width, height, RGB bytes).
pub fn screenshot(page: &Path, png_path: &Path) -> (Vec<String>, u32, u32, Vec<u8>) {
    let shot = format!("--screenshot={}", png_path.display());
    let size = format!("--window-size={WIDTH},{HEIGHT}");
    let (_, stderr) = load(page, &[&shot, &size]);
    let console = console_lines(&stderr)
        .into_iter()
        .map(String::from)
        .collect();
    let bytes = std::fs::read(png_path).expect("chromium wrote the screenshot");
    let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    let mut reader = decoder.read_info().expect("a PNG");
    let mut buf = vec![0; reader.output_buffer_size().expect("sane size")];
    let info = reader.next_frame(&mut buf).expect("one frame");
    assert_eq!(info.bit_depth, png::BitDepth::Eight);
    let step = match info.color_type {
        png::ColorType::Rgb => 3,
        png::ColorType::Rgba => 4,
        other => panic!("unexpected PNG colour type {other:?}"),
    };
    let rgb: Vec<u8> = buf[..info.line_size * info.height as usize]
        .chunks(info.line_size)
        .flat_map(|line| {
            line[..info.width as usize * step]
                .chunks(step)
                .flat_map(|px| px[..3].to_vec())
                .collect::<Vec<u8>>()
        })
        .collect();
    (console, info.width, info.height, rgb)
}

/// Pixels within `tolerance` of `colour` on every channel.
pub fn count(rgb: &[u8], colour: [u8; 3], tolerance: u8) -> usize {
    rgb.chunks(3)
        .filter(|px| {
            px.iter()
                .zip(colour)
                .all(|(a, b)| a.abs_diff(b) <= tolerance)
        })
        .count()
}
