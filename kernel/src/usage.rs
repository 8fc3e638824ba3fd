//! What a VM uses now, for the embedding's statistics: processes, descriptors, memory,
//! filesystem, pipe and socket buffers. Read on demand from the counters that enforce the limits, so it
//! costs nothing until asked.

use crate::kernel::Kernel;
use crate::process::Pid;
use crate::vfs::FsUsage;

/// A snapshot of one VM's resource use (see [`Kernel::usage`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Usage {
    /// Processes in the table (init and zombies included): what the `processes` limit counts.
    pub processes: u64,
    /// Processes still running (init included).
    pub running: u64,
    /// Open descriptors across every running process.
    pub open_files: u64,
    /// The most descriptors one process has open (the `open_files` limit is per process), and
    /// which one.
    pub open_files_peak: (Pid, u64),
    /// Linear memory of every running process (as far as its backend reports it: see
    /// [`crate::process::Process::memory_bytes`]).
    pub memory: u64,
    /// The most memory one process has (the `memory` limit is per process), and which one.
    pub memory_peak: (Pid, u64),
    /// The root filesystem's bytes and inodes (the VM's writable layer, and whatever else is
    /// charged to the same quota).
    pub fs: FsUsage,
    /// Bytes of pipe buffers allocated.
    pub pipe_buffers: u64,
    /// Bytes buffered in sockets.
    pub socket_buffers: u64,
}

impl Kernel {
    /// What the VM uses now. Takes the process table's lock once and each process's descriptor
    /// table lock in turn: not for hot paths.
    pub fn usage(&self) -> Usage {
        let procs = &self.shared.procs;
        let mut usage = Usage {
            processes: procs.len() as u64,
            fs: self.shared.root.mount.fs().usage(),
            pipe_buffers: self.shared.pipe_buffers.used(),
            socket_buffers: self.shared.net.buffered(),
            ..Usage::default()
        };
        for pid in procs.pids() {
            let Some(proc) = procs.get(pid) else { continue };
            let open = proc.fds.lock().len() as u64;
            usage.running += 1;
            usage.open_files += open;
            if open > usage.open_files_peak.1 {
                usage.open_files_peak = (pid, open);
            }
            let memory = proc.memory_bytes();
            usage.memory += memory;
            if memory > usage.memory_peak.1 {
                usage.memory_peak = (pid, memory);
            }
        }
        usage
    }
}
