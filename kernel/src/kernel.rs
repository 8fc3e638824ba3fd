//! The kernel of one VM and [`Task`], the handle through which a process makes syscalls.

use std::sync::Arc;

use parking_lot::RwLock;

use crate::error::{Errno, Limit, Result};
use crate::fd::FdTable;
use crate::limits::{Counter, Limits};
use crate::net::policy::NetPolicy;
use crate::net::SocketTable;
use crate::poll::Io;
use crate::process::{FsContext, Launcher, Pid, Process, ProcessTable, Signals};
use crate::vfs::mount::{Location, MountTable};
use crate::vfs::path::Walker;
use crate::vfs::perm::Credentials;
use crate::vfs::FileSystem;

/// `dirfd` meaning "relative to the working directory".
pub const AT_FDCWD: i32 = -100;

pub(crate) struct KernelShared {
    pub limits: Limits,
    pub mounts: MountTable,
    pub root: Location,
    pub procs: ProcessTable,
    pub pipe_buffers: Arc<Counter>,
    pub net: Arc<SocketTable>,
    pub launcher: RwLock<Option<Arc<dyn Launcher>>>,
}

/// The kernel of one VM: its mounts, processes and limits. Cheap to clone.
#[derive(Clone)]
pub struct Kernel {
    pub(crate) shared: Arc<KernelShared>,
}

impl Kernel {
    /// A kernel whose root filesystem is `root`, with pid 1 (init, acting for the host) running
    /// as root in `/`.
    pub fn new(root: Arc<dyn FileSystem>, limits: Limits) -> Kernel {
        let mounts = MountTable::new(root);
        let root_loc = mounts.root();
        let shared = Arc::new(KernelShared {
            limits,
            procs: ProcessTable::new(Counter::new(Limit::Processes, limits.processes)),
            pipe_buffers: Arc::new(Counter::new(Limit::PipeBuffers, limits.pipe_buffers)),
            net: SocketTable::new(Arc::new(Counter::new(Limit::SocketBuffers, limits.socket_buffers))),
            root: root_loc.clone(),
            mounts,
            launcher: RwLock::new(None),
        });
        shared
            .procs
            .insert(0, None, |pid| {
                Process::new(
                    pid,
                    Credentials::ROOT,
                    vec![b"init".to_vec()],
                    Vec::new(),
                    FdTable::new(limits.open_files),
                    FsContext { cwd: root_loc, umask: 0o022 },
                    Signals::default(),
                )
            })
            .expect("a new VM admits its init process");
        Kernel { shared }
    }

    /// The limits this VM was built with.
    pub fn limits(&self) -> &Limits {
        &self.shared.limits
    }

    /// The process table.
    pub fn processes(&self) -> &ProcessTable {
        &self.shared.procs
    }

    /// The mount table.
    pub fn mounts(&self) -> &MountTable {
        &self.shared.mounts
    }

    /// Bytes of pipe buffers in use.
    pub fn pipe_buffer_usage(&self) -> u64 {
        self.shared.pipe_buffers.used()
    }

    /// The socket table: names, the egress policy, socket-buffer usage.
    pub fn sockets(&self) -> &Arc<SocketTable> {
        &self.shared.net
    }

    /// Sets the VM's egress policy (see [`NetPolicy`]); the default denies all egress.
    pub fn set_net_policy(&self, policy: NetPolicy) {
        self.shared.net.set_policy(policy);
    }

    /// Lends the VM the host's network for the connections its policy allows (see
    /// [`crate::net::egress`]); without one they fail with `ENETUNREACH`.
    pub fn set_host_net(&self, net: Arc<dyn crate::net::HostNet>) {
        self.shared.net.set_host_net(Some(net));
    }

    /// Pid 1, through which the host acts inside the VM.
    pub fn init(&self) -> Task {
        self.task(1).expect("init lives as long as the kernel")
    }

    /// A handle to a live process.
    pub fn task(&self, pid: Pid) -> Option<Task> {
        let proc = self.shared.procs.get(pid)?;
        Some(Task { kernel: self.clone(), proc })
    }

    /// Registers the backend that runs spawned programs.
    pub fn set_launcher(&self, launcher: Arc<dyn Launcher>) {
        *self.shared.launcher.write() = Some(launcher);
    }

    pub(crate) fn launcher(&self) -> Option<Arc<dyn Launcher>> {
        self.shared.launcher.read().clone()
    }

    /// Mounts `fs` on the directory at `path` (resolved as root from `/`).
    pub fn mount(&self, path: &[u8], fs: Arc<dyn FileSystem>, read_only: bool) -> Result<()> {
        let at = self.root_walker().lookup(&self.shared.root, path, true)?;
        self.shared.mounts.mount(&at, fs, read_only)?;
        Ok(())
    }

    /// Unmounts the filesystem mounted at `path`; `EBUSY` while it is in use.
    pub fn unmount(&self, path: &[u8]) -> Result<()> {
        let at = self.root_walker().lookup(&self.shared.root, path, true)?;
        self.shared.mounts.unmount(&at)
    }

    fn root_walker(&self) -> Walker<'_> {
        Walker { mounts: &self.shared.mounts, root: &self.shared.root, cred: Credentials::ROOT }
    }
}

/// A process's handle on the kernel: every syscall is a method of it. Held by whatever runs
/// the process (a backend's guest, or the host through init). Cheap to clone.
#[derive(Clone)]
pub struct Task {
    pub(crate) kernel: Kernel,
    pub(crate) proc: Arc<Process>,
}

impl Task {
    /// The process id.
    pub fn pid(&self) -> Pid {
        self.proc.pid()
    }

    /// The process.
    pub fn process(&self) -> &Arc<Process> {
        &self.proc
    }

    /// The kernel.
    pub fn kernel(&self) -> &Kernel {
        &self.kernel
    }

    /// The I/O context of this process's calls: signals interrupt them.
    pub fn io(&self) -> Io<'_> {
        Io { interrupt: Some(&*self.proc) }
    }

    pub(crate) fn walker(&self) -> Walker<'_> {
        Walker { mounts: &self.kernel.shared.mounts, root: &self.kernel.shared.root, cred: self.proc.creds }
    }

    /// Where a path relative to `dirfd` starts.
    pub(crate) fn start(&self, dirfd: i32, path: &[u8]) -> Result<Location> {
        if path.first() == Some(&b'/') {
            return Ok(self.kernel.shared.root.clone());
        }
        if dirfd == AT_FDCWD {
            return Ok(self.proc.fs.lock().cwd.clone());
        }
        let fd = u32::try_from(dirfd).map_err(|_| Errno::EBADF)?;
        let file = self.proc.fds.lock().get(fd)?;
        let loc = file.location().ok_or(Errno::ENOTDIR)?;
        if loc.node.file_type() != crate::vfs::FileType::Directory {
            return Err(Errno::ENOTDIR.into());
        }
        Ok(loc.clone())
    }
}

impl std::fmt::Debug for Task {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Task").field("pid", &self.pid()).finish()
    }
}

impl std::fmt::Debug for Kernel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Kernel").field("processes", &self.shared.procs.len()).finish()
    }
}
