//! memfs: an in-memory filesystem. The VM's writable layer and the shared base image are memfs.
//!
//! Each inode carries its own locks: a directory's entry map, a file's data and the attributes
//! are locked separately, so processes working on different files never contend. Lock order:
//! directory entries before a child's attributes; file data and attributes are never held
//! together. Two directory locks are taken ancestor first (unrelated ones by inode number), and
//! cross-directory renames also hold the filesystem's rename lock, which keeps the tree's shape
//! stable while a rename orders its locks and checks for cycles.

mod clone;
mod data;

use std::any::Any;
use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Weak};

use parking_lot::{Mutex, RwLock};

pub use data::FileData;

use crate::error::{Errno, Result};
use crate::limits::FsQuota;
use crate::time::Timespec;
use crate::vfs::{
    check_name, mode, new_dev, DirEntry, FileSystem, FileType, FsUsage, Inode, NewNode, NodeRef, Owner,
    RenameFlags, SetAttr, Stat, TimeSet,
};

/// Block size reported in `st_blksize` and used for `st_blocks`.
const BLOCK: u64 = 4096;

struct Shared {
    dev: u64,
    next_ino: AtomicU64,
    quota: Arc<FsQuota>,
    rename_lock: Mutex<()>,
    read_only: AtomicBool,
}

impl Shared {
    fn writable(&self) -> Result<()> {
        if self.read_only.load(Ordering::Relaxed) {
            return Err(Errno::EROFS.into());
        }
        Ok(())
    }
}

/// An in-memory filesystem instance.
pub struct MemFs {
    shared: Arc<Shared>,
    root: Arc<MemNode>,
}

impl MemFs {
    /// An empty filesystem whose root is `0755 root:root`, charging `quota`.
    pub fn new(quota: Arc<FsQuota>) -> Arc<MemFs> {
        MemFs::with_ino_base(quota, 1)
    }

    /// Like [`MemFs::new`], numbering inodes from `first_ino` (lets an overlay keep upper and
    /// lower inode numbers apart).
    pub fn with_ino_base(quota: Arc<FsQuota>, first_ino: u64) -> Arc<MemFs> {
        let shared = Arc::new(Shared {
            dev: new_dev(),
            next_ino: AtomicU64::new(first_ino),
            quota,
            rename_lock: Mutex::new(()),
            read_only: AtomicBool::new(false),
        });
        shared.quota.inodes.charge(1).expect("a quota admits the root inode");
        let root = MemNode::new(&shared, Body::new_dir(Weak::new(), b""), 0o755, Owner::default());
        Arc::new(MemFs { shared, root })
    }

    /// Makes the filesystem read-only for good (base images are frozen once built).
    pub fn freeze(&self) {
        self.shared.read_only.store(true, Ordering::Relaxed);
    }

    /// The root as a concrete node.
    pub fn root_node(&self) -> Arc<MemNode> {
        self.root.clone()
    }
}

impl FileSystem for MemFs {
    fn root(&self) -> NodeRef {
        self.root.clone()
    }

    fn dev(&self) -> u64 {
        self.shared.dev
    }

    fn kind(&self) -> &'static str {
        "memfs"
    }

    fn read_only(&self) -> bool {
        self.shared.read_only.load(Ordering::Relaxed)
    }

    fn usage(&self) -> FsUsage {
        let q = &self.shared.quota;
        FsUsage {
            bytes_used: q.bytes.used(),
            bytes_max: q.bytes.max(),
            inodes_used: q.inodes.used(),
            inodes_max: q.inodes.max(),
        }
    }
}

/// An extended attribute: name and value.
type Xattr = (Box<[u8]>, Box<[u8]>);

struct Meta {
    perm: u32,
    uid: u32,
    gid: u32,
    nlink: u64,
    atime: Timespec,
    mtime: Timespec,
    ctime: Timespec,
    xattrs: Vec<Xattr>,
}

struct DirSlot {
    cookie: u64,
    node: Arc<MemNode>,
}

struct Dir {
    entries: HashMap<Box<[u8]>, DirSlot>,
    /// Entry names by cookie; new entries get ever larger cookies, so a listing in progress
    /// sees each surviving entry once.
    order: BTreeMap<u64, Box<[u8]>>,
    next_cookie: u64,
    removed: bool,
}

/// Where a directory hangs in the tree; changed only by rename.
struct DirLink {
    parent: Weak<MemNode>,
    name: Box<[u8]>,
    /// Once the directory is removed, its last parent is kept alive so `..` still leads
    /// somewhere, as on Linux (a removed working directory's `..`).
    pinned: Option<Arc<MemNode>>,
}

enum Body {
    File(RwLock<FileData>),
    Dir(RwLock<Dir>, Mutex<DirLink>),
    Symlink(Box<[u8]>),
    Special(FileType, u64),
}

impl Body {
    fn new_dir(parent: Weak<MemNode>, name: &[u8]) -> Body {
        Body::Dir(
            RwLock::new(Dir { entries: HashMap::new(), order: BTreeMap::new(), next_cookie: 1, removed: false }),
            Mutex::new(DirLink { parent, name: name.into(), pinned: None }),
        )
    }
}

/// An inode of a [`MemFs`].
pub struct MemNode {
    ino: u64,
    shared: Arc<Shared>,
    me: Weak<MemNode>,
    meta: Mutex<Meta>,
    body: Body,
}

impl Drop for MemNode {
    fn drop(&mut self) {
        self.shared.quota.inodes.release(1);
        let bytes = match &mut self.body {
            Body::File(d) => d.get_mut().allocated(),
            Body::Symlink(t) => t.len() as u64,
            _ => 0,
        };
        self.shared.quota.bytes.release(bytes);
    }
}

fn touch(t: &mut Timespec, set: TimeSet, now: Timespec) {
    *t = match set {
        TimeSet::Now => now,
        TimeSet::At(ts) => ts,
    };
}

impl MemNode {
    /// Builds a node whose inode has already been charged.
    fn new(shared: &Arc<Shared>, body: Body, perm: u32, owner: Owner) -> Arc<MemNode> {
        let now = Timespec::now();
        let nlink = if matches!(body, Body::Dir(..)) { 2 } else { 1 };
        Arc::new_cyclic(|me| MemNode {
            ino: shared.next_ino.fetch_add(1, Ordering::Relaxed),
            shared: shared.clone(),
            me: me.clone(),
            meta: Mutex::new(Meta {
                perm: perm & mode::PERM_MASK,
                uid: owner.uid,
                gid: owner.gid,
                nlink,
                atime: now,
                mtime: now,
                ctime: now,
                xattrs: Vec::new(),
            }),
            body,
        })
    }

    fn dir(&self) -> Result<(&RwLock<Dir>, &Mutex<DirLink>)> {
        match &self.body {
            Body::Dir(d, l) => Ok((d, l)),
            _ => Err(Errno::ENOTDIR.into()),
        }
    }

    fn file(&self) -> Result<&RwLock<FileData>> {
        match &self.body {
            Body::File(d) => Ok(d),
            Body::Dir(..) => Err(Errno::EISDIR.into()),
            _ => Err(Errno::EINVAL.into()),
        }
    }

    fn touch_modified(&self, now: Timespec) {
        let mut m = self.meta.lock();
        m.mtime = now;
        m.ctime = now;
    }

    fn touch_ctime(&self, now: Timespec) {
        self.meta.lock().ctime = now;
    }

    fn add_nlink(&self, delta: i64) {
        let mut m = self.meta.lock();
        m.nlink = m.nlink.saturating_add_signed(delta);
    }

    fn is_dir(&self) -> bool {
        matches!(self.body, Body::Dir(..))
    }

    fn is_empty_dir(&self) -> bool {
        match &self.body {
            Body::Dir(d, _) => d.read().entries.is_empty(),
            _ => false,
        }
    }

    /// Marks the inode as unlinked from `parent` for good.
    fn mark_removed(&self, parent: &MemNode) {
        if let Body::Dir(d, link) = &self.body {
            d.write().removed = true;
            link.lock().pinned = parent.me.upgrade();
        }
        let mut m = self.meta.lock();
        m.nlink = 0;
        m.ctime = Timespec::now();
    }

    fn downcast(node: &NodeRef) -> Option<&MemNode> {
        node.as_any().downcast_ref::<MemNode>()
    }

    /// Whether `self` is `other` or one of its ancestors. Callers hold the rename lock.
    fn is_ancestor_of(&self, other: &MemNode) -> bool {
        let mut cur = other.me.upgrade();
        while let Some(node) = cur {
            if node.ino == self.ino {
                return true;
            }
            cur = match &node.body {
                Body::Dir(_, link) => link.lock().parent.upgrade(),
                _ => None,
            };
        }
        false
    }
}

fn insert(dir: &mut Dir, name: &[u8], node: Arc<MemNode>) {
    let cookie = dir.next_cookie;
    dir.next_cookie += 1;
    dir.order.insert(cookie, name.into());
    dir.entries.insert(name.into(), DirSlot { cookie, node });
}

fn remove(dir: &mut Dir, name: &[u8]) -> Option<Arc<MemNode>> {
    let slot = dir.entries.remove(name)?;
    dir.order.remove(&slot.cookie);
    Some(slot.node)
}

impl Inode for MemNode {
    fn ino(&self) -> u64 {
        self.ino
    }

    fn file_type(&self) -> FileType {
        match &self.body {
            Body::File(_) => FileType::Regular,
            Body::Dir(..) => FileType::Directory,
            Body::Symlink(_) => FileType::Symlink,
            Body::Special(t, _) => *t,
        }
    }

    fn stat(&self) -> Result<Stat> {
        let (size, allocated, rdev) = match &self.body {
            Body::File(d) => {
                let d = d.read();
                (d.size(), d.allocated(), 0)
            }
            Body::Dir(..) => (BLOCK, BLOCK, 0),
            Body::Symlink(t) => (t.len() as u64, 0, 0),
            Body::Special(_, rdev) => (0, 0, *rdev),
        };
        let m = self.meta.lock();
        Ok(Stat {
            dev: self.shared.dev,
            ino: self.ino,
            mode: self.file_type().mode_bits() | m.perm,
            nlink: m.nlink,
            uid: m.uid,
            gid: m.gid,
            rdev,
            size,
            blksize: BLOCK as u32,
            blocks: allocated.div_ceil(BLOCK) * (BLOCK / 512),
            atime: m.atime,
            mtime: m.mtime,
            ctime: m.ctime,
        })
    }

    fn set_attr(&self, attr: &SetAttr) -> Result<()> {
        self.shared.writable()?;
        let now = Timespec::now();
        if let Some(size) = attr.size {
            let data = self.file()?;
            let freed = data.write().truncate(size);
            self.shared.quota.bytes.release(freed);
        }
        let mut m = self.meta.lock();
        if let Some(p) = attr.mode {
            m.perm = p & mode::PERM_MASK;
        }
        if let Some(uid) = attr.uid {
            m.uid = uid;
        }
        if let Some(gid) = attr.gid {
            m.gid = gid;
        }
        if let Some(t) = attr.atime {
            touch(&mut m.atime, t, now);
        }
        if let Some(t) = attr.mtime {
            touch(&mut m.mtime, t, now);
        }
        if attr.size.is_some() && attr.mtime.is_none() {
            m.mtime = now;
        }
        m.ctime = now;
        Ok(())
    }

    fn as_any(&self) -> &dyn Any {
        self
    }

    fn dev(&self) -> u64 {
        self.shared.dev
    }

    fn lookup(&self, name: &[u8]) -> Result<NodeRef> {
        let (dir, _) = self.dir()?;
        let dir = dir.read();
        match dir.entries.get(name) {
            Some(slot) => Ok(slot.node.clone()),
            None => Err(Errno::ENOENT.into()),
        }
    }

    fn create(&self, name: &[u8], node: NewNode<'_>, perm: u32, owner: Owner) -> Result<NodeRef> {
        check_name(name)?;
        self.shared.writable()?;
        let (dir, _) = self.dir()?;
        let mut d = dir.write();
        if d.removed {
            return Err(Errno::ENOENT.into());
        }
        if d.entries.contains_key(name) {
            return Err(Errno::EEXIST.into());
        }
        let quota = &self.shared.quota;
        quota.inodes.charge(1)?;
        let body = match node {
            NewNode::File => Body::File(RwLock::new(FileData::default())),
            NewNode::Dir => Body::new_dir(self.me.clone(), name),
            NewNode::Symlink(target) => {
                if let Err(e) = quota.bytes.charge(target.len() as u64) {
                    quota.inodes.release(1);
                    return Err(e);
                }
                Body::Symlink(target.into())
            }
            NewNode::Special(t, rdev) => Body::Special(t, rdev),
        };
        let is_dir = matches!(body, Body::Dir(..));
        let child = MemNode::new(&self.shared, body, perm, owner);
        insert(&mut d, name, child.clone());
        drop(d);
        let now = Timespec::now();
        let mut m = self.meta.lock();
        if is_dir {
            m.nlink += 1;
        }
        m.mtime = now;
        m.ctime = now;
        Ok(child)
    }

    fn link(&self, name: &[u8], target: &NodeRef) -> Result<()> {
        check_name(name)?;
        self.shared.writable()?;
        let target = MemNode::downcast(target)
            .filter(|t| Arc::ptr_eq(&t.shared, &self.shared))
            .ok_or(Errno::EXDEV)?;
        if target.is_dir() {
            return Err(Errno::EPERM.into());
        }
        let target = target.me.upgrade().ok_or(Errno::ENOENT)?;
        let (dir, _) = self.dir()?;
        let mut d = dir.write();
        if d.removed {
            return Err(Errno::ENOENT.into());
        }
        if d.entries.contains_key(name) {
            return Err(Errno::EEXIST.into());
        }
        {
            let mut m = target.meta.lock();
            if m.nlink == 0 {
                return Err(Errno::ENOENT.into());
            }
            m.nlink += 1;
            m.ctime = Timespec::now();
        }
        insert(&mut d, name, target);
        drop(d);
        self.touch_modified(Timespec::now());
        Ok(())
    }

    fn unlink(&self, name: &[u8]) -> Result<()> {
        self.shared.writable()?;
        let (dir, _) = self.dir()?;
        let mut d = dir.write();
        let slot = d.entries.get(name).ok_or(Errno::ENOENT)?;
        if slot.node.is_dir() {
            return Err(Errno::EISDIR.into());
        }
        let node = remove(&mut d, name).expect("entry just found");
        drop(d);
        let now = Timespec::now();
        {
            let mut m = node.meta.lock();
            m.nlink = m.nlink.saturating_sub(1);
            m.ctime = now;
        }
        self.touch_modified(now);
        Ok(())
    }

    fn rmdir(&self, name: &[u8]) -> Result<()> {
        self.shared.writable()?;
        let (dir, _) = self.dir()?;
        let mut d = dir.write();
        let slot = d.entries.get(name).ok_or(Errno::ENOENT)?;
        let (child_dir, _) = slot.node.dir()?;
        {
            let mut c = child_dir.write();
            if !c.entries.is_empty() {
                return Err(Errno::ENOTEMPTY.into());
            }
            c.removed = true;
        }
        let node = remove(&mut d, name).expect("entry just found");
        drop(d);
        node.mark_removed(self);
        let now = Timespec::now();
        let mut m = self.meta.lock();
        m.nlink -= 1;
        m.mtime = now;
        m.ctime = now;
        Ok(())
    }

    fn rename(&self, name: &[u8], new_dir: &NodeRef, new_name: &[u8], flags: RenameFlags) -> Result<()> {
        check_name(new_name)?;
        self.shared.writable()?;
        let new_parent = MemNode::downcast(new_dir)
            .filter(|t| Arc::ptr_eq(&t.shared, &self.shared))
            .ok_or(Errno::EXDEV)?;
        let (src_lock, _) = self.dir()?;
        let (dst_lock, _) = new_parent.dir()?;
        let same_dir = self.ino == new_parent.ino;
        // Cross-directory renames serialize on the rename lock, so the tree's shape is stable
        // while we order the two directory locks and check for cycles. Directory locks are taken
        // ancestor first (as rmdir and same-directory renames do, parent before child), and by
        // inode number between unrelated directories, as Linux's lock_rename does.
        let _tree = (!same_dir).then(|| self.shared.rename_lock.lock());
        let src_first = !same_dir
            && (self.is_ancestor_of(new_parent) || (!new_parent.is_ancestor_of(self) && self.ino < new_parent.ino));
        let (mut src, mut dst) = if same_dir {
            (src_lock.write(), None)
        } else if src_first {
            let s = src_lock.write();
            (s, Some(dst_lock.write()))
        } else {
            let d = dst_lock.write();
            (src_lock.write(), Some(d))
        };
        if src.removed || dst.as_ref().is_some_and(|d| d.removed) {
            return Err(Errno::ENOENT.into());
        }
        let moving = src.entries.get(name).ok_or(Errno::ENOENT)?.node.clone();
        let dst_dir: &mut Dir = match dst.as_mut() {
            Some(d) => d,
            None => &mut src,
        };
        let existing = dst_dir.entries.get(new_name).map(|s| s.node.clone());
        if let Some(existing) = &existing {
            if existing.ino == moving.ino {
                return Ok(());
            }
            // A directory holding the source (its parent, or further up) is not empty; its lock
            // may be one we hold, so answer before looking inside it.
            if existing.is_dir() && existing.is_ancestor_of(self) {
                return Err(Errno::ENOTEMPTY.into());
            }
            if flags.noreplace {
                return Err(Errno::EEXIST.into());
            }
            match (moving.is_dir(), existing.is_dir()) {
                (true, false) => return Err(Errno::ENOTDIR.into()),
                (false, true) => return Err(Errno::EISDIR.into()),
                (true, true) if !existing.is_empty_dir() => return Err(Errno::ENOTEMPTY.into()),
                _ => {}
            }
        }
        if moving.is_dir() && !same_dir && moving.is_ancestor_of(new_parent) {
            return Err(Errno::EINVAL.into());
        }
        if existing.is_some() {
            remove(dst_dir, new_name);
        }
        insert(dst_dir, new_name, moving.clone());
        remove(&mut src, name);
        drop(src);
        drop(dst);
        let now = Timespec::now();
        if let Some(existing) = existing {
            if existing.is_dir() {
                existing.mark_removed(new_parent);
                new_parent.add_nlink(-1);
            } else {
                let mut m = existing.meta.lock();
                m.nlink = m.nlink.saturating_sub(1);
                m.ctime = now;
            }
        }
        if let Body::Dir(_, link) = &moving.body {
            let mut l = link.lock();
            l.parent = new_parent.me.clone();
            l.name = new_name.into();
            if !same_dir {
                self.add_nlink(-1);
                new_parent.add_nlink(1);
            }
        }
        moving.touch_ctime(now);
        self.touch_modified(now);
        if !same_dir {
            new_parent.touch_modified(now);
        }
        Ok(())
    }

    fn readdir(&self, cookie: u64, sink: &mut dyn FnMut(DirEntry<'_>) -> bool) -> Result<()> {
        let (dir, _) = self.dir()?;
        let d = dir.read();
        for (&c, name) in d.order.range(cookie..) {
            let node = &d.entries[name].node;
            let entry = DirEntry { name, ino: node.ino, file_type: node.file_type(), next: c + 1 };
            if !sink(entry) {
                break;
            }
        }
        Ok(())
    }

    fn parent(&self) -> Option<NodeRef> {
        let (_, link) = self.dir().ok()?;
        let link = link.lock();
        let parent = link.pinned.clone().or_else(|| link.parent.upgrade())?;
        Some(parent)
    }

    fn name_in_parent(&self) -> Option<Vec<u8>> {
        let (_, link) = self.dir().ok()?;
        Some(link.lock().name.to_vec())
    }

    fn readlink(&self) -> Result<Vec<u8>> {
        match &self.body {
            Body::Symlink(t) => Ok(t.to_vec()),
            _ => Err(Errno::EINVAL.into()),
        }
    }

    fn read_at(&self, offset: u64, buf: &mut [u8]) -> Result<usize> {
        Ok(self.file()?.read().read(offset, buf))
    }

    fn write_at(&self, offset: u64, buf: &[u8]) -> Result<usize> {
        self.shared.writable()?;
        let data = self.file()?;
        if buf.is_empty() {
            return Ok(0);
        }
        offset.checked_add(buf.len() as u64).filter(|&e| e <= i64::MAX as u64).ok_or(Errno::EFBIG)?;
        {
            let mut d = data.write();
            self.shared.quota.bytes.charge(d.growth_for_write(offset, buf.len()))?;
            d.write(offset, buf);
        }
        self.touch_modified(Timespec::now());
        Ok(buf.len())
    }

    fn append(&self, buf: &[u8]) -> Result<u64> {
        self.shared.writable()?;
        let data = self.file()?;
        let end = {
            let mut d = data.write();
            let offset = d.size();
            self.shared.quota.bytes.charge(d.growth_for_write(offset, buf.len()))?;
            d.write(offset, buf);
            offset + buf.len() as u64
        };
        if !buf.is_empty() {
            self.touch_modified(Timespec::now());
        }
        Ok(end)
    }

    fn immutable_id(&self) -> Option<(u64, u64)> {
        self.shared.read_only.load(Ordering::Relaxed).then_some((self.shared.dev, self.ino))
    }

    fn get_xattr(&self, name: &[u8]) -> Result<Vec<u8>> {
        let m = self.meta.lock();
        m.xattrs.iter().find(|(k, _)| &**k == name).map(|(_, v)| v.to_vec()).ok_or(Errno::ENODATA.into())
    }

    fn set_xattr(&self, name: &[u8], value: &[u8]) -> Result<()> {
        self.shared.writable()?;
        let mut m = self.meta.lock();
        match m.xattrs.iter_mut().find(|(k, _)| &**k == name) {
            Some((_, v)) => *v = value.into(),
            None => m.xattrs.push((name.into(), value.into())),
        }
        m.ctime = Timespec::now();
        Ok(())
    }
}

#[cfg(test)]
mod tests;
