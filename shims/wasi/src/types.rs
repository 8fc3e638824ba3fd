//! WASI preview1 types and constants, as the guest sees them (`wasi_snapshot_preview1.witx`).
//!
//! Structs cross as fixed little-endian layouts; each layout is described once here, as byte
//! offsets and sizes, and encoded field by field into guest memory (never by transmuting a Rust
//! struct, so host padding and alignment cannot leak into the guest).

/// A WASI errno.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Errno(pub u16);

macro_rules! wasi_errnos {
    ($($name:ident = $v:expr;)*) => {
        impl Errno { $(#[allow(missing_docs)] pub const $name: Errno = Errno($v);)* }
    };
}

wasi_errnos! {
    SUCCESS = 0; TOOBIG = 1; ACCES = 2; ADDRINUSE = 3; ADDRNOTAVAIL = 4; AFNOSUPPORT = 5;
    AGAIN = 6; ALREADY = 7; BADF = 8; BADMSG = 9; BUSY = 10; CANCELED = 11; CHILD = 12;
    CONNABORTED = 13; CONNREFUSED = 14; CONNRESET = 15; DEADLK = 16; DESTADDRREQ = 17; DOM = 18;
    DQUOT = 19; EXIST = 20; FAULT = 21; FBIG = 22; HOSTUNREACH = 23; IDRM = 24; ILSEQ = 25;
    INPROGRESS = 26; INTR = 27; INVAL = 28; IO = 29; ISCONN = 30; ISDIR = 31; LOOP = 32;
    MFILE = 33; MLINK = 34; MSGSIZE = 35; MULTIHOP = 36; NAMETOOLONG = 37; NETDOWN = 38;
    NETRESET = 39; NETUNREACH = 40; NFILE = 41; NOBUFS = 42; NODEV = 43; NOENT = 44;
    NOEXEC = 45; NOLCK = 46; NOLINK = 47; NOMEM = 48; NOMSG = 49; NOPROTOOPT = 50; NOSPC = 51;
    NOSYS = 52; NOTCONN = 53; NOTDIR = 54; NOTEMPTY = 55; NOTRECOVERABLE = 56; NOTSOCK = 57;
    NOTSUP = 58; NOTTY = 59; NXIO = 60; OVERFLOW = 61; OWNERDEAD = 62; PERM = 63; PIPE = 64;
    PROTO = 65; PROTONOSUPPORT = 66; PROTOTYPE = 67; RANGE = 68; ROFS = 69; SPIPE = 70;
    SRCH = 71; STALE = 72; TIMEDOUT = 73; TXTBSY = 74; XDEV = 75; NOTCAPABLE = 76;
}

impl Errno {
    /// The value returned to the guest.
    pub fn raw(self) -> i32 {
        self.0 as i32
    }
}

/// `filetype`: what a descriptor or directory entry refers to.
pub mod filetype {
    pub const UNKNOWN: u8 = 0;
    pub const BLOCK_DEVICE: u8 = 1;
    pub const CHARACTER_DEVICE: u8 = 2;
    pub const DIRECTORY: u8 = 3;
    pub const REGULAR_FILE: u8 = 4;
    pub const SOCKET_DGRAM: u8 = 5;
    pub const SOCKET_STREAM: u8 = 6;
    pub const SYMBOLIC_LINK: u8 = 7;
}

/// `clockid`.
pub mod clockid {
    pub const REALTIME: u32 = 0;
    pub const MONOTONIC: u32 = 1;
    pub const PROCESS_CPUTIME_ID: u32 = 2;
    pub const THREAD_CPUTIME_ID: u32 = 3;
}

/// `whence` of `fd_seek`.
pub mod whence {
    pub const SET: i32 = 0;
    pub const CUR: i32 = 1;
    pub const END: i32 = 2;
}

/// `advice` of `fd_advise`: `normal` (0) to `noreuse` (5).
pub const ADVICE_MAX: i32 = 5;

/// `fdflags`.
pub mod fdflags {
    pub const APPEND: u16 = 1 << 0;
    pub const DSYNC: u16 = 1 << 1;
    pub const NONBLOCK: u16 = 1 << 2;
    pub const RSYNC: u16 = 1 << 3;
    pub const SYNC: u16 = 1 << 4;
    /// Every defined flag.
    pub const ALL: u16 = APPEND | DSYNC | NONBLOCK | RSYNC | SYNC;
}

/// `oflags` of `path_open`.
pub mod oflags {
    pub const CREAT: u16 = 1 << 0;
    pub const DIRECTORY: u16 = 1 << 1;
    pub const EXCL: u16 = 1 << 2;
    pub const TRUNC: u16 = 1 << 3;
    /// Every defined flag.
    pub const ALL: u16 = CREAT | DIRECTORY | EXCL | TRUNC;
}

/// `lookupflags`: bit 0 follows a final symlink.
pub const LOOKUP_SYMLINK_FOLLOW: i32 = 1;

/// `fstflags` of the `*_filestat_set_times` calls.
pub mod fstflags {
    pub const ATIM: u16 = 1 << 0;
    pub const ATIM_NOW: u16 = 1 << 1;
    pub const MTIM: u16 = 1 << 2;
    pub const MTIM_NOW: u16 = 1 << 3;
    /// Every defined flag.
    pub const ALL: u16 = ATIM | ATIM_NOW | MTIM | MTIM_NOW;
}

/// `rights`: the capability bits preview1 attaches to descriptors.
///
/// Burrow does not enforce them (the kernel's access modes and permissions do the real work),
/// but reports plausible sets, because guests and the conformance suite read them: see
/// [`crate::preview1`]'s module documentation.
pub mod rights {
    pub const FD_DATASYNC: u64 = 1 << 0;
    pub const FD_READ: u64 = 1 << 1;
    pub const FD_SEEK: u64 = 1 << 2;
    pub const FD_FDSTAT_SET_FLAGS: u64 = 1 << 3;
    pub const FD_SYNC: u64 = 1 << 4;
    pub const FD_TELL: u64 = 1 << 5;
    pub const FD_WRITE: u64 = 1 << 6;
    pub const FD_ADVISE: u64 = 1 << 7;
    pub const FD_ALLOCATE: u64 = 1 << 8;
    pub const PATH_CREATE_DIRECTORY: u64 = 1 << 9;
    pub const PATH_CREATE_FILE: u64 = 1 << 10;
    pub const PATH_LINK_SOURCE: u64 = 1 << 11;
    pub const PATH_LINK_TARGET: u64 = 1 << 12;
    pub const PATH_OPEN: u64 = 1 << 13;
    pub const FD_READDIR: u64 = 1 << 14;
    pub const PATH_READLINK: u64 = 1 << 15;
    pub const PATH_RENAME_SOURCE: u64 = 1 << 16;
    pub const PATH_RENAME_TARGET: u64 = 1 << 17;
    pub const PATH_FILESTAT_GET: u64 = 1 << 18;
    pub const PATH_FILESTAT_SET_SIZE: u64 = 1 << 19;
    pub const PATH_FILESTAT_SET_TIMES: u64 = 1 << 20;
    pub const FD_FILESTAT_GET: u64 = 1 << 21;
    pub const FD_FILESTAT_SET_SIZE: u64 = 1 << 22;
    pub const FD_FILESTAT_SET_TIMES: u64 = 1 << 23;
    pub const PATH_SYMLINK: u64 = 1 << 24;
    pub const PATH_REMOVE_DIRECTORY: u64 = 1 << 25;
    pub const PATH_UNLINK_FILE: u64 = 1 << 26;
    pub const POLL_FD_READWRITE: u64 = 1 << 27;
    pub const SOCK_SHUTDOWN: u64 = 1 << 28;
    pub const SOCK_ACCEPT: u64 = 1 << 29;

    /// Rights that reading needs (`path_open` opens for reading when any is asked for).
    pub const READING: u64 = FD_READ | FD_READDIR;
    /// Rights that writing needs (`path_open` opens for writing when any is asked for).
    pub const WRITING: u64 = FD_DATASYNC | FD_WRITE | FD_ALLOCATE | FD_FILESTAT_SET_SIZE;

    /// What a directory descriptor reports as its base rights (wasmtime's set: no seeking, no
    /// writing, no truncation through the directory itself).
    pub const DIRECTORY_BASE: u64 = PATH_CREATE_DIRECTORY
        | PATH_CREATE_FILE
        | PATH_LINK_SOURCE
        | PATH_LINK_TARGET
        | PATH_OPEN
        | FD_READDIR
        | PATH_READLINK
        | PATH_RENAME_SOURCE
        | PATH_RENAME_TARGET
        | PATH_SYMLINK
        | PATH_REMOVE_DIRECTORY
        | PATH_UNLINK_FILE
        | PATH_FILESTAT_GET
        | PATH_FILESTAT_SET_TIMES
        | FD_FILESTAT_GET
        | FD_FILESTAT_SET_TIMES;

    /// What a file descriptor opened for reading and writing reports.
    pub const FILE_BASE: u64 = FD_DATASYNC
        | FD_READ
        | FD_SEEK
        | FD_FDSTAT_SET_FLAGS
        | FD_SYNC
        | FD_TELL
        | FD_WRITE
        | FD_ADVISE
        | FD_ALLOCATE
        | FD_FILESTAT_GET
        | FD_FILESTAT_SET_SIZE
        | FD_FILESTAT_SET_TIMES
        | POLL_FD_READWRITE;

    /// What a directory reports as inheritable: everything a file or directory opened below it
    /// may have.
    pub const DIRECTORY_INHERITING: u64 = DIRECTORY_BASE | FILE_BASE;
}

/// `eventtype`, also the tag of a `subscription`.
pub mod eventtype {
    pub const CLOCK: u8 = 0;
    pub const FD_READ: u8 = 1;
    pub const FD_WRITE: u8 = 2;
}

/// `subclockflags`: bit 0 makes the timeout an absolute time of the clock.
pub const SUBSCRIPTION_CLOCK_ABSTIME: u16 = 1;

/// `eventrwflags`: bit 0, the peer hung up.
pub const EVENT_FD_READWRITE_HANGUP: u16 = 1;

/// `riflags` of `sock_recv`.
pub mod riflags {
    /// Return data without removing it (`MSG_PEEK`).
    pub const RECV_PEEK: u16 = 1 << 0;
    /// Wait until the buffers are full (`MSG_WAITALL`; streams only).
    pub const RECV_WAITALL: u16 = 1 << 1;
    pub const ALL: u16 = RECV_PEEK | RECV_WAITALL;
}

/// `roflags` of `sock_recv`: bit 0, the datagram was longer than the buffers.
pub const RECV_DATA_TRUNCATED: u16 = 1;

/// `sdflags` of `sock_shutdown`.
pub mod sdflags {
    pub const RD: u8 = 1 << 0;
    pub const WR: u8 = 1 << 1;
}

/// `preopentype`: a directory.
pub const PREOPENTYPE_DIR: u8 = 0;

/// `iovec` / `ciovec`: `{ buf: u32 @0, buf_len: u32 @4 }`.
pub const IOVEC_SIZE: u32 = 8;

/// `fdstat`: `{ fs_filetype: u8 @0, fs_flags: u16 @2, fs_rights_base: u64 @8,
/// fs_rights_inheriting: u64 @16 }`.
pub const FDSTAT_SIZE: usize = 24;

/// `filestat`: `{ dev @0, ino @8, filetype: u8 @16, nlink @24, size @32, atim @40, mtim @48,
/// ctim @56 }` (all `u64` but the filetype).
pub const FILESTAT_SIZE: usize = 64;

/// `dirent` header: `{ d_next: u64 @0, d_ino: u64 @8, d_namlen: u32 @16, d_type: u8 @20 }`,
/// followed in `fd_readdir`'s buffer by the name (not NUL-terminated).
pub const DIRENT_SIZE: usize = 24;

/// `prestat`: `{ tag: u8 @0, pr_name_len: u32 @4 }`.
pub const PRESTAT_SIZE: usize = 8;

/// `subscription`: `{ userdata: u64 @0, tag: u8 @8, union @16 }` where the union is
/// `clock { id: u32 @16, timeout: u64 @24, precision: u64 @32, flags: u16 @40 }` or
/// `fd_readwrite { fd: u32 @16 }`.
pub const SUBSCRIPTION_SIZE: u32 = 48;

/// `event`: `{ userdata: u64 @0, error: u16 @8, type: u8 @10,
/// fd_readwrite { nbytes: u64 @16, flags: u16 @24 } }`.
pub const EVENT_SIZE: u32 = 32;

/// WASI signal numbers (`signal` enum) and their Linux equivalents.
pub mod signal {
    /// WASI's `none`; not a signal.
    pub const NONE: i32 = 0;
    /// The highest WASI signal number (`sys`).
    pub const MAX: i32 = 30;

    /// The Linux number of WASI signal `sig` (1..=30). WASI numbers `hup` (1) to `term` (15)
    /// like Linux, then skips Linux's `SIGSTKFLT` (16): WASI `chld` (16) is Linux 17, and so on
    /// up to `sys` (30), Linux 31.
    pub fn to_linux(sig: i32) -> Option<u32> {
        match sig {
            1..=15 => Some(sig as u32),
            16..=MAX => Some(sig as u32 + 1),
            _ => None,
        }
    }
}
