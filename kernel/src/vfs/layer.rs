//! layer: an overlay's upper layer (the memfs holding one VM's changes, with its whiteouts and
//! opaque directories; see [`crate::vfs::overlay`]) as a list of entries, and a layer built
//! back from such a list. VM snapshots are written and read through these entries: the host
//! turns them into a tar archive or a directory tree and back.
//!
//! A layer's paths are relative, their components joined by `/`; the root is the empty path.
//! Building a layer never follows a symlink and never creates a missing parent: an entry whose
//! parent is not a directory added before it is refused, so a symlink in an archive cannot
//! redirect a later entry, and the result lives only in the new memfs.

use std::collections::HashMap;
use std::sync::Arc;

use crate::error::{Errno, Error, Result};
use crate::limits::FsQuota;
use crate::time::Timespec;
use crate::vfs::memfs::MemFs;
use crate::vfs::overlay::{OPAQUE_XATTR, ORIGIN_XATTR, TEMP_PREFIX, UPPER_INO_BASE};
use crate::vfs::{check_name, FileSystem, FileType, NewNode, NodeRef, Owner, SetAttr, TimeSet, PATH_MAX};

/// What one entry of a layer is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EntryKind {
    /// A directory; an opaque one hides the lower directory of the same name.
    Dir { opaque: bool },
    /// A regular file of `size` bytes.
    File { size: u64 },
    /// A symbolic link to the target.
    Symlink(Vec<u8>),
    /// Another name of the regular file at this earlier path of the layer.
    HardLink(Vec<u8>),
    /// A removed lower name: hides the lower entry of the same path.
    Whiteout,
    /// A FIFO.
    Fifo,
}

/// One entry of a layer: its path, kind and attributes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// Relative path, components joined by `/`; empty for the root directory.
    pub path: Vec<u8>,
    pub kind: EntryKind,
    /// Permission bits (`0o7777`).
    pub perm: u32,
    pub uid: u32,
    pub gid: u32,
    pub atime: Timespec,
    pub mtime: Timespec,
    /// Whether the entry is a copy of the lower layer's entry at the same path (made by a
    /// change to it): it keeps that entry's inode number and place in directory listings.
    pub copied_up: bool,
}

/// Walks `layer` from its root, each directory before its entries, names in listing order.
/// `visit` gets every entry and, for a regular file, the node to read its content from.
/// Overlay-private temporary names and sockets (meaningless once their listener is gone) are
/// left out; a second name of a file comes as [`EntryKind::HardLink`] to the first one.
pub fn walk<E: From<Error>>(
    layer: &MemFs,
    mut visit: impl FnMut(&Entry, Option<&NodeRef>) -> std::result::Result<(), E>,
) -> std::result::Result<(), E> {
    let root = layer.root();
    visit(&entry_of(&root, Vec::new())?, None)?;
    let mut seen: HashMap<u64, Vec<u8>> = HashMap::new();
    let mut pending = vec![(root, Vec::new())];
    while let Some((dir, path)) = pending.pop() {
        let names = names_in(&dir)?;
        let mut subdirs = Vec::new();
        for name in names {
            if name.starts_with(TEMP_PREFIX.as_bytes()) {
                continue;
            }
            let node = match dir.lookup(&name) {
                Ok(node) => node,
                Err(e) if e == Errno::ENOENT => continue,
                Err(e) => return Err(e.into()),
            };
            let child_path = if path.is_empty() { name } else { [&path[..], b"/", &name[..]].concat() };
            if node.file_type() == FileType::Socket {
                continue;
            }
            let mut entry = entry_of(&node, child_path.clone())?;
            if let EntryKind::File { .. } = entry.kind {
                if node.stat()?.nlink > 1 {
                    match seen.get(&node.ino()) {
                        Some(first) => entry.kind = EntryKind::HardLink(first.clone()),
                        None => {
                            seen.insert(node.ino(), child_path.clone());
                        }
                    }
                }
            }
            let data = matches!(entry.kind, EntryKind::File { .. }).then_some(&node);
            visit(&entry, data)?;
            if node.file_type() == FileType::Directory {
                subdirs.push((node.clone(), child_path));
            }
        }
        // Popped from the end: push in reverse so directories are visited in listing order.
        pending.extend(subdirs.into_iter().rev());
    }
    Ok(())
}

/// A copy of the upper layer `upper` charging `quota` (see [`MemFs::clone_tree`]: file contents
/// are shared copy-on-write), without the overlay's temporary names of changes in progress.
pub fn clone_layer(upper: &MemFs, quota: Arc<FsQuota>, frozen: bool) -> Result<Arc<MemFs>> {
    upper.clone_tree_with(quota, frozen, &|name| !name.starts_with(TEMP_PREFIX.as_bytes()))
}

/// The entry describing `node` at `path`.
fn entry_of(node: &NodeRef, path: Vec<u8>) -> Result<Entry> {
    let st = node.stat()?;
    let kind = match node.file_type() {
        FileType::Directory => Dir { opaque: node.get_xattr(OPAQUE_XATTR).is_ok_and(|v| v == b"y") },
        FileType::Regular => EntryKind::File { size: st.size },
        FileType::Symlink => EntryKind::Symlink(node.readlink()?),
        FileType::CharDevice if st.rdev == 0 => EntryKind::Whiteout,
        FileType::Fifo => EntryKind::Fifo,
        // The upper layer holds no device nodes but whiteouts (guests cannot make them).
        _ => return Err(Errno::EOPNOTSUPP.into()),
    };
    let copied_up = kind != EntryKind::Whiteout && node.get_xattr(ORIGIN_XATTR).is_ok();
    Ok(Entry { path, kind, perm: st.perm(), uid: st.uid, gid: st.gid, atime: st.atime, mtime: st.mtime, copied_up })
}

use EntryKind::Dir;

/// Builds a layer from entries, each parent before its entries (as [`walk`] yields them).
pub struct LayerBuilder {
    fs: Arc<MemFs>,
    /// Every node added with its times, set once everything is in place (adding an entry
    /// changes its directory's modification time, writing a file its own).
    times: Vec<(NodeRef, Timespec, Timespec)>,
}

impl LayerBuilder {
    /// An empty layer charging `quota`, numbered as an overlay's upper layer.
    pub fn new(quota: Arc<FsQuota>) -> LayerBuilder {
        LayerBuilder { fs: MemFs::with_ino_base(quota, UPPER_INO_BASE), times: Vec::new() }
    }

    /// Adds `entry`. For a regular file, returns the new empty node for the caller to write the
    /// content into (at most the entry's size). Fails with `EINVAL` for a path with an empty,
    /// `.` or `..` component, `ENOENT`/`ENOTDIR` when the parent is not a directory already
    /// added, `EEXIST` for a name added before (a directory may be given again: its attributes
    /// change), `EPERM` for a hard link to anything but a regular file, `ENAMETOOLONG` for a
    /// symlink target symlink(2) would refuse (empty, NUL, `PATH_MAX` or longer), or the quota's
    /// error.
    pub fn add(&mut self, entry: &Entry) -> Result<Option<NodeRef>> {
        let owner = Owner { uid: entry.uid, gid: entry.gid };
        let (node, file) = if entry.path.is_empty() {
            if entry.kind != (Dir { opaque: false }) {
                return Err(Errno::EINVAL.into());
            }
            (self.fs.root(), None)
        } else {
            let (parent, name) = match entry.path.iter().rposition(|&b| b == b'/') {
                Some(i) => (self.resolve(&entry.path[..i])?, &entry.path[i + 1..]),
                None => (self.fs.root(), &entry.path[..]),
            };
            check_component(name)?;
            if let Dir { .. } = entry.kind {
                if let Ok(existing) = parent.lookup(name) {
                    if existing.file_type() != FileType::Directory {
                        return Err(Errno::EEXIST.into());
                    }
                    self.set_dir(&existing, entry, owner)?;
                    return Ok(None);
                }
            }
            let node = match &entry.kind {
                Dir { .. } => parent.create(name, NewNode::Dir, entry.perm, owner)?,
                EntryKind::File { .. } => parent.create(name, NewNode::File, entry.perm, owner)?,
                EntryKind::Symlink(target) => {
                    // As symlink(2) checks: what a guest could not have made is refused.
                    if target.is_empty() || target.len() >= PATH_MAX || target.contains(&0) {
                        return Err(Errno::ENAMETOOLONG.into());
                    }
                    parent.create(name, NewNode::Symlink(target), 0o777, owner)?
                }
                EntryKind::Whiteout => {
                    parent.create(name, NewNode::Special(FileType::CharDevice, 0), 0, Owner::default())?
                }
                EntryKind::Fifo => parent.create(name, NewNode::Special(FileType::Fifo, 0), entry.perm, owner)?,
                EntryKind::HardLink(target) => {
                    let target = self.resolve(target)?;
                    if target.file_type() != FileType::Regular {
                        return Err(Errno::EPERM.into());
                    }
                    parent.link(name, &target)?;
                    return Ok(None);
                }
            };
            if entry.copied_up {
                // Which lower node it came from is known once the layer is put over a lower
                // one: see `resolve_origins`.
                node.set_xattr(ORIGIN_XATTR, PENDING_ORIGIN)?;
            }
            let file = matches!(entry.kind, EntryKind::File { .. }).then(|| node.clone());
            (node, file)
        };
        if let Dir { .. } = entry.kind {
            self.set_dir(&node, entry, owner)?;
        } else {
            self.times.push((node, entry.atime, entry.mtime));
        }
        Ok(file)
    }

    /// Applies a directory entry's attributes, opacity and origin to `node`.
    fn set_dir(&mut self, node: &NodeRef, entry: &Entry, owner: Owner) -> Result<()> {
        if entry.copied_up && !entry.path.is_empty() {
            node.set_xattr(ORIGIN_XATTR, PENDING_ORIGIN)?;
        }
        node.set_attr(&SetAttr {
            mode: Some(entry.perm),
            uid: Some(owner.uid),
            gid: Some(owner.gid),
            ..Default::default()
        })?;
        if entry.kind == (Dir { opaque: true }) {
            node.set_xattr(OPAQUE_XATTR, b"y")?;
        }
        self.times.push((node.clone(), entry.atime, entry.mtime));
        Ok(())
    }

    /// Makes the directory at `path`, added before, opaque (an archive may say so in an entry
    /// of its own, after the directory's).
    pub fn set_opaque(&mut self, path: &[u8]) -> Result<()> {
        let node = if path.is_empty() { self.fs.root() } else { self.resolve(path)? };
        if node.file_type() != FileType::Directory {
            return Err(Errno::ENOTDIR.into());
        }
        node.set_xattr(OPAQUE_XATTR, b"y")
    }

    /// The node at `path` (relative, never through a symlink).
    fn resolve(&self, path: &[u8]) -> Result<NodeRef> {
        let mut node = self.fs.root();
        for name in path.split(|&b| b == b'/') {
            check_component(name)?;
            if node.file_type() != FileType::Directory {
                return Err(Errno::ENOTDIR.into());
            }
            node = node.lookup(name)?;
        }
        Ok(node)
    }

    /// Sets every node's times (latest entry last), freezes the layer and returns it.
    pub fn finish(self) -> Result<Arc<MemFs>> {
        for (node, atime, mtime) in self.times.iter().rev() {
            node.set_attr(&SetAttr {
                atime: Some(TimeSet::At(*atime)),
                mtime: Some(TimeSet::At(*mtime)),
                ..Default::default()
            })?;
        }
        self.fs.freeze();
        Ok(self.fs)
    }
}

/// The origin of a copied-up entry built by a [`LayerBuilder`], until [`resolve_origins`]
/// finds it (an origin that is not 8 bytes is none to the overlay).
const PENDING_ORIGIN: &[u8] = b"pending";

/// The names in directory `dir`, in listing order (read 256 at a time).
fn names_in(dir: &NodeRef) -> Result<Vec<Vec<u8>>> {
    let mut names = Vec::new();
    let mut cookie = 0;
    loop {
        let before = names.len();
        dir.readdir(cookie, &mut |e| {
            cookie = e.next;
            names.push(e.name.to_vec());
            names.len() - before < 256
        })?;
        if names.len() - before < 256 {
            return Ok(names);
        }
    }
}

/// Completes a built layer once it is known which `lower` layer it goes over: each copied-up
/// entry gets the inode number of the lower node at its path as its origin (and keeps none
/// when there is no such node). Costs a walk of `upper`, which must be writable.
pub fn resolve_origins(upper: &MemFs, lower: &dyn FileSystem) -> Result<()> {
    let mut pending = vec![(upper.root(), Some(lower.root()))];
    while let Some((dir, lower_dir)) = pending.pop() {
        let names = names_in(&dir)?;
        for name in names {
            let Ok(node) = dir.lookup(&name) else { continue };
            let lower_node = lower_dir.as_ref().and_then(|d| d.lookup(&name).ok());
            if node.get_xattr(ORIGIN_XATTR).is_ok_and(|v| v == PENDING_ORIGIN) {
                if let Some(l) = lower_node.as_ref().filter(|l| l.file_type() == node.file_type()) {
                    node.set_xattr(ORIGIN_XATTR, &l.ino().to_le_bytes())?;
                }
            }
            if node.file_type() == FileType::Directory {
                let lower_dir = lower_node.filter(|l| l.file_type() == FileType::Directory);
                pending.push((node, lower_dir));
            }
        }
    }
    Ok(())
}

/// A path component a layer may hold: a valid name, neither `.` nor `..`.
fn check_component(name: &[u8]) -> Result<()> {
    if name == b"." || name == b".." || name.is_empty() {
        return Err(Errno::EINVAL.into());
    }
    check_name(name)
}

#[cfg(test)]
mod tests;
