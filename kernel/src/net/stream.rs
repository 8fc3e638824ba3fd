//! Stream connections (TCP over loopback, unix stream sockets): a pair of bounded byte buffers
//! between two ends, under one lock per connection.
//!
//! Buffer `rx[i]` holds the bytes on their way to end `i`. It is bounded by end `i`'s
//! `SO_RCVBUF` plus the sending end's `SO_SNDBUF` (the bytes a Linux socket pair can hold in
//! flight); a sender blocks (or gets `EAGAIN`) when it is full and data is never dropped.
//!
//! Every change computes both ends' [`Readiness`] before and after, under the lock, and after
//! releasing it notifies each end's wait queue of the conditions that became true: every
//! rising edge (empty to non-empty, full to not-full, end of file, hang-up, error) is
//! announced exactly when it happens, and blocked calls wait for precisely those conditions.
//!
//! Semantics: `SHUT_WR` gives the peer end of file after the buffered bytes while the other
//! direction keeps working; `SHUT_RD` makes `recv` return 0 once the buffer is drained (bytes
//! still arriving are kept, as on Linux). Closing an end that has unread bytes resets the
//! connection: the peer reads what it already has, then gets `ECONNRESET` once (also on
//! `send`, or through `SO_ERROR`), then end of file on `recv` and `EPIPE` on `send`. Closing
//! without unread bytes gives the peer end of file, and `EPIPE` on its next `send` (Linux
//! lets one more send through before the peer's reset; here the peer is known to be gone).
//!
//! An outbound connection (see [`super::egress`]) starts *connecting*: neither end is ready for
//! anything and sends and receives wait, until the embedding reports it established (end 0
//! becomes writable) or failed (end 0 gets the error, as `SO_ERROR` and on its next call, and
//! is hung up; what it had sent is discarded).

use std::collections::VecDeque;
use std::sync::Arc;

use parking_lot::{Mutex, MutexGuard};

use crate::error::{Errno, Result};
use crate::limits::Counter;
use crate::poll::{block_on, Io, Readiness, WaitQueue};

/// One direction of a connection.
#[derive(Default)]
struct Half {
    buf: VecDeque<u8>,
    /// The sending end shut down writing or closed: the receiver reads end of file after `buf`.
    eof: bool,
    /// The receiving end shut down reading.
    rd_shut: bool,
}

struct State {
    /// `rx[i]`: bytes on their way to end `i`.
    rx: [Half; 2],
    /// Whether end `i` is still open.
    open: [bool; 2],
    /// End `i` was reset by its peer: it reads end of file and gets `EPIPE` once the pending
    /// error has been reported.
    reset: [bool; 2],
    /// The error end `i` reports next (`ECONNRESET`), taken by `recv`, `send` or `SO_ERROR`.
    error: [Option<Errno>; 2],
    rcvbuf: [usize; 2],
    sndbuf: [usize; 2],
    /// An outbound connection the embedding has not finished making: nothing is ready.
    connecting: bool,
    /// Why an outbound connection could not be made.
    failed: Option<Errno>,
}

impl State {
    /// How many bytes `rx[to]` may hold.
    fn capacity(&self, to: usize) -> usize {
        self.rcvbuf[to] + self.sndbuf[1 - to]
    }

    fn space(&self, to: usize) -> usize {
        self.capacity(to).saturating_sub(self.rx[to].buf.len())
    }

    /// Free space from which the sender towards `to` counts as writable: a quarter of the
    /// buffer, so a writer woken by a reader has room for a real chunk.
    fn low_water(&self, to: usize) -> usize {
        (self.capacity(to) / 4).max(1)
    }

    /// Whether a `send` from `end` would fail instead of waiting.
    fn send_fails(&self, end: usize) -> bool {
        self.error[end].is_some() || self.reset[end] || self.rx[1 - end].eof || !self.open[1 - end]
    }

    fn readiness(&self, end: usize) -> Readiness {
        if self.connecting {
            return Readiness::NONE;
        }
        let rx = &self.rx[end];
        let mut r = Readiness::NONE;
        if !rx.buf.is_empty() || rx.eof || rx.rd_shut || self.reset[end] || self.error[end].is_some() {
            r |= Readiness::READABLE;
        }
        if self.send_fails(end) || self.space(1 - end) >= self.low_water(1 - end) {
            r |= Readiness::WRITABLE;
        }
        let write_done = self.rx[1 - end].eof || !self.open[1 - end];
        if self.reset[end] || (rx.eof && write_done) {
            r |= Readiness::HANGUP;
        }
        if self.error[end].is_some() {
            r |= Readiness::ERROR;
        }
        r
    }
}

/// Rising edges of both ends, to notify once the lock is released.
#[must_use]
struct Edges([Readiness; 2]);

/// A connection between two stream ends, `0` (the connecting side) and `1` (the accepted side).
pub struct Connection {
    state: Mutex<State>,
    queues: [Arc<WaitQueue>; 2],
    charge: Arc<Counter>,
}

impl Drop for Connection {
    fn drop(&mut self) {
        let s = self.state.get_mut();
        let held = s.rx[0].buf.len() + s.rx[1].buf.len();
        self.charge.release(held as u64);
    }
}

impl Connection {
    /// A connection whose ends announce readiness on `queues`, with buffer bounds `bufs[i] =
    /// (rcvbuf, sndbuf)` of end `i`, charging buffered bytes to `charge`.
    pub(crate) fn new(queues: [Arc<WaitQueue>; 2], bufs: [(usize, usize); 2], charge: Arc<Counter>) -> Arc<Connection> {
        Self::build(queues, bufs, charge, false)
    }

    /// Like [`Connection::new`], for an outbound connection that is still being made: end 0 is
    /// the guest's, end 1 the embedding's, and nothing flows until [`Connection::establish`].
    pub(crate) fn outbound(
        queues: [Arc<WaitQueue>; 2],
        bufs: [(usize, usize); 2],
        charge: Arc<Counter>,
    ) -> Arc<Connection> {
        Self::build(queues, bufs, charge, true)
    }

    fn build(
        queues: [Arc<WaitQueue>; 2],
        bufs: [(usize, usize); 2],
        charge: Arc<Counter>,
        connecting: bool,
    ) -> Arc<Connection> {
        Arc::new(Connection {
            state: Mutex::new(State {
                rx: Default::default(),
                open: [true; 2],
                reset: [false; 2],
                error: [None; 2],
                rcvbuf: [bufs[0].0, bufs[1].0],
                sndbuf: [bufs[0].1, bufs[1].1],
                connecting,
                failed: None,
            }),
            queues,
            charge,
        })
    }

    /// Whether this outbound connection is still being made.
    pub(crate) fn is_connecting(&self) -> bool {
        self.state.lock().connecting
    }

    /// Why this outbound connection could not be made, if it could not.
    pub(crate) fn failure(&self) -> Option<Errno> {
        self.state.lock().failed
    }

    /// The outbound connection is made: data flows, end 0 becomes writable.
    pub(crate) fn establish(&self) {
        let (mut s, before) = self.lock();
        if !s.connecting {
            return;
        }
        s.connecting = false;
        let edges = Self::edges(&s, before);
        drop(s);
        self.announce(edges);
    }

    /// The outbound connection could not be made: end 0 gets `errno` (once, by its next call
    /// or `SO_ERROR`), then end of file and `EPIPE`; what it sent is discarded. End 1 is gone.
    pub(crate) fn fail(&self, errno: Errno) {
        let (mut s, before) = self.lock();
        if !s.connecting {
            return;
        }
        s.connecting = false;
        s.failed = Some(errno);
        s.error[0] = Some(errno);
        s.reset[0] = true;
        s.open[1] = false;
        s.rx[0].eof = true;
        let unsent = std::mem::take(&mut s.rx[1].buf);
        self.charge.release(unsent.len() as u64);
        let edges = Self::edges(&s, before);
        drop(s);
        self.announce(edges);
    }

    /// How the outbound connection's attempt ended, for end 0's `connect`: `None` while it is
    /// being made; a failure's errno is taken (a later `SO_ERROR` reads 0).
    pub(crate) fn outcome(&self) -> Option<Result<()>> {
        let mut s = self.state.lock();
        if s.connecting {
            return None;
        }
        match s.failed {
            Some(e) => {
                s.error[0] = None;
                Some(Err(e.into()))
            }
            None => Some(Ok(())),
        }
    }

    /// Whether `end`'s peer can no longer receive: it closed, or reset the connection.
    pub(crate) fn peer_gone(&self, end: usize) -> bool {
        let s = self.state.lock();
        !s.open[1 - end] || s.reset[end]
    }

    /// Locks the state and records both ends' readiness before a change.
    fn lock(&self) -> (MutexGuard<'_, State>, [Readiness; 2]) {
        let s = self.state.lock();
        let before = [s.readiness(0), s.readiness(1)];
        (s, before)
    }

    fn edges(s: &State, before: [Readiness; 2]) -> Edges {
        Edges([0, 1].map(|i| Readiness(s.readiness(i).0 & !before[i].0)))
    }

    fn announce(&self, edges: Edges) {
        for (queue, edge) in self.queues.iter().zip(edges.0) {
            queue.notify(edge);
        }
    }

    /// Readiness of `end`.
    pub fn readiness(&self, end: usize) -> Readiness {
        self.state.lock().readiness(end)
    }

    /// Bytes waiting to be read by `end`.
    pub fn buffered(&self, end: usize) -> usize {
        self.state.lock().rx[end].buf.len()
    }

    /// Bytes `end` may send before a send waits (free space towards its peer).
    pub fn send_space(&self, end: usize) -> usize {
        self.state.lock().space(1 - end)
    }

    /// Takes `end`'s pending error (`SO_ERROR`).
    pub fn take_error(&self, end: usize) -> Option<Errno> {
        let (mut s, before) = self.lock();
        let e = s.error[end].take();
        let edges = Self::edges(&s, before);
        drop(s);
        self.announce(edges);
        e
    }

    /// Changes `end`'s buffer bounds (`SO_RCVBUF` / `SO_SNDBUF`).
    pub(crate) fn set_bufs(&self, end: usize, rcvbuf: Option<usize>, sndbuf: Option<usize>) {
        let (mut s, before) = self.lock();
        if let Some(n) = rcvbuf {
            s.rcvbuf[end] = n;
        }
        if let Some(n) = sndbuf {
            s.sndbuf[end] = n;
        }
        let edges = Self::edges(&s, before);
        drop(s);
        self.announce(edges);
    }

    /// One attempt to receive: `Some(n)` with bytes (or 0 at end of file), `None` to wait.
    pub(crate) fn try_recv(&self, end: usize, out: &mut [u8], peek: bool) -> Result<Option<usize>> {
        let (mut s, before) = self.lock();
        let rx = &mut s.rx[end];
        if !rx.buf.is_empty() {
            let n = out.len().min(rx.buf.len());
            let (a, b) = rx.buf.as_slices();
            let first = n.min(a.len());
            out[..first].copy_from_slice(&a[..first]);
            out[first..n].copy_from_slice(&b[..n - first]);
            if peek {
                return Ok(Some(n));
            }
            rx.buf.drain(..n);
            if rx.buf.is_empty() {
                rx.buf.shrink_to(4096);
            }
            self.charge.release(n as u64);
            let edges = Self::edges(&s, before);
            drop(s);
            self.announce(edges);
            return Ok(Some(n));
        }
        if !peek {
            if let Some(e) = s.error[end].take() {
                let edges = Self::edges(&s, before);
                drop(s);
                self.announce(edges);
                return Err(e.into());
            }
        } else if let Some(e) = s.error[end] {
            return Err(e.into());
        }
        let rx = &s.rx[end];
        if rx.eof || rx.rd_shut || s.reset[end] {
            return Ok(Some(0));
        }
        Ok(None)
    }

    /// `recv` on `end`: what is buffered (at most `out.len()`), 0 at end of file; waits while
    /// nothing is there unless `nonblocking` (`EAGAIN`). `peek` leaves the bytes in place.
    pub fn recv(&self, end: usize, out: &mut [u8], peek: bool, nonblocking: bool, io: Io<'_>) -> Result<usize> {
        if out.is_empty() {
            return Ok(0);
        }
        if let Some(n) = self.try_recv(end, out, peek)? {
            return Ok(n);
        }
        if nonblocking {
            return Err(Errno::EAGAIN.into());
        }
        let interest = Readiness::READABLE | Readiness::HANGUP | Readiness::ERROR;
        let n = block_on(io, &self.queues[end], interest, None, || self.try_recv(end, out, peek))?;
        Ok(n.unwrap_or(0))
    }

    /// One attempt to send: the bytes taken (0 when the buffer is full, or while connecting).
    pub(crate) fn try_send(&self, end: usize, data: &[u8]) -> Result<usize> {
        let (mut s, before) = self.lock();
        if s.connecting {
            return Ok(0);
        }
        if let Some(e) = s.error[end].take() {
            let edges = Self::edges(&s, before);
            drop(s);
            self.announce(edges);
            return Err(e.into());
        }
        if s.send_fails(end) {
            return Err(Errno::EPIPE.into());
        }
        let n = s.space(1 - end).min(data.len());
        if n == 0 {
            return Ok(0);
        }
        self.charge.charge(n as u64)?;
        s.rx[1 - end].buf.extend(&data[..n]);
        let edges = Self::edges(&s, before);
        drop(s);
        self.announce(edges);
        Ok(n)
    }

    /// `send` from `end`: blocking, it returns once all of `data` is buffered (or, interrupted
    /// after a partial transfer, the bytes sent); non-blocking, what fits now or `EAGAIN`.
    /// `EPIPE` once the sending side is shut or the peer is gone.
    pub fn send(&self, end: usize, data: &[u8], nonblocking: bool, io: Io<'_>) -> Result<usize> {
        if data.is_empty() {
            let s = self.state.lock();
            return if s.send_fails(end) && s.error[end].is_none() { Err(Errno::EPIPE.into()) } else { Ok(0) };
        }
        let mut done = 0;
        loop {
            let n = match self.try_send(end, &data[done..]) {
                Ok(n) => n,
                Err(_) if done > 0 => return Ok(done),
                Err(e) => return Err(e),
            };
            done += n;
            if done == data.len() {
                return Ok(done);
            }
            if n > 0 {
                continue;
            }
            if nonblocking {
                return if done > 0 { Ok(done) } else { Err(Errno::EAGAIN.into()) };
            }
            let interest = Readiness::WRITABLE | Readiness::ERROR | Readiness::HANGUP;
            let waited = block_on(io, &self.queues[end], interest, None, || {
                let s = self.state.lock();
                let ready = !s.connecting && (s.send_fails(end) || s.space(1 - end) >= s.low_water(1 - end));
                Ok(ready.then_some(()))
            });
            match waited {
                Err(e) if done > 0 && e == Errno::EINTR => return Ok(done),
                Err(e) => return Err(e),
                Ok(_) => {}
            }
        }
    }

    /// `shutdown` on `end`: stop reading, writing, or both.
    pub fn shutdown(&self, end: usize, read: bool, write: bool) {
        let (mut s, before) = self.lock();
        if read {
            s.rx[end].rd_shut = true;
        }
        if write {
            s.rx[1 - end].eof = true;
        }
        let edges = Self::edges(&s, before);
        drop(s);
        self.announce(edges);
    }

    /// `end` is closed: its unread bytes are discarded and, if there were any (or `abort`),
    /// the peer is reset; otherwise the peer reads end of file.
    pub(crate) fn close(&self, end: usize, abort: bool) {
        let (mut s, before) = self.lock();
        if !s.open[end] {
            return;
        }
        s.open[end] = false;
        let unread = std::mem::take(&mut s.rx[end].buf);
        self.charge.release(unread.len() as u64);
        s.rx[1 - end].eof = true;
        if (abort || !unread.is_empty()) && s.open[1 - end] && !s.reset[1 - end] {
            s.reset[1 - end] = true;
            s.error[1 - end] = Some(Errno::ECONNRESET);
        }
        let edges = Self::edges(&s, before);
        drop(s);
        self.announce(edges);
    }
}
