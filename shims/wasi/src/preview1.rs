//! `wasi_snapshot_preview1` (to be implemented).
