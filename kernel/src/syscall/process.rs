//! Process calls: spawn, wait, kill, signal dispositions, exit, ids.

use std::sync::Arc;

use tracing::{debug_span, trace_span};

use crate::error::{Errno, Result};
use crate::kernel::{Task, AT_FDCWD};
use crate::poll::{block_on, Readiness};
use crate::vfs::perm::Credentials;
use crate::process::{Delivery, Disposition, ExitStatus, FsContext, Pid, Process, Signal, Signals, WaitFor};

/// What a new process starts with, apart from the program.
#[derive(Clone, Debug, Default)]
pub struct ChildOptions {
    pub argv: Vec<Vec<u8>>,
    /// `KEY=VALUE` entries.
    pub env: Vec<Vec<u8>>,
    /// Working directory (resolved from the parent's); the parent's when `None`.
    pub cwd: Option<Vec<u8>>,
    /// `(child_fd, parent_fd)`: descriptors to set in the child after inheriting the parent's
    /// non-close-on-exec ones.
    pub fds: Vec<(u32, u32)>,
    /// Process group: `None` the parent's, `Some(0)` a new one led by the child.
    pub pgid: Option<Pid>,
    /// Credentials to run as; only a root parent may choose them (`EPERM` otherwise).
    pub credentials: Option<Credentials>,
}

/// A `posix_spawn`: the program and the child's setup.
#[derive(Clone, Debug, Default)]
pub struct SpawnRequest {
    /// Program path; without a slash it is searched in the child's `PATH`.
    pub path: Vec<u8>,
    pub options: ChildOptions,
}

impl Task {
    /// Creates a child process without running anything in it; the caller runs it and must end
    /// it with [`Task::exit`]. [`Task::spawn`] uses this and hands the child to the launcher.
    pub fn new_child(&self, options: ChildOptions) -> Result<Task> {
        let arg_bytes: u64 = options.argv.iter().chain(&options.env).map(|s| s.len() as u64 + 1).sum();
        let max_arg_bytes = self.kernel.limits().arg_bytes;
        if arg_bytes > max_arg_bytes {
            return Err(crate::limits::exceeded(crate::error::Limit::ArgBytes, max_arg_bytes));
        }
        let cwd = match &options.cwd {
            Some(path) => {
                let start = self.start(AT_FDCWD, path)?;
                let loc = self.walker().lookup(&start, path, true)?;
                if loc.node.file_type() != crate::vfs::FileType::Directory {
                    return Err(Errno::ENOTDIR.into());
                }
                loc
            }
            None => self.proc.fs.lock().cwd.clone(),
        };
        let max_fds = self.kernel.limits().open_files;
        let fds = {
            let parent = self.proc.fds.lock();
            let mut fds = parent.inherit(max_fds);
            for &(child_fd, parent_fd) in &options.fds {
                let file = parent.get(parent_fd)?;
                fds.install(child_fd, file, false)?;
            }
            fds
        };
        let umask = self.proc.fs.lock().umask;
        let creds = match options.credentials {
            Some(c) if c != self.proc.creds && !self.proc.creds.is_root() => return Err(Errno::EPERM.into()),
            Some(c) => c,
            None => self.proc.creds,
        };
        let signals = Signals::inherit(&self.proc.signals);
        let ChildOptions { argv, env, pgid, .. } = options;
        let proc = self.kernel.shared.procs.insert(self.pid(), pgid, |pid| {
            Process::new(pid, creds, argv, env, fds, FsContext { cwd, umask }, signals)
        })?;
        Ok(Task { kernel: self.kernel.clone(), proc })
    }

    /// `posix_spawn`: resolves the program, creates the child and has the registered launcher
    /// run it. Returns the child's pid.
    pub fn spawn(&self, request: SpawnRequest) -> Result<Pid> {
        let _span = debug_span!("spawn", pid = self.pid()).entered();
        let launcher = self.kernel.launcher().ok_or(Errno::ENOSYS)?;
        let start = match &request.options.cwd {
            Some(cwd) => {
                let s = self.start(AT_FDCWD, cwd)?;
                self.walker().lookup(&s, cwd, true)?
            }
            None => self.proc.fs.lock().cwd.clone(),
        };
        let mut options = request.options;
        let argv = std::mem::take(&mut options.argv);
        let env = options.env.clone();
        let program = debug_span!("lookup").in_scope(|| self.resolve_program(&start, &request.path, argv, env))?;
        options.argv = program.argv.clone();
        let child = self.new_child(options)?;
        let pid = child.pid();
        if let Err(e) = launcher.launch(child.clone(), program) {
            let files = child.proc.fds.lock().take_all();
            drop(files);
            self.kernel.shared.procs.discard(pid);
            return Err(e);
        }
        Ok(pid)
    }

    /// `waitpid`: reaps a child that has exited. With `nohang`, returns `Ok(None)` at once if
    /// none has; otherwise blocks (interruptible by signals).
    pub fn wait(&self, which: WaitFor, nohang: bool) -> Result<Option<(Pid, ExitStatus)>> {
        let _span = trace_span!("wait", pid = self.pid()).entered();
        let table = &self.kernel.shared.procs;
        if nohang {
            return table.reap(self.pid(), which);
        }
        block_on(self.io(), &self.proc.child_events, Readiness::ALL, None, || table.reap(self.pid(), which))
    }

    /// `kill`: sends `sig` (or with `None` only checks) to `pid` (> 0 a process, 0 the caller's
    /// group, -1 every other process, < -1 the group `-pid`).
    pub fn kill(&self, pid: i64, sig: Option<Signal>) -> Result<()> {
        let _span = trace_span!("kill", pid = self.pid(), target = pid).entered();
        let targets = self.kernel.shared.procs.targets(self.pid(), pid)?;
        if let Some(sig) = sig {
            for target in targets {
                deliver(&target, sig);
            }
        }
        Ok(())
    }

    pub(crate) fn signal_self(&self, sig: Signal) {
        deliver(&self.proc, sig);
    }

    /// `sigaction`, reduced to what a runtime without native handlers needs.
    pub fn set_signal_disposition(&self, sig: Signal, disposition: Disposition) -> Result<Disposition> {
        self.proc.signals.set_disposition(sig, disposition)
    }

    /// Takes pending caught signals (bit `n-1` for signal `n`).
    pub fn take_signals(&self) -> u64 {
        self.proc.signals.take_pending()
    }

    /// The signal killing this process, if any: the runtime should stop and call `exit`.
    pub fn killed(&self) -> Option<Signal> {
        self.proc.signals.fatal()
    }

    /// Kills this process with `sig` because it passed `limit` (for backends enforcing CPU, time
    /// and memory limits); the engine is told to stop it. Returns false if it was already dying.
    pub fn kill_for_limit(&self, limit: crate::error::Limit, sig: Signal) -> bool {
        self.proc.limits_hit.record(limit);
        let first = self.proc.signals.terminate_for(limit, sig);
        if first {
            if let Some(driver) = self.proc.driver() {
                driver.terminate(sig);
            }
        }
        first
    }

    /// Until the returned guard drops, limits that this thread's kernel calls run into are
    /// recorded on this process (see [`crate::process::Process::limits_hit`]). A launcher holds one on the
    /// thread that runs the process.
    pub fn attribute_limit_hits(&self) -> crate::limits::HitScope {
        crate::limits::LimitHits::attribute(self.proc.limits_hit.clone()).with_memory(self.proc.memory.clone())
    }

    /// The limit this process was killed for, if that is how it died.
    pub fn killed_for_limit(&self) -> Option<crate::error::Limit> {
        self.proc.signals.fatal_limit()
    }

    /// Ends the process: closes its descriptors (so pipe peers see EOF), makes it a zombie
    /// for its parent (with the killing signal as status, if it was killed), hands its children
    /// to init, and wakes the parent's `wait`.
    pub fn exit(&self, status: ExitStatus) {
        let _span = debug_span!("exit", pid = self.pid()).entered();
        let files = self.proc.fds.lock().take_all();
        drop(files);
        {
            let root = self.kernel.shared.root.clone();
            self.proc.fs.lock().cwd = root;
        }
        let status = match self.proc.signals.fatal() {
            Some(sig) => ExitStatus::Signaled(sig),
            None => status,
        };
        if let Some(parent) = self.kernel.shared.procs.exit(self.pid(), status) {
            parent.limits_hit.merge(&self.proc.limits_hit);
            deliver(&parent, Signal::SIGCHLD);
            parent.child_events.notify(Readiness::ALL);
        }
    }

    /// `getpid`.
    pub fn getpid(&self) -> Pid {
        self.pid()
    }

    /// `getppid` (0 for init).
    pub fn getppid(&self) -> Pid {
        self.kernel.shared.procs.parent(self.pid()).unwrap_or(0)
    }

    /// `getpgid` (0: the caller).
    pub fn getpgid(&self, pid: Pid) -> Result<Pid> {
        self.kernel.shared.procs.pgid(if pid == 0 { self.pid() } else { pid })
    }

    /// `setpgid`.
    pub fn setpgid(&self, pid: Pid, pgid: Pid) -> Result<()> {
        self.kernel.shared.procs.set_pgid(self.pid(), pid, pgid)
    }
}

impl crate::Kernel {
    /// Ends the VM's processes: kills every one but init with `SIGKILL` and refuses new ones
    /// (spawn fails with `EAGAIN`), so nothing a guest left running, a fork bomb included,
    /// outlives the VM. Processes blocked in the kernel wake at once; running guests stop as
    /// their engine notices the kill.
    pub fn shut_down(&self) {
        for target in self.shared.procs.close() {
            deliver(&target, Signal::SIGKILL);
        }
    }
}

fn deliver(target: &Arc<Process>, sig: Signal) {
    if target.signals.deliver(sig) == Delivery::Terminate {
        if let Some(driver) = target.driver() {
            driver.terminate(sig);
        }
    }
}
