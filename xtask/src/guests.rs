//! `cargo xtask guests`: builds the guest workspace for wasm32-wasip1 (to be written).

/// Builds the guests.
pub fn build(_args: &[String]) -> Result<std::path::PathBuf, String> {
    Err("guest builds are not written yet".into())
}
