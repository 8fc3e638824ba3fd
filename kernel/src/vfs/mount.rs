//! The mount table: which filesystem is attached where, and [`Location`], a node together with
//! the mount it was reached through.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use parking_lot::RwLock;

use crate::error::{Errno, Result};
use crate::vfs::{same_node, FileSystem, FileType, NodeRef};

/// A filesystem attached at a point of the tree.
pub struct Mount {
    id: u64,
    fs: Arc<dyn FileSystem>,
    root: NodeRef,
    /// The mount and directory it covers; `None` for the VM's root mount.
    parent: Option<(Arc<Mount>, NodeRef)>,
    read_only: bool,
}

impl Mount {
    /// The mounted filesystem.
    pub fn fs(&self) -> &Arc<dyn FileSystem> {
        &self.fs
    }

    /// The mounted filesystem's root directory.
    pub fn root(&self) -> &NodeRef {
        &self.root
    }

    /// Whether writes through this mount fail with `EROFS`.
    pub fn read_only(&self) -> bool {
        self.read_only || self.fs.read_only()
    }

    /// Where this mount is attached (`None` for the root mount).
    pub fn mountpoint(&self) -> Option<Location> {
        self.parent.as_ref().map(|(m, n)| Location { mount: m.clone(), node: n.clone() })
    }

    /// Fails with `EROFS` when the mount is read-only.
    pub fn writable(&self) -> Result<()> {
        if self.read_only() {
            return Err(Errno::EROFS.into());
        }
        Ok(())
    }
}

/// A node and the mount it was reached through: enough to walk `..` across mount points.
#[derive(Clone)]
pub struct Location {
    pub mount: Arc<Mount>,
    pub node: NodeRef,
}

impl Location {
    /// Whether this is the root directory of its mount.
    pub fn is_mount_root(&self) -> bool {
        same_node(&self.node, &self.mount.root)
    }

    /// Whether both name the same node through the same mount.
    pub fn same(&self, other: &Location) -> bool {
        self.mount.id == other.mount.id && same_node(&self.node, &other.node)
    }
}

type MountKey = (u64, u64, u64);

fn key(mount: &Mount, node: &NodeRef) -> MountKey {
    (mount.id, node.dev(), node.ino())
}

/// All mounts of one VM. Read-mostly: lookups take a shared lock that only mount and unmount
/// ever hold exclusively.
pub struct MountTable {
    root: Arc<Mount>,
    by_point: RwLock<HashMap<MountKey, Arc<Mount>>>,
    next_id: AtomicU64,
}

impl MountTable {
    /// A table whose root is `fs`.
    pub fn new(fs: Arc<dyn FileSystem>) -> MountTable {
        let root = Arc::new(Mount { id: 1, root: fs.root(), fs, parent: None, read_only: false });
        MountTable { root, by_point: RwLock::new(HashMap::new()), next_id: AtomicU64::new(2) }
    }

    /// The root of the tree.
    pub fn root(&self) -> Location {
        Location { mount: self.root.clone(), node: self.root.root.clone() }
    }

    /// Attaches `fs` on the directory `at`; `EBUSY` if something is mounted there already.
    pub fn mount(&self, at: &Location, fs: Arc<dyn FileSystem>, read_only: bool) -> Result<Arc<Mount>> {
        if at.node.file_type() != FileType::Directory {
            return Err(Errno::ENOTDIR.into());
        }
        let mut table = self.by_point.write();
        let k = key(&at.mount, &at.node);
        if table.contains_key(&k) {
            return Err(Errno::EBUSY.into());
        }
        let mount = Arc::new(Mount {
            id: self.next_id.fetch_add(1, Ordering::Relaxed),
            root: fs.root(),
            fs,
            parent: Some((at.mount.clone(), at.node.clone())),
            read_only,
        });
        table.insert(k, mount.clone());
        Ok(mount)
    }

    /// Detaches the mount whose root is `at`; `EINVAL` if `at` is not a mount root and `EBUSY`
    /// while anything (an open file, a cwd, a mount on top) still uses it.
    pub fn unmount(&self, at: &Location) -> Result<()> {
        if !at.is_mount_root() {
            return Err(Errno::EINVAL.into());
        }
        let (parent, point) = at.mount.parent.as_ref().ok_or(Errno::EBUSY)?;
        let k = key(parent, point);
        let mut table = self.by_point.write();
        let mounted = table.get(&k).ok_or(Errno::EINVAL)?;
        // References: the table's, and the caller's `at`.
        if Arc::strong_count(mounted) > 2 {
            return Err(Errno::EBUSY.into());
        }
        table.remove(&k);
        Ok(())
    }

    /// If a filesystem is mounted on `node` (reached through `mount`), the location of its root
    /// (following stacked mounts); otherwise `node` itself.
    pub fn cross(&self, mount: &Arc<Mount>, node: NodeRef) -> Location {
        if node.file_type() == FileType::Directory {
            let table = self.by_point.read();
            if !table.is_empty() {
                let mut k = key(mount, &node);
                if let Some(mut m) = table.get(&k) {
                    loop {
                        k = key(m, &m.root);
                        match table.get(&k) {
                            Some(next) => m = next,
                            None => break,
                        }
                    }
                    return Location { mount: m.clone(), node: m.root.clone() };
                }
            }
        }
        Location { mount: mount.clone(), node }
    }

    /// Every mount as (mountpoint path-less location, mount), for listings.
    pub fn mounts(&self) -> Vec<Arc<Mount>> {
        let mut all: Vec<_> = self.by_point.read().values().cloned().collect();
        all.sort_by_key(|m| m.id);
        all.insert(0, self.root.clone());
        all
    }
}
