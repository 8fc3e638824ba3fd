//! A writable host mount charges what the VM adds to the host directory to the VM's one
//! filesystem quota, so a guest cannot fill the host's disk through it; removing what the host
//! put there gives nothing back, and a file unlinked while open is paid for until it is closed.
#![cfg(target_os = "linux")]

use std::fs;
use std::sync::Arc;

use burrow_kernel::fd::OpenFlags;
use burrow_kernel::limits::{FsQuota, Limits};
use burrow_kernel::vfs::hostfs::{HostFs, HostFsOptions};
use burrow_kernel::vfs::memfs::MemFs;
use burrow_kernel::vfs::{Owner, RenameFlags};
use burrow_kernel::{Errno, Kernel, Task, AT_FDCWD};

const OWNER: Owner = Owner { uid: 0, gid: 0 };

struct Fx {
    dir: tempfile::TempDir,
    quota: Arc<FsQuota>,
    kernel: Kernel,
}

impl Fx {
    /// A VM whose memfs root and host mount at /mnt share a quota of `bytes` and `inodes`;
    /// the host directory already holds `host.txt` (4000 bytes) and `host-dir/`.
    fn new(bytes: u64, inodes: u64) -> Fx {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("host.txt"), vec![b'h'; 4000]).unwrap();
        fs::create_dir(dir.path().join("host-dir")).unwrap();
        let mut limits = Limits::default();
        limits.fs_bytes = bytes;
        limits.fs_inodes = inodes;
        let quota = Arc::new(FsQuota::new(&limits));
        let kernel = Kernel::new(MemFs::new(quota.clone()), limits);
        kernel.init().mkdir(AT_FDCWD, b"/mnt", 0o755).unwrap();
        let mount = HostFs::open_charged(dir.path(), HostFsOptions { read_only: false, owner: OWNER }, quota.clone()).unwrap();
        kernel.mount(b"/mnt", mount, false).unwrap();
        Fx { dir, quota, kernel }
    }

    fn task(&self) -> Task {
        self.kernel.init()
    }

    fn used(&self) -> (u64, u64) {
        (self.quota.bytes.used(), self.quota.inodes.used())
    }
}

fn create(t: &Task, path: &[u8]) -> u32 {
    t.open(AT_FDCWD, path, OpenFlags::CREAT | OpenFlags::RDWR, 0o644).unwrap()
}

#[test]
fn writes_charge_growth_and_stop_at_the_quota() {
    let fx = Fx::new(10_000, 100);
    let t = fx.task();
    let base = fx.used();
    let fd = create(&t, b"/mnt/a");
    assert_eq!(fx.used(), (base.0, base.1 + 1), "a new file is an inode");
    assert_eq!(t.write(fd, &[1; 6000]).unwrap(), 6000);
    assert_eq!(fx.used().0, base.0 + 6000);
    // Overwriting in place adds nothing.
    assert_eq!(t.pwrite(fd, &[2; 1000], 0).unwrap(), 1000);
    assert_eq!(fx.used().0, base.0 + 6000);
    // Past the quota: refused, nothing reaches the host, nothing is charged.
    let err = t.write(fd, &[3; 5000]).unwrap_err();
    assert_eq!(err.errno(), Errno::ENOSPC);
    assert_eq!(fs::metadata(fx.dir.path().join("a")).unwrap().len(), 6000);
    assert_eq!(fx.used().0, base.0 + 6000);
    // A sparse write far out is charged at its apparent size, so it is refused too.
    assert_eq!(t.pwrite(fd, &[4], 1 << 40).unwrap_err().errno(), Errno::ENOSPC);
    // Growing by truncation is charged; shrinking gives back.
    t.ftruncate(fd, 9000).unwrap();
    assert_eq!(fx.used().0, base.0 + 9000);
    assert_eq!(t.ftruncate(fd, 20_000).unwrap_err().errno(), Errno::ENOSPC);
    t.ftruncate(fd, 1000).unwrap();
    assert_eq!(fx.used().0, base.0 + 1000);
    t.close(fd).unwrap();
    t.unlink(AT_FDCWD, b"/mnt/a").unwrap();
    assert_eq!(fx.used(), base, "everything the VM added is given back");
}

#[test]
fn appends_and_symlinks_and_directories_are_charged() {
    let fx = Fx::new(10_000, 100);
    let t = fx.task();
    let base = fx.used();
    let fd = t.open(AT_FDCWD, b"/mnt/log", OpenFlags::CREAT | OpenFlags::WRONLY | OpenFlags::APPEND, 0o644).unwrap();
    t.write(fd, &[b'x'; 700]).unwrap();
    t.write(fd, &[b'y'; 300]).unwrap();
    t.close(fd).unwrap();
    t.symlink(b"some/target", AT_FDCWD, b"/mnt/link").unwrap();
    t.mkdir(AT_FDCWD, b"/mnt/d", 0o755).unwrap();
    assert_eq!(fx.used(), (base.0 + 1000 + 11, base.1 + 3));
    t.unlink(AT_FDCWD, b"/mnt/link").unwrap();
    t.rmdir(AT_FDCWD, b"/mnt/d").unwrap();
    t.unlink(AT_FDCWD, b"/mnt/log").unwrap();
    assert_eq!(fx.used(), base);
}

#[test]
fn the_mount_and_the_vm_filesystem_share_one_quota() {
    let fx = Fx::new(10_000, 100);
    let t = fx.task();
    let fd = create(&t, b"/big");
    t.write(fd, &[0; 8000]).unwrap();
    let host = create(&t, b"/mnt/b");
    assert_eq!(t.write(host, &[0; 3000]).unwrap_err().errno(), Errno::ENOSPC);
    t.write(host, &[0; 1500]).unwrap();
    t.close(host).unwrap();
    t.close(fd).unwrap();
}

#[test]
fn inodes_are_limited_across_the_mount() {
    let fx = Fx::new(1 << 20, 8);
    let t = fx.task();
    let mut made = 0;
    let err = loop {
        match t.mkdir(AT_FDCWD, format!("/mnt/d{made}").as_bytes(), 0o755) {
            Ok(()) => made += 1,
            Err(e) => break e,
        }
        assert!(made < 100, "the inode limit never applied");
    };
    assert_eq!(err.errno(), Errno::EDQUOT);
    assert!(made < 8);
    assert_eq!(fs::read_dir(fx.dir.path()).unwrap().count(), 2 + made);
}

#[test]
fn removing_what_the_host_put_there_gives_nothing_back() {
    let fx = Fx::new(10_000, 100);
    let t = fx.task();
    let base = fx.used();
    t.unlink(AT_FDCWD, b"/mnt/host.txt").unwrap();
    t.rmdir(AT_FDCWD, b"/mnt/host-dir").unwrap();
    assert_eq!(fx.used(), base, "the host's 4000 bytes were never the VM's");
    // Nor does overwriting a host file by rename.
    let fd = create(&t, b"/mnt/new");
    t.write(fd, &[1; 100]).unwrap();
    t.close(fd).unwrap();
    fs::write(fx.dir.path().join("host2.txt"), vec![0; 5000]).unwrap();
    t.rename(AT_FDCWD, b"/mnt/new", AT_FDCWD, b"/mnt/host2.txt", RenameFlags::default()).unwrap();
    assert_eq!(fx.used(), (base.0 + 100, base.1 + 1));
    // Growing a host file is charged for the growth only.
    let fd = t.open(AT_FDCWD, b"/mnt/host2.txt", OpenFlags::WRONLY, 0).unwrap();
    t.pwrite(fd, &[2; 200], 50).unwrap();
    assert_eq!(fx.used().0, base.0 + 250);
    t.close(fd).unwrap();
}

#[test]
fn a_file_unlinked_while_open_is_paid_for_until_closed() {
    let fx = Fx::new(10_000, 100);
    let t = fx.task();
    let base = fx.used();
    // The attack: write, keep open, unlink, repeat: the host keeps every byte until closed.
    let mut fds = Vec::new();
    let mut refused = None;
    for i in 0..10 {
        let path = format!("/mnt/tmp{i}");
        let fd = create(&t, path.as_bytes());
        match t.write(fd, &[0; 3000]) {
            Ok(_) => {}
            Err(e) => {
                refused = Some(e.errno());
                t.close(fd).unwrap();
                t.unlink(AT_FDCWD, path.as_bytes()).unwrap();
                break;
            }
        }
        t.unlink(AT_FDCWD, path.as_bytes()).unwrap();
        fds.push(fd);
    }
    assert_eq!(refused, Some(Errno::ENOSPC), "unlinking open files must not make room");
    assert_eq!(fds.len(), 3);
    for fd in fds {
        t.close(fd).unwrap();
    }
    assert_eq!(fx.used(), base, "closing the last descriptor gives the bytes back");
}
