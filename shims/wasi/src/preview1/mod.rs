//! `wasi_snapshot_preview1` over the kernel (re-exported as
//! [`crate::wasi_snapshot_preview1`], the wasm import module's name).
//!
//! Every function has the shape `fn(&mut WasiCtx, Mem<'_>, args...) -> HostResult<i32>`: it
//! first stops a killed process ([`WasiCtx::check_killed`]), then does its work against
//! [`Task`] syscalls, and returns a WASI errno (`0` on success). Results are written through the
//! guest's out-pointers only on success, and out-pointers are bounds-checked *before* anything
//! with a side effect happens, so a bad pointer yields `fault` (21) and changes nothing. A call
//! interrupted by a signal (`EINTR`) re-checks whether the signal killed the process before
//! returning `intr` to the guest.
//!
//! # Descriptors
//!
//! WASI descriptors *are* kernel descriptors: 0-2 are stdio and 3 is the one preopen, the VM's
//! root directory, named `/` ([`prepare_stdio_and_preopen`] installs it). `burrow.dup`,
//! `burrow.pipe` and spawned children therefore see the same numbers as preview1 calls.
//!
//! # Paths
//!
//! A path is a byte string relative to a directory descriptor (invalid UTF-8 is fine; a NUL
//! byte is `inval`). It is handed to the kernel's `*at` call, whose walker resolves it with
//! Linux's rules, symlinks included (an absolute symlink target resolves from the VM's root:
//! the VM is the sandbox, not the descriptor).
//!
//! WASI's capability rule, that a path cannot leave the directory it is relative to, is kept
//! for the *text* of the path: an absolute path, or one whose `..` components climb above its
//! directory, is refused with `notcapable`, unless that directory is the VM's root, which
//! contains everything anyway (there `/x` means `x` and `/..` means `/`, as in POSIX). The same
//! goes for an absolute symlink *target* created relative to another directory. wasi-libc and
//! Rust's `std` only ever use the root preopen, so ordinary programs see plain POSIX.
//!
//! # Rights
//!
//! Rights are not enforced: the kernel's access modes and permission checks decide. They are
//! reported, because guests read them (wasi-libc's `isatty`, programs reopening a directory
//! with its own rights), as wasmtime reports them (see [`crate::types::rights`]): a directory
//! has `DIRECTORY_BASE` and inherits `DIRECTORY_INHERITING`; anything else has `FILE_BASE`
//! minus the reading or writing rights its access mode lacks, minus seeking on streams.
//! `fd_fdstat_set_rights` returns `notsup`, which is how preview1 hosts without rights say so.
//!
//! `path_open` opens for reading when any of `rights::READING` is asked for and for writing
//! when any of `rights::WRITING` is (read-only when neither). A directory named without
//! `oflags::DIRECTORY` (and without `creat` or `trunc`) is opened read-only even if writing
//! rights were asked for, since programs ask for every right by default; with
//! `oflags::DIRECTORY` and writing rights it is `isdir`.
//!
//! # File types
//!
//! WASI has no FIFO type: pipes report `unknown`, like wasmtime. Sockets report
//! `socket_stream` or `socket_dgram` by their type. Character devices keep the
//! seek and tell rights, so wasi-libc's `isatty` is false for them (the kernel has no
//! terminals yet).

// The signatures are preview1's.
#![allow(clippy::too_many_arguments)]

mod args;
mod fd;
mod path;
mod poll;
mod sock;

pub use args::*;
pub use fd::*;
pub use path::*;
pub use poll::*;
pub use sock::*;

use burrow_kernel::fd::OpenFlags;
use burrow_kernel::vfs::{FileType, Stat};
use burrow_kernel::{Task, AT_FDCWD};

use crate::memory::Mem;
use crate::types::{self, filetype, Errno};
use crate::{HostResult, WasiCtx};

/// The descriptor number of the one preopened directory.
pub const PREOPEN_FD: u32 = 3;

/// The name `fd_prestat_dir_name` reports for the preopen.
pub const PREOPEN_NAME: &[u8] = b"/";

/// Opens the VM's root directory and installs it at descriptor 3, the preopen every guest
/// finds (`ABI.md`, "Start-up contract"), with `dup2` semantics: whatever was at 3 is closed.
///
/// A backend calls this on a process's task before starting the guest. It opens `/` with
/// `task.open(AT_FDCWD, b"/", O_DIRECTORY | O_RDONLY)`; if that lands below 3 (stdio not all
/// open) the descriptor is moved to 3. Descriptors 0-2 are the backend's business and are left
/// as they are.
pub fn prepare_stdio_and_preopen(task: &Task) -> Result<(), burrow_kernel::Error> {
    let fd = task.open(AT_FDCWD, b"/", OpenFlags::DIRECTORY | OpenFlags::RDONLY, 0)?;
    if fd != PREOPEN_FD {
        let moved = task.dup3(fd, PREOPEN_FD, false);
        let _ = task.close(fd);
        moved?;
    }
    Ok(())
}

/// What the inner part of a call returns: success, or the errno for the guest.
pub(crate) type Res<T = ()> = Result<T, Errno>;

/// Ends a call: `0` or the errno, after checking (on failure) whether the failure came from
/// the process being killed, e.g. an `EINTR` or a `SIGPIPE` delivered by the call itself.
#[inline]
pub(crate) fn finish(cx: &WasiCtx, r: Res) -> HostResult<i32> {
    match r {
        Ok(()) => Ok(0),
        Err(e) => {
            cx.check_killed()?;
            Ok(e.raw())
        }
    }
}

/// Bytes taken by `count` items of `size` bytes, as the `i32` length [`Mem`] takes (which it
/// reads as unsigned); `fault` when that cannot fit in a 32-bit address space.
pub(crate) fn region_len(count: u32, size: u32) -> Res<i32> {
    let total = u64::from(count) * u64::from(size);
    u32::try_from(total).map(|t| t as i32).map_err(|_| Errno::FAULT)
}

/// Fails with `fault` unless `[ptr, ptr + len)` is inside memory (checked before side effects).
#[inline]
pub(crate) fn check_out(mem: &Mem<'_>, ptr: i32, len: usize) -> Res {
    mem.slice(ptr, len as i32).map(|_| ())
}

/// A kernel descriptor number from a guest's `fd` argument (negative ones never name a
/// descriptor, so they stay invalid as large unsigned numbers).
#[inline]
pub(crate) fn kfd(fd: i32) -> u32 {
    fd as u32
}

/// Whether descriptor `fd` is open on the VM's root directory (`badf` if it is not open).
pub(crate) fn is_root(task: &Task, fd: u32) -> Res<bool> {
    let file = task.file(fd)?;
    let root = task.kernel().mounts().root();
    Ok(file.location().is_some_and(|l| l.same(&root)))
}

/// The WASI `filetype` of a kernel file type.
pub(crate) fn wasi_filetype(ft: FileType) -> u8 {
    match ft {
        FileType::Regular => filetype::REGULAR_FILE,
        FileType::Directory => filetype::DIRECTORY,
        FileType::Symlink => filetype::SYMBOLIC_LINK,
        FileType::CharDevice => filetype::CHARACTER_DEVICE,
        FileType::BlockDevice => filetype::BLOCK_DEVICE,
        // WASI has no FIFO type.
        FileType::Fifo => filetype::UNKNOWN,
        FileType::Socket => filetype::SOCKET_STREAM,
    }
}

/// The WASI `filetype` of an open file description: as [`wasi_filetype`], but a datagram
/// socket is `socket_dgram` (the kernel's file type says only "socket").
pub(crate) fn file_filetype(file: &burrow_kernel::fd::FileRef) -> u8 {
    match file.as_any().downcast_ref::<burrow_kernel::net::Socket>() {
        Some(s) if s.kind() == burrow_kernel::net::SockType::Datagram => filetype::SOCKET_DGRAM,
        _ => wasi_filetype(file.file_type()),
    }
}

/// Encodes a `filestat` (see [`types::FILESTAT_SIZE`]) at `out`.
pub(crate) fn write_filestat(mem: &mut Mem<'_>, out: i32, st: &Stat) -> Res {
    let ft = FileType::from_mode(st.mode).map_or(filetype::UNKNOWN, wasi_filetype);
    let mut b = [0u8; types::FILESTAT_SIZE];
    b[0..8].copy_from_slice(&st.dev.to_le_bytes());
    b[8..16].copy_from_slice(&st.ino.to_le_bytes());
    b[16] = ft;
    b[24..32].copy_from_slice(&st.nlink.to_le_bytes());
    b[32..40].copy_from_slice(&st.size.to_le_bytes());
    b[40..48].copy_from_slice(&st.atime.as_nanos().to_le_bytes());
    b[48..56].copy_from_slice(&st.mtime.as_nanos().to_le_bytes());
    b[56..64].copy_from_slice(&st.ctime.as_nanos().to_le_bytes());
    mem.write_bytes(out, &b)
}

/// How many `iovec`s are kept on the stack; longer lists go to the heap.
const INLINE_IOVS: usize = 8;

/// A guest's `iovec` list, read once and bounds-checked (every buffer inside memory) before
/// any transfer, so a list the transfer itself overwrites cannot redirect it.
///
/// The total length is clamped to `u32::MAX` (the largest count preview1 can report) by
/// shortening the list, as Linux clamps a transfer to `MAX_RW_COUNT`.
pub(crate) enum Iovs {
    Inline([(u32, u32); INLINE_IOVS], usize),
    Heap(Vec<(u32, u32)>),
}

impl Iovs {
    /// Reads `count` `iovec`s at `ptr`.
    pub(crate) fn load(mem: &Mem<'_>, ptr: i32, count: i32) -> Res<Iovs> {
        let count = count as u32;
        let table = mem.slice(ptr, region_len(count, types::IOVEC_SIZE)?)?;
        let mut iovs =
            if count as usize <= INLINE_IOVS { Iovs::Inline([(0, 0); INLINE_IOVS], 0) } else { Iovs::Heap(Vec::new()) };
        let mut total: u64 = 0;
        for raw in table.chunks_exact(types::IOVEC_SIZE as usize) {
            let buf = u32::from_le_bytes([raw[0], raw[1], raw[2], raw[3]]);
            let mut len = u32::from_le_bytes([raw[4], raw[5], raw[6], raw[7]]);
            mem.slice(buf as i32, len as i32)?;
            let room = u64::from(u32::MAX) - total;
            if u64::from(len) > room {
                len = room as u32;
            }
            total += u64::from(len);
            match &mut iovs {
                Iovs::Inline(a, n) => {
                    a[*n] = (buf, len);
                    *n += 1;
                }
                Iovs::Heap(v) => v.push((buf, len)),
            }
            if total == u64::from(u32::MAX) {
                break;
            }
        }
        Ok(iovs)
    }

    /// The `(buf, len)` pairs.
    pub(crate) fn as_slice(&self) -> &[(u32, u32)] {
        match self {
            Iovs::Inline(a, n) => &a[..*n],
            Iovs::Heap(v) => v,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn region_lengths_fault_past_four_gib() {
        assert_eq!(region_len(3, 8), Ok(24));
        assert_eq!(region_len(u32::MAX, 1), Ok(-1));
        assert_eq!(region_len(u32::MAX, 8), Err(Errno::FAULT));
    }

    #[test]
    fn iovec_lists_are_checked_and_clamped() {
        let mut bytes = vec![0u8; 64];
        let mut mem = Mem::new(&mut bytes);
        // Two iovecs: [32, +8) and [40, +24).
        mem.write_u32(0, 32).unwrap();
        mem.write_u32(4, 8).unwrap();
        mem.write_u32(8, 40).unwrap();
        mem.write_u32(12, 24).unwrap();
        let iovs = Iovs::load(&mem, 0, 2).unwrap();
        assert_eq!(iovs.as_slice(), &[(32, 8), (40, 24)]);
        mem.write_u32(12, 25).unwrap();
        assert!(matches!(Iovs::load(&mem, 0, 2), Err(Errno::FAULT)));
        assert!(matches!(Iovs::load(&mem, 60, 1), Err(Errno::FAULT)));
        assert!(matches!(Iovs::load(&mem, 0, -1), Err(Errno::FAULT)));
        assert_eq!(Iovs::load(&mem, 0, 0).unwrap().as_slice(), &[]);
    }
}
