//! Resource limits, the counters that enforce them, and the record of which limits a process
//! ran into.

use std::cell::RefCell;
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use std::sync::Arc;

use crate::error::{Error, Limit, Result};

/// Limits of one VM. Defaults are at least as generous as the reference system's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Processes alive at once (running or zombie), init included.
    pub processes: u64,
    /// Open descriptors per process.
    pub open_files: u64,
    /// Bytes in the VM's writable filesystem.
    pub fs_bytes: u64,
    /// Inodes in the VM's writable filesystem.
    pub fs_inodes: u64,
    /// Bytes of pipe buffers across the VM.
    pub pipe_buffers: u64,
    /// Bytes buffered in sockets across the VM.
    pub socket_buffers: u64,
    /// CPU time per process, in milliseconds.
    pub cpu_time_ms: u64,
    /// Wall-clock time per process, in milliseconds.
    pub wall_time_ms: u64,
    /// Linear memory (or JavaScript heap) per process, in bytes.
    pub memory: u64,
    /// Bytes of a new process's arguments and environment, counting each string's NUL
    /// (`E2BIG` past it, like Linux's `ARG_MAX`).
    pub arg_bytes: u64,
    /// Size of a program module a process may run, in bytes (`EFBIG` past it): a program file
    /// is read whole before it is compiled.
    pub module_bytes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            processes: 256,
            open_files: 256,
            fs_bytes: 64 << 20,
            fs_inodes: 16384,
            pipe_buffers: 32 << 20,
            socket_buffers: 64 << 20,
            cpu_time_ms: 60_000,
            wall_time_ms: u64::MAX,
            memory: 256 << 20,
            arg_bytes: 2 << 20,
            module_bytes: 256 << 20,
        }
    }
}

impl Limits {
    /// Unlimited (for shared read-only images built by the host).
    pub fn unlimited() -> Limits {
        Limits {
            processes: u64::MAX,
            open_files: u64::MAX,
            fs_bytes: u64::MAX,
            fs_inodes: u64::MAX,
            pipe_buffers: u64::MAX,
            socket_buffers: u64::MAX,
            cpu_time_ms: u64::MAX,
            wall_time_ms: u64::MAX,
            memory: u64::MAX,
            arg_bytes: u64::MAX,
            module_bytes: u64::MAX,
        }
    }

    /// The configured value of one limit.
    pub fn get(&self, limit: Limit) -> u64 {
        match limit {
            Limit::Processes => self.processes,
            Limit::OpenFiles => self.open_files,
            Limit::FsBytes => self.fs_bytes,
            Limit::FsInodes => self.fs_inodes,
            Limit::PipeBuffers => self.pipe_buffers,
            Limit::SocketBuffers => self.socket_buffers,
            Limit::CpuTime => self.cpu_time_ms,
            Limit::WallTime => self.wall_time_ms,
            Limit::Memory => self.memory,
            Limit::ArgBytes => self.arg_bytes,
            Limit::ModuleBytes => self.module_bytes,
        }
    }

    fn slot(&mut self, limit: Limit) -> &mut u64 {
        match limit {
            Limit::Processes => &mut self.processes,
            Limit::OpenFiles => &mut self.open_files,
            Limit::FsBytes => &mut self.fs_bytes,
            Limit::FsInodes => &mut self.fs_inodes,
            Limit::PipeBuffers => &mut self.pipe_buffers,
            Limit::SocketBuffers => &mut self.socket_buffers,
            Limit::CpuTime => &mut self.cpu_time_ms,
            Limit::WallTime => &mut self.wall_time_ms,
            Limit::Memory => &mut self.memory,
            Limit::ArgBytes => &mut self.arg_bytes,
            Limit::ModuleBytes => &mut self.module_bytes,
        }
    }

    /// Sets one limit by its key (see [`Limit::key`]); returns false for an unknown key.
    pub fn set(&mut self, key: &str, value: u64) -> bool {
        match Limit::ALL.iter().find(|l| l.key() == key) {
            Some(&limit) => {
                *self.slot(limit) = value;
                true
            }
            None => false,
        }
    }
}

/// A counter with a ceiling: charges fail with a typed error instead of passing the limit.
#[derive(Debug)]
pub struct Counter {
    used: AtomicU64,
    max: u64,
    limit: Limit,
}

impl Counter {
    /// A counter for `limit` with ceiling `max`.
    pub fn new(limit: Limit, max: u64) -> Counter {
        Counter { used: AtomicU64::new(0), max, limit }
    }

    /// Adds `n`, or fails without changing anything if that would pass the ceiling.
    pub fn charge(&self, n: u64) -> Result<()> {
        let mut cur = self.used.load(Ordering::Relaxed);
        loop {
            let Some(next) = cur.checked_add(n).filter(|&v| v <= self.max) else {
                return Err(exceeded(self.limit, self.max));
            };
            match self.used.compare_exchange_weak(cur, next, Ordering::AcqRel, Ordering::Relaxed) {
                Ok(_) => return Ok(()),
                Err(actual) => cur = actual,
            }
        }
    }

    /// Gives back `n` previously charged.
    pub fn release(&self, n: u64) {
        let prev = self.used.fetch_sub(n, Ordering::AcqRel);
        debug_assert!(prev >= n, "{} counter released below zero", self.limit);
    }

    /// Current usage.
    pub fn used(&self) -> u64 {
        self.used.load(Ordering::Relaxed)
    }

    /// The ceiling.
    pub fn max(&self) -> u64 {
        self.max
    }
}

/// Byte and inode quota of one writable filesystem.
#[derive(Debug)]
pub struct FsQuota {
    pub bytes: Counter,
    pub inodes: Counter,
}

impl FsQuota {
    /// A quota from the VM's limits.
    pub fn new(limits: &Limits) -> FsQuota {
        FsQuota {
            bytes: Counter::new(Limit::FsBytes, limits.fs_bytes),
            inodes: Counter::new(Limit::FsInodes, limits.fs_inodes),
        }
    }

    /// No ceiling (shared images).
    pub fn unlimited() -> FsQuota {
        FsQuota::new(&Limits::unlimited())
    }
}

/// The error for passing `limit` (whose ceiling is `max`), recorded on the process whose kernel
/// call this thread is making (see [`LimitHits::attribute`]). Every limit error is made here.
pub fn exceeded(limit: Limit, max: u64) -> Error {
    record_hit(limit);
    Error::LimitExceeded { limit, max }
}

/// Records that the calling thread's process ran into `limit` (for limits a backend enforces
/// without killing, like a refused `memory.grow`). Nothing happens on a thread that runs no
/// process.
pub fn record_hit(limit: Limit) {
    CURRENT.with(|c| {
        if let Some(hits) = &*c.borrow() {
            hits.record(limit);
        }
    });
}

/// Adds `bytes` to the memory the calling thread's process holds (a backend's limiter calls it
/// when it lets a linear memory be created or grow); read back by
/// [`crate::process::Process::memory_bytes`]. Nothing happens on a thread that runs no process.
pub fn record_memory_growth(bytes: u64) {
    MEMORY.with(|m| {
        if let Some(gauge) = &*m.borrow() {
            gauge.fetch_add(bytes, Ordering::Relaxed);
        }
    });
}

thread_local! {
    /// Where the limits hit by this thread's kernel calls are recorded, while it runs a process.
    static CURRENT: RefCell<Option<Arc<LimitHits>>> = const { RefCell::new(None) };
    /// The memory gauge of the process this thread runs.
    static MEMORY: RefCell<Option<Arc<AtomicU64>>> = const { RefCell::new(None) };
}

/// The set of limits a process (or a child it outlived) ran into: each one the kernel refused
/// it something for, and the one it was killed for. Lock-free.
#[derive(Debug, Default)]
pub struct LimitHits(AtomicU32);

impl LimitHits {
    fn bit(limit: Limit) -> u32 {
        1 << Limit::ALL.iter().position(|&l| l == limit).unwrap_or(0)
    }

    /// Adds `limit` to the set.
    pub fn record(&self, limit: Limit) {
        self.0.fetch_or(Self::bit(limit), Ordering::AcqRel);
    }

    /// Adds every limit of `other` (a child's, when it ends).
    pub fn merge(&self, other: &LimitHits) {
        self.0.fetch_or(other.0.load(Ordering::Acquire), Ordering::AcqRel);
    }

    /// The limits in the set, in [`Limit::ALL`] order.
    pub fn list(&self) -> Vec<Limit> {
        let bits = self.0.load(Ordering::Acquire);
        Limit::ALL.iter().copied().filter(|&l| bits & Self::bit(l) != 0).collect()
    }

    /// Until the returned guard drops, limit errors made on this thread are recorded in `hits`
    /// (a launcher calls this on the thread that runs a process).
    pub fn attribute(hits: Arc<LimitHits>) -> HitScope {
        let prev = CURRENT.with(|c| c.replace(Some(hits)));
        HitScope { prev, prev_memory: None }
    }
}

/// Restores the thread's previous record of limit hits when dropped.
#[must_use = "limit hits are recorded only while the scope lives"]
pub struct HitScope {
    prev: Option<Arc<LimitHits>>,
    prev_memory: Option<Option<Arc<AtomicU64>>>,
}

impl HitScope {
    /// Also counts the memory this thread's backend lets grow into `gauge` (see
    /// [`record_memory_growth`]) while the scope lives.
    pub fn with_memory(mut self, gauge: Arc<AtomicU64>) -> HitScope {
        self.prev_memory = Some(MEMORY.with(|m| m.replace(Some(gauge))));
        self
    }
}

impl Drop for HitScope {
    fn drop(&mut self) {
        let prev = self.prev.take();
        CURRENT.with(|c| *c.borrow_mut() = prev);
        if let Some(prev) = self.prev_memory.take() {
            MEMORY.with(|m| *m.borrow_mut() = prev);
        }
    }
}
