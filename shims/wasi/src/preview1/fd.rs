//! Descriptor calls: reading and writing in place, seeking, status, attributes, directory
//! listing, the preopen, renumbering.
//!
//! Transfers never copy through a host buffer: `fd_write` hands the kernel the guest's own
//! slices (one `writev` of every `iovec`), and reads fill the guest's buffers directly. A read
//! from a stream (pipe, device, socket) fills only the first non-empty `iovec`, because a
//! second read could block after data already arrived; a regular file fills them in turn until
//! a short read.
//!
//! `fd_readdir` uses the kernel's readdir cookies as WASI cookies (0 `.`, 1 `..`, then the
//! filesystem's own) and fills the buffer completely: an entry that does not fit is written
//! truncated, so a guest that sees a full buffer knows to resume from the last whole entry's
//! `d_next` (or retry with a bigger buffer).

use std::io::SeekFrom;

use burrow_kernel::fd::{FileRef, OpenFlags};
use burrow_kernel::syscall::ReaddirEntry;
use burrow_kernel::time::Timespec;
use burrow_kernel::vfs::{FileType, TimeSet};

use super::{check_out, file_filetype, finish, is_root, kfd, wasi_filetype, write_filestat, Iovs, Res, PREOPEN_FD, PREOPEN_NAME};
use crate::memory::Mem;
use crate::types::{self, fdflags, fstflags, rights, whence, Errno, PREOPENTYPE_DIR};
use crate::{HostResult, WasiCtx};

/// Access and modification times to set, from `fst_flags` (`inval` for a time given both
/// explicitly and as "now", or for unknown flags).
pub(crate) fn time_sets(atim: i64, mtim: i64, fst_flags: i32) -> Res<(Option<TimeSet>, Option<TimeSet>)> {
    let f = u16::try_from(fst_flags).map_err(|_| Errno::INVAL)?;
    if f & !fstflags::ALL != 0 {
        return Err(Errno::INVAL);
    }
    let pick = |at: u16, now: u16, ns: i64| match (f & at != 0, f & now != 0) {
        (true, true) => Err(Errno::INVAL),
        (true, false) => Ok(Some(TimeSet::At(Timespec::from_nanos(ns as u64)))),
        (false, true) => Ok(Some(TimeSet::Now)),
        (false, false) => Ok(None),
    };
    Ok((pick(fstflags::ATIM, fstflags::ATIM_NOW, atim)?, pick(fstflags::MTIM, fstflags::MTIM_NOW, mtim)?))
}

/// A WASI file offset, which preview1 types as unsigned: past `i64::MAX` it is `inval`.
fn offset(off: i64) -> Res<u64> {
    u64::try_from(off).map_err(|_| Errno::INVAL)
}

/// `fd_advise(fd, offset, len, advice)`: validated, then ignored (everything is in memory).
pub fn fd_advise(cx: &mut WasiCtx, _mem: Mem<'_>, fd: i32, _offset: i64, _len: i64, advice: i32) -> HostResult<i32> {
    cx.check_killed()?;
    let r = (|| {
        let file = cx.task.file(kfd(fd))?;
        if !(0..=types::ADVICE_MAX).contains(&advice) {
            return Err(Errno::INVAL);
        }
        if file.file_type() == FileType::Fifo {
            return Err(Errno::SPIPE);
        }
        Ok(())
    })();
    finish(cx, r)
}

/// `fd_allocate(fd, offset, len)`: extends a regular file open for writing to at least
/// `offset + len` bytes (holes read as zeros; nothing is reserved beyond that). Not atomic
/// with respect to a concurrent size change.
pub fn fd_allocate(cx: &mut WasiCtx, _mem: Mem<'_>, fd: i32, offset: i64, len: i64) -> HostResult<i32> {
    cx.check_killed()?;
    let r = (|| {
        let file = cx.task.file(kfd(fd))?;
        if !file.status().access().write {
            return Err(Errno::BADF);
        }
        match file.file_type() {
            FileType::Regular => {}
            FileType::Fifo | FileType::Socket => return Err(Errno::SPIPE),
            FileType::Directory => return Err(Errno::ISDIR),
            _ => return Err(Errno::NODEV),
        }
        // Offsets and lengths past `i64::MAX` are negative to Linux's `fallocate`: `inval`.
        if offset < 0 || len <= 0 {
            return Err(Errno::INVAL);
        }
        let end = offset.checked_add(len).ok_or(Errno::FBIG)? as u64;
        if end > file.stat()?.size {
            cx.task.ftruncate(kfd(fd), end)?;
        }
        Ok(())
    })();
    finish(cx, r)
}

/// `fd_close(fd)`. Closing the preopen is allowed.
pub fn fd_close(cx: &mut WasiCtx, _mem: Mem<'_>, fd: i32) -> HostResult<i32> {
    cx.check_killed()?;
    let r = cx.task.close(kfd(fd)).map_err(Errno::from);
    finish(cx, r)
}

/// `fd_datasync(fd)`.
pub fn fd_datasync(cx: &mut WasiCtx, _mem: Mem<'_>, fd: i32) -> HostResult<i32> {
    cx.check_killed()?;
    let r = cx.task.fsync(kfd(fd)).map_err(Errno::from);
    finish(cx, r)
}

/// `fd_sync(fd)`.
pub fn fd_sync(cx: &mut WasiCtx, _mem: Mem<'_>, fd: i32) -> HostResult<i32> {
    cx.check_killed()?;
    let r = cx.task.fsync(kfd(fd)).map_err(Errno::from);
    finish(cx, r)
}

/// The WASI synchronisation level of kernel status flags: 0 none, 1 `dsync`, 2 `sync`.
fn sync_level_kernel(bits: u32) -> u8 {
    if bits & OpenFlags::SYNC.0 == OpenFlags::SYNC.0 {
        2
    } else if bits & OpenFlags::DSYNC.0 != 0 {
        1
    } else {
        0
    }
}

/// The synchronisation level WASI `fdflags` ask for (`rsync` is `sync`, as on Linux).
fn sync_level_wasi(flags: u16) -> u8 {
    if flags & (fdflags::SYNC | fdflags::RSYNC) != 0 {
        2
    } else if flags & fdflags::DSYNC != 0 {
        1
    } else {
        0
    }
}

/// The WASI `fdflags` of an open file description.
pub(crate) fn wasi_fdflags(file: &FileRef) -> u16 {
    let bits = file.status().get().0;
    let mut f = 0;
    if bits & OpenFlags::APPEND.0 != 0 {
        f |= fdflags::APPEND;
    }
    if bits & OpenFlags::NONBLOCK.0 != 0 {
        f |= fdflags::NONBLOCK;
    }
    f |= match sync_level_kernel(bits) {
        2 => fdflags::SYNC,
        1 => fdflags::DSYNC,
        _ => 0,
    };
    f
}

/// The `(base, inheriting)` rights reported for an open file description.
pub(crate) fn rights_of(file: &FileRef) -> (u64, u64) {
    let ft = file.file_type();
    if ft == FileType::Directory {
        return (rights::DIRECTORY_BASE, rights::DIRECTORY_INHERITING);
    }
    let access = file.status().access();
    let mut base = rights::FILE_BASE;
    if !access.read {
        base &= !rights::FD_READ;
    }
    if !access.write {
        base &= !(rights::FD_WRITE | rights::FD_ALLOCATE | rights::FD_FILESTAT_SET_SIZE);
    }
    if matches!(ft, FileType::Fifo | FileType::Socket) {
        base &= !(rights::FD_SEEK | rights::FD_TELL | rights::FD_ALLOCATE | rights::FD_FILESTAT_SET_SIZE);
    }
    (base, 0)
}

/// `fd_fdstat_get(fd, out)`: type, flags and rights (see the module documentation of
/// [`crate::preview1`] for the rights reported).
pub fn fd_fdstat_get(cx: &mut WasiCtx, mut mem: Mem<'_>, fd: i32, out: i32) -> HostResult<i32> {
    cx.check_killed()?;
    let r = (|| {
        check_out(&mem, out, types::FDSTAT_SIZE)?;
        let file = cx.task.file(kfd(fd))?;
        let (base, inheriting) = rights_of(&file);
        let mut b = [0u8; types::FDSTAT_SIZE];
        b[0] = file_filetype(&file);
        b[2..4].copy_from_slice(&wasi_fdflags(&file).to_le_bytes());
        b[8..16].copy_from_slice(&base.to_le_bytes());
        b[16..24].copy_from_slice(&inheriting.to_le_bytes());
        mem.write_bytes(out, &b)
    })();
    finish(cx, r)
}

/// `fd_fdstat_set_flags(fd, flags)`: `append` and `nonblock` change (shared by every
/// descriptor of the description, like `F_SETFL`); the synchronisation flags cannot change, so
/// passing them as they are is accepted and asking for a different level is `notsup`.
pub fn fd_fdstat_set_flags(cx: &mut WasiCtx, _mem: Mem<'_>, fd: i32, flags: i32) -> HostResult<i32> {
    cx.check_killed()?;
    let r = (|| {
        let file = cx.task.file(kfd(fd))?;
        let flags = u16::try_from(flags).map_err(|_| Errno::INVAL)?;
        if flags & !fdflags::ALL != 0 {
            return Err(Errno::INVAL);
        }
        if sync_level_wasi(flags) != sync_level_kernel(file.status().get().0) {
            return Err(Errno::NOTSUP);
        }
        let mut set = 0;
        if flags & fdflags::APPEND != 0 {
            set |= OpenFlags::APPEND.0;
        }
        if flags & fdflags::NONBLOCK != 0 {
            set |= OpenFlags::NONBLOCK.0;
        }
        file.status().set(OpenFlags(set));
        Ok(())
    })();
    finish(cx, r)
}

/// `fd_fdstat_set_rights(fd, base, inheriting)`: `notsup` for any open descriptor, since
/// rights are not enforced (see the module documentation of [`crate::preview1`]).
pub fn fd_fdstat_set_rights(cx: &mut WasiCtx, _mem: Mem<'_>, fd: i32, _base: i64, _inheriting: i64) -> HostResult<i32> {
    cx.check_killed()?;
    let r = cx.task.file(kfd(fd)).map_err(Errno::from).and(Err(Errno::NOTSUP));
    finish(cx, r)
}

/// `fd_filestat_get(fd, out)`: the kernel's attributes (true sizes, times in nanoseconds).
pub fn fd_filestat_get(cx: &mut WasiCtx, mut mem: Mem<'_>, fd: i32, out: i32) -> HostResult<i32> {
    cx.check_killed()?;
    let r = (|| {
        check_out(&mem, out, types::FILESTAT_SIZE)?;
        let st = cx.task.fstat(kfd(fd))?;
        write_filestat(&mut mem, out, &st)?;
        if st.mode & 0o170000 == 0o140000 {
            // A socket: its filetype says stream or datagram.
            let ft = file_filetype(&cx.task.file(kfd(fd))?);
            mem.write_bytes(out.wrapping_add(16), &[ft])?;
        }
        Ok(())
    })();
    finish(cx, r)
}

/// `fd_filestat_set_size(fd, size)`: `ftruncate`.
pub fn fd_filestat_set_size(cx: &mut WasiCtx, _mem: Mem<'_>, fd: i32, size: i64) -> HostResult<i32> {
    cx.check_killed()?;
    let r = (|| {
        cx.task.ftruncate(kfd(fd), offset(size)?)?;
        Ok(())
    })();
    finish(cx, r)
}

/// `fd_filestat_set_times(fd, atim, mtim, fst_flags)`: `futimens`.
pub fn fd_filestat_set_times(
    cx: &mut WasiCtx,
    _mem: Mem<'_>,
    fd: i32,
    atim: i64,
    mtim: i64,
    fst_flags: i32,
) -> HostResult<i32> {
    cx.check_killed()?;
    let r = (|| {
        let (a, m) = time_sets(atim, mtim, fst_flags)?;
        cx.task.futimens(kfd(fd), a, m)?;
        Ok(())
    })();
    finish(cx, r)
}

/// Reads into `iovs` with `read_one(buffer, bytes_done)`: every buffer in turn until a short
/// read, or only the first non-empty one for a stream. An error after some bytes arrived ends
/// the transfer with those bytes.
fn scatter(
    mem: &mut Mem<'_>,
    iovs: &Iovs,
    stream: bool,
    mut read_one: impl FnMut(&mut [u8], u64) -> Res<usize>,
) -> Res<u32> {
    let mut total: u64 = 0;
    let mut any = false;
    for &(buf, len) in iovs.as_slice() {
        if len == 0 {
            continue;
        }
        any = true;
        let dst = mem.slice_mut(buf as i32, len as i32)?;
        let n = match read_one(dst, total) {
            Ok(n) => n,
            Err(_) if total > 0 => break,
            Err(e) => return Err(e),
        };
        total += n as u64;
        if stream || n < len as usize {
            break;
        }
    }
    if !any {
        // Nothing to transfer: still report a bad descriptor, a directory, and so on.
        read_one(&mut [], 0)?;
    }
    Ok(total as u32)
}

/// `fd_read(fd, iovs, iovs_len, nread_out)`.
pub fn fd_read(
    cx: &mut WasiCtx,
    mut mem: Mem<'_>,
    fd: i32,
    iovs: i32,
    iovs_len: i32,
    nread_out: i32,
) -> HostResult<i32> {
    cx.check_killed()?;
    let r = (|| {
        check_out(&mem, nread_out, 4)?;
        let list = Iovs::load(&mem, iovs, iovs_len)?;
        let fd = kfd(fd);
        let nonempty = list.as_slice().iter().filter(|(_, l)| *l != 0).count();
        let ft = if nonempty > 1 { Some(cx.task.file(fd)?.file_type()) } else { None };
        if ft == Some(FileType::Socket) {
            // A datagram is received whole, scattered over the buffers.
            let (n, _) = super::sock::recv_iovs(&cx.task, &mut mem, fd, &list, Default::default(), false)?;
            return mem.write_u32(nread_out, n);
        }
        let stream = ft.is_some_and(|t| t != FileType::Regular);
        let task = &cx.task;
        let n = scatter(&mut mem, &list, stream, |buf, _| Ok(task.read(fd, buf)?))?;
        mem.write_u32(nread_out, n)
    })();
    finish(cx, r)
}

/// `fd_pread(fd, iovs, iovs_len, offset, nread_out)`: reads at `offset` without moving the
/// descriptor's offset.
pub fn fd_pread(
    cx: &mut WasiCtx,
    mut mem: Mem<'_>,
    fd: i32,
    iovs: i32,
    iovs_len: i32,
    offset: i64,
    nread_out: i32,
) -> HostResult<i32> {
    cx.check_killed()?;
    let r = (|| {
        check_out(&mem, nread_out, 4)?;
        let list = Iovs::load(&mem, iovs, iovs_len)?;
        let at = self::offset(offset)?;
        let fd = kfd(fd);
        let task = &cx.task;
        let n = scatter(&mut mem, &list, false, |buf, done| Ok(task.pread(fd, buf, at.saturating_add(done))?))?;
        mem.write_u32(nread_out, n)
    })();
    finish(cx, r)
}

/// `fd_write(fd, iovs, iovs_len, nwritten_out)`: one kernel `writev` straight from guest
/// memory (a single `write` for a single buffer).
pub fn fd_write(
    cx: &mut WasiCtx,
    mut mem: Mem<'_>,
    fd: i32,
    iovs: i32,
    iovs_len: i32,
    nwritten_out: i32,
) -> HostResult<i32> {
    cx.check_killed()?;
    let r = (|| {
        check_out(&mem, nwritten_out, 4)?;
        let list = Iovs::load(&mem, iovs, iovs_len)?;
        let fd = kfd(fd);
        let n = match list.as_slice() {
            [(buf, len)] => cx.task.write(fd, mem.slice(*buf as i32, *len as i32)?)?,
            pairs if pairs.iter().filter(|(_, l)| *l != 0).count() > 1
                && super::sock::socket_type(&cx.task, fd) == Ok(burrow_kernel::net::SockType::Datagram) =>
            {
                // One datagram, however many buffers.
                super::sock::send_iovs(&cx.task, &mem, fd, &list, Default::default())? as usize
            }
            pairs if pairs.len() <= 8 => {
                let mut bufs: [&[u8]; 8] = [&[]; 8];
                for (slot, &(buf, len)) in bufs.iter_mut().zip(pairs) {
                    *slot = mem.slice(buf as i32, len as i32)?;
                }
                cx.task.writev(fd, &bufs[..pairs.len()])?
            }
            pairs => {
                let bufs = pairs.iter().map(|&(b, l)| mem.slice(b as i32, l as i32)).collect::<Result<Vec<_>, _>>()?;
                cx.task.writev(fd, &bufs)?
            }
        };
        mem.write_u32(nwritten_out, n as u32)
    })();
    finish(cx, r)
}

/// `fd_pwrite(fd, iovs, iovs_len, offset, nwritten_out)`: writes at `offset` without moving
/// the descriptor's offset (at the end with `append`, as on Linux).
pub fn fd_pwrite(
    cx: &mut WasiCtx,
    mut mem: Mem<'_>,
    fd: i32,
    iovs: i32,
    iovs_len: i32,
    offset: i64,
    nwritten_out: i32,
) -> HostResult<i32> {
    cx.check_killed()?;
    let r = (|| {
        check_out(&mem, nwritten_out, 4)?;
        let list = Iovs::load(&mem, iovs, iovs_len)?;
        let at = self::offset(offset)?;
        let fd = kfd(fd);
        let mut total: u64 = 0;
        let mut any = false;
        for &(buf, len) in list.as_slice() {
            if len == 0 {
                continue;
            }
            any = true;
            let src = mem.slice(buf as i32, len as i32)?;
            let n = match cx.task.pwrite(fd, src, at.saturating_add(total)) {
                Ok(n) => n,
                Err(_) if total > 0 => break,
                Err(e) => return Err(e.into()),
            };
            total += n as u64;
            if n < len as usize {
                break;
            }
        }
        if !any {
            cx.task.pwrite(fd, &[], at)?;
        }
        mem.write_u32(nwritten_out, total as u32)
    })();
    finish(cx, r)
}

/// Checks that `fd` is the preopen: descriptor 3, open on the VM's root directory (so once
/// the guest closes it or renumbers something else over it, it is no longer a preopen).
fn preopen(cx: &WasiCtx, fd: i32) -> Res {
    if kfd(fd) != PREOPEN_FD || !is_root(&cx.task, PREOPEN_FD).unwrap_or(false) {
        return Err(Errno::BADF);
    }
    Ok(())
}

/// `fd_prestat_get(fd, out)`: descriptor 3 is a preopened directory named `/`; any other
/// descriptor is `badf` (which ends a guest's scan of preopens).
pub fn fd_prestat_get(cx: &mut WasiCtx, mut mem: Mem<'_>, fd: i32, out: i32) -> HostResult<i32> {
    cx.check_killed()?;
    let r = (|| {
        check_out(&mem, out, types::PRESTAT_SIZE)?;
        preopen(cx, fd)?;
        let mut b = [0u8; types::PRESTAT_SIZE];
        b[0] = PREOPENTYPE_DIR;
        b[4..8].copy_from_slice(&(PREOPEN_NAME.len() as u32).to_le_bytes());
        mem.write_bytes(out, &b)
    })();
    finish(cx, r)
}

/// `fd_prestat_dir_name(fd, path, path_len)`: writes `/`; `nametoolong` if `path_len` is too
/// small (a larger buffer is fine, only the name's bytes are written).
pub fn fd_prestat_dir_name(cx: &mut WasiCtx, mut mem: Mem<'_>, fd: i32, path: i32, path_len: i32) -> HostResult<i32> {
    cx.check_killed()?;
    let r = (|| {
        preopen(cx, fd)?;
        if (path_len as u32 as usize) < PREOPEN_NAME.len() {
            return Err(Errno::NAMETOOLONG);
        }
        mem.write_bytes(path, PREOPEN_NAME)
    })();
    finish(cx, r)
}

/// `fd_readdir(fd, buf, buf_len, cookie, bufused_out)`: see the module documentation.
pub fn fd_readdir(
    cx: &mut WasiCtx,
    mut mem: Mem<'_>,
    fd: i32,
    buf: i32,
    buf_len: i32,
    cookie: i64,
    bufused_out: i32,
) -> HostResult<i32> {
    cx.check_killed()?;
    let r = (|| {
        check_out(&mem, bufused_out, 4)?;
        let out = mem.slice_mut(buf, buf_len)?;
        let mut used = 0usize;
        cx.task.readdir(kfd(fd), cookie as u64, &mut |e: ReaddirEntry<'_>| {
            let mut head = [0u8; types::DIRENT_SIZE];
            head[0..8].copy_from_slice(&e.next.to_le_bytes());
            head[8..16].copy_from_slice(&e.ino.to_le_bytes());
            head[16..20].copy_from_slice(&(e.name.len() as u32).to_le_bytes());
            head[20] = wasi_filetype(e.file_type);
            for part in [&head[..], e.name] {
                let take = part.len().min(out.len() - used);
                out[used..used + take].copy_from_slice(&part[..take]);
                used += take;
            }
            used < out.len()
        })?;
        mem.write_u32(bufused_out, used as u32)
    })();
    finish(cx, r)
}

/// `fd_renumber(from, to)`: moves `from` to `to` (closing what `to` was) and closes `from`;
/// both must be open (`badf` otherwise). The close-on-spawn flag moves along.
pub fn fd_renumber(cx: &mut WasiCtx, _mem: Mem<'_>, fd: i32, to: i32) -> HostResult<i32> {
    cx.check_killed()?;
    let r = (|| {
        let (from, to) = (kfd(fd), kfd(to));
        let cloexec = cx.task.cloexec(from)?;
        cx.task.file(to)?;
        if from == to {
            return Ok(());
        }
        cx.task.dup3(from, to, cloexec)?;
        cx.task.close(from)?;
        Ok(())
    })();
    finish(cx, r)
}

/// Moves the offset of `fd`; directories cannot seek (`isdir`).
fn seek(cx: &WasiCtx, fd: i32, pos: SeekFrom) -> Res<u64> {
    let file = cx.task.file(kfd(fd))?;
    if file.file_type() == FileType::Directory {
        return Err(Errno::ISDIR);
    }
    Ok(file.seek(pos)?)
}

/// `fd_seek(fd, offset, whence, newoffset_out)`: whence 0 set, 1 current, 2 end.
pub fn fd_seek(
    cx: &mut WasiCtx,
    mut mem: Mem<'_>,
    fd: i32,
    offset: i64,
    whence: i32,
    newoffset_out: i32,
) -> HostResult<i32> {
    cx.check_killed()?;
    let r = (|| {
        check_out(&mem, newoffset_out, 8)?;
        let pos = match whence {
            whence::SET => SeekFrom::Start(self::offset(offset)?),
            whence::CUR => SeekFrom::Current(offset),
            whence::END => SeekFrom::End(offset),
            _ => return Err(Errno::INVAL),
        };
        let new = seek(cx, fd, pos)?;
        mem.write_u64(newoffset_out, new)
    })();
    finish(cx, r)
}

/// `fd_tell(fd, out)`: the offset (a seek by 0 from the current position).
pub fn fd_tell(cx: &mut WasiCtx, mut mem: Mem<'_>, fd: i32, out: i32) -> HostResult<i32> {
    cx.check_killed()?;
    let r = (|| {
        check_out(&mem, out, 8)?;
        let at = seek(cx, fd, SeekFrom::Current(0))?;
        mem.write_u64(out, at)
    })();
    finish(cx, r)
}
