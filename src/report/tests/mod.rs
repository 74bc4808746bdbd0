//! Tests across the report formats: golden files, property tests on hostile text, roll-up
//! consistency of the JUnit counts.

mod golden;
mod props;
mod wellformed;
