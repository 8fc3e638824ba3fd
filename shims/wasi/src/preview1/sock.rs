//! Sockets: preview1's four socket calls over the kernel's socket calls. Sockets themselves are
//! made with the `burrow` module (`socket`, `bind`, `listen`, `connect`, ...; see
//! [`crate::burrow`]); `fd_read`, `fd_write`, `poll_oneoff`, `fd_fdstat_get` and `fd_close` work
//! on them as on any descriptor.
//!
//! * `sock_accept(fd, flags, fd_out)`: `flags` may only hold `fdflags::nonblock` (for the new
//!   descriptor); `inval` otherwise, and when `fd` does not listen.
//! * `sock_recv`: one `recv` into the guest's buffers. A stream fills the first non-empty
//!   buffer, or with `RECV_WAITALL` every buffer in turn until they are full, the stream ends
//!   or an error comes after some bytes (which are then returned). A datagram is received
//!   whole, scattered over the buffers; if it was longer, the rest is discarded and
//!   `RECV_DATA_TRUNCATED` is set in `ro_flags`. `RECV_PEEK` leaves the data queued (with it,
//!   `RECV_WAITALL` is ignored).
//! * `sock_send`: `si_flags` must be 0. A datagram is sent as one (the buffers joined, at most
//!   `socket::MAX_BUF` bytes: `msgsize` beyond); a stream is written buffer by buffer like
//!   `fd_write`. `EPIPE` raises `SIGPIPE`, as `fd_write` on a socket does.
//! * `sock_shutdown(fd, how)`: `how` is `sdflags` (`rd`, `wr` or both); anything else `inval`.
//!
//! Errors come from the kernel (`notsock` for a descriptor that is not a socket, `badf` for a
//! closed one) through [`crate::errno`].

use burrow_kernel::fd::OpenFlags;
use burrow_kernel::net::socket::MAX_BUF;
use burrow_kernel::net::{MsgFlags, Shutdown, SockType, Socket};
use burrow_kernel::Task;

use super::{check_out, finish, kfd, Iovs, Res};
use crate::memory::Mem;
use crate::types::{fdflags, riflags, sdflags, Errno, RECV_DATA_TRUNCATED};
use crate::{HostResult, WasiCtx};

/// The type of the socket behind `fd` (`notsock`, `badf`).
pub(crate) fn socket_type(task: &Task, fd: u32) -> Res<SockType> {
    let file = task.socket_of(fd)?;
    Ok(file.as_any().downcast_ref::<Socket>().map_or(SockType::Stream, Socket::kind))
}

/// The non-empty `(buf, len)` pairs of a list.
fn nonempty(iovs: &Iovs) -> impl Iterator<Item = (u32, u32)> + '_ {
    iovs.as_slice().iter().copied().filter(|&(_, l)| l != 0)
}

/// Receives into `iovs` (see the module documentation); returns the bytes received and whether
/// a datagram was truncated.
pub(crate) fn recv_iovs(
    task: &Task,
    mem: &mut Mem<'_>,
    fd: u32,
    iovs: &Iovs,
    flags: MsgFlags,
    waitall: bool,
) -> Res<(u32, bool)> {
    let kind = socket_type(task, fd)?;
    let count = nonempty(iovs).count();
    if kind == SockType::Datagram {
        return match count {
            0 => {
                let m = task.recvfrom(fd, &mut [], flags)?;
                Ok((0, m.full_len > 0))
            }
            1 => {
                let (b, l) = nonempty(iovs).next().expect("one buffer");
                let m = task.recvfrom(fd, mem.slice_mut(b as i32, l as i32)?, flags)?;
                Ok((m.len as u32, m.full_len > m.len))
            }
            _ => {
                let total: u64 = nonempty(iovs).map(|(_, l)| u64::from(l)).sum();
                let mut tmp = vec![0u8; total.min(MAX_BUF as u64) as usize];
                let m = task.recvfrom(fd, &mut tmp, flags)?;
                let mut done = 0usize;
                for (b, l) in nonempty(iovs) {
                    if done == m.len {
                        break;
                    }
                    let take = (l as usize).min(m.len - done);
                    mem.write_bytes(b as i32, &tmp[done..done + take])?;
                    done += take;
                }
                Ok((m.len as u32, m.full_len > m.len))
            }
        };
    }
    if count == 0 {
        task.recv(fd, &mut [], flags)?;
        return Ok((0, false));
    }
    let waitall = waitall && !flags.contains(MsgFlags::PEEK);
    let mut total: u64 = 0;
    for (b, l) in nonempty(iovs) {
        let dst = mem.slice_mut(b as i32, l as i32)?;
        let mut filled = 0usize;
        while filled < dst.len() {
            match task.recv(fd, &mut dst[filled..], flags) {
                Ok(0) => return Ok(((total + filled as u64) as u32, false)),
                Ok(n) => filled += n,
                Err(_) if total + filled as u64 > 0 => return Ok(((total + filled as u64) as u32, false)),
                Err(e) => return Err(e.into()),
            }
            if !waitall {
                break;
            }
        }
        total += filled as u64;
        if !waitall || filled < dst.len() {
            break;
        }
    }
    Ok((total as u32, false))
}

/// Sends `iovs` (see the module documentation); returns the bytes sent.
pub(crate) fn send_iovs(task: &Task, mem: &Mem<'_>, fd: u32, iovs: &Iovs, flags: MsgFlags) -> Res<u32> {
    let kind = socket_type(task, fd)?;
    let count = nonempty(iovs).count();
    if count == 0 {
        return Ok(task.send(fd, &[], flags)? as u32);
    }
    if count == 1 {
        let (b, l) = nonempty(iovs).next().expect("one buffer");
        return Ok(task.send(fd, mem.slice(b as i32, l as i32)?, flags)? as u32);
    }
    if kind == SockType::Datagram {
        let total: u64 = nonempty(iovs).map(|(_, l)| u64::from(l)).sum();
        if total > MAX_BUF as u64 {
            return Err(Errno::MSGSIZE);
        }
        let mut joined = Vec::with_capacity(total as usize);
        for (b, l) in nonempty(iovs) {
            joined.extend_from_slice(mem.slice(b as i32, l as i32)?);
        }
        return Ok(task.send(fd, &joined, flags)? as u32);
    }
    let mut done: u64 = 0;
    for (b, l) in nonempty(iovs) {
        let n = match task.send(fd, mem.slice(b as i32, l as i32)?, flags) {
            Ok(n) => n,
            Err(_) if done > 0 => break,
            Err(e) => return Err(e.into()),
        };
        done += n as u64;
        if n < l as usize {
            break;
        }
    }
    Ok(done as u32)
}

/// `sock_accept(fd, flags, fd_out)`: the next connection of a listening socket.
pub fn sock_accept(cx: &mut WasiCtx, mut mem: Mem<'_>, fd: i32, flags: i32, fd_out: i32) -> HostResult<i32> {
    cx.check_killed()?;
    let r = (|| {
        check_out(&mem, fd_out, 4)?;
        let flags = u16::try_from(flags).map_err(|_| Errno::INVAL)?;
        if flags & !fdflags::NONBLOCK != 0 {
            return Err(Errno::INVAL);
        }
        let f = if flags & fdflags::NONBLOCK != 0 { OpenFlags::NONBLOCK } else { OpenFlags::default() };
        let (new, _peer) = cx.task.accept(kfd(fd), f)?;
        mem.write_u32(fd_out, new)
    })();
    finish(cx, r)
}

/// `sock_recv(fd, ri_data, ri_data_len, ri_flags, ro_datalen_out, ro_flags_out)`.
pub fn sock_recv(
    cx: &mut WasiCtx,
    mut mem: Mem<'_>,
    fd: i32,
    ri_data: i32,
    ri_data_len: i32,
    ri_flags: i32,
    ro_datalen_out: i32,
    ro_flags_out: i32,
) -> HostResult<i32> {
    cx.check_killed()?;
    let r = (|| {
        check_out(&mem, ro_datalen_out, 4)?;
        check_out(&mem, ro_flags_out, 2)?;
        let ri = u16::try_from(ri_flags).map_err(|_| Errno::INVAL)?;
        if ri & !riflags::ALL != 0 {
            return Err(Errno::INVAL);
        }
        let list = Iovs::load(&mem, ri_data, ri_data_len)?;
        let flags = if ri & riflags::RECV_PEEK != 0 { MsgFlags::PEEK } else { MsgFlags::default() };
        let (n, truncated) = recv_iovs(&cx.task, &mut mem, kfd(fd), &list, flags, ri & riflags::RECV_WAITALL != 0)?;
        mem.write_u32(ro_datalen_out, n)?;
        let ro: u16 = if truncated { RECV_DATA_TRUNCATED } else { 0 };
        mem.write_bytes(ro_flags_out, &ro.to_le_bytes())
    })();
    finish(cx, r)
}

/// `sock_send(fd, si_data, si_data_len, si_flags, so_datalen_out)`.
pub fn sock_send(
    cx: &mut WasiCtx,
    mut mem: Mem<'_>,
    fd: i32,
    si_data: i32,
    si_data_len: i32,
    si_flags: i32,
    so_datalen_out: i32,
) -> HostResult<i32> {
    cx.check_killed()?;
    let r = (|| {
        check_out(&mem, so_datalen_out, 4)?;
        if si_flags != 0 {
            return Err(Errno::INVAL);
        }
        let list = Iovs::load(&mem, si_data, si_data_len)?;
        let n = send_iovs(&cx.task, &mem, kfd(fd), &list, MsgFlags::default())?;
        mem.write_u32(so_datalen_out, n)
    })();
    finish(cx, r)
}

/// `sock_shutdown(fd, how)`.
pub fn sock_shutdown(cx: &mut WasiCtx, _mem: Mem<'_>, fd: i32, how: i32) -> HostResult<i32> {
    cx.check_killed()?;
    let r = (|| {
        let how = match how {
            h if h == i32::from(sdflags::RD) => Shutdown::Read,
            h if h == i32::from(sdflags::WR) => Shutdown::Write,
            h if h == i32::from(sdflags::RD | sdflags::WR) => Shutdown::Both,
            _ => return Err(Errno::INVAL),
        };
        cx.task.shutdown(kfd(fd), how)?;
        Ok(())
    })();
    finish(cx, r)
}
