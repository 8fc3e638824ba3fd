//! The virtual filesystem: an inode-based [`FileSystem`] trait, its implementations, the mount
//! table and path resolution.
//!
//! Inodes are objects ([`NodeRef`]) rather than numbers, so a lookup walks from directory to
//! directory taking only that directory's lock: there is no filesystem-wide inode table on the
//! read, write or stat paths.

pub mod devfs;
pub mod hostfs;
mod host_quota;
pub mod layer;
pub mod memfs;
pub mod mount;
pub mod overlay;
pub mod path;
pub mod perm;

use std::any::Any;
use std::sync::Arc;

use crate::error::{Errno, Result};
use crate::time::Timespec;

/// The longest file name component, as on Linux (`NAME_MAX`).
pub const NAME_MAX: usize = 255;
/// The longest path, as on Linux (`PATH_MAX`, including the terminating NUL).
pub const PATH_MAX: usize = 4096;
/// Symlinks followed in one resolution before `ELOOP`, as on Linux.
pub const MAX_SYMLINKS: u32 = 40;

/// A shared handle to an inode of some filesystem.
pub type NodeRef = Arc<dyn Inode>;

/// The type bits of `st_mode`.
pub mod mode {
    pub const S_IFMT: u32 = 0o170000;
    pub const S_IFSOCK: u32 = 0o140000;
    pub const S_IFLNK: u32 = 0o120000;
    pub const S_IFREG: u32 = 0o100000;
    pub const S_IFBLK: u32 = 0o060000;
    pub const S_IFDIR: u32 = 0o040000;
    pub const S_IFCHR: u32 = 0o020000;
    pub const S_IFIFO: u32 = 0o010000;
    pub const S_ISUID: u32 = 0o4000;
    pub const S_ISGID: u32 = 0o2000;
    pub const S_ISVTX: u32 = 0o1000;
    /// Permission and special bits (everything `chmod` may change).
    pub const PERM_MASK: u32 = 0o7777;
}

/// What kind of object an inode is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum FileType {
    Regular,
    Directory,
    Symlink,
    CharDevice,
    BlockDevice,
    Fifo,
    Socket,
}

impl FileType {
    /// The `S_IFMT` bits for this type.
    pub fn mode_bits(self) -> u32 {
        match self {
            FileType::Regular => mode::S_IFREG,
            FileType::Directory => mode::S_IFDIR,
            FileType::Symlink => mode::S_IFLNK,
            FileType::CharDevice => mode::S_IFCHR,
            FileType::BlockDevice => mode::S_IFBLK,
            FileType::Fifo => mode::S_IFIFO,
            FileType::Socket => mode::S_IFSOCK,
        }
    }

    /// The type encoded in `st_mode`, if it is a known one.
    pub fn from_mode(m: u32) -> Option<FileType> {
        Some(match m & mode::S_IFMT {
            mode::S_IFREG => FileType::Regular,
            mode::S_IFDIR => FileType::Directory,
            mode::S_IFLNK => FileType::Symlink,
            mode::S_IFCHR => FileType::CharDevice,
            mode::S_IFBLK => FileType::BlockDevice,
            mode::S_IFIFO => FileType::Fifo,
            mode::S_IFSOCK => FileType::Socket,
            _ => return None,
        })
    }
}

/// File attributes, as `stat(2)` reports them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Stat {
    pub dev: u64,
    pub ino: u64,
    /// Type and permission bits.
    pub mode: u32,
    pub nlink: u64,
    pub uid: u32,
    pub gid: u32,
    pub rdev: u64,
    /// Always the true length of the content.
    pub size: u64,
    pub blksize: u32,
    /// 512-byte blocks actually allocated.
    pub blocks: u64,
    pub atime: Timespec,
    pub mtime: Timespec,
    pub ctime: Timespec,
}

impl Stat {
    /// The attributes of an object that has no filesystem node (a pipe, a socket): one link,
    /// `perm` over `file_type`, every time the creation time.
    pub fn anonymous(dev: u64, ino: u64, file_type: FileType, perm: u32, created: Timespec) -> Stat {
        Stat {
            dev,
            ino,
            mode: file_type.mode_bits() | perm,
            nlink: 1,
            blksize: 4096,
            atime: created,
            mtime: created,
            ctime: created,
            ..Stat::default()
        }
    }

    /// The file type from `mode`.
    pub fn file_type(&self) -> FileType {
        FileType::from_mode(self.mode).unwrap_or(FileType::Regular)
    }

    /// The permission bits (`mode & 0o7777`).
    pub fn perm(&self) -> u32 {
        self.mode & mode::PERM_MASK
    }
}

/// A timestamp to set: the current time or a given one (`UTIME_NOW` / explicit).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimeSet {
    Now,
    At(Timespec),
}

/// Attribute changes for [`Inode::set_attr`]; `None` leaves a field as it is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SetAttr {
    /// New permission bits (type bits are ignored).
    pub mode: Option<u32>,
    pub uid: Option<u32>,
    pub gid: Option<u32>,
    /// Truncate or extend (regular files only).
    pub size: Option<u64>,
    pub atime: Option<TimeSet>,
    pub mtime: Option<TimeSet>,
}

/// Owner of a newly created inode.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Owner {
    pub uid: u32,
    pub gid: u32,
}

/// What [`Inode::create`] makes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NewNode<'a> {
    File,
    Dir,
    Symlink(&'a [u8]),
    /// A device, FIFO or socket node with its `rdev`.
    Special(FileType, u64),
}

/// One directory entry handed to a readdir sink.
#[derive(Clone, Copy, Debug)]
pub struct DirEntry<'a> {
    pub name: &'a [u8],
    pub ino: u64,
    pub file_type: FileType,
    /// Cookie that resumes the listing just after this entry.
    pub next: u64,
}

/// Flags for [`Inode::rename`] (Linux `renameat2`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RenameFlags {
    /// Fail with `EEXIST` rather than replace.
    pub noreplace: bool,
}

/// Filesystem-wide numbers for `statfs`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FsUsage {
    pub bytes_used: u64,
    pub bytes_max: u64,
    pub inodes_used: u64,
    pub inodes_max: u64,
}

/// A mountable filesystem.
pub trait FileSystem: Send + Sync + 'static {
    /// The root directory.
    fn root(&self) -> NodeRef;

    /// The `st_dev` its inodes report; unique per filesystem instance.
    fn dev(&self) -> u64;

    /// Short type name for `mount`-style listings ("memfs", "overlay", "hostfs", "devfs").
    fn kind(&self) -> &'static str;

    /// Whether every mutation fails with `EROFS`.
    fn read_only(&self) -> bool {
        false
    }

    /// Space and inode usage.
    fn usage(&self) -> FsUsage {
        FsUsage::default()
    }
}

/// An inode: a file, directory, symlink or special node of one filesystem.
///
/// Directory operations take names (single components, never `.` or `..`, never containing `/`);
/// the caller resolves paths and checks permissions. Operations a type does not support return
/// the errno Linux gives for them (the defaults below).
pub trait Inode: Send + Sync + 'static {
    /// Inode number, stable for the inode's lifetime.
    fn ino(&self) -> u64;

    /// The inode's type; cheap.
    fn file_type(&self) -> FileType;

    /// Attributes.
    fn stat(&self) -> Result<Stat>;

    /// Changes attributes. Truncation applies to regular files only (`EISDIR`/`EINVAL` otherwise).
    fn set_attr(&self, attr: &SetAttr) -> Result<()>;

    /// For downcasting to the filesystem's own node type (rename and link across directories).
    fn as_any(&self) -> &dyn Any;

    /// The `st_dev` of the filesystem this inode belongs to.
    fn dev(&self) -> u64;

    /// Finds `name` in this directory.
    fn lookup(&self, _name: &[u8]) -> Result<NodeRef> {
        Err(Errno::ENOTDIR.into())
    }

    /// Creates `name` in this directory; `EEXIST` if it exists.
    fn create(&self, _name: &[u8], _node: NewNode<'_>, _perm: u32, _owner: Owner) -> Result<NodeRef> {
        Err(Errno::ENOTDIR.into())
    }

    /// Adds a hard link `name` in this directory to `target` (`EXDEV` for another filesystem).
    fn link(&self, _name: &[u8], _target: &NodeRef) -> Result<()> {
        Err(Errno::ENOTDIR.into())
    }

    /// Removes the non-directory entry `name`.
    fn unlink(&self, _name: &[u8]) -> Result<()> {
        Err(Errno::ENOTDIR.into())
    }

    /// Removes the empty directory `name`.
    fn rmdir(&self, _name: &[u8]) -> Result<()> {
        Err(Errno::ENOTDIR.into())
    }

    /// Atomically moves entry `name` to `new_name` in `new_dir`, replacing a compatible target.
    ///
    /// Callers have already rejected moving a directory into its own subtree.
    fn rename(&self, _name: &[u8], _new_dir: &NodeRef, _new_name: &[u8], _flags: RenameFlags) -> Result<()> {
        Err(Errno::ENOTDIR.into())
    }

    /// Lists entries from `cookie` (0 = start; `.` and `..` are not included). The sink returns
    /// false to stop. Cookies stay valid across concurrent changes: an entry present for the whole
    /// listing is reported exactly once.
    fn readdir(&self, _cookie: u64, _sink: &mut dyn FnMut(DirEntry<'_>) -> bool) -> Result<()> {
        Err(Errno::ENOTDIR.into())
    }

    /// The parent directory, for directories other than the filesystem root.
    fn parent(&self) -> Option<NodeRef> {
        None
    }

    /// The name under which this directory sits in its parent (for `getcwd`).
    fn name_in_parent(&self) -> Option<Vec<u8>> {
        None
    }

    /// The target of a symlink.
    fn readlink(&self) -> Result<Vec<u8>> {
        Err(Errno::EINVAL.into())
    }

    /// Reads at `offset`; returns 0 at end of file.
    fn read_at(&self, _offset: u64, _buf: &mut [u8]) -> Result<usize> {
        Err(Errno::EISDIR.into())
    }

    /// Writes at `offset`, extending the file (holes read as zeros).
    fn write_at(&self, _offset: u64, _buf: &[u8]) -> Result<usize> {
        Err(Errno::EISDIR.into())
    }

    /// Appends atomically; returns the offset just past the written bytes.
    fn append(&self, buf: &[u8]) -> Result<u64> {
        let end = self.stat()?.size;
        let n = self.write_at(end, buf)?;
        Ok(end + n as u64)
    }

    /// Flushes to stable storage where there is any.
    fn sync(&self) -> Result<()> {
        Ok(())
    }

    /// Reads an extended attribute.
    fn get_xattr(&self, _name: &[u8]) -> Result<Vec<u8>> {
        Err(Errno::ENODATA.into())
    }

    /// Sets an extended attribute.
    fn set_xattr(&self, _name: &[u8], _value: &[u8]) -> Result<()> {
        Err(Errno::EOPNOTSUPP.into())
    }

    /// For devfs's `/dev/stdin`-style nodes: opening them duplicates this descriptor.
    fn fd_alias(&self) -> Option<u32> {
        None
    }

    /// An identity that names this content for good, if the content can never change (a file of
    /// a frozen image). Lets caches of compiled programs hit across VMs without hashing bytes.
    fn immutable_id(&self) -> Option<(u64, u64)> {
        None
    }
}

/// Returns true when both handles are the same inode.
pub fn same_node(a: &NodeRef, b: &NodeRef) -> bool {
    a.dev() == b.dev() && a.ino() == b.ino()
}

/// Checks that `name` is a valid single component for a directory operation.
pub fn check_name(name: &[u8]) -> Result<()> {
    if name.is_empty() {
        return Err(Errno::ENOENT.into());
    }
    if name.len() > NAME_MAX {
        return Err(Errno::ENAMETOOLONG.into());
    }
    if name.contains(&b'/') || name.contains(&0) {
        return Err(Errno::EINVAL.into());
    }
    Ok(())
}

/// Allocates a process-unique device number for a new filesystem instance.
pub fn new_dev() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0x100);
    NEXT.fetch_add(1, Ordering::Relaxed)
}
