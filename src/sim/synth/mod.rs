//! Synthesised module images: a builder API that writes module memory by spec field
//! ([`build`]), and the project's realistic SKUs built with it ([`skus`]).
//!
//! How to add the next SKU is explained in `src/sim/synth/README.md`.

pub mod build;
pub mod skus;
