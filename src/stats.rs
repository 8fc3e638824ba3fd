//! [`Vm::stats`]: what a VM uses now (processes, descriptors, memory, files, buffers) and how
//! full each of its limits is, read from the kernel's own counters on demand.

use burrow_kernel::Limit;

use crate::vm::Vm;

/// One limit's fill: its ceiling and, for limits with a VM-wide gauge, what is used now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LimitFill {
    /// Which limit.
    pub limit: Limit,
    /// Used now, in the limit's unit; `None` for limits checked per process or per call with
    /// no gauge (CPU and wall time, argument and module size). For the per-process limits
    /// `open_files` and `memory`, the fullest process's use.
    pub used: Option<u64>,
    /// The configured ceiling (`u64::MAX`: unlimited).
    pub max: u64,
}

impl LimitFill {
    /// `used / max` (0.0 to 1.0), when there is a gauge and a ceiling.
    pub fn fraction(&self) -> Option<f64> {
        let used = self.used?;
        (self.max != 0 && self.max != u64::MAX).then(|| used as f64 / self.max as f64)
    }
}

/// A snapshot of a VM's resource use (see [`Vm::stats`]).
///
/// ```
/// let vm = burrow::Vm::builder().build()?;
/// vm.fs().write("/tmp/a", b"hello")?;
/// let stats = vm.stats();
/// assert!(stats.fs_bytes >= 5);
/// for fill in &stats.limits {
///     println!("{}: {:?} of {}", fill.limit, fill.used, fill.max);
/// }
/// # Ok::<(), burrow::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct VmStats {
    /// Processes in the VM's table, init (the host's stand-in, pid 1) and zombies included:
    /// what the `processes` limit counts.
    pub processes: u64,
    /// Processes running (init included).
    pub running: u64,
    /// Open descriptors across every running process.
    pub open_files: u64,
    /// Bytes of linear memory held by running processes (WebAssembly on wasmtime and wasmi;
    /// the V8 backend and JavaScript heaps are not counted yet).
    pub memory_bytes: u64,
    /// Bytes the VM stores (its own writable layer and what it added to writable host mounts:
    /// what the `fs_bytes` limit counts).
    pub fs_bytes: u64,
    /// Inodes the VM stores, counted as `fs_bytes` is.
    pub fs_inodes: u64,
    /// Bytes of pipe buffers allocated (64 KiB per pipe).
    pub pipe_buffer_bytes: u64,
    /// Bytes buffered in sockets.
    pub socket_buffer_bytes: u64,
    /// Every limit, in [`Limit::ALL`] order.
    pub limits: Vec<LimitFill>,
}

impl VmStats {
    /// The fill of one limit.
    pub fn limit(&self, limit: Limit) -> LimitFill {
        self.limits.iter().copied().find(|f| f.limit == limit).unwrap_or(LimitFill { limit, used: None, max: u64::MAX })
    }
}

impl Vm {
    /// What the VM uses now and how full each limit is. Cheap (a few counters and one pass
    /// over the process table), but not meant for hot paths.
    pub fn stats(&self) -> VmStats {
        let usage = self.kernel().usage();
        let limits = self.kernel().limits();
        let gauge = |limit: Limit| match limit {
            Limit::Processes => Some(usage.processes),
            Limit::OpenFiles => Some(usage.open_files_peak.1),
            Limit::Memory => Some(usage.memory_peak.1),
            Limit::FsBytes => Some(usage.fs.bytes_used),
            Limit::FsInodes => Some(usage.fs.inodes_used),
            Limit::PipeBuffers => Some(usage.pipe_buffers),
            Limit::SocketBuffers => Some(usage.socket_buffers),
            _ => None,
        };
        VmStats {
            processes: usage.processes,
            running: usage.running,
            open_files: usage.open_files,
            memory_bytes: usage.memory,
            fs_bytes: usage.fs.bytes_used,
            fs_inodes: usage.fs.inodes_used,
            pipe_buffer_bytes: usage.pipe_buffers,
            socket_buffer_bytes: usage.socket_buffers,
            limits: Limit::ALL
                .iter()
                .map(|&limit| LimitFill { limit, used: gauge(limit), max: limits.get(limit) })
                .collect(),
        }
    }
}
