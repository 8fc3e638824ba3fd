//! Egress: outbound connections to addresses outside the VM, made on the host by the embedding
//! layer, and host-name lookups through the VM's policy.
//!
//! The kernel has no network of its own. The embedding lends it the host's by installing a
//! [`HostNet`] on the socket table ([`SocketTable::set_host_net`],
//! [`Kernel::set_host_net`](crate::Kernel::set_host_net)); without one, a connection the
//! policy allows fails with `ENETUNREACH`, as before.
//!
//! # Connections
//!
//! When a guest's stream `connect` goes to an address outside the VM and the policy allows it
//! ([`SocketTable::decide`]), the kernel makes an ordinary stream
//! [`Connection`] whose far end is an [`EgressConn`], and hands that to [`HostNet::connect`]
//! with the host address to reach ([`host_route`]: the host alias `10.0.2.2:PORT` becomes the
//! host's `127.0.0.1:PORT`, see [`policy`](super::policy)). The connection starts *connecting*:
//!
//! * a blocking `connect` waits until the embedding reports [`EgressConn::established`] or
//!   [`EgressConn::fail`] (and returns that errno: `ECONNREFUSED`, `ETIMEDOUT`,
//!   `EHOSTUNREACH`...); a signal interrupts it with `EINTR` while the attempt goes on;
//! * a non-blocking one returns `EINPROGRESS`; the socket becomes writable once established,
//!   or readable, writable, hung up and in error once failed, with the errno in `SO_ERROR`;
//!   meanwhile `connect` again is `EALREADY`, `getpeername` `ENOTCONN`, and sends and
//!   receives wait (`EAGAIN`). After a failure the socket can connect again.
//!
//! The guest's local address is [`UPLINK_V4`] (`10.0.2.15`, the guest address of QEMU's user
//! networking) or [`UPLINK_V6`], with an ephemeral port held in the VM's table; it cannot be
//! bound. UDP is not bridged: a datagram the policy allows to an address outside the VM fails
//! with `ENETUNREACH`.
//!
//! # The embedding's side
//!
//! An [`EgressConn`] moves bytes between the host socket and the guest's buffers with the
//! guest's stream semantics: [`EgressConn::poll_read`] takes what the guest sent (end of file
//! once it shut down writing or closed, `ECONNRESET` once if it closed with unread bytes),
//! [`EgressConn::poll_write`] puts host bytes in the guest's receive buffer, taking only what
//! fits (backpressure: data is never dropped; the VM's `socket_buffers` limit applies and
//! fails with `ENOBUFS`), [`EgressConn::shutdown_write`] gives the guest end of file after
//! what it has, [`EgressConn::reset`] gives it `ECONNRESET`, and [`EgressConn::poll_closed`]
//! tells when the guest can no longer receive. The `poll_*` calls register the task's waker on
//! the connection's wait queue: readiness edges, announced outside the connection's lock,
//! wake the task, so nothing polls on a timer. [`EgressConn::read`] and [`EgressConn::write`]
//! are blocking forms for thread-based embeddings. Dropping the handle closes the far end (a
//! connection never reported is failed with `ECONNABORTED`).
//!
//! # Name lookups
//!
//! [`SocketTable::resolve`] is the guests' `getaddrinfo`: IP literals parse, `localhost` (and
//! `*.localhost`) is the VM's loopback, [`HOST_ALIAS_NAME`] is [`HOST_ALIAS`], and any other
//! name is looked up with [`HostNet::resolve`] only when a rule names it
//! ([`NetPolicy::allows_lookup`](super::policy::NetPolicy::allows_lookup)); `EACCES`
//! otherwise, without asking the host. Each address found is kept only if
//! [`NetPolicy::decide_lookup`](super::policy::NetPolicy::decide_lookup) allows it, and
//! remembered with its name, so a later connect to it is judged as
//! [`NetPolicy::decide_resolved`](super::policy::NetPolicy::decide_resolved) would.

use std::collections::VecDeque;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;
use std::task::{Context, Poll};

use parking_lot::{Mutex, RwLock};

use crate::error::{Errno, Result};
use crate::net::policy::{canonical, Decision, HOST_ALIAS, HOST_ALIAS_NAME};
use crate::net::stream::Connection;
use crate::net::SocketTable;
use crate::poll::{Direction, Io, Readiness, SubKey, TaskWakers, WaitQueue};

/// The host network, as the embedding lends it to a kernel.
pub trait HostNet: Send + Sync {
    /// Starts a TCP connection to `addr` on the host for the guest connection `conn`, without
    /// blocking: the embedding reports [`EgressConn::established`] or [`EgressConn::fail`],
    /// then moves bytes both ways until either side is done. The policy has allowed it and
    /// the host alias is already mapped (`addr` is what to dial).
    fn connect(&self, addr: SocketAddr, conn: EgressConn);

    /// Looks `name` up with the host's resolver (the policy has allowed it). May block the
    /// calling guest thread; `ENOENT` when the name does not exist, `EAGAIN` when the
    /// resolver failed or timed out.
    fn resolve(&self, name: &str) -> std::result::Result<Vec<IpAddr>, Errno>;
}

/// The local address of a guest's IPv4 egress connection (QEMU's guest address).
pub const UPLINK_V4: Ipv4Addr = Ipv4Addr::new(10, 0, 2, 15);
/// The local address of a guest's IPv6 egress connection.
pub const UPLINK_V6: Ipv6Addr = Ipv6Addr::new(0xfec0, 0, 0, 0, 0, 0, 0, 0x15);

/// How many looked-up addresses a VM remembers with their names (the oldest are forgotten).
const REMEMBERED: usize = 4096;

/// A socket table's egress state: the host network, and the addresses lookups handed out.
#[derive(Default)]
pub(crate) struct Egress {
    host: RwLock<Option<Arc<dyn HostNet>>>,
    resolved: Mutex<VecDeque<(IpAddr, String)>>,
}

impl Egress {
    fn remember(&self, ip: IpAddr, name: &str) {
        let mut resolved = self.resolved.lock();
        if resolved.iter().any(|(i, n)| *i == ip && n == name) {
            return;
        }
        if resolved.len() >= REMEMBERED {
            resolved.pop_front();
        }
        resolved.push_back((ip, name.to_string()));
    }

    fn names_of(&self, ip: IpAddr) -> Vec<String> {
        self.resolved.lock().iter().filter(|(i, _)| *i == ip).map(|(_, n)| n.clone()).collect()
    }
}

/// Where on the host a connection to `dest` (outside the VM) goes: the host alias
/// `10.0.2.2:PORT` is the host's `127.0.0.1:PORT`; any other address is itself.
pub fn host_route(dest: SocketAddr) -> SocketAddr {
    let ip = canonical(dest.ip());
    if ip == IpAddr::V4(HOST_ALIAS) {
        return SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), dest.port());
    }
    SocketAddr::new(ip, dest.port())
}

/// The guest's local address for an egress connection to `dest` (canonical).
pub(crate) fn uplink(dest: IpAddr) -> IpAddr {
    match dest {
        IpAddr::V4(_) => IpAddr::V4(UPLINK_V4),
        IpAddr::V6(_) => IpAddr::V6(UPLINK_V6),
    }
}

impl SocketTable {
    /// Lends this VM the host's network (`None`: takes it back; connections already made
    /// are not affected).
    pub fn set_host_net(&self, net: Option<Arc<dyn HostNet>>) {
        *self.egress.host.write() = net;
    }

    /// The host network lent to this VM, if any.
    pub fn host_net(&self) -> Option<Arc<dyn HostNet>> {
        self.egress.host.read().clone()
    }

    /// The egress decision for a connection to `dest` outside the VM: the policy's, or, for
    /// an address a lookup handed out, the policy's for the name it came from.
    pub fn decide(&self, dest: SocketAddr) -> Decision {
        let policy = self.policy();
        let decision = policy.decide(dest);
        if decision == Decision::Allow {
            return decision;
        }
        let by_name = self
            .egress
            .names_of(canonical(dest.ip()))
            .iter()
            .any(|name| policy.decide_resolved(name, dest) == Decision::Allow);
        if by_name {
            Decision::Allow
        } else {
            decision
        }
    }

    /// Resolves `name` for a guest (to connect to `port`, or `None` without a port): see the
    /// [module documentation](self). `EINVAL` for a malformed name, `EACCES` when no rule names
    /// it (or every address it has is denied), `ENETUNREACH` without a host network, and the
    /// resolver's `ENOENT` or `EAGAIN`.
    pub fn resolve(&self, name: &str, port: Option<u16>) -> Result<Vec<IpAddr>> {
        let _span = tracing::debug_span!("resolve", name, ?port).entered();
        if let Ok(ip) = name.parse::<IpAddr>() {
            return Ok(vec![ip]);
        }
        let lower = name.trim_end_matches('.').to_ascii_lowercase();
        let valid = !lower.is_empty()
            && lower.len() <= 253
            && lower.split('.').all(|l| !l.is_empty() && l.len() <= 63)
            && lower.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'.');
        if !valid {
            return Err(Errno::EINVAL.into());
        }
        if lower == "localhost" || lower.ends_with(".localhost") {
            return Ok(vec![IpAddr::V4(Ipv4Addr::LOCALHOST), IpAddr::V6(Ipv6Addr::LOCALHOST)]);
        }
        if lower == HOST_ALIAS_NAME {
            return Ok(vec![IpAddr::V4(HOST_ALIAS)]);
        }
        let policy = self.policy();
        if !policy.allows_lookup(&lower, port) {
            tracing::debug!("lookup denied: no rule names the host");
            return Err(Errno::EACCES.into());
        }
        let host = self.host_net().ok_or(Errno::ENETUNREACH)?;
        let found = host.resolve(&lower)?;
        if found.is_empty() {
            return Err(Errno::ENOENT.into());
        }
        let mut allowed = Vec::with_capacity(found.len());
        for ip in found {
            match policy.decide_lookup(&lower, ip, port) {
                Decision::Allow => {
                    self.egress.remember(canonical(ip), &lower);
                    if !allowed.contains(&ip) {
                        allowed.push(ip);
                    }
                }
                Decision::Deny(reason) => tracing::debug!(%ip, %reason, "looked-up address denied"),
            }
        }
        if allowed.is_empty() {
            return Err(Errno::EACCES.into());
        }
        Ok(allowed)
    }
}

/// The embedding's end of a guest's outbound connection (see the
/// [module documentation](self)).
pub struct EgressConn {
    conn: Arc<Connection>,
    queue: Arc<WaitQueue>,
    wakers: Arc<TaskWakers>,
    sub: SubKey,
    dest: SocketAddr,
}

/// The embedding's end of a connection.
const END: usize = 1;

impl EgressConn {
    /// The far end of `conn` (end 1), announcing its readiness on `queue`; `dest` is where
    /// the guest connected.
    pub(crate) fn new(conn: Arc<Connection>, queue: Arc<WaitQueue>, dest: SocketAddr) -> EgressConn {
        let (wakers, sub) = TaskWakers::subscribe(&queue);
        EgressConn { conn, queue, wakers, sub, dest }
    }

    /// The address the guest connected to (the host alias, not what it maps to).
    pub fn guest_dest(&self) -> SocketAddr {
        self.dest
    }

    /// The host connection is made: the guest's `connect` completes.
    pub fn established(&self) {
        self.conn.establish();
    }

    /// The host connection could not be made: the guest's `connect` fails with `errno`.
    pub fn fail(&self, errno: Errno) {
        self.conn.fail(errno);
    }

    /// Readiness of this end: `READABLE` (guest data, end of file or an error to read),
    /// `WRITABLE` (room in the guest's buffer, or a write would fail), `HANGUP`, `ERROR`.
    pub fn readiness(&self) -> Readiness {
        self.conn.readiness(END)
    }

    /// Takes what the guest sent, at most `buf.len()` bytes: `Ready(Ok(0))` at end of file,
    /// `ECONNRESET` once if the guest closed with unread bytes; `Pending` (the task is woken)
    /// while there is nothing.
    pub fn poll_read(&self, cx: &mut Context<'_>, buf: &mut [u8]) -> Poll<Result<usize>> {
        if buf.is_empty() {
            return Poll::Ready(Ok(0));
        }
        if let Some(n) = self.conn.try_recv(END, buf, false)? {
            return Poll::Ready(Ok(n));
        }
        self.wakers.register(Direction::Read, cx);
        match self.conn.try_recv(END, buf, false)? {
            Some(n) => Poll::Ready(Ok(n)),
            None => Poll::Pending,
        }
    }

    /// Puts as much of `data` as fits into the guest's receive buffer; `Pending` (the task is
    /// woken) while it is full. `EPIPE` once the guest closed, `ECONNRESET` once after it
    /// reset the connection, `ENOBUFS` past the VM's socket-buffer limit.
    pub fn poll_write(&self, cx: &mut Context<'_>, data: &[u8]) -> Poll<Result<usize>> {
        if data.is_empty() {
            return Poll::Ready(Ok(0));
        }
        let n = self.conn.try_send(END, data)?;
        if n > 0 {
            return Poll::Ready(Ok(n));
        }
        self.wakers.register(Direction::Write, cx);
        match self.conn.try_send(END, data)? {
            0 => Poll::Pending,
            n => Poll::Ready(Ok(n)),
        }
    }

    /// `Ready` once the guest can no longer receive (it closed its socket, or reset the
    /// connection): a host read that waits for data can stop.
    pub fn poll_closed(&self, cx: &mut Context<'_>) -> Poll<()> {
        if self.conn.peer_gone(END) {
            return Poll::Ready(());
        }
        self.wakers.register(Direction::Closed, cx);
        if self.conn.peer_gone(END) {
            Poll::Ready(())
        } else {
            Poll::Pending
        }
    }

    /// Whether the guest can no longer receive (see [`EgressConn::poll_closed`]).
    pub fn is_closed(&self) -> bool {
        self.conn.peer_gone(END)
    }

    /// Blocking [`EgressConn::poll_read`].
    pub fn read(&self, buf: &mut [u8]) -> Result<usize> {
        self.conn.recv(END, buf, false, false, Io::HOST)
    }

    /// Blocking write of all of `data` into the guest's receive buffer, waiting for room.
    pub fn write(&self, data: &[u8]) -> Result<usize> {
        self.conn.send(END, data, false, Io::HOST)
    }

    /// The host shut down writing: the guest reads end of file after what it has.
    pub fn shutdown_write(&self) {
        self.conn.shutdown(END, false, true);
    }

    /// The host connection was reset: the guest reads what it has, then `ECONNRESET`; reads
    /// here return end of file from now on.
    pub fn reset(&self) {
        self.conn.shutdown(END, true, false);
        self.conn.close(END, true);
    }

    /// The wait queue this end's readiness edges are announced on (for embeddings that wait
    /// their own way).
    pub fn wait_queue(&self) -> &WaitQueue {
        &self.queue
    }
}

impl Drop for EgressConn {
    fn drop(&mut self) {
        self.queue.unsubscribe(self.sub);
        self.conn.fail(Errno::ECONNABORTED);
        self.conn.close(END, false);
    }
}

impl std::fmt::Debug for EgressConn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EgressConn").field("dest", &self.dest).field("readiness", &self.readiness()).finish()
    }
}
