//! Descriptor-level system calls: WASI preview1 imports used directly (no buffering, kernel
//! descriptor numbers), plus the `burrow` module through `burrow-guest`, and error texts.
//!
//! On targets other than WASI (host unit tests) the imports are stubs that fail.

use std::io;

/// A WASI errno as an `io::Error`.
fn err(errno: i32) -> io::Error {
    io::Error::from_raw_os_error(errno)
}

#[cfg(target_os = "wasi")]
mod imp {
    #[repr(C)]
    pub struct Iovec {
        pub buf: *const u8,
        pub len: usize,
    }

    #[repr(C)]
    pub struct Fdstat {
        pub filetype: u8,
        pub flags: u16,
        pub rights_base: u64,
        pub rights_inheriting: u64,
    }

    #[link(wasm_import_module = "wasi_snapshot_preview1")]
    extern "C" {
        pub fn fd_write(fd: i32, iovs: *const Iovec, iovs_len: i32, nwritten: *mut usize) -> i32;
        pub fn fd_read(fd: i32, iovs: *const Iovec, iovs_len: i32, nread: *mut usize) -> i32;
        pub fn fd_close(fd: i32) -> i32;
        pub fn fd_seek(fd: i32, offset: i64, whence: i32, newoffset: *mut u64) -> i32;
        pub fn fd_fdstat_get(fd: i32, stat: *mut Fdstat) -> i32;
    }
}

/// `EINTR`.
pub const EINTR: i32 = 27;

/// One `write`; may write less than asked.
pub fn write(fd: u32, buf: &[u8]) -> io::Result<usize> {
    #[cfg(target_os = "wasi")]
    {
        let iov = imp::Iovec { buf: buf.as_ptr(), len: buf.len() };
        let mut n = 0usize;
        let e = unsafe { imp::fd_write(fd as i32, &iov, 1, &mut n) };
        if e == 0 {
            Ok(n)
        } else {
            Err(err(e))
        }
    }
    #[cfg(not(target_os = "wasi"))]
    {
        let _ = (fd, buf);
        Err(err(52))
    }
}

/// Writes all of `buf`, retrying after interruptions.
pub fn write_all(fd: u32, mut buf: &[u8]) -> io::Result<()> {
    while !buf.is_empty() {
        match write(fd, buf) {
            Ok(0) => return Err(err(29)),
            Ok(n) => buf = &buf[n..],
            Err(e) if e.raw_os_error() == Some(EINTR) => continue,
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// One `read`.
pub fn read(fd: u32, buf: &mut [u8]) -> io::Result<usize> {
    #[cfg(target_os = "wasi")]
    {
        let iov = imp::Iovec { buf: buf.as_mut_ptr(), len: buf.len() };
        let mut n = 0usize;
        let e = unsafe { imp::fd_read(fd as i32, &iov, 1, &mut n) };
        if e == 0 {
            Ok(n)
        } else {
            Err(err(e))
        }
    }
    #[cfg(not(target_os = "wasi"))]
    {
        let _ = (fd, buf);
        Err(err(52))
    }
}

/// Reads everything until end of file, retrying after interruptions.
pub fn read_to_end(fd: u32, out: &mut Vec<u8>) -> io::Result<()> {
    let mut buf = vec![0u8; 16384];
    loop {
        match read(fd, &mut buf) {
            Ok(0) => return Ok(()),
            Ok(n) => {
                out.extend_from_slice(&buf[..n]);
                if n == buf.len() && buf.len() < (1 << 20) {
                    buf.resize(buf.len() * 2, 0);
                }
            }
            Err(e) if e.raw_os_error() == Some(EINTR) => continue,
            Err(e) => return Err(e),
        }
    }
}

/// Closes `fd` (errors ignored).
pub fn close(fd: u32) {
    #[cfg(target_os = "wasi")]
    unsafe {
        imp::fd_close(fd as i32);
    }
    #[cfg(not(target_os = "wasi"))]
    let _ = fd;
}

/// `lseek`; `whence`: 0 set, 1 current, 2 end.
pub fn seek(fd: u32, offset: i64, whence: u8) -> io::Result<u64> {
    #[cfg(target_os = "wasi")]
    {
        let mut pos = 0u64;
        let e = unsafe { imp::fd_seek(fd as i32, offset, whence as i32, &mut pos) };
        if e == 0 {
            Ok(pos)
        } else {
            Err(err(e))
        }
    }
    #[cfg(not(target_os = "wasi"))]
    {
        let _ = (fd, offset, whence);
        Err(err(52))
    }
}

/// The WASI file type of `fd` (`None`: not open). 2 block, 3 char device, 4 directory, 5
/// regular file, 6/7 sockets, 0 unknown (pipes).
pub fn filetype(fd: u32) -> Option<u8> {
    #[cfg(target_os = "wasi")]
    {
        let mut st = imp::Fdstat { filetype: 0, flags: 0, rights_base: 0, rights_inheriting: 0 };
        let e = unsafe { imp::fd_fdstat_get(fd as i32, &mut st) };
        (e == 0).then_some(st.filetype)
    }
    #[cfg(not(target_os = "wasi"))]
    {
        let _ = fd;
        None
    }
}

/// Whether `fd` is open.
pub fn is_open(fd: u32) -> bool {
    filetype(fd).is_some()
}

/// How a redirection opens its file.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum OpenMode {
    Read,
    /// Create or truncate.
    Write,
    /// Create, fail if it exists as a regular file (`set -C`).
    WriteNew,
    Append,
    ReadWrite,
}

/// Opens `path` (close-on-spawn).
pub fn open(path: &[u8], mode: OpenMode) -> io::Result<u32> {
    let p = path_of(path);
    let mut o = std::fs::OpenOptions::new();
    match mode {
        OpenMode::Read => {
            o.read(true);
        }
        OpenMode::Write => {
            o.write(true).create(true).truncate(true);
        }
        OpenMode::WriteNew => {
            if std::fs::metadata(&p).is_ok_and(|m| !m.is_file()) {
                o.write(true);
            } else {
                o.write(true).create_new(true);
            }
        }
        OpenMode::Append => {
            o.append(true).create(true);
        }
        OpenMode::ReadWrite => {
            o.read(true).write(true).create(true);
        }
    }
    let f = o.open(&p)?;
    #[cfg(target_os = "wasi")]
    {
        use std::os::fd::IntoRawFd;
        let fd = f.into_raw_fd() as u32;
        let _ = burrow_guest::set_cloexec(fd, true);
        Ok(fd)
    }
    #[cfg(not(target_os = "wasi"))]
    {
        drop(f);
        Err(err(52))
    }
}

/// A path from bytes.
pub fn path_of(b: &[u8]) -> std::path::PathBuf {
    #[cfg(target_os = "wasi")]
    {
        use std::os::wasi::ffi::OsStrExt;
        std::path::PathBuf::from(std::ffi::OsStr::from_bytes(b))
    }
    #[cfg(not(target_os = "wasi"))]
    {
        use std::os::unix::ffi::OsStrExt;
        std::path::PathBuf::from(std::ffi::OsStr::from_bytes(b))
    }
}

/// Bytes of an `OsStr`.
pub fn os_bytes(s: &std::ffi::OsStr) -> &[u8] {
    #[cfg(target_os = "wasi")]
    {
        use std::os::wasi::ffi::OsStrExt;
        s.as_bytes()
    }
    #[cfg(not(target_os = "wasi"))]
    {
        use std::os::unix::ffi::OsStrExt;
        s.as_bytes()
    }
}

/// `dup2` (`cloexec`: the new descriptor is close-on-spawn).
pub fn dup2(old: u32, new: u32, cloexec: bool) -> io::Result<()> {
    if old == new {
        return if cloexec { burrow_guest::set_cloexec(new, true) } else { Ok(()) };
    }
    burrow_guest::dup2(old, new, cloexec)
}

/// A pipe with both ends close-on-spawn: `(read, write)`.
pub fn pipe() -> io::Result<(u32, u32)> {
    burrow_guest::pipe(true, false)
}

/// A free descriptor at or above `min` (checked against the kernel), for the shell's own use.
pub fn free_fd(min: u32) -> u32 {
    let mut fd = min;
    while fd < 250 && is_open(fd) {
        fd += 1;
    }
    fd
}

/// The text of a WASI errno, as Linux's `strerror` words it.
pub fn strerror(errno: i32) -> &'static str {
    burrow_guest::errno::message(errno).unwrap_or("Unknown error")
}

/// The text of an I/O error.
pub use burrow_guest::errno::strerror as error_text;

/// Milliseconds of wall-clock time since an arbitrary start.
pub fn now_ms() -> u128 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_millis()).unwrap_or(0)
}
