//! A VM to fuzz: a kernel with small limits (so the fuzzer reaches them), a memfs root whose
//! quota the checks can read, a seeded tree with symlinks, the host directory of
//! [`crate::hostdir`] mounted at `/mnt`, and a launcher that parks spawned processes for the
//! target to drive.

use std::sync::Arc;

use burrow_kernel::fd::OpenFlags;
use burrow_kernel::limits::{FsQuota, Limits};
use burrow_kernel::process::{Launcher, Program};
use burrow_kernel::vfs::hostfs::{HostFs, HostFsOptions};
use burrow_kernel::vfs::memfs::MemFs;
use burrow_kernel::{Kernel, Task, AT_FDCWD};
use parking::Parked;

use crate::hostdir::HostDir;

/// The limits every fuzzed VM runs under.
pub fn limits() -> Limits {
    Limits {
        processes: 8,
        open_files: 24,
        fs_bytes: 256 << 10,
        fs_inodes: 48,
        pipe_buffers: 96 << 10,
        socket_buffers: 48 << 10,
        arg_bytes: 4096,
        module_bytes: 64 << 10,
        ..Limits::default()
    }
}

/// Accounting of a VM at one moment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Usage {
    pub fs_bytes: u64,
    pub fs_inodes: u64,
    pub pipe_buffers: u64,
    pub socket_buffers: u64,
    pub processes: usize,
}

/// One fuzzed VM.
pub struct Vm {
    pub kernel: Kernel,
    pub quota: Arc<FsQuota>,
    pub limits: Limits,
    /// Usage right after the root and the mount point were made (what a full clean-up must
    /// return to).
    pub baseline: Usage,
    parked: Arc<Parked>,
}

/// Paths of the seeded tree (a guest may change it all).
pub const SEED_DIRS: &[&[u8]] = &[b"/a", b"/a/b", b"/tmp"];

impl Vm {
    /// A fresh VM (the host directory emptied and reseeded).
    pub fn new() -> Vm {
        Vm::with_limits(limits())
    }

    /// A fresh VM with other limits than [`limits`].
    pub fn with_limits(limits: Limits) -> Vm {
        let quota = Arc::new(FsQuota::new(&limits));
        let kernel = Kernel::new(MemFs::new(quota.clone()), limits);
        let parked = Arc::new(Parked::default());
        kernel.set_launcher(parked.clone());
        let init = kernel.init();
        init.mkdir(AT_FDCWD, b"/mnt", 0o755).expect("/mnt");
        let host = HostDir::get();
        host.reset();
        let fs = HostFs::open(host.mount(), HostFsOptions::default()).expect("mounting the host directory");
        kernel.mount(b"/mnt", fs, false).expect("mounting /mnt");
        let mut vm = Vm { kernel, quota, limits, baseline: Usage::zero(), parked };
        vm.baseline = vm.usage();
        for d in SEED_DIRS {
            init.mkdir(AT_FDCWD, d, 0o755).expect("a seed directory");
        }
        let fd = init.open(AT_FDCWD, b"/a/f", OpenFlags::CREAT | OpenFlags::WRONLY, 0o644).expect("/a/f");
        init.write(fd, b"seed content").expect("writing /a/f");
        init.close(fd).expect("closing /a/f");
        for (target, link) in [
            (&b"b"[..], &b"/a/lb"[..]),
            (b"..", b"/a/b/up"),
            (b"/mnt/esc", b"/mesc"),
            (b"/mnt/up/canary", b"/mup"),
            (b"loop", b"/loop"),
            (b"/mnt/d", b"/md"),
        ] {
            init.symlink(target, AT_FDCWD, link).expect("a seed symlink");
        }
        vm
    }

    /// Init's handle.
    pub fn init(&self) -> Task {
        self.kernel.init()
    }

    /// Processes spawned since the last call (parked, never run).
    pub fn take_spawned(&self) -> Vec<Task> {
        std::mem::take(&mut *self.parked.0.lock().expect("the parked list"))
    }

    /// Current accounting.
    pub fn usage(&self) -> Usage {
        Usage {
            fs_bytes: self.quota.bytes.used(),
            fs_inodes: self.quota.inodes.used(),
            pipe_buffers: self.kernel.pipe_buffer_usage(),
            socket_buffers: self.kernel.sockets().buffered(),
            processes: self.kernel.processes().len(),
        }
    }
}

impl Default for Vm {
    fn default() -> Self {
        Vm::new()
    }
}

impl Usage {
    fn zero() -> Usage {
        Usage { fs_bytes: 0, fs_inodes: 0, pipe_buffers: 0, socket_buffers: 0, processes: 0 }
    }
}

mod parking {
    use super::*;

    /// A launcher that runs nothing: spawned processes wait here for the target to drive
    /// them (and end them).
    #[derive(Default)]
    pub struct Parked(pub std::sync::Mutex<Vec<Task>>);

    impl Launcher for Parked {
        fn launch(&self, task: Task, _program: Program) -> burrow_kernel::Result<()> {
            self.0.lock().expect("the parked list").push(task);
            Ok(())
        }
    }
}
