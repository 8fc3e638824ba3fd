//! Wall-clock timestamps as the kernel stores them.

use std::time::{SystemTime, UNIX_EPOCH};

/// Seconds and nanoseconds since the Unix epoch, like `struct timespec`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timespec {
    pub sec: i64,
    pub nsec: u32,
}

impl Timespec {
    /// The current wall-clock time.
    pub fn now() -> Timespec {
        match SystemTime::now().duration_since(UNIX_EPOCH) {
            Ok(d) => Timespec { sec: d.as_secs() as i64, nsec: d.subsec_nanos() },
            Err(_) => Timespec::default(),
        }
    }

    /// From nanoseconds since the epoch (WASI's representation).
    pub fn from_nanos(ns: u64) -> Timespec {
        Timespec { sec: (ns / 1_000_000_000) as i64, nsec: (ns % 1_000_000_000) as u32 }
    }

    /// Nanoseconds since the epoch, saturating at 0 for times before it.
    pub fn as_nanos(self) -> u64 {
        if self.sec < 0 {
            return 0;
        }
        (self.sec as u64).saturating_mul(1_000_000_000).saturating_add(self.nsec as u64)
    }
}
