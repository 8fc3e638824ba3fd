//! Host access to a VM's sockets: the embedding layer reaches a guest's TCP listener without a
//! guest process, and waits for a listener to appear.
//!
//! [`Kernel::connect_from_host`] makes a connection exactly as a guest's blocking `connect`
//! does (the same [`Socket`], the same backlog, an ephemeral local port in the VM, `ECONNREFUSED`
//! when nothing listens); the host keeps the connecting end as a [`HostStream`], whose blocking
//! calls sleep on the socket's [`WaitQueue`] like a guest's do, with optional deadlines.
//! [`Kernel::wait_for_listener`] sleeps on the socket table's listen queue, which every
//! successful inet `listen` notifies: no polling on a timer.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use parking_lot::Mutex;

use crate::error::{Errno, Result};
use crate::fd::File;
use crate::kernel::Kernel;
use crate::net::addr::{self, Domain, SockAddr, SockType};
use crate::net::socket::{Dest, MsgFlags, Shutdown, Socket};
use crate::poll::{block_on, Io, Readiness, WaitQueue};

/// The host's end of a stream connection into a VM: blocking reads and writes (with optional
/// timeouts), shutdown and readiness.
///
/// Clones share the connection (like duplicated descriptors): it closes when the last one is
/// dropped, resetting the guest's end if bytes sent to the host were left unread, as closing a
/// socket does. A read blocked on one clone returns once another shuts reading down.
#[derive(Clone)]
pub struct HostStream {
    socket: Arc<Socket>,
    timeouts: Arc<Mutex<Timeouts>>,
}

#[derive(Clone, Copy, Default)]
struct Timeouts {
    read: Option<Duration>,
    write: Option<Duration>,
}

/// The instant `timeout` from now (`None`: never, also when it overflows).
fn deadline(timeout: Option<Duration>) -> Option<Instant> {
    timeout.and_then(|t| Instant::now().checked_add(t))
}

/// `addr` as a connection to it is routed inside the VM: canonical, the unspecified address
/// meaning loopback.
fn route(addr: SocketAddr) -> SocketAddr {
    let addr = addr::canonical(addr);
    SocketAddr::new(addr::destination_ip(addr.ip()), addr.port())
}

impl Kernel {
    /// Connects from the host to the TCP listener at `addr` in this VM (a loopback or
    /// unspecified address: the VM has no other), as a guest's blocking `connect` would: the
    /// connection is queued on the listener's backlog (waiting while it is full) and usable at
    /// once, before the guest accepts it; the guest sees a peer on `127.0.0.1` (or `::1`) with
    /// an ephemeral port. `ECONNREFUSED` when nothing listens there, `EADDRNOTAVAIL` for an
    /// address outside the VM.
    pub fn connect_from_host(&self, addr: SocketAddr) -> Result<HostStream> {
        let _span = tracing::debug_span!("host_connect", %addr).entered();
        if !addr::is_local_destination(addr.ip()) {
            return Err(Errno::EADDRNOTAVAIL.into());
        }
        let addr = route(addr);
        let domain = if addr.is_ipv4() { Domain::Inet } else { Domain::Inet6 };
        let socket = Socket::new(self.sockets(), domain, SockType::Stream, false);
        match socket.connect(Dest::Inet(addr), Io::HOST) {
            Ok(()) => {
                tracing::debug!(local = %socket.local_addr(), "connected");
                Ok(HostStream { socket, timeouts: Arc::default() })
            }
            Err(e) => {
                tracing::debug!(errno = ?e.errno(), "connect failed");
                Err(e)
            }
        }
    }

    /// Waits until a TCP listener in this VM accepts connections to `addr` (one bound to that
    /// address or to a wildcard covering it); `ETIMEDOUT` after `timeout`. Woken by the
    /// guest's `listen` itself.
    pub fn wait_for_listener(&self, addr: SocketAddr, timeout: Duration) -> Result<()> {
        let table = self.sockets();
        let addr = route(addr);
        let listening = || Ok(table.is_listening(addr).then_some(()));
        let found = block_on(Io::HOST, table.listen_queue(), Readiness::READABLE, deadline(Some(timeout)), listening)?;
        found.ok_or_else(|| Errno::ETIMEDOUT.into())
    }
}

impl HostStream {
    fn queue(&self) -> &WaitQueue {
        self.socket.wait_queue().expect("sockets have a wait queue")
    }

    /// Reads what the guest sent (at most `buf.len()` bytes), waiting while nothing is there;
    /// 0 at end of file (the guest shut down writing or closed). `ECONNRESET` once if the guest
    /// closed with unread bytes, `ETIMEDOUT` past the read timeout.
    pub fn read(&self, buf: &mut [u8]) -> Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        let interest = Readiness::READABLE | Readiness::HANGUP | Readiness::ERROR;
        let attempt = || match self.socket.recv_from(buf, MsgFlags::DONTWAIT, Io::HOST) {
            Ok(meta) => Ok(Some(meta.len)),
            Err(e) if e == Errno::EAGAIN => Ok(None),
            Err(e) => Err(e),
        };
        // Read the timeout in its own statement: a guard in the call would be held while waiting.
        let until = deadline(self.timeouts.lock().read);
        let read = block_on(Io::HOST, self.queue(), interest, until, attempt)?;
        read.ok_or_else(|| Errno::ETIMEDOUT.into())
    }

    /// Writes as much of `data` as the connection's buffer takes, waiting while it is full;
    /// returns the bytes written. `EPIPE` once writing is shut down or the guest's end is
    /// closed, `ECONNRESET` once after a reset, `ETIMEDOUT` past the write timeout; the VM's
    /// `socket_buffers` limit applies.
    pub fn write(&self, data: &[u8]) -> Result<usize> {
        if data.is_empty() {
            return self.socket.send_to(data, None, MsgFlags::DONTWAIT, Io::HOST);
        }
        let interest = Readiness::WRITABLE | Readiness::HANGUP | Readiness::ERROR;
        let attempt = || match self.socket.send_to(data, None, MsgFlags::DONTWAIT, Io::HOST) {
            Ok(n) => Ok(Some(n)),
            Err(e) if e == Errno::EAGAIN => Ok(None),
            Err(e) => Err(e),
        };
        let until = deadline(self.timeouts.lock().write);
        let written = block_on(Io::HOST, self.queue(), interest, until, attempt)?;
        written.ok_or_else(|| Errno::ETIMEDOUT.into())
    }

    /// Writes all of `data` (see [`HostStream::write`]).
    pub fn write_all(&self, mut data: &[u8]) -> Result<()> {
        while !data.is_empty() {
            let n = self.write(data)?;
            data = &data[n..];
        }
        Ok(())
    }

    /// Shuts down reading, writing or both: after `Write` the guest reads end of file once it
    /// has read what was sent, while the other direction keeps working; after `Read` reads
    /// return 0 once the buffer is drained (a blocked read returns at once).
    pub fn shutdown(&self, how: Shutdown) -> Result<()> {
        self.socket.shutdown(how)
    }

    /// What the stream can do now: `READABLE` (data, end of file or an error to read),
    /// `WRITABLE` (room to write, or a write would fail), `HANGUP` (both directions finished),
    /// `ERROR` (a pending error).
    pub fn readiness(&self) -> Readiness {
        self.socket.readiness()
    }

    /// Waits until the stream is ready for any condition of `interest` (`HANGUP` and `ERROR`
    /// always count) and returns its readiness; an empty readiness after `timeout`.
    pub fn wait(&self, interest: Readiness, timeout: Option<Duration>) -> Readiness {
        let interest = interest | Readiness::HANGUP | Readiness::ERROR;
        let ready = || {
            let r = self.readiness();
            Ok(r.intersects(interest).then_some(r))
        };
        match block_on(Io::HOST, self.queue(), interest, deadline(timeout), ready) {
            Ok(Some(r)) => r,
            _ => Readiness::NONE,
        }
    }

    /// The wait queue notified on every rising edge of the stream's readiness, for callers
    /// that wait their own way (an async task's waker, an event loop's callback).
    pub fn wait_queue(&self) -> &WaitQueue {
        self.queue()
    }

    /// How long a read may wait (`None`: no limit, the default).
    pub fn set_read_timeout(&self, timeout: Option<Duration>) {
        self.timeouts.lock().read = timeout;
    }

    /// How long a write may wait for room (`None`: no limit, the default).
    pub fn set_write_timeout(&self, timeout: Option<Duration>) {
        self.timeouts.lock().write = timeout;
    }

    /// The read timeout.
    pub fn read_timeout(&self) -> Option<Duration> {
        self.timeouts.lock().read
    }

    /// The write timeout.
    pub fn write_timeout(&self) -> Option<Duration> {
        self.timeouts.lock().write
    }

    /// The host end's address inside the VM (what the guest's `accept` reports as the peer).
    pub fn local_addr(&self) -> SocketAddr {
        inet(self.socket.local_addr())
    }

    /// The guest listener's address the connection reached.
    pub fn peer_addr(&self) -> SocketAddr {
        inet(self.socket.peer_addr().expect("host streams stay connected"))
    }
}

impl std::fmt::Debug for HostStream {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HostStream").field("local", &self.local_addr()).field("peer", &self.peer_addr()).finish()
    }
}

fn inet(a: SockAddr) -> SocketAddr {
    a.inet().expect("host streams are inet sockets")
}
