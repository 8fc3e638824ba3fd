//! hostfs: a host directory exposed inside a VM, read-only or read-write, that cannot be
//! escaped.
//!
//! # Confinement
//!
//! A [`HostNode`] is a path relative to the mount root, made of validated components (never
//! empty, `.` or `..`, never containing `/` or NUL). Nothing is cached but an open data
//! descriptor: a node's identity is its path.
//!
//! Every host operation first opens the directory that holds the object with the raw
//! `openat2` syscall, relative to the descriptor of the mount root, with
//! `RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS`, then acts on the final name
//! with `*at` calls that never follow a symlink (`fstatat(AT_SYMLINK_NOFOLLOW)`, `mkdirat`,
//! `unlinkat`, `symlinkat`, `readlinkat`, `renameat2`, `linkat` without `AT_SYMLINK_FOLLOW`,
//! `utimensat(AT_SYMLINK_NOFOLLOW)`, `fchmodat2(AT_SYMLINK_NOFOLLOW)`, and `openat2` with
//! `O_NOFOLLOW` and the same resolve flags). The VM's path walker interprets symlinks itself,
//! inside the VM's tree ([`crate::vfs::path`]), so no host operation ever needs to follow one.
//! A symlink swapped in on the host while a call runs therefore makes the host call fail
//! instead of leading outside:
//!
//! * a symlink met while resolving a path gives `ELOOP` (passed on as is);
//! * a resolution that would leave the mount root (`EXDEV` from `openat2` under
//!   `RESOLVE_BENEATH`) gives `EACCES`. Validated components make this unreachable in
//!   practice; the mapping keeps a confinement violation from looking like a cross-device
//!   rename to the guest.
//!
//! Directories are opened `O_PATH`, so holding one open grants nothing by itself, and a
//! directory renamed or replaced after it was opened keeps the operation inside that
//! directory, which is inside the mount.
//!
//! # Hard links
//!
//! A regular file with more than one link may also have a name outside the mount (the guest
//! cannot make such a link, `linkat` stays inside the mount, but the host can). The VM may read
//! it, its content being the host's to share, but not change it: opening it for writing,
//! appending or truncating fails with `EACCES`, `chmod` and `utimes` with `EPERM`. Renaming or
//! unlinking the name inside the mount is allowed; the other names keep the file. A file the
//! guest links itself becomes read-only the same way once looked up again (the node that
//! created it keeps its descriptor).
//!
//! # Special files
//!
//! Device nodes, FIFOs and sockets found on the host can be looked up and `stat`ed, but reading
//! or writing them fails with `EACCES`, and the guest cannot create them (`EPERM`). Data files
//! are opened only after `fstatat` has shown a regular file, with
//! `O_NONBLOCK | O_NOFOLLOW | O_NOCTTY`, and the opened descriptor is checked again with `fstat`
//! (same device, inode and type), so a FIFO swapped in between can neither block the kernel nor
//! be used. A device node swapped in by a concurrent rename inside the mount could still be
//! *opened* (never read or written) in that window; hosts that share directories containing
//! device nodes should mount them `nodev`.
//!
//! # Ownership and modes
//!
//! Every object is reported as owned by [`HostFsOptions::owner`] (like an idmapped mount), so
//! the VM's user uses its mount through the mode bits; `chown` to anyone else fails with
//! `EPERM`. Modes the guest sets (on `chmod` and on creation, where the host's umask is undone)
//! never carry set-user-ID, nor set-group-ID on non-directories: the guest must not be able to
//! leave privileged executables on the host.
//!
//! # Open files
//!
//! The first read, write or truncation opens the file and keeps the descriptor in the node
//! (reopened read-write when a write follows reads); a node made by `create` keeps the
//! descriptor it created the file with, so, as with `open(O_CREAT)`, it may write a file its
//! new mode makes read-only. While a node holds a descriptor, `stat`, `chmod`, `utimes` and
//! I/O act on that file even if it has been renamed or replaced since: it is the file the VM
//! has open. Appends use a separate `O_APPEND` descriptor.
//!
//! # Quota
//!
//! A writable mount opened with [`HostFs::open_charged`] charges what the VM adds to the host
//! directory (file growth, new inodes, symlink targets) to the VM's [`FsQuota`], the one its
//! own filesystem charges, and gives back at most that (see [`super::host_quota`]): a guest
//! cannot fill the host's disk through a mount beyond its `fs_bytes` and `fs_inodes` limits.
//!
//! # Limits
//!
//! Linux only (`openat2`, 5.6+; mounting fails with `ENOSYS` without it). Each node with open
//! data holds a host descriptor, counted against the host process's `RLIMIT_NOFILE`. Host mounts
//! inside the shared directory are crossed (they are the host's choice). Inode numbers are the
//! host's, so a tree spanning several host filesystems may repeat them. Readdir cookies are the
//! host's `d_off` values, stable across changes on ext4, xfs, btrfs and tmpfs. Paths longer than
//! `PATH_MAX` below the mount root are unreachable. Extended attributes are not supported.
#![cfg(target_os = "linux")]

use std::any::Any;
use std::ffi::{CStr, CString};
use std::mem::MaybeUninit;
use std::os::fd::{AsFd, AsRawFd, BorrowedFd, FromRawFd, OwnedFd, RawFd};
use std::os::unix::ffi::OsStrExt;
use std::path::Path;
use std::sync::{Arc, OnceLock, Weak};

use parking_lot::Mutex;

use crate::error::{Errno, Error, Result};
use crate::limits::FsQuota;
use crate::time::Timespec;
use crate::vfs::host_quota::{FileId, MountQuota};
use crate::vfs::{
    check_name, mode, new_dev, DirEntry, FileSystem, FileType, FsUsage, Inode, NewNode, NodeRef, Owner,
    RenameFlags, SetAttr, Stat, TimeSet, PATH_MAX,
};

/// Resolve flags of every `openat2`: stay beneath the mount root and follow nothing.
const RESOLVE: u64 = libc::RESOLVE_BENEATH | libc::RESOLVE_NO_SYMLINKS | libc::RESOLVE_NO_MAGICLINKS;

/// Flags added to every open of a data file: never follow, never block, never gain a tty.
const DATA_OPEN: libc::c_int = libc::O_NOFOLLOW | libc::O_NONBLOCK | libc::O_NOCTTY;

/// `fchmodat2` (Linux 6.6), which honours `AT_SYMLINK_NOFOLLOW`; `None` where libc lacks it.
#[cfg(any(target_arch = "x86_64", target_arch = "x86"))]
const SYS_FCHMODAT2: Option<libc::c_long> = Some(libc::SYS_fchmodat2);
#[cfg(not(any(target_arch = "x86_64", target_arch = "x86")))]
const SYS_FCHMODAT2: Option<libc::c_long> = None;

/// How a host directory is mounted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct HostFsOptions {
    /// Every mutation fails with `EROFS`.
    pub read_only: bool,
    /// The uid and gid every host object is reported as owned by inside the VM.
    pub owner: Owner,
}

struct Shared {
    /// The mount root, opened `O_PATH | O_DIRECTORY`.
    root: OwnedFd,
    dev: u64,
    read_only: bool,
    owner: Owner,
    /// What the VM adds here is charged to (None: nothing is counted).
    quota: Option<MountQuota>,
}

impl Shared {
    /// Charges `bytes` and `inodes` ahead of a change, if the mount has a quota.
    fn charge(&self, bytes: u64, inodes: u64) -> Result<()> {
        match &self.quota {
            Some(q) if bytes > 0 || inodes > 0 => q.charge(bytes, inodes),
            _ => Ok(()),
        }
    }

    /// Gives back a charge whose change did not happen (or happened only in part).
    fn refund(&self, bytes: u64, inodes: u64) {
        if let Some(q) = &self.quota {
            q.refund(bytes, inodes);
        }
    }

    /// Books `bytes` (and an inode, if `created`) to the host object `st` describes.
    fn paid(&self, st: &libc::stat, bytes: u64, created: bool) {
        if let Some(q) = &self.quota {
            if bytes > 0 || created {
                q.paid(file_id(st), bytes, created);
            }
        }
    }

    /// The VM removed a name of the host object `st` describes (as it was): with its last name
    /// gone, what the VM paid for it comes back (see [`MountQuota::removed`]).
    fn removed(&self, st: &libc::stat) {
        if let Some(q) = &self.quota {
            if st.st_mode & libc::S_IFMT == libc::S_IFDIR || st.st_nlink <= 1 {
                q.removed(file_id(st));
            }
        }
    }

    fn writable(&self) -> Result<()> {
        if self.read_only {
            return Err(Errno::EROFS.into());
        }
        Ok(())
    }

    /// A host `stat` as the VM sees it: the mount's device, owner mapped.
    #[allow(clippy::unnecessary_cast)] // field types differ between architectures
    fn stat_of(&self, st: &libc::stat) -> Stat {
        Stat {
            dev: self.dev,
            ino: st.st_ino as u64,
            mode: st.st_mode as u32,
            nlink: st.st_nlink as u64,
            uid: self.owner.uid,
            gid: self.owner.gid,
            rdev: st.st_rdev as u64,
            size: st.st_size.max(0) as u64,
            blksize: st.st_blksize.max(0) as u32,
            blocks: st.st_blocks.max(0) as u64,
            atime: Timespec { sec: st.st_atime as i64, nsec: st.st_atime_nsec as u32 },
            mtime: Timespec { sec: st.st_mtime as i64, nsec: st.st_mtime_nsec as u32 },
            ctime: Timespec { sec: st.st_ctime as i64, nsec: st.st_ctime_nsec as u32 },
        }
    }
}

/// A host directory mounted in a VM.
pub struct HostFs {
    shared: Arc<Shared>,
    root: Arc<HostNode>,
}

impl HostFs {
    /// Mounts `host_dir` (resolved by the host, symlinks included: it is the host's choice).
    /// Fails with `ENOTDIR` if it is not a directory and `ENOSYS` if the host kernel lacks
    /// `openat2`.
    pub fn open(host_dir: &Path, options: HostFsOptions) -> Result<Arc<HostFs>, Error> {
        HostFs::mount(host_dir, options, None)
    }

    /// As [`HostFs::open`], charging what the VM adds to the directory to `quota` (see "Quota").
    pub fn open_charged(host_dir: &Path, options: HostFsOptions, quota: Arc<FsQuota>) -> Result<Arc<HostFs>, Error> {
        HostFs::mount(host_dir, options, Some(MountQuota::new(quota)))
    }

    fn mount(host_dir: &Path, options: HostFsOptions, quota: Option<MountQuota>) -> Result<Arc<HostFs>, Error> {
        let path = CString::new(host_dir.as_os_str().as_bytes()).map_err(|_| Errno::EINVAL)?;
        let fd = sys(|| {
            // SAFETY: `path` is a NUL-terminated string that outlives the call.
            unsafe { libc::open(path.as_ptr(), libc::O_PATH | libc::O_DIRECTORY | libc::O_CLOEXEC) }
        })?;
        // SAFETY: `open` just returned this descriptor and nothing else owns it.
        let root = unsafe { OwnedFd::from_raw_fd(fd) };
        // Refuse to mount at all where confined resolution is unavailable.
        openat2(root.as_raw_fd(), c".", libc::O_PATH | libc::O_DIRECTORY, 0)?;
        let st = fstat(root.as_raw_fd())?;
        let quota = quota.filter(|_| !options.read_only);
        let shared = Arc::new(Shared { root, dev: new_dev(), read_only: options.read_only, owner: options.owner, quota });
        let root = Arc::new_cyclic(|me| HostNode {
            shared: shared.clone(),
            me: me.clone(),
            parent: None,
            rel: Box::default(),
            name_start: 0,
            ino: st.st_ino,
            file_type: FileType::Directory,
            data: Mutex::new(None),
            appender: Mutex::new(None),
            held: OnceLock::new(),
        });
        tracing::debug!(host_dir = %host_dir.display(), read_only = options.read_only, "hostfs mounted");
        Ok(Arc::new(HostFs { shared, root }))
    }

    /// The root as a concrete node.
    pub fn root_node(&self) -> Arc<HostNode> {
        self.root.clone()
    }

    /// The owner every object is reported with.
    pub fn owner(&self) -> Owner {
        self.shared.owner
    }
}

impl FileSystem for HostFs {
    fn root(&self) -> NodeRef {
        self.root.clone()
    }

    fn dev(&self) -> u64 {
        self.shared.dev
    }

    fn kind(&self) -> &'static str {
        "hostfs"
    }

    fn read_only(&self) -> bool {
        self.shared.read_only
    }

    #[allow(clippy::unnecessary_cast)] // field types differ between architectures
    fn usage(&self) -> FsUsage {
        let mut sfs = MaybeUninit::<libc::statfs>::uninit();
        let fd = self.shared.root.as_raw_fd();
        // SAFETY: `sfs` is writable memory of the right type; `fd` is our open root.
        match sys(|| unsafe { libc::fstatfs(fd, sfs.as_mut_ptr()) }) {
            Ok(_) => {
                // SAFETY: `fstatfs` succeeded, so it filled `sfs`.
                let s = unsafe { sfs.assume_init() };
                let bsize = s.f_bsize as u64;
                let blocks = s.f_blocks as u64;
                let files = s.f_files as u64;
                FsUsage {
                    bytes_used: blocks.saturating_sub(s.f_bfree as u64).saturating_mul(bsize),
                    bytes_max: blocks.saturating_mul(bsize),
                    inodes_used: files.saturating_sub(s.f_ffree as u64),
                    inodes_max: files,
                }
            }
            Err(_) => FsUsage::default(),
        }
    }
}

/// A cached data descriptor and the access it was opened with.
struct OpenFile {
    fd: Arc<OwnedFd>,
    read: bool,
    write: bool,
}

/// A directory descriptor to act in: the mount root itself, or a directory opened beneath it.
enum DirFd<'a> {
    Root(BorrowedFd<'a>),
    Sub(OwnedFd),
}

impl DirFd<'_> {
    fn raw(&self) -> RawFd {
        match self {
            DirFd::Root(fd) => fd.as_raw_fd(),
            DirFd::Sub(fd) => fd.as_raw_fd(),
        }
    }
}

/// An inode of a [`HostFs`]: a path beneath the mount root.
pub struct HostNode {
    shared: Arc<Shared>,
    me: Weak<HostNode>,
    /// The directory this node was looked up or created in (`None` for the root).
    parent: Option<Arc<HostNode>>,
    /// Validated components joined by `/`; empty for the root.
    rel: Box<[u8]>,
    /// Where the last component starts in `rel`.
    name_start: usize,
    /// The host inode number when the node was looked up.
    ino: u64,
    /// The type when the node was looked up.
    file_type: FileType,
    /// Descriptor for reads, writes and truncation, opened on first use.
    data: Mutex<Option<OpenFile>>,
    /// `O_APPEND` descriptor, opened on the first append; the lock makes write + offset atomic.
    appender: Mutex<Option<OwnedFd>>,
    /// The file this node holds open, once it opened one (counted in the mount's quota).
    held: OnceLock<FileId>,
}

impl Drop for HostNode {
    /// The last node holding a file the VM removed gives back what it cost: the host frees its
    /// blocks now.
    fn drop(&mut self) {
        let (Some(q), Some(&id)) = (&self.shared.quota, self.held.get()) else { return };
        let data = self.data.get_mut().as_ref().map(|f| f.fd.as_raw_fd());
        let fd = data.or_else(|| self.appender.get_mut().as_ref().map(|f| f.as_raw_fd()));
        let gone = fd.and_then(|fd| fstat(fd).ok()).is_some_and(|st| st.st_nlink == 0);
        q.closed(id, gone);
    }
}

impl HostNode {
    /// The path relative to the mount root (empty for the root).
    pub fn relative_path(&self) -> &[u8] {
        &self.rel
    }

    fn child(&self, name: &[u8], ino: u64, file_type: FileType, data: Option<OpenFile>) -> Arc<HostNode> {
        let mut rel = Vec::with_capacity(self.rel.len() + 1 + name.len());
        if !self.rel.is_empty() {
            rel.extend_from_slice(&self.rel);
            rel.push(b'/');
        }
        let name_start = rel.len();
        rel.extend_from_slice(name);
        Arc::new_cyclic(|me| HostNode {
            shared: self.shared.clone(),
            me: me.clone(),
            parent: self.me.upgrade(),
            rel: rel.into(),
            name_start,
            ino,
            file_type,
            data: Mutex::new(data),
            appender: Mutex::new(None),
            held: OnceLock::new(),
        })
    }

    /// `create` once its quota is charged (`bytes` and an inode): makes the host object and
    /// books the charge to it.
    fn create_charged(&self, name: &[u8], node: NewNode<'_>, perm: u32, _owner: Owner, bytes: u64) -> Result<NodeRef> {
        let (dir, cname) = self.entry(name)?;
        let d = dir.raw();
        match node {
            NewNode::File => {
                let perm = host_perm(perm, false);
                let flags = libc::O_RDWR | libc::O_CREAT | libc::O_EXCL | libc::O_NOFOLLOW;
                let fd = openat2(d, &cname, flags, perm)?;
                let raw = fd.as_raw_fd();
                // SAFETY: fchmod on a descriptor we own; it undoes the host's umask.
                if let Err(e) = sys(|| unsafe { libc::fchmod(raw, perm) }) {
                    tracing::debug!(error = %e, "hostfs: could not set the mode of a new file");
                }
                let st = fstat(raw)?;
                self.shared.paid(&st, bytes, true);
                let data = OpenFile { fd: Arc::new(fd), read: true, write: true };
                let child = self.child(name, st.st_ino, FileType::Regular, Some(data));
                child.hold(&st);
                Ok(child)
            }
            NewNode::Dir => {
                let perm = host_perm(perm, true);
                // SAFETY: `cname` is NUL-terminated; mkdirat never follows the final component.
                sys(|| unsafe { libc::mkdirat(d, cname.as_ptr(), perm as libc::mode_t) })?;
                if let Err(e) = chmod_at(d, &cname, perm) {
                    tracing::debug!(error = %e, "hostfs: could not set the mode of a new directory");
                }
                let st = fstatat(d, &cname)?;
                self.shared.paid(&st, bytes, true);
                Ok(self.child(name, st.st_ino, type_of(st.st_mode)?, None))
            }
            NewNode::Symlink(target) => {
                if target.is_empty() {
                    return Err(Errno::ENOENT.into());
                }
                // Stored verbatim; only the VM's walker ever interprets it.
                let target = CString::new(target).map_err(|_| Errno::EINVAL)?;
                // SAFETY: both strings are NUL-terminated and outlive the call.
                sys(|| unsafe { libc::symlinkat(target.as_ptr(), d, cname.as_ptr()) })?;
                let st = fstatat(d, &cname)?;
                self.shared.paid(&st, bytes, true);
                Ok(self.child(name, st.st_ino, type_of(st.st_mode)?, None))
            }
            NewNode::Special(..) => unreachable!("refused above"),
        }
    }
    /// Records, once, that this node holds the file of `st` open.
    fn hold(&self, st: &libc::stat) {
        if let Some(q) = &self.shared.quota {
            let id = file_id(st);
            if self.held.set(id).is_ok() {
                q.opened(id);
            }
        }
    }

    /// Opens the directory at `rel` (validated components) beneath the root.
    fn open_rel_dir(&self, rel: &[u8]) -> Result<DirFd<'_>> {
        if rel.is_empty() {
            return Ok(DirFd::Root(self.shared.root.as_fd()));
        }
        let path = CString::new(rel).map_err(|_| Errno::EINVAL)?;
        let fd = openat2(self.shared.root.as_raw_fd(), &path, libc::O_PATH | libc::O_DIRECTORY, 0)?;
        Ok(DirFd::Sub(fd))
    }

    /// The directory holding this node and the node's name in it (`.` in the root for the root).
    fn location(&self) -> Result<(DirFd<'_>, CString)> {
        if self.rel.is_empty() {
            return Ok((DirFd::Root(self.shared.root.as_fd()), c".".to_owned()));
        }
        let parent = &self.rel[..self.name_start.saturating_sub(1)];
        let name = CString::new(&self.rel[self.name_start..]).map_err(|_| Errno::EINVAL)?;
        Ok((self.open_rel_dir(parent)?, name))
    }

    /// For an operation on entry `name` of this directory: this directory opened, `name` checked.
    fn entry(&self, name: &[u8]) -> Result<(DirFd<'_>, CString)> {
        if self.file_type != FileType::Directory {
            return Err(Errno::ENOTDIR.into());
        }
        let name = component(name)?;
        Ok((self.open_rel_dir(&self.rel)?, name))
    }

    fn downcast<'a>(&self, node: &'a NodeRef) -> Result<&'a HostNode> {
        node.as_any()
            .downcast_ref::<HostNode>()
            .filter(|n| Arc::ptr_eq(&n.shared, &self.shared))
            .ok_or_else(|| Errno::EXDEV.into())
    }

    /// Fails unless this node was a regular file: the only type whose data is reachable.
    fn check_data(&self) -> Result<()> {
        match self.file_type {
            FileType::Regular => Ok(()),
            FileType::Directory => Err(Errno::EISDIR.into()),
            FileType::Symlink => Err(Errno::EINVAL.into()),
            _ => Err(Errno::EACCES.into()),
        }
    }

    fn cached_fd(&self) -> Option<Arc<OwnedFd>> {
        self.data.lock().as_ref().map(|f| f.fd.clone())
    }

    /// Opens the regular file at this node's path with `flags` (access mode and the like).
    fn open_regular(&self, flags: libc::c_int) -> Result<OwnedFd> {
        let (dir, name) = self.location()?;
        let before = fstatat(dir.raw(), &name)?;
        match before.st_mode & libc::S_IFMT {
            libc::S_IFREG => {}
            libc::S_IFDIR => return Err(Errno::EISDIR.into()),
            libc::S_IFLNK => return Err(Errno::ELOOP.into()),
            _ => return Err(Errno::EACCES.into()),
        }
        let writes = flags & libc::O_ACCMODE != libc::O_RDONLY;
        if writes && before.st_nlink > 1 {
            // It may have a name outside the mount (see "Hard links").
            return Err(Errno::EACCES.into());
        }
        let fd = openat2(dir.raw(), &name, flags | DATA_OPEN, 0)?;
        let after = fstat(fd.as_raw_fd())?;
        if after.st_mode & libc::S_IFMT != libc::S_IFREG
            || after.st_ino != before.st_ino
            || after.st_dev != before.st_dev
            || (writes && after.st_nlink > 1)
        {
            // Swapped (or linked) between the check and the open.
            return Err(Errno::EACCES.into());
        }
        self.hold(&after);
        let raw = fd.as_raw_fd();
        // SAFETY: plain fcntl calls on a descriptor we own.
        let fl = sys(|| unsafe { libc::fcntl(raw, libc::F_GETFL) })?;
        // SAFETY: as above; clearing O_NONBLOCK, which served only the open.
        sys(|| unsafe { libc::fcntl(raw, libc::F_SETFL, fl & !libc::O_NONBLOCK) })?;
        Ok(fd)
    }

    /// The cached data descriptor, (re)opened so that it allows writing or reading.
    fn data_fd(&self, write: bool) -> Result<Arc<OwnedFd>> {
        self.check_data()?;
        let mut cache = self.data.lock();
        let (had_read, had_write) = match cache.as_ref() {
            Some(f) if (write && f.write) || (!write && f.read) => return Ok(f.fd.clone()),
            Some(f) => (f.read, f.write),
            None => (false, false),
        };
        let (read, wr) = (had_read || !write, had_write || write);
        match self.open_regular(access(read, wr)) {
            Ok(fd) => {
                let fd = Arc::new(fd);
                *cache = Some(OpenFile { fd: fd.clone(), read, write: wr });
                Ok(fd)
            }
            // The union of accesses is refused (say, a write-only file): open just what this
            // call needs, and keep the cached descriptor for the other kind of access.
            Err(e) if e == Errno::EACCES && read && wr && cache.is_some() => {
                Ok(Arc::new(self.open_regular(access(!write, write))?))
            }
            Err(e) => Err(e),
        }
    }
}

impl Inode for HostNode {
    fn ino(&self) -> u64 {
        self.ino
    }

    fn file_type(&self) -> FileType {
        self.file_type
    }

    fn stat(&self) -> Result<Stat> {
        // An open data descriptor is the file the VM has open, even if renamed since.
        let st = match self.cached_fd() {
            Some(fd) => fstat(fd.as_raw_fd())?,
            None => {
                let (dir, name) = self.location()?;
                fstatat(dir.raw(), &name)?
            }
        };
        Ok(self.shared.stat_of(&st))
    }

    fn set_attr(&self, attr: &SetAttr) -> Result<()> {
        self.shared.writable()?;
        let owner = self.shared.owner;
        if attr.uid.is_some_and(|u| u != owner.uid) || attr.gid.is_some_and(|g| g != owner.gid) {
            return Err(Errno::EPERM.into());
        }
        if attr.size.is_some() {
            match self.file_type {
                FileType::Regular => {}
                FileType::Directory => return Err(Errno::EISDIR.into()),
                _ => return Err(Errno::EINVAL.into()),
            }
        }
        let cached = self.cached_fd();
        let changes_metadata = attr.mode.is_some() || attr.atime.is_some() || attr.mtime.is_some();
        if self.file_type == FileType::Regular && changes_metadata {
            let st = match &cached {
                Some(fd) => fstat(fd.as_raw_fd())?,
                None => {
                    let (dir, name) = self.location()?;
                    fstatat(dir.raw(), &name)?
                }
            };
            if st.st_nlink > 1 {
                // It may have a name outside the mount (see "Hard links").
                return Err(Errno::EPERM.into());
            }
        }
        if let Some(perm) = attr.mode {
            let perm = host_perm(perm, self.file_type == FileType::Directory);
            match &cached {
                Some(fd) => {
                    let raw = fd.as_raw_fd();
                    // SAFETY: fchmod on a descriptor we own.
                    sys(|| unsafe { libc::fchmod(raw, perm) })?;
                }
                None => {
                    let (dir, name) = self.location()?;
                    chmod_at(dir.raw(), &name, perm)?;
                }
            }
        }
        if let Some(size) = attr.size {
            let new_size = size;
            let size = libc::off_t::try_from(size).map_err(|_| Errno::EFBIG)?;
            let fd = self.data_fd(true)?;
            let raw = fd.as_raw_fd();
            let before = self.shared.quota.as_ref().map(|_| fstat(raw)).transpose()?;
            let old = before.as_ref().map_or(new_size, |st| st.st_size.max(0) as u64);
            let growth = new_size.saturating_sub(old);
            self.shared.charge(growth, 0)?;
            // SAFETY: ftruncate on a descriptor we own.
            if let Err(e) = sys(|| unsafe { libc::ftruncate(raw, size) }) {
                self.shared.refund(growth, 0);
                return Err(e);
            }
            if let (Some(q), Some(st)) = (&self.shared.quota, &before) {
                q.paid(file_id(st), growth, false);
                q.shrunk(file_id(st), old.saturating_sub(new_size));
            }
        }
        if attr.atime.is_some() || attr.mtime.is_some() {
            let times = [utime(attr.atime), utime(attr.mtime)];
            match &cached {
                Some(fd) => {
                    let raw = fd.as_raw_fd();
                    // SAFETY: `times` is an array of two timespecs, as futimens reads.
                    sys(|| unsafe { libc::futimens(raw, times.as_ptr()) })?;
                }
                None => {
                    let (dir, name) = self.location()?;
                    let d = dir.raw();
                    // SAFETY: `name` is NUL-terminated and `times` holds two timespecs; the
                    // final component is not followed.
                    sys(|| unsafe {
                        libc::utimensat(d, name.as_ptr(), times.as_ptr(), libc::AT_SYMLINK_NOFOLLOW)
                    })?;
                }
            }
        }
        Ok(())
    }

    fn as_any(&self) -> &dyn Any {
        self
    }

    fn dev(&self) -> u64 {
        self.shared.dev
    }

    fn lookup(&self, name: &[u8]) -> Result<NodeRef> {
        let (dir, cname) = self.entry(name)?;
        let st = fstatat(dir.raw(), &cname)?;
        Ok(self.child(name, st.st_ino, type_of(st.st_mode)?, None))
    }

    fn create(&self, name: &[u8], node: NewNode<'_>, perm: u32, owner: Owner) -> Result<NodeRef> {
        self.shared.writable()?;
        let bytes = match node {
            NewNode::Special(..) => return Err(Errno::EPERM.into()),
            NewNode::Symlink(target) => target.len() as u64,
            _ => 0,
        };
        self.shared.charge(bytes, 1)?;
        let made = self.create_charged(name, node, perm, owner, bytes);
        if made.is_err() {
            self.shared.refund(bytes, 1);
        }
        made
    }

    fn link(&self, name: &[u8], target: &NodeRef) -> Result<()> {
        self.shared.writable()?;
        let target = self.downcast(target)?;
        if target.file_type == FileType::Directory {
            return Err(Errno::EPERM.into());
        }
        let (dir, cname) = self.entry(name)?;
        let (tdir, tname) = target.location()?;
        let (d, td) = (dir.raw(), tdir.raw());
        // SAFETY: both names are NUL-terminated; flags 0 links a symlink itself, never its target.
        sys(|| unsafe { libc::linkat(td, tname.as_ptr(), d, cname.as_ptr(), 0) })?;
        Ok(())
    }

    fn unlink(&self, name: &[u8]) -> Result<()> {
        self.shared.writable()?;
        let (dir, cname) = self.entry(name)?;
        let d = dir.raw();
        let before = self.shared.quota.as_ref().and_then(|_| fstatat(d, &cname).ok());
        // SAFETY: `cname` is NUL-terminated; unlinkat removes the entry itself.
        sys(|| unsafe { libc::unlinkat(d, cname.as_ptr(), 0) })?;
        if let Some(st) = before {
            self.shared.removed(&st);
        }
        Ok(())
    }

    fn rmdir(&self, name: &[u8]) -> Result<()> {
        self.shared.writable()?;
        let (dir, cname) = self.entry(name)?;
        let d = dir.raw();
        let before = self.shared.quota.as_ref().and_then(|_| fstatat(d, &cname).ok());
        // SAFETY: `cname` is NUL-terminated; AT_REMOVEDIR removes only an empty directory.
        sys(|| unsafe { libc::unlinkat(d, cname.as_ptr(), libc::AT_REMOVEDIR) })?;
        if let Some(st) = before {
            self.shared.removed(&st);
        }
        Ok(())
    }

    fn rename(&self, name: &[u8], new_dir: &NodeRef, new_name: &[u8], flags: RenameFlags) -> Result<()> {
        self.shared.writable()?;
        let new_parent = self.downcast(new_dir)?;
        let (src, sname) = self.entry(name)?;
        let (dst, dname) = new_parent.entry(new_name)?;
        let how = if flags.noreplace { libc::RENAME_NOREPLACE } else { 0 };
        let (s, d) = (src.raw(), dst.raw());
        let replaced = self.shared.quota.as_ref().and_then(|_| fstatat(d, &dname).ok());
        // SAFETY: both names are NUL-terminated; renameat2 moves entries and follows nothing.
        sys(|| unsafe { libc::renameat2(s, sname.as_ptr(), d, dname.as_ptr(), how) })?;
        if let Some(st) = replaced {
            // The entry renamed over is gone (a rename onto another name of the same file
            // leaves both, but then the counts say a link remains).
            self.shared.removed(&st);
        }
        Ok(())
    }

    fn readdir(&self, cookie: u64, sink: &mut dyn FnMut(DirEntry<'_>) -> bool) -> Result<()> {
        if self.file_type != FileType::Directory {
            return Err(Errno::ENOTDIR.into());
        }
        let path = if self.rel.is_empty() {
            c".".to_owned()
        } else {
            CString::new(&*self.rel).map_err(|_| Errno::EINVAL)?
        };
        let flags = libc::O_RDONLY | libc::O_DIRECTORY | libc::O_NOFOLLOW;
        let fd = match openat2(self.shared.root.as_raw_fd(), &path, flags, 0) {
            Ok(fd) => fd,
            // O_DIRECTORY reports a symlink swapped in for the directory as ENOTDIR; say ELOOP
            // like every other operation that meets one.
            Err(e) if e == Errno::ENOTDIR => {
                let (dir, name) = self.location()?;
                let st = fstatat(dir.raw(), &name)?;
                if st.st_mode & libc::S_IFMT == libc::S_IFLNK {
                    return Err(Errno::ELOOP.into());
                }
                return Err(e);
            }
            Err(e) => return Err(e),
        };
        let raw = fd.as_raw_fd();
        // Cookies are the host's `d_off` values: positions `lseek` accepts on this directory.
        if cookie != 0 {
            let off = libc::off_t::try_from(cookie).map_err(|_| Errno::EINVAL)?;
            // SAFETY: lseek on a directory descriptor we own.
            sys(|| unsafe { libc::lseek(raw, off, libc::SEEK_SET) })?;
        }
        let mut buf = vec![0u8; 16 * 1024];
        loop {
            let len = buf.len();
            let ptr = buf.as_mut_ptr();
            // SAFETY: getdents64 writes at most `len` bytes to `ptr`, which is our buffer.
            let n = sys(|| unsafe { libc::syscall(libc::SYS_getdents64, raw, ptr, len) })? as usize;
            if n == 0 {
                return Ok(());
            }
            let mut pos = 0;
            while pos < n {
                // struct linux_dirent64: d_ino u64, d_off i64, d_reclen u16, d_type u8, d_name.
                let rec = &buf[pos..n];
                if rec.len() < 19 {
                    return Err(Errno::EIO.into());
                }
                let ino = u64::from_ne_bytes(rec[0..8].try_into().expect("8 bytes"));
                let next = i64::from_ne_bytes(rec[8..16].try_into().expect("8 bytes")) as u64;
                let reclen = u16::from_ne_bytes(rec[16..18].try_into().expect("2 bytes")) as usize;
                if reclen < 19 || reclen > rec.len() {
                    return Err(Errno::EIO.into());
                }
                pos += reclen;
                let Ok(name) = CStr::from_bytes_until_nul(&rec[19..reclen]) else {
                    return Err(Errno::EIO.into());
                };
                let bytes = name.to_bytes();
                if bytes == b"." || bytes == b".." {
                    continue;
                }
                let file_type = match rec[18] {
                    libc::DT_REG => FileType::Regular,
                    libc::DT_DIR => FileType::Directory,
                    libc::DT_LNK => FileType::Symlink,
                    libc::DT_CHR => FileType::CharDevice,
                    libc::DT_BLK => FileType::BlockDevice,
                    libc::DT_FIFO => FileType::Fifo,
                    libc::DT_SOCK => FileType::Socket,
                    _ => match fstatat(raw, name).and_then(|st| type_of(st.st_mode)) {
                        Ok(t) => t,
                        // Gone since it was listed.
                        Err(_) => continue,
                    },
                };
                if !sink(DirEntry { name: bytes, ino, file_type, next }) {
                    return Ok(());
                }
            }
        }
    }

    fn parent(&self) -> Option<NodeRef> {
        self.parent.clone().map(|p| p as NodeRef)
    }

    fn name_in_parent(&self) -> Option<Vec<u8>> {
        (!self.rel.is_empty()).then(|| self.rel[self.name_start..].to_vec())
    }

    fn readlink(&self) -> Result<Vec<u8>> {
        if self.file_type != FileType::Symlink {
            return Err(Errno::EINVAL.into());
        }
        let (dir, name) = self.location()?;
        let d = dir.raw();
        let mut cap = PATH_MAX;
        loop {
            let mut buf = vec![0u8; cap];
            let ptr = buf.as_mut_ptr();
            // SAFETY: readlinkat writes at most `cap` bytes to our buffer; `name` is
            // NUL-terminated.
            let n = sys(|| unsafe { libc::readlinkat(d, name.as_ptr(), ptr.cast(), cap) })? as usize;
            if n < cap {
                buf.truncate(n);
                return Ok(buf);
            }
            cap *= 2;
        }
    }

    fn read_at(&self, offset: u64, buf: &mut [u8]) -> Result<usize> {
        let fd = self.data_fd(false)?;
        let off = libc::off_t::try_from(offset).map_err(|_| Errno::EINVAL)?;
        let raw = fd.as_raw_fd();
        let (ptr, len) = (buf.as_mut_ptr(), buf.len());
        // SAFETY: pread writes at most `len` bytes to `ptr`, which is `buf`.
        let n = sys(|| unsafe { libc::pread(raw, ptr.cast(), len, off) })?;
        Ok(n as usize)
    }

    fn write_at(&self, offset: u64, buf: &[u8]) -> Result<usize> {
        self.shared.writable()?;
        let fd = self.data_fd(true)?;
        if buf.is_empty() {
            return Ok(0);
        }
        let end = offset.checked_add(buf.len() as u64).filter(|&e| e <= i64::MAX as u64).ok_or(Errno::EFBIG)?;
        let raw = fd.as_raw_fd();
        let before = self.shared.quota.as_ref().map(|_| fstat(raw)).transpose()?;
        let size = before.as_ref().map_or(u64::MAX, |st| st.st_size.max(0) as u64);
        let growth = end.saturating_sub(size);
        self.shared.charge(growth, 0)?;
        let mut done = 0;
        while done < buf.len() {
            let rest = &buf[done..];
            let off = (offset + done as u64) as libc::off_t;
            // SAFETY: pwrite reads `rest.len()` bytes from `rest`.
            match sys(|| unsafe { libc::pwrite(raw, rest.as_ptr().cast(), rest.len(), off) }) {
                Ok(0) => break,
                Ok(n) => done += n as usize,
                Err(_) if done > 0 => break,
                Err(e) => {
                    self.shared.refund(growth, 0);
                    return Err(e);
                }
            }
        }
        let grew = (offset + done as u64).saturating_sub(size);
        self.shared.refund(growth - grew, 0);
        if let Some(st) = &before {
            self.shared.paid(st, grew, false);
        }
        Ok(done)
    }

    fn append(&self, buf: &[u8]) -> Result<u64> {
        self.shared.writable()?;
        self.check_data()?;
        let mut appender = self.appender.lock();
        if appender.is_none() {
            *appender = Some(self.open_regular(libc::O_WRONLY | libc::O_APPEND)?);
        }
        let raw = appender.as_ref().expect("opened above").as_raw_fd();
        if buf.is_empty() {
            return Ok(fstat(raw)?.st_size.max(0) as u64);
        }
        let growth = buf.len() as u64;
        let before = self.shared.quota.as_ref().map(|_| fstat(raw)).transpose()?;
        self.shared.charge(growth, 0)?;
        let mut done = 0;
        while done < buf.len() {
            let rest = &buf[done..];
            // SAFETY: write reads `rest.len()` bytes from `rest`.
            match sys(|| unsafe { libc::write(raw, rest.as_ptr().cast(), rest.len()) }) {
                Ok(0) => break,
                Ok(n) => done += n as usize,
                Err(_) if done > 0 => break,
                Err(e) => {
                    self.shared.refund(growth, 0);
                    return Err(e);
                }
            }
        }
        self.shared.refund(growth - done as u64, 0);
        if let Some(st) = &before {
            self.shared.paid(st, done as u64, false);
        }
        // The descriptor is ours alone and the lock is held: its offset is the end of our write.
        // SAFETY: lseek on a descriptor we own.
        let end = sys(|| unsafe { libc::lseek(raw, 0, libc::SEEK_CUR) })?;
        Ok(end as u64)
    }

    fn sync(&self) -> Result<()> {
        if let Some(fd) = self.cached_fd() {
            let raw = fd.as_raw_fd();
            // SAFETY: fsync on a descriptor we own.
            sys(|| unsafe { libc::fsync(raw) })?;
        }
        Ok(())
    }

    fn set_xattr(&self, _name: &[u8], _value: &[u8]) -> Result<()> {
        self.shared.writable()?;
        Err(Errno::EOPNOTSUPP.into())
    }
}

/// Checks a directory-operation name and makes it a C string. `.` and `..` are refused too:
/// the VM's walker handles them and they must never reach the host.
fn component(name: &[u8]) -> Result<CString> {
    check_name(name)?;
    if name == b"." || name == b".." {
        return Err(Errno::EINVAL.into());
    }
    CString::new(name).map_err(|_| Errno::EINVAL.into())
}

/// The type encoded in a host `st_mode`; unknown types are refused.
fn type_of(st_mode: libc::mode_t) -> Result<FileType> {
    FileType::from_mode(st_mode).ok_or_else(|| Errno::EACCES.into())
}

/// Permission bits the host may receive: never set-user-ID, set-group-ID only on directories.
fn host_perm(perm: u32, dir: bool) -> u32 {
    let mut perm = perm & mode::PERM_MASK & !mode::S_ISUID;
    if !dir {
        perm &= !mode::S_ISGID;
    }
    perm
}

fn access(read: bool, write: bool) -> libc::c_int {
    match (read, write) {
        (true, true) => libc::O_RDWR,
        (false, true) => libc::O_WRONLY,
        _ => libc::O_RDONLY,
    }
}

fn utime(t: Option<TimeSet>) -> libc::timespec {
    match t {
        None => libc::timespec { tv_sec: 0, tv_nsec: libc::UTIME_OMIT },
        Some(TimeSet::Now) => libc::timespec { tv_sec: 0, tv_nsec: libc::UTIME_NOW },
        Some(TimeSet::At(ts)) => {
            libc::timespec { tv_sec: ts.sec as libc::time_t, tv_nsec: ts.nsec as libc::c_long }
        }
    }
}

/// Runs a libc call until it is not interrupted; a negative result becomes the host errno.
fn sys<R: Copy + PartialOrd + Default>(mut call: impl FnMut() -> R) -> Result<R> {
    loop {
        let r = call();
        if r >= R::default() {
            return Ok(r);
        }
        let e = Errno::last_host();
        if e != Errno::EINTR {
            return Err(Errno::from_host(e.0).into());
        }
    }
}

/// `openat2(dir, path, flags | O_CLOEXEC)` confined beneath `dir`, following no symlink.
/// `EXDEV` (an attempt to leave `dir`) becomes `EACCES`.
fn openat2(dir: RawFd, path: &CStr, flags: libc::c_int, mode: u32) -> Result<OwnedFd> {
    // SAFETY: open_how is plain integers, for which all-zero is valid (and what the kernel
    // requires of fields we do not set).
    let mut how: libc::open_how = unsafe { std::mem::zeroed() };
    how.flags = (flags | libc::O_CLOEXEC) as u32 as u64;
    how.mode = mode as u64;
    how.resolve = RESOLVE;
    let mut again = 0;
    loop {
        // SAFETY: `path` is NUL-terminated and `how` is a valid open_how of the size passed;
        // both outlive the call.
        let fd = unsafe {
            libc::syscall(
                libc::SYS_openat2,
                dir,
                path.as_ptr(),
                &how as *const libc::open_how,
                std::mem::size_of::<libc::open_how>(),
            )
        };
        if fd >= 0 {
            // SAFETY: the kernel just returned this descriptor and nothing else owns it.
            return Ok(unsafe { OwnedFd::from_raw_fd(fd as RawFd) });
        }
        match Errno::last_host() {
            Errno::EINTR => continue,
            // A concurrent rename may make a beneath-check inconclusive; try again a little.
            Errno::EAGAIN if again < 16 => again += 1,
            Errno::EXDEV => return Err(Errno::EACCES.into()),
            e => return Err(Errno::from_host(e.0).into()),
        }
    }
}

fn fstatat(dir: RawFd, name: &CStr) -> Result<libc::stat> {
    let mut st = MaybeUninit::<libc::stat>::uninit();
    // SAFETY: `name` is NUL-terminated and `st` is writable memory of the right type; the final
    // component is not followed.
    sys(|| unsafe { libc::fstatat(dir, name.as_ptr(), st.as_mut_ptr(), libc::AT_SYMLINK_NOFOLLOW) })?;
    // SAFETY: fstatat succeeded, so it filled `st`.
    Ok(unsafe { st.assume_init() })
}

/// The identity of the host file `st` describes.
#[allow(clippy::unnecessary_cast)] // field types differ between architectures
fn file_id(st: &libc::stat) -> FileId {
    (st.st_dev as u64, st.st_ino as u64)
}

fn fstat(fd: RawFd) -> Result<libc::stat> {
    let mut st = MaybeUninit::<libc::stat>::uninit();
    // SAFETY: `st` is writable memory of the right type.
    sys(|| unsafe { libc::fstat(fd, st.as_mut_ptr()) })?;
    // SAFETY: fstat succeeded, so it filled `st`.
    Ok(unsafe { st.assume_init() })
}

/// Sets the mode of `name` in `dir` without following it if it is a symlink.
fn chmod_at(dir: RawFd, name: &CStr, perm: u32) -> Result<()> {
    if let Some(nr) = SYS_FCHMODAT2 {
        // SAFETY: `name` is NUL-terminated; AT_SYMLINK_NOFOLLOW keeps the call on the entry.
        let r = sys(|| unsafe { libc::syscall(nr, dir, name.as_ptr(), perm, libc::AT_SYMLINK_NOFOLLOW) });
        match r {
            Ok(_) => return Ok(()),
            Err(e) if e == Errno::ENOSYS => {}
            Err(e) => return Err(e),
        }
    }
    chmod_by_open(dir, name, perm)
}

/// `chmod_at` before Linux 6.6: opens the object itself, without following, and fchmods it.
/// Only regular files and directories are opened (never a device or FIFO), so modes of special
/// files cannot be changed there; neither can those of files the host may not read (`EACCES`).
fn chmod_by_open(dir: RawFd, name: &CStr, perm: u32) -> Result<()> {
    let before = fstatat(dir, name)?;
    let flags = match before.st_mode & libc::S_IFMT {
        libc::S_IFREG => libc::O_RDONLY,
        libc::S_IFDIR => libc::O_RDONLY | libc::O_DIRECTORY,
        libc::S_IFLNK => return Err(Errno::EOPNOTSUPP.into()),
        _ => return Err(Errno::EACCES.into()),
    };
    let fd = openat2(dir, name, flags | DATA_OPEN, 0)?;
    let after = fstat(fd.as_raw_fd())?;
    if after.st_ino != before.st_ino || after.st_mode & libc::S_IFMT != before.st_mode & libc::S_IFMT {
        return Err(Errno::EACCES.into());
    }
    let raw = fd.as_raw_fd();
    // SAFETY: fchmod on a descriptor we own.
    sys(|| unsafe { libc::fchmod(raw, perm) })?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn components_refuse_dots_slashes_and_nul() {
        for bad in [&b""[..], b".", b"..", b"a/b", b"../x", b"/", b"a\0b"] {
            assert!(component(bad).is_err(), "{bad:?} accepted");
        }
        assert_eq!(component(b"..").unwrap_err(), Errno::EINVAL);
        assert_eq!(component(b"").unwrap_err(), Errno::ENOENT);
        assert_eq!(component(&[b'x'; 256]).unwrap_err(), Errno::ENAMETOOLONG);
        assert!(component(b"...").is_ok());
        assert!(component(b".hidden").is_ok());
    }

    #[test]
    fn openat2_maps_a_beneath_violation_to_eacces() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::create_dir(tmp.path().join("mnt")).unwrap();
        std::fs::write(tmp.path().join("secret"), b"s").unwrap();
        let dir = CString::new(tmp.path().join("mnt").as_os_str().as_bytes()).unwrap();
        // SAFETY: `dir` is NUL-terminated.
        let fd = unsafe { libc::open(dir.as_ptr(), libc::O_PATH | libc::O_DIRECTORY | libc::O_CLOEXEC) };
        assert!(fd >= 0);
        // SAFETY: just opened, owned here.
        let fd = unsafe { OwnedFd::from_raw_fd(fd) };
        let err = openat2(fd.as_raw_fd(), c"../secret", libc::O_RDONLY, 0).unwrap_err();
        assert_eq!(err, Errno::EACCES);
        let abs = CString::new(tmp.path().join("secret").as_os_str().as_bytes()).unwrap();
        assert_eq!(openat2(fd.as_raw_fd(), &abs, libc::O_RDONLY, 0).unwrap_err(), Errno::EACCES);
    }

    #[test]
    fn chmod_fallback_changes_files_and_dirs_but_not_links_or_fifos() {
        use std::os::unix::fs::PermissionsExt;
        let tmp = tempfile::tempdir().unwrap();
        std::fs::write(tmp.path().join("f"), b"").unwrap();
        std::fs::create_dir(tmp.path().join("d")).unwrap();
        std::os::unix::fs::symlink("f", tmp.path().join("l")).unwrap();
        let fifo = CString::new(tmp.path().join("p").as_os_str().as_bytes()).unwrap();
        // SAFETY: `fifo` is NUL-terminated.
        assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o644) }, 0);
        let fs = HostFs::open(tmp.path(), HostFsOptions::default()).unwrap();
        let root = fs.shared.root.as_raw_fd();
        let mode =
            |n: &str| std::fs::symlink_metadata(tmp.path().join(n)).unwrap().permissions().mode() & 0o7777;

        chmod_by_open(root, c"f", 0o604).unwrap();
        assert_eq!(mode("f"), 0o604);
        chmod_by_open(root, c"d", 0o711).unwrap();
        assert_eq!(mode("d"), 0o711);
        assert_eq!(chmod_by_open(root, c"l", 0o600).unwrap_err(), Errno::EOPNOTSUPP);
        assert_eq!(mode("f"), 0o604);
        assert_eq!(chmod_by_open(root, c"p", 0o600).unwrap_err(), Errno::EACCES);
        assert_eq!(mode("p"), 0o644);
    }

    #[test]
    fn host_modes_never_carry_setuid() {
        assert_eq!(host_perm(0o4755, false), 0o755);
        assert_eq!(host_perm(0o2755, false), 0o755);
        assert_eq!(host_perm(0o2775, true), 0o2775);
        assert_eq!(host_perm(0o1777, true), 0o1777);
        assert_eq!(host_perm(0o100644, false), 0o644);
    }
}
