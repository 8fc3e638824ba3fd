//! A listening stream socket's accept backlog.
//!
//! `connect` creates both ends of the connection at once and queues the accepting end here;
//! the client is connected from that moment (it may send before the server accepts, as with a
//! Linux backlog). A full backlog makes connectors wait (or `EAGAIN` when non-blocking) until
//! `accept` frees a slot. Closing the listener resets the connections still queued.

use std::collections::VecDeque;
use std::sync::Arc;

use parking_lot::Mutex;

use crate::error::{Errno, Result};
use crate::net::socket::{Origin, Socket};
use crate::poll::{block_on, Io, Readiness, WaitQueue};

/// The most connections a backlog holds, whatever `listen` asks (Linux's `SOMAXCONN`).
pub const SOMAXCONN: usize = 4096;

struct State {
    pending: VecDeque<Arc<Socket>>,
    max: usize,
    closed: bool,
}

/// The accept queue of one listening socket.
pub struct Listener {
    state: Mutex<State>,
    /// The listening socket's queue: told when the backlog becomes non-empty.
    queue: Arc<WaitQueue>,
    /// Connectors waiting for a free slot: told when the backlog stops being full or closes.
    space: WaitQueue,
    /// What accepted sockets inherit from the listening one.
    pub(crate) origin: Origin,
}

impl Listener {
    /// A backlog of `backlog` connections (clamped to `1..=SOMAXCONN`) announcing new
    /// connections on `queue`.
    pub(crate) fn new(backlog: i32, queue: Arc<WaitQueue>, origin: Origin) -> Arc<Listener> {
        Arc::new(Listener {
            state: Mutex::new(State { pending: VecDeque::new(), max: clamp(backlog), closed: false }),
            queue,
            space: WaitQueue::new(),
            origin,
        })
    }

    /// A second `listen`: changes the backlog's size.
    pub(crate) fn set_backlog(&self, backlog: i32) {
        let grew = {
            let mut s = self.state.lock();
            let was_full = s.pending.len() >= s.max;
            s.max = clamp(backlog);
            was_full && s.pending.len() < s.max
        };
        if grew {
            self.space.notify(Readiness::WRITABLE);
        }
    }

    /// Readiness of the listening socket: readable while a connection waits.
    pub fn readiness(&self) -> Readiness {
        let s = self.state.lock();
        if s.pending.is_empty() {
            Readiness::NONE
        } else {
            Readiness::READABLE
        }
    }

    /// Connections waiting to be accepted.
    pub fn pending(&self) -> usize {
        self.state.lock().pending.len()
    }

    fn try_push(&self, conn: &Arc<Socket>) -> Result<bool> {
        let was_empty = {
            let mut s = self.state.lock();
            if s.closed {
                return Err(Errno::ECONNREFUSED.into());
            }
            if s.pending.len() >= s.max {
                return Ok(false);
            }
            s.pending.push_back(conn.clone());
            s.pending.len() == 1
        };
        if was_empty {
            self.queue.notify(Readiness::READABLE);
        }
        Ok(true)
    }

    /// Queues the accepting end of a new connection; waits for room unless `nonblocking`
    /// (`EAGAIN`). `ECONNREFUSED` once the listener is closed.
    pub(crate) fn push(&self, conn: &Arc<Socket>, nonblocking: bool, io: Io<'_>) -> Result<()> {
        if self.try_push(conn)? {
            return Ok(());
        }
        if nonblocking {
            return Err(Errno::EAGAIN.into());
        }
        block_on(io, &self.space, Readiness::WRITABLE, None, || Ok(self.try_push(conn)?.then_some(())))?;
        Ok(())
    }

    fn try_pop(&self) -> Option<Arc<Socket>> {
        let (conn, was_full) = {
            let mut s = self.state.lock();
            let was_full = s.pending.len() >= s.max;
            (s.pending.pop_front()?, was_full)
        };
        if was_full {
            self.space.notify(Readiness::WRITABLE);
        }
        Some(conn)
    }

    /// The oldest queued connection; waits for one unless `nonblocking` (`EAGAIN`).
    pub(crate) fn pop(&self, nonblocking: bool, io: Io<'_>) -> Result<Arc<Socket>> {
        if let Some(conn) = self.try_pop() {
            return Ok(conn);
        }
        if nonblocking {
            return Err(Errno::EAGAIN.into());
        }
        let conn = block_on(io, &self.queue, Readiness::READABLE, None, || Ok(self.try_pop()))?;
        Ok(conn.expect("waits without a deadline end with a value"))
    }

    /// Closes the backlog: later connects are refused, and the queued connections are
    /// returned for the caller to reset (outside any lock).
    pub(crate) fn close(&self) -> Vec<Arc<Socket>> {
        let pending = {
            let mut s = self.state.lock();
            s.closed = true;
            std::mem::take(&mut s.pending)
        };
        self.space.notify(Readiness::WRITABLE);
        pending.into()
    }
}

fn clamp(backlog: i32) -> usize {
    (backlog.max(1) as usize).min(SOMAXCONN)
}
