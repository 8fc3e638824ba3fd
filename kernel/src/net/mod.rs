//! Sockets: the kernel's socket table, loopback TCP and UDP, unix domain sockets, and the
//! egress policy for everything else.
//!
//! # Layout
//!
//! * [`SocketTable`] (one per kernel) maps names to sockets: inet ports per protocol (each
//!   port a short list of uses: address, owner, `SO_REUSEADDR`, and whether it is a bound
//!   socket, a listener, a datagram queue or a live connection's local end), unix socket
//!   inodes by `(st_dev, st_ino)`, and abstract unix names. It holds weak references only and
//!   is locked (one `RwLock`) on bind, listen, connect, unconnected `sendto` lookups and close;
//!   never on a connected socket's `send`/`recv`.
//! * [`Socket`](socket::Socket) is the open file description (`File`) of one socket: its
//!   options, its own [`WaitQueue`](crate::poll::WaitQueue), and its role: unconnected,
//!   listening ([`Listener`](listener::Listener): the accept backlog), connected (one end of a
//!   [`Connection`](stream::Connection): two bounded byte buffers under one lock per
//!   connection), or a datagram socket (its [`DgramQueue`](datagram::DgramQueue)).
//! * [`NetPolicy`](policy::NetPolicy) decides outbound connections to addresses outside the VM.
//! * [`HostStream`] is the host's end of a connection made by
//!   [`Kernel::connect_from_host`](crate::Kernel::connect_from_host) (see [`host`]): the
//!   embedding reaches guest listeners through the same sockets and backlog a guest would.
//!
//! # Semantics
//!
//! * Inet sockets bind loopback addresses (127/8, `::1`) and the wildcards (`0.0.0.0`, `::`,
//!   dual stack); anything else is `EADDRNOTAVAIL`. Port 0 picks an ephemeral port in
//!   32768..=60999 (as does `listen`, `connect` or a first `sendto` on an unbound socket).
//!   Bindings of one port conflict when their addresses overlap (`127.0.0.1:N` and
//!   `0.0.0.0:N` do) unless both sockets set `SO_REUSEADDR` and the older one is not
//!   listening; accepted connections keep their port in use after their listener closes, so
//!   a new listener needs `SO_REUSEADDR`, as on Linux (TIME_WAIT is not modelled: the port is
//!   free once the last connection on it closes). `listen` fails with `EADDRINUSE` while
//!   another socket is bound to an overlapping address, even with `SO_REUSEADDR`.
//! * `connect` to a loopback or wildcard address reaches a listener in this kernel, or fails
//!   with `ECONNREFUSED`; both ends exist from then on (see [`listener`]). A connection to an
//!   address outside the VM is never made by the kernel: it asks the VM's policy, and fails
//!   with `EACCES` when denied (the typed [`Denial`](policy::Denial) is kept on the socket,
//!   [`Socket::last_denial`](socket::Socket::last_denial)). When allowed, the connection is
//!   bridged to a host socket by the embedding layer, which owns the host's network and lends
//!   it as a [`HostNet`] (see [`egress`]: blocking and non-blocking connect, the host alias
//!   `10.0.2.2`, name lookups through the policy); without one it fails with `ENETUNREACH`.
//!   A UDP `sendto` outside the VM is decided the same way and, allowed, fails with
//!   `ENETUNREACH` (UDP is not bridged).
//! * Streams: see [`stream`] (bounded buffers with backpressure, half-close, reset on close
//!   with unread data, `EPIPE`). `send`/`write` on a stream whose sending side is gone raises
//!   `SIGPIPE` unless `MSG_NOSIGNAL` is given, as pipes do.
//! * Datagrams: see [`datagram`] (boundaries, truncation with the real length, drop-newest for
//!   UDP, waiting senders for unix). A connected datagram socket receives only from its peer.
//!   A UDP datagram to a port nobody has bound is dropped; on a connected socket the next call
//!   then fails with `ECONNREFUSED` (the ICMP error Linux would get).
//! * Unix sockets bind a path by creating a socket inode (`S_IFSOCK`) in the VFS (`EADDRINUSE`
//!   if the path exists); connecting resolves the path to that inode (write permission
//!   needed) and the table maps the inode to the socket, so a rename keeps it reachable and an
//!   unlink makes it unreachable. Closing the socket leaves the inode, as on Linux. Abstract
//!   names live only in the table.
//! * Options: `SO_REUSEADDR`, `SO_KEEPALIVE` and `TCP_NODELAY` are stored (the latter two have
//!   no effect on an in-memory connection); `SO_RCVBUF`/`SO_SNDBUF` bound the buffers (clamped
//!   to 1 KiB..=8 MiB, reported as set, not doubled); `SO_ERROR`, `SO_TYPE`, `SO_ACCEPTCONN`
//!   read state. Non-blocking mode is the description's `O_NONBLOCK` status flag.
//! * Readiness: every rising edge (data arriving in an empty buffer or queue, a connection
//!   arriving in an empty backlog, a full buffer getting room, end of file, hang-up, error) is
//!   notified on the socket's wait queue after its lock is released; `poll` works unchanged.
//!   `HANGUP` means both directions are finished (peer gone or reset), `ERROR` a pending error.
//! * Accounting: bytes buffered in stream buffers and datagram queues are charged to the VM's
//!   `socket_buffers` counter; a send that would pass it fails with `ENOBUFS`.

pub mod addr;
pub mod datagram;
pub mod egress;
pub mod host;
pub mod listener;
pub mod policy;
pub mod socket;
pub mod stream;

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Weak};

use parking_lot::RwLock;

use crate::error::{Errno, Result};
use crate::limits::Counter;
use crate::poll::{Readiness, WaitQueue};
use addr::{covers, overlaps};
use datagram::DgramQueue;
use listener::Listener;
use policy::NetPolicy;

pub use addr::{Domain, SockAddr, SockType, UnixAddr};
pub use datagram::RecvMeta;
pub use egress::{EgressConn, HostNet};
pub use host::HostStream;
pub use policy::{Decision, Denial, DenyReason};
pub use socket::{MsgFlags, Shutdown, SockOpt, Socket};

/// The first ephemeral port (Linux's `ip_local_port_range`).
pub const EPHEMERAL_FIRST: u16 = 32768;
/// The last ephemeral port.
pub const EPHEMERAL_LAST: u16 = 60999;

/// The transport an inet port belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Proto {
    Tcp,
    Udp,
}

/// What a name leads to.
#[derive(Clone)]
pub(crate) enum Target {
    /// Bound, neither listening nor receiving datagrams yet.
    Idle,
    Listener(Weak<Listener>),
    Dgram(Weak<DgramQueue>),
}

/// How a socket uses an inet port.
#[derive(Clone)]
enum Use {
    /// Bound by `bind` (or implicitly), with what it leads to.
    Bound(Target),
    /// The local end of a live connection (an accepted socket, or a client's port).
    Conn,
}

#[derive(Clone)]
struct PortUse {
    owner: u64,
    ip: IpAddr,
    reuse: bool,
    what: Use,
}

impl PortUse {
    fn listening(&self) -> bool {
        matches!(self.what, Use::Bound(Target::Listener(_)))
    }
}

/// A unix socket name.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) enum UnixKey {
    /// The socket inode's `(st_dev, st_ino)`.
    Inode(u64, u64),
    Abstract(Vec<u8>),
}

/// What a socket's name is, for releasing it on close.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum BoundKey {
    Inet(Proto, u16),
    Unix(UnixKey),
}

#[derive(Default)]
struct Names {
    ports: HashMap<(Proto, u16), Vec<PortUse>>,
    unix: HashMap<UnixKey, (u64, Target)>,
    next_ephemeral: u16,
}

impl Names {
    fn ephemeral(&mut self, proto: Proto) -> Result<u16> {
        let span = EPHEMERAL_LAST - EPHEMERAL_FIRST + 1;
        for _ in 0..span {
            let port = EPHEMERAL_FIRST + self.next_ephemeral % span;
            self.next_ephemeral = (self.next_ephemeral + 1) % span;
            if self.ports.get(&(proto, port)).is_none_or(|uses| uses.is_empty()) {
                return Ok(port);
            }
        }
        Err(Errno::EADDRNOTAVAIL.into())
    }

    fn conflicts(&self, proto: Proto, port: u16, ip: IpAddr, owner: u64, reuse: bool) -> bool {
        self.ports.get(&(proto, port)).is_some_and(|uses| {
            uses.iter().any(|u| u.owner != owner && overlaps(u.ip, ip) && !(reuse && u.reuse && !u.listening()))
        })
    }
}

/// The socket names of one kernel, its egress policy and its socket-buffer counter.
pub struct SocketTable {
    names: RwLock<Names>,
    policy: RwLock<Arc<NetPolicy>>,
    charge: Arc<Counter>,
    next_id: AtomicU64,
    /// The host network and looked-up addresses (see [`egress`]).
    egress: egress::Egress,
    /// Told on every successful inet `listen` (for [`crate::Kernel::wait_for_listener`]).
    listening: WaitQueue,
}

impl SocketTable {
    /// An empty table charging socket buffers to `charge`, denying all egress.
    pub fn new(charge: Arc<Counter>) -> Arc<SocketTable> {
        Arc::new(SocketTable {
            names: RwLock::new(Names::default()),
            policy: RwLock::new(Arc::new(NetPolicy::deny_all())),
            charge,
            next_id: AtomicU64::new(1),
            egress: egress::Egress::default(),
            listening: WaitQueue::new(),
        })
    }

    /// The egress policy in force.
    pub fn policy(&self) -> Arc<NetPolicy> {
        self.policy.read().clone()
    }

    /// Replaces the egress policy (connections already made are not affected).
    pub fn set_policy(&self, policy: NetPolicy) {
        *self.policy.write() = Arc::new(policy);
    }

    /// Bytes buffered in sockets now.
    pub fn buffered(&self) -> u64 {
        self.charge.used()
    }

    /// Inet ports in use for TCP (`tcp`) or UDP, ascending (for listings and tests).
    pub fn ports(&self, tcp: bool) -> Vec<u16> {
        let proto = if tcp { Proto::Tcp } else { Proto::Udp };
        let names = self.names.read();
        let mut ports: Vec<u16> =
            names.ports.iter().filter(|((p, _), uses)| *p == proto && !uses.is_empty()).map(|((_, n), _)| *n).collect();
        ports.sort_unstable();
        ports
    }

    /// Whether something listens on TCP `port` at an address covering `ip` (the embedding's
    /// "wait for a listener").
    pub fn is_listening(&self, addr: SocketAddr) -> bool {
        matches!(self.find_inet(Proto::Tcp, addr), Some(Target::Listener(_)))
    }

    pub(crate) fn charge(&self) -> &Arc<Counter> {
        &self.charge
    }

    /// The queue every successful inet `listen` notifies (`READABLE`).
    pub(crate) fn listen_queue(&self) -> &WaitQueue {
        &self.listening
    }

    pub(crate) fn new_id(&self) -> u64 {
        self.next_id.fetch_add(1, Ordering::Relaxed)
    }

    /// Binds `ip:port` (port 0: an ephemeral one) for `owner`; returns the port.
    pub(crate) fn bind_inet(
        &self,
        proto: Proto,
        ip: IpAddr,
        port: u16,
        owner: u64,
        reuse: bool,
        what: Target,
    ) -> Result<u16> {
        let mut names = self.names.write();
        let port = if port == 0 { names.ephemeral(proto)? } else { port };
        if names.conflicts(proto, port, ip, owner, reuse) {
            return Err(Errno::EADDRINUSE.into());
        }
        names.ports.entry((proto, port)).or_default().push(PortUse { owner, ip, reuse, what: Use::Bound(what) });
        Ok(port)
    }

    /// Records a live connection's local end on `ip:port` (port 0: an ephemeral one); returns
    /// the port.
    pub(crate) fn hold_inet(&self, proto: Proto, ip: IpAddr, port: u16, owner: u64, reuse: bool) -> Result<u16> {
        let mut names = self.names.write();
        let port = if port == 0 { names.ephemeral(proto)? } else { port };
        names.ports.entry((proto, port)).or_default().push(PortUse { owner, ip, reuse, what: Use::Conn });
        Ok(port)
    }

    /// Turns `owner`'s binding of `port` into a listener; `EADDRINUSE` if another socket is
    /// bound to an overlapping address.
    pub(crate) fn listen_inet(&self, port: u16, owner: u64, listener: &Arc<Listener>) -> Result<()> {
        let mut names = self.names.write();
        let uses = names.ports.get_mut(&(Proto::Tcp, port)).ok_or(Errno::EINVAL)?;
        let mine = uses.iter().position(|u| u.owner == owner).ok_or(Errno::EINVAL)?;
        let ip = uses[mine].ip;
        if uses.iter().any(|u| u.owner != owner && matches!(u.what, Use::Bound(_)) && overlaps(u.ip, ip)) {
            return Err(Errno::EADDRINUSE.into());
        }
        uses[mine].what = Use::Bound(Target::Listener(Arc::downgrade(listener)));
        drop(names);
        self.listening.notify(Readiness::READABLE);
        Ok(())
    }

    /// Marks `owner`'s binding of `port` as a connection's local end.
    pub(crate) fn connected_inet(&self, proto: Proto, port: u16, owner: u64) {
        let mut names = self.names.write();
        if let Some(u) = names.ports.get_mut(&(proto, port)).and_then(|uses| uses.iter_mut().find(|u| u.owner == owner))
        {
            u.what = Use::Conn;
        }
    }

    /// What receives at `dest` (canonical): an exact address first, then a wildcard.
    pub(crate) fn find_inet(&self, proto: Proto, dest: SocketAddr) -> Option<Target> {
        let names = self.names.read();
        let uses = names.ports.get(&(proto, dest.port()))?;
        let bound = |exact: bool| {
            uses.iter().find_map(|u| match &u.what {
                Use::Bound(t @ (Target::Listener(_) | Target::Dgram(_)))
                    if (exact && u.ip == dest.ip()) || (!exact && covers(u.ip, dest.ip())) =>
                {
                    Some(t.clone())
                }
                _ => None,
            })
        };
        bound(true).or_else(|| bound(false))
    }

    /// Names a unix socket; `EADDRINUSE` if the name is taken.
    pub(crate) fn bind_unix(&self, key: UnixKey, owner: u64, what: Target) -> Result<()> {
        let mut names = self.names.write();
        if names.unix.contains_key(&key) {
            return Err(Errno::EADDRINUSE.into());
        }
        names.unix.insert(key, (owner, what));
        Ok(())
    }

    /// Changes what `owner`'s unix name leads to (on `listen`).
    pub(crate) fn retarget_unix(&self, key: &UnixKey, owner: u64, what: Target) {
        let mut names = self.names.write();
        if let Some(entry) = names.unix.get_mut(key).filter(|e| e.0 == owner) {
            entry.1 = what;
        }
    }

    /// What a unix name leads to.
    pub(crate) fn find_unix(&self, key: &UnixKey) -> Option<Target> {
        self.names.read().unix.get(key).map(|(_, t)| t.clone())
    }

    /// Forgets `owner`'s name (on close).
    pub(crate) fn release(&self, key: &BoundKey, owner: u64) {
        let mut names = self.names.write();
        match key {
            BoundKey::Inet(proto, port) => {
                if let Some(uses) = names.ports.get_mut(&(*proto, *port)) {
                    uses.retain(|u| u.owner != owner);
                    if uses.is_empty() {
                        names.ports.remove(&(*proto, *port));
                    }
                }
            }
            BoundKey::Unix(k) => {
                if names.unix.get(k).is_some_and(|e| e.0 == owner) {
                    names.unix.remove(k);
                }
            }
        }
    }
}
