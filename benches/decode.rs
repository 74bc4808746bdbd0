//! Decode benchmarks (filled in with the fixtures).
fn main() {}
