//! memfs unit tests that need its internals or concern its locking.

use std::sync::Arc;
use std::thread;

use crate::limits::FsQuota;
use crate::vfs::memfs::MemFs;
use crate::vfs::{FileSystem, NewNode, Owner, RenameFlags};

/// rmdir locks parent then child; a cross-directory rename between a directory and its
/// descendant must lock in the same order or the two can deadlock.
#[test]
fn rmdir_and_cross_directory_rename_do_not_deadlock() {
    let fs = MemFs::new(Arc::new(FsQuota::unlimited()));
    let root = fs.root();
    let owner = Owner::default();
    // `a` is created before `b`, so it has the smaller inode number, then moved below `b`.
    let a = root.create(b"a", NewNode::Dir, 0o755, owner).unwrap();
    let b = root.create(b"b", NewNode::Dir, 0o755, owner).unwrap();
    root.rename(b"a", &b, b"a", RenameFlags::default()).unwrap();
    // `keep` makes every rmdir fail with ENOTEMPTY after taking both directory locks.
    a.create(b"keep", NewNode::File, 0o644, owner).unwrap();
    let rounds = 20_000;
    let (a2, b2) = (a.clone(), b.clone());
    let renamer = thread::spawn(move || {
        for _ in 0..rounds {
            a2.create(b"x", NewNode::File, 0o644, owner).unwrap();
            a2.rename(b"x", &b2, b"y", RenameFlags::default()).unwrap();
            b2.unlink(b"y").unwrap();
        }
    });
    for _ in 0..rounds {
        assert_eq!(b.rmdir(b"a").unwrap_err().errno(), crate::Errno::ENOTEMPTY);
    }
    renamer.join().unwrap();
}
