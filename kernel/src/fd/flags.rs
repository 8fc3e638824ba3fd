//! Open flags and file status flags, with Linux's values.

/// `open(2)` flags (Linux x86_64 values).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct OpenFlags(pub u32);

impl OpenFlags {
    pub const RDONLY: OpenFlags = OpenFlags(0);
    pub const WRONLY: OpenFlags = OpenFlags(0o1);
    pub const RDWR: OpenFlags = OpenFlags(0o2);
    pub const ACCMODE: u32 = 0o3;
    pub const CREAT: OpenFlags = OpenFlags(0o100);
    pub const EXCL: OpenFlags = OpenFlags(0o200);
    pub const NOCTTY: OpenFlags = OpenFlags(0o400);
    pub const TRUNC: OpenFlags = OpenFlags(0o1000);
    pub const APPEND: OpenFlags = OpenFlags(0o2000);
    pub const NONBLOCK: OpenFlags = OpenFlags(0o4000);
    pub const DSYNC: OpenFlags = OpenFlags(0o10000);
    pub const DIRECTORY: OpenFlags = OpenFlags(0o200000);
    pub const NOFOLLOW: OpenFlags = OpenFlags(0o400000);
    pub const CLOEXEC: OpenFlags = OpenFlags(0o2000000);
    pub const SYNC: OpenFlags = OpenFlags(0o4010000);
    pub const PATH: OpenFlags = OpenFlags(0o10000000);

    /// Whether every bit of `other` is set.
    pub fn contains(self, other: OpenFlags) -> bool {
        self.0 & other.0 == other.0
    }

    /// The access mode.
    pub fn access(self) -> Access {
        if self.contains(OpenFlags::PATH) {
            return Access::PATH;
        }
        match self.0 & Self::ACCMODE {
            0 => Access::READ,
            1 => Access::WRITE,
            _ => Access::READ_WRITE,
        }
    }
}

impl std::ops::BitOr for OpenFlags {
    type Output = OpenFlags;
    fn bitor(self, rhs: OpenFlags) -> OpenFlags {
        OpenFlags(self.0 | rhs.0)
    }
}

/// What an open file description may do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Access {
    pub read: bool,
    pub write: bool,
}

impl Access {
    pub const READ: Access = Access { read: true, write: false };
    pub const WRITE: Access = Access { read: false, write: true };
    pub const READ_WRITE: Access = Access { read: true, write: true };
    /// `O_PATH`: neither; only usable as a directory handle or for fstat.
    pub const PATH: Access = Access { read: false, write: false };
}

/// Status flags an open file description carries (`F_GETFL`/`F_SETFL`).
#[derive(Debug)]
pub struct StatusFlags {
    access: Access,
    bits: std::sync::atomic::AtomicU32,
}

impl StatusFlags {
    /// Flags that `F_SETFL` may change.
    pub const SETTABLE: u32 = OpenFlags::APPEND.0 | OpenFlags::NONBLOCK.0;

    /// From the flags given to `open`.
    pub fn new(flags: OpenFlags) -> StatusFlags {
        StatusFlags {
            access: flags.access(),
            bits: std::sync::atomic::AtomicU32::new(flags.0 & (Self::SETTABLE | OpenFlags::DSYNC.0 | OpenFlags::SYNC.0)),
        }
    }

    /// The access mode fixed at open.
    pub fn access(&self) -> Access {
        self.access
    }

    /// Flags as `F_GETFL` reports them (access mode included).
    pub fn get(&self) -> OpenFlags {
        let mode = match (self.access.read, self.access.write) {
            (true, true) => OpenFlags::RDWR.0,
            (false, true) => OpenFlags::WRONLY.0,
            (false, false) if self.access == Access::PATH => OpenFlags::PATH.0,
            _ => OpenFlags::RDONLY.0,
        };
        OpenFlags(mode | self.bits.load(std::sync::atomic::Ordering::Relaxed))
    }

    /// `F_SETFL`: changes only `O_APPEND` and `O_NONBLOCK`.
    pub fn set(&self, flags: OpenFlags) {
        let keep = self.bits.load(std::sync::atomic::Ordering::Relaxed) & !Self::SETTABLE;
        self.bits.store(keep | (flags.0 & Self::SETTABLE), std::sync::atomic::Ordering::Relaxed);
    }

    /// Whether `O_NONBLOCK` is set.
    pub fn nonblocking(&self) -> bool {
        self.bits.load(std::sync::atomic::Ordering::Relaxed) & OpenFlags::NONBLOCK.0 != 0
    }

    /// Whether `O_APPEND` is set.
    pub fn append(&self) -> bool {
        self.bits.load(std::sync::atomic::Ordering::Relaxed) & OpenFlags::APPEND.0 != 0
    }
}
