//! WASI preview1 errno values (what the `burrow` module returns and what Rust's raw OS errors are
//! on `wasm32-wasip1`) and their names.

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

const NAMES: [&str; 77] = [
    "SUCCESS",
    "E2BIG",
    "EACCES",
    "EADDRINUSE",
    "EADDRNOTAVAIL",
    "EAFNOSUPPORT",
    "EAGAIN",
    "EALREADY",
    "EBADF",
    "EBADMSG",
    "EBUSY",
    "ECANCELED",
    "ECHILD",
    "ECONNABORTED",
    "ECONNREFUSED",
    "ECONNRESET",
    "EDEADLK",
    "EDESTADDRREQ",
    "EDOM",
    "EDQUOT",
    "EEXIST",
    "EFAULT",
    "EFBIG",
    "EHOSTUNREACH",
    "EIDRM",
    "EILSEQ",
    "EINPROGRESS",
    "EINTR",
    "EINVAL",
    "EIO",
    "EISCONN",
    "EISDIR",
    "ELOOP",
    "EMFILE",
    "EMLINK",
    "EMSGSIZE",
    "EMULTIHOP",
    "ENAMETOOLONG",
    "ENETDOWN",
    "ENETRESET",
    "ENETUNREACH",
    "ENFILE",
    "ENOBUFS",
    "ENODEV",
    "ENOENT",
    "ENOEXEC",
    "ENOLCK",
    "ENOLINK",
    "ENOMEM",
    "ENOMSG",
    "ENOPROTOOPT",
    "ENOSPC",
    "ENOSYS",
    "ENOTCONN",
    "ENOTDIR",
    "ENOTEMPTY",
    "ENOTRECOVERABLE",
    "ENOTSOCK",
    "ENOTSUP",
    "ENOTTY",
    "ENXIO",
    "EOVERFLOW",
    "EOWNERDEAD",
    "EPERM",
    "EPIPE",
    "EPROTO",
    "EPROTONOSUPPORT",
    "EPROTOTYPE",
    "ERANGE",
    "EROFS",
    "ESPIPE",
    "ESRCH",
    "ESTALE",
    "ETIMEDOUT",
    "ETXTBSY",
    "EXDEV",
    "ENOTCAPABLE",
];

/// The errno's name (`"ENOENT"`), or `None` if it is not a WASI errno.
pub fn name(errno: i32) -> Option<&'static str> {
    usize::try_from(errno).ok().and_then(|i| NAMES.get(i).copied())
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
}
