//! The runner: executes a plan against every module of a station, journals every step, and
//! produces the results the reports are built from.

pub mod assemble;
pub mod execute;
pub mod journal;
pub mod progress;
