//! The kernel ops JavaScript builtins call through the engine's `op(code, a, b, c, buf)`.
//!
//! Numbers cross as JS numbers (`f64`, integers exact up to 2^53); bytes cross in the one
//! buffer argument, read and written in place. Paths are UTF-8 bytes in `buf`; ops that take
//! two paths get `first\0second` with the first one's length in `a`. Ops whose result has no
//! fixed size (listings, link targets, argv) keep it pending and return its length; `TAKE`
//! then copies it into a buffer of that size. Failures return `-errno` (Linux numbering).
//! The layouts are specified in `bridge/ABI.md` ("Node ops").

use std::io::SeekFrom;
use std::time::{Duration, Instant};

use burrow_bridge::dirent::{self, Kind};
use burrow_bridge::spawn::SpawnRequest;
use burrow_bridge::stat;
use burrow_kernel::fd::OpenFlags;
use burrow_kernel::poll::Readiness;
use burrow_kernel::process::WaitFor;
use burrow_kernel::syscall::{ChildOptions, PollFd, SpawnRequest as KernelSpawn};
use burrow_kernel::time::Timespec;
use burrow_kernel::vfs::{FileType, Stat, TimeSet};
use burrow_kernel::{Errno, Signal, Task, AT_FDCWD};
use tracing::trace_span;

use crate::{net, HostExit, HostResult, NodeCtx};

/// Op codes.
pub mod code {
    /// `(buf)`: copies the pending result into `buf`; returns the bytes copied.
    pub const TAKE: u32 = 0;
    /// `()`: pending = every argument followed by NUL.
    pub const ARGV: u32 = 1;
    /// `()`: pending = every `KEY=VALUE` followed by NUL.
    pub const ENV: u32 = 2;
    /// `(status)`: ends the process.
    pub const EXIT: u32 = 3;
    /// `(fd, position, _, data)`: writes; position -1 writes at the file offset.
    pub const WRITE: u32 = 4;
    /// `(fd, position, _, buf)`: reads into `buf`; 0 at end of file.
    pub const READ: u32 = 5;
    /// `(flags, mode, _, path)`: opens (Linux `O_*` flags); returns the descriptor.
    pub const OPEN: u32 = 6;
    /// `(fd)`.
    pub const CLOSE: u32 = 7;
    /// `(nofollow, path_len, _, buf)`: the path is `buf[..path_len]`; writes the 96-byte status
    /// record over `buf` (at least 96 bytes).
    pub const STAT: u32 = 8;
    /// `(fd, _, _, buf)`: the status record of an open descriptor.
    pub const FSTAT: u32 = 9;
    /// `(_, _, _, path)`: pending = the directory's listing without `.` and `..` (bridge layout).
    pub const READDIR: u32 = 10;
    /// `(mode, _, _, path)`.
    pub const MKDIR: u32 = 11;
    /// `(_, _, _, path)`.
    pub const RMDIR: u32 = 12;
    /// `(_, _, _, path)`.
    pub const UNLINK: u32 = 13;
    /// `(old_len, _, _, old\0new)`.
    pub const RENAME: u32 = 14;
    /// `(target_len, _, _, target\0path)`.
    pub const SYMLINK: u32 = 15;
    /// `(_, _, _, path)`: pending = the link's target.
    pub const READLINK: u32 = 16;
    /// `(_, _, _, path)`: pending = the canonical absolute path.
    pub const REALPATH: u32 = 17;
    /// `(mode, nofollow, _, path)`.
    pub const CHMOD: u32 = 18;
    /// `(atime_ms, mtime_ms, nofollow, path)`: times in milliseconds since the epoch.
    pub const UTIMES: u32 = 19;
    /// `(mode, _, _, path)`: `F_OK` 0 or `R_OK` 4 | `W_OK` 2 | `X_OK` 1.
    pub const ACCESS: u32 = 20;
    /// `(_, _, _, path)`.
    pub const CHDIR: u32 = 21;
    /// `()`: pending = the working directory.
    pub const GETCWD: u32 = 22;
    /// `(fd, len)`.
    pub const FTRUNCATE: u32 = 23;
    /// `(len, _, _, path)`.
    pub const TRUNCATE: u32 = 24;
    /// `(old_len, _, _, old\0new)`: a hard link.
    pub const LINK: u32 = 25;
    /// `(fd, mode)`.
    pub const FCHMOD: u32 = 26;
    /// `(fd, atime_ms, mtime_ms)`.
    pub const FUTIMES: u32 = 27;
    /// `(fd)`.
    pub const FSYNC: u32 = 28;
    /// `()`: the process id.
    pub const GETPID: u32 = 30;
    /// `()`: the parent's process id.
    pub const GETPPID: u32 = 31;
    /// `()`: a monotonic clock in nanoseconds (from an arbitrary start).
    pub const HRTIME: u32 = 32;
    /// `()`: wall-clock time in milliseconds since the epoch (fractional).
    pub const NOW: u32 = 33;
    /// `(ms)`: sleeps (a kill interrupts it); the event loop's wait when only timers are pending.
    pub const SLEEP: u32 = 34;
    /// `(_, _, _, buf)`: fills `buf` with random bytes.
    pub const RANDOM: u32 = 35;
    /// `(fd)`: 1 if a terminal (never, in a VM), 0 if not, -EBADF.
    pub const ISATTY: u32 = 36;
    /// `(mask)`: sets the umask (a negative mask only reads it); returns the old one.
    pub const UMASK: u32 = 37;
    /// `(pid, signal)`.
    pub const KILL: u32 = 38;
    /// `(fd, offset, whence)`: whence 0 set, 1 current, 2 end; returns the new offset.
    pub const SEEK: u32 = 39;
    /// `(count, timeout_ms, children, entries)`: waits until one of `count` entries `[u32 fd][u32
    /// events]` is ready (a negative timeout waits forever) or, with `children` non-zero, a child
    /// exits; writes each entry's ready events over its `events` (1 readable, 2 writable,
    /// 4 hang-up, 8 error; 16 for a closed descriptor); returns how many entries are ready.
    pub const POLL: u32 = 40;
    /// `(_, _, _, out)`: a pipe; writes `[u32 read_fd][u32 write_fd]` (both close-on-exec).
    pub const PIPE: u32 = 41;
    /// `(_, _, _, request)`: starts a process (`burrow.spawn`'s request layout); returns its pid.
    pub const SPAWN: u32 = 42;
    /// `(pid, nohang, _, out)`: reaps a child (pid -1: any); writes `[u32 pid][i32 wait status]`;
    /// returns the pid, 0 when `nohang` and none has exited.
    pub const WAIT: u32 = 43;
    /// `(fd, on)`: sets or clears `O_NONBLOCK` on the descriptor's open file description.
    pub const SET_NONBLOCK: u32 = 44;
    /// `(algorithm, key_len, _, buf)`: pending = the digest of `buf` (algorithms: 0 md5, 1 sha1,
    /// 2 sha256, 3 sha512, 4 sha384, 5 sha224); with `key_len` >= 0, the HMAC of
    /// `buf[key_len..]` keyed with `buf[..key_len]`. Returns the digest's length.
    pub const HASH: u32 = 45;
    /// `(mode, level, _, buf)`: pending = `buf` compressed or decompressed (modes: 0 deflate,
    /// 1 inflate, 2 gzip, 3 gunzip, 4 deflate raw, 5 inflate raw, 6 unzip: gzip or zlib by
    /// header); `EINVAL` for data that does not decode. Returns the result's length.
    pub const ZLIB: u32 = 46;
    /// `(path_len, _, _, buf)`: the whole content of the file at `buf[..path_len]` (open, read
    /// to the end, close in one op: the module loader's and readFileSync's path), copied into
    /// `buf` when it fits, pending otherwise. With `path_len` 0 the path is all of `buf` and
    /// the content always pending. Returns its length.
    pub const READ_FILE: u32 = 47;
    /// `(domain, type)`: a socket (`AF_*`; `SOCK_STREAM` 1 or `SOCK_DGRAM` 2, or-ed with
    /// `SOCK_NONBLOCK`/`SOCK_CLOEXEC`); returns its descriptor. Sockets read, write, poll and
    /// close as other descriptors do.
    pub const SOCKET: u32 = 48;
    /// `(fd, _, _, addr)`: binds the address record in `buf` (port 0: an ephemeral one).
    pub const BIND: u32 = 49;
    /// `(fd, backlog)`.
    pub const LISTEN: u32 = 50;
    /// `(fd, flags, _, out)`: the next connection's descriptor (`flags`: `SOCK_NONBLOCK`,
    /// `SOCK_CLOEXEC`); the peer's address in `out`, a 128-byte address slot (`[u32 record
    /// length][record]`).
    pub const ACCEPT: u32 = 51;
    /// `(fd, _, _, addr)`: connects to the address record in `buf`.
    pub const CONNECT: u32 = 52;
    /// `(fd, peer, _, out)`: the local (`peer` 0) or peer's (1) address into the address slot
    /// `out`; returns the record's length.
    pub const SOCKNAME: u32 = 53;
    /// `(fd, level << 16 | name, value)`: an integer option (Linux's level and name values).
    pub const SETSOCKOPT: u32 = 54;
    /// `(fd, level << 16 | name)`: an integer option's value.
    pub const GETSOCKOPT: u32 = 55;
    /// `(fd, how)`: 0 read, 1 write, 2 both.
    pub const SHUTDOWN: u32 = 56;
    /// `(fd, addr_len, flags, buf)`: sends `buf[addr_len..]` to the address record
    /// `buf[..addr_len]` (none: 0); never blocks nor raises `SIGPIPE`. Returns the bytes sent.
    pub const SENDTO: u32 = 57;
    /// `(fd, flags, _, buf)`: receives into `buf[128..]`, the sender's address into the address
    /// slot `buf[..128]` (record length 0: none); never blocks. Returns the bytes received.
    pub const RECVFROM: u32 = 58;
    /// `(path_len, request_len, suffixed_only, buf)`: the module loader's file probe.
    /// `buf[..path_len]` is a path and `buf[path_len..request_len]` a list of suffixes, each led
    /// by a NUL (`\0.js\0.json`); the first of the path (unless `suffixed_only` is 1) and the
    /// path with each suffix that names an existing non-directory (symlinks followed) has its
    /// real path written to `buf`, and its length returned. `EISDIR` when none does and the path is a directory; `ENOENT` when nothing
    /// matches; `ENAMETOOLONG` when the real path does not fit in `buf`.
    pub const RESOLVE: u32 = 59;
    /// `(port, _, _, name)`: the addresses of the host name in `buf` (UTF-8) for connecting to
    /// `port` (-1: no port), through the VM's egress policy (`burrow_kernel::net::egress`): IP
    /// literals and `localhost` locally, `host.burrow.internal` as `10.0.2.2`, other names on
    /// the host only when a rule names them. Pending = each address as text, followed by NUL;
    /// returns its length. `EACCES` (no rule names the host, or all its addresses are denied),
    /// `ENOENT` (no such name), `ENETUNREACH` (no host network), `EAGAIN` (the resolver failed),
    /// `EINVAL` (a malformed name).
    pub const LOOKUP: u32 = 60;
    /// `SOCKETPAIR (domain, type)`: two connected sockets, `[u32][u32]` over `buf` (unix only:
    /// `child_process.fork`'s IPC channel).
    pub const SOCKETPAIR: u32 = 61;
}

/// `POLL`'s event for a descriptor that is not open.
const POLL_CLOSED: u32 = 16;

/// Dispatches one op (see [`code`]).
pub fn call(cx: &mut NodeCtx, op: u32, args: [f64; 3], buf: &mut [u8]) -> HostResult<f64> {
    let _span = trace_span!("node_op", op, pid = cx.task.pid()).entered();
    cx.check_killed()?;
    if op == code::EXIT {
        return Err(HostExit::Exit(args[0] as i32));
    }
    match run(cx, op, args, buf) {
        Ok(v) => Ok(v),
        Err(e) => {
            // An interrupted call may mean the process was killed: stop instead of failing.
            cx.check_killed()?;
            Ok(-f64::from(e.0))
        }
    }
}

fn int(v: f64) -> i64 {
    if v.is_finite() {
        v as i64
    } else {
        -1
    }
}

fn fd(v: f64) -> Result<u32, Errno> {
    u32::try_from(int(v)).map_err(|_| Errno::EBADF)
}

/// The path in `buf`: no NUL inside, not empty.
fn path(buf: &[u8]) -> Result<&[u8], Errno> {
    if buf.is_empty() {
        return Err(Errno::ENOENT);
    }
    if buf.contains(&0) {
        return Err(Errno::EINVAL);
    }
    Ok(buf)
}

/// The two paths of `first\0second` with the first `first_len` bytes long.
fn two_paths(buf: &[u8], first_len: f64) -> Result<(&[u8], &[u8]), Errno> {
    let n = usize::try_from(int(first_len)).map_err(|_| Errno::EINVAL)?;
    if n >= buf.len() || buf[n] != 0 {
        return Err(Errno::EINVAL);
    }
    Ok((path(&buf[..n])?, path(&buf[n + 1..])?))
}

fn millis(ms: f64) -> Option<TimeSet> {
    if !ms.is_finite() {
        return None;
    }
    let ns = (ms * 1e6).round();
    let sec = (ns / 1e9).floor();
    Some(TimeSet::At(Timespec { sec: sec as i64, nsec: (ns - sec * 1e9) as u32 }))
}

fn put_stat(buf: &mut [u8], s: &Stat) -> Result<f64, Errno> {
    let out = buf.get_mut(..stat::SIZE).ok_or(Errno::EINVAL)?;
    out.copy_from_slice(&burrow_wasi::burrow::stat_record(s));
    Ok(0.0)
}

fn kind(t: FileType) -> Kind {
    match t {
        FileType::Regular => Kind::File,
        FileType::Directory => Kind::Dir,
        FileType::Symlink => Kind::Symlink,
        FileType::CharDevice => Kind::CharDevice,
        FileType::BlockDevice => Kind::BlockDevice,
        FileType::Fifo => Kind::Fifo,
        FileType::Socket => Kind::Socket,
    }
}

fn pending(cx: &mut NodeCtx, bytes: Vec<u8>) -> f64 {
    cx.pending = bytes;
    cx.pending.len() as f64
}

fn nul_list(items: &[Vec<u8>]) -> Vec<u8> {
    let mut out = Vec::with_capacity(items.iter().map(|i| i.len() + 1).sum());
    for item in items {
        out.extend_from_slice(item);
        out.push(0);
    }
    out
}

/// The canonical absolute path of `path` (every symlink resolved). The kernel names
/// directories only (a file may have many names), so the final component is resolved here:
/// its directory's path, then its own name, following it while it is a symlink.
fn realpath(task: &Task, path: &[u8]) -> burrow_kernel::Result<Vec<u8>> {
    /// Linux's limit on symlinks followed in one resolution.
    const MAX_LINKS: usize = 40;
    let mut path = path.to_vec();
    for _ in 0..MAX_LINKS {
        let trimmed = path.iter().rposition(|&b| b != b'/').map_or(&path[..0], |end| &path[..=end]);
        let (dir, name) = match trimmed.iter().rposition(|&b| b == b'/') {
            Some(i) => (if i == 0 { &b"/"[..] } else { &trimmed[..i] }, &trimmed[i + 1..]),
            None => (&b"."[..], trimmed),
        };
        if name.is_empty() || name == b"." || name == b".." {
            let loc = task.lookup(AT_FDCWD, if trimmed.is_empty() { &path } else { trimmed }, true)?;
            return task.path_of(&loc);
        }
        let dir_loc = task.lookup(AT_FDCWD, dir, true)?;
        let mut full = task.path_of(&dir_loc)?;
        if full != b"/" {
            full.push(b'/');
        }
        full.extend_from_slice(name);
        let st = task.stat(AT_FDCWD, &full, false)?;
        if st.mode & 0o170000 != 0o120000 {
            return Ok(full);
        }
        let target = task.readlink(AT_FDCWD, &full)?;
        path = if target.starts_with(b"/") {
            target
        } else {
            let mut p = full[..full.len() - name.len()].to_vec();
            p.extend_from_slice(&target);
            p
        };
    }
    Err(Errno::ELOOP.into())
}

/// [`code::RESOLVE`]: the real path of the first existing non-directory among `path` (unless
/// `suffixed_only`) and `path` with each NUL-led suffix of `suffixes` appended.
fn resolve_file(task: &Task, path: &[u8], suffixes: &[u8], suffixed_only: bool) -> burrow_kernel::Result<Vec<u8>> {
    let is_file = |p: &[u8]| task.stat(AT_FDCWD, p, true).map(|st| st.mode & 0o170000 != 0o040000);
    let is_dir = match is_file(path) {
        Ok(true) if !suffixed_only => return realpath(task, path),
        Ok(true) => false,
        Ok(false) => true,
        Err(_) => false,
    };
    let mut candidate = path.to_vec();
    for suffix in suffixes.split(|&b| b == 0).filter(|s| !s.is_empty()) {
        candidate.truncate(path.len());
        candidate.extend_from_slice(suffix);
        if let Ok(true) = is_file(&candidate) {
            return realpath(task, &candidate);
        }
    }
    Err(if is_dir { Errno::EISDIR } else { Errno::ENOENT }.into())
}

/// Most bytes of a file read whole (Node's own ceiling for `readFile`).
const MAX_WHOLE_FILE: u64 = 2 << 30;
/// The largest regular file Node reads whole (`kIoMaxLength`); a larger one is `EFBIG` here and
/// `ERR_FS_FILE_TOO_LARGE` in the shim.
const MAX_IO_LENGTH: u64 = (1 << 31) - 1;

/// Everything left to read from `fd`, in one buffer sized by its stat. A file larger than the
/// process's memory limit (a sparse file on a host mount can claim any size; a device never
/// ends) fails with that limit's error instead of exhausting the host's memory.
fn read_to_end(task: &Task, fd: u32) -> burrow_kernel::Result<Vec<u8>> {
    let max = task.kernel().limits().memory.min(MAX_WHOLE_FILE);
    let too_big = || burrow_kernel::limits::exceeded(burrow_kernel::Limit::Memory, max);
    let stat = task.fstat(fd)?;
    let size = stat.size;
    if size > MAX_IO_LENGTH && stat.file_type() == FileType::Regular {
        // Node refuses such a file before reading any of it (ERR_FS_FILE_TOO_LARGE): no memory
        // is asked for, so no limit is hit.
        return Err(Errno::EFBIG.into());
    }
    if size > max {
        return Err(too_big());
    }
    let cap = usize::try_from(max).unwrap_or(usize::MAX).saturating_add(1);
    let mut out = vec![0u8; usize::try_from(size).unwrap_or(0).saturating_add(1).max(4096).min(cap)];
    let mut len = 0;
    loop {
        if len == out.len() {
            if len >= cap {
                return Err(too_big());
            }
            out.resize(out.len().saturating_mul(2).min(cap), 0);
        }
        let n = task.read(fd, &mut out[len..])?;
        if n == 0 {
            break;
        }
        len += n;
    }
    out.truncate(len);
    Ok(out)
}

fn monotonic_ns() -> f64 {
    static START: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
    START.get_or_init(Instant::now).elapsed().as_nanos() as f64
}

fn run(cx: &mut NodeCtx, op: u32, [a, b, c]: [f64; 3], buf: &mut [u8]) -> Result<f64, Errno> {
    let task = &cx.task;
    let done = |r: burrow_kernel::Result<()>| r.map(|()| 0.0).map_err(|e| e.errno());
    match op {
        code::TAKE => {
            let n = cx.pending.len().min(buf.len());
            buf[..n].copy_from_slice(&cx.pending[..n]);
            cx.pending = Vec::new();
            Ok(n as f64)
        }
        code::ARGV => Ok(pending(cx, nul_list(&cx.args.clone()))),
        code::ENV => Ok(pending(cx, nul_list(&cx.env.clone()))),
        code::WRITE => {
            let fd = fd(a)?;
            let n = if int(b) < 0 { task.write(fd, buf) } else { task.pwrite(fd, buf, int(b) as u64) };
            n.map(|n| n as f64).map_err(|e| e.errno())
        }
        code::READ => {
            let fd = fd(a)?;
            let n = if int(b) < 0 { task.read(fd, buf) } else { task.pread(fd, buf, int(b) as u64) };
            n.map(|n| n as f64).map_err(|e| e.errno())
        }
        code::OPEN => {
            let flags = OpenFlags(int(a) as u32);
            task.open(AT_FDCWD, path(buf)?, flags, int(b) as u32 & 0o7777).map(f64::from).map_err(|e| e.errno())
        }
        code::CLOSE => done(task.close(fd(a)?)),
        code::READ_FILE => {
            let path_len = usize::try_from(int(a)).ok().filter(|&n| n <= buf.len()).ok_or(Errno::EINVAL)?;
            let file_path = path(if path_len == 0 { &buf[..] } else { &buf[..path_len] })?;
            let file = task.open(AT_FDCWD, file_path, OpenFlags::RDONLY, 0).map_err(|e| e.errno())?;
            let content = read_to_end(task, file);
            let _ = task.close(file);
            let content = content.map_err(|e| e.errno())?;
            if path_len > 0 && content.len() <= buf.len() {
                buf[..content.len()].copy_from_slice(&content);
                Ok(content.len() as f64)
            } else {
                Ok(pending(cx, content))
            }
        }
        code::RESOLVE => {
            let path_len = usize::try_from(int(a)).map_err(|_| Errno::EINVAL)?;
            let request_len = usize::try_from(int(b)).ok().filter(|&n| n >= path_len && n <= buf.len()).ok_or(Errno::EINVAL)?;
            let found = resolve_file(task, path(&buf[..path_len])?, &buf[path_len..request_len], int(c) == 1).map_err(|e| e.errno())?;
            let out = buf.get_mut(..found.len()).ok_or(Errno::ENAMETOOLONG)?;
            out.copy_from_slice(&found);
            Ok(found.len() as f64)
        }
        code::STAT => {
            let len = usize::try_from(int(b)).ok().filter(|&n| n <= buf.len()).ok_or(Errno::EINVAL)?;
            let s = task.stat(AT_FDCWD, path(&buf[..len])?, int(a) == 0).map_err(|e| e.errno())?;
            put_stat(buf, &s)
        }
        code::FSTAT => {
            let s = task.fstat(fd(a)?).map_err(|e| e.errno())?;
            put_stat(buf, &s)
        }
        code::READDIR => {
            let dir = task.open(AT_FDCWD, path(buf)?, OpenFlags::DIRECTORY | OpenFlags::RDONLY, 0).map_err(|e| e.errno())?;
            let mut listing = Vec::new();
            let r = task.readdir(dir, 0, &mut |e| {
                if e.name != b"." && e.name != b".." {
                    dirent::push(&mut listing, kind(e.file_type), e.name);
                }
                true
            });
            let _ = task.close(dir);
            r.map_err(|e| e.errno())?;
            Ok(pending(cx, listing))
        }
        code::MKDIR => done(task.mkdir(AT_FDCWD, path(buf)?, int(a) as u32 & 0o7777)),
        code::RMDIR => done(task.rmdir(AT_FDCWD, path(buf)?)),
        code::UNLINK => done(task.unlink(AT_FDCWD, path(buf)?)),
        code::RENAME => {
            let (old, new) = two_paths(buf, a)?;
            done(task.rename(AT_FDCWD, old, AT_FDCWD, new, Default::default()))
        }
        code::SYMLINK => {
            let (target, link) = two_paths(buf, a)?;
            done(task.symlink(target, AT_FDCWD, link))
        }
        code::LINK => {
            let (old, new) = two_paths(buf, a)?;
            done(task.link(AT_FDCWD, old, AT_FDCWD, new, false))
        }
        code::READLINK => {
            let target = task.readlink(AT_FDCWD, path(buf)?).map_err(|e| e.errno())?;
            Ok(pending(cx, target))
        }
        code::REALPATH => {
            let p = realpath(task, path(buf)?).map_err(|e| e.errno())?;
            Ok(pending(cx, p))
        }
        code::CHMOD => {
            if int(b) != 0 {
                // Linux has no lchmod: a symlink's own mode cannot change.
                return Err(Errno::EOPNOTSUPP);
            }
            done(task.chmod(AT_FDCWD, path(buf)?, int(a) as u32 & 0o7777))
        }
        code::UTIMES => done(task.utimens(AT_FDCWD, path(buf)?, millis(a), millis(b), int(c) == 0)),
        code::ACCESS => done(task.access(AT_FDCWD, path(buf)?, int(a) as u32 & 7)),
        code::CHDIR => done(task.chdir(path(buf)?)),
        code::GETCWD => {
            let cwd = task.getcwd().map_err(|e| e.errno())?;
            Ok(pending(cx, cwd))
        }
        code::FTRUNCATE => done(task.ftruncate(fd(a)?, u64::try_from(int(b)).map_err(|_| Errno::EINVAL)?)),
        code::TRUNCATE => done(task.truncate(AT_FDCWD, path(buf)?, u64::try_from(int(a)).map_err(|_| Errno::EINVAL)?)),
        code::FCHMOD => done(task.fchmod(fd(a)?, int(b) as u32 & 0o7777)),
        code::FUTIMES => done(task.futimens(fd(a)?, millis(b), millis(c))),
        code::FSYNC => done(task.fsync(fd(a)?)),
        code::GETPID => Ok(f64::from(task.getpid())),
        code::GETPPID => Ok(f64::from(task.getppid())),
        code::HRTIME => Ok(monotonic_ns()),
        code::NOW => {
            let t = Timespec::now();
            Ok(t.sec as f64 * 1e3 + f64::from(t.nsec) / 1e6)
        }
        code::SLEEP => {
            let ms = if a.is_finite() && a > 0.0 { a } else { 0.0 };
            // Longer than a Duration holds (1e300 ms, say) is forever.
            match task.poll(&mut [], Duration::try_from_secs_f64(ms / 1e3).ok()) {
                Ok(_) => Ok(0.0),
                Err(e) => Err(e.errno()),
            }
        }
        code::RANDOM => {
            burrow_kernel::vfs::devfs::fill_random(buf).map_err(|e| e.errno())?;
            Ok(0.0)
        }
        code::ISATTY => {
            task.file(fd(a)?).map_err(|e| e.errno())?;
            Ok(0.0)
        }
        code::UMASK => {
            if int(a) < 0 {
                let old = task.umask(0);
                task.umask(old);
                Ok(f64::from(old))
            } else {
                Ok(f64::from(task.umask(int(a) as u32 & 0o777)))
            }
        }
        code::KILL => {
            let sig = match int(b) {
                0 => None,
                n => Some(Signal::new(u32::try_from(n).map_err(|_| Errno::EINVAL)?).map_err(|e| e.errno())?),
            };
            done(task.kill(int(a), sig))
        }
        code::SEEK => {
            let pos = match int(c) {
                0 => SeekFrom::Start(u64::try_from(int(b)).map_err(|_| Errno::EINVAL)?),
                1 => SeekFrom::Current(int(b)),
                2 => SeekFrom::End(int(b)),
                _ => return Err(Errno::EINVAL),
            };
            task.lseek(fd(a)?, pos).map(|p| p as f64).map_err(|e| e.errno())
        }
        code::POLL => {
            let count = usize::try_from(int(a)).map_err(|_| Errno::EINVAL)?;
            let entries = buf.get_mut(..count.checked_mul(8).ok_or(Errno::EINVAL)?).ok_or(Errno::EINVAL)?;
            let mut fds: Vec<PollFd> = entries
                .chunks_exact(8)
                .map(|e| {
                    let word = |i: usize| u32::from_le_bytes([e[i], e[i + 1], e[i + 2], e[i + 3]]);
                    PollFd::new(word(0), Readiness((word(4) & 15) as u8))
                })
                .collect();
            // Negative, infinite or longer than a Duration holds: no timeout.
            let timeout = if b.is_finite() && b >= 0.0 { Duration::try_from_secs_f64(b / 1e3).ok() } else { None };
            let ready = task.poll_or_child_exit(&mut fds, timeout, int(c) != 0).map_err(|e| e.errno())?;
            for (entry, fd) in entries.chunks_exact_mut(8).zip(&fds) {
                let events = fd.revents.map_or(POLL_CLOSED, |r| u32::from(r.0));
                entry[4..].copy_from_slice(&events.to_le_bytes());
            }
            Ok(ready as f64)
        }
        code::PIPE => {
            let out = buf.get_mut(..8).ok_or(Errno::EINVAL)?;
            let (r, w) = task.pipe(OpenFlags::CLOEXEC).map_err(|e| e.errno())?;
            out[..4].copy_from_slice(&r.to_le_bytes());
            out[4..].copy_from_slice(&w.to_le_bytes());
            Ok(0.0)
        }
        code::SPAWN => {
            let request = SpawnRequest::decode(buf).map_err(|_| Errno::EINVAL)?;
            let SpawnRequest { path, argv, env, cwd, fds, pgid } = request;
            let options = ChildOptions { argv, env, cwd: (!cwd.is_empty()).then_some(cwd), fds, pgid, credentials: None };
            task.spawn(KernelSpawn { path, options }).map(f64::from).map_err(|e| e.errno())
        }
        code::WAIT => {
            let which = match int(a) {
                -1 => WaitFor::Any,
                p => WaitFor::Pid(u32::try_from(p).map_err(|_| Errno::EINVAL)?),
            };
            let out = buf.get_mut(..8).ok_or(Errno::EINVAL)?;
            match task.wait(which, int(b) != 0).map_err(|e| e.errno())? {
                Some((pid, status)) => {
                    out[..4].copy_from_slice(&pid.to_le_bytes());
                    out[4..].copy_from_slice(&status.wait_status().to_le_bytes());
                    Ok(f64::from(pid))
                }
                None => Ok(0.0),
            }
        }
        code::SET_NONBLOCK => {
            let fd = fd(a)?;
            let flags = task.status_flags(fd).map_err(|e| e.errno())?;
            let flags = if int(b) != 0 { flags | OpenFlags::NONBLOCK } else { OpenFlags(flags.0 & !OpenFlags::NONBLOCK.0) };
            done(task.set_status_flags(fd, flags))
        }
        code::HASH => {
            let digest = crate::digest::digest(int(a), int(b), buf).ok_or(Errno::EINVAL)?;
            Ok(pending(cx, digest))
        }
        code::SOCKET => net::socket(task, int(a), int(b)),
        code::SOCKETPAIR => net::socketpair(task, int(a), int(b), buf),
        code::BIND => net::bind(task, int(a), buf),
        code::LISTEN => net::listen(task, int(a), int(b)),
        code::ACCEPT => net::accept(task, int(a), int(b), buf),
        code::CONNECT => net::connect(task, int(a), buf),
        code::SOCKNAME => net::sockname(task, int(a), int(b) != 0, buf),
        code::SETSOCKOPT => net::setsockopt(task, int(a), int(b), int(c)),
        code::GETSOCKOPT => net::getsockopt(task, int(a), int(b)),
        code::SHUTDOWN => net::shutdown(task, int(a), int(b)),
        code::SENDTO => net::sendto(task, int(a), int(b), int(c), buf),
        code::RECVFROM => net::recvfrom(task, int(a), int(b), buf),
        code::LOOKUP => {
            let port = match int(a) {
                -1 => None,
                p => Some(u16::try_from(p).map_err(|_| Errno::EINVAL)?),
            };
            let name = std::str::from_utf8(buf).map_err(|_| Errno::EINVAL)?;
            let found = task.resolve(name, port).map_err(|e| e.errno())?;
            let texts: Vec<Vec<u8>> = found.iter().map(|ip| ip.to_string().into_bytes()).collect();
            Ok(pending(cx, nul_list(&texts)))
        }
        code::ZLIB => {
            let out = crate::digest::zlib(int(a), int(b), buf).map_err(|_| Errno::EINVAL)?;
            Ok(pending(cx, out))
        }
        _ => Err(Errno::ENOSYS),
    }
}
