//! overlay: a per-VM writable memfs over a frozen, shared base image.
//!
//! Every test builds the same base image, freezes it and stacks overlays on it. Tests that
//! write check through a snapshot of the whole image (and often through a second overlay over
//! it) that the shared lower layer never changes.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{mpsc, Arc, Barrier};
use std::thread;
use std::time::Duration;

use burrow_kernel::limits::{FsQuota, Limits};
use burrow_kernel::time::Timespec;
use burrow_kernel::vfs::memfs::MemFs;
use burrow_kernel::vfs::overlay::{OverlayFs, LOWER_COOKIE_BASE, UPPER_INO_BASE};
use burrow_kernel::vfs::{FileSystem, FileType, NewNode, NodeRef, Owner, RenameFlags, SetAttr, TimeSet};
use burrow_kernel::{Errno, Error, Limit, Result};

const ROOT: Owner = Owner { uid: 0, gid: 0 };
const USER: Owner = Owner { uid: 1000, gid: 100 };
const PASSWD: &[u8] = b"root:x:0:0:root:/root:/bin/sh\n";
const OLD: Timespec = Timespec { sec: 1_000_000_000, nsec: 123 };
const BIG_LEN: usize = 300 * 1024;
/// Files in the lower `/list` directory.
const LISTED: usize = 20;

fn unlimited() -> Arc<FsQuota> {
    Arc::new(FsQuota::unlimited())
}

fn big_content() -> Vec<u8> {
    (0..BIG_LEN).map(|i| (i % 251) as u8 + 1).collect()
}

fn set_times(node: &NodeRef, t: Timespec) {
    node.set_attr(&SetAttr { atime: Some(TimeSet::At(t)), mtime: Some(TimeSet::At(t)), ..SetAttr::default() })
        .unwrap();
}

fn mkfile(dir: &NodeRef, name: &str, data: &[u8], perm: u32, owner: Owner) -> NodeRef {
    let node = dir.create(name.as_bytes(), NewNode::File, perm, owner).unwrap();
    if !data.is_empty() {
        assert_eq!(node.write_at(0, data).unwrap(), data.len());
    }
    node
}

fn mkdir(dir: &NodeRef, name: &str, perm: u32, owner: Owner) -> NodeRef {
    dir.create(name.as_bytes(), NewNode::Dir, perm, owner).unwrap()
}

/// The base image:
///
/// ```text
/// /etc/passwd              0644 root, times OLD
/// /etc/hostname
/// /etc/motd.d/welcome
/// /home/user/notes         0600 user (in 0700 user dirs)
/// /bin/sh                  0755
/// /sh -> bin/sh
/// /dev/null                char device 1:3
/// /empty/
/// /dir/{a,b,c}  /dir/sub/x
/// /list/l00 .. l19
/// /big                     300 KiB, no zero bytes
/// /hl/one, /hl/two         hard links to one file
/// /deep/a/b/file
/// ```
/// `/etc` itself also has times OLD.
fn base_image() -> Arc<MemFs> {
    let fs = MemFs::new(unlimited());
    let root = fs.root();
    let etc = mkdir(&root, "etc", 0o755, ROOT);
    let passwd = mkfile(&etc, "passwd", PASSWD, 0o644, ROOT);
    set_times(&passwd, OLD);
    mkfile(&etc, "hostname", b"base\n", 0o644, ROOT);
    let motd = mkdir(&etc, "motd.d", 0o755, ROOT);
    mkfile(&motd, "welcome", b"hi\n", 0o644, ROOT);
    set_times(&etc, OLD);
    let home = mkdir(&root, "home", 0o755, ROOT);
    let user = mkdir(&home, "user", 0o700, USER);
    mkfile(&user, "notes", b"lower notes\n", 0o600, USER);
    let bin = mkdir(&root, "bin", 0o755, ROOT);
    mkfile(&bin, "sh", b"#!shell\n", 0o755, ROOT);
    root.create(b"sh", NewNode::Symlink(b"bin/sh"), 0o777, ROOT).unwrap();
    let dev = mkdir(&root, "dev", 0o755, ROOT);
    dev.create(b"null", NewNode::Special(FileType::CharDevice, 0x103), 0o666, ROOT).unwrap();
    mkdir(&root, "empty", 0o755, ROOT);
    let dir = mkdir(&root, "dir", 0o755, ROOT);
    for name in ["a", "b", "c"] {
        mkfile(&dir, name, name.as_bytes(), 0o644, ROOT);
    }
    let sub = mkdir(&dir, "sub", 0o755, ROOT);
    mkfile(&sub, "x", b"x", 0o644, ROOT);
    let list = mkdir(&root, "list", 0o755, ROOT);
    for i in 0..LISTED {
        mkfile(&list, &format!("l{i:02}"), b"listed", 0o644, ROOT);
    }
    mkfile(&root, "big", &big_content(), 0o644, ROOT);
    let hl = mkdir(&root, "hl", 0o755, ROOT);
    let one = mkfile(&hl, "one", b"linked\n", 0o644, ROOT);
    hl.link(b"two", &one).unwrap();
    let deep = mkdir(&root, "deep", 0o751, USER);
    let a = mkdir(&deep, "a", 0o750, USER);
    let b = mkdir(&a, "b", 0o705, ROOT);
    mkfile(&b, "file", b"deep file\n", 0o640, USER);
    fs.freeze();
    fs
}

/// An overlay over `lower` whose upper layer the test can inspect.
fn overlay(lower: &Arc<MemFs>, quota: Arc<FsQuota>) -> (Arc<MemFs>, Arc<OverlayFs>) {
    let upper = MemFs::with_ino_base(quota, UPPER_INO_BASE);
    let ovl = OverlayFs::new(upper.clone(), lower.clone());
    (upper, ovl)
}

fn walk(root: &NodeRef, path: &str) -> Result<NodeRef> {
    let mut node = root.clone();
    for part in path.split('/').filter(|p| !p.is_empty()) {
        node = node.lookup(part.as_bytes())?;
    }
    Ok(node)
}

fn read_all(node: &NodeRef) -> Vec<u8> {
    let mut out = Vec::new();
    let mut buf = vec![0; 7000];
    loop {
        let n = node.read_at(out.len() as u64, &mut buf).unwrap();
        if n == 0 {
            return out;
        }
        out.extend_from_slice(&buf[..n]);
    }
}

fn errno<T>(result: Result<T>) -> Errno {
    match result {
        Ok(_) => panic!("expected an error"),
        Err(e) => e.errno(),
    }
}

/// One listed entry: name, ino, type, next cookie.
type Listed = (String, u64, FileType, u64);

/// Lists `dir` from `cookie`, taking at most `max` entries.
fn list_from(dir: &NodeRef, cookie: u64, max: usize) -> Vec<Listed> {
    let mut out = Vec::new();
    dir.readdir(cookie, &mut |e| {
        out.push((String::from_utf8(e.name.to_vec()).unwrap(), e.ino, e.file_type, e.next));
        out.len() < max
    })
    .unwrap();
    out
}

fn list(dir: &NodeRef) -> Vec<Listed> {
    list_from(dir, 0, usize::MAX)
}

fn names(dir: &NodeRef) -> Vec<String> {
    let mut names: Vec<String> = list(dir).into_iter().map(|(n, ..)| n).collect();
    names.sort();
    names
}

fn strs(names: &[&str]) -> Vec<String> {
    names.iter().map(|s| s.to_string()).collect()
}

/// Everything observable about a filesystem, path by path: to prove the lower never changes.
fn snapshot(fs: &dyn FileSystem) -> BTreeMap<String, String> {
    fn visit(node: &NodeRef, path: String, out: &mut BTreeMap<String, String>) {
        let st = node.stat().unwrap();
        let content = match node.file_type() {
            FileType::Regular => format!("{:?}", read_all(node)),
            FileType::Symlink => format!("-> {:?}", node.readlink().unwrap()),
            _ => String::new(),
        };
        let xattr = node.get_xattr(b"trusted.overlay.opaque").ok();
        out.insert(
            path.clone(),
            format!(
                "ino={} mode={:o} uid={} gid={} nlink={} size={} rdev={} mtime={:?} ctime={:?} xattr={xattr:?} {content}",
                st.ino, st.mode, st.uid, st.gid, st.nlink, st.size, st.rdev, st.mtime, st.ctime
            ),
        );
        if node.file_type() == FileType::Directory {
            for (name, ..) in list(node) {
                visit(&node.lookup(name.as_bytes()).unwrap(), format!("{path}/{name}"), out);
            }
        }
    }
    let mut out = BTreeMap::new();
    visit(&fs.root(), String::new(), &mut out);
    out
}

/// Entries of an upper directory, whiteouts included, as (name, type, rdev).
fn upper_entries(upper: &Arc<MemFs>, path: &str) -> Vec<(String, FileType, u64)> {
    let dir = walk(&upper.root(), path).unwrap();
    let mut out: Vec<_> = list(&dir)
        .into_iter()
        .map(|(name, _, ft, _)| {
            let rdev = dir.lookup(name.as_bytes()).unwrap().stat().unwrap().rdev;
            (name, ft, rdev)
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

fn is_whiteout(entry: &(String, FileType, u64)) -> bool {
    entry.1 == FileType::CharDevice && entry.2 == 0
}

#[test]
fn reads_come_from_the_lower_layer() {
    let lower = base_image();
    let ovl = OverlayFs::with_new_upper(unlimited(), lower.clone()).unwrap();
    let root = ovl.root();
    assert_eq!(ovl.kind(), "overlay");
    assert_ne!(ovl.dev(), lower.dev());
    assert_eq!(root.ino(), lower.root().ino());
    assert_eq!(root.stat().unwrap().perm(), 0o755);

    let passwd = walk(&root, "etc/passwd").unwrap();
    assert_eq!(read_all(&passwd), PASSWD);
    let st = passwd.stat().unwrap();
    let lower_st = walk(&lower.root(), "etc/passwd").unwrap().stat().unwrap();
    assert_eq!((st.dev, st.ino), (ovl.dev(), lower_st.ino));
    assert_eq!((st.mode, st.size, st.mtime), (lower_st.mode, lower_st.size, OLD));
    assert_eq!(passwd.dev(), ovl.dev());

    assert_eq!(walk(&root, "sh").unwrap().readlink().unwrap(), b"bin/sh");
    let null = walk(&root, "dev/null").unwrap().stat().unwrap();
    assert_eq!((null.file_type(), null.rdev), (FileType::CharDevice, 0x103));
    assert_eq!(names(&walk(&root, "dir").unwrap()), strs(&["a", "b", "c", "sub"]));
    assert_eq!(names(&walk(&root, "empty").unwrap()), Vec::<String>::new());
    assert_eq!(read_all(&walk(&root, "big").unwrap()), big_content());

    assert_eq!(errno(root.lookup(b"missing")), Errno::ENOENT);
    assert_eq!(errno(passwd.lookup(b"x")), Errno::ENOTDIR);
    assert_eq!(errno(walk(&root, "etc").unwrap().read_at(0, &mut [0; 4])), Errno::EISDIR);
    // Nothing was copied up by reading.
    assert_eq!(ovl.usage().inodes_used, 1);
}

#[test]
fn writes_copy_up_and_never_touch_the_shared_lower() {
    let lower = base_image();
    let before = snapshot(&*lower);
    let (upper, vm1) = overlay(&lower, unlimited());
    let vm2 = OverlayFs::with_new_upper(unlimited(), lower.clone()).unwrap();

    let passwd = walk(&vm1.root(), "etc/passwd").unwrap();
    passwd.write_at(0, b"ROOT").unwrap();
    assert_eq!(passwd.append(b"user:x:1000:100::/home/user:/bin/sh\n").unwrap(), PASSWD.len() as u64 + 36);
    let mut expected = PASSWD.to_vec();
    expected[..4].copy_from_slice(b"ROOT");
    expected.extend_from_slice(b"user:x:1000:100::/home/user:/bin/sh\n");
    assert_eq!(read_all(&passwd), expected);
    assert_eq!(read_all(&walk(&vm1.root(), "etc/passwd").unwrap()), expected);

    // The copy lives in vm1's upper; the lower and vm2 still see the original.
    assert_eq!(read_all(&walk(&upper.root(), "etc/passwd").unwrap()), expected);
    assert_eq!(read_all(&walk(&vm2.root(), "etc/passwd").unwrap()), PASSWD);
    assert_eq!(read_all(&walk(&lower.root(), "etc/passwd").unwrap()), PASSWD);

    // Other kinds of change copy up too.
    let notes = walk(&vm1.root(), "home/user/notes").unwrap();
    notes.set_attr(&SetAttr { mode: Some(0o640), ..SetAttr::default() }).unwrap();
    assert_eq!(notes.stat().unwrap().perm(), 0o640);
    let hostname = walk(&vm1.root(), "etc/hostname").unwrap();
    hostname.set_xattr(b"user.comment", b"mine").unwrap();
    assert_eq!(hostname.get_xattr(b"user.comment").unwrap(), b"mine");
    assert_eq!(errno(walk(&vm2.root(), "etc/hostname").unwrap().get_xattr(b"user.comment")), Errno::ENODATA);
    assert_eq!(walk(&vm2.root(), "home/user/notes").unwrap().stat().unwrap().perm(), 0o600);

    assert_eq!(snapshot(&*lower), before);
}

#[test]
fn copy_up_keeps_ino_and_attributes_and_copies_parents_first() {
    let lower = base_image();
    let (upper, ovl) = overlay(&lower, unlimited());
    let root = ovl.root();
    let file = walk(&root, "deep/a/b/file").unwrap();
    let dirs: Vec<NodeRef> = ["deep", "deep/a", "deep/a/b"].iter().map(|p| walk(&root, p).unwrap()).collect();
    let before: Vec<_> = dirs.iter().chain([&file]).map(|n| n.stat().unwrap()).collect();

    file.write_at(0, b"DEEP").unwrap();

    let after: Vec<_> = dirs.iter().chain([&file]).map(|n| n.stat().unwrap()).collect();
    for (b, a) in before.iter().zip(&after) {
        assert_eq!((a.ino, a.mode, a.uid, a.gid, a.atime), (b.ino, b.mode, b.uid, b.gid, b.atime));
    }
    // Copying up is no change of the parents: their modification times are the lower's.
    for (b, a) in before.iter().zip(&after).take(3) {
        assert_eq!(a.mtime, b.mtime);
    }
    assert_ne!(after[3].mtime, before[3].mtime, "the write itself modifies the file");
    assert_eq!(read_all(&file), b"DEEP file\n");
    // The upper holds real copies, parents included, with the lower's owners and modes.
    for (path, b) in ["deep", "deep/a", "deep/a/b"].iter().zip(&before) {
        let st = walk(&upper.root(), path).unwrap().stat().unwrap();
        assert_eq!((st.mode, st.uid, st.gid), (b.mode, b.uid, b.gid));
        assert!(st.ino >= UPPER_INO_BASE);
    }
    // A fresh lookup, after every handle is gone, reports the same inode numbers.
    drop((file, dirs));
    let ovl2 = OverlayFs::new(upper.clone(), lower.clone());
    for (path, b) in ["deep", "deep/a", "deep/a/b", "deep/a/b/file"].iter().zip(&before) {
        assert_eq!(walk(&ovl2.root(), path).unwrap().ino(), b.ino, "{path}");
        assert_eq!(walk(&root, path).unwrap().stat().unwrap().ino, b.ino, "{path}");
    }

    // Symlinks and device nodes copy up with their target and device number.
    let sh = walk(&root, "sh").unwrap();
    let sh_ino = sh.ino();
    sh.set_attr(&SetAttr { uid: Some(5), ..SetAttr::default() }).unwrap();
    assert_eq!((sh.readlink().unwrap(), sh.stat().unwrap().uid, sh.ino()), (b"bin/sh".to_vec(), 5, sh_ino));
    assert_eq!(walk(&upper.root(), "sh").unwrap().readlink().unwrap(), b"bin/sh");
    let null = walk(&root, "dev/null").unwrap();
    null.set_attr(&SetAttr { mode: Some(0o600), ..SetAttr::default() }).unwrap();
    let st = walk(&upper.root(), "dev/null").unwrap().stat().unwrap();
    assert_eq!((st.file_type(), st.rdev, st.perm()), (FileType::CharDevice, 0x103, 0o600));
    assert_eq!(null.stat().unwrap().ino, walk(&lower.root(), "dev/null").unwrap().ino());
}

#[test]
fn every_handle_sees_the_copy_up() {
    let lower = base_image();
    let (_upper, ovl) = overlay(&lower, unlimited());
    let root = ovl.root();
    let first = walk(&root, "etc/hostname").unwrap();
    let second = walk(&root, "etc/hostname").unwrap();
    assert!(Arc::ptr_eq(&first, &second), "one name, one node");
    first.write_at(0, b"vm-1\n").unwrap();
    assert_eq!(read_all(&second), b"vm-1\n");
    assert_eq!(second.stat().unwrap().size, 5);
    // Also through a directory handle taken before its copy-up.
    let etc = walk(&root, "etc").unwrap();
    let motd = walk(&root, "etc/motd.d").unwrap();
    motd.create(b"extra", NewNode::File, 0o644, ROOT).unwrap();
    assert_eq!(names(&etc.lookup(b"motd.d").unwrap()), strs(&["extra", "welcome"]));
    assert_eq!(names(&motd), strs(&["extra", "welcome"]));
}

#[test]
fn unlink_leaves_a_whiteout_and_the_name_can_be_made_again() {
    let lower = base_image();
    let before = snapshot(&*lower);
    let (upper, ovl) = overlay(&lower, unlimited());
    let etc = walk(&ovl.root(), "etc").unwrap();
    let old_ino = etc.lookup(b"hostname").unwrap().ino();

    etc.unlink(b"hostname").unwrap();
    assert_eq!(errno(etc.lookup(b"hostname")), Errno::ENOENT);
    assert_eq!(names(&etc), strs(&["motd.d", "passwd"]));
    assert_eq!(errno(etc.unlink(b"hostname")), Errno::ENOENT);
    let whiteouts: Vec<_> = upper_entries(&upper, "etc").into_iter().filter(is_whiteout).collect();
    assert_eq!(whiteouts, vec![("hostname".to_string(), FileType::CharDevice, 0)]);

    // Making the name again replaces the whiteout with a new, upper-only file.
    let made = mkfile(&etc, "hostname", b"new\n", 0o600, USER);
    assert_eq!(read_all(&etc.lookup(b"hostname").unwrap()), b"new\n");
    assert_eq!(errno(etc.create(b"hostname", NewNode::File, 0o600, USER)), Errno::EEXIST);
    assert!(made.ino() >= UPPER_INO_BASE && made.ino() != old_ino);
    assert_eq!(names(&etc), strs(&["hostname", "motd.d", "passwd"]));
    assert!(upper_entries(&upper, "etc").iter().all(|e| !is_whiteout(e)));

    // Unlinking a copied-up file also leaves a whiteout; an upper-only one leaves nothing.
    let passwd = etc.lookup(b"passwd").unwrap();
    passwd.write_at(0, b"x").unwrap();
    etc.unlink(b"passwd").unwrap();
    etc.create(b"fresh", NewNode::File, 0o644, ROOT).unwrap();
    etc.unlink(b"fresh").unwrap();
    etc.unlink(b"hostname").unwrap();
    assert_eq!(names(&etc), strs(&["motd.d"]));
    let upper_names: Vec<_> =
        upper_entries(&upper, "etc").into_iter().map(|e| (e.0.clone(), is_whiteout(&e))).collect();
    assert_eq!(upper_names, vec![("hostname".to_string(), true), ("passwd".to_string(), true)]);
    // The handle still reads its own (copied-up) data.
    assert_eq!(read_all(&passwd)[..1], *b"x");
    assert_eq!(passwd.stat().unwrap().nlink, 0);
    assert_eq!(snapshot(&*lower), before);
}

#[test]
fn whiteouts_and_overlay_xattrs_are_not_for_guests() {
    let lower = base_image();
    let (_upper, ovl) = overlay(&lower, unlimited());
    let root = ovl.root();
    assert_eq!(errno(root.create(b"wh", NewNode::Special(FileType::CharDevice, 0), 0o600, ROOT)), Errno::EPERM);
    assert_eq!(errno(root.lookup(b"wh")), Errno::ENOENT);
    root.create(b"tty", NewNode::Special(FileType::CharDevice, 0x501), 0o600, ROOT).unwrap();
    assert_eq!(walk(&root, "tty").unwrap().stat().unwrap().rdev, 0x501);
    let etc = walk(&root, "etc").unwrap();
    assert_eq!(errno(etc.set_xattr(b"trusted.overlay.opaque", b"y")), Errno::EOPNOTSUPP);
    assert_eq!(errno(etc.get_xattr(b"trusted.overlay.opaque")), Errno::EOPNOTSUPP);
    assert_eq!(names(&etc), strs(&["hostname", "motd.d", "passwd"]));
}

#[test]
fn removed_lower_dir_comes_back_empty_and_opaque() {
    let lower = base_image();
    let before = snapshot(&*lower);
    let (upper, ovl) = overlay(&lower, unlimited());
    let root = ovl.root();
    let old_ino = walk(&root, "empty").unwrap().ino();
    root.rmdir(b"empty").unwrap();
    assert_eq!(errno(root.lookup(b"empty")), Errno::ENOENT);
    assert!(!names(&root).contains(&"empty".to_string()));

    // /dir has lower children: it must be emptied in the merged view first.
    assert_eq!(errno(root.rmdir(b"dir")), Errno::ENOTEMPTY);
    let dir = walk(&root, "dir").unwrap();
    for name in ["a", "b", "c"] {
        dir.unlink(name.as_bytes()).unwrap();
    }
    assert_eq!(errno(root.rmdir(b"dir")), Errno::ENOTEMPTY);
    walk(&root, "dir/sub").unwrap().unlink(b"x").unwrap();
    dir.rmdir(b"sub").unwrap();
    assert_eq!(names(&dir), Vec::<String>::new());
    root.rmdir(b"dir").unwrap();
    assert_eq!(errno(root.lookup(b"dir")), Errno::ENOENT);
    // The removed directory's handle sees nothing and takes nothing.
    assert_eq!(list(&dir), Vec::<Listed>::new());
    assert_eq!(errno(dir.lookup(b"a")), Errno::ENOENT);
    assert_eq!(errno(dir.create(b"late", NewNode::File, 0o644, ROOT)), Errno::ENOENT);

    // Made again, both are new, empty and opaque: the lower children stay hidden.
    for name in ["dir", "empty"] {
        let made = mkdir(&root, name, 0o700, USER);
        assert!(made.ino() >= UPPER_INO_BASE && made.ino() != old_ino);
        assert_eq!(names(&made), Vec::<String>::new());
        assert_eq!(errno(made.lookup(b"a")), Errno::ENOENT);
        let st = made.stat().unwrap();
        assert_eq!((st.perm(), st.uid, st.nlink), (0o700, USER.uid, 2));
        let up = upper.root().lookup(name.as_bytes()).unwrap();
        assert_eq!(up.get_xattr(b"trusted.overlay.opaque").unwrap(), b"y");
    }
    let dir = walk(&root, "dir").unwrap();
    mkfile(&dir, "a", b"new a", 0o644, ROOT);
    assert_eq!(names(&dir), strs(&["a"]));
    assert_eq!(read_all(&dir.lookup(b"a").unwrap()), b"new a");
    assert_eq!(snapshot(&*lower), before);
}

#[test]
fn rmdir_of_merged_dir_checks_the_merged_view_and_clears_whiteouts() {
    let lower = base_image();
    let (upper, ovl) = overlay(&lower, unlimited());
    let root = ovl.root();
    let list_dir = walk(&root, "list").unwrap();
    list_dir.create(b"upper-only", NewNode::File, 0o644, ROOT).unwrap();
    for i in 0..LISTED {
        list_dir.unlink(format!("l{i:02}").as_bytes()).unwrap();
    }
    assert_eq!(errno(root.rmdir(b"list")), Errno::ENOTEMPTY);
    list_dir.unlink(b"upper-only").unwrap();
    assert_eq!(upper_entries(&upper, "list").len(), LISTED, "one whiteout per lower name");
    assert_eq!(errno(root.unlink(b"list")), Errno::EISDIR);
    assert_eq!(errno(root.rmdir(b"big")), Errno::ENOTDIR);
    root.rmdir(b"list").unwrap();
    assert_eq!(errno(root.lookup(b"list")), Errno::ENOENT);
    let entry = upper.root().lookup(b"list").unwrap().stat().unwrap();
    assert_eq!((entry.file_type(), entry.rdev), (FileType::CharDevice, 0), "a whiteout for the lower dir");
    assert_eq!(list(&list_dir), Vec::<Listed>::new());
    // Root and the whiteout: the upper directory (once unused) and its whiteouts are gone.
    drop(list_dir);
    assert_eq!(upper.usage().inodes_used, 2);
}

#[test]
fn merged_readdir_lists_every_entry_once_with_stable_inos() {
    let lower = base_image();
    let (_upper, ovl) = overlay(&lower, unlimited());
    let dir = walk(&ovl.root(), "dir").unwrap();
    mkfile(&dir, "u1", b"", 0o644, ROOT);
    mkdir(&dir, "u2", 0o755, ROOT);
    dir.lookup(b"a").unwrap().write_at(0, b"A").unwrap();
    walk(&dir, "sub").unwrap().create(b"y", NewNode::File, 0o644, ROOT).unwrap();
    dir.unlink(b"c").unwrap();

    let listed = list(&dir);
    let mut seen: Vec<&str> = listed.iter().map(|e| e.0.as_str()).collect();
    seen.sort();
    assert_eq!(seen, ["a", "b", "sub", "u1", "u2"]);
    for (name, ino, ft, next) in &listed {
        let node = dir.lookup(name.as_bytes()).unwrap();
        let st = node.stat().unwrap();
        assert_eq!((st.ino, st.file_type()), (*ino, *ft), "{name}");
        // Upper-only entries come first under upper cookies, then everything with a lower.
        let upper_only = name.starts_with('u');
        assert_eq!(*next < LOWER_COOKIE_BASE, upper_only, "{name}");
    }
    let lower_dir = walk(&lower.root(), "dir").unwrap();
    for name in ["a", "b", "sub"] {
        assert_eq!(dir.lookup(name.as_bytes()).unwrap().ino(), lower_dir.lookup(name.as_bytes()).unwrap().ino());
    }
    assert_eq!(names(&walk(&dir, "sub").unwrap()), strs(&["x", "y"]));
    // The merged directory reports nlink 1, as Linux does; a lower-only one the lower's count.
    assert_eq!(dir.stat().unwrap().nlink, 1);
    assert_eq!(walk(&ovl.root(), "etc").unwrap().stat().unwrap().nlink, 3);
}

#[test]
fn readdir_resumed_across_changes_reports_survivors_exactly_once() {
    let lower = base_image();
    let (_upper, ovl) = overlay(&lower, unlimited());
    let dir = walk(&ovl.root(), "list").unwrap();
    for i in 0..6 {
        mkfile(&dir, &format!("u{i}"), b"", 0o644, ROOT);
    }
    let mut throughout: BTreeSet<String> = (0..LISTED).map(|i| format!("l{i:02}")).collect();
    throughout.extend((0..6).map(|i| format!("u{i}")));

    let mut seen = Vec::new();
    let mut take = |cookie: u64, max: usize| -> u64 {
        let batch = list_from(&dir, cookie, max);
        let next = batch.last().map_or(cookie, |e| e.3);
        seen.extend(batch.into_iter().map(|e| e.0));
        next
    };
    // Stop inside the upper part of the listing.
    let cookie = take(0, 3);
    for victim in ["l03", "l10", "u1", "u4"] {
        dir.unlink(victim.as_bytes()).unwrap();
        throughout.remove(victim);
    }
    for i in [0, 5, 15, 19] {
        dir.lookup(format!("l{i:02}").as_bytes()).unwrap().write_at(0, b"copied up").unwrap();
    }
    dir.lookup(b"l18").unwrap().set_attr(&SetAttr { mode: Some(0o600), ..SetAttr::default() }).unwrap();
    dir.rename(b"l12", &dir, b"r12", RenameFlags::default()).unwrap();
    throughout.remove("l12");
    mkfile(&dir, "n0", b"", 0o644, ROOT);
    mkfile(&dir, "l10", b"recreated", 0o644, ROOT);
    // Continue into the lower part, and change things again there.
    let cookie = take(cookie, 8);
    assert!(cookie >= LOWER_COOKIE_BASE, "the first 11 entries reach the lower part");
    for i in [1, 2, 16, 17] {
        dir.lookup(format!("l{i:02}").as_bytes()).unwrap().append(b"!").unwrap();
    }
    dir.unlink(b"l06").unwrap();
    throughout.remove("l06");
    mkfile(&dir, "n1", b"", 0o644, ROOT);
    take(cookie, usize::MAX);

    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for name in &seen {
        *counts.entry(name).or_default() += 1;
    }
    for name in &throughout {
        assert_eq!(
            counts.get(name.as_str()),
            Some(&1),
            "{name} was reported {:?} times",
            counts.get(name.as_str())
        );
    }
    assert!(counts.values().all(|&n| n == 1), "duplicates: {counts:?}");
    // A fresh listing now shows exactly what lookup finds.
    let mut expected = throughout.clone();
    expected.extend(["r12", "n0", "n1", "l10"].map(String::from));
    assert_eq!(names(&dir), expected.into_iter().collect::<Vec<_>>());
}

#[test]
fn rename_within_the_upper_layer() {
    let lower = base_image();
    let (upper, ovl) = overlay(&lower, unlimited());
    let root = ovl.root();
    let tmp = mkdir(&root, "tmp", 0o1777, ROOT);
    let file = mkfile(&tmp, "f", b"data", 0o644, USER);
    let ino = file.ino();
    tmp.rename(b"f", &tmp, b"g", RenameFlags::default()).unwrap();
    assert_eq!(errno(tmp.lookup(b"f")), Errno::ENOENT);
    let moved = tmp.lookup(b"g").unwrap();
    assert!(Arc::ptr_eq(&moved, &file));
    assert_eq!((moved.ino(), read_all(&moved)), (ino, b"data".to_vec()));
    // Across directories, directories included; nothing is left behind in the upper.
    let sub = mkdir(&tmp, "sub", 0o755, ROOT);
    mkfile(&sub, "inner", b"i", 0o644, ROOT);
    root.rename(b"tmp", &root, b"tmp2", RenameFlags::default()).unwrap();
    let tmp2 = root.lookup(b"tmp2").unwrap();
    assert!(Arc::ptr_eq(&tmp2, &tmp));
    tmp2.rename(b"sub", &root, b"sub", RenameFlags::default()).unwrap();
    assert_eq!(read_all(&walk(&root, "sub/inner").unwrap()), b"i");
    assert_eq!(sub.parent().unwrap().ino(), root.ino());
    assert_eq!(sub.name_in_parent().unwrap(), b"sub");
    assert_eq!(tmp2.name_in_parent().unwrap(), b"tmp2");
    assert!(upper_entries(&upper, "").iter().all(|e| !is_whiteout(e)));
    // Moving a directory into itself is refused.
    assert_eq!(errno(root.rename(b"tmp2", &tmp2, b"loop", RenameFlags::default())), Errno::EINVAL);
}

#[test]
fn rename_of_a_lower_file_leaves_a_whiteout_and_keeps_the_ino() {
    let lower = base_image();
    let before = snapshot(&*lower);
    let (upper, ovl) = overlay(&lower, unlimited());
    let root = ovl.root();
    let etc = walk(&root, "etc").unwrap();
    let passwd = etc.lookup(b"passwd").unwrap();
    let ino = passwd.ino();
    etc.rename(b"passwd", &root, b"passwd.bak", RenameFlags::default()).unwrap();
    assert_eq!(errno(etc.lookup(b"passwd")), Errno::ENOENT);
    assert!(!names(&etc).contains(&"passwd".to_string()));
    let moved = root.lookup(b"passwd.bak").unwrap();
    assert!(Arc::ptr_eq(&moved, &passwd));
    assert_eq!((moved.stat().unwrap().ino, read_all(&moved)), (ino, PASSWD.to_vec()));
    assert_eq!(moved.stat().unwrap().mtime, OLD, "a rename does not modify the file");
    let listed = list(&root).into_iter().find(|e| e.0 == "passwd.bak").unwrap();
    assert_eq!(listed.1, ino);
    assert!(upper_entries(&upper, "etc").iter().any(|e| e.0 == "passwd" && is_whiteout(e)));
    // A fresh overlay on the same upper agrees (the origin is recorded in the upper).
    let again = OverlayFs::new(upper.clone(), lower.clone());
    assert_eq!(walk(&again.root(), "passwd.bak").unwrap().stat().unwrap().ino, ino);
    assert_eq!(errno(walk(&again.root(), "etc/passwd")), Errno::ENOENT);
    // Back to where it came from: a plain merged entry again.
    root.rename(b"passwd.bak", &etc, b"passwd", RenameFlags::default()).unwrap();
    assert_eq!(etc.lookup(b"passwd").unwrap().ino(), ino);
    assert_eq!(names(&etc), strs(&["hostname", "motd.d", "passwd"]));
    assert_eq!(snapshot(&*lower), before);
}

#[test]
fn rename_of_a_dir_with_lower_content_is_exdev() {
    let lower = base_image();
    let (_upper, ovl) = overlay(&lower, unlimited());
    let root = ovl.root();
    assert_eq!(errno(root.rename(b"etc", &root, b"etc2", RenameFlags::default())), Errno::EXDEV);
    assert_eq!(errno(root.rename(b"empty", &root, b"empty2", RenameFlags::default())), Errno::EXDEV);
    // Copied up (merged) is no different.
    walk(&root, "etc/hostname").unwrap().write_at(0, b"x").unwrap();
    assert_eq!(errno(root.rename(b"etc", &root, b"etc2", RenameFlags::default())), Errno::EXDEV);
    assert_eq!(names(&walk(&root, "etc").unwrap()), strs(&["hostname", "motd.d", "passwd"]));
    assert_eq!(errno(root.lookup(b"etc2")), Errno::ENOENT);
    // Removed and made again, the directory is upper-only (opaque) and moves.
    root.rmdir(b"empty").unwrap();
    let made = mkdir(&root, "empty", 0o755, ROOT);
    mkfile(&made, "f", b"f", 0o644, ROOT);
    root.rename(b"empty", &root, b"moved", RenameFlags::default()).unwrap();
    assert_eq!(names(&root.lookup(b"moved").unwrap()), strs(&["f"]));
    assert_eq!(errno(root.lookup(b"empty")), Errno::ENOENT, "the lower dir stays hidden");
}

#[test]
fn rename_over_lower_targets_hides_them() {
    let lower = base_image();
    let before = snapshot(&*lower);
    let (upper, ovl) = overlay(&lower, unlimited());
    let root = ovl.root();
    let etc = walk(&root, "etc").unwrap();
    let old_hostname = etc.lookup(b"hostname").unwrap();
    mkfile(&etc, "hostname.new", b"vm\n", 0o644, ROOT);
    etc.rename(b"hostname.new", &etc, b"hostname", RenameFlags::default()).unwrap();
    let hostname = etc.lookup(b"hostname").unwrap();
    assert_eq!(read_all(&hostname), b"vm\n");
    assert!(hostname.ino() >= UPPER_INO_BASE);
    assert_eq!(names(&etc), strs(&["hostname", "motd.d", "passwd"]));
    assert_eq!(old_hostname.stat().unwrap().nlink, 0, "the replaced node is gone");

    // A new directory over a lower directory that is empty in the merged view.
    let motd = walk(&root, "etc/motd.d").unwrap();
    motd.unlink(b"welcome").unwrap();
    let incoming = mkdir(&root, "incoming", 0o700, USER);
    mkfile(&incoming, "only", b"", 0o644, ROOT);
    root.rename(b"incoming", &etc, b"motd.d", RenameFlags::default()).unwrap();
    let motd = walk(&root, "etc/motd.d").unwrap();
    assert!(Arc::ptr_eq(&motd, &incoming));
    assert_eq!(names(&motd), strs(&["only"]), "the lower welcome must not come back");
    assert_eq!(errno(motd.lookup(b"welcome")), Errno::ENOENT);
    let fresh = OverlayFs::new(upper.clone(), lower.clone());
    assert_eq!(names(&walk(&fresh.root(), "etc/motd.d").unwrap()), strs(&["only"]));
    // A lower-only directory (empty) replaced by an upper one.
    let n = mkdir(&root, "n", 0o755, ROOT);
    mkfile(&n, "inside", b"", 0o644, ROOT);
    root.rename(b"n", &root, b"empty", RenameFlags::default()).unwrap();
    assert_eq!(names(&walk(&root, "empty").unwrap()), strs(&["inside"]));
    // A file over a lower file in another directory.
    root.rename(b"big", &etc, b"passwd", RenameFlags::default()).unwrap();
    assert_eq!(read_all(&walk(&root, "etc/passwd").unwrap()), big_content());
    assert_eq!(errno(root.lookup(b"big")), Errno::ENOENT);
    assert_eq!(snapshot(&*lower), before);
}

#[test]
fn rename_errors_match_linux() {
    let lower = base_image();
    let (_upper, ovl) = overlay(&lower, unlimited());
    let root = ovl.root();
    let etc = walk(&root, "etc").unwrap();
    let plain = RenameFlags::default();
    let noreplace = RenameFlags { noreplace: true };
    let up = mkdir(&root, "up", 0o755, ROOT);
    assert_eq!(errno(etc.rename(b"missing", &root, b"x", plain)), Errno::ENOENT);
    assert_eq!(errno(etc.rename(b"passwd", &root, b"big", noreplace)), Errno::EEXIST);
    assert_eq!(errno(root.rename(b"up", &root, b"big", plain)), Errno::ENOTDIR);
    assert_eq!(errno(root.rename(b"big", &root, b"up", plain)), Errno::EISDIR);
    assert_eq!(errno(root.rename(b"big", &root, b"etc", plain)), Errno::EISDIR);
    assert_eq!(errno(root.rename(b"up", &root, b"etc", plain)), Errno::ENOTEMPTY);
    assert_eq!(errno(root.rename(b"up", &root, b"dir", plain)), Errno::ENOTEMPTY);
    assert_eq!(errno(root.rename(b"up", &up, b"self", plain)), Errno::EINVAL);
    assert_eq!(errno(etc.rename(b"passwd", &etc, b"a/b", plain)), Errno::EINVAL);
    assert_eq!(errno(etc.rename(b"passwd", &walk(&lower.root(), "etc").unwrap(), b"x", plain)), Errno::EXDEV);
    assert_eq!(errno(root.rename(b"big", &walk(&root, "big").unwrap(), b"x", plain)), Errno::ENOTDIR);
    // Renaming a name onto itself does nothing (but noreplace still says it exists).
    etc.rename(b"passwd", &etc, b"passwd", plain).unwrap();
    assert_eq!(errno(etc.rename(b"passwd", &etc, b"passwd", noreplace)), Errno::EEXIST);
    // Nothing failed half-way: nothing was copied up.
    assert_eq!(ovl.usage().inodes_used, 2, "root and /up");
    assert_eq!(read_all(&walk(&root, "etc/passwd").unwrap()), PASSWD);
}

#[test]
fn other_errors_match_linux() {
    let lower = base_image();
    let (_upper, ovl) = overlay(&lower, unlimited());
    let root = ovl.root();
    let etc = walk(&root, "etc").unwrap();
    let passwd = etc.lookup(b"passwd").unwrap();
    assert_eq!(errno(etc.create(b"passwd", NewNode::File, 0o644, ROOT)), Errno::EEXIST);
    assert_eq!(errno(etc.create(b"motd.d", NewNode::Dir, 0o755, ROOT)), Errno::EEXIST);
    assert_eq!(errno(etc.create(b"a/b", NewNode::File, 0o644, ROOT)), Errno::EINVAL);
    assert_eq!(errno(etc.create(&[b'n'; 256], NewNode::File, 0o644, ROOT)), Errno::ENAMETOOLONG);
    assert_eq!(errno(passwd.create(b"x", NewNode::File, 0o644, ROOT)), Errno::ENOTDIR);
    assert_eq!(errno(etc.unlink(b"motd.d")), Errno::EISDIR);
    assert_eq!(errno(etc.unlink(b"nope")), Errno::ENOENT);
    assert_eq!(errno(etc.rmdir(b"passwd")), Errno::ENOTDIR);
    assert_eq!(errno(etc.rmdir(b"nope")), Errno::ENOENT);
    assert_eq!(errno(root.link(b"etc2", &etc)), Errno::EPERM);
    assert_eq!(errno(root.link(b"big", &passwd)), Errno::EEXIST);
    assert_eq!(errno(root.link(b"x", &lower.root().lookup(b"big").unwrap())), Errno::EXDEV);
    assert_eq!(errno(etc.write_at(0, b"x")), Errno::EISDIR);
    assert_eq!(errno(walk(&root, "sh").unwrap().write_at(0, b"x")), Errno::EINVAL);
    assert_eq!(errno(etc.set_attr(&SetAttr { size: Some(0), ..SetAttr::default() })), Errno::EISDIR);
    assert_eq!(errno(passwd.readlink()), Errno::EINVAL);
    assert_eq!(errno(passwd.write_at(i64::MAX as u64, b"x")), Errno::EFBIG);
    // None of that copied anything up.
    assert_eq!(ovl.usage().inodes_used, 1);
}

#[test]
fn hard_links_to_lower_files_share_ino_and_data() {
    let lower = base_image();
    let (upper, ovl) = overlay(&lower, unlimited());
    let root = ovl.root();
    let passwd = walk(&root, "etc/passwd").unwrap();
    let ino = passwd.ino();
    root.link(b"passwd.link", &passwd).unwrap();
    let link = root.lookup(b"passwd.link").unwrap();
    assert!(Arc::ptr_eq(&link, &passwd));
    assert_eq!((link.stat().unwrap().ino, link.stat().unwrap().nlink), (ino, 2));
    link.write_at(0, b"LINK").unwrap();
    assert_eq!(read_all(&walk(&root, "etc/passwd").unwrap())[..4], *b"LINK");
    let listed = list(&root).into_iter().find(|e| e.0 == "passwd.link").unwrap();
    assert_eq!(listed.1, ino);
    // Seen afresh from the upper, both names still report the lower's inode number.
    let again = OverlayFs::new(upper.clone(), lower.clone());
    assert_eq!(walk(&again.root(), "passwd.link").unwrap().stat().unwrap().ino, ino);
    assert_eq!(walk(&again.root(), "etc/passwd").unwrap().stat().unwrap().ino, ino);
    // Linking over a whiteout replaces it.
    root.unlink(b"big").unwrap();
    root.link(b"big", &passwd).unwrap();
    assert_eq!(read_all(&root.lookup(b"big").unwrap())[..4], *b"LINK");
    assert_eq!(passwd.stat().unwrap().nlink, 3);
}

#[test]
fn an_unlinked_lower_file_stays_writable_through_its_handle() {
    let lower = base_image();
    let (upper, ovl) = overlay(&lower, unlimited());
    let etc = walk(&ovl.root(), "etc").unwrap();
    let open = etc.lookup(b"hostname").unwrap();
    etc.unlink(b"hostname").unwrap();
    assert_eq!(open.stat().unwrap().nlink, 0);
    assert_eq!(read_all(&open), b"base\n");
    open.write_at(0, b"gone").unwrap();
    assert_eq!(read_all(&open), b"gone\n");
    assert_eq!(errno(etc.lookup(b"hostname")), Errno::ENOENT);
    assert_eq!(names(&upper.root()), strs(&["etc"]), "the orphan copy has no name");
    assert_eq!(errno(etc.link(b"back", &open)), Errno::ENOENT);
    let used = upper.usage();
    drop(open);
    assert_eq!(upper.usage().inodes_used, used.inodes_used - 1, "the orphan dies with its last handle");
    assert_eq!(walk(&lower.root(), "etc/hostname").map(|n| read_all(&n)).unwrap(), b"base\n");
}

#[test]
fn truncation_copies_up_only_what_it_keeps() {
    let lower = base_image();
    let (upper, ovl) = overlay(&lower, unlimited());
    let big = walk(&ovl.root(), "big").unwrap();
    big.set_attr(&SetAttr { size: Some(10), ..SetAttr::default() }).unwrap();
    assert_eq!(read_all(&big), &big_content()[..10]);
    assert_eq!(upper.usage().bytes_used, 10);
    big.set_attr(&SetAttr { size: Some(20), ..SetAttr::default() }).unwrap();
    let mut expected = big_content()[..10].to_vec();
    expected.resize(20, 0);
    assert_eq!(read_all(&big), expected);
    assert_eq!(read_all(&walk(&lower.root(), "big").unwrap()), big_content());
}

#[test]
fn concurrent_copy_ups_yield_one_upper() {
    const THREADS: usize = 8;
    let lower = base_image();
    for round in 0..20 {
        let (upper, ovl) = overlay(&lower, unlimited());
        let root = ovl.root();
        let ino = walk(&root, "deep/a/b/file").unwrap().ino();
        let barrier = Barrier::new(THREADS);
        thread::scope(|s| {
            for t in 0..THREADS {
                let (root, barrier) = (&root, &barrier);
                s.spawn(move || {
                    barrier.wait();
                    let file = walk(root, "deep/a/b/file").unwrap();
                    file.write_at(20 + t as u64, &[b'0' + t as u8]).unwrap();
                    let big = walk(root, "big").unwrap();
                    big.write_at((t * 40_000) as u64, b"thread").unwrap();
                });
            }
        });
        let mut expected = b"deep file\n".to_vec();
        expected.resize(20, 0);
        expected.extend((0..THREADS).map(|t| b'0' + t as u8));
        let file = walk(&root, "deep/a/b/file").unwrap();
        assert_eq!(read_all(&file), expected, "round {round}");
        assert_eq!(file.ino(), ino);
        let mut big = big_content();
        for t in 0..THREADS {
            big[t * 40_000..t * 40_000 + 6].copy_from_slice(b"thread");
        }
        assert_eq!(read_all(&walk(&root, "big").unwrap()), big, "round {round}");
        // Exactly one copy of each: root, deep, a, b, file, big.
        assert_eq!(upper.usage().inodes_used, 6, "round {round}");
        assert_eq!(upper.usage().bytes_used, (BIG_LEN + expected.len()) as u64, "round {round}");
        assert_eq!(names(&upper.root()), strs(&["big", "deep"]));
    }
    assert_eq!(read_all(&walk(&lower.root(), "deep/a/b/file").unwrap()), b"deep file\n");
    assert_eq!(read_all(&walk(&lower.root(), "big").unwrap()), big_content());
}

#[test]
fn concurrent_creates_over_one_whiteout_make_one_file() {
    let lower = base_image();
    for _ in 0..20 {
        let (upper, ovl) = overlay(&lower, unlimited());
        let etc = walk(&ovl.root(), "etc").unwrap();
        etc.unlink(b"passwd").unwrap();
        let barrier = Barrier::new(8);
        let made: Vec<bool> = thread::scope(|s| {
            let handles: Vec<_> = (0..8)
                .map(|_| {
                    let (etc, barrier) = (&etc, &barrier);
                    s.spawn(move || {
                        barrier.wait();
                        match etc.create(b"passwd", NewNode::File, 0o644, ROOT) {
                            Ok(_) => true,
                            Err(e) => {
                                assert_eq!(e.errno(), Errno::EEXIST);
                                false
                            }
                        }
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        assert_eq!(made.iter().filter(|&&m| m).count(), 1);
        assert_eq!(upper_entries(&upper, "etc").len(), 1);
        assert_eq!(read_all(&etc.lookup(b"passwd").unwrap()), b"");
    }
}

#[test]
fn running_out_of_quota_fails_cleanly_and_leaves_the_lower_alone() {
    let lower = base_image();
    let before = snapshot(&*lower);
    let limits = Limits { fs_bytes: 100 * 1024, fs_inodes: 8, ..Limits::default() };
    let (upper, ovl) = overlay(&lower, Arc::new(FsQuota::new(&limits)));
    let root = ovl.root();

    // The copy-up of a 300 KiB file cannot fit in 100 KiB.
    let big = walk(&root, "big").unwrap();
    let err = big.write_at(0, b"x").unwrap_err();
    assert!(matches!(err, Error::LimitExceeded { limit: Limit::FsBytes, max } if max == 100 * 1024), "{err:?}");
    assert_eq!(err.errno(), Errno::ENOSPC);
    assert_eq!(read_all(&big), big_content(), "the failed copy-up left the lower visible");
    assert_eq!(upper.usage().bytes_used, 0);
    assert_eq!(names(&upper.root()), Vec::<String>::new());
    assert_eq!(ovl.usage(), upper.usage());

    // Inodes: the root takes one; fill up the rest.
    let etc = walk(&root, "etc").unwrap();
    etc.lookup(b"passwd").unwrap().write_at(0, b"R").unwrap();
    let mut made = 0;
    let err = loop {
        match root.create(format!("f{made}").as_bytes(), NewNode::File, 0o644, ROOT) {
            Ok(_) => made += 1,
            Err(e) => break e,
        }
    };
    assert!(matches!(err, Error::LimitExceeded { limit: Limit::FsInodes, .. }), "{err:?}");
    assert_eq!(err.errno(), Errno::EDQUOT);
    assert_eq!(made, 5, "root, etc and passwd took 3 of 8");
    // Removing a lower name needs a whiteout: refused, and nothing changes.
    assert!(matches!(etc.unlink(b"hostname"), Err(Error::LimitExceeded { limit: Limit::FsInodes, .. })));
    assert!(matches!(etc.unlink(b"passwd"), Err(Error::LimitExceeded { limit: Limit::FsInodes, .. })));
    assert_eq!(names(&etc), strs(&["hostname", "motd.d", "passwd"]));
    assert_eq!(read_all(&etc.lookup(b"passwd").unwrap())[..1], *b"R");
    // Freeing an upper-only file makes room again.
    root.unlink(b"f0").unwrap();
    etc.unlink(b"hostname").unwrap();
    assert_eq!(names(&etc), strs(&["motd.d", "passwd"]));
    assert_eq!(snapshot(&*lower), before);
}

#[test]
fn the_overlay_follows_memfs_for_directory_links() {
    let lower = base_image();
    let (_upper, ovl) = overlay(&lower, unlimited());
    let root = ovl.root();
    let b = walk(&root, "deep/a/b").unwrap();
    assert_eq!(b.name_in_parent().unwrap(), b"b");
    let a = b.parent().unwrap();
    assert_eq!((a.ino(), a.name_in_parent().unwrap()), (walk(&root, "deep/a").unwrap().ino(), b"a".to_vec()));
    assert_eq!(a.parent().unwrap().parent().unwrap().ino(), root.ino());
    assert!(root.parent().is_none());
    assert!(walk(&root, "big").unwrap().parent().is_none());
    assert!(root.fd_alias().is_none());
}

/// A tiny deterministic generator for the stress test.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((self.0 >> 33) % n as u64) as usize
    }
}

/// Whether a full listing of `dir` names each entry once, and only entries lookup finds.
fn assert_listing_consistent(dir: &NodeRef) {
    let listed = list(dir);
    let unique: BTreeSet<&str> = listed.iter().map(|e| e.0.as_str()).collect();
    assert_eq!(unique.len(), listed.len(), "duplicates in {listed:?}");
}

#[test]
fn mixed_concurrent_operations_neither_deadlock_nor_corrupt() {
    const THREADS: u64 = 8;
    const STEPS: usize = 2000;
    let lower = base_image();
    let before = snapshot(&*lower);
    let (upper, ovl) = overlay(&lower, unlimited());
    let (done_tx, done_rx) = mpsc::channel();
    let stop = Arc::new(AtomicBool::new(false));
    let changes = Arc::new(AtomicUsize::new(0));
    let root = ovl.root();
    let workers: Vec<_> = (0..THREADS)
        .map(|seed| {
            let (root, done, stop, changes) = (root.clone(), done_tx.clone(), stop.clone(), changes.clone());
            thread::spawn(move || {
                let mut rng = Rng(seed);
                let dirs = ["list", "dir", "etc", "dir/sub", "deep/a/b"];
                for _ in 0..STEPS {
                    if stop.load(Ordering::Relaxed) {
                        break;
                    }
                    let Ok(dir) = walk(&root, dirs[rng.below(dirs.len())]) else { continue };
                    let name = format!("l{:02}", rng.below(LISTED));
                    let other = walk(&root, dirs[rng.below(dirs.len())]);
                    // Errors are expected (names come and go); only deadlocks and corruption are not.
                    let ok = match rng.below(10) {
                        0 => dir.lookup(name.as_bytes()).and_then(|n| n.write_at(0, b"w")).is_ok(),
                        1 => dir.unlink(name.as_bytes()).is_ok(),
                        2 => dir.create(name.as_bytes(), NewNode::File, 0o644, ROOT).is_ok(),
                        3 => other.is_ok_and(|other| {
                            dir.rename(name.as_bytes(), &other, b"moved", RenameFlags::default()).is_ok()
                                && other.rename(b"moved", &dir, name.as_bytes(), RenameFlags::default()).is_ok()
                        }),
                        4 => {
                            assert_listing_consistent(&dir);
                            false
                        }
                        5 => dir
                            .create(b"t", NewNode::Dir, 0o755, ROOT)
                            .and_then(|t| {
                                t.create(b"f", NewNode::File, 0o644, ROOT)?;
                                t.unlink(b"f")?;
                                dir.rmdir(b"t")
                            })
                            .is_ok(),
                        6 => walk(&root, "dir").and_then(|d| d.rmdir(b"sub")).is_ok(),
                        7 => walk(&root, "dir").and_then(|d| d.create(b"sub", NewNode::Dir, 0o755, ROOT)).is_ok(),
                        8 => dir.set_attr(&SetAttr { mode: Some(0o750), ..SetAttr::default() }).is_ok(),
                        _ => dir.lookup(name.as_bytes()).and_then(|n| n.stat()).is_ok(),
                    };
                    if ok {
                        changes.fetch_add(1, Ordering::Relaxed);
                    }
                }
                done.send(()).unwrap();
            })
        })
        .collect();
    for _ in 0..THREADS {
        if done_rx.recv_timeout(Duration::from_secs(120)).is_err() {
            stop.store(true, Ordering::Relaxed);
            panic!("overlay operations deadlocked");
        }
    }
    for worker in workers {
        worker.join().unwrap();
    }
    assert!(changes.load(Ordering::Relaxed) > THREADS as usize * STEPS / 4, "the stress test mostly failed");
    // Afterwards every directory lists exactly what lookup finds, and the lower is untouched.
    for path in ["list", "dir", "etc", "deep/a/b"] {
        let dir = walk(&root, path).unwrap();
        assert_listing_consistent(&dir);
        for (name, ino, ft, _) in list(&dir) {
            let st = dir.lookup(name.as_bytes()).unwrap().stat().unwrap();
            assert_eq!((st.ino, st.file_type()), (ino, ft), "{path}/{name}");
        }
        let fresh = walk(&OverlayFs::new(upper.clone(), lower.clone()).root(), path).unwrap();
        assert_eq!(names(&fresh), names(&dir), "{path}");
    }
    assert_eq!(snapshot(&*lower), before);
}

#[test]
fn lower_hard_links_split_on_copy_up_like_linux() {
    let lower = base_image();
    let before = snapshot(&*lower);
    let (_upper, ovl) = overlay(&lower, unlimited());
    let hl = walk(&ovl.root(), "hl").unwrap();
    let (one, two) = (hl.lookup(b"one").unwrap(), hl.lookup(b"two").unwrap());
    assert_eq!((one.ino(), one.stat().unwrap().nlink), (two.ino(), 2));
    // Still one file: renaming one name onto the other does nothing.
    hl.rename(b"one", &hl, b"two", RenameFlags::default()).unwrap();
    assert_eq!(names(&hl), strs(&["one", "two"]));
    // A copy-up splits them; the copy keeps the inode number.
    one.write_at(0, b"LINKED").unwrap();
    assert_eq!((read_all(&one), read_all(&two)), (b"LINKED\n".to_vec(), b"linked\n".to_vec()));
    assert_eq!(one.ino(), two.ino());
    // Now they are two files, and one replaces the other.
    hl.rename(b"one", &hl, b"two", RenameFlags::default()).unwrap();
    assert_eq!(names(&hl), strs(&["two"]));
    assert_eq!(read_all(&hl.lookup(b"two").unwrap()), b"LINKED\n");
    assert_eq!(two.stat().unwrap().nlink, 0, "the replaced lower-only name is gone for good");
    assert_eq!(snapshot(&*lower), before);
}

#[test]
fn immutable_ids_pass_through_until_copy_up() {
    let lower = MemFs::new(Arc::new(FsQuota::unlimited()));
    let f = lower.root().create(b"prog", NewNode::File, 0o755, Owner::default()).unwrap();
    f.write_at(0, b"\0asm").unwrap();
    lower.freeze();
    let id = f.immutable_id().expect("a frozen memfs file is immutable");
    let a = OverlayFs::with_new_upper(Arc::new(FsQuota::unlimited()), lower.clone()).unwrap();
    let b = OverlayFs::with_new_upper(Arc::new(FsQuota::unlimited()), lower.clone()).unwrap();
    let in_a = a.root().lookup(b"prog").unwrap();
    assert_eq!(in_a.immutable_id(), Some(id));
    assert_eq!(b.root().lookup(b"prog").unwrap().immutable_id(), Some(id), "same id in every VM");
    in_a.write_at(0, b"x").unwrap();
    assert_eq!(in_a.immutable_id(), None, "a copied-up file can change");
}
