//! The simulated lab (design.md §2): modules, evaluation boards, chamber, meter and switch ports
//! behind the `transport` and `instruments` traits. Knows `addr` and `memmap`; never plans or the
//! runner.
//!
//! - [`image_module`]: a module that answers from a memory image (the `file:` backend).
//! - [`clock`]: the time source of simulated parts (tokio's, or moved by hand).
//! - [`module`]: the `mock:` backend's simulated module, with behaviour and physics.
//! - [`board`]: simulated evaluation-board firmware (Firmata, optiqual ASCII) served on a pty.
//! - [`lab`]: simulated chamber, power meter and attenuator, in process or as SCPI servers.
//! - [`switch`]: simulated switch ports whose FEC counters follow the received light.
//! - [`synth`]: the project's synthesised module SKUs and the builder API that writes their memory
//!   by spec field.

pub mod bench;
pub mod board;
pub mod clock;
pub mod image_module;
pub mod lab;
pub mod module;
pub mod switch;
pub mod synth;
