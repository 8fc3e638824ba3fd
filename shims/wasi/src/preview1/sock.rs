//! Sockets: the kernel has none yet, so every open descriptor is a non-socket (`notsock`) and a
//! closed one is `badf`. Real implementations arrive with the kernel's socket support (the
//! socket issue); they will find the socket behind a descriptor by downcasting its open file
//! description (`File::as_any`).

use super::{finish, kfd, Res};
use crate::memory::Mem;
use crate::types::Errno;
use crate::{HostResult, WasiCtx};

/// `badf` for a closed descriptor, `notsock` for any other.
fn not_a_socket(cx: &WasiCtx, fd: i32) -> Res {
    cx.task.file(kfd(fd))?;
    Err(Errno::NOTSOCK)
}

/// `sock_accept(fd, flags, fd_out)`.
pub fn sock_accept(cx: &mut WasiCtx, _mem: Mem<'_>, fd: i32, _flags: i32, _fd_out: i32) -> HostResult<i32> {
    cx.check_killed()?;
    finish(cx, not_a_socket(cx, fd))
}

/// `sock_recv(fd, ri_data, ri_data_len, ri_flags, ro_datalen_out, ro_flags_out)`.
pub fn sock_recv(
    cx: &mut WasiCtx,
    _mem: Mem<'_>,
    fd: i32,
    _ri_data: i32,
    _ri_data_len: i32,
    _ri_flags: i32,
    _ro_datalen_out: i32,
    _ro_flags_out: i32,
) -> HostResult<i32> {
    cx.check_killed()?;
    finish(cx, not_a_socket(cx, fd))
}

/// `sock_send(fd, si_data, si_data_len, si_flags, so_datalen_out)`.
pub fn sock_send(
    cx: &mut WasiCtx,
    _mem: Mem<'_>,
    fd: i32,
    _si_data: i32,
    _si_data_len: i32,
    _si_flags: i32,
    _so_datalen_out: i32,
) -> HostResult<i32> {
    cx.check_killed()?;
    finish(cx, not_a_socket(cx, fd))
}

/// `sock_shutdown(fd, how)`.
pub fn sock_shutdown(cx: &mut WasiCtx, _mem: Mem<'_>, fd: i32, _how: i32) -> HostResult<i32> {
    cx.check_killed()?;
    finish(cx, not_a_socket(cx, fd))
}
