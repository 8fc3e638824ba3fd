//! Where a process's standard streams go: captured into memory, the host's own streams, fixed
//! bytes, or nothing.

use std::any::Any;
use std::io::Write;
use std::sync::Arc;

use burrow_kernel::fd::{File, FileRef, OpenFlags, StatusFlags};
use burrow_kernel::poll::{Io, Readiness};
use burrow_kernel::vfs::{FileType, Stat};
use burrow_kernel::{Errno, Result};
use parking_lot::Mutex;

/// How a standard stream of a process is connected.
#[derive(Clone, Debug, Default)]
pub enum Stdio {
    /// Collected in memory and returned in [`crate::Output`].
    #[default]
    Capture,
    /// The host process's own stream.
    Inherit,
    /// `/dev/null`.
    Null,
    /// For stdin: these bytes, then end of file.
    Bytes(Vec<u8>),
    /// A pipe to the host: written through [`crate::Child::stdin`], read through
    /// [`crate::Child::stdout`] and [`crate::Child::stderr`] of a spawned program. With
    /// [`crate::Command::output`], captured like [`Stdio::Capture`].
    Piped,
}

/// Marker appended when captured output passes its limit.
pub const TRUNCATION_MARKER: &[u8] = b"\n[burrow: output truncated]\n";

/// Captured output, bounded: bytes past the limit are dropped and a marker is appended once.
pub struct Capture {
    data: Mutex<Vec<u8>>,
    limit: usize,
    status: StatusFlags,
}

impl Capture {
    /// An empty capture keeping at most `limit` bytes.
    pub fn new(limit: usize) -> Arc<Capture> {
        Arc::new(Capture { data: Mutex::new(Vec::new()), limit, status: StatusFlags::new(OpenFlags::WRONLY) })
    }

    /// Takes what was captured.
    pub fn take(&self) -> Vec<u8> {
        std::mem::take(&mut *self.data.lock())
    }
}

fn stream_stat(ft: FileType) -> Stat {
    Stat { mode: ft.mode_bits() | 0o600, nlink: 1, blksize: 4096, ..Stat::default() }
}

impl File for Capture {
    fn status(&self) -> &StatusFlags {
        &self.status
    }

    fn read(&self, _buf: &mut [u8], _io: Io<'_>) -> Result<usize> {
        Err(Errno::EBADF.into())
    }

    fn write(&self, buf: &[u8], _io: Io<'_>) -> Result<usize> {
        let mut data = self.data.lock();
        let room = self.limit.saturating_sub(data.len());
        if room >= buf.len() {
            data.extend_from_slice(buf);
        } else if data.len() <= self.limit {
            data.extend_from_slice(&buf[..room]);
            data.extend_from_slice(TRUNCATION_MARKER);
        }
        Ok(buf.len())
    }

    fn stat(&self) -> Result<Stat> {
        Ok(stream_stat(FileType::Fifo))
    }

    fn file_type(&self) -> FileType {
        FileType::Fifo
    }

    fn readiness(&self) -> Readiness {
        Readiness::WRITABLE
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// Bytes served as a read-only stream.
pub struct Input {
    data: Vec<u8>,
    pos: Mutex<usize>,
    status: StatusFlags,
}

impl Input {
    /// A stream of `data`.
    pub fn new(data: Vec<u8>) -> Arc<Input> {
        Arc::new(Input { data, pos: Mutex::new(0), status: StatusFlags::new(OpenFlags::RDONLY) })
    }
}

impl File for Input {
    fn status(&self) -> &StatusFlags {
        &self.status
    }

    fn read(&self, buf: &mut [u8], _io: Io<'_>) -> Result<usize> {
        let mut pos = self.pos.lock();
        let n = buf.len().min(self.data.len() - *pos);
        buf[..n].copy_from_slice(&self.data[*pos..*pos + n]);
        *pos += n;
        Ok(n)
    }

    fn write(&self, _buf: &[u8], _io: Io<'_>) -> Result<usize> {
        Err(Errno::EBADF.into())
    }

    fn stat(&self) -> Result<Stat> {
        Ok(stream_stat(FileType::Fifo))
    }

    fn file_type(&self) -> FileType {
        FileType::Fifo
    }

    fn readiness(&self) -> Readiness {
        Readiness::READABLE
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// A stream that reads as empty and swallows writes, like `/dev/null` (even in a VM whose tree
/// has no `/dev`).
pub struct Null {
    status: StatusFlags,
}

impl Null {
    /// A read-write null stream.
    pub fn new() -> Arc<Null> {
        Arc::new(Null { status: StatusFlags::new(OpenFlags::RDWR) })
    }
}

impl File for Null {
    fn status(&self) -> &StatusFlags {
        &self.status
    }

    fn read(&self, _buf: &mut [u8], _io: Io<'_>) -> Result<usize> {
        Ok(0)
    }

    fn write(&self, buf: &[u8], _io: Io<'_>) -> Result<usize> {
        Ok(buf.len())
    }

    fn stat(&self) -> Result<Stat> {
        Ok(stream_stat(FileType::CharDevice))
    }

    fn file_type(&self) -> FileType {
        FileType::CharDevice
    }

    fn readiness(&self) -> Readiness {
        Readiness::READABLE | Readiness::WRITABLE
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// One of the host process's standard streams.
pub struct HostStream {
    fd: i32,
    status: StatusFlags,
}

impl HostStream {
    /// The host's stdin (0), stdout (1) or stderr (2).
    pub fn new(fd: i32) -> Arc<HostStream> {
        let flags = if fd == 0 { OpenFlags::RDONLY } else { OpenFlags::WRONLY };
        Arc::new(HostStream { fd, status: StatusFlags::new(flags) })
    }
}

impl File for HostStream {
    fn status(&self) -> &StatusFlags {
        &self.status
    }

    fn read(&self, buf: &mut [u8], _io: Io<'_>) -> Result<usize> {
        if self.fd != 0 {
            return Err(Errno::EBADF.into());
        }
        use std::io::Read;
        Ok(std::io::stdin().lock().read(buf)?)
    }

    fn write(&self, buf: &[u8], _io: Io<'_>) -> Result<usize> {
        match self.fd {
            1 => {
                let mut out = std::io::stdout().lock();
                out.write_all(buf)?;
                out.flush()?;
            }
            2 => std::io::stderr().lock().write_all(buf)?,
            _ => return Err(Errno::EBADF.into()),
        }
        Ok(buf.len())
    }

    fn stat(&self) -> Result<Stat> {
        Ok(stream_stat(FileType::CharDevice))
    }

    fn file_type(&self) -> FileType {
        FileType::CharDevice
    }

    fn readiness(&self) -> Readiness {
        if self.fd == 0 {
            Readiness::READABLE
        } else {
            Readiness::WRITABLE
        }
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// The open file for `stdio` as descriptor `fd` of a new process, and the capture to collect
/// from afterwards (for [`Stdio::Capture`]).
pub(crate) fn open(stdio: &Stdio, fd: i32, capture_limit: usize) -> (FileRef, Option<Arc<Capture>>) {
    match stdio {
        Stdio::Capture | Stdio::Piped if fd == 0 => (Null::new() as FileRef, None),
        Stdio::Capture | Stdio::Piped => {
            let c = Capture::new(capture_limit);
            (c.clone() as FileRef, Some(c))
        }
        Stdio::Inherit => (HostStream::new(fd) as FileRef, None),
        Stdio::Null => (Null::new() as FileRef, None),
        Stdio::Bytes(b) => (Input::new(b.clone()) as FileRef, None),
    }
}
