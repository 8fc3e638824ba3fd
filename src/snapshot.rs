//! VM snapshots: a VM's own files (the upper layer of its root filesystem: what it created,
//! changed and removed over the runtime's base image), frozen, saved to a tar archive or a
//! directory, and restored into new VMs.

mod dir;
mod tar;

use std::path::Path;
use std::sync::Arc;

use burrow_kernel::limits::{FsQuota, Limits};
use burrow_kernel::vfs::layer::{self, LayerBuilder};
use burrow_kernel::vfs::memfs::MemFs;
use burrow_kernel::vfs::overlay::{OverlayFs, UPPER_INO_BASE};
use burrow_kernel::vfs::{FileSystem, NodeRef, SetAttr};
use burrow_kernel::Errno;

use crate::error::{Error, Result};
use crate::vm::{Vm, VmBuilder};

/// A frozen copy of a VM's own files: the upper layer of its root filesystem (what it created,
/// changed and removed over the runtime's base image). Cheap to clone (shared).
///
/// A [`Snapshot`] shares file contents copy-on-write with the VM it was taken from and with
/// the VMs built from it, so taking one and starting a VM from it (a clone) costs the number of
/// files, not their bytes. A VM built from a snapshot charges its own `fs_bytes` and
/// `fs_inodes` limits for everything in it, as if it had written the files itself.
///
/// ```no_run
/// use burrow::{kernel::limits::Limits, Snapshot, Vm};
///
/// let vm = Vm::builder().build()?;
/// vm.run(&["sh", "-c", "echo draft > notes && rm -f /home/user/.profile"])?;
///
/// // A cheap clone: independent of `vm` from here on.
/// let clone = Vm::builder().snapshot(&vm.snapshot()?).build()?;
///
/// // Saved and restored later, maybe in another process.
/// vm.snapshot()?.save("work.tar")?;
/// let restored = Vm::builder().snapshot(&Snapshot::load("work.tar", &Limits::default())?).build()?;
/// assert_eq!(restored.fs().read_to_string("notes")?, "draft\n");
/// # Ok::<(), burrow::Error>(())
/// ```
///
/// # Formats
///
/// - A tar archive (GNU headers, pax records for nanosecond times): regular files, directories,
///   symlinks, hard links and FIFOs with their modes, owners and times. A removed base file is
///   an empty file named `.wh.NAME` beside it, and a directory that hides the base's directory
///   of the same name holds an empty `.wh..wh..opq`, as in OCI image layers (so a guest file
///   whose name starts with `.wh.` cannot be saved as tar).
/// - A directory: `DIR/files/` holds the regular files' contents at their paths, and
///   `DIR/manifest` is the snapshot: `burrow-snapshot 1`, then a line per entry, parents first,
///   `KIND PERM UID GID ATIME MTIME PATH [TARGET]`. KIND is `d` (directory), `D` (directory
///   hiding the base's), `f` (file), `l` (symlink to TARGET), `h` (hard link to the file at
///   TARGET), `w` (removed base file) or `p` (FIFO), with `+` after it for a changed copy of a
///   base file (see below); PERM is octal, times `SEC.NSEC`, the root
///   `.`; in PATH and TARGET bytes outside `!`..`~`, and `%`, are written `%XX`. Files under
///   `files/` that the manifest does not name are ignored.
///
/// A snapshot holds the root filesystem's writable layer only: host directories mounted in the
/// VM and `/dev` are not part of it. Both formats keep every file's kind, content, mode, owner
/// and times, and mark a changed copy of a base file (pax record `BURROW.copied-up=1`, or `+`
/// in the manifest) so that it keeps the base file's inode number and place in unsorted
/// directory listings when restored over the same base.
///
/// Holes of sparse files cost a VM nothing (one `truncate` makes a terabyte of them) but are
/// written out as zeros, so saving refuses a snapshot with more than 1 GiB of holes
/// ([`Error::InvalidSnapshot`] naming the file), and loading keeps zeros as holes, at most 1 GiB
/// beyond the `fs_bytes` limit. A clone shares holes as it shares data.
///
/// Reading either never writes to the host: entries go into a new in-memory layer, parents
/// before children and never through a symlink, within the given limits. Malformed input
/// (absolute paths, `..`, an entry under a symlink, duplicates, device files, truncated data)
/// is an [`Error::InvalidSnapshot`]; input past the limits an [`Error::LimitExceeded`].
#[derive(Clone)]
pub struct Snapshot {
    layer: Arc<MemFs>,
    /// Read from disk: its copied-up entries learn their base inode numbers in each VM built
    /// from it (`layer::resolve_origins`).
    unresolved: bool,
}

impl std::fmt::Debug for Snapshot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Snapshot").field("bytes", &self.bytes()).field("inodes", &self.inodes()).finish()
    }
}

impl Snapshot {
    /// Bytes of file contents and symlink targets in the snapshot (what a VM built from it
    /// starts with charged to `fs_bytes`).
    pub fn bytes(&self) -> u64 {
        self.layer.usage().bytes_used
    }

    /// Files, directories, symlinks and whiteouts in the snapshot, its root included (what a
    /// VM built from it starts with charged to `fs_inodes`).
    pub fn inodes(&self) -> u64 {
        self.layer.usage().inodes_used
    }

    /// Writes the snapshot as a tar archive (see [`Snapshot`]).
    pub fn write_tar(&self, out: impl std::io::Write) -> Result<()> {
        tar::write(&self.layer, out)
    }

    /// Reads a snapshot from a tar archive, holding at most `limits.fs_bytes` bytes and
    /// `limits.fs_inodes` inodes.
    pub fn read_tar(input: impl std::io::Read, limits: &Limits) -> Result<Snapshot> {
        let layer = tar::read(input, new_builder(limits), &mut Holes::for_reading(limits))?;
        Ok(Snapshot { layer, unresolved: true })
    }

    /// Writes the snapshot as a directory tree at `dir`, which must not exist or be empty.
    pub fn write_dir(&self, dir: impl AsRef<Path>) -> Result<()> {
        dir::write(&self.layer, dir.as_ref())
    }

    /// Reads a snapshot from a directory written by [`Snapshot::write_dir`], within `limits`
    /// as [`Snapshot::read_tar`].
    pub fn read_dir(dir: impl AsRef<Path>, limits: &Limits) -> Result<Snapshot> {
        let layer = dir::read(dir.as_ref(), new_builder(limits), &mut Holes::for_reading(limits))?;
        Ok(Snapshot { layer, unresolved: true })
    }

    /// Saves the snapshot at `path`: into it if it is an existing (empty) directory, as a tar
    /// archive if it ends in `.tar` or is an existing file (written to a temporary file first,
    /// then renamed over it), else as a new directory.
    pub fn save(&self, path: impl AsRef<Path>) -> Result<()> {
        let path = path.as_ref();
        let is_tar = !path.is_dir() && (path.extension().is_some_and(|e| e == "tar") || path.exists());
        if !is_tar {
            return self.write_dir(path);
        }
        let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        let host = |e: std::io::Error| Error::HostPath { path: path.display().to_string(), message: e.to_string() };
        let mut temp = tempfile_in(dir).map_err(host)?;
        self.write_tar(std::io::BufWriter::new(&mut temp.1))?;
        temp.1.sync_all().map_err(host)?;
        std::fs::rename(&temp.0, path).map_err(host)?;
        temp.0 = Default::default();
        Ok(())
    }

    /// Loads a snapshot saved by [`Snapshot::save`]: a directory, else a tar archive; within
    /// `limits` as [`Snapshot::read_tar`].
    pub fn load(path: impl AsRef<Path>, limits: &Limits) -> Result<Snapshot> {
        let path = path.as_ref();
        if path.is_dir() {
            return Snapshot::read_dir(path, limits);
        }
        let file = std::fs::File::open(path)
            .map_err(|e| Error::HostPath { path: path.display().to_string(), message: e.to_string() })?;
        Snapshot::read_tar(std::io::BufReader::new(file), limits)
    }
}

/// A temporary file in `dir`, removed on drop unless its path is taken.
struct TempFile(std::path::PathBuf, std::fs::File);

impl Drop for TempFile {
    fn drop(&mut self) {
        if !self.0.as_os_str().is_empty() {
            let _ = std::fs::remove_file(&self.0);
        }
    }
}

fn tempfile_in(dir: &Path) -> std::io::Result<TempFile> {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    loop {
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let path = dir.join(format!(".burrow-snapshot.{}.{n}.tmp", std::process::id()));
        match std::fs::OpenOptions::new().write(true).create_new(true).open(&path) {
            Ok(file) => return Ok(TempFile(path, file)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
}

fn new_builder(limits: &Limits) -> LayerBuilder {
    LayerBuilder::new(Arc::new(FsQuota::new(limits)))
}

impl Vm {
    /// A snapshot of the VM's own files, cheap at any size: file contents are shared
    /// copy-on-write with the VM. Taken one directory at a time while programs may run: take it
    /// between runs for a consistent copy. A VM whose root is a host directory
    /// ([`VmBuilder::root_dir`]) has none (`InvalidSetting`).
    pub fn snapshot(&self) -> Result<Snapshot> {
        let upper = self
            .upper
            .as_ref()
            .ok_or_else(|| Error::InvalidSetting("a VM whose root is a host directory has no snapshot".into()))?;
        let layer = layer::clone_layer(upper, Arc::new(FsQuota::unlimited()), true)
            .map_err(|e| Error::kernel("snapshot", e))?;
        Ok(Snapshot { layer, unresolved: false })
    }
}

impl VmBuilder {
    /// Starts the VM's files from `snapshot` (over the runtime's base image) instead of the
    /// base image alone. With [`Vm::snapshot`] this clones a VM: the two share file contents
    /// copy-on-write and are independent from then on. Building fails with `LimitExceeded` if
    /// the snapshot does not fit the VM's `fs_bytes` or `fs_inodes` limit.
    pub fn snapshot(mut self, snapshot: &Snapshot) -> Self {
        self.snapshot = Some(snapshot.clone());
        self
    }
}

/// The root filesystem of a new VM: a writable layer (empty, or a copy of `snapshot`) charging
/// `quota`, over `base`.
pub(crate) fn root_overlay(
    snapshot: Option<&Snapshot>,
    quota: Arc<FsQuota>,
    base: &Arc<MemFs>,
) -> Result<Arc<OverlayFs>> {
    let lower: Arc<dyn FileSystem> = base.clone();
    let Some(snapshot) = snapshot else {
        return OverlayFs::with_new_upper(quota, lower).map_err(|e| Error::kernel("root filesystem", e));
    };
    let upper = layer::clone_layer(&snapshot.layer, quota, false).map_err(|e| Error::kernel("snapshot", e))?;
    debug_assert!(upper.root().ino() >= UPPER_INO_BASE);
    if snapshot.unresolved {
        layer::resolve_origins(&upper, &*lower).map_err(|e| Error::kernel("snapshot", e))?;
    }
    Ok(OverlayFs::new(upper, lower))
}

/// The error for entry `path` of an archive that the layer refused.
fn refused(path: &[u8], e: burrow_kernel::Error) -> Error {
    let errno = match e {
        burrow_kernel::Error::LimitExceeded { limit, max } => return Error::LimitExceeded { limit, max },
        burrow_kernel::Error::Errno(errno) => errno,
    };
    let reason = match errno {
        Errno::EINVAL => "a path must be relative, without empty, `.` or `..` components".into(),
        Errno::ENOENT => "its parent directory is not in the snapshot before it".into(),
        Errno::ENOTDIR => "a parent in its path is not a directory (a symlink is never followed)".into(),
        Errno::EEXIST => "the path is in the snapshot twice".into(),
        Errno::EPERM => "a hard link must name a regular file earlier in the snapshot".into(),
        Errno::ENAMETOOLONG => {
            "a name is longer than 255 bytes, or a symlink target empty or 4096 bytes or more".into()
        }
        other => other.message().to_lowercase(),
    };
    invalid(path, reason)
}

/// An [`Error::InvalidSnapshot`] for entry `path`.
fn invalid(path: &[u8], reason: impl Into<String>) -> Error {
    Error::InvalidSnapshot { entry: String::from_utf8_lossy(path).into_owned(), reason: reason.into() }
}

/// Copies a regular file's `size` bytes from `input` into the new layer's `node`, keeping runs
/// of zeros as holes. Input that ends early is a truncated snapshot.
fn fill(path: &[u8], node: &NodeRef, size: u64, input: &mut dyn std::io::Read, holes: &mut Holes) -> Result<()> {
    let mut buf = vec![0u8; 64 * 1024];
    let mut offset = 0u64;
    while offset < size {
        let want = (size - offset).min(buf.len() as u64) as usize;
        let n = match input.read(&mut buf[..want]) {
            Ok(0) => return Err(invalid(path, format!("truncated: {offset} of {size} bytes"))),
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(invalid(path, format!("reading its data: {e}"))),
        };
        if buf[..n].iter().all(|&b| b == 0) {
            holes.take(path, n as u64)?;
        } else {
            let mut done = 0;
            while done < n {
                done += node.write_at(offset + done as u64, &buf[done..n]).map_err(|e| refused(path, e))?;
            }
        }
        offset += n as u64;
    }
    node.set_attr(&SetAttr { size: Some(size), ..SetAttr::default() }).map_err(|e| refused(path, e))
}

/// An error while walking a layer: the kernel's (in context) or the visitor's own.
struct Walk(Error);

impl From<burrow_kernel::Error> for Walk {
    fn from(e: burrow_kernel::Error) -> Walk {
        Walk(Error::kernel("snapshot", e))
    }
}

impl From<Error> for Walk {
    fn from(e: Error) -> Walk {
        Walk(e)
    }
}

/// Most bytes of holes (the part of a sparse file never written, which costs no quota: a guest
/// makes a terabyte of them with one `truncate`) one snapshot writes out as zeros.
const MAX_HOLES: u64 = 1 << 30;

/// What is left of a snapshot's allowance of zeros, so that neither a VM's sparse files nor a
/// hostile archive makes a save or a load write or read without bound.
struct Holes {
    left: u64,
}

impl Holes {
    /// Saving: [`MAX_HOLES`] bytes of holes.
    fn for_writing() -> Holes {
        Holes { left: MAX_HOLES }
    }

    /// Loading: zeros are kept as holes, so besides [`MAX_HOLES`] the zeros a VM wrote itself
    /// (at most `fs_bytes`) are allowed.
    fn for_reading(limits: &Limits) -> Holes {
        Holes { left: MAX_HOLES.saturating_add(limits.fs_bytes) }
    }

    /// Takes `n` bytes of zeros for the file at `path`.
    fn take(&mut self, path: &[u8], n: u64) -> Result<()> {
        self.left = self.left.checked_sub(n).ok_or_else(|| {
            invalid(path, format!("a snapshot holds at most {MAX_HOLES} bytes of holes (sparse files) beyond its data"))
        })?;
        Ok(())
    }

    /// Takes the holes of the layer's regular file `node` (its size past its stored bytes).
    fn take_file(&mut self, path: &[u8], node: &NodeRef) -> Result<()> {
        let st = node.stat().map_err(|e| Error::kernel("snapshot", e))?;
        self.take(path, st.size.saturating_sub(st.blocks * 512))
    }
}

/// Reads a regular file of a layer front to back.
struct NodeReader<'a> {
    node: &'a NodeRef,
    offset: u64,
    size: u64,
}

impl std::io::Read for NodeReader<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let want = (self.size - self.offset).min(buf.len() as u64) as usize;
        if want == 0 {
            return Ok(0);
        }
        let n = self.node.read_at(self.offset, &mut buf[..want]).map_err(|e| std::io::Error::other(e.to_string()))?;
        if n == 0 {
            return Err(std::io::Error::other("a file of the snapshot shrank while it was written"));
        }
        self.offset += n as u64;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use burrow_kernel::time::Timespec;
    use burrow_kernel::vfs::layer::{Entry, EntryKind};

    use super::*;

    /// A layer with every kind of entry, names no ustar header holds (long, non-UTF-8, spaces,
    /// `%`), and times before the epoch and with nanoseconds.
    fn awkward_layer() -> Snapshot {
        let t = |sec, nsec| Timespec { sec, nsec };
        let e = |path: &[u8], kind, perm, uid, mtime| Entry {
            path: path.to_vec(),
            kind,
            perm,
            uid,
            gid: uid,
            atime: t(5, 6),
            mtime,
            copied_up: uid == 7 || perm == 0o700,
        };
        let dir = EntryKind::Dir { opaque: false };
        let long = "d".repeat(200);
        let deep = format!("{long}/{}", "e".repeat(250));
        let entries = vec![
            e(b"", dir.clone(), 0o755, 0, t(1_700_000_000, 1)),
            e(long.as_bytes(), dir.clone(), 0o700, 1000, t(-10, 500)),
            e(deep.as_bytes(), EntryKind::File { size: 70_000 }, 0o4755, 1000, t(0, 999_999_999)),
            e(format!("{long}/link").as_bytes(), EntryKind::Symlink(deep.clone().into_bytes()), 0o777, 1000, t(3, 0)),
            e(
                format!("{long}/hard").as_bytes(),
                EntryKind::HardLink(deep.clone().into_bytes()),
                0o4755,
                1000,
                t(0, 999_999_999),
            ),
            e(b"odd \xff name %41", EntryKind::File { size: 0 }, 0o600, 7, t(9, 9)),
            e(b"opaque", EntryKind::Dir { opaque: true }, 0o1777, 0, t(2, 2)),
            e(b"opaque/gone", EntryKind::Whiteout, 0, 0, t(4, 0)),
            e(b"fifo", EntryKind::Fifo, 0o640, 1000, t(8, 8)),
        ];
        let mut builder = new_builder(&Limits::default());
        for entry in &entries {
            if let Some(node) = builder.add(entry).unwrap() {
                let data: Vec<u8> = (0..70_000u32).map(|i| (i % 251) as u8).collect();
                fill(&entry.path, &node, 70_000, &mut &data[..], &mut Holes::for_writing()).unwrap();
            }
        }
        Snapshot { layer: builder.finish().unwrap(), unresolved: true }
    }

    /// One line per entry: path, kind, attributes, and the content's length and checksum.
    fn listing(snap: &Snapshot) -> Vec<String> {
        let mut out = Vec::new();
        layer::walk::<burrow_kernel::Error>(&snap.layer, |e, node| {
            let mut data = Vec::new();
            if let Some(node) = node {
                let size = node.stat()?.size;
                std::io::Read::read_to_end(&mut NodeReader { node, offset: 0, size }, &mut data).unwrap();
            }
            let short = |b: &[u8]| {
                b.iter().take(24).copied().collect::<Vec<u8>>().escape_ascii().to_string() + &format!("..({})", b.len())
            };
            let kind = match &e.kind {
                EntryKind::Symlink(t) => format!("symlink {}", short(t)),
                EntryKind::HardLink(t) => format!("hardlink {}", short(t)),
                other => format!("{other:?}"),
            };
            let sum: u64 = data.iter().enumerate().map(|(i, &b)| (i as u64 + 1) * u64::from(b)).sum();
            out.push(format!(
                "{} {kind} {:o} {}:{} {:?} {:?} copied_up={} {} {sum}",
                short(&e.path),
                e.perm,
                e.uid,
                e.gid,
                e.atime,
                e.mtime,
                e.copied_up,
                data.len()
            ));
            Ok(())
        })
        .unwrap();
        out
    }

    fn same(got: Vec<String>, want: &[String], form: &str) {
        for (g, w) in got.iter().zip(want) {
            assert_eq!(g, w, "{form}");
        }
        assert_eq!(got.len(), want.len(), "{form}");
    }

    #[test]
    fn tar_and_directory_forms_keep_every_kind_name_and_time() {
        let snap = awkward_layer();
        let want = listing(&snap);
        assert_eq!(want.len(), 9);
        let mut tar = Vec::new();
        snap.write_tar(&mut tar).unwrap();
        same(listing(&Snapshot::read_tar(&tar[..], &Limits::default()).unwrap()), &want, "tar");
        let tmp = tempfile::tempdir().unwrap();
        std::fs::create_dir(tmp.path().join("d")).unwrap();
        snap.write_dir(tmp.path().join("d")).unwrap();
        assert_eq!(
            std::fs::read_dir(tmp.path()).unwrap().count(),
            1,
            "an empty directory is filled, nothing left beside"
        );
        same(listing(&Snapshot::read_dir(tmp.path().join("d"), &Limits::default()).unwrap()), &want, "directory");
    }

    #[test]
    fn a_guest_name_that_reads_as_a_whiteout_cannot_be_saved_as_tar() {
        let mut builder = new_builder(&Limits::default());
        let entry = Entry {
            path: b".wh.x".to_vec(),
            kind: EntryKind::File { size: 0 },
            perm: 0o644,
            uid: 0,
            gid: 0,
            atime: Timespec::default(),
            mtime: Timespec::default(),
            copied_up: false,
        };
        builder.add(&entry).unwrap();
        let snap = Snapshot { layer: builder.finish().unwrap(), unresolved: true };
        assert!(matches!(snap.write_tar(std::io::sink()), Err(Error::InvalidSnapshot { .. })));
        let tmp = tempfile::tempdir().unwrap();
        snap.write_dir(tmp.path().join("d")).unwrap();
    }
}
