//! The socket calls of the `burrow` module (`bridge/ABI.md`, "Sockets"): what preview1 lacks
//! to make, name and connect sockets, and to send and receive datagrams with addresses.
//!
//! Numbering is Linux's: domains `AF_UNIX` 1, `AF_INET` 2, `AF_INET6` 10; types `SOCK_STREAM`
//! 1, `SOCK_DGRAM` 2; option levels and names (`SOL_SOCKET` 1, `IPPROTO_TCP` 6); `shutdown`'s
//! 0/1/2; message flags `MSG_PEEK`, `MSG_DONTWAIT`, `MSG_WAITALL`, `MSG_NOSIGNAL`. Addresses
//! are `burrow_bridge::sockaddr` records. An address written out is cut to the caller's buffer
//! and its full length reported, as POSIX does (a buffer of `sockaddr::MAX_SIZE` bytes always
//! holds one). Every pointer and length is checked before anything happens.

// The signatures are the ABI's.
#![allow(clippy::too_many_arguments)]

use burrow_bridge::sockaddr::{self, SockAddr as Wire, UnixName};
use burrow_kernel::fd::OpenFlags;
use burrow_kernel::net::{Domain, MsgFlags, SockAddr, SockOpt, SockType, UnixAddr};

use super::CLOEXEC;
use crate::memory::Mem;
use crate::preview1::{check_out, finish, kfd, Res};
use crate::types::Errno;
use crate::{HostResult, WasiCtx};

/// `socket`/`socketpair`/`accept` flag: `O_NONBLOCK`.
pub const SOCK_NONBLOCK: i32 = 1;

/// `MSG_PEEK`.
pub const MSG_PEEK: i32 = 0x2;
/// `MSG_DONTWAIT`.
pub const MSG_DONTWAIT: i32 = 0x40;
/// `MSG_WAITALL` (`recvfrom` on streams).
pub const MSG_WAITALL: i32 = 0x100;
/// `MSG_NOSIGNAL` (`sendto`: no `SIGPIPE`).
pub const MSG_NOSIGNAL: i32 = 0x4000;

/// `recvfrom`'s result record: `[u32 received][u32 full_len][u32 addr_len]`.
pub const RECVFROM_RESULT_SIZE: usize = 12;

/// Bytes of one address `resolve` writes: the 16 bytes of an IPv6 address, IPv4 ones mapped
/// (`::ffff:a.b.c.d`).
pub const RESOLVED_ADDR_SIZE: usize = 16;

/// Kernel open flags from the `socket`/`accept` flags (`inval` for unknown bits).
fn open_flags(flags: i32) -> Res<OpenFlags> {
    if flags & !(SOCK_NONBLOCK | CLOEXEC) != 0 {
        return Err(Errno::INVAL);
    }
    let mut f = OpenFlags::RDWR;
    if flags & SOCK_NONBLOCK != 0 {
        f = f | OpenFlags::NONBLOCK;
    }
    if flags & CLOEXEC != 0 {
        f = f | OpenFlags::CLOEXEC;
    }
    Ok(f)
}

/// Kernel message flags (`inval` for unknown bits); `allowed` are the ones this call takes.
fn msg_flags(flags: i32, allowed: i32) -> Res<MsgFlags> {
    if flags & !allowed != 0 {
        return Err(Errno::INVAL);
    }
    Ok(MsgFlags((flags & !MSG_WAITALL) as u32))
}

/// Decodes the address argument `[addr, addr + addr_len)`: `inval` for a malformed record or a
/// length no record has, `afnosupport` for an unknown family.
fn addr_arg(mem: &Mem<'_>, addr: i32, addr_len: i32) -> Res<SockAddr> {
    if addr_len as u32 as usize > sockaddr::MAX_SIZE {
        return Err(Errno::INVAL);
    }
    let bytes = mem.slice(addr, addr_len)?;
    match Wire::decode(bytes) {
        Ok(Wire::Inet(sa)) => Ok(SockAddr::Inet(sa)),
        Ok(Wire::Unix(UnixName::Unnamed)) => Ok(SockAddr::Unix(UnixAddr::Unnamed)),
        Ok(Wire::Unix(UnixName::Path(p))) => Ok(SockAddr::Unix(UnixAddr::Path(p))),
        Ok(Wire::Unix(UnixName::Abstract(n))) => Ok(SockAddr::Unix(UnixAddr::Abstract(n))),
        Err(_) => match Wire::family_of(bytes) {
            Some(sockaddr::AF_UNIX | sockaddr::AF_INET | sockaddr::AF_INET6) | None => Err(Errno::INVAL),
            Some(_) => Err(Errno::AFNOSUPPORT),
        },
    }
}

/// The record of a kernel address.
pub fn wire_addr(addr: &SockAddr) -> Vec<u8> {
    let w = match addr {
        SockAddr::Inet(sa) => Wire::Inet(*sa),
        SockAddr::Unix(UnixAddr::Unnamed) => Wire::Unix(UnixName::Unnamed),
        SockAddr::Unix(UnixAddr::Path(p)) => Wire::Unix(UnixName::Path(p.clone())),
        SockAddr::Unix(UnixAddr::Abstract(n)) => Wire::Unix(UnixName::Abstract(n.clone())),
    };
    w.encode()
}

/// Writes as much of `record` as fits in `cap` bytes at `out` (checked beforehand with
/// [`check_out`]); returns its full length.
fn put_addr(mem: &mut Mem<'_>, out: i32, cap: i32, record: &[u8]) -> Res<u32> {
    let n = record.len().min(cap as u32 as usize);
    mem.write_bytes(out, &record[..n])?;
    Ok(record.len() as u32)
}

/// The domain and type arguments of `socket`/`socketpair`.
fn domain_type(domain: i32, ty: i32) -> Res<(Domain, SockType)> {
    Ok((Domain::from_raw(domain)?, SockType::from_raw(ty)?))
}

/// `socket(domain, type, flags, fd_out)`: a new socket. `flags`: bit 0 `O_NONBLOCK`, bit 1
/// close-on-spawn.
pub fn socket(cx: &mut WasiCtx, mut mem: Mem<'_>, domain: i32, ty: i32, flags: i32, fd_out: i32) -> HostResult<i32> {
    cx.check_killed()?;
    let r = (|| {
        check_out(&mem, fd_out, 4)?;
        let f = open_flags(flags)?;
        let (d, t) = domain_type(domain, ty)?;
        let fd = cx.task.socket(d, t, f)?;
        mem.write_u32(fd_out, fd)
    })();
    finish(cx, r)
}

/// `socketpair(domain, type, flags, out)`: two connected unix sockets; writes
/// `[u32 fd][u32 fd]`.
pub fn socketpair(cx: &mut WasiCtx, mut mem: Mem<'_>, domain: i32, ty: i32, flags: i32, out: i32) -> HostResult<i32> {
    cx.check_killed()?;
    let r = (|| {
        check_out(&mem, out, 8)?;
        let f = open_flags(flags)?;
        let (d, t) = domain_type(domain, ty)?;
        let (a, b) = cx.task.socketpair(d, t, f)?;
        mem.write_u32(out, a)?;
        mem.write_u32(out.wrapping_add(4), b)
    })();
    finish(cx, r)
}

/// `bind(fd, addr, addr_len)`.
pub fn bind(cx: &mut WasiCtx, mem: Mem<'_>, fd: i32, addr: i32, addr_len: i32) -> HostResult<i32> {
    cx.check_killed()?;
    let r = (|| {
        let a = addr_arg(&mem, addr, addr_len)?;
        cx.task.bind(kfd(fd), &a)?;
        Ok(())
    })();
    finish(cx, r)
}

/// `listen(fd, backlog)`.
pub fn listen(cx: &mut WasiCtx, _mem: Mem<'_>, fd: i32, backlog: i32) -> HostResult<i32> {
    cx.check_killed()?;
    let r = cx.task.listen(kfd(fd), backlog).map_err(Errno::from);
    finish(cx, r)
}

/// `connect(fd, addr, addr_len)`.
pub fn connect(cx: &mut WasiCtx, mem: Mem<'_>, fd: i32, addr: i32, addr_len: i32) -> HostResult<i32> {
    cx.check_killed()?;
    let r = (|| {
        let a = addr_arg(&mem, addr, addr_len)?;
        cx.task.connect(kfd(fd), &a)?;
        Ok(())
    })();
    finish(cx, r)
}

/// `accept(fd, flags, fd_out, addr_out, addr_cap, addr_len_out)`: the next connection; with
/// `addr_cap > 0` also the peer's address (cut to `addr_cap`) and its full length.
pub fn accept(
    cx: &mut WasiCtx,
    mut mem: Mem<'_>,
    fd: i32,
    flags: i32,
    fd_out: i32,
    addr_out: i32,
    addr_cap: i32,
    addr_len_out: i32,
) -> HostResult<i32> {
    cx.check_killed()?;
    let r = (|| {
        check_out(&mem, fd_out, 4)?;
        let want = addr_cap != 0;
        if want {
            mem.slice(addr_out, addr_cap)?;
            check_out(&mem, addr_len_out, 4)?;
        }
        let f = open_flags(flags)?;
        let (new, peer) = cx.task.accept(kfd(fd), f)?;
        if want {
            let len = put_addr(&mut mem, addr_out, addr_cap, &wire_addr(&peer))?;
            mem.write_u32(addr_len_out, len)?;
        }
        mem.write_u32(fd_out, new)
    })();
    finish(cx, r)
}

/// `sendto(fd, buf, buf_len, flags, addr, addr_len, sent_out)`: `addr_len` 0 sends to the
/// connected peer. Flags: `MSG_DONTWAIT`, `MSG_NOSIGNAL`.
pub fn sendto(
    cx: &mut WasiCtx,
    mut mem: Mem<'_>,
    fd: i32,
    buf: i32,
    buf_len: i32,
    flags: i32,
    addr: i32,
    addr_len: i32,
    sent_out: i32,
) -> HostResult<i32> {
    cx.check_killed()?;
    let r = (|| {
        check_out(&mem, sent_out, 4)?;
        let f = msg_flags(flags, MSG_DONTWAIT | MSG_NOSIGNAL)?;
        let data = mem.slice(buf, buf_len)?;
        let dest = if addr_len == 0 { None } else { Some(addr_arg(&mem, addr, addr_len)?) };
        let n = cx.task.sendto(kfd(fd), data, f, dest.as_ref())?;
        mem.write_u32(sent_out, n as u32)
    })();
    finish(cx, r)
}

/// `recvfrom(fd, buf, buf_len, flags, addr_out, addr_cap, out)`: writes `[u32 received]
/// [u32 full_len][u32 addr_len]` to `out` (`full_len > received`: a truncated datagram;
/// `addr_len` 0: no sender address, as on streams) and, with `addr_cap > 0`, the sender's
/// address cut to `addr_cap`. Flags: `MSG_PEEK`, `MSG_DONTWAIT`, `MSG_WAITALL` (streams: until
/// `buf` is full, the stream ends, or an error follows some bytes).
pub fn recvfrom(
    cx: &mut WasiCtx,
    mut mem: Mem<'_>,
    fd: i32,
    buf: i32,
    buf_len: i32,
    flags: i32,
    addr_out: i32,
    addr_cap: i32,
    out: i32,
) -> HostResult<i32> {
    cx.check_killed()?;
    let r = (|| {
        check_out(&mem, out, RECVFROM_RESULT_SIZE)?;
        if addr_cap != 0 {
            mem.slice(addr_out, addr_cap)?;
        }
        let f = msg_flags(flags, MSG_PEEK | MSG_DONTWAIT | MSG_WAITALL)?;
        let waitall = flags & MSG_WAITALL != 0 && !f.contains(MsgFlags::PEEK);
        mem.slice(buf, buf_len)?;
        let fd = kfd(fd);
        let task = &cx.task;
        let dst = mem.slice_mut(buf, buf_len)?;
        let mut meta = task.recvfrom(fd, dst, f)?;
        if waitall && meta.from.is_none() {
            // A stream: keep receiving until full or the end.
            while meta.len < dst.len() {
                match task.recvfrom(fd, &mut dst[meta.len..], f) {
                    Ok(m) if m.len == 0 => break,
                    Ok(m) => meta.len += m.len,
                    Err(_) => break,
                }
            }
            meta.full_len = meta.len;
        }
        let addr_len = match (&meta.from, addr_cap != 0) {
            (Some(from), true) => put_addr(&mut mem, addr_out, addr_cap, &wire_addr(from))?,
            (Some(from), false) => wire_addr(from).len() as u32,
            (None, _) => 0,
        };
        mem.write_u32(out, meta.len as u32)?;
        mem.write_u32(out.wrapping_add(4), meta.full_len as u32)?;
        mem.write_u32(out.wrapping_add(8), addr_len)
    })();
    finish(cx, r)
}

/// Writes the address `get` returns at `out` (cut to `cap`) and its full length at `len_out`.
fn name_call(
    cx: &mut WasiCtx,
    mut mem: Mem<'_>,
    out: i32,
    cap: i32,
    len_out: i32,
    get: impl FnOnce(&burrow_kernel::Task) -> burrow_kernel::Result<SockAddr>,
) -> HostResult<i32> {
    cx.check_killed()?;
    let r = (|| {
        mem.slice(out, cap)?;
        check_out(&mem, len_out, 4)?;
        let a = get(&cx.task)?;
        let len = put_addr(&mut mem, out, cap, &wire_addr(&a))?;
        mem.write_u32(len_out, len)
    })();
    finish(cx, r)
}

/// `getsockname(fd, out, cap, len_out)`.
pub fn getsockname(cx: &mut WasiCtx, mem: Mem<'_>, fd: i32, out: i32, cap: i32, len_out: i32) -> HostResult<i32> {
    name_call(cx, mem, out, cap, len_out, |t| t.getsockname(kfd(fd)))
}

/// `getpeername(fd, out, cap, len_out)`: `notconn` unless connected.
pub fn getpeername(cx: &mut WasiCtx, mem: Mem<'_>, fd: i32, out: i32, cap: i32, len_out: i32) -> HostResult<i32> {
    name_call(cx, mem, out, cap, len_out, |t| t.getpeername(kfd(fd)))
}

/// `setsockopt(fd, level, name, value)`: an integer option (`noprotoopt` for unknown ones).
pub fn setsockopt(cx: &mut WasiCtx, _mem: Mem<'_>, fd: i32, level: i32, name: i32, value: i32) -> HostResult<i32> {
    cx.check_killed()?;
    let r = (|| {
        let opt = SockOpt::from_raw(level, name)?;
        cx.task.setsockopt(kfd(fd), opt, value)?;
        Ok(())
    })();
    finish(cx, r)
}

/// `getsockopt(fd, level, name, value_out)`: writes the option's `i32` value.
pub fn getsockopt(
    cx: &mut WasiCtx,
    mut mem: Mem<'_>,
    fd: i32,
    level: i32,
    name: i32,
    value_out: i32,
) -> HostResult<i32> {
    cx.check_killed()?;
    let r = (|| {
        check_out(&mem, value_out, 4)?;
        let opt = SockOpt::from_raw(level, name)?;
        let v = cx.task.getsockopt(kfd(fd), opt)?;
        mem.write_u32(value_out, v as u32)
    })();
    finish(cx, r)
}

/// `shutdown(fd, how)`: 0 read, 1 write, 2 both.
pub fn shutdown(cx: &mut WasiCtx, _mem: Mem<'_>, fd: i32, how: i32) -> HostResult<i32> {
    cx.check_killed()?;
    let r = (|| {
        let how = burrow_kernel::net::Shutdown::from_raw(how)?;
        cx.task.shutdown(kfd(fd), how)?;
        Ok(())
    })();
    finish(cx, r)
}

/// `resolve(host, host_len, port, out, cap, count_out)`: the addresses of the host name
/// `host` (UTF-8) for connecting to `port` (-1: no port), through the VM's egress policy
/// (`burrow_kernel::net::egress`): IP literals and `localhost` resolve locally,
/// `host.burrow.internal` is `10.0.2.2`, any other name is looked up on the host only when a
/// rule names it. Writes as many addresses as fit in `cap` bytes at `out`, each
/// [`RESOLVED_ADDR_SIZE`] bytes, and their total count at `count_out`. Errors: `acces` (no
/// rule names the host, or every address it has is denied), `noent` (no such name),
/// `netunreach` (the VM has no host network), `again` (the resolver failed or timed out),
/// `inval` (a malformed name or port).
pub fn resolve(
    cx: &mut WasiCtx,
    mut mem: Mem<'_>,
    host: i32,
    host_len: i32,
    port: i32,
    out: i32,
    cap: i32,
    count_out: i32,
) -> HostResult<i32> {
    cx.check_killed()?;
    let r = (|| {
        check_out(&mem, count_out, 4)?;
        mem.slice(out, cap)?;
        let name = std::str::from_utf8(mem.slice(host, host_len)?).map_err(|_| Errno::INVAL)?.to_string();
        let port = match port {
            -1 => None,
            p => Some(u16::try_from(p).map_err(|_| Errno::INVAL)?),
        };
        let found = cx.task.resolve(&name, port)?;
        let fit = cap as u32 as usize / RESOLVED_ADDR_SIZE;
        let mut bytes = Vec::with_capacity(fit.min(found.len()) * RESOLVED_ADDR_SIZE);
        for ip in found.iter().take(fit) {
            let v6 = match ip {
                std::net::IpAddr::V4(v4) => v4.to_ipv6_mapped(),
                std::net::IpAddr::V6(v6) => *v6,
            };
            bytes.extend_from_slice(&v6.octets());
        }
        mem.write_bytes(out, &bytes)?;
        mem.write_u32(count_out, found.len() as u32)
    })();
    finish(cx, r)
}
