// Burrow: permission bits under WASI, whose `std::fs::Permissions` holds only "read-only",
// through Burrow's `stat` and `chmod` calls (`burrow-guest`).

use std::path::Path;

/// The permission bits of `path` (following symlinks).
fn mode_of(path: &Path) -> Option<u32> {
    burrow_guest::stat(path, true).ok().map(|s| s.mode & 0o7777)
}

/// A file `cp` created at `dest`: the source's permission bits without set-user-ID, set-group-ID
/// and sticky (rw for all with `--no-preserve=mode`), less the umask, as GNU cp sets them.
pub fn set_new(source: &Path, dest: &Path, explicit_no_preserve: bool) {
    let Some(mode) = mode_of(source) else { return };
    let mode = if explicit_no_preserve { 0o666 } else { mode & 0o777 };
    let Ok(mask) = burrow_guest::umask(0) else { return };
    let _ = burrow_guest::umask(mask);
    let _ = burrow_guest::chmod(dest, mode & !mask);
}

/// `--preserve=mode` (`-p`, `-a`, and new directories): the source's permission bits.
pub fn copy(source: &Path, dest: &Path) {
    if let Some(mode) = mode_of(source) {
        let _ = burrow_guest::chmod(dest, mode);
    }
}
