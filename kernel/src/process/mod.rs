//! Processes: identity, per-process state, and the VM's process table (parents, children,
//! zombies, process groups).
//!
//! The kernel never runs guest code. A backend's [`Launcher`] starts a spawned process on its
//! own thread and registers a [`ProcessDriver`] that can stop it; the kernel only tracks it.

mod child_watch;
pub mod signal;
mod table;

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use parking_lot::Mutex;

pub use child_watch::ChildWatch;
pub use signal::{Delivery, Disposition, Signal, Signals};
pub use table::{ProcessTable, WaitFor};

use crate::error::Result;
use crate::fd::FdTable;
use crate::limits::LimitHits;
use crate::poll::{Interrupt, WaitQueue};
use crate::vfs::mount::Location;
use crate::vfs::perm::Credentials;

/// A process id. Pid 1 is the VM's init, which stands for the host.
pub type Pid = u32;

/// How a process ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExitStatus {
    /// `exit(code)`; only the low 8 bits are kept, as on Linux.
    Code(u8),
    /// Killed by a signal.
    Signaled(Signal),
}

impl ExitStatus {
    /// An exit with `code` (truncated to 8 bits like Linux).
    pub fn code(code: i32) -> ExitStatus {
        ExitStatus::Code(code as u8)
    }

    /// The Linux wait status (`WEXITSTATUS`/`WTERMSIG` encoding).
    pub fn wait_status(self) -> i32 {
        match self {
            ExitStatus::Code(c) => (c as i32) << 8,
            ExitStatus::Signaled(s) => s.number() as i32,
        }
    }

    /// What a shell reports as `$?`: the code, or 128 + the signal number.
    pub fn shell_code(self) -> i32 {
        match self {
            ExitStatus::Code(c) => c as i32,
            ExitStatus::Signaled(s) => 128 + s.number() as i32,
        }
    }

    /// Whether the process exited with code 0.
    pub fn success(self) -> bool {
        self == ExitStatus::Code(0)
    }
}

/// A program about to be run by a launcher.
#[derive(Clone)]
pub struct Program {
    /// The executable file (after `#!` interpreter resolution).
    pub location: Location,
    /// The path it was found at, as the guest would name it.
    pub path: Vec<u8>,
    /// Full argument vector (with the interpreter prepended for scripts).
    pub argv: Vec<Vec<u8>>,
    /// Environment as `KEY=VALUE` entries.
    pub env: Vec<Vec<u8>>,
}

/// Starts spawned processes; implemented by a backend and registered with the kernel.
pub trait Launcher: Send + Sync {
    /// Begins running `program` as `task` (typically on a new thread) and returns at once.
    /// The backend must end the process with [`crate::Task::exit`] when the guest finishes.
    fn launch(&self, task: crate::Task, program: Program) -> Result<()>;
}

/// Stops a running guest; registered by the backend running it.
pub trait ProcessDriver: Send + Sync {
    /// The process was killed by `sig`: make guest code stop soon (e.g. an epoch interrupt or
    /// `TerminateExecution`). Blocked kernel calls are already interrupted.
    fn terminate(&self, sig: Signal);
}

/// Working directory and file-creation mask.
pub(crate) struct FsContext {
    pub cwd: Location,
    pub umask: u32,
}

/// A process: its descriptors, working directory, signals and identity.
pub struct Process {
    pid: Pid,
    pub(crate) creds: Credentials,
    argv: Vec<Vec<u8>>,
    env: Vec<Vec<u8>>,
    pub(crate) fds: Mutex<FdTable>,
    pub(crate) fs: Mutex<FsContext>,
    pub(crate) signals: Signals,
    /// Notified when a child changes state (for `wait`).
    pub(crate) child_events: WaitQueue,
    driver: Mutex<Option<Arc<dyn ProcessDriver>>>,
    /// Limits its kernel calls ran into, and those of the children it reaped or outlived.
    pub(crate) limits_hit: Arc<LimitHits>,
    /// Bytes of linear memory its backend let it have (see `limits::record_memory_growth`).
    pub(crate) memory: Arc<AtomicU64>,
}

impl Process {
    pub(crate) fn new(
        pid: Pid,
        creds: Credentials,
        argv: Vec<Vec<u8>>,
        env: Vec<Vec<u8>>,
        fds: FdTable,
        fs: FsContext,
        signals: Signals,
    ) -> Process {
        Process {
            pid,
            creds,
            argv,
            env,
            fds: Mutex::new(fds),
            fs: Mutex::new(fs),
            signals,
            child_events: WaitQueue::new(),
            driver: Mutex::new(None),
            limits_hit: Arc::default(),
            memory: Arc::default(),
        }
    }

    /// The process id.
    pub fn pid(&self) -> Pid {
        self.pid
    }

    /// The argument vector it was started with.
    pub fn argv(&self) -> &[Vec<u8>] {
        &self.argv
    }

    /// The environment it was started with.
    pub fn env(&self) -> &[Vec<u8>] {
        &self.env
    }

    /// Its credentials.
    pub fn credentials(&self) -> Credentials {
        self.creds
    }

    /// Its signal state.
    pub fn signals(&self) -> &Signals {
        &self.signals
    }

    /// The limits this process ran into (refused calls and the one it was killed for, if any),
    /// its children's included once they ended, in [`crate::Limit::ALL`] order.
    pub fn limits_hit(&self) -> Vec<crate::Limit> {
        self.limits_hit.list()
    }

    /// Bytes of linear memory its backend let it have so far (wasmtime and wasmi count every
    /// memory created or grown; 0 where a backend does not report it, as V8 for now).
    pub fn memory_bytes(&self) -> u64 {
        self.memory.load(Ordering::Relaxed)
    }

    /// Registers how to stop the running guest. If the process was already killed, the driver
    /// is told at once.
    pub fn set_driver(&self, driver: Arc<dyn ProcessDriver>) {
        *self.driver.lock() = Some(driver.clone());
        if let Some(sig) = self.signals.fatal() {
            driver.terminate(sig);
        }
    }

    pub(crate) fn driver(&self) -> Option<Arc<dyn ProcessDriver>> {
        self.driver.lock().clone()
    }
}

impl Interrupt for Process {
    fn interrupted(&self) -> bool {
        self.signals.pending() != 0 || self.signals.fatal().is_some()
    }

    fn interrupt_queue(&self) -> &WaitQueue {
        self.signals.queue()
    }
}
