//! Layer walks and rebuilds.

use std::sync::Arc;

use super::*;
use crate::limits::Limits;
use crate::vfs::overlay::OverlayFs;

fn owner() -> Owner {
    Owner { uid: 1000, gid: 1000 }
}

/// A base with `/etc/a`, `/etc/b` and `/d/x`, and an overlay that changed it.
fn changed_overlay() -> Arc<OverlayFs> {
    let base = MemFs::new(Arc::new(FsQuota::unlimited()));
    let root = base.root();
    let etc = root.create(b"etc", NewNode::Dir, 0o755, Owner::default()).unwrap();
    etc.create(b"a", NewNode::File, 0o644, Owner::default()).unwrap().write_at(0, b"a").unwrap();
    etc.create(b"b", NewNode::File, 0o644, Owner::default()).unwrap();
    let d = root.create(b"d", NewNode::Dir, 0o755, Owner::default()).unwrap();
    d.create(b"x", NewNode::File, 0o644, Owner::default()).unwrap();
    base.freeze();
    let ovl = OverlayFs::with_new_upper(Arc::new(FsQuota::unlimited()), base).unwrap();
    let root = ovl.root();
    let etc = root.lookup(b"etc").unwrap();
    etc.unlink(b"a").unwrap();
    etc.lookup(b"b").unwrap().set_attr(&SetAttr { mode: Some(0o600), ..Default::default() }).unwrap();
    let d = root.lookup(b"d").unwrap();
    d.unlink(b"x").unwrap();
    root.rmdir(b"d").unwrap();
    root.create(b"d", NewNode::Dir, 0o700, owner()).unwrap();
    let home = root.create(b"home", NewNode::Dir, 0o755, owner()).unwrap();
    let f = home.create(b"f", NewNode::File, 0o640, owner()).unwrap();
    f.write_at(0, &vec![5u8; 200_000]).unwrap();
    home.link(b"g", &f).unwrap();
    home.create(b"l", NewNode::Symlink(b"/etc"), 0o777, owner()).unwrap();
    home.create(b"empty", NewNode::Dir, 0o755, owner()).unwrap();
    home.create(b"fifo", NewNode::Special(FileType::Fifo, 0), 0o620, owner()).unwrap();
    ovl
}

fn entries(layer: &MemFs) -> Vec<(Entry, Vec<u8>)> {
    let mut out = Vec::new();
    walk::<Error>(layer, |e, node| {
        let data = node.map(|n| {
            let mut buf = vec![0; n.stat().unwrap().size as usize];
            n.read_at(0, &mut buf).unwrap();
            buf
        });
        out.push((e.clone(), data.unwrap_or_default()));
        Ok(())
    })
    .unwrap();
    out
}

#[test]
fn a_walk_rebuilds_the_same_layer() {
    let ovl = changed_overlay();
    let walked = entries(ovl.upper());
    let paths: Vec<_> = walked.iter().map(|(e, _)| String::from_utf8_lossy(&e.path).into_owned()).collect();
    assert_eq!(
        paths,
        ["", "etc", "d", "home", "etc/a", "etc/b", "home/f", "home/g", "home/l", "home/empty", "home/fifo"]
    );
    assert_eq!(walked.last().unwrap().0.perm, 0o620);
    let kind = |p: &str| walked.iter().find(|(e, _)| e.path == p.as_bytes()).unwrap().0.kind.clone();
    assert_eq!(kind("etc/a"), EntryKind::Whiteout);
    assert_eq!(kind("d"), EntryKind::Dir { opaque: true });
    assert_eq!(kind("etc"), EntryKind::Dir { opaque: false });
    assert_eq!(kind("home/g"), EntryKind::HardLink(b"home/f".to_vec()));
    assert_eq!(kind("home/l"), EntryKind::Symlink(b"/etc".to_vec()));
    assert_eq!(kind("home/fifo"), EntryKind::Fifo);
    let quota = Arc::new(FsQuota::new(&Limits::default()));
    let mut builder = LayerBuilder::new(quota.clone());
    for (e, data) in &walked {
        if let Some(node) = builder.add(e).unwrap() {
            node.write_at(0, data).unwrap();
        }
    }
    let rebuilt = builder.finish().unwrap();
    assert_eq!(entries(&rebuilt), walked);
    assert_eq!(quota.bytes.used(), ovl.upper().usage().bytes_used);
    assert_eq!(quota.inodes.used(), ovl.upper().usage().inodes_used);
}

fn entry(path: &str, kind: EntryKind) -> Entry {
    Entry {
        copied_up: false,
        path: path.into(),
        kind,
        perm: 0o755,
        uid: 0,
        gid: 0,
        atime: Timespec::default(),
        mtime: Timespec::default(),
    }
}

#[test]
fn hostile_entries_are_refused() {
    let mut b = LayerBuilder::new(Arc::new(FsQuota::unlimited()));
    let dir = || EntryKind::Dir { opaque: false };
    let file = EntryKind::File { size: 1 };
    b.add(&entry("home", dir())).unwrap();
    b.add(&entry("home/l", EntryKind::Symlink(b"/etc".to_vec()))).unwrap();
    let errno = |b: &mut LayerBuilder, e: Entry| b.add(&e).err().expect("refused").errno();
    assert_eq!(errno(&mut b, entry("home/l/passwd", file.clone())), Errno::ENOTDIR);
    assert_eq!(errno(&mut b, entry("home/../x", file.clone())), Errno::EINVAL);
    assert_eq!(errno(&mut b, entry("../x", file.clone())), Errno::EINVAL);
    assert_eq!(errno(&mut b, entry("home//x", file.clone())), Errno::EINVAL);
    assert_eq!(errno(&mut b, entry("home/./x", file.clone())), Errno::EINVAL);
    assert_eq!(errno(&mut b, entry("/x", file.clone())), Errno::EINVAL);
    assert_eq!(errno(&mut b, entry("missing/x", file.clone())), Errno::ENOENT);
    assert_eq!(errno(&mut b, entry("home/l", file.clone())), Errno::EEXIST);
    assert_eq!(errno(&mut b, entry("home/h", EntryKind::HardLink(b"home".to_vec()))), Errno::EPERM);
    assert_eq!(errno(&mut b, entry("", file)), Errno::EINVAL);
    let long = EntryKind::Symlink(vec![b'a'; crate::vfs::PATH_MAX]);
    assert_eq!(errno(&mut b, entry("home/long", long)), Errno::ENAMETOOLONG);
    assert_eq!(errno(&mut b, entry("home/empty", EntryKind::Symlink(Vec::new()))), Errno::ENAMETOOLONG);
    assert_eq!(errno(&mut b, entry(&"n".repeat(256), dir())), Errno::ENAMETOOLONG);
    b.add(&entry("home", dir())).unwrap();
    let mut small = LayerBuilder::new(Arc::new(FsQuota::new(&Limits { fs_inodes: 2, ..Limits::default() })));
    small.add(&entry("a", dir())).unwrap();
    assert!(matches!(small.add(&entry("b", dir())), Err(Error::LimitExceeded { .. })));
}

#[test]
fn a_cloned_layer_leaves_out_changes_in_progress() {
    let ovl = changed_overlay();
    let upper = ovl.upper().root();
    upper.create(format!("{TEMP_PREFIX}7").as_bytes(), NewNode::File, 0o600, owner()).unwrap();
    let copy = clone_layer(ovl.upper(), Arc::new(FsQuota::unlimited()), true).unwrap();
    assert!(copy.read_only());
    let names = |fs: &MemFs| entries(fs).into_iter().map(|(e, _)| e.path).collect::<Vec<_>>();
    assert_eq!(names(&copy), names(ovl.upper()));
    assert_eq!(copy.usage().inodes_used, ovl.upper().usage().inodes_used - 1);
}

#[test]
fn a_rebuilt_layer_keeps_the_inode_numbers_of_copied_up_entries() {
    let ovl = changed_overlay();
    let walked = entries(ovl.upper());
    let copied: Vec<_> = walked.iter().filter(|(e, _)| e.copied_up).map(|(e, _)| e.path.clone()).collect();
    assert_eq!(copied, [b"etc".to_vec(), b"etc/b".to_vec()]);
    let mut builder = LayerBuilder::new(Arc::new(FsQuota::unlimited()));
    for (e, data) in &walked {
        if let Some(node) = builder.add(e).unwrap() {
            node.write_at(0, data).unwrap();
        }
    }
    let rebuilt = builder.finish().unwrap();
    let upper = clone_layer(&rebuilt, Arc::new(FsQuota::unlimited()), false).unwrap();
    resolve_origins(&upper, &**ovl.lower()).unwrap();
    let restored = OverlayFs::new(upper, ovl.lower().clone());
    let ino = |fs: &OverlayFs, dir: &[u8], name: &[u8]| fs.root().lookup(dir).unwrap().lookup(name).unwrap().ino();
    assert_eq!(ino(&restored, b"etc", b"b"), ino(&ovl, b"etc", b"b"));
    assert!(ino(&restored, b"etc", b"b") < UPPER_INO_BASE);
    // Unsorted listings show the same names in the same order.
    let names = |fs: &OverlayFs, dir: &[u8]| {
        let mut names = Vec::new();
        fs.root()
            .lookup(dir)
            .unwrap()
            .readdir(0, &mut |e| {
                names.push(e.name.to_vec());
                true
            })
            .unwrap();
        names
    };
    for dir in [&b"etc"[..], b"home", b"d"] {
        assert_eq!(names(&restored, dir), names(&ovl, dir));
    }
}
