//! The socket ops (`SOCKET`..`RECVFROM`, see [`crate::ops::code`]). Addresses cross as the
//! bridge's socket address record (`burrow_bridge::sockaddr`, the same record the `burrow`
//! module's socket calls use; `bridge/ABI.md`). Ops that return an address write it into an
//! address slot of [`ADDR_SLOT`] bytes: `[u32 record length][record]`.

use std::net::SocketAddr;

use burrow_bridge::sockaddr::{self, SockAddr as Wire, UnixName};
use burrow_kernel::fd::OpenFlags;
use burrow_kernel::net::addr::{SOCK_CLOEXEC, SOCK_NONBLOCK};
use burrow_kernel::net::{Domain, MsgFlags, Shutdown, SockAddr, SockOpt, SockType, UnixAddr};
use burrow_kernel::{Errno, Task};

/// Bytes of an address slot: the record's length, then room for the largest record.
pub const ADDR_SLOT: usize = 128;
const _: () = assert!(4 + sockaddr::MAX_SIZE <= ADDR_SLOT);

fn err(e: burrow_kernel::Error) -> Errno {
    e.errno()
}

/// Decodes a record (exactly `rec`).
pub fn decode(rec: &[u8]) -> Result<SockAddr, Errno> {
    Ok(match Wire::decode(rec).map_err(|_| Errno::EINVAL)? {
        Wire::Inet(a) => SockAddr::Inet(a),
        Wire::Unix(UnixName::Unnamed) => SockAddr::Unix(UnixAddr::Unnamed),
        Wire::Unix(UnixName::Path(p)) => SockAddr::Unix(UnixAddr::Path(p)),
        Wire::Unix(UnixName::Abstract(n)) => SockAddr::Unix(UnixAddr::Abstract(n)),
    })
}

fn wire(addr: &SockAddr) -> Wire {
    match addr {
        SockAddr::Inet(a) => Wire::Inet(SocketAddr::clone(a)),
        SockAddr::Unix(UnixAddr::Unnamed) => Wire::Unix(UnixName::Unnamed),
        SockAddr::Unix(UnixAddr::Path(p)) => Wire::Unix(UnixName::Path(p.clone())),
        SockAddr::Unix(UnixAddr::Abstract(n)) => Wire::Unix(UnixName::Abstract(n.clone())),
    }
}

/// Writes `addr` into the address slot at the start of `out` (`[u32 length][record]`); returns
/// the record's length.
pub fn encode(addr: &SockAddr, out: &mut [u8]) -> Result<usize, Errno> {
    let rec = wire(addr).encode();
    let slot = out.get_mut(..4 + rec.len()).ok_or(Errno::EINVAL)?;
    slot[..4].copy_from_slice(&(rec.len() as u32).to_le_bytes());
    slot[4..].copy_from_slice(&rec);
    Ok(rec.len())
}

fn fd(v: i64) -> Result<u32, Errno> {
    u32::try_from(v).map_err(|_| Errno::EBADF)
}

fn option(packed: i64) -> Result<SockOpt, Errno> {
    let packed = i32::try_from(packed).map_err(|_| Errno::ENOPROTOOPT)?;
    SockOpt::from_raw(packed >> 16, packed & 0xffff).map_err(err)
}

/// `SOCKET (domain, type)`: `type` may carry `SOCK_NONBLOCK`/`SOCK_CLOEXEC`.
pub fn socket(task: &Task, domain: i64, ty: i64) -> Result<f64, Errno> {
    let ty = i32::try_from(ty).map_err(|_| Errno::EINVAL)?;
    let domain = Domain::from_raw(i32::try_from(domain).map_err(|_| Errno::EAFNOSUPPORT)?).map_err(err)?;
    let kind = SockType::from_raw(ty & !(SOCK_NONBLOCK | SOCK_CLOEXEC)).map_err(err)?;
    let flags = OpenFlags((ty & (SOCK_NONBLOCK | SOCK_CLOEXEC)) as u32);
    task.socket(domain, kind, flags).map(f64::from).map_err(err)
}

/// `SOCKETPAIR (domain, type)`: the two descriptors, `[u32][u32]` over `buf`.
pub fn socketpair(task: &Task, domain: i64, ty: i64, buf: &mut [u8]) -> Result<f64, Errno> {
    let out = buf.get_mut(..8).ok_or(Errno::EINVAL)?;
    let ty = i32::try_from(ty).map_err(|_| Errno::EINVAL)?;
    let domain = Domain::from_raw(i32::try_from(domain).map_err(|_| Errno::EAFNOSUPPORT)?).map_err(err)?;
    let kind = SockType::from_raw(ty & !(SOCK_NONBLOCK | SOCK_CLOEXEC)).map_err(err)?;
    let flags = OpenFlags((ty & (SOCK_NONBLOCK | SOCK_CLOEXEC)) as u32);
    let (a, b) = task.socketpair(domain, kind, flags).map_err(err)?;
    out[..4].copy_from_slice(&a.to_le_bytes());
    out[4..].copy_from_slice(&b.to_le_bytes());
    Ok(0.0)
}

pub fn bind(task: &Task, sock: i64, rec: &[u8]) -> Result<f64, Errno> {
    task.bind(fd(sock)?, &decode(rec)?).map(|()| 0.0).map_err(err)
}

pub fn listen(task: &Task, sock: i64, backlog: i64) -> Result<f64, Errno> {
    task.listen(fd(sock)?, backlog.clamp(0, 4096) as i32).map(|()| 0.0).map_err(err)
}

/// `ACCEPT (fd, flags)`: the new descriptor; the peer's address slot in `buf`.
pub fn accept(task: &Task, sock: i64, flags: i64, buf: &mut [u8]) -> Result<f64, Errno> {
    if buf.len() < ADDR_SLOT {
        return Err(Errno::EINVAL);
    }
    let flags = OpenFlags((flags as i32 & (SOCK_NONBLOCK | SOCK_CLOEXEC)) as u32);
    let (fd, peer) = task.accept(fd(sock)?, flags).map_err(err)?;
    encode(&peer, buf)?;
    Ok(f64::from(fd))
}

pub fn connect(task: &Task, sock: i64, rec: &[u8]) -> Result<f64, Errno> {
    task.connect(fd(sock)?, &decode(rec)?).map(|()| 0.0).map_err(err)
}

/// `SOCKNAME (fd, peer)`: the local (peer 0) or the peer's (peer 1) address slot in `buf`;
/// returns the record's length.
pub fn sockname(task: &Task, sock: i64, peer: bool, buf: &mut [u8]) -> Result<f64, Errno> {
    let fd = fd(sock)?;
    let addr = if peer { task.getpeername(fd) } else { task.getsockname(fd) }.map_err(err)?;
    encode(&addr, buf).map(|n| n as f64)
}

pub fn setsockopt(task: &Task, sock: i64, opt: i64, value: i64) -> Result<f64, Errno> {
    let value = i32::try_from(value).map_err(|_| Errno::EINVAL)?;
    task.setsockopt(fd(sock)?, option(opt)?, value).map(|()| 0.0).map_err(err)
}

pub fn getsockopt(task: &Task, sock: i64, opt: i64) -> Result<f64, Errno> {
    task.getsockopt(fd(sock)?, option(opt)?).map(f64::from).map_err(err)
}

pub fn shutdown(task: &Task, sock: i64, how: i64) -> Result<f64, Errno> {
    let how = Shutdown::from_raw(i32::try_from(how).map_err(|_| Errno::EINVAL)?).map_err(err)?;
    task.shutdown(fd(sock)?, how).map(|()| 0.0).map_err(err)
}

fn msg_flags(flags: i64) -> MsgFlags {
    // Guests never block in an op: the event loop waits for readiness instead.
    MsgFlags((flags as u32) | MsgFlags::NOSIGNAL.0 | MsgFlags::DONTWAIT.0)
}

/// `SENDTO (fd, addr_len, flags)`: `buf[..addr_len]` is the destination's record (none when
/// 0), the rest the data. Returns the bytes sent.
pub fn sendto(task: &Task, sock: i64, addr_len: i64, flags: i64, buf: &[u8]) -> Result<f64, Errno> {
    let n = usize::try_from(addr_len).ok().filter(|&n| n <= buf.len()).ok_or(Errno::EINVAL)?;
    let addr = if n == 0 { None } else { Some(decode(&buf[..n])?) };
    task.sendto(fd(sock)?, &buf[n..], msg_flags(flags), addr.as_ref()).map(|n| n as f64).map_err(err)
}

/// `RECVFROM (fd, flags)`: the data into `buf[ADDR_SLOT..]`, the sender's address slot (length
/// 0 when there is none) into `buf[..ADDR_SLOT]`. Returns the bytes received.
pub fn recvfrom(task: &Task, sock: i64, flags: i64, buf: &mut [u8]) -> Result<f64, Errno> {
    if buf.len() < ADDR_SLOT {
        return Err(Errno::EINVAL);
    }
    let (head, data) = buf.split_at_mut(ADDR_SLOT);
    let meta = task.recvfrom(fd(sock)?, data, msg_flags(flags)).map_err(err)?;
    head[..4].fill(0);
    if meta.from.is_none() {
        return Ok(meta.len as f64);
    }
    if let Some(from) = &meta.from {
        encode(from, head)?;
    }
    Ok(meta.len as f64)
}
