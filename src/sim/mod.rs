//! The simulated lab (design.md §2): modules, and later the chamber, meter and switch ports behind
//! the `transport` and `instruments` traits. Knows `addr` and `memmap`; never plans or the runner.
//!
//! - [`image_module`]: a module that answers from a memory image (the `file:` backend and the
//!   memory of `mock:` modules).
//! - [`synth`]: the project's synthesised module SKUs and the builder API that writes their memory
//!   by spec field.

pub mod image_module;
pub mod switch;
pub mod synth;
