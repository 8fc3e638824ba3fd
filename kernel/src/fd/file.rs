//! Open file descriptions: what an fd refers to. Several fds (after `dup`, or across processes
//! after spawn) share one description, and with it the offset and status flags.

use std::any::Any;
use std::io::SeekFrom;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use parking_lot::Mutex;

use crate::error::{Errno, Result};
use crate::fd::flags::StatusFlags;
use crate::pipe::{PipeEnd, Side};
use crate::poll::{Io, Readiness, WaitQueue};
use crate::time::Timespec;
use crate::vfs::mount::Location;
use crate::vfs::{FileType, Stat};

/// A shared open file description.
pub type FileRef = Arc<dyn File>;

/// An open file description of some kind (file or directory, pipe end, later sockets).
pub trait File: Send + Sync + 'static {
    /// Access mode and status flags.
    fn status(&self) -> &StatusFlags;

    /// Reads at the description's offset (or from the stream), advancing it.
    fn read(&self, buf: &mut [u8], io: Io<'_>) -> Result<usize>;

    /// Writes at the offset (at the end with `O_APPEND`), advancing it.
    fn write(&self, buf: &[u8], io: Io<'_>) -> Result<usize>;

    /// Reads at `offset` without moving the offset.
    fn pread(&self, _buf: &mut [u8], _offset: u64) -> Result<usize> {
        Err(Errno::ESPIPE.into())
    }

    /// Writes at `offset` without moving the offset.
    fn pwrite(&self, _buf: &[u8], _offset: u64) -> Result<usize> {
        Err(Errno::ESPIPE.into())
    }

    /// Moves the offset; returns the new one.
    fn seek(&self, _pos: SeekFrom) -> Result<u64> {
        Err(Errno::ESPIPE.into())
    }

    /// Attributes of what the description refers to.
    fn stat(&self) -> Result<Stat>;

    /// The description's type, cheaply.
    fn file_type(&self) -> FileType;

    /// What can be done without blocking now.
    fn readiness(&self) -> Readiness;

    /// Where readiness changes are announced, for pollable descriptions.
    fn wait_queue(&self) -> Option<&WaitQueue> {
        None
    }

    /// The filesystem node, for descriptions opened by path.
    fn location(&self) -> Option<&Location> {
        None
    }

    /// For downcasting by shims (e.g. to reach a socket).
    fn as_any(&self) -> &dyn Any;
}

/// A description opened from the filesystem: a file, directory, symlink (`O_PATH`) or device.
pub struct NodeFile {
    loc: Location,
    status: StatusFlags,
    offset: Mutex<u64>,
}

impl NodeFile {
    /// A description of `loc` with the flags given to `open`.
    pub fn new(loc: Location, status: StatusFlags) -> NodeFile {
        NodeFile { loc, status, offset: Mutex::new(0) }
    }

    /// The current offset (for directories: the readdir cookie).
    pub fn offset(&self) -> u64 {
        *self.offset.lock()
    }

    /// Sets the offset directly (readdir cookies).
    pub fn set_offset(&self, offset: u64) {
        *self.offset.lock() = offset;
    }
}

impl File for NodeFile {
    fn status(&self) -> &StatusFlags {
        &self.status
    }

    fn read(&self, buf: &mut [u8], _io: Io<'_>) -> Result<usize> {
        let mut off = self.offset.lock();
        let n = self.loc.node.read_at(*off, buf)?;
        *off += n as u64;
        Ok(n)
    }

    fn write(&self, buf: &[u8], _io: Io<'_>) -> Result<usize> {
        if buf.is_empty() && self.loc.node.file_type() == crate::vfs::FileType::Regular {
            return Ok(0);
        }
        let mut off = self.offset.lock();
        if self.status.append() {
            *off = self.loc.node.append(buf)?;
            return Ok(buf.len());
        }
        let n = self.loc.node.write_at(*off, buf)?;
        *off += n as u64;
        Ok(n)
    }

    fn pread(&self, buf: &mut [u8], offset: u64) -> Result<usize> {
        self.loc.node.read_at(offset, buf)
    }

    fn pwrite(&self, buf: &[u8], offset: u64) -> Result<usize> {
        if self.status.append() {
            self.loc.node.append(buf)?;
            return Ok(buf.len());
        }
        self.loc.node.write_at(offset, buf)
    }

    fn seek(&self, pos: SeekFrom) -> Result<u64> {
        let mut off = self.offset.lock();
        let new = match pos {
            SeekFrom::Start(n) => Some(n),
            SeekFrom::Current(d) => off.checked_add_signed(d),
            SeekFrom::End(d) => self.loc.node.stat()?.size.checked_add_signed(d),
        };
        let new = new.filter(|&n| n <= i64::MAX as u64).ok_or(Errno::EINVAL)?;
        *off = new;
        Ok(new)
    }

    fn stat(&self) -> Result<Stat> {
        self.loc.node.stat()
    }

    fn file_type(&self) -> FileType {
        self.loc.node.file_type()
    }

    fn readiness(&self) -> Readiness {
        Readiness::READABLE | Readiness::WRITABLE
    }

    fn location(&self) -> Option<&Location> {
        Some(&self.loc)
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// Device number reported by pipes.
const PIPEFS_DEV: u64 = 0xb;

/// A description of one end of a pipe.
pub struct PipeFile {
    end: PipeEnd,
    status: StatusFlags,
    ino: u64,
    created: Timespec,
}

impl PipeFile {
    /// Wraps a pipe end.
    pub fn new(end: PipeEnd, status: StatusFlags) -> PipeFile {
        static NEXT_INO: AtomicU64 = AtomicU64::new(1);
        PipeFile { end, status, ino: NEXT_INO.fetch_add(1, Ordering::Relaxed), created: Timespec::now() }
    }

    /// The pipe end.
    pub fn end(&self) -> &PipeEnd {
        &self.end
    }
}

impl File for PipeFile {
    fn status(&self) -> &StatusFlags {
        &self.status
    }

    fn read(&self, buf: &mut [u8], io: Io<'_>) -> Result<usize> {
        if self.end.side() != Side::Read {
            return Err(Errno::EBADF.into());
        }
        self.end.pipe().read(buf, self.status.nonblocking(), io)
    }

    fn write(&self, buf: &[u8], io: Io<'_>) -> Result<usize> {
        if self.end.side() != Side::Write {
            return Err(Errno::EBADF.into());
        }
        self.end.pipe().write(buf, self.status.nonblocking(), io)
    }

    fn stat(&self) -> Result<Stat> {
        Ok(Stat::anonymous(PIPEFS_DEV, self.ino, FileType::Fifo, 0o600, self.created))
    }

    fn file_type(&self) -> FileType {
        FileType::Fifo
    }

    fn readiness(&self) -> Readiness {
        self.end.readiness()
    }

    fn wait_queue(&self) -> Option<&WaitQueue> {
        Some(self.end.pipe().queue())
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}
