//! The host's end of a pipe whose other end a guest process holds (a spawned child's stdin,
//! stdout or stderr): blocking reads and writes for threads, and `poll_*` forms for async
//! tasks, woken through the pipe's wait queue (see [`TaskWakers`]) so no executor thread ever
//! blocks in the kernel.
//!
//! The pipe is an ordinary kernel pipe charged to the VM's pipe buffers: a guest writing
//! faster than the host reads blocks when its 64 KiB fill, as with any pipe.

use std::sync::Arc;
use std::task::{Context, Poll};

use crate::error::{Errno, Result};
use crate::fd::{FileRef, OpenFlags, PipeFile, StatusFlags};
use crate::kernel::Kernel;
use crate::pipe::{Pipe, PipeEnd, Side};
use crate::poll::{Direction, Io, Readiness, SubKey, TaskWakers};

/// The host's end of a pipe (see the [module documentation](self)). Dropping it closes that
/// end: the guest reads end of file, or its writes fail with `EPIPE`.
pub struct HostPipe {
    end: PipeEnd,
    wakers: Arc<TaskWakers>,
    sub: SubKey,
}

impl Kernel {
    /// A new pipe charged to the VM's pipe buffers; the host keeps the `host_side` end and the
    /// returned file is the other end, to install as a process's descriptor.
    pub fn host_pipe(&self, host_side: Side) -> Result<(HostPipe, FileRef)> {
        let pipe = Pipe::new(self.shared.pipe_buffers.clone())?;
        let (wakers, sub) = TaskWakers::subscribe(pipe.queue());
        let (r, w) = PipeEnd::pair(pipe);
        let (host, guest, flags) = match host_side {
            Side::Read => (r, w, OpenFlags::WRONLY),
            Side::Write => (w, r, OpenFlags::RDONLY),
        };
        let file: FileRef = Arc::new(PipeFile::new(guest, StatusFlags::new(flags)));
        Ok((HostPipe { end: host, wakers, sub }, file))
    }
}

impl HostPipe {
    /// Which end the host holds.
    pub fn side(&self) -> Side {
        self.end.side()
    }

    /// Readiness of the host's end.
    pub fn readiness(&self) -> Readiness {
        self.end.readiness()
    }

    /// Bytes buffered in the pipe now.
    pub fn buffered(&self) -> usize {
        self.end.pipe().buffered()
    }

    fn side_is(&self, side: Side) -> Result<()> {
        if self.end.side() == side {
            Ok(())
        } else {
            Err(Errno::EBADF.into())
        }
    }

    /// Reads what the guest wrote, at most `buf.len()` bytes, blocking the calling thread while
    /// the pipe is empty; 0 once every guest writer is gone.
    pub fn read(&self, buf: &mut [u8]) -> Result<usize> {
        self.side_is(Side::Read)?;
        self.end.pipe().read(buf, false, Io::HOST)
    }

    /// Writes all of `data` for the guest to read, blocking while the pipe is full; `EPIPE`
    /// once no guest reader is left.
    pub fn write(&self, data: &[u8]) -> Result<usize> {
        self.side_is(Side::Write)?;
        self.end.pipe().write(data, false, Io::HOST)
    }

    /// [`HostPipe::read`] for async tasks: `Pending` (the task is woken) while the pipe is
    /// empty and has writers.
    pub fn poll_read(&self, cx: &mut Context<'_>, buf: &mut [u8]) -> Poll<Result<usize>> {
        self.side_is(Side::Read)?;
        self.poll(cx, Direction::Read, || self.end.pipe().read(buf, true, Io::HOST))
    }

    /// Writes as much of `data` as fits now (all of it if it is at most `PIPE_BUF` bytes, or
    /// none); `Pending` (the task is woken) while the pipe is full.
    pub fn poll_write(&self, cx: &mut Context<'_>, data: &[u8]) -> Poll<Result<usize>> {
        self.side_is(Side::Write)?;
        self.poll(cx, Direction::Write, || self.end.pipe().write(data, true, Io::HOST))
    }

    fn poll(
        &self,
        cx: &mut Context<'_>,
        dir: Direction,
        mut attempt: impl FnMut() -> Result<usize>,
    ) -> Poll<Result<usize>> {
        match attempt() {
            Err(e) if e == Errno::EAGAIN => {}
            done => return Poll::Ready(done),
        }
        self.wakers.register(dir, cx);
        match attempt() {
            Err(e) if e == Errno::EAGAIN => Poll::Pending,
            done => Poll::Ready(done),
        }
    }
}

impl Drop for HostPipe {
    fn drop(&mut self) {
        self.end.pipe().queue().unsubscribe(self.sub);
    }
}

impl std::fmt::Debug for HostPipe {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HostPipe").field("side", &self.end.side()).field("readiness", &self.readiness()).finish()
    }
}
