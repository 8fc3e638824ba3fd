//! Path calls: each resolves its path relative to a directory descriptor with the kernel's
//! `*at` syscalls. See the module documentation of [`crate::preview1`] for how paths are
//! confined (`notcapable`) and how `path_open` chooses the access mode.

use burrow_kernel::fd::OpenFlags;
use burrow_kernel::vfs::RenameFlags;
use burrow_kernel::Task;

use super::fd::time_sets;
use super::{check_out, finish, is_root, kfd, write_filestat, Res};
use crate::memory::Mem;
use crate::types::{self, fdflags, oflags, rights, Errno, LOOKUP_SYMLINK_FOLLOW};
use crate::{HostResult, WasiCtx};

/// Permission bits for files `path_open` creates, before the umask.
const CREATE_MODE: u32 = 0o666;
/// Permission bits for directories `path_create_directory` creates, before the umask.
const MKDIR_MODE: u32 = 0o777;

/// A directory descriptor for an `*at` call. Negative numbers are `badf` here (the kernel
/// would read -100 as `AT_FDCWD`).
fn dirfd(fd: i32) -> Res<i32> {
    if fd < 0 {
        return Err(Errno::BADF);
    }
    Ok(fd)
}

/// The path bytes at `[ptr, ptr + len)`: any bytes but NUL (`inval`).
fn path_arg<'m>(mem: &'m Mem<'_>, ptr: i32, len: i32) -> Res<&'m [u8]> {
    let p = mem.slice(ptr, len)?;
    if p.contains(&0) {
        return Err(Errno::INVAL);
    }
    Ok(p)
}

/// Whether the text of `path` leaves the directory it is relative to: absolute, or climbing
/// above it with `..`.
fn escapes(path: &[u8]) -> bool {
    if path.first() == Some(&b'/') {
        return true;
    }
    let mut depth: i64 = 0;
    for comp in path.split(|&b| b == b'/') {
        match comp {
            b"" | b"." => {}
            b".." => {
                depth -= 1;
                if depth < 0 {
                    return true;
                }
            }
            _ => depth += 1,
        }
    }
    false
}

/// WASI's capability rule for the text of a path (see the module documentation of
/// [`crate::preview1`]): `notcapable` if `path` escapes `fd`, unless `fd` is the root.
fn confine(task: &Task, fd: i32, path: &[u8]) -> Res {
    if escapes(path) && !is_root(task, kfd(fd))? {
        return Err(Errno::NOTCAPABLE);
    }
    Ok(())
}

/// The directory descriptor and path bytes of one path argument, checked.
fn at<'m>(cx: &WasiCtx, mem: &'m Mem<'_>, fd: i32, ptr: i32, len: i32) -> Res<(i32, &'m [u8])> {
    let fd = dirfd(fd)?;
    let path = path_arg(mem, ptr, len)?;
    confine(&cx.task, fd, path)?;
    Ok((fd, path))
}

/// `path_create_directory(fd, path, path_len)`: `mkdirat` with mode 0777 (less the umask).
pub fn path_create_directory(cx: &mut WasiCtx, mem: Mem<'_>, fd: i32, path: i32, path_len: i32) -> HostResult<i32> {
    cx.check_killed()?;
    let r = (|| {
        let (fd, path) = at(cx, &mem, fd, path, path_len)?;
        cx.task.mkdir(fd, path, MKDIR_MODE)?;
        Ok(())
    })();
    finish(cx, r)
}

/// `path_filestat_get(fd, flags, path, path_len, out)`: `fstatat`, following a final symlink
/// only with `symlink_follow`.
pub fn path_filestat_get(
    cx: &mut WasiCtx,
    mut mem: Mem<'_>,
    fd: i32,
    flags: i32,
    path: i32,
    path_len: i32,
    out: i32,
) -> HostResult<i32> {
    cx.check_killed()?;
    let r = (|| {
        check_out(&mem, out, types::FILESTAT_SIZE)?;
        let st = {
            let (fd, path) = at(cx, &mem, fd, path, path_len)?;
            cx.task.stat(fd, path, flags & LOOKUP_SYMLINK_FOLLOW != 0)?
        };
        write_filestat(&mut mem, out, &st)
    })();
    finish(cx, r)
}

/// `path_filestat_set_times(fd, flags, path, path_len, atim, mtim, fst_flags)`: `utimensat`.
pub fn path_filestat_set_times(
    cx: &mut WasiCtx,
    mem: Mem<'_>,
    fd: i32,
    flags: i32,
    path: i32,
    path_len: i32,
    atim: i64,
    mtim: i64,
    fst_flags: i32,
) -> HostResult<i32> {
    cx.check_killed()?;
    let r = (|| {
        let (a, m) = time_sets(atim, mtim, fst_flags)?;
        let (fd, path) = at(cx, &mem, fd, path, path_len)?;
        cx.task.utimens(fd, path, a, m, flags & LOOKUP_SYMLINK_FOLLOW != 0)?;
        Ok(())
    })();
    finish(cx, r)
}

/// `path_link(old_fd, old_flags, old_path, old_len, new_fd, new_path, new_len)`: `linkat`,
/// following a final symlink of the old path only with `symlink_follow`.
pub fn path_link(
    cx: &mut WasiCtx,
    mem: Mem<'_>,
    old_fd: i32,
    old_flags: i32,
    old_path: i32,
    old_len: i32,
    new_fd: i32,
    new_path: i32,
    new_len: i32,
) -> HostResult<i32> {
    cx.check_killed()?;
    let r = (|| {
        let (old_fd, old) = at(cx, &mem, old_fd, old_path, old_len)?;
        let (new_fd, new) = at(cx, &mem, new_fd, new_path, new_len)?;
        cx.task.link(old_fd, old, new_fd, new, old_flags & LOOKUP_SYMLINK_FOLLOW != 0)?;
        Ok(())
    })();
    finish(cx, r)
}

/// The kernel's open flags for a `path_open`.
fn open_flags(dirflags: i32, oflags: u16, rights_base: u64, fdflags: u16) -> OpenFlags {
    let read = rights_base & rights::READING != 0;
    let write = rights_base & rights::WRITING != 0;
    let mut f = match (read, write) {
        (_, false) => OpenFlags::RDONLY,
        (false, true) => OpenFlags::WRONLY,
        (true, true) => OpenFlags::RDWR,
    };
    for (wasi, kernel) in [
        (oflags::CREAT, OpenFlags::CREAT),
        (oflags::DIRECTORY, OpenFlags::DIRECTORY),
        (oflags::EXCL, OpenFlags::EXCL),
        (oflags::TRUNC, OpenFlags::TRUNC),
    ] {
        if oflags & wasi != 0 {
            f = f | kernel;
        }
    }
    for (wasi, kernel) in [
        (fdflags::APPEND, OpenFlags::APPEND),
        (fdflags::NONBLOCK, OpenFlags::NONBLOCK),
        (fdflags::DSYNC, OpenFlags::DSYNC),
        (fdflags::SYNC, OpenFlags::SYNC),
        // O_RSYNC is O_SYNC on Linux.
        (fdflags::RSYNC, OpenFlags::SYNC),
    ] {
        if fdflags & wasi != 0 {
            f = f | kernel;
        }
    }
    if dirflags & LOOKUP_SYMLINK_FOLLOW == 0 {
        f = f | OpenFlags::NOFOLLOW;
    }
    f
}

/// `path_open(fd, dirflags, path, path_len, oflags, rights_base, rights_inheriting, fdflags,
/// fd_out)`: `openat`; the new descriptor is the lowest free one.
pub fn path_open(
    cx: &mut WasiCtx,
    mut mem: Mem<'_>,
    fd: i32,
    dirflags: i32,
    path: i32,
    path_len: i32,
    oflags: i32,
    rights_base: i64,
    _rights_inheriting: i64,
    fdflags: i32,
    fd_out: i32,
) -> HostResult<i32> {
    cx.check_killed()?;
    let r = (|| {
        check_out(&mem, fd_out, 4)?;
        let oflags = u16::try_from(oflags).ok().filter(|o| o & !oflags::ALL == 0).ok_or(Errno::INVAL)?;
        let fdflags = u16::try_from(fdflags).ok().filter(|f| f & !fdflags::ALL == 0).ok_or(Errno::INVAL)?;
        let flags = open_flags(dirflags, oflags, rights_base as u64, fdflags);
        let new = {
            let (fd, path) = at(cx, &mem, fd, path, path_len)?;
            match cx.task.open(fd, path, flags, CREATE_MODE) {
                // Writing rights on a directory named without `oflags::DIRECTORY`: open it
                // read-only (programs ask for every right by default).
                Err(e)
                    if e == burrow_kernel::Errno::EISDIR
                        && flags.access().write
                        && oflags & (oflags::CREAT | oflags::DIRECTORY | oflags::TRUNC) == 0 =>
                {
                    let read_only = OpenFlags(flags.0 & !OpenFlags::ACCMODE) | OpenFlags::DIRECTORY;
                    cx.task.open(fd, path, read_only, CREATE_MODE)?
                }
                r => r?,
            }
        };
        mem.write_u32(fd_out, new)
    })();
    finish(cx, r)
}

/// `path_readlink(fd, path, path_len, buf, buf_len, bufused_out)`: the link's text, truncated
/// to `buf_len` bytes (not NUL-terminated).
pub fn path_readlink(
    cx: &mut WasiCtx,
    mut mem: Mem<'_>,
    fd: i32,
    path: i32,
    path_len: i32,
    buf: i32,
    buf_len: i32,
    bufused_out: i32,
) -> HostResult<i32> {
    cx.check_killed()?;
    let r = (|| {
        check_out(&mem, bufused_out, 4)?;
        mem.slice(buf, buf_len)?;
        let target = {
            let (fd, path) = at(cx, &mem, fd, path, path_len)?;
            cx.task.readlink(fd, path)?
        };
        let n = target.len().min(buf_len as u32 as usize);
        mem.write_bytes(buf, &target[..n])?;
        mem.write_u32(bufused_out, n as u32)
    })();
    finish(cx, r)
}

/// `path_remove_directory(fd, path, path_len)`: `unlinkat(AT_REMOVEDIR)`.
pub fn path_remove_directory(cx: &mut WasiCtx, mem: Mem<'_>, fd: i32, path: i32, path_len: i32) -> HostResult<i32> {
    cx.check_killed()?;
    let r = (|| {
        let (fd, path) = at(cx, &mem, fd, path, path_len)?;
        cx.task.rmdir(fd, path)?;
        Ok(())
    })();
    finish(cx, r)
}

/// `path_rename(fd, old_path, old_len, new_fd, new_path, new_len)`: `renameat`.
pub fn path_rename(
    cx: &mut WasiCtx,
    mem: Mem<'_>,
    fd: i32,
    old_path: i32,
    old_len: i32,
    new_fd: i32,
    new_path: i32,
    new_len: i32,
) -> HostResult<i32> {
    cx.check_killed()?;
    let r = (|| {
        let (old_fd, old) = at(cx, &mem, fd, old_path, old_len)?;
        let (new_fd, new) = at(cx, &mem, new_fd, new_path, new_len)?;
        cx.task.rename(old_fd, old, new_fd, new, RenameFlags::default())?;
        Ok(())
    })();
    finish(cx, r)
}

/// `path_symlink(old_path, old_len, fd, new_path, new_len)`: creates `new_path` (relative to
/// `fd`) as a symlink whose text is `old_path`. An absolute target is `notcapable` unless `fd`
/// is the root (see the module documentation of [`crate::preview1`]).
pub fn path_symlink(
    cx: &mut WasiCtx,
    mem: Mem<'_>,
    old_path: i32,
    old_len: i32,
    fd: i32,
    new_path: i32,
    new_len: i32,
) -> HostResult<i32> {
    cx.check_killed()?;
    let r = (|| {
        let target = path_arg(&mem, old_path, old_len)?;
        let (fd, path) = at(cx, &mem, fd, new_path, new_len)?;
        if target.first() == Some(&b'/') && !is_root(&cx.task, kfd(fd))? {
            return Err(Errno::NOTCAPABLE);
        }
        cx.task.symlink(target, fd, path)?;
        Ok(())
    })();
    finish(cx, r)
}

/// `path_unlink_file(fd, path, path_len)`: `unlinkat`.
pub fn path_unlink_file(cx: &mut WasiCtx, mem: Mem<'_>, fd: i32, path: i32, path_len: i32) -> HostResult<i32> {
    cx.check_killed()?;
    let r = (|| {
        let (fd, path) = at(cx, &mem, fd, path, path_len)?;
        cx.task.unlink(fd, path)?;
        Ok(())
    })();
    finish(cx, r)
}

#[cfg(test)]
mod tests {
    use super::escapes;

    #[test]
    fn escaping_paths_are_recognised_from_their_text() {
        for p in [&b"/x"[..], b"..", b"a/../..", b"./../x", b"a/b/../../../c", b"//"] {
            assert!(escapes(p), "{}", String::from_utf8_lossy(p));
        }
        for p in [&b"x"[..], b".", b"a/..", b"a/./b/../c", b"dir/.//nested/../../dir/nested/../nested///./file", b""] {
            assert!(!escapes(p), "{}", String::from_utf8_lossy(p));
        }
    }
}
