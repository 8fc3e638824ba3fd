//! Pipes: a 64 KiB ring buffer between a read end and a write end, with Linux semantics.
//!
//! Writes of at most [`PIPE_BUF`] bytes are atomic; larger ones may be split. Reads return what
//! is there (at least one byte), or 0 once every writer is gone. Writing with no reader left
//! fails with `EPIPE` (the syscall layer adds `SIGPIPE`).

use std::sync::Arc;

use parking_lot::Mutex;

use crate::error::{Errno, Result};
use crate::limits::Counter;
use crate::poll::{block_on, Io, Readiness, WaitQueue};

/// Capacity of a pipe buffer.
pub const PIPE_CAPACITY: usize = 64 * 1024;
/// Writes up to this size are atomic.
pub const PIPE_BUF: usize = 4096;

struct Ring {
    buf: Box<[u8]>,
    head: usize,
    len: usize,
}

impl Ring {
    fn space(&self) -> usize {
        PIPE_CAPACITY - self.len
    }

    fn push(&mut self, data: &[u8]) {
        if self.buf.is_empty() {
            self.buf = vec![0u8; PIPE_CAPACITY].into_boxed_slice();
        }
        let tail = (self.head + self.len) % PIPE_CAPACITY;
        let first = data.len().min(PIPE_CAPACITY - tail);
        self.buf[tail..tail + first].copy_from_slice(&data[..first]);
        self.buf[..data.len() - first].copy_from_slice(&data[first..]);
        self.len += data.len();
    }

    fn pop(&mut self, out: &mut [u8]) -> usize {
        let n = out.len().min(self.len);
        let first = n.min(PIPE_CAPACITY - self.head);
        out[..first].copy_from_slice(&self.buf[self.head..self.head + first]);
        out[first..n].copy_from_slice(&self.buf[..n - first]);
        self.head = (self.head + n) % PIPE_CAPACITY;
        self.len -= n;
        if self.len == 0 {
            self.head = 0;
        }
        n
    }
}

struct State {
    ring: Ring,
    readers: usize,
    writers: usize,
}

/// The shared buffer of one pipe.
pub struct Pipe {
    state: Mutex<State>,
    queue: WaitQueue,
    charge: Arc<Counter>,
}

impl Drop for Pipe {
    fn drop(&mut self) {
        self.charge.release(PIPE_CAPACITY as u64);
    }
}

impl Pipe {
    /// A new pipe charged to `charge` (the VM's pipe-buffer counter); one reader, one writer.
    pub fn new(charge: Arc<Counter>) -> Result<Arc<Pipe>> {
        charge.charge(PIPE_CAPACITY as u64)?;
        Ok(Arc::new(Pipe {
            state: Mutex::new(State {
                ring: Ring { buf: Box::new([]), head: 0, len: 0 },
                readers: 1,
                writers: 1,
            }),
            queue: WaitQueue::new(),
            charge,
        }))
    }

    /// Readiness of the read end.
    pub fn read_readiness(&self) -> Readiness {
        let s = self.state.lock();
        let mut r = Readiness::NONE;
        if s.ring.len > 0 {
            r |= Readiness::READABLE;
        }
        if s.writers == 0 {
            r |= Readiness::READABLE | Readiness::HANGUP;
        }
        r
    }

    /// Readiness of the write end.
    pub fn write_readiness(&self) -> Readiness {
        let s = self.state.lock();
        let mut r = Readiness::NONE;
        if s.ring.space() >= PIPE_BUF {
            r |= Readiness::WRITABLE;
        }
        if s.readers == 0 {
            r |= Readiness::ERROR;
        }
        r
    }

    /// The queue both ends notify.
    pub fn queue(&self) -> &WaitQueue {
        &self.queue
    }

    /// Bytes buffered now.
    pub fn buffered(&self) -> usize {
        self.state.lock().ring.len
    }

    fn try_read(&self, out: &mut [u8]) -> Option<usize> {
        let (n, edge) = {
            let mut s = self.state.lock();
            if s.ring.len == 0 {
                return (s.writers == 0).then_some(0);
            }
            let was_writable = s.ring.space() >= PIPE_BUF;
            let n = s.ring.pop(out);
            (n, !was_writable && s.ring.space() >= PIPE_BUF)
        };
        if edge {
            self.queue.notify(Readiness::WRITABLE);
        }
        Some(n)
    }

    /// Reads into `out`; blocks (unless `nonblocking`) while the pipe is empty and has writers.
    pub fn read(&self, out: &mut [u8], nonblocking: bool, io: Io<'_>) -> Result<usize> {
        if out.is_empty() {
            return Ok(0);
        }
        if let Some(n) = self.try_read(out) {
            return Ok(n);
        }
        if nonblocking {
            return Err(Errno::EAGAIN.into());
        }
        let n = block_on(io, &self.queue, Readiness::READABLE | Readiness::HANGUP, None, || Ok(self.try_read(out)))?;
        Ok(n.unwrap_or(0))
    }

    /// Writes what fits now: all of `data` if it is at most `PIPE_BUF` and fits, else as much as
    /// fits. `Ok(0)` means nothing fit.
    fn try_write(&self, data: &[u8]) -> Result<usize> {
        let n = {
            let mut s = self.state.lock();
            if s.readers == 0 {
                return Err(Errno::EPIPE.into());
            }
            let space = s.ring.space();
            let n = if data.len() <= PIPE_BUF {
                if space < data.len() {
                    return Ok(0);
                }
                data.len()
            } else {
                space.min(data.len())
            };
            if n == 0 {
                return Ok(0);
            }
            let was_empty = s.ring.len == 0;
            s.ring.push(&data[..n]);
            (n, was_empty)
        };
        if n.1 {
            self.queue.notify(Readiness::READABLE);
        }
        Ok(n.0)
    }

    /// Writes `data`; blocks (unless `nonblocking`) until all of it is written. A blocking write
    /// interrupted after a partial transfer returns the bytes written.
    pub fn write(&self, data: &[u8], nonblocking: bool, io: Io<'_>) -> Result<usize> {
        if data.is_empty() {
            return Ok(0);
        }
        let mut done = 0;
        loop {
            let n = self.try_write(&data[done..])?;
            done += n;
            if done == data.len() {
                return Ok(done);
            }
            if nonblocking {
                return if done > 0 { Ok(done) } else { Err(Errno::EAGAIN.into()) };
            }
            if n > 0 {
                continue;
            }
            let waited = block_on(io, &self.queue, Readiness::WRITABLE | Readiness::ERROR, None, || {
                let rest = &data[done..];
                let s = self.state.lock();
                let ready = s.readers == 0 || s.ring.space() >= rest.len().min(PIPE_BUF);
                Ok(ready.then_some(()))
            });
            match waited {
                Err(e) if done > 0 && e == Errno::EINTR => return Ok(done),
                Err(e) => return Err(e),
                Ok(_) => {}
            }
        }
    }

    fn close_reader(&self) {
        let last = {
            let mut s = self.state.lock();
            s.readers -= 1;
            s.readers == 0
        };
        if last {
            self.queue.notify(Readiness::ERROR | Readiness::WRITABLE);
        }
    }

    fn close_writer(&self) {
        let last = {
            let mut s = self.state.lock();
            s.writers -= 1;
            s.writers == 0
        };
        if last {
            self.queue.notify(Readiness::HANGUP | Readiness::READABLE);
        }
    }
}

/// Which end of a pipe a [`PipeEnd`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    Read,
    Write,
}

/// One end of a pipe; dropping the last handle to an end closes it.
pub struct PipeEnd {
    pipe: Arc<Pipe>,
    side: Side,
}

impl PipeEnd {
    /// The two ends of `pipe` (which starts with one reader and one writer).
    pub fn pair(pipe: Arc<Pipe>) -> (PipeEnd, PipeEnd) {
        (PipeEnd { pipe: pipe.clone(), side: Side::Read }, PipeEnd { pipe, side: Side::Write })
    }

    /// The shared pipe.
    pub fn pipe(&self) -> &Arc<Pipe> {
        &self.pipe
    }

    /// Which end this is.
    pub fn side(&self) -> Side {
        self.side
    }

    /// Readiness of this end.
    pub fn readiness(&self) -> Readiness {
        match self.side {
            Side::Read => self.pipe.read_readiness(),
            Side::Write => self.pipe.write_readiness(),
        }
    }
}

impl Drop for PipeEnd {
    fn drop(&mut self) {
        match self.side {
            Side::Read => self.pipe.close_reader(),
            Side::Write => self.pipe.close_writer(),
        }
    }
}
