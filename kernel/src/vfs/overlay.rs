//! overlay: a writable upper filesystem stacked over a read-only lower one, so that many VMs
//! share one base image without copying it.
//!
//! # Layers
//!
//! The lower layer (any [`FileSystem`], usually a frozen memfs image) is never written, so any
//! number of overlays can share it. The upper layer is a per-VM [`MemFs`] that charges the VM's
//! quota. A name resolves to its upper entry if there is one, else to its lower entry; an upper
//! directory over a lower directory merges both.
//!
//! # Copy-up
//!
//! Changing a node that exists only in the lower layer first copies it up: its ancestors that
//! have no upper are copied up from the top down (as empty directories with the lower's mode,
//! owner and times), then the node itself (file data, symlink target or device number, then
//! mode, owner and times). A directory copies up empty: the merged view keeps showing its lower
//! children. Copy-up is not a change of the directory it happens in, so that directory keeps
//! its modification time. A file is copied up under its own copy-up lock, which every access
//! to the node waits for, so concurrent copy-ups yield one copy and nobody sees half of one.
//! The extended attributes of the lower node are not copied ([`Inode`] cannot list them).
//!
//! # Whiteouts and opaque directories
//!
//! Removing a name that the lower layer has leaves a whiteout in the upper directory: a
//! character device with rdev 0, as on Linux. It hides the lower name and is itself never
//! shown. A directory created over a whiteout is opaque (xattr `trusted.overlay.opaque` = `y`):
//! it hides the whole lower directory of the same name. An upper entry that replaces another
//! is built under a temporary name and renamed into place while the directory is locked, so a
//! lower entry never shows through a half-done change, and running out of quota leaves the old
//! state. As on Linux without `redirect_dir`, a directory that has a lower layer cannot be
//! renamed (`EXDEV`; callers copy and delete, like `mv`).
//!
//! # Inode numbers
//!
//! A node keeps the lower's inode number for good, also after copy-up: the copy records it in
//! the `trusted.overlay.origin` xattr, so renamed and hard-linked copies keep it too. Nodes
//! that only ever existed in the upper layer use the upper's numbers, which start at
//! [`UPPER_INO_BASE`] so they never collide with lower ones. `st_dev` is the overlay's own.
//!
//! # Node identity
//!
//! Each directory caches the nodes it handed out, by name: while anyone holds a node, looking
//! its name up again yields the same object, so a copy-up through one handle is seen through
//! all of them. The cache holds weak references: a node nobody holds is rebuilt from the
//! layers on its next lookup (with the same inode number), so walking a large image does not
//! pin it in memory. A node holds its parent directory, which its copy-up needs.
//!
//! # Directory cookies
//!
//! Listings are stable under concurrent changes. Entries that exist only in the upper layer
//! come first, under the upper's cookies (below [`LOWER_COOKIE_BASE`]); then every entry that
//! has a lower entry (lower-only, merged directory, or copied up from it) in the lower's order,
//! under `LOWER_COOKIE_BASE + lower cookie`. A copy-up therefore never moves an entry from one
//! part of a listing to the other, and an entry present for the whole listing is reported
//! exactly once.
//!
//! # Locks
//!
//! Every change to a directory's upper entries and name cache happens under that directory's
//! lock in write mode; lookups and listings hold it in read mode. A node's copy-up lock (its
//! `upper` slot) is written only while that node is copied up. Locks are taken in this order:
//!
//! 1. the overlay's rename lock (cross-directory renames only);
//! 2. a non-directory's copy-up lock (held while its data is copied);
//! 3. directory locks: an ancestor before its descendants; two unrelated directories only
//!    under the rename lock, in inode-number order;
//! 4. a directory's copy-up lock (taken under its parent's lock to copy it up, under its own
//!    lock to read it);
//! 5. the name cache and placement mutexes, then the layers' own locks.
//!
//! No two copy-up locks are ever held at once: ancestors are copied up, one at a time, before
//! their descendants.

use std::any::Any;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Weak};

use parking_lot::{Mutex, RwLock, RwLockWriteGuard};

use crate::error::{Errno, Result};
use crate::limits::FsQuota;
use crate::vfs::memfs::MemFs;
use crate::vfs::{
    check_name, new_dev, same_node, DirEntry, FileSystem, FileType, FsUsage, Inode, NewNode, NodeRef, Owner,
    RenameFlags, SetAttr, Stat, TimeSet,
};

/// First inode number of the upper memfs. Lower inode numbers must stay below it.
pub const UPPER_INO_BASE: u64 = 1 << 40;

/// Directory cookies at or above this value continue a listing in the lower layer.
pub const LOWER_COOKIE_BASE: u64 = 1 << 62;

/// Marks an upper directory that hides the lower directory of the same name (value `y`).
pub const OPAQUE_XATTR: &[u8] = b"trusted.overlay.opaque";

/// On a copied-up node: the lower inode number it came from (8 bytes, little endian).
pub const ORIGIN_XATTR: &[u8] = b"trusted.overlay.origin";

/// Extended attributes under this prefix belong to the overlay: guests can neither read nor
/// set them (`EOPNOTSUPP`, as on Linux).
const PRIVATE_XATTR_PREFIX: &[u8] = b"trusted.overlay.";

/// Bytes copied per step of a file copy-up.
const COPY_CHUNK: usize = 64 * 1024;

/// Entries read from a layer per step of a listing.
const LIST_BATCH: usize = 128;

/// Name cache size below which dead entries are not swept.
const MIN_SWEEP: usize = 64;

/// Prefix of the temporary upper names used to replace entries atomically.
pub(crate) const TEMP_PREFIX: &str = ".ovl-tmp.";

struct Shared {
    dev: u64,
    upper: Arc<MemFs>,
    lower: Arc<dyn FileSystem>,
    /// Serializes cross-directory renames, which keeps the tree's shape still while a rename
    /// orders its locks and checks for cycles.
    rename_lock: Mutex<()>,
    next_temp: AtomicU64,
}

/// A writable [`MemFs`] stacked over a read-only, shareable lower filesystem.
pub struct OverlayFs {
    shared: Arc<Shared>,
    root: Arc<OvlNode>,
}

impl OverlayFs {
    /// Stacks `upper` over `lower`. The root directory shows the upper root's attributes.
    ///
    /// `upper` must number its inodes from [`UPPER_INO_BASE`] (build it with
    /// `MemFs::with_ino_base(quota, UPPER_INO_BASE)`, or use [`OverlayFs::with_new_upper`]), and
    /// `lower`'s inode numbers must stay below that, so that inode numbers never collide.
    ///
    /// # Panics
    ///
    /// If the upper root's inode number is below [`UPPER_INO_BASE`].
    pub fn new(upper: Arc<MemFs>, lower: Arc<dyn FileSystem>) -> Arc<OverlayFs> {
        let upper_root = upper.root();
        assert!(
            upper_root.ino() >= UPPER_INO_BASE,
            "an overlay's upper memfs must be built with MemFs::with_ino_base(quota, UPPER_INO_BASE)"
        );
        let lower_root = lower.root();
        let shared = Arc::new(Shared {
            dev: new_dev(),
            upper,
            lower,
            rename_lock: Mutex::new(()),
            next_temp: AtomicU64::new(0),
        });
        let placement = Placement { parent: None, name: Box::default(), removed: false };
        let root = OvlNode::new(
            &shared,
            placement,
            lower_root.ino(),
            FileType::Directory,
            Some(upper_root),
            Some(lower_root),
        );
        Arc::new(OverlayFs { shared, root })
    }

    /// An overlay over `lower` with a fresh upper memfs charging `quota`. The upper root takes
    /// the lower root's mode, owner and times.
    pub fn with_new_upper(quota: Arc<FsQuota>, lower: Arc<dyn FileSystem>) -> Result<Arc<OverlayFs>> {
        let upper = MemFs::with_ino_base(quota, UPPER_INO_BASE);
        let st = lower.root().stat()?;
        upper.root().set_attr(&SetAttr {
            mode: Some(st.perm()),
            uid: Some(st.uid),
            gid: Some(st.gid),
            size: None,
            atime: Some(TimeSet::At(st.atime)),
            mtime: Some(TimeSet::At(st.mtime)),
        })?;
        Ok(OverlayFs::new(upper, lower))
    }

    /// The root as a concrete node.
    pub fn root_node(&self) -> Arc<OvlNode> {
        self.root.clone()
    }

    /// The writable upper layer (the VM's own changes).
    pub fn upper(&self) -> &Arc<MemFs> {
        &self.shared.upper
    }

    /// The read-only lower layer, possibly shared with other overlays.
    pub fn lower(&self) -> &Arc<dyn FileSystem> {
        &self.shared.lower
    }
}

impl FileSystem for OverlayFs {
    fn root(&self) -> NodeRef {
        self.root.clone()
    }

    fn dev(&self) -> u64 {
        self.shared.dev
    }

    fn kind(&self) -> &'static str {
        "overlay"
    }

    fn usage(&self) -> FsUsage {
        self.shared.upper.usage()
    }
}

/// Where a node was found: the directory and name its copy-up goes to. Changed only by rename.
struct Placement {
    /// The parent directory; `None` for the root.
    parent: Option<Arc<OvlNode>>,
    name: Box<[u8]>,
    /// Set once `name` in `parent` no longer refers to this node (unlinked, removed or
    /// replaced). A removed file that is still open copies up as an unlinked orphan.
    removed: bool,
}

impl Placement {
    fn is_at(&self, dir: &OvlNode, name: &[u8]) -> bool {
        self.parent.as_deref().is_some_and(|p| std::ptr::eq(p, dir)) && *self.name == *name
    }
}

/// The nodes a directory handed out, by name.
#[derive(Default)]
struct Children {
    nodes: HashMap<Box<[u8]>, Weak<OvlNode>>,
    /// Size at which dead entries are swept next.
    sweep_at: usize,
}

impl Children {
    fn get(&self, name: &[u8]) -> Option<Arc<OvlNode>> {
        self.nodes.get(name).and_then(Weak::upgrade)
    }

    fn insert(&mut self, name: &[u8], node: &Arc<OvlNode>) {
        if self.nodes.len() >= self.sweep_at {
            self.nodes.retain(|_, n| n.strong_count() > 0);
            self.sweep_at = (self.nodes.len() * 2).max(MIN_SWEEP);
        }
        self.nodes.insert(name.into(), Arc::downgrade(node));
    }

    fn remove(&mut self, name: &[u8]) -> Option<Arc<OvlNode>> {
        self.nodes.remove(name).and_then(|n| n.upgrade())
    }
}

/// The directory part of a node.
#[derive(Default)]
struct DirState {
    /// Write mode for any change of the directory's upper entries or name cache.
    lock: RwLock<()>,
    children: Mutex<Children>,
}

/// An inode of an [`OverlayFs`]: an upper node, a lower node, or a directory merging both.
pub struct OvlNode {
    shared: Arc<Shared>,
    me: Weak<OvlNode>,
    ino: u64,
    file_type: FileType,
    /// The upper node once there is one; never unset. Its lock is the copy-up lock.
    upper: RwLock<Option<NodeRef>>,
    /// The lower node: the content until copy-up, and the lower half of a merged directory.
    lower: Option<NodeRef>,
    placement: Mutex<Placement>,
    dir: Option<DirState>,
}

/// A name's entries in both layers of one directory.
struct Entry {
    /// The upper entry, unless it is a whiteout.
    upper: Option<NodeRef>,
    /// Whether the upper layer holds a whiteout for the name.
    whiteout: bool,
    /// The lower entry, shown or not: removing the name must then leave a whiteout.
    lower: Option<NodeRef>,
    /// Whether `lower` is part of the merged view: a lower-only entry, or a lower directory
    /// under a non-opaque upper directory.
    lower_shown: bool,
    /// The lower inode number a copied-up upper entry came from.
    origin: Option<u64>,
}

impl Entry {
    fn upper_only(upper: NodeRef) -> Entry {
        Entry { upper: Some(upper), whiteout: false, lower: None, lower_shown: false, origin: None }
    }

    fn exists(&self) -> bool {
        self.upper.is_some() || self.lower_shown
    }

    fn shown_lower(&self) -> Option<&NodeRef> {
        self.lower.as_ref().filter(|_| self.lower_shown)
    }

    fn file_type(&self) -> Option<FileType> {
        self.upper.as_ref().or(self.shown_lower()).map(|n| n.file_type())
    }

    fn is_dir(&self) -> bool {
        self.file_type() == Some(FileType::Directory)
    }

    /// The stable inode number: the lower's, also for copies of it, else the upper's.
    fn ino(&self) -> Option<u64> {
        match (self.shown_lower(), &self.upper) {
            (Some(lower), _) => Some(lower.ino()),
            (None, Some(upper)) => Some(self.origin.unwrap_or_else(|| upper.ino())),
            (None, None) => None,
        }
    }

    /// Whether both are the same file: one node, or hard links to one. (Lower hard links stop
    /// being one file once either is copied up, as on Linux.)
    fn same_file(&self, other: &Entry) -> bool {
        match (&self.upper, &other.upper, self.shown_lower(), other.shown_lower()) {
            (Some(a), Some(b), ..) => same_node(a, b),
            (None, None, Some(a), Some(b)) => same_node(a, b),
            _ => false,
        }
    }

    /// Whether a listing reports this entry among the lower entries: it has a lower entry that
    /// is shown or that it was copied up from.
    fn listed_with_lower(&self) -> bool {
        match &self.lower {
            Some(lower) if !self.whiteout => self.lower_shown || self.origin == Some(lower.ino()),
            _ => false,
        }
    }
}

impl OvlNode {
    fn new(
        shared: &Arc<Shared>,
        placement: Placement,
        ino: u64,
        file_type: FileType,
        upper: Option<NodeRef>,
        lower: Option<NodeRef>,
    ) -> Arc<OvlNode> {
        Arc::new_cyclic(|me| OvlNode {
            shared: shared.clone(),
            me: me.clone(),
            ino,
            file_type,
            upper: RwLock::new(upper),
            lower,
            placement: Mutex::new(placement),
            dir: (file_type == FileType::Directory).then(DirState::default),
        })
    }

    fn dir(&self) -> Result<&DirState> {
        self.dir.as_ref().ok_or(Errno::ENOTDIR.into())
    }

    fn require_file(&self) -> Result<()> {
        match self.file_type {
            FileType::Regular => Ok(()),
            FileType::Directory => Err(Errno::EISDIR.into()),
            _ => Err(Errno::EINVAL.into()),
        }
    }

    fn downcast(node: &NodeRef) -> Option<&OvlNode> {
        node.as_any().downcast_ref::<OvlNode>()
    }

    fn upper_node(&self) -> Option<NodeRef> {
        self.upper.read().clone()
    }

    fn lower_node(&self) -> Result<NodeRef> {
        self.lower.clone().ok_or(Errno::EIO.into())
    }

    /// The node that currently holds the content: the upper if there is one, else the lower.
    fn current(&self) -> Result<NodeRef> {
        match self.upper_node() {
            Some(upper) => Ok(upper),
            None => self.lower_node(),
        }
    }

    fn parent_node(&self) -> Option<Arc<OvlNode>> {
        self.placement.lock().parent.clone()
    }

    fn is_removed(&self) -> bool {
        self.placement.lock().removed
    }

    /// Whether `self` is `other` or one of its ancestors.
    fn is_ancestor_of(&self, other: &OvlNode) -> bool {
        let mut cur = other.me.upgrade();
        while let Some(node) = cur {
            if std::ptr::eq(&*node, self) {
                return true;
            }
            cur = node.parent_node();
        }
        false
    }

    /// Looks `name` up in both layers of this directory. Callers hold the directory lock.
    fn resolve(&self, name: &[u8]) -> Result<Entry> {
        self.resolve_in(self.upper_node().as_ref(), name)
    }

    /// Like [`OvlNode::resolve`] with the directory's upper node already at hand.
    fn resolve_in(&self, upper_dir: Option<&NodeRef>, name: &[u8]) -> Result<Entry> {
        let mut upper = match upper_dir {
            Some(dir) => find(dir, name)?,
            None => None,
        };
        let whiteout = match &upper {
            Some(node) => is_whiteout(node)?,
            None => false,
        };
        if whiteout {
            upper = None;
        }
        let lower = match &self.lower {
            Some(dir) => match find(dir, name)? {
                Some(node) if !is_whiteout(&node)? => Some(node),
                _ => None,
            },
            None => None,
        };
        let lower_shown = !whiteout
            && match (&upper, &lower) {
                (None, Some(_)) => true,
                (Some(u), Some(l)) => {
                    u.file_type() == FileType::Directory && l.file_type() == FileType::Directory && !is_opaque(u)
                }
                _ => false,
            };
        let origin = upper.as_ref().and_then(origin_of);
        Ok(Entry { upper, whiteout, lower, lower_shown, origin })
    }

    /// Like [`OvlNode::resolve`], failing with `ENOENT` once this directory has been removed.
    fn resolve_live(&self, name: &[u8]) -> Result<Entry> {
        if self.is_removed() {
            return Err(Errno::ENOENT.into());
        }
        self.resolve(name)
    }

    /// The node for `name`, from the cache or built from the layers. Callers hold the
    /// directory lock.
    fn child_locked(&self, dir: &DirState, name: &[u8]) -> Result<Arc<OvlNode>> {
        if let Some(node) = dir.children.lock().get(name) {
            return Ok(node);
        }
        let node = self.new_child(name, &self.resolve(name)?)?;
        let mut children = dir.children.lock();
        // A concurrent lookup may have built the node first: everyone gets the same one.
        if let Some(node) = children.get(name) {
            return Ok(node);
        }
        children.insert(name, &node);
        Ok(node)
    }

    fn new_child(&self, name: &[u8], entry: &Entry) -> Result<Arc<OvlNode>> {
        let (Some(file_type), Some(ino)) = (entry.file_type(), entry.ino()) else {
            return Err(Errno::ENOENT.into());
        };
        let parent = self.me.upgrade().ok_or(Errno::ENOENT)?;
        let placement = Placement { parent: Some(parent), name: name.into(), removed: false };
        Ok(OvlNode::new(
            &self.shared,
            placement,
            ino,
            file_type,
            entry.upper.clone(),
            entry.shown_lower().cloned(),
        ))
    }

    /// Drops `name` from the name cache after it was removed or replaced. Callers hold the
    /// directory lock in write mode.
    fn forget_child(&self, dir: &DirState, name: &[u8]) {
        let Some(node) = dir.children.lock().remove(name) else { return };
        let mut placement = node.placement.lock();
        if placement.is_at(self, name) {
            placement.removed = true;
        }
    }

    /// Moves the cached node of `name` to `new_name` in `to` after a rename. Callers hold both
    /// directory locks in write mode.
    fn move_child(&self, from: &DirState, name: &[u8], to: &Arc<OvlNode>, to_dir: &DirState, new_name: &[u8]) {
        let Some(node) = from.children.lock().remove(name) else { return };
        {
            let mut placement = node.placement.lock();
            if placement.is_at(self, name) {
                placement.parent = Some(to.clone());
                placement.name = new_name.into();
            }
        }
        to_dir.children.lock().insert(new_name, &node);
    }

    /// The upper node, copying this node up first if needed.
    fn copy_up(&self) -> Result<NodeRef> {
        self.copy_up_to(u64::MAX)
    }

    /// Like [`OvlNode::copy_up`], copying at most `data_limit` bytes of file data (for a
    /// truncation, which is about to drop the rest anyway).
    fn copy_up_to(&self, data_limit: u64) -> Result<NodeRef> {
        if let Some(upper) = self.upper_node() {
            return Ok(upper);
        }
        if self.file_type == FileType::Directory {
            self.copy_up_ancestors()?;
            return self.copy_up_dir();
        }
        // A removed file needs no parent: it copies up as an orphan. Its parent can only have
        // gone away after it was removed, so a failure here means it just was.
        if !self.is_removed() {
            if let Err(e) = self.copy_up_ancestors() {
                if !self.is_removed() {
                    return Err(e);
                }
            }
        }
        self.copy_up_file(data_limit)
    }

    /// Copies up the ancestors that have no upper, from the top down.
    fn copy_up_ancestors(&self) -> Result<()> {
        let mut missing = Vec::new();
        let mut cur = self.parent_node();
        while let Some(dir) = cur {
            if dir.upper_node().is_some() {
                break;
            }
            cur = dir.parent_node();
            missing.push(dir);
        }
        for dir in missing.iter().rev() {
            dir.copy_up_dir()?;
        }
        Ok(())
    }

    /// Copies this directory up as an empty upper directory; its parent already has an upper.
    fn copy_up_dir(&self) -> Result<NodeRef> {
        if let Some(upper) = self.upper_node() {
            return Ok(upper);
        }
        let parent = self.parent_node().ok_or(Errno::EIO)?;
        let parent_dir = parent.dir()?;
        let _parent_lock = parent_dir.lock.write();
        let parent_upper = parent.upper_node().ok_or(Errno::EIO)?;
        let mut slot = self.upper.write();
        if let Some(upper) = slot.as_ref() {
            return Ok(upper.clone());
        }
        let name = {
            let placement = self.placement.lock();
            if placement.removed {
                return Err(Errno::ENOENT.into());
            }
            placement.name.clone()
        };
        let lower = self.lower_node()?;
        let st = lower.stat()?;
        let copy = keeping_mtime(&parent_upper, || create_twin(&parent_upper, &name, &lower, &st))?;
        if let Err(e) = finish_copy(&lower, &copy, &st, u64::MAX) {
            withdraw(&parent_upper, &name, &copy);
            return Err(e);
        }
        *slot = Some(copy.clone());
        Ok(copy)
    }

    /// Copies this non-directory up. The copy-up lock is held throughout, so concurrent
    /// copy-ups yield one copy; the parent is locked only to place the copy, not while data is
    /// copied.
    fn copy_up_file(&self, data_limit: u64) -> Result<NodeRef> {
        let mut slot = self.upper.write();
        if let Some(upper) = slot.as_ref() {
            return Ok(upper.clone());
        }
        let lower = self.lower_node()?;
        let st = lower.stat()?;
        let (copy, parent) = self.place_copy(&lower, &st)?;
        if let Err(e) = finish_copy(&lower, &copy, &st, data_limit) {
            if let Some(parent) = parent {
                let name = self.placement.lock().name.clone();
                parent.withdraw_copy(&name, &copy);
            }
            return Err(e);
        }
        *slot = Some(copy.clone());
        Ok(copy)
    }

    /// Creates the upper copy of this non-directory in its parent's upper directory, or as an
    /// orphan if its name is gone. Returns the copy and the parent it was placed in.
    fn place_copy(&self, lower: &NodeRef, st: &Stat) -> Result<(NodeRef, Option<Arc<OvlNode>>)> {
        let parent = self.parent_node().ok_or(Errno::EIO)?;
        let placed = {
            let parent_dir = parent.dir()?;
            let _parent_lock = parent_dir.lock.write();
            let placement = self.placement.lock();
            if placement.removed {
                None
            } else {
                let name = placement.name.clone();
                drop(placement);
                let parent_upper = parent.upper_node().ok_or(Errno::EIO)?;
                Some(keeping_mtime(&parent_upper, || create_twin(&parent_upper, &name, lower, st))?)
            }
        };
        match placed {
            Some(copy) => Ok((copy, Some(parent))),
            None => Ok((orphan_copy(&parent, lower, st)?, None)),
        }
    }

    /// Removes a copy that failed half-way from this directory's upper layer, unless its name
    /// has been taken over meanwhile.
    fn withdraw_copy(&self, name: &[u8], copy: &NodeRef) {
        let Ok(dir) = self.dir() else { return };
        let _lock = dir.lock.write();
        let Some(upper_dir) = self.upper_node() else { return };
        if let Ok(Some(found)) = find(&upper_dir, name) {
            if same_node(&found, copy) {
                withdraw(&upper_dir, name, copy);
            }
        }
    }

    /// Creates an upper entry under a fresh temporary name in `dir` with `make`. Callers hold
    /// the directory lock in write mode, so nobody ever sees the name.
    fn create_temp(
        &self,
        dir: &NodeRef,
        mut make: impl FnMut(&NodeRef, &[u8]) -> Result<NodeRef>,
    ) -> Result<(Vec<u8>, NodeRef)> {
        loop {
            let n = self.shared.next_temp.fetch_add(1, Ordering::Relaxed);
            let name = format!("{TEMP_PREFIX}{n}").into_bytes();
            match make(dir, &name) {
                Ok(node) => return Ok((name, node)),
                Err(e) if e == Errno::EEXIST => continue,
                Err(e) => return Err(e),
            }
        }
    }

    /// Makes a new upper entry `name` in this directory's upper layer `upper_dir` with `make`.
    /// Over a whiteout, the entry is built under a temporary name and renamed into place, so a
    /// failure (such as the quota) leaves the whiteout; a directory made there is opaque.
    fn place(
        &self,
        upper_dir: &NodeRef,
        name: &[u8],
        over_whiteout: bool,
        mut make: impl FnMut(&NodeRef, &[u8]) -> Result<NodeRef>,
    ) -> Result<NodeRef> {
        if !over_whiteout {
            return make(upper_dir, name);
        }
        let (temp, node) = self.create_temp(upper_dir, make)?;
        let placed = if node.file_type() == FileType::Directory {
            // A directory cannot replace a non-directory in one rename; the gap between the
            // unlink and the rename is invisible under the directory lock.
            node.set_xattr(OPAQUE_XATTR, b"y")
                .and_then(|()| upper_dir.unlink(name))
                .and_then(|()| upper_dir.rename(&temp, upper_dir, name, RenameFlags::default()))
        } else {
            upper_dir.rename(&temp, upper_dir, name, RenameFlags::default())
        };
        if let Err(e) = placed {
            discard(upper_dir, &temp, &node);
            return Err(e);
        }
        Ok(node)
    }

    /// Removes `name` (resolved as `entry`) from this directory's upper layer `upper_dir`,
    /// leaving a whiteout where the lower layer has the name. An upper directory loses its
    /// whiteouts first. The whiteout is allocated before anything is removed, so a quota
    /// failure changes nothing. Callers hold the directory lock in write mode and have checked
    /// that a directory is empty in the merged view.
    fn remove_entry(&self, upper_dir: &NodeRef, name: &[u8], entry: &Entry) -> Result<()> {
        let Some(upper) = &entry.upper else {
            return make_whiteout(upper_dir, name).map(drop);
        };
        let is_dir = upper.file_type() == FileType::Directory;
        if entry.lower.is_none() {
            if is_dir {
                clear_whiteouts(upper)?;
                return upper_dir.rmdir(name);
            }
            return upper_dir.unlink(name);
        }
        let (temp, whiteout) = self.create_temp(upper_dir, make_whiteout)?;
        let replaced = if is_dir {
            clear_whiteouts(upper)
                .and_then(|()| upper_dir.rmdir(name))
                .and_then(|()| upper_dir.rename(&temp, upper_dir, name, RenameFlags::default()))
        } else {
            upper_dir.rename(&temp, upper_dir, name, RenameFlags::default())
        };
        if let Err(e) = replaced {
            discard(upper_dir, &temp, &whiteout);
            return Err(e);
        }
        Ok(())
    }

    /// Runs `check` on `name` under the directory lock in read mode: lets an operation fail
    /// the way Linux does before it copies anything up.
    fn precheck(&self, dir: &DirState, name: &[u8], check: impl FnOnce(&Entry) -> Result<()>) -> Result<()> {
        let _lock = dir.lock.read();
        check(&self.resolve_live(name)?)
    }

    /// The upper-layer part of a rename whose checks passed: `whiteout` (a temporary whiteout
    /// name in `src_upper_dir`) takes the old name when the lower layer has it.
    fn rename_in_upper(
        src_upper_dir: &NodeRef,
        name: &[u8],
        src: &Entry,
        dst_upper_dir: &NodeRef,
        new_name: &[u8],
        dst: &Entry,
        whiteout: Option<&[u8]>,
    ) -> Result<()> {
        let moving = src.upper.as_ref().ok_or(Errno::ENOENT)?;
        let is_dir = moving.file_type() == FileType::Directory;
        if is_dir && dst.lower.is_some() {
            // The moved directory must not merge with the lower one of its new name.
            moving.set_xattr(OPAQUE_XATTR, b"y")?;
        }
        match &dst.upper {
            Some(target) if target.file_type() == FileType::Directory => clear_whiteouts(target)?,
            None if dst.whiteout && is_dir => dst_upper_dir.unlink(new_name)?,
            _ => {}
        }
        src_upper_dir.rename(name, dst_upper_dir, new_name, RenameFlags::default())?;
        if let Some(temp) = whiteout {
            src_upper_dir.rename(temp, src_upper_dir, name, RenameFlags::default())?;
        }
        Ok(())
    }
}

impl Inode for OvlNode {
    fn ino(&self) -> u64 {
        self.ino
    }

    fn file_type(&self) -> FileType {
        self.file_type
    }

    fn stat(&self) -> Result<Stat> {
        let upper = self.upper_node();
        let mut st = match &upper {
            Some(node) => node.stat()?,
            None => self.lower_node()?.stat()?,
        };
        st.dev = self.shared.dev;
        st.ino = self.ino;
        if self.file_type == FileType::Directory && upper.is_some() && self.lower.is_some() {
            // As on Linux: counting a merged directory's subdirectories is not worth it, and
            // 1 tells `find` not to rely on the count.
            st.nlink = 1;
        } else if upper.is_none() && self.is_removed() {
            st.nlink = 0;
        }
        Ok(st)
    }

    fn set_attr(&self, attr: &SetAttr) -> Result<()> {
        if attr.size.is_some() {
            self.require_file()?;
        }
        let upper = self.copy_up_to(attr.size.unwrap_or(u64::MAX))?;
        // A directory's lock keeps this from racing the time restore after a copy-up into it.
        let _lock = self.dir.as_ref().map(|d| d.lock.write());
        upper.set_attr(attr)
    }

    fn as_any(&self) -> &dyn Any {
        self
    }

    fn dev(&self) -> u64 {
        self.shared.dev
    }

    fn lookup(&self, name: &[u8]) -> Result<NodeRef> {
        let dir = self.dir()?;
        let _lock = dir.lock.read();
        if self.is_removed() {
            return Err(Errno::ENOENT.into());
        }
        Ok(self.child_locked(dir, name)?)
    }

    fn create(&self, name: &[u8], node: NewNode<'_>, perm: u32, owner: Owner) -> Result<NodeRef> {
        check_name(name)?;
        let dir = self.dir()?;
        let absent = |entry: &Entry| -> Result<()> {
            if entry.exists() {
                return Err(Errno::EEXIST.into());
            }
            Ok(())
        };
        self.precheck(dir, name, absent)?;
        if node == NewNode::Special(FileType::CharDevice, 0) {
            // That is a whiteout; Linux refuses to make one through an overlay.
            return Err(Errno::EPERM.into());
        }
        let upper_dir = self.copy_up()?;
        let _lock = dir.lock.write();
        let entry = self.resolve_live(name)?;
        absent(&entry)?;
        let upper = self.place(&upper_dir, name, entry.whiteout, |d, n| d.create(n, node, perm, owner))?;
        let child = self.new_child(name, &Entry::upper_only(upper))?;
        dir.children.lock().insert(name, &child);
        Ok(child)
    }

    fn link(&self, name: &[u8], target: &NodeRef) -> Result<()> {
        check_name(name)?;
        let target =
            OvlNode::downcast(target).filter(|t| Arc::ptr_eq(&t.shared, &self.shared)).ok_or(Errno::EXDEV)?;
        let dir = self.dir()?;
        let absent = |entry: &Entry| -> Result<()> {
            if entry.exists() {
                return Err(Errno::EEXIST.into());
            }
            Ok(())
        };
        self.precheck(dir, name, absent)?;
        if target.file_type == FileType::Directory {
            return Err(Errno::EPERM.into());
        }
        if target.is_removed() && target.upper_node().is_none() {
            return Err(Errno::ENOENT.into());
        }
        let target_node = target.me.upgrade().ok_or(Errno::ENOENT)?;
        let upper_dir = self.copy_up()?;
        let target_upper = target.copy_up()?;
        let _lock = dir.lock.write();
        let entry = self.resolve_live(name)?;
        absent(&entry)?;
        self.place(&upper_dir, name, entry.whiteout, |d, n| {
            d.link(n, &target_upper)?;
            d.lookup(n)
        })?;
        dir.children.lock().insert(name, &target_node);
        Ok(())
    }

    fn unlink(&self, name: &[u8]) -> Result<()> {
        let dir = self.dir()?;
        let check = |entry: &Entry| -> Result<()> {
            if !entry.exists() {
                return Err(Errno::ENOENT.into());
            }
            if entry.is_dir() {
                return Err(Errno::EISDIR.into());
            }
            Ok(())
        };
        self.precheck(dir, name, check)?;
        let upper_dir = self.copy_up()?;
        let _lock = dir.lock.write();
        let entry = self.resolve_live(name)?;
        check(&entry)?;
        self.remove_entry(&upper_dir, name, &entry)?;
        self.forget_child(dir, name);
        Ok(())
    }

    fn rmdir(&self, name: &[u8]) -> Result<()> {
        let dir = self.dir()?;
        let is_dir = |entry: &Entry| -> Result<()> {
            if !entry.exists() {
                return Err(Errno::ENOENT.into());
            }
            if !entry.is_dir() {
                return Err(Errno::ENOTDIR.into());
            }
            Ok(())
        };
        self.precheck(dir, name, |entry| {
            is_dir(entry)?;
            if !merged_is_empty(entry)? {
                return Err(Errno::ENOTEMPTY.into());
            }
            Ok(())
        })?;
        let upper_dir = self.copy_up()?;
        let _lock = dir.lock.write();
        let entry = self.resolve_live(name)?;
        is_dir(&entry)?;
        // The child's lock keeps anything from being created in it while it goes.
        let child = self.child_locked(dir, name)?;
        let _child_lock = child.dir()?.lock.write();
        if !merged_is_empty(&entry)? {
            return Err(Errno::ENOTEMPTY.into());
        }
        self.remove_entry(&upper_dir, name, &entry)?;
        self.forget_child(dir, name);
        Ok(())
    }

    fn rename(&self, name: &[u8], new_dir: &NodeRef, new_name: &[u8], flags: RenameFlags) -> Result<()> {
        check_name(new_name)?;
        let to =
            OvlNode::downcast(new_dir).filter(|d| Arc::ptr_eq(&d.shared, &self.shared)).ok_or(Errno::EXDEV)?;
        let to_arc = to.me.upgrade().ok_or(Errno::ENOENT)?;
        let from_dir = self.dir()?;
        let to_dir = to.dir()?;
        let same_dir = std::ptr::eq(self, to);

        // Check against the merged view before copying anything up, as Linux does.
        let src = {
            let _lock = from_dir.lock.read();
            self.resolve_live(name)?
        };
        let dst = {
            let _lock = to_dir.lock.read();
            to.resolve_live(new_name)?
        };
        if !check_rename(&src, &dst, flags)? {
            return Ok(());
        }
        let moving = {
            let _lock = from_dir.lock.read();
            self.child_locked(from_dir, name)?
        };
        let from_upper = self.copy_up()?;
        let to_upper = to.copy_up()?;
        moving.copy_up()?;

        // Now for real, under the locks: the names may have changed meanwhile.
        let _tree = (!same_dir).then(|| self.shared.rename_lock.lock());
        let _locks = lock_pair(self, to)?;
        let src = self.resolve_live(name)?;
        let dst = to.resolve_live(new_name)?;
        if !check_rename(&src, &dst, flags)? {
            return Ok(());
        }
        if src.is_dir() {
            let node = from_dir.children.lock().get(name);
            if node.is_some_and(|node| node.is_ancestor_of(to)) {
                return Err(Errno::EINVAL.into());
            }
        }
        // A replaced directory is locked so nothing is created in it while its whiteouts go.
        // It is neither `self` nor an ancestor of it: `self` is not empty.
        let replaced = if dst.is_dir() { Some(to.child_locked(to_dir, new_name)?) } else { None };
        let replaced_dir = replaced.as_deref().map(OvlNode::dir).transpose()?;
        let _replaced_lock = replaced_dir.map(|d| d.lock.write());
        if dst.is_dir() && !merged_is_empty(&dst)? {
            return Err(Errno::ENOTEMPTY.into());
        }
        let whiteout = match src.lower {
            Some(_) => Some(self.create_temp(&from_upper, make_whiteout)?),
            None => None,
        };
        let temp = whiteout.as_ref().map(|(temp, _)| temp.as_slice());
        if let Err(e) = OvlNode::rename_in_upper(&from_upper, name, &src, &to_upper, new_name, &dst, temp) {
            if let Some((temp, node)) = &whiteout {
                discard(&from_upper, temp, node);
            }
            return Err(e);
        }
        to.forget_child(to_dir, new_name);
        self.move_child(from_dir, name, &to_arc, to_dir, new_name);
        Ok(())
    }

    fn readdir(&self, cookie: u64, sink: &mut dyn FnMut(DirEntry<'_>) -> bool) -> Result<()> {
        let dir = self.dir()?;
        let _lock = dir.lock.read();
        if self.is_removed() {
            return Ok(());
        }
        let upper_dir = self.upper_node();
        let mut cookie = cookie;
        if cookie < LOWER_COOKIE_BASE {
            // Upper-only entries, under the upper's cookies.
            if let Some(upper) = &upper_dir {
                loop {
                    let batch = read_batch(upper, cookie)?;
                    for item in &batch {
                        if item.next >= LOWER_COOKIE_BASE {
                            return Err(Errno::EOVERFLOW.into());
                        }
                        cookie = item.next;
                        let entry = self.resolve_in(upper_dir.as_ref(), &item.name)?;
                        if entry.upper.is_some()
                            && !entry.listed_with_lower()
                            && !emit(sink, item, &entry, item.next)
                        {
                            return Ok(());
                        }
                    }
                    if batch.len() < LIST_BATCH {
                        break;
                    }
                }
            }
            cookie = LOWER_COOKIE_BASE;
        }
        // Entries with a lower entry, under the lower's cookies moved above the upper's.
        let Some(lower) = &self.lower else { return Ok(()) };
        let mut lower_cookie = cookie - LOWER_COOKIE_BASE;
        loop {
            let batch = read_batch(lower, lower_cookie)?;
            for item in &batch {
                if item.next >= LOWER_COOKIE_BASE {
                    return Err(Errno::EOVERFLOW.into());
                }
                lower_cookie = item.next;
                let entry = self.resolve_in(upper_dir.as_ref(), &item.name)?;
                if entry.listed_with_lower() && !emit(sink, item, &entry, LOWER_COOKIE_BASE + item.next) {
                    return Ok(());
                }
            }
            if batch.len() < LIST_BATCH {
                return Ok(());
            }
        }
    }

    fn parent(&self) -> Option<NodeRef> {
        self.dir.as_ref()?;
        Some(self.parent_node()?)
    }

    fn name_in_parent(&self) -> Option<Vec<u8>> {
        self.dir.as_ref()?;
        Some(self.placement.lock().name.to_vec())
    }

    fn readlink(&self) -> Result<Vec<u8>> {
        self.current()?.readlink()
    }

    fn immutable_id(&self) -> Option<(u64, u64)> {
        match self.upper_node() {
            Some(_) => None,
            None => self.lower.as_ref()?.immutable_id(),
        }
    }

    fn read_at(&self, offset: u64, buf: &mut [u8]) -> Result<usize> {
        self.current()?.read_at(offset, buf)
    }

    fn write_at(&self, offset: u64, buf: &[u8]) -> Result<usize> {
        self.require_file()?;
        if buf.is_empty() {
            return Ok(0);
        }
        offset.checked_add(buf.len() as u64).filter(|&end| end <= i64::MAX as u64).ok_or(Errno::EFBIG)?;
        self.copy_up()?.write_at(offset, buf)
    }

    fn append(&self, buf: &[u8]) -> Result<u64> {
        self.require_file()?;
        if buf.is_empty() {
            return Ok(self.current()?.stat()?.size);
        }
        self.copy_up()?.append(buf)
    }

    fn get_xattr(&self, name: &[u8]) -> Result<Vec<u8>> {
        if name.starts_with(PRIVATE_XATTR_PREFIX) {
            return Err(Errno::EOPNOTSUPP.into());
        }
        self.current()?.get_xattr(name)
    }

    fn set_xattr(&self, name: &[u8], value: &[u8]) -> Result<()> {
        if name.starts_with(PRIVATE_XATTR_PREFIX) {
            return Err(Errno::EOPNOTSUPP.into());
        }
        self.copy_up()?.set_xattr(name, value)
    }
}

/// Linux's checks for renaming `src` over `dst`, in Linux's order. `Ok(false)` when there is
/// nothing to do (both names are the same file).
fn check_rename(src: &Entry, dst: &Entry, flags: RenameFlags) -> Result<bool> {
    if !src.exists() {
        return Err(Errno::ENOENT.into());
    }
    if dst.exists() {
        if flags.noreplace {
            return Err(Errno::EEXIST.into());
        }
        if src.same_file(dst) {
            return Ok(false);
        }
        match (src.is_dir(), dst.is_dir()) {
            (true, false) => return Err(Errno::ENOTDIR.into()),
            (false, true) => return Err(Errno::EISDIR.into()),
            _ => {}
        }
    }
    if src.is_dir() && src.shown_lower().is_some() {
        // Moving it would need Linux's redirect_dir; without it Linux says EXDEV too.
        return Err(Errno::EXDEV.into());
    }
    if dst.is_dir() && !merged_is_empty(dst)? {
        return Err(Errno::ENOTEMPTY.into());
    }
    Ok(true)
}

/// Locks two directories for a rename: an ancestor first, unrelated ones in inode-number order
/// (under the rename lock, which keeps the tree's shape still).
fn lock_pair<'a>(
    a: &'a OvlNode,
    b: &'a OvlNode,
) -> Result<(RwLockWriteGuard<'a, ()>, Option<RwLockWriteGuard<'a, ()>>)> {
    let (a_dir, b_dir) = (a.dir()?, b.dir()?);
    if std::ptr::eq(a, b) {
        return Ok((a_dir.lock.write(), None));
    }
    let a_first = if a.is_ancestor_of(b) {
        true
    } else if b.is_ancestor_of(a) {
        false
    } else {
        a.ino < b.ino
    };
    Ok(if a_first {
        let first = a_dir.lock.write();
        (first, Some(b_dir.lock.write()))
    } else {
        let first = b_dir.lock.write();
        (first, Some(a_dir.lock.write()))
    })
}

/// Hands one merged entry to a readdir sink; returns what the sink returned.
fn emit(sink: &mut dyn FnMut(DirEntry<'_>) -> bool, item: &Listed, entry: &Entry, next: u64) -> bool {
    match (entry.ino(), entry.file_type()) {
        (Some(ino), Some(file_type)) => sink(DirEntry { name: &item.name, ino, file_type, next }),
        _ => true,
    }
}

/// `name` in `dir`, or `None` if it does not exist.
fn find(dir: &NodeRef, name: &[u8]) -> Result<Option<NodeRef>> {
    match dir.lookup(name) {
        Ok(node) => Ok(Some(node)),
        Err(e) if e == Errno::ENOENT => Ok(None),
        Err(e) => Err(e),
    }
}

fn is_whiteout(node: &NodeRef) -> Result<bool> {
    Ok(node.file_type() == FileType::CharDevice && node.stat()?.rdev == 0)
}

fn is_opaque(node: &NodeRef) -> bool {
    node.get_xattr(OPAQUE_XATTR).is_ok_and(|v| v == b"y")
}

fn origin_of(node: &NodeRef) -> Option<u64> {
    let value = node.get_xattr(ORIGIN_XATTR).ok()?;
    Some(u64::from_le_bytes(value.try_into().ok()?))
}

fn make_whiteout(dir: &NodeRef, name: &[u8]) -> Result<NodeRef> {
    dir.create(name, NewNode::Special(FileType::CharDevice, 0), 0, Owner::default())
}

/// Removes the entry `name` of `node` from the upper directory `dir` after a failure. Best
/// effort: it was made under the directory lock a moment ago, so removing it cannot fail.
fn discard(dir: &NodeRef, name: &[u8], node: &NodeRef) {
    let _ = if node.file_type() == FileType::Directory { dir.rmdir(name) } else { dir.unlink(name) };
}

/// Runs `change` on the upper directory `dir`, then puts its modification time back: a copy-up
/// is no change of the directory.
fn keeping_mtime<T>(dir: &NodeRef, change: impl FnOnce() -> Result<T>) -> Result<T> {
    let mtime = dir.stat()?.mtime;
    let out = change();
    // Only a time is at stake: failing to restore it must not mask or undo the change.
    let _ = dir.set_attr(&SetAttr { mtime: Some(TimeSet::At(mtime)), ..SetAttr::default() });
    out
}

/// Removes a half-made copy `node` (entry `name` of the upper directory `dir`) after a failed
/// copy-up, keeping the directory's time.
fn withdraw(dir: &NodeRef, name: &[u8], node: &NodeRef) {
    // The copy-up's own error is what gets reported; this only fails if `dir` cannot be read.
    let _ = keeping_mtime(dir, || {
        discard(dir, name, node);
        Ok(())
    });
}

/// Creates `name` in the upper directory `dir` as a copy of the lower node `lower` (whose
/// attributes are `st`): same type, permissions and owner, marked with its origin. Data and
/// times follow in [`finish_copy`].
fn create_twin(dir: &NodeRef, name: &[u8], lower: &NodeRef, st: &Stat) -> Result<NodeRef> {
    let target;
    let kind = match lower.file_type() {
        FileType::Regular => NewNode::File,
        FileType::Directory => NewNode::Dir,
        FileType::Symlink => {
            target = lower.readlink()?;
            NewNode::Symlink(&target)
        }
        special => NewNode::Special(special, st.rdev),
    };
    let copy = dir.create(name, kind, st.perm(), Owner { uid: st.uid, gid: st.gid })?;
    if let Err(e) = copy.set_xattr(ORIGIN_XATTR, &lower.ino().to_le_bytes()) {
        discard(dir, name, &copy);
        return Err(e);
    }
    Ok(copy)
}

/// Copies a removed file's lower node `lower` up as an orphan: created in the upper root under
/// a temporary name and unlinked at once, so it lives only as long as its open handles.
fn orphan_copy(parent: &Arc<OvlNode>, lower: &NodeRef, st: &Stat) -> Result<NodeRef> {
    let mut root = parent.clone();
    while let Some(up) = root.parent_node() {
        root = up;
    }
    let root_dir = root.dir()?;
    let _lock = root_dir.lock.write();
    let root_upper = root.upper_node().ok_or(Errno::EIO)?;
    keeping_mtime(&root_upper, || {
        let (temp, copy) = root.create_temp(&root_upper, |d, n| create_twin(d, n, lower, st))?;
        root_upper.unlink(&temp)?;
        Ok(copy)
    })
}

/// Copies file data (at most `data_limit` bytes), then the times, from `lower` (whose
/// attributes are `st`) to its upper copy. Runs of zeros stay holes in the copy.
fn finish_copy(lower: &NodeRef, copy: &NodeRef, st: &Stat, data_limit: u64) -> Result<()> {
    let mut size = None;
    if lower.file_type() == FileType::Regular {
        let mut buf = vec![0; COPY_CHUNK];
        let mut offset = 0u64;
        while offset < data_limit {
            let want = usize::try_from(data_limit - offset).map_or(COPY_CHUNK, |left| left.min(COPY_CHUNK));
            let n = lower.read_at(offset, &mut buf[..want])?;
            if n == 0 {
                break;
            }
            if buf[..n].iter().any(|&b| b != 0) {
                write_all(copy, offset, &buf[..n])?;
            }
            offset += n as u64;
        }
        size = Some(offset);
    }
    copy.set_attr(&SetAttr {
        size,
        atime: Some(TimeSet::At(st.atime)),
        mtime: Some(TimeSet::At(st.mtime)),
        ..SetAttr::default()
    })
}

fn write_all(node: &NodeRef, mut offset: u64, mut data: &[u8]) -> Result<()> {
    while !data.is_empty() {
        let n = node.write_at(offset, data)?;
        if n == 0 {
            return Err(Errno::EIO.into());
        }
        offset += n as u64;
        data = &data[n..];
    }
    Ok(())
}

/// One entry read from a layer's directory.
struct Listed {
    name: Box<[u8]>,
    file_type: FileType,
    next: u64,
}

/// Up to [`LIST_BATCH`] entries of `dir` from `cookie`. Collected first and examined after, so
/// no layer lock is held while other lookups run.
fn read_batch(dir: &NodeRef, cookie: u64) -> Result<Vec<Listed>> {
    let mut batch = Vec::with_capacity(LIST_BATCH);
    dir.readdir(cookie, &mut |e| {
        batch.push(Listed { name: e.name.into(), file_type: e.file_type, next: e.next });
        batch.len() < LIST_BATCH
    })?;
    Ok(batch)
}

/// Every entry of `dir`.
fn list_all(dir: &NodeRef) -> Result<Vec<Listed>> {
    let mut all = Vec::new();
    let mut cookie = 0;
    loop {
        let batch = read_batch(dir, cookie)?;
        let done = batch.len() < LIST_BATCH;
        if let Some(last) = batch.last() {
            cookie = last.next;
        }
        all.extend(batch);
        if done {
            return Ok(all);
        }
    }
}

/// Whether the directory `entry` shows no entries in the merged view.
fn merged_is_empty(entry: &Entry) -> Result<bool> {
    if let Some(upper) = &entry.upper {
        for item in list_all(upper)? {
            if item.file_type != FileType::CharDevice {
                return Ok(false);
            }
            if let Some(node) = find(upper, &item.name)? {
                if !is_whiteout(&node)? {
                    return Ok(false);
                }
            }
        }
    }
    if let Some(lower) = entry.shown_lower() {
        for item in list_all(lower)? {
            let hidden = match &entry.upper {
                Some(upper) => find(upper, &item.name)?.is_some(),
                None => false,
            };
            if hidden {
                continue;
            }
            if let Some(node) = find(lower, &item.name)? {
                if !is_whiteout(&node)? {
                    return Ok(false);
                }
            }
        }
    }
    Ok(true)
}

/// Removes the whiteouts from the upper directory `dir`, which memfs can then remove or
/// replace. Callers have checked that nothing else is in it.
fn clear_whiteouts(dir: &NodeRef) -> Result<()> {
    for item in list_all(dir)? {
        if item.file_type != FileType::CharDevice {
            continue;
        }
        if let Some(node) = find(dir, &item.name)? {
            if is_whiteout(&node)? {
                dir.unlink(&item.name)?;
            }
        }
    }
    Ok(())
}
