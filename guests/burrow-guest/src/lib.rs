//! Guest side of Burrow's `burrow` wasm import module (specified in `bridge/ABI.md`): processes,
//! pipes, descriptor duplication, working directory, signals and sockets ([`net`]), the parts
//! WASI preview1 lacks.
//!
//! Everything else (files, clocks, stdio, environment) is plain `std` on `wasm32-wasip1`.
//!
//! # Using it from a guest
//!
//! Depend on this crate and **name it somewhere in the binary**, for example
//!
//! ```ignore
//! use burrow_guest as _; // links the crate, so its start-up constructor runs
//! ```
//!
//! or call any of its functions. A dependency that the source never names is not linked at all
//! (rustc drops unused crates), and then nothing of it runs.
//!
//! # Start-up constructor
//!
//! wasi-libc keeps its own working directory string, starting at `/`, while the kernel starts a
//! process in the directory its parent chose. The kernel guarantees that the environment's `PWD`
//! equals that directory at start (`ABI.md`, "Start-up contract"), so this crate registers a
//! constructor that runs before `main` and calls [`set_cwd_from_pwd`]. The constructor is a
//! function pointer in the `.init_array` section; `wasm-ld` turns every such entry into a call
//! from `__wasm_call_ctors`, which wasi-libc's `_start` runs before `main`.
//!
//! # Errors
//!
//! Every `burrow` function returns a WASI errno. On `wasm32-wasip1` Rust's raw OS error codes are
//! WASI errnos, so they become [`io::Error::from_raw_os_error`] and [`io::Error::kind`] works as
//! for any other call; [`errno::name`] names them.

pub mod errno;
pub mod net;
pub mod process;

use std::ffi::OsString;
use std::io;
use std::path::{Path, PathBuf};

pub use burrow_bridge;
pub use burrow_bridge::spawn::SpawnRequest;
pub use burrow_bridge::stat::{self, FileStat};

/// The raw imports, exactly as `ABI.md` lists them. Every function returns a WASI errno
/// (`0` = success) and writes its results through the out-pointers only on success.
///
/// Pointers are offsets in memory 0 and lower to wasm `i32`, like every other parameter.
#[allow(clippy::missing_safety_doc)]
pub mod sys {
    #[link(wasm_import_module = "burrow")]
    extern "C" {
        /// `req[..req_len]` is an encoded [`crate::SpawnRequest`]; writes the child's pid.
        pub fn spawn(req: *const u8, req_len: u32, pid_out: *mut u32) -> i32;
        /// Writes `[u32 pid][i32 status]` (8 bytes) to `out`; pid 0 if `WNOHANG` and none exited.
        pub fn wait(pid: i32, flags: u32, out: *mut u32) -> i32;
        pub fn kill(pid: i32, sig: u32) -> i32;
        /// Writes `[u32 read_fd][u32 write_fd]` to `out`.
        pub fn pipe(flags: u32, out: *mut u32) -> i32;
        pub fn dup(fd: u32, out: *mut u32) -> i32;
        pub fn dup2(old: u32, new: u32, flags: u32) -> i32;
        pub fn set_cloexec(fd: u32, on: u32) -> i32;
        pub fn getpid(out: *mut u32) -> i32;
        pub fn getppid(out: *mut u32) -> i32;
        pub fn getpgid(pid: u32, out: *mut u32) -> i32;
        pub fn setpgid(pid: u32, pgid: u32) -> i32;
        pub fn chdir(path: *const u8, path_len: u32) -> i32;
        /// `range` (68) with the needed length in `len_out` if `buf` is too small.
        pub fn getcwd(buf: *mut u8, buf_len: u32, len_out: *mut u32) -> i32;
        pub fn umask(mask: u32, old_out: *mut u32) -> i32;
        /// `action`: 0 default, 1 ignore, 2 catch.
        pub fn sigaction(sig: u32, action: u32) -> i32;
        /// Writes a `u64` (bit `n-1` = signal `n`) and clears the set.
        pub fn sigpending(out: *mut u64) -> i32;
        /// Writes the 96-byte record of `burrow_bridge::stat` (flag bit 0: do not follow a
        /// final symlink).
        pub fn stat(path: *const u8, path_len: u32, flags: u32, out: *mut u8) -> i32;
        /// Writes the 96-byte status record of `fd`.
        pub fn fstat(fd: u32, out: *mut u8) -> i32;
        pub fn chmod(path: *const u8, path_len: u32, mode: u32) -> i32;
        pub fn fchmod(fd: u32, mode: u32) -> i32;
        /// `mode`: read 4, write 2, execute 1, or 0 for existence.
        pub fn access(path: *const u8, path_len: u32, mode: u32) -> i32;

        // Sockets (`ABI.md`, "Sockets"); addresses are `burrow_bridge::sockaddr` records.
        /// `domain`: `AF_*`; `ty`: 1 stream, 2 datagram; `flags`: bit 0 non-blocking, bit 1
        /// close-on-spawn.
        pub fn socket(domain: u32, ty: u32, flags: u32, fd_out: *mut u32) -> i32;
        /// Writes `[u32 fd][u32 fd]`.
        pub fn socketpair(domain: u32, ty: u32, flags: u32, out: *mut u32) -> i32;
        pub fn bind(fd: u32, addr: *const u8, addr_len: u32) -> i32;
        pub fn listen(fd: u32, backlog: i32) -> i32;
        pub fn connect(fd: u32, addr: *const u8, addr_len: u32) -> i32;
        /// `addr_cap` 0: no address wanted (`addr_out`, `addr_len_out` unused).
        pub fn accept(fd: u32, flags: u32, fd_out: *mut u32, addr_out: *mut u8, addr_cap: u32, addr_len_out: *mut u32) -> i32;
        /// `addr_len` 0: to the connected peer.
        pub fn sendto(fd: u32, buf: *const u8, buf_len: u32, flags: u32, addr: *const u8, addr_len: u32, sent_out: *mut u32) -> i32;
        /// Writes `[u32 received][u32 full_len][u32 addr_len]` to `out`.
        pub fn recvfrom(fd: u32, buf: *mut u8, buf_len: u32, flags: u32, addr_out: *mut u8, addr_cap: u32, out: *mut u32) -> i32;
        pub fn getsockname(fd: u32, out: *mut u8, cap: u32, len_out: *mut u32) -> i32;
        pub fn getpeername(fd: u32, out: *mut u8, cap: u32, len_out: *mut u32) -> i32;
        pub fn setsockopt(fd: u32, level: i32, name: i32, value: i32) -> i32;
        pub fn getsockopt(fd: u32, level: i32, name: i32, value_out: *mut i32) -> i32;
        /// `how`: 0 read, 1 write, 2 both.
        pub fn shutdown(fd: u32, how: u32) -> i32;
        /// The addresses of a host name through the VM's policy (`port` -1: none): 16 bytes
        /// each (IPv6, IPv4 mapped) into `out[..cap]`, their total count in `count_out`.
        pub fn resolve(host: *const u8, host_len: u32, port: i32, out: *mut u8, cap: u32, count_out: *mut u32) -> i32;
    }

    /// `wait` flag: return at once (pid 0) if no child has exited.
    pub const WNOHANG: u32 = 1;
    /// `pipe` flag: `O_NONBLOCK` on both ends.
    pub const PIPE_NONBLOCK: u32 = 1;
    /// `pipe` and `dup2` flag: close-on-spawn.
    pub const CLOEXEC: u32 = 2;
}

/// Linux signal numbers, as the `burrow` module uses them.
pub mod signal {
    pub const SIGHUP: u32 = 1;
    pub const SIGINT: u32 = 2;
    pub const SIGQUIT: u32 = 3;
    pub const SIGKILL: u32 = 9;
    pub const SIGUSR1: u32 = 10;
    pub const SIGUSR2: u32 = 12;
    pub const SIGPIPE: u32 = 13;
    pub const SIGALRM: u32 = 14;
    pub const SIGTERM: u32 = 15;
    pub const SIGCHLD: u32 = 17;
    pub const SIGCONT: u32 = 18;
    pub const SIGSTOP: u32 = 19;

    /// Signal names without the `SIG` prefix, indexed by number (index 0 unused).
    pub const NAMES: [&str; 32] = [
        "", "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL", "USR1", "SEGV", "USR2", "PIPE", "ALRM",
        "TERM", "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN", "TTOU", "URG", "XCPU", "XFSZ", "VTALRM", "PROF",
        "WINCH", "IO", "PWR", "SYS",
    ];

    /// The name of signal `n` (`"TERM"`), or its number as text for real-time signals.
    pub fn name(n: usize) -> String {
        match NAMES.get(n) {
            Some(s) if !s.is_empty() => (*s).to_string(),
            _ => n.to_string(),
        }
    }

    /// A signal number (0 to 64) from a name (`TERM`, `SIGTERM`, `term`) or a number.
    pub fn parse(s: &[u8]) -> Option<usize> {
        if !s.is_empty() && s.iter().all(u8::is_ascii_digit) {
            let n: usize = std::str::from_utf8(s).ok()?.parse().ok()?;
            return (n <= 64).then_some(n);
        }
        let up = s.to_ascii_uppercase();
        let bare = up.strip_prefix(b"SIG").unwrap_or(&up);
        NAMES.iter().position(|n| !n.is_empty() && n.as_bytes() == bare)
    }
}

/// Turns a WASI errno into a result.
pub fn cvt(errno: i32) -> io::Result<()> {
    if errno == 0 {
        Ok(())
    } else {
        Err(io::Error::from_raw_os_error(errno))
    }
}

fn len_u32(len: usize) -> io::Result<u32> {
    u32::try_from(len).map_err(|_| io::Error::from_raw_os_error(errno::E2BIG))
}

/// How a child ended, decoded from a Linux wait status (`code << 8` for an exit, the signal
/// number for a kill).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ExitStatus {
    /// The exit code, if the process exited.
    pub code: Option<i32>,
    /// The signal that ended the process, if one did.
    pub signal: Option<i32>,
}

impl ExitStatus {
    /// Decodes a Linux wait status. A status that is neither an exit nor a kill (a stop) has
    /// neither field.
    pub fn from_wait_status(status: i32) -> ExitStatus {
        let low = status & 0x7f;
        if low == 0 {
            ExitStatus { code: Some((status >> 8) & 0xff), signal: None }
        } else if low != 0x7f {
            ExitStatus { code: None, signal: Some(low) }
        } else {
            ExitStatus { code: None, signal: None }
        }
    }

    /// Exited with code 0.
    pub fn success(&self) -> bool {
        self.code == Some(0)
    }
}

impl std::fmt::Display for ExitStatus {
    /// `exit N`, `signal N`, or `unknown`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (self.code, self.signal) {
            (Some(c), _) => write!(f, "exit {c}"),
            (None, Some(s)) => write!(f, "signal {s}"),
            (None, None) => f.write_str("unknown"),
        }
    }
}

/// Starts the program `req` describes; returns the child's pid.
pub fn spawn(req: &SpawnRequest) -> io::Result<u32> {
    let buf = req.encode();
    let mut pid = 0u32;
    cvt(unsafe { sys::spawn(buf.as_ptr(), len_u32(buf.len())?, &mut pid) })?;
    Ok(pid)
}

/// Waits for a child (`pid > 0` that child, `-1` any, `0` any in the caller's group, `< -1` any in
/// group `-pid`). `Ok(None)` only with `nohang` when no matching child has exited yet.
pub fn wait(pid: i32, nohang: bool) -> io::Result<Option<(u32, ExitStatus)>> {
    let mut out = [0u32; 2];
    let flags = if nohang { sys::WNOHANG } else { 0 };
    cvt(unsafe { sys::wait(pid, flags, out.as_mut_ptr()) })?;
    if out[0] == 0 {
        return Ok(None);
    }
    Ok(Some((out[0], ExitStatus::from_wait_status(out[1] as i32))))
}

/// Sends signal `sig` (Linux numbering, see [`signal`]) to `pid` (`< 0`: the group `-pid`).
pub fn kill(pid: i32, sig: u32) -> io::Result<()> {
    cvt(unsafe { sys::kill(pid, sig) })
}

/// A pipe: `(read_fd, write_fd)`. `cloexec`: neither end is inherited by children (unless mapped
/// explicitly in a spawn request); `nonblock`: `O_NONBLOCK` on both ends.
pub fn pipe(cloexec: bool, nonblock: bool) -> io::Result<(u32, u32)> {
    let mut flags = 0;
    if nonblock {
        flags |= sys::PIPE_NONBLOCK;
    }
    if cloexec {
        flags |= sys::CLOEXEC;
    }
    let mut out = [0u32; 2];
    cvt(unsafe { sys::pipe(flags, out.as_mut_ptr()) })?;
    Ok((out[0], out[1]))
}

/// Duplicates `fd` onto the lowest free descriptor.
pub fn dup(fd: u32) -> io::Result<u32> {
    let mut new = 0u32;
    cvt(unsafe { sys::dup(fd, &mut new) })?;
    Ok(new)
}

/// Makes `new` a duplicate of `old` (closing what `new` was), close-on-spawn if `cloexec`.
pub fn dup2(old: u32, new: u32, cloexec: bool) -> io::Result<()> {
    cvt(unsafe { sys::dup2(old, new, if cloexec { sys::CLOEXEC } else { 0 }) })
}

/// Sets or clears close-on-spawn on `fd`.
pub fn set_cloexec(fd: u32, on: bool) -> io::Result<()> {
    cvt(unsafe { sys::set_cloexec(fd, on as u32) })
}

fn out_u32(f: impl FnOnce(*mut u32) -> i32) -> io::Result<u32> {
    let mut v = 0u32;
    cvt(f(&mut v))?;
    Ok(v)
}

/// The caller's pid.
pub fn getpid() -> io::Result<u32> {
    out_u32(|p| unsafe { sys::getpid(p) })
}

/// The parent's pid.
pub fn getppid() -> io::Result<u32> {
    out_u32(|p| unsafe { sys::getppid(p) })
}

/// The process group of `pid` (0: the caller).
pub fn getpgid(pid: u32) -> io::Result<u32> {
    out_u32(|p| unsafe { sys::getpgid(pid, p) })
}

/// Moves `pid` (0: the caller) into group `pgid` (0: a new group led by `pid`).
pub fn setpgid(pid: u32, pgid: u32) -> io::Result<()> {
    cvt(unsafe { sys::setpgid(pid, pgid) })
}

fn path_bytes(path: &Path) -> &[u8] {
    #[cfg(target_os = "wasi")]
    {
        use std::os::wasi::ffi::OsStrExt;
        path.as_os_str().as_bytes()
    }
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        path.as_os_str().as_bytes()
    }
}

pub(crate) fn os_from_bytes(bytes: Vec<u8>) -> OsString {
    #[cfg(target_os = "wasi")]
    {
        use std::os::wasi::ffi::OsStringExt;
        OsString::from_vec(bytes)
    }
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStringExt;
        OsString::from_vec(bytes)
    }
}

/// Changes the kernel's working directory (what children inherit and what `getcwd` reports),
/// then makes wasi-libc's (what `std::fs` resolves relative paths against) match it.
///
/// `std::env::set_current_dir` alone changes only wasi-libc's.
pub fn chdir(path: impl AsRef<Path>) -> io::Result<()> {
    let bytes = path_bytes(path.as_ref());
    cvt(unsafe { sys::chdir(bytes.as_ptr(), len_u32(bytes.len())?) })?;
    std::env::set_current_dir(getcwd()?)
}

/// The kernel's working directory for this process.
pub fn getcwd() -> io::Result<PathBuf> {
    let mut buf = vec![0u8; 256];
    loop {
        let mut len = 0u32;
        let errno = unsafe { sys::getcwd(buf.as_mut_ptr(), len_u32(buf.len())?, &mut len) };
        if errno == errno::ERANGE && len as usize > buf.len() {
            buf.resize(len as usize, 0);
            continue;
        }
        cvt(errno)?;
        buf.truncate(len as usize);
        return Ok(PathBuf::from(os_from_bytes(buf)));
    }
}

/// Sets the file-creation mask; returns the previous one.
pub fn umask(mask: u32) -> io::Result<u32> {
    out_u32(|p| unsafe { sys::umask(mask, p) })
}

/// What happens when a signal arrives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u32)]
pub enum SigAction {
    /// The signal's default action (for most: end the process).
    Default = 0,
    /// Discard it.
    Ignore = 1,
    /// Record it, to be collected with [`sigpending`].
    Catch = 2,
}

/// Sets the action for `sig`.
pub fn sigaction(sig: u32, action: SigAction) -> io::Result<()> {
    cvt(unsafe { sys::sigaction(sig, action as u32) })
}

/// The caught signals that arrived since the last call (bit `n-1` = signal `n`); clears them.
pub fn sigpending() -> io::Result<u64> {
    let mut set = 0u64;
    cvt(unsafe { sys::sigpending(&mut set) })?;
    Ok(set)
}

/// Decodes a status record the kernel wrote.
fn stat_record(buf: &[u8; stat::SIZE]) -> io::Result<FileStat> {
    FileStat::decode(buf).map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e.to_string()))
}

/// The full POSIX status of `path` (mode bits, owner, group, blocks: what preview1's filestat
/// lacks), following a final symlink unless `follow` is false.
pub fn stat(path: impl AsRef<Path>, follow: bool) -> io::Result<FileStat> {
    let bytes = path_bytes(path.as_ref());
    let mut buf = [0u8; stat::SIZE];
    let flags = if follow { 0 } else { stat::NOFOLLOW };
    // SAFETY: `bytes` and `buf` are live buffers of the lengths passed; the kernel writes at most
    // `stat::SIZE` bytes to `buf`.
    cvt(unsafe { sys::stat(bytes.as_ptr(), len_u32(bytes.len())?, flags, buf.as_mut_ptr()) })?;
    stat_record(&buf)
}

/// The full POSIX status of an open descriptor.
pub fn fstat(fd: u32) -> io::Result<FileStat> {
    let mut buf = [0u8; stat::SIZE];
    // SAFETY: `buf` is a live buffer of `stat::SIZE` bytes, all the kernel writes.
    cvt(unsafe { sys::fstat(fd, buf.as_mut_ptr()) })?;
    stat_record(&buf)
}

/// Sets the permission bits (`0o7777`) of `path`, following symlinks.
pub fn chmod(path: impl AsRef<Path>, mode: u32) -> io::Result<()> {
    let bytes = path_bytes(path.as_ref());
    // SAFETY: `bytes` is a live buffer of the length passed.
    cvt(unsafe { sys::chmod(bytes.as_ptr(), len_u32(bytes.len())?, mode) })
}

/// Sets the permission bits of an open descriptor's file.
pub fn fchmod(fd: u32, mode: u32) -> io::Result<()> {
    // SAFETY: no pointers.
    cvt(unsafe { sys::fchmod(fd, mode) })
}

/// Checks access to `path` like `access(2)`: `mode` is 4 (read), 2 (write), 1 (execute), or a
/// combination, or 0 for existence.
pub fn access(path: impl AsRef<Path>, mode: u32) -> io::Result<()> {
    let bytes = path_bytes(path.as_ref());
    // SAFETY: `bytes` is a live buffer of the length passed.
    cvt(unsafe { sys::access(bytes.as_ptr(), len_u32(bytes.len())?, mode) })
}

/// Makes wasi-libc's working directory (used by `std::fs` for relative paths and by
/// `std::env::current_dir`) equal to `$PWD`. Runs automatically before `main` in every guest that
/// links this crate; callable again, for example after changing `PWD`. Does nothing if `PWD` is
/// unset or empty.
pub fn set_cwd_from_pwd() -> io::Result<()> {
    match std::env::var_os("PWD") {
        Some(pwd) if !pwd.is_empty() => std::env::set_current_dir(pwd),
        _ => Ok(()),
    }
}

/// Does nothing; calling it is one way to make sure this crate (and so its constructor) is linked.
#[inline(never)]
pub fn init_marker() {}

#[cfg(target_os = "wasi")]
extern "C" fn init() {
    // Nowhere to report a failure before `main`; a guest that cares calls `set_cwd_from_pwd`.
    let _ = set_cwd_from_pwd();
}

/// The constructor: wasm-ld collects `.init_array` entries into `__wasm_call_ctors`.
#[cfg(target_os = "wasi")]
#[used]
#[link_section = ".init_array"]
static INIT: extern "C" fn() = init;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_wait_statuses() {
        assert_eq!(ExitStatus::from_wait_status(0), ExitStatus { code: Some(0), signal: None });
        assert_eq!(ExitStatus::from_wait_status(3 << 8), ExitStatus { code: Some(3), signal: None });
        assert_eq!(ExitStatus::from_wait_status(255 << 8), ExitStatus { code: Some(255), signal: None });
        assert_eq!(ExitStatus::from_wait_status(15), ExitStatus { code: None, signal: Some(15) });
        assert_eq!(ExitStatus::from_wait_status(9 | 0x80), ExitStatus { code: None, signal: Some(9) });
        assert_eq!(ExitStatus::from_wait_status(0x137f), ExitStatus { code: None, signal: None });
        assert_eq!(ExitStatus::from_wait_status(2 << 8).to_string(), "exit 2");
        assert_eq!(ExitStatus::from_wait_status(15).to_string(), "signal 15");
    }
}
