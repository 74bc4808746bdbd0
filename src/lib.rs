//! optiqual: a hardware-in-the-loop qualification harness for pluggable optical modules.
//!
//! Layers (design.md §2), each a folder: [`addr`] (leaf), [`memmap`] (pure decoders and image
//! formats), [`transport`] (moves bytes), [`module`] (operations on a module over a transport),
//! [`cli`] (the only place that names concrete backends).

pub mod addr;
pub mod ber;
pub mod checks;
pub mod cli;
pub mod counters;
pub mod history;
pub mod instruments;
pub mod matrix;
pub mod memmap;
pub mod module;
pub mod plan;
pub mod report;
pub mod results;
pub mod runner;
pub mod sim;
pub mod transport;
