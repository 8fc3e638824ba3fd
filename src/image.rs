//! The base image: the read-only lower layer every VM of a [`crate::Runtime`] shares.

use std::sync::Arc;

use burrow_kernel::fd::OpenFlags;
use burrow_kernel::limits::{FsQuota, Limits};
use burrow_kernel::vfs::memfs::MemFs;
use burrow_kernel::vfs::perm::Credentials;
use burrow_kernel::{Kernel, Task, AT_FDCWD};

use crate::error::{Error, Result};

/// The unprivileged user programs run as.
pub const USER: Credentials = Credentials { uid: 1000, gid: 1000 };
/// Its name and home.
pub const USER_NAME: &str = "user";
pub const USER_HOME: &str = "/home/user";

const DIRS: &[(&str, u32, Credentials)] = &[
    ("/bin", 0o755, Credentials::ROOT),
    ("/usr", 0o755, Credentials::ROOT),
    ("/usr/local", 0o755, Credentials::ROOT),
    ("/usr/local/bin", 0o755, Credentials::ROOT),
    ("/etc", 0o755, Credentials::ROOT),
    ("/dev", 0o755, Credentials::ROOT),
    ("/tmp", 0o1777, Credentials::ROOT),
    ("/root", 0o700, Credentials::ROOT),
    ("/home", 0o755, Credentials::ROOT),
    ("/home/user", 0o755, USER),
    ("/mnt", 0o755, Credentials::ROOT),
];

const FILES: &[(&str, &str)] = &[
    ("/etc/passwd", "root:x:0:0:root:/root:/bin/sh\nuser:x:1000:1000:user:/home/user:/bin/sh\n"),
    ("/etc/group", "root:x:0:\nuser:x:1000:\n"),
    ("/etc/hostname", "burrow\n"),
];

/// The userland manifest: `MODULE: TOOL...` lines (see `guests/userland.txt`).
const USERLAND: &str = include_str!("../guests/userland.txt");

/// Modules of the userland and the tool names each provides.
pub fn userland_manifest() -> Vec<(&'static str, Vec<&'static str>)> {
    USERLAND
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .filter_map(|l| {
            let (module, tools) = l.split_once(':')?;
            Some((module.trim(), tools.split_whitespace().collect()))
        })
        .collect()
}

/// A file of the image: path, content, permission bits.
pub(crate) type ImageFile = (String, Vec<u8>, u32);

/// Reads the userland's modules from `dir`: `(/bin/MODULE, bytes)` plus `(/bin/TOOL, MODULE)`
/// symlinks. Modules not built are left out.
pub(crate) fn userland(dir: &std::path::Path) -> (Vec<ImageFile>, Vec<(String, String)>) {
    let mut files = Vec::new();
    let mut links = Vec::new();
    for (module, tools) in userland_manifest() {
        let Ok(bytes) = std::fs::read(dir.join(format!("{module}.wasm"))) else { continue };
        files.push((format!("/bin/{module}"), bytes, 0o755));
        for tool in tools.into_iter().filter(|t| *t != module) {
            links.push((format!("/bin/{tool}"), module.to_string()));
        }
    }
    (files, links)
}

/// Builds a base image: the standard directory tree, the userland (`links` are symlinks made
/// after the files), then `extra` files (replacing whatever was at their path), frozen.
///
/// System directories and files are root's; `extra` files, and the directories made for them,
/// belong to the VM's user, who may edit, move and remove them like their own.
pub(crate) fn build(
    userland: &[ImageFile],
    links: &[(String, String)],
    extra: &[ImageFile],
) -> Result<Arc<MemFs>> {
    let fs = MemFs::new(Arc::new(FsQuota::unlimited()));
    let kernel = Kernel::new(fs.clone(), Limits::unlimited());
    let root = kernel.init();
    for &(dir, perm, owner) in DIRS {
        root.mkdir(AT_FDCWD, dir.as_bytes(), perm).map_err(|e| Error::kernel(dir, e))?;
        root.chmod(AT_FDCWD, dir.as_bytes(), perm).map_err(|e| Error::kernel(dir, e))?;
        fs_chown(&root, dir, owner)?;
    }
    root.symlink(b"/bin", AT_FDCWD, b"/usr/bin").map_err(|e| Error::kernel("/usr/bin", e))?;
    for (path, content) in FILES {
        write_file(&root, path, content.as_bytes(), 0o644)?;
    }
    write_file(&root, "/bin/node", burrow_backend::NODE_MAGIC, 0o755)?;
    for (path, content, perm) in userland {
        write_file(&root, path, content, *perm)?;
    }
    for (path, target) in links {
        root.symlink(target.as_bytes(), AT_FDCWD, path.as_bytes()).map_err(|e| Error::kernel(path, e))?;
    }
    for (path, content, perm) in extra {
        if let Some(parent) = path.rsplit_once('/').map(|(p, _)| p).filter(|p| !p.is_empty()) {
            mkdir_p(&root, parent, USER)?;
        }
        let _ = root.unlink(AT_FDCWD, path.as_bytes());
        write_file(&root, path, content, *perm)?;
        fs_chown(&root, path, USER)?;
    }
    fs.freeze();
    Ok(fs)
}

fn fs_chown(root: &Task, path: &str, owner: Credentials) -> Result<()> {
    root.chown(AT_FDCWD, path.as_bytes(), Some(owner.uid), Some(owner.gid), false)
        .map_err(|e| Error::kernel(path, e))
}

/// Makes `path` and its missing parents; those it makes belong to `owner`.
fn mkdir_p(root: &Task, path: &str, owner: Credentials) -> Result<()> {
    let mut cur = String::new();
    for part in path.split('/').filter(|p| !p.is_empty()) {
        cur.push('/');
        cur.push_str(part);
        match root.mkdir(AT_FDCWD, cur.as_bytes(), 0o755) {
            Ok(()) => fs_chown(root, &cur, owner)?,
            Err(e) if e.errno() == burrow_kernel::Errno::EEXIST => {}
            Err(e) => return Err(Error::kernel(cur, e)),
        }
    }
    Ok(())
}

fn write_file(root: &Task, path: &str, content: &[u8], perm: u32) -> Result<()> {
    let flags = OpenFlags::CREAT | OpenFlags::WRONLY | OpenFlags::TRUNC;
    let fd = root.open(AT_FDCWD, path.as_bytes(), flags, perm).map_err(|e| Error::kernel(path, e))?;
    let mut done = 0;
    while done < content.len() {
        done += root.write(fd, &content[done..]).map_err(|e| Error::kernel(path, e))?;
    }
    root.close(fd).map_err(|e| Error::kernel(path, e))?;
    root.chmod(AT_FDCWD, path.as_bytes(), perm).map_err(|e| Error::kernel(path, e))
}
