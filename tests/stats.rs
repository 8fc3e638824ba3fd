//! `Vm::stats`: processes, descriptors, files and buffers in use, and each limit's fill, as
//! programs run, files are written and streams are opened.

#[macro_use]
mod common;

use std::time::{Duration, Instant};

use burrow::kernel::limits::Limits;
use burrow::kernel::{Limit, Signal};
use burrow::{BackendKind, ExitStatus, Stdio, Vm, VmStats};
use common::runtime;

#[derive(Clone, Copy)]
struct Backend(BackendKind);

impl Backend {
    fn vm_with(self, limits: Limits) -> Vm {
        Vm::builder().runtime(&runtime()).backend(self.0).limits(limits).build().expect("vm")
    }
}

/// Polls the VM's stats until `done` holds (a guest starts and opens files on its own
/// thread); panics with the last stats after a while.
fn stats_until(vm: &Vm, done: impl Fn(&VmStats) -> bool) -> VmStats {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let stats = vm.stats();
        if done(&stats) {
            return stats;
        }
        assert!(Instant::now() < deadline, "stats never got there: {stats:?}");
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// A fresh VM: init alone, nothing buffered, every limit listed with its configured ceiling.
fn fresh_vm_and_limit_ceilings(b: Backend) {
    let limits = Limits { processes: 9, fs_bytes: 5 << 20, ..Limits::default() };
    let vm = b.vm_with(limits);
    let stats = vm.stats();
    assert_eq!((stats.processes, stats.running), (1, 1), "{stats:?}");
    assert_eq!((stats.pipe_buffer_bytes, stats.socket_buffer_bytes), (0, 0));
    assert_eq!(stats.limits.len(), Limit::ALL.len());
    for (fill, limit) in stats.limits.iter().zip(Limit::ALL) {
        assert_eq!(fill.limit, limit);
        assert_eq!(fill.max, limits.get(limit), "{limit}");
    }
    assert_eq!(stats.limit(Limit::Processes).used, Some(1));
    assert_eq!(stats.limit(Limit::Processes).fraction(), Some(1.0 / 9.0));
    assert_eq!(stats.limit(Limit::CpuTime).used, None, "a per-process limit has no VM-wide gauge");
}

/// A running program counts as a process with its descriptors and stdio pipes open; once it
/// is killed and reaped (and its streams dropped) all of it is given back.
fn a_running_process_and_its_descriptors(b: Backend) {
    let vm = b.vm_with(Limits::default());
    let mut child = vm.spawn(&["/bin/spin"]).expect("spawn");
    let stats = stats_until(&vm, |s| s.running == 2 && s.open_files >= 3);
    assert_eq!(stats.processes, 2);
    assert_eq!(stats.pipe_buffer_bytes, 3 * 64 * 1024, "stdin, stdout and stderr pipes");
    assert!(stats.limit(Limit::OpenFiles).used.unwrap() >= 3, "{stats:?}");
    assert_eq!(stats.limit(Limit::PipeBuffers).used, Some(3 * 64 * 1024));

    child.kill().expect("kill");
    assert_eq!(child.wait_blocking().expect("wait"), ExitStatus::Signaled(Signal::SIGKILL));
    drop(child);
    let stats = vm.stats();
    assert_eq!((stats.processes, stats.running, stats.pipe_buffer_bytes), (1, 1, 0), "{stats:?}");
}

/// A program holding more descriptors raises the open-file fill: a shell with a pipeline
/// running and extra descriptors open on files.
fn descriptor_use_of_a_shell(b: Backend) {
    let vm = b.vm_with(Limits::default());
    let baseline = vm.stats().open_files;
    let mut child = vm
        .command("sh")
        .args(["-c", "exec 5>/tmp/a 6>/tmp/b 7</dev/null; /bin/spin"])
        .stdout(Stdio::Null)
        .stderr(Stdio::Null)
        .spawn()
        .expect("spawn");
    let stats = stats_until(&vm, |s| s.running == 3);
    assert!(stats.open_files >= baseline + 6, "{stats:?}");
    assert!(stats.limit(Limit::OpenFiles).used.unwrap() >= 6, "{stats:?}");
    child.kill().expect("kill");
    child.wait_blocking().expect("wait");
}

/// Files written (by the host and by a guest) show in the writable layer's bytes and inodes,
/// and removing them gives both back.
fn files_written_and_removed(b: Backend) {
    let vm = b.vm_with(Limits::default());
    // The first file in /tmp copies the directory up into the VM's writable layer too.
    vm.fs().write("/tmp/first", b"").expect("write");
    let before = vm.stats();
    vm.fs().write("/tmp/host.bin", vec![7u8; 300_000]).expect("write");
    let after_host = vm.stats();
    assert!(after_host.fs_bytes >= before.fs_bytes + 300_000, "{before:?} -> {after_host:?}");
    assert_eq!(after_host.fs_inodes, before.fs_inodes + 1);
    assert_eq!(after_host.limit(Limit::FsBytes).used, Some(after_host.fs_bytes));
    assert_eq!(after_host.limit(Limit::FsInodes).used, Some(after_host.fs_inodes));

    let out = vm.run(&["sh", "-c", "mkdir /tmp/d && head -c 1000000 /dev/zero > /tmp/d/zeros"]).expect("run");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let after_guest = vm.stats();
    assert!(after_guest.fs_bytes >= after_host.fs_bytes + 1_000_000, "{after_guest:?}");
    assert_eq!(after_guest.fs_inodes, after_host.fs_inodes + 2);

    let out = vm.run(&["rm", "-r", "/tmp/d", "/tmp/host.bin"]).expect("rm");
    assert!(out.status.success());
    let cleaned = vm.stats();
    assert_eq!((cleaned.fs_bytes, cleaned.fs_inodes), (before.fs_bytes, before.fs_inodes));
}

/// A running WebAssembly program's linear memory counts (on the backends that report it) and
/// is the memory limit's fill; it is no longer counted once the program ends.
fn memory_of_a_running_program(b: Backend) {
    let vm = b.vm_with(Limits::default());
    let mut child = vm.spawn(&["/bin/spin"]).expect("spawn");
    let stats = stats_until(&vm, |s| s.running == 2 && (b.0 == BackendKind::V8 || s.memory_bytes > 0));
    if b.0 != BackendKind::V8 {
        assert!(stats.memory_bytes >= 64 << 10, "{stats:?}");
        assert_eq!(stats.limit(Limit::Memory).used, Some(stats.memory_bytes));
        assert_eq!(stats.limit(Limit::Memory).max, Limits::default().memory);
    }
    child.kill().expect("kill");
    child.wait_blocking().expect("wait");
    assert_eq!(vm.stats().memory_bytes, 0);
}

/// What a guest adds to a writable host mount counts in the VM's filesystem use too (one quota
/// covers the VM's own layer and its host mounts).
fn writes_to_a_host_mount(b: Backend) {
    let dir = tempfile::tempdir().expect("tempdir");
    let spec = format!("{}:/mnt", dir.path().display()).parse().expect("mount spec");
    let vm = Vm::builder().runtime(&runtime()).backend(b.0).mount(spec).build().expect("vm");
    let before = vm.stats();
    let out = vm.run(&["sh", "-c", "head -c 200000 /dev/zero > /mnt/zeros"]).expect("run");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let after = vm.stats();
    assert!(after.fs_bytes >= before.fs_bytes + 200_000, "{before:?} -> {after:?}");
    assert_eq!(std::fs::metadata(dir.path().join("zeros")).expect("host file").len(), 200_000);
}

every_backend!(
    writes_to_a_host_mount,
    fresh_vm_and_limit_ceilings,
    memory_of_a_running_program,
    a_running_process_and_its_descriptors,
    descriptor_use_of_a_shell,
    files_written_and_removed,
);
