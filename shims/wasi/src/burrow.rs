//! The `burrow` import module (`bridge/ABI.md`): processes, pipes, descriptor duplication,
//! working directory, signals and sockets ([`net`]), the parts preview1 lacks.
//!
//! Conventions are preview1's (see [`crate::preview1`]): a WASI errno is returned, results go
//! through out-pointers only on success (`getcwd` also reports the needed length with
//! `range`), out-pointers are checked before side effects, and a malformed request is `inval`.
//! Unlike preview1, signal numbers and wait statuses use Linux numbering, and paths are plain
//! kernel paths (absolute, or relative to the working directory).

mod net;

pub use net::*;

use burrow_bridge::spawn::SpawnRequest as Request;
use burrow_bridge::stat::{self, FileStat};
use burrow_kernel::fd::OpenFlags;
use burrow_kernel::process::{Disposition, WaitFor};
use burrow_kernel::syscall::{ChildOptions, SpawnRequest};
use burrow_kernel::{Signal, AT_FDCWD};

use crate::memory::Mem;
use crate::preview1::{check_out, finish, Res};
use crate::types::Errno;
use crate::{HostResult, WasiCtx};

/// `wait` flag: do not block.
pub const WNOHANG: i32 = 1;
/// `pipe` flag: `O_NONBLOCK` on both ends.
pub const PIPE_NONBLOCK: i32 = 1;
/// `pipe` and `dup2` flag: close-on-spawn.
pub const CLOEXEC: i32 = 2;

/// A Linux signal number (1..=64), or `inval`.
fn signal(sig: i32) -> Res<Signal> {
    Ok(Signal::new(sig as u32)?)
}

/// `spawn(req, req_len, pid_out)`: decodes a `burrow_bridge::spawn::SpawnRequest` (`inval`
/// if malformed) and starts the program as a child.
pub fn spawn(cx: &mut WasiCtx, mut mem: Mem<'_>, req: i32, req_len: i32, pid_out: i32) -> HostResult<i32> {
    cx.check_killed()?;
    let r = (|| {
        check_out(&mem, pid_out, 4)?;
        let request = Request::decode(mem.slice(req, req_len)?).map_err(|e| {
            tracing::debug!(error = %e, "burrow.spawn: malformed request");
            Errno::INVAL
        })?;
        let Request { path, argv, env, cwd, fds, pgid } = request;
        let options = ChildOptions { argv, env, cwd: (!cwd.is_empty()).then_some(cwd), fds, pgid, credentials: None };
        let pid = cx.task.spawn(SpawnRequest { path, options })?;
        mem.write_u32(pid_out, pid)
    })();
    finish(cx, r)
}

/// `wait(pid, flags, out)`: reaps a child; writes `[u32 pid][i32 status]` (Linux wait status),
/// pid 0 with `WNOHANG` if none has exited. `pid`: > 0 that child, -1 any, 0 any in the
/// caller's group, < -1 any in group `-pid`.
pub fn wait(cx: &mut WasiCtx, mut mem: Mem<'_>, pid: i32, flags: i32, out: i32) -> HostResult<i32> {
    cx.check_killed()?;
    let r = (|| {
        check_out(&mem, out, 8)?;
        if flags & !WNOHANG != 0 {
            return Err(Errno::INVAL);
        }
        let which = match pid {
            -1 => WaitFor::Any,
            0 => WaitFor::Group(cx.task.getpgid(0)?),
            p if p > 0 => WaitFor::Pid(p as u32),
            p => WaitFor::Group(p.unsigned_abs()),
        };
        let (child, status) = match cx.task.wait(which, flags & WNOHANG != 0)? {
            Some((child, status)) => (child, status.wait_status()),
            None => (0, 0),
        };
        mem.write_u32(out, child)?;
        mem.write_u32(out.wrapping_add(4), status as u32)
    })();
    finish(cx, r)
}

/// `kill(pid, sig)`: sends Linux signal `sig` (0 only checks the target exists).
pub fn kill(cx: &mut WasiCtx, _mem: Mem<'_>, pid: i32, sig: i32) -> HostResult<i32> {
    cx.check_killed()?;
    let r = (|| {
        let sig = if sig == 0 { None } else { Some(signal(sig)?) };
        cx.task.kill(i64::from(pid), sig)?;
        Ok(())
    })();
    // The caller may have signalled itself.
    cx.check_killed()?;
    finish(cx, r)
}

/// `pipe(flags, out)`: writes `[u32 read_fd][u32 write_fd]`.
pub fn pipe(cx: &mut WasiCtx, mut mem: Mem<'_>, flags: i32, out: i32) -> HostResult<i32> {
    cx.check_killed()?;
    let r = (|| {
        check_out(&mem, out, 8)?;
        if flags & !(PIPE_NONBLOCK | CLOEXEC) != 0 {
            return Err(Errno::INVAL);
        }
        let mut f = OpenFlags::RDONLY;
        if flags & PIPE_NONBLOCK != 0 {
            f = f | OpenFlags::NONBLOCK;
        }
        if flags & CLOEXEC != 0 {
            f = f | OpenFlags::CLOEXEC;
        }
        let (r, w) = cx.task.pipe(f)?;
        mem.write_u32(out, r)?;
        mem.write_u32(out.wrapping_add(4), w)
    })();
    finish(cx, r)
}

/// `dup(fd, out)`: the lowest free descriptor sharing `fd`'s open file description.
pub fn dup(cx: &mut WasiCtx, mut mem: Mem<'_>, fd: i32, out: i32) -> HostResult<i32> {
    cx.check_killed()?;
    let r = (|| {
        check_out(&mem, out, 4)?;
        let new = cx.task.dup(fd as u32)?;
        mem.write_u32(out, new)
    })();
    finish(cx, r)
}

/// `dup2(old, new, flags)`: makes `new` share `old`'s description (closing what `new` was).
/// Without flags it is POSIX `dup2`; flag bit 1 makes it `dup3(O_CLOEXEC)` (close-on-spawn on
/// `new`, `inval` when `old == new`).
pub fn dup2(cx: &mut WasiCtx, _mem: Mem<'_>, old: i32, new: i32, flags: i32) -> HostResult<i32> {
    cx.check_killed()?;
    let r = (|| {
        if flags & !CLOEXEC != 0 {
            return Err(Errno::INVAL);
        }
        if flags & CLOEXEC != 0 {
            cx.task.dup3(old as u32, new as u32, true)?;
        } else {
            cx.task.dup2(old as u32, new as u32)?;
        }
        Ok(())
    })();
    finish(cx, r)
}

/// `set_cloexec(fd, on)`: sets or clears close-on-spawn.
pub fn set_cloexec(cx: &mut WasiCtx, _mem: Mem<'_>, fd: i32, on: i32) -> HostResult<i32> {
    cx.check_killed()?;
    let r = cx.task.set_cloexec(fd as u32, on != 0).map_err(Errno::from);
    finish(cx, r)
}

/// `getpid(out)`.
pub fn getpid(cx: &mut WasiCtx, mut mem: Mem<'_>, out: i32) -> HostResult<i32> {
    cx.check_killed()?;
    let r = mem.write_u32(out, cx.task.getpid());
    finish(cx, r)
}

/// `getppid(out)` (0 for init).
pub fn getppid(cx: &mut WasiCtx, mut mem: Mem<'_>, out: i32) -> HostResult<i32> {
    cx.check_killed()?;
    let r = mem.write_u32(out, cx.task.getppid());
    finish(cx, r)
}

/// `getpgid(pid, out)`: the process group of `pid` (0: the caller).
pub fn getpgid(cx: &mut WasiCtx, mut mem: Mem<'_>, pid: i32, out: i32) -> HostResult<i32> {
    cx.check_killed()?;
    let r = (|| {
        check_out(&mem, out, 4)?;
        let pgid = cx.task.getpgid(pid as u32)?;
        mem.write_u32(out, pgid)
    })();
    finish(cx, r)
}

/// `setpgid(pid, pgid)`: moves the caller or one of its children (`pid`, 0 the caller) into
/// group `pgid` (0: its own pid).
pub fn setpgid(cx: &mut WasiCtx, _mem: Mem<'_>, pid: i32, pgid: i32) -> HostResult<i32> {
    cx.check_killed()?;
    let r = cx.task.setpgid(pid as u32, pgid as u32).map_err(Errno::from);
    finish(cx, r)
}

/// `chdir(path, path_len)`: changes the working directory (a kernel path: absolute, or
/// relative to the current one) and the `PWD` that `environ_get` reports.
pub fn chdir(cx: &mut WasiCtx, mem: Mem<'_>, path: i32, path_len: i32) -> HostResult<i32> {
    cx.check_killed()?;
    let r = (|| {
        let path = mem.slice(path, path_len)?;
        if path.contains(&0) {
            return Err(Errno::INVAL);
        }
        cx.task.chdir(path)?;
        Ok(())
    })();
    if r.is_ok() {
        cx.refresh_pwd();
    }
    finish(cx, r)
}

/// `getcwd(buf, buf_len, len_out)`: writes the working directory's absolute path (no NUL) and
/// its length; if `buf` is too small, `range` with the needed length in `len_out`.
pub fn getcwd(cx: &mut WasiCtx, mut mem: Mem<'_>, buf: i32, buf_len: i32, len_out: i32) -> HostResult<i32> {
    cx.check_killed()?;
    let r = (|| {
        check_out(&mem, len_out, 4)?;
        let cwd = cx.task.getcwd()?;
        let len = u32::try_from(cwd.len()).map_err(|_| Errno::RANGE)?;
        if len > buf_len as u32 {
            mem.write_u32(len_out, len)?;
            return Err(Errno::RANGE);
        }
        mem.write_bytes(buf, &cwd)?;
        mem.write_u32(len_out, len)
    })();
    finish(cx, r)
}

/// `umask(mask, old_out)`: sets the file-creation mask (low 9 bits), writes the previous one.
pub fn umask(cx: &mut WasiCtx, mut mem: Mem<'_>, mask: i32, old_out: i32) -> HostResult<i32> {
    cx.check_killed()?;
    let r = (|| {
        check_out(&mem, old_out, 4)?;
        let old = cx.task.umask(mask as u32);
        mem.write_u32(old_out, old)
    })();
    finish(cx, r)
}

/// `sigaction(sig, action)`: 0 default, 1 ignore, 2 catch (caught signals are collected with
/// `sigpending`; the guest's runtime runs its handlers).
pub fn sigaction(cx: &mut WasiCtx, _mem: Mem<'_>, sig: i32, action: i32) -> HostResult<i32> {
    cx.check_killed()?;
    let r = (|| {
        let sig = signal(sig)?;
        let disposition = match action {
            0 => Disposition::Default,
            1 => Disposition::Ignore,
            2 => Disposition::Catch,
            _ => return Err(Errno::INVAL),
        };
        cx.task.set_signal_disposition(sig, disposition)?;
        Ok(())
    })();
    finish(cx, r)
}

/// `sigpending(out)`: writes the set of caught signals that arrived (bit `n-1` for signal `n`)
/// and clears it.
pub fn sigpending(cx: &mut WasiCtx, mut mem: Mem<'_>, out: i32) -> HostResult<i32> {
    cx.check_killed()?;
    let r = (|| {
        check_out(&mem, out, 8)?;
        mem.write_u64(out, cx.task.take_signals())
    })();
    finish(cx, r)
}

/// A kernel path argument: bytes without NUL.
fn path_arg<'m>(mem: &'m Mem<'_>, path: i32, path_len: i32) -> Res<&'m [u8]> {
    let path = mem.slice(path, path_len)?;
    if path.contains(&0) {
        return Err(Errno::INVAL);
    }
    Ok(path)
}

/// The bridge record of a kernel stat.
pub fn stat_record(s: &burrow_kernel::vfs::Stat) -> [u8; stat::SIZE] {
    FileStat {
        dev: s.dev,
        ino: s.ino,
        nlink: s.nlink,
        mode: s.mode,
        uid: s.uid,
        gid: s.gid,
        blksize: s.blksize,
        rdev: s.rdev,
        size: s.size,
        blocks: s.blocks,
        atime_ns: s.atime.as_nanos() as i64,
        mtime_ns: s.mtime.as_nanos() as i64,
        ctime_ns: s.ctime.as_nanos() as i64,
    }
    .encode()
}

/// `stat(path, path_len, flags, out)`: writes the 96-byte status record of `path` (flag bit 0:
/// do not follow a final symlink).
pub fn stat(cx: &mut WasiCtx, mut mem: Mem<'_>, path: i32, path_len: i32, flags: i32, out: i32) -> HostResult<i32> {
    cx.check_killed()?;
    let r = (|| {
        check_out(&mem, out, stat::SIZE)?;
        let follow = flags as u32 & stat::NOFOLLOW == 0;
        let s = cx.task.stat(AT_FDCWD, path_arg(&mem, path, path_len)?, follow)?;
        mem.write_bytes(out, &stat_record(&s))
    })();
    finish(cx, r)
}

/// `fstat(fd, out)`: writes the 96-byte status record of an open descriptor.
pub fn fstat(cx: &mut WasiCtx, mut mem: Mem<'_>, fd: i32, out: i32) -> HostResult<i32> {
    cx.check_killed()?;
    let r = (|| {
        check_out(&mem, out, stat::SIZE)?;
        let s = cx.task.fstat(fd as u32)?;
        mem.write_bytes(out, &stat_record(&s))
    })();
    finish(cx, r)
}

/// `chmod(path, path_len, mode)`: sets the permission bits of `path` (following symlinks).
pub fn chmod(cx: &mut WasiCtx, mem: Mem<'_>, path: i32, path_len: i32, mode: i32) -> HostResult<i32> {
    cx.check_killed()?;
    let r = (|| Ok(cx.task.chmod(AT_FDCWD, path_arg(&mem, path, path_len)?, mode as u32)?))();
    finish(cx, r)
}

/// `fchmod(fd, mode)`: sets the permission bits of an open descriptor's file.
pub fn fchmod(cx: &mut WasiCtx, _mem: Mem<'_>, fd: i32, mode: i32) -> HostResult<i32> {
    cx.check_killed()?;
    let r = (|| Ok(cx.task.fchmod(fd as u32, mode as u32)?))();
    finish(cx, r)
}

/// `access(path, path_len, mode)`: checks read (4), write (2) and execute (1) permission for
/// the caller, or existence (0), like `access(2)`.
pub fn access(cx: &mut WasiCtx, mem: Mem<'_>, path: i32, path_len: i32, mode: i32) -> HostResult<i32> {
    cx.check_killed()?;
    let r = (|| {
        if mode as u32 & !7 != 0 {
            return Err(Errno::INVAL);
        }
        Ok(cx.task.access(AT_FDCWD, path_arg(&mem, path, path_len)?, mode as u32)?)
    })();
    finish(cx, r)
}
