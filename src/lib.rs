//! optiqual: a hardware-in-the-loop qualification harness for pluggable optical modules.
//!
//! Layers (design.md §2), each a folder: [`addr`] (leaf), [`memmap`] (pure decoders and image
//! formats), [`transport`] (moves bytes), [`module`] (operations on a module over a transport),
//! [`plan`], [`checks`], [`runner`] and [`results`] (a run), [`matrix`] (which plan qualifies
//! which SKU × host × firmware, and the view of their results), [`report`] (what people and
//! machines read), [`history`] (every run in SQLite), [`sim`] (the simulated lab), [`cli`] (the
//! only place that names concrete backends).

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
