//! The host's view of a VM's files ([`Vm::fs`](crate::Vm::fs)): read, write, list, stat and
//! remove files in the VM's tree without running a guest program.
//!
//! Calls go through the VM's kernel as its init process does, so they see exactly what guests
//! see (the copy-on-write layer over the base image, mounts) and are held to the same limits
//! (`fs_bytes`, `fs_inodes`). The host acts as the VM's administrator (root), and what it
//! creates belongs to the VM's user, as what the runtime seeds does, so guest programs can
//! change it. A relative path is taken from the VM's working directory
//! ([`VmBuilder::cwd`](crate::VmBuilder::cwd)).

use burrow_kernel::fd::OpenFlags;
use burrow_kernel::vfs::{FileType, Stat};
use burrow_kernel::time::Timespec;
use burrow_kernel::{Errno, Task, AT_FDCWD};

use crate::error::{Error, Result};
use crate::image::USER;

/// Files of one VM, as the host sees them ([`Vm::fs`](crate::Vm::fs)).
///
/// Calls go through the VM's kernel as its init process does, so they see exactly what guests
/// see (the copy-on-write layer over the base image, mounts) and are held to the same limits
/// (`fs_bytes`, `fs_inodes`). The host acts as the VM's administrator (root), and what it
/// creates belongs to the VM's user, so guest programs can change it. A relative path is taken
/// from the VM's working directory.
///
/// ```
/// let vm = burrow::Vm::builder().build()?;
/// let fs = vm.fs();
/// fs.create_dir_all("/work/src")?;
/// fs.write("/work/src/a.txt", "from the host\n")?;
/// let out = vm.exec("cat /work/src/a.txt; echo from the guest > /work/b.txt")?;
/// assert_eq!(out.stdout, b"from the host\n");
/// assert_eq!(fs.read("/work/b.txt")?, b"from the guest\n");
/// let mut names: Vec<_> = fs.read_dir("/work")?.into_iter().map(|e| e.name).collect();
/// names.sort();
/// assert_eq!(names, [b"b.txt".to_vec(), b"src".to_vec()]);
/// # Ok::<(), burrow::Error>(())
/// ```
pub struct VmFs {
    task: Task,
    cwd: String,
}

/// What [`VmFs::metadata`] reports about a file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Metadata {
    /// Regular file, directory, symlink...
    pub file_type: FileType,
    /// The content's length in bytes.
    pub len: u64,
    /// The permission bits (`0o7777`).
    pub mode: u32,
    /// Last modification, since the Unix epoch.
    pub modified: Timespec,
}

impl Metadata {
    fn of(st: &Stat) -> Metadata {
        Metadata { file_type: st.file_type(), len: st.size, mode: st.mode & 0o7777, modified: st.mtime }
    }

    /// Whether this is a directory.
    pub fn is_dir(&self) -> bool {
        self.file_type == FileType::Directory
    }

    /// Whether this is a regular file.
    pub fn is_file(&self) -> bool {
        self.file_type == FileType::Regular
    }
}

/// One entry of [`VmFs::read_dir`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DirEntry {
    /// The entry's name (bytes: guests may name files with any bytes but `/` and NUL).
    pub name: Vec<u8>,
    /// What the entry is (a symlink is not followed).
    pub file_type: FileType,
}

impl DirEntry {
    /// The name as text (invalid UTF-8 replaced).
    pub fn name_lossy(&self) -> String {
        String::from_utf8_lossy(&self.name).into_owned()
    }
}

impl VmFs {
    pub(crate) fn new(task: Task, cwd: String) -> VmFs {
        VmFs { task, cwd }
    }

    /// `path` made absolute against the VM's working directory.
    fn absolute(&self, path: &str) -> String {
        if path.starts_with('/') {
            path.to_string()
        } else if self.cwd.ends_with('/') {
            format!("{}{path}", self.cwd)
        } else {
            format!("{}/{path}", self.cwd)
        }
    }

    /// The error for a failed call on `path`: [`Error::NotFound`] for a missing path,
    /// [`Error::LimitExceeded`] for a limit, [`Error::Kernel`] otherwise.
    fn fail(op: &str, path: &str, e: burrow_kernel::Error) -> Error {
        if e.errno() == Errno::ENOENT && matches!(e, burrow_kernel::Error::Errno(_)) {
            return Error::NotFound { path: path.to_string() };
        }
        Error::kernel(format!("{op} {path}"), e)
    }

    /// The whole content of the file at `path`.
    pub fn read(&self, path: &str) -> Result<Vec<u8>> {
        let p = self.absolute(path);
        let fd = self.task.open(AT_FDCWD, p.as_bytes(), OpenFlags::RDONLY, 0).map_err(|e| Self::fail("open", &p, e))?;
        let mut out = Vec::new();
        let mut buf = vec![0u8; 64 * 1024];
        let result = loop {
            match self.task.read(fd, &mut buf) {
                Ok(0) => break Ok(out),
                Ok(n) => out.extend_from_slice(&buf[..n]),
                Err(e) => break Err(Self::fail("read", &p, e)),
            }
        };
        let _ = self.task.close(fd);
        result
    }

    /// The content of the file at `path` as UTF-8 text.
    pub fn read_to_string(&self, path: &str) -> Result<String> {
        let bytes = self.read(path)?;
        String::from_utf8(bytes).map_err(|e| Error::Io {
            context: format!("read {}", self.absolute(path)),
            source: std::io::Error::new(std::io::ErrorKind::InvalidData, e),
        })
    }

    /// Writes `contents` to the file at `path`, created (mode 0644) or truncated.
    pub fn write(&self, path: &str, contents: impl AsRef<[u8]>) -> Result<()> {
        self.write_with(path, contents.as_ref(), OpenFlags::TRUNC)
    }

    /// Appends `contents` to the file at `path`, created (mode 0644) when missing.
    pub fn append(&self, path: &str, contents: impl AsRef<[u8]>) -> Result<()> {
        self.write_with(path, contents.as_ref(), OpenFlags::APPEND)
    }

    fn write_with(&self, path: &str, contents: &[u8], mode: OpenFlags) -> Result<()> {
        let p = self.absolute(path);
        let flags = OpenFlags::WRONLY | OpenFlags::CREAT | mode;
        let fd = match self.task.open(AT_FDCWD, p.as_bytes(), flags | OpenFlags::EXCL, 0o644) {
            Ok(fd) => {
                self.give_to_user(&p)?;
                fd
            }
            Err(e) if e.errno() == Errno::EEXIST => {
                self.task.open(AT_FDCWD, p.as_bytes(), flags, 0o644).map_err(|e| Self::fail("open", &p, e))?
            }
            Err(e) => return Err(Self::fail("open", &p, e)),
        };
        let mut rest = contents;
        let result = loop {
            if rest.is_empty() {
                break Ok(());
            }
            match self.task.write(fd, rest) {
                Ok(0) => break Err(Error::kernel(format!("write {p}"), Errno::EIO.into())),
                Ok(n) => rest = &rest[n..],
                Err(e) => break Err(Self::fail("write", &p, e)),
            }
        };
        let closed = self.task.close(fd).map_err(|e| Self::fail("close", &p, e));
        result.and(closed)
    }

    /// Makes what the host just created at `p` the VM user's.
    fn give_to_user(&self, p: &str) -> Result<()> {
        self.task.chown(AT_FDCWD, p.as_bytes(), Some(USER.uid), Some(USER.gid), false).map_err(|e| Self::fail("chown", p, e))
    }

    /// Creates the directory `path` (mode 0755); its parent must exist.
    pub fn create_dir(&self, path: &str) -> Result<()> {
        let p = self.absolute(path);
        self.task.mkdir(AT_FDCWD, p.as_bytes(), 0o755).map_err(|e| Self::fail("mkdir", &p, e))?;
        self.give_to_user(&p)
    }

    /// Creates the directory `path` and any missing parent (mode 0755); an existing directory
    /// is fine.
    pub fn create_dir_all(&self, path: &str) -> Result<()> {
        let p = self.absolute(path);
        let mut at = String::new();
        for part in p.split('/').filter(|s| !s.is_empty()) {
            at.push('/');
            at.push_str(part);
            match self.task.mkdir(AT_FDCWD, at.as_bytes(), 0o755) {
                Ok(()) => self.give_to_user(&at)?,
                Err(e) if e.errno() == Errno::EEXIST && self.metadata(&at).is_ok_and(|m| m.is_dir()) => {}
                Err(e) => return Err(Self::fail("mkdir", &at, e)),
            }
        }
        Ok(())
    }

    /// The entries of the directory `path` (without `.` and `..`), in the kernel's order.
    pub fn read_dir(&self, path: &str) -> Result<Vec<DirEntry>> {
        let p = self.absolute(path);
        self.entries(p.as_bytes()).map_err(|e| Self::fail("readdir", &p, e))
    }

    fn entries(&self, dir: &[u8]) -> burrow_kernel::Result<Vec<DirEntry>> {
        let fd = self.task.open(AT_FDCWD, dir, OpenFlags::RDONLY | OpenFlags::DIRECTORY, 0)?;
        let mut out = Vec::new();
        let r = self.task.readdir(fd, 0, &mut |e| {
            if e.name != b"." && e.name != b".." {
                out.push(DirEntry { name: e.name.to_vec(), file_type: e.file_type });
            }
            true
        });
        let _ = self.task.close(fd);
        r.map(|_| out)
    }

    /// What `path` is (symlinks followed).
    pub fn metadata(&self, path: &str) -> Result<Metadata> {
        let p = self.absolute(path);
        self.task.stat(AT_FDCWD, p.as_bytes(), true).map(|st| Metadata::of(&st)).map_err(|e| Self::fail("stat", &p, e))
    }

    /// What `path` itself is (a symlink is reported as one).
    pub fn symlink_metadata(&self, path: &str) -> Result<Metadata> {
        let p = self.absolute(path);
        self.task.stat(AT_FDCWD, p.as_bytes(), false).map(|st| Metadata::of(&st)).map_err(|e| Self::fail("lstat", &p, e))
    }

    /// Whether `path` exists (symlinks followed).
    pub fn exists(&self, path: &str) -> bool {
        self.metadata(path).is_ok()
    }

    /// Removes the file (or symlink) `path`.
    pub fn remove_file(&self, path: &str) -> Result<()> {
        let p = self.absolute(path);
        self.task.unlink(AT_FDCWD, p.as_bytes()).map_err(|e| Self::fail("unlink", &p, e))
    }

    /// Removes the empty directory `path`.
    pub fn remove_dir(&self, path: &str) -> Result<()> {
        let p = self.absolute(path);
        self.task.rmdir(AT_FDCWD, p.as_bytes()).map_err(|e| Self::fail("rmdir", &p, e))
    }

    /// Removes `path` and, for a directory, everything below it (symlinks are removed, not
    /// followed).
    pub fn remove_dir_all(&self, path: &str) -> Result<()> {
        let p = self.absolute(path);
        self.remove_tree(p.as_bytes()).map_err(|e| Self::fail("remove", &p, e))
    }

    fn remove_tree(&self, path: &[u8]) -> burrow_kernel::Result<()> {
        if self.task.stat(AT_FDCWD, path, false)?.file_type() != FileType::Directory {
            return self.task.unlink(AT_FDCWD, path);
        }
        for entry in self.entries(path)? {
            let mut child = path.strip_suffix(b"/").unwrap_or(path).to_vec();
            child.push(b'/');
            child.extend_from_slice(&entry.name);
            self.remove_tree(&child)?;
        }
        self.task.rmdir(AT_FDCWD, path)
    }

    /// Renames `from` to `to` (replacing a file at `to`, as `rename(2)` does).
    pub fn rename(&self, from: &str, to: &str) -> Result<()> {
        let (f, t) = (self.absolute(from), self.absolute(to));
        self.task
            .rename(AT_FDCWD, f.as_bytes(), AT_FDCWD, t.as_bytes(), Default::default())
            .map_err(|e| Self::fail("rename", &f, e))
    }

    /// Makes `link` a symlink to `target` (stored as given).
    pub fn symlink(&self, target: &str, link: &str) -> Result<()> {
        let l = self.absolute(link);
        self.task.symlink(target.as_bytes(), AT_FDCWD, l.as_bytes()).map_err(|e| Self::fail("symlink", &l, e))?;
        self.give_to_user(&l)
    }

    /// Sets the permission bits of `path` (`0o7777`).
    pub fn set_mode(&self, path: &str, mode: u32) -> Result<()> {
        let p = self.absolute(path);
        self.task.chmod(AT_FDCWD, p.as_bytes(), mode & 0o7777).map_err(|e| Self::fail("chmod", &p, e))
    }
}
