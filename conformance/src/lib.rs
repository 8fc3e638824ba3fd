//! The conformance set: every project guest scenario, shell scenario, Node conformance port,
//! hostile guest and official WASI preview1 test, runnable on any backend, with a verdict per
//! (case, backend) and an expectations file for known gaps. `cargo xtask test-matrix` prints the
//! table; the differential test compares the observable results of each case across backends.

pub mod cases;
pub mod expectations;
pub mod hostile;
pub mod matrix;
pub mod run;

pub use cases::{all_cases, Case};
pub use expectations::Expectations;
pub use matrix::{run_row, Row};
pub use run::{Observed, Runner, Verdict};
