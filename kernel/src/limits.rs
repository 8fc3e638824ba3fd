//! Resource limits and the counters that enforce them.

use std::sync::atomic::{AtomicU64, Ordering};

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
            let next = cur.checked_add(n).filter(|&v| v <= self.max).ok_or(Error::LimitExceeded {
                limit: self.limit,
                max: self.max,
            })?;
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
