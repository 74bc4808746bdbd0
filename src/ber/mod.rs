//! BER soak maths (issue 5, item 7): pure functions, no I/O, no tokio.
//!
//! - [`rates`]: serdes line rate per port type (protocols.md §4, qualification.md §4).
//! - [`fec`]: Reed–Solomon FEC codes and their codeword error probabilities.
//! - [`delta`]: counter deltas with reset and wrap detection; never a negative delta.
//! - [`estimate`]: pre-FEC and post-FEC BER of one interval from counter deltas.
//! - [`confidence`]: upper confidence bound of a BER and the soak time still needed.
//! - [`special`]: `erfc` and the normal quantile, written here (no maths crate).
//! - [`waterfall`]: the receiver waterfall of the simulated lab (sim-model.md).

pub mod confidence;
pub mod delta;
pub mod estimate;
pub mod fec;
pub mod rates;
pub mod special;
pub mod waterfall;
