//! Copying a whole memfs cheaply: [`MemFs::clone_tree`] builds a new tree with the same names,
//! inode numbers, attributes, extended attributes and hard links, whose file contents share
//! their chunks with the source copy-on-write. It costs per node and per chunk pointer, not
//! per byte, which is what makes VM snapshots and clones cheap.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;

use parking_lot::{Mutex, RwLock};

use super::{insert, Body, Dir, DirLink, MemFs, MemNode, Meta, Shared};
use crate::error::Result;
use crate::limits::FsQuota;
use crate::vfs::new_dev;

impl MemFs {
    /// A copy of the whole tree charging `quota` (every inode, file byte and symlink target, as
    /// if written anew), writable unless `frozen`. File contents are shared with `self` until
    /// either side writes them. Fails with the quota's limit error, leaving nothing charged.
    ///
    /// The copy is taken one directory at a time: copy a filesystem nobody changes meanwhile
    /// (a frozen one, or a VM between runs) for a consistent result.
    pub fn clone_tree(&self, quota: Arc<FsQuota>, frozen: bool) -> Result<Arc<MemFs>> {
        self.clone_tree_with(quota, frozen, &|_| true)
    }

    /// Like [`MemFs::clone_tree`], leaving out every entry whose name `keep` refuses (and what
    /// is under it).
    pub fn clone_tree_with(
        &self,
        quota: Arc<FsQuota>,
        frozen: bool,
        keep: &dyn Fn(&[u8]) -> bool,
    ) -> Result<Arc<MemFs>> {
        quota.inodes.charge(1)?;
        let shared = Arc::new(Shared {
            dev: new_dev(),
            next_ino: AtomicU64::new(self.shared.next_ino.load(Ordering::Relaxed)),
            quota,
            rename_lock: Mutex::new(()),
            read_only: AtomicBool::new(false),
        });
        let root = copy_node(&shared, &self.root, Body::new_dir(Default::default(), b""));
        let mut links: HashMap<u64, Arc<MemNode>> = HashMap::new();
        let mut pending = vec![(self.root.clone(), root.clone())];
        while let Some((src, dst)) = pending.pop() {
            let Body::Dir(src_dir, _) = &src.body else { continue };
            let children: Vec<(Box<[u8]>, Arc<MemNode>)> = {
                let d = src_dir.read();
                d.order.values().map(|name| (name.clone(), d.entries[name].node.clone())).collect()
            };
            let Body::Dir(dst_dir, _) = &dst.body else { continue };
            for (name, child) in children.into_iter().filter(|(name, _)| keep(name)) {
                let copy = match links.get(&child.ino) {
                    Some(copy) => copy.clone(),
                    None => {
                        let copy = copy_child(&shared, &dst, &name, &child)?;
                        let nlink = child.meta.lock().nlink;
                        if !copy.is_dir() && nlink > 1 {
                            links.insert(child.ino, copy.clone());
                        }
                        if copy.is_dir() {
                            pending.push((child, copy.clone()));
                        }
                        copy
                    }
                };
                insert(&mut dst_dir.write(), &name, copy);
            }
        }
        shared.read_only.store(frozen, Ordering::Relaxed);
        Ok(Arc::new(MemFs { shared, root }))
    }
}

/// Charges and copies one non-root node (a directory copies empty) for the directory `parent`.
fn copy_child(shared: &Arc<Shared>, parent: &Arc<MemNode>, name: &[u8], src: &MemNode) -> Result<Arc<MemNode>> {
    let quota = &shared.quota;
    quota.inodes.charge(1)?;
    let body = match &src.body {
        Body::File(data) => {
            let data = data.read().clone();
            if let Err(e) = quota.bytes.charge(data.allocated()) {
                quota.inodes.release(1);
                return Err(e);
            }
            Body::File(RwLock::new(data))
        }
        Body::Dir(..) => Body::Dir(
            RwLock::new(Dir { entries: HashMap::new(), order: Default::default(), next_cookie: 1, removed: false }),
            Mutex::new(DirLink { parent: Arc::downgrade(parent), name: name.into(), pinned: None }),
        ),
        Body::Symlink(target) => {
            if let Err(e) = quota.bytes.charge(target.len() as u64) {
                quota.inodes.release(1);
                return Err(e);
            }
            Body::Symlink(target.clone())
        }
        Body::Special(t, rdev) => Body::Special(*t, *rdev),
    };
    Ok(copy_node(shared, src, body))
}

/// A node of `shared` with `src`'s inode number and attributes over `body` (already charged).
fn copy_node(shared: &Arc<Shared>, src: &MemNode, body: Body) -> Arc<MemNode> {
    let m = src.meta.lock();
    let meta = Meta {
        perm: m.perm,
        uid: m.uid,
        gid: m.gid,
        nlink: m.nlink,
        atime: m.atime,
        mtime: m.mtime,
        ctime: m.ctime,
        xattrs: m.xattrs.clone(),
    };
    drop(m);
    Arc::new_cyclic(|me| MemNode { ino: src.ino, shared: shared.clone(), me: me.clone(), meta: Mutex::new(meta), body })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::limits::Limits;
    use crate::vfs::{FileSystem, FileType, NewNode, Owner};

    #[test]
    fn a_clone_keeps_names_links_and_attributes_and_is_independent() {
        let fs = MemFs::new(Arc::new(FsQuota::unlimited()));
        let root = fs.root();
        let dir = root.create(b"d", NewNode::Dir, 0o750, Owner { uid: 1, gid: 2 }).unwrap();
        let file = dir.create(b"f", NewNode::File, 0o600, Owner::default()).unwrap();
        file.write_at(0, &vec![7u8; 100_000]).unwrap();
        root.link(b"hard", &file).unwrap();
        root.create(b"l", NewNode::Symlink(b"d/f"), 0o777, Owner::default()).unwrap();
        let limits = Limits { fs_bytes: 100_003, fs_inodes: 4, ..Limits::default() };
        let quota = Arc::new(FsQuota::new(&limits));
        let copy = fs.clone_tree(quota.clone(), false).unwrap();
        assert_eq!((quota.bytes.used(), quota.inodes.used()), (100_003, 4));
        let croot = copy.root();
        let cfile = croot.lookup(b"d").unwrap().lookup(b"f").unwrap();
        assert_eq!(cfile.ino(), file.ino());
        assert_eq!(cfile.stat().unwrap().nlink, 2);
        assert_eq!(croot.lookup(b"hard").unwrap().ino(), cfile.ino());
        assert_eq!(croot.lookup(b"d").unwrap().stat().unwrap().mode & 0o7777, 0o750);
        assert_eq!(croot.lookup(b"l").unwrap().readlink().unwrap(), b"d/f");
        cfile.write_at(0, b"x").unwrap();
        let mut buf = [0u8; 1];
        file.read_at(0, &mut buf).unwrap();
        assert_eq!(buf, [7]);
        assert!(fs.clone_tree(Arc::new(FsQuota::new(&Limits { fs_inodes: 3, ..limits })), false).is_err());
        let small = Arc::new(FsQuota::new(&Limits { fs_bytes: 100, ..limits }));
        assert!(fs.clone_tree(small.clone(), false).is_err());
        assert_eq!((small.bytes.used(), small.inodes.used()), (0, 0), "a failed clone leaves nothing charged");
        let frozen = fs.clone_tree(Arc::new(FsQuota::unlimited()), true).unwrap();
        assert!(frozen.read_only());
        assert_eq!(frozen.root().lookup(b"l").unwrap().file_type(), FileType::Symlink);
    }
}
