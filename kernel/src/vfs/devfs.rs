//! devfs: the fixed set of device nodes every VM has under `/dev`, and `/dev/fd`, whose entry
//! `N` opens as a duplicate of the opening process's descriptor `N` (what a shell's process
//! substitution `<(cmd)` passes as a path).

use std::any::Any;
use std::sync::{Arc, Weak};

use crate::error::{Errno, Result};
use crate::time::Timespec;
use crate::vfs::{new_dev, DirEntry, FileSystem, FileType, Inode, NodeRef, SetAttr, Stat};

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Device {
    Null,
    Zero,
    Full,
    Random,
    /// `/dev/stdin`, `/dev/stdout`, `/dev/stderr`: opening duplicates the descriptor.
    Fd(u32),
}

const DEVICES: &[(&[u8], Device, u64)] = &[
    (b"null", Device::Null, makedev(1, 3)),
    (b"zero", Device::Zero, makedev(1, 5)),
    (b"full", Device::Full, makedev(1, 7)),
    (b"random", Device::Random, makedev(1, 8)),
    (b"urandom", Device::Random, makedev(1, 9)),
    (b"stdin", Device::Fd(0), 0),
    (b"stdout", Device::Fd(1), 0),
    (b"stderr", Device::Fd(2), 0),
];

const fn makedev(major: u64, minor: u64) -> u64 {
    (major << 8) | minor
}

/// Fills `buf` with bytes from the host's CSPRNG.
pub fn fill_random(buf: &mut [u8]) -> Result<()> {
    let mut done = 0;
    while done < buf.len() {
        // SAFETY: the pointer and length describe the unfilled tail of `buf`, which we own.
        let n = unsafe { libc::getrandom(buf[done..].as_mut_ptr().cast(), buf.len() - done, 0) };
        if n < 0 {
            let e = Errno::last_host();
            if e == Errno::EINTR {
                continue;
            }
            return Err(e.into());
        }
        done += n as usize;
    }
    Ok(())
}

/// The `/dev` filesystem.
pub struct DevFs {
    root: Arc<DevDir>,
}

impl DevFs {
    /// A new instance (one per VM, so its `st_dev` is the VM's own).
    pub fn new() -> Arc<DevFs> {
        let dev = new_dev();
        let now = Timespec::now();
        let root = Arc::new_cyclic(|root: &Weak<DevDir>| {
            let mut nodes: Vec<(&'static [u8], NodeRef)> = DEVICES
                .iter()
                .enumerate()
                .map(|(i, &(name, device, rdev))| {
                    (name, Arc::new(DevNode { dev, ino: i as u64 + 2, device, rdev, time: now }) as NodeRef)
                })
                .collect();
            nodes.push((b"fd", Arc::new(FdDir { dev, parent: root.clone(), time: now })));
            DevDir { dev, nodes, time: now }
        });
        Arc::new(DevFs { root })
    }
}

impl FileSystem for DevFs {
    fn root(&self) -> NodeRef {
        self.root.clone()
    }

    fn dev(&self) -> u64 {
        self.root.dev
    }

    fn kind(&self) -> &'static str {
        "devfs"
    }
}

struct DevDir {
    dev: u64,
    nodes: Vec<(&'static [u8], NodeRef)>,
    time: Timespec,
}

impl Inode for DevDir {
    fn ino(&self) -> u64 {
        1
    }

    fn file_type(&self) -> FileType {
        FileType::Directory
    }

    fn stat(&self) -> Result<Stat> {
        Ok(Stat {
            dev: self.dev,
            ino: 1,
            mode: FileType::Directory.mode_bits() | 0o755,
            nlink: 2,
            size: 4096,
            blksize: 4096,
            atime: self.time,
            mtime: self.time,
            ctime: self.time,
            ..Stat::default()
        })
    }

    fn set_attr(&self, _attr: &SetAttr) -> Result<()> {
        Err(Errno::EPERM.into())
    }

    fn as_any(&self) -> &dyn Any {
        self
    }

    fn dev(&self) -> u64 {
        self.dev
    }

    fn lookup(&self, name: &[u8]) -> Result<NodeRef> {
        self.nodes.iter().find(|(n, _)| *n == name).map(|(_, node)| node.clone()).ok_or(Errno::ENOENT.into())
    }

    fn create(&self, _: &[u8], _: crate::vfs::NewNode<'_>, _: u32, _: crate::vfs::Owner) -> Result<NodeRef> {
        Err(Errno::EACCES.into())
    }

    fn link(&self, _: &[u8], _: &NodeRef) -> Result<()> {
        Err(Errno::EACCES.into())
    }

    fn unlink(&self, name: &[u8]) -> Result<()> {
        self.lookup(name)?;
        Err(Errno::EACCES.into())
    }

    fn rmdir(&self, name: &[u8]) -> Result<()> {
        self.lookup(name)?;
        Err(Errno::ENOTDIR.into())
    }

    fn rename(&self, name: &[u8], _: &NodeRef, _: &[u8], _: crate::vfs::RenameFlags) -> Result<()> {
        self.lookup(name)?;
        Err(Errno::EACCES.into())
    }

    fn readdir(&self, cookie: u64, sink: &mut dyn FnMut(DirEntry<'_>) -> bool) -> Result<()> {
        for (i, (name, node)) in self.nodes.iter().enumerate().skip(cookie as usize) {
            let entry = DirEntry { name, ino: node.ino(), file_type: node.file_type(), next: i as u64 + 1 };
            if !sink(entry) {
                break;
            }
        }
        Ok(())
    }
}

/// `/dev/fd`. Its entries are the opening process's descriptors, which a per-VM directory
/// cannot list: it looks up any descriptor number and lists nothing.
struct FdDir {
    dev: u64,
    parent: Weak<DevDir>,
    time: Timespec,
}

/// `/dev/fd`'s inode number; its entry `N` is [`FD_INO_BASE`] + N.
const FD_DIR_INO: u64 = DEVICES.len() as u64 + 2;
const FD_INO_BASE: u64 = 1 << 32;

impl Inode for FdDir {
    fn ino(&self) -> u64 {
        FD_DIR_INO
    }

    fn file_type(&self) -> FileType {
        FileType::Directory
    }

    fn stat(&self) -> Result<Stat> {
        Ok(Stat {
            dev: self.dev,
            ino: FD_DIR_INO,
            mode: FileType::Directory.mode_bits() | 0o555,
            nlink: 2,
            blksize: 4096,
            atime: self.time,
            mtime: self.time,
            ctime: self.time,
            ..Stat::default()
        })
    }

    fn set_attr(&self, _attr: &SetAttr) -> Result<()> {
        Err(Errno::EPERM.into())
    }

    fn as_any(&self) -> &dyn Any {
        self
    }

    fn dev(&self) -> u64 {
        self.dev
    }

    /// A canonical decimal descriptor number (no sign, no leading zero) names a node that
    /// opens as that descriptor; anything else does not exist.
    fn lookup(&self, name: &[u8]) -> Result<NodeRef> {
        let canonical = !name.is_empty() && name.iter().all(u8::is_ascii_digit) && (name == b"0" || name[0] != b'0');
        let fd = canonical.then(|| std::str::from_utf8(name).ok()?.parse::<u32>().ok()).flatten().ok_or(Errno::ENOENT)?;
        Ok(Arc::new(DevNode { dev: self.dev, ino: FD_INO_BASE + u64::from(fd), device: Device::Fd(fd), rdev: 0, time: self.time }))
    }

    fn create(&self, _: &[u8], _: crate::vfs::NewNode<'_>, _: u32, _: crate::vfs::Owner) -> Result<NodeRef> {
        Err(Errno::EACCES.into())
    }

    fn link(&self, _: &[u8], _: &NodeRef) -> Result<()> {
        Err(Errno::EACCES.into())
    }

    fn unlink(&self, name: &[u8]) -> Result<()> {
        self.lookup(name)?;
        Err(Errno::EACCES.into())
    }

    fn rmdir(&self, name: &[u8]) -> Result<()> {
        self.lookup(name)?;
        Err(Errno::ENOTDIR.into())
    }

    fn rename(&self, name: &[u8], _: &NodeRef, _: &[u8], _: crate::vfs::RenameFlags) -> Result<()> {
        self.lookup(name)?;
        Err(Errno::EACCES.into())
    }

    fn readdir(&self, _cookie: u64, _sink: &mut dyn FnMut(DirEntry<'_>) -> bool) -> Result<()> {
        Ok(())
    }

    fn parent(&self) -> Option<NodeRef> {
        self.parent.upgrade().map(|root| root as NodeRef)
    }

    fn name_in_parent(&self) -> Option<Vec<u8>> {
        Some(b"fd".to_vec())
    }
}

struct DevNode {
    dev: u64,
    ino: u64,
    device: Device,
    rdev: u64,
    time: Timespec,
}

impl Inode for DevNode {
    fn ino(&self) -> u64 {
        self.ino
    }

    fn file_type(&self) -> FileType {
        FileType::CharDevice
    }

    fn stat(&self) -> Result<Stat> {
        Ok(Stat {
            dev: self.dev,
            ino: self.ino,
            mode: FileType::CharDevice.mode_bits() | 0o666,
            nlink: 1,
            rdev: self.rdev,
            blksize: 4096,
            atime: self.time,
            mtime: self.time,
            ctime: self.time,
            ..Stat::default()
        })
    }

    fn set_attr(&self, attr: &SetAttr) -> Result<()> {
        // Truncating a device (`> /dev/null` opens with O_TRUNC) is accepted and does nothing.
        if attr.mode.is_some() || attr.uid.is_some() || attr.gid.is_some() {
            return Err(Errno::EPERM.into());
        }
        Ok(())
    }

    fn as_any(&self) -> &dyn Any {
        self
    }

    fn dev(&self) -> u64 {
        self.dev
    }

    fn read_at(&self, _offset: u64, buf: &mut [u8]) -> Result<usize> {
        match self.device {
            Device::Null => Ok(0),
            Device::Zero | Device::Full => {
                buf.fill(0);
                Ok(buf.len())
            }
            Device::Random => {
                fill_random(buf)?;
                Ok(buf.len())
            }
            Device::Fd(_) => Err(Errno::EBADF.into()),
        }
    }

    fn write_at(&self, _offset: u64, buf: &[u8]) -> Result<usize> {
        match self.device {
            Device::Null | Device::Zero | Device::Random => Ok(buf.len()),
            Device::Full => Err(Errno::ENOSPC.into()),
            Device::Fd(_) => Err(Errno::EBADF.into()),
        }
    }

    fn append(&self, buf: &[u8]) -> Result<u64> {
        self.write_at(0, buf).map(|_| 0)
    }

    fn fd_alias(&self) -> Option<u32> {
        match self.device {
            Device::Fd(n) => Some(n),
            _ => None,
        }
    }
}
