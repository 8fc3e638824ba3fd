//! Path resolution with arbitrary paths over a tree with symlinks (relative, absolute,
//! dangling, looping, climbing) and a host directory mounted at `/mnt` whose host side holds
//! symlinks pointing out of it. Symlinks the guest makes get arbitrary targets, the host's
//! own paths included.
//!
//! Checked: nothing outside the mounted host directory is ever created, modified or read (a
//! canary beside it; the host's secret never appears in anything a call returns); a resolved
//! directory's path (`getcwd` after `chdir`, `path_of` after `lookup`) is absolute and
//! canonical, and names the same inode; stat sizes equal content lengths.

#![no_main]

use std::time::Duration;

use arbitrary::Arbitrary;
use burrow_fuzz::check;
use burrow_fuzz::hostdir::HostDir;
use burrow_fuzz::paths::PathArg;
use burrow_fuzz::vm::Vm;
use burrow_fuzz::watchdog::Watchdog;
use burrow_kernel::fd::OpenFlags;
use burrow_kernel::vfs::RenameFlags;
use burrow_kernel::{Task, AT_FDCWD};
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
enum Op {
    /// Open (following or not), read everything, maybe write.
    Open(PathArg, bool, bool, bool),
    Lookup(PathArg, bool),
    Stat(PathArg, bool),
    Readlink(PathArg),
    Symlink(PathArg, PathArg),
    Mkdir(PathArg),
    Rename(PathArg, PathArg),
    Link(PathArg, PathArg, bool),
    Unlink(PathArg),
    Rmdir(PathArg),
    Chdir(PathArg),
    Truncate(PathArg, u16),
    Chmod(PathArg, u16),
    /// Resolves relative to an opened directory.
    At(PathArg, PathArg),
}

/// Panics unless `path` is absolute with no empty, `.` or `..` component.
fn canonical(path: &[u8]) {
    assert!(path.starts_with(b"/"), "not absolute: {:?}", String::from_utf8_lossy(path));
    if path != b"/" {
        for c in path[1..].split(|&b| b == b'/') {
            assert!(!c.is_empty() && c != b"." && c != b"..", "not canonical: {:?}", String::from_utf8_lossy(path));
        }
    }
}

fn run(t: &Task, op: &Op) {
    let host = HostDir::get();
    let mut got: Vec<u8> = Vec::new();
    match op {
        Op::Open(p, follow, create, write) => {
            let mut flags = if *write { OpenFlags::RDWR } else { OpenFlags::RDONLY } | OpenFlags::NONBLOCK;
            if !follow {
                flags = flags | OpenFlags::NOFOLLOW;
            }
            if *create {
                flags = flags | OpenFlags::CREAT;
            }
            if let Ok(fd) = t.open(AT_FDCWD, &p.0, flags, 0o644) {
                let mut buf = [0u8; 512];
                while let Ok(n @ 1..) = t.read(fd, &mut buf) {
                    got.extend_from_slice(&buf[..n]);
                    if got.len() > 1 << 16 {
                        break;
                    }
                }
                if *write {
                    let _ = t.write(fd, b"written by the guest");
                }
                let _ = t.readdir(fd, 0, &mut |e| {
                    got.extend_from_slice(e.name);
                    true
                });
                t.close(fd).expect("closing");
            }
        }
        Op::Lookup(p, follow) => {
            if let Ok(loc) = t.lookup(AT_FDCWD, &p.0, *follow) {
                if let (Ok(st), Ok(path)) = (loc.node.stat(), t.path_of(&loc)) {
                    if st.mode & 0o170000 == 0o040000 && st.nlink > 0 {
                        canonical(&path);
                        let again = t.stat(AT_FDCWD, &path, false).expect("a directory's own path resolves");
                        assert_eq!((again.dev, again.ino), (st.dev, st.ino), "path_of names another directory");
                    }
                }
            }
        }
        Op::Stat(p, follow) => {
            let _ = t.stat(AT_FDCWD, &p.0, *follow);
        }
        Op::Readlink(p) => got = t.readlink(AT_FDCWD, &p.0).unwrap_or_default(),
        Op::Symlink(target, p) => {
            let _ = t.symlink(&target.0, AT_FDCWD, &p.0);
        }
        Op::Mkdir(p) => {
            let _ = t.mkdir(AT_FDCWD, &p.0, 0o755);
        }
        Op::Rename(a, b) => {
            let _ = t.rename(AT_FDCWD, &a.0, AT_FDCWD, &b.0, RenameFlags::default());
        }
        Op::Link(a, b, follow) => {
            let _ = t.link(AT_FDCWD, &a.0, AT_FDCWD, &b.0, *follow);
        }
        Op::Unlink(p) => {
            let _ = t.unlink(AT_FDCWD, &p.0);
        }
        Op::Rmdir(p) => {
            let _ = t.rmdir(AT_FDCWD, &p.0);
        }
        Op::Chdir(p) => {
            if t.chdir(&p.0).is_ok() {
                if let Ok(cwd) = t.getcwd() {
                    canonical(&cwd);
                    let here = t.stat(AT_FDCWD, b".", false).expect("the working directory");
                    let named = t.stat(AT_FDCWD, &cwd, false).expect("getcwd's path resolves");
                    assert_eq!((here.dev, here.ino), (named.dev, named.ino), "getcwd names another directory");
                }
            }
        }
        Op::Truncate(p, len) => {
            let _ = t.truncate(AT_FDCWD, &p.0, u64::from(*len));
        }
        Op::Chmod(p, mode) => {
            let _ = t.chmod(AT_FDCWD, &p.0, u32::from(*mode) & 0o7777);
        }
        Op::At(dir, p) => {
            if let Ok(d) = t.open(AT_FDCWD, &dir.0, OpenFlags::DIRECTORY | OpenFlags::RDONLY, 0) {
                let _ = t.stat(d as i32, &p.0, true);
                if let Ok(fd) = t.open(d as i32, &p.0, OpenFlags::RDONLY | OpenFlags::NONBLOCK, 0) {
                    let mut buf = [0u8; 256];
                    if let Ok(n) = t.read(fd, &mut buf) {
                        got.extend_from_slice(&buf[..n]);
                    }
                    t.close(fd).expect("closing");
                }
                t.close(d).expect("closing");
            }
        }
    }
    assert!(!host.leaks(&got), "MOUNT ESCAPE: the guest read the host's secret ({op:?})");
}

fuzz_target!(|ops: Vec<Op>| {
    let vm = Vm::new();
    let t = vm.init();
    {
        let _dog = Watchdog::arm(vm.init(), Duration::from_secs(2));
        for op in ops.iter().take(48) {
            run(&t, op);
            check::within_limits(&vm);
        }
        HostDir::get().check_untouched();
    }
    check::sizes_match_contents(&t);
    check::teardown(&vm, &[]);
});
