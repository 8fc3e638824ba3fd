//! [`Socket`]: the open file description of a socket, its options and its state machine
//! (unconnected, listening, connected, datagram).

use std::any::Any;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Weak};

use parking_lot::Mutex;

use crate::error::{Errno, Error, Result};
use crate::fd::{File, OpenFlags, StatusFlags};
use crate::net::addr::{self, Domain, SockAddr, SockType, UnixAddr};
use crate::net::datagram::{DgramQueue, Filter, RecvMeta, WhenFull, UDP_MAX_PAYLOAD};
use crate::net::egress::{self, EgressConn, HostNet};
use crate::net::listener::Listener;
use crate::net::policy::{Decision, Denial};
use crate::net::stream::Connection;
use crate::net::{BoundKey, Proto, SocketTable, Target, UnixKey};
use crate::poll::{block_on, Io, Notify, Readiness, SubKey, WaitQueue};
use crate::time::Timespec;
use crate::vfs::{FileType, Stat};

/// Default `SO_RCVBUF` and `SO_SNDBUF`.
pub const DEFAULT_BUF: usize = 64 * 1024;
/// The smallest buffer bound `SO_RCVBUF`/`SO_SNDBUF` may set.
pub const MIN_BUF: usize = 1024;
/// The largest buffer bound `SO_RCVBUF`/`SO_SNDBUF` may set.
pub const MAX_BUF: usize = 8 << 20;
/// Device number reported by sockets' `fstat`.
const SOCKFS_DEV: u64 = 0x8;

/// `send`/`recv` flags (Linux values).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MsgFlags(pub u32);

impl MsgFlags {
    /// Read without removing (`MSG_PEEK`).
    pub const PEEK: MsgFlags = MsgFlags(0x2);
    /// Reported on a truncated datagram (`MSG_TRUNC`); [`RecvMeta::full_len`] carries it.
    pub const TRUNC: MsgFlags = MsgFlags(0x20);
    /// Do not block for this call (`MSG_DONTWAIT`).
    pub const DONTWAIT: MsgFlags = MsgFlags(0x40);
    /// No `SIGPIPE` on `EPIPE` (`MSG_NOSIGNAL`).
    pub const NOSIGNAL: MsgFlags = MsgFlags(0x4000);

    /// Whether every bit of `other` is set.
    pub fn contains(self, other: MsgFlags) -> bool {
        self.0 & other.0 == other.0
    }
}

impl std::ops::BitOr for MsgFlags {
    type Output = MsgFlags;
    fn bitor(self, rhs: MsgFlags) -> MsgFlags {
        MsgFlags(self.0 | rhs.0)
    }
}

/// `shutdown`'s `how`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shutdown {
    /// `SHUT_RD`.
    Read,
    /// `SHUT_WR`.
    Write,
    /// `SHUT_RDWR`.
    Both,
}

impl Shutdown {
    /// From `SHUT_RD` (0), `SHUT_WR` (1), `SHUT_RDWR` (2); `EINVAL` otherwise.
    pub fn from_raw(how: i32) -> Result<Shutdown> {
        match how {
            0 => Ok(Shutdown::Read),
            1 => Ok(Shutdown::Write),
            2 => Ok(Shutdown::Both),
            _ => Err(Errno::EINVAL.into()),
        }
    }
}

/// A socket option the kernel knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SockOpt {
    /// `SO_REUSEADDR`.
    ReuseAddr,
    /// `SO_KEEPALIVE` (stored).
    KeepAlive,
    /// `TCP_NODELAY` (stored).
    NoDelay,
    /// `SO_RCVBUF`.
    RcvBuf,
    /// `SO_SNDBUF`.
    SndBuf,
    /// `SO_ERROR` (read-only; reading clears it).
    Error,
    /// `SO_TYPE` (read-only).
    Type,
    /// `SO_ACCEPTCONN` (read-only).
    AcceptConn,
}

impl SockOpt {
    /// `SOL_SOCKET`.
    pub const SOL_SOCKET: i32 = 1;
    /// `IPPROTO_TCP`.
    pub const IPPROTO_TCP: i32 = 6;

    /// From a `(level, name)` pair of Linux values; `ENOPROTOOPT` for others.
    pub fn from_raw(level: i32, name: i32) -> Result<SockOpt> {
        match (level, name) {
            (Self::SOL_SOCKET, 2) => Ok(SockOpt::ReuseAddr),
            (Self::SOL_SOCKET, 3) => Ok(SockOpt::Type),
            (Self::SOL_SOCKET, 4) => Ok(SockOpt::Error),
            (Self::SOL_SOCKET, 7) => Ok(SockOpt::SndBuf),
            (Self::SOL_SOCKET, 8) => Ok(SockOpt::RcvBuf),
            (Self::SOL_SOCKET, 9) => Ok(SockOpt::KeepAlive),
            (Self::SOL_SOCKET, 30) => Ok(SockOpt::AcceptConn),
            (Self::IPPROTO_TCP, 1) => Ok(SockOpt::NoDelay),
            _ => Err(Errno::ENOPROTOOPT.into()),
        }
    }
}

/// Option values, shared with a listener's accepted sockets (which inherit them).
#[derive(Debug)]
pub(crate) struct Opts {
    reuse_addr: AtomicBool,
    keepalive: AtomicBool,
    nodelay: AtomicBool,
    rcvbuf: AtomicUsize,
    sndbuf: AtomicUsize,
}

impl Opts {
    fn new() -> Opts {
        Opts {
            reuse_addr: AtomicBool::new(false),
            keepalive: AtomicBool::new(false),
            nodelay: AtomicBool::new(false),
            rcvbuf: AtomicUsize::new(DEFAULT_BUF),
            sndbuf: AtomicUsize::new(DEFAULT_BUF),
        }
    }

    fn copy(&self) -> Opts {
        let o = Opts::new();
        o.reuse_addr.store(self.reuse(), Ordering::Relaxed);
        o.keepalive.store(self.keepalive.load(Ordering::Relaxed), Ordering::Relaxed);
        o.nodelay.store(self.nodelay.load(Ordering::Relaxed), Ordering::Relaxed);
        o.rcvbuf.store(self.rcvbuf(), Ordering::Relaxed);
        o.sndbuf.store(self.sndbuf(), Ordering::Relaxed);
        o
    }

    fn reuse(&self) -> bool {
        self.reuse_addr.load(Ordering::Relaxed)
    }

    fn rcvbuf(&self) -> usize {
        self.rcvbuf.load(Ordering::Relaxed)
    }

    fn sndbuf(&self) -> usize {
        self.sndbuf.load(Ordering::Relaxed)
    }
}

/// What a listener's accepted sockets start from.
pub(crate) struct Origin {
    domain: Domain,
    /// The listener's address (accepted unix sockets report it; inet ones report the address
    /// the client connected to).
    local: SockAddr,
    opts: Arc<Opts>,
}

/// Where a `connect` or `sendto` goes, resolved by the syscall layer.
#[derive(Clone, Debug)]
pub(crate) enum Dest {
    Inet(SocketAddr),
    /// A unix name resolved to its key, with the address as the caller spelled it.
    Unix(UnixKey, UnixAddr),
}

/// A connected datagram socket's peer.
struct DgramPeer {
    /// For getpeername and for filtering.
    addr: SockAddr,
    /// Where to look the peer up again (UDP: a socket bound later may receive); `None` for
    /// socketpair ends.
    dest: Option<Dest>,
    target: Weak<DgramQueue>,
    /// Unix: the peer's queue and our subscription forwarding its room as our writability.
    forward: Option<(Arc<DgramQueue>, SubKey)>,
}

impl DgramPeer {
    fn unsubscribe(&self) {
        if let Some((q, key)) = &self.forward {
            q.space_queue().unsubscribe(*key);
        }
    }
}

enum Role {
    /// A stream socket that is neither connected nor listening.
    Idle,
    /// A stream socket with a `connect` in progress.
    Connecting,
    Listening(Arc<Listener>),
    Connected {
        conn: Arc<Connection>,
        end: usize,
        peer: SockAddr,
    },
    /// A datagram socket, connected to `peer` or not.
    Datagram {
        peer: Option<DgramPeer>,
    },
}

struct Inner {
    /// The bound (or assigned) address, canonical for inet.
    local: Option<SockAddr>,
    bound: Option<BoundKey>,
    role: Role,
    /// A pending error outside connections (UDP `ECONNREFUSED`).
    error: Option<Errno>,
    denial: Option<Denial>,
    /// `bound` was taken by an outbound connection's `connect` (released if it fails).
    autobound: bool,
}

/// A socket: the open file description behind a socket descriptor.
pub struct Socket {
    id: u64,
    domain: Domain,
    kind: SockType,
    status: StatusFlags,
    queue: Arc<WaitQueue>,
    table: Arc<SocketTable>,
    opts: Arc<Opts>,
    /// A datagram socket's receive queue.
    rx: Option<Arc<DgramQueue>>,
    inner: Mutex<Inner>,
    ino: u64,
    created: Timespec,
}

impl Socket {
    fn build(table: &Arc<SocketTable>, domain: Domain, kind: SockType, nonblocking: bool, opts: Opts) -> Socket {
        static NEXT_INO: AtomicU64 = AtomicU64::new(1);
        let id = table.new_id();
        let queue = Arc::new(WaitQueue::new());
        let rx = (kind == SockType::Datagram)
            .then(|| DgramQueue::new(id, opts.rcvbuf(), queue.clone(), table.charge().clone()));
        let nonblock = if nonblocking { OpenFlags::NONBLOCK } else { OpenFlags::default() };
        let role = if kind == SockType::Datagram { Role::Datagram { peer: None } } else { Role::Idle };
        Socket {
            id,
            domain,
            kind,
            status: StatusFlags::new(OpenFlags::RDWR | nonblock),
            queue,
            table: table.clone(),
            opts: Arc::new(opts),
            rx,
            inner: Mutex::new(Inner { local: None, bound: None, role, error: None, denial: None, autobound: false }),
            ino: NEXT_INO.fetch_add(1, Ordering::Relaxed),
            created: Timespec::now(),
        }
    }

    /// A new unbound socket.
    pub(crate) fn new(table: &Arc<SocketTable>, domain: Domain, kind: SockType, nonblocking: bool) -> Arc<Socket> {
        Arc::new(Socket::build(table, domain, kind, nonblocking, Opts::new()))
    }

    /// Two connected unix sockets (`socketpair`).
    pub(crate) fn pair(table: &Arc<SocketTable>, kind: SockType, nonblocking: bool) -> (Arc<Socket>, Arc<Socket>) {
        let a = Arc::new(Socket::build(table, Domain::Unix, kind, nonblocking, Opts::new()));
        let b = Arc::new(Socket::build(table, Domain::Unix, kind, nonblocking, Opts::new()));
        let unnamed = SockAddr::Unix(UnixAddr::Unnamed);
        match kind {
            SockType::Stream => {
                let conn =
                    Connection::new([a.queue.clone(), b.queue.clone()], [a.bufs(), b.bufs()], table.charge().clone());
                a.inner.lock().role = Role::Connected { conn: conn.clone(), end: 0, peer: unnamed.clone() };
                b.inner.lock().role = Role::Connected { conn, end: 1, peer: unnamed };
            }
            SockType::Datagram => {
                for (me, other) in [(&a, &b), (&b, &a)] {
                    let q = other.rx.clone().expect("datagram sockets have a queue");
                    let peer = me.unix_peer(unnamed.clone(), None, q, other.id);
                    me.inner.lock().role = Role::Datagram { peer: Some(peer) };
                }
            }
        }
        (a, b)
    }

    /// The address family.
    pub fn domain(&self) -> Domain {
        self.domain
    }

    /// Stream or datagram.
    pub fn kind(&self) -> SockType {
        self.kind
    }

    /// The last outbound connection the egress policy refused, with its reason.
    pub fn last_denial(&self) -> Option<Denial> {
        self.inner.lock().denial
    }

    /// Whether the socket listens.
    pub fn is_listening(&self) -> bool {
        matches!(self.inner.lock().role, Role::Listening(_))
    }

    pub(crate) fn is_bound(&self) -> bool {
        self.inner.lock().local.is_some()
    }

    fn bufs(&self) -> (usize, usize) {
        (self.opts.rcvbuf(), self.opts.sndbuf())
    }

    fn proto(&self) -> Proto {
        match self.kind {
            SockType::Stream => Proto::Tcp,
            SockType::Datagram => Proto::Udp,
        }
    }

    fn nonblocking(&self, flags: MsgFlags) -> bool {
        self.status.nonblocking() || flags.contains(MsgFlags::DONTWAIT)
    }

    /// An address as this socket reports it (IPv4 ones mapped on `AF_INET6` sockets).
    fn report(&self, a: SockAddr) -> SockAddr {
        match a {
            SockAddr::Inet(sa) => SockAddr::Inet(addr::in_family(sa, self.domain)),
            unix => unix,
        }
    }

    fn wildcard(&self) -> IpAddr {
        match self.domain {
            Domain::Inet6 => IpAddr::V6(Ipv6Addr::UNSPECIFIED),
            _ => IpAddr::V4(Ipv4Addr::UNSPECIFIED),
        }
    }

    /// `getsockname`.
    pub fn local_addr(&self) -> SockAddr {
        let local = self.inner.lock().local.clone();
        match local {
            Some(a) => self.report(a),
            None if self.domain == Domain::Unix => SockAddr::Unix(UnixAddr::Unnamed),
            None => SockAddr::Inet(SocketAddr::new(self.wildcard(), 0)),
        }
    }

    /// `getpeername`: `ENOTCONN` unless connected.
    pub fn peer_addr(&self) -> Result<SockAddr> {
        let peer = match &self.inner.lock().role {
            Role::Connected { conn, .. } if conn.is_connecting() || conn.failure().is_some() => {
                return Err(Errno::ENOTCONN.into())
            }
            Role::Connected { peer, .. } => peer.clone(),
            Role::Datagram { peer: Some(p) } => p.addr.clone(),
            _ => return Err(Errno::ENOTCONN.into()),
        };
        Ok(self.report(peer))
    }

    /// Bytes a read would return without waiting (a connected stream's buffered bytes, the
    /// length of a datagram socket's next datagram) and bytes a stream send would take without
    /// waiting; zeros for other sockets. For `poll_oneoff`'s `nbytes`, as `FIONREAD` and the
    /// free send space are on Linux.
    pub fn io_counts(&self) -> (usize, usize) {
        if let Some(rx) = &self.rx {
            return (rx.next_len(), 0);
        }
        match self.connection() {
            Ok((conn, end)) => (conn.buffered(end), conn.send_space(end)),
            Err(_) => (0, 0),
        }
    }

    /// The connection of a connected stream socket; `ENOTCONN` otherwise.
    fn connection(&self) -> Result<(Arc<Connection>, usize)> {
        match &self.inner.lock().role {
            Role::Connected { conn, end, .. } => Ok((conn.clone(), *end)),
            _ => Err(Errno::ENOTCONN.into()),
        }
    }

    /// `bind` to an inet address.
    pub(crate) fn bind_inet(&self, sa: SocketAddr) -> Result<()> {
        let ip = addr::canonical_ip(sa.ip());
        if !addr::is_bindable(ip) {
            return Err(Errno::EADDRNOTAVAIL.into());
        }
        let mut inner = self.inner.lock();
        if inner.local.is_some() || !matches!(inner.role, Role::Idle | Role::Datagram { peer: None }) {
            return Err(Errno::EINVAL.into());
        }
        self.bind_inet_locked(&mut inner, ip, sa.port())
    }

    fn bind_inet_locked(&self, inner: &mut Inner, ip: IpAddr, port: u16) -> Result<()> {
        let target = match &self.rx {
            Some(rx) => Target::Dgram(Arc::downgrade(rx)),
            None => Target::Idle,
        };
        let proto = self.proto();
        let port = self.table.bind_inet(proto, ip, port, self.id, self.opts.reuse(), target)?;
        inner.local = Some(SockAddr::Inet(SocketAddr::new(ip, port)));
        inner.bound = Some(BoundKey::Inet(proto, port));
        Ok(())
    }

    /// `bind` to a unix name the syscall layer has created (path) or checked (abstract).
    pub(crate) fn bind_unix(&self, key: UnixKey, name: UnixAddr) -> Result<()> {
        let mut inner = self.inner.lock();
        if inner.local.is_some() {
            return Err(Errno::EINVAL.into());
        }
        self.bind_unix_locked(&mut inner, key, name)
    }

    fn bind_unix_locked(&self, inner: &mut Inner, key: UnixKey, name: UnixAddr) -> Result<()> {
        let target = match (&self.rx, &inner.role) {
            (Some(rx), _) => Target::Dgram(Arc::downgrade(rx)),
            (None, Role::Listening(l)) => Target::Listener(Arc::downgrade(l)),
            (None, _) => Target::Idle,
        };
        self.table.bind_unix(key.clone(), self.id, target)?;
        inner.local = Some(SockAddr::Unix(name));
        inner.bound = Some(BoundKey::Unix(key));
        Ok(())
    }

    /// `listen`; binds an unbound socket first (an ephemeral port, or an abstract name).
    pub(crate) fn listen(&self, backlog: i32) -> Result<()> {
        if self.kind != SockType::Stream {
            return Err(Errno::EOPNOTSUPP.into());
        }
        let mut inner = self.inner.lock();
        match &inner.role {
            Role::Listening(l) => {
                l.set_backlog(backlog);
                return Ok(());
            }
            Role::Idle => {}
            _ => return Err(Errno::EINVAL.into()),
        }
        if inner.local.is_none() {
            match self.domain {
                Domain::Unix => {
                    let name = format!("{:05x}", self.id & 0xfffff).into_bytes();
                    self.bind_unix_locked(&mut inner, UnixKey::Abstract(name.clone()), UnixAddr::Abstract(name))?;
                }
                _ => self.bind_inet_locked(&mut inner, self.wildcard(), 0)?,
            }
        }
        let origin =
            Origin { domain: self.domain, local: inner.local.clone().expect("bound above"), opts: self.opts.clone() };
        let listener = Listener::new(backlog, self.queue.clone(), origin);
        match inner.bound.as_ref().expect("bound above") {
            BoundKey::Inet(_, port) => self.table.listen_inet(*port, self.id, &listener)?,
            BoundKey::Unix(key) => self.table.retarget_unix(key, self.id, Target::Listener(Arc::downgrade(&listener))),
        }
        inner.role = Role::Listening(listener);
        Ok(())
    }

    /// `accept`: the next connection, as a new socket (non-blocking if `nonblocking`).
    pub(crate) fn accept(&self, nonblocking: bool, io: Io<'_>) -> Result<Arc<Socket>> {
        let listener = match &self.inner.lock().role {
            Role::Listening(l) => l.clone(),
            _ => return Err(Errno::EINVAL.into()),
        };
        let sock = listener.pop(self.status.nonblocking(), io)?;
        if nonblocking {
            sock.status.set(OpenFlags::NONBLOCK);
        }
        Ok(sock)
    }

    /// Whether the egress policy allows `dest`, outside the VM; a denial is kept on the socket.
    fn egress_allowed(&self, dest: SocketAddr) -> bool {
        match self.table.decide(dest) {
            Decision::Deny(reason) => {
                tracing::debug!(%dest, %reason, "egress denied");
                self.inner.lock().denial = Some(Denial { addr: dest, reason });
                false
            }
            Decision::Allow => true,
        }
    }

    /// The error a datagram to `dest`, outside the VM, gets: `EACCES` when the policy denies
    /// it, `ENETUNREACH` when it allows it (UDP is not bridged to the host).
    fn egress(&self, dest: SocketAddr) -> Error {
        match self.egress_allowed(dest) {
            true => Errno::ENETUNREACH.into(),
            false => Errno::EACCES.into(),
        }
    }

    /// `connect`.
    pub(crate) fn connect(&self, dest: Dest, io: Io<'_>) -> Result<()> {
        if self.kind == SockType::Datagram {
            return self.connect_datagram(dest);
        }
        let failed = {
            let mut inner = self.inner.lock();
            match &inner.role {
                Role::Connected { conn, .. } if conn.is_connecting() => return Err(Errno::EALREADY.into()),
                Role::Connected { conn, .. } if conn.failure().is_some() => self.forget_failed(&mut inner),
                _ => None,
            }
        };
        if let Some((conn, end)) = failed {
            // A failed outbound attempt: report its error if nobody has, else start anew.
            let unreported = conn.take_error(end);
            conn.close(end, false);
            if let Some(e) = unreported {
                return Err(e.into());
            }
        }
        {
            let mut inner = self.inner.lock();
            match inner.role {
                Role::Idle => inner.role = Role::Connecting,
                Role::Connecting => return Err(Errno::EALREADY.into()),
                Role::Connected { .. } => return Err(Errno::EISCONN.into()),
                Role::Listening(_) | Role::Datagram { .. } => return Err(Errno::EINVAL.into()),
            }
        }
        let made = self.connect_stream(dest, io);
        let mut inner = self.inner.lock();
        match made {
            Ok((conn, local, peer, outbound)) => {
                inner.local = Some(local);
                inner.role = Role::Connected { conn: conn.clone(), end: 0, peer };
                drop(inner);
                if outbound {
                    return self.finish_outbound(&conn, io);
                }
                // A poller that looked while connecting saw nothing: announce what holds now.
                self.queue.notify(conn.readiness(0));
                Ok(())
            }
            Err(e) => {
                inner.role = Role::Idle;
                Err(e)
            }
        }
    }

    /// Waits for an outbound connection's outcome (blocking sockets) or reports it in
    /// progress (non-blocking ones, unless it is already decided).
    fn finish_outbound(&self, conn: &Arc<Connection>, io: Io<'_>) -> Result<()> {
        let outcome = if self.status.nonblocking() {
            conn.outcome()
        } else {
            let interest = Readiness::WRITABLE | Readiness::ERROR | Readiness::HANGUP;
            block_on(io, &self.queue, interest, None, || Ok(conn.outcome()))?
        };
        match outcome {
            None => Err(Errno::EINPROGRESS.into()),
            Some(Ok(())) => Ok(()),
            Some(Err(e)) => {
                let failed = self.forget_failed(&mut self.inner.lock());
                if let Some((conn, end)) = failed {
                    conn.close(end, false);
                }
                Err(e)
            }
        }
    }

    /// Returns a socket whose outbound connection failed to the unconnected state, releasing
    /// the port its `connect` took; returns the connection for the caller to close outside
    /// the socket's lock.
    fn forget_failed(&self, inner: &mut Inner) -> Option<(Arc<Connection>, usize)> {
        let old = match std::mem::replace(&mut inner.role, Role::Idle) {
            Role::Connected { conn, end, .. } => Some((conn, end)),
            other => {
                inner.role = other;
                return None;
            }
        };
        if std::mem::take(&mut inner.autobound) {
            if let Some(key) = inner.bound.take() {
                self.table.release(&key, self.id);
            }
            inner.local = None;
        }
        old
    }

    /// Makes a stream connection; returns it with our local address, the peer's, and whether
    /// it is an outbound one the embedding is still making.
    fn connect_stream(&self, dest: Dest, io: Io<'_>) -> Result<(Arc<Connection>, SockAddr, SockAddr, bool)> {
        let (listener, dest_addr) = match &dest {
            Dest::Inet(sa) => {
                let sa = addr::canonical(*sa);
                if !addr::is_local_destination(sa.ip()) {
                    if !self.egress_allowed(sa) {
                        return Err(Errno::EACCES.into());
                    }
                    let host = self.table.host_net().ok_or(Errno::ENETUNREACH)?;
                    return self.connect_outbound(host, sa);
                }
                let sa = SocketAddr::new(addr::destination_ip(sa.ip()), sa.port());
                match self.table.find_inet(Proto::Tcp, sa) {
                    Some(Target::Listener(l)) => (l.upgrade(), SockAddr::Inet(sa)),
                    _ => (None, SockAddr::Inet(sa)),
                }
            }
            Dest::Unix(key, name) => match self.table.find_unix(key) {
                Some(Target::Listener(l)) => (l.upgrade(), SockAddr::Unix(name.clone())),
                Some(Target::Dgram(_)) => return Err(Errno::EPROTOTYPE.into()),
                _ => (None, SockAddr::Unix(name.clone())),
            },
        };
        let listener = listener.ok_or(Errno::ECONNREFUSED)?;
        let origin = &listener.origin;
        // Our local address: the bound one (its address made specific), or an ephemeral port.
        let (bound, local) = {
            let inner = self.inner.lock();
            (inner.bound.clone(), inner.local.clone())
        };
        let mut held = None;
        let local = match (&dest_addr, local) {
            (SockAddr::Inet(d), Some(SockAddr::Inet(l))) => {
                if let Some(BoundKey::Inet(proto, port)) = &bound {
                    self.table.connected_inet(*proto, *port, self.id);
                }
                let ip = if l.ip().is_unspecified() { d.ip() } else { l.ip() };
                SockAddr::Inet(SocketAddr::new(ip, l.port()))
            }
            (SockAddr::Inet(d), _) => {
                let port = self.table.hold_inet(Proto::Tcp, d.ip(), 0, self.id, self.opts.reuse())?;
                held = Some(BoundKey::Inet(Proto::Tcp, port));
                SockAddr::Inet(SocketAddr::new(d.ip(), port))
            }
            (SockAddr::Unix(_), local) => local.unwrap_or(SockAddr::Unix(UnixAddr::Unnamed)),
        };
        let server = Arc::new(Socket::build(&self.table, origin.domain, SockType::Stream, false, origin.opts.copy()));
        let server_local = match &dest_addr {
            SockAddr::Inet(d) => {
                let reuse = origin.opts.reuse();
                let port = self.table.hold_inet(Proto::Tcp, d.ip(), d.port(), server.id, reuse);
                let port = port.expect("holding a given port cannot fail");
                server.inner.lock().bound = Some(BoundKey::Inet(Proto::Tcp, port));
                dest_addr.clone()
            }
            SockAddr::Unix(_) => origin.local.clone(),
        };
        let conn = Connection::new(
            [self.queue.clone(), server.queue.clone()],
            [self.bufs(), server.bufs()],
            self.table.charge().clone(),
        );
        {
            let mut s = server.inner.lock();
            s.local = Some(server_local.clone());
            s.role = Role::Connected { conn: conn.clone(), end: 1, peer: local.clone() };
        }
        if let Err(e) = listener.push(&server, self.status.nonblocking(), io) {
            conn.close(0, false);
            if let Some(key) = held {
                self.table.release(&key, self.id);
            }
            return Err(e);
        }
        if held.is_some() {
            self.inner.lock().bound = held;
        }
        let peer = match dest_addr {
            SockAddr::Unix(_) => server_local,
            inet => inet,
        };
        Ok((conn, local, peer, false))
    }

    /// Starts an outbound connection to `dest` (canonical, allowed by the policy) through the
    /// host network: the far end goes to the embedding, which makes the host connection.
    fn connect_outbound(
        &self,
        host: Arc<dyn HostNet>,
        dest: SocketAddr,
    ) -> Result<(Arc<Connection>, SockAddr, SockAddr, bool)> {
        let uplink = egress::uplink(dest.ip());
        let (bound, local) = {
            let inner = self.inner.lock();
            (inner.bound.clone(), inner.local.clone())
        };
        let local = match local {
            Some(SockAddr::Inet(l)) => {
                if let Some(BoundKey::Inet(proto, port)) = &bound {
                    self.table.connected_inet(*proto, *port, self.id);
                }
                let ip = if l.ip().is_unspecified() { uplink } else { l.ip() };
                SocketAddr::new(ip, l.port())
            }
            _ => {
                let port = self.table.hold_inet(Proto::Tcp, uplink, 0, self.id, self.opts.reuse())?;
                let mut inner = self.inner.lock();
                inner.bound = Some(BoundKey::Inet(Proto::Tcp, port));
                inner.autobound = true;
                SocketAddr::new(uplink, port)
            }
        };
        let far = Arc::new(WaitQueue::new());
        let conn = Connection::outbound(
            [self.queue.clone(), far.clone()],
            [self.bufs(), (DEFAULT_BUF, DEFAULT_BUF)],
            self.table.charge().clone(),
        );
        let route = egress::host_route(dest);
        tracing::debug!(%dest, %route, %local, "egress connect");
        host.connect(route, EgressConn::new(conn.clone(), far, dest));
        Ok((conn, SockAddr::Inet(local), SockAddr::Inet(dest), true))
    }

    /// A unix datagram peer: our writability follows the room in its queue.
    fn unix_peer(&self, addr: SockAddr, dest: Option<Dest>, q: Arc<DgramQueue>, owner: u64) -> DgramPeer {
        let mine = Arc::downgrade(&self.queue);
        let forward = move |_: Readiness| {
            if let Some(q) = mine.upgrade() {
                q.notify(Readiness::WRITABLE);
            }
        };
        let key = q.space_queue().subscribe(Readiness::WRITABLE, Notify::Callback(Arc::new(forward)));
        if let Some(rx) = &self.rx {
            rx.set_only_from(Some(Filter::Owner(owner)));
        }
        DgramPeer { addr, dest, target: Arc::downgrade(&q), forward: Some((q, key)) }
    }

    fn ensure_udp_bound(&self) -> Result<SocketAddr> {
        let mut inner = self.inner.lock();
        if inner.local.is_none() {
            self.bind_inet_locked(&mut inner, self.wildcard(), 0)?;
        }
        match &inner.local {
            Some(SockAddr::Inet(sa)) => Ok(*sa),
            _ => unreachable!("an inet socket has an inet address"),
        }
    }

    fn connect_datagram(&self, dest: Dest) -> Result<()> {
        let peer = match &dest {
            Dest::Inet(sa) => {
                let sa = addr::canonical(*sa);
                if !addr::is_local_destination(sa.ip()) {
                    return Err(self.egress(sa));
                }
                let sa = SocketAddr::new(addr::destination_ip(sa.ip()), sa.port());
                let local = self.ensure_udp_bound()?;
                if local.ip().is_unspecified() {
                    self.inner.lock().local = Some(SockAddr::Inet(SocketAddr::new(sa.ip(), local.port())));
                }
                let target = match self.table.find_inet(Proto::Udp, sa) {
                    Some(Target::Dgram(w)) => w,
                    _ => Weak::new(),
                };
                let addr = SockAddr::Inet(sa);
                if let Some(rx) = &self.rx {
                    rx.set_only_from(Some(Filter::Addr(addr.clone())));
                }
                DgramPeer { addr, dest: Some(Dest::Inet(sa)), target, forward: None }
            }
            Dest::Unix(key, name) => {
                let q = match self.table.find_unix(key) {
                    Some(Target::Dgram(w)) => w.upgrade().ok_or(Errno::ECONNREFUSED)?,
                    Some(Target::Listener(_)) => return Err(Errno::EPROTOTYPE.into()),
                    _ => return Err(Errno::ECONNREFUSED.into()),
                };
                let owner = q.owner();
                self.unix_peer(SockAddr::Unix(name.clone()), Some(dest.clone()), q, owner)
            }
        };
        let old = {
            let mut inner = self.inner.lock();
            inner.error = None;
            std::mem::replace(&mut inner.role, Role::Datagram { peer: Some(peer) })
        };
        if let Role::Datagram { peer: Some(old) } = old {
            old.unsubscribe();
        }
        Ok(())
    }

    /// `sendto` (with `dest`) or `send`. Streams ignore `dest`.
    pub(crate) fn send_to(&self, data: &[u8], dest: Option<Dest>, flags: MsgFlags, io: Io<'_>) -> Result<usize> {
        let nonblocking = self.nonblocking(flags);
        match self.kind {
            SockType::Stream => {
                let (conn, end) = self.connection()?;
                conn.send(end, data, nonblocking, io)
            }
            SockType::Datagram => self.send_datagram(data, dest, nonblocking, io),
        }
    }

    fn send_datagram(&self, data: &[u8], dest: Option<Dest>, nonblocking: bool, io: Io<'_>) -> Result<usize> {
        let (dest, cached, connected) = {
            let mut inner = self.inner.lock();
            if let Some(e) = inner.error.take() {
                return Err(e.into());
            }
            let Role::Datagram { peer } = &inner.role else { unreachable!("datagram sockets keep their role") };
            match (dest, peer) {
                (None, None) => return Err(Errno::EDESTADDRREQ.into()),
                (None, Some(p)) => match (&p.dest, &p.forward) {
                    (_, Some((q, _))) => (None, Some(q.clone()), true),
                    (Some(d), None) => (Some(d.clone()), p.target.upgrade(), true),
                    (None, None) => return Err(Errno::ECONNREFUSED.into()),
                },
                (Some(_), Some(_)) if self.domain == Domain::Unix => return Err(Errno::EISCONN.into()),
                (Some(d), _) => (Some(d), None, false),
            }
        };
        match self.domain {
            Domain::Unix => {
                if data.len() > self.opts.sndbuf() {
                    return Err(Errno::EMSGSIZE.into());
                }
                let q = match (cached, dest) {
                    (Some(q), _) => q,
                    (None, Some(Dest::Unix(key, _))) => match self.table.find_unix(&key) {
                        Some(Target::Dgram(w)) => w.upgrade().ok_or(Errno::ECONNREFUSED)?,
                        Some(Target::Listener(_)) => return Err(Errno::EPROTOTYPE.into()),
                        _ => return Err(Errno::ECONNREFUSED.into()),
                    },
                    (None, _) => return Err(Errno::ECONNREFUSED.into()),
                };
                let from = self.inner.lock().local.clone().unwrap_or(SockAddr::Unix(UnixAddr::Unnamed));
                q.deliver(data, &from, self.id, WhenFull::Wait { nonblocking }, io)?;
                Ok(data.len())
            }
            Domain::Inet | Domain::Inet6 => {
                if data.len() > UDP_MAX_PAYLOAD {
                    return Err(Errno::EMSGSIZE.into());
                }
                let Some(Dest::Inet(sa)) = dest else { return Err(Errno::EAFNOSUPPORT.into()) };
                let sa = addr::canonical(sa);
                if !addr::is_local_destination(sa.ip()) {
                    return Err(self.egress(sa));
                }
                if sa.port() == 0 {
                    return Err(Errno::EINVAL.into());
                }
                let sa = SocketAddr::new(addr::destination_ip(sa.ip()), sa.port());
                let local = self.ensure_udp_bound()?;
                let from_ip = if local.ip().is_unspecified() { sa.ip() } else { local.ip() };
                let from = SockAddr::Inet(SocketAddr::new(from_ip, local.port()));
                let target = cached.or_else(|| match self.table.find_inet(Proto::Udp, sa) {
                    Some(Target::Dgram(w)) => w.upgrade(),
                    _ => None,
                });
                let delivered = match target {
                    Some(q) => match q.deliver(data, &from, self.id, WhenFull::Drop, io) {
                        Err(e) if e == Errno::ECONNREFUSED => false,
                        Err(e) => return Err(e),
                        Ok(()) => true,
                    },
                    None => false,
                };
                if !delivered && connected {
                    self.inner.lock().error = Some(Errno::ECONNREFUSED);
                    self.queue.notify(Readiness::ERROR | Readiness::READABLE | Readiness::WRITABLE);
                }
                Ok(data.len())
            }
        }
    }

    /// `recvfrom` / `recv`.
    pub(crate) fn recv_from(&self, out: &mut [u8], flags: MsgFlags, io: Io<'_>) -> Result<RecvMeta> {
        let nonblocking = self.nonblocking(flags);
        let peek = flags.contains(MsgFlags::PEEK);
        match &self.rx {
            None => {
                let (conn, end) = self.connection()?;
                let n = conn.recv(end, out, peek, nonblocking, io)?;
                Ok(RecvMeta { len: n, full_len: n, from: None })
            }
            Some(rx) => {
                if let Some(e) = self.inner.lock().error.take() {
                    return Err(e.into());
                }
                let mut m = rx.recv(out, peek, nonblocking, io)?;
                m.from = m.from.map(|a| self.report(a));
                Ok(m)
            }
        }
    }

    /// `shutdown`.
    pub(crate) fn shutdown(&self, how: Shutdown) -> Result<()> {
        let (read, write) = match how {
            Shutdown::Read => (true, false),
            Shutdown::Write => (false, true),
            Shutdown::Both => (true, true),
        };
        if let Some(rx) = &self.rx {
            if !matches!(self.inner.lock().role, Role::Datagram { peer: Some(_) }) {
                return Err(Errno::ENOTCONN.into());
            }
            if read {
                rx.shutdown_read();
            }
            return Ok(());
        }
        let (conn, end) = self.connection()?;
        conn.shutdown(end, read, write);
        Ok(())
    }

    /// `setsockopt`.
    pub(crate) fn set_option(&self, opt: SockOpt, value: i32) -> Result<()> {
        let on = value != 0;
        let size = || (value.max(0) as usize).clamp(MIN_BUF, MAX_BUF);
        match opt {
            SockOpt::ReuseAddr => self.opts.reuse_addr.store(on, Ordering::Relaxed),
            SockOpt::KeepAlive => self.opts.keepalive.store(on, Ordering::Relaxed),
            SockOpt::NoDelay if self.kind == SockType::Stream && self.domain != Domain::Unix => {
                self.opts.nodelay.store(on, Ordering::Relaxed)
            }
            SockOpt::NoDelay => return Err(Errno::EOPNOTSUPP.into()),
            SockOpt::RcvBuf => {
                let n = size();
                self.opts.rcvbuf.store(n, Ordering::Relaxed);
                match (&self.rx, self.connection()) {
                    (Some(rx), _) => rx.set_rcvbuf(n),
                    (None, Ok((conn, end))) => conn.set_bufs(end, Some(n), None),
                    (None, Err(_)) => {}
                }
            }
            SockOpt::SndBuf => {
                let n = size();
                self.opts.sndbuf.store(n, Ordering::Relaxed);
                if let Ok((conn, end)) = self.connection() {
                    conn.set_bufs(end, None, Some(n));
                }
            }
            SockOpt::Error | SockOpt::Type | SockOpt::AcceptConn => return Err(Errno::ENOPROTOOPT.into()),
        }
        Ok(())
    }

    /// `getsockopt`. `SO_ERROR` returns (and clears) the pending error's number.
    pub(crate) fn get_option(&self, opt: SockOpt) -> Result<i32> {
        Ok(match opt {
            SockOpt::ReuseAddr => self.opts.reuse() as i32,
            SockOpt::KeepAlive => self.opts.keepalive.load(Ordering::Relaxed) as i32,
            SockOpt::NoDelay if self.kind == SockType::Stream && self.domain != Domain::Unix => {
                self.opts.nodelay.load(Ordering::Relaxed) as i32
            }
            SockOpt::NoDelay => return Err(Errno::EOPNOTSUPP.into()),
            SockOpt::RcvBuf => self.opts.rcvbuf() as i32,
            SockOpt::SndBuf => self.opts.sndbuf() as i32,
            SockOpt::Type => self.kind.raw(),
            SockOpt::AcceptConn => self.is_listening() as i32,
            SockOpt::Error => {
                let own = self.inner.lock().error.take();
                let e = match own {
                    Some(e) => Some(e),
                    None => self.connection().ok().and_then(|(conn, end)| conn.take_error(end)),
                };
                e.map_or(0, |e| e.0)
            }
        })
    }

    /// Resets a queued, never-accepted connection (its listener closed).
    fn abort(&self) {
        if let Ok((conn, end)) = self.connection() {
            conn.close(end, true);
        }
    }
}

impl Drop for Socket {
    fn drop(&mut self) {
        let inner = self.inner.get_mut();
        match std::mem::replace(&mut inner.role, Role::Idle) {
            Role::Listening(l) => {
                for pending in l.close() {
                    pending.abort();
                }
            }
            Role::Connected { conn, end, .. } => conn.close(end, false),
            Role::Datagram { peer: Some(p) } => p.unsubscribe(),
            Role::Idle | Role::Connecting | Role::Datagram { peer: None } => {}
        }
        if let Some(rx) = &self.rx {
            rx.close();
        }
        if let Some(key) = inner.bound.take() {
            self.table.release(&key, self.id);
        }
    }
}

impl File for Socket {
    fn status(&self) -> &StatusFlags {
        &self.status
    }

    fn read(&self, buf: &mut [u8], io: Io<'_>) -> Result<usize> {
        Ok(self.recv_from(buf, MsgFlags::default(), io)?.len)
    }

    fn write(&self, buf: &[u8], io: Io<'_>) -> Result<usize> {
        self.send_to(buf, None, MsgFlags::default(), io)
    }

    fn stat(&self) -> Result<Stat> {
        Ok(Stat::anonymous(SOCKFS_DEV, self.ino, FileType::Socket, 0o777, self.created))
    }

    fn file_type(&self) -> FileType {
        FileType::Socket
    }

    fn readiness(&self) -> Readiness {
        let inner = self.inner.lock();
        let mut r = match &inner.role {
            Role::Idle => Readiness::WRITABLE | Readiness::HANGUP,
            Role::Connecting => Readiness::NONE,
            Role::Listening(l) => l.readiness(),
            Role::Connected { conn, end, .. } => conn.readiness(*end),
            Role::Datagram { peer } => {
                let rx = self.rx.as_ref().expect("datagram sockets have a queue");
                let room = match peer.as_ref().and_then(|p| p.forward.as_ref()) {
                    Some((q, _)) => q.has_room(),
                    None => true,
                };
                rx.readiness() | if room { Readiness::WRITABLE } else { Readiness::NONE }
            }
        };
        if inner.error.is_some() {
            r |= Readiness::ERROR | Readiness::READABLE | Readiness::WRITABLE;
        }
        r
    }

    fn wait_queue(&self) -> Option<&WaitQueue> {
        Some(&self.queue)
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}
