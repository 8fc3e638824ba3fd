// Burrow's addition to uutils `ls` (see vendor/README.md): what WASI's filestat tells beyond what
// std's `Metadata` exposes on wasm32-wasip1, read with wasi-libc's `stat`/`lstat`.
//
// WASI's filestat has device, inode, file type, link count, size and times. It has no mode
// bits, owner or group: `ls -l` shows the file type letter followed by `?????????`, and `?` for
// owner and group, instead of values nobody knows.

use std::ffi::CString;
use std::os::wasi::ffi::OsStrExt;

use crate::PathData;

/// `stat` (when the entry is dereferenced) or `lstat` of the entry.
fn stat(item: &PathData) -> Option<libc::stat> {
    let path = CString::new(item.path().as_os_str().as_bytes()).ok()?;
    let mut st: libc::stat = unsafe { std::mem::zeroed() };
    let r = unsafe {
        if item.must_dereference {
            libc::stat(path.as_ptr(), &mut st)
        } else {
            libc::lstat(path.as_ptr(), &mut st)
        }
    };
    (r == 0).then_some(st)
}

/// The link count, or `?`.
pub(crate) fn nlink(item: &PathData) -> String {
    stat(item).map_or_else(|| "?".to_string(), |st| st.st_nlink.to_string())
}

/// The inode number, or `?`.
pub(crate) fn ino(item: &PathData) -> String {
    stat(item).map_or_else(|| "?".to_string(), |st| st.st_ino.to_string())
}

fn file_type(item: &PathData) -> Option<libc::mode_t> {
    stat(item).map(|st| st.st_mode & libc::S_IFMT)
}

/// The mode column: the file type, then `?????????` for the permission bits WASI does not
/// report.
pub(crate) fn permissions(item: &PathData) -> String {
    let letter = match file_type(item) {
        Some(libc::S_IFDIR) => 'd',
        Some(libc::S_IFLNK) => 'l',
        Some(libc::S_IFCHR) => 'c',
        Some(libc::S_IFBLK) => 'b',
        Some(libc::S_IFIFO) => 'p',
        Some(libc::S_IFSOCK) => 's',
        Some(libc::S_IFREG) => '-',
        _ => '?',
    };
    format!("{letter}?????????")
}

/// `-F`'s indicator for what is neither a directory nor a symlink: sockets and FIFOs. Whether a
/// file is executable is unknown, so no `*`.
pub(crate) fn classify(item: &PathData) -> Option<char> {
    match file_type(item) {
        Some(libc::S_IFSOCK) => Some('='),
        Some(libc::S_IFIFO) => Some('|'),
        _ => None,
    }
}
