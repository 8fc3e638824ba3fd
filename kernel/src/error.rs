//! Kernel errors: Linux errno values plus typed resource-limit errors.
//!
//! The kernel speaks Linux errnos everywhere; each ABI edge (the WASI shim, the Node shim)
//! maps them once to its own numbering.

use std::fmt;

/// A Linux errno value (x86_64 numbering).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Errno(pub i32);

macro_rules! errnos {
    ($($name:ident = $val:expr, $msg:expr;)*) => {
        impl Errno {
            $(#[doc = $msg] pub const $name: Errno = Errno($val);)*

            /// The symbolic name, e.g. `"ENOENT"`.
            pub fn name(self) -> &'static str {
                match self.0 { $($val => stringify!($name),)* _ => "E?" }
            }

            /// The strerror text, e.g. `"No such file or directory"`.
            pub fn message(self) -> &'static str {
                match self.0 { $($val => $msg,)* _ => "Unknown error" }
            }
        }
    };
}

errnos! {
    EPERM = 1, "Operation not permitted";
    ENOENT = 2, "No such file or directory";
    ESRCH = 3, "No such process";
    EINTR = 4, "Interrupted system call";
    EIO = 5, "Input/output error";
    ENXIO = 6, "No such device or address";
    E2BIG = 7, "Argument list too long";
    ENOEXEC = 8, "Exec format error";
    EBADF = 9, "Bad file descriptor";
    ECHILD = 10, "No child processes";
    EAGAIN = 11, "Resource temporarily unavailable";
    ENOMEM = 12, "Cannot allocate memory";
    EACCES = 13, "Permission denied";
    EFAULT = 14, "Bad address";
    EBUSY = 16, "Device or resource busy";
    EEXIST = 17, "File exists";
    EXDEV = 18, "Invalid cross-device link";
    ENODEV = 19, "No such device";
    ENOTDIR = 20, "Not a directory";
    EISDIR = 21, "Is a directory";
    EINVAL = 22, "Invalid argument";
    ENFILE = 23, "Too many open files in system";
    EMFILE = 24, "Too many open files";
    ENOTTY = 25, "Inappropriate ioctl for device";
    ETXTBSY = 26, "Text file busy";
    EFBIG = 27, "File too large";
    ENOSPC = 28, "No space left on device";
    ESPIPE = 29, "Illegal seek";
    EROFS = 30, "Read-only file system";
    EMLINK = 31, "Too many links";
    EPIPE = 32, "Broken pipe";
    ERANGE = 34, "Numerical result out of range";
    EDEADLK = 35, "Resource deadlock avoided";
    ENAMETOOLONG = 36, "File name too long";
    ENOSYS = 38, "Function not implemented";
    ENOTEMPTY = 39, "Directory not empty";
    ELOOP = 40, "Too many levels of symbolic links";
    ENODATA = 61, "No data available";
    EOVERFLOW = 75, "Value too large for defined data type";
    EILSEQ = 84, "Invalid or incomplete multibyte or wide character";
    ENOTSOCK = 88, "Socket operation on non-socket";
    EDESTADDRREQ = 89, "Destination address required";
    EMSGSIZE = 90, "Message too long";
    EPROTOTYPE = 91, "Protocol wrong type for socket";
    ENOPROTOOPT = 92, "Protocol not available";
    EPROTONOSUPPORT = 93, "Protocol not supported";
    EOPNOTSUPP = 95, "Operation not supported";
    EAFNOSUPPORT = 97, "Address family not supported by protocol";
    EADDRINUSE = 98, "Address already in use";
    EADDRNOTAVAIL = 99, "Cannot assign requested address";
    ENETDOWN = 100, "Network is down";
    ENETUNREACH = 101, "Network is unreachable";
    ECONNABORTED = 103, "Software caused connection abort";
    ECONNRESET = 104, "Connection reset by peer";
    ENOBUFS = 105, "No buffer space available";
    EISCONN = 106, "Transport endpoint is already connected";
    ENOTCONN = 107, "Transport endpoint is not connected";
    ETIMEDOUT = 110, "Connection timed out";
    ECONNREFUSED = 111, "Connection refused";
    EHOSTUNREACH = 113, "No route to host";
    EALREADY = 114, "Operation already in progress";
    EINPROGRESS = 115, "Operation now in progress";
    ESTALE = 116, "Stale file handle";
    EDQUOT = 122, "Disk quota exceeded";
    ECANCELED = 125, "Operation canceled";
}

impl Errno {
    /// Converts a host `errno` (as returned by libc on Linux) into a kernel errno.
    pub fn from_host(code: i32) -> Errno {
        Errno(code)
    }

    /// The last host OS error of this thread.
    pub fn last_host() -> Errno {
        Errno(std::io::Error::last_os_error().raw_os_error().unwrap_or(libc::EIO))
    }
}

impl fmt::Debug for Errno {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl fmt::Display for Errno {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.message(), self.name())
    }
}

impl std::error::Error for Errno {}

/// A configurable resource limit of a VM or a process.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Limit {
    /// Processes alive (running or zombie) in one VM.
    Processes,
    /// Open file descriptors of one process.
    OpenFiles,
    /// Bytes stored in the VM's writable filesystem.
    FsBytes,
    /// Inodes in the VM's writable filesystem.
    FsInodes,
    /// Bytes of pipe buffers allocated in one VM.
    PipeBuffers,
    /// Bytes buffered in one VM's sockets (stream buffers and datagram queues).
    SocketBuffers,
    /// CPU time of one process, in milliseconds (enforced by the backend running it).
    CpuTime,
    /// Wall-clock time of one process, in milliseconds.
    WallTime,
    /// Linear memory (or heap) of one process, in bytes.
    Memory,
    /// Bytes of a new process's arguments and environment (each string and its NUL).
    ArgBytes,
    /// Bytes of a program module a process may run.
    ModuleBytes,
}

impl Limit {
    /// The key used in configuration (`--limit KEY=VALUE`).
    pub fn key(self) -> &'static str {
        match self {
            Limit::Processes => "processes",
            Limit::OpenFiles => "open_files",
            Limit::FsBytes => "fs_bytes",
            Limit::FsInodes => "fs_inodes",
            Limit::PipeBuffers => "pipe_buffers",
            Limit::SocketBuffers => "socket_buffers",
            Limit::CpuTime => "cpu_time_ms",
            Limit::WallTime => "wall_time_ms",
            Limit::Memory => "memory",
            Limit::ArgBytes => "arg_bytes",
            Limit::ModuleBytes => "module_bytes",
        }
    }

    /// Every limit, for listings and parsers.
    pub const ALL: [Limit; 11] = [
        Limit::Processes,
        Limit::OpenFiles,
        Limit::FsBytes,
        Limit::FsInodes,
        Limit::PipeBuffers,
        Limit::SocketBuffers,
        Limit::CpuTime,
        Limit::WallTime,
        Limit::Memory,
        Limit::ArgBytes,
        Limit::ModuleBytes,
    ];

    /// The errno Linux gives when this kind of resource runs out.
    pub fn errno(self) -> Errno {
        match self {
            Limit::Processes => Errno::EAGAIN,
            Limit::OpenFiles => Errno::EMFILE,
            Limit::FsBytes => Errno::ENOSPC,
            Limit::FsInodes => Errno::EDQUOT,
            Limit::PipeBuffers => Errno::ENFILE,
            Limit::SocketBuffers => Errno::ENOBUFS,
            Limit::CpuTime | Limit::WallTime => Errno::ETIMEDOUT,
            Limit::Memory => Errno::ENOMEM,
            Limit::ArgBytes => Errno::E2BIG,
            Limit::ModuleBytes => Errno::EFBIG,
        }
    }
}

impl fmt::Display for Limit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

/// Every fallible kernel operation returns this.
///
/// It is `Copy` and two words wide so hot paths pay nothing for it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// A plain POSIX failure.
    #[error("{0}")]
    Errno(Errno),
    /// A configured limit was reached; the guest sees `limit.errno()`.
    #[error("limit `{limit}` exceeded (max {max}); raise it with `--limit {limit}=VALUE`")]
    LimitExceeded { limit: Limit, max: u64 },
}

impl Error {
    /// The errno the guest sees.
    pub fn errno(self) -> Errno {
        match self {
            Error::Errno(e) => e,
            Error::LimitExceeded { limit, .. } => limit.errno(),
        }
    }
}

impl From<Errno> for Error {
    fn from(e: Errno) -> Self {
        Error::Errno(e)
    }
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Self {
        Error::Errno(Errno(e.raw_os_error().unwrap_or(libc::EIO)))
    }
}

impl PartialEq<Errno> for Error {
    fn eq(&self, other: &Errno) -> bool {
        self.errno() == *other
    }
}

/// Kernel result.
pub type Result<T, E = Error> = std::result::Result<T, E>;
