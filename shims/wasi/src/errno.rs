//! The one place kernel errnos become WASI errnos.
//!
//! The kernel speaks Linux numbering ([`burrow_kernel::Errno`]); WASI numbers its errnos
//! alphabetically. Every Linux errno the kernel defines maps to its WASI namesake; the few Linux
//! has and WASI lacks map to the nearest WASI meaning, and anything unknown (a host errno passed
//! through by a host mount) becomes `io`.

use burrow_kernel::Errno as Linux;

use crate::types::Errno;

/// Linux errnos the kernel does not name but a host-backed filesystem may pass through.
mod extra {
    pub const ENOTBLK: i32 = 15;
    pub const EDOM: i32 = 33;
    pub const ENOLCK: i32 = 37;
    pub const ENOMSG: i32 = 42;
    pub const EIDRM: i32 = 43;
    pub const ENOSTR: i32 = 60;
    pub const ETIME: i32 = 62;
    pub const ENOSR: i32 = 63;
    pub const ENOLINK: i32 = 67;
    pub const EPROTO: i32 = 71;
    pub const EMULTIHOP: i32 = 72;
    pub const EBADMSG: i32 = 74;
    pub const EUSERS: i32 = 87;
    pub const ESOCKTNOSUPPORT: i32 = 94;
    pub const EPFNOSUPPORT: i32 = 96;
    pub const ENETRESET: i32 = 102;
    pub const ESHUTDOWN: i32 = 108;
    pub const ETOOMANYREFS: i32 = 109;
    pub const EHOSTDOWN: i32 = 112;
    pub const EREMOTEIO: i32 = 121;
    pub const ENOMEDIUM: i32 = 123;
    pub const EMEDIUMTYPE: i32 = 124;
    pub const EOWNERDEAD: i32 = 130;
    pub const ENOTRECOVERABLE: i32 = 131;
}

/// The WASI errno for a Linux errno number.
pub fn from_linux(code: i32) -> Errno {
    use extra::*;
    match Linux(code) {
        Linux::EPERM => Errno::PERM,
        Linux::ENOENT => Errno::NOENT,
        Linux::ESRCH => Errno::SRCH,
        Linux::EINTR => Errno::INTR,
        Linux::EIO => Errno::IO,
        Linux::ENXIO => Errno::NXIO,
        Linux::E2BIG => Errno::TOOBIG,
        Linux::ENOEXEC => Errno::NOEXEC,
        Linux::EBADF => Errno::BADF,
        Linux::ECHILD => Errno::CHILD,
        // EWOULDBLOCK is EAGAIN on Linux.
        Linux::EAGAIN => Errno::AGAIN,
        Linux::ENOMEM => Errno::NOMEM,
        Linux::EACCES => Errno::ACCES,
        Linux::EFAULT => Errno::FAULT,
        Linux::EBUSY => Errno::BUSY,
        Linux::EEXIST => Errno::EXIST,
        Linux::EXDEV => Errno::XDEV,
        Linux::ENODEV => Errno::NODEV,
        Linux::ENOTDIR => Errno::NOTDIR,
        Linux::EISDIR => Errno::ISDIR,
        Linux::EINVAL => Errno::INVAL,
        Linux::ENFILE => Errno::NFILE,
        Linux::EMFILE => Errno::MFILE,
        Linux::ENOTTY => Errno::NOTTY,
        Linux::ETXTBSY => Errno::TXTBSY,
        Linux::EFBIG => Errno::FBIG,
        Linux::ENOSPC => Errno::NOSPC,
        Linux::ESPIPE => Errno::SPIPE,
        Linux::EROFS => Errno::ROFS,
        Linux::EMLINK => Errno::MLINK,
        Linux::EPIPE => Errno::PIPE,
        Linux::ERANGE => Errno::RANGE,
        // EDEADLOCK is EDEADLK on Linux.
        Linux::EDEADLK => Errno::DEADLK,
        Linux::ENAMETOOLONG => Errno::NAMETOOLONG,
        Linux::ENOSYS => Errno::NOSYS,
        Linux::ENOTEMPTY => Errno::NOTEMPTY,
        Linux::ELOOP => Errno::LOOP,
        // "No data available": a missing extended attribute, the only use the kernel makes of
        // it. WASI has no ENODATA; the entry does not exist.
        Linux::ENODATA => Errno::NOENT,
        Linux::EOVERFLOW => Errno::OVERFLOW,
        Linux::EILSEQ => Errno::ILSEQ,
        Linux::ENOTSOCK => Errno::NOTSOCK,
        Linux::EDESTADDRREQ => Errno::DESTADDRREQ,
        Linux::EMSGSIZE => Errno::MSGSIZE,
        Linux::EPROTOTYPE => Errno::PROTOTYPE,
        Linux::ENOPROTOOPT => Errno::NOPROTOOPT,
        Linux::EPROTONOSUPPORT => Errno::PROTONOSUPPORT,
        // ENOTSUP is EOPNOTSUPP on Linux.
        Linux::EOPNOTSUPP => Errno::NOTSUP,
        Linux::EAFNOSUPPORT => Errno::AFNOSUPPORT,
        Linux::EADDRINUSE => Errno::ADDRINUSE,
        Linux::EADDRNOTAVAIL => Errno::ADDRNOTAVAIL,
        Linux::ENETDOWN => Errno::NETDOWN,
        Linux::ENETUNREACH => Errno::NETUNREACH,
        Linux::ECONNABORTED => Errno::CONNABORTED,
        Linux::ECONNRESET => Errno::CONNRESET,
        Linux::ENOBUFS => Errno::NOBUFS,
        Linux::EISCONN => Errno::ISCONN,
        Linux::ENOTCONN => Errno::NOTCONN,
        Linux::ETIMEDOUT => Errno::TIMEDOUT,
        Linux::ECONNREFUSED => Errno::CONNREFUSED,
        Linux::EHOSTUNREACH => Errno::HOSTUNREACH,
        Linux::EALREADY => Errno::ALREADY,
        Linux::EINPROGRESS => Errno::INPROGRESS,
        Linux::ESTALE => Errno::STALE,
        Linux::EDQUOT => Errno::DQUOT,
        Linux::ECANCELED => Errno::CANCELED,
        Linux(c) => match c {
            EDOM => Errno::DOM,
            ENOLCK => Errno::NOLCK,
            ENOMSG => Errno::NOMSG,
            EIDRM => Errno::IDRM,
            ENOLINK => Errno::NOLINK,
            EPROTO => Errno::PROTO,
            EMULTIHOP => Errno::MULTIHOP,
            EBADMSG => Errno::BADMSG,
            ENETRESET => Errno::NETRESET,
            EOWNERDEAD => Errno::OWNERDEAD,
            ENOTRECOVERABLE => Errno::NOTRECOVERABLE,
            ETIME => Errno::TIMEDOUT,
            ESOCKTNOSUPPORT | EPFNOSUPPORT => Errno::NOTSUP,
            ESHUTDOWN => Errno::PIPE,
            EHOSTDOWN => Errno::HOSTUNREACH,
            ENOSR | ETOOMANYREFS | EUSERS => Errno::NOBUFS,
            ENOTBLK | ENOSTR | ENOMEDIUM | EMEDIUMTYPE => Errno::NODEV,
            EREMOTEIO => Errno::IO,
            _ => Errno::IO,
        },
    }
}

impl From<Linux> for Errno {
    fn from(e: Linux) -> Errno {
        from_linux(e.0)
    }
}

impl From<burrow_kernel::Error> for Errno {
    fn from(e: burrow_kernel::Error) -> Errno {
        from_linux(e.errno().0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kernel_errnos_map_to_their_namesakes() {
        assert_eq!(Errno::from(Linux::ENOENT), Errno::NOENT);
        assert_eq!(Errno::from(Linux::EAGAIN), Errno::AGAIN);
        assert_eq!(Errno::from(Linux::EOPNOTSUPP), Errno::NOTSUP);
        assert_eq!(Errno::from(Linux::E2BIG), Errno::TOOBIG);
        assert_eq!(Errno::from(Linux::ECANCELED), Errno::CANCELED);
        assert_eq!(from_linux(9999), Errno::IO);
        assert_eq!(from_linux(-1), Errno::IO);
    }

    #[test]
    fn every_named_kernel_errno_has_a_specific_mapping() {
        // Every errno the kernel names maps to something other than the catch-all `io`,
        // except EIO itself.
        for code in 1..200 {
            let linux = Linux(code);
            if linux.name() == "E?" || linux == Linux::EIO {
                continue;
            }
            assert_ne!(from_linux(code), Errno::IO, "{} falls through", linux.name());
        }
    }

    #[test]
    fn limits_map_through_their_errno() {
        let e = burrow_kernel::Error::LimitExceeded { limit: burrow_kernel::Limit::OpenFiles, max: 3 };
        assert_eq!(Errno::from(e), Errno::MFILE);
    }
}
