//! Invariants every fuzz target checks after (and during) a run.

use burrow_kernel::fd::OpenFlags;
use burrow_kernel::process::WaitFor;
use burrow_kernel::vfs::FileType;
use burrow_kernel::{ExitStatus, Task, AT_FDCWD};

use crate::hostdir::HostDir;
use crate::vm::{Usage, Vm};

/// Accounting is within the VM's limits (a counter released below zero wraps, and fails this
/// too).
pub fn within_limits(vm: &Vm) {
    let u = vm.usage();
    let l = &vm.limits;
    assert!(u.fs_bytes <= l.fs_bytes, "fs bytes {} over the limit {}", u.fs_bytes, l.fs_bytes);
    assert!(u.fs_inodes <= l.fs_inodes, "fs inodes {} over the limit {}", u.fs_inodes, l.fs_inodes);
    assert!(u.pipe_buffers <= l.pipe_buffers, "pipe buffers {} over the limit {}", u.pipe_buffers, l.pipe_buffers);
    assert!(
        u.socket_buffers <= l.socket_buffers,
        "socket buffers {} over the limit {}",
        u.socket_buffers,
        l.socket_buffers
    );
    assert!(u.processes as u64 <= l.processes, "{} processes over the limit {}", u.processes, l.processes);
}

/// Every regular file reachable from `/` (mount included, symlinks not followed) has a size
/// equal to its content's length, and nothing read holds the host's secret.
pub fn sizes_match_contents(init: &Task) {
    walk(init, b"/".to_vec(), 0);
}

fn walk(init: &Task, dir: Vec<u8>, depth: usize) {
    if depth > 6 {
        return;
    }
    let Ok(fd) = init.open(AT_FDCWD, &dir, OpenFlags::DIRECTORY | OpenFlags::NOFOLLOW, 0) else { return };
    let mut names: Vec<(Vec<u8>, FileType)> = Vec::new();
    let _ = init.readdir(fd, 0, &mut |e| {
        if e.name != b"." && e.name != b".." {
            names.push((e.name.to_vec(), e.file_type));
        }
        names.len() < 64
    });
    init.close(fd).expect("closing a directory");
    for (name, _) in names {
        assert!(!HostDir::get().leaks(&name), "MOUNT ESCAPE: a listing holds the secret");
        let mut path = dir.clone();
        if path.last() != Some(&b'/') {
            path.push(b'/');
        }
        path.extend_from_slice(&name);
        let Ok(st) = init.stat(AT_FDCWD, &path, false) else { continue };
        match st.mode & 0o170000 {
            0o040000 => walk(init, path, depth + 1),
            0o100000 => file_size_matches(init, &path, st.size),
            _ => {}
        }
    }
}

fn file_size_matches(init: &Task, path: &[u8], size: u64) {
    let Ok(fd) = init.open(AT_FDCWD, path, OpenFlags::RDONLY | OpenFlags::NOFOLLOW | OpenFlags::NONBLOCK, 0) else {
        return;
    };
    let fst = init.fstat(fd).expect("fstat of an open file");
    assert_eq!(fst.size, size, "stat and fstat disagree on {}", String::from_utf8_lossy(path));
    let mut buf = vec![0u8; 4096];
    if size <= 256 << 10 {
        let mut content = Vec::new();
        loop {
            let n = init.pread(fd, &mut buf, content.len() as u64).expect("reading a file");
            if n == 0 {
                break;
            }
            content.extend_from_slice(&buf[..n]);
            assert!(content.len() as u64 <= size, "{} holds more than its size {size}", String::from_utf8_lossy(path));
        }
        assert_eq!(
            content.len() as u64,
            size,
            "{}: stat size is not the content length",
            String::from_utf8_lossy(path)
        );
        assert!(!HostDir::get().leaks(&content), "MOUNT ESCAPE: a VM file holds the secret");
    } else {
        assert_eq!(init.pread(fd, &mut buf[..1], size - 1).expect("reading the last byte"), 1);
        assert_eq!(init.pread(fd, &mut buf[..1], size).expect("reading at the end"), 0);
    }
    init.close(fd).expect("closing a file");
}

/// Ends every process but init (`tasks`: handles to them), reaps them, closes init's
/// descriptors and removes everything the run created in the memfs; then usage must be back
/// to the baseline: nothing leaked, nothing released twice. The host outside the mount must
/// be untouched.
pub fn teardown(vm: &Vm, tasks: &[Task]) {
    let init = vm.init();
    for t in tasks.iter().chain(vm.take_spawned().iter()) {
        if t.pid() != 1 {
            t.exit(ExitStatus::code(0));
        }
    }
    while let Ok(Some(_)) = init.wait(WaitFor::Any, true) {}
    for fd in init.fds() {
        let _ = init.close(fd);
    }
    assert_eq!(vm.kernel.processes().len(), 1, "processes left after every one ended");
    let _ = init.chdir(b"/");
    remove_tree(&init, b"/", 0);
    let now = vm.usage();
    assert_eq!(now, Usage { processes: 1, ..vm.baseline }, "usage is not back to the baseline after a full clean-up");
    HostDir::get().check_untouched();
}

fn remove_tree(init: &Task, dir: &[u8], depth: usize) {
    let Ok(fd) = init.open(AT_FDCWD, dir, OpenFlags::DIRECTORY | OpenFlags::NOFOLLOW, 0) else { return };
    let mut names: Vec<Vec<u8>> = Vec::new();
    let _ = init.readdir(fd, 0, &mut |e| {
        if e.name != b"." && e.name != b".." {
            names.push(e.name.to_vec());
        }
        true
    });
    init.close(fd).expect("closing a directory");
    for name in names {
        let mut path = dir.to_vec();
        if path.last() != Some(&b'/') {
            path.push(b'/');
        }
        path.extend_from_slice(&name);
        if path == b"/mnt" {
            continue;
        }
        let Ok(st) = init.stat(AT_FDCWD, &path, false) else { continue };
        if st.mode & 0o170000 == 0o040000 {
            assert!(depth < 64, "a directory tree deeper than the inode limit allows");
            remove_tree(init, &path, depth + 1);
            init.rmdir(AT_FDCWD, &path).expect("removing an emptied directory");
        } else {
            init.unlink(AT_FDCWD, &path).expect("removing a file");
        }
    }
}
