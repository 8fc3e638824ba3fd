//! hostfs: a host directory mounted in a VM must be impossible to escape, and must otherwise
//! behave like a POSIX filesystem.
//!
//! Every fixture is a temporary directory holding `outside/` (a secret the VM must never reach)
//! and `mnt/` (what is mounted). Escape tests snapshot `outside/` before the attack and check
//! afterwards that nothing in it was read, changed, linked or added.
#![cfg(target_os = "linux")]

use std::collections::{BTreeMap, BTreeSet};
use std::ffi::CString;
use std::fs;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::{symlink, MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{mpsc, Arc};
use std::thread;
use std::time::{Duration, Instant};

use burrow_kernel::limits::FsQuota;
use burrow_kernel::time::Timespec;
use burrow_kernel::vfs::hostfs::{HostFs, HostFsOptions};
use burrow_kernel::vfs::memfs::MemFs;
use burrow_kernel::vfs::mount::{Location, MountTable};
use burrow_kernel::vfs::path::Walker;
use burrow_kernel::vfs::perm::Credentials;
use burrow_kernel::vfs::{FileSystem, FileType, NewNode, NodeRef, Owner, RenameFlags, SetAttr, TimeSet};
use burrow_kernel::{Errno, Error};

const SECRET: &[u8] = b"outside secret: must never be read through hostfs";
const OWNER: Owner = Owner { uid: 1000, gid: 1000 };

/// Metadata of one host path that any read-through-link, write, chmod, link or rename changes.
#[derive(Debug, PartialEq, Eq)]
struct Snap {
    mode: u32,
    ino: u64,
    nlink: u64,
    size: u64,
    mtime: (i64, i64),
    ctime: (i64, i64),
    /// File content or symlink target.
    data: Vec<u8>,
}

/// Every path under `dir` (itself included) and its metadata.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Snap> {
    fn walk(p: &Path, out: &mut BTreeMap<PathBuf, Snap>) {
        let md = fs::symlink_metadata(p).unwrap();
        let data = if md.file_type().is_symlink() {
            fs::read_link(p).unwrap().as_os_str().as_bytes().to_vec()
        } else if md.file_type().is_file() {
            fs::read(p).unwrap()
        } else {
            Vec::new()
        };
        out.insert(
            p.to_path_buf(),
            Snap {
                mode: md.mode(),
                ino: md.ino(),
                nlink: md.nlink(),
                size: md.size(),
                mtime: (md.mtime(), md.mtime_nsec()),
                ctime: (md.ctime(), md.ctime_nsec()),
                data,
            },
        );
        if md.is_dir() {
            for e in fs::read_dir(p).unwrap() {
                walk(&e.unwrap().path(), out);
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, &mut out);
    out
}

struct Fx {
    _tmp: tempfile::TempDir,
    mnt: PathBuf,
    outside: PathBuf,
    secret: PathBuf,
    outside_before: BTreeMap<PathBuf, Snap>,
    fs: Arc<HostFs>,
}

fn fixture_with(read_only: bool) -> Fx {
    let tmp = tempfile::tempdir().unwrap();
    let outside = tmp.path().join("outside");
    let mnt = tmp.path().join("mnt");
    fs::create_dir(&outside).unwrap();
    fs::create_dir(&mnt).unwrap();
    let secret = outside.join("secret");
    fs::write(&secret, SECRET).unwrap();
    fs::set_permissions(&secret, fs::Permissions::from_mode(0o600)).unwrap();
    fs::write(outside.join("only-outside"), b"marker").unwrap();
    let outside_before = snapshot(&outside);
    let fs = HostFs::open(&mnt, HostFsOptions { read_only, owner: OWNER }).unwrap();
    Fx { _tmp: tmp, mnt, outside, secret, outside_before, fs }
}

fn fixture() -> Fx {
    fixture_with(false)
}

impl Fx {
    fn root(&self) -> NodeRef {
        self.fs.root()
    }

    fn p(&self, rel: &str) -> PathBuf {
        self.mnt.join(rel)
    }

    fn assert_outside_untouched(&self) {
        assert_eq!(snapshot(&self.outside), self.outside_before, "the directory outside the mount changed");
        assert_eq!(fs::read(&self.secret).unwrap(), SECRET);
    }
}

fn errno<T>(r: Result<T, Error>) -> Errno {
    match r {
        Ok(_) => panic!("expected an error, got success"),
        Err(e) => e.errno(),
    }
}

fn read_all(node: &NodeRef) -> Result<Vec<u8>, Error> {
    let mut out = Vec::new();
    let mut buf = [0u8; 7];
    loop {
        let n = node.read_at(out.len() as u64, &mut buf)?;
        if n == 0 {
            return Ok(out);
        }
        out.extend_from_slice(&buf[..n]);
    }
}

fn list(dir: &NodeRef, cookie: u64) -> Vec<(Vec<u8>, FileType, u64)> {
    let mut out = Vec::new();
    dir.readdir(cookie, &mut |e| {
        out.push((e.name.to_vec(), e.file_type, e.next));
        true
    })
    .unwrap();
    out
}

fn names(dir: &NodeRef) -> BTreeSet<Vec<u8>> {
    list(dir, 0).into_iter().map(|(n, _, _)| n).collect()
}

fn host_names(dir: &Path) -> BTreeSet<Vec<u8>> {
    fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().as_bytes().to_vec()).collect()
}

fn cpath(p: &Path) -> CString {
    CString::new(p.as_os_str().as_bytes()).unwrap()
}

fn mkfifo(p: &Path) {
    // SAFETY: a NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(cpath(p).as_ptr(), 0o666) }, 0, "mkfifo failed");
}

/// Runs `f` on another thread and fails the test if it has not finished within 5 s (a host
/// FIFO was opened and blocked).
fn without_blocking<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        let _ = tx.send(f());
    });
    rx.recv_timeout(Duration::from_secs(5)).expect("the operation blocked on a host FIFO")
}

fn set_size(size: u64) -> SetAttr {
    SetAttr { size: Some(size), ..SetAttr::default() }
}

fn set_mode(mode: u32) -> SetAttr {
    SetAttr { mode: Some(mode), ..SetAttr::default() }
}

/// A VM tree: a memfs root with `/etc/passwd` and `/mnt`, where `fs` is mounted.
fn vm_with(fs: Arc<HostFs>) -> (MountTable, Location) {
    let memfs = MemFs::new(Arc::new(FsQuota::unlimited()));
    let root = memfs.root();
    let etc = root.create(b"etc", NewNode::Dir, 0o755, Owner::default()).unwrap();
    let passwd = etc.create(b"passwd", NewNode::File, 0o644, Owner::default()).unwrap();
    passwd.write_at(0, b"vm passwd").unwrap();
    let mnt = root.create(b"mnt", NewNode::Dir, 0o755, Owner::default()).unwrap();
    let table = MountTable::new(memfs);
    let root_loc = table.root();
    table.mount(&Location { mount: root_loc.mount.clone(), node: mnt }, fs, false).unwrap();
    (table, root_loc)
}

// ---------------------------------------------------------------------------------------------
// Escape attempts
// ---------------------------------------------------------------------------------------------

/// A host symlink in the mount pointing at the secret is a symlink node: its text can be read,
/// its target never is.
fn file_symlink_is_never_followed(target_of: impl Fn(&Fx) -> Vec<u8>) {
    let fx = fixture();
    let target = target_of(&fx);
    symlink(std::ffi::OsStr::from_bytes(&target), fx.p("link")).unwrap();
    let link = fx.root().lookup(b"link").unwrap();
    assert_eq!(link.file_type(), FileType::Symlink);
    assert_eq!(link.readlink().unwrap(), target);
    let st = link.stat().unwrap();
    assert_eq!(st.file_type(), FileType::Symlink);
    assert_eq!(st.size, target.len() as u64);

    let mut buf = [0u8; 128];
    assert_eq!(errno(link.read_at(0, &mut buf)), Errno::EINVAL);
    assert!(buf.iter().all(|&b| b == 0));
    assert_eq!(errno(link.write_at(0, b"pwned")), Errno::EINVAL);
    assert_eq!(errno(link.append(b"pwned")), Errno::EINVAL);
    assert_eq!(errno(link.set_attr(&set_size(0))), Errno::EINVAL);
    assert_eq!(errno(link.lookup(b"x")), Errno::ENOTDIR);
    // chmod/utimes act on the link itself (lchmod is unsupported on Linux), never its target.
    assert!(link.set_attr(&set_mode(0o777)).is_err());
    link.set_attr(&SetAttr { mtime: Some(TimeSet::At(Timespec { sec: 1, nsec: 0 })), ..SetAttr::default() })
        .unwrap();
    assert_eq!(fs::symlink_metadata(fx.p("link")).unwrap().mtime(), 1);
    // A fresh lookup through the VM-facing API sees the same thing.
    assert_eq!(errno(read_all(&fx.root().lookup(b"link").unwrap())), Errno::EINVAL);
    fx.assert_outside_untouched();
}

#[test]
fn escape_relative_file_symlink_is_never_followed() {
    file_symlink_is_never_followed(|_| b"../outside/secret".to_vec());
}

#[test]
fn escape_absolute_file_symlink_is_never_followed() {
    file_symlink_is_never_followed(|fx| fx.secret.as_os_str().as_bytes().to_vec());
}

/// A symlink to a directory outside is a symlink node; it cannot be used as a directory.
fn dir_symlink_cannot_be_used_as_directory(fx: &Fx, target: &Path) {
    symlink(target, fx.p("dl")).unwrap();
    fs::write(fx.p("inside"), b"inside").unwrap();
    let root = fx.root();
    let inside = root.lookup(b"inside").unwrap();
    let dl = root.lookup(b"dl").unwrap();
    assert_eq!(dl.file_type(), FileType::Symlink);

    assert_eq!(errno(dl.lookup(b"secret")), Errno::ENOTDIR);
    assert_eq!(errno(dl.create(b"new", NewNode::File, 0o644, OWNER)), Errno::ENOTDIR);
    assert_eq!(errno(dl.create(b"newdir", NewNode::Dir, 0o755, OWNER)), Errno::ENOTDIR);
    assert_eq!(errno(dl.readdir(0, &mut |_| true)), Errno::ENOTDIR);
    assert_eq!(errno(dl.unlink(b"secret")), Errno::ENOTDIR);
    assert_eq!(errno(dl.rmdir(b"x")), Errno::ENOTDIR);
    assert_eq!(errno(dl.link(b"h", &inside)), Errno::ENOTDIR);
    assert_eq!(errno(dl.rename(b"secret", &root, b"stolen", RenameFlags::default())), Errno::ENOTDIR);
    assert_eq!(errno(root.rename(b"inside", &dl, b"planted", RenameFlags::default())), Errno::ENOTDIR);
    assert!(!fx.p("stolen").exists());
    assert_eq!(fs::read(fx.p("inside")).unwrap(), b"inside");
    fx.assert_outside_untouched();
}

#[test]
fn escape_relative_dir_symlink_cannot_be_used_as_directory() {
    let fx = fixture();
    dir_symlink_cannot_be_used_as_directory(&fx, Path::new("../outside"));
}

#[test]
fn escape_absolute_dir_symlink_cannot_be_used_as_directory() {
    let fx = fixture();
    let outside = fx.outside.clone();
    dir_symlink_cannot_be_used_as_directory(&fx, &outside);
}

#[test]
fn escape_symlink_swapped_in_for_directory_after_lookup() {
    let fx = fixture();
    fs::create_dir(fx.p("d")).unwrap();
    fs::write(fx.p("d/secret"), b"inside").unwrap();
    fs::write(fx.p("d/opened"), b"opened inside").unwrap();
    let root = fx.root();
    let d = root.lookup(b"d").unwrap();
    assert_eq!(d.file_type(), FileType::Directory);
    let child = d.lookup(b"secret").unwrap();
    let opened = d.lookup(b"opened").unwrap();
    assert_eq!(read_all(&opened).unwrap(), b"opened inside");
    fs::write(fx.p("file"), b"f").unwrap();
    let file = root.lookup(b"file").unwrap();

    // The host swaps the directory for a symlink to outside.
    fs::rename(fx.p("d"), fx.p("d.real")).unwrap();
    symlink(&fx.outside, fx.p("d")).unwrap();

    assert_eq!(errno(d.lookup(b"secret")), Errno::ELOOP);
    assert_eq!(errno(d.lookup(b"only-outside")), Errno::ELOOP);
    assert_eq!(errno(d.create(b"planted", NewNode::File, 0o644, OWNER)), Errno::ELOOP);
    assert_eq!(errno(d.create(b"planted-dir", NewNode::Dir, 0o755, OWNER)), Errno::ELOOP);
    assert_eq!(errno(d.create(b"planted-link", NewNode::Symlink(b"x"), 0o777, OWNER)), Errno::ELOOP);
    assert_eq!(errno(d.readdir(0, &mut |_| true)), Errno::ELOOP);
    assert_eq!(errno(d.unlink(b"secret")), Errno::ELOOP);
    assert_eq!(errno(d.rmdir(b"secret")), Errno::ELOOP);
    assert_eq!(errno(d.link(b"hard", &file)), Errno::ELOOP);
    assert_eq!(errno(d.rename(b"secret", &root, b"stolen", RenameFlags::default())), Errno::ELOOP);
    assert_eq!(errno(root.rename(b"file", &d, b"planted", RenameFlags::default())), Errno::ELOOP);
    // chmod of the stale directory node now meets the symlink, which it does not follow.
    assert!(d.set_attr(&set_mode(0o777)).is_err());

    // A node looked up through the directory before the swap now resolves through the symlink.
    let mut buf = [0u8; 128];
    assert_eq!(errno(child.read_at(0, &mut buf)), Errno::ELOOP);
    assert_eq!(errno(child.write_at(0, b"pwned")), Errno::ELOOP);
    assert_eq!(errno(child.set_attr(&set_size(0))), Errno::ELOOP);
    assert_eq!(errno(child.stat()), Errno::ELOOP);
    // A node whose file was already open keeps the file it opened, which is inside.
    assert_eq!(read_all(&opened).unwrap(), b"opened inside");

    assert!(!fx.p("stolen").exists());
    assert!(fx.p("file").exists());
    assert_eq!(fs::read(fx.p("d.real/secret")).unwrap(), b"inside");
    fx.assert_outside_untouched();
}

#[test]
fn escape_symlink_swapped_in_for_file_after_lookup() {
    let fx = fixture();
    fs::write(fx.p("f"), b"inside").unwrap();
    let f = fx.root().lookup(b"f").unwrap();
    assert_eq!(f.file_type(), FileType::Regular);
    fs::remove_file(fx.p("f")).unwrap();
    symlink(&fx.secret, fx.p("f")).unwrap();

    let mut buf = [0u8; 128];
    assert_eq!(errno(f.read_at(0, &mut buf)), Errno::ELOOP);
    assert!(buf.iter().all(|&b| b == 0));
    assert_eq!(errno(f.write_at(0, b"pwned")), Errno::ELOOP);
    assert_eq!(errno(f.append(b"pwned")), Errno::ELOOP);
    assert_eq!(errno(f.set_attr(&set_size(0))), Errno::ELOOP);
    assert!(f.set_attr(&set_mode(0o777)).is_err());
    // stat reports what the path holds now, the symlink itself, not its target.
    assert_eq!(f.stat().unwrap().file_type(), FileType::Symlink);
    fx.assert_outside_untouched();
}

#[test]
fn escape_race_swapping_directory_and_symlink_never_reaches_outside() {
    let fx = fixture();
    fs::create_dir(fx.p("d")).unwrap();
    fs::write(fx.p("d/secret"), b"inside").unwrap();
    symlink(&fx.outside, fx.p("alt")).unwrap();
    let stale = fx.root().lookup(b"d").unwrap();
    let (table, vm_root) = vm_with(fx.fs.clone());
    let table = Arc::new(table);

    let stop = Arc::new(AtomicBool::new(false));
    let swaps = Arc::new(AtomicU64::new(0));
    let swapper = {
        let (stop, swaps) = (stop.clone(), swaps.clone());
        let (d, alt) = (cpath(&fx.p("d")), cpath(&fx.p("alt")));
        thread::spawn(move || {
            while !stop.load(Ordering::Relaxed) {
                // SAFETY: NUL-terminated paths; RENAME_EXCHANGE swaps the two entries atomically.
                let r = unsafe {
                    libc::renameat2(
                        libc::AT_FDCWD,
                        d.as_ptr(),
                        libc::AT_FDCWD,
                        alt.as_ptr(),
                        libc::RENAME_EXCHANGE,
                    )
                };
                assert_eq!(r, 0, "renameat2 exchange failed");
                swaps.fetch_add(1, Ordering::Relaxed);
            }
        })
    };

    let created = Arc::new(AtomicU64::new(0));
    let reads = Arc::new(AtomicU64::new(0));
    let deadline = Instant::now() + Duration::from_secs(1);
    let direct = {
        let (root, created, reads) = (fx.root(), created.clone(), reads.clone());
        thread::spawn(move || {
            let mut i = 0u64;
            while Instant::now() < deadline {
                i += 1;
                let fresh = root.lookup(b"d");
                for d in [Ok(stale.clone()), fresh].into_iter().flatten() {
                    let name = format!("f{i}-{}", d.file_type() as u8);
                    if let Ok(f) = d.create(name.as_bytes(), NewNode::File, 0o644, OWNER) {
                        created.fetch_add(1, Ordering::Relaxed);
                        f.write_at(0, b"x").unwrap();
                    }
                    let _ = d.create(format!("dir{i}").as_bytes(), NewNode::Dir, 0o755, OWNER);
                    let _ = d.unlink(b"only-outside");
                    let _ = d.set_attr(&set_mode(0o777));
                    if let Ok(s) = d.lookup(b"secret") {
                        let mut buf = [0u8; 128];
                        if let Ok(n) = s.read_at(0, &mut buf) {
                            assert_eq!(&buf[..n], b"inside", "read something other than the inside file");
                            reads.fetch_add(1, Ordering::Relaxed);
                        }
                        // Rewrites the same bytes: other readers keep expecting them.
                        let _ = s.write_at(0, b"inside");
                    }
                    if let Ok(()) = d.readdir(0, &mut |e| {
                        assert_ne!(e.name, b"only-outside", "listed the outside directory");
                        true
                    }) {}
                }
            }
        })
    };
    let walker = {
        let (table, vm_root, reads) = (table.clone(), vm_root.clone(), reads.clone());
        thread::spawn(move || {
            let walker =
                Walker { mounts: &table, root: &vm_root, cred: Credentials { uid: 1000, gid: 1000 } };
            while Instant::now() < deadline {
                if let Ok(loc) = walker.lookup(&vm_root, b"/mnt/d/secret", true) {
                    let mut buf = [0u8; 128];
                    if let Ok(n) = loc.node.read_at(0, &mut buf) {
                        assert_eq!(&buf[..n], b"inside");
                        reads.fetch_add(1, Ordering::Relaxed);
                    }
                }
                if let Ok(loc) = walker.lookup(&vm_root, b"/mnt/d", true) {
                    let _ = loc.node.create(b"walker-file", NewNode::File, 0o644, OWNER);
                }
            }
        })
    };
    direct.join().unwrap();
    walker.join().unwrap();
    stop.store(true, Ordering::Relaxed);
    swapper.join().unwrap();

    eprintln!(
        "race: {} swaps, {} creates, {} reads",
        swaps.load(Ordering::Relaxed),
        created.load(Ordering::Relaxed),
        reads.load(Ordering::Relaxed)
    );
    assert!(swaps.load(Ordering::Relaxed) > 100, "the race did not run");
    assert!(created.load(Ordering::Relaxed) > 0, "no create ever succeeded: the test proves nothing");
    assert!(reads.load(Ordering::Relaxed) > 0, "no read ever succeeded: the test proves nothing");
    fx.assert_outside_untouched();
    // Every file created through hostfs is in the real directory, whichever name it has now.
    let real = if fs::symlink_metadata(fx.p("d")).unwrap().is_dir() { fx.p("d") } else { fx.p("alt") };
    let files = host_names(&real).iter().filter(|n| n.starts_with(b"f")).count() as u64;
    assert_eq!(files, created.load(Ordering::Relaxed));
    assert_eq!(fs::read(real.join("secret")).unwrap(), b"inside");
}

#[test]
fn escape_hard_link_to_node_of_another_filesystem_is_exdev() {
    let fx = fixture();
    let other = HostFs::open(&fx.outside, HostFsOptions::default()).unwrap();
    let secret = other.root().lookup(b"secret").unwrap();
    let root = fx.root();
    assert_eq!(errno(root.link(b"stolen", &secret)), Errno::EXDEV);
    // A second instance over the very same directory is another filesystem too.
    fs::write(fx.p("f"), b"f").unwrap();
    let same_dir = HostFs::open(&fx.mnt, HostFsOptions::default()).unwrap();
    let f_other = same_dir.root().lookup(b"f").unwrap();
    assert_eq!(errno(root.link(b"f2", &f_other)), Errno::EXDEV);
    // And a node of an unrelated filesystem.
    let memfs = MemFs::new(Arc::new(FsQuota::unlimited()));
    let mem_file = memfs.root().create(b"m", NewNode::File, 0o644, OWNER).unwrap();
    assert_eq!(errno(root.link(b"m", &mem_file)), Errno::EXDEV);
    // Renames cannot cross either, in either direction.
    assert_eq!(errno(root.rename(b"f", &other.root(), b"planted", RenameFlags::default())), Errno::EXDEV);
    assert_eq!(errno(other.root().rename(b"secret", &root, b"stolen", RenameFlags::default())), Errno::EXDEV);

    assert!(!fx.p("stolen").exists() && !fx.p("f2").exists() && !fx.p("m").exists());
    assert_eq!(host_names(&fx.mnt), BTreeSet::from([b"f".to_vec()]));
    fx.assert_outside_untouched();
}

#[test]
fn escape_dot_dot_and_slashes_are_never_components() {
    let fx = fixture();
    fs::create_dir(fx.p("sub")).unwrap();
    fs::write(fx.p("f"), b"f").unwrap();
    let root = fx.root();
    let sub = root.lookup(b"sub").unwrap();
    let f = root.lookup(b"f").unwrap();
    let secret_rel: &[u8] = b"../outside/secret";
    for dir in [&root, &sub] {
        for name in
            [&b".."[..], b".", b"../outside", secret_rel, b"../../outside/secret", b"sub/..", b"/", b"a\0b"]
        {
            assert_eq!(errno(dir.lookup(name)), Errno::EINVAL, "lookup {name:?}");
            assert_eq!(errno(dir.create(name, NewNode::File, 0o644, OWNER)), Errno::EINVAL);
            assert_eq!(errno(dir.create(name, NewNode::Dir, 0o755, OWNER)), Errno::EINVAL);
            assert_eq!(errno(dir.link(name, &f)), Errno::EINVAL);
            assert_eq!(errno(dir.unlink(name)), Errno::EINVAL);
            assert_eq!(errno(dir.rmdir(name)), Errno::EINVAL);
            assert_eq!(errno(dir.rename(name, &root, b"x", RenameFlags::default())), Errno::EINVAL);
            assert_eq!(errno(root.rename(b"f", dir, name, RenameFlags::default())), Errno::EINVAL);
        }
        let absolute = fx.secret.as_os_str().as_bytes();
        assert_eq!(errno(dir.lookup(absolute)), Errno::EINVAL);
        assert_eq!(errno(dir.unlink(absolute)), Errno::EINVAL);
        assert_eq!(errno(dir.lookup(b"")), Errno::ENOENT);
    }
    // The root has no parent to climb to.
    assert!(root.parent().is_none());
    assert_eq!(host_names(&fx.mnt), BTreeSet::from([b"f".to_vec(), b"sub".to_vec()]));
    assert!(host_names(&fx.p("sub")).is_empty());
    fx.assert_outside_untouched();
}

#[test]
fn escape_vm_walker_interprets_host_symlinks_inside_the_vm() {
    let fx = fixture();
    fs::create_dir(fx.p("sub")).unwrap();
    fs::write(fx.p("sub/file"), b"inside").unwrap();
    symlink("../outside/secret", fx.p("rel")).unwrap();
    symlink(&fx.secret, fx.p("abs")).unwrap();
    symlink(&fx.outside, fx.p("absdir")).unwrap();
    symlink("../../../../../../../../etc/passwd", fx.p("etcpw")).unwrap();
    symlink("sub/file", fx.p("inner")).unwrap();
    let (table, root) = vm_with(fx.fs.clone());
    let walker = Walker { mounts: &table, root: &root, cred: Credentials { uid: 1000, gid: 1000 } };

    for path in [
        &b"/mnt/rel"[..],
        b"/mnt/abs",
        b"/mnt/absdir/secret",
        b"/mnt/../outside/secret",
        b"/mnt/sub/../../outside/secret",
        b"/mnt/../../../outside/secret",
    ] {
        assert_eq!(
            errno(walker.lookup(&root, path, true)),
            Errno::ENOENT,
            "{}",
            String::from_utf8_lossy(path)
        );
    }
    // `..` out of the mount is the VM's `/`, and symlinks resolve in the VM's tree.
    let pw = walker.lookup(&root, b"/mnt/etcpw", true).unwrap();
    assert_eq!(read_all(&pw.node).unwrap(), b"vm passwd");
    let pw = walker.lookup(&root, b"/mnt/sub/../../etc/passwd", true).unwrap();
    assert_eq!(read_all(&pw.node).unwrap(), b"vm passwd");
    let inner = walker.lookup(&root, b"/mnt/inner", true).unwrap();
    assert_eq!(read_all(&inner.node).unwrap(), b"inside");
    let nofollow = walker.lookup(&root, b"/mnt/rel", false).unwrap();
    assert_eq!(nofollow.node.file_type(), FileType::Symlink);
    fx.assert_outside_untouched();
}

#[test]
fn escape_fifo_read_is_eacces_without_blocking() {
    let fx = fixture();
    mkfifo(&fx.p("fifo"));
    let root = fx.root();
    let fifo = root.lookup(b"fifo").unwrap();
    assert_eq!(fifo.file_type(), FileType::Fifo);
    assert_eq!(fifo.stat().unwrap().file_type(), FileType::Fifo);
    let r = without_blocking(move || {
        let mut buf = [0u8; 8];
        (
            errno(fifo.read_at(0, &mut buf)),
            errno(fifo.write_at(0, b"x")),
            errno(fifo.append(b"x")),
            errno(fifo.set_attr(&set_size(0))),
        )
    });
    assert_eq!(r, (Errno::EACCES, Errno::EACCES, Errno::EACCES, Errno::EINVAL));
    fx.assert_outside_untouched();
}

#[test]
fn escape_fifo_swapped_in_for_file_is_refused_without_blocking() {
    let fx = fixture();
    fs::write(fx.p("f"), b"regular").unwrap();
    let f = fx.root().lookup(b"f").unwrap();
    fs::remove_file(fx.p("f")).unwrap();
    mkfifo(&fx.p("f"));
    let r = without_blocking(move || {
        let mut buf = [0u8; 8];
        (errno(f.read_at(0, &mut buf)), errno(f.write_at(0, b"x")), errno(f.append(b"x")))
    });
    assert_eq!(r, (Errno::EACCES, Errno::EACCES, Errno::EACCES));
}

#[test]
fn escape_device_nodes_and_sockets_are_refused() {
    let fx = fixture();
    let root = fx.root();
    let _listener = std::os::unix::net::UnixListener::bind(fx.p("sock")).unwrap();
    let sock = root.lookup(b"sock").unwrap();
    assert_eq!(sock.file_type(), FileType::Socket);
    let mut buf = [0u8; 8];
    assert_eq!(errno(sock.read_at(0, &mut buf)), Errno::EACCES);
    assert_eq!(errno(sock.write_at(0, b"x")), Errno::EACCES);

    // /dev/null's numbers; needs CAP_MKNOD, which an unprivileged test run lacks.
    let dev = cpath(&fx.p("null"));
    // SAFETY: a NUL-terminated path.
    let made = unsafe { libc::mknod(dev.as_ptr(), libc::S_IFCHR | 0o666, libc::makedev(1, 3)) } == 0;
    if made {
        let null = root.lookup(b"null").unwrap();
        assert_eq!(null.file_type(), FileType::CharDevice);
        let st = null.stat().unwrap();
        assert_eq!(st.file_type(), FileType::CharDevice);
        assert_eq!(st.rdev, fs::symlink_metadata(fx.p("null")).unwrap().rdev());
        assert_eq!(errno(null.read_at(0, &mut buf)), Errno::EACCES);
        assert_eq!(errno(null.write_at(0, b"x")), Errno::EACCES);
        // A device swapped in for a regular file after lookup is refused too.
        fs::write(fx.p("f"), b"regular").unwrap();
        let f = root.lookup(b"f").unwrap();
        fs::rename(fx.p("null"), fx.p("f")).unwrap();
        assert_eq!(errno(f.read_at(0, &mut buf)), Errno::EACCES);
        assert_eq!(errno(f.write_at(0, b"x")), Errno::EACCES);
    } else {
        eprintln!("mknod not permitted; device-node part skipped");
    }
}

#[test]
fn escape_creating_special_nodes_is_eperm() {
    let fx = fixture();
    let root = fx.root();
    for (t, rdev) in [
        (FileType::Fifo, 0),
        (FileType::CharDevice, (1 << 8) | 3),
        (FileType::BlockDevice, 8 << 8),
        (FileType::Socket, 0),
    ] {
        assert_eq!(errno(root.create(b"special", NewNode::Special(t, rdev), 0o666, OWNER)), Errno::EPERM);
    }
    assert!(host_names(&fx.mnt).is_empty());
}

#[test]
fn escape_read_only_mount_refuses_every_mutation() {
    let fx = fixture_with(true);
    fs::write(fx.p("f"), b"content").unwrap();
    fs::create_dir(fx.p("d")).unwrap();
    fs::write(fx.p("d/x"), b"x").unwrap();
    fs::create_dir(fx.p("empty")).unwrap();
    symlink("f", fx.p("l")).unwrap();
    let before = snapshot(&fx.mnt);

    assert!(fx.fs.read_only());
    let root = fx.root();
    let f = root.lookup(b"f").unwrap();
    let d = root.lookup(b"d").unwrap();
    let l = root.lookup(b"l").unwrap();
    let now = Some(TimeSet::Now);
    for dir in [&root, &d] {
        for node in [NewNode::File, NewNode::Dir, NewNode::Symlink(b"f"), NewNode::Special(FileType::Fifo, 0)]
        {
            assert_eq!(errno(dir.create(b"new", node, 0o644, OWNER)), Errno::EROFS);
        }
        assert_eq!(errno(dir.create(b"f", NewNode::File, 0o644, OWNER)), Errno::EROFS);
        assert_eq!(errno(dir.link(b"h", &f)), Errno::EROFS);
        assert_eq!(errno(dir.unlink(b"f")), Errno::EROFS);
        assert_eq!(errno(dir.unlink(b"x")), Errno::EROFS);
        assert_eq!(errno(dir.rmdir(b"empty")), Errno::EROFS);
        assert_eq!(errno(dir.rename(b"f", &root, b"g", RenameFlags::default())), Errno::EROFS);
    }
    for node in [&root, &f, &d, &l] {
        for attr in [
            set_mode(0o777),
            set_size(0),
            SetAttr { uid: Some(OWNER.uid), ..SetAttr::default() },
            SetAttr { gid: Some(0), ..SetAttr::default() },
            SetAttr { atime: now, ..SetAttr::default() },
            SetAttr { mtime: Some(TimeSet::At(Timespec { sec: 5, nsec: 0 })), ..SetAttr::default() },
        ] {
            assert_eq!(errno(node.set_attr(&attr)), Errno::EROFS, "{attr:?}");
        }
        assert_eq!(errno(node.set_xattr(b"user.x", b"v")), Errno::EROFS);
    }
    assert_eq!(errno(f.write_at(0, b"XX")), Errno::EROFS);
    assert_eq!(errno(f.write_at(100, b"")), Errno::EROFS);
    assert_eq!(errno(f.append(b"more")), Errno::EROFS);

    // Reading still works.
    assert_eq!(read_all(&f).unwrap(), b"content");
    assert_eq!(names(&root).len(), 4);
    assert_eq!(l.readlink().unwrap(), b"f");
    assert_eq!(snapshot(&fx.mnt), before, "a read-only mount changed the host");
}

// ---------------------------------------------------------------------------------------------
// Behaviour
// ---------------------------------------------------------------------------------------------

#[test]
fn mount_errors_and_identity() {
    let fx = fixture();
    assert_eq!(errno(HostFs::open(&fx.p("missing"), HostFsOptions::default())), Errno::ENOENT);
    fs::write(fx.p("file"), b"").unwrap();
    assert_eq!(errno(HostFs::open(&fx.p("file"), HostFsOptions::default())), Errno::ENOTDIR);
    let other = HostFs::open(&fx.mnt, HostFsOptions::default()).unwrap();
    assert_eq!(fx.fs.kind(), "hostfs");
    assert!(!fx.fs.read_only());
    assert_ne!(fx.fs.dev(), other.dev());
    let root = fx.root();
    assert_eq!(root.dev(), fx.fs.dev());
    assert_eq!(root.ino(), fs::metadata(&fx.mnt).unwrap().ino());
    assert_eq!(root.file_type(), FileType::Directory);
    assert!(root.name_in_parent().is_none());
    let usage = fx.fs.usage();
    assert!(usage.bytes_max > 0 && usage.bytes_used <= usage.bytes_max);
}

#[test]
fn create_write_read_append_truncate_with_true_sizes() {
    let fx = fixture();
    let root = fx.root();
    let f = root.create(b"f", NewNode::File, 0o644, OWNER).unwrap();
    assert_eq!(f.file_type(), FileType::Regular);
    assert_eq!(f.stat().unwrap().size, 0);
    assert_eq!(f.write_at(0, b"hello").unwrap(), 5);
    assert_eq!(f.write_at(10, b"world").unwrap(), 5);
    assert_eq!(f.stat().unwrap().size, 15);
    assert_eq!(read_all(&f).unwrap(), b"hello\0\0\0\0\0world");
    assert_eq!(fs::read(fx.p("f")).unwrap(), b"hello\0\0\0\0\0world");
    let mut buf = [0u8; 4];
    assert_eq!(f.read_at(100, &mut buf).unwrap(), 0);

    assert_eq!(f.append(b"!!").unwrap(), 17);
    assert_eq!(f.append(b"?").unwrap(), 18);
    assert_eq!(f.append(b"").unwrap(), 18);
    assert_eq!(fs::read(fx.p("f")).unwrap(), b"hello\0\0\0\0\0world!!?");

    f.set_attr(&set_size(5)).unwrap();
    assert_eq!(f.stat().unwrap().size, 5);
    assert_eq!(fs::read(fx.p("f")).unwrap(), b"hello");
    f.set_attr(&set_size(8)).unwrap();
    assert_eq!(read_all(&f).unwrap(), b"hello\0\0\0");
    assert_eq!(f.append(b"x").unwrap(), 9);

    // A fresh lookup sees the same file; writes through it show through the first node.
    let g = root.lookup(b"f").unwrap();
    assert_eq!(g.ino(), f.ino());
    assert_eq!(g.stat().unwrap().size, 9);
    g.write_at(0, b"J").unwrap();
    assert_eq!(read_all(&f).unwrap(), b"Jello\0\0\0x");

    // Host-side changes show through too.
    fs::write(fx.p("f"), b"replaced by host").unwrap();
    assert_eq!(read_all(&root.lookup(b"f").unwrap()).unwrap(), b"replaced by host");

    assert_eq!(errno(f.write_at(u64::MAX - 1, b"xx")), Errno::EFBIG);
    assert_eq!(errno(root.read_at(0, &mut buf)), Errno::EISDIR);
    assert_eq!(errno(root.write_at(0, b"x")), Errno::EISDIR);
    assert_eq!(errno(root.set_attr(&set_size(0))), Errno::EISDIR);
}

#[test]
fn open_file_keeps_working_after_rename() {
    let fx = fixture();
    let root = fx.root();
    let sub = root.create(b"sub", NewNode::Dir, 0o755, OWNER).unwrap();
    let f = root.create(b"f", NewNode::File, 0o644, OWNER).unwrap();
    f.write_at(0, b"one").unwrap();
    root.rename(b"f", &sub, b"g", RenameFlags::default()).unwrap();
    f.write_at(3, b"two").unwrap();
    assert_eq!(f.stat().unwrap().size, 6);
    assert_eq!(fs::read(fx.p("sub/g")).unwrap(), b"onetwo");
    assert!(!fx.p("f").exists());
}

#[test]
fn concurrent_appends_are_atomic_and_report_their_end() {
    let fx = fixture();
    fs::write(fx.p("log"), b"").unwrap();
    let shared = fx.root().lookup(b"log").unwrap();
    let handles: Vec<_> = (0..4u8)
        .map(|t| {
            let node = if t % 2 == 0 { shared.clone() } else { fx.root().lookup(b"log").unwrap() };
            thread::spawn(move || {
                let rec = [b'a' + t; 10];
                (0..100).map(|_| node.append(&rec).unwrap()).collect::<Vec<u64>>()
            })
        })
        .collect();
    let mut ends: Vec<u64> = handles.into_iter().flat_map(|h| h.join().unwrap()).collect();
    ends.sort_unstable();
    assert_eq!(ends, (1..=400).map(|i| i * 10).collect::<Vec<u64>>());
    let data = fs::read(fx.p("log")).unwrap();
    assert_eq!(data.len(), 4000);
    for rec in data.chunks(10) {
        assert!(rec.iter().all(|&b| b == rec[0]), "interleaved append");
    }
}

#[test]
fn stat_maps_owner_and_reports_host_identity() {
    let fx = fixture();
    fs::write(fx.p("f"), b"12345").unwrap();
    fs::set_permissions(fx.p("f"), fs::Permissions::from_mode(0o640)).unwrap();
    fs::hard_link(fx.p("f"), fx.p("f2")).unwrap();
    let f = fx.root().lookup(b"f").unwrap();
    let st = f.stat().unwrap();
    let md = fs::symlink_metadata(fx.p("f")).unwrap();
    assert_eq!(st.dev, fx.fs.dev());
    assert_ne!(st.dev, md.dev());
    assert_eq!(st.ino, md.ino());
    assert_eq!(f.ino(), md.ino());
    assert_eq!(st.mode, 0o100640);
    assert_eq!(st.nlink, 2);
    assert_eq!((st.uid, st.gid), (OWNER.uid, OWNER.gid));
    assert_ne!(md.uid(), OWNER.uid, "the test needs a host owner that differs from the mapped one");
    assert_eq!(st.size, 5);
    assert_eq!(st.blocks, md.blocks());
    assert_eq!(st.blksize as u64, md.blksize());
    assert_eq!((st.mtime.sec, st.mtime.nsec as i64), (md.mtime(), md.mtime_nsec()));
    assert_eq!((st.atime.sec, st.atime.nsec as i64), (md.atime(), md.atime_nsec()));
    assert_eq!((st.ctime.sec, st.ctime.nsec as i64), (md.ctime(), md.ctime_nsec()));
    let root_st = fx.root().stat().unwrap();
    assert_eq!(root_st.file_type(), FileType::Directory);
    assert_eq!((root_st.uid, root_st.gid), (OWNER.uid, OWNER.gid));

    // The mapped owner may use its files by mode bits through the VM's permission checks.
    let user = Credentials { uid: OWNER.uid, gid: OWNER.gid };
    assert!(user
        .check(&st, burrow_kernel::vfs::perm::MAY_READ | burrow_kernel::vfs::perm::MAY_WRITE)
        .is_ok());
    assert!(user.owns(&st));
}

#[test]
fn chown_to_anyone_but_the_mapped_owner_is_eperm() {
    let fx = fixture();
    fs::write(fx.p("f"), b"").unwrap();
    let before = fs::symlink_metadata(fx.p("f")).unwrap();
    let f = fx.root().lookup(b"f").unwrap();
    assert_eq!(errno(f.set_attr(&SetAttr { uid: Some(0), ..SetAttr::default() })), Errno::EPERM);
    assert_eq!(errno(f.set_attr(&SetAttr { gid: Some(4242), ..SetAttr::default() })), Errno::EPERM);
    // EPERM comes before anything else in the same call is applied.
    assert_eq!(
        errno(f.set_attr(&SetAttr { uid: Some(7), mode: Some(0o777), ..SetAttr::default() })),
        Errno::EPERM
    );
    // Chown to the owner it already has is a no-op.
    f.set_attr(&SetAttr { uid: Some(OWNER.uid), gid: Some(OWNER.gid), ..SetAttr::default() }).unwrap();
    let after = fs::symlink_metadata(fx.p("f")).unwrap();
    assert_eq!((after.uid(), after.gid(), after.mode()), (before.uid(), before.gid(), before.mode()));
}

#[test]
fn chmod_sets_host_mode_bits_but_never_setuid() {
    let fx = fixture();
    let root = fx.root();
    fs::write(fx.p("f"), b"").unwrap();
    fs::create_dir(fx.p("d")).unwrap();
    let f = root.lookup(b"f").unwrap();
    let d = root.lookup(b"d").unwrap();
    let host_mode = |p: &str| fs::symlink_metadata(fx.p(p)).unwrap().mode() & 0o7777;

    f.set_attr(&set_mode(0o640)).unwrap();
    assert_eq!(host_mode("f"), 0o640);
    assert_eq!(f.stat().unwrap().perm(), 0o640);
    f.set_attr(&set_mode(0o000)).unwrap();
    assert_eq!(host_mode("f"), 0o000);
    f.set_attr(&set_mode(0o6755)).unwrap();
    assert_eq!(host_mode("f"), 0o755, "set-user-ID or set-group-ID reached the host");
    f.set_attr(&set_mode(0o1644)).unwrap();
    assert_eq!(host_mode("f"), 0o1644);
    d.set_attr(&set_mode(0o2750)).unwrap();
    assert_eq!(host_mode("d"), 0o2750);
    d.set_attr(&set_mode(0o4700)).unwrap();
    assert_eq!(host_mode("d"), 0o700);
    root.set_attr(&set_mode(0o711)).unwrap();
    assert_eq!(fs::metadata(&fx.mnt).unwrap().mode() & 0o7777, 0o711);

    // A node with an open file chmods that file.
    let g = root.create(b"g", NewNode::File, 0o600, OWNER).unwrap();
    g.set_attr(&set_mode(0o604)).unwrap();
    assert_eq!(host_mode("g"), 0o604);
}

#[test]
fn created_nodes_get_exact_modes_despite_the_host_umask() {
    let fx = fixture();
    let root = fx.root();
    root.create(b"f", NewNode::File, 0o666, OWNER).unwrap();
    root.create(b"d", NewNode::Dir, 0o777, OWNER).unwrap();
    root.create(b"ro", NewNode::File, 0o444, OWNER).unwrap();
    root.create(b"suid", NewNode::File, 0o4755, OWNER).unwrap();
    let mode = |p: &str| fs::symlink_metadata(fx.p(p)).unwrap().mode();
    assert_eq!(mode("f"), 0o100666);
    assert_eq!(mode("d"), 0o040777);
    assert_eq!(mode("suid"), 0o100755);
    // Like open(O_CREAT) on Linux, the creating node may write a file its mode makes read-only.
    let ro = root.lookup(b"ro").unwrap();
    assert_eq!(ro.stat().unwrap().perm(), 0o444);
    let created = root.create(b"ro2", NewNode::File, 0o444, OWNER).unwrap();
    assert_eq!(created.write_at(0, b"data").unwrap(), 4);
    assert_eq!(fs::read(fx.p("ro2")).unwrap(), b"data");
}

#[test]
fn readdir_lists_each_entry_once_with_types_and_resumes_from_cookies() {
    let fx = fixture();
    let root = fx.root();
    let mut expected = BTreeMap::new();
    // Enough long names to need several host getdents calls.
    for i in 0..600 {
        let name = format!("file-with-a-fairly-long-name-{i:04}");
        fs::write(fx.p(&name), b"").unwrap();
        expected.insert(name.into_bytes(), FileType::Regular);
    }
    fs::create_dir(fx.p("dir")).unwrap();
    expected.insert(b"dir".to_vec(), FileType::Directory);
    symlink("../outside", fx.p("link")).unwrap();
    expected.insert(b"link".to_vec(), FileType::Symlink);
    mkfifo(&fx.p("fifo"));
    expected.insert(b"fifo".to_vec(), FileType::Fifo);

    let all = list(&root, 0);
    assert_eq!(all.len(), expected.len(), "an entry is missing or listed twice");
    let got: BTreeMap<_, _> = all.iter().map(|(n, t, _)| (n.clone(), *t)).collect();
    assert_eq!(got, expected);
    for (name, _, _) in &all {
        let ino = fs::symlink_metadata(fx.mnt.join(std::ffi::OsStr::from_bytes(name))).unwrap().ino();
        let node = root.lookup(name).unwrap();
        assert_eq!(node.ino(), ino);
    }

    // Stop after k entries, resume from the cookie of the k-th: the rest, exactly once.
    for k in [1, 2, 100, 377, all.len() - 1, all.len()] {
        let mut head = Vec::new();
        root.readdir(0, &mut |e| {
            head.push((e.name.to_vec(), e.next));
            head.len() < k
        })
        .unwrap();
        assert_eq!(head.len(), k);
        let cookie = head.last().unwrap().1;
        assert_ne!(cookie, 0);
        let tail = list(&root, cookie);
        let mut seen: Vec<Vec<u8>> = head.into_iter().map(|(n, _)| n).collect();
        seen.extend(tail.into_iter().map(|(n, _, _)| n));
        assert_eq!(seen.len(), expected.len(), "resuming after {k} lost or repeated entries");
        assert_eq!(
            seen.into_iter().collect::<BTreeSet<_>>(),
            expected.keys().cloned().collect::<BTreeSet<_>>()
        );
    }

    // Entries added during a listing do not disturb those present throughout.
    let mut head = Vec::new();
    root.readdir(0, &mut |e| {
        head.push((e.name.to_vec(), e.next));
        head.len() < 50
    })
    .unwrap();
    for i in 0..50 {
        fs::write(fx.p(&format!("late-{i}")), b"").unwrap();
    }
    let mut seen: BTreeMap<Vec<u8>, usize> = BTreeMap::new();
    for (n, _) in &head {
        *seen.entry(n.clone()).or_default() += 1;
    }
    for (n, _, _) in list(&root, head.last().unwrap().1) {
        *seen.entry(n).or_default() += 1;
    }
    for name in expected.keys() {
        assert_eq!(seen.get(name), Some(&1), "{}", String::from_utf8_lossy(name));
    }

    let sub = root.lookup(b"dir").unwrap();
    assert!(list(&sub, 0).is_empty());
    let f = root.lookup(b"file-with-a-fairly-long-name-0000").unwrap();
    assert_eq!(errno(f.readdir(0, &mut |_| true)), Errno::ENOTDIR);
}

#[test]
fn rename_moves_replaces_and_honours_noreplace() {
    let fx = fixture();
    let root = fx.root();
    let a = root.create(b"a", NewNode::Dir, 0o755, OWNER).unwrap();
    let b = root.create(b"b", NewNode::Dir, 0o755, OWNER).unwrap();
    a.create(b"f", NewNode::File, 0o644, OWNER).unwrap().write_at(0, b"F").unwrap();
    a.create(b"g", NewNode::File, 0o644, OWNER).unwrap().write_at(0, b"G").unwrap();

    a.rename(b"f", &a, b"f2", RenameFlags::default()).unwrap();
    assert_eq!(host_names(&fx.p("a")), BTreeSet::from([b"f2".to_vec(), b"g".to_vec()]));
    a.rename(b"f2", &b, b"f", RenameFlags::default()).unwrap();
    assert_eq!(fs::read(fx.p("b/f")).unwrap(), b"F");
    assert_eq!(read_all(&b.lookup(b"f").unwrap()).unwrap(), b"F");

    let noreplace = RenameFlags { noreplace: true };
    b.create(b"h", NewNode::File, 0o644, OWNER).unwrap();
    assert_eq!(errno(b.rename(b"f", &b, b"h", noreplace)), Errno::EEXIST);
    assert!(fx.p("b/f").exists());
    b.rename(b"f", &a, b"g", RenameFlags::default()).unwrap();
    assert_eq!(fs::read(fx.p("a/g")).unwrap(), b"F");
    assert!(!fx.p("b/f").exists());

    assert_eq!(errno(a.rename(b"missing", &b, b"x", RenameFlags::default())), Errno::ENOENT);
    assert_eq!(errno(root.rename(b"a", &root, b"b", RenameFlags::default())), Errno::ENOTEMPTY);
    assert_eq!(errno(a.rename(b"g", &root, b"b", RenameFlags::default())), Errno::EISDIR);
    // A directory moved into its own subtree (callers normally catch this first).
    assert_eq!(errno(root.rename(b"a", &a, b"inner", RenameFlags::default())), Errno::EINVAL);
    // Directories move too.
    root.rename(b"b", &a, b"b", RenameFlags::default()).unwrap();
    assert!(fx.p("a/b/h").exists());
}

#[test]
fn unlink_and_rmdir_errors() {
    let fx = fixture();
    let root = fx.root();
    let d = root.create(b"d", NewNode::Dir, 0o755, OWNER).unwrap();
    d.create(b"f", NewNode::File, 0o644, OWNER).unwrap();
    root.create(b"f", NewNode::File, 0o644, OWNER).unwrap();
    root.create(b"l", NewNode::Symlink(b"d"), 0o777, OWNER).unwrap();

    assert_eq!(errno(root.unlink(b"d")), Errno::EISDIR);
    assert_eq!(errno(root.rmdir(b"d")), Errno::ENOTEMPTY);
    assert_eq!(errno(root.rmdir(b"f")), Errno::ENOTDIR);
    assert_eq!(errno(root.rmdir(b"l")), Errno::ENOTDIR);
    assert_eq!(errno(root.unlink(b"missing")), Errno::ENOENT);
    assert_eq!(errno(root.rmdir(b"missing")), Errno::ENOENT);
    assert_eq!(errno(root.lookup(b"missing")), Errno::ENOENT);

    // Unlinking a symlink to a directory removes the link only.
    root.unlink(b"l").unwrap();
    assert!(fx.p("d/f").exists());
    d.unlink(b"f").unwrap();
    root.rmdir(b"d").unwrap();
    root.unlink(b"f").unwrap();
    assert!(host_names(&fx.mnt).is_empty());
    assert_eq!(errno(d.lookup(b"f")), Errno::ENOENT);
}

#[test]
fn mkdir_and_create_on_an_existing_name_are_eexist() {
    let fx = fixture();
    let root = fx.root();
    root.create(b"d", NewNode::Dir, 0o755, OWNER).unwrap();
    root.create(b"f", NewNode::File, 0o644, OWNER).unwrap().write_at(0, b"keep").unwrap();
    symlink(&fx.secret, fx.p("dangling-out")).unwrap();
    for name in [&b"d"[..], b"f", b"dangling-out"] {
        assert_eq!(errno(root.create(name, NewNode::Dir, 0o755, OWNER)), Errno::EEXIST);
        assert_eq!(errno(root.create(name, NewNode::File, 0o644, OWNER)), Errno::EEXIST);
        assert_eq!(errno(root.create(name, NewNode::Symlink(b"x"), 0o777, OWNER)), Errno::EEXIST);
    }
    assert_eq!(fs::read(fx.p("f")).unwrap(), b"keep");
    fx.assert_outside_untouched();
}

#[test]
fn symlink_targets_round_trip_verbatim() {
    let fx = fixture();
    let root = fx.root();
    let targets: [&[u8]; 6] = [
        b"plain",
        b"../../outside/secret",
        b"/etc/shadow",
        b"a//b/./c/../",
        b"\xff\xfe-not-utf8",
        &[b'x'; 1000],
    ];
    for (i, target) in targets.iter().enumerate() {
        let name = format!("l{i}");
        let node = root.create(name.as_bytes(), NewNode::Symlink(target), 0o777, OWNER).unwrap();
        assert_eq!(node.file_type(), FileType::Symlink);
        assert_eq!(node.readlink().unwrap(), *target);
        assert_eq!(root.lookup(name.as_bytes()).unwrap().readlink().unwrap(), *target);
        assert_eq!(fs::read_link(fx.p(&name)).unwrap().as_os_str().as_bytes(), *target);
        assert_eq!(node.stat().unwrap().size, target.len() as u64);
    }
    assert_eq!(errno(root.create(b"empty", NewNode::Symlink(b""), 0o777, OWNER)), Errno::ENOENT);
    assert_eq!(errno(root.create(b"nul", NewNode::Symlink(b"a\0b"), 0o777, OWNER)), Errno::EINVAL);
    assert_eq!(errno(root.readlink()), Errno::EINVAL);
    let f = root.create(b"f", NewNode::File, 0o644, OWNER).unwrap();
    assert_eq!(errno(f.readlink()), Errno::EINVAL);
    fx.assert_outside_untouched();
}

#[test]
fn utimes_set_explicit_now_and_leave_omitted_times() {
    let fx = fixture();
    fs::write(fx.p("f"), b"").unwrap();
    let f = fx.root().lookup(b"f").unwrap();
    let host = || {
        let md = fs::symlink_metadata(fx.p("f")).unwrap();
        ((md.atime(), md.atime_nsec()), (md.mtime(), md.mtime_nsec()))
    };
    let t1 = Timespec { sec: 1_000_000_000, nsec: 123_456_789 };
    let t2 = Timespec { sec: 1_500_000_000, nsec: 987 };
    f.set_attr(&SetAttr { atime: Some(TimeSet::At(t1)), mtime: Some(TimeSet::At(t2)), ..SetAttr::default() })
        .unwrap();
    assert_eq!(host(), ((t1.sec, t1.nsec as i64), (t2.sec, t2.nsec as i64)));
    let st = f.stat().unwrap();
    assert_eq!((st.atime, st.mtime), (t1, t2));

    // Only mtime: atime stays.
    let t3 = Timespec { sec: 42, nsec: 0 };
    f.set_attr(&SetAttr { mtime: Some(TimeSet::At(t3)), ..SetAttr::default() }).unwrap();
    assert_eq!(host(), ((t1.sec, t1.nsec as i64), (42, 0)));

    // Now: atime becomes the current time, mtime stays.
    let before = Timespec::now();
    f.set_attr(&SetAttr { atime: Some(TimeSet::Now), ..SetAttr::default() }).unwrap();
    let st = f.stat().unwrap();
    assert!(st.atime.sec >= before.sec - 1 && st.atime.sec <= Timespec::now().sec + 1);
    assert_eq!(st.mtime, t3);

    // Directories and the root too.
    fs::create_dir(fx.p("d")).unwrap();
    let d = fx.root().lookup(b"d").unwrap();
    d.set_attr(&SetAttr { mtime: Some(TimeSet::At(t3)), ..SetAttr::default() }).unwrap();
    assert_eq!(fs::metadata(fx.p("d")).unwrap().mtime(), 42);
    fx.root().set_attr(&SetAttr { mtime: Some(TimeSet::At(t2)), ..SetAttr::default() }).unwrap();
    assert_eq!(fs::metadata(&fx.mnt).unwrap().mtime(), t2.sec);
}

#[test]
fn hard_links_within_the_mount() {
    let fx = fixture();
    let root = fx.root();
    let d = root.create(b"d", NewNode::Dir, 0o755, OWNER).unwrap();
    let f = root.create(b"f", NewNode::File, 0o644, OWNER).unwrap();
    f.write_at(0, b"shared").unwrap();
    d.link(b"g", &f).unwrap();
    let g = d.lookup(b"g").unwrap();
    assert_eq!(g.ino(), f.ino());
    assert_eq!(f.stat().unwrap().nlink, 2);
    assert_eq!(read_all(&g).unwrap(), b"shared");
    assert_eq!(errno(root.link(b"d2", &d)), Errno::EPERM);
    assert_eq!(errno(d.link(b"g", &f)), Errno::EEXIST);
    // Linking a symlink links the symlink itself.
    let l = root.create(b"l", NewNode::Symlink(b"../outside/secret"), 0o777, OWNER).unwrap();
    root.link(b"l2", &l).unwrap();
    assert!(fs::symlink_metadata(fx.p("l2")).unwrap().file_type().is_symlink());
    assert_eq!(fs::read_link(fx.p("l2")).unwrap(), Path::new("../outside/secret"));
    fx.assert_outside_untouched();
}

#[test]
fn parent_and_name_in_parent_follow_the_path() {
    let fx = fixture();
    let root = fx.root();
    let a = root.create(b"a", NewNode::Dir, 0o755, OWNER).unwrap();
    let b = a.create(b"b", NewNode::Dir, 0o755, OWNER).unwrap();
    let c = b.lookup(b"b").map(|_| ()).unwrap_err();
    assert_eq!(c, Errno::ENOENT);
    let b2 = root.lookup(b"a").unwrap().lookup(b"b").unwrap();
    for node in [&b, &b2] {
        assert_eq!(node.name_in_parent().unwrap(), b"b");
        let parent = node.parent().unwrap();
        assert_eq!(parent.ino(), a.ino());
        assert_eq!(parent.name_in_parent().unwrap(), b"a");
        let grand = parent.parent().unwrap();
        assert_eq!(grand.ino(), root.ino());
        assert!(grand.parent().is_none());
        assert!(grand.name_in_parent().is_none());
    }
    let node = b2.as_any().downcast_ref::<burrow_kernel::vfs::hostfs::HostNode>().unwrap();
    assert_eq!(node.relative_path(), b"a/b");
}

#[test]
fn a_host_hard_link_to_an_outside_file_can_be_read_but_never_changed() {
    let fx = fixture();
    fs::hard_link(&fx.secret, fx.p("h")).unwrap();
    let outside_before = snapshot(&fx.outside);
    let h = fx.root().lookup(b"h").unwrap();
    assert_eq!(read_all(&h).unwrap(), SECRET);
    assert_eq!(errno(h.write_at(0, b"x")), Errno::EACCES);
    assert_eq!(errno(h.append(b"x")), Errno::EACCES);
    assert_eq!(errno(h.set_attr(&set_size(0))), Errno::EACCES);
    assert_eq!(errno(h.set_attr(&set_mode(0o777))), Errno::EPERM);
    let now = SetAttr { mtime: Some(TimeSet::Now), ..SetAttr::default() };
    assert_eq!(errno(h.set_attr(&now)), Errno::EPERM);
    // A fresh lookup opens it anew: still refused.
    let again = fx.root().lookup(b"h").unwrap();
    assert_eq!(errno(again.write_at(0, b"x")), Errno::EACCES);
    assert_eq!(snapshot(&fx.outside), outside_before, "the file outside the mount changed");
    // The name inside the mount is the VM's to remove; the outside name keeps the file.
    fx.root().unlink(b"h").unwrap();
    assert_eq!(fs::read(&fx.secret).unwrap(), SECRET);
}

#[test]
fn a_file_with_one_link_stays_writable() {
    let fx = fixture();
    fs::write(fx.p("f"), b"one").unwrap();
    let f = fx.root().lookup(b"f").unwrap();
    assert_eq!(f.write_at(0, b"two").unwrap(), 3);
    f.set_attr(&set_mode(0o600)).unwrap();
    assert_eq!(fs::read(fx.p("f")).unwrap(), b"two");
}
