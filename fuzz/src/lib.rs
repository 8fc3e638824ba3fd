//! Shared fixtures and invariant checks of Burrow's fuzz targets (`fuzz_targets/`).
//!
//! Each target builds a fresh [`vm::Vm`] (small limits, a memfs root and a host directory
//! mounted at `/mnt` with a canary beside it, see [`hostdir`]), drives one guest-facing
//! surface with the fuzzer's bytes, and then checks [`check`]'s invariants: accounting within
//! its limits and back to its baseline once everything is released, stat sizes equal to
//! content lengths, nothing outside the mount touched or read.

pub mod check;
pub mod guest;
pub mod hostdir;
pub mod paths;
pub mod vm;
pub mod watchdog;
