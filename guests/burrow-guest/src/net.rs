//! Sockets: TCP and UDP over the VM's loopback, unix stream and datagram sockets, on the
//! `burrow` module's socket calls and preview1's `sock_*` calls.
//!
//! Sockets are kernel descriptors: every type here owns one (closed on drop), reports it with
//! `as_raw_fd`, and works with `poll` (see [`poll`]) and with `std` code given the number.
//! Streams read with `sock_recv` and write with `sock_send` (preview1); `UdpSocket` sends and
//! receives with `burrow.sendto`/`burrow.recvfrom`, which carry addresses. Errors are WASI
//! errnos as `io::Error`s, as everywhere in this crate.
//!
//! Addresses are `std::net::SocketAddr` for inet sockets and [`SockAddr`] (the bridge record)
//! in general. The VM has only loopback: `127.0.0.1`, `::1` and the wildcards bind; connecting
//! elsewhere is the VM policy's decision (`EACCES` when denied, a host connection when allowed;
//! the host's own loopback is `10.0.2.2`). Host names resolve with [`resolve`] (`burrow.resolve`:
//! the VM's policy decides which names the host looks up); [`TcpStream::connect_host`] resolves
//! and connects.

use std::io::{self, Read, Write};
use std::net::{IpAddr, Ipv6Addr, Shutdown, SocketAddr};
use std::path::Path;
use std::time::Duration;

pub use burrow_bridge::sockaddr::{self, SockAddr, UnixName};

use crate::{cvt, errno, len_u32, sys};

/// `AF_UNIX`.
pub const AF_UNIX: u32 = 1;
/// `AF_INET`.
pub const AF_INET: u32 = 2;
/// `AF_INET6`.
pub const AF_INET6: u32 = 10;
/// `SOCK_STREAM`.
pub const SOCK_STREAM: u32 = 1;
/// `SOCK_DGRAM`.
pub const SOCK_DGRAM: u32 = 2;
/// `socket`/`socketpair`/`accept` flag: non-blocking.
pub const NONBLOCK: u32 = 1;
/// `socket`/`socketpair`/`accept` flag: close-on-spawn.
pub const CLOEXEC: u32 = 2;

/// `MSG_PEEK`.
pub const MSG_PEEK: u32 = 0x2;
/// `MSG_DONTWAIT`.
pub const MSG_DONTWAIT: u32 = 0x40;
/// `MSG_WAITALL`.
pub const MSG_WAITALL: u32 = 0x100;
/// `MSG_NOSIGNAL`.
pub const MSG_NOSIGNAL: u32 = 0x4000;

/// Option levels and names (Linux numbering), for [`Socket::setsockopt`]/[`Socket::getsockopt`].
pub mod opt {
    pub const SOL_SOCKET: i32 = 1;
    pub const IPPROTO_TCP: i32 = 6;
    pub const SO_REUSEADDR: i32 = 2;
    pub const SO_TYPE: i32 = 3;
    pub const SO_ERROR: i32 = 4;
    pub const SO_SNDBUF: i32 = 7;
    pub const SO_RCVBUF: i32 = 8;
    pub const SO_KEEPALIVE: i32 = 9;
    pub const SO_ACCEPTCONN: i32 = 30;
    pub const TCP_NODELAY: i32 = 1;
}

/// Raw preview1 socket and poll calls (std does not expose them). Declared with the same wasm
/// types wasi-libc uses, so the imports merge.
#[allow(clippy::missing_safety_doc)]
pub mod wasi {
    /// `iovec`/`ciovec`.
    #[repr(C)]
    pub struct Iovec {
        pub buf: *const u8,
        pub len: usize,
    }

    #[link(wasm_import_module = "wasi_snapshot_preview1")]
    extern "C" {
        pub fn sock_accept(fd: i32, flags: i32, fd_out: *mut u32) -> i32;
        pub fn sock_recv(
            fd: i32,
            ri: *const Iovec,
            ri_len: i32,
            ri_flags: i32,
            ro_len: *mut u32,
            ro_flags: *mut u16,
        ) -> i32;
        pub fn sock_send(fd: i32, si: *const Iovec, si_len: i32, si_flags: i32, so_len: *mut u32) -> i32;
        pub fn sock_shutdown(fd: i32, how: i32) -> i32;
        pub fn poll_oneoff(subs: *const u8, events: *mut u8, n: i32, nevents: *mut u32) -> i32;
        pub fn fd_close(fd: i32) -> i32;
        pub fn fd_fdstat_get(fd: i32, out: *mut u8) -> i32;
    }

    /// `sock_recv` flag: peek.
    pub const RECV_PEEK: i32 = 1;
    /// `sock_recv` flag: wait for the buffers to fill.
    pub const RECV_WAITALL: i32 = 2;
    /// `sock_recv` result flag: the datagram was truncated.
    pub const RECV_DATA_TRUNCATED: u16 = 1;
    /// `sdflags`.
    pub const SHUT_RD: i32 = 1;
    pub const SHUT_WR: i32 = 2;
    /// `fdflags::nonblock`.
    pub const FDFLAGS_NONBLOCK: i32 = 4;
}

/// One `sock_recv` result.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Received {
    /// Bytes received.
    pub len: usize,
    /// The datagram was longer than the buffer (`RECV_DATA_TRUNCATED`).
    pub truncated: bool,
}

/// One `recvfrom` result.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecvFrom {
    /// Bytes received.
    pub len: usize,
    /// The datagram's full length (more than `len` when truncated).
    pub full_len: usize,
    /// The sender (datagram sockets).
    pub from: Option<SockAddr>,
}

fn bad_record(e: impl std::fmt::Display) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, e.to_string())
}

fn decode(buf: &[u8], len: u32) -> io::Result<SockAddr> {
    let len = len as usize;
    if len > buf.len() {
        return Err(bad_record("address longer than the buffer"));
    }
    SockAddr::decode(&buf[..len]).map_err(bad_record)
}

fn inet(a: SockAddr) -> io::Result<SocketAddr> {
    match a {
        SockAddr::Inet(sa) => Ok(sa),
        SockAddr::Unix(_) => Err(bad_record("not an inet address")),
    }
}

fn path_addr(path: &Path) -> SockAddr {
    SockAddr::Unix(UnixName::Path(crate::path_bytes(path).to_vec()))
}

fn family(addr: &SockAddr) -> u32 {
    u32::from(addr.family())
}

/// A socket descriptor of any kind: the raw calls, owned (closed on drop).
#[derive(Debug)]
pub struct Socket {
    fd: u32,
}

impl Socket {
    /// A new socket (`flags`: [`NONBLOCK`], [`CLOEXEC`]).
    pub fn new(domain: u32, ty: u32, flags: u32) -> io::Result<Socket> {
        let mut fd = 0u32;
        // SAFETY: `fd` is a live u32.
        cvt(unsafe { sys::socket(domain, ty, flags, &mut fd) })?;
        Ok(Socket { fd })
    }

    /// Two connected unix sockets.
    pub fn pair(ty: u32, flags: u32) -> io::Result<(Socket, Socket)> {
        let mut fds = [0u32; 2];
        // SAFETY: `fds` holds the 8 bytes written.
        cvt(unsafe { sys::socketpair(AF_UNIX, ty, flags, fds.as_mut_ptr()) })?;
        Ok((Socket { fd: fds[0] }, Socket { fd: fds[1] }))
    }

    /// Takes ownership of descriptor `fd`.
    ///
    /// # Safety
    /// `fd` must be an open descriptor nothing else closes.
    pub unsafe fn from_raw_fd(fd: u32) -> Socket {
        Socket { fd }
    }

    /// The descriptor.
    pub fn as_raw_fd(&self) -> u32 {
        self.fd
    }

    /// Gives up ownership of the descriptor.
    pub fn into_raw_fd(self) -> u32 {
        let fd = self.fd;
        std::mem::forget(self);
        fd
    }

    pub fn bind(&self, addr: &SockAddr) -> io::Result<()> {
        let rec = addr.encode();
        // SAFETY: `rec` is live for the call.
        cvt(unsafe { sys::bind(self.fd, rec.as_ptr(), len_u32(rec.len())?) })
    }

    pub fn listen(&self, backlog: i32) -> io::Result<()> {
        cvt(unsafe { sys::listen(self.fd, backlog) })
    }

    pub fn connect(&self, addr: &SockAddr) -> io::Result<()> {
        let rec = addr.encode();
        // SAFETY: `rec` is live for the call.
        cvt(unsafe { sys::connect(self.fd, rec.as_ptr(), len_u32(rec.len())?) })
    }

    /// `burrow.accept`: the next connection and the peer's address.
    pub fn accept(&self, flags: u32) -> io::Result<(Socket, SockAddr)> {
        let mut fd = 0u32;
        let mut buf = [0u8; sockaddr::MAX_SIZE];
        let mut len = 0u32;
        // SAFETY: the out-pointers are live and `buf` holds `MAX_SIZE` bytes.
        cvt(unsafe { sys::accept(self.fd, flags, &mut fd, buf.as_mut_ptr(), buf.len() as u32, &mut len) })?;
        let sock = Socket { fd };
        Ok((sock, decode(&buf, len)?))
    }

    /// preview1's `sock_accept` (no address; `nonblock` for the new descriptor).
    pub fn sock_accept(&self, nonblock: bool) -> io::Result<Socket> {
        let mut fd = 0u32;
        let flags = if nonblock { wasi::FDFLAGS_NONBLOCK } else { 0 };
        // SAFETY: `fd` is a live u32.
        cvt(unsafe { wasi::sock_accept(self.fd as i32, flags, &mut fd) })?;
        Ok(Socket { fd })
    }

    /// `sendto` (`to: None`: the connected peer).
    pub fn send_to(&self, data: &[u8], flags: u32, to: Option<&SockAddr>) -> io::Result<usize> {
        let rec = to.map(SockAddr::encode).unwrap_or_default();
        let mut sent = 0u32;
        // SAFETY: `data` and `rec` are live for the call.
        cvt(unsafe {
            sys::sendto(
                self.fd,
                data.as_ptr(),
                len_u32(data.len())?,
                flags,
                rec.as_ptr(),
                len_u32(rec.len())?,
                &mut sent,
            )
        })?;
        Ok(sent as usize)
    }

    /// `recvfrom`.
    pub fn recv_from(&self, buf: &mut [u8], flags: u32) -> io::Result<RecvFrom> {
        let mut addr = [0u8; sockaddr::MAX_SIZE];
        let mut out = [0u32; 3];
        // SAFETY: `buf`, `addr` and `out` are live for the call, of the lengths passed.
        cvt(unsafe {
            sys::recvfrom(
                self.fd,
                buf.as_mut_ptr(),
                len_u32(buf.len())?,
                flags,
                addr.as_mut_ptr(),
                addr.len() as u32,
                out.as_mut_ptr(),
            )
        })?;
        let from = if out[2] == 0 { None } else { Some(decode(&addr, out[2])?) };
        Ok(RecvFrom { len: out[0] as usize, full_len: out[1] as usize, from })
    }

    /// preview1's `sock_send` of one buffer.
    pub fn sock_send(&self, data: &[u8]) -> io::Result<usize> {
        self.sock_send_vectored(&[data])
    }

    /// preview1's `sock_send` of several buffers (one datagram on a datagram socket).
    pub fn sock_send_vectored(&self, bufs: &[&[u8]]) -> io::Result<usize> {
        let iovs: Vec<wasi::Iovec> = bufs.iter().map(|b| wasi::Iovec { buf: b.as_ptr(), len: b.len() }).collect();
        let mut n = 0u32;
        // SAFETY: every iovec points into a live buffer.
        cvt(unsafe { wasi::sock_send(self.fd as i32, iovs.as_ptr(), len_u32(iovs.len())? as i32, 0, &mut n) })?;
        Ok(n as usize)
    }

    /// preview1's `sock_recv` into one buffer (`flags`: [`wasi::RECV_PEEK`],
    /// [`wasi::RECV_WAITALL`]).
    pub fn sock_recv(&self, buf: &mut [u8], flags: i32) -> io::Result<Received> {
        self.sock_recv_vectored(&mut [buf], flags)
    }

    /// preview1's `sock_recv` into several buffers.
    pub fn sock_recv_vectored(&self, bufs: &mut [&mut [u8]], flags: i32) -> io::Result<Received> {
        let iovs: Vec<wasi::Iovec> =
            bufs.iter_mut().map(|b| wasi::Iovec { buf: b.as_mut_ptr(), len: b.len() }).collect();
        let mut n = 0u32;
        let mut ro = 0u16;
        // SAFETY: every iovec points into a live, writable buffer.
        cvt(unsafe {
            wasi::sock_recv(self.fd as i32, iovs.as_ptr(), len_u32(iovs.len())? as i32, flags, &mut n, &mut ro)
        })?;
        Ok(Received { len: n as usize, truncated: ro & wasi::RECV_DATA_TRUNCATED != 0 })
    }

    /// `shutdown` through preview1's `sock_shutdown`.
    pub fn shutdown(&self, how: Shutdown) -> io::Result<()> {
        let how = match how {
            Shutdown::Read => wasi::SHUT_RD,
            Shutdown::Write => wasi::SHUT_WR,
            Shutdown::Both => wasi::SHUT_RD | wasi::SHUT_WR,
        };
        cvt(unsafe { wasi::sock_shutdown(self.fd as i32, how) })
    }

    fn name(&self, peer: bool) -> io::Result<SockAddr> {
        let mut buf = [0u8; sockaddr::MAX_SIZE];
        let mut len = 0u32;
        // SAFETY: `buf` and `len` are live, of the lengths passed.
        let f = if peer { sys::getpeername } else { sys::getsockname };
        cvt(unsafe { f(self.fd, buf.as_mut_ptr(), buf.len() as u32, &mut len) })?;
        decode(&buf, len)
    }

    /// `getsockname`.
    pub fn local_addr(&self) -> io::Result<SockAddr> {
        self.name(false)
    }

    /// `getpeername`.
    pub fn peer_addr(&self) -> io::Result<SockAddr> {
        self.name(true)
    }

    /// `setsockopt` of an integer option (see [`opt`]).
    pub fn setsockopt(&self, level: i32, name: i32, value: i32) -> io::Result<()> {
        cvt(unsafe { sys::setsockopt(self.fd, level, name, value) })
    }

    /// `getsockopt` of an integer option.
    pub fn getsockopt(&self, level: i32, name: i32) -> io::Result<i32> {
        let mut v = 0i32;
        // SAFETY: `v` is a live i32.
        cvt(unsafe { sys::getsockopt(self.fd, level, name, &mut v) })?;
        Ok(v)
    }

    /// `SO_ERROR`, cleared by reading it.
    pub fn take_error(&self) -> io::Result<Option<io::Error>> {
        let e = self.getsockopt(opt::SOL_SOCKET, opt::SO_ERROR)?;
        Ok((e != 0).then(|| io::Error::from_raw_os_error(e)))
    }
}

impl Drop for Socket {
    fn drop(&mut self) {
        // SAFETY: the descriptor is ours.
        unsafe { wasi::fd_close(self.fd as i32) };
    }
}

impl Read for &Socket {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        Ok(self.sock_recv(buf, 0)?.len)
    }
}

impl Write for &Socket {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.sock_send(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Declares a stream type over [`Socket`] with `Read`/`Write` and the common accessors.
macro_rules! stream_type {
    ($name:ident) => {
        impl $name {
            /// The socket underneath.
            pub fn socket(&self) -> &Socket {
                &self.0
            }

            /// The descriptor.
            pub fn as_raw_fd(&self) -> u32 {
                self.0.fd
            }

            /// Shuts down reading, writing or both.
            pub fn shutdown(&self, how: Shutdown) -> io::Result<()> {
                self.0.shutdown(how)
            }

            /// Reads without removing the data.
            pub fn peek(&self, buf: &mut [u8]) -> io::Result<usize> {
                Ok(self.0.sock_recv(buf, wasi::RECV_PEEK)?.len)
            }

            /// Reads until `buf` is full or the stream ends (`RECV_WAITALL`); the count read.
            pub fn recv_all(&self, buf: &mut [u8]) -> io::Result<usize> {
                Ok(self.0.sock_recv(buf, wasi::RECV_WAITALL)?.len)
            }
        }

        impl Read for $name {
            fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
                (&self.0).read(buf)
            }
        }

        impl Write for $name {
            fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
                (&self.0).write(buf)
            }

            fn flush(&mut self) -> io::Result<()> {
                Ok(())
            }
        }

        impl Read for &$name {
            fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
                (&self.0).read(buf)
            }
        }

        impl Write for &$name {
            fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
                (&self.0).write(buf)
            }

            fn flush(&mut self) -> io::Result<()> {
                Ok(())
            }
        }
    };
}

/// The addresses of the host name `name` for connecting to `port` (`None`: no port), through
/// the VM's policy (`burrow.resolve`): IP literals and `localhost` resolve in the VM,
/// `host.burrow.internal` is `10.0.2.2` (the host's loopback), any other name is looked up on
/// the host only when a rule of the policy names it. `EACCES` when none does, `ENOENT` for a
/// name that does not exist, `ENETUNREACH` without a host network, `EAGAIN` when the resolver
/// failed.
pub fn resolve(name: &str, port: Option<u16>) -> io::Result<Vec<IpAddr>> {
    let port = port.map_or(-1, i32::from);
    let mut room = 8usize;
    loop {
        let mut buf = vec![0u8; room * 16];
        let mut count = 0u32;
        // SAFETY: `name` and `buf` are live for the call; `count` is a live u32.
        cvt(unsafe {
            sys::resolve(name.as_ptr(), len_u32(name.len())?, port, buf.as_mut_ptr(), len_u32(buf.len())?, &mut count)
        })?;
        let count = count as usize;
        if count > room {
            room = count;
            continue;
        }
        return Ok(buf
            .chunks_exact(16)
            .take(count)
            .map(|c| {
                let v6 = Ipv6Addr::from(<[u8; 16]>::try_from(c).expect("16-byte chunks"));
                v6.to_ipv4_mapped().map_or(IpAddr::V6(v6), IpAddr::V4)
            })
            .collect());
    }
}

/// A TCP connection.
#[derive(Debug)]
pub struct TcpStream(Socket);
stream_type!(TcpStream);

impl TcpStream {
    /// Resolves `host` for `port` (see [`resolve`]) and connects to its first address that
    /// accepts; the last error if none does.
    pub fn connect_host(host: &str, port: u16) -> io::Result<TcpStream> {
        let mut last = io::Error::from_raw_os_error(errno::ENOENT);
        for ip in resolve(host, Some(port))? {
            match TcpStream::connect(SocketAddr::new(ip, port)) {
                Ok(s) => return Ok(s),
                Err(e) => last = e,
            }
        }
        Err(last)
    }

    /// Connects to `addr`.
    pub fn connect(addr: SocketAddr) -> io::Result<TcpStream> {
        let a = SockAddr::Inet(addr);
        let s = Socket::new(family(&a), SOCK_STREAM, 0)?;
        s.connect(&a)?;
        Ok(TcpStream(s))
    }

    /// Connects to `addr`, retrying while nothing listens there (`ECONNREFUSED`) for up to
    /// `patience` (for a client started beside its server).
    pub fn connect_retry(addr: SocketAddr, patience: Duration) -> io::Result<TcpStream> {
        let start = std::time::Instant::now();
        loop {
            match TcpStream::connect(addr) {
                Err(e) if e.raw_os_error() == Some(errno::ECONNREFUSED) && start.elapsed() < patience => {
                    std::thread::sleep(Duration::from_millis(2));
                }
                r => return r,
            }
        }
    }

    pub fn local_addr(&self) -> io::Result<SocketAddr> {
        inet(self.0.local_addr()?)
    }

    pub fn peer_addr(&self) -> io::Result<SocketAddr> {
        inet(self.0.peer_addr()?)
    }

    pub fn set_nodelay(&self, on: bool) -> io::Result<()> {
        self.0.setsockopt(opt::IPPROTO_TCP, opt::TCP_NODELAY, on as i32)
    }

    pub fn nodelay(&self) -> io::Result<bool> {
        Ok(self.0.getsockopt(opt::IPPROTO_TCP, opt::TCP_NODELAY)? != 0)
    }
}

/// A listening TCP socket.
#[derive(Debug)]
pub struct TcpListener(Socket);

impl TcpListener {
    /// Binds `addr` (port 0: an ephemeral one) with `SO_REUSEADDR` and listens (backlog 128).
    pub fn bind(addr: SocketAddr) -> io::Result<TcpListener> {
        let a = SockAddr::Inet(addr);
        let s = Socket::new(family(&a), SOCK_STREAM, 0)?;
        s.setsockopt(opt::SOL_SOCKET, opt::SO_REUSEADDR, 1)?;
        s.bind(&a)?;
        s.listen(128)?;
        Ok(TcpListener(s))
    }

    /// The next connection and its peer's address.
    pub fn accept(&self) -> io::Result<(TcpStream, SocketAddr)> {
        let (s, a) = self.0.accept(0)?;
        Ok((TcpStream(s), inet(a)?))
    }

    pub fn local_addr(&self) -> io::Result<SocketAddr> {
        inet(self.0.local_addr()?)
    }

    pub fn socket(&self) -> &Socket {
        &self.0
    }

    pub fn as_raw_fd(&self) -> u32 {
        self.0.fd
    }
}

/// A UDP socket.
#[derive(Debug)]
pub struct UdpSocket(Socket);

impl UdpSocket {
    /// Binds `addr` (port 0: an ephemeral one).
    pub fn bind(addr: SocketAddr) -> io::Result<UdpSocket> {
        let a = SockAddr::Inet(addr);
        let s = Socket::new(family(&a), SOCK_DGRAM, 0)?;
        s.bind(&a)?;
        Ok(UdpSocket(s))
    }

    /// Sends one datagram to `addr`.
    pub fn send_to(&self, data: &[u8], addr: SocketAddr) -> io::Result<usize> {
        self.0.send_to(data, 0, Some(&SockAddr::Inet(addr)))
    }

    /// Receives one datagram (cut to `buf`) and its sender.
    pub fn recv_from(&self, buf: &mut [u8]) -> io::Result<(usize, SocketAddr)> {
        let r = self.0.recv_from(buf, 0)?;
        Ok((r.len, inet(r.from.ok_or_else(|| bad_record("no sender"))?)?))
    }

    /// Sets the default destination and only source.
    pub fn connect(&self, addr: SocketAddr) -> io::Result<()> {
        self.0.connect(&SockAddr::Inet(addr))
    }

    /// Sends one datagram to the connected peer.
    pub fn send(&self, data: &[u8]) -> io::Result<usize> {
        self.0.send_to(data, 0, None)
    }

    /// Receives one datagram (cut to `buf`).
    pub fn recv(&self, buf: &mut [u8]) -> io::Result<usize> {
        Ok(self.0.recv_from(buf, 0)?.len)
    }

    pub fn local_addr(&self) -> io::Result<SocketAddr> {
        inet(self.0.local_addr()?)
    }

    pub fn socket(&self) -> &Socket {
        &self.0
    }

    pub fn as_raw_fd(&self) -> u32 {
        self.0.fd
    }
}

/// A unix stream connection.
#[derive(Debug)]
pub struct UnixStream(Socket);
stream_type!(UnixStream);

impl UnixStream {
    /// Connects to the socket at `path`.
    pub fn connect(path: impl AsRef<Path>) -> io::Result<UnixStream> {
        let s = Socket::new(AF_UNIX, SOCK_STREAM, 0)?;
        s.connect(&path_addr(path.as_ref()))?;
        Ok(UnixStream(s))
    }

    /// Two connected streams.
    pub fn pair() -> io::Result<(UnixStream, UnixStream)> {
        let (a, b) = Socket::pair(SOCK_STREAM, 0)?;
        Ok((UnixStream(a), UnixStream(b)))
    }
}

/// A listening unix stream socket.
#[derive(Debug)]
pub struct UnixListener(Socket);

impl UnixListener {
    /// Creates the socket file `path` and listens on it.
    pub fn bind(path: impl AsRef<Path>) -> io::Result<UnixListener> {
        let s = Socket::new(AF_UNIX, SOCK_STREAM, 0)?;
        s.bind(&path_addr(path.as_ref()))?;
        s.listen(128)?;
        Ok(UnixListener(s))
    }

    /// The next connection.
    pub fn accept(&self) -> io::Result<(UnixStream, SockAddr)> {
        let (s, a) = self.0.accept(0)?;
        Ok((UnixStream(s), a))
    }

    pub fn socket(&self) -> &Socket {
        &self.0
    }
}

/// What [`poll`] waits for on a descriptor.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Interest {
    Read,
    Write,
}

/// One ready descriptor from [`poll`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ready {
    /// Index of the entry in the list passed.
    pub index: usize,
    /// The errno of a failed subscription (0 if none).
    pub error: u16,
    /// Bytes available (a hint; 0 when unknown).
    pub nbytes: u64,
    /// The peer hung up.
    pub hangup: bool,
}

/// preview1's `poll_oneoff` over `fds`, with a relative timeout (`None`: wait forever). Returns
/// the ready entries (empty when the timeout passed first).
pub fn poll(fds: &[(u32, Interest)], timeout: Option<Duration>) -> io::Result<Vec<Ready>> {
    const SUB: usize = 48;
    const EVENT: usize = 32;
    let n = fds.len() + usize::from(timeout.is_some());
    let mut subs = vec![0u8; n * SUB];
    for (i, &(fd, interest)) in fds.iter().enumerate() {
        let s = &mut subs[i * SUB..(i + 1) * SUB];
        s[0..8].copy_from_slice(&(i as u64).to_le_bytes());
        s[8] = if interest == Interest::Read { 1 } else { 2 };
        s[16..20].copy_from_slice(&fd.to_le_bytes());
    }
    if let Some(t) = timeout {
        let s = &mut subs[fds.len() * SUB..];
        s[0..8].copy_from_slice(&u64::MAX.to_le_bytes());
        s[8] = 0;
        s[16..20].copy_from_slice(&1u32.to_le_bytes()); // monotonic
        s[24..32].copy_from_slice(&(t.as_nanos().min(u64::MAX as u128) as u64).to_le_bytes());
    }
    let mut events = vec![0u8; n * EVENT];
    let mut count = 0u32;
    // SAFETY: `subs` and `events` hold `n` records each.
    cvt(unsafe { wasi::poll_oneoff(subs.as_ptr(), events.as_mut_ptr(), n as i32, &mut count) })?;
    let mut ready = Vec::new();
    for e in events.chunks_exact(EVENT).take(count as usize) {
        let userdata = u64::from_le_bytes(e[0..8].try_into().expect("8 bytes"));
        if userdata == u64::MAX {
            continue;
        }
        ready.push(Ready {
            index: userdata as usize,
            error: u16::from_le_bytes([e[8], e[9]]),
            nbytes: u64::from_le_bytes(e[16..24].try_into().expect("8 bytes")),
            hangup: u16::from_le_bytes([e[24], e[25]]) & 1 != 0,
        });
    }
    Ok(ready)
}

/// preview1's filetype of a descriptor (`fd_fdstat_get`): 5 datagram socket, 6 stream socket.
pub fn filetype(fd: u32) -> io::Result<u8> {
    let mut st = [0u8; 24];
    // SAFETY: `st` holds an fdstat.
    cvt(unsafe { wasi::fd_fdstat_get(fd as i32, st.as_mut_ptr()) })?;
    Ok(st[0])
}
