//! Path-based filesystem calls: open, stat, mkdir, unlink, rename, links, permissions, times,
//! working directory, and directory listing.

use std::sync::Arc;

use tracing::trace_span;

use crate::error::{Errno, Result};
use crate::fd::{NodeFile, OpenFlags, StatusFlags};
use crate::kernel::Task;
use crate::vfs::mount::Location;
use crate::vfs::path::Resolved;
use crate::vfs::perm::{MAY_EXEC, MAY_READ, MAY_WRITE};
use crate::vfs::{mode, FileType, NewNode, Owner, RenameFlags, SetAttr, Stat, TimeSet};

/// Cookies 0 and 1 are `.` and `..`; the filesystem's own cookies follow, shifted by this.
pub const DOT_COOKIES: u64 = 2;

/// One entry of a directory listing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReaddirEntry<'a> {
    pub name: &'a [u8],
    pub ino: u64,
    pub file_type: FileType,
    /// Cookie resuming after this entry.
    pub next: u64,
}

impl Task {
    /// Owner of a new node in `dir`, and the extra mode bits it inherits: a set-group-ID
    /// directory passes on its group (and, to subdirectories, the set-group-ID bit).
    fn new_node_owner(&self, dir: &Location, is_dir: bool) -> Result<(Owner, u32)> {
        let creds = self.proc.creds;
        let st = dir.node.stat()?;
        if st.mode & mode::S_ISGID != 0 {
            let extra = if is_dir { mode::S_ISGID } else { 0 };
            return Ok((Owner { uid: creds.uid, gid: st.gid }, extra));
        }
        Ok((Owner { uid: creds.uid, gid: creds.gid }, 0))
    }

    fn current_umask(&self) -> u32 {
        self.proc.fs.lock().umask
    }

    fn may_modify_dir(&self, dir: &Location) -> Result<()> {
        dir.mount.writable()?;
        self.proc.creds.check(&dir.node.stat()?, MAY_WRITE | MAY_EXEC)
    }

    /// Sticky directories (like /tmp) let only the owner of an entry (or of the directory)
    /// remove or rename it.
    fn sticky_check(&self, dir: &Location, victim: &Stat) -> Result<()> {
        let creds = self.proc.creds;
        if creds.is_root() {
            return Ok(());
        }
        let d = dir.node.stat()?;
        if d.mode & mode::S_ISVTX != 0 && creds.uid != d.uid && creds.uid != victim.uid {
            return Err(Errno::EPERM.into());
        }
        Ok(())
    }

    /// `openat`: opens (and with `O_CREAT` creates) `path`; returns the new descriptor.
    pub fn open(&self, dirfd: i32, path: &[u8], flags: OpenFlags, perm: u32) -> Result<u32> {
        let _span = trace_span!("open", pid = self.pid()).entered();
        // Fail with EMFILE before creating or truncating anything, as Linux does.
        self.proc.fds.lock().check_room()?;
        let loc = self.open_location(dirfd, path, flags, perm)?;
        if let Some(alias) = loc.node.fd_alias() {
            // A closed descriptor's entry does not exist, as under Linux's /proc/self/fd.
            let file = self.proc.fds.lock().get(alias).map_err(|_| Errno::ENOENT)?;
            return self.install(file, flags.contains(OpenFlags::CLOEXEC));
        }
        let file = Arc::new(NodeFile::new(loc, StatusFlags::new(flags)));
        self.install(file, flags.contains(OpenFlags::CLOEXEC))
    }

    /// Resolves, creates, checks and truncates as `open` does, without allocating a descriptor.
    pub fn open_location(&self, dirfd: i32, path: &[u8], flags: OpenFlags, perm: u32) -> Result<Location> {
        let access = flags.access();
        let creat = flags.contains(OpenFlags::CREAT);
        let excl = creat && flags.contains(OpenFlags::EXCL);
        if creat && flags.contains(OpenFlags::DIRECTORY) {
            return Err(Errno::EINVAL.into());
        }
        let start = self.start(dirfd, path)?;
        let walker = self.walker();
        let follow = !flags.contains(OpenFlags::NOFOLLOW) && !excl;
        let loc = if creat {
            match walker.lookup_create(&start, path, follow)? {
                Resolved::Found(_) if excl => return Err(Errno::EEXIST.into()),
                Resolved::Found(loc) => loc,
                Resolved::Missing { parent, name, trailing_slash } => {
                    if trailing_slash {
                        return Err(Errno::EISDIR.into());
                    }
                    self.may_modify_dir(&parent)?;
                    let (owner, _) = self.new_node_owner(&parent, false)?;
                    let mode = perm & !self.current_umask() & mode::PERM_MASK;
                    match parent.node.create(&name, NewNode::File, mode, owner) {
                        Ok(node) => return Ok(Location { mount: parent.mount, node }),
                        // Lost a race with another creator: open what is there now.
                        Err(e) if e == Errno::EEXIST && !excl => {
                            let node = parent.node.lookup(&name)?;
                            Location { mount: parent.mount.clone(), node }
                        }
                        Err(e) => return Err(e),
                    }
                }
            }
        } else {
            walker.lookup(&start, path, follow)?
        };
        let ft = loc.node.file_type();
        if flags.contains(OpenFlags::DIRECTORY) && ft != FileType::Directory {
            return Err(Errno::ENOTDIR.into());
        }
        if ft == FileType::Symlink {
            if flags.contains(OpenFlags::PATH) {
                return Ok(loc);
            }
            return Err(Errno::ELOOP.into());
        }
        if flags.contains(OpenFlags::PATH) {
            return Ok(loc);
        }
        if creat && ft == FileType::Directory {
            return Err(Errno::EISDIR.into());
        }
        let trunc = flags.contains(OpenFlags::TRUNC);
        if ft == FileType::Directory && (access.write || trunc) {
            return Err(Errno::EISDIR.into());
        }
        let mut want = 0;
        if access.read {
            want |= MAY_READ;
        }
        if access.write || trunc {
            want |= MAY_WRITE;
        }
        let st = loc.node.stat()?;
        self.proc.creds.check(&st, want)?;
        if (access.write || trunc) && matches!(ft, FileType::Regular | FileType::Directory) {
            loc.mount.writable()?;
        }
        if trunc && ft == FileType::Regular && st.size != 0 {
            loc.node.set_attr(&SetAttr { size: Some(0), ..SetAttr::default() })?;
        }
        Ok(loc)
    }

    /// `fstatat`: attributes of `path`, following a final symlink when `follow`.
    pub fn stat(&self, dirfd: i32, path: &[u8], follow: bool) -> Result<Stat> {
        let _span = trace_span!("stat", pid = self.pid()).entered();
        let start = self.start(dirfd, path)?;
        let loc = self.walker().lookup(&start, path, follow)?;
        if let (true, Some(alias)) = (follow, loc.node.fd_alias()) {
            return self.fstat(alias).map_err(|_| Errno::ENOENT.into());
        }
        loc.node.stat()
    }

    /// Creates the socket inode (`S_IFSOCK`) a unix socket binds at `path`; `EADDRINUSE` if
    /// the path exists.
    pub(crate) fn make_socket_node(&self, path: &[u8]) -> Result<Location> {
        let start = self.start(crate::kernel::AT_FDCWD, path)?;
        let p = self.walker().lookup_parent(&start, path)?;
        if p.name == b"." || p.name == b".." || p.dir.node.lookup(&p.name).is_ok() {
            return Err(Errno::EADDRINUSE.into());
        }
        if p.trailing_slash {
            return Err(Errno::EINVAL.into());
        }
        self.may_modify_dir(&p.dir)?;
        let (owner, _) = self.new_node_owner(&p.dir, false)?;
        let mode = 0o777 & !self.current_umask();
        match p.dir.node.create(&p.name, NewNode::Special(FileType::Socket, 0), mode, owner) {
            Ok(node) => Ok(Location { mount: p.dir.mount, node }),
            Err(e) if e == Errno::EEXIST => Err(Errno::EADDRINUSE.into()),
            Err(e) => Err(e),
        }
    }

    /// `mkdirat`.
    pub fn mkdir(&self, dirfd: i32, path: &[u8], perm: u32) -> Result<()> {
        let _span = trace_span!("mkdir", pid = self.pid()).entered();
        let start = self.start(dirfd, path)?;
        let p = self.walker().lookup_parent(&start, path)?;
        if p.name == b"." || p.name == b".." {
            return Err(Errno::EEXIST.into());
        }
        if p.dir.node.lookup(&p.name).is_ok() {
            return Err(Errno::EEXIST.into());
        }
        self.may_modify_dir(&p.dir)?;
        let (owner, inherited) = self.new_node_owner(&p.dir, true)?;
        let mode = (perm & !self.current_umask() & 0o1777) | inherited;
        p.dir.node.create(&p.name, NewNode::Dir, mode, owner)?;
        Ok(())
    }

    /// `unlinkat` without `AT_REMOVEDIR`.
    pub fn unlink(&self, dirfd: i32, path: &[u8]) -> Result<()> {
        let _span = trace_span!("unlink", pid = self.pid()).entered();
        let start = self.start(dirfd, path)?;
        let p = self.walker().lookup_parent(&start, path)?;
        if p.name == b"." || p.name == b".." {
            return Err(Errno::EISDIR.into());
        }
        let victim = p.dir.node.lookup(&p.name)?;
        let ft = victim.file_type();
        if ft == FileType::Directory {
            return Err(Errno::EISDIR.into());
        }
        if p.trailing_slash {
            return Err(Errno::ENOTDIR.into());
        }
        self.may_modify_dir(&p.dir)?;
        self.sticky_check(&p.dir, &victim.stat()?)?;
        p.dir.node.unlink(&p.name)
    }

    /// `unlinkat` with `AT_REMOVEDIR`.
    pub fn rmdir(&self, dirfd: i32, path: &[u8]) -> Result<()> {
        let _span = trace_span!("rmdir", pid = self.pid()).entered();
        let start = self.start(dirfd, path)?;
        let p = self.walker().lookup_parent(&start, path)?;
        if p.name == b"." {
            return Err(Errno::EINVAL.into());
        }
        if p.name == b".." {
            return Err(Errno::ENOTEMPTY.into());
        }
        let victim = p.dir.node.lookup(&p.name)?;
        if victim.file_type() != FileType::Directory {
            return Err(Errno::ENOTDIR.into());
        }
        let victim_loc = self.kernel.shared.mounts.cross(&p.dir.mount, victim.clone());
        if !Arc::ptr_eq(&victim_loc.mount, &p.dir.mount) {
            return Err(Errno::EBUSY.into());
        }
        self.may_modify_dir(&p.dir)?;
        self.sticky_check(&p.dir, &victim.stat()?)?;
        p.dir.node.rmdir(&p.name)
    }

    /// Whether `node` is `dir` or one of its ancestors (within `dir`'s mount).
    fn is_ancestor_or_self(&self, node: &crate::vfs::NodeRef, dir: &Location) -> bool {
        let walker = self.walker();
        let mut cur = dir.clone();
        loop {
            if crate::vfs::same_node(&cur.node, node) {
                return true;
            }
            let up = walker.dotdot(&cur);
            if up.same(&cur) || !Arc::ptr_eq(&up.mount, &dir.mount) {
                return false;
            }
            cur = up;
        }
    }

    /// `renameat2`. Checks run in Linux's order, so the same mistake gets the same errno.
    pub fn rename(&self, olddirfd: i32, old: &[u8], newdirfd: i32, new: &[u8], flags: RenameFlags) -> Result<()> {
        let _span = trace_span!("rename", pid = self.pid()).entered();
        let walker = self.walker();
        let from = walker.lookup_parent(&self.start(olddirfd, old)?, old)?;
        let to = walker.lookup_parent(&self.start(newdirfd, new)?, new)?;
        if from.name == b"." || from.name == b".." {
            return Err(Errno::EBUSY.into());
        }
        if to.name == b"." || to.name == b".." {
            return Err(if flags.noreplace { Errno::EEXIST } else { Errno::EBUSY }.into());
        }
        if !Arc::ptr_eq(&from.dir.mount, &to.dir.mount) {
            return Err(Errno::EXDEV.into());
        }
        let moving = from.dir.node.lookup(&from.name)?;
        // Linux looks the new name up next, before any check of types or permissions, and
        // nothing is looked up (or made) in a removed directory.
        if to.dir.node.stat()?.nlink == 0 {
            return Err(Errno::ENOENT.into());
        }
        let existing = to.dir.node.lookup(&to.name).ok();
        if flags.noreplace && existing.is_some() {
            return Err(Errno::EEXIST.into());
        }
        let is_dir = moving.file_type() == FileType::Directory;
        if !is_dir && (from.trailing_slash || to.trailing_slash) {
            return Err(Errno::ENOTDIR.into());
        }
        // Moving a directory below itself would detach a cycle; replacing an ancestor of the
        // source would replace a directory that is not empty.
        if is_dir && self.is_ancestor_or_self(&moving, &to.dir) {
            return Err(Errno::EINVAL.into());
        }
        if let Some(existing) = &existing {
            if existing.file_type() == FileType::Directory && self.is_ancestor_or_self(existing, &from.dir) {
                return Err(Errno::ENOTEMPTY.into());
            }
        }
        let mounts = &self.kernel.shared.mounts;
        let is_mountpoint =
            |n: &crate::vfs::NodeRef| !Arc::ptr_eq(&mounts.cross(&from.dir.mount, n.clone()).mount, &from.dir.mount);
        if is_dir && is_mountpoint(&moving) {
            return Err(Errno::EBUSY.into());
        }
        self.may_modify_dir(&from.dir)?;
        self.may_modify_dir(&to.dir)?;
        self.sticky_check(&from.dir, &moving.stat()?)?;
        if let Some(existing) = &existing {
            if existing.file_type() == FileType::Directory && is_mountpoint(existing) {
                return Err(Errno::EBUSY.into());
            }
            self.sticky_check(&to.dir, &existing.stat()?)?;
        }
        from.dir.node.rename(&from.name, &to.dir.node, &to.name, flags)
    }

    /// `symlinkat`: creates `path` as a symlink whose text is `target`.
    pub fn symlink(&self, target: &[u8], dirfd: i32, path: &[u8]) -> Result<()> {
        let _span = trace_span!("symlink", pid = self.pid()).entered();
        if target.is_empty() {
            return Err(Errno::ENOENT.into());
        }
        if target.len() >= crate::vfs::PATH_MAX {
            return Err(Errno::ENAMETOOLONG.into());
        }
        let start = self.start(dirfd, path)?;
        let p = self.walker().lookup_parent(&start, path)?;
        if p.name == b"." || p.name == b".." || p.dir.node.lookup(&p.name).is_ok() {
            return Err(Errno::EEXIST.into());
        }
        if p.trailing_slash {
            return Err(Errno::ENOENT.into());
        }
        self.may_modify_dir(&p.dir)?;
        let (owner, _) = self.new_node_owner(&p.dir, false)?;
        p.dir.node.create(&p.name, NewNode::Symlink(target), 0o777, owner)?;
        Ok(())
    }

    /// `readlinkat`: the text of the symlink at `path`.
    pub fn readlink(&self, dirfd: i32, path: &[u8]) -> Result<Vec<u8>> {
        let _span = trace_span!("readlink", pid = self.pid()).entered();
        let start = self.start(dirfd, path)?;
        let loc = self.walker().lookup(&start, path, false)?;
        loc.node.readlink()
    }

    /// `linkat`: a new name `new` for the file at `old` (following a final symlink of `old`
    /// when `follow`, like `AT_SYMLINK_FOLLOW`).
    pub fn link(&self, olddirfd: i32, old: &[u8], newdirfd: i32, new: &[u8], follow: bool) -> Result<()> {
        let _span = trace_span!("link", pid = self.pid()).entered();
        let walker = self.walker();
        let src = walker.lookup(&self.start(olddirfd, old)?, old, follow)?;
        let to = walker.lookup_parent(&self.start(newdirfd, new)?, new)?;
        if to.name == b"." || to.name == b".." || to.dir.node.lookup(&to.name).is_ok() {
            return Err(Errno::EEXIST.into());
        }
        if to.trailing_slash {
            return Err(Errno::ENOENT.into());
        }
        if !Arc::ptr_eq(&src.mount, &to.dir.mount) {
            return Err(Errno::EXDEV.into());
        }
        if src.node.file_type() == FileType::Directory {
            return Err(Errno::EPERM.into());
        }
        self.may_modify_dir(&to.dir)?;
        to.dir.node.link(&to.name, &src.node)
    }

    fn set_attr_checked(&self, loc: &Location, attr: SetAttr) -> Result<()> {
        loc.mount.writable()?;
        let st = loc.node.stat()?;
        let creds = self.proc.creds;
        let only_now = attr.mode.is_none()
            && attr.size.is_none()
            && matches!(attr.atime, None | Some(TimeSet::Now))
            && matches!(attr.mtime, None | Some(TimeSet::Now));
        let allowed = if attr.size.is_some() {
            creds.check(&st, MAY_WRITE).is_ok()
        } else if only_now {
            creds.owns(&st) || creds.check(&st, MAY_WRITE).is_ok()
        } else {
            creds.owns(&st)
        };
        if !allowed {
            return Err(if attr.size.is_some() || only_now { Errno::EACCES } else { Errno::EPERM }.into());
        }
        if attr.size.is_some() && st.file_type() == FileType::Directory {
            return Err(Errno::EISDIR.into());
        }
        loc.node.set_attr(&attr)
    }

    /// `fchmodat`.
    pub fn chmod(&self, dirfd: i32, path: &[u8], perm: u32) -> Result<()> {
        let start = self.start(dirfd, path)?;
        let loc = self.walker().lookup(&start, path, true)?;
        self.set_attr_checked(&loc, SetAttr { mode: Some(perm & mode::PERM_MASK), ..SetAttr::default() })
    }

    /// `fchownat`: only root may change owners (`EPERM` otherwise, as without `CAP_CHOWN`).
    pub fn chown(&self, dirfd: i32, path: &[u8], uid: Option<u32>, gid: Option<u32>, follow: bool) -> Result<()> {
        let start = self.start(dirfd, path)?;
        let loc = self.walker().lookup(&start, path, follow)?;
        loc.mount.writable()?;
        if !self.proc.creds.is_root() {
            return Err(Errno::EPERM.into());
        }
        loc.node.set_attr(&SetAttr { uid, gid, ..SetAttr::default() })
    }

    /// Resolves `path` to a location without opening it (for hosts and runtimes).
    pub fn lookup(&self, dirfd: i32, path: &[u8], follow: bool) -> Result<Location> {
        let start = self.start(dirfd, path)?;
        self.walker().lookup(&start, path, follow)
    }

    /// `utimensat`: sets access and modification times (`None` leaves one as it is).
    pub fn utimens(
        &self,
        dirfd: i32,
        path: &[u8],
        atime: Option<TimeSet>,
        mtime: Option<TimeSet>,
        follow: bool,
    ) -> Result<()> {
        let start = self.start(dirfd, path)?;
        let loc = self.walker().lookup(&start, path, follow)?;
        self.set_attr_checked(&loc, SetAttr { atime, mtime, ..SetAttr::default() })
    }

    /// `truncate`.
    pub fn truncate(&self, dirfd: i32, path: &[u8], len: u64) -> Result<()> {
        if len > i64::MAX as u64 {
            return Err(Errno::EINVAL.into());
        }
        let start = self.start(dirfd, path)?;
        let loc = self.walker().lookup(&start, path, true)?;
        self.set_attr_checked(&loc, SetAttr { size: Some(len), ..SetAttr::default() })
    }

    /// `fchmod`.
    pub fn fchmod(&self, fd: u32, perm: u32) -> Result<()> {
        let loc = self.fd_location(fd)?;
        self.set_attr_checked(&loc, SetAttr { mode: Some(perm & mode::PERM_MASK), ..SetAttr::default() })
    }

    /// `futimens`.
    pub fn futimens(&self, fd: u32, atime: Option<TimeSet>, mtime: Option<TimeSet>) -> Result<()> {
        let loc = self.fd_location(fd)?;
        self.set_attr_checked(&loc, SetAttr { atime, mtime, ..SetAttr::default() })
    }

    /// `ftruncate`: the descriptor must be open for writing.
    pub fn ftruncate(&self, fd: u32, len: u64) -> Result<()> {
        let file = self.file(fd)?;
        let loc = file.location().ok_or(Errno::EINVAL)?;
        if !file.status().access().write || len > i64::MAX as u64 {
            return Err(Errno::EINVAL.into());
        }
        if loc.node.file_type() != FileType::Regular {
            return Err(Errno::EINVAL.into());
        }
        loc.mount.writable()?;
        loc.node.set_attr(&SetAttr { size: Some(len), ..SetAttr::default() })
    }

    /// `faccessat`: checks `want` (`MAY_*` bits; 0 checks existence) for the caller.
    pub fn access(&self, dirfd: i32, path: &[u8], want: u32) -> Result<()> {
        let start = self.start(dirfd, path)?;
        let loc = self.walker().lookup(&start, path, true)?;
        if want & MAY_WRITE != 0 {
            loc.mount.writable()?;
        }
        self.proc.creds.check(&loc.node.stat()?, want & 7)
    }

    /// `chdir`.
    pub fn chdir(&self, path: &[u8]) -> Result<()> {
        let start = self.start(crate::kernel::AT_FDCWD, path)?;
        let loc = self.walker().lookup(&start, path, true)?;
        self.set_cwd(loc)
    }

    /// `fchdir`.
    pub fn fchdir(&self, fd: u32) -> Result<()> {
        let loc = self.fd_location(fd)?;
        self.set_cwd(loc)
    }

    fn set_cwd(&self, loc: Location) -> Result<()> {
        if loc.node.file_type() != FileType::Directory {
            return Err(Errno::ENOTDIR.into());
        }
        self.proc.creds.check(&loc.node.stat()?, MAY_EXEC)?;
        self.proc.fs.lock().cwd = loc;
        Ok(())
    }

    /// `getcwd`: the absolute path of the working directory (`ENOENT` if it was removed).
    pub fn getcwd(&self) -> Result<Vec<u8>> {
        let cwd = self.proc.fs.lock().cwd.clone();
        self.path_of(&cwd)
    }

    /// The absolute path of a directory location, walking up through parents and mounts.
    pub fn path_of(&self, loc: &Location) -> Result<Vec<u8>> {
        let walker = self.walker();
        let mut names: Vec<Vec<u8>> = Vec::new();
        let mut cur = loc.clone();
        if cur.node.stat()?.nlink == 0 {
            return Err(Errno::ENOENT.into());
        }
        while !cur.same(walker.root) {
            if cur.is_mount_root() {
                match cur.mount.mountpoint() {
                    Some(point) => {
                        cur = point;
                        continue;
                    }
                    None => break,
                }
            }
            names.push(cur.node.name_in_parent().ok_or(Errno::ENOENT)?);
            let up = walker.dotdot(&cur);
            if up.same(&cur) {
                break;
            }
            cur = up;
        }
        if names.is_empty() {
            return Ok(b"/".to_vec());
        }
        let mut out = Vec::new();
        for name in names.iter().rev() {
            out.push(b'/');
            out.extend_from_slice(name);
        }
        Ok(out)
    }

    /// `umask`: sets the creation mask and returns the old one.
    pub fn umask(&self, mask: u32) -> u32 {
        std::mem::replace(&mut self.proc.fs.lock().umask, mask & 0o777)
    }

    /// Lists the directory open at `fd` from `cookie` (0: start). `.` and `..` come first.
    /// The sink returns false to stop early.
    pub fn readdir(&self, fd: u32, cookie: u64, sink: &mut dyn FnMut(ReaddirEntry<'_>) -> bool) -> Result<()> {
        let _span = trace_span!("readdir", pid = self.pid()).entered();
        let file = self.file(fd)?;
        let loc = file.location().ok_or(Errno::ENOTDIR)?;
        if loc.node.file_type() != FileType::Directory {
            return Err(Errno::ENOTDIR.into());
        }
        if cookie == 0 {
            let e = ReaddirEntry { name: b".", ino: loc.node.ino(), file_type: FileType::Directory, next: 1 };
            if !sink(e) {
                return Ok(());
            }
        }
        if cookie <= 1 {
            let up = self.walker().dotdot(loc);
            let e = ReaddirEntry { name: b"..", ino: up.node.ino(), file_type: FileType::Directory, next: 2 };
            if !sink(e) {
                return Ok(());
            }
        }
        let from = cookie.saturating_sub(DOT_COOKIES);
        loc.node.readdir(from, &mut |e| {
            sink(ReaddirEntry { name: e.name, ino: e.ino, file_type: e.file_type, next: e.next + DOT_COOKIES })
        })
    }
}
