//! Descriptor calls: read and write (plain, positioned, vectored), seek, stat, close, dup,
//! fcntl, pipes.

use std::io::SeekFrom;
use std::sync::Arc;

use tracing::trace_span;

use crate::error::{Errno, Result};
use crate::fd::{FileRef, OpenFlags, PipeFile, StatusFlags};
use crate::kernel::Task;
use crate::pipe::{Pipe, PipeEnd};
use crate::process::Signal;
use crate::vfs::mount::Location;
use crate::vfs::{FileType, Stat};

impl Task {
    /// The open file description behind `fd`.
    pub fn file(&self, fd: u32) -> Result<FileRef> {
        self.proc.fds.lock().get(fd)
    }

    pub(crate) fn fd_location(&self, fd: u32) -> Result<Location> {
        self.file(fd)?.location().cloned().ok_or(Errno::EBADF.into())
    }

    /// Installs `file` at the lowest free descriptor.
    pub fn install(&self, file: FileRef, cloexec: bool) -> Result<u32> {
        self.proc.fds.lock().insert(file, cloexec)
    }

    /// Installs `file` at exactly `fd`, closing what was there.
    pub fn install_at(&self, fd: u32, file: FileRef, cloexec: bool) -> Result<()> {
        let old = self.proc.fds.lock().install(fd, file, cloexec)?;
        drop(old);
        Ok(())
    }

    fn readable(&self, fd: u32) -> Result<FileRef> {
        let file = self.file(fd)?;
        if !file.status().access().read {
            return Err(Errno::EBADF.into());
        }
        Ok(file)
    }

    fn writable(&self, fd: u32) -> Result<FileRef> {
        let file = self.file(fd)?;
        if !file.status().access().write {
            return Err(Errno::EBADF.into());
        }
        Ok(file)
    }

    /// Turns `EPIPE` into `SIGPIPE` for the caller, as Linux does.
    fn check_pipe<T>(&self, r: Result<T>) -> Result<T> {
        if let Err(e) = &r {
            if *e == Errno::EPIPE {
                self.signal_self(Signal::SIGPIPE);
            }
        }
        r
    }

    /// `read`.
    pub fn read(&self, fd: u32, buf: &mut [u8]) -> Result<usize> {
        let _span = trace_span!("read", pid = self.pid(), fd, len = buf.len()).entered();
        self.readable(fd)?.read(buf, self.io())
    }

    /// `write`.
    pub fn write(&self, fd: u32, buf: &[u8]) -> Result<usize> {
        let _span = trace_span!("write", pid = self.pid(), fd, len = buf.len()).entered();
        let file = self.writable(fd)?;
        self.check_pipe(file.write(buf, self.io()))
    }

    /// `pread`.
    pub fn pread(&self, fd: u32, buf: &mut [u8], offset: u64) -> Result<usize> {
        let file = self.readable(fd)?;
        if file.file_type() == FileType::Directory {
            return Err(Errno::EISDIR.into());
        }
        file.pread(buf, offset)
    }

    /// `pwrite`.
    pub fn pwrite(&self, fd: u32, buf: &[u8], offset: u64) -> Result<usize> {
        self.writable(fd)?.pwrite(buf, offset)
    }

    /// `readv`: fills the buffers in order, as one read would.
    pub fn readv(&self, fd: u32, bufs: &mut [&mut [u8]]) -> Result<usize> {
        let file = self.readable(fd)?;
        let nonempty = bufs.iter().filter(|b| !b.is_empty()).count();
        if nonempty <= 1 {
            return match bufs.iter_mut().find(|b| !b.is_empty()) {
                Some(buf) => file.read(buf, self.io()),
                None => Ok(0),
            };
        }
        if file.file_type() != FileType::Regular {
            // A stream must be read once (a second read could block); scatter afterwards.
            let total: usize = bufs.iter().map(|b| b.len()).sum();
            let mut tmp = vec![0u8; total.min(1 << 20)];
            let n = file.read(&mut tmp, self.io())?;
            let mut done = 0;
            for buf in bufs.iter_mut() {
                let take = buf.len().min(n - done);
                buf[..take].copy_from_slice(&tmp[done..done + take]);
                done += take;
            }
            return Ok(n);
        }
        let mut total = 0;
        for buf in bufs.iter_mut().filter(|b| !b.is_empty()) {
            let n = match file.read(buf, self.io()) {
                Ok(n) => n,
                Err(_) if total > 0 => break,
                Err(e) => return Err(e),
            };
            total += n;
            if n < buf.len() {
                break;
            }
        }
        Ok(total)
    }

    /// `writev`: writes the buffers in order as one call would.
    pub fn writev(&self, fd: u32, bufs: &[&[u8]]) -> Result<usize> {
        let file = self.writable(fd)?;
        let total: usize = bufs.iter().map(|b| b.len()).sum();
        let nonempty = bufs.iter().filter(|b| !b.is_empty()).count();
        let datagram =
            file.as_any().downcast_ref::<crate::net::socket::Socket>().is_some_and(|s| s.kind() == crate::net::SockType::Datagram);
        if nonempty > 1 && (total <= crate::pipe::PIPE_BUF || datagram) {
            // Small gathers go out as one write so they stay atomic on pipes; a gather on a
            // datagram socket is always one datagram.
            let joined = bufs.concat();
            return self.check_pipe(file.write(&joined, self.io()));
        }
        let mut done = 0;
        for buf in bufs.iter().filter(|b| !b.is_empty()) {
            let n = match file.write(buf, self.io()) {
                Ok(n) => n,
                Err(_) if done > 0 => break,
                Err(e) => return self.check_pipe(Err(e)),
            };
            done += n;
            if n < buf.len() {
                break;
            }
        }
        Ok(done)
    }

    /// `lseek`.
    pub fn lseek(&self, fd: u32, pos: SeekFrom) -> Result<u64> {
        self.file(fd)?.seek(pos)
    }

    /// `fstat`.
    pub fn fstat(&self, fd: u32) -> Result<Stat> {
        self.file(fd)?.stat()
    }

    /// `fsync` / `fdatasync`.
    pub fn fsync(&self, fd: u32) -> Result<()> {
        match self.file(fd)?.location() {
            Some(loc) => loc.node.sync(),
            None => Err(Errno::EINVAL.into()),
        }
    }

    /// `close`.
    pub fn close(&self, fd: u32) -> Result<()> {
        let file = self.proc.fds.lock().remove(fd)?;
        drop(file);
        Ok(())
    }

    /// `dup`: the lowest free descriptor, sharing `fd`'s description.
    pub fn dup(&self, fd: u32) -> Result<u32> {
        self.dup_from(fd, 0, false)
    }

    /// `fcntl(F_DUPFD / F_DUPFD_CLOEXEC)`: the lowest free descriptor `>= min`.
    pub fn dup_from(&self, fd: u32, min: u32, cloexec: bool) -> Result<u32> {
        let mut fds = self.proc.fds.lock();
        let file = fds.get(fd)?;
        if min as u64 >= self.kernel.limits().open_files {
            return Err(Errno::EINVAL.into());
        }
        fds.insert_from(min, file, cloexec)
    }

    /// `dup2`: makes `new` share `old`'s description (`new` without close-on-exec). With
    /// `old == new` it only checks that `old` is open.
    pub fn dup2(&self, old: u32, new: u32) -> Result<u32> {
        if old == new {
            self.file(old)?;
            return Ok(new);
        }
        self.dup3(old, new, false)
    }

    /// `dup3`: like `dup2` with close-on-exec chosen, and `EINVAL` when `old == new`.
    pub fn dup3(&self, old: u32, new: u32, cloexec: bool) -> Result<u32> {
        if old == new {
            return Err(Errno::EINVAL.into());
        }
        let replaced = {
            let mut fds = self.proc.fds.lock();
            let file = fds.get(old)?;
            fds.install(new, file, cloexec)?
        };
        drop(replaced);
        Ok(new)
    }

    /// `fcntl(F_GETFD)`: whether close-on-exec is set.
    pub fn cloexec(&self, fd: u32) -> Result<bool> {
        self.proc.fds.lock().cloexec(fd)
    }

    /// `fcntl(F_SETFD)`.
    pub fn set_cloexec(&self, fd: u32, cloexec: bool) -> Result<()> {
        self.proc.fds.lock().set_cloexec(fd, cloexec)
    }

    /// `fcntl(F_GETFL)`.
    pub fn status_flags(&self, fd: u32) -> Result<OpenFlags> {
        Ok(self.file(fd)?.status().get())
    }

    /// `fcntl(F_SETFL)`: changes `O_APPEND` and `O_NONBLOCK`.
    pub fn set_status_flags(&self, fd: u32, flags: OpenFlags) -> Result<()> {
        self.file(fd)?.status().set(flags);
        Ok(())
    }

    /// `pipe2`: returns (read end, write end). `flags` may hold `O_NONBLOCK` and `O_CLOEXEC`.
    pub fn pipe(&self, flags: OpenFlags) -> Result<(u32, u32)> {
        let pipe = Pipe::new(self.kernel.shared.pipe_buffers.clone())?;
        let (r, w) = PipeEnd::pair(pipe);
        let nonblock = OpenFlags(flags.0 & OpenFlags::NONBLOCK.0);
        let r: FileRef = Arc::new(PipeFile::new(r, StatusFlags::new(OpenFlags::RDONLY | nonblock)));
        let w: FileRef = Arc::new(PipeFile::new(w, StatusFlags::new(OpenFlags::WRONLY | nonblock)));
        let cloexec = flags.contains(OpenFlags::CLOEXEC);
        let mut fds = self.proc.fds.lock();
        let rfd = fds.insert(r, cloexec)?;
        match fds.insert(w, cloexec) {
            Ok(wfd) => Ok((rfd, wfd)),
            Err(e) => {
                let r = fds.remove(rfd);
                drop(fds);
                drop(r);
                Err(e)
            }
        }
    }

    /// Open descriptor numbers, ascending.
    pub fn fds(&self) -> Vec<u32> {
        self.proc.fds.lock().fds()
    }
}
