//! Path resolution: walks a path component by component across mounts and symlinks with
//! Linux's rules and errnos.
//!
//! Symlinks are always interpreted by this walker inside the VM's tree, never by a host; that
//! is what keeps host-directory mounts confined.

use std::borrow::Cow;

use crate::error::{Errno, Result};
use crate::vfs::mount::{Location, MountTable};
use crate::vfs::perm::{Credentials, MAY_EXEC};
use crate::vfs::{FileType, MAX_SYMLINKS, NAME_MAX, PATH_MAX};

/// Where a walk for creation ended.
pub enum Resolved {
    /// The path names an existing node.
    Found(Location),
    /// Everything but the last component exists; `name` does not exist in `parent`.
    Missing { parent: Location, name: Vec<u8>, trailing_slash: bool },
}

/// The parent directory and last component of a path, not looked up.
pub struct ParentOf {
    pub dir: Location,
    /// The last component; may be `.` or `..`. For `/` it is `.`.
    pub name: Vec<u8>,
    pub trailing_slash: bool,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Lookup { follow: bool },
    Create { follow: bool },
    Parent,
}

enum End {
    Found(Location),
    Missing(Location, Vec<u8>, bool),
    Parent(Location, Vec<u8>, bool),
}

/// Resolves paths for one caller: its view of the tree and its credentials.
pub struct Walker<'a> {
    pub mounts: &'a MountTable,
    pub root: &'a Location,
    pub cred: Credentials,
}

impl Walker<'_> {
    /// Resolves `path` from `start` to an existing node. With `follow`, a final symlink is
    /// followed; a trailing slash always follows and requires a directory.
    pub fn lookup(&self, start: &Location, path: &[u8], follow: bool) -> Result<Location> {
        match self.walk(start, path, Mode::Lookup { follow })? {
            End::Found(loc) => Ok(loc),
            _ => unreachable!("lookup walks end at a node"),
        }
    }

    /// Resolves `path` for creation: the node if it exists, else its parent and name. With
    /// `follow`, a final symlink is followed (a dangling one yields its target's parent). A last
    /// component with a trailing slash is `EISDIR`, as `open(O_CREAT)` on Linux.
    pub fn lookup_create(&self, start: &Location, path: &[u8], follow: bool) -> Result<Resolved> {
        Ok(match self.walk(start, path, Mode::Create { follow })? {
            End::Found(loc) => Resolved::Found(loc),
            End::Missing(parent, name, trailing_slash) => Resolved::Missing { parent, name, trailing_slash },
            End::Parent(..) => unreachable!("create walks do not stop at the parent"),
        })
    }

    /// Resolves all but the last component of `path` (which is not looked up or followed).
    pub fn lookup_parent(&self, start: &Location, path: &[u8]) -> Result<ParentOf> {
        Ok(match self.walk(start, path, Mode::Parent)? {
            End::Parent(dir, name, trailing_slash) => ParentOf { dir, name, trailing_slash },
            End::Found(dir) => ParentOf { dir, name: b".".to_vec(), trailing_slash: true },
            End::Missing(..) => unreachable!("parent walks do not look up the last component"),
        })
    }

    /// The location `..` leads to from `loc`: the parent directory, crossing back over mount
    /// points, and staying put at the root.
    pub fn dotdot(&self, loc: &Location) -> Location {
        let mut loc = loc.clone();
        loop {
            if loc.same(self.root) {
                return loc;
            }
            if !loc.is_mount_root() {
                break;
            }
            match loc.mount.mountpoint() {
                Some(point) => loc = point,
                None => return loc,
            }
        }
        match loc.node.parent() {
            Some(parent) => Location { mount: loc.mount.clone(), node: parent },
            None => loc,
        }
    }

    fn search(&self, dir: &Location) -> Result<()> {
        if dir.node.file_type() != FileType::Directory {
            return Err(Errno::ENOTDIR.into());
        }
        if self.cred.is_root() {
            return Ok(());
        }
        self.cred.check(&dir.node.stat()?, MAY_EXEC)
    }

    fn walk(&self, start: &Location, path: &[u8], mode: Mode) -> Result<End> {
        if path.is_empty() {
            return Err(Errno::ENOENT.into());
        }
        if path.len() >= PATH_MAX {
            return Err(Errno::ENAMETOOLONG.into());
        }
        let mut path: Cow<'_, [u8]> = Cow::Borrowed(path);
        let mut pos = 0;
        let mut links = 0;
        let mut cur = if path[0] == b'/' { self.root.clone() } else { start.clone() };
        loop {
            while pos < path.len() && path[pos] == b'/' {
                pos += 1;
            }
            if pos == path.len() {
                self.search(&cur)?;
                return Ok(End::Found(cur));
            }
            let begin = pos;
            while pos < path.len() && path[pos] != b'/' {
                pos += 1;
            }
            let comp = &path[begin..pos];
            let trailing_slash = pos < path.len();
            let is_last = path[pos..].iter().all(|&b| b == b'/');
            if comp.len() > NAME_MAX {
                return Err(Errno::ENAMETOOLONG.into());
            }
            self.search(&cur)?;
            let dot = comp == b"." || comp == b"..";
            if is_last && trailing_slash && !dot && matches!(mode, Mode::Create { .. }) {
                // Like Linux, `open(O_CREAT)` refuses "name/" before looking at `name` (also
                // when the slash comes from a symlink's text).
                return Err(Errno::EISDIR.into());
            }
            if is_last && mode == Mode::Parent {
                return Ok(End::Parent(cur, comp.to_vec(), trailing_slash));
            }
            if comp == b"." {
                continue;
            }
            if comp == b".." {
                cur = self.dotdot(&cur);
                continue;
            }
            let node = match cur.node.lookup(comp) {
                Ok(node) => node,
                Err(e) if e == Errno::ENOENT && is_last && matches!(mode, Mode::Create { .. }) => {
                    return Ok(End::Missing(cur, comp.to_vec(), trailing_slash));
                }
                Err(e) => return Err(e),
            };
            let next = self.mounts.cross(&cur.mount, node);
            let follow_final = match mode {
                Mode::Lookup { follow } | Mode::Create { follow } => follow,
                Mode::Parent => false,
            };
            if next.node.file_type() == FileType::Symlink && (!is_last || follow_final || trailing_slash) {
                links += 1;
                if links > MAX_SYMLINKS {
                    return Err(Errno::ELOOP.into());
                }
                let mut target = next.node.readlink()?;
                if target.is_empty() {
                    return Err(Errno::ENOENT.into());
                }
                if target[0] == b'/' {
                    cur = self.root.clone();
                }
                target.extend_from_slice(&path[pos..]);
                if target.len() >= PATH_MAX {
                    return Err(Errno::ENAMETOOLONG.into());
                }
                path = Cow::Owned(target);
                pos = 0;
                continue;
            }
            if is_last {
                if trailing_slash && next.node.file_type() != FileType::Directory {
                    return Err(Errno::ENOTDIR.into());
                }
                return Ok(End::Found(next));
            }
            cur = next;
        }
    }
}
