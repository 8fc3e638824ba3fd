//! Every errno the kernel promises, one test each, through the syscall surface.

use std::sync::Arc;

use burrow_kernel::fd::OpenFlags;
use burrow_kernel::limits::{FsQuota, Limits};
use burrow_kernel::syscall::ChildOptions;
use burrow_kernel::vfs::devfs::DevFs;
use burrow_kernel::vfs::memfs::MemFs;
use burrow_kernel::vfs::perm::Credentials;
use burrow_kernel::vfs::RenameFlags;
use burrow_kernel::{Errno, Error, Kernel, Limit, Task, AT_FDCWD};

fn kernel_with(limits: Limits) -> Kernel {
    let fs = MemFs::new(Arc::new(FsQuota::new(&limits)));
    Kernel::new(fs, limits)
}

fn kernel() -> Kernel {
    kernel_with(Limits::default())
}

fn errno<T: std::fmt::Debug>(r: Result<T, Error>) -> Errno {
    r.expect_err("call should fail").errno()
}

fn create(t: &Task, path: &[u8], data: &[u8]) {
    let fd = t.open(AT_FDCWD, path, OpenFlags::CREAT | OpenFlags::WRONLY | OpenFlags::TRUNC, 0o644).unwrap();
    assert_eq!(t.write(fd, data).unwrap(), data.len());
    t.close(fd).unwrap();
}

fn user(t: &Task) -> Task {
    t.new_child(ChildOptions { credentials: Some(Credentials { uid: 1000, gid: 1000 }), ..Default::default() })
        .unwrap()
}

#[test]
fn enoent_for_missing_paths_and_empty_path() {
    let t = kernel().init();
    assert_eq!(errno(t.stat(AT_FDCWD, b"/nope", true)), Errno::ENOENT);
    assert_eq!(errno(t.stat(AT_FDCWD, b"", true)), Errno::ENOENT);
    assert_eq!(errno(t.open(AT_FDCWD, b"/a/b", OpenFlags::CREAT | OpenFlags::WRONLY, 0o644)), Errno::ENOENT);
    assert_eq!(errno(t.unlink(AT_FDCWD, b"/nope")), Errno::ENOENT);
    t.symlink(b"/missing", AT_FDCWD, b"/dangling").unwrap();
    assert_eq!(errno(t.stat(AT_FDCWD, b"/dangling", true)), Errno::ENOENT);
    assert!(t.stat(AT_FDCWD, b"/dangling", false).is_ok());
}

#[test]
fn enotdir_for_file_components_and_trailing_slashes() {
    let t = kernel().init();
    create(&t, b"/f", b"x");
    assert_eq!(errno(t.stat(AT_FDCWD, b"/f/x", true)), Errno::ENOTDIR);
    assert_eq!(errno(t.stat(AT_FDCWD, b"/f/", true)), Errno::ENOTDIR);
    assert_eq!(errno(t.open(AT_FDCWD, b"/f", OpenFlags::DIRECTORY, 0)), Errno::ENOTDIR);
    assert_eq!(errno(t.rmdir(AT_FDCWD, b"/f")), Errno::ENOTDIR);
    assert_eq!(errno(t.chdir(b"/f")), Errno::ENOTDIR);
    assert_eq!(errno(t.unlink(AT_FDCWD, b"/f/")), Errno::ENOTDIR);
}

#[test]
fn eisdir_for_writing_or_unlinking_directories() {
    let t = kernel().init();
    t.mkdir(AT_FDCWD, b"/d", 0o755).unwrap();
    assert_eq!(errno(t.open(AT_FDCWD, b"/d", OpenFlags::WRONLY, 0)), Errno::EISDIR);
    assert_eq!(errno(t.open(AT_FDCWD, b"/d", OpenFlags::RDONLY | OpenFlags::CREAT, 0o644)), Errno::EISDIR);
    assert_eq!(errno(t.unlink(AT_FDCWD, b"/d")), Errno::EISDIR);
    let fd = t.open(AT_FDCWD, b"/d", OpenFlags::RDONLY, 0).unwrap();
    assert_eq!(errno(t.read(fd, &mut [0u8; 4])), Errno::EISDIR);
    assert_eq!(errno(t.open(AT_FDCWD, b"/new/", OpenFlags::CREAT | OpenFlags::WRONLY, 0o644)), Errno::EISDIR);
}

#[test]
fn eexist_for_exclusive_create_mkdir_symlink_link() {
    let t = kernel().init();
    create(&t, b"/f", b"");
    t.mkdir(AT_FDCWD, b"/d", 0o755).unwrap();
    let excl = OpenFlags::CREAT | OpenFlags::EXCL | OpenFlags::WRONLY;
    assert_eq!(errno(t.open(AT_FDCWD, b"/f", excl, 0o644)), Errno::EEXIST);
    assert_eq!(errno(t.mkdir(AT_FDCWD, b"/d", 0o755)), Errno::EEXIST);
    assert_eq!(errno(t.mkdir(AT_FDCWD, b"/f", 0o755)), Errno::EEXIST);
    assert_eq!(errno(t.symlink(b"x", AT_FDCWD, b"/f")), Errno::EEXIST);
    assert_eq!(errno(t.link(AT_FDCWD, b"/f", AT_FDCWD, b"/d", false)), Errno::EEXIST);
    t.symlink(b"/nowhere", AT_FDCWD, b"/dangling").unwrap();
    assert_eq!(errno(t.open(AT_FDCWD, b"/dangling", excl, 0o644)), Errno::EEXIST);
    let noreplace = RenameFlags { noreplace: true };
    assert_eq!(errno(t.rename(AT_FDCWD, b"/f", AT_FDCWD, b"/dangling", noreplace)), Errno::EEXIST);
}

#[test]
fn enotempty_for_rmdir_and_rename_over_full_dir() {
    let t = kernel().init();
    t.mkdir(AT_FDCWD, b"/d", 0o755).unwrap();
    t.mkdir(AT_FDCWD, b"/e", 0o755).unwrap();
    create(&t, b"/d/f", b"");
    assert_eq!(errno(t.rmdir(AT_FDCWD, b"/d")), Errno::ENOTEMPTY);
    assert_eq!(errno(t.rename(AT_FDCWD, b"/e", AT_FDCWD, b"/d", RenameFlags::default())), Errno::ENOTEMPTY);
    assert_eq!(errno(t.rmdir(AT_FDCWD, b"/d/..")), Errno::ENOTEMPTY);
}

#[test]
fn eloop_after_forty_links_and_for_nofollow() {
    let t = kernel().init();
    create(&t, b"/target", b"ok");
    // A chain of exactly 40 links resolves; 41 fail.
    t.symlink(b"/target", AT_FDCWD, b"/l0").unwrap();
    for i in 1..=40 {
        let prev = format!("/l{}", i - 1);
        t.symlink(prev.as_bytes(), AT_FDCWD, format!("/l{i}").as_bytes()).unwrap();
    }
    assert!(t.stat(AT_FDCWD, b"/l39", true).is_ok());
    assert_eq!(errno(t.stat(AT_FDCWD, b"/l40", true)), Errno::ELOOP);
    t.symlink(b"/self", AT_FDCWD, b"/self").unwrap();
    assert_eq!(errno(t.open(AT_FDCWD, b"/self", OpenFlags::RDONLY, 0)), Errno::ELOOP);
    assert_eq!(errno(t.open(AT_FDCWD, b"/l0", OpenFlags::RDONLY | OpenFlags::NOFOLLOW, 0)), Errno::ELOOP);
}

#[test]
fn enametoolong_for_long_components_and_paths() {
    let t = kernel().init();
    let long = vec![b'a'; 256];
    let mut path = b"/".to_vec();
    path.extend_from_slice(&long);
    assert_eq!(errno(t.stat(AT_FDCWD, &path, true)), Errno::ENAMETOOLONG);
    assert_eq!(errno(t.mkdir(AT_FDCWD, &path, 0o755)), Errno::ENAMETOOLONG);
    let ok = [b"/".as_slice(), &[b'a'; 255]].concat();
    t.mkdir(AT_FDCWD, &ok, 0o755).unwrap();
    let huge: Vec<u8> = b"/x".iter().copied().cycle().take(4096).collect();
    assert_eq!(errno(t.stat(AT_FDCWD, &huge, true)), Errno::ENAMETOOLONG);
}

#[test]
fn eacces_by_mode_bits_for_an_unprivileged_user() {
    let k = kernel();
    let root = k.init();
    root.mkdir(AT_FDCWD, b"/private", 0o700).unwrap();
    create(&root, b"/private/f", b"secret");
    create(&root, b"/ro", b"data");
    root.chmod(AT_FDCWD, b"/ro", 0o444).unwrap();
    root.mkdir(AT_FDCWD, b"/shared", 0o755).unwrap();
    let u = user(&root);
    assert_eq!(errno(u.stat(AT_FDCWD, b"/private/f", true)), Errno::EACCES);
    assert_eq!(errno(u.open(AT_FDCWD, b"/ro", OpenFlags::WRONLY, 0)), Errno::EACCES);
    assert!(u.open(AT_FDCWD, b"/ro", OpenFlags::RDONLY, 0).is_ok());
    assert_eq!(errno(u.open(AT_FDCWD, b"/shared/new", OpenFlags::CREAT | OpenFlags::WRONLY, 0o644)), Errno::EACCES);
    assert_eq!(errno(u.chdir(b"/private")), Errno::EACCES);
    assert_eq!(errno(u.chmod(AT_FDCWD, b"/ro", 0o777)), Errno::EPERM);
    // Root passes the same checks.
    assert!(root.open(AT_FDCWD, b"/ro", OpenFlags::WRONLY, 0).is_ok());
}

#[test]
fn sticky_directories_protect_other_users_files() {
    let k = kernel();
    let root = k.init();
    root.mkdir(AT_FDCWD, b"/tmp", 0o1777).unwrap();
    root.chmod(AT_FDCWD, b"/tmp", 0o1777).unwrap();
    create(&root, b"/tmp/roots", b"");
    let u = user(&root);
    let fd = u.open(AT_FDCWD, b"/tmp/mine", OpenFlags::CREAT | OpenFlags::WRONLY, 0o644).unwrap();
    u.close(fd).unwrap();
    assert_eq!(errno(u.unlink(AT_FDCWD, b"/tmp/roots")), Errno::EPERM);
    u.unlink(AT_FDCWD, b"/tmp/mine").unwrap();
}

#[test]
fn exdev_across_mounts_and_ebusy_on_busy_unmount() {
    let k = kernel();
    let t = k.init();
    t.mkdir(AT_FDCWD, b"/mnt", 0o755).unwrap();
    k.mount(b"/mnt", MemFs::new(Arc::new(FsQuota::unlimited())), false).unwrap();
    create(&t, b"/f", b"x");
    create(&t, b"/mnt/g", b"y");
    assert_eq!(errno(t.rename(AT_FDCWD, b"/f", AT_FDCWD, b"/mnt/f", RenameFlags::default())), Errno::EXDEV);
    assert_eq!(errno(t.link(AT_FDCWD, b"/f", AT_FDCWD, b"/mnt/f", false)), Errno::EXDEV);
    assert_eq!(errno(t.rmdir(AT_FDCWD, b"/mnt")), Errno::EBUSY);
    let fd = t.open(AT_FDCWD, b"/mnt/g", OpenFlags::RDONLY, 0).unwrap();
    assert_eq!(errno(k.unmount(b"/mnt")), Errno::EBUSY);
    t.close(fd).unwrap();
    t.chdir(b"/mnt").unwrap();
    assert_eq!(errno(k.unmount(b"/mnt")), Errno::EBUSY);
    t.chdir(b"/").unwrap();
    k.unmount(b"/mnt").unwrap();
    assert_eq!(errno(t.stat(AT_FDCWD, b"/mnt/g", true)), Errno::ENOENT);
    assert_eq!(errno(k.unmount(b"/mnt")), Errno::EINVAL);
}

#[test]
fn einval_for_renaming_a_directory_into_itself() {
    let t = kernel().init();
    t.mkdir(AT_FDCWD, b"/a", 0o755).unwrap();
    t.mkdir(AT_FDCWD, b"/a/b", 0o755).unwrap();
    assert_eq!(errno(t.rename(AT_FDCWD, b"/a", AT_FDCWD, b"/a/b/c", RenameFlags::default())), Errno::EINVAL);
    assert_eq!(errno(t.rename(AT_FDCWD, b"/a", AT_FDCWD, b"/a/c", RenameFlags::default())), Errno::EINVAL);
    assert!(t.stat(AT_FDCWD, b"/a/b", true).is_ok());
}

#[test]
fn emfile_names_the_open_files_limit() {
    let limits = Limits { open_files: 8, ..Limits::default() };
    let t = kernel_with(limits).init();
    create(&t, b"/f", b"");
    for _ in 0..8 {
        t.open(AT_FDCWD, b"/f", OpenFlags::RDONLY, 0).unwrap();
    }
    let err = t.open(AT_FDCWD, b"/f", OpenFlags::RDONLY, 0).unwrap_err();
    assert_eq!(err, Error::LimitExceeded { limit: Limit::OpenFiles, max: 8 });
    assert_eq!(err.errno(), Errno::EMFILE);
    assert_eq!(errno(t.pipe(OpenFlags::default())), Errno::EMFILE);
    assert_eq!(errno(t.dup(0)), Errno::EMFILE);
}

#[test]
fn eagain_names_the_process_limit() {
    let limits = Limits { processes: 3, ..Limits::default() };
    let t = kernel_with(limits).init();
    let a = t.new_child(ChildOptions::default()).unwrap();
    let _b = t.new_child(ChildOptions::default()).unwrap();
    let err = t.new_child(ChildOptions::default()).unwrap_err();
    assert_eq!(err, Error::LimitExceeded { limit: Limit::Processes, max: 3 });
    assert_eq!(err.errno(), Errno::EAGAIN);
    a.exit(burrow_kernel::ExitStatus::Code(0));
    t.wait(burrow_kernel::process::WaitFor::Pid(a.pid()), false).unwrap();
    assert!(t.new_child(ChildOptions::default()).is_ok());
}

#[test]
fn fs_quota_gives_enospc_and_edquot_and_frees_on_unlink() {
    let limits = Limits { fs_bytes: 10_000, fs_inodes: 4, ..Limits::default() };
    let t = kernel_with(limits).init();
    let fd = t.open(AT_FDCWD, b"/big", OpenFlags::CREAT | OpenFlags::WRONLY, 0o644).unwrap();
    t.write(fd, &[1u8; 9000]).unwrap();
    let err = t.write(fd, &[1u8; 2000]).unwrap_err();
    assert_eq!(err, Error::LimitExceeded { limit: Limit::FsBytes, max: 10_000 });
    assert_eq!(err.errno(), Errno::ENOSPC);
    // Sparse extension costs nothing.
    t.ftruncate(fd, 1 << 30).unwrap();
    assert_eq!(t.fstat(fd).unwrap().size, 1 << 30);
    t.close(fd).unwrap();
    t.mkdir(AT_FDCWD, b"/d1", 0o755).unwrap();
    t.mkdir(AT_FDCWD, b"/d2", 0o755).unwrap();
    let err = t.mkdir(AT_FDCWD, b"/d3", 0o755).unwrap_err();
    assert_eq!(err, Error::LimitExceeded { limit: Limit::FsInodes, max: 4 });
    assert_eq!(err.errno(), Errno::EDQUOT);
    t.unlink(AT_FDCWD, b"/big").unwrap();
    t.mkdir(AT_FDCWD, b"/d3", 0o755).unwrap();
    let fd = t.open(AT_FDCWD, b"/d3/again", OpenFlags::CREAT | OpenFlags::WRONLY, 0o644);
    assert_eq!(errno(fd), Errno::EDQUOT);
}

#[test]
fn erofs_on_read_only_mounts() {
    let k = kernel();
    let t = k.init();
    let ro = MemFs::new(Arc::new(FsQuota::unlimited()));
    t.mkdir(AT_FDCWD, b"/ro", 0o755).unwrap();
    k.mount(b"/ro", ro, true).unwrap();
    assert_eq!(errno(t.mkdir(AT_FDCWD, b"/ro/x", 0o755)), Errno::EROFS);
    assert_eq!(errno(t.open(AT_FDCWD, b"/ro/x", OpenFlags::CREAT | OpenFlags::WRONLY, 0o644)), Errno::EROFS);
    assert_eq!(errno(t.chmod(AT_FDCWD, b"/ro", 0o700)), Errno::EROFS);
}

#[test]
fn ebadf_for_closed_and_wrong_mode_descriptors() {
    let t = kernel().init();
    create(&t, b"/f", b"abc");
    assert_eq!(errno(t.read(7, &mut [0u8; 1])), Errno::EBADF);
    let fd = t.open(AT_FDCWD, b"/f", OpenFlags::RDONLY, 0).unwrap();
    assert_eq!(errno(t.write(fd, b"x")), Errno::EBADF);
    assert_eq!(errno(t.ftruncate(fd, 0)), Errno::EINVAL);
    t.close(fd).unwrap();
    assert_eq!(errno(t.close(fd)), Errno::EBADF);
    let (r, w) = t.pipe(OpenFlags::default()).unwrap();
    assert_eq!(errno(t.write(r, b"x")), Errno::EBADF);
    assert_eq!(errno(t.read(w, &mut [0u8; 1])), Errno::EBADF);
    assert_eq!(errno(t.lseek(r, std::io::SeekFrom::Start(0))), Errno::ESPIPE);
}

#[test]
fn devices_behave_like_linux() {
    let k = kernel();
    let t = k.init();
    t.mkdir(AT_FDCWD, b"/dev", 0o755).unwrap();
    k.mount(b"/dev", DevFs::new(), false).unwrap();
    let null = t.open(AT_FDCWD, b"/dev/null", OpenFlags::RDWR | OpenFlags::TRUNC, 0).unwrap();
    assert_eq!(t.write(null, b"gone").unwrap(), 4);
    assert_eq!(t.read(null, &mut [0u8; 8]).unwrap(), 0);
    let zero = t.open(AT_FDCWD, b"/dev/zero", OpenFlags::RDONLY, 0).unwrap();
    let mut buf = [7u8; 16];
    assert_eq!(t.read(zero, &mut buf).unwrap(), 16);
    assert_eq!(buf, [0u8; 16]);
    let rnd = t.open(AT_FDCWD, b"/dev/urandom", OpenFlags::RDONLY, 0).unwrap();
    let (mut a, mut b) = ([0u8; 32], [0u8; 32]);
    t.read(rnd, &mut a).unwrap();
    t.read(rnd, &mut b).unwrap();
    assert_ne!(a, b);
    let full = t.open(AT_FDCWD, b"/dev/full", OpenFlags::WRONLY, 0).unwrap();
    assert_eq!(errno(t.write(full, b"x")), Errno::ENOSPC);
    // /dev/stdout is the process's fd 1.
    let (r, w) = t.pipe(OpenFlags::default()).unwrap();
    t.dup2(w, 1).unwrap();
    let out = t.open(AT_FDCWD, b"/dev/stdout", OpenFlags::WRONLY, 0).unwrap();
    t.write(out, b"via alias").unwrap();
    let mut got = [0u8; 9];
    assert_eq!(t.read(r, &mut got).unwrap(), 9);
    assert_eq!(&got, b"via alias");
    assert_eq!(t.stat(AT_FDCWD, b"/dev/stdout", true).unwrap().mode & 0o170000, 0o010000);
    assert_eq!(errno(t.unlink(AT_FDCWD, b"/dev/null")), Errno::EACCES);
}

#[test]
fn dev_fd_entries_open_the_processs_descriptors() {
    let k = kernel();
    let t = k.init();
    t.mkdir(AT_FDCWD, b"/dev", 0o755).unwrap();
    k.mount(b"/dev", DevFs::new(), false).unwrap();
    // A pipe's read end as /dev/fd/N, as `<(cmd)` passes it: reading the path reads the pipe.
    let (r, w) = t.pipe(OpenFlags::default()).unwrap();
    t.write(w, b"from the pipe").unwrap();
    t.close(w).unwrap();
    let path = format!("/dev/fd/{r}");
    let opened = t.open(AT_FDCWD, path.as_bytes(), OpenFlags::RDONLY, 0).unwrap();
    assert_ne!(opened, r);
    let mut got = [0u8; 32];
    let n = t.read(opened, &mut got).unwrap();
    assert_eq!(&got[..n], b"from the pipe");
    assert_eq!(t.read(r, &mut got).unwrap(), 0, "the same open pipe, as a dup");
    // stat follows to the descriptor's file, as Linux's /dev/fd symlinks do.
    let f = t.open(AT_FDCWD, b"/f", OpenFlags::CREAT | OpenFlags::RDWR, 0o600).unwrap();
    t.write(f, b"12345").unwrap();
    let st = t.stat(AT_FDCWD, format!("/dev/fd/{f}").as_bytes(), true).unwrap();
    assert_eq!((st.size, st.mode & 0o170000), (5, 0o100000));
    // Only canonical numbers of open descriptors.
    // A closed descriptor's entry does not exist (Linux: /proc/self/fd/99 is missing).
    assert_eq!(errno(t.open(AT_FDCWD, b"/dev/fd/99", OpenFlags::RDONLY, 0)), Errno::ENOENT);
    assert_eq!(errno(t.stat(AT_FDCWD, b"/dev/fd/99", true)), Errno::ENOENT);
    for bad in [&b"/dev/fd/07"[..], b"/dev/fd/-1", b"/dev/fd/x", b"/dev/fd/99999999999"] {
        assert_eq!(errno(t.open(AT_FDCWD, bad, OpenFlags::RDONLY, 0)), Errno::ENOENT, "{}", String::from_utf8_lossy(bad));
    }
    assert_eq!(errno(t.unlink(AT_FDCWD, path.as_bytes())), Errno::EACCES);
    assert_eq!(errno(t.open(AT_FDCWD, b"/dev/fd/new", OpenFlags::CREAT | OpenFlags::WRONLY, 0o600)), Errno::EACCES);
    // A directory in its place in the tree.
    let dir = t.open(AT_FDCWD, b"/dev/fd", OpenFlags::RDONLY | OpenFlags::DIRECTORY, 0).unwrap();
    t.fchdir(dir).unwrap();
    assert_eq!(t.getcwd().unwrap(), b"/dev/fd");
    t.chdir(b"..").unwrap();
    assert_eq!(t.getcwd().unwrap(), b"/dev");
}
