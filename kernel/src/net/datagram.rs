//! Datagram sockets' receive queues (UDP over loopback, unix datagram sockets).
//!
//! Each datagram keeps its boundaries and its sender's address. A queue holds at most its
//! `SO_RCVBUF` bytes of payload (one datagram always fits an empty queue). When it is full, a
//! UDP datagram is dropped (the newest one, as UDP may), while a unix datagram sender waits
//! (or gets `EAGAIN`), as on Linux. A receive buffer smaller than the datagram gets its first
//! bytes, the rest is discarded, and the datagram's real length is reported (`MSG_TRUNC`).

use std::collections::VecDeque;
use std::sync::Arc;

use parking_lot::Mutex;

use crate::error::{Errno, Result};
use crate::limits::Counter;
use crate::net::addr::SockAddr;
use crate::poll::{block_on, Io, Readiness, WaitQueue};

/// The largest UDP payload (IPv4's limit; IPv6's jumbograms are not modelled).
pub const UDP_MAX_PAYLOAD: usize = 65507;

struct Datagram {
    data: Box<[u8]>,
    from: SockAddr,
}

struct State {
    queue: VecDeque<Datagram>,
    bytes: usize,
    rcvbuf: usize,
    rd_shut: bool,
    closed: bool,
    /// A connected socket receives only from its peer.
    only_from: Option<Filter>,
}

impl State {
    fn has_room(&self, len: usize) -> bool {
        self.queue.is_empty() || self.bytes + len <= self.rcvbuf
    }
}

/// What one `recv` of a datagram got.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecvMeta {
    /// Bytes copied into the buffer.
    pub len: usize,
    /// The datagram's full length (more than `len` when it was truncated: `MSG_TRUNC`).
    pub full_len: usize,
    /// The sender, if the socket is not a stream and a datagram was read.
    pub from: Option<SockAddr>,
}

/// Whom a connected datagram socket receives from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Filter {
    /// A UDP peer's address (canonical).
    Addr(SockAddr),
    /// A unix peer: the socket with this id.
    Owner(u64),
}

impl Filter {
    fn admits(&self, from: &SockAddr, sender: u64) -> bool {
        match self {
            Filter::Addr(a) => a == from,
            Filter::Owner(id) => *id == sender,
        }
    }
}

/// How a full queue treats a new datagram.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum WhenFull {
    /// Drop it (UDP).
    Drop,
    /// Make the sender wait, or `EAGAIN` (unix).
    Wait { nonblocking: bool },
}

/// The receive queue of one datagram socket.
pub struct DgramQueue {
    state: Mutex<State>,
    /// The owning socket's queue: told when the queue becomes non-empty.
    queue: Arc<WaitQueue>,
    /// Senders waiting for room: told whenever a datagram leaves.
    space: WaitQueue,
    charge: Arc<Counter>,
    /// The id of the owning socket (unix peers filter on it).
    owner: u64,
}

impl Drop for DgramQueue {
    fn drop(&mut self) {
        self.charge.release(self.state.get_mut().bytes as u64);
    }
}

impl DgramQueue {
    /// An empty queue of `rcvbuf` bytes for the socket `owner`, announcing arrivals on `queue`.
    pub(crate) fn new(owner: u64, rcvbuf: usize, queue: Arc<WaitQueue>, charge: Arc<Counter>) -> Arc<DgramQueue> {
        Arc::new(DgramQueue {
            state: Mutex::new(State {
                queue: VecDeque::new(),
                bytes: 0,
                rcvbuf,
                rd_shut: false,
                closed: false,
                only_from: None,
            }),
            queue,
            space: WaitQueue::new(),
            charge,
            owner,
        })
    }

    /// The id of the owning socket.
    pub(crate) fn owner(&self) -> u64 {
        self.owner
    }

    /// The queue senders wait on for room (connected unix senders forward it as writability).
    pub(crate) fn space_queue(&self) -> &WaitQueue {
        &self.space
    }

    /// Readiness of the owning socket's receive side.
    pub fn readiness(&self) -> Readiness {
        let s = self.state.lock();
        if !s.queue.is_empty() || s.rd_shut {
            Readiness::READABLE
        } else {
            Readiness::NONE
        }
    }

    /// Whether a sender would find room now.
    pub(crate) fn has_room(&self) -> bool {
        let s = self.state.lock();
        !s.closed && s.has_room(1)
    }

    /// The length of the next datagram, or 0 when none is queued (Linux's `FIONREAD` on a
    /// datagram socket).
    pub fn next_len(&self) -> usize {
        self.state.lock().queue.front().map_or(0, |d| d.data.len())
    }

    /// Datagrams queued.
    pub fn len(&self) -> usize {
        self.state.lock().queue.len()
    }

    /// Whether nothing is queued.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub(crate) fn set_rcvbuf(&self, n: usize) {
        self.state.lock().rcvbuf = n;
        self.space.notify(Readiness::WRITABLE);
    }

    pub(crate) fn set_only_from(&self, peer: Option<Filter>) {
        self.state.lock().only_from = peer;
    }

    pub(crate) fn shutdown_read(&self) {
        let was = {
            let mut s = self.state.lock();
            std::mem::replace(&mut s.rd_shut, true)
        };
        if !was {
            self.queue.notify(Readiness::READABLE);
        }
    }

    /// The owner closed: later datagrams are refused, queued ones freed.
    pub(crate) fn close(&self) {
        {
            let mut s = self.state.lock();
            s.closed = true;
            let freed = std::mem::take(&mut s.bytes);
            s.queue.clear();
            self.charge.release(freed as u64);
        }
        self.space.notify(Readiness::WRITABLE);
    }

    /// One attempt to queue: `Some(())` when done (or dropped), `None` to wait for room.
    fn try_deliver(&self, data: &[u8], from: &SockAddr, sender: u64, full: WhenFull) -> Result<Option<()>> {
        let was_empty = {
            let mut s = self.state.lock();
            if s.closed {
                return Err(Errno::ECONNREFUSED.into());
            }
            if s.only_from.as_ref().is_some_and(|f| !f.admits(from, sender)) {
                return match full {
                    WhenFull::Drop => Ok(Some(())),
                    WhenFull::Wait { .. } => Err(Errno::EPERM.into()),
                };
            }
            if !s.has_room(data.len()) {
                return match full {
                    WhenFull::Drop => Ok(Some(())),
                    WhenFull::Wait { .. } => Ok(None),
                };
            }
            self.charge.charge(data.len() as u64)?;
            s.bytes += data.len();
            s.queue.push_back(Datagram { data: data.into(), from: from.clone() });
            s.queue.len() == 1
        };
        if was_empty {
            self.queue.notify(Readiness::READABLE);
        }
        Ok(Some(()))
    }

    /// Queues `data` from `from` (the socket `sender`). `ECONNREFUSED` when the owner is gone,
    /// `EPERM` (unix) when it is connected to another socket.
    pub(crate) fn deliver(&self, data: &[u8], from: &SockAddr, sender: u64, full: WhenFull, io: Io<'_>) -> Result<()> {
        if self.try_deliver(data, from, sender, full)?.is_some() {
            return Ok(());
        }
        if matches!(full, WhenFull::Wait { nonblocking: true }) {
            return Err(Errno::EAGAIN.into());
        }
        block_on(io, &self.space, Readiness::WRITABLE, None, || self.try_deliver(data, from, sender, full))?;
        Ok(())
    }

    fn try_recv(&self, out: &mut [u8], peek: bool) -> Option<RecvMeta> {
        let mut s = self.state.lock();
        let Some(front) = s.queue.front() else {
            return s.rd_shut.then_some(RecvMeta { len: 0, full_len: 0, from: None });
        };
        let full_len = front.data.len();
        let len = full_len.min(out.len());
        out[..len].copy_from_slice(&front.data[..len]);
        if peek {
            return Some(RecvMeta { len, full_len, from: Some(front.from.clone()) });
        }
        let d = s.queue.pop_front().expect("the front was just seen");
        s.bytes -= full_len;
        drop(s);
        self.charge.release(full_len as u64);
        self.space.notify(Readiness::WRITABLE);
        Some(RecvMeta { len, full_len, from: Some(d.from) })
    }

    /// Takes (or with `peek` copies) the oldest datagram; waits for one unless `nonblocking`
    /// (`EAGAIN`). After `SHUT_RD` an empty queue reads as 0 bytes.
    pub(crate) fn recv(&self, out: &mut [u8], peek: bool, nonblocking: bool, io: Io<'_>) -> Result<RecvMeta> {
        if let Some(m) = self.try_recv(out, peek) {
            return Ok(m);
        }
        if nonblocking {
            return Err(Errno::EAGAIN.into());
        }
        let m = block_on(io, &self.queue, Readiness::READABLE, None, || Ok(self.try_recv(out, peek)))?;
        Ok(m.expect("waits without a deadline end with a value"))
    }
}
