//! WASI preview1 errno values (what the `burrow` module returns and what Rust's raw OS errors are
//! on `wasm32-wasip1`), their names, and the texts GNU tools print for them.

use std::io;

pub const E2BIG: i32 = 1;
pub const EACCES: i32 = 2;
pub const EADDRINUSE: i32 = 3;
pub const EADDRNOTAVAIL: i32 = 4;
pub const EAFNOSUPPORT: i32 = 5;
pub const EAGAIN: i32 = 6;
pub const EALREADY: i32 = 7;
pub const EBADF: i32 = 8;
pub const EBADMSG: i32 = 9;
pub const EBUSY: i32 = 10;
pub const ECANCELED: i32 = 11;
pub const ECHILD: i32 = 12;
pub const ECONNABORTED: i32 = 13;
pub const ECONNREFUSED: i32 = 14;
pub const ECONNRESET: i32 = 15;
pub const EDEADLK: i32 = 16;
pub const EDESTADDRREQ: i32 = 17;
pub const EDOM: i32 = 18;
pub const EDQUOT: i32 = 19;
pub const EEXIST: i32 = 20;
pub const EFAULT: i32 = 21;
pub const EFBIG: i32 = 22;
pub const EHOSTUNREACH: i32 = 23;
pub const EIDRM: i32 = 24;
pub const EILSEQ: i32 = 25;
pub const EINPROGRESS: i32 = 26;
pub const EINTR: i32 = 27;
pub const EINVAL: i32 = 28;
pub const EIO: i32 = 29;
pub const EISCONN: i32 = 30;
pub const EISDIR: i32 = 31;
pub const ELOOP: i32 = 32;
pub const EMFILE: i32 = 33;
pub const EMLINK: i32 = 34;
pub const EMSGSIZE: i32 = 35;
pub const EMULTIHOP: i32 = 36;
pub const ENAMETOOLONG: i32 = 37;
pub const ENETDOWN: i32 = 38;
pub const ENETRESET: i32 = 39;
pub const ENETUNREACH: i32 = 40;
pub const ENFILE: i32 = 41;
pub const ENOBUFS: i32 = 42;
pub const ENODEV: i32 = 43;
pub const ENOENT: i32 = 44;
pub const ENOEXEC: i32 = 45;
pub const ENOLCK: i32 = 46;
pub const ENOLINK: i32 = 47;
pub const ENOMEM: i32 = 48;
pub const ENOMSG: i32 = 49;
pub const ENOPROTOOPT: i32 = 50;
pub const ENOSPC: i32 = 51;
pub const ENOSYS: i32 = 52;
pub const ENOTCONN: i32 = 53;
pub const ENOTDIR: i32 = 54;
pub const ENOTEMPTY: i32 = 55;
pub const ENOTRECOVERABLE: i32 = 56;
pub const ENOTSOCK: i32 = 57;
pub const ENOTSUP: i32 = 58;
pub const ENOTTY: i32 = 59;
pub const ENXIO: i32 = 60;
pub const EOVERFLOW: i32 = 61;
pub const EOWNERDEAD: i32 = 62;
pub const EPERM: i32 = 63;
pub const EPIPE: i32 = 64;
pub const EPROTO: i32 = 65;
pub const EPROTONOSUPPORT: i32 = 66;
pub const EPROTOTYPE: i32 = 67;
pub const ERANGE: i32 = 68;
pub const EROFS: i32 = 69;
pub const ESPIPE: i32 = 70;
pub const ESRCH: i32 = 71;
pub const ESTALE: i32 = 72;
pub const ETIMEDOUT: i32 = 73;
pub const ETXTBSY: i32 = 74;
pub const EXDEV: i32 = 75;
pub const ENOTCAPABLE: i32 = 76;

/// Each errno's name and the text Linux's `strerror` gives it (what GNU tools and bash print).
/// `ENOTCAPABLE`, which Linux lacks, reads as the `EACCES` it stands for.
const TABLE: [(&str, &str); 77] = [
    ("SUCCESS", "Success"),
    ("E2BIG", "Argument list too long"),
    ("EACCES", "Permission denied"),
    ("EADDRINUSE", "Address already in use"),
    ("EADDRNOTAVAIL", "Cannot assign requested address"),
    ("EAFNOSUPPORT", "Address family not supported by protocol"),
    ("EAGAIN", "Resource temporarily unavailable"),
    ("EALREADY", "Operation already in progress"),
    ("EBADF", "Bad file descriptor"),
    ("EBADMSG", "Bad message"),
    ("EBUSY", "Device or resource busy"),
    ("ECANCELED", "Operation canceled"),
    ("ECHILD", "No child processes"),
    ("ECONNABORTED", "Software caused connection abort"),
    ("ECONNREFUSED", "Connection refused"),
    ("ECONNRESET", "Connection reset by peer"),
    ("EDEADLK", "Resource deadlock avoided"),
    ("EDESTADDRREQ", "Destination address required"),
    ("EDOM", "Numerical argument out of domain"),
    ("EDQUOT", "Disk quota exceeded"),
    ("EEXIST", "File exists"),
    ("EFAULT", "Bad address"),
    ("EFBIG", "File too large"),
    ("EHOSTUNREACH", "No route to host"),
    ("EIDRM", "Identifier removed"),
    ("EILSEQ", "Invalid or incomplete multibyte or wide character"),
    ("EINPROGRESS", "Operation now in progress"),
    ("EINTR", "Interrupted system call"),
    ("EINVAL", "Invalid argument"),
    ("EIO", "Input/output error"),
    ("EISCONN", "Transport endpoint is already connected"),
    ("EISDIR", "Is a directory"),
    ("ELOOP", "Too many levels of symbolic links"),
    ("EMFILE", "Too many open files"),
    ("EMLINK", "Too many links"),
    ("EMSGSIZE", "Message too long"),
    ("EMULTIHOP", "Multihop attempted"),
    ("ENAMETOOLONG", "File name too long"),
    ("ENETDOWN", "Network is down"),
    ("ENETRESET", "Network dropped connection on reset"),
    ("ENETUNREACH", "Network is unreachable"),
    ("ENFILE", "Too many open files in system"),
    ("ENOBUFS", "No buffer space available"),
    ("ENODEV", "No such device"),
    ("ENOENT", "No such file or directory"),
    ("ENOEXEC", "Exec format error"),
    ("ENOLCK", "No locks available"),
    ("ENOLINK", "Link has been severed"),
    ("ENOMEM", "Cannot allocate memory"),
    ("ENOMSG", "No message of desired type"),
    ("ENOPROTOOPT", "Protocol not available"),
    ("ENOSPC", "No space left on device"),
    ("ENOSYS", "Function not implemented"),
    ("ENOTCONN", "Transport endpoint is not connected"),
    ("ENOTDIR", "Not a directory"),
    ("ENOTEMPTY", "Directory not empty"),
    ("ENOTRECOVERABLE", "State not recoverable"),
    ("ENOTSOCK", "Socket operation on non-socket"),
    ("ENOTSUP", "Operation not supported"),
    ("ENOTTY", "Inappropriate ioctl for device"),
    ("ENXIO", "No such device or address"),
    ("EOVERFLOW", "Value too large for defined data type"),
    ("EOWNERDEAD", "Owner died"),
    ("EPERM", "Operation not permitted"),
    ("EPIPE", "Broken pipe"),
    ("EPROTO", "Protocol error"),
    ("EPROTONOSUPPORT", "Protocol not supported"),
    ("EPROTOTYPE", "Protocol wrong type for socket"),
    ("ERANGE", "Numerical result out of range"),
    ("EROFS", "Read-only file system"),
    ("ESPIPE", "Illegal seek"),
    ("ESRCH", "No such process"),
    ("ESTALE", "Stale file handle"),
    ("ETIMEDOUT", "Connection timed out"),
    ("ETXTBSY", "Text file busy"),
    ("EXDEV", "Invalid cross-device link"),
    ("ENOTCAPABLE", "Permission denied"),
];

/// The errno's name (`"ENOENT"`), or `None` if it is not a WASI errno.
pub fn name(errno: i32) -> Option<&'static str> {
    usize::try_from(errno).ok().and_then(|i| TABLE.get(i)).map(|&(name, _)| name)
}

/// Linux's `strerror` text for a WASI errno (`"No such file or directory"`), or `None` if it is
/// not one.
pub fn message(errno: i32) -> Option<&'static str> {
    usize::try_from(errno).ok().and_then(|i| TABLE.get(i)).map(|&(_, text)| text)
}

/// The text GNU tools print for an I/O error, without Rust's "(os error N)" suffix: Linux's
/// `strerror` wording for OS errors (WASI errnos on `wasm32-wasip1`, host ones elsewhere) and a
/// matching text for errors that carry only a kind.
pub fn strerror(err: &io::Error) -> String {
    if cfg!(target_os = "wasi") {
        if let Some(text) = err.raw_os_error().and_then(message) {
            return text.to_string();
        }
    }
    let text = match err.kind() {
        io::ErrorKind::NotFound => "No such file or directory",
        io::ErrorKind::PermissionDenied => "Permission denied",
        io::ErrorKind::AlreadyExists => "File exists",
        io::ErrorKind::IsADirectory => "Is a directory",
        io::ErrorKind::NotADirectory => "Not a directory",
        io::ErrorKind::DirectoryNotEmpty => "Directory not empty",
        io::ErrorKind::BrokenPipe => "Broken pipe",
        io::ErrorKind::InvalidInput => "Invalid argument",
        io::ErrorKind::ReadOnlyFilesystem => "Read-only file system",
        io::ErrorKind::UnexpectedEof => "Unexpected end of file",
        _ => {
            let s = err.to_string();
            return match s.find(" (os error") {
                Some(i) => s[..i].to_string(),
                None => s,
            };
        }
    };
    text.to_string()
}

/// Whether `err` is a write to a pipe whose reader is gone (`EPIPE`).
pub fn is_broken_pipe(err: &io::Error) -> bool {
    err.kind() == io::ErrorKind::BrokenPipe || (cfg!(target_os = "wasi") && err.raw_os_error() == Some(EPIPE))
}

/// A short deterministic description of an error: the errno's name for OS errors (`"ELOOP"`),
/// else its kind (`"Other"`).
pub fn describe(err: &io::Error) -> String {
    match err.raw_os_error() {
        Some(n) => match name(n) {
            Some(s) => s.to_string(),
            None => format!("errno {n}"),
        },
        None => format!("{:?}", err.kind()),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn names_match_abi_numbers() {
        assert_eq!(super::name(super::EFAULT), Some("EFAULT"));
        assert_eq!(super::name(21), Some("EFAULT"));
        assert_eq!(super::name(28), Some("EINVAL"));
        assert_eq!(super::name(68), Some("ERANGE"));
        assert_eq!(super::name(76), Some("ENOTCAPABLE"));
        assert_eq!(super::name(77), None);
        assert_eq!(super::name(-1), None);
    }

    #[test]
    fn messages_are_linux_strerror_texts() {
        assert_eq!(super::message(super::ENOENT), Some("No such file or directory"));
        assert_eq!(super::message(super::ETXTBSY), Some("Text file busy"));
        assert_eq!(super::message(super::ENOTCAPABLE), Some("Permission denied"));
        assert_eq!(super::message(77), None);
        let eof = std::io::Error::from(std::io::ErrorKind::UnexpectedEof);
        assert_eq!(super::strerror(&eof), "Unexpected end of file");
    }
}
