//! Burrow: run untrusted programs in isolated in-process virtual machines.
//!
//! This crate is the embedding API. For now it re-exports the kernel; the VM builder and the
//! backends arrive with the end-to-end path.

pub use burrow_kernel as kernel;
