//! Socket calls: socket, socketpair, bind, listen, accept, connect, send/recv, shutdown, names
//! and options. The semantics are described in [`crate::net`].

use std::sync::Arc;

use tracing::trace_span;

use crate::error::{Errno, Result};
use crate::fd::{FileRef, OpenFlags};
use crate::kernel::Task;
use crate::net::addr::{Domain, SockAddr, SockType, UnixAddr};
use crate::net::socket::Dest;
use crate::net::{MsgFlags, RecvMeta, Shutdown, SockOpt, Socket, UnixKey};
use crate::process::Signal;
use crate::vfs::perm::MAY_WRITE;
use crate::vfs::FileType;

impl Task {
    fn socket_file(&self, fd: u32) -> Result<FileRef> {
        let file = self.file(fd)?;
        if file.as_any().downcast_ref::<Socket>().is_none() {
            return Err(Errno::ENOTSOCK.into());
        }
        Ok(file)
    }

    fn with_socket<T>(&self, fd: u32, f: impl FnOnce(&Socket) -> Result<T>) -> Result<T> {
        let file = self.socket_file(fd)?;
        f(file.as_any().downcast_ref::<Socket>().expect("checked to be a socket"))
    }

    /// The socket behind `fd` (for shims that need more than the calls below); `ENOTSOCK`.
    pub fn socket_of(&self, fd: u32) -> Result<FileRef> {
        self.socket_file(fd)
    }

    fn install_socket(&self, sock: Arc<Socket>, flags: OpenFlags) -> Result<u32> {
        self.install(sock, flags.contains(OpenFlags::CLOEXEC))
    }

    /// Where a unix address leads: a path's socket inode (write permission needed;
    /// `ECONNREFUSED` if it is not a socket) or an abstract name.
    fn unix_dest(&self, name: &UnixAddr) -> Result<Dest> {
        let key = match name {
            UnixAddr::Path(path) => {
                let start = self.start(crate::AT_FDCWD, path)?;
                let loc = self.walker().lookup(&start, path, true)?;
                if loc.node.file_type() != FileType::Socket {
                    return Err(Errno::ECONNREFUSED.into());
                }
                self.proc.creds.check(&loc.node.stat()?, MAY_WRITE)?;
                UnixKey::Inode(loc.node.dev(), loc.node.ino())
            }
            UnixAddr::Abstract(n) => UnixKey::Abstract(n.clone()),
            UnixAddr::Unnamed => return Err(Errno::EINVAL.into()),
        };
        Ok(Dest::Unix(key, name.clone()))
    }

    fn dest(&self, sock: &Socket, addr: &SockAddr) -> Result<Dest> {
        addr.check_domain(sock.domain())?;
        match addr {
            SockAddr::Inet(sa) => Ok(Dest::Inet(*sa)),
            SockAddr::Unix(name) => self.unix_dest(name),
        }
    }

    /// `socket`: a new unbound socket. `flags` may hold `O_NONBLOCK` and `O_CLOEXEC` (the
    /// `SOCK_NONBLOCK`/`SOCK_CLOEXEC` bits have the same values).
    pub fn socket(&self, domain: Domain, kind: SockType, flags: OpenFlags) -> Result<u32> {
        let _span = trace_span!("socket", pid = self.pid(), ?domain, ?kind).entered();
        let sock = Socket::new(&self.kernel.shared.net, domain, kind, flags.contains(OpenFlags::NONBLOCK));
        self.install_socket(sock, flags)
    }

    /// `socketpair`: two connected unix sockets (`EOPNOTSUPP` for other families).
    pub fn socketpair(&self, domain: Domain, kind: SockType, flags: OpenFlags) -> Result<(u32, u32)> {
        if domain != Domain::Unix {
            return Err(Errno::EOPNOTSUPP.into());
        }
        let (a, b) = Socket::pair(&self.kernel.shared.net, kind, flags.contains(OpenFlags::NONBLOCK));
        let cloexec = flags.contains(OpenFlags::CLOEXEC);
        let mut fds = self.proc.fds.lock();
        fds.check_room()?;
        let fa = fds.insert(a, cloexec)?;
        match fds.insert(b, cloexec) {
            Ok(fb) => Ok((fa, fb)),
            Err(e) => {
                let a = fds.remove(fa);
                drop(fds);
                drop(a);
                Err(e)
            }
        }
    }

    /// `bind`. Inet: loopback or wildcard addresses only (`EADDRNOTAVAIL`), port 0 for an
    /// ephemeral one. Unix: a path creates a socket inode (`EADDRINUSE` if the path exists).
    pub fn bind(&self, fd: u32, addr: &SockAddr) -> Result<()> {
        let _span = trace_span!("bind", pid = self.pid(), fd, %addr).entered();
        self.with_socket(fd, |sock| {
            addr.check_domain(sock.domain())?;
            match addr {
                SockAddr::Inet(sa) => sock.bind_inet(*sa),
                SockAddr::Unix(UnixAddr::Unnamed) => Err(Errno::EINVAL.into()),
                SockAddr::Unix(name @ UnixAddr::Abstract(n)) => {
                    sock.bind_unix(UnixKey::Abstract(n.clone()), name.clone())
                }
                SockAddr::Unix(name @ UnixAddr::Path(path)) => {
                    if sock.is_bound() {
                        return Err(Errno::EINVAL.into());
                    }
                    let loc = self.make_socket_node(path)?;
                    sock.bind_unix(UnixKey::Inode(loc.node.dev(), loc.node.ino()), name.clone())
                }
            }
        })
    }

    /// `listen` with a backlog (clamped to 1..=4096); a second call resizes the backlog.
    pub fn listen(&self, fd: u32, backlog: i32) -> Result<()> {
        self.with_socket(fd, |sock| sock.listen(backlog))
    }

    /// `accept4`: the next connection as a new descriptor, and the peer's address. `flags` may
    /// hold `O_NONBLOCK` and `O_CLOEXEC` for the new descriptor. Blocks unless the listening
    /// descriptor is non-blocking (`EAGAIN`); `EINVAL` if it does not listen.
    pub fn accept(&self, fd: u32, flags: OpenFlags) -> Result<(u32, SockAddr)> {
        let _span = trace_span!("accept", pid = self.pid(), fd).entered();
        let file = self.socket_file(fd)?;
        let sock = file.as_any().downcast_ref::<Socket>().expect("checked to be a socket");
        self.proc.fds.lock().check_room()?;
        let conn = sock.accept(flags.contains(OpenFlags::NONBLOCK), self.io())?;
        let peer = conn.peer_addr().unwrap_or(SockAddr::Unix(UnixAddr::Unnamed));
        let fd = self.install_socket(conn, flags)?;
        Ok((fd, peer))
    }

    /// `connect`. Streams: to a listener in this VM (`ECONNREFUSED` if none), `EISCONN` when
    /// connected. Addresses outside the VM: `EACCES` when the egress policy denies them (see
    /// [`Socket::last_denial`]); when it allows them, a host connection through the VM's host
    /// network (blocking until made, or `EINPROGRESS` when non-blocking; see
    /// [`crate::net::egress`]), `ENETUNREACH` without one. Datagram sockets set their default
    /// destination and only peer (UDP outside the VM is never bridged).
    pub fn connect(&self, fd: u32, addr: &SockAddr) -> Result<()> {
        let _span = trace_span!("connect", pid = self.pid(), fd, %addr).entered();
        self.with_socket(fd, |sock| {
            let dest = self.dest(sock, addr)?;
            sock.connect(dest, self.io())
        })
    }

    /// Resolves the host name `name` for this process, through the VM's egress policy (to
    /// connect to `port`, or `None`): see [`SocketTable::resolve`](crate::net::SocketTable::resolve).
    pub fn resolve(&self, name: &str, port: Option<u16>) -> Result<Vec<std::net::IpAddr>> {
        let _span = trace_span!("resolve", pid = self.pid(), name).entered();
        self.kernel.shared.net.resolve(name, port)
    }

    /// `send`: [`Task::sendto`] without an address.
    pub fn send(&self, fd: u32, buf: &[u8], flags: MsgFlags) -> Result<usize> {
        self.sendto(fd, buf, flags, None)
    }

    /// `sendto`. Streams: as `write`, ignoring `addr`; `EPIPE` (and `SIGPIPE` unless
    /// `MSG_NOSIGNAL`) once the sending side is gone. Datagrams: one datagram to `addr` or the
    /// connected peer (`EDESTADDRREQ` with neither), `EMSGSIZE` if too large.
    pub fn sendto(&self, fd: u32, buf: &[u8], flags: MsgFlags, addr: Option<&SockAddr>) -> Result<usize> {
        let _span = trace_span!("sendto", pid = self.pid(), fd, len = buf.len()).entered();
        let r = self.with_socket(fd, |sock| {
            let dest = match addr {
                Some(a) if sock.kind() == SockType::Datagram => Some(self.dest(sock, a)?),
                _ => None,
            };
            sock.send_to(buf, dest, flags, self.io())
        });
        if let Err(e) = &r {
            if *e == Errno::EPIPE && !flags.contains(MsgFlags::NOSIGNAL) {
                self.signal_self(Signal::SIGPIPE);
            }
        }
        r
    }

    /// `recv`: bytes received (0 at end of stream).
    pub fn recv(&self, fd: u32, buf: &mut [u8], flags: MsgFlags) -> Result<usize> {
        Ok(self.recvfrom(fd, buf, flags)?.len)
    }

    /// `recvfrom`: what was received, the full datagram length (for `MSG_TRUNC`) and the
    /// sender. Blocks unless non-blocking or `MSG_DONTWAIT` (`EAGAIN`); `ENOTCONN` on an
    /// unconnected stream.
    pub fn recvfrom(&self, fd: u32, buf: &mut [u8], flags: MsgFlags) -> Result<RecvMeta> {
        let _span = trace_span!("recvfrom", pid = self.pid(), fd, len = buf.len()).entered();
        self.with_socket(fd, |sock| sock.recv_from(buf, flags, self.io()))
    }

    /// `shutdown`: `ENOTCONN` unless connected.
    pub fn shutdown(&self, fd: u32, how: Shutdown) -> Result<()> {
        self.with_socket(fd, |sock| sock.shutdown(how))
    }

    /// `getsockname`.
    pub fn getsockname(&self, fd: u32) -> Result<SockAddr> {
        self.with_socket(fd, |sock| Ok(sock.local_addr()))
    }

    /// `getpeername`: `ENOTCONN` unless connected.
    pub fn getpeername(&self, fd: u32) -> Result<SockAddr> {
        self.with_socket(fd, |sock| sock.peer_addr())
    }

    /// `setsockopt` with an integer value (booleans are non-zero).
    pub fn setsockopt(&self, fd: u32, opt: SockOpt, value: i32) -> Result<()> {
        self.with_socket(fd, |sock| sock.set_option(opt, value))
    }

    /// `getsockopt` of an integer option.
    pub fn getsockopt(&self, fd: u32, opt: SockOpt) -> Result<i32> {
        self.with_socket(fd, |sock| sock.get_option(opt))
    }
}
