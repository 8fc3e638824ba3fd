//! The raw-buffer ABI between guests and the kernel, specified in `ABI.md`.
//!
//! Layouts are flat and little-endian; lists are length-prefixed. Decoding is total: any byte
//! string yields a value or a [`DecodeError`], never a panic. This crate has no dependency on
//! the kernel so guest-side code (built for wasm32) encodes with the same definitions the host
//! decodes with.

mod codec;
pub mod dirent;
pub mod sockaddr;
pub mod spawn;
pub mod stat;

pub use codec::{DecodeError, Reader, Writer};

/// Name of the wasm import module for the calls WASI preview1 lacks.
pub const IMPORT_MODULE: &str = "burrow";
